import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import autocannon, { type Options } from 'autocannon'
import { createDocumentClient } from '../shared/db/client'
import { keys } from '../shared/db/keys'
import { readOutbox } from '../shared/db/outbox'
import { demoCommunityId } from '../shared/demo/lindeveen'
import { withBenchStack } from './lib/bench-stack'
import { isMain, loadAverage, ms, percentile, textTable } from './lib/format'
import { startServerProcess, stopServerProcess } from './lib/server-process'

export interface ApiLoadOptions {
  /** Seconds per measured scenario. */
  durationSeconds?: number
  /** Seconds of warm-up per scenario (not reported). */
  warmupSeconds?: number
  connections?: number
  /** Sequential GetItem calls for the raw DynamoDB Local round trip. */
  getItemCalls?: number
}

export interface LatencySummary {
  count: number
  p50Ms: number
  p99Ms: number
  meanMs: number
}

export interface LoadScenario {
  name: string
  method: 'GET' | 'POST'
  path: string
  expectedStatus: number
  requestsPerSecond: number
  latency: LatencySummary
  /** Connection errors and timeouts. */
  errors: number
  /** Responses outside 200–299. */
  non2xx: number
  statusCodes: Record<string, number>
  durationSeconds: number
}

export interface ApiLoadReport {
  node: string
  cpus: number
  loadAverage: number
  connections: number
  durationSeconds: number
  warmupSeconds: number
  dynamoGetItem: LatencySummary
  scenarios: LoadScenario[]
}

const tableName = 'buurtbeurs-bench'
/** The demo resident the load runs as. */
const signInAddress = 'anna@example.nl'
const postsPath = `/api/communities/${demoCommunityId}/posts`

const createBody = JSON.stringify({
  kind: 'request',
  title: 'Hulp bij boodschappen',
  description: 'Ik zoek iemand die op dinsdagochtend met mij naar de supermarkt gaat.',
  categoryId: 'boodschappen',
  areaId: 'de-akkers',
  availability: { dayParts: ['tue-morning'], recurrence: 'weekly' },
  quantity: 1,
})

const scenarios: Omit<
  LoadScenario,
  'requestsPerSecond' | 'latency' | 'errors' | 'non2xx' | 'statusCodes' | 'durationSeconds'
>[] = [
  { name: 'GET list posts', method: 'GET', path: `${postsPath}?kind=offer&limit=20`, expectedStatus: 200 },
  { name: 'POST create post', method: 'POST', path: postsPath, expectedStatus: 201 },
]

const requestOptions = (method: 'GET' | 'POST', token: string): Pick<Options, 'method' | 'headers' | 'body'> => {
  const authorization = `Bearer ${token}`
  return method === 'POST'
    ? { method, headers: { authorization, 'content-type': 'application/json' }, body: createBody }
    : { method, headers: { authorization, accept: 'application/json' } }
}

const postJson = async (url: string, body: unknown, expectedStatus: number): Promise<unknown> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expectedStatus) throw new Error(`POST ${url} answered ${response.status}: ${text}`)
  return JSON.parse(text)
}

/** Signs in as the web app does: ask for a code, read it from the local outbox, exchange it for a token. */
const signIn = async (url: string, outboxDir: string): Promise<string> => {
  const who = { communityId: demoCommunityId, address: signInAddress }
  await postJson(`${url}/api/auth/code`, who, 202)
  const message = (await readOutbox(outboxDir)).find((m) => m.to === signInAddress)
  const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1]
  if (!code) throw new Error(`no sign-in code for ${signInAddress} in the local outbox`)
  const session = (await postJson(`${url}/api/auth/verify`, { ...who, code }, 200)) as { token?: unknown }
  if (typeof session.token !== 'string') throw new Error('sign-in gave no token')
  return session.token
}

const summarise = (samples: readonly number[]): LatencySummary => ({
  count: samples.length,
  p50Ms: percentile(samples, 50),
  p99Ms: percentile(samples, 99),
  meanMs: samples.reduce((sum, value) => sum + value, 0) / Math.max(1, samples.length),
})

/** One autocannon run; latencies come from its per-response timings (sub-millisecond). */
const load = (url: string, options: Omit<Options, 'url'>) =>
  new Promise<{ result: import('autocannon').Result; latencies: number[] }>((resolve, reject) => {
    const latencies: number[] = []
    const instance = autocannon({ url, timeout: 10, ...options }, (error, result) =>
      error ? reject(error) : resolve({ result, latencies }),
    )
    instance.on('response', (_client: unknown, _status: number, _bytes: number, elapsed: number) => {
      latencies.push(elapsed)
    })
  })

/** Sequential GetItem calls on a seeded key with the same document client the handlers use. */
const measureGetItem = async (endpoint: string, calls: number): Promise<LatencySummary> => {
  const db = createDocumentClient({ endpoint })
  const command = () => new GetCommand({ TableName: tableName, Key: keys.community(demoCommunityId) })
  try {
    for (let i = 0; i < 50; i++) await db.send(command())
    const samples: number[] = []
    for (let i = 0; i < calls; i++) {
      const started = performance.now()
      const { Item } = await db.send(command())
      samples.push(performance.now() - started)
      if (!Item) throw new Error('the seeded community is missing')
    }
    return summarise(samples)
  } finally {
    db.destroy()
  }
}

/** One request of each scenario: a route that does not answer as expected would make the figures meaningless. */
const checkRoutes = async (url: string, token: string): Promise<void> => {
  for (const scenario of scenarios) {
    const { method, headers, body } = requestOptions(scenario.method, token)
    const response = await fetch(`${url}${scenario.path}`, { method, ...(headers ? { headers } : {}), body })
    if (response.status !== scenario.expectedStatus) {
      throw new Error(
        `${scenario.method} ${scenario.path} answered ${response.status}, not ${scenario.expectedStatus}: ${await response.text()}`,
      )
    }
  }
}

export const runApiLoad = async (options: ApiLoadOptions = {}): Promise<ApiLoadReport> => {
  const durationSeconds = options.durationSeconds ?? 10
  const warmupSeconds = options.warmupSeconds ?? 3
  const connections = options.connections ?? 10
  const getItemCalls = options.getItemCalls ?? 500

  return withBenchStack(tableName, async ({ endpoint, secret, defer }) => {
    const outboxDir = await mkdtemp(path.join(tmpdir(), 'buurtbeurs-bench-outbox-'))
    defer(() => rm(outboxDir, { recursive: true, force: true }))
    const server = await startServerProcess({ dynamoEndpoint: endpoint, tableName, keys: secret, outboxDir })
    defer(() => stopServerProcess(server.child))
    const token = await signIn(server.url, outboxDir)
    await checkRoutes(server.url, token)

    const loadAtStart = loadAverage()
    const dynamoGetItem = await measureGetItem(endpoint, getItemCalls)

    for (const scenario of scenarios) {
      await load(`${server.url}${scenario.path}`, {
        ...requestOptions(scenario.method, token),
        connections,
        duration: warmupSeconds,
      })
    }
    const measured: LoadScenario[] = []
    for (const scenario of scenarios) {
      const { result, latencies } = await load(`${server.url}${scenario.path}`, {
        ...requestOptions(scenario.method, token),
        connections,
        duration: durationSeconds,
      })
      measured.push({
        ...scenario,
        requestsPerSecond: latencies.length / result.duration,
        latency: summarise(latencies),
        errors: result.errors,
        non2xx: result.non2xx,
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
        durationSeconds: result.duration,
      })
    }
    return {
      node: process.version,
      cpus: availableParallelism(),
      loadAverage: loadAtStart,
      connections,
      durationSeconds,
      warmupSeconds,
      dynamoGetItem,
      scenarios: measured,
    }
  })
}

export const formatApiLoadReport = (report: ApiLoadReport): string => {
  const statuses = (s: LoadScenario) =>
    Object.entries(s.statusCodes)
      .map(([code, count]) => `${code}×${count}`)
      .join(' ')
  return [
    `Local API under load (autocannon, ${report.connections} connections, ${report.durationSeconds} s each after ${report.warmupSeconds} s warm-up, loopback)`,
    textTable(
      ['scenario', 'requests/s', 'p50', 'p99', 'errors', 'non-2xx', 'status codes'],
      [
        ...report.scenarios.map((s) => [
          `${s.name} (${s.method} ${s.path})`,
          s.requestsPerSecond.toFixed(0),
          ms(s.latency.p50Ms),
          ms(s.latency.p99Ms),
          String(s.errors),
          String(s.non2xx),
          statuses(s),
        ]),
        [
          `DynamoDB Local GetItem, ${report.dynamoGetItem.count} sequential`,
          (1000 / report.dynamoGetItem.meanMs).toFixed(0),
          ms(report.dynamoGetItem.p50Ms),
          ms(report.dynamoGetItem.p99Ms),
          '0',
          '–',
          '',
        ],
      ],
    ),
    `The API runs the handlers from source (tsx) behind the local gateway in its own process; DynamoDB Local in memory`,
    `  (Java) and autocannon share the same ${report.cpus} CPUs (load average ${report.loadAverage.toFixed(1)} at the start).`,
    `  GetItem: the handlers' document client, one call at a time, requests/s = 1 / mean.`,
  ].join('\n')
}

if (isMain(import.meta.url)) {
  runApiLoad()
    .then((report) => console.log(formatApiLoadReport(report)))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
