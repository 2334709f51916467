/**
 * What one match lifecycle costs in AWS, from counts of a real run on DynamoDB Local.
 *
 *   npm run bench:lifecycle-cost
 *
 * One lifecycle: a resident posts a request; the matching worker suggests a waiting offer; the
 * resident says yes; the helper opens the match and accepts; the follow-up worker asks "did you
 * get in touch?" (day 4) and "did it happen?" (day 31); one party answers through the signed
 * link; every message is delivered by the notify worker. Everything runs in this process
 * through the real services and the real stream runner (DynamoDB Local's stream); a middleware
 * on the document client asks DynamoDB for the capacity each call consumed. Lambda
 * invocations, API Gateway requests and SQS requests are counted from the same run.
 *
 * The prices are on-demand list prices for eu-central-1 in USD, as assumed below; check them
 * against the AWS price list before relying on the euro figure. E-mail and SMS delivery fees
 * are reported separately, as the target says (an SMS costs far more than all the rest).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { streamHandler } from '../functions/stream/stream-handler'
import { processLifecycleChange } from '../functions/worker-lifecycle/handler'
import { processMatchingChange } from '../functions/worker-matching/handler'
import { type StreamEventHandler, startStreamRunner } from '../scripts/lib/local-stream'
import { createDocumentClient } from '../shared/db/client'
import { createStores } from '../shared/db/index'
import { createFileOutbox } from '../shared/db/outbox'
import { demoCommunityId } from '../shared/demo/lindeveen'
import type { NotificationJob } from '../shared/schemas/match'
import { createCredentials, deriveKeys } from '../shared/services/credentials'
import { everyService } from '../shared/services/every-service'
import { createServices } from '../shared/services/index'
import type { Runtime } from '../shared/services/ports'
import { benchResident, withBenchStack } from './lib/bench-stack'
import { isMain } from './lib/format'

const communityId = demoCommunityId
const day = 24 * 60 * 60 * 1000

/** Assumed on-demand prices, eu-central-1, USD (check the AWS price list). */
export const prices = {
  dynamoWriteRequestUnit: 0.7625 / 1e6,
  dynamoReadRequestUnit: 0.1525 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  /** arm64, per GB-second. */
  lambdaGbSecond: 0.0000133334,
  httpApiRequest: 1.2 / 1e6,
  sqsRequest: 0.4 / 1e6,
  sesEmail: 0.1 / 1000,
  /** Per SMS to a Dutch mobile number via SNS, roughly. */
  smsNetherlands: 0.09,
  usdToEur: 0.92,
} as const

/** Assumed Lambda time per invocation (ms) at the deployed memory sizes (API 256 MB, workers 512 MB). */
const assumedMs = { api: 100, worker: 200 }

export interface LifecycleCostReport {
  apiRequests: number
  streamInvocations: number
  notifyInvocations: number
  followUpRuns: number
  sqsRequests: number
  messages: number
  readUnits: number
  writeUnits: number
  calls: Record<string, number>
  /** Capacity units per call type. */
  units: Record<string, number>
  usd: { dynamo: number; lambda: number; apiGateway: number; sqs: number; total: number }
  eur: number
  emailUsd: number
  smsUsd: number
}

export const measureLifecycleCost = (): Promise<LifecycleCostReport> =>
  withBenchStack('buurtbeurs-bench-cost', async ({ endpoint, tableName, secret, defer }) => {
    const outboxDir = await mkdtemp(path.join(tmpdir(), 'buurtbeurs-bench-cost-'))
    defer(() => rm(outboxDir, { recursive: true, force: true }))
    const db = createDocumentClient({ endpoint })
    defer(async () => db.destroy())

    const counts = {
      on: false,
      read: 0,
      write: 0,
      calls: {} as Record<string, number>,
      units: {} as Record<string, number>,
    }
    const writes = /^(Put|Update|Delete|TransactWrite|BatchWrite)/
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String((context as { commandName?: string }).commandName).replace(/Command$/, '')
        ;(args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL'
        const result = await next(args)
        if (counts.on) {
          counts.calls[name] = (counts.calls[name] ?? 0) + 1
          const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity
          const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[]
          const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0)
          counts.units[name] = (counts.units[name] ?? 0) + units
          if (writes.test(name)) counts.write += units
          else counts.read += units
        }
        return result
      },
      { step: 'initialize', name: 'benchCapacity' },
    )

    let offset = 0
    let ids = 0
    const runtime: Runtime = {
      now: () => new Date(Date.now() + offset),
      newId: () => `cost${(ids++).toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`,
      newCode: () => '000000',
    }
    const jobs: NotificationJob[] = []
    let sqsRequests = 0
    const notificationQueue = {
      enqueue: async (queued: NotificationJob[]) => {
        jobs.push(...queued)
        sqsRequests += Math.ceil(queued.length / 10)
      },
    }
    const services = createServices(
      createStores(db, tableName),
      runtime,
      createCredentials(deriveKeys(secret)),
      createFileOutbox(outboxDir),
      { ...everyService, notificationQueue, siteUrl: 'https://buurtbeurs.example' },
    )

    // The matching and lifecycle stream workers, as Lambda runs them, on the real stream.
    let streamInvocations = 0
    const counted =
      (handler: StreamEventHandler): StreamEventHandler =>
      (event, context) => {
        if (counts.on) streamInvocations++
        return handler(event, context)
      }
    const runners = await Promise.all([
      startStreamRunner({
        name: 'matching',
        endpoint,
        tableName,
        entities: ['post', 'member', 'member-attributes', 'community', 'matching-rebuild'],
        handler: counted(streamHandler('matching', (change) => processMatchingChange(services, change))),
        log: () => {},
      }),
      startStreamRunner({
        name: 'lifecycle',
        endpoint,
        tableName,
        entities: ['match'],
        handler: counted(streamHandler('lifecycle', (change) => processLifecycleChange(services, change))),
        log: () => {},
      }),
    ])
    defer(async () => void (await Promise.all(runners.map((r) => r.stop()))))
    const settle = async () => {
      for (let round = 0; round < 4; round++) for (const runner of runners) await runner.drain(60_000)
    }

    // Not counted: a helper with an offer, and a resident, already there.
    const now = new Date().toISOString()
    const helper = benchResident('cost-helper', 'Helper', now)
    const resident = benchResident('cost-resident', 'Bewoner', now)
    for (const m of [helper, resident]) {
      const contact = {
        fullName: m.displayName,
        email: `${m.id}@example.nl`,
        phone: null,
        address: null,
        representatives: [],
      }
      await services.stores.members.create(m, contact, services.auth.loginHashes(communityId, contact))
    }
    const offer = await services.posts.create(helper, communityId, {
      kind: 'offer',
      title: 'Ik ga graag mee boodschappen doen',
      description: '',
      categoryId: 'boodschappen',
      areaId: 'de-akkers',
      availability: { dayParts: ['tue-morning'], recurrence: 'once' },
      quantity: 1,
      tags: [],
    })
    await settle()

    // Counted from here: one lifecycle.
    counts.on = true
    let apiRequests = 0
    const api = async <T>(call: () => Promise<T>): Promise<T> => {
      apiRequests++
      // Every signed-in request resolves its caller: the session and the member (2 GetItems).
      await services.stores.auth.getSession(communityId, 'none')
      await services.stores.members.get(communityId, resident.id)
      return call()
    }
    const request = await api(() =>
      services.posts.create(resident, communityId, {
        kind: 'request',
        title: 'Wie gaat mee boodschappen doen?',
        description: '',
        categoryId: 'boodschappen',
        areaId: 'de-akkers',
        availability: { dayParts: ['tue-morning'], recurrence: 'once' },
        quantity: 1,
        tags: [],
      }),
    )
    await settle()
    await api(() => services.matching.listSuggestions(resident, communityId, request.id))
    const proposed = await api(() =>
      services.matching.expressInterest(resident, communityId, request.id, { otherPostId: offer.id, message: '' }),
    )
    await settle()
    const view = await api(() => services.matches.getMatch(helper, communityId, proposed.id))
    await api(() =>
      services.matches.acceptMatch(helper, communityId, proposed.id, { version: view.match.version, message: '' }),
    )
    await settle()

    let followUpRuns = 0
    for (const days of [4, 31]) {
      offset = days * day
      await services.followUps.runDue(communityId)
      followUpRuns++
    }
    const question = jobs.find((job) => job.kind === 'notify' && job.followUp?.step === 'outcome')
    if (question?.kind !== 'notify' || !question.followUp) throw new Error('no outcome question was sent')
    await api(() =>
      services.followUps.answer({
        token: question.followUp?.token ?? '',
        answer: 'carried-out',
        hours: 2,
        knewEachOther: false,
        story: null,
        storyConsent: false,
      }),
    )
    await settle()

    // The notify worker, at 10:00 in the morning (outside quiet hours): one invocation per job at
    // worst (batches of up to 10 in AWS).
    const morning = new Date(Date.now() + offset)
    morning.setUTCHours(9, 0, 0, 0)
    offset = morning.getTime() - Date.now()
    const queued = [...jobs]
    const results = []
    for (const job of queued) results.push(await services.notifications.deliver(job))
    if (jobs.length !== queued.length) throw new Error(`messages were held: ${results.join(', ')}`)
    const messages = queued.length
    // Per message: the send (counted above), a receive and a delete.
    sqsRequests += messages * 2
    counts.on = false

    const lambdaSeconds =
      (apiRequests * assumedMs.api * 0.25 + (streamInvocations + messages + followUpRuns) * assumedMs.worker * 0.5) /
      1000
    const usd = {
      dynamo: counts.write * prices.dynamoWriteRequestUnit + counts.read * prices.dynamoReadRequestUnit,
      lambda:
        (apiRequests + streamInvocations + messages + followUpRuns) * prices.lambdaRequest +
        lambdaSeconds * prices.lambdaGbSecond,
      apiGateway: apiRequests * prices.httpApiRequest,
      sqs: sqsRequests * prices.sqsRequest,
      total: 0,
    }
    usd.total = usd.dynamo + usd.lambda + usd.apiGateway + usd.sqs
    return {
      apiRequests,
      streamInvocations,
      notifyInvocations: messages,
      followUpRuns,
      sqsRequests,
      messages,
      readUnits: counts.read,
      writeUnits: counts.write,
      calls: counts.calls,
      units: counts.units,
      usd,
      eur: usd.total * prices.usdToEur,
      emailUsd: messages * prices.sesEmail,
      smsUsd: messages * prices.smsNetherlands,
    }
  })

export const formatLifecycleCostReport = (r: LifecycleCostReport): string =>
  [
    'One match lifecycle (post → suggestions → interest → accept → 2 follow-up questions → answer → messages)',
    `  API requests ${r.apiRequests}; stream worker invocations ${r.streamInvocations}; notify worker invocations ${r.notifyInvocations}; follow-up worker runs ${r.followUpRuns}`,
    `  DynamoDB: ${r.writeUnits.toFixed(1)} write request units, ${r.readUnits.toFixed(1)} read request units; calls ${Object.entries(
      r.calls,
    )
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n} (${(r.units[name] ?? 0).toFixed(1)} units)`)
      .join(', ')}`,
    `  SQS requests ${r.sqsRequests}; messages ${r.messages}`,
    `  cost (USD): DynamoDB ${r.usd.dynamo.toFixed(7)}, Lambda ${r.usd.lambda.toFixed(7)}, API Gateway ${r.usd.apiGateway.toFixed(7)}, SQS ${r.usd.sqs.toFixed(7)}`,
    `  total ≈ €${r.eur.toFixed(6)} per lifecycle (target ≤ €0.0002), without delivery fees`,
    `  delivery, separately: ${r.messages} e-mails ≈ $${r.emailUsd.toFixed(5)}, or as SMS ≈ $${r.smsUsd.toFixed(2)}`,
    '  Prices: assumed on-demand list prices for eu-central-1 (see `prices` in the script); Lambda time assumed 100 ms (API) and 200 ms (workers).',
  ].join('\n')

if (isMain(import.meta.url)) {
  measureLifecycleCost()
    .then((report) => console.log(formatLifecycleCostReport(report)))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
