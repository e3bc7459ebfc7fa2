/**
 * `why ID` and `why-not ID`: what puts a plugin into the answer, or keeps it out.
 *
 * why: if every valid stack for the request has ID, it is forced: the minimal conflict between
 * the request and "exclude ID" is the chain of rules that forces it. Otherwise it was chosen at
 * an objective level: the first level at which the best stack without ID is worse.
 * why-not: forcing ID in either breaks the request (the minimal conflict with "require ID") or
 * costs more at some level (the first level at which the best stack with ID is worse).
 */
import type { Catalog } from "./catalog-model.js";
import { cite, InputError, diag } from "./diagnostics.js";
import { newBudget, solveLex } from "./engine.js";
import { findConflict } from "./explain.js";
import { buildModel } from "./model.js";
import { resolve, stackFromAssignment, type SolveOptions } from "./ops.js";
import type { Request } from "./request.js";
import type { Conflict, CostEntry, Stack } from "./result.js";
import { didYouMean } from "./suggest.js";

export interface WhyResult {
  format_version: 1;
  command: "why" | "why-not";
  ok: boolean;
  id: string;
  /** Is the plugin in the best stack for the request? */
  in_stack: boolean;
  /** The best stack for the request (absent when none exists). */
  stack?: Stack;
  cost?: CostEntry[];
  /** why: the plugin is in every valid stack; why-not: it can be in none. The chain of rules. */
  forced?: Conflict;
  /** The first objective level at which the alternative is worse. */
  decided_by?: { objective: string; chosen: number; alternative: number };
  /** The best stack with (why-not) or without (why) the plugin. */
  alternative?: { stack: Stack; cost: CostEntry[] };
  /** True when the alternative is exactly as good: the name-order tie-break decided. */
  tie?: boolean;
  /** The request itself has no stack. */
  no_stack?: boolean;
}

export function whyPlugin(catalog: Catalog, id: string, request: Request, mode: "why" | "why-not", options: SolveOptions = {}): WhyResult {
  if (!catalog.plugins.has(id)) {
    const alt = catalog.plugins.has(`${id}-plugin`) ? `${id}-plugin` : undefined;
    if (!alt) throw new InputError([diag({ file: "argument <id>", line: 0, column: 0 }, "unknown-plugin", `unknown plugin "${id}"; expected a plugin id${didYouMean(id, catalog.plugins.keys())}`)]);
    id = alt;
  }
  const req = resolve(catalog, request);
  const budget = newBudget(options.timeout);
  const base = { format_version: 1 as const, command: mode, id };
  const model = buildModel(catalog, req);
  const best = solveLex(model, { budget });
  if (best.status !== "optimal") return { ...base, ok: false, in_stack: false, no_stack: true };
  const stack = stackFromAssignment(catalog, req, best.assignment);
  const cost = model.objectives.map((o, i) => ({ objective: o.name, value: best.assignment.costs[i]! }));
  const inStack = stack.plugins.some((p) => p.id === id);
  const common = { ...base, in_stack: inStack, stack, cost };
  if ((mode === "why") !== inStack) return { ...common, ok: true };

  // The counterfactual: the same request with ID excluded (why) or required (why-not).
  const counter = mode === "why" ? { ...req, exclude: [...req.exclude, id].sort() } : { ...req, require: [...req.require, id].sort() };
  const cmodel = buildModel(catalog, counter);
  const alt = solveLex(cmodel, { budget });
  if (alt.status === "unsat") {
    const core = findConflict(cmodel, budget, cmodel.requests.map((r) => r.selector));
    return {
      ...common,
      ok: true,
      forced: {
        // Without the counterfactual request itself: what remains is what forces the answer.
        requests: core.requests.filter((r) => !(r.kind === (mode === "why" ? "exclude" : "require") && r.value === id)).map((r) => ({ kind: r.kind, value: r.value, message: r.message, source: cite(r.source) })),
        rules: core.rules.map((c) => ({ kind: c.kind, message: c.message, source: cite(c.source) })),
      },
    };
  }
  if (alt.status !== "optimal") return { ...common, ok: false };
  const altCost = cmodel.objectives.map((o, i) => ({ objective: o.name, value: alt.assignment.costs[i]! }));
  const level = altCost.findIndex((c, i) => c.value !== cost[i]!.value);
  const alternative = { stack: stackFromAssignment(catalog, counter, alt.assignment), cost: altCost };
  if (level < 0) return { ...common, ok: true, alternative, tie: true };
  return { ...common, ok: true, alternative, decided_by: { objective: cost[level]!.objective, chosen: cost[level]!.value, alternative: altCost[level]!.value } };
}
