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
 * | sign-in address → member | `C#<c>#LOGIN#<hmac(address)>` | `LOGIN` |
 * | sign-in code | `C#<c>#CODE#<hmac(address)>` | `CODE` |
 * | rate-limit counter | `C#<c>#RATE#<key>#<window>` | `RATE` |
 * | session | `C#<c>#SESSION#<sessionId>` | `SESSION` |
 * | post | `C#<c>#P#<p>` | `POST` |
 * | audit entry | `C#<c>#AUDIT#<yyyy-mm>` | `<at>#<id>` |
 * | member's optional attributes (age band, with consent) | `C#<c>#M#<m>` | `ATTRIBUTES` |
 * | "<blocker> blocked this member" (so erasure can take the name out of the blocker's list) | `C#<c>#M#<m>` | `BLOCKED-BY#<blocker>` |
 * | a post's current suggestions (one item: written at once, so never half stale) | `C#<c>#P#<p>` | `SUGGESTIONS` |
 * | match (a request–offer pair from the first yes to its outcome) | `C#<c>#X#<x>` | `MATCH` |
 * | link from a post to a match about it | `C#<c>#P#<p>` | `MATCH#<x>` |
 * | link from a member to a match they are a party of | `C#<c>#M#<m>` | `MATCH#<x>` |
 * | follow-up question about a match at one step | `C#<c>#FOLLOWUP#<x>.<step>` | `FOLLOWUP` |
 * | a notification job already delivered (so a job delivered twice is sent once; TTL) | `C#<c>#M#<m>` | `SENT#<jobId>` |
 * | the stored response of a request with an Idempotency-Key (TTL) | `C#<c>#IDEM#<caller>#<key>` | `IDEM` |
 * | broker work-queue item | `C#<c>#QUEUE#<itemId>` | `QUEUE` |
 * | a request to rebuild one category's suggestions (a stream trigger, TTL) | `C#<c>#REBUILD#<category>` | `REBUILD` |
 * | Beursvloer event (corners, hoekmannen, valuation rules) | `C#<c>#E#<e>` | `EVENT` |
 * | event participant (organisation or volunteer; contact stays on its member) | `C#<c>#E#<e>` | `PART#<participantId>` |
 * | a participant's need or offer at the event (with its `matched` counter) | `C#<c>#E#<e>` | `ITEM#<itemId>` |
 * | a floor match as listed for the event (the match itself is `C#<c>#X#<x>`) | `C#<c>#E#<e>` | `EMATCH#<recordedAt>#<x>` |
 * | one shard of the event's live tally (counters added in the recording transaction) | `C#<c>#E#<e>` | `TALLY#<0–9>` |
 * | check-in code → participant (unique per event) | `C#<c>#E#<e>#CODE#<code>` | `CHECKIN` |
 *
 * Index keys: see `postIndexKeys`, `memberIndexKeys`, `auditIndexKeys`, `queueIndexKeys`,
 * `matchIndexKeys`, `memberMatchIndexKeys` and `followUpIndexKeys`.
 */
export const keys = {
  community: (communityId: string) => ({ pk: `C#${communityId}`, sk: 'COMMUNITY' }),
  communityListing: (communityId: string) => ({ pk: 'COMMUNITIES', sk: `C#${communityId}` }),
  member: (communityId: string, memberId: string) => ({ pk: `C#${communityId}#M#${memberId}`, sk: 'PROFILE' }),
  memberContact: (communityId: string, memberId: string) => ({ pk: `C#${communityId}#M#${memberId}`, sk: 'CONTACT' }),
  memberPartition: (communityId: string, memberId: string) => `C#${communityId}#M#${memberId}`,
  login: (communityId: string, addressHash: string) => ({ pk: `C#${communityId}#LOGIN#${addressHash}`, sk: 'LOGIN' }),
  code: (communityId: string, addressHash: string) => ({ pk: `C#${communityId}#CODE#${addressHash}`, sk: 'CODE' }),
  rate: (communityId: string, key: string, windowStart: number) => ({
    pk: `C#${communityId}#RATE#${key}#${windowStart}`,
    sk: 'RATE',
  }),
  session: (communityId: string, sessionId: string) => ({ pk: `C#${communityId}#SESSION#${sessionId}`, sk: 'SESSION' }),
  post: (communityId: string, postId: string) => ({ pk: `C#${communityId}#P#${postId}`, sk: 'POST' }),
  memberAttributes: (communityId: string, memberId: string) => ({
    pk: `C#${communityId}#M#${memberId}`,
    sk: 'ATTRIBUTES',
  }),
  blockedBy: (communityId: string, memberId: string, blockerId: string) => ({
    pk: `C#${communityId}#M#${memberId}`,
    sk: `BLOCKED-BY#${blockerId}`,
  }),
  blockedByPrefix: 'BLOCKED-BY#',
  suggestions: (communityId: string, postId: string) => ({ pk: `C#${communityId}#P#${postId}`, sk: 'SUGGESTIONS' }),
  postPartition: (communityId: string, postId: string) => `C#${communityId}#P#${postId}`,
  match: (communityId: string, matchId: string) => ({ pk: `C#${communityId}#X#${matchId}`, sk: 'MATCH' }),
  postMatchLink: (communityId: string, postId: string, matchId: string) => ({
    pk: `C#${communityId}#P#${postId}`,
    sk: `MATCH#${matchId}`,
  }),
  memberMatchLink: (communityId: string, memberId: string, matchId: string) => ({
    pk: `C#${communityId}#M#${memberId}`,
    sk: `MATCH#${matchId}`,
  }),
  /** Sort-key prefix of the match links in a post's or a member's partition. */
  matchLinkPrefix: 'MATCH#',
  followUp: (communityId: string, followUpId: string) => ({
    pk: `C#${communityId}#FOLLOWUP#${followUpId}`,
    sk: 'FOLLOWUP',
  }),
  notificationSent: (communityId: string, memberId: string, jobId: string) => ({
    pk: `C#${communityId}#M#${memberId}`,
    sk: `SENT#${jobId}`,
  }),
  idempotency: (communityId: string, callerId: string, key: string) => ({
    pk: `C#${communityId}#IDEM#${callerId}#${key}`,
    sk: 'IDEM',
  }),
  matchingRebuild: (communityId: string, categoryId: string) => ({
    pk: `C#${communityId}#REBUILD#${categoryId}`,
    sk: 'REBUILD',
  }),
  event: (communityId: string, eventId: string) => ({ pk: `C#${communityId}#E#${eventId}`, sk: 'EVENT' }),
  eventPartition: (communityId: string, eventId: string) => `C#${communityId}#E#${eventId}`,
  participant: (communityId: string, eventId: string, participantId: string) => ({
    pk: `C#${communityId}#E#${eventId}`,
    sk: `PART#${participantId}`,
  }),
  eventItem: (communityId: string, eventId: string, itemId: string) => ({
    pk: `C#${communityId}#E#${eventId}`,
    sk: `ITEM#${itemId}`,
  }),
  eventMatchLink: (communityId: string, eventId: string, recordedAt: string, matchId: string) => ({
    pk: `C#${communityId}#E#${eventId}`,
    sk: `EMATCH#${recordedAt}#${matchId}`,
  }),
  tallyShard: (communityId: string, eventId: string, shard: number) => ({
    pk: `C#${communityId}#E#${eventId}`,
    sk: `TALLY#${shard}`,
  }),
  checkInCode: (communityId: string, eventId: string, code: string) => ({
    pk: `C#${communityId}#E#${eventId}#CODE#${code}`,
    sk: 'CHECKIN',
  }),
  /** Sort-key prefixes of the items in an event's partition. */
  eventPrefixes: { participant: 'PART#', item: 'ITEM#', match: 'EMATCH#', tally: 'TALLY#' },
  /** The tally is spread over this many items, so twenty hoekmannen recording at once rarely touch the same one. */
  tallyShards: 10,
  queueItem: (communityId: string, itemId: string) => ({ pk: `C#${communityId}#QUEUE#${itemId}`, sk: 'QUEUE' }),
  auditMonth: (communityId: string, month: string) => `C#${communityId}#AUDIT#${month}`,
  auditEntry: (communityId: string, at: string, id: string) => ({
    pk: `C#${communityId}#AUDIT#${at.slice(0, 7)}`,
    sk: `${at}#${id}`,
  }),
} as const

/** The community and member of a member partition key (`C#<c>#M#<m>`), e.g. from a stream record. */
export const parseMemberPartition = (pk: string): { communityId: string; memberId: string } | undefined => {
  const match = /^C#([^#]+)#M#([^#]+)$/.exec(pk)
  return match?.[1] && match[2] ? { communityId: match[1], memberId: match[2] } : undefined
}

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

/**
 * Index attributes of a broker work-queue item (overloading gsi2 and gsi3; the partitions
 * never collide with the open-post partitions). While the item is not done, gsi2 lists it in
 * the community's queue by due time; while a broker has taken it, gsi3 lists it in that
 * broker's own queue. A done item carries neither, so it drops out of both lists.
 */
export const queueIndexKeys = (item: {
  id: string
  communityId: string
  status: string
  dueAt: string
  takenBy: { memberId: string } | null
}): Record<string, string> => {
  if (item.status === 'done') return {}
  const sortKey = `${item.dueAt}#${item.id}`
  return {
    gsi2pk: queuePartitions.community(item.communityId),
    gsi2sk: sortKey,
    ...(item.takenBy
      ? { gsi3pk: queuePartitions.broker(item.communityId, item.takenBy.memberId), gsi3sk: sortKey }
      : {}),
  }
}

export const queuePartitions = {
  /** gsi2: everything not done in the community's queue, by due time. */
  community: (communityId: string) => `C#${communityId}#QUEUE`,
  /** gsi3: what one broker took, by due time. */
  broker: (communityId: string, brokerId: string) => `C#${communityId}#QUEUE#BROKER#${brokerId}`,
} as const

/**
 * Index attributes of a match (overloading gsi2): the brokers' lists of matches by status,
 * most recently changed last.
 */
export const matchIndexKeys = (match: { id: string; communityId: string; status: string; updatedAt: string }) => ({
  gsi2pk: matchesPartition(match.communityId, match.status),
  gsi2sk: `${match.updatedAt}#${match.id}`,
})

export const matchesPartition = (communityId: string, status: string) => `C#${communityId}#MATCHES#${status}`

/**
 * Index attributes of a member's link to a match (overloading gsi4; the partition never collides
 * with a member's posts or audit entries): the member's matches, newest first.
 */
export const memberMatchIndexKeys = (communityId: string, memberId: string, createdAt: string, matchId: string) => ({
  gsi4pk: memberMatchesPartition(communityId, memberId),
  gsi4sk: `${createdAt}#${matchId}`,
})

export const memberMatchesPartition = (communityId: string, memberId: string) =>
  `C#${communityId}#M#${memberId}#MATCHES`

/**
 * Index attributes of a follow-up (overloading gsi2; sparse): while the worker still has to act
 * on it (scheduled, sent, reminded) it is listed by due time, so a run reads only what is due.
 */
export const followUpIndexKeys = (followUp: {
  id: string
  communityId: string
  status: string
  dueAt: string
}): Record<string, string> =>
  ['scheduled', 'sent', 'reminded'].includes(followUp.status)
    ? { gsi2pk: followUpsPartition(followUp.communityId), gsi2sk: `${followUp.dueAt}#${followUp.id}` }
    : {}

export const followUpsPartition = (communityId: string) => `C#${communityId}#FOLLOWUPS`

/**
 * Index attributes of an event (overloading gsi2; the partition never collides): the
 * community's events by date, newest first with a reverse query.
 */
export const eventIndexKeys = (event: { id: string; communityId: string; date: string }) => ({
  gsi2pk: eventsPartition(event.communityId),
  gsi2sk: `${event.date}#${event.id}`,
})

export const eventsPartition = (communityId: string) => `C#${communityId}#EVENTS`

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
