import { randomBytes, randomInt } from 'node:crypto'
import { createDocumentClient } from '../../shared/db/client'
import { createStores } from '../../shared/db/index'
import { createFileOutbox, createTableOutbox } from '../../shared/db/outbox'
import { readSecret } from '../../shared/db/secrets'
import { formatCode } from '../../shared/domain/auth'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { createServices, type OptionalServices, type Services } from '../../shared/services/index'
import type { Runtime } from '../../shared/services/ports'

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
  /** Locally, messages go to files in this folder; otherwise to the table. */
  outboxDir?: string | undefined
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
  }
}

export interface Deps {
  services: Services
  config: HandlerConfig
}

export const depsFromConfig = async (
  config: HandlerConfig,
  runtime: Runtime = systemRuntime,
  optional: OptionalServices = {},
): Promise<Deps> => {
  const db = createDocumentClient({ endpoint: config.dynamoEndpoint })
  const secret = config.keys ?? (await readSecret(config.keysSecretArn ?? ''))
  const outbox = config.outboxDir ? createFileOutbox(config.outboxDir) : createTableOutbox(db, config.tableName)
  const services = createServices(
    createStores(db, config.tableName),
    runtime,
    createCredentials(deriveKeys(secret)),
    outbox,
    optional,
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
