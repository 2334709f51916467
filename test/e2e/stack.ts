import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { configFromEnv, depsFromConfig, systemRuntime } from '../../functions/http/deps'
import { runFollowUps } from '../../functions/worker-follow-up/handler'
import { createNotifyHandler } from '../../functions/worker-notify/handler'
import { type EventWorker, eventWorkers } from '../../functions/workers'
import { buildWeb } from '../../scripts/build-web'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { type QueueRunner, startQueueRunner } from '../../scripts/lib/local-queue'
import { startLocalServer } from '../../scripts/lib/local-server'
import { type StreamEventHandler, type StreamRunner, startStreamRunner } from '../../scripts/lib/local-stream'
import { seedDemo } from '../../scripts/lib/seed-demo'
import type { Session } from '../../shared/schemas/auth'
import { everyService } from '../../shared/services/every-service'
import { createTestTable } from '../support/dynamodb'
import { axeViolations, launchChromium, scrollWidth, waitForPage } from './browser'

/**
 * One test file's world: a fresh build of the front end, a fresh table with the demo, the local
 * gateway with its outbox, the stream workers (the matcher) reading the table's stream, and
 * headless Chromium. Every test gets a new browser context.
 *
 * Sign-in is rate limited per client (all tests are 127.0.0.1): 30 code and verify requests per
 * quarter of an hour per table. So tests that are not about signing in reuse one session per
 * person (`openPage(path, { as })`), made once per file through the real code flow.
 */
export interface Stack {
  readonly url: string
  readonly browser: Browser
  openPage(path: string, options?: { viewport?: { width: number; height: number }; as?: string }): Promise<Page>
  /** Closes the current test's context early, e.g. to open one with another viewport. */
  closeContext(): Promise<void>
  /**
   * Opens each path on a 360 px phone and at 200% zoom (a 640 px layout) and asserts nothing
   * scrolls sideways; `alsoCheck` checks more on the same page, `screenshot` saves the phone view.
   */
  expectFits(
    paths: string[],
    options?: { as?: string; screenshot?: string; alsoCheck?: (page: Page, width: number) => Promise<void> },
  ): Promise<void>
  /** Ids of the messages in the outbox now, to tell a new message from an old one. */
  outboxIds(): Promise<Set<string>>
  /** The code in the first message to `address` that is not in `seen`, waiting for it to arrive. */
  readCode(address: string, seen: Set<string>): Promise<string>
  /** A signed-in session for `address`, through the API's code flow; made once per file. */
  session(address: string): Promise<Session>
  /** Calls the API with a session's token. */
  api<T>(path: string, options?: { as?: string; method?: string; json?: unknown }): Promise<{ status: number; body: T }>
  expectAccessible(page: Page, label: string): Promise<void>
  /**
   * Waits until the stream workers have handled every change made so far, and the notify worker
   * every message that is due: after it, a post created before the call has its suggestions,
   * the brokers' queue its items, and the outbox the messages about matches.
   */
  drainWorkers(timeoutMs?: number): Promise<void>
  /**
   * Runs the follow-up worker once as if it were `at` (follow-ups are days away), then delivers
   * what it queued with the notify worker at that same moment (so quiet hours depend on `at`,
   * not on when the test runs).
   */
  runFollowUps(at: Date): Promise<void>
}

const repoRoot = join(import.meta.dirname, '../..')

/**
 * The stream workers of `functions/workers.ts`, each on DynamoDB Local's stream of this file's
 * table, as `npm start` runs them (scripts/lib/local-workers.ts) but without the schedules (a
 * daily job has no place in a test) and with the table passed in. They start at the oldest
 * record, so the seeded demo gets its suggestions too. A change set aside after its retries is
 * a bug: it is reported, and fails the file in afterAll.
 */
async function startStreamWorkers(endpoint: string, tableName: string, deadLetters: string[]): Promise<StreamRunner[]> {
  const runners: StreamRunner[] = []
  for (const [name, worker] of Object.entries(eventWorkers) as [string, EventWorker][]) {
    if (worker.trigger.kind !== 'stream') continue
    const { handler } = (await import(pathToFileURL(join(repoRoot, worker.entry)).href)) as {
      handler: StreamEventHandler
    }
    runners.push(
      await startStreamRunner({
        name,
        endpoint,
        tableName,
        handler,
        entities: worker.trigger.entities,
        pollMs: 100,
        onDeadLetter: (deadLetter) => {
          deadLetters.push(`${name}: ${deadLetter.eventName} ${JSON.stringify(deadLetter.keys)}: ${deadLetter.error}`)
        },
        log: (line) => console.error(`worker ${name}: ${line}`),
      }),
    )
  }
  return runners
}

interface OutboxItem {
  id: string
  at: string
  channel: 'email' | 'sms'
  to: string
  subject?: string
  text: string
}

export function useStack(): Stack {
  let url = ''
  let browser: Browser | undefined
  let server: { close(): Promise<void> } | undefined
  let workers: StreamRunner[] = []
  let notify: QueueRunner | undefined
  /** The notify worker's clock: the real one, unless a test moved it. */
  let workerNow: Date | null = null
  const clock = () => workerNow ?? new Date()
  const deadLetters: string[] = []
  let context: BrowserContext | undefined
  const folders: string[] = []
  let pageErrors: string[] = []
  const sessions = new Map<string, Promise<Session>>()

  beforeAll(async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'buurtbeurs-web-'))
    const outboxDir = mkdtempSync(join(tmpdir(), 'buurtbeurs-outbox-'))
    const queueDir = mkdtempSync(join(tmpdir(), 'buurtbeurs-queues-'))
    folders.push(webRoot, outboxDir, queueDir)
    const keys = throwawayKeys()
    const [, table] = await Promise.all([buildWeb({ outDir: webRoot, quiet: true }), createTestTable()])
    await seedDemo({ endpoint: table.endpoint, tableName: table.tableName, keys })
    const started = await startLocalServer({
      port: 0,
      dynamoEndpoint: table.endpoint,
      tableName: table.tableName,
      webRoot,
      keys,
      outboxDir,
      queueDir,
    })
    server = started
    url = started.url
    // After the gateway: the workers' handlers read the table from the environment it sets.
    const [, runners] = await Promise.all([
      launchChromium().then((launched) => {
        browser = launched
      }),
      startStreamWorkers(table.endpoint, table.tableName, deadLetters),
    ])
    workers = runners
    // The notify worker on the notification queue folder, as `npm start` runs it, with a clock a
    // test can move (scripts/lib/local-workers.ts); a message it keeps failing on fails the file.
    const { services } = await depsFromConfig(configFromEnv(), { ...systemRuntime, now: clock }, everyService)
    notify = startQueueRunner({
      name: 'notify',
      dir: join(queueDir, eventWorkers.notify.trigger.queue),
      handler: createNotifyHandler(async () => services, { log: (line) => console.error(line) }),
      batchSize: eventWorkers.notify.trigger.batchSize,
      maxReceiveCount: eventWorkers.notify.trigger.maxReceiveCount,
      visibilityTimeoutMs: 0,
      pollMs: 100,
      now: clock,
      onDeadLetter: (deadLetter) => {
        deadLetters.push(`notify: ${deadLetter.jobId ?? deadLetter.messageId}: ${deadLetter.error}`)
      },
    })
  })

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()))
    await notify?.stop()
    await browser?.close()
    await server?.close()
    for (const folder of folders) rmSync(folder, { recursive: true, force: true })
    expect(deadLetters, 'stream changes the workers set aside').toEqual([])
  })

  afterEach(async () => {
    await context?.close()
    context = undefined
    // Uncaught errors in the page fail the test that caused them.
    const errors = pageErrors
    pageErrors = []
    expect(errors).toEqual([])
  })

  const outbox = async (): Promise<OutboxItem[]> => {
    const response = await fetch(`${url}/dev/outbox.json`)
    return ((await response.json()) as { items: OutboxItem[] }).items
  }

  const stack: Stack = {
    get url() {
      return url
    },
    get browser() {
      if (!browser) throw new Error('The browser is not started')
      return browser
    },
    async openPage(path, options = {}) {
      await context?.close()
      context = await stack.browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 900 },
        locale: 'nl-NL',
        acceptDownloads: true,
      })
      if (options.as) {
        const session = await stack.session(options.as)
        // Once per tab, as the app itself would have stored it after signing in.
        await context.addInitScript((value: string) => {
          if (sessionStorage.getItem('e2e.seeded')) return
          sessionStorage.setItem('e2e.seeded', '1')
          sessionStorage.setItem('buurtbeurs.session', value)
        }, JSON.stringify(session))
      }
      const page = await context.newPage()
      page.on('pageerror', (error) => pageErrors.push(error.message))
      await page.goto(`${url}${path}`)
      return page
    },
    async closeContext() {
      await context?.close()
      context = undefined
    },
    async expectFits(paths, options = {}) {
      // 200% zoom of a 1280 px window lays out like a 640 px window.
      for (const viewport of [
        { width: 360, height: 740 },
        { width: 640, height: 450 },
      ]) {
        const page = await stack.openPage('/', { viewport, ...(options.as ? { as: options.as } : {}) })
        await waitForPage(page, 'Samen helpen')
        for (const path of paths) {
          await page.goto(`${url}${path}`)
          await page.waitForFunction(() => document.querySelector('main h1') && !document.querySelector('[aria-busy]'))
          expect(await scrollWidth(page), `${path} at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width)
        }
        await options.alsoCheck?.(page, viewport.width)
        if (options.screenshot && viewport.width === 360) {
          await page.screenshot({ path: join(tmpdir(), options.screenshot), fullPage: false })
        }
        await stack.closeContext()
      }
    },
    async outboxIds() {
      return new Set((await outbox()).map((item) => item.id))
    },
    async readCode(address, seen) {
      const to = address.trim().toLowerCase()
      for (let attempt = 0; attempt < 50; attempt++) {
        const message = (await outbox()).find((item) => item.to === to && !seen.has(item.id))
        const code = message?.text.match(/\b(\d{6})\b/)?.[1]
        if (code) return code
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`No code arrived for ${address}`)
    },
    session(address) {
      let session = sessions.get(address)
      if (!session) {
        session = (async () => {
          const seen = await stack.outboxIds()
          const sent = await stack.api('/api/auth/code', {
            method: 'POST',
            json: { communityId: 'lindeveen', address },
          })
          if (sent.status !== 202) throw new Error(`Code request for ${address}: ${sent.status}`)
          const code = await stack.readCode(address, seen)
          const verified = await stack.api<Session>('/api/auth/verify', {
            method: 'POST',
            json: { communityId: 'lindeveen', address, code },
          })
          if (verified.status !== 200) throw new Error(`Verify for ${address}: ${verified.status}`)
          return verified.body
        })()
        sessions.set(address, session)
      }
      return session
    },
    async api<T>(path: string, options: { as?: string; method?: string; json?: unknown } = {}) {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (options.json !== undefined) headers['content-type'] = 'application/json'
      if (options.as) headers.authorization = `Bearer ${(await stack.session(options.as)).token}`
      const response = await fetch(`${url}${path}`, {
        method: options.method ?? 'GET',
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
      })
      return { status: response.status, body: (await response.json()) as T }
    },
    async drainWorkers(timeoutMs = 30_000) {
      await Promise.all(workers.map((worker) => worker.drain(timeoutMs)))
      await notify?.drain()
    },
    async runFollowUps(at) {
      await stack.drainWorkers()
      workerNow = at
      try {
        const { services } = await depsFromConfig(configFromEnv(), { ...systemRuntime, now: () => at }, everyService)
        await runFollowUps(services)
        await stack.drainWorkers()
      } finally {
        workerNow = null
      }
    },
    async expectAccessible(page, label) {
      const violations = await axeViolations(page)
      expect(violations, `axe violations on ${label}:\n${violations.join('\n')}`).toEqual([])
    },
  }
  return stack
}

export const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
export const focusedTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName.toLowerCase() ?? '')
