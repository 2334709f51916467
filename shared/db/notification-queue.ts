import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs'
import type { NotificationJob } from '../schemas/match'
import type { NotificationQueue } from '../services/ports'

/** SQS takes at most 10 messages per batch call. */
const sqsBatchSize = 10
/** SQS delays a message at most 15 minutes; a job due later is held again by the worker when it comes. */
export const maxDelaySeconds = 900

const notBeforeOf = (job: NotificationJob): string | null => (job.kind === 'notify' ? job.notBefore : null)

/** Seconds SQS should keep a job out of sight: until its `notBefore`, at most 15 minutes. */
export const delaySecondsFor = (job: NotificationJob, now: Date): number => {
  const notBefore = notBeforeOf(job)
  if (!notBefore) return 0
  const seconds = Math.ceil((Date.parse(notBefore) - now.getTime()) / 1000)
  return Math.min(maxDelaySeconds, Math.max(0, seconds))
}

/**
 * The notification queue in AWS: one SQS message per job, sent in batches of 10. A job whose
 * `notBefore` lies more than 15 minutes ahead comes back after 15 minutes, and the notify
 * worker puts it back again until it is due (it holds it; that costs a few messages a night).
 */
export const createSqsNotificationQueue = (
  sqs: SQSClient,
  queueUrl: string,
  now: () => Date = () => new Date(),
): NotificationQueue => ({
  async enqueue(jobs) {
    for (let start = 0; start < jobs.length; start += sqsBatchSize) {
      const chunk = jobs.slice(start, start + sqsBatchSize)
      const at = now()
      const entries: SendMessageBatchRequestEntry[] = chunk.map((job, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(job),
        DelaySeconds: delaySecondsFor(job, at),
      }))
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }))
      const failed = result.Failed ?? []
      if (failed.length > 0) {
        // The job ids only: the message text may hold an address or a sign-in code.
        const which = failed.map((f) => `${chunk[Number(f.Id)]?.id ?? f.Id}: ${f.Code ?? 'error'}`).join(', ')
        throw new Error(`The notification queue refused ${failed.length} of ${chunk.length} jobs (${which})`)
      }
    }
  },
})

/** The SQS queue of a Lambda function, with a client made once per cold start (the function's region and role). */
export const connectSqsNotificationQueue = (queueUrl: string): NotificationQueue =>
  createSqsNotificationQueue(new SQSClient({}), queueUrl)

/**
 * One message of a folder queue, as a JSON file. What SQS keeps about a message, in the file:
 * the body as text, when it becomes visible, and how often it was received.
 */
export interface QueueFile {
  messageId: string
  /** The job as JSON text, as an SQS message body. */
  body: string
  sentAt: string
  /** Not handed to a worker before this moment; null: at once. */
  visibleAt: string | null
  receiveCount: number
  firstReceivedAt: string | null
}

const fileName = (file: QueueFile) => `${file.sentAt.replace(/[:.]/g, '-')}-${file.messageId}.json`

/** Writes a queue file whole or not at all (a reader never sees half a file): a temporary name, then a rename. */
export const writeQueueFile = async (dir: string, file: QueueFile, name = fileName(file)): Promise<string> => {
  await mkdir(dir, { recursive: true })
  const temporary = join(dir, `.${name}.${randomUUID()}.tmp`)
  await writeFile(temporary, JSON.stringify(file))
  await rename(temporary, join(dir, name))
  return name
}

/** The messages in a queue folder, oldest first, each with its file name. */
export const readQueueFiles = async (dir: string): Promise<{ name: string; file: QueueFile }[]> => {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(
    (n) => n.endsWith('.json') && !n.startsWith('.'),
  )
  const files = await Promise.all(
    names.map(async (name) => {
      // Deleted by a runner in between: skip it.
      const text = await readFile(join(dir, name), 'utf8').catch(() => undefined)
      return text === undefined ? [] : [{ name, file: JSON.parse(text) as QueueFile }]
    }),
  )
  return files.flat().sort((a, b) => a.file.sentAt.localeCompare(b.file.sentAt) || a.name.localeCompare(b.name))
}

export const deleteQueueFile = async (dir: string, name: string): Promise<void> => {
  await unlink(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}

/**
 * The notification queue on this machine: a folder with one JSON file per job, read by the
 * local queue runner (scripts/lib/local-queue.ts) as Lambda reads SQS. A job whose `notBefore`
 * lies ahead stays in the folder until it is due. Enqueuing the same job twice gives two files,
 * as it gives two SQS messages: the worker sends it once.
 */
export const createFolderNotificationQueue = (dir: string, now: () => Date = () => new Date()): NotificationQueue => ({
  async enqueue(jobs) {
    for (const job of jobs) {
      await writeQueueFile(dir, {
        messageId: randomUUID(),
        body: JSON.stringify(job),
        sentAt: now().toISOString(),
        visibleAt: notBeforeOf(job),
        receiveCount: 0,
        firstReceivedAt: null,
      })
    }
  },
})
