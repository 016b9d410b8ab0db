import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { checkInteger } from '../core/checks.js';

/**
 * A binary tree over `capacity` non-negative leaf values whose inner nodes hold the sums of their children: setting a
 * leaf and finding the leaf where a prefix sum falls are O(log capacity). The core of proportional prioritized replay.
 */
export class SumTree {
  readonly capacity: number;
  /** Index of the first leaf: leaves live at [leafStart, leafStart + capacity), node k's children at 2k, 2k + 1. */
  private readonly leafStart: number;
  private readonly nodes: Float64Array;

  /** A tree of `capacity` leaves, all 0. */
  constructor(capacity: number) {
    checkInteger('SumTree: capacity', capacity);
    this.capacity = capacity;
    let start = 1;
    while (start < capacity) start *= 2;
    this.leafStart = start;
    this.nodes = new Float64Array(2 * start);
  }

  /** The sum of all leaves. */
  get total(): number {
    return this.nodes[1] as number;
  }

  /** The value of leaf `i`. */
  get(i: number): number {
    return this.nodes[this.leafStart + i] as number;
  }

  /** Sets leaf `i` to `value` (finite, >= 0) and updates the sums above it. */
  set(i: number, value: number): void {
    if (!(i >= 0 && i < this.capacity && Number.isInteger(i))) throw new InvalidArgumentError(`SumTree.set: index must be an integer in [0, ${this.capacity}), got ${describeValue(i)}`);
    if (!(value >= 0 && Number.isFinite(value))) throw new InvalidArgumentError(`SumTree.set: value must be finite and >= 0, got ${describeValue(value)}`);
    let k = this.leafStart + i;
    this.nodes[k] = value;
    for (k >>= 1; k >= 1; k >>= 1) this.nodes[k] = (this.nodes[2 * k] as number) + (this.nodes[2 * k + 1] as number);
  }

  /**
   * The leaf i where the running sum of leaves 0..i first exceeds `prefix` (in [0, total)). Always a leaf with a
   * positive value, even when rounding puts `prefix` at or above the total.
   */
  find(prefix: number): number {
    if (!(this.total > 0)) throw new InvalidArgumentError(`SumTree.find: the tree is empty (total ${this.total})`);
    let k = 1;
    let rest = prefix;
    while (k < this.leafStart) {
      const left = this.nodes[2 * k] as number;
      // Go right only into a subtree with mass, so the walk never ends on a zero leaf.
      if (rest < left || (this.nodes[2 * k + 1] as number) === 0) {
        k = 2 * k;
      } else {
        rest -= left;
        k = 2 * k + 1;
      }
    }
    return k - this.leafStart;
  }

  /** The leaf values, for saving. */
  leaves(): Float64Array {
    return this.nodes.subarray(this.leafStart, this.leafStart + this.capacity);
  }

  /** Sets all leaves at once (a saved `leaves()`), rebuilding the sums. */
  setLeaves(values: ArrayLike<number>): void {
    this.nodes.fill(0);
    for (let i = 0; i < values.length; i++) this.nodes[this.leafStart + i] = values[i] as number;
    for (let k = this.leafStart - 1; k >= 1; k--) this.nodes[k] = (this.nodes[2 * k] as number) + (this.nodes[2 * k + 1] as number);
  }
}
