import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { startLocalServer } from '../../scripts/lib/local-server'
import { seedDemo } from '../../scripts/lib/seed-demo'
import { createStores } from '../../shared/db/index'
import { createServices } from '../../shared/services/index'
import { createTestTable, testDocumentClient } from './dynamodb'
import { member, testCommunity } from './fixtures'

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

export interface TestApi {
  url: string
  tableName: string
  endpoint: string
  /** A fetch against the local gateway, as `<communityId>/<memberId>` (default: the demo resident Anna). */
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in the tests
  call(path: string, init?: RequestInit & { as?: string; json?: unknown }): Promise<{ status: number; body: any }>
  /** Every item in the table, sorted: a test-only Scan to prove that nothing changed. */
  snapshot(): Promise<string>
  close(): Promise<void>
}

/**
 * A fresh table, the demo community plus a second community ("andere-stad") to prove
 * isolation, and the local gateway in front of the real handlers.
 */
export const startTestApi = async (): Promise<TestApi> => {
  const { endpoint, tableName } = await createTestTable()
  await seedDemo({ endpoint, tableName })
  const db = testDocumentClient(endpoint)
  const stores = createStores(db, tableName)
  await stores.communities.put({ ...testCommunity, id: 'andere-stad', name: 'Andere Stad' }, null)
  const piet = { ...member('henk'), id: 'piet', displayName: 'Piet', communityId: 'andere-stad' }
  await stores.members.put(piet)
  await createServices(stores, { now: () => new Date(), newId: () => 'other-community-post' }).posts.create(
    piet,
    'andere-stad',
    {
      kind: 'request',
      title: 'Geheime vraag in een andere gemeente',
      description: '',
      categoryId: 'klussen',
      areaId: 'de-akkers',
      availability: { dayParts: ['mon-morning'], recurrence: 'once' },
      quantity: 1,
    },
  )
  const server = await startLocalServer({ port: 0, dynamoEndpoint: endpoint, tableName })

  return {
    url: server.url,
    tableName,
    endpoint,
    async call(path, init = {}) {
      const { as, json, ...rest } = init
      const headers = new Headers(rest.headers)
      if (as) headers.set('x-dev-member', as)
      if (json !== undefined) headers.set('content-type', 'application/json')
      const response = await fetch(`${server.url}${path}`, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      })
      const text = await response.text()
      return { status: response.status, body: text ? JSON.parse(text) : undefined }
    },
    async snapshot() {
      const items: Record<string, unknown>[] = []
      let start: Record<string, unknown> | undefined
      do {
        const page = await db.send(
          new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
        )
        items.push(...(page.Items ?? []))
        start = page.LastEvaluatedKey
      } while (start)
      return JSON.stringify(items.map(stableJson).sort())
    },
    async close() {
      await server.close()
      db.destroy()
    },
  }
}
