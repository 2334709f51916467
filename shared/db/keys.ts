/**
 * Every DynamoDB key string of Buurtbeurs lives here. Each key starts with the community
 * (`C#<communityId>`), so no query can reach another community's items.
 *
 * | item | pk | sk |
 * |---|---|---|
 * | community (with areas, resource types, categories) | `C#<c>` | `COMMUNITY` |
 * | the list of communities (for scheduled work) | `COMMUNITIES` | `C#<c>` |
 * | member (public profile, roles, consents, screenings) | `C#<c>#M#<m>` | `PROFILE` |
 * | member's contact details (private) | `C#<c>#M#<m>` | `CONTACT` |
 * | a message sent to the member (AWS outbox) | `C#<c>#M#<m>` | `OUTBOX#<at>#<id>` |
 * | sign-in address → member | `C#<c>#LOGIN#<hmac(address)>` | `LOGIN` |
 * | sign-in code | `C#<c>#CODE#<hmac(address)>` | `CODE` |
 * | rate-limit counter | `C#<c>#RATE#<key>#<window>` | `RATE` |
 * | session | `C#<c>#SESSION#<sessionId>` | `SESSION` |
 * | post | `C#<c>#P#<p>` | `POST` |
 * | audit entry | `C#<c>#AUDIT#<yyyy-mm>` | `<at>#<id>` |
 *
 * Index keys: see `postIndexKeys`, `memberIndexKeys` and `auditIndexKeys`.
 */
export const keys = {
  community: (communityId: string) => ({ pk: `C#${communityId}`, sk: 'COMMUNITY' }),
  communityListing: (communityId: string) => ({ pk: 'COMMUNITIES', sk: `C#${communityId}` }),
  member: (communityId: string, memberId: string) => ({ pk: `C#${communityId}#M#${memberId}`, sk: 'PROFILE' }),
  memberContact: (communityId: string, memberId: string) => ({ pk: `C#${communityId}#M#${memberId}`, sk: 'CONTACT' }),
  memberPartition: (communityId: string, memberId: string) => `C#${communityId}#M#${memberId}`,
  outboxMessage: (communityId: string, memberId: string, at: string, id: string) => ({
    pk: `C#${communityId}#M#${memberId}`,
    sk: `OUTBOX#${at}#${id}`,
  }),
  login: (communityId: string, addressHash: string) => ({ pk: `C#${communityId}#LOGIN#${addressHash}`, sk: 'LOGIN' }),
  code: (communityId: string, addressHash: string) => ({ pk: `C#${communityId}#CODE#${addressHash}`, sk: 'CODE' }),
  rate: (communityId: string, key: string, windowStart: number) => ({
    pk: `C#${communityId}#RATE#${key}#${windowStart}`,
    sk: 'RATE',
  }),
  session: (communityId: string, sessionId: string) => ({ pk: `C#${communityId}#SESSION#${sessionId}`, sk: 'SESSION' }),
  post: (communityId: string, postId: string) => ({ pk: `C#${communityId}#P#${postId}`, sk: 'POST' }),
  auditMonth: (communityId: string, month: string) => `C#${communityId}#AUDIT#${month}`,
  auditEntry: (communityId: string, at: string, id: string) => ({
    pk: `C#${communityId}#AUDIT#${at.slice(0, 7)}`,
    sk: `${at}#${id}`,
  }),
} as const

/**
 * Index attributes of a member: gsi4 lists a community's members by name (brokers' lists),
 * gsi3 orders them by last activity (the retention worker finds long-inactive accounts).
 * The indexes are shared with posts (overloaded): the partition keys never collide.
 */
export const memberIndexKeys = (member: {
  id: string
  communityId: string
  displayName: string
  lastActiveAt: string
}) => ({
  gsi4pk: `C#${member.communityId}#MEMBERS`,
  gsi4sk: `${member.displayName.toLowerCase()}#${member.id}`,
  gsi3pk: `C#${member.communityId}#MEMBERS#ACTIVE`,
  gsi3sk: `${member.lastActiveAt}#${member.id}`,
})

export const membersPartition = (communityId: string) => `C#${communityId}#MEMBERS`
export const inactiveMembersPartition = (communityId: string) => `C#${communityId}#MEMBERS#ACTIVE`

/** gsi4 also lists the audit entries about one member, for that member's data export. */
export const auditIndexKeys = (communityId: string, memberId: string | null, at: string, id: string) =>
  memberId ? { gsi4pk: `C#${communityId}#M#${memberId}#AUDIT`, gsi4sk: `${at}#${id}` } : {}
export const memberAuditPartition = (communityId: string, memberId: string) => `C#${communityId}#M#${memberId}#AUDIT`

/** Partition keys of the open-posts indexes. */
export const openPostPartitions = {
  /** gsi1: open posts of one kind in one category. */
  byCategory: (communityId: string, kind: string, categoryId: string) => `C#${communityId}#OPEN#${kind}#${categoryId}`,
  /** gsi2: open posts of one kind. */
  byKind: (communityId: string, kind: string) => `C#${communityId}#OPEN#${kind}`,
  /** gsi3: all open posts. */
  all: (communityId: string) => `C#${communityId}#OPEN`,
} as const

export const memberPostsPartition = (communityId: string, memberId: string) => `C#${communityId}#M#${memberId}#POSTS`

/**
 * Index attributes of a post. The three open-post indexes are sparse: a closed post carries
 * no gsi1–gsi3 attributes, so it drops out of them and browsing never reads it.
 * Sort keys start with the creation time so a query newest-first is a reverse query.
 */
export const postIndexKeys = (post: {
  id: string
  communityId: string
  kind: string
  categoryId: string
  status: string
  createdAt: string
  author: { memberId: string }
}): Record<string, string> => {
  const sortKey = `${post.createdAt}#${post.id}`
  const own = { gsi4pk: memberPostsPartition(post.communityId, post.author.memberId), gsi4sk: sortKey }
  if (post.status !== 'open') return own
  return {
    ...own,
    gsi1pk: openPostPartitions.byCategory(post.communityId, post.kind, post.categoryId),
    gsi1sk: sortKey,
    gsi2pk: openPostPartitions.byKind(post.communityId, post.kind),
    gsi2sk: sortKey,
    gsi3pk: openPostPartitions.all(post.communityId),
    gsi3sk: sortKey,
  }
}

/** Attributes that are keys, not data: stripped before an item is parsed back into its schema. */
export const keyAttributes = [
  'pk',
  'sk',
  'entity',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
  'expiresAt',
] as const
