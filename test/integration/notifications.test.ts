/**
 * Notifications end to end on this machine: jobs go into a real folder queue, the local queue
 * runner hands them to the notify worker's handler as SQS events, the worker delivers them with
 * the real stores (DynamoDB Local) into a file outbox. The clock is the test's, so quiet hours
 * can be entered and left. And the member's choice of channel, through the service.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createNotifyHandler } from '../../functions/worker-notify/handler'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { type QueueRunner, startQueueRunner } from '../../scripts/lib/local-queue'
import { seedDemo } from '../../scripts/lib/seed-demo'
import { createStores } from '../../shared/db/index'
import { createFolderNotificationQueue, writeQueueFile } from '../../shared/db/notification-queue'
import { createFileOutbox, readOutbox } from '../../shared/db/outbox'
import type { Caller } from '../../shared/domain/caller'
import { DomainError } from '../../shared/domain/errors'
import type { Match, NotificationJob } from '../../shared/schemas/match'
import type { MemberDetails } from '../../shared/schemas/member'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import type { Outbox, Stores } from '../../shared/services/ports'
import { createTestTable, testDocumentClient } from '../support/dynamodb'
import { validPostBody } from '../support/fixtures'

const siteUrl = 'https://buurtbeurs.test'
const communityId = 'lindeveen'

let db: ReturnType<typeof testDocumentClient>
let stores: Stores
let keys: string
let dir: string
/** The test's clock: daytime in Amsterdam unless a test moves it. */
let now: Date
let counter = 0
const runtime = {
  now: () => now,
  newId: () => `nt${String(++counter).padStart(10, '0')}x`,
  newCode: () => '000000',
}

/** A queue folder, an outbox folder and a runner for one test, with the given outbox. */
const setUp = (name: string, outbox?: (dir: string) => Outbox, maxReceiveCount = 3) => {
  const queueDir = join(dir, name, 'queue')
  const outboxDir = join(dir, name, 'outbox')
  const deadLetterFile = join(dir, name, 'dead-letters', 'notify.jsonl')
  const queue = createFolderNotificationQueue(queueDir, () => now)
  const services = createServices(
    stores,
    runtime,
    createCredentials(deriveKeys(keys)),
    outbox ? outbox(outboxDir) : createFileOutbox(outboxDir),
    { ...everyService, notificationQueue: queue, siteUrl },
  )
  const errors: string[] = []
  const runner: QueueRunner = startQueueRunner({
    name: 'notify',
    dir: queueDir,
    handler: createNotifyHandler(async () => services, { log: (line) => errors.push(line) }),
    batchSize: 10,
    maxReceiveCount,
    // The test drains; no polling in between.
    pollMs: 60_000,
    visibilityTimeoutMs: 0,
    now: () => now,
    onDeadLetter: async (deadLetter) => {
      const { mkdir } = await import('node:fs/promises')
      await mkdir(join(dir, name, 'dead-letters'), { recursive: true })
      await appendFile(deadLetterFile, `${JSON.stringify({ worker: 'notify', ...deadLetter })}\n`)
    },
    log: () => {},
  })
  runners.push(runner)
  return { queue, queueDir, outboxDir, deadLetterFile, services, runner, errors }
}
const runners: QueueRunner[] = []

const member = async (memberId: string): Promise<MemberDetails> => {
  const found = await stores.members.get(communityId, memberId)
  if (!found) throw new Error(`No demo member ${memberId}`)
  return found
}

/** A proposed match between a new request of `requester` and a new offer of `helper`. */
const freshMatch = async (requester: string, helper: string): Promise<Match> => {
  const services = createServices(
    stores,
    runtime,
    createCredentials(deriveKeys(keys)),
    { send: async () => {} },
    everyService,
  )
  const request = await services.posts.create(await member(requester), communityId, validPostBody())
  const offer = await services.posts.create(
    await member(helper),
    communityId,
    validPostBody({ kind: 'offer', title: 'Ik doe graag boodschappen' }),
  )
  const at = now.toISOString()
  const match: Match = {
    id: `${request.id}_${offer.id}`,
    communityId,
    requestId: request.id,
    offerId: offer.id,
    requestMemberId: requester,
    offerMemberId: helper,
    event: null,
    origin: 'suggestion',
    status: 'proposed',
    interest: { request: null, offer: { at, by: helper, viaBroker: false, message: '' } },
    score: 60,
    agreement: null,
    outcome: null,
    history: [{ at, from: null, to: 'proposed', by: helper, viaBroker: false, side: 'offer', reason: '' }],
    acceptedAt: null,
    endedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
  expect(await stores.matches.create(match)).toBe(true)
  return match
}

const job = (match: Match, memberId: string, overrides: Partial<NotificationJob & { kind: 'notify' }> = {}) =>
  ({
    kind: 'notify',
    id: `${match.id}.0.${memberId}`,
    communityId,
    memberId,
    template: 'match-proposed',
    matchId: match.id,
    followUp: null,
    notBefore: null,
    ...overrides,
  }) satisfies NotificationJob

const queueFiles = (queueDir: string) => readdirSync(queueDir).filter((n) => n.endsWith('.json'))

beforeAll(async () => {
  const table = await createTestTable()
  keys = throwawayKeys()
  await seedDemo({ endpoint: table.endpoint, tableName: table.tableName, keys })
  db = testDocumentClient(table.endpoint)
  stores = createStores(db, table.tableName)
  dir = mkdtempSync(join(tmpdir(), 'buurtbeurs-notify-'))
})
beforeEach(() => {
  // Thursday 15 January 2026, 13:00 in Amsterdam.
  now = new Date('2026-01-15T12:00:00Z')
})
afterAll(async () => {
  for (const runner of runners) await runner.stop()
  db?.destroy()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the notify worker behind the local queue', () => {
  it('delivers a job once, even when it is queued twice and queued again later', async () => {
    // prepare
    const { queue, queueDir, outboxDir, runner } = setUp('twice')
    const match = await freshMatch('fatima', 'anna')
    const proposed = job(match, 'fatima')

    // act
    await queue.enqueue([proposed, proposed])
    expect(queueFiles(queueDir)).toHaveLength(2)
    await runner.drain()
    await queue.enqueue([proposed])
    await runner.drain()

    // assess
    const sent = await readOutbox(outboxDir)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({
      communityId,
      memberId: 'fatima',
      channel: 'email',
      to: 'fatima@example.nl',
      subject: 'Anna wil u helpen',
    })
    expect(sent[0]?.text).toContain(`${siteUrl}/matches/${match.id}`)
    expect(sent[0]?.text.startsWith('Hallo Fatima,')).toBe(true)
    expect(queueFiles(queueDir)).toEqual([])
    expect(runner.deadLetters).toEqual([])
  })

  it('holds a job during quiet hours and delivers it when they end', async () => {
    // prepare: 23:30 in Amsterdam; the demo community is quiet from 21:00 to 08:00.
    const { queue, queueDir, outboxDir, runner } = setUp('quiet')
    const match = await freshMatch('fatima', 'anna')
    now = new Date('2026-01-15T22:30:00Z')

    // act
    await queue.enqueue([job(match, 'anna', { template: 'match-accepted' })])
    await runner.drain()

    // assess: nothing sent, the job waits in the folder until 08:00 (07:00 UTC)
    expect(await readOutbox(outboxDir)).toEqual([])
    const waiting = queueFiles(queueDir)
    expect(waiting).toHaveLength(1)
    const file = JSON.parse(readFileSync(join(queueDir, waiting[0] ?? ''), 'utf8'))
    expect(file.visibleAt).toBe('2026-01-16T07:00:00.000Z')
    expect(JSON.parse(file.body)).toMatchObject({ id: `${match.id}.0.anna`, notBefore: '2026-01-16T07:00:00.000Z' })

    // act: still night at 07:59 local, then morning
    now = new Date('2026-01-16T06:59:00Z')
    await runner.drain()
    expect(await readOutbox(outboxDir)).toEqual([])
    now = new Date('2026-01-16T07:00:30Z')
    await runner.drain()

    // assess
    const sent = await readOutbox(outboxDir)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ to: 'anna@example.nl', subject: 'U en Fatima zeggen allebei ja' })
    expect(sent[0]?.at).toBe('2026-01-16T07:00:30.000Z')
    expect(queueFiles(queueDir)).toEqual([])
  })

  it('puts a member who gets no messages in the brokers’ queue, to be phoned, and sends nothing', async () => {
    // prepare: Henk chose no messages (a broker manages his account)
    const { queue, outboxDir, runner } = setUp('phone')
    const match = await freshMatch('henk', 'anna')

    // act
    await queue.enqueue([job(match, 'henk'), job(match, 'henk')])
    await runner.drain()

    // assess
    expect(await readOutbox(outboxDir)).toEqual([])
    const items = await stores.queue.list({
      communityId,
      brokerId: null,
      dueBefore: new Date(now.getTime() + 1000).toISOString(),
      kind: 'phone-member',
      limit: 50,
    })
    const forMatch = items.items.filter((item) => item.matchId === match.id)
    expect(forMatch).toHaveLength(1)
    expect(forMatch[0]).toMatchObject({
      kind: 'phone-member',
      status: 'open',
      memberId: 'henk',
      memberName: 'Henk',
      postId: match.requestId,
      postKind: 'request',
    })

    // act: a later message about the same match is a new call
    await queue.enqueue([job(match, 'henk', { id: `${match.id}.1.henk`, template: 'match-accepted' })])
    await runner.drain()
    const later = await stores.queue.list({
      communityId,
      brokerId: null,
      dueBefore: new Date(now.getTime() + 1000).toISOString(),
      kind: 'phone-member',
      limit: 50,
    })
    expect(later.items.filter((item) => item.matchId === match.id)).toHaveLength(2)
  })

  it('retries a failing send, then sets it aside as a dead letter without the message text; a later try still sends', async () => {
    // prepare: SES is down
    let attempts = 0
    const failing = setUp('failing', () => ({
      send: async () => {
        attempts++
        throw new Error('SES is down')
      },
    }))
    const match = await freshMatch('fatima', 'anna')
    const proposed = job(match, 'fatima')

    // act
    await failing.queue.enqueue([proposed])
    await failing.runner.drain()

    // assess
    expect(attempts).toBe(3)
    expect(failing.runner.deadLetters).toEqual([
      {
        messageId: expect.any(String),
        jobId: proposed.id,
        error: 'SES is down',
        attempts: 3,
        time: expect.any(String),
      },
    ])
    const lines = readFileSync(failing.deadLetterFile, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ worker: 'notify', jobId: proposed.id, attempts: 3 })
    expect(lines[0]).not.toContain('fatima@example.nl')
    expect(lines[0]).not.toContain('Hallo')
    expect(queueFiles(failing.queueDir)).toEqual([])
    expect(failing.errors.filter((line) => line.includes('delivery failed'))).toHaveLength(3)

    // act: the job is put back once SES works again (a redrive): the failed tries left no "sent" mark
    const working = setUp('failing-redrive')
    await working.queue.enqueue([proposed])
    await working.runner.drain()
    expect(await readOutbox(working.outboxDir)).toHaveLength(1)
  })

  it('drops a message that is not a job, without retrying it', async () => {
    // prepare
    const { queueDir, runner, errors } = setUp('malformed')
    await writeQueueFile(queueDir, {
      messageId: 'not-a-job',
      body: '{"kind":"notify","id":"x"}',
      sentAt: now.toISOString(),
      visibleAt: null,
      receiveCount: 0,
      firstReceivedAt: null,
    })

    // act
    await runner.drain()

    // assess
    expect(queueFiles(queueDir)).toEqual([])
    expect(runner.deadLetters).toEqual([])
    expect(errors).toEqual([expect.stringContaining('not a notification job: dropped')])
  })

  it('sends a sign-in code message at once, also at night', async () => {
    // prepare
    const { queue, outboxDir, runner } = setUp('message')
    now = new Date('2026-01-15T23:30:00Z')

    // act
    await queue.enqueue([
      {
        kind: 'message',
        id: 'message-0001',
        message: {
          communityId,
          memberId: 'anna',
          channel: 'email',
          to: 'anna@example.nl',
          subject: 'Uw code',
          text: 'Uw code is 123456',
        },
      },
    ])
    await runner.drain()

    // assess
    expect(await readOutbox(outboxDir)).toEqual([
      expect.objectContaining({ to: 'anna@example.nl', subject: 'Uw code', text: 'Uw code is 123456' }),
    ])
  })
})

describe('putNotificationPreference', () => {
  const services = () =>
    createServices(stores, runtime, createCredentials(deriveKeys(keys)), { send: async () => {} }, everyService)
  const codeOf = async (promise: Promise<unknown>) => {
    try {
      await promise
      return 'allowed'
    } catch (error) {
      if (error instanceof DomainError) return error.code
      throw error
    }
  }

  it('lets a member choose for themself, with the version they read, and not record it in the audit log', async () => {
    // prepare
    const mieke = await member('mieke')

    // act
    const changed = await services().members.putNotificationPreference(mieke, communityId, 'mieke', {
      contactPreference: 'none',
      version: mieke.version,
    })

    // assess
    expect(changed).toMatchObject({ contactPreference: 'none', version: mieke.version + 1 })
    expect(await member('mieke')).toMatchObject({ contactPreference: 'none', version: mieke.version + 1 })
    expect(
      await codeOf(
        services().members.putNotificationPreference(mieke, communityId, 'mieke', {
          contactPreference: 'email',
          version: mieke.version,
        }),
      ),
    ).toBe('MEMBER_CHANGED')
    const audit = await stores.audit.listForMember(communityId, 'mieke')
    expect(audit.filter((entry) => entry.action === 'contact.changed')).toEqual([])
  })

  it('refuses a channel without an address for it', async () => {
    const joost = await member('joost')
    const error = await services()
      .members.putNotificationPreference(joost, communityId, 'joost', {
        contactPreference: 'sms',
        version: joost.version,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DomainError)
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'contactPreference', code: 'no_phone' }],
    })
  })

  it('refuses another resident, and a broker without the resident’s consent', async () => {
    const anna = await member('anna')
    const samira = await member('samira')
    const fatima = await member('fatima')
    const body = { contactPreference: 'none' as const, version: fatima.version }
    expect(await codeOf(services().members.putNotificationPreference(anna, communityId, 'fatima', body))).toBe(
      'FORBIDDEN',
    )
    // Fatima gave no consent to be helped by a broker.
    expect(await codeOf(services().members.putNotificationPreference(samira, communityId, 'fatima', body))).toBe(
      'CONSENT_REQUIRED',
    )
    // A resident of another community is not found from here.
    expect(await codeOf(services().members.putNotificationPreference(anna, 'andere-stad', 'anna', body))).toBe(
      'COMMUNITY_FORBIDDEN',
    )
    expect(await member('fatima')).toMatchObject({ contactPreference: 'email', version: fatima.version })
  })

  it('lets a broker choose for a resident who consented, directly or acting for them, and records it', async () => {
    // prepare: Henk's consent covers his contact details
    const samira = await member('samira')
    const henk = await member('henk')

    // act
    const direct = await services().members.putNotificationPreference(samira, communityId, 'henk', {
      contactPreference: 'none',
      version: henk.version,
    })
    const actingFor: Caller = { ...direct, actedBy: samira }
    const viaActFor = await services().members.putNotificationPreference(actingFor, communityId, 'henk', {
      contactPreference: 'none',
      version: direct.version,
    })

    // assess
    expect(viaActFor.version).toBe(henk.version + 2)
    const audit = await stores.audit.listForMember(communityId, 'henk')
    const entries = audit.filter((entry) => entry.action === 'contact.changed')
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({
      actorId: 'samira',
      actorRole: 'broker',
      memberId: 'henk',
      reason: 'notifications: none → none',
    })
  })
})
