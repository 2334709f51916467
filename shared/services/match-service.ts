/**
 * The match lifecycle: the first yes (from "I'm interested"), the second yes (the acceptance
 * transaction), no, withdrawal, the agreement, the outcome, expiry, and the lists. The rules
 * are in `shared/domain/match.ts`; the counters move in the store's transactions. Reactions to
 * each step (messages, follow-ups) happen in the lifecycle stream worker, never here.
 */
import { hasConsent } from '../domain/auth'
import { actorOf, type Caller, isStaff } from '../domain/caller'
import { DomainError } from '../domain/errors'
import { dealLabels } from '../domain/event'
import { hasExtras } from '../domain/follow-up'
import {
  type Actor,
  acceptedMatch,
  actorFor,
  assertVersion,
  cancelledMatch,
  contactsVisible,
  declinedMatch,
  endEffects,
  expiredMatch,
  fulfilledPost,
  matchIdOf,
  matchSides,
  matchWithAgreement,
  matchWithConfirmedAgreement,
  matchWithOutcome,
  memberOf,
  otherSide,
  postFacts,
  postOf,
  proposedMatch,
  systemActor,
  waitingFor,
} from '../domain/match'
import { assertMember, type StoredPost } from '../domain/post'
import { queueItemId } from '../domain/work-queue'
import type {
  AcceptMatchBody,
  CancelMatchBody,
  ConfirmAgreementBody,
  DeclineMatchBody,
  FollowUpReply,
  Match,
  MatchContact,
  MatchListQuery,
  MatchPage,
  MatchSide,
  MatchSummary,
  MatchView,
  PutAgreementBody,
  RecordOutcomeBody,
} from '../schemas/match'
import type { SuggestedPost } from '../schemas/matching'
import type { MemberDetails } from '../schemas/member'
import type { Post } from '../schemas/post'
import type { AuditAction, FollowUpStep } from '../schemas/vocabulary'
import type { AuditLog } from './audit-service'
import type { MatchEnd, Runtime, Stores } from './ports'
import type { QueueService } from './queue-service'

const day = 24 * 60 * 60 * 1000

/** The other post of a match or suggestion: first name and buurt only, never contact details. */
export const suggestedPostOf = (post: Post): SuggestedPost => ({
  id: post.id,
  kind: post.kind,
  title: post.title,
  description: post.description,
  categoryId: post.categoryId,
  areaId: post.areaId,
  availability: post.availability,
  tags: post.tags,
  author: { displayName: post.author.displayName, areaId: post.author.areaId },
})

/** Ending a match retries this often when a post or the helper changed in between (it is read again). */
const endAttempts = 5

export type MatchService = ReturnType<typeof createMatchService>

export const createMatchService = (stores: Stores, runtime: Runtime, audit: AuditLog, queue: QueueService) => {
  const load = async (caller: Caller, communityId: string, matchId: string): Promise<Match> => {
    assertMember(caller, communityId)
    const match = await stores.matches.get(communityId, matchId)
    if (!match) throw new DomainError('MATCH_NOT_FOUND')
    return match
  }

  const authorsOf = async (match: Match): Promise<Record<MatchSide, MemberDetails | undefined>> => {
    const [request, offer] = await Promise.all(
      matchSides.map((side) => stores.members.get(match.communityId, memberOf(match, side))),
    )
    return { request, offer }
  }

  /** Staff acting as themselves (not for a resident): they see every match of their community. */
  const isStaffView = (caller: Caller) => !caller.actedBy && isStaff(caller)

  /** Who acts for which sides; the authors are read only when a broker acts directly (for their consent). */
  const actorOfCaller = async (caller: Caller, match: Match): Promise<Actor> =>
    actorFor(caller, match, isStaffView(caller) ? await authorsOf(match) : {})

  /** A post that is still there (not past its retention). */
  const livePost = async (communityId: string, postId: string): Promise<StoredPost | undefined> => {
    const stored = await stores.posts.get(communityId, postId)
    if (!stored || (stored.expiresAt !== undefined && stored.expiresAt <= runtime.now().getTime() / 1000)) return
    return stored
  }

  /** A broker acting for a party leaves a trace, about that party. */
  const auditFor = async (caller: Caller, action: AuditAction, match: Match, side: MatchSide, viaBroker: boolean) => {
    if (!viaBroker) return
    await audit.record(caller, action, {
      memberId: memberOf(match, side),
      postId: postOf(match, side),
      reason: match.id,
    })
  }

  /** The side and broker flag of the step just taken. */
  const lastStep = (match: Match) => {
    const step = match.history.at(-1)
    return { side: step?.side ?? 'request', viaBroker: step?.viaBroker ?? false }
  }

  const resolveInterestItem = (match: Match, note: string) =>
    queue.resolve(match.communityId, [queueItemId('interest-no-reply', match.id)], note)

  /**
   * Ends an accepted match (or writes any other ending): the match, the helper's count and the
   * posts' counts (or a one-off post's closing) in one transaction. The posts and the helper are
   * read fresh for each try, so the effects follow what they are now.
   */
  const finish = async (before: Match, next: Match): Promise<void> => {
    if (before.status !== 'accepted') {
      await stores.matches.replace(next, before.version)
      return
    }
    if (before.origin === 'event') {
      // A floor match holds no post units and no helper capacity (its sides are event items,
      // counted on the floor). Withdrawn by a party, it is taken off the floor as staff would:
      // the items' units, the event's listing and the tally in one transaction, so the big
      // screen and the report agree. An outcome changes the match alone; the report counts it.
      if (next.status === 'cancelled' && next.event) {
        await stores.events.cancelMatch(next, before.version)
        return
      }
      await stores.matches.end({ match: next, expectedVersion: before.version, helperId: null, posts: [] })
      return
    }
    const { communityId } = before
    for (let attempt = 1; ; attempt++) {
      const [request, offer, helper, community] = await Promise.all([
        stores.posts.get(communityId, before.requestId),
        stores.posts.get(communityId, before.offerId),
        stores.members.get(communityId, before.offerMemberId),
        stores.communities.get(communityId),
      ])
      const posts = { request, offer }
      const effects = endEffects(before.status, next.status, { request: postFacts(request), offer: postFacts(offer) })
      const end: MatchEnd = {
        match: next,
        expectedVersion: before.version,
        // A count never goes below zero: one that is already zero is left alone.
        helperId: effects.helper === -1 && helper && helper.activeMatches > 0 ? helper.id : null,
        posts: [],
      }
      for (const side of matchSides) {
        const stored = posts[side]
        if (!stored) continue
        if (effects[side] === 'release' && stored.post.activeMatches > 0) end.posts.push({ release: stored.post.id })
        if (effects[side] === 'close') {
          const retentionDays = community?.retention.closedPostDays ?? 365
          end.posts.push({
            close: fulfilledPost(stored, runtime.now(), retentionDays),
            expectedVersion: stored.post.version,
          })
        }
      }
      try {
        await stores.matches.end(end)
        return
      } catch (error) {
        const retry = error instanceof DomainError && (error.code === 'POST_CHANGED' || error.code === 'MEMBER_CHANGED')
        if (!retry || attempt >= endAttempts) throw error
      }
    }
  }

  /** The second yes: the acceptance transaction, then the trace and the queue. */
  const accept = async (caller: Caller, match: Match, actor: Actor, message: string): Promise<Match> => {
    const next = acceptedMatch(match, actor, runtime.now(), message)
    await stores.matches.accept(next, match.version)
    const { side, viaBroker } = lastStep(next)
    await auditFor(caller, 'match.accepted-for', next, side, viaBroker)
    await resolveInterestItem(next, 'De match is geaccepteerd.')
    return next
  }

  /**
   * A side says yes to a match that exists: nothing changes when it said yes already; a proposed
   * match is accepted (the acceptance transaction); an ended one cannot be answered any more.
   */
  const respond = async (caller: Caller, match: Match, side: MatchSide, message: string): Promise<Match> => {
    if (match.interest[side]) return match
    if (match.status !== 'proposed') throw new DomainError('TRANSITION_NOT_ALLOWED')
    const actor = await actorOfCaller(caller, match)
    const forSide = { ...actor, sides: actor.sides.filter((s) => s.side === side) }
    if (forSide.sides.length === 0) throw new DomainError(isStaffView(caller) ? 'CONSENT_REQUIRED' : 'NOT_A_PARTY')
    return accept(caller, match, forSide, message)
  }

  const contactOf = async (match: Match, author: MemberDetails | undefined): Promise<MatchContact | null> => {
    if (author?.status !== 'active') return null
    const contact = await stores.members.getContact(match.communityId, author.id)
    if (!contact) return null
    return {
      displayName: author.displayName,
      fullName: contact.fullName,
      email: contact.email,
      phone: contact.phone,
      preference: author.contactPreference,
    }
  }

  const summarize = async (communityId: string, matches: Match[]): Promise<MatchSummary[]> => {
    const now = runtime.now().getTime() / 1000
    // Floor matches name their sides in their deal: no posts or members to read for them.
    const withPosts = matches.filter((m) => !dealLabels(m))
    const stored = await stores.matching.getPosts(
      communityId,
      withPosts.flatMap((m) => [m.requestId, m.offerId]),
    )
    const posts = new Map(
      stored.filter((s) => s.expiresAt === undefined || s.expiresAt > now).map((s) => [s.post.id, s.post]),
    )
    // A post that is gone no longer says whose it was: the member's first name does.
    const missing = [
      ...new Set(
        withPosts.flatMap((m) =>
          matchSides.filter((side) => !posts.has(postOf(m, side))).map((side) => memberOf(m, side)),
        ),
      ),
    ]
    const names = new Map(
      (await Promise.all(missing.map((id) => stores.members.get(communityId, id)))).flatMap((m) =>
        m ? [[m.id, m.displayName] as const] : [],
      ),
    )
    const title = (postId: string) => posts.get(postId)?.title ?? ''
    const name = (m: Match, side: MatchSide) =>
      posts.get(postOf(m, side))?.author.displayName ?? names.get(memberOf(m, side)) ?? ''
    return matches.map((m) => ({
      id: m.id,
      status: m.status,
      requestId: m.requestId,
      offerId: m.offerId,
      // A floor match has no posts: its deal names both sides.
      ...(dealLabels(m) ?? {
        requestTitle: title(m.requestId),
        offerTitle: title(m.offerId),
        requestName: name(m, 'request'),
        offerName: name(m, 'offer'),
      }),
      waitingFor: waitingFor(m),
      updatedAt: m.updatedAt,
      acceptedAt: m.acceptedAt,
    }))
  }

  /** "Help them further": the parties had no contact yet. One item per match, about the request. */
  const raiseNeedsHelp = async (match: Match) => {
    const stored =
      (await livePost(match.communityId, match.requestId)) ?? (await livePost(match.communityId, match.offerId))
    if (!stored) return
    await queue.raise({
      kind: 'match-needs-help',
      post: stored.post,
      areaPath: stored.areaPath,
      memberName: stored.post.author.displayName,
      matchId: match.id,
      dueAt: runtime.now(),
      waitingSince: match.acceptedAt ?? match.updatedAt,
    })
  }

  const resolveNeedsHelp = (match: Match, note: string) =>
    queue.resolve(match.communityId, [queueItemId('match-needs-help', match.id)], note)

  return {
    /**
     * The first yes for a request–offer pair (from "I'm interested" on one of the posts): creates
     * the proposed match, or, when the pair has a match already, answers it (the other side's yes
     * accepts it, in the acceptance transaction; saying yes twice changes nothing). `assess`
     * gives the pair's score and refuses a pair that breaks a hard constraint; it is asked only
     * for a new match. A broker may propose for either side; accepting for a resident needs
     * their consent.
     */
    async propose(
      caller: Caller,
      args: { own: StoredPost; other: StoredPost; message: string; assess: () => Promise<number> },
    ): Promise<Match> {
      const { own, other, message } = args
      const { communityId } = own.post
      const side = own.post.kind
      const [request, offer] = side === 'request' ? [own, other] : [other, own]
      const id = matchIdOf(request.post.id, offer.post.id)
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await stores.matches.get(communityId, id)
        if (existing) return respond(caller, existing, side, message)
        const score = await args.assess()
        const community = await stores.communities.get(communityId)
        if (!community) throw new DomainError('COMMUNITY_NOT_FOUND')
        const by = actorOf(caller).id
        const viaBroker = caller.actedBy !== undefined || by !== own.post.author.memberId
        const match = proposedMatch({
          communityId,
          request: { id: request.post.id, memberId: request.post.author.memberId },
          offer: { id: offer.post.id, memberId: offer.post.author.memberId },
          side,
          actor: { by, sides: [{ side, viaBroker }] },
          message,
          score,
          now: runtime.now(),
        })
        // Someone said yes to the same pair at the same moment: read theirs and answer it.
        if (!(await stores.matches.create(match))) continue

        if (viaBroker) {
          await audit.record(caller, 'match.interest-for', {
            memberId: own.post.author.memberId,
            postId: own.post.id,
          })
        }
        // Someone responded to the request: it no longer waits unanswered.
        await queue.resolve(
          communityId,
          [queueItemId('new-request', request.post.id), queueItemId('waiting-long', request.post.id)],
          'Er is interesse getoond.',
        )
        // The other side should answer; one who is not online is phoned by a broker at once.
        const replyDays = other.post.viaBroker ? 0 : community.matching.interestReplyDays
        await queue.raise({
          kind: 'interest-no-reply',
          post: other.post,
          areaPath: other.areaPath,
          memberName: other.post.author.displayName,
          matchId: match.id,
          dueAt: new Date(runtime.now().getTime() + replyDays * day),
          waitingSince: match.createdAt,
        })
        return match
      }
      throw new DomainError('MATCH_CHANGED')
    },

    /** A match as the caller sees it: contact details of the other side only once both accepted. */
    async getMatch(caller: Caller, communityId: string, matchId: string): Promise<MatchView> {
      const match = await load(caller, communityId, matchId)
      const staffView = isStaffView(caller)
      const authors = await authorsOf(match)
      let sides: MatchSide[] = []
      try {
        sides = actorFor(caller, match, authors).sides.map((s) => s.side)
      } catch (error) {
        // Brokers and coordinators see every match of their community, also one they cannot act in.
        if (!staffView) throw error
      }
      const [request, offer] = await Promise.all([
        livePost(communityId, match.requestId),
        livePost(communityId, match.offerId),
      ])
      const contacts: MatchView['contacts'] = { request: null, offer: null }
      if (contactsVisible(match.status)) {
        const shown = staffView ? [...matchSides] : sides.map(otherSide).filter((side) => !sides.includes(side))
        for (const side of shown) {
          contacts[side] = await contactOf(match, authors[side])
          // Staff reading a party's contact details leave a trace (also when acting for the other party).
          if (contacts[side] && isStaff(actorOf(caller))) {
            await audit.record(caller, 'match.contact-viewed', {
              memberId: memberOf(match, side),
              postId: postOf(match, side),
              reason: match.id,
            })
          }
        }
      }
      return {
        match,
        request: request ? suggestedPostOf(request.post) : null,
        offer: offer ? suggestedPostOf(offer.post) : null,
        yourSides: sides,
        contacts,
      }
    },

    /** The second yes, by the side still to answer (or a broker for them, with consent). */
    async acceptMatch(caller: Caller, communityId: string, matchId: string, body: AcceptMatchBody): Promise<Match> {
      const match = await load(caller, communityId, matchId)
      const actor = await actorOfCaller(caller, match)
      acceptedMatch(match, actor, runtime.now(), body.message)
      assertVersion(match, body.version)
      return accept(caller, match, actor, body.message)
    },

    /** No, by the side still to answer. */
    async declineMatch(caller: Caller, communityId: string, matchId: string, body: DeclineMatchBody): Promise<Match> {
      const match = await load(caller, communityId, matchId)
      const actor = await actorOfCaller(caller, match)
      const next = declinedMatch(match, actor, runtime.now(), body.reason)
      assertVersion(match, body.version)
      await stores.matches.replace(next, match.version)
      const { side, viaBroker } = lastStep(next)
      await auditFor(caller, 'match.declined-for', next, side, viaBroker)
      await resolveInterestItem(next, 'De match is afgewezen.')
      return next
    },

    /** A party withdraws, before or after acceptance; an accepted match gives its units back. */
    async cancelMatch(caller: Caller, communityId: string, matchId: string, body: CancelMatchBody): Promise<Match> {
      const match = await load(caller, communityId, matchId)
      const actor = await actorOfCaller(caller, match)
      const next = cancelledMatch(match, actor, runtime.now(), body.reason)
      assertVersion(match, body.version)
      await finish(match, next)
      const { side, viaBroker } = lastStep(next)
      await auditFor(caller, 'match.cancelled-for', next, side, viaBroker)
      await resolveInterestItem(next, 'De match is ingetrokken.')
      await resolveNeedsHelp(next, 'De match is ingetrokken.')
      return next
    },

    /** What, when and how often: written by either party of an accepted match. */
    async putAgreement(caller: Caller, communityId: string, matchId: string, body: PutAgreementBody): Promise<Match> {
      const match = await load(caller, communityId, matchId)
      const actor = await actorOfCaller(caller, match)
      const { version, ...terms } = body
      const next = matchWithAgreement(match, actor, runtime.now(), terms)
      assertVersion(match, version)
      await stores.matches.replace(next, match.version)
      const side = matchSides.find((s) => next.agreement?.confirmed[s] !== null) ?? 'request'
      await auditFor(
        caller,
        'match.agreement-for',
        next,
        side,
        actor.sides.find((s) => s.side === side)?.viaBroker ?? false,
      )
      return next
    },

    /** The other party agrees to the agreement as written. */
    async confirmAgreement(
      caller: Caller,
      communityId: string,
      matchId: string,
      body: ConfirmAgreementBody,
    ): Promise<Match> {
      const match = await load(caller, communityId, matchId)
      const actor = await actorOfCaller(caller, match)
      const next = matchWithConfirmedAgreement(match, actor, runtime.now())
      assertVersion(match, body.version)
      await stores.matches.replace(next, match.version)
      const side =
        matchSides.find((s) => next.agreement?.confirmed[s] !== match.agreement?.confirmed[s]) ?? actor.sides[0]?.side
      const acting = actor.sides.find((s) => s.side === side)
      if (side && acting) await auditFor(caller, 'match.agreement-for', next, side, acting.viaBroker)
      return next
    },

    /** How it went, from a party (or a broker for them) in the app: ends the accepted match. */
    async recordOutcome(caller: Caller, communityId: string, matchId: string, body: RecordOutcomeBody): Promise<Match> {
      const match = await load(caller, communityId, matchId)
      const actor = await actorOfCaller(caller, match)
      const { version, ...report } = body
      const next = matchWithOutcome(match, actor, runtime.now(), { ...report, via: 'app' })
      assertVersion(match, version)
      await finish(match, next)
      const { side, viaBroker } = lastStep(next)
      await auditFor(caller, 'match.outcome-for', next, side, viaBroker)
      await resolveNeedsHelp(next, 'Er is een uitkomst.')
      return next
    },

    /** The community's matches in one status, least recently changed first (brokers and coordinators). */
    async listMatches(caller: Caller, communityId: string, query: MatchListQuery): Promise<MatchPage> {
      assertMember(caller, communityId)
      if (!isStaffView(caller)) throw new DomainError('NOT_A_BROKER')
      const page = await stores.matches.listByStatus(communityId, query.status, {
        limit: query.limit,
        cursor: query.cursor,
      })
      return { items: await summarize(communityId, page.items), nextCursor: page.nextCursor }
    },

    /** A member's matches, newest first: the member (or a broker for them, with consent), brokers, coordinators. */
    async listMemberMatches(
      caller: Caller,
      communityId: string,
      memberId: string,
      query: { limit: number; cursor?: string | undefined },
    ): Promise<MatchPage> {
      assertMember(caller, communityId)
      if (caller.id !== memberId && !isStaffView(caller)) throw new DomainError('FORBIDDEN')
      if (caller.id === memberId && caller.actedBy && !hasConsent(caller, 'matches')) {
        throw new DomainError('CONSENT_REQUIRED')
      }
      const member = caller.id === memberId ? caller : await stores.members.get(communityId, memberId)
      if (member?.status !== 'active') throw new DomainError('MEMBER_NOT_FOUND')
      const page = await stores.matches.listOfMember(communityId, memberId, {
        limit: query.limit,
        cursor: query.cursor,
      })
      return { items: await summarize(communityId, page.items), nextCursor: page.nextCursor }
    },

    /**
     * An answer to a follow-up question (from a signed link, the app or a broker). Carried out,
     * partly or not carried out ends an accepted match with that outcome — except at the
     * `contact` step, where "not" means "no contact yet": the match stays accepted and a broker
     * gets a `match-needs-help` item. `still-running` changes nothing. A match that ended
     * already is returned as it is (the answer is kept on the follow-up only).
     */
    async applyFollowUpAnswer(args: {
      communityId: string
      matchId: string
      side: MatchSide
      step: FollowUpStep
      reply: FollowUpReply
    }): Promise<Match> {
      const { communityId, matchId, side, step, reply } = args
      for (let attempt = 1; ; attempt++) {
        const match = await stores.matches.get(communityId, matchId)
        if (!match) throw new DomainError('MATCH_NOT_FOUND')
        if (match.status !== 'accepted' || reply.answer === 'still-running') return match
        if (step === 'contact' && reply.answer === 'not-carried-out') {
          await raiseNeedsHelp(match)
          return match
        }
        const next = matchWithOutcome(
          match,
          systemActor(side, reply.via === 'broker'),
          runtime.now(),
          {
            answer: reply.answer,
            via: reply.via,
            hours: reply.hours,
            knewEachOther: reply.knewEachOther,
            story: reply.story,
            storyConsent: reply.storyConsent,
          },
          `follow-up ${step}`,
        )
        try {
          await finish(match, next)
        } catch (error) {
          // The match changed in between (the other party answered too): read it again.
          if (attempt < 3 && error instanceof DomainError && error.code === 'MATCH_CHANGED') continue
          throw error
        }
        await resolveNeedsHelp(next, 'Er is een uitkomst.')
        return next
      }
    },

    /**
     * The extras added afterwards to a one-click answer (`reply`: the stored answer, with its
     * first time, now with extras) go on the match's outcome too, when that outcome came from
     * this answer: same side and answer, through a link, given at or after the answer, and
     * without extras yet. Otherwise (still running, "no contact yet", an outcome from elsewhere)
     * the match is left as it is. A conditional write, read again after a lost race.
     */
    async addOutcomeExtras(args: {
      communityId: string
      matchId: string
      side: MatchSide
      reply: FollowUpReply
    }): Promise<Match | undefined> {
      const { communityId, matchId, side, reply } = args
      for (let attempt = 1; ; attempt++) {
        const match = await stores.matches.get(communityId, matchId)
        const outcome = match?.outcome
        if (
          !match ||
          !outcome ||
          outcome.side !== side ||
          outcome.via !== 'link' ||
          outcome.answer !== reply.answer ||
          outcome.at < reply.at ||
          hasExtras(outcome)
        ) {
          return match
        }
        const next: Match = {
          ...match,
          outcome: {
            ...outcome,
            hours: reply.hours,
            knewEachOther: reply.knewEachOther,
            story: reply.story,
            storyConsent: reply.storyConsent && (reply.story ?? '') !== '',
          },
          updatedAt: runtime.now().toISOString(),
          version: match.version + 1,
        }
        try {
          await stores.matches.replace(next, match.version)
          return next
        } catch (error) {
          if (attempt < endAttempts && error instanceof DomainError && error.code === 'MATCH_CHANGED') continue
          throw error
        }
      }
    },

    /**
     * Proposed matches whose last change is older than the community's `proposalExpiryDays`
     * become `expired` (each a conditional write: one answered meanwhile is left alone).
     * Returns how many expired.
     */
    async expireDue(communityId: string): Promise<number> {
      const community = await stores.communities.get(communityId)
      if (!community) return 0
      const now = runtime.now()
      const days = community.lifecycle.proposalExpiryDays
      const before = new Date(now.getTime() - days * day).toISOString()
      let expired = 0
      let cursor: string | undefined
      do {
        const page = await stores.matches.listByStatus(communityId, 'proposed', {
          limit: 100,
          cursor,
          updatedBefore: before,
        })
        for (const match of page.items) {
          if (match.status !== 'proposed' || match.updatedAt >= before) continue
          const next = expiredMatch(match, runtime.now(), `no answer within ${days} days`)
          try {
            await stores.matches.replace(next, match.version)
          } catch (error) {
            if (error instanceof DomainError && error.code === 'MATCH_CHANGED') continue
            throw error
          }
          expired++
          await resolveInterestItem(next, 'Het voorstel is verlopen.')
        }
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return expired
    },
  }
}
