import { withArea, withCategory } from '../domain/community'
import { DomainError } from '../domain/errors'
import { assertMember } from '../domain/post'
import type { Community, CommunitySummary, PutAreaBody, PutCategoryBody, PutSettingsBody } from '../schemas/community'
import type { PutMatchingSettingsBody } from '../schemas/matching'
import type { MemberProfile } from '../schemas/member'
import type { Runtime, Stores } from './ports'

export type CommunityService = ReturnType<typeof createCommunityService>

/** The caller's community, refused before any read when the caller is not a member of it. */
export const loadCommunity = async (stores: Stores, caller: MemberProfile, communityId: string): Promise<Community> => {
  assertMember(caller, communityId)
  const community = await stores.communities.get(communityId)
  if (!community) throw new DomainError('COMMUNITY_NOT_FOUND')
  return community
}

export const createCommunityService = (stores: Stores, runtime: Runtime) => {
  const load = (caller: MemberProfile, communityId: string) => loadCommunity(stores, caller, communityId)

  const change = async (
    caller: MemberProfile,
    communityId: string,
    expectedVersion: number,
    apply: (community: Community) => Partial<Community>,
  ): Promise<Community> => {
    const community = await load(caller, communityId)
    if (caller.role !== 'coordinator') throw new DomainError('FORBIDDEN')
    if (community.version !== expectedVersion) throw new DomainError('COMMUNITY_CHANGED')
    const next: Community = {
      ...community,
      ...apply(community),
      version: community.version + 1,
      updatedAt: runtime.now().toISOString(),
    }
    await stores.communities.put(next, expectedVersion)
    return next
  }

  return {
    /** Areas and categories are not secret: the sign-up form shows them before anyone signs in. */
    async getPublic(communityId: string): Promise<Community> {
      const community = await stores.communities.get(communityId)
      if (!community) throw new DomainError('COMMUNITY_NOT_FOUND')
      return community
    },

    /** Until members can belong to several communities (accounts issue), this is the caller's own. */
    async listForCaller(caller: MemberProfile): Promise<CommunitySummary[]> {
      const community = await stores.communities.get(caller.communityId)
      return community ? [{ id: community.id, name: community.name, description: community.description }] : []
    },

    putArea: (caller: MemberProfile, communityId: string, areaId: string, body: PutAreaBody) =>
      change(caller, communityId, body.version, (c) => ({ areas: withArea(c, areaId, body) })),

    /** The helpdesk residents call and the retention periods (the retention worker reads them). */
    putSettings: (caller: MemberProfile, communityId: string, body: PutSettingsBody) =>
      change(caller, communityId, body.version, () => ({ helpdesk: body.helpdesk, retention: body.retention })),

    /** The weights of the score and when the broker steps in; applied from the next change of each post. */
    putMatching: (caller: MemberProfile, communityId: string, body: PutMatchingSettingsBody) =>
      change(caller, communityId, body.version, () => {
        const { version: _version, ...matching } = body
        return { matching }
      }),

    putCategory: (caller: MemberProfile, communityId: string, categoryId: string, body: PutCategoryBody) =>
      change(caller, communityId, body.version, (c) => ({ categories: withCategory(c, categoryId, body) })),
  }
}
