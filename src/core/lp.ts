import highsModule, { type Highs } from 'highs';
import { InvalidArgumentError, StateError } from './errors.js';

/**
 * A linear program in the form HiGHS takes: optimise `cost · x` subject to `rowLower ≤ A x ≤ rowUpper` and
 * `colLower ≤ x ≤ colUpper`. `A` is dense (one array per row); use `±Infinity` for a missing bound.
 */
export interface LinearProgram {
  readonly sense: 'minimize' | 'maximize';
  readonly cost: ArrayLike<number>;
  readonly A: ReadonlyArray<ArrayLike<number>>;
  readonly rowLower: ArrayLike<number>;
  readonly rowUpper: ArrayLike<number>;
  /** Defaults to 0 for every column. */
  readonly colLower?: ArrayLike<number>;
  /** Defaults to +Infinity for every column. */
  readonly colUpper?: ArrayLike<number>;
}

/** Outcome of {@link solveLinearProgram}: HiGHS's model status in words, and the primal and dual solutions. */
export interface LinearProgramSolution {
  readonly status: 'optimal' | 'infeasible' | 'unbounded' | 'other';
  readonly objective: number;
  readonly x: Float64Array;
  /** Row duals as HiGHS reports them: d objective / d row bound, in the objective's own sense. */
  readonly rowDuals: Float64Array;
  readonly colDuals: Float64Array;
}

// Under NodeNext the package's types read as CommonJS (the loader as `.default`); at run time the ES build's
// default export is the loader itself.
const highsLoader = highsModule as unknown as typeof highsModule.default;

let highs: Highs | undefined;

/** Loads the HiGHS WebAssembly module once (asynchronous); {@link solveLinearProgram} needs it loaded. */
export async function loadLpSolver(): Promise<void> {
  highs ??= await highsLoader();
}

/**
 * Solves `lp` with HiGHS (synchronous: it blocks the event loop, so large LPs belong off the main thread).
 * Throws a StateError unless {@link loadLpSolver} has resolved.
 */
export function solveLinearProgram(lp: LinearProgram): LinearProgramSolution {
  if (highs === undefined) throw new StateError('solveLinearProgram: call `await loadLpSolver()` first');
  const h = highs;
  const numCols = lp.cost.length;
  const numRows = lp.A.length;
  if (lp.rowLower.length !== numRows || lp.rowUpper.length !== numRows) {
    throw new InvalidArgumentError(`LinearProgram: rowLower and rowUpper must have ${numRows} entries (rows of A)`);
  }
  const starts = new Int32Array(numRows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  lp.A.forEach((row, i) => {
    if (row.length !== numCols) {
      throw new InvalidArgumentError(`LinearProgram: row ${i} of A has ${row.length} entries, expected ${numCols}`);
    }
    for (let j = 0; j < numCols; j++) {
      if (row[j] !== 0) {
        indices.push(j);
        values.push(row[j]);
      }
    }
    starts[i + 1] = indices.length;
  });
  const finite = (v: number): number => (v === Infinity ? h.infinity : v === -Infinity ? -h.infinity : v);
  const column = (given: ArrayLike<number> | undefined, fill: number, name: string): Float64Array => {
    if (given !== undefined && given.length !== numCols) {
      throw new InvalidArgumentError(`LinearProgram: ${name} must have ${numCols} entries, got ${given.length}`);
    }
    return Float64Array.from({ length: numCols }, (_, j) => finite(given === undefined ? fill : given[j]));
  };
  return h.withModel(
    {
      numCols,
      numRows,
      sense: lp.sense === 'maximize' ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
      colCost: Float64Array.from(lp.cost),
      colLower: column(lp.colLower, 0, 'colLower'),
      colUpper: column(lp.colUpper, Infinity, 'colUpper'),
      rowLower: Float64Array.from(lp.rowLower, finite),
      rowUpper: Float64Array.from(lp.rowUpper, finite),
      matrix: { format: 'csr', numRows, numCols, starts, indices: Int32Array.from(indices), values },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      const code = model.getModelStatus();
      const codes = h.constants.modelStatus;
      const status: LinearProgramSolution['status'] =
        code === codes.optimal
          ? 'optimal'
          : code === codes.infeasible
            ? 'infeasible'
            : code === codes.unbounded
              ? 'unbounded'
              : 'other';
      const solution = model.getSolution();
      return {
        status,
        objective: status === 'optimal' ? model.getObjectiveValue() : NaN,
        x: Float64Array.from(solution.colValue),
        rowDuals: Float64Array.from(solution.rowDual),
        colDuals: Float64Array.from(solution.colDual),
      };
    },
  );
}
