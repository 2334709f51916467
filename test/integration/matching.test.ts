import { PutCommand } from '@aws-sdk/lib-dynamodb'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamHandler } from '../../functions/stream/stream-handler'
import { processMatchingChange } from '../../functions/worker-matching/handler'
import { eventWorkers } from '../../functions/workers'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { type StreamRunner, startStreamRunner } from '../../scripts/lib/local-stream'
import { createStores } from '../../shared/db/index'
import { keys } from '../../shared/db/keys'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import { startTestApi, type TestApi } from '../support/api'
import { testDocumentClient } from '../support/dynamodb'
import { validPostBody } from '../support/fixtures'

/**
 * The matching worker against DynamoDB Local: the real stream, the real handler, the real
 * services. The demo is seeded before the runner starts; the runner reads the stream from its
 * beginning, so the demo's posts get their suggestions as they would after `npm start`.
 */
let api: TestApi
let runner: StreamRunner
const events: DynamoDBStreamEvent[] = []
let services: ReturnType<typeof createServices>

/** Waits until the worker has caught up, its own follow-on changes included. */
const settle = async () => {
  for (let round = 0; round < 4; round++) await runner.drain(60_000)
}

const postsOf = async (as: string, memberId: string) => {
  const { body } = await api.call(`/api/communities/lindeveen/members/${memberId}/posts`, { as })
  return body.items as { id: string; title: string; kind: string; categoryId: string; version: number }[]
}

const findPost = async (memberId: string, title: string) => {
  const post = (await postsOf(`lindeveen/${memberId}`, memberId)).find((p) => p.title.startsWith(title))
  if (!post) throw new Error(`No demo post "${title}" of ${memberId}`)
  return post
}

const suggestionsFor = async (postId: string, as: string) =>
  api.call(`/api/communities/lindeveen/posts/${postId}/suggestions`, { as })

beforeAll(async () => {
  api = await startTestApi()
  const db = testDocumentClient(api.endpoint)
  services = createServices(
    createStores(db, api.tableName),
    { now: () => new Date(), newId: () => Math.random().toString(36).slice(2, 14), newCode: () => '000000' },
    createCredentials(deriveKeys(throwawayKeys())),
    { send: async () => {} },
    everyService,
  )
  const handler = streamHandler('matching', (change) => processMatchingChange(services, change))
  runner = await startStreamRunner({
    endpoint: api.endpoint,
    tableName: api.tableName,
    entities: eventWorkers.matching.trigger.entities,
    maxAttempts: 2,
    log: () => {},
    handler: async (event, context) => {
      events.push(structuredClone(event))
      return handler(event, context)
    },
  })
  await settle()
}, 180_000)

afterAll(async () => {
  await runner?.stop()
  await api?.close()
})

describe('suggestions computed by the stream worker', () => {
  it('gives a resident suggestions for their own request, with reasons and without contact details', async () => {
    const request = await findPost('fatima', 'Samen Nederlands oefenen')
    const { status, body } = await suggestionsFor(request.id, 'lindeveen/fatima')
    expect(status).toBe(200)
    expect(body.computedAt).not.toBeNull()
    const priya = body.items.find((s: { post: { title: string } }) => s.post.title.startsWith('Taalmaatje'))
    expect(priya).toBeDefined()
    expect(priya.post.kind).toBe('offer')
    expect(priya.post.categoryId).toBe('taal')
    expect(Object.keys(priya.post.author).sort()).toEqual(['areaId', 'displayName'])
    expect(priya.reasons.map((r: { code: string }) => r.code)).toContain('availability')
    expect(priya.reasons.every((r: { text: { nl: string; en: string } }) => r.text.nl && r.text.en)).toBe(true)
    // The score shown is exactly the sum of the reasons shown (bridging is never shown, not even as a remainder).
    const points = priya.reasons.reduce((sum: number, r: { points: number }) => sum + r.points, 0)
    expect(points).toBe(priya.score)
    expect(priya.reasons.map((r: { code: string }) => r.code)).not.toContain('bridging')
    expect(JSON.stringify(body)).not.toMatch(/@example\.nl|fullName|phone/)
    // Every suggestion is an open offer in the same category.
    for (const s of body.items) expect([s.post.kind, s.post.categoryId]).toEqual(['offer', 'taal'])
  })

  it('suggests only a screened helper for sensitive help', async () => {
    const request = await findPost('nadia', 'Oppas voor mijn zoon')
    const { body } = await suggestionsFor(request.id, 'lindeveen/nadia')
    expect(body.items.map((s: { post: { author: { displayName: string } } }) => s.post.author.displayName)).toEqual([
      'Ellen',
    ])
  })

  it('refuses suggestions of someone else’s post, but shows them to a broker', async () => {
    const request = await findPost('fatima', 'Samen Nederlands oefenen')
    const other = await suggestionsFor(request.id, 'lindeveen/anna')
    expect([other.status, other.body.error]).toEqual([403, 'NOT_POST_OWNER'])
    const broker = await suggestionsFor(request.id, 'lindeveen/samira')
    expect(broker.status).toBe(200)
    expect(broker.body.items.length).toBeGreaterThan(0)
  })

  it('adds a new fitting offer to a request’s suggestions, and removes it when the offer closes', async () => {
    const request = await findPost('mieke', 'Heg snoeien')
    const created = await api.call('/api/communities/lindeveen/posts', {
      as: 'lindeveen/priya',
      method: 'POST',
      json: validPostBody({
        kind: 'offer',
        title: 'Ik snoei uw heg',
        categoryId: 'tuin',
        areaId: 'kastanjehof',
        availability: { dayParts: ['sat-morning'], recurrence: 'once' },
      }),
    })
    expect(created.status).toBe(201)
    await settle()
    const titles = async () =>
      (await suggestionsFor(request.id, 'lindeveen/mieke')).body.items.map((s: { post: { id: string } }) => s.post.id)
    expect(await titles()).toContain(created.body.id)
    // The new offer has its own suggestions too: Mieke's request.
    const own = await suggestionsFor(created.body.id, 'lindeveen/priya')
    expect(own.body.items.map((s: { post: { id: string } }) => s.post.id)).toContain(request.id)

    const closed = await api.call(`/api/communities/lindeveen/posts/${created.body.id}/close`, {
      as: 'lindeveen/priya',
      method: 'POST',
      json: { version: created.body.version, reason: 'withdrawn' },
    })
    expect(closed.status).toBe(200)
    await settle()
    expect(await titles()).not.toContain(created.body.id)
  })

  it('drops a paused helper’s offers from every suggestion list', async () => {
    const request = await findPost('henk', 'Wie doet wekelijks boodschappen')
    const before = await suggestionsFor(request.id, 'lindeveen/samira')
    const annaOffer = before.body.items.find(
      (s: { post: { author: { displayName: string } } }) => s.post.author.displayName === 'Anna',
    )
    expect(annaOffer).toBeDefined()
    const anna = (await api.call('/api/communities/lindeveen/members/anna', { as: 'lindeveen/anna' })).body
    const paused = await api.call('/api/communities/lindeveen/members/anna/helping', {
      as: 'lindeveen/anna',
      method: 'PUT',
      json: { maxActiveMatches: 3, paused: true, languages: anna.languages, version: anna.version },
    })
    expect(paused.status).toBe(200)
    await settle()
    const after = await suggestionsFor(request.id, 'lindeveen/samira')
    expect(after.body.items.map((s: { post: { id: string } }) => s.post.id)).not.toContain(annaOffer.post.id)

    const resumed = await api.call('/api/communities/lindeveen/members/anna/helping', {
      as: 'lindeveen/anna',
      method: 'PUT',
      json: { maxActiveMatches: 3, paused: false, languages: anna.languages, version: paused.body.version },
    })
    expect(resumed.status).toBe(200)
    await settle()
    const again = await suggestionsFor(request.id, 'lindeveen/samira')
    expect(again.body.items.map((s: { post: { id: string } }) => s.post.id)).toContain(annaOffer.post.id)
  })

  it('puts the requests of a resident who is not online in the broker’s queue to review', async () => {
    const request = await findPost('henk', 'Wie doet wekelijks boodschappen')
    const { body } = await api.call('/api/communities/lindeveen/queue?kind=review-suggestions', {
      as: 'lindeveen/samira',
    })
    expect(body.items.map((i: { postId: string }) => i.postId)).toContain(request.id)
  })
})

describe('interest', () => {
  it('proposes a match once, for the other side to answer; the other side’s yes accepts it', async () => {
    const request = await findPost('fatima', 'Samen Nederlands oefenen')
    const { body: list } = await suggestionsFor(request.id, 'lindeveen/fatima')
    const offer = list.items[0].post
    const first = await api.call(`/api/communities/lindeveen/posts/${request.id}/interest`, {
      as: 'lindeveen/fatima',
      method: 'POST',
      json: { otherPostId: offer.id, message: 'Graag!' },
    })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ status: 'proposed', id: `${request.id}_${offer.id}`, version: 1 })
    expect(first.body.interest.request.message).toBe('Graag!')
    expect(first.body.interest.offer).toBeNull()
    const again = await api.call(`/api/communities/lindeveen/posts/${request.id}/interest`, {
      as: 'lindeveen/fatima',
      method: 'POST',
      json: { otherPostId: offer.id },
    })
    expect(again.body).toEqual(first.body)

    const suggestions = await suggestionsFor(request.id, 'lindeveen/fatima')
    expect(suggestions.body.items[0].matchId).toBe(first.body.id)
    const offerAuthor = offer.author.displayName.toLowerCase()
    const onOffer = await api.call(`/api/communities/lindeveen/posts/${offer.id}/matches`, {
      as: `lindeveen/${offerAuthor}`,
    })
    expect(onOffer.body.items.map((v: { match: { id: string } }) => v.match.id)).toEqual([first.body.id])
    expect(onOffer.body.items[0].other.id).toBe(request.id)

    const queue = await api.call('/api/communities/lindeveen/queue?kind=interest-no-reply', { as: 'lindeveen/samira' })
    // Not due yet: the other side has a few days to answer.
    expect(queue.body.items.map((i: { matchId: string }) => i.matchId)).not.toContain(first.body.id)

    const answered = await api.call(`/api/communities/lindeveen/posts/${offer.id}/interest`, {
      as: `lindeveen/${offerAuthor}`,
      method: 'POST',
      json: { otherPostId: request.id },
    })
    expect(answered.status).toBe(201)
    expect(answered.body).toMatchObject({ status: 'accepted', version: 2 })
    expect(answered.body.interest.request).toEqual(first.body.interest.request)
    expect(answered.body.interest.offer.by).toBe(offerAuthor)
    // Both sides answered: the broker's item is done, and a done item expires (name and all).
    const item = (await api.items()).find((i) => i.pk === `C#lindeveen#QUEUE#interest-no-reply.${first.body.id}`)
    if (!item) throw new Error('The interest item is missing')
    expect(item.status).toBe('done')
    const resolvedAt = Date.parse((item.resolution as { at: string }).at) / 1000
    expect(item.expiresAt).toBe(Math.floor(resolvedAt) + 180 * 24 * 60 * 60)
    expect(item.gsi2pk).toBeUndefined()

    // The request (quantity 1) is now full: the worker suggests nothing for it any more …
    await settle()
    const full = await suggestionsFor(request.id, 'lindeveen/fatima')
    expect(full.body.items.map((s: { post: { id: string } }) => s.post.id)).not.toContain(offer.id)
    // … until the match is cancelled and its units come back.
    const cancelled = await api.call(`/api/communities/lindeveen/matches/${first.body.id}/cancel`, {
      as: 'lindeveen/fatima',
      method: 'POST',
      json: { version: 2, reason: 'Test: toch niet' },
    })
    expect(cancelled.body).toMatchObject({ status: 'cancelled' })
    await settle()
    const back = await suggestionsFor(request.id, 'lindeveen/fatima')
    expect(back.body.items.map((s: { post: { id: string } }) => s.post.id)).toContain(offer.id)
  })

  it('refuses a pair that breaks a hard constraint, and changes nothing', async () => {
    const request = await findPost('nadia', 'Oppas voor mijn zoon')
    const offer = await findPost('anna', 'Ik doe graag boodschappen')
    const before = await api.snapshot()
    const refused = await api.call(`/api/communities/lindeveen/posts/${request.id}/interest`, {
      as: 'lindeveen/nadia',
      method: 'POST',
      json: { otherPostId: offer.id },
    })
    expect([refused.status, refused.body.error]).toEqual([409, 'NOT_SUGGESTIBLE'])
    expect(await api.snapshot()).toBe(before)
  })

  it('lets a broker say it for a resident who is not online, and audits it', async () => {
    const request = await findPost('henk', 'Wie doet wekelijks boodschappen')
    const { body: list } = await suggestionsFor(request.id, 'lindeveen/samira')
    const result = await api.call(`/api/communities/lindeveen/posts/${request.id}/interest`, {
      as: 'lindeveen/samira',
      actFor: 'henk',
      method: 'POST',
      json: { otherPostId: list.items[0].post.id },
    })
    expect(result.status).toBe(201)
    expect(result.body.interest.request).toMatchObject({ by: 'samira', viaBroker: true })
    const audit = await api.call('/api/communities/lindeveen/audit?action=match.interest-for', {
      as: 'lindeveen/jeroen',
    })
    expect(audit.body.items.map((e: { postId: string }) => e.postId)).toContain(request.id)
  })
})

describe('the worker itself', () => {
  it('changes nothing when a batch is replayed', async () => {
    await settle()
    const before = await api.snapshot()
    const handler = streamHandler('matching', (change) => processMatchingChange(services, change))
    for (const event of events.slice(-20)) {
      const result = await handler(event, {} as never)
      expect(result?.batchItemFailures ?? []).toEqual([])
    }
    expect(await api.snapshot()).toBe(before)
  })

  it('sets a record that keeps failing aside and goes on with the others', async () => {
    const db = testDocumentClient(api.endpoint)
    // A post item the schema refuses: the worker fails on it every time.
    await db.send(
      new PutCommand({
        TableName: api.tableName,
        Item: {
          ...keys.post('lindeveen', 'poison-post-0001'),
          entity: 'post',
          communityId: 'lindeveen',
          kind: 'offer',
        },
      }),
    )
    const created = await api.call('/api/communities/lindeveen/posts', {
      as: 'lindeveen/tom',
      method: 'POST',
      json: validPostBody({
        kind: 'offer',
        title: 'Ik help met uw heg',
        categoryId: 'tuin',
        areaId: 'molenwijk',
        availability: { dayParts: ['sat-morning', 'sat-afternoon'], recurrence: 'once' },
      }),
    })
    expect(created.status).toBe(201)
    await settle()
    expect(runner.deadLetters.map((d) => d.keys.pk)).toContain('C#lindeveen#P#poison-post-0001')
    const own = await suggestionsFor(created.body.id, 'lindeveen/tom')
    expect(own.body.computedAt).not.toBeNull()
    expect(own.body.items.length).toBeGreaterThan(0)
  })
})

describe('the coordinator’s weights', () => {
  it('recomputes every suggestion when they change, and sends requests without a good suggestion to the broker', async () => {
    const request = await findPost('fatima', 'Samen Nederlands oefenen')
    const before = (await suggestionsFor(request.id, 'lindeveen/fatima')).body.items[0]
    const community = (await api.call('/api/communities/lindeveen', { as: null })).body
    const weights = { ...community.matching.weights, distance: 10, bridging: 0 }
    // The maximum shown leaves bridging out (it is never shown per person).
    const expectedMax = 10 * Object.values(weights).reduce((a: number, b) => a + (b as number), 0)
    expect(expectedMax).not.toBe(before.maxScore)
    const changed = await api.call('/api/communities/lindeveen/matching', {
      as: 'lindeveen/jeroen',
      method: 'PUT',
      json: { ...community.matching, weights, goodScorePercent: 100, version: community.version },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.matching.weights.distance).toBe(10)
    await settle()
    const after = (await suggestionsFor(request.id, 'lindeveen/fatima')).body.items[0]
    expect(after.maxScore).toBe(expectedMax)
    const queue = await api.call('/api/communities/lindeveen/queue?kind=no-good-suggestion&limit=100', {
      as: 'lindeveen/samira',
    })
    expect(queue.body.items.map((i: { postId: string }) => i.postId)).toContain(request.id)
  })

  it('is only for coordinators', async () => {
    const community = (await api.call('/api/communities/lindeveen', { as: null })).body
    const refused = await api.call('/api/communities/lindeveen/matching', {
      as: 'lindeveen/samira',
      method: 'PUT',
      json: { ...community.matching, version: community.version },
    })
    expect([refused.status, refused.body.error]).toEqual([403, 'FORBIDDEN'])
  })
})
