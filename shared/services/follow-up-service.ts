/**
 * Follow-up questions and the reactions to each step of a match (issue 5).
 *
 * - `processMatchChange` is what the `lifecycle` stream worker does with a changed match: a
 *   message to the parties for every new history entry, the follow-ups when it is accepted, and
 *   their cancellation when it ends. Stream records can come twice: job ids and follow-up ids are
 *   deterministic, and follow-ups are created only if absent.
 * - `runDue` is the scheduled worker: it sends what is due, reminds once, escalates to the
 *   brokers. Each question is claimed with a conditional write BEFORE anything is queued, so two
 *   runs at the same moment handle each question exactly once (the loser of the write skips it).
 * - `lookup` and `answer` serve the one-click links (no sign-in: the signed token is the right).
 * Rules: shared/domain/follow-up.ts.
 */
import { createHash } from 'node:crypto'
import type { z } from 'zod'
import type { Caller } from '../domain/caller'
import { DomainError } from '../domain/errors'
import { dealLabels } from '../domain/event'
import {
  applyReply,
  cancelledFollowUp,
  followUpsFor,
  hasExtras,
  isActiveFollowUp,
  nextOnRun,
  reaskAfter,
  recipientsOf,
  sameReply,
  withExtras,
} from '../domain/follow-up'
import { isFinal, memberOf, otherSide, waitingFor } from '../domain/match'
import type { StoredPost } from '../domain/post'
import { assertQueueWorker, queueItemId } from '../domain/work-queue'
import type { Community } from '../schemas/community'
import type {
  FollowUp,
  FollowUpAnswerBody,
  FollowUpPage,
  FollowUpQuestion,
  FollowUpReply,
  followUpListQuerySchema,
  LifecycleSettings,
  Match,
  MatchSide,
  MatchSummary,
  NotificationJob,
  PutLifecycleSettingsBody,
} from '../schemas/match'
import type { MemberProfile } from '../schemas/member'
import type { AuditLog } from './audit-service'
import { loadCommunity } from './community-service'
import type { Credentials, FollowUpLinkClaims } from './credentials'
import type { MatchService } from './match-service'
import type { NotificationQueue, Runtime, Stores } from './ports'
import type { QueueService } from './queue-service'

export type FollowUpService = ReturnType<typeof createFollowUpService>
type FollowUpListQuery = z.output<typeof followUpListQuerySchema>

export interface RunCounts {
  sent: number
  reminded: number
  escalated: number
  /** Proposals that expired in the same run. */
  expired: number
}

const dayMs = 24 * 60 * 60 * 1000
const sides: MatchSide[] = ['request', 'offer']
/** Follow-ups read per page in a run. */
const runPageSize = 100
/** Conditional writes lost to a concurrent change before giving up on a question for now. */
const maxAttempts = 5

/** What the brokers' queue item of an unanswered question is about: the question (queue ids have room for 80 characters). */
const escalationSubject = (followUp: FollowUp): string =>
  followUp.id.length <= 80 ? followUp.id : createHash('sha256').update(followUp.id).digest('base64url')
const escalationItemId = (followUp: FollowUp): string => queueItemId('follow-up-no-answer', escalationSubject(followUp))

/** A line in a list of matches, from the match and its posts (either may be gone by now). */
const summaryOf = (match: Match, posts: Map<string, StoredPost>): MatchSummary => {
  const request = posts.get(match.requestId)?.post
  const offer = posts.get(match.offerId)?.post
  return {
    id: match.id,
    status: match.status,
    requestId: match.requestId,
    offerId: match.offerId,
    // A floor match has no posts: its deal names both sides.
    ...(dealLabels(match) ?? {
      requestTitle: request?.title ?? '',
      offerTitle: offer?.title ?? '',
      requestName: request?.author.displayName ?? '',
      offerName: offer?.author.displayName ?? '',
    }),
    waitingFor: waitingFor(match),
    updatedAt: match.updatedAt,
    acceptedAt: match.acceptedAt,
  }
}

export const createFollowUpService = (deps: {
  stores: Stores
  runtime: Runtime
  credentials: Credentials
  audit: AuditLog
  queue: QueueService
  matches: MatchService
  notificationQueue: NotificationQueue
}) => {
  const { stores, runtime, credentials, queue, matches, notificationQueue } = deps

  const settingsOf = async (communityId: string): Promise<LifecycleSettings> => {
    const community = await stores.communities.get(communityId)
    if (!community) throw new Error(`No community ${communityId}`)
    return community.lifecycle
  }

  /** The posts of these matches, leaving out closed posts past their retention (TTL deletes them lazily). */
  const postsOf = async (communityId: string, list: Match[]): Promise<Map<string, StoredPost>> => {
    const ids = [...new Set(list.flatMap((m) => [m.requestId, m.offerId]))]
    const found = ids.length > 0 ? await stores.matching.getPosts(communityId, ids) : []
    const now = runtime.now().getTime() / 1000
    return new Map(
      found.filter((s) => s.expiresAt === undefined || s.expiresAt > now).map((stored) => [stored.post.id, stored]),
    )
  }

  /** The link's claims; LINK_EXPIRED for a genuine link past its time, LINK_INVALID for anything else. */
  const verified = async (token: string): Promise<FollowUpLinkClaims & { expiresAt: Date }> => {
    const claims = await credentials.verifyFollowUpLink(token, runtime.now())
    if (claims === 'expired') throw new DomainError('LINK_EXPIRED')
    if (!claims) throw new DomainError('LINK_INVALID')
    return claims
  }

  /** Changes a question with a conditional write, reading it again after a lost race; undefined when gone or left alone. */
  const change = async (
    communityId: string,
    followUpId: string,
    next: (followUp: FollowUp) => FollowUp | undefined,
  ): Promise<FollowUp | undefined> => {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const current = await stores.followUps.get(communityId, followUpId)
      const changed = current && next(current)
      if (!current || !changed) return undefined
      if (await stores.followUps.replace(changed, current.version)) return changed
    }
    throw new Error(`Follow-up ${followUpId} kept changing`)
  }

  /** Stops asking about a match that ended; an escalated question leaves the brokers' queue too. */
  const cancelFor = async (match: Match, now: Date) => {
    for (const found of await stores.followUps.listForMatch(match.communityId, match.id)) {
      if (!isActiveFollowUp(found) && found.status !== 'escalated') continue
      let escalated = false
      await change(match.communityId, found.id, (f) => {
        escalated = f.status === 'escalated'
        return isActiveFollowUp(f) || escalated ? cancelledFollowUp(f, now) : undefined
      })
      if (escalated) await queue.resolve(match.communityId, [escalationItemId(found)], 'De match is afgelopen.')
    }
  }

  /** The question to both parties, each with a signed link for their own side. */
  const questionJobs = async (
    followUp: FollowUp,
    match: Match,
    reminder: boolean,
    now: Date,
    settings: LifecycleSettings,
  ): Promise<NotificationJob[]> => {
    const expiresAt = new Date(now.getTime() + settings.linkValidDays * dayMs)
    return Promise.all(
      sides.map(async (side): Promise<NotificationJob> => {
        const memberId = memberOf(match, side)
        const token = await credentials.signFollowUpLink(
          { communityId: match.communityId, followUpId: followUp.id, side },
          expiresAt,
        )
        return {
          kind: 'notify',
          // Deterministic: a job queued twice (a run given back and tried again) is delivered once.
          id: `${followUp.id}.${reminder ? 'remind' : 'send'}.${memberId}`,
          communityId: match.communityId,
          memberId,
          template: reminder ? 'follow-up-reminder' : 'follow-up',
          matchId: match.id,
          followUp: { step: followUp.step, token },
          // The notify worker holds it during quiet hours.
          notBefore: null,
        }
      }),
    )
  }

  /** A broker phones: one queue item per question, about the request (or, when it is gone, the offer). */
  const escalate = async (followUp: FollowUp, match: Match, now: Date) => {
    const posts = await postsOf(match.communityId, [match])
    const stored = posts.get(match.requestId) ?? posts.get(match.offerId)
    // A floor match has no posts, and a queue item is about a post: no item can be raised for
    // its unanswered question, which ends as `escalated` (the event report counts it as running).
    if (!stored) return
    await queue.raise({
      kind: 'follow-up-no-answer',
      post: stored.post,
      areaPath: stored.areaPath,
      memberName: stored.post.author.displayName,
      matchId: match.id,
      subjectId: escalationSubject(followUp),
      dueAt: now,
      waitingSince: followUp.sentAt ?? now.toISOString(),
    })
  }

  /** One due question: claim it, then act. Returns what was done, or undefined when another run had it. */
  const runOne = async (
    followUp: FollowUp,
    now: Date,
    settings: LifecycleSettings,
    matchOf: (id: string) => Promise<Match | undefined>,
  ): Promise<'sent' | 'reminded' | 'escalated' | undefined> => {
    const decision = nextOnRun(followUp, now, settings)
    if (!decision) return undefined
    const match = await matchOf(followUp.matchId)
    if (match?.status !== 'accepted') {
      // The match ended (its cancellation may still be on its way through the stream): do not ask.
      await stores.followUps.replace(cancelledFollowUp(followUp, now), followUp.version)
      return undefined
    }
    // The claim. The index may show an older state than the item: the condition is on the item.
    if (!(await stores.followUps.replace(decision.next, followUp.version))) return undefined
    try {
      if (decision.action === 'escalate') await escalate(followUp, match, now)
      else
        await notificationQueue.enqueue(
          await questionJobs(followUp, match, decision.action === 'remind', now, settings),
        )
    } catch (error) {
      // Give the question back so that the next run tries again (the job ids keep it from going out twice).
      const back = { ...followUp, updatedAt: now.toISOString(), version: decision.next.version + 1 }
      await stores.followUps.replace(back, decision.next.version)
      throw error
    }
    return decision.action === 'send' ? 'sent' : decision.action === 'remind' ? 'reminded' : 'escalated'
  }

  /** What an answer changes besides the question: the match, a question again later, the brokers' queue. */
  const settle = async (followUp: FollowUp, side: MatchSide, reply: FollowUpReply, settings: LifecycleSettings) => {
    const match = await matches.applyFollowUpAnswer({
      communityId: followUp.communityId,
      matchId: followUp.matchId,
      side,
      step: followUp.step,
      reply,
    })
    const reask = reaskAfter(followUp, reply, settings)
    if (reask && match.status === 'accepted') await stores.followUps.create(reask)
    // Reminded questions may have gone to the brokers: someone answered, nobody needs to phone.
    if (followUp.remindedAt) {
      await queue.resolve(followUp.communityId, [escalationItemId(followUp)], 'Beantwoord via de link.')
    }
  }

  return {
    /**
     * The reactions to a change of a match (the `lifecycle` stream worker): a message for each
     * new history entry (job id `<matchId>.<historyIndex>.<memberId>`, so a replay sends
     * nothing twice), the follow-ups once it is accepted, and their cancellation once it ends.
     */
    async processMatchChange(before: Match | undefined, after: Match | undefined): Promise<void> {
      if (!after) return
      const start = before?.history.length ?? 0
      const added = after.history.slice(start).map((entry, i) => ({ entry, index: start + i }))
      if (added.length === 0) return

      const jobs: NotificationJob[] = added.flatMap(({ entry, index }) => {
        const told = recipientsOf(after, entry)
        if (!told) return []
        return told.sides.map((side): NotificationJob => {
          const memberId = memberOf(after, side)
          return {
            kind: 'notify',
            id: `${after.id}.${index}.${memberId}`,
            communityId: after.communityId,
            memberId,
            template: told.template,
            matchId: after.id,
            followUp: null,
            notBefore: null,
          }
        })
      })
      if (jobs.length > 0) await notificationQueue.enqueue(jobs)

      const now = runtime.now()
      if (added.some(({ entry }) => entry.to === 'accepted')) {
        // The image may be old (a replayed record): only a match that is still accepted gets questions.
        const current = await stores.matches.get(after.communityId, after.id)
        if (current?.status === 'accepted') {
          const settings = await settingsOf(after.communityId)
          const acceptedAt = new Date(
            current.acceptedAt ?? added.find(({ entry }) => entry.to === 'accepted')?.entry.at ?? now,
          )
          for (const followUp of followUpsFor(current, settings, acceptedAt)) await stores.followUps.create(followUp)
        }
      }
      if (added.some(({ entry }) => isFinal(entry.to))) await cancelFor(after, now)
    },

    /**
     * One run of the follow-up worker for one community: every due question is claimed (a
     * conditional write on its version) and only then sent, reminded or escalated; then the
     * proposals that waited too long expire. A question that failed is given back and the run
     * goes on with the others; the run then fails, so the scheduler's log shows it.
     */
    async runDue(communityId: string): Promise<RunCounts> {
      const counts: RunCounts = { sent: 0, reminded: 0, escalated: 0, expired: 0 }
      const community = await stores.communities.get(communityId)
      if (!community) return counts
      const now = runtime.now()
      const loaded = new Map<string, Promise<Match | undefined>>()
      const matchOf = (id: string) => {
        let found = loaded.get(id)
        if (!found) {
          found = stores.matches.get(communityId, id)
          loaded.set(id, found)
        }
        return found
      }
      const failures: unknown[] = []
      let cursor: string | undefined
      do {
        const page = await stores.followUps.listDue(communityId, now.toISOString(), runPageSize, cursor)
        for (const followUp of page.items) {
          try {
            const done = await runOne(followUp, now, community.lifecycle, matchOf)
            if (done) counts[done]++
          } catch (error) {
            failures.push(error)
          }
        }
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      counts.expired = await matches.expireDue(communityId)
      if (failures.length > 0) {
        throw new AggregateError(
          failures,
          `${failures.length} follow-ups of ${communityId} failed; they run again next time`,
        )
      }
      return counts
    },

    /** The question behind a link, and this link's answer if it was given. No names beyond first names. */
    async lookup(token: string): Promise<FollowUpQuestion> {
      const claims = await verified(token)
      const followUp = await stores.followUps.get(claims.communityId, claims.followUpId)
      if (!followUp) throw new DomainError('LINK_INVALID')
      const [community, match] = await Promise.all([
        stores.communities.get(claims.communityId),
        stores.matches.get(claims.communityId, followUp.matchId),
      ])
      if (!community || !match) throw new DomainError('LINK_INVALID')
      const [posts, other] = await Promise.all([
        postsOf(match.communityId, [match]),
        stores.members.get(match.communityId, memberOf(match, otherSide(claims.side))),
      ])
      const otherPost = posts.get(claims.side === 'request' ? match.offerId : match.requestId)?.post
      // A floor match has no posts: the deal says what was agreed and with whom.
      const deal = dealLabels(match)
      return {
        communityName: community.name,
        step: followUp.step,
        side: claims.side,
        requestTitle: deal?.requestTitle ?? posts.get(match.requestId)?.post.title ?? '',
        offerTitle: deal?.offerTitle ?? posts.get(match.offerId)?.post.title ?? '',
        otherName:
          (deal && (claims.side === 'request' ? deal.offerName : deal.requestName)) ||
          other?.displayName ||
          otherPost?.author.displayName ||
          '',
        answered: followUp.replies[claims.side],
        expiresAt: claims.expiresAt.toISOString(),
      }
    },

    /**
     * Answers the question for the link's side: the answer is stored on the question, then the
     * match takes it (an outcome may end it). A side answers once (LINK_USED); the exact same
     * answer again returns the stored one and finishes any work a failed first try left undone,
     * so a retried click is harmless. The optional extras may follow a one-click answer once: the
     * same answer with extras, while the stored one has none, adds them to it (and to the match's
     * outcome when that came from this answer); extras a second time are LINK_USED.
     */
    async answer(body: FollowUpAnswerBody): Promise<FollowUpReply> {
      const claims = await verified(body.token)
      const { communityId, followUpId, side } = claims
      const reply: FollowUpReply = {
        answer: body.answer,
        at: runtime.now().toISOString(),
        via: 'link',
        hours: body.hours,
        knewEachOther: body.knewEachOther,
        story: body.story,
        storyConsent: body.storyConsent,
      }
      const settings = await settingsOf(communityId)
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const followUp = await stores.followUps.get(communityId, followUpId)
        if (!followUp) throw new DomainError('LINK_INVALID')
        const stored = followUp.replies[side]
        if (stored) {
          const extended = sameReply(stored, reply) ? undefined : withExtras(followUp, side, reply)
          // Lost to the worker or the other side answering at the same moment: read it again.
          if (extended && !(await stores.followUps.replace(extended, followUp.version))) continue
          const kept = extended?.replies[side] ?? stored
          await settle(followUp, side, kept, settings)
          if (hasExtras(kept)) {
            await matches.addOutcomeExtras({ communityId, matchId: followUp.matchId, side, reply: kept })
          }
          return kept
        }
        const next = applyReply(followUp, side, reply)
        // Lost to the worker or the other side answering at the same moment: read it again.
        if (!(await stores.followUps.replace(next, followUp.version))) continue
        await settle(followUp, side, reply, settings)
        return reply
      }
      throw new Error(`Follow-up ${followUpId} kept changing`)
    },

    /** The questions due or waiting for an answer, soonest first, each with its match (brokers, coordinators). */
    async listFollowUps(caller: Caller, communityId: string, query: FollowUpListQuery): Promise<FollowUpPage> {
      assertQueueWorker(caller, communityId)
      const page = await stores.followUps.listOpen(communityId, runtime.now().toISOString(), query.limit, query.cursor)
      const found = await Promise.all(
        [...new Set(page.items.map((f) => f.matchId))].map((id) => stores.matches.get(communityId, id)),
      )
      const byId = new Map(found.flatMap((m) => (m ? [[m.id, m] as const] : [])))
      const posts = await postsOf(communityId, [...byId.values()])
      return {
        items: page.items.flatMap((followUp) => {
          const match = byId.get(followUp.matchId)
          return match ? [{ ...followUp, summary: summaryOf(match, posts) }] : []
        }),
        nextCursor: page.nextCursor,
      }
    },

    /** Follow-up timings, proposal expiry and quiet hours (coordinators; COMMUNITY_CHANGED on a stale version). */
    async putLifecycleSettings(
      caller: MemberProfile,
      communityId: string,
      body: PutLifecycleSettingsBody,
    ): Promise<Community> {
      const community = await loadCommunity(stores, caller, communityId)
      if (caller.role !== 'coordinator') throw new DomainError('FORBIDDEN')
      if (community.version !== body.version) throw new DomainError('COMMUNITY_CHANGED')
      const { version: _version, ...lifecycle } = body
      const next: Community = {
        ...community,
        lifecycle,
        version: community.version + 1,
        updatedAt: runtime.now().toISOString(),
      }
      await stores.communities.put(next, body.version)
      return next
    },
  }
}
