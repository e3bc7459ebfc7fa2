/**
 * The names of the model's variables: the one place that makes them and reads them back. The
 * solver layer treats them as opaque strings.
 *
 *   p:ID          plugin ID is selected
 *   f:ID:VALUE    plugin ID is assigned facet value VALUE (distinct_facet / per_use_case types)
 *   s:N           selector of user request N: the request holds when s:N is true
 *   m:CAP         suggested capability CAP is provided by no selected plugin (objective aux)
 *   g:A:B         related plugins A and B are both selected but do not integrate (objective aux)
 *   c:...         auxiliary counter variables of at-most-one encodings, and of strict
 *                 integrations (c:strict:TYPE:any|two:I: one, or two, of the type's first I + 1
 *                 members are selected)
 *
 * Plugin ids and facet values are kebab-case (the schema's ID_PATTERN), so they hold no ":" and
 * every name reads back unambiguously.
 */
import type { Lit } from "../solve/types.js";

/** Plugin `id` is selected. */
export const pv = (id: string): Lit => `p:${id}`;
/** Plugin `id` is assigned facet value `value`. */
export const fv = (id: string, value: string): Lit => `f:${id}:${value}`;
/** The selector of the request numbered `n`. */
export const sv = (n: number): Lit => `s:${n}`;
/** Suggested capability `cap` is missing from the stack. */
export const mv = (cap: string): Lit => `m:${cap}`;
/** The gap between related plugins `a` < `b`. */
export const gv = (a: string, b: string): Lit => `g:${a}:${b}`;
/** Auxiliary variables of a cardinality encoding, named after what they count. */
export const cv = (...parts: string[]): string => `c:${parts.join(":")}`;

/** The plugin of a plugin variable, or undefined for any other variable. */
export function pluginOf(v: string): string | undefined {
  return v.startsWith("p:") ? v.slice(2) : undefined;
}

/** The plugin and facet value of a facet variable, or undefined for any other variable. */
export function facetOf(v: string): { id: string; value: string } | undefined {
  if (!v.startsWith("f:")) return undefined;
  const i = v.indexOf(":", 2);
  return { id: v.slice(2, i), value: v.slice(i + 1) };
}

/** The selected plugins (sorted) and their facet values, read from a solution's true variables. */
export function readSelection(trueVars: Iterable<string>): { ids: string[]; facets: Map<string, string> } {
  const ids: string[] = [];
  const facets = new Map<string, string>();
  for (const v of trueVars) {
    const id = pluginOf(v);
    if (id !== undefined) ids.push(id);
    const f = facetOf(v);
    if (f) facets.set(f.id, f.value);
  }
  return { ids: ids.sort(), facets };
}

/** What a variable means, in words (for the header of an exported problem); undefined for a selector. */
export function describeVar(v: string): string | undefined {
  const id = pluginOf(v);
  if (id !== undefined) return `plugin ${id} is selected`;
  const f = facetOf(v);
  if (f) return `plugin ${f.id} is assigned the facet value ${f.value}`;
  if (v.startsWith("m:")) return `no selected plugin provides the suggested capability ${v.slice(2)}`;
  if (v.startsWith("g:")) {
    const [a, b] = v.slice(2).split(":");
    return `${a} and ${b} are both selected and integrate in neither direction`;
  }
  if (v.startsWith("c:strict:")) {
    const [type, kind, i] = v.slice("c:strict:".length).split(":");
    return `auxiliary: ${kind === "two" ? "two or more" : "one or more"} of the first ${Number(i) + 1} ${type} plugins are selected (strict integrations)`;
  }
  if (v.startsWith("c:")) return `auxiliary: a counter of a cardinality rule (${v.slice(2)})`;
  return undefined;
}
