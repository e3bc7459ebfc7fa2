/**
 * "At most K" over weighted literals, as a totalizer (Bailleux and Boufkhad 2003) that grows in
 * both directions: rows (terms, also ones discovered during the search) and the bound K (the
 * iterative totalizer of Martins et al. 2014). Why not a sequential counter: there a term that
 * becomes true pushes its count down a chain as long as the list of terms, so each decision costs
 * thousands of propagations once a level has thousands of terms (integration gaps at 1,000
 * plugins: 10,000 propagations per conflict). A totalizer is a balanced tree of unary adders, so
 * a count climbs only the tree's depth.
 *
 * Each node has outputs o[1..L] (L = min(weight below it, cap)), o[j] meaning "the terms below
 * weigh at least j". A leaf's outputs are its literal, w times. A node over children a and b has,
 * for every i, j with 1 ≤ i + j ≤ L, the clause (¬a[i] ∨ ¬b[j] ∨ o[i + j]) (a[0], b[0] left out).
 * Only this upward direction is encoded, which is all "at most K" = ¬root.o[K + 1] needs: when the
 * terms below weigh m, the outputs o[1..min(m, L)] are forced by unit propagation.
 *
 * Terms added after a bound was asked for are built into a balanced tree of their own; trees of
 * similar size are merged (as in a binary counter), so the forest stays logarithmic and a root
 * over it is a few nodes, made again whenever the terms change. A literal handed out earlier
 * keeps its meaning: a bound over the terms known then.
 */
import { neg, type Clause } from "./model.js";

interface Node {
  /** Names the node's output variables. */
  no: number;
  /** The terms' total weight below this node. */
  weight: number;
  /** Terms below this node. */
  rows: number;
  /** outs[j - 1] = "the terms below weigh at least j", for j = 1..min(weight, cap). */
  outs: string[];
  /** A leaf's literal. */
  lit?: string;
  left?: Node;
  right?: Node;
}

export class Totalizer {
  private pending: { lit: string; w: number }[] = [];
  private forest: Node[] = [];
  private root?: Node;
  private cap = 0;
  private nodes = 0;
  private total = 0;
  constructor(
    private readonly add: (clauses: Clause[]) => void,
    private readonly id: string,
  ) {}
  /** The terms' total weight so far. */
  get weight(): number {
    return this.total;
  }
  addRow(lit: string, w: number): void {
    if (w <= 0) return;
    this.pending.push({ lit, w });
    this.total += w;
  }
  /** A literal meaning "the terms weigh at most k", or undefined when there are no terms. */
  atMost(k: number): string | undefined {
    if (this.total === 0) return undefined;
    if (this.pending.length) {
      const built = this.build(this.pending, 0, this.pending.length);
      this.pending = [];
      this.forest.push(built);
      // Like a binary counter: merge while the newest tree is at least half its neighbour.
      while (this.forest.length >= 2 && this.forest[this.forest.length - 1]!.rows * 2 >= this.forest[this.forest.length - 2]!.rows) {
        const b = this.forest.pop()!;
        const a = this.forest.pop()!;
        this.forest.push(this.merge(a, b));
      }
      this.root = undefined;
    }
    if (k + 1 > this.cap) {
      this.cap = k + 1;
      for (const t of this.forest) this.extend(t);
      if (this.root) this.extend(this.root);
    }
    if (!this.root) {
      let r = this.forest[this.forest.length - 1]!;
      for (let i = this.forest.length - 2; i >= 0; i--) r = this.merge(this.forest[i]!, r);
      this.root = r;
    }
    // Past the total weight the output has no clause, so its negation always holds.
    return neg(this.root.outs[k] ?? this.outVar(this.root, k + 1));
  }
  private outVar(n: Node, j: number): string {
    return `t:${this.id}:${n.no}:${j}`;
  }
  private build(rows: { lit: string; w: number }[], from: number, to: number): Node {
    if (to - from === 1) {
      const { lit, w } = rows[from]!;
      return { no: this.nodes++, weight: w, rows: 1, outs: Array.from({ length: Math.min(w, this.cap) }, () => lit), lit };
    }
    const mid = (from + to) >> 1;
    return this.merge(this.build(rows, from, mid), this.build(rows, mid, to));
  }
  private merge(left: Node, right: Node): Node {
    const n: Node = { no: this.nodes++, weight: left.weight + right.weight, rows: left.rows + right.rows, outs: [], left, right };
    this.grow(n);
    return n;
  }
  /** Brings a tree's outputs up to the current cap. */
  private extend(n: Node): void {
    if (n.outs.length >= Math.min(n.weight, this.cap)) return;
    if (n.lit !== undefined) {
      while (n.outs.length < Math.min(n.weight, this.cap)) n.outs.push(n.lit);
      return;
    }
    this.extend(n.left!);
    this.extend(n.right!);
    this.grow(n);
  }
  /** Adds outputs o[L + 1..min(weight, cap)] of an inner node and their clauses. */
  private grow(n: Node): void {
    const a = n.left!.outs;
    const b = n.right!.outs;
    const from = n.outs.length;
    const to = Math.min(n.weight, this.cap);
    if (to <= from) return;
    for (let j = from + 1; j <= to; j++) n.outs.push(this.outVar(n, j));
    const clauses: Clause[] = [];
    for (let i = 0; i <= a.length; i++) {
      for (let j = 0; j <= b.length; j++) {
        const s = i + j;
        if (s <= from || s > to) continue;
        const c: Clause = [];
        if (i > 0) c.push(neg(a[i - 1]!));
        if (j > 0) c.push(neg(b[j - 1]!));
        c.push(n.outs[s - 1]!);
        clauses.push(c);
      }
    }
    this.add(clauses);
  }
}
