/**
 * `npm run bench:assignment`: the Beursvloer's assignment solvers against their peers, side by
 * side in one run on the same matrices: our dense and sparse solvers, the npm package
 * `linear-sum-assignment`, and `scipy.optimize.linear_sum_assignment` through python3 (when
 * scipy is installed). Prints solve times (median after a warm-up), totals, ratios, and the
 * greedy-to-optimal quality of first come, first served. Figures only: nothing here fails on time.
 *
 * Instances:
 * - dense random: uniform integer costs 0–999, minimised (the classic benchmark);
 * - event: needs × offers from the event generator below: 80–95% of pairs infeasible (another
 *   corner, or the same participant), offers with quantities 1–5, integer scores 1–100,
 *   maximised, a need may stay unmatched. Dense solvers get the same problem expanded: one column
 *   per unit of an offer, a large cost for an infeasible pair and a zero-cost "unmatched" column
 *   per need.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { linearSumAssignment } from 'linear-sum-assignment'
import { type SparseProblem, solveDense, solveGreedy, solveSparse } from '../shared/domain/assignment'

const args = process.argv.slice(2)
const sizes = (args.includes('--quick') ? [100, 500, 1000] : [100, 500, 1000, 2000]) as number[]
/** The npm package is slow on big matrices: run it up to this size only. */
const npmLimit = 1000

/** A small seeded PRNG (mulberry32), so every run solves the same instances. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const runsFor = (n: number) => (n <= 500 ? 7 : n <= 1000 ? 5 : 3)

const time = <T>(runs: number, fn: () => T): { ms: number; result: T } => {
  let result = fn() // warm-up (and the JIT)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    result = fn()
    times.push(performance.now() - started)
  }
  return { ms: median(times), result }
}

/** The event generator: needs and offers in six corners, each participant bringing a few of each. */
const eventInstance = (n: number, infeasibleShare: number, seed: number): SparseProblem => {
  const next = random(seed)
  const corners = Math.max(1, Math.round(1 / (1 - infeasibleShare)))
  const participants = Math.max(2, Math.floor(n / 2))
  const needCorner = Int32Array.from({ length: n }, () => Math.floor(next() * corners))
  const needOwner = Int32Array.from({ length: n }, () => Math.floor(next() * participants))
  const offerCorner = Int32Array.from({ length: n }, () => Math.floor(next() * corners))
  const offerOwner = Int32Array.from({ length: n }, () => Math.floor(next() * participants))
  const capacity = Int32Array.from({ length: n }, () => 1 + Math.floor(next() * 5))
  const rows: number[] = []
  const cols: number[] = []
  const scores: number[] = []
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (needCorner[r] !== offerCorner[c] || needOwner[r] === offerOwner[c]) continue
      rows.push(r)
      cols.push(c)
      scores.push(1 + Math.floor(next() * 100))
    }
  return {
    rows: n,
    cols: n,
    capacity,
    edgeRow: Int32Array.from(rows),
    edgeCol: Int32Array.from(cols),
    edgeScore: Float64Array.from(scores),
  }
}

/** The same event problem as a dense minimisation: unit columns per offer, and an "unmatched" column per need. */
const expand = (p: SparseProblem): { cost: Float64Array; rows: number; cols: number } => {
  const unitStart = new Int32Array(p.cols + 1)
  for (let c = 0; c < p.cols; c++) unitStart[c + 1] = (unitStart[c] as number) + (p.capacity[c] as number)
  const units = unitStart[p.cols] as number
  const cols = units + p.rows
  const forbidden = 1e6
  const cost = new Float64Array(p.rows * cols).fill(forbidden)
  for (let r = 0; r < p.rows; r++) cost[r * cols + units + r] = 0
  for (let k = 0; k < p.edgeRow.length; k++) {
    const r = p.edgeRow[k] as number
    const c = p.edgeCol[k] as number
    for (let u = unitStart[c] as number; u < (unitStart[c + 1] as number); u++)
      cost[r * cols + u] = -(p.edgeScore[k] as number)
  }
  return { cost, rows: p.rows, cols }
}

const scipyVersion = (() => {
  const probe = spawnSync('python3', ['-c', 'import scipy, numpy; print(scipy.__version__)'], { encoding: 'utf8' })
  return probe.status === 0 ? probe.stdout.trim() : null
})()

interface ScipyJob {
  file: string
  rows: number
  cols: number
  maximize: boolean
  runs: number
}
const folder = mkdtempSync(join(tmpdir(), 'buurtbeurs-assignment-'))
const scipy = (jobs: ScipyJob[]): { ms: number; total: number }[] | null => {
  if (!scipyVersion || jobs.length === 0) return null
  const output = execFileSync('python3', [join(import.meta.dirname, 'assignment-scipy.py')], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  return JSON.parse(output) as { ms: number; total: number }[]
}
const writeMatrix = (name: string, cost: Float64Array) => {
  const file = join(folder, name)
  writeFileSync(file, Buffer.from(cost.buffer, cost.byteOffset, cost.byteLength))
  return file
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0))
const ratio = (a: number, b: number | undefined) => (b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`)

try {
  console.log(
    `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs; Node ${process.version}; scipy ${scipyVersion ?? 'not installed (column skipped)'}\n`,
  )

  // Dense random instances, minimised.
  const denseRows: string[] = []
  const denseJobs: ScipyJob[] = []
  const denseResults: { n: number; ours: { ms: number; total: number }; npm: { ms: number; total: number } | null }[] =
    []
  for (const n of sizes) {
    const next = random(n)
    const cost = Float64Array.from({ length: n * n }, () => Math.floor(next() * 1000))
    const runs = runsFor(n)
    const ours = time(runs, () => solveDense(cost, n, n))
    let npm: { ms: number; total: number } | null = null
    if (n <= npmLimit) {
      const matrix = Array.from({ length: n }, (_, r) => Array.from(cost.subarray(r * n, r * n + n)))
      const run = time(Math.min(runs, 3), () => linearSumAssignment(matrix, { maximaze: false }))
      let total = 0
      run.result.rowAssignments.forEach((c, r) => {
        if (c >= 0) total += cost[r * n + c] as number
      })
      npm = { ms: run.ms, total }
    }
    denseResults.push({ n, ours: { ms: ours.ms, total: ours.result.total }, npm })
    denseJobs.push({ file: writeMatrix(`dense-${n}.bin`, cost), rows: n, cols: n, maximize: false, runs })
  }
  const denseScipy = scipy(denseJobs)
  denseResults.forEach(({ n, ours, npm }, i) => {
    const sp = denseScipy?.[i]
    const optimum = sp ? (Math.abs(sp.total - ours.total) < 1e-6 ? 'yes' : `NO (${sp.total})`) : '–'
    denseRows.push(
      `| ${n}×${n} | ${fmt(ours.ms)} ms | ${npm ? `${fmt(npm.ms)} ms` : 'skipped'} | ${sp ? `${fmt(sp.ms)} ms` : '–'} | ${ours.total} | ${optimum}${npm && Math.abs(npm.total - ours.total) > 1e-6 ? ` (npm total ${npm.total})` : ''} | ${ratio(ours.ms, sp?.ms)} | ${npm ? ratio(ours.ms, npm.ms) : '–'} |`,
    )
  })
  console.log('Dense random instances (uniform integer costs 0–999, minimised)\n')
  console.log(
    '| size | ours (solveDense) | npm linear-sum-assignment | scipy | total | same total as scipy | ours ÷ scipy | ours ÷ npm |',
  )
  console.log('|---|---:|---:|---:|---:|---|---:|---:|')
  for (const row of denseRows) console.log(row)

  // Event instances: sparse, with quantities, maximised.
  console.log('\nEvent instances (needs × offers, quantities 1–5, scores 1–100, maximised, unmatched allowed)\n')
  console.log(
    '| size | infeasible pairs | ours sparse (solveSparse) | ours dense (expanded) | scipy (expanded) | optimum | same as scipy | sparse ÷ scipy | greedy ÷ optimum |',
  )
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---:|')
  const eventJobs: ScipyJob[] = []
  const eventResults: {
    label: string
    infeasible: number
    sparse: { ms: number; total: number }
    dense: { ms: number; total: number } | null
    greedy: number
  }[] = []
  for (const n of sizes) {
    for (const share of [0.8, 0.95]) {
      const problem = eventInstance(n, share, n * 100 + Math.round(share * 100))
      const runs = runsFor(n)
      const sparse = time(runs, () => solveSparse(problem))
      const greedy = solveGreedy(problem).total
      const expanded = expand(problem)
      // The expanded matrix has up to 4n columns: keep the dense runs to what finishes in seconds.
      const dense =
        n <= 1000 ? time(Math.min(runs, 3), () => solveDense(expanded.cost, expanded.rows, expanded.cols)) : null
      eventResults.push({
        label: `${n}×${n}`,
        infeasible: 1 - problem.edgeRow.length / (n * n),
        sparse: { ms: sparse.ms, total: sparse.result.total },
        dense: dense ? { ms: dense.ms, total: -dense.result.total } : null,
        greedy,
      })
      eventJobs.push({
        file: writeMatrix(`event-${n}-${share}.bin`, expanded.cost),
        rows: expanded.rows,
        cols: expanded.cols,
        maximize: false,
        runs: Math.min(runs, 3),
      })
    }
  }
  const eventScipy = scipy(eventJobs)
  eventResults.forEach((e, i) => {
    const sp = eventScipy?.[i]
    const same = sp ? (Math.abs(-sp.total - e.sparse.total) < 1e-6 ? 'yes' : `NO (${-sp.total})`) : '–'
    console.log(
      `| ${e.label} | ${(e.infeasible * 100).toFixed(0)}% | ${fmt(e.sparse.ms)} ms | ${e.dense ? `${fmt(e.dense.ms)} ms` : 'skipped'} | ${sp ? `${fmt(sp.ms)} ms` : '–'} | ${e.sparse.total} | ${same}${e.dense && Math.abs(e.dense.total - e.sparse.total) > 1e-6 ? ` (dense ${e.dense.total})` : ''} | ${ratio(e.sparse.ms, sp?.ms)} | ${(e.greedy / e.sparse.total).toFixed(3)} |`,
    )
  })
  console.log(
    '\nTimes are medians after a warm-up, solve only (scipy: inside Python, I/O excluded). "greedy ÷ optimum": the total score of first come, first served (needs in order, each taking its best offer with room) over the optimum.',
  )
} finally {
  rmSync(folder, { recursive: true, force: true })
}
