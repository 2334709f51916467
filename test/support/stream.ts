import { type StreamRunner, type StreamRunnerOptions, startStreamRunner } from '../../scripts/lib/local-stream'

export interface TestStreamRunner {
  runner: StreamRunner
  /** The runner's log lines (problems and dead letters), kept instead of printed. */
  logLines: string[]
  stop(): Promise<void>
}

/**
 * Starts the local stream runner on a test table (from `createTestTable()`), polling every 50 ms
 * and keeping its log. It reads from the start of the table's stream, so give each test that
 * counts changes a table of its own. Wait with `runner.drain()`, never with a sleep.
 */
export const startTestStreamRunner = async (
  table: { endpoint: string; tableName: string },
  options: Omit<StreamRunnerOptions, 'endpoint' | 'tableName'>,
): Promise<TestStreamRunner> => {
  const logLines: string[] = []
  const runner = await startStreamRunner({
    pollMs: 50,
    log: (line) => logLines.push(line),
    ...options,
    endpoint: table.endpoint,
    tableName: table.tableName,
  })
  return { runner, logLines, stop: () => runner.stop() }
}
