import type { Area, Community } from '../../shared/schemas/community'
import type { MemberProfile } from '../../shared/schemas/member'
import { api } from './api'
import { type ActingFor, getActingFor, onAuthChange, signedInMember } from './auth'
import { communityId } from './config'
import { localized } from './i18n'

/** Who is calling and the community they belong to: what almost every signed-in page needs. */
export interface AppContext {
  /** Whose pages these are: the signed-in member, or the resident a broker works for. */
  me: MemberProfile
  /** Who signed in: decides which pages and actions there are. */
  user: MemberProfile
  actingFor: ActingFor | null
  community: Community
}

let pending: Promise<AppContext> | null = null
let publicCommunity: Promise<Community> | null = null

/** Load (once) the caller and their community; a failed load is retried on the next call. */
export function loadContext(): Promise<AppContext> {
  if (!pending) {
    pending = (async () => {
      const user = signedInMember()
      if (!user) throw new Error('Not signed in')
      const actingFor = getActingFor()
      const [me, community] = await Promise.all([api.me(), loadCommunity(user.communityId)])
      return { me, user, actingFor, community }
    })()
    pending.catch(() => {
      pending = null
    })
  }
  return pending
}

/** The community (public: the sign-up and privacy pages read it before anyone signs in). */
export function loadCommunity(id = signedInMember()?.communityId ?? communityId): Promise<Community> {
  if (!publicCommunity) {
    publicCommunity = api.community(id)
    publicCommunity.catch(() => {
      publicCommunity = null
    })
  }
  return publicCommunity
}

/** Forget the cached caller, e.g. after signing in, out, or acting for someone else. */
export function resetContext(): void {
  pending = null
}

/** Forget the community too, e.g. after a coordinator changed it. */
export function resetCommunity(): void {
  publicCommunity = null
}

onAuthChange(resetContext)

/** The area's name, or its id when the community no longer has it. */
export function areaName(community: Community, areaId: string): string {
  return community.areas.find((area) => area.id === areaId)?.name ?? areaId
}

/** The category's name in the interface language. */
export function categoryName(community: Community, categoryId: string): string {
  const category = community.categories.find((c) => c.id === categoryId)
  return category ? localized(category.name) : categoryId
}

/** The resource type's name (a Beursvloer corner) in the interface language. */
export function resourceTypeName(community: Community, resourceTypeId: string): string {
  const type = community.resourceTypes.find((r) => r.id === resourceTypeId)
  return type ? localized(type.name) : resourceTypeId
}

/** Areas in tree order (each area followed by the areas inside it), with their depth. */
export function areaTree(community: Community): { area: Area; depth: number }[] {
  const children = new Map<string | null, Area[]>()
  const known = new Set(community.areas.map((area) => area.id))
  for (const area of community.areas) {
    // An area whose parent is missing is shown at the top rather than hidden.
    const parent = area.parentId && known.has(area.parentId) ? area.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), area])
  }
  const result: { area: Area; depth: number }[] = []
  const visit = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
    for (const area of list) {
      result.push({ area, depth })
      visit(area.id, depth + 1)
    }
  }
  visit(null, 0)
  return result
}
