/**
 * Exact assignment solvers for the Beursvloer's optimal proposals (pure; no I/O, no clock).
 *
 * Both exact solvers are the shortest augmenting path method of Jonker and Volgenant in the
 * form Crouse (2016) describes and `scipy.optimize.linear_sum_assignment` implements: rows are
 * added one at a time; a Dijkstra search over reduced costs (kept non-negative by row and column
 * potentials) finds the cheapest way to fit the new row in, moving earlier rows along the way.
 * `solveDense` does this on a full matrix; `solveSparse` walks only the feasible pairs (an event
 * has 80–95% infeasible pairs: other corner, same participant), lets a column take up to its
 * capacity (an offer serves several needs) and lets a row stay unassigned (a private zero-cost
 * column per row), which is exactly a maximum-weight b-matching.
 */

/**
 * A sparse maximum-weight problem: rows (needs) take at most one column (offer), a column takes
 * at most `capacity[col]` rows, only the listed edges are allowed, a row may stay unassigned.
 * Edge `k` joins `edgeRow[k]` and `edgeCol[k]` with `edgeScore[k]` (> 0).
 */
export interface SparseProblem {
  rows: number
  cols: number
  capacity: Int32Array
  edgeRow: Int32Array
  edgeCol: Int32Array
  edgeScore: Float64Array
}

export interface SparseSolution {
  /** The column of each row, or -1. */
  rowToCol: Int32Array
  /** The sum of the scores of the chosen edges. */
  total: number
}

/** A binary min-heap of (key, value) with lazy deletion: stale entries are skipped by the caller. */
class MinHeap {
  private keys = new Float64Array(64)
  private values = new Int32Array(64)
  size = 0

  clear(): void {
    this.size = 0
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2)
      keys.set(this.keys)
      this.keys = keys
      const values = new Int32Array(this.size * 2)
      values.set(this.values)
      this.values = values
    }
    let i = this.size++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((this.keys[parent] as number) <= key) break
      this.keys[i] = this.keys[parent] as number
      this.values[i] = this.values[parent] as number
      i = parent
    }
    this.keys[i] = key
    this.values[i] = value
  }

  /** The smallest key's value (its key is `lastKey`); -1 when empty. */
  lastKey = 0
  pop(): number {
    if (this.size === 0) return -1
    const top = this.values[0] as number
    this.lastKey = this.keys[0] as number
    const key = this.keys[--this.size] as number
    const value = this.values[this.size] as number
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= this.size) break
      if (child + 1 < this.size && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++
      if ((this.keys[child] as number) >= key) break
      this.keys[i] = this.keys[child] as number
      this.values[i] = this.values[child] as number
      i = child
    }
    this.keys[i] = key
    this.values[i] = value
    return top
  }
}

/** The exact optimum of a sparse problem (maximum total score). */
export const solveSparse = (problem: SparseProblem): SparseSolution => {
  const { rows, cols, capacity, edgeRow, edgeCol, edgeScore } = problem
  // Columns 0…cols-1 are real; column cols + r is row r's "stay unassigned" column (cost 0).
  const allCols = cols + rows
  // Adjacency of each row (CSR), costs = −score, plus its own zero-cost column last.
  // Edges into a column without room can never be used: leave them out (a full column with no rows
  // in it would otherwise stop the search).
  const usable = (k: number) => (capacity[edgeCol[k] as number] as number) > 0
  const start = new Int32Array(rows + 1)
  for (let k = 0; k < edgeRow.length; k++)
    if (usable(k)) {
      const at = (edgeRow[k] as number) + 1
      start[at] = (start[at] as number) + 1
    }
  for (let r = 0; r < rows; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number) + 1
  const adjCol = new Int32Array(start[rows] as number)
  const adjCost = new Float64Array(start[rows] as number)
  const fill = start.slice(0, rows)
  for (let k = 0; k < edgeRow.length; k++) {
    if (!usable(k)) continue
    const r = edgeRow[k] as number
    const at = fill[r] as number
    fill[r] = at + 1
    adjCol[at] = edgeCol[k] as number
    adjCost[at] = -(edgeScore[k] as number)
  }
  for (let r = 0; r < rows; r++) {
    const at = fill[r] as number
    adjCol[at] = cols + r
    adjCost[at] = 0
  }

  const cap = new Int32Array(allCols)
  cap.set(capacity.subarray(0, cols))
  cap.fill(1, cols)
  const load = new Int32Array(allCols)
  // The rows in each column, as linked lists (a column may hold several rows).
  const colHead = new Int32Array(allCols).fill(-1)
  const rowNext = new Int32Array(rows).fill(-1)
  const rowPrev = new Int32Array(rows).fill(-1)
  const col4row = new Int32Array(rows).fill(-1)
  const u = new Float64Array(rows)
  const v = new Float64Array(allCols)

  const detach = (r: number) => {
    const c = col4row[r] as number
    if (c < 0) return
    const prev = rowPrev[r] as number
    const next = rowNext[r] as number
    if (prev >= 0) rowNext[prev] = next
    else colHead[c] = next
    if (next >= 0) rowPrev[next] = prev
    load[c] = (load[c] as number) - 1
    col4row[r] = -1
  }
  const attach = (r: number, c: number) => {
    const head = colHead[c] as number
    rowNext[r] = head
    rowPrev[r] = -1
    if (head >= 0) rowPrev[head] = r
    colHead[c] = r
    load[c] = (load[c] as number) + 1
    col4row[r] = c
  }

  const dist = new Float64Array(allCols)
  const seen = new Int32Array(allCols).fill(-1) // stamp: dist valid for this round
  const done = new Int32Array(allCols).fill(-1) // stamp: column settled this round
  const pathRow = new Int32Array(allCols)
  const scannedRows = new Int32Array(rows)
  const settledCols = new Int32Array(allCols)
  const heap = new MinHeap()

  for (let current = 0; current < rows; current++) {
    heap.clear()
    let scanned = 0
    let settled = 0
    let minVal = 0
    let sink = -1
    let row = current
    let queue: number[] = []
    for (;;) {
      // Relax the edges of `row`, reached at distance minVal.
      scannedRows[scanned++] = row
      const ur = u[row] as number
      for (let at = start[row] as number, end = start[row + 1] as number; at < end; at++) {
        const c = adjCol[at] as number
        if (done[c] === current) continue
        const reduced = minVal + (adjCost[at] as number) - ur - (v[c] as number)
        if (seen[c] !== current || reduced < (dist[c] as number)) {
          seen[c] = current
          dist[c] = reduced
          pathRow[c] = row
          heap.push(reduced, c)
        }
      }
      // Rows of full columns settled at this distance are scanned before the next pop.
      const nextRow = queue.pop()
      if (nextRow !== undefined) {
        row = nextRow
        continue
      }
      let c = heap.pop()
      while (c >= 0 && (done[c] === current || heap.lastKey > (dist[c] as number))) c = heap.pop()
      if (c < 0) throw new Error('No augmenting path: every row has its own column, so this cannot happen')
      minVal = dist[c] as number
      done[c] = current
      settledCols[settled++] = c
      if ((load[c] as number) < (cap[c] as number)) {
        sink = c
        break
      }
      queue = []
      for (let r = colHead[c] as number; r >= 0; r = rowNext[r] as number) queue.push(r)
      row = queue.pop() as number
    }
    // Update the potentials so reduced costs stay non-negative, then augment along the path.
    u[current] = (u[current] as number) + minVal
    for (let k = 1; k < scanned; k++) {
      const r = scannedRows[k] as number
      u[r] = (u[r] as number) + minVal - (dist[col4row[r] as number] as number)
    }
    for (let k = 0; k < settled; k++) {
      const c = settledCols[k] as number
      if (c === sink) continue
      v[c] = (v[c] as number) - (minVal - (dist[c] as number))
    }
    let c = sink
    for (;;) {
      const r = pathRow[c] as number
      const previous = col4row[r] as number
      detach(r)
      attach(r, c)
      if (r === current) break
      c = previous
    }
  }

  const rowToCol = new Int32Array(rows)
  let total = 0
  // Scores read back from the edges, so the total is exact whatever the potentials did.
  const best = new Map<number, number>()
  for (let k = 0; k < edgeRow.length; k++) {
    const r = edgeRow[k] as number
    if (col4row[r] === edgeCol[k]) {
      const key = r
      const score = edgeScore[k] as number
      if (!best.has(key) || (best.get(key) as number) < score) best.set(key, score)
    }
  }
  for (let r = 0; r < rows; r++) {
    const c = col4row[r] as number
    rowToCol[r] = c < cols ? c : -1
    if (c < cols) total += best.get(r) ?? 0
  }
  return { rowToCol, total }
}

/**
 * First come, first served, as people do on the floor: rows in the given order (default 0, 1, …)
 * each take their best-scoring edge to a column that still has room.
 */
export const solveGreedy = (problem: SparseProblem, order?: ArrayLike<number>): SparseSolution => {
  const { rows, capacity, edgeRow, edgeCol, edgeScore } = problem
  const byRow: number[][] = Array.from({ length: rows }, () => [])
  for (let k = 0; k < edgeRow.length; k++) byRow[edgeRow[k] as number]?.push(k)
  const left = Int32Array.from(capacity)
  const rowToCol = new Int32Array(rows).fill(-1)
  let total = 0
  const sequence = order ?? Array.from({ length: rows }, (_, r) => r)
  for (let i = 0; i < sequence.length; i++) {
    const r = sequence[i] as number
    let bestEdge = -1
    for (const k of byRow[r] ?? []) {
      if ((left[edgeCol[k] as number] as number) <= 0) continue
      if (bestEdge < 0 || (edgeScore[k] as number) > (edgeScore[bestEdge] as number)) bestEdge = k
    }
    if (bestEdge < 0) continue
    const c = edgeCol[bestEdge] as number
    left[c] = (left[c] as number) - 1
    rowToCol[r] = c
    total += edgeScore[bestEdge] as number
  }
  return { rowToCol, total }
}

export interface DenseSolution {
  rowToCol: Int32Array
  total: number
}

/**
 * The classic rectangular linear sum assignment on a dense row-major `rows × cols` cost matrix
 * (as `scipy.optimize.linear_sum_assignment`): every row of the smaller side is assigned;
 * minimises the total unless `maximize`. `Infinity` marks a forbidden pair.
 */
export const solveDense = (
  cost: Float64Array,
  rows: number,
  cols: number,
  options: { maximize?: boolean } = {},
): DenseSolution => {
  if (rows > cols) {
    // Assign the columns to rows instead: transpose, solve, map back.
    const transposed = new Float64Array(rows * cols)
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) transposed[c * rows + r] = cost[r * cols + c] as number
    const inner = solveDense(transposed, cols, rows, options)
    const rowToCol = new Int32Array(rows).fill(-1)
    for (let c = 0; c < cols; c++) {
      const r = inner.rowToCol[c] as number
      if (r >= 0) rowToCol[r] = c
    }
    return { rowToCol, total: inner.total }
  }
  const sign = options.maximize ? -1 : 1
  const u = new Float64Array(rows)
  const v = new Float64Array(cols)
  const dist = new Float64Array(cols)
  const path = new Int32Array(cols).fill(-1)
  const col4row = new Int32Array(rows).fill(-1)
  const row4col = new Int32Array(cols).fill(-1)
  const done = new Uint8Array(cols)
  const scannedRows = new Int32Array(rows)
  const remaining = new Int32Array(cols)

  if (rows === cols) {
    // Column reduction (Jonker–Volgenant's start): each column's potential is its smallest cost,
    // and a row that is the smallest of a column takes it if still free. Reduced costs stay
    // non-negative and zero on every pair taken, so the search below only fits in the rest
    // (about a third of the rows on random matrices). Square only: with more columns than rows an
    // unassigned column must keep potential 0.
    const colMin = new Float64Array(cols).fill(Number.POSITIVE_INFINITY)
    const colArg = new Int32Array(cols).fill(-1)
    for (let r = 0; r < rows; r++) {
      const base = r * cols
      for (let c = 0; c < cols; c++) {
        const value = sign * (cost[base + c] as number)
        if (value < (colMin[c] as number)) {
          colMin[c] = value
          colArg[c] = r
        }
      }
    }
    for (let c = 0; c < cols; c++) {
      const r = colArg[c] as number
      if (r < 0) continue
      v[c] = colMin[c] as number
      if (col4row[r] === -1) {
        col4row[r] = c
        row4col[c] = r
      }
    }
  }

  for (let current = 0; current < rows; current++) {
    if (col4row[current] !== -1) continue
    let minVal = 0
    let row = current
    let scanned = 0
    let left = cols
    for (let c = 0; c < cols; c++) {
      remaining[c] = cols - c - 1
      dist[c] = Number.POSITIVE_INFINITY
      done[c] = 0
    }
    let sink = -1
    while (sink < 0) {
      scannedRows[scanned++] = row
      let lowest = Number.POSITIVE_INFINITY
      let lowestAt = -1
      const base = row * cols
      const ur = u[row] as number
      for (let k = 0; k < left; k++) {
        const c = remaining[k] as number
        const reduced = minVal + sign * (cost[base + c] as number) - ur - (v[c] as number)
        if (reduced < (dist[c] as number)) {
          path[c] = row
          dist[c] = reduced
        }
        // Prefer a free column among equals: it ends the search sooner.
        const d = dist[c] as number
        if (d < lowest || (d === lowest && row4col[c] === -1)) {
          lowest = d
          lowestAt = k
        }
      }
      if (lowest === Number.POSITIVE_INFINITY) throw new Error('The cost matrix has no feasible assignment')
      minVal = lowest
      const c = remaining[lowestAt] as number
      done[c] = 1
      remaining[lowestAt] = remaining[--left] as number
      if (row4col[c] === -1) sink = c
      else row = row4col[c] as number
    }
    u[current] = (u[current] as number) + minVal
    for (let k = 1; k < scanned; k++) {
      const r = scannedRows[k] as number
      u[r] = (u[r] as number) + minVal - (dist[col4row[r] as number] as number)
    }
    for (let c = 0; c < cols; c++) if (done[c] && c !== sink) v[c] = (v[c] as number) - (minVal - (dist[c] as number))
    let c = sink
    for (;;) {
      const r = path[c] as number
      row4col[c] = r
      const previous = col4row[r] as number
      col4row[r] = c
      if (r === current) break
      c = previous
    }
  }
  // Starting from +0, so an empty or all-zero assignment totals 0, not −0.
  let total = 0
  for (let r = 0; r < rows; r++) total += cost[r * cols + (col4row[r] as number)] as number
  return { rowToCol: col4row, total: total + 0 }
}
