import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { startLocalServer } from '../../scripts/lib/local-server'
import { seedDemo } from '../../scripts/lib/seed-demo'
import { createStores } from '../../shared/db/index'
import { readOutbox } from '../../shared/db/outbox'
import { type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import { createTestTable, testDocumentClient } from './dynamodb'
import { testCommunity, validPostBody } from './fixtures'

const sortKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortKeys)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, sortKeys(v)]),
        )
      : value
const stableJson = (value: unknown) => JSON.stringify(sortKeys(value))

export interface CallOptions extends RequestInit {
  /** `<communityId>/<memberId>` to call as (default: the demo resident Anna); `null` for no token. */
  as?: string | null
  /** A resident to act for (header `x-act-for`). */
  actFor?: string
  json?: unknown
}

export interface TestApi {
  url: string
  tableName: string
  endpoint: string
  outboxDir: string
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in the tests
  call(path: string, init?: CallOptions): Promise<{ status: number; body: any }>
  /** A token for a member, made the way sign-in makes one (a session item and a signed token). */
  tokenFor(communityId: string, memberId: string): Promise<string>
  /** The latest sign-in code sent to an address, from the local outbox. */
  latestCode(to: string): Promise<string | undefined>
  /** Every item in the table, sorted: a test-only Scan to prove that nothing changed. */
  snapshot(): Promise<string>
  /** Every item, parsed: for privacy checks that read all data. */
  items(): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

/**
 * A fresh table, the demo community plus a second community ("andere-stad", with member Piet)
 * to prove isolation, and the local gateway in front of the real handlers.
 */
export const startTestApi = async (): Promise<TestApi> => {
  const { endpoint, tableName } = await createTestTable()
  const keys = throwawayKeys()
  const outboxDir = mkdtempSync(join(tmpdir(), 'buurtbeurs-outbox-'))
  await seedDemo({ endpoint, tableName, keys })
  const db = testDocumentClient(endpoint)
  const stores = createStores(db, tableName)
  const credentials = createCredentials(deriveKeys(keys))
  const services = createServices(
    stores,
    { now: () => new Date(), newId: () => Math.random().toString(36).slice(2, 14), newCode: () => '000000' },
    credentials,
    { send: async () => {} },
    everyService,
  )
  await stores.communities.put({ ...testCommunity, id: 'andere-stad', name: 'Andere Stad' }, null)
  const now = new Date().toISOString()
  const piet: MemberDetails = {
    id: 'piet',
    communityId: 'andere-stad',
    kind: 'resident',
    role: 'resident',
    displayName: 'Piet',
    areaId: 'de-akkers',
    managedByBroker: false,
    status: 'active',
    ...newMemberMatching(),
    contactPreference: 'email',
    language: 'nl',
    consents: [],
    screenings: [],
    version: 1,
    createdAt: now,
    lastActiveAt: now,
    retentionNoticeAt: null,
  }
  const pietContact = {
    fullName: 'Piet Pietersen',
    email: 'piet@example.nl',
    phone: null,
    address: null,
    representatives: [],
  }
  await stores.members.create(piet, pietContact, services.auth.loginHashes('andere-stad', pietContact))
  await createServices(
    stores,
    { now: () => new Date(), newId: () => 'other-community-post', newCode: () => '000000' },
    credentials,
    {
      send: async () => {},
    },
  ).posts.create(piet, 'andere-stad', {
    ...validPostBody(),
    title: 'Geheime vraag in een andere gemeente',
    categoryId: 'klussen',
  })

  const server = await startLocalServer({ port: 0, dynamoEndpoint: endpoint, tableName, keys, outboxDir })
  const tokens = new Map<string, string>()

  const tokenFor = async (communityId: string, memberId: string) => {
    const cached = tokens.get(`${communityId}/${memberId}`)
    if (cached) return cached
    const sessionId = `test-${memberId}-${Math.random().toString(36).slice(2, 10)}`
    const created = new Date()
    const ends = new Date(created.getTime() + 12 * 60 * 60 * 1000)
    await stores.auth.putSession(
      { sessionId, communityId, memberId, createdAt: created.toISOString(), endsAt: ends.toISOString() },
      Math.floor(ends.getTime() / 1000),
    )
    const token = await credentials.signToken({ memberId, communityId, sessionId }, created, ends)
    tokens.set(`${communityId}/${memberId}`, token)
    return token
  }

  const scanAll = async () => {
    const items: Record<string, unknown>[] = []
    let start: Record<string, unknown> | undefined
    do {
      const page = await db.send(
        new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
      )
      items.push(...(page.Items ?? []))
      start = page.LastEvaluatedKey
    } while (start)
    return items
  }

  return {
    url: server.url,
    tableName,
    endpoint,
    outboxDir,
    tokenFor,
    async call(path, init = {}) {
      const { as = 'lindeveen/anna', actFor, json, ...rest } = init
      const headers = new Headers(rest.headers)
      if (as !== null) {
        // `community/member` asks for a made token; anything else is sent as the token itself.
        const [communityId = '', memberId = ''] = as.includes('/') ? as.split('/') : []
        headers.set('authorization', `Bearer ${memberId ? await tokenFor(communityId, memberId) : as}`)
      }
      if (actFor) headers.set('x-act-for', actFor)
      if (json !== undefined) headers.set('content-type', 'application/json')
      const response = await fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      })
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    },
    async latestCode(to) {
      const message = (await readOutbox(outboxDir)).find((m) => m.to === to)
      return /\b(\d{6})\b/.exec(message?.text ?? '')?.[1]
    },
    async snapshot() {
      // Sessions made by tokenFor are not part of what a request may change.
      const items = (await scanAll()).filter(
        (i) => !String(i.pk).includes('#SESSION#') && !String(i.pk).includes('#RATE#'),
      )
      return JSON.stringify(items.map(stableJson).sort())
    },
    items: scanAll,
    async close() {
      await server.close()
      db.destroy()
    },
  }
}
