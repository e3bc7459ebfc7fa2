/**
 * Exact model counting (#SAT by component decomposition and caching, as in sharpSAT, without its
 * clause learning), over clauses and groups: a group is a set of variables whose true members
 * must satisfy a rule (at most k; or, for the model layer's facets, that a matching exists). Every
 * group rule is downward closed (a subset of an allowed selection is allowed), so a group is
 * violated as soon as its selected members are, and a member whose selection the rule no longer
 * allows is false. The model layer states a catalog's valid stacks this way (see
 * `countingProblem`): facet values are not variables there, so a selection of plugins counts once
 * when some assignment of values makes it valid.
 *
 * The search assigns in place and undoes on return (a trail, as a SAT solver's): unit
 * propagation visits only the clauses of the literal made false, and the groups of the variable
 * made true. After each decision the variables left split into components, connected by the
 * clauses not yet satisfied and the groups that still constrain; the count is the product of
 * theirs. A component is known by its variables, its clauses not yet satisfied and its groups'
 * selected members: those determine what is left of it, so its count is cached under them
 * (`keyOf`: of its clauses, only those that have lost a literal need naming). Clauses of two
 * literals, most of a feature model's, are kept apart as sharpSAT keeps them: propagation and the
 * components search follow them without looking at them.
 */
import { Timeout } from "../common/budget.js";

/** Thrown when the count needs more work than it was given (`CountLimits.maxWork`). */
export class CountLimit extends Error {
  constructor(readonly work: number) {
    super(`the exact count needs more than ${work} units of work`);
    this.name = "CountLimit";
  }
}

export interface CountLimits {
  /**
   * The most work the count may do before it throws `CountLimit` (default: no limit). A unit is a
   * clause, group or variable looked at (in propagation, or finding components) or a decision:
   * counted, so a limit stops the same count at the same point on every machine.
   */
  maxWork?: number;
  /** Receives the work done. */
  stats?: { work: number };
  /**
   * The most the cache may hold, in bytes as `CACHE_CHARS` counts them (default `CACHE_CHARS`):
   * past it the cache starts afresh, so that a long count (`--count-limit none`) holds its memory.
   */
  cacheChars?: number;
}

/**
 * About 100 MB of cache: its keys' characters (a byte each) and, for each entry, 96 more for the
 * map's entry, the key's header and its count (V8 took 70-75 bytes besides the key for an entry
 * with a small count; a count of 130 digits adds ~50).
 */
export const CACHE_CHARS = 100_000_000;
/** What an entry of the cache holds besides its key's characters, in bytes (see CACHE_CHARS). */
const ENTRY_CHARS = 96;

export type CountLit = number; // +v / -v, variables 1..n

export interface CountGroup {
  /** Variables of the group's members. */
  vars: number[];
  /** Is this set of selected members (sorted) allowed? Must be downward closed. */
  allows(selected: number[]): boolean;
  /**
   * For an allowed `selected` (sorted): is it with `v` added allowed? A quicker answer than
   * `allows` where the rule has one (default: `allows` of the two together).
   */
  adding?(selected: number[]): (v: number) => boolean;
  /** Set when the rule is "at most this many selected": `allows` is then not called. */
  atMost?: number;
  /** Identifies the rule (two groups with the same tag and variables are the same). */
  tag: string;
}

export interface CountProblem {
  nvars: number;
  clauses: CountLit[][];
  groups: CountGroup[];
}

/**
 * The number of assignments of variables 1..nvars that satisfy every clause and group. Throws
 * Timeout past the budget's deadline, and CountLimit past `limits.maxWork`.
 */
export function countModels(p: CountProblem, budget?: { deadline?: number }, limits: CountLimits = {}): bigint {
  const counter = new Counter(p, budget?.deadline, limits.maxWork ?? Infinity, limits.cacheChars ?? CACHE_CHARS);
  try {
    return counter.run();
  } finally {
    if (limits.stats) limits.stats.work = counter.work;
  }
}

/**
 * A component found after a decision: its variables and its clauses of three literals or more not
 * yet satisfied (each in increasing order), the variable to branch on, its cache key.
 */
interface Component {
  vars: number[];
  clauses: number[];
  pick: number;
  /** Undefined for a component too big to cache (`CACHE_MAX`). */
  key: string | undefined;
  /** The group that alone holds the component together (`Found.only`), else -1. */
  only: number;
}

/** A component as the components search finds it: the variable to branch on, its numbers of variables and clauses, its groups' states. */
interface Found {
  pick: number;
  size: number;
  nclauses: number;
  groups: string[];
  /**
   * The group, when it is all that holds the component together (no clause not yet satisfied,
   * no other group that may still constrain): the component is then the group's free members,
   * counted without branching (`groupCount`). Else -1.
   */
  only: number;
}

/**
 * The biggest component cached (variables, clauses and groups): one this big seldom comes back
 * whole, and keeping every one would take time and memory in the square of the variables (a
 * clause of 20,000 plugins, false after false, leaves components of 20,000 to 1 variables).
 */
const CACHE_MAX = 5_000;

/** The most members (selected or free) of a group that `groupLive` asks its rule about. */
const GROUP_ASK_MAX = 16;

/**
 * The search's stack: a region multiplies its components' counts (`next` is the one being
 * counted); a branch adds the counts of its variable's two values (`lit` is the value to try
 * next, 0 when both are done; `mark` the trail's length before the one being counted).
 */
type Frame = { kind: "region"; comps: Component[]; next: number; total: bigint } | { kind: "branch"; comp: Component; lit: number; n: bigint; mark: number };

/** The index of a literal in the occurrence lists: 2v for v, 2v+1 for -v. */
const idx = (lit: number) => (lit > 0 ? 2 * lit : -2 * lit + 1);

class Counter {
  work = 0;
  private readonly n: number;
  /** The clauses of three literals or more: clause i is `lits` from `clauseAt[i]` to `clauseAt[i + 1]`. */
  private readonly nclauses: number;
  private readonly clauseAt: Int32Array;
  private readonly lits: Int32Array;
  /** Those clauses by literal: those of literal l (`idx`) are `occ` from `occAt[l]` to `occAt[l + 1]`. */
  private readonly occAt: Int32Array;
  private readonly occ: Int32Array;
  /**
   * The clauses of two literals, by literal (`idx`, as `occ`): the other literal of each. Such a
   * clause needs no looking at, as sharpSAT's component analysis has it: while both its variables
   * are unassigned it is unsatisfied and joins them; once one is assigned it is satisfied or has
   * made the other true. So the variables of a component say which of them are left, and its
   * cache key names only its longer clauses.
   */
  private readonly binAt: Int32Array;
  private readonly bin: Int32Array;
  /** The character codes of the cache key being made (`keyOf`). */
  private readonly codes: number[] = [];
  private readonly groups: { members: number[]; g: CountGroup }[];
  /** Groups by variable. */
  private readonly groupsOf: number[][];
  /** 1 true, -1 false, 0 unassigned. */
  private readonly val: Int8Array;
  private readonly trail: number[] = [];
  private qhead = 0;
  private readonly memo = new Map<string, bigint>();
  private memoChars = 0;
  /** Stamps of the current components search: a variable, clause or group seen in it. */
  private stamp = 0;
  private readonly varSeen: Int32Array;
  private readonly clauseSeen: Int32Array;
  private readonly groupSeen: Int32Array;
  /** In the current components search: the component of a variable (-1: free), of a clause (-1: satisfied). */
  private readonly compOf: Int32Array;
  private readonly clauseOf: Int32Array;
  /** In the current components search: 1 for a clause not yet satisfied none of whose variables is assigned (for a satisfied one, stale). */
  private readonly clauseWhole: Uint8Array;
  /**
   * The branching score of a variable, from its component's live clauses (`components`): the
   * branch goes to the highest. Occurrences, a positive one counting twice, were 0.4-0.6 of the
   * work of plain occurrences on synthetic catalogs of 50 and 100 plugins; counting clauses of
   * two as sharpSAT does took the eCos models from out of reach to seconds (bench/README.md,
   * "The exact count").
   */
  private readonly score: Int32Array;
  private empty = false;
  /** The clauses of one literal. */
  private readonly units: number[] = [];

  constructor(
    p: CountProblem,
    private readonly deadline: number | undefined,
    private readonly maxWork: number,
    private readonly cacheChars: number,
  ) {
    const n = (this.n = p.nvars);
    this.val = new Int8Array(n + 1);
    this.varSeen = new Int32Array(n + 1);
    this.score = new Int32Array(n + 1);
    const occ: number[][] = Array.from({ length: 2 * n + 2 }, () => []);
    const bin: number[][] = Array.from({ length: 2 * n + 2 }, () => []);
    const long: number[][] = [];
    for (const c of p.clauses) {
      const lits = [...new Set(c)];
      if (lits.some((l) => lits.includes(-l))) continue; // always satisfied
      if (lits.length === 0) this.empty = true;
      else if (lits.length === 1) this.units.push(lits[0]!);
      else if (lits.length === 2) {
        bin[idx(lits[0]!)]!.push(lits[1]!);
        bin[idx(lits[1]!)]!.push(lits[0]!);
      } else {
        for (const l of lits) occ[idx(l)]!.push(long.length);
        long.push(lits);
      }
    }
    [this.clauseAt, this.lits] = flat(long);
    [this.occAt, this.occ] = flat(occ);
    [this.binAt, this.bin] = flat(bin);
    const m = (this.nclauses = long.length);
    this.clauseSeen = new Int32Array(m);
    this.clauseOf = new Int32Array(m);
    this.clauseWhole = new Uint8Array(m);
    this.compOf = new Int32Array(n + 1);
    this.groupsOf = Array.from({ length: n + 1 }, () => []);
    this.groups = p.groups.map((g, i) => {
      const members = [...new Set(g.vars)].sort((a, b) => a - b);
      for (const v of members) this.groupsOf[v]!.push(i);
      return { members, g };
    });
    this.groupSeen = new Int32Array(this.groups.length);
  }

  run(): bigint {
    if (this.empty) return 0n;
    for (const l of this.units) if (!this.assume(l)) return 0n;
    // A member no selection allows, alone: false from the start.
    for (let i = 0; i < this.groups.length; i++) if (!this.checkGroup(i)) return 0n;
    if (!this.propagate()) return 0n;
    const vars: number[] = [];
    for (let v = 1; v <= this.n; v++) vars.push(v);
    return this.countRegion({ vars, clauses: Array.from({ length: this.nclauses }, (_, i) => i) });
  }

  private tick(units: number): void {
    this.work += units;
    if (this.work > this.maxWork) throw new CountLimit(this.maxWork);
  }

  /** Sets `lit` true unless it is already; false when it is already false. */
  private assume(lit: number): boolean {
    const v = lit > 0 ? lit : -lit;
    const cur = this.val[v]!;
    if (cur !== 0) return cur === (lit > 0 ? 1 : -1);
    this.val[v] = lit > 0 ? 1 : -1;
    this.trail.push(lit);
    return true;
  }

  private undo(mark: number): void {
    const { trail, val } = this;
    while (trail.length > mark) {
      const lit = trail.pop()!;
      val[lit > 0 ? lit : -lit] = 0;
    }
    this.qhead = mark;
  }

  /** Unit propagation of the trail from `qhead`; false on a conflict. */
  private propagate(): boolean {
    const { trail, clauseAt, lits, occAt, occ, binAt, bin, val } = this;
    while (this.qhead < trail.length) {
      const lit = trail[this.qhead++]!;
      const f = idx(-lit);
      this.tick(binAt[f + 1]! - binAt[f]! + occAt[f + 1]! - occAt[f]! + 1);
      for (let j = binAt[f]!, end = binAt[f + 1]!; j < end; j++) if (!this.assume(bin[j]!)) return false;
      for (let j = occAt[f]!, end = occAt[f + 1]!; j < end; j++) {
        const cid = occ[j]!;
        let unassigned = 0;
        let last = 0;
        let sat = false;
        for (let i = clauseAt[cid]!, cend = clauseAt[cid + 1]!; i < cend; i++) {
          const l = lits[i]!;
          const x = val[l > 0 ? l : -l]!;
          if (x === 0) {
            unassigned++;
            last = l;
          } else if ((x > 0) === (l > 0)) {
            sat = true;
            break;
          }
        }
        if (sat) continue;
        if (unassigned === 0) return false;
        if (unassigned === 1) this.assume(last);
      }
      if (lit > 0) {
        const gs = this.groupsOf[lit]!;
        this.tick(gs.length);
        for (const gid of gs) if (!this.checkGroup(gid)) return false;
      }
    }
    return true;
  }

  /** The group's rule on its selected members; members it no longer allows are set false. */
  private checkGroup(gid: number): boolean {
    const { members, g } = this.groups[gid]!;
    const val = this.val;
    const selected: number[] = [];
    for (const v of members) if (val[v] === 1) selected.push(v);
    if (g.atMost !== undefined) {
      if (selected.length > g.atMost) return false;
      if (selected.length === g.atMost) for (const v of members) if (val[v] === 0) this.assume(-v);
      return true;
    }
    this.tick(members.length);
    if (!g.allows(selected)) return false;
    const allowsAdding = g.adding ? g.adding(selected) : (v: number) => g.allows(withSorted(selected, v));
    for (const v of members) if (val[v] === 0 && !allowsAdding(v)) this.assume(-v);
    return true;
  }

  /** May the group still constrain its unassigned members (2 or more, not all allowed together)? */
  private groupLive(gid: number): boolean {
    const { members, g } = this.groups[gid]!;
    const val = this.val;
    let selected = 0;
    let free = 0;
    for (const v of members) {
      if (val[v] === 1) selected++;
      else if (val[v] === 0) free++;
    }
    if (free < 2) return false;
    if (g.atMost !== undefined) return selected + free > g.atMost;
    this.tick(selected + free);
    // Past a few members left, live without asking: whether the rule allows them all at once
    // would take a matching of them all, in every search for components (most of the count's
    // time at 1,000 plugins), and is rarely so. Below, a group that allows them all is dropped:
    // half the work on the built-in catalog.
    return selected + free > GROUP_ASK_MAX || !g.allows(members.filter((v) => val[v] !== -1));
  }

  /**
   * The count of the assignments of `vars` (those of them still unassigned) under the trail. The
   * search is a loop over an explicit stack, not recursion: a component that loses one variable
   * a decision (a clause of 20,000 plugins, false after false) would overflow the call stack.
   */
  private countRegion(whole: { vars: readonly number[]; clauses: readonly number[] }): bigint {
    const stack: Frame[] = [this.region(whole)];
    let result: bigint | undefined;
    for (;;) {
      const f = stack[stack.length - 1]!;
      if (result !== undefined) {
        // A child's count, returned to the frame that asked for it.
        if (f.kind === "region") {
          f.total *= result;
          f.next++;
        } else {
          f.n += result;
          this.undo(f.mark);
        }
        result = undefined;
      }
      if (f.kind === "region") {
        let comp: Component | undefined;
        while (f.total !== 0n && f.next < f.comps.length) {
          comp = f.comps[f.next]!;
          const n = comp.key === undefined ? undefined : this.memo.get(comp.key);
          if (n === undefined) break;
          f.total *= n;
          f.next++;
          comp = undefined;
        }
        if (comp && f.total !== 0n) {
          if (this.deadline !== undefined && Date.now() > this.deadline) throw new Timeout();
          if (comp.only >= 0) {
            // One group and nothing else: its count without a branch.
            const n = this.groupCount(comp.only);
            if (comp.key !== undefined) this.remember(comp.key, n);
            f.total *= n;
            f.next++;
            continue;
          }
          this.tick(1);
          stack.push({ kind: "branch", comp, lit: comp.pick, n: 0n, mark: 0 });
          continue;
        }
        stack.pop();
        if (stack.length === 0) return f.total;
        result = f.total;
        continue;
      }
      // A branch: each value of its variable in turn, propagated, and the rest counted.
      if (f.lit === 0) {
        if (f.comp.key !== undefined) this.remember(f.comp.key, f.n);
        stack.pop();
        result = f.n;
        continue;
      }
      const lit = f.lit;
      f.lit = lit === f.comp.pick ? -lit : 0;
      f.mark = this.trail.length;
      this.assume(lit);
      if (this.propagate()) stack.push(this.region(f.comp));
      else this.undo(f.mark);
    }
  }

  /**
   * The number of selections of the group's free members its rule allows with the members
   * selected already: for "at most k", the sum of C(free, i) for i up to k less the selected; for
   * another rule, the allowed selections enumerated by adding members in increasing order (each
   * allowed set is reached once, by its members in order; the rule is downward closed, so a
   * member that cannot be added to a set cannot be added to any larger one), and 2^r at once
   * where the r members left may all be added together, as `groupLive` asks. Only for at most
   * GROUP_ASK_MAX free members (`components`). Counted work: a unit per member asked about, per
   * member of each selection the rule is asked about, and per member of each selection made; the
   * deadline is looked at every 256 selections.
   */
  private groupCount(gid: number): bigint {
    const { members, g } = this.groups[gid]!;
    const val = this.val;
    const selected: number[] = [];
    const free: number[] = [];
    for (const v of members) {
      if (val[v] === 1) selected.push(v);
      else if (val[v] === 0) free.push(v);
    }
    this.tick(members.length);
    if (g.atMost !== undefined) {
      const f = free.length;
      let total = 0n;
      let c = 1n; // C(f, i)
      for (let i = 0; i <= Math.min(f, g.atMost - selected.length); i++) {
        total += c;
        c = (c * BigInt(f - i)) / BigInt(i + 1);
      }
      return total;
    }
    // Depth-first over (selected so far, the next free member to consider), as an explicit stack.
    let total = 0n;
    const stack: { sel: number[]; from: number }[] = [{ sel: selected, from: 0 }];
    for (let pops = 1; stack.length; pops++) {
      if ((pops & 255) === 0 && this.deadline !== undefined && Date.now() > this.deadline) throw new Timeout();
      const { sel, from } = stack.pop()!;
      const left = free.length - from;
      this.tick(left + 1 + (left > 0 ? sel.length + left : 0));
      if (left === 0 || g.allows(mergeSorted(sel, free, from))) {
        total += 1n << BigInt(left);
        continue;
      }
      total += 1n; // `sel` itself
      const adding = g.adding ? g.adding(sel) : (v: number) => g.allows(withSorted(sel, v));
      for (let j = from; j < free.length; j++)
        if (adding(free[j]!)) {
          this.tick(sel.length + 1);
          stack.push({ sel: withSorted(sel, free[j]!), from: j + 1 });
        }
    }
    return total;
  }

  /** Caches a component's count; a full cache is emptied first (counts stay exact: it only saves work). */
  private remember(key: string, n: bigint): void {
    const chars = key.length + ENTRY_CHARS;
    if (this.memoChars + chars > this.cacheChars) {
      this.memo.clear();
      this.memoChars = 0;
    }
    this.memo.set(key, n);
    this.memoChars += chars;
  }

  private region(within: { vars: readonly number[]; clauses: readonly number[] }): Frame {
    const { free, comps } = this.components(within);
    return { kind: "region", comps, next: 0, total: 1n << BigInt(free) };
  }

  /** Adds `w` to component `k` of the search `stamp` (`queue` is its breadth-first queue), its score zero, unless it is in one already. */
  private enter(w: number, stamp: number, k: number, queue: number[]): void {
    if (this.varSeen[w] === stamp) return;
    this.varSeen[w] = stamp;
    this.compOf[w] = k;
    this.score[w] = 0;
    queue.push(w);
  }

  /**
   * The unassigned variables of `within` (a component, or all variables), split into components
   * (breadth first over the clauses not yet satisfied and the groups that still constrain), and
   * how many are free (in no such clause or group). Each component's variables and clauses come
   * in increasing order as `within` has them: a component is known by them (its cache key), and
   * the variables and clauses of the next ones found in it are taken from them in turn.
   */
  private components(within: { vars: readonly number[]; clauses: readonly number[] }): { free: number; comps: Component[] } {
    if (this.stamp === 0x7fffffff) {
      // The stamps are 32-bit: after 2^31 searches they start again, from none seen.
      this.varSeen.fill(0);
      this.clauseSeen.fill(0);
      this.groupSeen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { val, varSeen, clauseSeen, groupSeen, score, clauseAt, lits, occAt, occ, binAt, bin, compOf, clauseOf, clauseWhole } = this;
    let free = 0;
    const found: Found[] = [];
    const queue: number[] = [];
    for (const root of within.vars) {
      if (val[root] !== 0 || varSeen[root] === stamp) continue;
      const k = found.length;
      const start = queue.length;
      this.enter(root, stamp, k, queue);
      let nclauses = 0;
      const groups: string[] = [];
      // A clause of two both of whose variables are unassigned (the component's own, by then).
      let bound = false;
      let lastGroup = -1;
      for (let q = start; q < queue.length; q++) {
        const u = queue[q]!;
        this.tick(1);
        for (let li = 2 * u; li <= 2 * u + 1; li++) {
          // The branching score, as sharpSAT's (measured, bench/README.md "The exact count"): a
          // clause of two counts once for each of its variables when it brings the other one
          // into the component (not when both are in it already), a longer clause once for the
          // variable it is found from, and for each of its unassigned variables twice when that
          // one occurs positively, else once (most of a catalog's clauses are "not a, or ...";
          // setting a variable that occurs positively shortens them).
          this.tick(binAt[li + 1]! - binAt[li]!);
          for (let j = binAt[li]!, end = binAt[li + 1]!; j < end; j++) {
            const l = bin[j]!;
            const w = l > 0 ? l : -l;
            if (val[w] !== 0) continue;
            bound = true;
            if (varSeen[w] === stamp) continue;
            this.enter(w, stamp, k, queue);
            score[w]!++;
            score[u]!++;
          }
          for (let j = occAt[li]!, end = occAt[li + 1]!; j < end; j++) {
            const cid = occ[j]!;
            if (clauseSeen[cid] === stamp) continue;
            clauseSeen[cid] = stamp;
            clauseOf[cid] = -1;
            this.tick(1);
            const from = clauseAt[cid]!;
            const to = clauseAt[cid + 1]!;
            let sat = false;
            let whole = 1;
            for (let i = from; i < to; i++) {
              const l = lits[i]!;
              const x = val[l > 0 ? l : -l]!;
              if (x === 0) continue;
              whole = 0;
              if ((x > 0) === (l > 0)) {
                sat = true;
                break;
              }
            }
            if (sat) continue;
            clauseOf[cid] = k;
            clauseWhole[cid] = whole;
            nclauses++;
            score[u]!++;
            for (let i = from; i < to; i++) {
              const l = lits[i]!;
              const w = l > 0 ? l : -l;
              if (val[w] !== 0) continue;
              this.enter(w, stamp, k, queue);
              score[w]! += l > 0 ? 2 : 1;
            }
          }
        }
        for (const gid of this.groupsOf[u]!) {
          if (groupSeen[gid] === stamp) continue;
          groupSeen[gid] = stamp;
          this.tick(1);
          if (!this.groupLive(gid)) continue;
          const { members, g } = this.groups[gid]!;
          const selected: number[] = [];
          for (const w of members) {
            if (val[w] === 1) selected.push(w);
            else if (val[w] === 0) this.enter(w, stamp, k, queue);
          }
          groups.push(g.atMost !== undefined ? `${gid}:${selected.length}` : `${gid}:${selected.join(".")}`);
          lastGroup = gid;
        }
      }
      const size = queue.length - start;
      if (size === 1 && nclauses === 0 && groups.length === 0) {
        free++;
        compOf[root] = -1;
        continue;
      }
      let pick = root;
      for (let q = start; q < queue.length; q++) {
        const v = queue[q]!;
        if (score[v]! > score[pick]! || (score[v] === score[pick] && v < pick)) pick = v;
      }
      // At most GROUP_ASK_MAX free members for a rule other than "at most k": its selections are
      // enumerated one by one, 2^16 at worst; a bigger group is searched as before, branch by
      // branch, where a group left with members it allows together stops at once.
      const alone = nclauses === 0 && !bound && groups.length === 1 && (this.groups[lastGroup]!.g.atMost !== undefined || size <= GROUP_ASK_MAX);
      found.push({ pick, size, nclauses, groups, only: alone ? lastGroup : -1 });
    }
    return { free, comps: this.componentsOf(within, found, stamp) };
  }

  /**
   * The components the search `stamp` found in `within` (`found`, by number), each with its
   * variables and clauses in the order `within` has them, and its cache key.
   */
  private componentsOf(within: { vars: readonly number[]; clauses: readonly number[] }, found: readonly Found[], stamp: number): Component[] {
    const { varSeen, clauseSeen, compOf, clauseOf, clauseWhole } = this;
    const comps: Component[] = found.map((f) => ({ vars: [], clauses: [], pick: f.pick, key: undefined, only: f.only }));
    const named: number[][] = found.map(() => []);
    for (const v of within.vars) if (varSeen[v] === stamp && compOf[v]! >= 0) comps[compOf[v]!]!.vars.push(v);
    for (const cid of within.clauses) {
      if (clauseSeen[cid] !== stamp || clauseOf[cid]! < 0) continue;
      comps[clauseOf[cid]!]!.clauses.push(cid);
      if (!clauseWhole[cid]) named[clauseOf[cid]!]!.push(cid);
    }
    for (let k = 0; k < found.length; k++) {
      const f = found[k]!;
      if (f.size + f.nclauses + f.groups.length <= CACHE_MAX) comps[k]!.key = this.keyOf(comps[k]!.vars, named[k]!, f.groups);
    }
    return comps;
  }

  /**
   * A component's cache key, as sharpSAT's: its variables, its clauses of three literals or more
   * that are not yet satisfied and have lost a literal (each list packed, `appendPacked`), and its
   * groups' states (text, after both lists). The other clauses follow from its variables: a clause
   * of two, or of more whose variables are all unassigned, is in the component exactly when its
   * variables are.
   */
  private keyOf(vars: readonly number[], clauses: readonly number[], groups: string[]): string {
    return cacheKey(vars, clauses, groups, this.codes);
  }
}

/** Lists as one array (`items`) and where each starts in it (`at`, one more than the lists). */
function flat(lists: readonly (readonly number[])[]): [at: Int32Array, items: Int32Array] {
  const at = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) at[i + 1] = at[i]! + lists[i]!.length;
  const items = new Int32Array(at[lists.length]!);
  for (let i = 0; i < lists.length; i++) items.set(lists[i]!, at[i]!);
  return [at, items];
}

/**
 * Appends increasing numbers (each 0 or more) to `out` as character codes: each one's distance
 * from the one before (from -1 for the first) in base 128, low digits first, every digit but
 * the last with 128 added. A distance is 1 or more, so no code is 0, which ends the list; and
 * every code is under 256, so the key is a string of one byte a character.
 */
function appendPacked(ns: readonly number[], out: number[]): void {
  let prev = -1;
  for (const x of ns) {
    let d = x - prev;
    prev = x;
    while (d >= 128) {
      out.push(128 | (d & 127));
      d >>>= 7;
    }
    out.push(d);
  }
  out.push(0);
}

/**
 * A cache key (see `Counter.keyOf`): increasing variable and clause numbers, and the groups'
 * states as text without a 0 (sorted here). `codes` is scratch space. Exported for its tests.
 */
export function cacheKey(vars: readonly number[], clauses: readonly number[], groups: string[], codes: number[] = []): string {
  codes.length = 0;
  appendPacked(vars, codes);
  appendPacked(clauses, codes);
  // The groups' text as codes too: one flat string (a key joined from two pieces is kept as
  // both pieces and a flat copy once the map hashes it).
  if (groups.length) {
    const text = groups.sort().join(";");
    for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
  }
  return stringOf(codes);
}

/** The string of these character codes. */
function stringOf(codes: readonly number[]): string {
  if (codes.length <= 8192) return String.fromCharCode.apply(null, codes as number[]);
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode.apply(null, codes.slice(i, i + 8192));
  return out;
}

/** `sorted` with `more[from..]` (increasing) merged in, in increasing order. */
function mergeSorted(sorted: readonly number[], more: readonly number[], from: number): number[] {
  const out: number[] = [];
  let i = 0;
  let j = from;
  while (i < sorted.length || j < more.length) {
    if (j >= more.length || (i < sorted.length && sorted[i]! < more[j]!)) out.push(sorted[i++]!);
    else out.push(more[j++]!);
  }
  return out;
}

/** `sorted` with `v` inserted in order (a new array). */
function withSorted(sorted: readonly number[], v: number): number[] {
  const out: number[] = [];
  let put = false;
  for (const x of sorted) {
    if (!put && v < x) {
      out.push(v);
      put = true;
    }
    out.push(x);
  }
  if (!put) out.push(v);
  return out;
}
