/**
 * A search near the best stack so far, for the integration gaps (large-neighbourhood search, as
 * in Shaw 1998 and the "LNS" of constraint programming): the engine's proof of that level can
 * run for minutes on a large sparse catalog, and a lazy level has no search from above, so a
 * timeout used to show the first stack it found. Here each step takes the best stack, drops a few
 * of its plugins at random, lets in the plugins of the request's scope that have fewest gaps
 * with the rest (with a little noise, so that steps differ), and solves the request exactly on
 * that small set of plugins (the stack itself and ~40 more) with the ordinary lexicographic
 * search. Every plugin left out is simply not selected, so a stack found there is a valid stack
 * of the whole catalog with the same costs; since the best stack is always in the set, a step
 * never makes it worse.
 *
 * Measured on the synthetic sparse catalog of 10,000 plugins (bench/): the proof reached a bound
 * of 7 in 15 minutes and the answer stayed the first stack, 138 gaps (clasp: 104 after 17
 * minutes); steps of ~50 ms found stacks of 26–30 gaps within 30 s.
 */
import type { Catalog } from "./catalog-model.js";
import { solveLex, type Neighbours } from "./engine.js";
import { buildModel, gapRows, type Model } from "./model.js";
import { prng } from "./random.js";
import { searchDefaults } from "./settings.js";
import type { ResolvedRequest } from "./request.js";

/** Plugins let in per step, how much noise their scores get, how many of the stack are dropped. */
export const neighbourTuning = { candidates: 40, noise: 3, drop: [2, 5] as [number, number] };

/** Lexicographically smaller. */
const better = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/** `Neighbours` for the request's model (its plugins are the request's scope). Seeded: the same steps every run. */
export function neighbourSearch(catalog: Catalog, req: ResolvedRequest, model: Model, seed = 1): Neighbours {
  const ids = model.pluginVars.map((v) => v.slice(2));
  const gapRow = gapRows(catalog, ids);
  // Plugins the request names are in every step's set: a wish about a plugin outside the set
  // would otherwise cost differently there than in the whole model.
  const named = [...req.require, ...req.prefer, ...req.pins.map((p) => p.id)].filter((id) => catalog.plugins.has(id));
  const random = prng(seed);
  return (selected, costs, deadline, budget) => {
    const stack = selected.map((v) => v.slice(2));
    const inStack = new Set(stack);
    const [fewest, most] = neighbourTuning.drop;
    while (Date.now() < deadline) {
      const drop = new Set<string>();
      const k = fewest + Math.floor(random() * (most - fewest + 1));
      for (let i = 0; i < k && stack.length; i++) drop.add(stack[Math.floor(random() * stack.length)]!);
      const gaps = new Map<string, number>();
      for (const a of stack) if (!drop.has(a)) for (const b of gapRow(a)) if (!inStack.has(b)) gaps.set(b, (gaps.get(b) ?? 0) + 1);
      const scored = ids.filter((b) => !inStack.has(b)).map((b) => ({ b, score: (gaps.get(b) ?? 0) + random() * neighbourTuning.noise }));
      scored.sort((x, y) => x.score - y.score || (x.b < y.b ? -1 : 1));
      const scope = new Set([...stack, ...named, ...scored.slice(0, neighbourTuning.candidates).map((x) => x.b)]);
      const sub = { deadline, calls: 0 };
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
      if (r.status === "optimal" && better(r.assignment.costs, costs)) return [...r.assignment.trueVars].filter((v) => v.startsWith("p:"));
    }
    return undefined;
  };
}
