import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { seedDemo } from '../../scripts/lib/seed-demo'
import { createStores } from '../../shared/db/index'
import { createFileOutbox, readOutbox } from '../../shared/db/outbox'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { createServices } from '../../shared/services/index'
import { createTestTable, testDocumentClient } from '../support/dynamodb'

const day = 24 * 60 * 60 * 1000
const start = new Date('2026-01-05T09:00:00.000Z')
let clock = start
let services: ReturnType<typeof createServices>
let outboxDir: string

beforeAll(async () => {
  const { endpoint, tableName } = await createTestTable()
  const keys = throwawayKeys()
  await seedDemo({ endpoint, tableName, keys, now: start })
  outboxDir = mkdtempSync(join(tmpdir(), 'buurtbeurs-retention-'))
  let counter = 0
  services = createServices(
    createStores(testDocumentClient(endpoint), tableName),
    { now: () => clock, newId: () => `id${++counter}xxxxxxx`, newCode: () => '123456' },
    createCredentials(deriveKeys(keys)),
    createFileOutbox(outboxDir),
  )
})

describe('the retention worker', () => {
  it('warns long-inactive members once, erases them 30 days later unless they came back, and leaves staff alone', async () => {
    // Lindeveen keeps inactive accounts 730 days; the notice goes 30 days before.
    clock = new Date(start.getTime() + 701 * day)
    const first = await services.retention.run()
    expect(first.erased).toBe(0)
    // Everyone but the broker and the coordinator; Henk has no address but is noted too.
    expect(first.notices).toBe(22)
    const notices = (await readOutbox(outboxDir)).filter((m) => m.subject === 'Uw account bij Buurtbeurs')
    expect(notices).toHaveLength(21)

    // Run twice the same day: nothing new.
    expect(await services.retention.run()).toMatchObject({ notices: 0, erased: 0 })

    // Anna signs in: she stays.
    await services.auth.requestCode({ communityId: 'lindeveen', address: 'anna@example.nl' }, 'test')
    await services.auth.verify({ communityId: 'lindeveen', address: 'anna@example.nl', code: '123456' }, 'test')

    clock = new Date(start.getTime() + 732 * day)
    const later = await services.retention.run()
    expect(later.erased).toBe(21)
    expect((await services.stores.members.get('lindeveen', 'anna'))?.status).toBe('active')
    expect((await services.stores.members.get('lindeveen', 'lars'))?.status).toBe('erased')
    expect((await services.stores.members.get('lindeveen', 'samira'))?.status).toBe('active')
    expect(await services.stores.members.getContact('lindeveen', 'lars')).toBeUndefined()
  })
})
