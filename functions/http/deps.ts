import { randomBytes, randomInt } from 'node:crypto'
import { join } from 'node:path'
import { createDocumentClient } from '../../shared/db/client'
import { createStores } from '../../shared/db/index'
import { connectSqsNotificationQueue, createFolderNotificationQueue } from '../../shared/db/notification-queue'
import { createFileOutbox, createQueuedOutbox } from '../../shared/db/outbox'
import { readSecret } from '../../shared/db/secrets'
import { formatCode } from '../../shared/domain/auth'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { createServices, type OptionalServices, type Services } from '../../shared/services/index'
import type { NotificationQueue, Outbox, Runtime } from '../../shared/services/ports'
import { eventWorkers } from '../workers'

/** The real clock, 112-bit random ids (URL-safe, 19 characters) and uniform six-digit codes. */
export const systemRuntime: Runtime = {
  now: () => new Date(),
  newId: () => randomBytes(14).toString('base64url'),
  newCode: () => formatCode(randomInt(1_000_000)),
}

export interface HandlerConfig {
  tableName: string
  dynamoEndpoint?: string | undefined
  /** The key secret itself (local) … */
  keys?: string | undefined
  /** … or the Secrets Manager secret that holds it (AWS). */
  keysSecretArn?: string | undefined
  /** Locally, messages go to files in this folder (at once, also sign-in codes). */
  outboxDir?: string | undefined
  /** AWS: the SQS queue of notification jobs (`BUURTBEURS_NOTIFICATION_QUEUE_URL`) … */
  notificationQueueUrl?: string | undefined
  /** … or locally the folder that holds a folder per queue (`BUURTBEURS_QUEUE_DIR`, e.g. `.data/queues`). */
  queueDir?: string | undefined
  /** The From address of e-mail: an identity verified in SES (`BUURTBEURS_MAIL_FROM`). */
  mailFrom?: string | undefined
  /** The site's origin, for the links in messages (`BUURTBEURS_SITE_URL`). */
  siteUrl?: string | undefined
}

/** Reads the function's configuration from its environment (set by CDK, or by the local gateway). */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): HandlerConfig => {
  const tableName = env.TABLE_NAME
  if (!tableName) throw new Error('TABLE_NAME is not set')
  if (!env.BUURTBEURS_KEYS && !env.BUURTBEURS_KEYS_SECRET_ARN) {
    throw new Error('Set BUURTBEURS_KEYS (local) or BUURTBEURS_KEYS_SECRET_ARN (AWS)')
  }
  return {
    tableName,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    keys: env.BUURTBEURS_KEYS || undefined,
    keysSecretArn: env.BUURTBEURS_KEYS_SECRET_ARN || undefined,
    outboxDir: env.BUURTBEURS_OUTBOX_DIR || undefined,
    notificationQueueUrl: env.BUURTBEURS_NOTIFICATION_QUEUE_URL || undefined,
    queueDir: env.BUURTBEURS_QUEUE_DIR || undefined,
    mailFrom: env.BUURTBEURS_MAIL_FROM || undefined,
    siteUrl: env.BUURTBEURS_SITE_URL || undefined,
  }
}

/** The notification queue of this function: SQS in AWS, a folder locally; none if neither is configured. */
export const notificationQueueFrom = (config: HandlerConfig): NotificationQueue | undefined => {
  if (config.notificationQueueUrl) return connectSqsNotificationQueue(config.notificationQueueUrl)
  if (config.queueDir) return createFolderNotificationQueue(join(config.queueDir, eventWorkers.notify.trigger.queue))
  return undefined
}

/** How a function that is not the notify worker sends: nothing configured means it cannot. */
const unconfiguredOutbox: Outbox = {
  send: async () => {
    throw new Error('No outbox: set BUURTBEURS_OUTBOX_DIR (local) or BUURTBEURS_NOTIFICATION_QUEUE_URL (AWS)')
  },
}

/** Options of {@link depsFromConfig}. */
export interface DepsOptions {
  /**
   * The outbox that really sends (the notify worker passes SES and SNS): only its bundle
   * carries those clients. Unused when `outboxDir` is set (locally every message is a file).
   */
  sendingOutbox?: (config: HandlerConfig) => Outbox
}

export interface Deps {
  services: Services
  config: HandlerConfig
}

export const depsFromConfig = async (
  config: HandlerConfig,
  runtime: Runtime = systemRuntime,
  optional: OptionalServices = {},
  options: DepsOptions = {},
): Promise<Deps> => {
  const db = createDocumentClient({ endpoint: config.dynamoEndpoint })
  const secret = config.keys ?? (await readSecret(config.keysSecretArn ?? ''))
  const notificationQueue = optional.notificationQueue ?? notificationQueueFrom(config)
  // Locally every message is a file at once (sign-in codes too). In AWS the notify worker sends
  // with SES and SNS; every other function queues the message for it, so no request waits on delivery.
  const outbox = config.outboxDir
    ? createFileOutbox(config.outboxDir)
    : options.sendingOutbox
      ? options.sendingOutbox(config)
      : notificationQueue
        ? createQueuedOutbox(notificationQueue)
        : unconfiguredOutbox
  const services = createServices(
    createStores(db, config.tableName),
    runtime,
    createCredentials(deriveKeys(secret)),
    outbox,
    {
      ...optional,
      ...(notificationQueue ? { notificationQueue } : {}),
      siteUrl: optional.siteUrl ?? config.siteUrl,
    },
  )
  return { config, services }
}

/**
 * Built on the first request and kept for the life of the Lambda container (or the local
 * process): the SDK client and the keys are fetched once per cold start. A failed start is
 * not cached, so the next request tries again.
 */
export const lazyDeps = (build: () => Promise<Deps> = () => depsFromConfig(configFromEnv())): (() => Promise<Deps>) => {
  let deps: Promise<Deps> | undefined
  return () => {
    deps ??= build().catch((error: unknown) => {
      deps = undefined
      throw error
    })
    return deps
  }
}

/** {@link lazyDeps} for a function that wires the optional use cases it needs (and only those). */
export const lazyDepsWith = (optional: OptionalServices): (() => Promise<Deps>) =>
  lazyDeps(() => depsFromConfig(configFromEnv(), systemRuntime, optional))
