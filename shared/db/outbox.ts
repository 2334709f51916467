import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { normalizeAddress } from '../domain/auth'
import type { NotificationQueue, Outbox, OutgoingMessage } from '../services/ports'

export interface OutboxFile extends OutgoingMessage {
  id: string
  at: string
}

/**
 * The local outbox: every e-mail and SMS becomes a JSON file that a developer (and a test) can
 * read, listed at /dev/outbox by the local gateway. In AWS, {@link createAwsOutbox} sends them.
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

/** The sender id an SMS shows where the network allows one (in the Netherlands it does). */
export const smsSenderId = 'Buurtbeurs'

/**
 * Sends for real, in the notify worker in AWS: e-mail with SES (v2) from `fromAddress` (a
 * verified identity), SMS with SNS as a transactional message (delivered even to numbers that
 * opted out of promotional messages, with priority) under the sender id "Buurtbeurs". An SMS
 * carries the text only: the subject is for e-mail.
 */
export const createAwsOutbox = (options: {
  sesClient: SESv2Client
  snsClient: SNSClient
  fromAddress: string
}): Outbox => ({
  async send(message) {
    if (message.channel === 'email') {
      await options.sesClient.send(
        new SendEmailCommand({
          FromEmailAddress: options.fromAddress,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            },
          },
        }),
      )
      return
    }
    // SNS wants E.164 (+31612345678); the member may have typed 06-12345678.
    const phone = normalizeAddress(message.to)
    if (phone?.kind !== 'phone') throw new Error('Not a phone number: cannot send this SMS')
    await options.snsClient.send(
      new PublishCommand({
        PhoneNumber: phone.value,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: smsSenderId },
        },
      }),
    )
  },
})

/** The AWS outbox with clients made once per cold start (the function's region and role). */
export const connectAwsOutbox = (fromAddress: string): Outbox =>
  createAwsOutbox({ sesClient: new SESv2Client({}), snsClient: new SNSClient({}), fromAddress })

/**
 * An outbox that hands the message to the notification queue (a job of kind `message`) and
 * returns: the API functions in AWS use it, so a request never waits on SES or SNS, and the
 * notify worker sends the message (with retries and a dead-letter queue) at once.
 */
export const createQueuedOutbox = (queue: NotificationQueue): Outbox => ({
  async send(message) {
    await queue.enqueue([{ kind: 'message', id: `message-${randomUUID()}`, message }])
  },
})
