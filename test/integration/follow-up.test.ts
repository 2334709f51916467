/**
 * Automatic follow-up against DynamoDB Local: accepted matches made through the match service,
 * the reactions of the lifecycle worker (called directly, and once through the local stream
 * runner), the follow-up worker's runs with a clock the test moves (no sleeping), the one-click
 * answers through signed links, and two runs at the same moment. Notification jobs land in a
 * capturing queue. Each test has its own community (Anna asks, Tom helps, Samira brokers,
 * Jeroen coordinates), so no run sees another test's questions.
 */
import { marshall } from '@aws-sdk/util-dynamodb'
import type { Context, AttributeValue as StreamValue } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamHandler } from '../../functions/stream/stream-handler'
import { runFollowUps } from '../../functions/worker-follow-up/handler'
import { processLifecycleChange } from '../../functions/worker-lifecycle/handler'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { createStores } from '../../shared/db/index'
import { keys as tableKeys } from '../../shared/db/keys'
import { DomainError } from '../../shared/domain/errors'
import { newPost } from '../../shared/domain/post'
import type { FollowUp, FollowUpAnswerBody, Match, NotificationJob } from '../../shared/schemas/match'
import type { MemberDetails } from '../../shared/schemas/member'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import type { Stores } from '../../shared/services/ports'
import { createTestTable, testDocumentClient } from '../support/dynamodb'
import { member, testCommunity, validPostBody } from '../support/fixtures'
import { startTestStreamRunner } from '../support/stream'

const day = 24 * 60 * 60 * 1000
const start = new Date('2026-03-02T09:00:00.000Z')

/** The clock of the services: tests move it forward. */
let clock = start
const at = (days: number) => new Date(start.getTime() + days * day)
let counter = 0
const runtime = {
  now: () => clock,
  newId: () => `fu${String(++counter).padStart(10, '0')}`,
  newCode: () => '000000',
}

/** Everything queued for delivery. */
const jobs: NotificationJob[] = []
const notificationQueue = {
  enqueue: async (queued: NotificationJob[]) => void jobs.push(...queued),
}
const credentials = createCredentials(deriveKeys(throwawayKeys()))
const makeServices = (stores: Stores) =>
  createServices(stores, runtime, credentials, { send: async () => {} }, { ...everyService, notificationQueue })

const cleanups: (() => Promise<void> | void)[] = []
let stores: Stores
let services: ReturnType<typeof makeServices>
beforeAll(async () => {
  const table = await createTestTable()
  const db = testDocumentClient(table.endpoint)
  cleanups.push(() => db.destroy())
  stores = createStores(db, table.tableName)
  services = makeServices(stores)
})
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const cast: [string, MemberDetails['role']][] = [
  ['anna', 'resident'],
  ['tom', 'resident'],
  ['samira', 'broker'],
  ['jeroen', 'coordinator'],
]

/** A fresh community with the cast; Tom may help in up to 20 matches at once. */
const community = async (s: Stores, id: string): Promise<string> => {
  await s.communities.put({ ...testCommunity, id, name: `Buurtbeurs ${id}` }, null)
  for (const [memberId, role] of cast) {
    const details: MemberDetails = {
      ...member(memberId),
      communityId: id,
      role,
      helping: { maxActiveMatches: 20, paused: false },
    }
    await s.members.create(
      details,
      {
        fullName: details.displayName,
        email: `${memberId}@example.nl`,
        phone: null,
        address: null,
        representatives: [],
      },
      [],
    )
  }
  return id
}

const caller = async (s: Stores, communityId: string, memberId: string): Promise<MemberDetails> => {
  const found = await s.members.get(communityId, memberId)
  if (!found) throw new Error(`No member ${memberId}`)
  return found
}

/** Anna's request and Tom's offer, Anna says yes, Tom accepts: the match before and after each step. */
const acceptedMatch = async (
  s: Stores,
  svc: ReturnType<typeof makeServices>,
  communityId: string,
): Promise<{ proposed: Match; accepted: Match }> => {
  const found = await s.communities.get(communityId)
  if (!found) throw new Error('No community')
  const [anna, tom] = [await caller(s, communityId, 'anna'), await caller(s, communityId, 'tom')]
  const post = (author: MemberDetails, kind: 'request' | 'offer') => {
    const stored = newPost({
      id: runtime.newId(),
      community: found,
      author,
      body: validPostBody({ kind, title: kind === 'request' ? 'Hulp bij boodschappen' : 'Ik doe boodschappen' }),
      now: clock,
    })
    return s.posts.create(stored).then(() => stored)
  }
  const request = await post(anna, 'request')
  const offer = await post(tom, 'offer')
  const proposed = await svc.matches.propose(anna, { own: request, other: offer, message: '', assess: async () => 60 })
  const accepted = await svc.matches.acceptMatch(tom, communityId, proposed.id, {
    version: proposed.version,
    message: '',
  })
  return { proposed, accepted }
}

const followUpsOf = async (communityId: string, matchId: string): Promise<Record<string, FollowUp>> =>
  Object.fromEntries(
    (await stores.followUps.listForMatch(communityId, matchId)).map((f) => [f.id.slice(matchId.length + 1), f]),
  )
const jobsFor = (matchId: string, template?: string) =>
  jobs.filter((j) => j.kind === 'notify' && j.matchId === matchId && (!template || j.template === template))
const tokenOf = (matchId: string, memberId: string, template = 'follow-up') => {
  const job = jobsFor(matchId, template).find((j) => j.kind === 'notify' && j.memberId === memberId)
  if (job?.kind !== 'notify' || !job.followUp) throw new Error(`No ${template} for ${memberId}`)
  return job.followUp.token
}
const answer = (token: string, overrides: Partial<FollowUpAnswerBody> = {}): FollowUpAnswerBody => ({
  token,
  answer: 'carried-out',
  hours: null,
  knewEachOther: null,
  story: null,
  storyConsent: false,
  ...overrides,
})
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return 'no error'
}

/** Changes one claim of a token and signs it again with another key: a forger's best try. */
const forged = (token: string, change: Record<string, unknown>) => {
  const [header, payload, signature] = token.split('.') as [string, string, string]
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...change }
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
}

describe('the follow-up of an accepted match', () => {
  it('tells the parties, asks after 3 days, reminds, then puts it in the brokers’ queue', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-flow')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    const m = accepted.id

    // act: the lifecycle worker sees the two changes (and the second one twice: a replay)
    await services.followUps.processMatchChange(undefined, proposed)
    await services.followUps.processMatchChange(proposed, accepted)
    await services.followUps.processMatchChange(proposed, accepted)

    // assess: the messages, with deterministic ids (the replay queues the same ids again, the notify worker sends once)
    expect(jobsFor(m).map((j) => [j.id, j.kind === 'notify' && j.template])).toEqual([
      [`${m}.0.tom`, 'match-proposed'],
      [`${m}.1.anna`, 'match-accepted'],
      [`${m}.1.tom`, 'match-accepted'],
      [`${m}.1.anna`, 'match-accepted'],
      [`${m}.1.tom`, 'match-accepted'],
    ])
    const made = await followUpsOf(c, m)
    expect(Object.keys(made).sort()).toEqual(['contact', 'outcome'])
    expect(made.contact).toMatchObject({ status: 'scheduled', dueAt: at(3).toISOString(), version: 1 })
    expect(made.outcome).toMatchObject({ status: 'scheduled', dueAt: at(30).toISOString(), version: 1 })

    // Before day 3 nothing is due.
    clock = at(2.9)
    expect(await services.followUps.runDue(c)).toEqual({ sent: 0, reminded: 0, escalated: 0, expired: 0 })

    // Day 3: "did you get in touch?" to both, each with a link for their own side.
    clock = at(3)
    expect(await services.followUps.runDue(c)).toMatchObject({ sent: 1, reminded: 0, escalated: 0 })
    const asked = jobsFor(m, 'follow-up')
    expect(asked.map((j) => j.kind === 'notify' && [j.id, j.memberId, j.followUp?.step])).toEqual([
      [`${m}.contact.send.anna`, 'anna', 'contact'],
      [`${m}.contact.send.tom`, 'tom', 'contact'],
    ])
    expect(await credentials.verifyFollowUpLink(tokenOf(m, 'anna'), clock)).toMatchObject({
      communityId: c,
      followUpId: `${m}.contact`,
      side: 'request',
      expiresAt: at(3 + 60),
    })
    expect(await credentials.verifyFollowUpLink(tokenOf(m, 'tom'), clock)).toMatchObject({ side: 'offer' })
    // The same run again sends nothing.
    expect(await services.followUps.runDue(c)).toMatchObject({ sent: 0 })

    // reminderDays (4) later: one reminder.
    clock = at(7)
    expect(await services.followUps.runDue(c)).toMatchObject({ sent: 0, reminded: 1, escalated: 0 })
    expect(jobsFor(m, 'follow-up-reminder').map((j) => j.id)).toEqual([
      `${m}.contact.remind.anna`,
      `${m}.contact.remind.tom`,
    ])

    // Another reminderDays: a broker phones.
    clock = at(11)
    expect(await services.followUps.runDue(c)).toMatchObject({ sent: 0, reminded: 0, escalated: 1 })
    expect((await followUpsOf(c, m)).contact).toMatchObject({ status: 'escalated' })
    const item = await stores.queue.get(c, `follow-up-no-answer.${m}.contact`)
    expect(item?.item).toMatchObject({ kind: 'follow-up-no-answer', matchId: m, status: 'open', memberId: 'anna' })
    // Escalated questions are left alone from now on.
    clock = at(20)
    expect(await services.followUps.runDue(c)).toMatchObject({ sent: 0, reminded: 0, escalated: 0 })
    expect(jobsFor(m, 'follow-up')).toHaveLength(2)

    // A late answer still counts, and nobody needs to phone any more: "no contact yet" keeps the match.
    await services.followUps.answer(answer(tokenOf(m, 'anna'), { answer: 'not-carried-out' }))
    expect((await followUpsOf(c, m)).contact).toMatchObject({ status: 'answered' })
    expect((await stores.queue.get(c, `follow-up-no-answer.${m}.contact`))?.item.status).toBe('done')
    expect(await stores.matches.get(c, m)).toMatchObject({ status: 'accepted' })
  })

  it('takes a one-click answer once per side, applies the outcome, and stops asking', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-answer')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    const other = await acceptedMatch(stores, services, c)
    const m = accepted.id
    await services.followUps.processMatchChange(proposed, accepted)
    await services.followUps.processMatchChange(other.proposed, other.accepted)
    clock = at(3)
    await services.followUps.runDue(c)
    const anna = tokenOf(m, 'anna')
    const tom = tokenOf(m, 'tom')

    // act / assess: the question behind Anna's link, without contact details
    expect(await services.followUps.lookup(anna)).toEqual({
      communityName: 'Buurtbeurs fu-answer',
      step: 'contact',
      side: 'request',
      requestTitle: 'Hulp bij boodschappen',
      offerTitle: 'Ik doe boodschappen',
      otherName: 'Tom',
      answered: null,
      expiresAt: at(63).toISOString(),
    })

    // A link changed to answer for the other side, the other match or another community is refused.
    const otherId = `${other.accepted.id}.contact`
    for (const change of [{ side: 'offer' }, { fid: otherId }, { cid: 'fu-flow' }]) {
      expect(await codeOf(services.followUps.answer(answer(forged(anna, change))))).toBe('LINK_INVALID')
      expect(await codeOf(services.followUps.lookup(forged(anna, change)))).toBe('LINK_INVALID')
    }

    // Anna answers: carried out, with hours and a story she lets us use.
    clock = at(3.5)
    const body = answer(anna, {
      hours: 2.5,
      knewEachOther: false,
      story: 'Tom deed de boodschappen.',
      storyConsent: true,
    })
    const reply = await services.followUps.answer(body)
    expect(reply).toEqual({
      answer: 'carried-out',
      at: at(3.5).toISOString(),
      via: 'link',
      hours: 2.5,
      knewEachOther: false,
      story: 'Tom deed de boodschappen.',
      storyConsent: true,
    })
    expect((await followUpsOf(c, m)).contact).toMatchObject({
      status: 'answered',
      replies: { request: reply, offer: null },
    })
    const ended = await stores.matches.get(c, m)
    expect(ended).toMatchObject({
      status: 'carried-out',
      outcome: { answer: 'carried-out', side: 'request', via: 'link' },
    })

    // The same click again (a retry) returns the stored answer; another answer with the same link is refused.
    clock = at(3.6)
    expect(await services.followUps.answer(body)).toEqual(reply)
    expect(await codeOf(services.followUps.answer(answer(anna, { answer: 'partly' })))).toBe('LINK_USED')
    expect((await services.followUps.lookup(anna)).answered).toEqual(reply)

    // Tom may still answer for his side; the match keeps Anna's outcome.
    const tomReply = await services.followUps.answer(answer(tom, { answer: 'partly' }))
    expect((await followUpsOf(c, m)).contact?.replies).toEqual({ request: reply, offer: tomReply })
    expect(await stores.matches.get(c, m)).toMatchObject({ status: 'carried-out', version: ended?.version })

    // The other match was not touched by any of it.
    expect(await stores.matches.get(c, other.accepted.id)).toMatchObject({ status: 'accepted' })

    // The match ended: the worker cancels its outcome question, nothing more is sent.
    if (!ended) throw new Error('No match')
    await services.followUps.processMatchChange(accepted, ended)
    expect((await followUpsOf(c, m)).outcome).toMatchObject({ status: 'cancelled' })
    clock = at(40)
    const before = jobsFor(m).length
    await services.followUps.runDue(c)
    expect(jobsFor(m)).toHaveLength(before)

    // A link past its time: LINK_EXPIRED, and a forged one is still just invalid.
    clock = at(3 + 60 + 1)
    expect(await codeOf(services.followUps.lookup(anna))).toBe('LINK_EXPIRED')
    expect(await codeOf(services.followUps.answer(answer(tom)))).toBe('LINK_EXPIRED')
    expect(await codeOf(services.followUps.lookup(forged(anna, { side: 'offer' })))).toBe('LINK_INVALID')
  })

  it('adds the optional extras once after a one-click answer, to the answer and the match’s outcome', async () => {
    // prepare: Anna clicks "carried out" in the message (no extras): the match ends
    clock = start
    const c = await community(stores, 'fu-extras')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    const m = accepted.id
    await services.followUps.processMatchChange(proposed, accepted)
    clock = at(30)
    await services.followUps.runDue(c)
    const job = jobsFor(m, 'follow-up').find(
      (j) => j.kind === 'notify' && j.memberId === 'anna' && j.followUp?.step === 'outcome',
    )
    if (job?.kind !== 'notify' || !job.followUp) throw new Error('No outcome question')
    const anna = job.followUp.token
    clock = at(30.5)
    const clicked = await services.followUps.answer(answer(anna))
    const ended = await stores.matches.get(c, m)
    expect(ended).toMatchObject({ status: 'carried-out', outcome: { side: 'request', via: 'link', hours: null } })
    // A double click changes nothing.
    clock = at(30.6)
    expect(await services.followUps.answer(answer(anna))).toEqual(clicked)

    // act: then the extras, with the same link and answer
    clock = at(30.7)
    const extras = { hours: 2.5, knewEachOther: false, story: 'Tom deed de boodschappen.', storyConsent: true }
    const reply = await services.followUps.answer(answer(anna, extras))

    // assess: on the answer (its time kept) and on the match's outcome
    expect(reply).toEqual({ ...clicked, ...extras })
    expect((await followUpsOf(c, m)).outcome?.replies.request).toEqual(reply)
    const after = await stores.matches.get(c, m)
    expect(after?.outcome).toEqual({ ...ended?.outcome, ...extras })
    expect(after).toMatchObject({ status: 'carried-out', version: (ended?.version ?? 0) + 1 })
    expect((await services.followUps.lookup(anna)).answered).toEqual(reply)

    // The same extras again (a retry) return the stored answer; other extras or another answer: LINK_USED.
    expect(await services.followUps.answer(answer(anna, extras))).toEqual(reply)
    expect(await codeOf(services.followUps.answer(answer(anna, { hours: 4 })))).toBe('LINK_USED')
    expect(await codeOf(services.followUps.answer(answer(anna, { answer: 'partly' })))).toBe('LINK_USED')
    expect(await codeOf(services.followUps.answer(answer(anna, { answer: 'partly', hours: 1 })))).toBe('LINK_USED')
    expect(await stores.matches.get(c, m)).toEqual(after)
  })

  it('keeps extras after a "still running" click on the answer only: the match has no outcome', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-extras-running')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    const m = accepted.id
    await services.followUps.processMatchChange(proposed, accepted)
    clock = at(3)
    await services.followUps.runDue(c)
    const tom = tokenOf(m, 'tom')
    const clicked = await services.followUps.answer(answer(tom, { answer: 'still-running' }))
    const running = await stores.matches.get(c, m)

    // act
    const reply = await services.followUps.answer(
      answer(tom, { answer: 'still-running', hours: 3, knewEachOther: true }),
    )

    // assess
    expect(reply).toEqual({ ...clicked, hours: 3, knewEachOther: true })
    expect((await followUpsOf(c, m)).contact?.replies.offer).toEqual(reply)
    expect(await stores.matches.get(c, m)).toEqual(running)
    expect(running).toMatchObject({ status: 'accepted', outcome: null })
  })

  it('asks again 30 days after "still running", until the match ends', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-running')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    const m = accepted.id
    await services.followUps.processMatchChange(proposed, accepted)
    clock = at(30)
    await services.followUps.runDue(c)
    const token = jobsFor(m, 'follow-up').find((j) => j.kind === 'notify' && j.followUp?.step === 'outcome')

    // act
    if (token?.kind !== 'notify' || !token.followUp) throw new Error('No outcome question')
    await services.followUps.answer(answer(token.followUp.token, { answer: 'still-running', hours: 6 }))

    // assess
    expect(await stores.matches.get(c, m)).toMatchObject({ status: 'accepted' })
    expect((await followUpsOf(c, m))['outcome-2']).toMatchObject({
      step: 'outcome',
      status: 'scheduled',
      dueAt: at(60).toISOString(),
    })
    clock = at(60)
    expect(await services.followUps.runDue(c)).toMatchObject({ sent: 1 })
    expect(jobsFor(m, 'follow-up').map((j) => j.id)).toContain(`${m}.outcome-2.send.anna`)

    // Tom cancels: the re-asked question is cancelled too.
    const tom = await caller(stores, c, 'tom')
    const current = await stores.matches.get(c, m)
    if (!current) throw new Error('No match')
    const cancelled = await services.matches.cancelMatch(tom, c, m, { version: current.version, reason: 'Verhuisd' })
    await services.followUps.processMatchChange(current, cancelled)
    expect((await followUpsOf(c, m))['outcome-2']).toMatchObject({ status: 'cancelled' })
    expect(jobsFor(m, 'match-cancelled').map((j) => j.kind === 'notify' && j.memberId)).toEqual(['anna'])
  })

  it('two runs at the same moment send every due question exactly once', async () => {
    // prepare: twelve accepted matches, all due on day 3
    clock = start
    const c = await community(stores, 'fu-twice')
    const made: Match[] = []
    for (let i = 0; i < 12; i++) {
      const { proposed, accepted } = await acceptedMatch(stores, services, c)
      await services.followUps.processMatchChange(proposed, accepted)
      made.push(accepted)
    }
    const ids = new Set(made.map((m) => m.id))
    const ofThese = (template: string) =>
      jobs.filter((j) => j.kind === 'notify' && ids.has(j.matchId) && j.template === template)
    /** Jobs per follow-up question (the job id without its member). */
    const perQuestion = (template: string) => {
      const counts = new Map<string, number>()
      for (const job of ofThese(template)) {
        const question = job.id.split('.').slice(0, 2).join('.')
        counts.set(question, (counts.get(question) ?? 0) + 1)
      }
      return counts
    }

    // act: two runs of the worker at once, twice over (send, then remind), with a second set of services
    const second = makeServices(stores)
    clock = at(3)
    const sendRuns = await Promise.all([services.followUps.runDue(c), second.followUps.runDue(c)])
    clock = at(7)
    const remindRuns = await Promise.all([
      services.followUps.runDue(c),
      second.followUps.runDue(c),
      services.followUps.runDue(c),
    ])

    // assess: 12 questions, each to both parties once; then 12 reminders, each once
    expect(sendRuns.reduce((n, r) => n + r.sent, 0)).toBe(12)
    expect([...perQuestion('follow-up').values()]).toEqual(Array(12).fill(2))
    expect(new Set(ofThese('follow-up').map((j) => j.id)).size).toBe(24)
    expect(remindRuns.reduce((n, r) => n + r.reminded, 0)).toBe(12)
    expect([...perQuestion('follow-up-reminder').values()]).toEqual(Array(12).fill(2))
    for (const m of made) {
      expect((await followUpsOf(c, m.id)).contact).toMatchObject({ status: 'reminded', version: 3 })
    }
  })
})

describe('the scheduled worker', () => {
  it('runs every community', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-worker')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    await services.followUps.processMatchChange(proposed, accepted)
    clock = at(3)

    // act
    const run = await runFollowUps(services)

    // assess
    expect(run).toMatchObject({ communities: (await stores.communities.listIds()).length, failed: 0 })
    expect(run.sent).toBeGreaterThanOrEqual(1)
    expect(jobsFor(accepted.id, 'follow-up').map((j) => j.id)).toEqual([
      `${accepted.id}.contact.send.anna`,
      `${accepted.id}.contact.send.tom`,
    ])
  })
})

describe('the brokers’ list and the timings', () => {
  it('lists the questions that are due or wait for an answer, for brokers only', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-list')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    await services.followUps.processMatchChange(proposed, accepted)
    clock = at(3)
    await services.followUps.runDue(c)

    // act
    const page = await services.followUps.listFollowUps(await caller(stores, c, 'samira'), c, { limit: 50 })

    // assess: the sent contact question; the outcome question is not due yet
    expect(page.items.map((f) => [f.id, f.status])).toEqual([[`${accepted.id}.contact`, 'sent']])
    expect(page.items[0]?.summary).toMatchObject({
      id: accepted.id,
      status: 'accepted',
      requestTitle: 'Hulp bij boodschappen',
      offerTitle: 'Ik doe boodschappen',
      requestName: 'Anna',
      offerName: 'Tom',
    })
    clock = at(30)
    const later = await services.followUps.listFollowUps(await caller(stores, c, 'jeroen'), c, { limit: 50 })
    expect(later.items.map((f) => f.step)).toEqual(['contact', 'outcome'])
    expect(await codeOf(services.followUps.listFollowUps(await caller(stores, c, 'anna'), c, { limit: 50 }))).toBe(
      'NOT_A_BROKER',
    )
  })

  it('a coordinator sets them per community; the next acceptance uses them', async () => {
    // prepare
    clock = start
    const c = await community(stores, 'fu-settings')
    const jeroen = await caller(stores, c, 'jeroen')
    const current = await stores.communities.get(c)
    if (!current) throw new Error('No community')
    const lifecycle = { ...current.lifecycle, contactDays: 7, outcomeDays: 45, reminderDays: 2 }

    // act
    const changed = await services.followUps.putLifecycleSettings(jeroen, c, { ...lifecycle, version: current.version })

    // assess
    expect(changed).toMatchObject({ lifecycle, version: current.version + 1 })
    expect(
      await codeOf(services.followUps.putLifecycleSettings(jeroen, c, { ...lifecycle, version: current.version })),
    ).toBe('COMMUNITY_CHANGED')
    const samira = await caller(stores, c, 'samira')
    expect(
      await codeOf(services.followUps.putLifecycleSettings(samira, c, { ...lifecycle, version: changed.version })),
    ).toBe('FORBIDDEN')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    await services.followUps.processMatchChange(proposed, accepted)
    const made = await followUpsOf(c, accepted.id)
    expect(made.contact?.dueAt).toBe(at(7).toISOString())
    expect(made.outcome?.dueAt).toBe(at(45).toISOString())
  })
})

describe('the lifecycle stream worker', () => {
  it('tells every step when the stream hands over a proposal and its acceptance in one batch', async () => {
    // prepare: the two records of one match, as Lambda gets them when they are written a moment apart
    clock = start
    const c = await community(stores, 'fu-batch')
    const { proposed, accepted } = await acceptedMatch(stores, services, c)
    // No binary attributes in a match: the SDK's typed values are what Lambda's JSON carries.
    const image = (match: Match) =>
      marshall({ ...tableKeys.match(c, match.id), entity: 'match', ...match }) as Record<string, StreamValue>
    const record = (sequence: number, eventName: 'INSERT' | 'MODIFY', before: Match | null, after: Match) => ({
      eventName,
      eventSource: 'aws:dynamodb',
      dynamodb: {
        Keys: { pk: { S: tableKeys.match(c, after.id).pk }, sk: { S: 'MATCH' } },
        ...(before ? { OldImage: image(before) } : {}),
        NewImage: image(after),
        SequenceNumber: String(sequence).padStart(21, '0'),
        StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
      },
    })
    const handler = streamHandler('lifecycle', (change) => processLifecycleChange(services, change))

    // act
    const response = await handler(
      { Records: [record(1, 'INSERT', null, proposed), record(2, 'MODIFY', proposed, accepted)] },
      { functionName: 'lifecycle', awsRequestId: 'test' } as Context,
    )

    // assess: the proposal was told too, not only the acceptance
    expect(response).toEqual({ batchItemFailures: [] })
    expect(jobsFor(accepted.id).map((j) => j.id)).toEqual([
      `${accepted.id}.0.tom`,
      `${accepted.id}.1.anna`,
      `${accepted.id}.1.tom`,
    ])
    expect(Object.keys(await followUpsOf(c, accepted.id)).sort()).toEqual(['contact', 'outcome'])
  })

  it('reacts to real match changes from the table’s stream', async () => {
    // prepare: a table of its own (the runner reads its stream from the start)
    clock = start
    const table = await createTestTable()
    const db = testDocumentClient(table.endpoint)
    cleanups.push(() => db.destroy())
    const own = createStores(db, table.tableName)
    const svc = makeServices(own)
    const handler = streamHandler('lifecycle', (change) => processLifecycleChange(svc, change))
    const stream = await startTestStreamRunner(table, { name: 'lifecycle', entities: ['match'], handler })
    cleanups.push(stream.stop)
    const c = await community(own, 'fu-stream')

    // act
    const { accepted } = await acceptedMatch(own, svc, c)
    await stream.runner.drain()

    // assess: both messages went out once each change, and the questions exist
    expect(stream.runner.deadLetters).toEqual([])
    const m = accepted.id
    const queued = jobs.filter((j) => j.kind === 'notify' && j.matchId === m)
    expect(new Set(queued.map((j) => j.id))).toEqual(new Set([`${m}.0.tom`, `${m}.1.anna`, `${m}.1.tom`]))
    const made = await own.followUps.listForMatch(c, m)
    expect(made.map((f) => [f.step, f.status]).sort()).toEqual([
      ['contact', 'scheduled'],
      ['outcome', 'scheduled'],
    ])
  })
})
