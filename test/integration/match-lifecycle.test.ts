import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { createStores } from '../../shared/db/index'
import { createMatchStore } from '../../shared/db/match-store'
import { DomainError } from '../../shared/domain/errors'
import { acceptedMatch } from '../../shared/domain/match'
import { type ErrorCode, errorCatalogue } from '../../shared/schemas/errors'
import type { Match } from '../../shared/schemas/match'
import { type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import type { CreatePostBody, Post } from '../../shared/schemas/post'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import { startTestApi, type TestApi } from '../support/api'
import { testDocumentClient } from '../support/dynamodb'
import { testCommunity, validPostBody } from '../support/fixtures'

/**
 * The match lifecycle end to end: the HTTP API (the local gateway in front of the real
 * handlers) against DynamoDB Local, and the acceptance transaction under 50 concurrent accepts
 * through the real store.
 */
let api: TestApi
let services: ReturnType<typeof createServices>
let db: ReturnType<typeof testDocumentClient>
/** The services' clock: the real one unless a test moves it. */
let clock: Date | null = null

const c = 'lindeveen'
const base = `/api/communities/${c}`

beforeAll(async () => {
  api = await startTestApi()
  db = testDocumentClient(api.endpoint)
  services = createServices(
    createStores(db, api.tableName),
    { now: () => clock ?? new Date(), newId: () => Math.random().toString(36).slice(2, 14), newCode: () => '000000' },
    createCredentials(deriveKeys(throwawayKeys())),
    { send: async () => {} },
    everyService,
  )
}, 120_000)

afterAll(async () => {
  db?.destroy()
  await api?.close()
})

const createPost = async (author: string, body: Partial<CreatePostBody>, actFor?: string): Promise<Post> => {
  const { status, body: post } = await api.call(`${base}/posts`, {
    as: `${c}/${actFor ? 'samira' : author}`,
    method: 'POST',
    json: validPostBody(body),
    ...(actFor ? { actFor } : {}),
  })
  expect(status).toBe(201)
  return post
}

/**
 * A fresh request and a fitting fresh offer, with their authors' matching facts stamped (the
 * stream worker does that in the running system), so the pair passes every hard constraint.
 */
const freshPair = async (
  requester: string,
  helper: string,
  options: { request?: Partial<CreatePostBody>; offer?: Partial<CreatePostBody>; requestFor?: boolean } = {},
) => {
  const request = await createPost(
    requester,
    { title: `Vraag van ${requester}`, ...options.request },
    options.requestFor ? requester : undefined,
  )
  const offer = await createPost(helper, { kind: 'offer', title: `Aanbod van ${helper}`, ...options.offer })
  await services.matching.refreshAuthorFacts(c, requester)
  await services.matching.refreshAuthorFacts(c, helper)
  return { request, offer }
}

const interest = (as: string, postId: string, otherPostId: string, actFor?: string) =>
  api.call(`${base}/posts/${postId}/interest`, {
    as: `${c}/${as}`,
    method: 'POST',
    json: { otherPostId },
    ...(actFor ? { actFor } : {}),
  })

const act = (as: string, matchId: string, action: string, json: unknown, actFor?: string) =>
  api.call(`${base}/matches/${matchId}/${action}`, {
    as: `${c}/${as}`,
    method: action === 'agreement' ? 'PUT' : 'POST',
    json,
    ...(actFor ? { actFor } : {}),
  })

const view = (as: string, matchId: string, actFor?: string) =>
  api.call(`${base}/matches/${matchId}`, { as: `${c}/${as}`, ...(actFor ? { actFor } : {}) })

const stored = async (postId: string, communityId = c) => {
  const found = await services.stores.posts.get(communityId, postId)
  if (!found) throw new Error(`No post ${postId}`)
  return found
}
const memberNow = async (memberId: string, communityId = c) => {
  const found = await services.stores.members.get(communityId, memberId)
  if (!found) throw new Error(`No member ${memberId}`)
  return found
}
const matchNow = async (matchId: string, communityId = c) => services.stores.matches.get(communityId, matchId)
const queueItem = async (id: string) => (await services.stores.queue.get(c, id))?.item

const auditOf = async (action: string, matchId: string) => {
  const { body } = await api.call(`${base}/audit?action=${action}&limit=100`, { as: `${c}/jeroen` })
  return (body.items as { reason: string | null; memberId: string; actorId: string }[]).filter(
    (e) => e.reason === matchId,
  )
}

/** Proposes a fresh pair (the requester says yes first) and returns the match. */
const proposedPair = async (
  requester: string,
  helper: string,
  options: Parameters<typeof freshPair>[2] = {},
): Promise<{ match: Match; request: Post; offer: Post }> => {
  const pair = await freshPair(requester, helper, options)
  const proposed = options.requestFor
    ? await interest('samira', pair.request.id, pair.offer.id, requester)
    : await interest(requester, pair.request.id, pair.offer.id)
  expect(proposed.status).toBe(201)
  return { match: proposed.body, ...pair }
}

describe('propose and accept', () => {
  it('shows the other side’s contact details only once both said yes; brokers see both, audited', async () => {
    const { match, request, offer } = await proposedPair('fatima', 'tom')
    expect(match).toMatchObject({ status: 'proposed', requestMemberId: 'fatima', offerMemberId: 'tom', version: 1 })

    // Before the second yes: nobody sees contact details.
    const early = await view('fatima', match.id)
    expect(early.status).toBe(200)
    expect(early.body).toMatchObject({
      yourSides: ['request'],
      contacts: { request: null, offer: null },
      request: { id: request.id },
      offer: { id: offer.id, author: { displayName: 'Tom' } },
    })
    expect((await view('tom', match.id)).body.contacts).toEqual({ request: null, offer: null })
    const broker = await view('samira', match.id)
    expect(broker.body).toMatchObject({ yourSides: [], contacts: { request: null, offer: null } })
    expect(await view('anna', match.id)).toMatchObject({ status: 403, body: { error: 'NOT_A_PARTY' } })
    expect(JSON.stringify(early.body)).not.toMatch(/@example\.nl|fullName|phone/)
    expect(await auditOf('match.contact-viewed', match.id)).toEqual([])

    // The second yes, by the helper.
    const accepted = await act('tom', match.id, 'accept', { version: 1, message: 'Ik kom dinsdag' })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 2, interest: { offer: { by: 'tom' } } })
    expect(accepted.body.history.map((h: { to: string }) => h.to)).toEqual(['proposed', 'accepted'])

    const fatimaSees = (await view('fatima', match.id)).body
    expect(fatimaSees.contacts.request).toBeNull()
    expect(fatimaSees.contacts.offer).toMatchObject({ displayName: 'Tom', email: 'tom@example.nl' })
    const tomSees = (await view('tom', match.id)).body
    expect(tomSees.contacts.offer).toBeNull()
    expect(tomSees.contacts.request).toMatchObject({ displayName: 'Fatima', email: 'fatima@example.nl' })
    expect((await auditOf('match.contact-viewed', match.id)).length).toBe(0)
    const brokerSees = (await view('samira', match.id)).body
    expect(brokerSees.contacts.request).toMatchObject({ email: 'fatima@example.nl' })
    expect(brokerSees.contacts.offer).toMatchObject({ email: 'tom@example.nl' })
    const viewed = await auditOf('match.contact-viewed', match.id)
    expect(viewed.map((e) => [e.actorId, e.memberId]).sort()).toEqual([
      ['samira', 'fatima'],
      ['samira', 'tom'],
    ])

    // The counters moved together, and the broker's "no reply" item is done.
    expect((await stored(request.id)).post).toMatchObject({ activeMatches: 1, version: 2 })
    expect((await stored(offer.id)).post).toMatchObject({ activeMatches: 1, version: 2 })
    expect((await memberNow('tom')).activeMatches).toBe(1)
    expect(await queueItem(`interest-no-reply.${match.id}`)).toMatchObject({ status: 'done' })
  })

  it('lets the parties agree what, when and how often', async () => {
    const { match } = await proposedPair('fatima', 'lars')
    const accepted = await interest('lars', match.offerId, match.requestId)
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 2 })
    const terms = {
      what: 'Samen boodschappen doen',
      startsOn: '2027-01-05',
      startTime: '10:00',
      durationMinutes: 60,
      recurrence: 'weekly',
      endsOn: null,
      place: 'Jumbo',
    }
    const written = await act('lars', match.id, 'agreement', { ...terms, version: 2 })
    expect(written.status).toBe(200)
    expect(written.body.agreement).toMatchObject({ ...terms, setBy: 'lars', confirmed: { request: null } })
    expect(written.body.history).toHaveLength(2)
    const confirmed = await act('fatima', match.id, 'agreement/confirm', { version: 3 })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.agreement.confirmed.request).not.toBeNull()
    expect(confirmed.body.agreement.confirmed.offer).not.toBeNull()
  })

  it('lists matches: the member’s own newest first, page by page; the brokers’ by status', async () => {
    const first = await proposedPair('nadia', 'joost')
    const second = await proposedPair('nadia', 'joost')
    const page1 = await api.call(`${base}/members/nadia/matches?limit=1`, { as: `${c}/nadia` })
    expect(page1.status).toBe(200)
    expect(page1.body.items.map((m: { id: string }) => m.id)).toEqual([second.match.id])
    expect(page1.body.items[0]).toMatchObject({
      status: 'proposed',
      waitingFor: 'offer',
      requestTitle: 'Vraag van nadia',
      offerTitle: 'Aanbod van joost',
      requestName: 'Nadia',
      offerName: 'Joost',
    })
    const page2 = await api.call(`${base}/members/nadia/matches?limit=1&cursor=${page1.body.nextCursor}`, {
      as: `${c}/nadia`,
    })
    expect(page2.body.items.map((m: { id: string }) => m.id)).toEqual([first.match.id])
    expect(await api.call(`${base}/members/nadia/matches`, { as: `${c}/anna` })).toMatchObject({
      status: 403,
      body: { error: 'FORBIDDEN' },
    })

    const brokers = await api.call(`${base}/matches?status=proposed&limit=100`, { as: `${c}/samira` })
    expect(brokers.status).toBe(200)
    const ids = brokers.body.items.map((m: { id: string }) => m.id)
    // Least recently changed first.
    expect(ids.indexOf(first.match.id)).toBeLessThan(ids.indexOf(second.match.id))
    expect(await api.call(`${base}/matches`, { as: `${c}/nadia` })).toMatchObject({
      status: 403,
      body: { error: 'NOT_A_BROKER' },
    })
  })
})

describe('no, withdrawal and outcome', () => {
  it('decline: the side still to answer says no; nothing was reserved, the broker’s item is done', async () => {
    const { match, request, offer } = await proposedPair('mieke', 'priya')
    const declined = await act('priya', match.id, 'decline', { version: 1, reason: 'Geen tijd' })
    expect(declined.status).toBe(200)
    expect(declined.body).toMatchObject({ status: 'declined', version: 2 })
    expect(declined.body.history.at(-1)).toMatchObject({
      to: 'declined',
      by: 'priya',
      side: 'offer',
      reason: 'Geen tijd',
    })
    expect((await stored(request.id)).post.activeMatches).toBe(0)
    expect((await stored(offer.id)).post.activeMatches).toBe(0)
    expect(await queueItem(`interest-no-reply.${match.id}`)).toMatchObject({ status: 'done' })
    // It cannot be accepted any more, also not by saying yes again.
    expect(await act('priya', match.id, 'accept', { version: 2 })).toMatchObject({
      status: 409,
      body: { error: 'TRANSITION_NOT_ALLOWED' },
    })
    expect(await interest('priya', offer.id, request.id)).toMatchObject({
      status: 409,
      body: { error: 'TRANSITION_NOT_ALLOWED' },
    })
  })

  it('cancel after acceptance gives every unit back', async () => {
    const { match, request, offer } = await proposedPair('mieke', 'ruud')
    const helperBefore = (await memberNow('ruud')).activeMatches
    await act('ruud', match.id, 'accept', { version: 1 })
    expect((await memberNow('ruud')).activeMatches).toBe(helperBefore + 1)
    const cancelled = await act('mieke', match.id, 'cancel', { version: 2, reason: 'Mijn zoon helpt nu' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 3, endedAt: expect.any(String) })
    expect(cancelled.body.history.at(-1)).toMatchObject({ from: 'accepted', to: 'cancelled', by: 'mieke' })
    expect((await stored(request.id)).post).toMatchObject({ activeMatches: 0, status: 'open' })
    expect((await stored(offer.id)).post).toMatchObject({ activeMatches: 0, status: 'open' })
    expect((await memberNow('ruud')).activeMatches).toBe(helperBefore)
    // Contact details are gone again for the parties.
    expect((await view('mieke', match.id)).body.contacts).toEqual({ request: null, offer: null })
  })

  it('an outcome closes a one-off request as fulfilled and keeps a recurring offer open', async () => {
    const once = { availability: { dayParts: ['tue-morning' as const], recurrence: 'once' as const } }
    const { match, request, offer } = await proposedPair('sanne', 'wim', { request: once })
    await act('wim', match.id, 'accept', { version: 1 })
    const outcome = await act('sanne', match.id, 'outcome', {
      version: 2,
      answer: 'carried-out',
      hours: 1.5,
      knewEachOther: false,
      story: 'Wim was heel vriendelijk.',
      storyConsent: true,
    })
    expect(outcome.status).toBe(200)
    expect(outcome.body).toMatchObject({
      status: 'carried-out',
      outcome: { answer: 'carried-out', via: 'app', by: 'sanne', side: 'request', hours: 1.5, storyConsent: true },
    })
    const closed = await stored(request.id)
    expect(closed.post).toMatchObject({ status: 'closed', closeReason: 'fulfilled', activeMatches: 1, version: 3 })
    expect(closed.expiresAt).toBeGreaterThan(Date.now() / 1000)
    // It left the open-post indexes like any closed post.
    const item = (await api.items()).find((i) => i.pk === `C#${c}#P#${request.id}` && i.sk === 'POST')
    expect(item?.gsi1pk).toBeUndefined()
    expect(item?.gsi3pk).toBeUndefined()
    expect((await stored(offer.id)).post).toMatchObject({ status: 'open', activeMatches: 0 })
    expect((await memberNow('wim')).activeMatches).toBe(0)
  })

  it('an outcome keeps a recurring request open and gives its unit back', async () => {
    const { match, request } = await proposedPair('sanne', 'gerda')
    await act('gerda', match.id, 'accept', { version: 1 })
    const outcome = await act('gerda', match.id, 'outcome', { version: 2, answer: 'partly' })
    expect(outcome.body).toMatchObject({ status: 'partly', outcome: { side: 'offer', hours: null } })
    expect((await stored(request.id)).post).toMatchObject({ status: 'open', activeMatches: 0 })
  })

  it('a follow-up answer ends the match, except “no contact yet”, which goes to a broker', async () => {
    const { match, request } = await proposedPair('fatima', 'bram')
    await act('bram', match.id, 'accept', { version: 1 })
    const reply = (answer: 'carried-out' | 'not-carried-out' | 'still-running') => ({
      answer,
      at: new Date().toISOString(),
      via: 'link' as const,
      hours: null,
      knewEachOther: null,
      story: null,
      storyConsent: false,
    })
    const args = { communityId: c, matchId: match.id, side: 'request' as const }
    const noContact = await services.matches.applyFollowUpAnswer({
      ...args,
      step: 'contact',
      reply: reply('not-carried-out'),
    })
    expect(noContact).toMatchObject({ status: 'accepted', version: 2 })
    expect(await queueItem(`match-needs-help.${match.id}`)).toMatchObject({ status: 'open', matchId: match.id })
    const running = await services.matches.applyFollowUpAnswer({
      ...args,
      step: 'outcome',
      reply: reply('still-running'),
    })
    expect(running.version).toBe(2)
    const done = await services.matches.applyFollowUpAnswer({ ...args, step: 'outcome', reply: reply('carried-out') })
    expect(done).toMatchObject({ status: 'carried-out', outcome: { via: 'link', by: null, side: 'request' } })
    expect(await queueItem(`match-needs-help.${match.id}`)).toMatchObject({ status: 'done' })
    expect((await stored(request.id)).post.activeMatches).toBe(0)
    // An answer for a match that ended already changes nothing.
    const late = await services.matches.applyFollowUpAnswer({
      ...args,
      step: 'outcome',
      reply: reply('not-carried-out'),
    })
    expect(late).toEqual(await matchNow(match.id))
    expect(late?.status).toBe('carried-out')
  })
})

describe('refusals', () => {
  it('give their codes and change nothing', async () => {
    const { match } = await proposedPair('yusuf', 'lars')
    const before = await api.snapshot()
    const cases: [ErrorCode, Promise<{ status: number; body: { error?: string } }>][] = [
      ['TRANSITION_NOT_ALLOWED', act('yusuf', match.id, 'accept', { version: 1 })],
      ['TRANSITION_NOT_ALLOWED', act('yusuf', match.id, 'decline', { version: 1 })],
      ['TRANSITION_NOT_ALLOWED', act('lars', match.id, 'outcome', { version: 1, answer: 'carried-out' })],
      ['TRANSITION_NOT_ALLOWED', act('lars', match.id, 'agreement/confirm', { version: 1 })],
      ['MATCH_CHANGED', act('lars', match.id, 'accept', { version: 7 })],
      ['NOT_A_PARTY', act('anna', match.id, 'accept', { version: 1 })],
      ['NOT_A_PARTY', act('stichting-de-brug', match.id, 'cancel', { version: 1, reason: 'Zomaar' })],
      ['CONSENT_REQUIRED', act('samira', match.id, 'decline', { version: 1 })],
      ['MATCH_NOT_FOUND', act('lars', 'aaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbb', 'accept', { version: 1 })],
    ]
    for (const [code, call] of cases) {
      const { status, body } = await call
      expect({ status, error: body.error }).toEqual({
        status: errorCatalogue[code].status,
        error: code,
      })
    }
    const other = await api.call(`/api/communities/andere-stad/matches/${match.id}`, { as: `${c}/lars` })
    expect(other).toMatchObject({ status: 403, body: { error: 'COMMUNITY_FORBIDDEN' } })
    expect(await api.snapshot()).toBe(before)

    // The agreement needs an accepted match, and confirming needs an agreement.
    await act('lars', match.id, 'accept', { version: 1 })
    const missing = await act('yusuf', match.id, 'agreement/confirm', { version: 2 })
    expect(missing).toMatchObject({ status: 409, body: { error: 'AGREEMENT_MISSING' } })
  })
})

describe('the acceptance refuses', () => {
  it('a request that has all its helpers (REQUEST_FULL) and a closed post (POST_CLOSED), changing nothing', async () => {
    const request = await createPost('anna', { title: 'Eén helper gezocht' })
    const first = await createPost('priya', { kind: 'offer', title: 'Aanbod van priya' })
    const second = await createPost('joost', { kind: 'offer', title: 'Aanbod van joost' })
    for (const id of ['anna', 'priya', 'joost']) await services.matching.refreshAuthorFacts(c, id)
    const toFirst = (await interest('anna', request.id, first.id)).body
    const toSecond = (await interest('anna', request.id, second.id)).body
    expect((await act('priya', toFirst.id, 'accept', { version: 1 })).status).toBe(200)
    const before = await api.snapshot()
    expect(await act('joost', toSecond.id, 'accept', { version: 1 })).toMatchObject({
      status: 409,
      body: { error: 'REQUEST_FULL' },
    })
    expect(await api.snapshot()).toBe(before)

    const closing = await createPost('anna', { title: 'Toch niet nodig' })
    const third = await createPost('priya', { kind: 'offer', title: 'Nog een aanbod van priya' })
    for (const id of ['anna', 'priya']) await services.matching.refreshAuthorFacts(c, id)
    const proposed = (await interest('anna', closing.id, third.id)).body
    expect(proposed).toMatchObject({ status: 'proposed' })
    const closed = await api.call(`${base}/posts/${closing.id}/close`, {
      as: `${c}/anna`,
      method: 'POST',
      json: { version: 1, reason: 'withdrawn' },
    })
    expect(closed.status).toBe(200)
    const unchanged = await api.snapshot()
    expect(await act('priya', proposed.id, 'accept', { version: 1 })).toMatchObject({
      status: 409,
      body: { error: 'POST_CLOSED' },
    })
    expect(await api.snapshot()).toBe(unchanged)
  })

  it('tries a transaction again after a conflict with another one, and gives up with MATCH_CHANGED', async () => {
    const { match } = await proposedPair('yusuf', 'priya')
    const conflict = () =>
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
      })
    let conflicts = 0
    const flaky = (limit: number) =>
      ({
        send: async (command: unknown) => {
          if (command instanceof TransactWriteCommand && conflicts < limit) {
            conflicts++
            throw conflict()
          }
          return db.send(command as TransactWriteCommand)
        },
      }) as unknown as typeof db
    const current = await matchNow(match.id)
    if (!current) throw new Error('The match is missing')
    const helperBefore = (await memberNow('priya')).activeMatches
    const next = acceptedMatch(current, { by: 'priya', sides: [{ side: 'offer', viaBroker: false }] }, new Date())

    const stubborn = createMatchStore(flaky(Number.POSITIVE_INFINITY), api.tableName)
    await expect(stubborn.accept(next, 1)).rejects.toMatchObject({ code: 'MATCH_CHANGED' })
    expect(conflicts).toBe(10)
    expect(await matchNow(match.id)).toEqual(current)

    conflicts = 0
    await createMatchStore(flaky(2), api.tableName).accept(next, 1)
    expect(conflicts).toBe(2)
    expect(await matchNow(match.id)).toMatchObject({ status: 'accepted', version: 2 })
    expect((await memberNow('priya')).activeMatches).toBe(helperBefore + 1)
  }, 30_000)
})

describe('a broker acting for a resident', () => {
  it('is refused without the resident’s consent for matches, and audited with it', async () => {
    // A resident who is not online, with consent for posts only.
    const intake = await api.call(`${base}/members`, {
      as: `${c}/samira`,
      method: 'POST',
      json: {
        kind: 'resident',
        role: 'resident',
        displayName: 'Cor',
        areaId: 'de-akkers',
        contact: { fullName: 'Cor de Vries', email: null, phone: '06 12345678', address: null, representatives: [] },
        consent: { givenOn: new Date().toISOString().slice(0, 10), method: 'phone', covers: ['posts'] },
      },
    })
    expect(intake.status).toBe(201)
    const cor = intake.body.id as string
    const pair = await freshPair(cor, 'anna', { requestFor: true })
    // Anna offers first: Cor's yes is missing.
    const proposed = await interest('anna', pair.offer.id, pair.request.id)
    expect(proposed.body).toMatchObject({ status: 'proposed' })
    const matchId = proposed.body.id as string

    const before = await api.snapshot()
    expect(await act('samira', matchId, 'accept', { version: 1 }, cor)).toMatchObject({
      status: 403,
      body: { error: 'CONSENT_REQUIRED' },
    })
    expect(await act('samira', matchId, 'accept', { version: 1 })).toMatchObject({
      status: 403,
      body: { error: 'CONSENT_REQUIRED' },
    })
    expect(await interest('samira', pair.request.id, pair.offer.id, cor)).toMatchObject({
      status: 403,
      body: { error: 'CONSENT_REQUIRED' },
    })
    expect(await view('samira', matchId, cor)).toMatchObject({ status: 403, body: { error: 'CONSENT_REQUIRED' } })
    expect(await api.snapshot()).toBe(before)

    const { body: member } = await api.call(`${base}/members/${cor}`, { as: `${c}/samira` })
    const recorded = await api.call(`${base}/members/${cor}/consents`, {
      as: `${c}/samira`,
      method: 'POST',
      json: {
        givenOn: new Date().toISOString().slice(0, 10),
        method: 'phone',
        covers: ['matches'],
        version: member.version,
      },
    })
    expect(recorded.status).toBe(200)
    expect((await view('samira', matchId)).body.yourSides).toEqual(['request'])

    const accepted = await act('samira', matchId, 'accept', { version: 1, message: 'Cor zegt ja' }, cor)
    expect(accepted.status).toBe(200)
    expect(accepted.body.interest.request).toMatchObject({ by: 'samira', viaBroker: true, message: 'Cor zegt ja' })
    expect(accepted.body.history.at(-1)).toMatchObject({
      to: 'accepted',
      by: 'samira',
      viaBroker: true,
      side: 'request',
    })
    expect(await auditOf('match.accepted-for', matchId)).toEqual([
      expect.objectContaining({ actorId: 'samira', memberId: cor }),
    ])
    // Acting for Cor, the broker sees what Cor sees (Anna's details), and that read is audited.
    const seen = await view('samira', matchId, cor)
    expect(seen.body.contacts).toMatchObject({ request: null, offer: { email: 'anna@example.nl' } })
    expect(await auditOf('match.contact-viewed', matchId)).toEqual([
      expect.objectContaining({ actorId: 'samira', memberId: 'anna' }),
    ])

    const cancelled = await act('samira', matchId, 'cancel', { version: 2, reason: 'Cor is opgenomen' })
    expect(cancelled.body).toMatchObject({ status: 'cancelled' })
    expect(await auditOf('match.cancelled-for', matchId)).toEqual([
      expect.objectContaining({ actorId: 'samira', memberId: cor }),
    ])
  })
})

describe('expiry', () => {
  it('expires proposals nobody answered in time, once, and leaves recent ones alone', async () => {
    const { match } = await proposedPair('henk', 'tom', { requestFor: true })
    const days = (n: number) => new Date(Date.now() + n * 24 * 60 * 60 * 1000)
    try {
      clock = days(13)
      expect(await services.matches.expireDue(c)).toBe(0)
      clock = days(15)
      const waiting = await services.stores.matches.listByStatus(c, 'proposed', { limit: 100 })
      expect(waiting.items.map((m) => m.id)).toContain(match.id)
      expect(await services.matches.expireDue(c)).toBe(waiting.items.length)
      expect(await services.matches.expireDue(c)).toBe(0)
    } finally {
      clock = null
    }
    const expired = await matchNow(match.id)
    expect(expired).toMatchObject({ status: 'expired', version: 2 })
    expect(expired?.history.at(-1)).toMatchObject({ from: 'proposed', to: 'expired', by: null, side: null })
    expect(await queueItem(`interest-no-reply.${match.id}`)).toMatchObject({ status: 'done' })
    expect((await services.stores.matches.listByStatus(c, 'proposed', { limit: 100 })).items).toEqual([])
  })
})

describe('the acceptance transaction under concurrency', () => {
  const setUp = async (communityId: string, offerQuantity: number, helperMax: number) => {
    await services.stores.communities.put({ ...testCommunity, id: communityId, name: communityId }, null)
    const at = new Date().toISOString()
    const person = (id: string, maxActiveMatches = 3): MemberDetails => ({
      id,
      communityId,
      kind: 'resident',
      role: 'resident',
      displayName: id,
      areaId: 'de-akkers',
      managedByBroker: false,
      status: 'active',
      ...newMemberMatching(),
      helping: { maxActiveMatches, paused: false },
      contactPreference: 'email',
      language: 'nl',
      consents: [],
      screenings: [],
      version: 1,
      createdAt: at,
      lastActiveAt: at,
      retentionNoticeAt: null,
    })
    const helper = person('helper', helperMax)
    const asker = person('asker')
    for (const m of [helper, asker]) {
      await services.stores.members.create(
        m,
        { fullName: m.id, email: null, phone: null, address: null, representatives: [] },
        [],
      )
    }
    const offer = await services.posts.create(
      helper,
      communityId,
      validPostBody({ kind: 'offer', quantity: offerQuantity }),
    )
    const offerStored = await stored(offer.id, communityId)
    const matches: Match[] = []
    for (let i = 0; i < 50; i++) {
      const request = await services.posts.create(asker, communityId, validPostBody({ title: `Vraag ${i}` }))
      const match = await services.matches.propose(asker, {
        own: await stored(request.id, communityId),
        other: offerStored,
        message: '',
        assess: async () => 10,
      })
      matches.push(match)
    }
    return { helper, offer, matches }
  }

  const acceptAll = async (communityId: string, helper: MemberDetails, matches: Match[]) => {
    const results = await Promise.allSettled(
      matches.map((m) => services.matches.acceptMatch(helper, communityId, m.id, { version: 1, message: '' })),
    )
    const codes = results.map((r) =>
      r.status === 'fulfilled' ? 'ok' : r.reason instanceof DomainError ? r.reason.code : String(r.reason),
    )
    return codes
  }

  const statuses = async (communityId: string, matches: Match[]) => {
    const now = await Promise.all(matches.map((m) => matchNow(m.id, communityId)))
    return now.map((m) => m?.status)
  }

  it('50 accepts at once on an offer of 3: exactly 3 succeed, 47 get OFFER_FULL, the counters are exact', async () => {
    const { helper, offer, matches } = await setUp('gelijktijdig-aanbod', 3, 20)
    const codes = await acceptAll('gelijktijdig-aanbod', helper, matches)
    expect(codes.filter((code) => code === 'ok')).toHaveLength(3)
    expect(codes.filter((code) => code === 'OFFER_FULL')).toHaveLength(47)
    expect((await stored(offer.id, 'gelijktijdig-aanbod')).post).toMatchObject({ activeMatches: 3, version: 4 })
    expect((await memberNow('helper', 'gelijktijdig-aanbod')).activeMatches).toBe(3)
    const now = await statuses('gelijktijdig-aanbod', matches)
    expect(now.filter((s) => s === 'accepted')).toHaveLength(3)
    expect(now.filter((s) => s === 'proposed')).toHaveLength(47)
    // Each accepted match took its own request's unit; the others' requests are untouched.
    for (const [i, m] of matches.entries()) {
      const request = await stored(m.requestId, 'gelijktijdig-aanbod')
      expect(request.post.activeMatches).toBe(codes[i] === 'ok' ? 1 : 0)
    }
  }, 120_000)

  it('50 accepts at once for a helper who takes 3: exactly 3 succeed, 47 get HELPER_AT_CAPACITY', async () => {
    const { helper, offer, matches } = await setUp('gelijktijdig-helper', 100, 3)
    const codes = await acceptAll('gelijktijdig-helper', helper, matches)
    expect(codes.filter((code) => code === 'ok')).toHaveLength(3)
    expect(codes.filter((code) => code === 'HELPER_AT_CAPACITY')).toHaveLength(47)
    expect((await stored(offer.id, 'gelijktijdig-helper')).post.activeMatches).toBe(3)
    expect((await memberNow('helper', 'gelijktijdig-helper')).activeMatches).toBe(3)
    const now = await statuses('gelijktijdig-helper', matches)
    expect(now.filter((s) => s === 'accepted')).toHaveLength(3)
    expect(now.filter((s) => s === 'proposed')).toHaveLength(47)
  }, 120_000)
})
