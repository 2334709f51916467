import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type SparseProblem, solveDense, solveGreedy, solveSparse } from '../../shared/domain/assignment'

/** Every way to give each row one column or none (columns up to their capacity): the best total. */
const bruteForceSparse = (p: SparseProblem): number => {
  const score = new Map<string, number>()
  for (let k = 0; k < p.edgeRow.length; k++) {
    const key = `${p.edgeRow[k]},${p.edgeCol[k]}`
    score.set(key, Math.max(score.get(key) ?? 0, p.edgeScore[k] as number))
  }
  const left = Array.from(p.capacity)
  const go = (r: number): number => {
    if (r === p.rows) return 0
    let best = go(r + 1)
    for (let c = 0; c < p.cols; c++) {
      const s = score.get(`${r},${c}`)
      if (s === undefined || (left[c] as number) <= 0) continue
      left[c] = (left[c] as number) - 1
      best = Math.max(best, s + go(r + 1))
      left[c] = (left[c] as number) + 1
    }
    return best
  }
  return go(0)
}

/** Every assignment of the smaller side (permutations): the lowest total. */
const bruteForceDense = (cost: number[][], maximize: boolean): number => {
  const rows = cost.length
  const cols = cost[0]?.length ?? 0
  const sign = maximize ? -1 : 1
  const used = new Array<boolean>(cols).fill(false)
  const byRows = rows <= cols
  const go = (i: number): number => {
    if (i === (byRows ? rows : cols)) return 0
    let best = Number.POSITIVE_INFINITY
    for (let j = 0; j < (byRows ? cols : rows); j++) {
      if (used[j]) continue
      used[j] = true
      const value = byRows ? (cost[i]?.[j] as number) : (cost[j]?.[i] as number)
      best = Math.min(best, sign * value + go(i + 1))
      used[j] = false
    }
    return best
  }
  if (!byRows) used.length = rows
  used.fill(false)
  return sign * go(0) + 0
}

const sparseProblem = fc
  .record({ rows: fc.integer({ min: 0, max: 6 }), cols: fc.integer({ min: 0, max: 5 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      capacity: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: cols, maxLength: cols }),
      edges:
        rows === 0 || cols === 0
          ? fc.constant([] as [number, number, number][])
          : fc.array(
              fc.tuple(
                fc.integer({ min: 0, max: rows - 1 }),
                fc.integer({ min: 0, max: cols - 1 }),
                fc.integer({ min: 1, max: 100 }),
              ),
              { maxLength: 20 },
            ),
    }),
  )
  .map(
    ({ rows, cols, capacity, edges }): SparseProblem => ({
      rows,
      cols,
      capacity: Int32Array.from(capacity),
      edgeRow: Int32Array.from(edges.map((e) => e[0])),
      edgeCol: Int32Array.from(edges.map((e) => e[1])),
      edgeScore: Float64Array.from(edges.map((e) => e[2])),
    }),
  )

const respects = (p: SparseProblem, rowToCol: Int32Array) => {
  const used = new Array<number>(p.cols).fill(0)
  const allowed = new Set(Array.from(p.edgeRow, (r, k) => `${r},${p.edgeCol[k]}`))
  rowToCol.forEach((c, r) => {
    if (c < 0) return
    used[c] = (used[c] as number) + 1
    expect(allowed.has(`${r},${c}`)).toBe(true)
  })
  used.forEach((n, c) => {
    expect(n).toBeLessThanOrEqual(p.capacity[c] as number)
  })
}

describe('solveSparse: maximum-weight assignment with capacities', () => {
  it('finds the optimum a brute force finds, using only given edges within capacity', () => {
    fc.assert(
      fc.property(sparseProblem, (p) => {
        const solution = solveSparse(p)
        respects(p, solution.rowToCol)
        expect(solution.total).toBe(bruteForceSparse(p))
      }),
      { numRuns: 400 },
    )
  })

  it('is never worse than first come, first served', () => {
    fc.assert(
      fc.property(sparseProblem, (p) => {
        const greedy = solveGreedy(p)
        respects(p, greedy.rowToCol)
        expect(greedy.total).toBeLessThanOrEqual(solveSparse(p).total)
      }),
      { numRuns: 300 },
    )
  })

  it('beats greedy where the first row takes the offer the second needs', () => {
    // Row 0 likes both offers a little more than row 1 likes offer 0; offer 1 is only for row 0.
    const p: SparseProblem = {
      rows: 2,
      cols: 2,
      capacity: Int32Array.of(1, 1),
      edgeRow: Int32Array.of(0, 0, 1),
      edgeCol: Int32Array.of(0, 1, 0),
      edgeScore: Float64Array.of(10, 9, 8),
    }
    expect(solveGreedy(p)).toEqual({ rowToCol: Int32Array.of(0, -1), total: 10 })
    expect(solveSparse(p)).toEqual({ rowToCol: Int32Array.of(1, 0), total: 17 })
  })

  it('lets an offer serve several needs up to its quantity, and leaves a row without edges unassigned', () => {
    const p: SparseProblem = {
      rows: 4,
      cols: 1,
      capacity: Int32Array.of(2),
      edgeRow: Int32Array.of(0, 1, 2),
      edgeCol: Int32Array.of(0, 0, 0),
      edgeScore: Float64Array.of(5, 7, 6),
    }
    const solution = solveSparse(p)
    expect(Array.from(solution.rowToCol)).toEqual([-1, 0, 0, -1])
    expect(solution.total).toBe(13)
  })
})

describe('solveDense: rectangular linear sum assignment, as scipy', () => {
  const matrix = fc
    .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
    .chain(({ rows, cols }) =>
      fc.array(fc.array(fc.integer({ min: -50, max: 100 }), { minLength: cols, maxLength: cols }), {
        minLength: rows,
        maxLength: rows,
      }),
    )

  it('matches a brute force, minimising and maximising, either side larger', () => {
    fc.assert(
      fc.property(matrix, fc.boolean(), (cost, maximize) => {
        const rows = cost.length
        const cols = cost[0]?.length ?? 0
        const solution = solveDense(Float64Array.from(cost.flat()), rows, cols, { maximize })
        expect(solution.total).toBe(bruteForceDense(cost, maximize))
        const assigned = Array.from(solution.rowToCol).filter((c) => c >= 0)
        expect(assigned.length).toBe(Math.min(rows, cols))
        expect(new Set(assigned).size).toBe(assigned.length)
      }),
      { numRuns: 400 },
    )
  })

  it('avoids forbidden (infinite) pairs and refuses a matrix without a feasible assignment', () => {
    const inf = Number.POSITIVE_INFINITY
    expect(Array.from(solveDense(Float64Array.of(inf, 1, 2, inf), 2, 2).rowToCol)).toEqual([1, 0])
    expect(() => solveDense(Float64Array.of(inf, inf, 1, 2), 2, 2)).toThrow(/no feasible assignment/)
  })
})
