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
import { neg, type Clause } from "./types.js";

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
  /** A row group: outs[j - 1] = gate ∧ inner.outs[j - 1] (see `addRow`). */
  gate?: string;
  inner?: Node;
}

export class Totalizer {
  private pending: { lit: string; w: number; gate?: string }[] = [];
  private forest: Node[] = [];
  private root?: Node;
  private cap = 0;
  private nodes = 0;
  private total = 0;
  /**
   * `ruledOut`, when given, names literals false in every solution the caller will still ask
   * about (see `Fixed` in engine.ts): a row whose literal or gate is one is left out when its
   * tree is built, since it weighs 0 in all of them.
   */
  constructor(
    private readonly add: (clauses: Clause[]) => void,
    private readonly id: string,
    private readonly ruledOut?: (lit: string) => boolean,
  ) {}
  /** The terms' total weight so far. */
  get weight(): number {
    return this.total;
  }
  /**
   * A term of weight w. With a `gate`, the term is "gate ∧ lit": rows sharing a gate are counted
   * by a tree of their own over the `lit`s, whose outputs count only when the gate holds. An
   * integration gap A–B is the row (gate A, lit B): when a bound is reached, the tree forces
   * false only the partners of selected plugins, not every gap variable of the level (on the
   * sparse 1k catalog a tight bound over 50,000 gap variables cost 37,000 propagations per
   * conflict).
   */
  addRow(lit: string, w: number, gate?: string): void {
    if (w <= 0) return;
    this.pending.push(gate === undefined ? { lit, w } : { lit, w, gate });
    this.total += w;
  }
  /** An objective term: a pair term (see `ObjectiveTerm.pair`) as the row "A ∧ B", gated by A. */
  addTerm(t: { lit: string; weight: number; pair?: [string, string] | undefined }): void {
    if (t.pair) this.addRow(t.pair[1], t.weight, t.pair[0]);
    else this.addRow(t.lit, t.weight);
  }
  /** A literal meaning "the terms weigh at most k", or undefined when there are no terms. */
  atMost(k: number): string | undefined {
    if (this.total === 0) return undefined;
    if (this.pending.length) {
      const out = this.ruledOut;
      const rows = out ? this.pending.filter((r) => !out(r.lit) && !(r.gate !== undefined && out(r.gate))) : this.pending;
      this.pending = [];
      if (rows.length) {
        this.forest.push(this.buildRows(rows));
        // Like a binary counter: merge while the newest tree is at least half its neighbour.
        while (this.forest.length >= 2 && this.forest[this.forest.length - 1]!.rows * 2 >= this.forest[this.forest.length - 2]!.rows) {
          const b = this.forest.pop()!;
          const a = this.forest.pop()!;
          this.forest.push(this.merge(a, b));
        }
        this.root = undefined;
      }
    }
    // Every row left out: the terms weigh 0, which any bound allows.
    if (this.forest.length === 0) return undefined;
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
  private leaf(lit: string, w: number): Node {
    return { no: this.nodes++, weight: w, rows: 1, outs: Array.from({ length: Math.min(w, this.cap) }, () => lit), lit };
  }
  /** A balanced tree over rows: ungated rows are leaves, each gate's rows one gated subtree. */
  private buildRows(rows: { lit: string; w: number; gate?: string }[]): Node {
    const units: (Node | string)[] = [];
    const groups = new Map<string, Node[]>();
    for (const r of rows) {
      if (r.gate === undefined) {
        units.push(this.leaf(r.lit, r.w));
        continue;
      }
      let g = groups.get(r.gate);
      if (!g) groups.set(r.gate, (g = [])), units.push(r.gate);
      g.push(this.leaf(r.lit, r.w));
    }
    const nodes = units.map((u) => {
      if (typeof u !== "string") return u;
      const leaves = groups.get(u)!;
      const inner = this.tree(leaves, 0, leaves.length);
      const n: Node = { no: this.nodes++, weight: inner.weight, rows: inner.rows, outs: [], gate: u, inner };
      this.grow(n);
      return n;
    });
    return this.tree(nodes, 0, nodes.length);
  }
  private tree(nodes: Node[], from: number, to: number): Node {
    if (to - from === 1) return nodes[from]!;
    const mid = (from + to) >> 1;
    return this.merge(this.tree(nodes, from, mid), this.tree(nodes, mid, to));
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
    if (n.inner) this.extend(n.inner);
    else {
      this.extend(n.left!);
      this.extend(n.right!);
    }
    this.grow(n);
  }
  /** Adds outputs o[L + 1..min(weight, cap)] of an inner node and their clauses. */
  private grow(n: Node): void {
    if (n.inner) {
      const to = Math.min(n.weight, this.cap);
      const clauses: Clause[] = [];
      for (let j = n.outs.length + 1; j <= to; j++) {
        n.outs.push(this.outVar(n, j));
        clauses.push([neg(n.gate!), neg(n.inner.outs[j - 1]!), n.outs[j - 1]!]);
      }
      this.add(clauses);
      return;
    }
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
