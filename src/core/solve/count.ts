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
 * selected members: those determine what is left of it, so its count is cached under them.
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
   * The most characters of cache keys kept (default `CACHE_CHARS`): past it the cache starts
   * afresh, so that a long count (`--count-limit none`) holds its memory.
   */
  cacheChars?: number;
}

/** About 100 MB of cache keys and their counts. */
export const CACHE_CHARS = 50_000_000;

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

/** A component found after a decision: its variables, the variable to branch on, its cache key. */
interface Component {
  vars: number[];
  pick: number;
  /** Undefined for a component too big to cache (`CACHE_MAX`). */
  key: string | undefined;
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
  private readonly clauses: Int32Array[];
  /** Clauses by literal (`idx`). */
  private readonly occ: number[][];
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
  /**
   * The branching score of a variable: its occurrences in its component's live clauses, a
   * positive one counting twice (most of a catalog's clauses are "not a, or ..."; setting a
   * variable that occurs positively shortens them). Measured on synthetic catalogs of 50 and 100
   * plugins against plain occurrences, with and without group members' weight: 0.4-0.6 of the
   * work (bench/README.md, "The exact count").
   */
  private readonly score: Int32Array;
  private empty = false;

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
    this.occ = Array.from({ length: 2 * n + 2 }, () => []);
    this.clauses = [];
    for (const c of p.clauses) {
      const lits = [...new Set(c)];
      if (lits.some((l) => lits.includes(-l))) continue; // always satisfied
      if (lits.length === 0) this.empty = true;
      const id = this.clauses.length;
      this.clauses.push(Int32Array.from(lits));
      for (const l of lits) this.occ[idx(l)]!.push(id);
    }
    this.clauseSeen = new Int32Array(this.clauses.length);
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
    for (const c of this.clauses) if (c.length === 1 && !this.assume(c[0]!)) return 0n;
    // A member no selection allows, alone: false from the start.
    for (let i = 0; i < this.groups.length; i++) if (!this.checkGroup(i)) return 0n;
    if (!this.propagate()) return 0n;
    const all: number[] = [];
    for (let v = 1; v <= this.n; v++) all.push(v);
    return this.countRegion(all);
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
    const { trail, clauses, occ, val } = this;
    while (this.qhead < trail.length) {
      const lit = trail[this.qhead++]!;
      const falsified = occ[idx(-lit)]!;
      this.tick(falsified.length + 1);
      for (const cid of falsified) {
        const c = clauses[cid]!;
        let unassigned = 0;
        let last = 0;
        let sat = false;
        for (let i = 0; i < c.length; i++) {
          const l = c[i]!;
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
  private countRegion(vars: readonly number[]): bigint {
    const stack: Frame[] = [this.region(vars)];
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
      if (this.propagate()) stack.push(this.region(f.comp.vars));
      else this.undo(f.mark);
    }
  }

  /** Caches a component's count; a full cache is emptied first (counts stay exact: it only saves work). */
  private remember(key: string, n: bigint): void {
    if (this.memoChars + key.length > this.cacheChars) {
      this.memo.clear();
      this.memoChars = 0;
    }
    this.memo.set(key, n);
    this.memoChars += key.length;
  }

  private region(vars: readonly number[]): Frame {
    const { free, comps } = this.components(vars);
    return { kind: "region", comps, next: 0, total: 1n << BigInt(free) };
  }

  /** Adds `w` to the component being searched (`cvars`), its score zero, unless it is in one already. */
  private enter(w: number, stamp: number, cvars: number[]): void {
    if (this.varSeen[w] === stamp) return;
    this.varSeen[w] = stamp;
    this.score[w] = 0;
    cvars.push(w);
  }

  /**
   * The unassigned variables of `vars`, split into components (breadth first over the live
   * clauses and groups), and how many are free (in no live clause or group).
   */
  private components(vars: readonly number[]): { free: number; comps: Component[] } {
    const stamp = ++this.stamp;
    const { val, varSeen, clauseSeen, groupSeen, score, clauses, occ } = this;
    let free = 0;
    const comps: Component[] = [];
    for (const root of vars) {
      if (val[root] !== 0 || varSeen[root] === stamp) continue;
      const cvars: number[] = [];
      this.enter(root, stamp, cvars);
      const cclauses: number[] = [];
      const cgroups: string[] = [];
      for (let q = 0; q < cvars.length; q++) {
        const u = cvars[q]!;
        this.tick(1);
        for (let side = 0; side < 2; side++) {
          for (const cid of occ[2 * u + side]!) {
            if (clauseSeen[cid] === stamp) continue;
            clauseSeen[cid] = stamp;
            this.tick(1);
            const c = clauses[cid]!;
            let sat = false;
            for (let i = 0; i < c.length; i++) {
              const l = c[i]!;
              const x = val[l > 0 ? l : -l]!;
              if (x !== 0 && (x > 0) === (l > 0)) {
                sat = true;
                break;
              }
            }
            if (sat) continue;
            cclauses.push(cid);
            for (let i = 0; i < c.length; i++) {
              const w = c[i]! > 0 ? c[i]! : -c[i]!;
              if (val[w] !== 0) continue;
              this.enter(w, stamp, cvars);
              score[w]! += c[i]! > 0 ? 2 : 1;
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
            else if (val[w] === 0) this.enter(w, stamp, cvars);
          }
          cgroups.push(g.atMost !== undefined ? `${gid}:${selected.length}` : `${gid}:${selected.join(".")}`);
        }
      }
      if (cvars.length === 1 && cclauses.length === 0 && cgroups.length === 0) {
        free++;
        continue;
      }
      let pick = cvars[0]!;
      for (const v of cvars) if (score[v]! > score[pick]! || (score[v] === score[pick] && v < pick)) pick = v;
      let key: string | undefined;
      if (cvars.length + cclauses.length + cgroups.length <= CACHE_MAX) {
        cvars.sort((a, b) => a - b);
        cclauses.sort((a, b) => a - b);
        cgroups.sort();
        key = `${cvars.join(",")}|${cclauses.join(",")}|${cgroups.join(";")}`;
      }
      comps.push({ vars: cvars, pick, key });
    }
    return { free, comps };
  }
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
