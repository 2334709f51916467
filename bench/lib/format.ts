/** Small helpers shared by the bench scripts: units, percentiles and plain-text tables. */
import { loadavg } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Bytes as KB (1 KB = 1024 bytes, as the budgets and `npm run build:web` count them). */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

/** A figure against its budget. */
export const verdict = (withinBudget: boolean): string => (withinBudget ? 'PASS' : 'OVER')

export const ms = (value: number): string => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`

/** Nearest-rank percentile (`p` from 0 to 100) of unsorted samples. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}

export const median = (samples: readonly number[]): number => percentile(samples, 50)

/** A plain-text table with the first column left-aligned and the others right-aligned. */
export const textTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}

/** A Markdown table; columns after the first are right-aligned. */
export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  const rule = `|${header.map((_, column) => (column === 0 ? '---' : '---:')).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** True when `moduleUrl` is the script node was started with (not imported by another). */
export const isMain = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl)

/** The 1-minute load average: other work on the machine skews timings, so the output reports it. */
export const loadAverage = (): number => loadavg()[0] ?? 0
