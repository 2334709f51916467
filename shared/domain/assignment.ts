/**
 * Exact assignment solvers for the Beursvloer's optimal proposals (pure; no I/O).
 * SKELETON: signatures are the contract; to be implemented.
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

/** The exact optimum of a sparse problem (maximum total score). */
export const solveSparse = (_problem: SparseProblem): SparseSolution => {
  throw new Error('not implemented')
}

/**
 * First come, first served, as people do on the floor: rows in the given order (default 0, 1, …)
 * each take their best-scoring edge to a column that still has room.
 */
export const solveGreedy = (_problem: SparseProblem, _order?: ArrayLike<number>): SparseSolution => {
  throw new Error('not implemented')
}

export interface DenseSolution {
  rowToCol: Int32Array
  total: number
}

/**
 * The classic rectangular linear sum assignment on a dense row-major `rows × cols` cost matrix
 * (as `scipy.optimize.linear_sum_assignment`): every row of the smaller side is assigned;
 * minimises the total unless `maximize`.
 */
export const solveDense = (
  _cost: Float64Array,
  _rows: number,
  _cols: number,
  _options: { maximize?: boolean } = {},
): DenseSolution => {
  throw new Error('not implemented')
}
