import { fileURLToPath } from 'node:url'

/** Absolute path of the repository root; `entry` paths in `functions/routes.ts` are relative to it. */
export const repoRoot = fileURLToPath(new URL('../', import.meta.url))
