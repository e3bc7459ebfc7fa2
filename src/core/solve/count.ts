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

/** The number of assignments of variables 1..nvars that satisfy every clause and group. */
export function countModels(p: CountProblem, budget?: { deadline?: number }): bigint {
  const memo = new Map<string, bigint>();
  const groups: G[] = p.groups.map((g) => ({ g, free: [...g.vars].sort((a, b) => a - b), selected: [] }));
  const mentioned = new Set<number>();
  for (const c of p.clauses) for (const l of c) mentioned.add(Math.abs(l));
  for (const g of groups) for (const v of g.free) mentioned.add(v);
  const unconstrained = p.nvars - mentioned.size;
  return count(p.clauses.map((c) => [...new Set(c)]), groups, [...mentioned], memo, budget) * (1n << BigInt(unconstrained));
}

function assign(clauses: CountLit[][], groups: G[], lit: CountLit): { clauses: CountLit[][]; groups: G[] } | null {
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

function count(clauses: CountLit[][], groups: G[], vars: number[], memo: Map<string, bigint>, budget?: { deadline?: number }): bigint {
  if (budget?.deadline !== undefined && Date.now() > budget.deadline) throw new Timeout();
  // Unit propagation.
  let forced = 0;
  for (;;) {
    const unit = clauses.find((c) => c.length === 1);
    if (!unit) break;
    const r = assign(clauses, groups, unit[0]!);
    if (!r) return 0n;
    clauses = r.clauses;
    groups = r.groups;
    forced++;
  }
  // Variables still mentioned; the others of `vars` are free (a factor of 2 each).
  const live = new Set<number>();
  for (const c of clauses) for (const l of c) live.add(Math.abs(l));
  for (const g of groups) for (const v of g.free) live.add(v);
  const freeVars = vars.length - forced - live.size;
  let total = 1n << BigInt(Math.max(0, freeVars));
  if (live.size === 0) return total;
  // Components: variables linked by a clause or a group.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const v of live) parent.set(v, v);
  const link = (xs: number[]) => {
    for (let i = 1; i < xs.length; i++) parent.set(find(xs[i]!), find(xs[0]!));
  };
  for (const c of clauses) link(c.map(Math.abs));
  for (const g of groups) link(g.free);
  const comps = new Map<number, { clauses: CountLit[][]; groups: G[]; vars: number[] }>();
  for (const v of live) {
    const r = find(v);
    if (!comps.has(r)) comps.set(r, { clauses: [], groups: [], vars: [] });
    comps.get(r)!.vars.push(v);
  }
  for (const c of clauses) comps.get(find(Math.abs(c[0]!)))!.clauses.push(c);
  for (const g of groups) comps.get(find(g.free[0]!))!.groups.push(g);
  for (const comp of comps.values()) {
    const key = componentKey(comp.clauses, comp.groups);
    let n = memo.get(key);
    if (n === undefined) {
      // Branch on the variable that occurs most.
      const occ = new Map<number, number>();
      for (const c of comp.clauses) for (const l of c) occ.set(Math.abs(l), (occ.get(Math.abs(l)) ?? 0) + 1);
      for (const g of comp.groups) for (const v of g.free) occ.set(v, (occ.get(v) ?? 0) + 2);
      let best = comp.vars[0]!;
      for (const v of comp.vars) if ((occ.get(v) ?? 0) > (occ.get(best) ?? 0) || ((occ.get(v) ?? 0) === (occ.get(best) ?? 0) && v < best)) best = v;
      n = 0n;
      for (const lit of [best, -best]) {
        const r = assign(comp.clauses, comp.groups, lit);
        if (r) n += count(r.clauses, r.groups, comp.vars.filter((v) => v !== best), memo, budget);
      }
      memo.set(key, n);
    }
    total *= n;
    if (total === 0n) return 0n;
  }
  return total;
}

function componentKey(clauses: CountLit[][], groups: G[]): string {
  const cs = clauses.map((c) => [...c].sort((a, b) => a - b).join(",")).sort();
  const gs = groups.map((g) => `${g.g.tag}|${g.free.join(",")}|${g.selected.join(",")}`).sort();
  return `${cs.join(";")}#${gs.join(";")}`;
}
