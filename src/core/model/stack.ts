/** Stacks read back from the solver's answers, in the shape of the JSON contract. */
import { assigningType, type Catalog, type Plugin } from "../catalog/catalog.js";
import type { SatOracle } from "../solve/oracle.js";
import type { Model } from "../solve/types.js";
import type { ResolvedRequest } from "./request.js";
import { requestedCapabilities } from "./scope.js";
import { facetOf, pluginOf, readSelection } from "./vars.js";

/** A plugin of a stack in results: its id, its (primary) type, the facet value it is assigned (its role), what it serves. */
export interface StackPlugin {
  id: string;
  type: string;
  facet?: string;
  /** The capabilities the requested use cases need or suggest that this plugin provides, in its role. */
  serves?: string[];
}

/** A stack in results (the JSON contract's `stack`): the requested use cases (ids) and the plugins, by id. */
export interface Stack {
  use_cases: string[];
  plugins: StackPlugin[];
}

/** The stack of plugins `ids` with facet values `facet` (kept only where a type assigns one). */
export function makeStack(catalog: Catalog, req: ResolvedRequest, ids: Iterable<string>, facet: ReadonlyMap<string, string>): Stack {
  const requested = requestedCapabilities(catalog, req);
  return {
    use_cases: [...req.useCases],
    plugins: [...ids].sort().map((id) => {
      const p = catalog.plugins.get(id)!;
      const f = assigningType(catalog, p) ? facet.get(id) : undefined;
      const serves = servedCapabilities(p, f, requested);
      return { id, type: p.types[0]!, ...(f !== undefined ? { facet: f } : {}), ...(serves.length ? { serves } : {}) };
    }),
  };
}

/**
 * The requested capabilities a plugin provides in its role: a capability tied to facet values
 * (`facet_capabilities`) counts only when one of them is the plugin's assigned value.
 */
function servedCapabilities(p: Plugin, facet: string | undefined, requested: ReadonlySet<string>): string[] {
  const tied = new Set(Object.values(p.facetCapabilities).flat());
  const inRole = new Set(facet !== undefined ? (p.facetCapabilities[facet] ?? []) : []);
  return p.capabilities.filter((c) => requested.has(c) && (!tied.has(c) || inRole.has(c)));
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
 * final head and the values. Used by generated stacks (testing.ts); `sample` settles the same rule
 * on its own solver (settleChoices in solve/pairwise.ts).
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

/** A requested capability a stack meets only through plugins in another role (see `outsideRole`). */
export interface OutsideRole {
  capability: string;
  /** The stack's plugins that have the capability, none of them in a role that serves it. */
  plugins: string[];
}

/**
 * The requested capabilities (needs and suggestions of the use cases) a stack counts as provided
 * only by plugins whose assigned facet value is another role: the rules count a capability a
 * plugin has whatever its role (the product's semantics: the role is chosen "where possible"),
 * while `serves` shows only what each plugin does in its role. Said so that a table in which no
 * plugin serves a need is not read as a need unmet.
 */
export function outsideRole(catalog: Catalog, req: ResolvedRequest, stack: Stack): OutsideRole[] {
  const served = new Set(stack.plugins.flatMap((p) => p.serves ?? []));
  const out: OutsideRole[] = [];
  for (const cap of [...requestedCapabilities(catalog, req)].sort()) {
    if (served.has(cap)) continue;
    const by = stack.plugins.filter((p) => catalog.plugins.get(p.id)?.capabilities.includes(cap)).map((p) => p.id);
    if (by.length) out.push({ capability: cap, plugins: by });
  }
  return out;
}
