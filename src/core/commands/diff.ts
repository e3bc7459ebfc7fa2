/**
 * `diff`: what a change to a stack file does. Both versions are checked against every rule (as
 * `check` does) with the same request; the result is what changed between them: plugins added
 * and removed, facet values changed, the cost at each level before and after, the rules newly
 * broken and newly met, and the needs (and suggestions) of the use cases no longer served.
 */
import { resolveUseCase, type Catalog, type StackDoc } from "../catalog/catalog.js";
import type { Request } from "../model/request.js";
import { check } from "./check.js";
import { optionsOf, stackDocOf, type LimitOptions, type StackInput } from "./common.js";
import type { CheckResult, DiffResult, DiffSide, ViolationOut } from "./result.js";

/**
 * A rule's identity between the two versions: its kind, where it is written, and what it says
 * before what the stack does against it ("at most one vector database may be selected" of "...,
 * but the stack has 2: ..."; "a requires b" of "..., which the stack lacks"). So a rule broken
 * in both versions, by other plugins in each, is neither newly broken nor newly met.
 */
export const ruleIdentity = (v: ViolationOut) => `${v.rule}\u0000${v.source}\u0000${v.message.split(/, (?:but|which) /)[0]}`;
const key = ruleIdentity;

const side = (r: CheckResult, file: string): DiffSide => ({ file, ok: r.ok, stack: r.stack, cost: r.cost, violations: r.violations, ...(r.timed_out ? { timed_out: true as const } : {}) });

/**
 * Compares two versions of a stack file (`before`, `after`) under the same request. `ok` is
 * false when `after` breaks a rule that `before` kept (or a check stopped at the time limit).
 *
 * @example
 * const parse = (content: string) => { const r = parseStackFile({ path: "stack.yaml", content }); if (!r.ok) throw new InputError(r.diagnostics); return r.stack; };
 * const d = diff(loadCatalog(), parse("plugins: [snowflake-plugin]\n"), parse("plugins: [snowflake-plugin, bigquery-plugin]\n"));
 * for (const v of d.newly_broken) console.log(v.message);
 */
export function diff(catalog: Catalog, olderStack: StackInput, newerStack: StackInput, request: Request = {}, options: LimitOptions = {}): DiffResult {
  options = optionsOf(options, ["timeout", "deadline", "work"]);
  // Stacks written in code are told apart in the answer by these names.
  const before = stackDocOf(olderStack, "<old stack>");
  const after = stackDocOf(newerStack, "<new stack>");
  const a = check(catalog, before, request, options);
  const b = check(catalog, after, request, options);
  const base = { format_version: 1 as const, command: "diff" as const, old: side(a, before.file), new: side(b, after.file) };
  const oldIds = new Map(a.stack.plugins.map((p) => [p.id, p]));
  const newIds = new Map(b.stack.plugins.map((p) => [p.id, p]));
  const added = [...newIds.keys()].filter((id) => !oldIds.has(id)).sort();
  const removed = [...oldIds.keys()].filter((id) => !newIds.has(id)).sort();
  const facets = [...newIds.values()]
    .filter((p) => oldIds.has(p.id) && (p.facet ?? "") !== (oldIds.get(p.id)!.facet ?? "") && p.facet !== undefined && oldIds.get(p.id)!.facet !== undefined)
    .map((p) => ({ id: p.id, from: oldIds.get(p.id)!.facet!, to: p.facet! }));
  const useCases = { added: b.stack.use_cases.filter((u) => !a.stack.use_cases.includes(u)), removed: a.stack.use_cases.filter((u) => !b.stack.use_cases.includes(u)) };
  const changes = { added, removed, facets, use_cases: useCases };
  if (a.timed_out || b.timed_out) return { ...base, ok: false, timed_out: true, ...changes, cost: [], newly_broken: [], newly_met: [], needs_lost: [], not_computed: ["cost", "newly_broken", "newly_met", "needs_lost"] };
  const oldKeys = new Set(a.violations.map(key));
  const newKeys = new Set(b.violations.map(key));
  const newlyBroken = b.violations.filter((v) => !oldKeys.has(key(v)));
  const newlyMet = a.violations.filter((v) => !newKeys.has(key(v)));
  const cost = a.cost.map((c, i) => ({ objective: c.objective, before: c.value, after: b.cost[i]!.value }));
  // Needs and suggestions of the use cases the new version is for (its own and the request's):
  // one it dropped needs nothing any more (use_cases.removed says it was dropped).
  const provides = (ids: Iterable<string>, cap: string) => [...ids].filter((id) => catalog.plugins.get(id)?.capabilities.includes(cap));
  const needsLost: DiffResult["needs_lost"] = [];
  for (const ucId of [...b.stack.use_cases].sort()) {
    const uc = resolveUseCase(catalog, ucId);
    if (!uc) continue;
    for (const [kind, refs] of [["need", uc.needs], ["suggestion", uc.suggests]] as const) {
      for (const r of refs) {
        const was = provides(oldIds.keys(), r.id);
        if (was.length && provides(newIds.keys(), r.id).length === 0) {
          needsLost.push({ use_case: uc.id, capability: r.id, kind, was_provided_by: was, message: `${uc.name} ${kind === "need" ? "needs" : "suggests"} ${r.id}, which ${was.join(", ")} provided and no plugin of the new stack provides` });
        }
      }
    }
  }
  return { ...base, ok: newlyBroken.length === 0, ...changes, cost, newly_broken: newlyBroken, newly_met: newlyMet, needs_lost: needsLost };
}
