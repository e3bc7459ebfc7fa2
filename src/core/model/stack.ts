/** Stacks read back from the solver's answers, in the shape of the JSON contract. */
import { assigningType, type Catalog } from "../catalog/catalog.js";
import type { SatOracle } from "../solve/oracle.js";
import type { Model } from "../solve/types.js";
import type { ResolvedRequest } from "./request.js";
import { facetOf, pluginOf, readSelection } from "./vars.js";

export interface StackPlugin {
  id: string;
  type: string;
  facet?: string;
}

export interface Stack {
  use_cases: string[];
  plugins: StackPlugin[];
}

/** The stack of plugins `ids` with facet values `facet` (kept only where a type assigns one). */
export function makeStack(catalog: Catalog, req: ResolvedRequest, ids: Iterable<string>, facet: ReadonlyMap<string, string>): Stack {
  return {
    use_cases: [...req.useCases],
    plugins: [...ids].sort().map((id) => {
      const p = catalog.plugins.get(id)!;
      const f = assigningType(catalog, p) ? facet.get(id) : undefined;
      return { id, type: p.types[0]!, ...(f !== undefined ? { facet: f } : {}) };
    }),
  };
}

/** The stack a solution's true variables describe. */
export function stackFromAssignment(catalog: Catalog, req: ResolvedRequest, a: { trueVars: Iterable<string> }): Stack {
  const { ids, facets } = readSelection(a.trueVars);
  return makeStack(catalog, req, ids, facets);
}

/**
 * Completes a selection of plugins with facet values on `oracle` (built on `model`), under the
 * assumption variable `head` (which fixes the selection): each selected plugin, in name order,
 * takes its first value (in the model's order) that still leaves a valid stack. Returns the
 * final head and the values. Used by generated stacks (testing.ts) and by `sample`.
 */
export function completeFacets(oracle: SatOracle, model: Model, head: string, selected: ReadonlySet<string>): { head: string; facets: Map<string, string> } {
  const facets = new Map<string, string>();
  const choices = [...(model.choices ?? [])].sort((x, y) => (x.owner < y.owner ? -1 : x.owner > y.owner ? 1 : 0));
  for (const { owner, options } of choices) {
    const id = pluginOf(owner);
    if (id === undefined || !selected.has(id)) continue;
    for (const f of options) {
      const next = oracle.extend(head, [f]);
      if (oracle.sat([next])) {
        head = next;
        facets.set(id, facetOf(f)!.value);
        break;
      }
    }
  }
  return { head, facets };
}
