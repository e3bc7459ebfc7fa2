/**
 * Exact model counting (#SAT with component decomposition and caching, as in sharpSAT, in
 * miniature), over clauses and groups: a group is a set of variables whose true members must
 * satisfy a rule (at most k; or, for the model layer's facets, that a matching exists). Every
 * group rule is downward closed (a subset of an allowed selection is allowed), so a group is
 * violated as soon as its selected members are. The model layer states a catalog's valid stacks
 * this way (see `countingProblem`): facet values are not variables there, so a selection of
 * plugins counts once when some assignment of values makes it valid.
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
   * clause or group looked at when a variable is set: counted, so a limit stops the same count at
   * the same point on every machine.
   */
  maxWork?: number;
  /** Receives the work done. */
  stats?: { work: number };
}

interface Ctx {
  memo: Map<string, bigint>;
  deadline?: number;
  work: number;
  maxWork: number;
}

export type CountLit = number; // +v / -v, variables 1..n

export interface CountGroup {
  /** Variables of the group's members. */
  vars: number[];
  /** Is this set of selected members allowed? Must be downward closed. */
  allows(selected: number[]): boolean;
  /** Identifies the rule, for caching (two groups with the same tag and rule are the same). */
  tag: string;
}

export interface CountProblem {
  nvars: number;
  clauses: CountLit[][];
  groups: CountGroup[];
}

interface G {
  g: CountGroup;
  free: number[];
  selected: number[];
}

/**
 * The number of assignments of variables 1..nvars that satisfy every clause and group. Throws
 * Timeout past the budget's deadline, and CountLimit past `limits.maxWork`.
 */
export function countModels(p: CountProblem, budget?: { deadline?: number }, limits: CountLimits = {}): bigint {
  const ctx: Ctx = { memo: new Map(), ...(budget?.deadline !== undefined ? { deadline: budget.deadline } : {}), work: 0, maxWork: limits.maxWork ?? Infinity };
  const groups: G[] = p.groups.map((g) => ({ g, free: [...g.vars].sort((a, b) => a - b), selected: [] }));
  const mentioned = new Set<number>();
  for (const c of p.clauses) for (const l of c) mentioned.add(Math.abs(l));
  for (const g of groups) for (const v of g.free) mentioned.add(v);
  const unconstrained = p.nvars - mentioned.size;
  try {
    return count(p.clauses.map((c) => [...new Set(c)]), groups, [...mentioned], ctx) * (1n << BigInt(unconstrained));
  } finally {
    if (limits.stats) limits.stats.work = ctx.work;
  }
}

function assign(clauses: CountLit[][], groups: G[], lit: CountLit, ctx: Ctx): { clauses: CountLit[][]; groups: G[] } | null {
  ctx.work += clauses.length + groups.length;
  if (ctx.work > ctx.maxWork) throw new CountLimit(ctx.maxWork);
  const v = Math.abs(lit);
  const out: CountLit[][] = [];
  for (const c of clauses) {
    if (c.includes(lit)) continue;
    if (c.includes(-lit)) {
      const r = c.filter((l) => l !== -lit);
      if (r.length === 0) return null;
      out.push(r);
    } else out.push(c);
  }
  const gs: G[] = [];
  for (const g of groups) {
    if (!g.free.includes(v)) {
      gs.push(g);
      continue;
    }
    const selected = lit > 0 ? [...g.selected, v].sort((a, b) => a - b) : g.selected;
    if (lit > 0 && !g.g.allows(selected)) return null;
    const free = g.free.filter((x) => x !== v);
    if (free.length > 0) gs.push({ g: g.g, free, selected });
  }
  return { clauses: out, groups: gs };
}

/**
 * The count of one subproblem. Written as small functions without closures: as one function with
 * its helpers inlined, V8's optimising compiler spent 77 ms of the second core on it in the
 * built-in catalog's `analyze`, after the count was done, and the process waited for it at exit
 * (`node --trace-opt`; bench/README.md, "The floor").
 */
function count(clauses: CountLit[][], groups: G[], vars: number[], ctx: Ctx): bigint {
  if (ctx.deadline !== undefined && Date.now() > ctx.deadline) throw new Timeout();
  const p = propagate(clauses, groups, ctx);
  if (!p) return 0n;
  // Variables still mentioned; the others of `vars` are free (a factor of 2 each).
  const live = liveVars(p.clauses, p.groups);
  const freeVars = vars.length - p.forced - live.size;
  let total = 1n << BigInt(Math.max(0, freeVars));
  if (live.size === 0) return total;
  for (const comp of components(p.clauses, p.groups, live)) {
    const key = componentKey(comp.clauses, comp.groups);
    let n = ctx.memo.get(key);
    if (n === undefined) {
      n = branch(comp, ctx);
      ctx.memo.set(key, n);
    }
    total *= n;
    if (total === 0n) return 0n;
  }
  return total;
}

/** Unit propagation: the clauses and groups left, and how many variables it forced; null on a conflict. */
function propagate(clauses: CountLit[][], groups: G[], ctx: Ctx): { clauses: CountLit[][]; groups: G[]; forced: number } | null {
  let forced = 0;
  for (;;) {
    let unit: CountLit | undefined;
    for (const c of clauses) {
      if (c.length === 1) {
        unit = c[0]!;
        break;
      }
    }
    if (unit === undefined) return { clauses, groups, forced };
    const r = assign(clauses, groups, unit, ctx);
    if (!r) return null;
    clauses = r.clauses;
    groups = r.groups;
    forced++;
  }
}

function liveVars(clauses: CountLit[][], groups: G[]): Set<number> {
  const live = new Set<number>();
  for (const c of clauses) for (const l of c) live.add(Math.abs(l));
  for (const g of groups) for (const v of g.free) live.add(v);
  return live;
}

interface Component {
  clauses: CountLit[][];
  groups: G[];
  vars: number[];
}

/** The root of `x` in a union-find forest, with path compression. */
function findRoot(parent: Map<number, number>, x: number): number {
  let r = x;
  while (parent.get(r) !== r) r = parent.get(r)!;
  parent.set(x, r);
  return r;
}

/** Joins the sets of `xs` (absolute values of literals, or variables). */
function linkAll(parent: Map<number, number>, xs: readonly number[]): void {
  if (xs.length < 2) return;
  const first = findRoot(parent, Math.abs(xs[0]!));
  for (let i = 1; i < xs.length; i++) parent.set(findRoot(parent, Math.abs(xs[i]!)), first);
}

/** Components: variables linked by a clause or a group, in the order their first variable is live. */
function components(clauses: CountLit[][], groups: G[], live: Set<number>): Component[] {
  const parent = new Map<number, number>();
  for (const v of live) parent.set(v, v);
  for (const c of clauses) linkAll(parent, c);
  for (const g of groups) linkAll(parent, g.free);
  const comps = new Map<number, Component>();
  for (const v of live) {
    const r = findRoot(parent, v);
    let comp = comps.get(r);
    if (!comp) comps.set(r, (comp = { clauses: [], groups: [], vars: [] }));
    comp.vars.push(v);
  }
  for (const c of clauses) comps.get(findRoot(parent, Math.abs(c[0]!)))!.clauses.push(c);
  for (const g of groups) comps.get(findRoot(parent, g.free[0]!))!.groups.push(g);
  return [...comps.values()];
}

/** Branches on the variable that occurs most (the lowest among equals): the count of both sides. */
function branch(comp: Component, ctx: Ctx): bigint {
  const occ = new Map<number, number>();
  for (const c of comp.clauses) for (const l of c) occ.set(Math.abs(l), (occ.get(Math.abs(l)) ?? 0) + 1);
  for (const g of comp.groups) for (const v of g.free) occ.set(v, (occ.get(v) ?? 0) + 2);
  let best = comp.vars[0]!;
  for (const v of comp.vars) if ((occ.get(v) ?? 0) > (occ.get(best) ?? 0) || ((occ.get(v) ?? 0) === (occ.get(best) ?? 0) && v < best)) best = v;
  const rest: number[] = [];
  for (const v of comp.vars) if (v !== best) rest.push(v);
  let n = 0n;
  for (const lit of [best, -best]) {
    const r = assign(comp.clauses, comp.groups, lit, ctx);
    if (r) n += count(r.clauses, r.groups, rest, ctx);
  }
  return n;
}

function componentKey(clauses: CountLit[][], groups: G[]): string {
  const cs = clauses.map((c) => [...c].sort((a, b) => a - b).join(",")).sort();
  const gs = groups.map((g) => `${g.g.tag}|${g.free.join(",")}|${g.selected.join(",")}`).sort();
  return `${cs.join(";")}#${gs.join(";")}`;
}
