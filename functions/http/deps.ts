import { randomBytes } from 'node:crypto'
import { createDocumentClient } from '../../shared/db/client'
import { createStores } from '../../shared/db/index'
import { createServices, type Services } from '../../shared/services/index'
import type { Runtime } from '../../shared/services/ports'

/** The real clock and 112-bit random ids (URL-safe, 19 characters). */
export const systemRuntime: Runtime = {
  now: () => new Date(),
  newId: () => randomBytes(14).toString('base64url'),
}

export interface HandlerConfig {
  tableName: string
  dynamoEndpoint?: string | undefined
  devIdentity: boolean
  defaultDevMember: string | undefined
}

/** Reads the function's configuration from its environment (set by CDK, or by the local gateway). */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env): HandlerConfig => {
  const tableName = env.TABLE_NAME
  if (!tableName) throw new Error('TABLE_NAME is not set')
  return {
    tableName,
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    devIdentity: env.BUURTBEURS_DEV_IDENTITY === 'on',
    defaultDevMember: env.BUURTBEURS_DEV_DEFAULT_MEMBER || undefined,
  }
}

export interface Deps {
  services: Services
  config: HandlerConfig
}

/**
 * Built on the first request and kept for the life of the Lambda container (or the local
 * process), so the SDK client is created once per cold start.
 */
export const lazyDeps = (build: () => Deps = () => depsFromConfig(configFromEnv())): (() => Deps) => {
  let deps: Deps | undefined
  return () => {
    deps ??= build()
    return deps
  }
}

export const depsFromConfig = (config: HandlerConfig, runtime: Runtime = systemRuntime): Deps => {
  const db = createDocumentClient({ endpoint: config.dynamoEndpoint })
  return { config, services: createServices(createStores(db, config.tableName), runtime) }
}
