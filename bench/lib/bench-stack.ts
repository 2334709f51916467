/**
 * The set-up the load benches share: DynamoDB Local in memory with the table and the demo
 * community, a key secret, and clean-ups that also run on Ctrl-C (so no Java process is left).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { startDynamoDbLocal } from '../../scripts/lib/dynamodb-local'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { seedDemo } from '../../scripts/lib/seed-demo'
import { ensureTable } from '../../shared/db/ensure-table'
import { demoCommunityId } from '../../shared/demo/lindeveen'
import { defaultHelping, type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import type { Credentials } from '../../shared/services/credentials'
import type { Stores } from '../../shared/services/ports'

export interface BenchStack {
  endpoint: string
  tableName: string
  /** The key secret the handlers derive their keys from. */
  secret: string
  /** Runs at the end (last registered first), also on Ctrl-C. */
  defer(cleanup: () => Promise<void>): void
}

export const withBenchStack = async <T>(tableName: string, run: (stack: BenchStack) => Promise<T>): Promise<T> => {
  const cleanups: (() => Promise<void>)[] = []
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error(error))
  }
  const onSignal = (signal: NodeJS.Signals) => void cleanUp().finally(() => process.kill(process.pid, signal))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  try {
    const dynamo = await startDynamoDbLocal()
    cleanups.push(() => dynamo.stop())
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    await ensureTable(client, tableName)
    client.destroy()
    const secret = throwawayKeys()
    await seedDemo({ endpoint: dynamo.endpoint, tableName, keys: secret })
    return await run({ endpoint: dynamo.endpoint, tableName, secret, defer: (cleanup) => cleanups.push(cleanup) })
  } finally {
    await cleanUp()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** A resident of the demo community in De Akkers, as stored: active, reached by e-mail. */
export const benchResident = (
  id: string,
  displayName: string,
  now: string,
  maxActiveMatches: number = defaultHelping.maxActiveMatches,
): MemberDetails => ({
  id,
  communityId: demoCommunityId,
  kind: 'resident',
  role: 'resident',
  displayName,
  areaId: 'de-akkers',
  managedByBroker: false,
  status: 'active',
  ...newMemberMatching(),
  helping: { maxActiveMatches, paused: false },
  contactPreference: 'email',
  language: 'nl',
  consents: [],
  screenings: [],
  version: 1,
  createdAt: now,
  lastActiveAt: now,
  retentionNoticeAt: null,
})

/**
 * A signed-in session for each member (12 hours), written straight into the table: the benches
 * measure the API, not the sign-in flow. Returns each member's bearer token.
 */
export const benchSessions = async (
  stores: Stores,
  credentials: Credentials,
  memberIds: readonly string[],
  communityId: string = demoCommunityId,
): Promise<Map<string, string>> => {
  const tokens = new Map<string, string>()
  for (const memberId of memberIds) {
    const sessionId = `bench-${memberId}`
    const created = new Date()
    const ends = new Date(created.getTime() + 12 * 60 * 60 * 1000)
    await stores.auth.putSession(
      { sessionId, communityId, memberId, createdAt: created.toISOString(), endsAt: ends.toISOString() },
      Math.floor(ends.getTime() / 1000),
    )
    tokens.set(memberId, await credentials.signToken({ memberId, communityId, sessionId }, created, ends))
  }
  return tokens
}
