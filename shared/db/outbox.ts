import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { Outbox, OutgoingMessage } from '../services/ports'
import { keys } from './keys'

export interface OutboxFile extends OutgoingMessage {
  id: string
  at: string
}

/**
 * The local outbox: every e-mail and SMS becomes a JSON file that a developer (and a test) can
 * read, listed at /dev/outbox by the local gateway. Real delivery comes with notifications.
 */
export const createFileOutbox = (dir: string): Outbox => ({
  async send(message, now) {
    await mkdir(dir, { recursive: true })
    const at = now.toISOString()
    const id = randomBytes(6).toString('hex')
    const file: OutboxFile = { id, at, ...message }
    await writeFile(join(dir, `${at.replace(/[:.]/g, '-')}-${id}.json`), JSON.stringify(file, null, 2))
  },
})

/** The local outbox's messages, newest first. */
export const readOutbox = async (dir: string): Promise<OutboxFile[]> => {
  const names = await readdir(dir).catch(() => [] as string[])
  const files = await Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as OutboxFile),
  )
  return files.sort((a, b) => b.at.localeCompare(a.at))
}

/**
 * In AWS, until the notifications issue adds SES and SMS delivery, messages are kept as items in
 * the member's partition for a week (so erasing the member erases them too).
 */
export const createTableOutbox = (db: DynamoDBDocumentClient, table: string): Outbox => ({
  async send(message, now) {
    const at = now.toISOString()
    const id = randomBytes(6).toString('hex')
    const owner = message.memberId ?? 'unknown'
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.outboxMessage(message.communityId, owner, at, id),
          entity: 'outbox',
          ...message,
          at,
          expiresAt: Math.floor(now.getTime() / 1000) + 7 * 24 * 60 * 60,
        },
      }),
    )
  },
})
