import { beforeAll, describe, expect, it } from 'vitest'
import { pickLanguage } from '../../functions/http/language'
import { errorBodySchema, errorCatalogue } from '../../shared/schemas/errors'
import { validPostBody } from '../support/fixtures'

// These requests are refused before any data is read, so no database is needed: the table
// name points nowhere on purpose.
let postsApp: typeof import('../../functions/api-posts/handler').app
let metaApp: typeof import('../../functions/api-meta/handler').app
let communitiesApp: typeof import('../../functions/api-communities/handler').app
beforeAll(async () => {
  process.env.TABLE_NAME = 'unused'
  process.env.DYNAMODB_ENDPOINT = 'http://127.0.0.1:9'
  process.env.BUURTBEURS_KEYS = 'unit-test-key-material-that-is-long-enough'
  postsApp = (await import('../../functions/api-posts/handler')).app
  metaApp = (await import('../../functions/api-meta/handler')).app
  communitiesApp = (await import('../../functions/api-communities/handler')).app
})

const postsPath = '/api/communities/lindeveen/posts'
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

const expectError = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status)
  const body = errorBodySchema.parse(await response.json())
  expect(body.error).toBe(code)
  expect(body.requestId).toMatch(/.+/)
  return body
}

describe('the error model', () => {
  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    await expectError(await postsApp.request(postsPath, json('{"kind":')), 400, 'MALFORMED_JSON')
  })

  it('answers a body that is not JSON with 415', async () => {
    await expectError(
      await postsApp.request(postsPath, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hallo' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    )
  })

  it('answers an oversized body with 413 before parsing it', async () => {
    const body = validPostBody({ description: 'x'.repeat(70 * 1024) })
    await expectError(await postsApp.request(postsPath, json(body)), 413, 'BODY_TOO_LARGE')
  })

  it('names each wrong, missing and unknown field, in Dutch by default and in English on request', async () => {
    const bad = { ...validPostBody(), title: 'x', quantity: 1.5, availability: { dayParts: [] }, colour: 'red' }
    delete (bad as Record<string, unknown>).categoryId
    const nl = await expectError(await postsApp.request(postsPath, json(bad)), 422, 'VALIDATION_FAILED')
    expect(nl.details?.map((d) => `${d.path}:${d.code}`).sort()).toEqual([
      'availability.dayParts:too_few',
      'availability.recurrence:required',
      'categoryId:required',
      'colour:unrecognized_key',
      'quantity:not_integer',
      'title:too_short',
    ])
    expect(nl.message).toBe(errorCatalogue.VALIDATION_FAILED.nl)
    expect(nl.details?.find((d) => d.path === 'title')?.message).toBe('Gebruik minstens 3 tekens.')
    const en = await expectError(
      await postsApp.request(postsPath, json(bad, { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' })),
      422,
      'VALIDATION_FAILED',
    )
    expect(en.details?.find((d) => d.path === 'title')?.message).toBe('Use at least 3 characters.')
  })

  it('refuses a duplicate day part and an update that changes nothing', async () => {
    const dup = validPostBody({ availability: { dayParts: ['mon-morning', 'mon-morning'], recurrence: 'once' } })
    const body = await expectError(await postsApp.request(postsPath, json(dup)), 422, 'VALIDATION_FAILED')
    expect(body.details).toEqual([
      { path: 'availability.dayParts', code: 'duplicate_day_part', message: 'Kies elk dagdeel maar één keer.' },
    ])
    const patch = await postsApp.request(`${postsPath}/abcdefgh12`, { ...json({ version: 1 }), method: 'PATCH' })
    expect((await expectError(patch, 422, 'VALIDATION_FAILED')).details?.[0]?.code).toBe('nothing_to_change')
  })

  it('validates path and query parameters', async () => {
    const badId = await expectError(await postsApp.request(`${postsPath}/not*an*id`), 422, 'VALIDATION_FAILED')
    expect(badId.details?.[0]?.path).toBe('postId')
    const badQuery = await expectError(
      await postsApp.request(`${postsPath}?limit=5000&kind=gift`),
      422,
      'VALIDATION_FAILED',
    )
    expect(badQuery.details?.map((d) => d.path).sort()).toEqual(['kind', 'limit'])
  })

  it('asks for sign-in on member routes, and refuses a tampered token', async () => {
    await expectError(await postsApp.request(`${postsPath}/abcdefgh12`), 401, 'UNAUTHENTICATED')
    const forged = await postsApp.request(postsPath, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } })
    await expectError(forged, 401, 'UNAUTHENTICATED')
  })

  it('tells an unknown address (404) from a wrong method (405)', async () => {
    await expectError(await metaApp.request('/api/nothing-here'), 404, 'ROUTE_NOT_FOUND')
    await expectError(await metaApp.request(postsPath, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED')
  })

  it('hides internals in a 500', async () => {
    // The database endpoint is unreachable: the error must not leak the cause.
    const response = await communitiesApp.request('/api/communities/lindeveen')
    const body = await expectError(response, 500, 'INTERNAL')
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack|at /)
  }, 20_000)
})

describe('pickLanguage', () => {
  it('is Dutch unless English is preferred', () => {
    expect(pickLanguage(undefined)).toBe('nl')
    expect(pickLanguage('de-DE')).toBe('nl')
    expect(pickLanguage('en')).toBe('en')
    expect(pickLanguage('nl;q=0.4, en;q=0.8')).toBe('en')
    expect(pickLanguage('nl-NL,nl;q=0.9,en;q=0.8')).toBe('nl')
  })
})
