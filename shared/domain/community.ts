import type { Area, Category, Community, PutAreaBody, PutCategoryBody } from '../schemas/community'
import type { ErrorDetail } from '../schemas/errors'
import { DomainError } from './errors'

/**
 * The path of an area from the gemeente down, e.g. `/lindeveen/noord/de-akkers/`. Posts store
 * it so that a filter on a wijk also finds posts in its buurten (a prefix match).
 * Returns undefined for an unknown area.
 */
export const areaPath = (community: Pick<Community, 'areas'>, areaId: string): string | undefined => {
  const byId = new Map(community.areas.map((a) => [a.id, a]))
  const ids: string[] = []
  let current = byId.get(areaId)
  while (current) {
    ids.unshift(current.id)
    if (ids.length > byId.size) return undefined // a cycle; putArea prevents it, but never loop forever
    current = current.parentId ? byId.get(current.parentId) : undefined
  }
  return ids.length > 0 ? `/${ids.join('/')}/` : undefined
}

export const findCategory = (community: Pick<Community, 'categories'>, id: string): Category | undefined =>
  community.categories.find((c) => c.id === id)

export const hasResourceType = (community: Pick<Community, 'resourceTypes'>, id: string): boolean =>
  community.resourceTypes.some((r) => r.id === id)

/**
 * Checks that the category, resource type and area a post refers to exist in this community.
 * Returns field-level details (empty when all is well) and the resolved resource type.
 */
export const checkPostReferences = (
  community: Community,
  refs: { categoryId: string; resourceType?: string | undefined; areaId: string },
): { details: ErrorDetail[]; resourceType: string; areaPath: string } => {
  const details: ErrorDetail[] = []
  const category = findCategory(community, refs.categoryId)
  if (!category) details.push({ path: 'categoryId', code: 'unknown_category', message: '' })
  const resourceType = refs.resourceType ?? category?.resourceType ?? ''
  if (refs.resourceType !== undefined && !hasResourceType(community, refs.resourceType)) {
    details.push({ path: 'resourceType', code: 'unknown_resource_type', message: '' })
  }
  const path = areaPath(community, refs.areaId)
  if (!path) details.push({ path: 'areaId', code: 'unknown_area', message: '' })
  return { details, resourceType, areaPath: path ?? '' }
}

/** Adds or changes one area, keeping the hierarchy a tree under one gemeente. */
export const withArea = (community: Community, areaId: string, change: PutAreaBody): Community['areas'] => {
  const others = community.areas.filter((a) => a.id !== areaId)
  const area: Area = { id: areaId, name: change.name, level: change.level, parentId: change.parentId }
  const details: ErrorDetail[] = []
  if (change.parentId === null && change.level !== 'gemeente') {
    details.push({ path: 'parentId', code: 'parent_required', message: '' })
  }
  if (change.parentId !== null) {
    if (change.parentId === areaId || !others.some((a) => a.id === change.parentId)) {
      details.push({ path: 'parentId', code: 'unknown_area', message: '' })
    } else if (isDescendant(others, change.parentId, areaId)) {
      details.push({ path: 'parentId', code: 'area_cycle', message: '' })
    }
  }
  if (details.length > 0) throw new DomainError('VALIDATION_FAILED', details)
  return [...others, area]
}

const isDescendant = (areas: Area[], candidate: string, ancestor: string): boolean => {
  const byId = new Map(areas.map((a) => [a.id, a]))
  let current = byId.get(candidate)
  for (let steps = 0; current && steps <= areas.length; steps++) {
    if (current.parentId === ancestor) return true
    current = current.parentId ? byId.get(current.parentId) : undefined
  }
  return false
}

/** Adds or changes one category; its resource type must exist. */
export const withCategory = (
  community: Community,
  categoryId: string,
  change: PutCategoryBody,
): Community['categories'] => {
  if (!hasResourceType(community, change.resourceType)) {
    throw new DomainError('VALIDATION_FAILED', [{ path: 'resourceType', code: 'unknown_resource_type', message: '' }])
  }
  const category: Category = {
    id: categoryId,
    name: change.name,
    resourceType: change.resourceType,
    riskLevel: change.riskLevel,
  }
  const index = community.categories.findIndex((c) => c.id === categoryId)
  return index === -1
    ? [...community.categories, category]
    : community.categories.map((c, i) => (i === index ? category : c))
}
