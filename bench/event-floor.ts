/**
 * `npm run bench:event-floor` (`-- --seconds 60 --hoekmannen 20 --participants 500`): a simulated
 * Beursvloer against the local stack (DynamoDB Local, the real handlers behind the local gateway,
 * the workers), over HTTP. The participants are imported through the import route; twenty
 * hoekmannen record matches at once in their corners (a third of the time on the corner's three
 * most popular offers, so limited quantities are fought over); a big screen polls the tally.
 * Prints errors, refusals, latency of recording a match, whether any offer went over its quantity,
 * whether the tally equals the sum of the recorded matches, and how fresh the tally was.
 * Figures only: nothing here fails on time.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createDocumentClient } from '../shared/db/client'
import { createStores } from '../shared/db/index'
import { demoCommunityId } from '../shared/demo/lindeveen'
import type { BeursEvent, EventBoard, EventItem, ImportRow, Tally } from '../shared/schemas/event'
import type { MemberDetails } from '../shared/schemas/member'
import { participantTypes, standardResourceTypes } from '../shared/schemas/vocabulary'
import { createCredentials, deriveKeys } from '../shared/services/credentials'
import { benchResident, benchSessions, withBenchStack } from './lib/bench-stack'
import { startServerProcess, stopServerProcess } from './lib/server-process'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    hoekmannen: { type: 'string', default: '20' },
    participants: { type: 'string', default: '500' },
  },
})
const seconds = Number(values.seconds)
const hoekmanCount = Number(values.hoekmannen)
const participantCount = Number(values.participants)
const communityId = demoCommunityId
const base = `/api/communities/${communityId}`

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)
const ms = (n: number) => `${n.toFixed(0)} ms`

/** A small seeded PRNG, so every run imports the same event. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

await withBenchStack(`bench-event-${Date.now()}`, async ({ endpoint, tableName, secret, defer }) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'buurtbeurs-bench-event-'))
  defer(() => rm(dataDir, { recursive: true, force: true }))
  const db = createDocumentClient({ endpoint })
  defer(async () => db.destroy())
  const stores = createStores(db, tableName)
  const credentials = createCredentials(deriveKeys(secret))

  // Twenty hoekmannen (brokers) with sessions; the demo coordinator Jeroen sets the event up.
  const now = new Date().toISOString()
  const hoekmannen: MemberDetails[] = []
  for (let i = 0; i < hoekmanCount; i++) {
    const broker: MemberDetails = { ...benchResident(`bench-hoekman-${i}`, `Hoekman ${i}`, now), role: 'broker' }
    await stores.members.create(
      broker,
      { fullName: `Hoekman ${i}`, email: null, phone: null, address: null, representatives: [] },
      [],
    )
    hoekmannen.push(broker)
  }
  const tokens = await benchSessions(stores, credentials, ['jeroen', ...hoekmannen.map((h) => h.id)])

  const server = await startServerProcess({
    dynamoEndpoint: endpoint,
    tableName,
    keys: secret,
    outboxDir: path.join(dataDir, 'outbox'),
    workersDataDir: dataDir,
    quietInfo: true,
  })
  defer(() => stopServerProcess(server.child))

  const call = async <T>(memberId: string | null, method: string, pathName: string, body?: unknown) => {
    const started = performance.now()
    const response = await fetch(`${server.url}${pathName}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(memberId ? { authorization: `Bearer ${tokens.get(memberId)}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const data = (await response.json().catch(() => undefined)) as T & { error?: string }
    return { status: response.status, data, ms: performance.now() - started }
  }

  // The event, live, with the hoekmannen spread over the six corners.
  const created = await call<BeursEvent>('jeroen', 'POST', `${base}/events`, {
    name: 'Bench-Beursvloer',
    date: now.slice(0, 10),
    place: 'Sporthal',
    floorStart: '09:00',
    floorEnd: '11:00',
  })
  if (created.status !== 201) throw new Error(`Creating the event: ${created.status} ${JSON.stringify(created.data)}`)
  const event = created.data
  const corners = event.corners.map((c, index) => ({
    ...c,
    hoekmannen: hoekmannen.filter((_, i) => i % event.corners.length === index).map((h) => h.id),
  }))
  const live = await call<BeursEvent>('jeroen', 'PUT', `${base}/events/${event.id}`, {
    name: event.name,
    date: event.date,
    place: event.place,
    floorStart: event.floorStart,
    floorEnd: event.floorEnd,
    corners,
    valuationRules: event.valuationRules,
    status: 'live',
    version: event.version,
  })
  if (live.status !== 200) throw new Error(`Opening the floor: ${live.status} ${JSON.stringify(live.data)}`)

  // 500 participants through the import route, in batches of 100, each with a need and an offer.
  const next = random(42)
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T
  const rows: ImportRow[] = Array.from({ length: participantCount }, (_, i) => ({
    row: i + 2,
    name: `Organisatie ${i}`,
    type: pick(participantTypes),
    contactName: `Contact ${i}`,
    email: `bench-org-${i}@example.nl`,
    phone: '',
    showName: i % 3 === 0 ? 'ja' : 'nee',
    needCorner: pick(standardResourceTypes),
    needTitle: `Vraag ${i}: hulp met ${pick(['verven', 'sjouwen', 'koken', 'websites', 'vervoer', 'vergaderen'])}`,
    needDescription: '',
    needQuantity: '1',
    offerCorner: pick(standardResourceTypes),
    offerTitle: `Aanbod ${i}: ${pick(['verven', 'sjouwen', 'koken', 'websites', 'vervoer', 'vergaderen'])}`,
    offerDescription: '',
    offerQuantity: String(1 + Math.floor(next() * 3)),
    wantsInReturn: '',
  }))
  const importStarted = performance.now()
  for (const mode of ['check', 'commit'] as const) {
    for (let at = 0; at < rows.length; at += 100) {
      const result = await call<{ rows: { status: string }[] }>(
        'jeroen',
        'POST',
        `${base}/events/${event.id}/imports`,
        {
          importId: 'benchimport1',
          mode,
          rows: rows.slice(at, at + 100),
        },
      )
      const failed = result.data.rows?.filter((r) => r.status === 'failed').length ?? -1
      if (result.status !== 200 || failed !== 0)
        throw new Error(`Import ${mode}: ${result.status}, ${failed} failed rows`)
    }
  }
  const importMs = performance.now() - importStarted

  const board = async () => (await call<EventBoard>('jeroen', 'GET', `${base}/events/${event.id}/board`)).data
  const firstBoard = await board()

  // The floor: each hoekman records in their corner; a third of the time on a popular offer.
  const recordLatencies: number[] = []
  const statuses: Record<string, number> = {}
  const recordedAt: number[] = []
  let networkErrors = 0
  const errorKinds = new Map<string, number>()
  const deadline = Date.now() + seconds * 1000
  const hoekman = async (member: MemberDetails, index: number) => {
    const cornerId = corners[index % corners.length]?.id as string
    let items: EventItem[] = firstBoard.items
    let since = 0
    const rand = random(1000 + index)
    while (Date.now() < deadline) {
      if (since >= 10) {
        items = (await board()).items
        since = 0
      }
      const open = (kind: 'need' | 'offer') =>
        items.filter((i) => i.kind === kind && i.cornerId === cornerId && i.matched < i.quantity)
      const needs = open('need')
      const offers = open('offer')
      if (needs.length === 0 || offers.length === 0) break
      const need = needs[Math.floor(rand() * needs.length)] as EventItem
      const candidates = offers.filter((o) => o.participantId !== need.participantId)
      if (candidates.length === 0) break
      // A third of the time one of the corner's three first offers: limited quantities are fought over.
      const pool = rand() < 1 / 3 ? candidates.slice(0, 3) : candidates
      const offer = pool[Math.floor(rand() * pool.length)] as EventItem
      const rule = event.valuationRules.find((r) => r.resourceType === cornerId) ?? event.valuationRules[0]
      try {
        const result = await call<{ matchId: string }>(member.id, 'POST', `${base}/events/${event.id}/matches`, {
          need: { itemId: need.id },
          offer: { itemId: offer.id },
          offerGives: {
            what: offer.title,
            valuation: { ruleId: rule?.id, hours: 1 + Math.floor(rand() * 8), people: 1, statedCents: 10_000 },
          },
          needGives: rand() < 0.4 ? { what: 'Iets terug', valuation: { ruleId: 'standaard' } } : null,
          when: 'Binnen een maand',
          confirmedByBoth: true,
        })
        const key = result.status === 201 ? '201' : `${result.status} ${result.data.error ?? ''}`
        statuses[key] = (statuses[key] ?? 0) + 1
        if (result.status === 201) {
          recordLatencies.push(result.ms)
          recordedAt.push(Date.now())
          need.matched += 1
          offer.matched += 1
        } else {
          since = 10 // refused: look at the board again
        }
      } catch (error) {
        networkErrors++
        const reason =
          error instanceof Error
            ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`
            : String(error)
        errorKinds.set(reason, (errorKinds.get(reason) ?? 0) + 1)
      }
      since++
    }
  }

  // The big screen: polls the tally every 2 s; a match is "seen" by the first poll that counts it.
  const tallyLatencies: number[] = []
  const freshness: number[] = []
  let seen = 0
  let polling = true
  const screen = (async () => {
    while (polling) {
      const asked = Date.now()
      const result = await call<Tally>(null, 'GET', `${base}/events/${event.id}/tally`)
      if (result.status === 200) {
        tallyLatencies.push(result.ms)
        const sorted = [...recordedAt].sort((a, b) => a - b)
        while (seen < Math.min(result.data.matches, sorted.length)) {
          freshness.push(asked + result.ms - (sorted[seen] as number))
          seen++
        }
      } else {
        statuses[`tally ${result.status}`] = (statuses[`tally ${result.status}`] ?? 0) + 1
      }
      await new Promise((resolve) => setTimeout(resolve, 2000))
    }
  })()
  const floorStarted = performance.now()
  await Promise.all(hoekmannen.map((member, index) => hoekman(member, index)))
  const floorSeconds = (performance.now() - floorStarted) / 1000
  await new Promise((resolve) => setTimeout(resolve, 2500))
  polling = false
  await screen

  // Afterwards: no item over its quantity, and the tally equals the recorded matches.
  const finalBoard = await board()
  const over = finalBoard.items.filter((i) => i.matched > i.quantity).length
  const listed = (
    await call<{ items: { status: string; deal: { totalCents: number } }[] }>(
      'jeroen',
      'GET',
      `${base}/events/${event.id}/matches`,
    )
  ).data.items.filter((m) => m.status !== 'cancelled')
  const tally = (await call<Tally>(null, 'GET', `${base}/events/${event.id}/tally`)).data
  const listedCents = listed.reduce((sum, m) => sum + m.deal.totalCents, 0)
  const counted = Object.values(statuses).reduce((a, b) => a + b, 0)
  const serverErrors = Object.entries(statuses)
    .filter(([key]) => /^5/.test(key) || /^tally 5/.test(key))
    .reduce((sum, [, n]) => sum + n, 0)
  const sorted = [...recordLatencies].sort((a, b) => a - b)
  const tallySorted = [...tallyLatencies].sort((a, b) => a - b)
  const freshSorted = [...freshness].sort((a, b) => a - b)

  for (const [reason, n] of errorKinds) console.log(`network error ×${n}: ${reason}`)
  console.log(
    `\nSimulated Beursvloer: ${participantCount} participants, ${hoekmanCount} hoekmannen, ${seconds} s on the floor\n`,
  )
  console.log('| figure | value |')
  console.log('|---|---:|')
  console.log(
    `| import of ${participantCount} rows (check + commit, batches of 100) | ${(importMs / 1000).toFixed(1)} s |`,
  )
  console.log(`| record requests (in ${floorSeconds.toFixed(0)} s) | ${counted - (statuses['tally 500'] ?? 0)} |`)
  console.log(`| recorded (201) | ${statuses['201'] ?? 0} |`)
  for (const [key, n] of Object.entries(statuses).filter(([k]) => k !== '201')) console.log(`| ${key} | ${n} |`)
  console.log(`| 5xx / network errors | ${serverErrors} / ${networkErrors} |`)
  console.log(
    `| record a match: p50 / p95 / p99 | ${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 95))} / ${ms(percentile(sorted, 99))} |`,
  )
  console.log(`| items over their quantity | ${over} |`)
  console.log(
    `| tally vs recorded matches (count) | ${tally.matches} vs ${listed.length}: ${tally.matches === listed.length ? 'equal' : 'DIFFERENT'} |`,
  )
  console.log(
    `| tally vs recorded matches (euros) | ${tally.cents / 100} vs ${listedCents / 100}: ${tally.cents === listedCents ? 'equal' : 'DIFFERENT'} |`,
  )
  console.log(`| tally poll: p50 / p99 | ${ms(percentile(tallySorted, 50))} / ${ms(percentile(tallySorted, 99))} |`)
  console.log(
    `| tally freshness (recorded → on the screen, polling every 2 s): p50 / max | ${ms(percentile(freshSorted, 50))} / ${ms(freshSorted.at(-1) ?? 0)} |`,
  )
})
