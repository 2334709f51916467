import { beforeAll, describe, expect, it } from 'vitest'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { seedDemo } from '../../scripts/lib/seed-demo'
import { createStores } from '../../shared/db/index'
import { DomainError } from '../../shared/domain/errors'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { createServices } from '../../shared/services/index'
import { createTestTable, testDocumentClient } from '../support/dynamodb'

const minute = 60 * 1000
const start = new Date('2026-11-23T10:00:00.000Z')
let clock = start
let code = '000000'
let services: ReturnType<typeof createServices>

beforeAll(async () => {
  const { endpoint, tableName } = await createTestTable()
  const keys = throwawayKeys()
  await seedDemo({ endpoint, tableName, keys, now: start })
  let counter = 0
  services = createServices(
    createStores(testDocumentClient(endpoint), tableName),
    { now: () => clock, newId: () => `session${++counter}xxxxx`, newCode: () => code },
    createCredentials(deriveKeys(keys)),
    { send: async () => {} },
  )
})

const errorCode = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return 'no error'
}

const signIn = async (address: string, at: Date, value: string) => {
  clock = at
  code = value
  await services.auth.requestCode({ communityId: 'lindeveen', address }, 'test-client')
}

describe('sign-in against the clock', () => {
  it('refuses a code after its 10 minutes', async () => {
    await signIn('yusuf@example.nl', start, '482913')
    clock = new Date(start.getTime() + 10 * minute + 1000)
    expect(
      await errorCode(
        services.auth.verify({ communityId: 'lindeveen', address: 'yusuf@example.nl', code: '482913' }, 'c'),
      ),
    ).toBe('CODE_INVALID')
  })

  it('lets only the latest code work', async () => {
    await signIn('ruud@example.nl', start, '111111')
    await signIn('ruud@example.nl', start, '222222')
    expect(
      await errorCode(
        services.auth.verify({ communityId: 'lindeveen', address: 'ruud@example.nl', code: '111111' }, 'c'),
      ),
    ).toBe('CODE_INVALID')
    const session = await services.auth.verify(
      { communityId: 'lindeveen', address: 'ruud@example.nl', code: '222222' },
      'c',
    )
    expect(session.member.id).toBe('ruud')
  })

  it('lets a token expire after 15 minutes, renews within the session, and ends the session after 12 hours', async () => {
    await signIn('gerda@example.nl', start, '654321')
    const session = await services.auth.verify(
      { communityId: 'lindeveen', address: 'gerda@example.nl', code: '654321' },
      'c',
    )
    expect((await services.auth.resolveCaller(session.token, undefined)).id).toBe('gerda')

    clock = new Date(start.getTime() + 16 * minute)
    expect(await errorCode(services.auth.resolveCaller(session.token, undefined))).toBe('UNAUTHENTICATED')

    clock = new Date(start.getTime() + 14 * minute)
    const caller = await services.auth.resolveCaller(session.token, undefined)
    const renewed = await services.auth.renew(caller)
    clock = new Date(start.getTime() + 20 * minute)
    expect((await services.auth.resolveCaller(renewed.token, undefined)).id).toBe('gerda')

    // Renewing cannot outlive the session.
    clock = new Date(start.getTime() + 12 * 60 * minute - 5 * minute)
    const late = await services.auth.renew(await services.auth.resolveCaller(await renewAt(renewed.token), undefined))
    expect(late.expiresAt).toBe(late.sessionEndsAt)
    clock = new Date(start.getTime() + 12 * 60 * minute + 1000)
    expect(await errorCode(services.auth.resolveCaller(late.token, undefined))).toBe('UNAUTHENTICATED')
  })
})

/** Keeps a token alive by renewing it every 14 minutes up to the current clock. */
const renewAt = async (token: string) => {
  const target = clock
  let current = token
  let at = start.getTime() + 14 * minute
  while (at + 14 * minute < target.getTime()) {
    at += 14 * minute
    clock = new Date(at)
    current = (await services.auth.renew(await services.auth.resolveCaller(current, undefined))).token
  }
  clock = target
  return current
}
