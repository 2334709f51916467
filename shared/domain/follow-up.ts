/**
 * Rules of the automatic follow-up of accepted matches. Pure: the moment ("now") and the
 * community's settings are passed in.
 *
 * A follow-up is one question about one match at one step, asked of both parties:
 *
 * - `scheduled` → `sent` (the worker sends the question when it is due; due again after
 *   `reminderDays`) → `reminded` (the one reminder; due again after `reminderDays`) →
 *   `escalated` (still no answer: a broker phones; the worker leaves it alone from then on);
 * - the first answer of either side makes it `answered` (each side answers once; the other side
 *   may still answer later);
 * - a match that ends first makes it `cancelled` (a late answer is still stored on it).
 *
 * Ids are deterministic, so that a replayed stream record or a retried answer never creates a
 * question twice: `<matchId>.<step>` for the questions made at acceptance; a "still running"
 * answer at an outcome or event step asks again `outcomeDays` later under the next id of its
 * chain: `<matchId>.outcome` → `<matchId>.outcome-2` → `<matchId>.outcome-3` …, and likewise
 * `event-3m-2`, `event-6m-2` … (their step is `outcome`).
 */
import type { FollowUp, FollowUpReply, LifecycleSettings, Match, MatchSide, MatchTransition } from '../schemas/match'
import type { FollowUpStep, NotificationTemplate } from '../schemas/vocabulary'
import { DomainError } from './errors'
import { otherSide } from './match'

const dayMs = 24 * 60 * 60 * 1000
const addDays = (instant: Date, days: number) => new Date(instant.getTime() + days * dayMs)

/** The statuses the worker still acts on (the sparse due index lists only these). */
export const activeFollowUpStatuses = ['scheduled', 'sent', 'reminded'] as const
export const isActiveFollowUp = (followUp: Pick<FollowUp, 'status'>): boolean =>
  (activeFollowUpStatuses as readonly string[]).includes(followUp.status)

/** The steps a match's first follow-ups are made for: also the heads of the re-ask chains. */
export const followUpChainHeads: readonly FollowUpStep[] = ['contact', 'outcome', 'event-3m', 'event-6m']

export const followUpId = (matchId: string, suffix: string): string => `${matchId}.${suffix}`

/** `<matchId>.<head>` or `<matchId>.<head>-<n>`: the chain head and the number in it (1 for the head). */
export const parseFollowUpId = (id: string): { matchId: string; head: string; round: number } | undefined => {
  const dot = id.lastIndexOf('.')
  if (dot < 1) return undefined
  const matchId = id.slice(0, dot)
  const suffix = id.slice(dot + 1)
  const numbered = /^(.+)-(\d+)$/.exec(suffix)
  if (numbered?.[1] && numbered[2] && followUpChainHeads.includes(numbered[1] as FollowUpStep)) {
    return { matchId, head: numbered[1], round: Number(numbered[2]) }
  }
  return followUpChainHeads.includes(suffix as FollowUpStep) ? { matchId, head: suffix, round: 1 } : undefined
}

/** The id of the question asked after this one while help is still running. */
export const nextInChain = (id: string): string => {
  const parsed = parseFollowUpId(id)
  if (!parsed) throw new Error(`Not a follow-up id: ${id}`)
  return followUpId(parsed.matchId, `${parsed.head}-${parsed.round + 1}`)
}

const newFollowUp = (match: Match, id: string, step: FollowUpStep, dueAt: Date, now: Date): FollowUp => ({
  id,
  communityId: match.communityId,
  matchId: match.id,
  step,
  status: 'scheduled',
  dueAt: dueAt.toISOString(),
  sentAt: null,
  remindedAt: null,
  replies: { request: null, offer: null },
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  version: 1,
})

/**
 * The follow-ups to make when a match is accepted: for a match from a suggestion "did you get in
 * touch?" after `contactDays` and "did it happen?" after `outcomeDays`; for a match made at an
 * event "was the agreement carried out?" after `eventDays[0]` and `eventDays[1]`. Everything is
 * derived from the match and its acceptance time, so making them again gives the same items.
 */
export const followUpsFor = (match: Match, settings: LifecycleSettings, acceptedAt: Date): FollowUp[] => {
  const at = (step: FollowUpStep, days: number) =>
    newFollowUp(match, followUpId(match.id, step), step, addDays(acceptedAt, days), acceptedAt)
  return match.origin === 'event'
    ? [at('event-3m', settings.eventDays[0]), at('event-6m', settings.eventDays[1])]
    : [at('contact', settings.contactDays), at('outcome', settings.outcomeDays)]
}

export type FollowUpAction = 'send' | 'remind' | 'escalate'

/**
 * What a worker run does with a follow-up: send the question when it is due, remind once
 * `reminderDays` later, escalate to a broker another `reminderDays` later. Undefined when it is
 * not due yet or no longer active.
 */
export const nextOnRun = (
  followUp: FollowUp,
  now: Date,
  settings: LifecycleSettings,
): { action: FollowUpAction; next: FollowUp } | undefined => {
  if (!isActiveFollowUp(followUp) || Date.parse(followUp.dueAt) > now.getTime()) return undefined
  const at = now.toISOString()
  const bumped = { ...followUp, updatedAt: at, version: followUp.version + 1 }
  const again = addDays(now, settings.reminderDays).toISOString()
  switch (followUp.status) {
    case 'scheduled':
      return { action: 'send', next: { ...bumped, status: 'sent', sentAt: at, dueAt: again } }
    case 'sent':
      return { action: 'remind', next: { ...bumped, status: 'reminded', remindedAt: at, dueAt: again } }
    default:
      // Out of the due index from now on; `dueAt` records when it went to the brokers.
      return { action: 'escalate', next: { ...bumped, status: 'escalated', dueAt: at } }
  }
}

/** The same answer with the same extras: a retried click, not a second answer. */
export const sameReply = (a: FollowUpReply, b: FollowUpReply): boolean =>
  a.answer === b.answer &&
  a.hours === b.hours &&
  a.knewEachOther === b.knewEachOther &&
  (a.story ?? '') === (b.story ?? '') &&
  a.storyConsent === b.storyConsent

/** The steps at which "still running" means: ask again later. */
const reaskSteps: readonly FollowUpStep[] = ['outcome', 'event-3m', 'event-6m']

/**
 * The question to ask `outcomeDays` after a "still running" answer at an outcome or event step
 * (the next id of its chain, step `outcome`); undefined for any other answer, and for a question
 * whose match ended. Derived from the reply alone, so a retried answer gives the same question.
 */
export const reaskAfter = (
  followUp: FollowUp,
  reply: FollowUpReply,
  settings: LifecycleSettings,
): FollowUp | undefined => {
  if (reply.answer !== 'still-running' || !reaskSteps.includes(followUp.step) || followUp.status === 'cancelled') {
    return undefined
  }
  return {
    ...followUp,
    id: nextInChain(followUp.id),
    step: 'outcome',
    status: 'scheduled',
    dueAt: addDays(new Date(reply.at), settings.outcomeDays).toISOString(),
    sentAt: null,
    remindedAt: null,
    replies: { request: null, offer: null },
    createdAt: reply.at,
    updatedAt: reply.at,
    version: 1,
  }
}

/**
 * One side's answer to a follow-up. Each side answers once (LINK_USED when it already did; the
 * service returns the stored answer instead when the same answer comes again). The first answer
 * of either side makes the question `answered`; an answer after the match ended is stored on the
 * cancelled question.
 */
export const applyReply = (followUp: FollowUp, side: MatchSide, reply: FollowUpReply): FollowUp => {
  if (followUp.replies[side]) throw new DomainError('LINK_USED')
  return {
    ...followUp,
    status: followUp.status === 'cancelled' ? 'cancelled' : 'answered',
    replies: { ...followUp.replies, [side]: reply },
    updatedAt: reply.at,
    version: followUp.version + 1,
  }
}

/** Whether a reply carries any of the optional extras (hours, knew each other, a story). */
export const hasExtras = (reply: Pick<FollowUpReply, 'hours' | 'knewEachOther' | 'story'>): boolean =>
  reply.hours !== null || reply.knewEachOther !== null || (reply.story ?? '') !== ''

/**
 * The optional extras added once to a one-click answer: only to this side's stored answer, only
 * with the same answer, and only while it has no extras yet (else LINK_USED). The answer keeps
 * its time; the question's status does not change.
 */
export const withExtras = (followUp: FollowUp, side: MatchSide, extras: FollowUpReply): FollowUp => {
  const stored = followUp.replies[side]
  if (!stored || stored.answer !== extras.answer || hasExtras(stored)) throw new DomainError('LINK_USED')
  const story = (extras.story ?? '') === '' ? null : extras.story
  const reply: FollowUpReply = {
    ...stored,
    hours: extras.hours,
    knewEachOther: extras.knewEachOther,
    story,
    storyConsent: extras.storyConsent && story !== null,
  }
  return {
    ...followUp,
    replies: { ...followUp.replies, [side]: reply },
    updatedAt: extras.at,
    version: followUp.version + 1,
  }
}

/** The match ended before the question was answered: the worker leaves it alone. */
export const cancelledFollowUp = (followUp: FollowUp, now: Date): FollowUp => ({
  ...followUp,
  status: 'cancelled',
  updatedAt: now.toISOString(),
  version: followUp.version + 1,
})

/**
 * Who is told about a step in the life of a match (`to` of a new history entry), and with which
 * message: → proposed: the side whose yes is missing; → accepted: both; → declined and → expired:
 * the side that had said yes; → cancelled: the other side (both when nobody's side is known).
 * The outcome statuses tell nobody: the parties gave the outcome themselves.
 */
export const recipientsOf = (
  match: Pick<Match, 'interest'>,
  transition: Pick<MatchTransition, 'to' | 'side'>,
): { template: NotificationTemplate; sides: MatchSide[] } | undefined => {
  const both: MatchSide[] = ['request', 'offer']
  const saidYes = both.filter((side) => match.interest[side] !== null)
  switch (transition.to) {
    case 'proposed':
      return {
        template: 'match-proposed',
        sides: transition.side ? [otherSide(transition.side)] : both.filter((side) => match.interest[side] === null),
      }
    case 'accepted':
      return { template: 'match-accepted', sides: both }
    case 'declined':
      return { template: 'match-declined', sides: transition.side ? [otherSide(transition.side)] : saidYes }
    case 'expired':
      return { template: 'match-expired', sides: saidYes }
    case 'cancelled':
      return { template: 'match-cancelled', sides: transition.side ? [otherSide(transition.side)] : both }
    default:
      return undefined
  }
}
