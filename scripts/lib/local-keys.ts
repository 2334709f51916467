import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The local key secret (in AWS it is a Secrets Manager secret made by the CDK stack): made on
 * first start under the data folder, readable by this user only, and kept so sessions and
 * sign-in addresses survive a restart.
 */
export const localKeys = (dataDir: string): string => {
  const file = join(dataDir, 'keys.json')
  try {
    const { secret } = JSON.parse(readFileSync(file, 'utf8')) as { secret?: unknown }
    if (typeof secret === 'string' && secret.length >= 32) return secret
  } catch {
    // not there yet: make one below
  }
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, JSON.stringify({ secret }, null, 2), { mode: 0o600 })
  return secret
}

/** A throwaway key secret for tests and benchmarks. */
export const throwawayKeys = (): string => randomBytes(48).toString('base64url')
