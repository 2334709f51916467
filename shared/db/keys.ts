/**
 * Every DynamoDB key string of Buurtbeurs lives here. Each key starts with the community
 * (`C#<communityId>`), so no query can reach another community's items.
 *
 * | item | pk | sk |
 * |---|---|---|
 * | community (with areas, resource types, categories) | `C#<c>` | `COMMUNITY` |
 * | member profile | `C#<c>#M#<m>` | `PROFILE` |
 * | post | `C#<c>#P#<p>` | `POST` |
 *
 * Index keys of a post: see `postIndexKeys`.
 */
export const keys = {
  community: (communityId: string) => ({ pk: `C#${communityId}`, sk: 'COMMUNITY' }),
  member: (communityId: string, memberId: string) => ({ pk: `C#${communityId}#M#${memberId}`, sk: 'PROFILE' }),
  post: (communityId: string, postId: string) => ({ pk: `C#${communityId}#P#${postId}`, sk: 'POST' }),
} as const

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
] as const
