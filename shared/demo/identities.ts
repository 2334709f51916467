/**
 * The demo identities, apart from the demo data so that the Lambda bundles (which list them for
 * the development identity) do not carry the whole demo dataset.
 */
export const demoCommunityId = 'lindeveen'

/** Who a developer can act as with the development identity (header `x-dev-member`). */
export const demoIdentities = [
  { communityId: demoCommunityId, memberId: 'anna', label: 'Anna (bewoner, De Akkers)' },
  { communityId: demoCommunityId, memberId: 'henk', label: 'Henk (bewoner, Oude Markt)' },
  { communityId: demoCommunityId, memberId: 'stichting-de-brug', label: 'Stichting De Brug (organisatie)' },
  { communityId: demoCommunityId, memberId: 'samira', label: 'Samira (sociaal makelaar)' },
  { communityId: demoCommunityId, memberId: 'jeroen', label: 'Jeroen (coördinator)' },
]

export const defaultDemoMember = `${demoCommunityId}/anna`
