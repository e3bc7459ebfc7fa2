/**
 * A search near the best stack so far, for the integration gaps (large-neighbourhood search, as
 * in Shaw 1998 and the "LNS" of constraint programming): the engine's proof of that level can
 * run for minutes on a large sparse catalog, and a lazy level has no search from above, so a
 * timeout used to show the first stack it found. Here each step takes the best stack, drops a few
 * of its plugins, lets in a few dozen plugins of the request's scope that could replace them (see
 * `neighbourSearch`), and solves the request exactly on that small set with the ordinary
 * lexicographic search. Every plugin left out is simply not selected, so a stack found there is a
 * valid stack of the whole catalog with the same costs; since the best stack is always in the
 * set, a step never makes it worse.
 *
 * Measured on the synthetic sparse catalog of 10,000 plugins (bench/): without it the proof
 * reached a bound of 7 in 15 minutes and the answer stayed the first stack, 138 gaps (clasp: 104
 * after 17 minutes; after 10 minutes of its core-guided search, a bound of 5 and no stack); with
 * it, 12–23 gaps after 120 s.
 */
import type { Catalog } from "../catalog/catalog.js";
import { pastDeadline, WORK_PER_SECOND, workDone, type Budget } from "../common/budget.js";
import { prng } from "../common/random.js";
import { solveLex, type Neighbours } from "../solve/engine.js";
import { searchDefaults } from "../solve/settings.js";
import type { Model } from "../solve/types.js";
import { buildModel } from "./build.js";
import type { ResolvedRequest } from "./request.js";
import { gapRows, namedPlugins, requestedCapabilities } from "./scope.js";
import { pluginOf } from "./vars.js";

/**
 * Per step: how many plugins of the stack are dropped (fewest, most), how many plugins are let in
 * for their few gaps with the rest, how many providers are let in for each capability the drop
 * left unprovided, how much noise the scores get, and how much work one step's solve may do (common/budget.ts).
 */
export const neighbourTuning = { drop: [2, 5] as [number, number], candidates: 20, providers: 5, noise: 3, stepWork: 2 * WORK_PER_SECOND };

/** Lexicographically smaller. */
const better = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/** Index of a pick from `weights` (positive numbers) with probability proportional to each. */
function pickWeighted(weights: readonly number[], random: () => number): number {
  let x = random() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

export interface ScopeContext {
  catalog: Catalog;
  /** The plugins of the request's scope. */
  ids: readonly string[];
  gapsOf: (id: string) => ReadonlySet<string>;
  /** A plugin's capabilities that the requested use cases need or suggest. */
  capsOf: (id: string) => string[];
  random: () => number;
}

/** What `stepScope` needs of the request's model, seeded. Exported for the tests. */
export function scopeContext(catalog: Catalog, req: ResolvedRequest, model: Model, seed = 1): ScopeContext {
  const ids = model.vars.map((v) => pluginOf(v)!);
  const gapRow = gapRows(catalog, ids);
  const gapSets = new Map<string, Set<string>>();
  const gapsOf = (id: string): ReadonlySet<string> => {
    let s = gapSets.get(id);
    if (!s) gapSets.set(id, (s = new Set(gapRow(id))));
    return s;
  };
  const wanted = requestedCapabilities(catalog, req);
  const capsOf = (id: string) => catalog.plugins.get(id)!.capabilities.filter((c) => wanted.has(c));
  return { catalog, ids, gapsOf, capsOf, random: prng(seed) };
}

/**
 * The plugins one step solves on, after dropping `drop` from `stack`: the stack itself, for each
 * capability of the use cases that only dropped plugins provided, its `providers` providers with
 * fewest gaps with the plugins kept, and the `candidates` plugins with fewest gaps with them.
 * Scores get noise (from `ctx.random`), so that steps differ. Exported for the tests.
 */
export function stepScope(ctx: ScopeContext, stack: readonly string[], drop: ReadonlySet<string>): Set<string> {
  const { catalog, ids, gapsOf, capsOf, random } = ctx;
  const inStack = new Set(stack);
  const kept = stack.filter((a) => !drop.has(a));
  const gaps = new Map<string, number>();
  for (const a of kept) for (const b of gapsOf(a)) if (!inStack.has(b)) gaps.set(b, (gaps.get(b) ?? 0) + 1);
  const scored = ids.filter((b) => !inStack.has(b)).map((b) => ({ b, score: (gaps.get(b) ?? 0) + random() * neighbourTuning.noise }));
  scored.sort((x, y) => x.score - y.score || (x.b < y.b ? -1 : 1));
  const provided = new Set(kept.flatMap(capsOf));
  const lost = new Set([...drop].flatMap(capsOf).filter((c) => !provided.has(c)));
  const scope = new Set(stack);
  for (const c of [...lost].sort()) {
    let n = 0;
    for (const x of scored) {
      if (n === neighbourTuning.providers) break;
      if (!catalog.plugins.get(x.b)!.capabilities.includes(c)) continue;
      scope.add(x.b);
      n++;
    }
  }
  for (const x of scored.slice(0, neighbourTuning.candidates)) scope.add(x.b);
  return scope;
}

/**
 * `Neighbours` for the request's model (its plugins are the request's scope). Seeded: the same
 * steps every run. A step:
 * - drops 2–5 plugins of the stack, each drawn in proportion to 1 + its gaps inside the stack (a
 *   plugin without gaps is rarely the one to replace);
 * - lets in, for each capability of the use cases that the drop left unprovided, the few plugins
 *   that provide it with fewest gaps with the plugins kept (without them the solve can only put
 *   the dropped plugins back: on the sparse 10k catalog some needed capabilities have 4–15
 *   providers, and a scope of the 40 plugins with fewest gaps rarely held one), and the plugins
 *   with fewest gaps with the plugins kept, with some noise so that steps differ.
 * Measured on the sparse 10k catalog, calls chained for 20 s from the optimum of the first three
 * levels, seeds 1–5: 12 12 12 15 12 gaps; the former steps (uniform drops, the 40 plugins of
 * fewest gaps) 20 20 18 21 39.
 */
export function neighbourSearch(catalog: Catalog, req: ResolvedRequest, model: Model, seed = 1): Neighbours {
  const ctx = scopeContext(catalog, req, model, seed);
  const { gapsOf, random } = ctx;
  // Plugins the request names are in every step's set: a wish about a plugin outside the set
  // would otherwise cost differently there than in the whole model.
  const named = namedPlugins(req).filter((id) => catalog.plugins.has(id));
  return (selected, costs, until, budget) => {
    const stack = selected.map((v) => pluginOf(v)!);
    const [fewest, most] = neighbourTuning.drop;
    const weights = stack.map((a) => 1 + stack.filter((b) => gapsOf(a).has(b)).length);
    while (workDone(budget) < until && !pastDeadline(budget)) {
      const drop = new Set<string>();
      const k = fewest + Math.floor(random() * (most - fewest + 1));
      for (let i = 0; i < k && stack.length; i++) drop.add(stack[pickWeighted(weights, random)]!);
      const scope = stepScope(ctx, stack, drop);
      for (const id of named) scope.add(id);
      // A step's own budget: its share of the work, and the caller's clock as the safety net.
      const sub: Budget = { calls: 0, work: workDone(budget), workLimit: Math.min(until, workDone(budget) + neighbourTuning.stepWork), ...(budget.deadline !== undefined ? { deadline: budget.deadline } : {}) };
      // The small searches' own trace lines would bury the big one's.
      const trace = searchDefaults.trace;
      searchDefaults.trace = undefined;
      let r;
      try {
        r = solveLex(buildModel(catalog, req, scope), { budget: sub, canonicalise: false, strategy: "linear" });
      } finally {
        searchDefaults.trace = trace;
      }
      budget.calls += sub.calls;
      budget.work = sub.work;
      if (sub.clockStopped) budget.clockStopped = true;
      // A step stopped by its time still has a valid stack, maybe a cheaper one.
      if (r.status !== "unsat" && r.assignment && better(r.assignment.costs, costs)) return [...r.assignment.trueVars].filter((v) => pluginOf(v) !== undefined);
    }
    return undefined;
  };
}
