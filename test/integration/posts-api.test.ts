import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPosts } from '../../shared/demo/lindeveen'
import { startTestApi, type TestApi } from '../support/api'
import { validPostBody } from '../support/fixtures'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const posts = '/api/communities/lindeveen/posts'

/** Follows nextCursor to the end and returns every post seen. */
const listAll = async (query: string, limit: number) => {
  const seen: { id: string; kind: string; categoryId: string; areaId: string; createdAt: string }[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    const { status, body } = await api.call(`${posts}?limit=${limit}${query}${suffix}`)
    expect(status).toBe(200)
    seen.push(...body.items)
    cursor = body.nextCursor
    pages++
  } while (cursor && pages < 100)
  return seen
}

describe('browsing open posts', () => {
  it('pages through every open post exactly once, newest first', async () => {
    const all = await listAll('', 7)
    expect(all).toHaveLength(demoPosts.length)
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length)
    const times = all.map((p) => p.createdAt)
    expect(times).toEqual([...times].sort().reverse())
  })

  it('filters by kind, by kind and category, and by area including the buurten below a wijk', async () => {
    const requests = await listAll('&kind=request', 5)
    expect(requests).toHaveLength(demoPosts.filter((p) => p.body.kind === 'request').length)
    expect(requests.every((p) => p.kind === 'request')).toBe(true)

    const lessons = await listAll('&kind=offer&category=taal', 1)
    expect(lessons.map((p) => p.categoryId)).toEqual(
      demoPosts.filter((p) => p.body.kind === 'offer' && p.body.categoryId === 'taal').map(() => 'taal'),
    )

    const noord = ['de-akkers', 'molenwijk', 'kastanjehof']
    const inNoord = await listAll('&area=noord', 3)
    expect(inNoord).toHaveLength(demoPosts.filter((p) => noord.includes(p.body.areaId)).length)
    expect(inNoord.every((p) => noord.includes(p.areaId))).toBe(true)

    const categoryOnly = await listAll('&category=vervoer&area=buitengebied', 2)
    expect(categoryOnly.map((p) => p.areaId).sort()).toEqual(
      demoPosts
        .filter((p) => p.body.categoryId === 'vervoer' && ['eikenrode', 'ter-heide'].includes(p.body.areaId))
        .map((p) => p.body.areaId)
        .sort(),
    )
  })

  it('refuses an unknown area, a tampered cursor and a cursor from another query', async () => {
    expect((await api.call(`${posts}?area=atlantis`)).body.error).toBe('VALIDATION_FAILED')
    expect((await api.call(`${posts}?cursor=not-a-cursor`)).body.error).toBe('INVALID_CURSOR')
    const { body } = await api.call(`${posts}?kind=offer&limit=2`)
    expect(body.nextCursor).toBeTypeOf('string')
    const other = await api.call(`${posts}?kind=request&cursor=${encodeURIComponent(body.nextCursor)}`)
    expect(other).toMatchObject({ status: 400, body: { error: 'INVALID_CURSOR' } })
    // A cursor rewritten to point into another community is refused, not followed.
    const decoded = JSON.parse(Buffer.from(body.nextCursor, 'base64url').toString())
    decoded.k.gsi2pk = 'C#andere-stad#OPEN#offer'
    const forged = Buffer.from(JSON.stringify(decoded)).toString('base64url')
    const crossing = await api.call(`/api/communities/lindeveen/posts?kind=offer&cursor=${forged}`)
    expect(crossing).toMatchObject({ status: 400, body: { error: 'INVALID_CURSOR' } })
  })
})

describe('a post from creation to closing', () => {
  it('is created, read, changed with its version, and closed out of the open list', async () => {
    const created = await api.call(posts, {
      method: 'POST',
      json: validPostBody({ title: 'Wie helpt met de verwarming?' }),
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      status: 'open',
      version: 1,
      author: { memberId: 'anna', displayName: 'Anna' },
    })
    const path = `${posts}/${created.body.id}`

    expect((await api.call(path)).body).toEqual(created.body)

    const changed = await api.call(path, { method: 'PATCH', json: { version: 1, quantity: 2, endDate: '2099-01-01' } })
    expect(changed.body).toMatchObject({
      version: 2,
      quantity: 2,
      endDate: '2099-01-01',
      title: 'Wie helpt met de verwarming?',
    })

    const stale = await api.call(path, { method: 'PATCH', json: { version: 1, title: 'Oude versie' } })
    expect(stale).toMatchObject({ status: 409, body: { error: 'POST_CHANGED' } })

    const inList = async () =>
      (await listAll('&kind=request&category=boodschappen', 50)).some((p) => p.id === created.body.id)
    expect(await inList()).toBe(true)

    const closed = await api.call(`${path}/close`, {
      method: 'POST',
      json: { version: 2, reason: 'fulfilled', note: 'Gelukt!' },
    })
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'fulfilled', closeNote: 'Gelukt!', version: 3 })
    expect(await inList()).toBe(false)
    expect((await api.call(path)).body.status).toBe('closed')

    const again = await api.call(`${path}/close`, { method: 'POST', json: { version: 3, reason: 'other' } })
    expect(again).toMatchObject({ status: 409, body: { error: 'POST_CLOSED' } })
  })

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const created = await api.call(posts, { method: 'POST', json: validPostBody() })
    const path = `${posts}/${created.body.id}`
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.call(path, { method: 'PATCH', json: { version: 1, title: `Versie ${i}` } }),
      ),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(7)
    const winner = results.find((r) => r.status === 200)?.body.title
    expect((await api.call(path)).body).toMatchObject({ version: 2, title: winner })
  })

  it('lets a broker change someone’s post, but not another resident', async () => {
    const created = await api.call(posts, { method: 'POST', json: validPostBody() })
    const path = `${posts}/${created.body.id}`
    const byHenk = await api.call(path, {
      method: 'PATCH',
      as: 'lindeveen/henk',
      json: { version: 1, title: 'Van Henk' },
    })
    expect(byHenk).toMatchObject({ status: 403, body: { error: 'NOT_POST_OWNER' } })
    const bySamira = await api.call(path, {
      method: 'PATCH',
      as: 'lindeveen/samira',
      json: { version: 1, title: 'Door de makelaar' },
    })
    expect(bySamira.status).toBe(200)
  })
})

describe('no request crosses communities', () => {
  it('does not find another community’s post by id, and refuses another community’s paths', async () => {
    const byId = await api.call(`${posts}/other-community-post`)
    expect(byId).toMatchObject({ status: 404, body: { error: 'POST_NOT_FOUND' } })
    const theirs = await api.call('/api/communities/andere-stad/posts/other-community-post')
    expect(theirs).toMatchObject({ status: 403, body: { error: 'COMMUNITY_FORBIDDEN' } })
    const list = await api.call('/api/communities/andere-stad/posts')
    expect(list).toMatchObject({ status: 403, body: { error: 'COMMUNITY_FORBIDDEN' } })
    const write = await api.call('/api/communities/andere-stad/posts', { method: 'POST', json: validPostBody() })
    expect(write).toMatchObject({ status: 403, body: { error: 'COMMUNITY_FORBIDDEN' } })
    // Piet, a member there, does see it.
    const piet = await api.call('/api/communities/andere-stad/posts/other-community-post', { as: 'andere-stad/piet' })
    expect(piet.status).toBe(200)
  })

  it('refuses an unknown development identity', async () => {
    expect(await api.call(posts, { as: 'lindeveen/nobody' })).toMatchObject({
      status: 401,
      body: { error: 'UNAUTHENTICATED' },
    })
    expect(await api.call(posts, { as: '../etc' })).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } })
  })
})
