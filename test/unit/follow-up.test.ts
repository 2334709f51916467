import { describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/domain/errors'
import {
  applyReply,
  followUpsFor,
  nextInChain,
  nextOnRun,
  reaskAfter,
  recipientsOf,
  sameReply,
  withExtras,
} from '../../shared/domain/follow-up'
import {
  defaultLifecycleSettings,
  type FollowUp,
  type FollowUpReply,
  followUpSchema,
  type LifecycleSettings,
  type Match,
  matchSchema,
} from '../../shared/schemas/match'
import type { MatchStatus } from '../../shared/schemas/vocabulary'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'

const matchId = 'request0001_offer00001'
const acceptedAt = new Date('2026-03-02T10:00:00.000Z')
const day = 24 * 60 * 60 * 1000
const plus = (from: Date, days: number) => new Date(from.getTime() + days * day).toISOString()

const interest = { at: '2026-03-01T10:00:00.000Z', by: 'anna', viaBroker: false, message: '' }
const match = (overrides: Partial<Match> = {}): Match =>
  matchSchema.parse({
    id: matchId,
    communityId: 'lindeveen',
    requestId: 'request0001',
    offerId: 'offer00001',
    requestMemberId: 'anna',
    offerMemberId: 'tom',
    status: 'accepted',
    interest: { request: interest, offer: { ...interest, by: 'tom' } },
    score: 70,
    acceptedAt: acceptedAt.toISOString(),
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: acceptedAt.toISOString(),
    version: 2,
    ...overrides,
  })

const settings: LifecycleSettings = { ...defaultLifecycleSettings, contactDays: 5, outcomeDays: 40, reminderDays: 2 }

const reply = (answer: FollowUpReply['answer'], at = '2026-04-20T09:00:00.000Z'): FollowUpReply => ({
  answer,
  at,
  via: 'link',
  hours: null,
  knewEachOther: null,
  story: null,
  storyConsent: false,
})

const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return undefined
}

describe('the follow-ups of an accepted match', () => {
  it('asks a match from a suggestion about contact and outcome, after the community’s days', () => {
    // prepare / act
    const made = followUpsFor(match(), settings, acceptedAt)

    // assess
    expect(made.map((f) => [f.id, f.step, f.dueAt, f.status])).toEqual([
      [`${matchId}.contact`, 'contact', plus(acceptedAt, 5), 'scheduled'],
      [`${matchId}.outcome`, 'outcome', plus(acceptedAt, 40), 'scheduled'],
    ])
    for (const followUp of made) expect(followUpSchema.parse(followUp)).toEqual(followUp)
  })

  it('uses the defaults: about 3 and about 30 days', () => {
    const made = followUpsFor(match(), defaultLifecycleSettings, acceptedAt)
    expect(made.map((f) => f.dueAt)).toEqual([plus(acceptedAt, 3), plus(acceptedAt, 30)])
  })

  it('asks a match made at an event after about 3 and 6 months', () => {
    const made = followUpsFor(match({ origin: 'event' }), { ...settings, eventDays: [90, 180] }, acceptedAt)
    expect(made.map((f) => [f.id, f.step, f.dueAt])).toEqual([
      [`${matchId}.event-3m`, 'event-3m', plus(acceptedAt, 90)],
      [`${matchId}.event-6m`, 'event-6m', plus(acceptedAt, 180)],
    ])
  })

  it('gives the same items when made again (a replayed stream record)', () => {
    expect(followUpsFor(match(), settings, acceptedAt)).toEqual(followUpsFor(match(), settings, acceptedAt))
  })
})

describe('a worker run', () => {
  const [contact] = followUpsFor(match(), settings, acceptedAt) as [FollowUp]
  const due = new Date(contact.dueAt)
  const later = (days: number) => new Date(due.getTime() + days * day)

  it('does nothing before the question is due', () => {
    expect(nextOnRun(contact, new Date(due.getTime() - 1), settings)).toBeUndefined()
  })

  it('sends, reminds after reminderDays, then escalates after another reminderDays', () => {
    // act
    const sent = nextOnRun(contact, due, settings)
    const early = sent && nextOnRun(sent.next, later(1), settings)
    const reminded = sent && nextOnRun(sent.next, later(2), settings)
    const escalated = reminded && nextOnRun(reminded.next, later(4), settings)

    // assess
    expect(sent).toMatchObject({
      action: 'send',
      next: { status: 'sent', sentAt: due.toISOString(), dueAt: later(2).toISOString(), version: 2 },
    })
    expect(early).toBeUndefined()
    expect(reminded).toMatchObject({
      action: 'remind',
      next: { status: 'reminded', remindedAt: later(2).toISOString(), dueAt: later(4).toISOString(), version: 3 },
    })
    expect(escalated).toMatchObject({ action: 'escalate', next: { status: 'escalated', version: 4 } })
    expect(escalated && nextOnRun(escalated.next, later(100), settings)).toBeUndefined()
  })

  it('leaves answered and cancelled questions alone', () => {
    for (const status of ['answered', 'cancelled', 'escalated'] as const) {
      expect(nextOnRun({ ...contact, status }, later(100), settings)).toBeUndefined()
    }
  })
})

describe('answers', () => {
  const [, outcome] = followUpsFor(match(), settings, acceptedAt) as [FollowUp, FollowUp]
  const sent: FollowUp = { ...outcome, status: 'sent', sentAt: outcome.dueAt, version: 2 }

  it('the first answer of either side answers the question; the other side may still answer', () => {
    // act
    const first = applyReply(sent, 'request', reply('carried-out'))
    const second = applyReply(first, 'offer', reply('partly'))

    // assess
    expect(first).toMatchObject({ status: 'answered', replies: { request: { answer: 'carried-out' }, offer: null } })
    expect(first.version).toBe(3)
    expect(second.replies).toMatchObject({ request: { answer: 'carried-out' }, offer: { answer: 'partly' } })
  })

  it('each side answers once: LINK_USED', () => {
    const first = applyReply(sent, 'offer', reply('carried-out'))
    expect(codeOf(() => applyReply(first, 'offer', reply('carried-out')))).toBe('LINK_USED')
    expect(codeOf(() => applyReply(first, 'offer', reply('not-carried-out')))).toBe('LINK_USED')
  })

  it('keeps a late answer on a question whose match ended', () => {
    const late = applyReply({ ...sent, status: 'cancelled' }, 'request', reply('carried-out'))
    expect(late).toMatchObject({ status: 'cancelled', replies: { request: { answer: 'carried-out' } } })
  })

  it('adds the extras once to a one-click answer, keeping its time', () => {
    // prepare
    const clicked = applyReply(sent, 'request', reply('carried-out'))
    const extras = {
      ...reply('carried-out', '2026-04-21T09:00:00.000Z'),
      hours: 2.5,
      knewEachOther: false,
      story: 'Tom deed de boodschappen.',
      storyConsent: true,
    }

    // act
    const extended = withExtras(clicked, 'request', extras)

    // assess
    expect(extended.replies.request).toEqual({ ...extras, at: '2026-04-20T09:00:00.000Z' })
    expect(extended).toMatchObject({ status: 'answered', version: clicked.version + 1, updatedAt: extras.at })
    expect(extended.replies.offer).toBeNull()
    expect(followUpSchema.parse(extended)).toEqual(extended)
  })

  it('refuses extras without an answer, with another answer, or a second time: LINK_USED', () => {
    const clicked = applyReply(sent, 'request', reply('partly'))
    const extras = (answer: FollowUpReply['answer']) => ({ ...reply(answer), hours: 3 })
    expect(codeOf(() => withExtras(clicked, 'offer', extras('partly')))).toBe('LINK_USED')
    expect(codeOf(() => withExtras(clicked, 'request', extras('carried-out')))).toBe('LINK_USED')
    const extended = withExtras(clicked, 'request', extras('partly'))
    expect(codeOf(() => withExtras(extended, 'request', { ...extras('partly'), hours: 4 }))).toBe('LINK_USED')
    expect(codeOf(() => withExtras(extended, 'request', { ...reply('partly'), knewEachOther: true }))).toBe('LINK_USED')
  })

  it('tells a retried click from a second answer', () => {
    expect(sameReply(reply('partly'), reply('partly', '2030-01-01T00:00:00.000Z'))).toBe(true)
    expect(sameReply(reply('partly'), reply('carried-out'))).toBe(false)
    expect(sameReply(reply('partly'), { ...reply('partly'), hours: 2 })).toBe(false)
    expect(sameReply(reply('partly'), { ...reply('partly'), story: 'Fijn', storyConsent: true })).toBe(false)
  })

  it('"still running" at the outcome asks again outcomeDays later, under the next id of the chain', () => {
    // act
    const again = reaskAfter(sent, reply('still-running'), settings)
    const third = again && reaskAfter({ ...again, status: 'sent' }, reply('still-running'), settings)

    // assess
    expect(again).toMatchObject({
      id: `${matchId}.outcome-2`,
      step: 'outcome',
      status: 'scheduled',
      dueAt: plus(new Date('2026-04-20T09:00:00.000Z'), 40),
      replies: { request: null, offer: null },
      version: 1,
    })
    expect(third?.id).toBe(`${matchId}.outcome-3`)
    expect(again && followUpSchema.parse(again)).toEqual(again)
  })

  it('asks again after an event step too, in a chain of its own', () => {
    const [event3m] = followUpsFor(match({ origin: 'event' }), settings, acceptedAt) as [FollowUp]
    expect(reaskAfter(event3m, reply('still-running'), settings)).toMatchObject({
      id: `${matchId}.event-3m-2`,
      step: 'outcome',
    })
    expect(nextInChain(`${matchId}.event-6m-9`)).toBe(`${matchId}.event-6m-10`)
  })

  it('does not ask again for other answers, at the contact step, or when the match ended', () => {
    const [contact] = followUpsFor(match(), settings, acceptedAt) as [FollowUp]
    expect(reaskAfter(sent, reply('carried-out'), settings)).toBeUndefined()
    expect(reaskAfter(contact, reply('still-running'), settings)).toBeUndefined()
    expect(reaskAfter({ ...sent, status: 'cancelled' }, reply('still-running'), settings)).toBeUndefined()
  })
})

describe('who is told about a step of a match', () => {
  const proposedByRequest = match({ status: 'proposed', interest: { request: interest, offer: null } })
  const cases: [string, Match, { to: MatchStatus; side: 'request' | 'offer' | null }, unknown][] = [
    ['proposed: the side whose yes is missing', proposedByRequest, { to: 'proposed', side: 'request' }, ['offer']],
    ['accepted: both', match(), { to: 'accepted', side: 'offer' }, ['request', 'offer']],
    ['declined: the side that had said yes', proposedByRequest, { to: 'declined', side: 'offer' }, ['request']],
    ['expired: the side that had said yes', proposedByRequest, { to: 'expired', side: null }, ['request']],
    ['cancelled: the other side', match(), { to: 'cancelled', side: 'offer' }, ['request']],
  ]
  for (const [name, m, transition, sides] of cases) {
    it(name, () => {
      expect(recipientsOf(m, transition)).toEqual({ template: `match-${transition.to}`, sides })
    })
  }

  it('nobody for an outcome', () => {
    expect(recipientsOf(match(), { to: 'carried-out', side: 'request' })).toBeUndefined()
  })
})

describe('signed follow-up links', () => {
  const credentials = createCredentials(deriveKeys('a-test-secret-that-is-long-enough-for-hkdf'))
  const now = new Date('2026-04-01T12:00:00.000Z')
  const expiresAt = new Date('2026-05-31T12:00:00.000Z')
  const claims = { communityId: 'lindeveen', followUpId: `${matchId}.outcome`, side: 'request' as const }

  /** The token with payload claims changed, the signature kept. */
  const tampered = (token: string, change: Record<string, unknown>) => {
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...change }
    return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`
  }

  it('carry their question, side and expiry', async () => {
    const token = await credentials.signFollowUpLink(claims, expiresAt)
    expect(token).toMatch(/^[A-Za-z0-9_.-]{20,1000}$/)
    expect(await credentials.verifyFollowUpLink(token, now)).toEqual({ ...claims, expiresAt })
  })

  it('break when any claim is changed', async () => {
    const token = await credentials.signFollowUpLink(claims, expiresAt)
    const exp = Math.floor(expiresAt.getTime() / 1000)
    const changes: Record<string, unknown>[] = [
      { cid: 'andere-stad' },
      { fid: 'request0002_offer00001.outcome' },
      { side: 'offer' },
      { exp: exp + 365 * 24 * 60 * 60 },
      { pur: 'session' },
    ]
    for (const change of changes) {
      expect(await credentials.verifyFollowUpLink(tampered(token, change), now)).toBeUndefined()
    }
  })

  it('for another question stay for that question', async () => {
    const other = await credentials.signFollowUpLink(
      { ...claims, followUpId: 'request0002_offer00002.contact' },
      expiresAt,
    )
    expect(await credentials.verifyFollowUpLink(other, now)).toMatchObject({
      followUpId: 'request0002_offer00002.contact',
    })
  })

  it('expire, and only a genuine link says so', async () => {
    const token = await credentials.signFollowUpLink(claims, expiresAt)
    const after = new Date(expiresAt.getTime() + 1000)
    expect(await credentials.verifyFollowUpLink(token, after)).toBe('expired')
    expect(await credentials.verifyFollowUpLink(tampered(token, { side: 'offer' }), after)).toBeUndefined()
  })

  it('are not sessions, and sessions are not links', async () => {
    const session = await credentials.signToken(
      { memberId: 'anna', communityId: 'lindeveen', sessionId: 'session-1' },
      now,
      expiresAt,
    )
    const link = await credentials.signFollowUpLink(claims, expiresAt)
    expect(await credentials.verifyFollowUpLink(session, now)).toBeUndefined()
    expect(await credentials.verifyToken(link, now)).toBeUndefined()
  })

  it('from another secret, or unsigned, are refused', async () => {
    const stranger = createCredentials(deriveKeys('another-secret-that-is-also-long-enough!'))
    const foreign = await stranger.signFollowUpLink(claims, expiresAt)
    expect(await credentials.verifyFollowUpLink(foreign, now)).toBeUndefined()
    const [, payload] = (await credentials.signFollowUpLink(claims, expiresAt)).split('.')
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`
    expect(await credentials.verifyFollowUpLink(none, now)).toBeUndefined()
    expect(await credentials.verifyFollowUpLink('not-a-token-at-all-really', now)).toBeUndefined()
  })
})
