/**
 * `mlx-solve/testing`: property-based testing helpers for the users of a catalog.
 *
 * @example
 * import fc from "fast-check";
 * import { loadCatalog } from "mlx-solve";
 * import { validStackArbitrary } from "mlx-solve/testing";
 *
 * const catalog = loadCatalog();
 * fc.assert(
 *   fc.property(validStackArbitrary(catalog, { useCases: ["rag"] }), (stack) => {
 *     // Your own test of a valid stack goes here (deploy it, smoke-test it, ...).
 *     return stack.plugins.some((p) => catalog.plugins.get(p.id)!.types.includes("vector_database"));
 *   }),
 *   { seed: 42, numRuns: 20 },
 * );
 */
import fc from "fast-check";
import type { Catalog } from "./core/catalog/catalog.js";
import { resolve } from "./core/commands/common.js";
import { buildModel } from "./core/model/build.js";
import type { Request } from "./core/model/request.js";
import { completeFacets } from "./core/model/stack.js";
import { pluginOf, pv } from "./core/model/vars.js";
import { newBudget } from "./core/common/budget.js";
import { SatOracle } from "./core/solve/oracle.js";
import { neg } from "./core/solve/types.js";

/** A stack the arbitrary gives, as a stack file holds it: the request's use cases (ids), and its plugins, each with its assigned facet value where its type assigns one. */
export interface GeneratedStack {
  use_cases: string[];
  plugins: { id: string; facet?: string }[];
}

/**
 * An arbitrary of valid stacks for a catalog and an optional request (each a stack file's
 * `use_cases` and `plugins`, which `check` accepts as they are). Each value keeps as many of a random, ordered wish list (plugins in or out) as can
 * hold together, around a "pivot" plugin that must be in it; every plugin that can be in some
 * valid stack for the request is a possible pivot, so every such plugin is reachable. Throws InputError for a bad request, and
 * Error when the request has no valid stack at all.
 */
export function validStackArbitrary(catalog: Catalog, request: Request = {}): fc.Arbitrary<GeneratedStack> {
  const req = resolve(catalog, request);
  const model = buildModel(catalog, req, "all");
  let oracle = new SatOracle(model, newBudget());
  const sels = model.requests.map((r) => r.selector);
  if (!oracle.sat(sels)) throw new Error("validStackArbitrary: this request has no valid stack");
  const ids = [...catalog.plugins.keys()];
  const live = ids.filter((id) => oracle.sat([...sels, pv(id)]));
  const pivots = fc.option(fc.constantFrom(...live), { nil: undefined, freq: 4 });
  // One solver, reused through assumptions; every plugin ends up assumed in or out, and facet
  // values are then fixed in name order, so a value depends only on the generated inputs.
  return fc.record({ pivot: pivots, wish: fc.shuffledSubarray(ids) }).map(({ pivot, wish }) => {
    // Assumption variables accumulate; a fresh solver every so often keeps each call cheap.
    if (oracle.extensions > 2000) {
      oracle.release();
      oracle = new SatOracle(model, newBudget());
    }
    let head = oracle.extend(undefined, [...sels, ...(pivot ? [pv(pivot)] : [])]);
    const wanted = new Set(wish);
    const order = [...wish.map((id) => pv(id)), ...ids.filter((id) => !wanted.has(id)).map((id) => neg(pv(id)))];
    // Keep each wish that still leaves a valid stack, else its opposite: every plugin ends up
    // decided, so the stack depends only on the generated inputs.
    // A solution of the literals kept so far answers "can this one be kept too?" whenever it
    // already holds it, without a call to the solver (one call in five on the built-in catalog).
    let known = oracle.solve([head]);
    const selected = new Set<string>();
    for (const lit of order) {
      const next = oracle.extend(head, [lit]);
      let keep = known !== null && known.evaluate(lit);
      if (!keep) {
        const s = oracle.solve([next]);
        keep = s !== null;
        if (s) known = s;
      }
      // Not kept: `known`, which does not hold `lit`, holds its opposite, and stays a solution.
      head = keep ? next : oracle.extend(head, [neg(lit)]);
      const inStack = keep === !lit.startsWith("-");
      if (inStack) selected.add(pluginOf(lit.replace(/^-/, ""))!);
    }
    const { facets } = completeFacets(oracle, model, head, selected);
    return { use_cases: [...req.useCases], plugins: ids.filter((id) => selected.has(id)).map((id) => (facets.has(id) ? { id, facet: facets.get(id)! } : { id })) };
  });
}
