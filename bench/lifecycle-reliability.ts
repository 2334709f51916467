import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createDocumentClient } from '../shared/db/client'
import { createStores } from '../shared/db/index'
import { demoCommunityId } from '../shared/demo/lindeveen'
import type { Match, NotificationJob } from '../shared/schemas/match'
import type { MemberDetails } from '../shared/schemas/member'
import type { CreatePostBody } from '../shared/schemas/post'
import { createCredentials, deriveKeys } from '../shared/services/credentials'
import { everyService } from '../shared/services/every-service'
import { createServices } from '../shared/services/index'
import type { Runtime } from '../shared/services/ports'
import { benchResident, benchSessions, withBenchStack } from './lib/bench-stack'
import { isMain, loadAverage, ms, percentile, textTable } from './lib/format'
import { startServerProcess, stopServerProcess } from './lib/server-process'

const tableName = 'buurtbeurs-bench-lifecycle'
const communityId = demoCommunityId
const day = 24 * 60 * 60 * 1000
/** The follow-up clock: four days ahead, past the "did you get in touch?" question (3 days). */
const followUpClockAhead = 4 * day

export interface LifecycleLoadOptions {
  seconds?: number
  clients?: number
  helpers?: number
  residents?: number
}

type Action = 'propose' | 'accept' | 'decline' | 'answer'
const actions: Action[] = ['propose', 'accept', 'decline', 'answer']

export interface LifecycleLoadReport {
  node: string
  cpus: number
  loadAverage: number
  seconds: number
  clients: number
  helpers: number
  residents: number
  offers: number
  requests: number
  perAction: Record<
    Action,
    { count: number; ok: number; p50Ms: number; p99Ms: number; statuses: Record<string, number> }
  >
  serverErrors: number
  networkErrors: number
  lostTransitions: string[]
  overBooked: string[]
  counterMismatches: string[]
  followUps: { due: number; jobsExpected: number; jobsSent: number; duplicates: number; missing: number }
}

const residentBody = (i: number): CreatePostBody => ({
  kind: 'request',
  title: `Boodschappen samen doen ${i}`,
  description: 'Wie gaat op dinsdagochtend met mij naar de supermarkt?',
  categoryId: 'boodschappen',
  areaId: 'de-akkers',
  availability: { dayParts: ['tue-morning'], recurrence: i % 2 === 0 ? 'once' : 'weekly' },
  quantity: 1,
  tags: [],
})

const offerBody = (i: number, quantity: number): CreatePostBody => ({
  kind: 'offer',
  title: `Ik ga mee boodschappen doen ${i}`,
  description: 'Dinsdagochtend heb ik tijd.',
  categoryId: 'boodschappen',
  areaId: 'de-akkers',
  availability: { dayParts: ['tue-morning', 'wed-morning'], recurrence: 'weekly' },
  quantity,
  tags: [],
})

/** A follow-up question's job id is `<followUpId>.send|remind.<memberId>`. */
const followUpIdOf = (jobId: string): string | undefined => /^(.*)\.(send|remind)\.[^.]+$/.exec(jobId)?.[1]

const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)]

export const runLifecycleLoad = async (options: LifecycleLoadOptions = {}): Promise<LifecycleLoadReport> => {
  const seconds = options.seconds ?? 60
  const clients = options.clients ?? 16
  const helperCount = options.helpers ?? 12
  const residentCount = options.residents ?? 60

  return withBenchStack(tableName, async ({ endpoint, secret, defer }) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'buurtbeurs-bench-lifecycle-'))
    defer(() => rm(dataDir, { recursive: true, force: true }))

    const db = createDocumentClient({ endpoint: endpoint })
    defer(async () => db.destroy())
    const stores = createStores(db, tableName)
    const credentials = createCredentials(deriveKeys(secret))
    let ids = 0
    const runtimeAt = (offsetMs: number): Runtime => ({
      now: () => new Date(Date.now() + offsetMs),
      newId: () => `bench${(ids++).toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`,
      newCode: () => '000000',
    })
    // Questions the follow-up worker queues in this process: their tokens are what people click.
    const sentJobs: NotificationJob[] = []
    const capture = { enqueue: async (jobs: NotificationJob[]) => void sentJobs.push(...jobs) }
    const servicesAt = (offsetMs: number) =>
      createServices(
        stores,
        runtimeAt(offsetMs),
        credentials,
        { send: async () => {} },
        {
          ...everyService,
          notificationQueue: capture,
        },
      )
    const services = servicesAt(0)

    // The neighbourhood: helpers with offers, residents with requests, all in one category.
    const now = new Date().toISOString()
    const helpers: MemberDetails[] = []
    const residents: MemberDetails[] = []
    const offers: { id: string; memberId: string; quantity: number }[] = []
    const requests: { id: string; memberId: string }[] = []
    for (let i = 0; i < helperCount; i++) {
      const helper = benchResident(`bench-helper-${i}`, `Helper ${i}`, now, 4)
      const contact = {
        fullName: `Helper ${i}`,
        email: `helper${i}@example.nl`,
        phone: null,
        address: null,
        representatives: [],
      }
      await stores.members.create(helper, contact, services.auth.loginHashes(communityId, contact))
      helpers.push(helper)
      for (let k = 0; k < 2; k++) {
        const quantity = 1 + ((i + k) % 3)
        const post = await services.posts.create(helper, communityId, offerBody(i * 2 + k, quantity))
        offers.push({ id: post.id, memberId: helper.id, quantity })
      }
    }
    for (let i = 0; i < residentCount; i++) {
      const resident = benchResident(`bench-resident-${i}`, `Bewoner ${i}`, now, 3)
      const contact = {
        fullName: `Bewoner ${i}`,
        email: `bewoner${i}@example.nl`,
        phone: null,
        address: null,
        representatives: [],
      }
      await stores.members.create(resident, contact, services.auth.loginHashes(communityId, contact))
      residents.push(resident)
      for (let k = 0; k < 2; k++) {
        const post = await services.posts.create(resident, communityId, residentBody(i * 2 + k))
        requests.push({ id: post.id, memberId: resident.id })
      }
    }
    // Matching needs each author's facts on their posts (the matching worker stamps them).
    for (const member of [...helpers, ...residents]) await services.matching.refreshAuthorFacts(communityId, member.id)

    const tokens = await benchSessions(
      stores,
      credentials,
      [...helpers, ...residents].map((m) => m.id),
    )

    const server = await startServerProcess({
      dynamoEndpoint: endpoint,
      tableName,
      keys: secret,
      outboxDir: path.join(dataDir, 'outbox'),
      workersDataDir: dataDir,
      quietInfo: true,
    })
    defer(() => stopServerProcess(server.child))

    // What the clients know and what the API acknowledged.
    const proposed = new Map<string, { matchId: string; offerMemberId: string }>()
    const acknowledged: { action: Action; id: string; expect: (m: Match | undefined) => boolean }[] = []
    const answeredTokens = new Set<string>()
    const openTokens: { token: string; followUpId: string }[] = []
    const perAction = Object.fromEntries(
      actions.map((a) => [a, { count: 0, ok: 0, latencies: [] as number[], statuses: {} as Record<string, number> }]),
    ) as Record<Action, { count: number; ok: number; latencies: number[]; statuses: Record<string, number> }>
    let serverErrors = 0
    let networkErrors = 0

    const call = async (action: Action, pathName: string, memberId: string | null, body: unknown) => {
      const started = performance.now()
      const stats = perAction[action]
      stats.count++
      try {
        const response = await fetch(`${server.url}${pathName}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(memberId ? { authorization: `Bearer ${tokens.get(memberId)}` } : {}),
          },
          body: JSON.stringify(body),
        })
        const json = (await response.json()) as Record<string, unknown>
        stats.latencies.push(performance.now() - started)
        const key = response.ok ? String(response.status) : `${response.status} ${String(json.error)}`
        stats.statuses[key] = (stats.statuses[key] ?? 0) + 1
        if (response.status >= 500) serverErrors++
        if (response.ok) stats.ok++
        return { ok: response.ok, json }
      } catch (error) {
        networkErrors++
        console.error(error)
        return { ok: false, json: {} }
      }
    }
    const getMatch = async (matchId: string, memberId: string): Promise<Match | undefined> => {
      const response = await fetch(`${server.url}/api/communities/${communityId}/matches/${matchId}`, {
        headers: { authorization: `Bearer ${tokens.get(memberId)}` },
      })
      if (response.status >= 500) serverErrors++
      return response.ok ? ((await response.json()) as { match: Match }).match : undefined
    }

    const steps: Record<Action, () => Promise<void>> = {
      async propose() {
        const request = pick(requests)
        const offer = pick(offers)
        if (!request || !offer) return
        const result = await call(
          'propose',
          `/api/communities/${communityId}/posts/${request.id}/interest`,
          request.memberId,
          {
            otherPostId: offer.id,
          },
        )
        if (result.ok) {
          const matchId = String(result.json.id)
          if (result.json.status === 'proposed') proposed.set(matchId, { matchId, offerMemberId: offer.memberId })
          acknowledged.push({ action: 'propose', id: matchId, expect: (m) => m !== undefined })
        }
      },
      async accept() {
        const entry = pick([...proposed.values()])
        if (!entry) return
        const match = await getMatch(entry.matchId, entry.offerMemberId)
        if (!match) return
        const result = await call(
          'accept',
          `/api/communities/${communityId}/matches/${entry.matchId}/accept`,
          entry.offerMemberId,
          { version: match.version },
        )
        if (result.ok) {
          proposed.delete(entry.matchId)
          acknowledged.push({
            action: 'accept',
            id: entry.matchId,
            expect: (m) => m !== undefined && m.acceptedAt !== null && m.history.some((t) => t.to === 'accepted'),
          })
        }
      },
      async decline() {
        const entry = pick([...proposed.values()])
        if (!entry) return
        const match = await getMatch(entry.matchId, entry.offerMemberId)
        if (!match) return
        const result = await call(
          'decline',
          `/api/communities/${communityId}/matches/${entry.matchId}/decline`,
          entry.offerMemberId,
          { version: match.version, reason: 'Past nu niet' },
        )
        if (result.ok) {
          proposed.delete(entry.matchId)
          acknowledged.push({ action: 'decline', id: entry.matchId, expect: (m) => m?.status === 'declined' })
        }
      },
      async answer() {
        const open = openTokens.splice(Math.floor(Math.random() * openTokens.length), 1)[0]
        if (!open || answeredTokens.has(open.token)) return
        const answer = pick(['carried-out', 'partly', 'not-carried-out', 'still-running'] as const) ?? 'still-running'
        const result = await call('answer', '/api/follow-up/answer', null, { token: open.token, answer, hours: 2 })
        if (result.ok) {
          answeredTokens.add(open.token)
          acknowledged.push({ action: 'answer', id: open.followUpId, expect: () => true })
          followUpAnswers.push({ followUpId: open.followUpId, answer })
        }
      },
    }
    const followUpAnswers: { followUpId: string; answer: string }[] = []

    // The follow-up worker four days ahead, every few seconds: its questions feed the clients.
    const ahead = servicesAt(followUpClockAhead)
    const harvest = () => {
      for (const job of sentJobs.splice(0)) {
        const followUpId = job.kind === 'notify' && job.followUp ? followUpIdOf(job.id) : undefined
        if (job.kind === 'notify' && job.followUp && followUpId) {
          openTokens.push({ token: job.followUp.token, followUpId })
        }
      }
    }
    const loadAtStart = loadAverage()
    const endsAt = Date.now() + seconds * 1000
    let followUpRuns = 0
    const followUpLoop = (async () => {
      while (Date.now() < endsAt) {
        await new Promise((resolve) => setTimeout(resolve, 3000))
        await ahead.followUps.runDue(communityId)
        followUpRuns++
        harvest()
      }
    })()
    const weights: [Action, number][] = [
      ['propose', 4],
      ['accept', 3],
      ['decline', 1],
      ['answer', 2],
    ]
    const total = weights.reduce((sum, [, w]) => sum + w, 0)
    const choose = (): Action => {
      let r = Math.random() * total
      for (const [action, weight] of weights) {
        r -= weight
        if (r < 0) return action
      }
      return 'propose'
    }
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() < endsAt) await steps[choose()]()
      }),
    )
    await followUpLoop

    // Let the stream workers catch up before checking (the lifecycle worker schedules follow-ups).
    await new Promise((resolve) => setTimeout(resolve, 5000))

    // Lost transitions: everything acknowledged must be in the table.
    const lostTransitions: string[] = []
    for (const ack of acknowledged) {
      if (ack.action === 'answer') continue
      const match = await stores.matches.get(communityId, ack.id)
      if (!ack.expect(match)) lostTransitions.push(`${ack.action} ${ack.id} (now ${match?.status ?? 'missing'})`)
    }
    for (const { followUpId, answer } of followUpAnswers) {
      const followUp = await stores.followUps.get(communityId, followUpId)
      const replies = followUp ? [followUp.replies.request, followUp.replies.offer] : []
      if (!replies.some((r) => r?.answer === answer)) lostTransitions.push(`answer ${followUpId} ${answer}`)
    }

    // Over-booking: counters within limits and equal to the matches holding them.
    const overBooked: string[] = []
    const counterMismatches: string[] = []
    const running = new Map<string, number>()
    const helperRunning = new Map<string, number>()
    for (const offer of offers) {
      const matches = await stores.matches.listOfPost(communityId, offer.id)
      for (const m of matches) {
        if (m.status === 'accepted') {
          running.set(offer.id, (running.get(offer.id) ?? 0) + 1)
          helperRunning.set(m.offerMemberId, (helperRunning.get(m.offerMemberId) ?? 0) + 1)
        }
      }
      const stored = await stores.posts.get(communityId, offer.id)
      const active = stored?.post.activeMatches ?? 0
      if (active > offer.quantity) overBooked.push(`offer ${offer.id}: ${active} of ${offer.quantity}`)
      if ((running.get(offer.id) ?? 0) > offer.quantity)
        overBooked.push(`offer ${offer.id}: ${running.get(offer.id)} running`)
      if (active !== (running.get(offer.id) ?? 0)) {
        counterMismatches.push(`offer ${offer.id}: counter ${active}, running ${running.get(offer.id) ?? 0}`)
      }
    }
    for (const helper of helpers) {
      const stored = await stores.members.get(communityId, helper.id)
      const active = stored?.activeMatches ?? 0
      if (active > helper.helping.maxActiveMatches) overBooked.push(`helper ${helper.id}: ${active}`)
      if (active !== (helperRunning.get(helper.id) ?? 0)) {
        counterMismatches.push(`helper ${helper.id}: counter ${active}, running ${helperRunning.get(helper.id) ?? 0}`)
      }
    }

    // Exactly once: two follow-up runs at the same moment, further ahead so more is due.
    sentJobs.splice(0)
    const later = servicesAt(followUpClockAhead + 40 * day)
    const due = await stores.followUps.listDue(
      communityId,
      new Date(Date.now() + followUpClockAhead + 40 * day).toISOString(),
      1000,
    )
    // Each due question of a running match sends (or reminds) both parties; a reminded one goes
    // to the brokers instead, and one whose match ended is cancelled.
    let jobsExpected = 0
    for (const followUp of due.items) {
      const match = await stores.matches.get(communityId, followUp.matchId)
      if (match?.status === 'accepted' && followUp.status !== 'reminded') jobsExpected += 2
    }
    await Promise.all([
      later.followUps.runDue(communityId),
      servicesAt(followUpClockAhead + 40 * day).followUps.runDue(communityId),
    ])
    const perFollowUp = new Map<string, number>()
    for (const job of sentJobs) {
      if (job.kind !== 'notify' || !job.followUp) continue
      const id = `${followUpIdOf(job.id)}/${job.memberId}`
      perFollowUp.set(id, (perFollowUp.get(id) ?? 0) + 1)
    }
    const duplicates = [...perFollowUp.values()].filter((n) => n > 1).length
    const jobsSent = [...perFollowUp.values()].reduce((a, b) => a + b, 0)
    void followUpRuns

    return {
      node: process.version,
      cpus: availableParallelism(),
      loadAverage: loadAtStart,
      seconds,
      clients,
      helpers: helperCount,
      residents: residentCount,
      offers: offers.length,
      requests: requests.length,
      perAction: Object.fromEntries(
        actions.map((a) => {
          const s = perAction[a]
          return [
            a,
            {
              count: s.count,
              ok: s.ok,
              p50Ms: percentile(s.latencies, 50),
              p99Ms: percentile(s.latencies, 99),
              statuses: s.statuses,
            },
          ]
        }),
      ) as LifecycleLoadReport['perAction'],
      serverErrors,
      networkErrors,
      lostTransitions,
      overBooked,
      counterMismatches,
      followUps: {
        due: due.items.length,
        jobsExpected,
        jobsSent,
        duplicates,
        missing: Math.max(0, jobsExpected - perFollowUp.size),
      },
    }
  })
}

export const formatLifecycleLoadReport = (r: LifecycleLoadReport): string =>
  [
    `Match lifecycle under a mixed load: ${r.clients} clients for ${r.seconds} s against the local stack`,
    `  (${r.helpers} helpers with ${r.offers} offers of quantity 1–3, ${r.residents} residents with ${r.requests} requests)`,
    textTable(
      ['action', 'requests', '2xx', 'p50', 'p99', 'statuses'],
      actions.map((a) => {
        const s = r.perAction[a]
        return [
          a,
          String(s.count),
          String(s.ok),
          ms(s.p50Ms),
          ms(s.p99Ms),
          Object.entries(s.statuses)
            .map(([k, v]) => `${k}×${v}`)
            .join(', '),
        ]
      }),
    ),
    `5xx responses: ${r.serverErrors}; network errors: ${r.networkErrors}`,
    `lost transitions (acknowledged but not in the table): ${r.lostTransitions.length}${r.lostTransitions.length ? ` — ${r.lostTransitions.slice(0, 5).join('; ')}` : ''}`,
    `over-booked offers or helpers: ${r.overBooked.length}${r.overBooked.length ? ` — ${r.overBooked.slice(0, 5).join('; ')}` : ''}`,
    `counters not equal to the running matches: ${r.counterMismatches.length}${r.counterMismatches.length ? ` — ${r.counterMismatches.slice(0, 5).join('; ')}` : ''}`,
    `follow-up worker run twice at once: ${r.followUps.due} follow-ups due → ${r.followUps.jobsSent} questions sent for ${r.followUps.jobsExpected} expected (one per party), duplicates ${r.followUps.duplicates}, missing ${r.followUps.missing}`,
    `${r.cpus} CPUs shared by DynamoDB Local, the server and the clients (load average ${r.loadAverage.toFixed(1)} at the start), Node ${r.node}`,
  ].join('\n')

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: { seconds: { type: 'string' }, clients: { type: 'string' } },
  })
  runLifecycleLoad({
    seconds: values.seconds ? Number(values.seconds) : undefined,
    clients: values.clients ? Number(values.clients) : undefined,
  })
    .then((report) => {
      console.log(formatLifecycleLoadReport(report))
      const failed =
        report.serverErrors +
        report.lostTransitions.length +
        report.overBooked.length +
        report.counterMismatches.length +
        report.followUps.duplicates +
        report.followUps.missing
      if (failed > 0) process.exitCode = 1
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
