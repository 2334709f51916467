import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Caller } from '../../shared/domain/caller'
import { DomainError } from '../../shared/domain/errors'
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
  isFinal,
  matchIdOf,
  matchWithAgreement,
  matchWithConfirmedAgreement,
  matchWithOutcome,
  type PostFacts,
  proposedMatch,
  systemActor,
  waitingFor,
} from '../../shared/domain/match'
import { brokenConstraint, compile, type MatchPost, matchContext } from '../../shared/domain/matching'
import { newPost } from '../../shared/domain/post'
import { type Match, type MatchStatus, matchSchema } from '../../shared/schemas/match'
import type { MemberDetails } from '../../shared/schemas/member'
import { matchStatuses } from '../../shared/schemas/vocabulary'
import { matchInputs } from '../../shared/services/matching-service'
import { member, testCommunity, validPostBody } from '../support/fixtures'

const now = new Date('2026-11-23T10:00:00.000Z')
const later = new Date('2026-11-24T10:00:00.000Z')

const consent = (covers: ('posts' | 'matches' | 'contact')[]): MemberDetails['consents'][number] => ({
  givenOn: '2026-01-01',
  method: 'phone',
  covers,
  recordedBy: 'samira',
  recordedAt: '2026-01-01T00:00:00.000Z',
  withdrawnAt: null,
})

/** Henk asks (his consent covers matches), Anna helps. */
const henk = (covers: ('posts' | 'matches' | 'contact')[] = ['posts', 'matches']): MemberDetails => ({
  ...member('henk'),
  consents: [consent(covers)],
})
const anna = member('anna')
const samira = member('samira')
const jeroen = member('jeroen')
const fatima = member('fatima')
const brug = member('stichting-de-brug')

const actingFor = (resident: MemberDetails, broker: MemberDetails = samira): Caller => ({
  ...resident,
  actedBy: broker,
})

const party = (side: 'request' | 'offer', by: string, viaBroker = false): Actor => ({
  by,
  sides: [{ side, viaBroker }],
})

/** Henk's request and Anna's offer; Henk said yes first. */
const proposed = (): Match =>
  proposedMatch({
    communityId: 'lindeveen',
    request: { id: 'req0000000000000001', memberId: 'henk' },
    offer: { id: 'off0000000000000001', memberId: 'anna' },
    side: 'request',
    actor: party('request', 'henk'),
    message: 'Graag!',
    score: 42,
    now,
  })

const accepted = (): Match => acceptedMatch(proposed(), party('offer', 'anna'), later, 'Ik kom!')

const terms = {
  what: 'Boodschappen doen bij de Jumbo',
  startsOn: '2026-12-01',
  startTime: '10:00',
  durationMinutes: 60,
  recurrence: 'weekly' as const,
  endsOn: null,
  place: 'Oude Markt',
}

const report = (answer: 'carried-out' | 'partly' | 'not-carried-out' = 'carried-out') => ({
  answer,
  via: 'app' as const,
  hours: 2,
  knewEachOther: false,
  story: 'Het ging goed.',
  storyConsent: true,
})

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return undefined
}

/** A match of each status, reached through allowed transitions only. */
const inStatus = (status: MatchStatus): Match => {
  const actor = party('request', 'henk')
  switch (status) {
    case 'proposed':
      return proposed()
    case 'accepted':
      return accepted()
    case 'declined':
      return declinedMatch(proposed(), party('offer', 'anna'), later, 'Geen tijd')
    case 'cancelled':
      return cancelledMatch(accepted(), actor, later, 'Verhuisd')
    case 'expired':
      return expiredMatch(proposed(), later, 'no answer within 14 days')
    default:
      return matchWithOutcome(accepted(), actor, later, report(status))
  }
}

describe('the first yes', () => {
  it('makes a proposed match for the pair, waiting for the other side, with who and when', () => {
    const match = proposed()
    expect(matchSchema.parse(match)).toEqual(match)
    expect(match).toMatchObject({
      id: matchIdOf('req0000000000000001', 'off0000000000000001'),
      status: 'proposed',
      requestMemberId: 'henk',
      offerMemberId: 'anna',
      interest: { request: { by: 'henk', viaBroker: false, message: 'Graag!', at: now.toISOString() }, offer: null },
      version: 1,
      acceptedAt: null,
      endedAt: null,
    })
    expect(match.history).toEqual([
      { at: now.toISOString(), from: null, to: 'proposed', by: 'henk', viaBroker: false, side: 'request', reason: '' },
    ])
    expect(waitingFor(match)).toBe('offer')
  })

  it('records a broker who says it for the author', () => {
    const match = proposedMatch({
      communityId: 'lindeveen',
      request: { id: 'req0000000000000001', memberId: 'henk' },
      offer: { id: 'off0000000000000001', memberId: 'anna' },
      side: 'request',
      actor: party('request', 'samira', true),
      message: '',
      score: 1,
      now,
    })
    expect(match.interest.request).toMatchObject({ by: 'samira', viaBroker: true })
    expect(match.history[0]).toMatchObject({ by: 'samira', viaBroker: true, side: 'request' })
  })
})

describe('the transition table', () => {
  const actions: Record<string, { allowedFrom: MatchStatus[]; run: (m: Match) => Match }> = {
    accept: { allowedFrom: ['proposed'], run: (m) => acceptedMatch(m, party('offer', 'anna'), later) },
    decline: { allowedFrom: ['proposed'], run: (m) => declinedMatch(m, party('offer', 'anna'), later, 'Nee') },
    cancel: {
      allowedFrom: ['proposed', 'accepted'],
      run: (m) => cancelledMatch(m, party('request', 'henk'), later, 'Toch niet'),
    },
    expire: { allowedFrom: ['proposed'], run: (m) => expiredMatch(m, later, 'verlopen') },
    outcome: {
      allowedFrom: ['accepted'],
      run: (m) => matchWithOutcome(m, party('offer', 'anna'), later, report()),
    },
    agreement: { allowedFrom: ['accepted'], run: (m) => matchWithAgreement(m, party('offer', 'anna'), later, terms) },
    confirm: {
      allowedFrom: ['accepted'],
      run: (m) =>
        matchWithConfirmedAgreement(
          m.agreement
            ? m
            : { ...m, agreement: matchWithAgreement(accepted(), party('offer', 'anna'), now, terms).agreement },
          party('request', 'henk'),
          later,
        ),
    },
  }

  for (const [action, { allowedFrom, run }] of Object.entries(actions)) {
    for (const status of matchStatuses) {
      const allowed = allowedFrom.includes(status)
      it(`${action} from ${status}: ${allowed ? 'allowed' : 'TRANSITION_NOT_ALLOWED'}`, () => {
        const match = inStatus(status)
        const before = structuredClone(match)
        if (allowed) {
          const next = run(match)
          expect(matchSchema.parse(next)).toEqual(next)
          expect(next.version).toBe(match.version + 1)
          expect(next.updatedAt).toBe(later.toISOString())
        } else {
          expect(codeOf(() => run(match))).toBe('TRANSITION_NOT_ALLOWED')
        }
        // Pure: the input is never changed.
        expect(match).toEqual(before)
      })
    }
  }

  it('ends in the final statuses and nowhere else', () => {
    expect(matchStatuses.filter(isFinal)).toEqual([
      'carried-out',
      'partly',
      'not-carried-out',
      'declined',
      'cancelled',
      'expired',
    ])
  })
})

describe('who may take each step', () => {
  it('accept and decline: only the side whose yes is missing', () => {
    expect(codeOf(() => acceptedMatch(proposed(), party('request', 'henk'), later))).toBe('TRANSITION_NOT_ALLOWED')
    expect(codeOf(() => declinedMatch(proposed(), party('request', 'henk'), later))).toBe('TRANSITION_NOT_ALLOWED')
    expect(codeOf(() => acceptedMatch(proposed(), { by: 'fatima', sides: [] }, later))).toBe('NOT_A_PARTY')
    expect(codeOf(() => cancelledMatch(proposed(), { by: 'fatima', sides: [] }, later, 'x'))).toBe('NOT_A_PARTY')
  })

  it('accept: both said yes, with who, when and for which side', () => {
    const match = acceptedMatch(proposed(), party('offer', 'samira', true), later, 'Ik regel het')
    expect(match).toMatchObject({
      status: 'accepted',
      acceptedAt: later.toISOString(),
      interest: { request: { by: 'henk' }, offer: { by: 'samira', viaBroker: true, message: 'Ik regel het' } },
      version: 2,
    })
    expect(match.history.at(-1)).toEqual({
      at: later.toISOString(),
      from: 'proposed',
      to: 'accepted',
      by: 'samira',
      viaBroker: true,
      side: 'offer',
      reason: '',
    })
    expect(waitingFor(match)).toBeNull()
  })

  it('cancel and decline keep the reason; every ending sets endedAt', () => {
    const cancelled = cancelledMatch(accepted(), party('offer', 'anna'), later, 'Ik ben ziek')
    expect(cancelled.history.at(-1)).toMatchObject({
      from: 'accepted',
      to: 'cancelled',
      side: 'offer',
      reason: 'Ik ben ziek',
    })
    expect(cancelled.endedAt).toBe(later.toISOString())
    const declined = declinedMatch(proposed(), party('offer', 'anna'), later, 'Past niet')
    expect(declined.history.at(-1)).toMatchObject({ from: 'proposed', to: 'declined', reason: 'Past niet' })
  })

  it('expire is the system’s: nobody, no side', () => {
    const expired = expiredMatch(proposed(), later, 'no answer within 14 days')
    expect(expired.history.at(-1)).toMatchObject({ to: 'expired', by: null, side: null, viaBroker: false })
  })

  it('outcome: from the app, through a broker, or from a signed link', () => {
    const app = matchWithOutcome(accepted(), party('offer', 'anna'), later, report('partly'))
    expect(app).toMatchObject({ status: 'partly', outcome: { via: 'app', by: 'anna', side: 'offer', hours: 2 } })
    const broker = matchWithOutcome(accepted(), party('request', 'samira', true), later, report())
    expect(broker.outcome).toMatchObject({ via: 'broker', by: 'samira', side: 'request' })
    const link = matchWithOutcome(accepted(), systemActor('request'), later, { ...report(), via: 'link' })
    expect(link.outcome).toMatchObject({ via: 'link', by: null, side: 'request' })
    expect(link.history.at(-1)).toMatchObject({ by: null, side: 'request', to: 'carried-out' })
    // Consent to use a story needs a story.
    const silent = matchWithOutcome(accepted(), party('offer', 'anna'), later, { ...report(), story: null })
    expect(silent.outcome?.storyConsent).toBe(false)
  })

  it('agreement: the writer’s side agrees by writing it, the other confirms; no status change, no history entry', () => {
    const match = accepted()
    const written = matchWithAgreement(match, party('offer', 'anna'), later, terms)
    expect(written.agreement).toMatchObject({
      ...terms,
      setBy: 'anna',
      confirmed: { request: null, offer: later.toISOString() },
    })
    expect(written.history).toEqual(match.history)
    expect(written.status).toBe('accepted')
    const confirmed = matchWithConfirmedAgreement(written, party('request', 'henk'), later)
    expect(confirmed.agreement?.confirmed).toEqual({ request: later.toISOString(), offer: later.toISOString() })
    expect(confirmed.history).toEqual(match.history)
    expect(codeOf(() => matchWithConfirmedAgreement(match, party('request', 'henk'), later))).toBe('AGREEMENT_MISSING')
  })

  it('a stale version is MATCH_CHANGED', () => {
    expect(codeOf(() => assertVersion(accepted(), 1))).toBe('MATCH_CHANGED')
    expect(codeOf(() => assertVersion(accepted(), 2))).toBeUndefined()
  })
})

describe('acting for a side', () => {
  const match = proposed()

  it('the author acts for their own side; anyone else is not a party', () => {
    expect(actorFor(anna, match)).toEqual({ by: 'anna', sides: [{ side: 'offer', viaBroker: false }] })
    expect(actorFor(henk(), match)).toEqual({ by: 'henk', sides: [{ side: 'request', viaBroker: false }] })
    expect(codeOf(() => actorFor(fatima, match))).toBe('NOT_A_PARTY')
    expect(codeOf(() => actorFor(brug, match))).toBe('NOT_A_PARTY')
  })

  it('a broker acting for the author (x-act-for) needs their consent for matches', () => {
    expect(actorFor(actingFor(henk()), match)).toEqual({ by: 'samira', sides: [{ side: 'request', viaBroker: true }] })
    expect(actorFor(actingFor(henk(), jeroen), match)).toMatchObject({ by: 'jeroen' })
    expect(codeOf(() => actorFor(actingFor(henk(['posts'])), match))).toBe('CONSENT_REQUIRED')
    const withdrawn = { ...henk(), consents: [{ ...consent(['posts', 'matches']), withdrawnAt: now.toISOString() }] }
    expect(codeOf(() => actorFor(actingFor(withdrawn), match))).toBe('CONSENT_REQUIRED')
    // Acting for someone who is not a party gives nothing.
    expect(codeOf(() => actorFor(actingFor({ ...fatima, consents: [consent(['matches'])] }), match))).toBe(
      'NOT_A_PARTY',
    )
  })

  it('a broker acting directly acts for each side whose resident consented, and for nobody else', () => {
    expect(actorFor(samira, match, { request: henk(), offer: anna })).toEqual({
      by: 'samira',
      sides: [{ side: 'request', viaBroker: true }],
    })
    expect(codeOf(() => actorFor(samira, match, { request: henk(['posts']), offer: anna }))).toBe('CONSENT_REQUIRED')
    expect(codeOf(() => actorFor(jeroen, match, {}))).toBe('CONSENT_REQUIRED')
    // An author that is not who the match says is ignored.
    expect(codeOf(() => actorFor(samira, match, { request: { ...henk(), id: 'wim' } }))).toBe('CONSENT_REQUIRED')
  })
})

describe('the counters when a match ends', () => {
  const once = (activeMatches: number, quantity = 1): PostFacts => ({
    recurrence: 'once',
    quantity,
    activeMatches,
    status: 'open',
  })
  const weekly = (activeMatches: number): PostFacts => ({ ...once(activeMatches, 2), recurrence: 'weekly' })

  it.each([
    ['cancelled', 'release', 'release'],
    ['not-carried-out', 'release', 'release'],
  ] as const)('%s: every unit back', (status, request, offer) => {
    expect(endEffects('accepted', status, { request: once(1), offer: weekly(1) })).toEqual({
      helper: -1,
      request,
      offer,
    })
  })

  it('carried out or partly: a one-off post keeps its unit and closes when full; a recurring post gets it back', () => {
    for (const status of ['carried-out', 'partly'] as const) {
      expect(endEffects('accepted', status, { request: once(1), offer: weekly(1) })).toEqual({
        helper: -1,
        request: 'close',
        offer: 'release',
      })
      // A one-off offer of 3 with one unit used stays open, its count unchanged.
      expect(endEffects('accepted', status, { request: weekly(2), offer: once(1, 3) })).toEqual({
        helper: -1,
        request: 'release',
        offer: 'keep',
      })
      // Already closed: nothing to close.
      expect(endEffects('accepted', status, { request: { ...once(1), status: 'closed' } }).request).toBe('keep')
    }
  })

  it('a match that was never accepted held no unit', () => {
    for (const after of ['declined', 'cancelled', 'expired'] as const) {
      expect(endEffects('proposed', after, { request: once(0), offer: once(0) })).toEqual({
        helper: 0,
        request: 'keep',
        offer: 'keep',
      })
    }
  })

  it('a post that is gone is left alone', () => {
    expect(endEffects('accepted', 'cancelled', {})).toEqual({ helper: -1, request: 'keep', offer: 'keep' })
  })

  it('a fulfilled one-off post closes like a post its author closes, with its retention', () => {
    const stored = newPost({
      id: 'req0000000000000001',
      community: testCommunity,
      author: anna,
      body: validPostBody({ availability: { dayParts: ['tue-morning'], recurrence: 'once' } }),
      now,
    })
    const closed = fulfilledPost({ ...stored, post: { ...stored.post, activeMatches: 1 } }, later, 365)
    expect(closed.post).toMatchObject({
      status: 'closed',
      closeReason: 'fulfilled',
      activeMatches: 1,
      version: 2,
      updatedAt: later.toISOString(),
    })
    expect(closed.expiresAt).toBe(later.getTime() / 1000 + 365 * 24 * 60 * 60)
  })
})

describe('what the parties see', () => {
  it('contact details only once both accepted (and after the outcome), never before or after an exit', () => {
    expect(matchStatuses.filter(contactsVisible)).toEqual(['accepted', 'carried-out', 'partly', 'not-carried-out'])
  })
})

describe('matching follows the counters', () => {
  const context = matchContext(testCommunity, now)
  const post = (overrides: Partial<MatchPost>): MatchPost => ({
    id: 'req0000000000000001',
    communityId: 'lindeveen',
    kind: 'request',
    categoryId: 'boodschappen',
    resourceType: 'menskracht',
    tags: [],
    areaPath: '/lindeveen/',
    dayParts: ['tue-morning'],
    recurrence: 'once',
    quantity: 1,
    activeMatches: 0,
    status: 'open',
    endDate: null,
    createdAt: now.toISOString(),
    author: {
      memberId: 'henk',
      languages: ['nl'],
      screenedUntil: null,
      maxActiveMatches: 3,
      paused: false,
      activeMatches: 0,
      blockedMemberIds: [],
      offersIn: [],
      needsIn: [],
      ageBand: null,
    },
    ...overrides,
  })
  const request = post({})
  const offer = (activeMatches: number, helperActive = 0) =>
    post({
      id: 'off0000000000000001',
      kind: 'offer',
      quantity: 3,
      activeMatches,
      author: { ...request.author, memberId: 'anna', maxActiveMatches: 20, activeMatches: helperActive },
    })
  const broken = (r: MatchPost, o: MatchPost) => brokenConstraint(compile(r, context), compile(o, context), context)

  it('an offer whose units are all taken by accepted matches is not suggested; one unit back and it is', () => {
    expect(broken(request, offer(2))).toBeNull()
    expect(broken(request, offer(3))).toBe('offer-quantity')
    expect(broken({ ...request, activeMatches: 1 }, offer(0))).toBe('request-quantity')
    expect(broken(request, { ...offer(0), author: { ...offer(0).author, activeMatches: 20 } })).toBe('helper-capacity')
  })

  it('a change of the count alone is a change the matching worker recomputes for', () => {
    const stored = newPost({
      id: 'req0000000000000001',
      community: testCommunity,
      author: anna,
      body: validPostBody(),
      now,
    })
    const taken = { ...stored, post: { ...stored.post, activeMatches: 1, version: 2 } }
    expect(matchInputs(taken)).not.toBe(matchInputs(stored))
    expect(matchInputs({ ...stored, post: { ...stored.post, version: 2 } })).toBe(matchInputs(stored))
  })
})

describe('any sequence of steps', () => {
  type Step = 'accept' | 'decline' | 'cancel' | 'expire' | 'outcome' | 'agreement' | 'confirm'
  const steps: Step[] = ['accept', 'decline', 'cancel', 'expire', 'outcome', 'agreement', 'confirm']
  const actors: Actor[] = [
    party('request', 'henk'),
    party('offer', 'anna'),
    party('request', 'samira', true),
    { by: 'fatima', sides: [] },
  ]
  const take = (match: Match, step: Step, actor: Actor): Match => {
    switch (step) {
      case 'accept':
        return acceptedMatch(match, actor, later)
      case 'decline':
        return declinedMatch(match, actor, later, 'nee')
      case 'cancel':
        return cancelledMatch(match, actor, later, 'weg')
      case 'expire':
        return expiredMatch(match, later, 'verlopen')
      case 'outcome':
        return matchWithOutcome(match, actor, later, report())
      case 'agreement':
        return matchWithAgreement(match, actor, later, terms)
      case 'confirm':
        return matchWithConfirmedAgreement(match, actor, later)
    }
  }

  it('keeps the history exact: one entry per status change, none after the end, accepted only with both yeses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...steps), fc.constantFrom(...actors)), { maxLength: 12 }),
        (sequence) => {
          let match = proposed()
          for (const [step, actor] of sequence) {
            let next: Match
            try {
              next = take(match, step, actor)
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError)
              continue
            }
            expect(isFinal(match.status)).toBe(false)
            expect(next.version).toBe(match.version + 1)
            if (next.status === match.status) {
              expect(next.history).toEqual(match.history)
            } else {
              expect(next.history.slice(0, -1)).toEqual(match.history)
              expect(next.history.at(-1)).toMatchObject({ from: match.status, to: next.status })
            }
            if (next.status === 'accepted') expect(next.interest.request && next.interest.offer).toBeTruthy()
            match = next
          }
          expect(matchSchema.parse(match)).toEqual(match)
        },
      ),
    )
  })
})
