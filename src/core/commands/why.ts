/**
 * `why ID` and `why-not ID`: what puts a plugin into the answer, or keeps it out.
 *
 * why: if every valid stack for the request has ID, it is forced: the minimal conflict between
 * the request and "exclude ID" is the chain of rules that forces it. Otherwise it was chosen at
 * an objective level: the first level at which the best stack without ID is worse.
 * why-not: forcing ID in either breaks the request (the minimal conflict with "require ID") or
 * costs more at some level (the first level at which the best stack with ID is worse).
 */
import { checkCatalogArgument, type Catalog } from "../catalog/catalog.js";
import { cite } from "../common/diagnostics.js";
import { buildModel } from "../model/build.js";
import type { Request } from "../model/request.js";
import { stackFromAssignment } from "../model/stack.js";
import type { Stack } from "./result.js";
import { Timeout } from "../common/budget.js";
import { solveLex } from "../solve/engine.js";
import { findConflict } from "../solve/explain.js";
import { budgetOf, optionsOf, pluginIdOf, SOLVE_OPTIONS, costEntries, resolve, stoppedBy, type SolveOptions } from "./common.js";
import { because, differences, explainNoStack, noStackFields } from "./explanations.js";
import type { WhyResult } from "./result.js";

/** Options of `why` and `whyNot`. */
export interface WhyOptions extends SolveOptions {
  /** Where the plugin id came from, as an error about it cites it (default "id"; the CLI: "argument <id>"). */
  idOrigin?: string;
}

/** The options `why` and `whyNot` know. */
const WHY_OPTIONS = [...SOLVE_OPTIONS, "idOrigin"];

/**
 * What put a plugin into the best stack for a request: the chain of rules that forces it, or the
 * first objective level at which the best stack without it is worse.
 *
 * @example
 * const r = why(loadCatalog(), "pinecone-plugin", { useCases: ["rag"] });
 * console.log(r.in_stack, r.decided_by?.objective ?? "forced");
 */
export function why(catalog: Catalog, id: string, request: Request = {}, options: WhyOptions = {}): WhyResult {
  return whyPlugin(catalog, id, request, "why", optionsOf(options, WHY_OPTIONS));
}

/**
 * What keeps a plugin out of the best stack for a request: what forcing it in would break (the
 * chain of rules) or cost (the first objective level at which the best stack with it is worse).
 *
 * @example
 * const r = whyNot(loadCatalog(), "databricks-plugin", { useCases: ["rag"] });
 * console.log(r.forced ? "it cannot be in any valid stack" : r.decided_by);
 */
export function whyNot(catalog: Catalog, id: string, request: Request = {}, options: WhyOptions = {}): WhyResult {
  return whyPlugin(catalog, id, request, "why-not", optionsOf(options, WHY_OPTIONS));
}

function whyPlugin(catalog: Catalog, id: string, request: Request, mode: "why" | "why-not", options: WhyOptions): WhyResult {
  checkCatalogArgument(catalog);
  id = pluginIdOf(catalog, id, options.idOrigin);
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const base = { format_version: 1 as const, command: mode, id };
  // Read when said: the clock may stop any step below.
  const stopped = () => stoppedBy(budget);
  const model = buildModel(catalog, req);
  const best = solveLex(model, { budget });
  if (best.status === "unsat") {
    // As every command that solves: the conflict and the repairs (it said only "run explain").
    const x = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
    return { ...base, ok: false, in_stack: false, no_stack: true, ...noStackFields(x), ...(x.timedOut ? stopped() : {}) };
  }
  if (best.status === "timeout") {
    // Not proven: what the best stack found so far says, marked as such.
    // No stack known: whether the plugin is in the best one is not known either, so not said.
    if (!best.assignment) return { ...base, ok: false, ...stopped() };
    const sofar = stackFromAssignment(catalog, req, best.assignment);
    return { ...base, ok: false, in_stack: sofar.plugins.some((p) => p.id === id), stack: sofar, cost: costEntries(model, best.assignment), optimal: false, ...stopped() };
  }
  const stack = stackFromAssignment(catalog, req, best.assignment);
  const cost = costEntries(model, best.assignment);
  const inStack = stack.plugins.some((p) => p.id === id);
  const common = { ...base, in_stack: inStack, stack, cost, ...(mode === "why" && inStack ? roleIn(catalog, stack, id) : {}) };
  if ((mode === "why") !== inStack) return { ...common, ok: true };

  // The counterfactual: the same request with ID excluded (why) or required (why-not).
  const counter = mode === "why" ? { ...req, exclude: [...req.exclude, id].sort() } : { ...req, require: [...req.require, id].sort() };
  const cmodel = buildModel(catalog, counter);
  const alt = solveLex(cmodel, { budget });
  if (alt.status === "unsat") {
    let core: ReturnType<typeof findConflict>;
    try {
      core = findConflict(cmodel, budget, cmodel.requests.map((r) => r.selector));
    } catch (e) {
      // Forced (proven), but the chain of rules was not found in time.
      if (e instanceof Timeout) return { ...common, ok: false, forced: { requests: [], rules: [] }, ...stopped() };
      throw e;
    }
    return {
      ...common,
      ok: true,
      // Without the counterfactual request itself: what remains is what forces the answer.
      forced: because(catalog, core, id, mode === "why" ? "in" : "out"),
    };
  }
  if (alt.status !== "optimal") return { ...common, ok: false, ...stopped() };
  const altCost = costEntries(cmodel, alt.assignment);
  const level = altCost.findIndex((c, i) => c.value !== cost[i]!.value);
  const alternative = { stack: stackFromAssignment(catalog, counter, alt.assignment), cost: altCost };
  if (level < 0) return { ...common, ok: true, alternative, tie: true, ...tieBreak(ids(stack), ids(alternative.stack)) };
  const objective = cost[level]!.objective;
  return {
    ...common,
    ok: true,
    alternative,
    decided_by: { objective, chosen: cost[level]!.value, alternative: altCost[level]!.value, differences: differences(catalog, req, ids(stack), ids(alternative.stack), objective) },
  };
}

/** A stack's plugin ids. */
const ids = (s: Stack) => s.plugins.map((p) => p.id);

/**
 * What the tie-break decided on: plugins are left out from the last name in order to the first
 * (solve/engine.ts, `canonical`), so of two equally good stacks the one holding the latest name of
 * those they do not share loses (`lost_by`), against what only the recommended stack holds.
 */
function tieBreak(recommended: readonly string[], alternative: readonly string[]): Pick<WhyResult, "tie_break"> {
  const lostBy = alternative.filter((x) => !recommended.includes(x)).sort().pop();
  const against = recommended.filter((x) => !alternative.includes(x)).sort();
  return lostBy === undefined || against.some((x) => x > lostBy) ? {} : { tie_break: { lost_by: lostBy, against } };
}

/**
 * What a plugin does in a stack it is in, beside the objective level that chose it: the
 * requested capabilities it serves there, and the plugins of the stack whose `requires` only it
 * meets (argo-workflows-plugin requires kubernetes-plugin: that rule, with its file:line).
 */
function roleIn(catalog: Catalog, stack: Stack, id: string): Pick<WhyResult, "serves" | "required_by"> {
  const inStack = new Set(stack.plugins.map((p) => p.id));
  const requiredBy: NonNullable<WhyResult["required_by"]> = [];
  for (const p of stack.plugins) {
    if (p.id === id) continue;
    for (const r of catalog.plugins.get(p.id)!.requires)
      if (r.anyOf.includes(id) && r.anyOf.every((q) => q === id || !inStack.has(q))) requiredBy.push({ id: p.id, reason: r.reason, source: cite(r.pos), ...(r.anyOf.length > 1 ? { any_of: [...r.anyOf] } : {}) });
  }
  const serves = stack.plugins.find((p) => p.id === id)?.serves ?? [];
  return { ...(serves.length ? { serves } : {}), ...(requiredBy.length ? { required_by: requiredBy } : {}) };
}
