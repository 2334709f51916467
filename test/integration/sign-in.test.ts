import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readOutbox } from '../../shared/db/outbox'
import { startTestApi, type TestApi } from '../support/api'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const anonymous = { as: null }
const requestCode = (address: string, communityId = 'lindeveen') =>
  api.call('/api/auth/code', { ...anonymous, method: 'POST', json: { communityId, address } })
const verify = (address: string, code: string, communityId = 'lindeveen') =>
  api.call('/api/auth/verify', { ...anonymous, method: 'POST', json: { communityId, address, code } })
const withToken = (token: string) => ({ as: token })

describe('sign-in with a one-time code', () => {
  it('sends a code to a known address and turns it into a session that works, once', async () => {
    const sent = await requestCode('  Lars@Example.NL ')
    expect(sent).toEqual({ status: 202, body: { sent: true, expiresInSeconds: 600 } })
    const code = await api.latestCode('lars@example.nl')
    expect(code).toMatch(/^\d{6}$/)

    const session = await verify('lars@example.nl', code ?? '')
    expect(session.status).toBe(200)
    expect(session.body.member).toEqual({
      id: 'lars',
      communityId: 'lindeveen',
      kind: 'resident',
      role: 'resident',
      displayName: 'Lars',
      areaId: 'molenwijk',
    })
    const me = await api.call('/api/me', withToken(session.body.token))
    expect(me.body.id).toBe('lars')

    // A code works once.
    expect(await verify('lars@example.nl', code ?? '')).toMatchObject({ status: 401, body: { error: 'CODE_INVALID' } })
  })

  it('answers an unknown address exactly like a known one, and sends nothing', async () => {
    const before = (await readOutbox(api.outboxDir)).length
    const unknown = await requestCode('nobody@example.nl')
    const known = await requestCode('priya@example.nl')
    expect(unknown.status).toBe(known.status)
    expect(Object.keys(unknown.body)).toEqual(Object.keys(known.body))
    expect(unknown.body).toEqual(known.body)
    const after = await readOutbox(api.outboxDir)
    expect(after.length).toBe(before + 1)
    expect(after.some((m) => m.to === 'nobody@example.nl')).toBe(false)
  })

  it('stops a code after five wrong tries', async () => {
    await requestCode('mieke@example.nl')
    const code = (await api.latestCode('mieke@example.nl')) ?? ''
    const wrong = code === '111111' ? '222222' : '111111'
    for (let i = 0; i < 5; i++) {
      expect((await verify('mieke@example.nl', wrong)).body.error).toBe('CODE_INVALID')
    }
    expect((await verify('mieke@example.nl', code)).body.error).toBe('CODE_INVALID')
  })

  it('limits codes per address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await requestCode('bram@example.nl')).status)
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202])
    expect(statuses.slice(5)).toEqual([429, 429])
    expect((await requestCode('bram@example.nl')).body.error).toBe('TOO_MANY_REQUESTS')
  })

  it('renews a session, and signing out stops every token of it at once', async () => {
    await requestCode('sanne@example.nl')
    const session = (await verify('sanne@example.nl', (await api.latestCode('sanne@example.nl')) ?? '')).body
    const renewed = await api.call('/api/auth/renew', { ...withToken(session.token), method: 'POST' })
    expect(renewed.status).toBe(200)
    expect(renewed.body.sessionEndsAt).toBe(session.sessionEndsAt)
    const out = await api.call('/api/auth/sign-out', { ...withToken(renewed.body.token), method: 'POST' })
    expect(out.body).toEqual({ signedOut: true })
    expect((await api.call('/api/me', withToken(session.token))).body.error).toBe('UNAUTHENTICATED')
    expect((await api.call('/api/me', withToken(renewed.body.token))).body.error).toBe('UNAUTHENTICATED')
  })

  it('refuses tampered tokens, and a token of one community on another', async () => {
    await requestCode('tom@example.nl')
    const { token } = (await verify('tom@example.nl', (await api.latestCode('tom@example.nl')) ?? '')).body
    const [header, payload, signature] = token.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'jeroen' })).toString('base64url')}.${signature}`
    expect((await api.call('/api/me', withToken(forged))).body.error).toBe('UNAUTHENTICATED')
    expect((await api.call('/api/me', withToken(`${token}x`))).body.error).toBe('UNAUTHENTICATED')
    const other = await api.call('/api/communities/andere-stad/posts', withToken(token))
    expect(other).toMatchObject({ status: 403, body: { error: 'COMMUNITY_FORBIDDEN' } })
    // A Lindeveen address is unknown in Andere Stad: no code goes out there.
    const before = (await readOutbox(api.outboxDir)).length
    await requestCode('tom@example.nl', 'andere-stad')
    expect((await readOutbox(api.outboxDir)).length).toBe(before)
  })

  it('lets a new resident sign up, then sign in', async () => {
    const registered = await api.call('/api/auth/register', {
      ...anonymous,
      method: 'POST',
      json: { communityId: 'lindeveen', address: '06 1234 5678', displayName: 'Kees', areaId: 'havenbuurt' },
    })
    expect(registered.status).toBe(202)
    const code = await api.latestCode('+31612345678')
    const session = await verify('0612345678', code ?? '')
    expect(session.body.member).toMatchObject({ displayName: 'Kees', role: 'resident', areaId: 'havenbuurt' })
    const contact = await api.call(
      `/api/communities/lindeveen/members/${session.body.member.id}/contact`,
      withToken(session.body.token),
    )
    expect(contact.body).toMatchObject({ phone: '+31612345678', email: null })
  })

  it('refuses a malformed address with a field error, not a hint about membership', async () => {
    const bad = await requestCode('not an address')
    expect(bad).toMatchObject({
      status: 422,
      body: { error: 'VALIDATION_FAILED', details: [{ path: 'address', code: 'invalid_address' }] },
    })
  })
})

describe('sign-up does not reveal who is a member', () => {
  it('gives the same error for a wrong area whether or not the address is known', async () => {
    const register = (address: string) =>
      api.call('/api/auth/register', {
        as: null,
        method: 'POST',
        json: { communityId: 'lindeveen', address, displayName: 'X', areaId: 'atlantis' },
      })
    const known = await register('wim@example.nl')
    const unknown = await register('iemand-nieuw@example.nl')
    expect(known).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
    expect({ ...unknown.body, requestId: '' }).toEqual({ ...known.body, requestId: '' })
  })
})

describe('one person, several communities', () => {
  it('signs in to each community separately, as a different member with its own role', async () => {
    // Piet is a resident of Andere Stad; he signs up in Lindeveen with the same address.
    await api.call('/api/auth/register', {
      as: null,
      method: 'POST',
      json: { communityId: 'lindeveen', address: 'piet@example.nl', displayName: 'Piet', areaId: 'oude-markt' },
    })
    const inLindeveen = await verify('piet@example.nl', (await api.latestCode('piet@example.nl')) ?? '')
    expect(inLindeveen.body.member).toMatchObject({ communityId: 'lindeveen', role: 'resident', areaId: 'oude-markt' })
    expect(inLindeveen.body.member.id).not.toBe('piet')

    await requestCode('piet@example.nl', 'andere-stad')
    const inAndereStad = await verify('piet@example.nl', (await api.latestCode('piet@example.nl')) ?? '', 'andere-stad')
    expect(inAndereStad.body.member).toMatchObject({ id: 'piet', communityId: 'andere-stad' })

    // Each token opens its own community only.
    const crossed = await api.call('/api/communities/lindeveen/posts', withToken(inAndereStad.body.token))
    expect(crossed.body.error).toBe('COMMUNITY_FORBIDDEN')
  })
})
