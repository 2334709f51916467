/**
 * The brokers' work queue against DynamoDB Local: items raised through the service, read and
 * worked through the API. Each test gets its own community (same areas and categories as
 * Lindeveen; broker Bea, broker Bob, coordinator Cor, resident Ria), so no test sees another's
 * items. A second set of services with a clock the test moves shows what happens later
 * (snoozes ending, items falling due).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { createStores } from '../../shared/db/index'
import { newPost } from '../../shared/domain/post'
import { nextWorkingDay, queueItemId } from '../../shared/domain/work-queue'
import type { Role } from '../../shared/schemas/member'
import type { Post } from '../../shared/schemas/post'
import type { QueueItemKind } from '../../shared/schemas/vocabulary'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import type { Stores } from '../../shared/services/ports'
import { startTestApi, type TestApi } from '../support/api'
import { testDocumentClient } from '../support/dynamodb'
import { member, testCommunity, validPostBody } from '../support/fixtures'

let api: TestApi
let db: ReturnType<typeof testDocumentClient>
let stores: Stores
/** `undefined`: the real time. Set it to look at the queue later (or earlier). */
let clock: Date | undefined
let counter = 0
const runtime = {
  now: () => clock ?? new Date(),
  newId: () => `id${String(++counter).padStart(8, '0')}`,
  newCode: () => '000000',
}
const makeServices = (s: Stores) =>
  createServices(s, runtime, createCredentials(deriveKeys(throwawayKeys())), { send: async () => {} }, everyService)
let services: ReturnType<typeof makeServices>

beforeAll(async () => {
  api = await startTestApi()
  db = testDocumentClient(api.endpoint)
  stores = createStores(db, api.tableName)
  services = makeServices(stores)
})
afterAll(async () => {
  db?.destroy()
  await api?.close()
})

const minutes = (n: number) => new Date(Date.now() + n * 60_000)
const days = 24 * 60

const people: [string, string, Role][] = [
  ['bea', 'Bea', 'broker'],
  ['bob', 'Bob', 'broker'],
  ['cor', 'Cor', 'coordinator'],
  ['ria', 'Ria', 'resident'],
  ['rob', 'Rob', 'resident'],
]

/** A fresh community with the cast above. */
const community = async (id: string): Promise<string> => {
  await stores.communities.put({ ...testCommunity, id, name: id }, null)
  for (const [memberId, displayName, role] of people) {
    await stores.members.create(
      { ...member('anna'), id: memberId, communityId: id, displayName, role },
      { fullName: displayName, email: null, phone: null, address: null, representatives: [] },
      [],
    )
  }
  return id
}

interface Raised {
  id: string
  post: Post
}

/**
 * A post (built, not stored: the queue does not read posts) and a queue item about it, due
 * `due` minutes from now (negative: overdue).
 */
const raise = async (
  communityId: string,
  due: number,
  options: {
    kind?: QueueItemKind
    areaId?: string
    categoryId?: string
    author?: string
    matchId?: string
    post?: Post
  } = {},
): Promise<Raised> => {
  const kind = options.kind ?? 'new-request'
  const found = await stores.communities.get(communityId)
  const author = await stores.members.get(communityId, options.author ?? 'ria')
  if (!found || !author) throw new Error('Set up the community first')
  const created = minutes(-3 * days)
  const stored = newPost({
    id: `post${String(++counter).padStart(6, '0')}`,
    community: found,
    author,
    body: validPostBody({
      title: `Vraag ${counter}`,
      areaId: options.areaId ?? 'de-akkers',
      categoryId: options.categoryId ?? 'boodschappen',
    }),
    now: created,
  })
  const post = options.post ?? stored.post
  const id = await services.queue.raise({
    kind,
    post,
    areaPath: stored.areaPath,
    memberName: author.displayName,
    matchId: options.matchId ?? null,
    dueAt: minutes(due),
    answerBy: kind === 'new-request' ? nextWorkingDay(created) : null,
  })
  return { id, post }
}

const path = (communityId: string, suffix = '') => `/api/communities/${communityId}/queue${suffix}`
const list = async (communityId: string, as: string, query = '') => {
  const response = await api.call(path(communityId, query), { as: `${communityId}/${as}` })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return response.body as { items: { id: string; [k: string]: unknown }[]; nextCursor: string | null }
}
const ids = async (communityId: string, as: string, query = '') =>
  (await list(communityId, as, query)).items.map((i) => i.id)
const act = (
  communityId: string,
  as: string,
  itemId: string,
  action: 'take' | 'snooze' | 'finish',
  json: Record<string, unknown>,
) => api.call(path(communityId, `/${itemId}/${action}`), { as: `${communityId}/${as}`, method: 'POST', json })
const stored = async (communityId: string, itemId: string) => {
  const found = await stores.queue.get(communityId, itemId)
  if (!found) throw new Error(`No item ${itemId}`)
  return found.item
}
const rawItem = async (communityId: string, itemId: string) =>
  (await api.items()).find((i) => i.pk === `C#${communityId}#QUEUE#${itemId}`)

describe('the list', () => {
  it('shows what is due, most overdue first, with why and since when; items not yet due stay hidden', async () => {
    // prepare
    const c = await community('q-order')
    const a = await raise(c, -180)
    const b = await raise(c, -60, { kind: 'waiting-long' })
    const d = await raise(c, -120, { kind: 'no-good-suggestion' })
    const later = await raise(c, 60)

    // act
    const page = await list(c, 'bea')

    // assess
    expect(page.items.map((i) => i.id)).toEqual([a.id, d.id, b.id])
    expect(page.nextCursor).toBeNull()
    expect(page.items[0]).toMatchObject({
      id: `new-request.${a.post.id}`,
      kind: 'new-request',
      status: 'open',
      postId: a.post.id,
      postTitle: a.post.title,
      postKind: 'request',
      memberId: 'ria',
      memberName: 'Ria',
      areaId: 'de-akkers',
      categoryId: 'boodschappen',
      waitingSince: a.post.createdAt,
      answerBy: nextWorkingDay(new Date(a.post.createdAt)).toISOString(),
      takenBy: null,
      snooze: null,
      resolution: null,
      version: 1,
    })
    expect(page.items[2]).toMatchObject({ kind: 'waiting-long', answerBy: null })

    // Two hours later the waiting item is due too: no timer, the index sort key does it.
    clock = minutes(120)
    try {
      const laterPage = await services.queue.list(await stores.members.get(c, 'bea').then(must), c, {
        view: 'all',
        limit: 50,
      })
      expect(laterPage.items.map((i) => i.id)).toEqual([a.id, d.id, b.id, later.id])
    } finally {
      clock = undefined
    }
  })

  it('`mine` shows what the caller took; `all` shows everything not done', async () => {
    const c = await community('q-mine')
    const x = await raise(c, -30)
    const y = await raise(c, -20)
    const z = await raise(c, -10)
    expect((await act(c, 'bea', x.id, 'take', { version: 1 })).status).toBe(200)
    expect((await act(c, 'bob', y.id, 'take', { version: 1 })).status).toBe(200)

    expect(await ids(c, 'bea', '?view=mine')).toEqual([x.id])
    expect(await ids(c, 'bob', '?view=mine')).toEqual([y.id])
    expect(await ids(c, 'cor', '?view=mine')).toEqual([])
    expect(await ids(c, 'cor')).toEqual([x.id, y.id, z.id])
    expect((await list(c, 'cor')).items.map((i) => i.status)).toEqual(['taken', 'taken', 'open'])
  })

  it('filters by wijk (with its buurten), buurt, category and kind', async () => {
    const c = await community('q-filter')
    const akkers = await raise(c, -50, { areaId: 'de-akkers' })
    const molen = await raise(c, -40, { areaId: 'molenwijk', categoryId: 'klussen' })
    const markt = await raise(c, -30, { areaId: 'oude-markt', kind: 'waiting-long' })
    const eiken = await raise(c, -20, { areaId: 'eikenrode', categoryId: 'klussen', kind: 'review-suggestions' })

    expect(await ids(c, 'bea', '?area=noord')).toEqual([akkers.id, molen.id])
    expect(await ids(c, 'bea', '?area=molenwijk')).toEqual([molen.id])
    expect(await ids(c, 'bea', '?area=centrum')).toEqual([markt.id])
    expect(await ids(c, 'bea', '?area=lindeveen')).toEqual([akkers.id, molen.id, markt.id, eiken.id])
    expect(await ids(c, 'bea', '?category=klussen')).toEqual([molen.id, eiken.id])
    expect(await ids(c, 'bea', '?kind=waiting-long')).toEqual([markt.id])
    expect(await ids(c, 'bea', '?kind=review-suggestions&category=klussen&area=buitengebied')).toEqual([eiken.id])
    expect(await ids(c, 'bea', '?kind=new-request&area=centrum')).toEqual([])

    // In the own list too.
    await act(c, 'bea', molen.id, 'take', { version: 1 })
    await act(c, 'bea', markt.id, 'take', { version: 1 })
    expect(await ids(c, 'bea', '?view=mine&area=noord')).toEqual([molen.id])

    const unknown = await api.call(path(c, '?area=atlantis'), { as: `${c}/bea` })
    expect(unknown).toMatchObject({
      status: 422,
      body: { error: 'VALIDATION_FAILED', details: [{ path: 'area', code: 'unknown_area' }] },
    })
    const badKind = await api.call(path(c, '?kind=everything'), { as: `${c}/bea` })
    expect(badKind).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
  })

  it('pages with a cursor: every item exactly once, in order, with and without a filter', async () => {
    const c = await community('q-pages')
    const all: Raised[] = []
    for (let i = 0; i < 13; i++) {
      all.push(await raise(c, -200 + i, { categoryId: i % 3 === 0 ? 'klussen' : 'boodschappen' }))
    }
    // One not due yet, one done: neither is on any page.
    await raise(c, 30)
    const done = await raise(c, -500)
    await act(c, 'bea', done.id, 'finish', { version: 1, note: '' })

    const walk = async (query: string) => {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page = await list(c, 'bea', `${query}${cursor ? `&cursor=${cursor}` : ''}`)
        seen.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor
        pages++
        expect(pages).toBeLessThan(20)
      } while (cursor)
      return { seen, pages }
    }

    const plain = await walk('?limit=5')
    expect(plain.seen).toEqual(all.map((r) => r.id))
    expect(plain.pages).toBe(3)
    const filtered = await walk('?limit=2&category=klussen')
    expect(filtered.seen).toEqual(all.filter((_, i) => i % 3 === 0).map((r) => r.id))
    const mine = await walk('?limit=2&view=mine')
    expect(mine.seen).toEqual([])

    // A cursor belongs to its list: not to the own list, not to another community.
    const first = await list(c, 'bea', '?limit=5')
    const cursor = first.nextCursor ?? ''
    const other = await community('q-pages-2')
    for (const [communityId, query] of [
      [c, `?view=mine&cursor=${cursor}`],
      [other, `?cursor=${cursor}`],
      [c, '?cursor=not-a-cursor'],
    ] as const) {
      const response = await api.call(path(communityId, query), { as: `${communityId}/bea` })
      expect(response).toMatchObject({ status: 400, body: { error: 'INVALID_CURSOR' } })
    }
  })
})

describe('working an item', () => {
  it('take, hand over, snooze and finish, each version-checked and audited', async () => {
    const c = await community('q-work')
    const { id, post } = await raise(c, -60)

    // take
    const taken = await act(c, 'bea', id, 'take', { version: 1 })
    expect(taken).toMatchObject({
      status: 200,
      body: { status: 'taken', takenBy: { memberId: 'bea', displayName: 'Bea' }, version: 2 },
    })
    // a stale version
    expect(await act(c, 'bob', id, 'take', { version: 1 })).toMatchObject({
      status: 409,
      body: { error: 'QUEUE_ITEM_CHANGED' },
    })
    // hand-over to Bob
    const handedOver = await act(c, 'bob', id, 'take', { version: 2 })
    expect(handedOver.body).toMatchObject({ takenBy: { memberId: 'bob' }, version: 3 })
    expect(await ids(c, 'bea', '?view=mine')).toEqual([])
    expect(await ids(c, 'bob', '?view=mine')).toEqual([id])

    // snooze
    const until = minutes(2 * days).toISOString()
    expect(await act(c, 'bob', id, 'snooze', { version: 2, until, reason: 'Ria belt terug' })).toMatchObject({
      status: 409,
      body: { error: 'QUEUE_ITEM_CHANGED' },
    })
    const snoozed = await act(c, 'bob', id, 'snooze', { version: 3, until, reason: 'Ria belt terug' })
    expect(snoozed.body).toMatchObject({
      status: 'snoozed',
      dueAt: until,
      snooze: { until, reason: 'Ria belt terug' },
      takenBy: { memberId: 'bob' },
      version: 4,
    })

    // finish
    expect(await act(c, 'bob', id, 'finish', { version: 3, note: 'Geregeld' })).toMatchObject({
      status: 409,
      body: { error: 'QUEUE_ITEM_CHANGED' },
    })
    const finished = await act(c, 'cor', id, 'finish', { version: 4, note: 'Doorverwezen naar het wijkteam' })
    expect(finished.body).toMatchObject({
      status: 'done',
      resolution: { by: 'cor', note: 'Doorverwezen naar het wijkteam' },
      version: 5,
    })

    // done is done: nothing changes it any more, whatever the version
    const before = await api.snapshot()
    for (const [action, json] of [
      ['take', { version: 5 }],
      ['snooze', { version: 5, until, reason: 'Nog eens' }],
      ['finish', { version: 5, note: '' }],
      ['take', { version: 1 }],
    ] as const) {
      expect(await act(c, 'bea', id, action, json)).toMatchObject({ status: 409, body: { error: 'QUEUE_ITEM_DONE' } })
    }
    expect(await api.snapshot()).toBe(before)

    // the audit log: who did what about whose post
    const log = await api.call(`/api/communities/${c}/audit?memberId=ria`, { as: `${c}/cor` })
    expect(log.status).toBe(200)
    const entries = (log.body.items as { actorId: string; action: string; reason: string | null }[])
      .map((e) => `${e.actorId}:${e.action}:${e.reason ?? ''}`)
      .reverse()
    expect(entries).toEqual([
      'bea:queue.taken:',
      'bob:queue.taken:handed over from bea',
      `bob:queue.snoozed:until ${until}`,
      'cor:queue.done:',
    ])
    expect(log.body.items.every((e: { postId: string }) => e.postId === post.id)).toBe(true)
  })

  it('lets exactly one of two brokers win a race', async () => {
    const c = await community('q-race')
    const { id } = await raise(c, -5)
    const results = await Promise.all([
      act(c, 'bea', id, 'take', { version: 1 }),
      act(c, 'bob', id, 'take', { version: 1 }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = results.find((r) => r.status === 200)?.body.takenBy.memberId
    expect((await stored(c, id)).takenBy?.memberId).toBe(winner)
    expect(results.find((r) => r.status === 409)?.body.error).toBe('QUEUE_ITEM_CHANGED')
  })

  it('a snoozed item leaves both lists and comes back when the snooze ends, still marked snoozed', async () => {
    const c = await community('q-snooze')
    const open = await raise(c, -90)
    const mine = await raise(c, -80)
    const other = await raise(c, -70)
    await act(c, 'bea', mine.id, 'take', { version: 1 })
    const until = minutes(3 * days).toISOString()
    expect((await act(c, 'bea', open.id, 'snooze', { version: 1, until, reason: 'Wacht op de huisarts' })).status).toBe(
      200,
    )
    expect((await act(c, 'bea', mine.id, 'snooze', { version: 2, until, reason: 'Na de vakantie' })).status).toBe(200)

    expect(await ids(c, 'bea')).toEqual([other.id])
    expect(await ids(c, 'bea', '?view=mine')).toEqual([])

    const bea = must(await stores.members.get(c, 'bea'))
    clock = minutes(3 * days - 1)
    try {
      expect((await services.queue.list(bea, c, { view: 'all', limit: 50 })).items.map((i) => i.id)).toEqual([other.id])
      clock = minutes(3 * days + 1)
      const back = await services.queue.list(bea, c, { view: 'all', limit: 50 })
      // Due again at the end of the snooze: after the item that was overdue all along.
      expect(back.items.map((i) => i.id)).toEqual([other.id, open.id, mine.id])
      expect(back.items[1]).toMatchObject({ status: 'snoozed', snooze: { until, reason: 'Wacht op de huisarts' } })
      expect((await services.queue.list(bea, c, { view: 'mine', limit: 50 })).items.map((i) => i.id)).toEqual([mine.id])
      // Taking it afterwards: taken again, the last snooze kept for the story.
      const retaken = await services.queue.take(bea, c, open.id, { version: 2 })
      expect(retaken).toMatchObject({ status: 'taken', snooze: { reason: 'Wacht op de huisarts' }, dueAt: until })
    } finally {
      clock = undefined
    }
  })

  it('taking a snoozed item before the snooze ends brings it back at once', async () => {
    const c = await community('q-unsnooze')
    const { id } = await raise(c, -10)
    await act(c, 'bea', id, 'snooze', { version: 1, until: minutes(days).toISOString(), reason: 'Morgen bellen' })
    expect(await ids(c, 'bea')).toEqual([])
    expect((await act(c, 'bob', id, 'take', { version: 2 })).body).toMatchObject({ status: 'taken', version: 3 })
    expect(await ids(c, 'bea')).toEqual([id])
    expect(await ids(c, 'bob', '?view=mine')).toEqual([id])
  })

  it('refuses a snooze in the past or more than 90 days ahead, and changes nothing', async () => {
    const c = await community('q-snooze-limits')
    const { id } = await raise(c, -10)
    const before = await api.snapshot()
    for (const [until, code] of [
      [minutes(-1).toISOString(), 'date_in_past'],
      [minutes(91 * days).toISOString(), 'snooze_too_long'],
    ] as const) {
      expect(await act(c, 'bea', id, 'snooze', { version: 1, until, reason: 'Later' })).toMatchObject({
        status: 422,
        body: { error: 'VALIDATION_FAILED', details: [{ path: 'until', code }] },
      })
    }
    for (const json of [
      { version: 1, until: 'morgen', reason: 'Later' },
      { version: 1, until: minutes(days).toISOString(), reason: '' },
      { version: 1, until: minutes(days).toISOString() },
    ]) {
      expect(await act(c, 'bea', id, 'snooze', json)).toMatchObject({
        status: 422,
        body: { error: 'VALIDATION_FAILED' },
      })
    }
    expect(await api.snapshot()).toBe(before)
  })

  it('a done item drops out of both lists and out of the indexes', async () => {
    const c = await community('q-done')
    const { id } = await raise(c, -10)
    await act(c, 'bea', id, 'take', { version: 1 })
    expect(Object.keys((await rawItem(c, id)) ?? {})).toEqual(
      expect.arrayContaining(['gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']),
    )
    expect((await act(c, 'bea', id, 'finish', { version: 2, note: 'Klaar' })).status).toBe(200)
    expect(await ids(c, 'bea')).toEqual([])
    expect(await ids(c, 'bea', '?view=mine')).toEqual([])
    const raw = (await rawItem(c, id)) ?? {}
    expect(Object.keys(raw).filter((k) => k.startsWith('gsi'))).toEqual([])
    expect(raw).toMatchObject({ entity: 'queue-item', status: 'done' })
  })
})

describe('raising and resolving (by the system)', () => {
  it('raising again changes nothing, and never reopens a done item', async () => {
    const c = await community('q-raise')
    const first = await raise(c, -30)
    const original = await stored(c, first.id)
    const again = await raise(c, -300, { post: first.post })
    expect(again.id).toBe(first.id)
    expect(await stored(c, first.id)).toEqual(original)
    expect((await list(c, 'bea')).items).toHaveLength(1)

    await act(c, 'bea', first.id, 'finish', { version: 1, note: 'Al geholpen' })
    const before = await api.snapshot()
    await raise(c, -30, { post: first.post })
    expect(await api.snapshot()).toBe(before)
    expect(await stored(c, first.id)).toMatchObject({ status: 'done', resolution: { by: 'bea' } })

    // Another reason about the same post is another item; interest without a reply is per match.
    const waiting = await raise(c, -20, { post: first.post, kind: 'waiting-long' })
    const interest = await raise(c, -10, {
      post: first.post,
      kind: 'interest-no-reply',
      matchId: 'prop-0000001',
    })
    expect(waiting.id).toBe(queueItemId('waiting-long', first.post.id))
    expect(interest.id).toBe('interest-no-reply.prop-0000001')
    expect(await ids(c, 'bea')).toEqual([waiting.id, interest.id])
    expect(await stored(c, interest.id)).toMatchObject({ matchId: 'prop-0000001', postId: first.post.id })
  })

  it('resolve marks the items done by nobody, with the note; missing and done items are left alone', async () => {
    const c = await community('q-resolve')
    const a = await raise(c, -30)
    const b = await raise(c, 60)
    const byBroker = await raise(c, -20)
    await act(c, 'bea', a.id, 'take', { version: 1 })
    await act(c, 'bea', byBroker.id, 'finish', { version: 1, note: 'Gebeld' })

    await services.queue.resolve(c, [a.id, b.id, byBroker.id, 'new-request.does-not-exist'], 'Bericht gesloten')

    expect(await stored(c, a.id)).toMatchObject({
      status: 'done',
      resolution: { by: null, note: 'Bericht gesloten' },
      takenBy: { memberId: 'bea' },
      version: 3,
    })
    expect(await stored(c, b.id)).toMatchObject({ status: 'done', version: 2 })
    expect(await stored(c, byBroker.id)).toMatchObject({ resolution: { by: 'bea', note: 'Gebeld' }, version: 2 })
    expect(await stores.queue.get(c, 'new-request.does-not-exist')).toBeUndefined()
    expect(await ids(c, 'bea')).toEqual([])
    expect(await ids(c, 'bea', '?view=mine')).toEqual([])
  })

  it('resolve reads again and retries once when a broker changes the item at the same moment', async () => {
    const c = await community('q-resolve-race')
    const { id } = await raise(c, -30)
    let raced = false
    // A store that lets a broker take the item between resolve's read and its write.
    const racing = makeServices({
      ...stores,
      queue: {
        ...stores.queue,
        async replace(item, expectedVersion) {
          if (!raced) {
            raced = true
            await act(c, 'bea', id, 'take', { version: 1 })
          }
          return stores.queue.replace(item, expectedVersion)
        },
      },
    })
    await racing.queue.resolve(c, [id], 'Bericht gesloten')
    expect(raced).toBe(true)
    expect(await stored(c, id)).toMatchObject({
      status: 'done',
      takenBy: { memberId: 'bea' },
      resolution: { by: null },
      version: 3,
    })
  })
})

describe('who may work the queue', () => {
  it('brokers and coordinators of the community only; refusals change nothing', async () => {
    const c = await community('q-auth')
    const { id } = await raise(c, -10)
    const until = minutes(days).toISOString()
    const attempts = async (as: string, communityId: string) => [
      await api.call(path(communityId), { as }),
      await api.call(path(communityId, '?view=mine'), { as }),
      await api.call(path(communityId, `/${id}/take`), { as, method: 'POST', json: { version: 1 } }),
      await api.call(path(communityId, `/${id}/snooze`), {
        as,
        method: 'POST',
        json: { version: 1, until, reason: 'Later' },
      }),
      await api.call(path(communityId, `/${id}/finish`), { as, method: 'POST', json: { version: 1, note: '' } }),
    ]
    const before = await api.snapshot()

    // A resident of the community.
    for (const response of await attempts(`${c}/ria`, c)) {
      expect(response).toMatchObject({ status: 403, body: { error: 'NOT_A_BROKER' } })
    }
    // A broker of another community.
    for (const response of await attempts('lindeveen/samira', c)) {
      expect(response).toMatchObject({ status: 403, body: { error: 'COMMUNITY_FORBIDDEN' } })
    }
    // Nobody signed in.
    expect(await api.call(path(c), { as: null })).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } })
    // The item through the broker's own community: its key is scoped, so it does not exist there.
    const samira = await api.call(path('lindeveen', `/${id}/take`), {
      as: 'lindeveen/samira',
      method: 'POST',
      json: { version: 1 },
    })
    expect(samira).toMatchObject({ status: 404, body: { error: 'QUEUE_ITEM_NOT_FOUND' } })
    expect(
      await api.call(path(c, '/new-request.does-not-exist/take'), {
        as: `${c}/bea`,
        method: 'POST',
        json: { version: 1 },
      }),
    ).toMatchObject({ status: 404, body: { error: 'QUEUE_ITEM_NOT_FOUND' } })

    // A broker acting for a resident has the resident's rights: no queue.
    for (const as of ['lindeveen/samira', 'lindeveen/jeroen']) {
      const actingForHenk = await api.call(path('lindeveen'), { as, actFor: 'henk' })
      expect(actingForHenk).toMatchObject({ status: 403, body: { error: 'NOT_A_BROKER' } })
    }
    expect(await api.snapshot()).toBe(before)

    // The brokers themselves may.
    expect((await api.call(path(c), { as: `${c}/bea` })).status).toBe(200)
    expect((await api.call(path('lindeveen'), { as: 'lindeveen/samira' })).status).toBe(200)
    expect((await api.call(path('lindeveen'), { as: 'lindeveen/jeroen' })).status).toBe(200)
  })
})

describe('closing a request that cannot be matched', () => {
  it('keeps the referral on the post (the matching worker then resolves its queue items)', async () => {
    const created = await api.call('/api/communities/lindeveen/posts', {
      as: 'lindeveen/anna',
      method: 'POST',
      json: validPostBody({ title: 'Hulp bij de administratie van mijn moeder' }),
    })
    expect(created.status).toBe(201)
    const closePath = `/api/communities/lindeveen/posts/${created.body.id}/close`
    expect(
      await api.call(closePath, { as: 'lindeveen/samira', method: 'POST', json: { version: 1, reason: 'referred' } }),
    ).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
    const closed = await api.call(closePath, {
      as: 'lindeveen/samira',
      method: 'POST',
      json: {
        version: 1,
        reason: 'referred',
        referral: 'Wijkteam Noord (schuldhulp)',
        note: 'Past niet bij vrijwilligers',
      },
    })
    expect(closed).toMatchObject({
      status: 200,
      body: { status: 'closed', closeReason: 'referred', referral: 'Wijkteam Noord (schuldhulp)' },
    })
    const read = await api.call(`/api/communities/lindeveen/posts/${created.body.id}`, { as: 'lindeveen/anna' })
    expect(read.body).toMatchObject({ referral: 'Wijkteam Noord (schuldhulp)' })
  })
})

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('Expected a value')
  return value
}
