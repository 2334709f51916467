/**
 * The rules of a match's life. Pure: the moment ("now") and the people are passed in.
 *
 * | action | from | to | who |
 * |---|---|---|---|
 * | propose | (none) | `proposed` | a side's author, or a broker for them: the first yes |
 * | accept | `proposed` | `accepted` | the side whose yes is missing: the second yes |
 * | decline | `proposed` | `declined` | the side whose yes is missing |
 * | cancel | `proposed`, `accepted` | `cancelled` | either party, with a reason |
 * | expire | `proposed` | `expired` | the system, after the community's expiry days |
 * | outcome | `accepted` | `carried-out`, `partly`, `not-carried-out` | a party, a broker, or a signed link |
 * | agreement, confirm | `accepted` | (unchanged) | either party |
 *
 * Every status change appends one `MatchTransition` to `history` (who, when, for which side,
 * why); the lifecycle worker reacts to each new entry. Writing or confirming the agreement
 * changes no status, so it adds no history entry (the agreement itself says who wrote it and
 * when each side agreed). Anything else is refused with `TRANSITION_NOT_ALLOWED`, and someone
 * who may not act for either side gets `NOT_A_PARTY`.
 *
 * Who may act for a side: its post's author; a broker or coordinator acting for that author
 * (`x-act-for`), or directly, while the author's consent covers `matches`.
 */
import type { Agreement, Match, MatchSide, MatchStatus, MatchTransition, Outcome } from '../schemas/match'
import type { MemberDetails } from '../schemas/member'
import type { FollowUpAnswer, MatchOrigin, Recurrence } from '../schemas/vocabulary'
import { hasConsent } from './auth'
import { type Caller, isStaff } from './caller'
import { DomainError } from './errors'
import type { StoredPost } from './post'

export const matchSides = ['request', 'offer'] as const satisfies readonly MatchSide[]

export const otherSide = (side: MatchSide): MatchSide => (side === 'request' ? 'offer' : 'request')

/** One match per request–offer pair: saying yes twice finds the same match. */
export const matchIdOf = (requestId: string, offerId: string): string => `${requestId}_${offerId}`

/** The member on a side of the match (the offer's author is the helper). */
export const memberOf = (match: Pick<Match, 'requestMemberId' | 'offerMemberId'>, side: MatchSide): string =>
  side === 'request' ? match.requestMemberId : match.offerMemberId

/** The post on a side of the match. */
export const postOf = (match: Pick<Match, 'requestId' | 'offerId'>, side: MatchSide): string =>
  side === 'request' ? match.requestId : match.offerId

/** An ended match: its outcome, or an exit before acceptance. */
export const isFinal = (status: MatchStatus): boolean => status !== 'proposed' && status !== 'accepted'

/** Accepted and what follows from it: the parties may see each other's contact details. */
export const contactsVisible = (status: MatchStatus): boolean =>
  status === 'accepted' || status === 'carried-out' || status === 'partly' || status === 'not-carried-out'

/** The side whose yes is still missing (proposed matches only). */
export const waitingFor = (match: Pick<Match, 'status' | 'interest'>): MatchSide | null => {
  if (match.status !== 'proposed') return null
  if (match.interest.request === null) return 'request'
  if (match.interest.offer === null) return 'offer'
  return null
}

/** Who acts, and for which sides. */
export interface Actor {
  /** The person who really acts (the broker when acting for someone); null: the system or a signed link. */
  by: string | null
  /** The sides they may act for; `viaBroker` when they act for that side's author. */
  sides: { side: MatchSide; viaBroker: boolean }[]
}

/** The system (expiry), or an answer to a follow-up question for one side (through a broker: `viaBroker`). */
export const systemActor = (side?: MatchSide, viaBroker = false): Actor => ({
  by: null,
  sides: side ? [{ side, viaBroker }] : [],
})

/**
 * The sides `caller` may act for. A resident acts for their own side. A broker or coordinator
 * acting for a resident (`x-act-for`) acts for that resident's side, and one acting directly
 * acts for each side whose author is a resident: both only while the resident's consent covers
 * `matches`. `members` are the authors of the two sides (needed only for staff acting directly).
 *
 * Refuses with `CONSENT_REQUIRED` when a broker would act without consent, `NOT_A_PARTY` when
 * the caller has nothing to do with the match.
 */
export const actorFor = (
  caller: Caller,
  match: Match,
  members: Partial<Record<MatchSide, MemberDetails | undefined>> = {},
): Actor => {
  const by = (caller.actedBy ?? caller).id
  const own = matchSides.filter((side) => memberOf(match, side) === caller.id)
  if (caller.actedBy) {
    if (own.length === 0) throw new DomainError('NOT_A_PARTY')
    if (!hasConsent(caller, 'matches')) throw new DomainError('CONSENT_REQUIRED')
    return { by, sides: own.map((side) => ({ side, viaBroker: true })) }
  }
  const sides = own.map((side) => ({ side, viaBroker: false }))
  if (isStaff(caller)) {
    for (const side of matchSides) {
      const author = members[side]
      if (own.includes(side) || !author || author.id !== memberOf(match, side)) continue
      if (author.kind === 'resident' && author.status === 'active' && hasConsent(author, 'matches')) {
        sides.push({ side, viaBroker: true })
      }
    }
    if (sides.length === 0) throw new DomainError('CONSENT_REQUIRED')
  }
  if (sides.length === 0) throw new DomainError('NOT_A_PARTY')
  return { by, sides }
}

/** The version the caller saw must still be the match's (the store's condition makes it safe). */
export const assertVersion = (match: Match, expectedVersion: number): void => {
  if (match.version !== expectedVersion) throw new DomainError('MATCH_CHANGED')
}

const refuse = (): never => {
  throw new DomainError('TRANSITION_NOT_ALLOWED')
}

/** The first of the actor's sides that passes `fits`; NOT_A_PARTY without sides, else TRANSITION_NOT_ALLOWED. */
const pickSide = (actor: Actor, fits: (side: MatchSide) => boolean): { side: MatchSide; viaBroker: boolean } => {
  if (actor.sides.length === 0) throw new DomainError('NOT_A_PARTY')
  return actor.sides.find((s) => fits(s.side)) ?? refuse()
}

/** The match moved to `to`, with one more history entry. */
const moved = (
  match: Match,
  to: MatchStatus,
  step: { at: Date; by: string | null; viaBroker: boolean; side: MatchSide | null; reason: string },
  change: Partial<Match> = {},
): Match => {
  const at = step.at.toISOString()
  const entry: MatchTransition = {
    at,
    from: match.status,
    to,
    by: step.by,
    viaBroker: step.viaBroker,
    side: step.side,
    reason: step.reason,
  }
  return {
    ...match,
    ...change,
    status: to,
    history: [...match.history, entry],
    ...(isFinal(to) ? { endedAt: at } : {}),
    updatedAt: at,
    version: match.version + 1,
  }
}

/** The first yes: a new match, proposed, waiting for the other side. */
export const proposedMatch = (args: {
  communityId: string
  request: { id: string; memberId: string }
  offer: { id: string; memberId: string }
  side: MatchSide
  actor: Actor
  message: string
  score: number
  origin?: MatchOrigin
  now: Date
}): Match => {
  const { side, now } = args
  const acting = pickSide(args.actor, (s) => s === side)
  const at = now.toISOString()
  const author = side === 'request' ? args.request.memberId : args.offer.memberId
  const interest = { at, by: args.actor.by ?? author, viaBroker: acting.viaBroker, message: args.message }
  return {
    id: matchIdOf(args.request.id, args.offer.id),
    communityId: args.communityId,
    requestId: args.request.id,
    offerId: args.offer.id,
    requestMemberId: args.request.memberId,
    offerMemberId: args.offer.memberId,
    origin: args.origin ?? 'suggestion',
    event: null,
    status: 'proposed',
    interest: { request: null, offer: null, [side]: interest },
    score: args.score,
    agreement: null,
    outcome: null,
    history: [{ at, from: null, to: 'proposed', by: args.actor.by, viaBroker: acting.viaBroker, side, reason: '' }],
    acceptedAt: null,
    endedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
}

/** The second yes, by the side still to answer: both agreed, contact details become visible. */
export const acceptedMatch = (match: Match, actor: Actor, now: Date, message = ''): Match => {
  const acting = pickSide(actor, (side) => match.status === 'proposed' && match.interest[side] === null)
  const at = now.toISOString()
  const interest = { at, by: actor.by ?? memberOf(match, acting.side), viaBroker: acting.viaBroker, message }
  return moved(
    match,
    'accepted',
    { at: now, by: actor.by, viaBroker: acting.viaBroker, side: acting.side, reason: '' },
    { interest: { ...match.interest, [acting.side]: interest }, acceptedAt: at },
  )
}

/** No, by the side still to answer (the side that said yes withdraws with `cancel`). */
export const declinedMatch = (match: Match, actor: Actor, now: Date, reason = ''): Match => {
  const acting = pickSide(actor, (side) => match.status === 'proposed' && match.interest[side] === null)
  return moved(match, 'declined', { at: now, by: actor.by, viaBroker: acting.viaBroker, side: acting.side, reason })
}

/** Either party withdraws, before or after acceptance, with a reason. */
export const cancelledMatch = (match: Match, actor: Actor, now: Date, reason: string): Match => {
  const acting = pickSide(actor, () => match.status === 'proposed' || match.status === 'accepted')
  return moved(match, 'cancelled', { at: now, by: actor.by, viaBroker: acting.viaBroker, side: acting.side, reason })
}

/** Nobody answered in time: the system ends the proposal. */
export const expiredMatch = (match: Match, now: Date, reason: string): Match => {
  if (match.status !== 'proposed') refuse()
  return moved(match, 'expired', { at: now, by: null, viaBroker: false, side: null, reason })
}

/** What a party (or a broker, or a signed link) says about how it went. */
export interface OutcomeReport {
  answer: Exclude<FollowUpAnswer, 'still-running'>
  via: Outcome['via']
  hours: number | null
  knewEachOther: boolean | null
  story: string | null
  storyConsent: boolean
}

/**
 * How it went ends an accepted match: carried out, partly, or not. An answer given in the app
 * counts as given `via: 'broker'` when a broker gave it for the party.
 */
export const matchWithOutcome = (match: Match, actor: Actor, now: Date, report: OutcomeReport, reason = ''): Match => {
  const acting = pickSide(actor, () => match.status === 'accepted')
  const outcome: Outcome = {
    answer: report.answer,
    at: now.toISOString(),
    by: actor.by,
    side: acting.side,
    via: report.via === 'link' ? 'link' : acting.viaBroker ? 'broker' : 'app',
    hours: report.hours,
    knewEachOther: report.knewEachOther,
    story: report.story,
    storyConsent: report.storyConsent && (report.story ?? '') !== '',
  }
  return moved(
    match,
    report.answer,
    { at: now, by: actor.by, viaBroker: acting.viaBroker, side: acting.side, reason },
    { outcome },
  )
}

export type AgreementTerms = Pick<
  Agreement,
  'what' | 'startsOn' | 'startTime' | 'durationMinutes' | 'recurrence' | 'endsOn' | 'place'
>

/** Either party writes what, when and how often; writing it is agreeing to it for the writer's side. */
export const matchWithAgreement = (match: Match, actor: Actor, now: Date, terms: AgreementTerms): Match => {
  const acting = pickSide(actor, () => match.status === 'accepted')
  const at = now.toISOString()
  const agreement: Agreement = {
    ...terms,
    setBy: actor.by ?? memberOf(match, acting.side),
    setAt: at,
    confirmed: { request: null, offer: null, [acting.side]: at },
  }
  return { ...match, agreement, updatedAt: at, version: match.version + 1 }
}

/** The other side agrees to the agreement as written (confirming one's own again changes only the time). */
export const matchWithConfirmedAgreement = (match: Match, actor: Actor, now: Date): Match => {
  const acting = pickSide(actor, () => match.status === 'accepted')
  if (!match.agreement) throw new DomainError('AGREEMENT_MISSING')
  const at = now.toISOString()
  // A broker acting directly may speak for both sides: confirm the side that has not agreed yet.
  const side = actor.sides.find((s) => match.agreement?.confirmed[s.side] === null)?.side ?? acting.side
  return {
    ...match,
    agreement: { ...match.agreement, confirmed: { ...match.agreement.confirmed, [side]: at } },
    updatedAt: at,
    version: match.version + 1,
  }
}

/** What an ending match does to a post's active-match count. */
export type PostEffect =
  /** Nothing: the match never held a unit, or a one-off post keeps the unit it used. */
  | 'keep'
  /** One unit back: −1. */
  | 'release'
  /** The one-off post is done: closed as fulfilled (its count stays). */
  | 'close'

export interface PostFacts {
  recurrence: Recurrence
  quantity: number
  activeMatches: number
  status: 'open' | 'closed'
}

export interface EndEffects {
  /** The helper's (offer author's) active-match count: −1 when an accepted match ends. */
  helper: 0 | -1
  request: PostEffect
  offer: PostEffect
}

/**
 * The counters when a match ends. Only an accepted match holds units (one of each post, one of
 * the helper's capacity). Cancelled or not carried out: everything is given back. Carried out
 * (or partly): a recurring post gets its unit back and stays open; a one-off post keeps the unit
 * it used, and is closed as fulfilled once every unit is used.
 */
export const endEffects = (
  before: MatchStatus,
  after: MatchStatus,
  posts: Partial<Record<MatchSide, PostFacts | undefined>>,
): EndEffects => {
  if (before !== 'accepted' || !isFinal(after)) return { helper: 0, request: 'keep', offer: 'keep' }
  const effect = (facts: PostFacts | undefined): PostEffect => {
    if (!facts) return 'keep'
    if (after === 'cancelled' || after === 'not-carried-out') return 'release'
    if (facts.recurrence !== 'once') return 'release'
    return facts.status === 'open' && facts.activeMatches >= facts.quantity ? 'close' : 'keep'
  }
  return { helper: -1, request: effect(posts.request), offer: effect(posts.offer) }
}

/**
 * A one-off post whose every unit was used: closed as fulfilled, like a post its author closes
 * (kept for the community's retention period, then removed by DynamoDB's TTL).
 */
export const fulfilledPost = (stored: StoredPost, now: Date, retentionDays: number): StoredPost => ({
  areaPath: stored.areaPath,
  ...(stored.authorFacts ? { authorFacts: stored.authorFacts } : {}),
  post: {
    ...stored.post,
    status: 'closed',
    closeReason: 'fulfilled',
    closeNote: null,
    referral: null,
    version: stored.post.version + 1,
    updatedAt: now.toISOString(),
  },
  expiresAt: Math.floor(now.getTime() / 1000) + retentionDays * 24 * 60 * 60,
})

/** The facts `endEffects` reads about a post. */
export const postFacts = (stored: StoredPost | undefined): PostFacts | undefined =>
  stored
    ? {
        recurrence: stored.post.availability.recurrence,
        quantity: stored.post.quantity,
        activeMatches: stored.post.activeMatches,
        status: stored.post.status,
      }
    : undefined
