import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../support/api'
import { validPostBody } from '../support/fixtures'

let api: TestApi
let postPath: string
beforeAll(async () => {
  api = await startTestApi()
  const created = await api.call('/api/communities/lindeveen/posts', { method: 'POST', json: validPostBody() })
  postPath = `/api/communities/lindeveen/posts/${created.body.id}`
})
afterAll(async () => {
  await api?.close()
})

const raw = (path: string, method: string, body: string, contentType = 'application/json') =>
  api.call(path, { method, body, headers: { 'content-type': contentType } })

describe('bad input gets a clear error and changes nothing', () => {
  const cases: [string, () => ReturnType<TestApi['call']>, number, string][] = [
    [
      'malformed JSON',
      () => raw('/api/communities/lindeveen/posts', 'POST', '{"kind": "request",'),
      400,
      'MALFORMED_JSON',
    ],
    ['a JSON array', () => raw('/api/communities/lindeveen/posts', 'POST', '[1,2]'), 422, 'VALIDATION_FAILED'],
    [
      'form data',
      () => raw('/api/communities/lindeveen/posts', 'POST', 'kind=request', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'wrong types',
      () =>
        api.call('/api/communities/lindeveen/posts', {
          method: 'POST',
          json: { ...validPostBody(), quantity: 'drie' },
        }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'a missing field',
      () =>
        api.call('/api/communities/lindeveen/posts', {
          method: 'POST',
          json: { ...validPostBody(), title: undefined },
        }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown field',
      () =>
        api.call('/api/communities/lindeveen/posts', {
          method: 'POST',
          json: { ...validPostBody(), status: 'closed' },
        }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'over-long text',
      () =>
        api.call('/api/communities/lindeveen/posts', {
          method: 'POST',
          json: validPostBody({ title: 'x'.repeat(121) }),
        }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'an oversized body',
      () =>
        api.call('/api/communities/lindeveen/posts', {
          method: 'POST',
          json: validPostBody({ description: 'x'.repeat(100_000) }),
        }),
      413,
      'BODY_TOO_LARGE',
    ],
    [
      'an unknown category',
      () =>
        api.call('/api/communities/lindeveen/posts', { method: 'POST', json: validPostBody({ categoryId: 'goud' }) }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'an area of no community',
      () =>
        api.call('/api/communities/lindeveen/posts', { method: 'POST', json: validPostBody({ areaId: 'atlantis' }) }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'an end date in the past',
      () =>
        api.call('/api/communities/lindeveen/posts', {
          method: 'POST',
          json: validPostBody({ endDate: '2020-01-01' }),
        }),
      422,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown post id',
      () =>
        api.call('/api/communities/lindeveen/posts/doesnotexist1', {
          method: 'PATCH',
          json: { version: 1, title: 'Nieuw' },
        }),
      404,
      'POST_NOT_FOUND',
    ],
    [
      'another community’s post id',
      () =>
        api.call('/api/communities/lindeveen/posts/other-community-post', {
          method: 'PATCH',
          json: { version: 1, title: 'Nieuw' },
        }),
      404,
      'POST_NOT_FOUND',
    ],
    [
      'another community',
      () => api.call('/api/communities/andere-stad/posts', { method: 'POST', json: validPostBody() }),
      403,
      'COMMUNITY_FORBIDDEN',
    ],
    [
      'a stale version',
      () => api.call(postPath, { method: 'PATCH', json: { version: 99, title: 'Nieuw' } }),
      409,
      'POST_CHANGED',
    ],
    [
      'closing with a stale version',
      () => api.call(`${postPath}/close`, { method: 'POST', json: { version: 2, reason: 'fulfilled' } }),
      409,
      'POST_CHANGED',
    ],
    [
      'someone else’s post',
      () => api.call(postPath, { method: 'PATCH', as: 'lindeveen/henk', json: { version: 1, title: 'Nieuw' } }),
      403,
      'NOT_POST_OWNER',
    ],
    [
      'a resident changing an area',
      () =>
        api.call('/api/communities/lindeveen/areas/nieuw', {
          method: 'PUT',
          json: { name: 'Nieuw', level: 'buurt', parentId: 'noord', version: 1 },
        }),
      403,
      'FORBIDDEN',
    ],
    [
      'a stale community version',
      () =>
        api.call('/api/communities/lindeveen/areas/nieuw', {
          method: 'PUT',
          as: 'lindeveen/jeroen',
          json: { name: 'Nieuw', level: 'buurt', parentId: 'noord', version: 5 },
        }),
      409,
      'COMMUNITY_CHANGED',
    ],
    [
      'an area cycle',
      () =>
        api.call('/api/communities/lindeveen/areas/noord', {
          method: 'PUT',
          as: 'lindeveen/jeroen',
          json: { name: 'Noord', level: 'wijk', parentId: 'molenwijk', version: 1 },
        }),
      422,
      'VALIDATION_FAILED',
    ],
  ]

  for (const [name, request, status, code] of cases) {
    it(`refuses ${name} with ${status} ${code}`, async () => {
      const before = await api.snapshot()
      const response = await request()
      expect(response.status).toBe(status)
      expect(response.body).toMatchObject({ error: code, message: expect.any(String), requestId: expect.any(String) })
      expect(await api.snapshot()).toBe(before)
    })
  }
})

describe('a coordinator configures the community', () => {
  it('adds a buurt and a category, each raising the community version', async () => {
    const jeroen = 'lindeveen/jeroen'
    const area = await api.call('/api/communities/lindeveen/areas/nieuwe-erven', {
      method: 'PUT',
      as: jeroen,
      json: { name: 'Nieuwe Erven', level: 'buurt', parentId: 'noord', version: 1 },
    })
    expect(area.status).toBe(200)
    expect(area.body.version).toBe(2)
    const category = await api.call('/api/communities/lindeveen/categories/muziek', {
      method: 'PUT',
      as: jeroen,
      json: { name: { nl: 'Muziek', en: 'Music' }, resourceType: 'creativiteit', riskLevel: 'light', version: 2 },
    })
    expect(category.body.categories.at(-1)).toEqual({
      id: 'muziek',
      name: { nl: 'Muziek', en: 'Music' },
      resourceType: 'creativiteit',
      riskLevel: 'light',
    })
    const post = await api.call('/api/communities/lindeveen/posts', {
      method: 'POST',
      json: validPostBody({ kind: 'offer', categoryId: 'muziek', areaId: 'nieuwe-erven' }),
    })
    expect(post.body).toMatchObject({ status: 'open', resourceType: 'creativiteit' })
    const inNoord = await api.call('/api/communities/lindeveen/posts?kind=offer&category=muziek&area=noord')
    expect(inNoord.body.items.map((p: { id: string }) => p.id)).toEqual([post.body.id])
  })
})

/** Random JSON, plus valid bodies with one field replaced by random JSON. */
const randomBody = (valid: Record<string, unknown>) =>
  fc.oneof(
    fc.jsonValue(),
    fc
      .record({ field: fc.constantFrom(...Object.keys(valid), 'extra'), value: fc.jsonValue() })
      .map(({ field, value }) => ({ ...valid, [field]: value })),
    fc.string().map((s) => `{${s}`),
  )

describe('thousands of random bodies', () => {
  const writes = [
    { name: 'create', method: 'POST', path: () => '/api/communities/lindeveen/posts', valid: validPostBody() },
    { name: 'update', method: 'PATCH', path: () => postPath, valid: { version: 99, title: 'Nieuwe titel' } },
    { name: 'close', method: 'POST', path: () => `${postPath}/close`, valid: { version: 99, reason: 'fulfilled' } },
    {
      name: 'area',
      method: 'PUT',
      path: () => '/api/communities/lindeveen/areas/proef',
      valid: { name: 'Proef', level: 'buurt', parentId: 'noord', version: 99 },
    },
  ]

  for (const write of writes) {
    it(`never answers ${write.name} with a 5xx, and writes only on a 2xx`, async () => {
      await fc.assert(
        fc.asyncProperty(randomBody(write.valid), async (body) => {
          const before = await api.snapshot()
          const text = typeof body === 'string' ? body : JSON.stringify(body)
          const response = await raw(write.path(), write.method, text)
          expect(response.status).toBeLessThan(500)
          expect(typeof response.body?.error === 'string' || response.status < 300).toBe(true)
          if (response.status >= 400) expect(await api.snapshot()).toBe(before)
        }),
        { numRuns: 400 },
      )
    }, 180_000)
  }
})

describe('a coordinator sets the helpdesk and the retention periods', () => {
  it('stores them, and refuses periods that are too short', async () => {
    const current = (await api.call('/api/communities/lindeveen', { as: null })).body
    const tooShort = await api.call('/api/communities/lindeveen/settings', {
      method: 'PUT',
      as: 'lindeveen/jeroen',
      json: { helpdesk: null, retention: { closedPostDays: 1, inactiveMemberDays: 730 }, version: current.version },
    })
    expect(tooShort.body.details).toEqual([
      expect.objectContaining({ path: 'retention.closedPostDays', code: 'too_low' }),
    ])
    const changed = await api.call('/api/communities/lindeveen/settings', {
      method: 'PUT',
      as: 'lindeveen/jeroen',
      json: {
        helpdesk: { name: 'Buurtteam', phone: '0123 99 88 77', email: 'buurtteam@example.nl' },
        retention: { closedPostDays: 180, inactiveMemberDays: 365 },
        version: current.version,
      },
    })
    expect(changed.body).toMatchObject({
      retention: { closedPostDays: 180, inactiveMemberDays: 365 },
      version: current.version + 1,
    })
  })
})
