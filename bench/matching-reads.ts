/**
 * What one recomputation of suggestions costs in DynamoDB: items read, calls made and time,
 * against DynamoDB Local with a synthetic community (the generator of bench/matching.ts), the
 * real matching service and a counting middleware on the document client. No Scan is allowed:
 * the bench fails if one is made.
 *
 *   npm run bench:matching-reads -- [--members 10000] [--posts 20000] [--changes 200]
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { startDynamoDbLocal } from '../scripts/lib/dynamodb-local'
import { throwawayKeys } from '../scripts/lib/local-keys'
import { createDocumentClient } from '../shared/db/client'
import { ensureTable } from '../shared/db/ensure-table'
import { createStores } from '../shared/db/index'
import { postToItem } from '../shared/db/post-store'
import type { MatchPost } from '../shared/domain/matching'
import type { StoredPost } from '../shared/domain/post'
import type { Community } from '../shared/schemas/community'
import { defaultLifecycleSettings } from '../shared/schemas/match'
import { defaultMatchingSettings } from '../shared/schemas/matching'
import { defaultValuationRules } from '../shared/schemas/valuation'
import { standardResourceTypes } from '../shared/schemas/vocabulary'
import { createCredentials, deriveKeys } from '../shared/services/credentials'
import { everyService } from '../shared/services/every-service'
import { createServices } from '../shared/services/index'
import { benchCommunity, benchNow, syntheticCommunity } from './matching'

const flag = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`)
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`)
  return value
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** A bench post as the table stores it. */
const storedPostOf = (match: MatchPost): StoredPost => ({
  areaPath: match.areaPath,
  authorFacts: match.author,
  post: {
    id: match.id,
    communityId: match.communityId,
    kind: match.kind,
    title: `${match.kind} ${match.categoryId}`,
    description: '',
    categoryId: match.categoryId,
    resourceType: match.resourceType,
    areaId: match.areaPath.split('/').filter(Boolean).at(-1) ?? 'benchstad',
    availability: { dayParts: match.dayParts, recurrence: match.recurrence },
    quantity: match.quantity,
    activeMatches: match.activeMatches,
    tags: match.tags,
    endDate: match.endDate,
    status: 'open',
    closeReason: null,
    closeNote: null,
    referral: null,
    viaBroker: false,
    version: 1,
    createdAt: match.createdAt,
    updatedAt: match.createdAt,
    author: { memberId: match.author.memberId, displayName: 'Bench', kind: 'resident', areaId: 'benchstad' },
  },
})

/** The areas behind the generator's paths (`/gemeente/wijk/buurt/`). */
const areasOf = (posts: MatchPost[]): Community['areas'] => {
  const areas = new Map<string, Community['areas'][number]>()
  for (const { areaPath } of posts) {
    const ids = areaPath.split('/').filter(Boolean)
    ids.forEach((id, depth) => {
      const level = depth === 0 ? 'gemeente' : depth === 1 ? 'wijk' : 'buurt'
      areas.set(id, { id, name: id, level, parentId: depth === 0 ? null : (ids[depth - 1] ?? null) })
    })
  }
  return [...areas.values()]
}

export interface MatchingReadsReport {
  members: number
  posts: number
  changes: number
  loadSeconds: number
  rebuildSeconds: number
  rebuildRecomputed: number
  recomputationsPerChange: number
  itemsScoredPerRecomputation: number
  itemsReadPerRecomputation: number
  readToScoredRatio: number
  callsPerRecomputation: number
  callsByCommand: Record<string, number>
  scans: number
  changeMs: { p50: number; p99: number }
}

export const runMatchingReads = async (options: { members: number; posts: number; changes: number }) => {
  const dynamo = await startDynamoDbLocal()
  try {
    const tableName = 'bench-matching'
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    await ensureTable(client, tableName)
    client.destroy()
    const db = createDocumentClient({ endpoint: dynamo.endpoint })

    const counts = { enabled: false, calls: {} as Record<string, number>, items: 0 }
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args)
        if (counts.enabled) {
          const name = String((context as { commandName?: string }).commandName)
          counts.calls[name] = (counts.calls[name] ?? 0) + 1
          const output = result.output as {
            Items?: unknown[]
            Item?: unknown
            Responses?: Record<string, unknown[]>
          }
          counts.items += output.Items?.length ?? 0
          if (output.Item) counts.items += 1
          for (const list of Object.values(output.Responses ?? {})) if (Array.isArray(list)) counts.items += list.length
        }
        return result
      },
      { step: 'initialize', name: 'benchCounter' },
    )

    const community = syntheticCommunity({ members: options.members, posts: options.posts + options.changes, seed: 7 })
    const existing = community.posts.slice(0, options.posts)
    const fresh = community.posts.slice(options.posts)
    const now = benchNow.toISOString()
    const stores = createStores(db, tableName)
    await stores.communities.put(
      {
        id: benchCommunity.id,
        name: 'Benchstad',
        description: '',
        areas: areasOf(community.posts),
        resourceTypes: standardResourceTypes.map((id) => ({ id, name: { nl: id, en: id } })),
        categories: benchCommunity.categories,
        helpdesk: null,
        retention: { closedPostDays: 365, inactiveMemberDays: 730 },
        matching: structuredClone(defaultMatchingSettings),
        lifecycle: structuredClone(defaultLifecycleSettings),
        valuationRules: structuredClone(defaultValuationRules),
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
      null,
    )
    const loadStart = performance.now()
    for (let i = 0; i < existing.length; i += 25) {
      const batch = existing.slice(i, i + 25).map((p) => ({ PutRequest: { Item: postToItem(storedPostOf(p)) } }))
      let pending: typeof batch = batch
      while (pending.length > 0) {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))
        pending = (result.UnprocessedItems?.[tableName] as typeof batch | undefined) ?? []
      }
    }
    const loadSeconds = (performance.now() - loadStart) / 1000

    const services = createServices(
      stores,
      { now: () => benchNow, newId: () => Math.random().toString(36).slice(2, 14), newCode: () => '000000' },
      createCredentials(deriveKeys(throwawayKeys())),
      { send: async () => {} },
      everyService,
    )

    // First every post gets its suggestions, as after a rebuild (`recomputeCommunity`).
    const rebuildStart = performance.now()
    const rebuild = await services.matching.recomputeCommunity(benchCommunity.id)
    const rebuildSeconds = (performance.now() - rebuildStart) / 1000

    let recomputed = 0
    let scored = 0
    const times: number[] = []
    for (const match of fresh) {
      const stored = storedPostOf(match)
      await db.send(new PutCommand({ TableName: tableName, Item: postToItem(stored) }))
      counts.enabled = true
      const started = performance.now()
      // As the stream delivers it: the post's matching inputs changed (its author's facts were stamped).
      const result = await services.matching.onPostChange({
        before: { ...stored, authorFacts: undefined },
        after: stored,
      })
      times.push(performance.now() - started)
      counts.enabled = false
      recomputed += result.recomputed
      scored += result.scored
    }
    const calls = Object.values(counts.calls).reduce((a, b) => a + b, 0)
    times.sort((a, b) => a - b)
    db.destroy()
    const report: MatchingReadsReport = {
      members: options.members,
      posts: options.posts,
      changes: fresh.length,
      loadSeconds,
      rebuildSeconds,
      rebuildRecomputed: rebuild.recomputed,
      recomputationsPerChange: recomputed / fresh.length,
      itemsScoredPerRecomputation: scored / recomputed,
      itemsReadPerRecomputation: counts.items / recomputed,
      readToScoredRatio: counts.items / scored,
      callsPerRecomputation: calls / recomputed,
      callsByCommand: counts.calls,
      scans: counts.calls.ScanCommand ?? 0,
      changeMs: { p50: quantile(times, 0.5), p99: quantile(times, 0.99) },
    }
    return report
  } finally {
    await dynamo.stop()
  }
}

export const formatMatchingReads = (r: MatchingReadsReport): string =>
  [
    `Matching in DynamoDB Local: ${r.members} members, ${r.posts} open posts (loaded in ${r.loadSeconds.toFixed(1)} s), ${r.changes} changed posts`,
    `  full rebuild (every open post recomputed, each list of candidates read once): ${r.rebuildRecomputed} posts in ${r.rebuildSeconds.toFixed(1)} s`,
    `  recomputations per change (the post + the posts it affects): ${r.recomputationsPerChange.toFixed(2)}`,
    `  items scored per recomputation: ${r.itemsScoredPerRecomputation.toFixed(1)}`,
    `  items read per recomputation:   ${r.itemsReadPerRecomputation.toFixed(1)} (read/scored ${r.readToScoredRatio.toFixed(3)})`,
    `  calls per recomputation:        ${r.callsPerRecomputation.toFixed(2)} ${JSON.stringify(r.callsByCommand)}`,
    `  Scans: ${r.scans}`,
    `  time per change (service + DynamoDB Local): p50 ${r.changeMs.p50.toFixed(1)} ms, p99 ${r.changeMs.p99.toFixed(1)} ms`,
  ].join('\n')

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const report = await runMatchingReads({
    members: flag('members', 10_000),
    posts: flag('posts', 20_000),
    changes: flag('changes', 200),
  })
  console.log(formatMatchingReads(report))
  console.log(JSON.stringify(report))
  if (report.scans > 0) process.exitCode = 1
}
