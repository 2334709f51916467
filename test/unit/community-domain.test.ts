import { describe, expect, it } from 'vitest'
import { areaPath, checkPostReferences, withArea, withCategory } from '../../shared/domain/community'
import { DomainError } from '../../shared/domain/errors'
import { testCommunity } from '../support/fixtures'

const community = testCommunity

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}:${error.details?.map((d) => d.code).join(',')}`
  }
  return undefined
}

describe('areaPath', () => {
  it('runs from the gemeente down to the buurt', () => {
    expect(areaPath(community, 'de-akkers')).toBe('/lindeveen/noord/de-akkers/')
    expect(areaPath(community, 'lindeveen')).toBe('/lindeveen/')
  })

  it('is undefined for an unknown area', () => {
    expect(areaPath(community, 'atlantis')).toBeUndefined()
  })

  it('lets a wijk prefix match its buurten but not a wijk whose name starts the same', () => {
    const areas = [
      ...community.areas,
      { id: 'noord-oost', name: 'Noord-Oost', level: 'wijk' as const, parentId: 'lindeveen' },
    ]
    const wijk = areaPath({ areas }, 'noord') ?? ''
    expect(areaPath({ areas }, 'molenwijk')?.startsWith(wijk)).toBe(true)
    expect(areaPath({ areas }, 'noord-oost')?.startsWith(wijk)).toBe(false)
  })
})

describe('checkPostReferences', () => {
  it('takes the resource type from the category when none is given', () => {
    const result = checkPostReferences(community, { categoryId: 'computerhulp', areaId: 'molenwijk' })
    expect(result).toEqual({ details: [], resourceType: 'kennis', areaPath: '/lindeveen/noord/molenwijk/' })
  })

  it('names every unknown reference', () => {
    const result = checkPostReferences(community, { categoryId: 'x', resourceType: 'y', areaId: 'z' })
    expect(result.details.map((d) => `${d.path}:${d.code}`)).toEqual([
      'categoryId:unknown_category',
      'resourceType:unknown_resource_type',
      'areaId:unknown_area',
    ])
  })
})

describe('withArea', () => {
  it('adds a buurt under a wijk', () => {
    const areas = withArea(community, 'nieuwbouw', { name: 'Nieuwbouw', level: 'buurt', parentId: 'noord', version: 1 })
    expect(areaPath({ areas }, 'nieuwbouw')).toBe('/lindeveen/noord/nieuwbouw/')
  })

  it('refuses a parent below the area itself (a cycle)', () => {
    expect(
      codeOf(() => withArea(community, 'noord', { name: 'Noord', level: 'wijk', parentId: 'molenwijk', version: 1 })),
    ).toBe('VALIDATION_FAILED:area_cycle')
  })

  it('refuses an unknown parent, the area as its own parent, and a wijk without parent', () => {
    expect(codeOf(() => withArea(community, 'x', { name: 'X', level: 'buurt', parentId: 'nowhere', version: 1 }))).toBe(
      'VALIDATION_FAILED:unknown_area',
    )
    expect(
      codeOf(() => withArea(community, 'noord', { name: 'N', level: 'wijk', parentId: 'noord', version: 1 })),
    ).toBe('VALIDATION_FAILED:unknown_area')
    expect(codeOf(() => withArea(community, 'x', { name: 'X', level: 'wijk', parentId: null, version: 1 }))).toBe(
      'VALIDATION_FAILED:parent_required',
    )
  })
})

describe('withCategory', () => {
  it('replaces a category in place and adds a new one at the end', () => {
    const changed = withCategory(community, 'tuin', {
      name: { nl: 'Tuin en balkon', en: 'Garden and balcony' },
      resourceType: 'menskracht',
      riskLevel: 'light',
      version: 1,
    })
    expect(changed.find((c) => c.id === 'tuin')?.name.nl).toBe('Tuin en balkon')
    expect(changed).toHaveLength(community.categories.length)
    const added = withCategory(community, 'muziek', {
      name: { nl: 'Muziek', en: 'Music' },
      resourceType: 'creativiteit',
      riskLevel: 'light',
      version: 1,
    })
    expect(added.at(-1)?.id).toBe('muziek')
  })

  it('refuses an unknown resource type', () => {
    expect(
      codeOf(() =>
        withCategory(community, 'x', {
          name: { nl: 'X', en: 'X' },
          resourceType: 'geld',
          riskLevel: 'light',
          version: 1,
        }),
      ),
    ).toBe('VALIDATION_FAILED:unknown_resource_type')
  })
})
