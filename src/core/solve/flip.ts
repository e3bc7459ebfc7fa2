/**
 * Local repair: from a solution of a set of clauses, another with one literal flipped, found by a
 * few steps of WalkSAT-style search instead of a solver call. The backbone uses it to cross off
 * candidates cheaply: a plugin that can be in a stack usually needs only a neighbour of its type
 * out and a provider in. Domain-free, and sound by construction: a repair succeeds only when
 * every clause holds, so what it returns is a solution.
 */
import { checkBudget, spend, type Budget } from "../common/budget.js";
import { isNegative, varOf, type Clause, type Lit } from "./types.js";

export class LocalFlip {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  /** Clauses as signed variable indices (1-based). */
  private readonly clauses: Int32Array[] = [];
  /** Clauses by literal: `occ[2 * v + (negative ? 1 : 0)]`. */
  private readonly occ: number[][] = [];
  /** The start: 1 true, 0 false, by variable index. */
  private readonly value: Uint8Array;
  /** True literals per clause in the current assignment. */
  private readonly numTrue: Int32Array;
  private readonly frozen: Uint8Array;
  /** Clauses false now (none at the start), with each one's position in the list or -1. */
  private readonly falsified: number[] = [];
  private readonly pos: Int32Array;
  /** Variables flipped in the current try. */
  private readonly flipped: number[] = [];
  private readonly inTry: Uint8Array;

  /**
   * `clauses` hold in `start` (a solution: the value of any variable they name); the variables of
   * `frozen` keep their values (the assumptions the solution was found under).
   */
  constructor(
    clauses: readonly Clause[],
    start: (v: string) => boolean,
    frozen: readonly Lit[],
    private readonly budget: Budget,
  ) {
    const num = (v: string): number => {
      let i = this.index.get(v);
      if (i === undefined) {
        i = this.names.length + 1;
        this.index.set(v, i);
        this.names.push(v);
        this.occ.push([], []);
      }
      return i;
    };
    this.occ.push([], []); // index 0 unused
    for (const c of clauses) {
      const id = this.clauses.length;
      const ints = Int32Array.from(c, (l) => (isNegative(l) ? -num(varOf(l)) : num(l)));
      this.clauses.push(ints);
      for (const l of ints) this.occ[l > 0 ? 2 * l : -2 * l + 1]!.push(id);
    }
    const n = this.names.length + 1;
    this.value = new Uint8Array(n);
    for (let i = 1; i < n; i++) this.value[i] = start(this.names[i - 1]!) ? 1 : 0;
    this.frozen = new Uint8Array(n);
    for (const l of frozen) {
      const i = this.index.get(varOf(l));
      if (i !== undefined) this.frozen[i] = 1;
    }
    this.inTry = new Uint8Array(n);
    this.numTrue = new Int32Array(this.clauses.length);
    this.pos = new Int32Array(this.clauses.length).fill(-1);
    this.recount();
  }

  /**
   * Starts again from another solution of the same clauses (`start`: the value of any variable
   * they name; the frozen variables keep theirs).
   */
  restart(start: (v: string) => boolean): void {
    for (let i = 1; i < this.value.length; i++) if (!this.frozen[i]) this.value[i] = start(this.names[i - 1]!) ? 1 : 0;
    this.recount();
  }

  /** Each clause's true literals under the start, which must make every clause true. */
  private recount(): void {
    this.numTrue.fill(0);
    this.clauses.forEach((c, id) => {
      for (const l of c) if (this.isTrue(l)) this.numTrue[id]!++;
      if (this.numTrue[id] === 0) throw new Error("internal: LocalFlip's start is not a solution");
    });
    spend(this.budget, this.clauses.length);
  }

  /** How many variables the clauses name. */
  get size(): number {
    return this.names.length;
  }

  private isTrue(l: number): boolean {
    return l > 0 ? this.value[l] === 1 : this.value[-l] === 0;
  }

  /**
   * A solution in which `lit` holds, within `maxSteps` flips of the start (and one more for each
   * clause flipping `lit` breaks): the variables whose values differ from the start's (`lit`'s
   * among them), or undefined when none was found (which proves nothing). The start is unchanged
   * after.
   */
  flip(lit: Lit, maxSteps: number): string[] | undefined {
    return this.flipIndices(lit, maxSteps)?.map((x) => this.names[x - 1]!);
  }

  /** The number `flipIndices` gives the variable `v`, or undefined when no clause names it. */
  indexOf(v: string): number | undefined {
    return this.index.get(v);
  }

  /** The variable of number `x` (`indexOf`). */
  nameOf(x: number): string {
    return this.names[x - 1]!;
  }

  /**
   * As `flip`, with the variables as numbers (`indexOf`, `nameOf`): a repair that walks a long
   * chain of auxiliary variables (a counter's registers) changes thousands, and naming each one
   * cost the backbone at 50,000 synthetic plugins more than the walks themselves.
   */
  flipIndices(lit: Lit, maxSteps: number): number[] | undefined {
    checkBudget(this.budget);
    const negative = isNegative(lit);
    const v = this.index.get(varOf(lit));
    if (v === undefined || this.frozen[v]) return undefined;
    if (this.value[v] === (negative ? 0 : 1)) return [];
    let work = 0;
    try {
      work += this.apply(v);
      // A step for each clause the flip broke (most need one: a definition's own variable), and
      // `maxSteps` more.
      const limit = maxSteps + this.falsified.length;
      for (let step = 0; step < limit && this.falsified.length > 0; step++) {
        const c = this.clauses[this.falsified[this.falsified.length - 1]!]!;
        // The variable of the clause whose flip makes the fewest clauses false (WalkSAT's "break"),
        // never one the assumptions fix or this try flipped already.
        let best = 0;
        let bestBreak = Infinity;
        for (const l of c) {
          const x = l > 0 ? l : -l;
          if (this.frozen[x] || this.inTry[x]) continue;
          const holding = this.occ[this.value[x] === 1 ? 2 * x : 2 * x + 1]!;
          work += holding.length;
          let breaks = 0;
          for (const id of holding) if (this.numTrue[id] === 1) breaks++;
          if (breaks < bestBreak) {
            bestBreak = breaks;
            best = x;
          }
        }
        if (best === 0) return undefined;
        work += this.apply(best);
      }
      return this.falsified.length === 0 ? this.flipped.slice() : undefined;
    } finally {
      for (let i = this.flipped.length - 1; i >= 0; i--) work += this.apply(this.flipped[i]!, true);
      this.flipped.length = 0;
      spend(this.budget, work);
    }
  }

  /** Flips variable `x` (`undo`: back, as the last of the try), keeping the counts; its work. */
  private apply(x: number, undo = false): number {
    const was = this.value[x]!;
    this.value[x] = was ^ 1;
    if (undo) this.inTry[x] = 0;
    else {
      this.inTry[x] = 1;
      this.flipped.push(x);
    }
    const made = this.occ[was ? 2 * x + 1 : 2 * x]!;
    const broken = this.occ[was ? 2 * x : 2 * x + 1]!;
    for (const id of made) if (++this.numTrue[id]! === 1) this.unlist(id);
    for (const id of broken) if (--this.numTrue[id]! === 0) this.list(id);
    return made.length + broken.length;
  }

  private list(id: number): void {
    this.pos[id] = this.falsified.length;
    this.falsified.push(id);
  }

  private unlist(id: number): void {
    const at = this.pos[id]!;
    const last = this.falsified.pop()!;
    if (last !== id) {
      this.falsified[at] = last;
      this.pos[last] = at;
    }
    this.pos[id] = -1;
  }
}
