import type { Caller } from '../domain/caller'
import { DomainError } from '../domain/errors'
import {
  compile,
  type Explanation,
  explainPair,
  type MatchAuthorFacts,
  type MatchContext,
  type MatchFeatures,
  type MatchPost,
  matchContext,
  scorePair,
  topSuggestions,
} from '../domain/matching'
import {
  assertMember,
  canManagePost,
  dutchDate,
  isOpenOn,
  type StoredPost,
  type SuggestedSummary,
} from '../domain/post'
import { nextWorkingDay, queueItemId } from '../domain/work-queue'
import type { Community } from '../schemas/community'
import type { Match, PostMatchList } from '../schemas/match'
import type { InterestBody, SuggestionList } from '../schemas/matching'
import type { MemberDetails } from '../schemas/member'
import type { Post } from '../schemas/post'
import { type PostKind, postKinds } from '../schemas/vocabulary'
import type { AuditLog } from './audit-service'
import { createMatchService, suggestedPostOf } from './match-service'
import type { Runtime, StoredSuggestions, Stores } from './ports'
import type { QueueService } from './queue-service'

/** A change of a post, as the stream worker sees it: the item before and after. */
export interface PostChange {
  before?: StoredPost | undefined
  after?: StoredPost | undefined
}

/** What one change cost and did: the bench and the logs read it. */
export interface ChangeResult {
  recomputed: number
  scored: number
  itemsRead: number
}

/** At most this many other posts are recomputed because one post changed (the rest on their own next change). */
export const maxFanOut = 25

/** Recomputations under way at once during a rebuild. */
const rebuildLanes = 8

const oppositeKind = (kind: PostKind): PostKind => (kind === 'request' ? 'offer' : 'request')

const day = 24 * 60 * 60 * 1000

/** The engine's view of a stored post; undefined until the worker has stamped the author's facts. */
export const toMatchPost = (stored: StoredPost): MatchPost | undefined => {
  const { post, authorFacts } = stored
  if (!authorFacts) return undefined
  return {
    id: post.id,
    communityId: post.communityId,
    kind: post.kind,
    categoryId: post.categoryId,
    resourceType: post.resourceType,
    tags: post.tags,
    areaPath: stored.areaPath,
    dayParts: post.availability.dayParts,
    recurrence: post.availability.recurrence,
    quantity: post.quantity,
    activeMatches: post.activeMatches,
    status: post.status,
    endDate: post.endDate,
    createdAt: post.createdAt,
    author: authorFacts,
  }
}

/**
 * Everything about a post that can change its suggestions (not the suggestions themselves).
 * `activeMatches` is one: the acceptance and the end of a match change it (and the post's
 * version), so a post that becomes full leaves every list, and one that gets a unit back returns.
 */
export const matchInputs = (stored: StoredPost | undefined): string => {
  if (!stored) return ''
  const { post, areaPath, authorFacts } = stored
  return JSON.stringify([
    post.status,
    post.kind,
    post.categoryId,
    post.resourceType,
    post.tags,
    areaPath,
    post.availability,
    post.quantity,
    post.activeMatches,
    post.endDate,
    authorFacts ?? null,
  ])
}

/** The facts about a member that matching uses, from the member, their optional attributes and their open posts. */
export const authorFactsOf = (
  member: MemberDetails,
  ageBand: MatchAuthorFacts['ageBand'],
  openPosts: Post[],
  today: string,
): MatchAuthorFacts => {
  const validScreenings = member.screenings.filter((s) => s.checkedOn <= today && s.validUntil >= today)
  const screenedUntil =
    validScreenings
      .map((s) => s.validUntil)
      .sort()
      .at(-1) ?? null
  const categories = (kind: PostKind) =>
    [...new Set(openPosts.filter((p) => p.kind === kind).map((p) => p.categoryId))].sort()
  return {
    memberId: member.id,
    languages: [...member.languages],
    screenedUntil,
    maxActiveMatches: member.helping.maxActiveMatches,
    paused: member.helping.paused || member.status !== 'active',
    activeMatches: member.activeMatches,
    blockedMemberIds: member.blocked.map((b) => b.memberId).sort(),
    offersIn: categories('offer'),
    needsIn: categories('request'),
    ageBand,
  }
}

/** FNV-1a, 32 bits, as hex: enough to tell a changed suggestion list from the same one. */
const digestOf = (text: string): string => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** The score without its bridging part, which is never shown per person. */
const shownScore = (explained: Pick<Explanation, 'score' | 'components'>) =>
  explained.score - explained.components.bridging

export type MatchingService = ReturnType<typeof createMatchingService>

export const createMatchingService = (stores: Stores, runtime: Runtime, audit: AuditLog, queue: QueueService) => {
  /** "I'm interested" is the first (or second) yes of a match: the lifecycle takes it from there. */
  const matches = createMatchService(stores, runtime, audit, queue)
  /** Communities change rarely; the worker keeps one for a short while instead of reading it per record. */
  const communityCache = new Map<string, { community: Community; until: number }>()
  const communityOf = async (communityId: string): Promise<Community | undefined> => {
    const now = Date.now()
    const cached = communityCache.get(communityId)
    if (cached && cached.until > now) return cached.community
    const community = await stores.communities.get(communityId)
    if (community) communityCache.set(communityId, { community, until: now + 30_000 })
    return community
  }

  /** Candidates of one kind in one category, compiled; shared by the recomputations of one change. */
  const candidateReader = (context: MatchContext, result: ChangeResult) => {
    const lists = new Map<string, Promise<{ stored: StoredPost; features: MatchFeatures }[]>>()
    return (kind: PostKind, categoryId: string) => {
      const key = `${kind}#${categoryId}`
      let list = lists.get(key)
      if (!list) {
        list = stores.matching.listCandidates(context.communityId, kind, categoryId).then((posts) => {
          result.itemsRead += posts.length
          return posts.flatMap((stored) => {
            const match = toMatchPost(stored)
            return match && isOpenOn(stored.post, context.today) ? [{ stored, features: compile(match, context) }] : []
          })
        })
        lists.set(key, list)
      }
      return list
    }
  }

  /** Recomputes one post's suggestions from the current candidates and stores them; raises or resolves queue items. */
  const recompute = async (
    stored: StoredPost,
    community: Community,
    context: MatchContext,
    read: ReturnType<typeof candidateReader>,
    result: ChangeResult,
  ): Promise<MatchFeatures | undefined> => {
    const match = toMatchPost(stored)
    if (!match || !isOpenOn(stored.post, context.today)) return undefined
    const features = compile(match, context)
    const candidates = await read(oppositeKind(stored.post.kind), stored.post.categoryId)
    const k = community.matching.suggestionsPerPost
    const top = topSuggestions(
      features,
      candidates.map((c) => c.features),
      context,
      k,
    )
    result.scored += candidates.length
    result.recomputed += 1
    const byId = new Map(candidates.map((c) => [c.stored.post.id, c.features]))
    const items = top.flatMap(({ postId }) => {
      const other = byId.get(postId)
      const explained = other ? explainPair(features, other, context) : null
      return explained ? [{ postId, ...explained }] : []
    })
    const suggestions: StoredSuggestions = {
      communityId: community.id,
      postId: stored.post.id,
      postVersion: stored.post.version,
      computedAt: runtime.now().toISOString(),
      items,
    }
    const floor = items.length >= k ? (items.at(-1)?.score ?? 0) : 0
    const digest = digestOf(JSON.stringify([stored.post.version, items]))
    // The same list as stored: nothing to write (a replayed change changes nothing).
    if (stored.suggested?.digest === digest) return features
    const best = items[0]
    // A request with all the helpers it asked for (its accepted matches) waits for nothing: it
    // counts as well served, so it does not go to the broker for lack of a good suggestion.
    const full = stored.post.activeMatches >= stored.post.quantity
    const good = full || (best !== undefined && best.score * 100 >= community.matching.goodScorePercent * best.maxScore)
    const summary = { floor, postIds: items.map((i) => i.postId), digest, good }
    const written = await stores.matching.putSuggestions(suggestions, summary)
    if (written && stored.post.kind === 'request') await updateRequestQueue(stored, summary)
    return features
  }

  /**
   * Queue items follow the request's suggestions, compared with what the post's summary said
   * before: only a change costs a queue read or write, not every recomputation of a request.
   */
  const updateRequestQueue = async (stored: StoredPost, now: SuggestedSummary) => {
    const { post } = stored
    const before = stored.suggested
    if (now.good && before?.good !== true) {
      await queue.resolve(
        post.communityId,
        [queueItemId('no-good-suggestion', post.id)],
        'Er is nu een goede suggestie.',
      )
    }
    if (!now.good && before?.good !== false) {
      await queue.raise({
        kind: 'no-good-suggestion',
        post,
        areaPath: stored.areaPath,
        memberName: post.author.displayName,
        dueAt: runtime.now(),
      })
    }
    // A resident who is not online cannot say "I'm interested": a broker reviews the suggestions for them.
    if (post.viaBroker && now.postIds.length > 0 && !before?.postIds.length) {
      await queue.raise({
        kind: 'review-suggestions',
        post,
        areaPath: stored.areaPath,
        memberName: post.author.displayName,
        dueAt: runtime.now(),
      })
    }
  }

  /** Other posts whose suggestions this post's change may affect: they list it, or it now beats their lowest. */
  const fanOut = async (
    changed: StoredPost,
    changedFeatures: MatchFeatures | undefined,
    categoryId: string,
    community: Community,
    context: MatchContext,
    read: ReturnType<typeof candidateReader>,
    result: ChangeResult,
  ) => {
    const others = await read(oppositeKind(changed.post.kind), categoryId)
    const affected = others
      .map(({ stored, features }) => {
        const listed = stored.suggested?.postIds.includes(changed.post.id) ?? false
        const score = changedFeatures ? scorePair(changedFeatures, features, context) : -1
        const beats = score > 0 && score > (stored.suggested?.floor ?? 0)
        return { stored, score, hit: listed || beats }
      })
      .filter((o) => o.hit)
      .sort((a, b) => b.score - a.score || (a.stored.post.id < b.stored.post.id ? -1 : 1))
      .slice(0, maxFanOut)
    for (const { stored } of affected) {
      // The candidate copy in the index is a moment old; its own next change recomputes it again anyway.
      await recompute(stored, community, context, read, result)
    }
  }

  const resolveAllFor = async (stored: StoredPost, note: string) => {
    const { post } = stored
    const postMatches = await stores.matches.listOfPost(post.communityId, post.id)
    const ids = [
      ...(['new-request', 'no-good-suggestion', 'waiting-long', 'review-suggestions'] as const).map((kind) =>
        queueItemId(kind, post.id),
      ),
      ...postMatches.filter((m) => m.status === 'proposed').map((m) => queueItemId('interest-no-reply', m.id)),
    ]
    await queue.resolve(post.communityId, ids, note)
  }

  /** Re-stamps the member's facts on each of their open posts where they changed (each stamp is a post change). */
  const refreshAuthorFacts = async (communityId: string, memberId: string): Promise<number> => {
    const member = await stores.members.get(communityId, memberId)
    if (!member) return 0
    const attributes = await stores.members.getAttributes(communityId, memberId)
    const posts: StoredPost[] = []
    let cursor: string | undefined
    do {
      const page = await stores.posts.listByMember(communityId, memberId, { limit: 100, cursor })
      posts.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    const today = dutchDate(runtime.now())
    const open = posts.filter((p) => isOpenOn(p.post, today))
    const facts = authorFactsOf(
      member,
      attributes?.consentedAt ? attributes.ageBand : null,
      open.map((p) => p.post),
      today,
    )
    let stamped = 0
    for (const stored of open) {
      if (JSON.stringify(stored.authorFacts ?? null) === JSON.stringify(facts)) continue
      if (await stores.matching.stampAuthorFacts(communityId, stored.post.id, stored.post.version, facts)) stamped++
    }
    return stamped
  }

  /** The caller's own post (or, for brokers and coordinators, any post of their community). */
  const managedPost = async (caller: Caller, communityId: string, postId: string): Promise<StoredPost> => {
    assertMember(caller, communityId)
    const stored = await stores.posts.get(communityId, postId)
    if (!stored || (stored.expiresAt !== undefined && stored.expiresAt <= runtime.now().getTime() / 1000)) {
      throw new DomainError('POST_NOT_FOUND')
    }
    if (!canManagePost(caller, stored.post)) throw new DomainError('NOT_POST_OWNER')
    return stored
  }

  const visiblePosts = async (communityId: string, ids: string[]): Promise<Map<string, Post>> => {
    const today = dutchDate(runtime.now())
    const posts = ids.length > 0 ? await stores.matching.getPosts(communityId, ids) : []
    return new Map(posts.filter((p) => isOpenOn(p.post, today)).map((p) => [p.post.id, p.post]))
  }

  return {
    refreshAuthorFacts,

    /** Asks for every category's suggestions to be rebuilt, each in its own worker run (after new weights or categories). */
    async requestRebuild(communityId: string): Promise<void> {
      const community = await stores.communities.get(communityId)
      if (!community) return
      await stores.matching.requestRebuild(
        communityId,
        community.categories.map((c) => c.id),
        runtime.now().toISOString(),
      )
    },

    /** Recomputes every open post of one category (each list of candidates is read once). */
    recomputeCategory: (communityId: string, categoryId: string) => rebuild(communityId, [categoryId]),

    /** Recomputes every open post of the community, a category at a time (the bench's rebuild). */
    async recomputeCommunity(communityId: string): Promise<ChangeResult> {
      const community = await stores.communities.get(communityId)
      return rebuild(
        communityId,
        (community?.categories ?? []).map((c) => c.id),
      )
    },

    /**
     * The stream worker's entry point for a post. A new post first gets its author's facts
     * (that stamp is a change of its own, which computes the suggestions); a closed or deleted
     * post loses its suggestions, its queue items and its place in other posts' lists; any other
     * change of what matching reads recomputes the post and the posts it affects. A change of
     * nothing matching reads (such as the stored suggestions themselves) does nothing, so
     * replaying a record changes nothing.
     */
    async onPostChange({ before, after }: PostChange): Promise<ChangeResult> {
      const result: ChangeResult = { recomputed: 0, scored: 0, itemsRead: 0 }
      const current = after ?? before
      if (!current) return result
      const { communityId } = current.post
      const community = await communityOf(communityId)
      if (!community) return result
      const context = matchContext(community, runtime.now())
      const read = candidateReader(context, result)
      const wasOpen = before !== undefined && before.post.status === 'open'
      const isOpen = after !== undefined && isOpenOn(after.post, context.today)

      if (!before && after) {
        await refreshAuthorFacts(communityId, after.post.author.memberId)
        if (after.post.kind === 'request') await raiseForNewRequest(after, community)
        return result
      }
      if (!isOpen) {
        await stores.matching.deleteSuggestions(communityId, current.post.id)
        if (wasOpen || !after) {
          await resolveAllFor(current, after ? 'De vraag of het aanbod is gesloten.' : 'Het bericht is verwijderd.')
          await refreshAuthorFacts(communityId, current.post.author.memberId)
          if (before) await fanOut(before, undefined, before.post.categoryId, community, context, read, result)
        }
        return result
      }
      if (matchInputs(before) === matchInputs(after)) return result
      if (!after) return result
      const moved =
        before !== undefined &&
        (before.post.categoryId !== after.post.categoryId || before.post.kind !== after.post.kind)
      if (moved || !wasOpen) await refreshAuthorFacts(communityId, after.post.author.memberId)
      // The image is the post as it was at this change; score the post as it is now.
      const latest = await stores.posts.get(communityId, after.post.id)
      result.itemsRead += 1
      if (!latest) return result
      const features = await recompute(latest, community, context, read, result)
      await fanOut(after, features, after.post.categoryId, community, context, read, result)
      if (moved && before) await fanOut(before, undefined, before.post.categoryId, community, context, read, result)
      return result
    },

    async listSuggestions(caller: Caller, communityId: string, postId: string): Promise<SuggestionList> {
      const own = await managedPost(caller, communityId, postId)
      const stored = await stores.matching.getSuggestions(communityId, postId)
      if (!stored || stored.postVersion !== own.post.version || own.post.status !== 'open') {
        return { postId, computedAt: null, items: [] }
      }
      const [others, postMatches, community] = await Promise.all([
        visiblePosts(
          communityId,
          stored.items.map((i) => i.postId),
        ),
        stores.matches.listOfPost(communityId, postId),
        stores.communities.get(communityId),
      ])
      // Bridging counts in the ranking but is never shown per person, not even as a difference
      // between the score and its reasons: the score shown is the sum of the reasons shown.
      const bridgingMax = 10 * (community?.matching.weights.bridging ?? 0)
      const matchByOther = new Map(
        postMatches.map((m) => [m.requestId === postId ? m.offerId : m.requestId, m.id] as const),
      )
      return {
        postId,
        computedAt: stored.computedAt,
        items: stored.items.flatMap((item) => {
          const other = others.get(item.postId)
          if (!other) return []
          return [
            {
              post: suggestedPostOf(other),
              score: shownScore(item),
              maxScore: Math.max(1, item.maxScore - bridgingMax),
              reasons: item.reasons,
              matchId: matchByOther.get(item.postId) ?? null,
            },
          ]
        }),
      }
    },

    /** The matches of a post, in any status, each with the other post (null once it is gone). */
    async listPostMatches(caller: Caller, communityId: string, postId: string): Promise<PostMatchList> {
      await managedPost(caller, communityId, postId)
      const postMatches = await stores.matches.listOfPost(communityId, postId)
      const otherId = (m: Match) => (m.requestId === postId ? m.offerId : m.requestId)
      const others = await visiblePosts(communityId, postMatches.map(otherId))
      return {
        items: postMatches.map((match) => {
          const other = others.get(otherId(match))
          return { match, other: other ? suggestedPostOf(other) : null }
        }),
      }
    },

    /**
     * "I'm interested": one side's yes for a request–offer pair. The first yes proposes the
     * match (the pair must pass every hard constraint); the other side's yes accepts it, in the
     * acceptance transaction (OFFER_FULL, REQUEST_FULL, HELPER_AT_CAPACITY, …). Saying it twice
     * changes nothing.
     */
    async expressInterest(caller: Caller, communityId: string, postId: string, body: InterestBody): Promise<Match> {
      const own = await managedPost(caller, communityId, postId)
      if (own.post.status !== 'open') throw new DomainError('POST_CLOSED')
      const other = await stores.posts.get(communityId, body.otherPostId)
      if (!other) throw new DomainError('POST_NOT_FOUND')
      return matches.propose(caller, {
        own,
        other,
        message: body.message,
        assess: async () => {
          const community = await stores.communities.get(communityId)
          if (!community) throw new DomainError('COMMUNITY_NOT_FOUND')
          const context = matchContext(community, runtime.now())
          const ownMatch = toMatchPost(own)
          const otherMatch = toMatchPost(other)
          const explained =
            ownMatch && otherMatch
              ? explainPair(compile(ownMatch, context), compile(otherMatch, context), context)
              : null
          if (!explained) throw new DomainError('NOT_SUGGESTIBLE')
          return shownScore(explained)
        },
      })
    },
  }

  async function rebuild(communityId: string, categoryIds: string[]): Promise<ChangeResult> {
    const result: ChangeResult = { recomputed: 0, scored: 0, itemsRead: 0 }
    // Read fresh, not from the cache: a rebuild follows a change of the weights or categories.
    communityCache.delete(communityId)
    const community = await communityOf(communityId)
    if (!community) return result
    const context = matchContext(community, runtime.now())
    const read = candidateReader(context, result)
    for (const categoryId of categoryIds) {
      for (const kind of postKinds) {
        const posts = await read(kind, categoryId)
        // Scoring is quick; the writes take the time, so several are under way at once.
        let next = 0
        const lane = async () => {
          while (next < posts.length) {
            const post = posts[next++]
            if (post) await recompute(post.stored, community, context, read, result)
          }
        }
        await Promise.all(Array.from({ length: rebuildLanes }, lane))
      }
    }
    return result
  }

  async function raiseForNewRequest(stored: StoredPost, community: Community) {
    const created = new Date(stored.post.createdAt)
    await queue.raise({
      kind: 'new-request',
      post: stored.post,
      areaPath: stored.areaPath,
      memberName: stored.post.author.displayName,
      dueAt: created,
      answerBy: nextWorkingDay(created),
    })
    await queue.raise({
      kind: 'waiting-long',
      post: stored.post,
      areaPath: stored.areaPath,
      memberName: stored.post.author.displayName,
      dueAt: new Date(created.getTime() + community.matching.waitingDays * day),
    })
  }
}
