/**
 * The local API gateway in a child process (bench/lib/api-server.ts), so a load generator does
 * not share an event loop with the server it measures. Used by bench/api-load.ts and
 * bench/lifecycle-reliability.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { repoRoot } from './format'

export interface ServerProcessOptions {
  dynamoEndpoint: string
  tableName: string
  keys: string
  outboxDir: string
  /** Also run every event worker in the child, with its queues and dead letters here. */
  workersDataDir?: string
  /** Expected refusals are logged at info level: leave them out of the output. */
  quietInfo?: boolean
}

export const startServerProcess = (options: ServerProcessOptions): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/lib/api-server.ts')], {
      cwd: repoRoot,
      stdio: ['ignore', options.quietInfo ? 'pipe' : 'inherit', options.quietInfo ? 'pipe' : 'inherit', 'ipc'],
      env: {
        ...process.env,
        BENCH_DYNAMO_ENDPOINT: options.dynamoEndpoint,
        BENCH_TABLE_NAME: options.tableName,
        BENCH_KEYS: options.keys,
        BENCH_OUTBOX_DIR: options.outboxDir,
        ...(options.workersDataDir ? { BENCH_DATA_DIR: options.workersDataDir, BENCH_WORKERS: '1' } : {}),
      },
    })
    if (options.quietInfo) {
      for (const stream of [child.stdout, child.stderr]) {
        let rest = ''
        stream?.setEncoding('utf8')
        stream?.on('data', (chunk: string) => {
          const lines = (rest + chunk).split('\n')
          rest = lines.pop() ?? ''
          for (const line of lines) if (line.trim() !== '' && !line.includes('"level":"info"')) console.error(line)
        })
      }
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the local API server did not start within 60 seconds'))
    }, 60_000)
    child.once('message', (message: { url: string }) => {
      clearTimeout(timer)
      resolve({ url: message.url, child })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the local API server stopped while starting (exit code ${code})`))
    })
  })

export const stopServerProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.send('stop')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
