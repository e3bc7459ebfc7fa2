/** `check`: a concrete stack against every rule, without a solver (see model/evaluate.ts). */
import { resolveUseCase, type Catalog, type StackDoc } from "../catalog/catalog.js";
import { cite, type SourcePos } from "../common/diagnostics.js";
import { evaluateStack, stackCost, type Violation } from "../model/evaluate.js";
import type { Request } from "../model/request.js";
import { makeStack, outsideRole } from "../model/stack.js";
import { Timeout } from "../common/budget.js";
import { budgetOf, optionsOf, type LimitOptions, resolve, stackDocOf, stoppedBy, type StackInput } from "./common.js";
import type { CheckResult, ViolationOut } from "./result.js";

export const violationOut = (v: Violation): ViolationOut => ({ rule: v.rule, message: v.message, plugins: v.plugins, source: cite(v.source) });

/**
 * Where a stack file shows each violation (see `ViolationOut.location`). The file's entries are
 * indexed once: indexed again for each violation, a stack of 5,000 plugins with 16,000 warnings
 * took 11 s to place them.
 */
function locator(catalog: Catalog, stack: StackDoc): (v: Violation) => { file: string; line: number; column: number } {
  const entries = new Map(stack.plugins.map((e) => [e.id, e]));
  return (v) => locate(catalog, v, stack, entries);
}

function locate(catalog: Catalog, v: Violation, stack: StackDoc, entries: ReadonlyMap<string, StackDoc["plugins"][number]>): { file: string; line: number; column: number } {
  const at = (p: SourcePos) => ({ file: p.file, line: p.line, column: p.column });
  if (v.rule === "need") {
    const uc = stack.useCases.find((u) => v.message.startsWith(`${resolveUseCase(catalog, u.id)?.name ?? u.id} needs `));
    if (uc) return at(uc.pos);
  }
  for (const id of v.plugins) {
    const e = entries.get(id);
    if (e) return at(v.rule === "facet" && e.facetPos ? e.facetPos : e.pos);
  }
  // Plugins the stack lacks (a required one): its list of plugins, not its first line.
  return at(v.plugins.length && stack.pluginsPos ? stack.pluginsPos : stack.pos);
}

/**
 * Checks a stack (parsed from a stack file) against every rule; valid when there is no violation.
 *
 * @example
 * const parsed = parseStackFile({ path: "stack.yaml", content: "plugins: [databricks-plugin, outerbounds-plugin]\n" });
 * if (!parsed.ok) throw new InputError(parsed.diagnostics);
 * const r = check(loadCatalog(), parsed.stack);
 * r.ok || r.violations.forEach((v) => console.log(v.message, v.source));
 */
export function check(catalog: Catalog, input: StackInput, request: Request = {}, options: LimitOptions = {}): CheckResult {
  options = optionsOf(options, ["timeout", "deadline", "work"]);
  const stack = stackDocOf(input);
  const req = resolve(catalog, request, stack);
  const ids = stack.plugins.map((e) => e.id);
  const given = new Map(req.pins.filter((e) => e.facet !== undefined).map((e) => [e.id, e.facet!]));
  const budget = budgetOf(options);
  const base = { format_version: 1 as const, command: "check" as const };
  try {
    const ev = evaluateStack(catalog, { ...req, pins: [] }, { ids, facets: given }, budget);
    const facets = new Map([...ev.facets, ...given]);
    const checked = makeStack(catalog, req, ids, facets);
    const outside = outsideRole(catalog, req, checked);
    const place = locator(catalog, stack);
    return {
      ...base,
      ok: ev.violations.length === 0,
      stack: checked,
      ...(outside.length ? { outside_role: outside } : {}),
      cost: stackCost(catalog, req, ids, budget),
      violations: ev.violations.map((v) => ({ ...violationOut(v), location: place(v) })),
      warnings: ev.warnings.map((v) => ({ ...violationOut(v), location: place(v) })),
    };
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    // Neither valid nor invalid: the check did not finish.
    return { ...base, ok: false, ...stoppedBy(budget), stack: makeStack(catalog, req, ids, given), cost: [], violations: [], warnings: [] };
  }
}
