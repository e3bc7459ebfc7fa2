/**
 * `propagate`: decision propagation for the configurator. After each choice, each plugin of the
 * catalog is forced in (it is in every valid stack for the request), ruled out (in none) or free
 * (in some, not in others); and, on demand, why a plugin is forced in or ruled out: the minimal
 * conflict between the request and the opposite choice, with the catalog rules that connect
 * them — the same explanation data as `why` and `why-not` (and `analyze`), found by findConflict.
 *
 * Only the hard rules decide: wishes (prefer, avoid) and the other objectives choose among valid
 * stacks, they never force a plugin in or out. The decisions are the backbone of the model over
 * the plugins (see solve/backbone.ts), on a model of every plugin of the catalog (scope "all"):
 * a plugin no best stack would use can still be in a valid stack.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import type { Request } from "../model/request.js";
import { pluginOf } from "../model/vars.js";
import { Timeout, type Budget } from "../common/budget.js";
import { SatOracle } from "../solve/oracle.js";
import { backboneOf, budgetOf, optionsOf, pluginIdOf, SOLVE_OPTIONS, resolve, type SolveOptions } from "./common.js";
import { forcedBecause } from "./explanations.js";
import type { Conflict, Envelope, SolveStats } from "./result.js";

/** in: in every valid stack for the request; out: in none; free: in some and not in others. */
export type Decision = "in" | "out" | "free";

export interface PropagateResult extends Envelope {
  command: "propagate";
  /** False when the request has no valid stack (`no_stack`) or the time limit came first (`timed_out`); `plugins` is then empty. */
  ok: boolean;
  /** Every plugin of the catalog, in id order, with its decision. */
  plugins: { id: string; decision: Decision }[];
  /** The request has no valid stack (proven): `explain` says why. */
  no_stack?: boolean;
  /** Stopped at the time limit before every decision was known: none is given. */
  timed_out?: boolean;
  stopped_by?: "time";
  stats: SolveStats;
}

export interface PropagationWhy extends Envelope {
  command: "propagate";
  id: string;
  /** The plugin's decision; means nothing when `ok` is false ("free" then): see `no_stack` and `timed_out`. */
  decision: Decision;
  /** The request has no valid stack (proven): no plugin is decided. */
  no_stack?: boolean;
  /** Stopped at the time limit before the decision, or its explanation, was known: `because` is then absent. */
  timed_out?: boolean;
  stopped_by?: "time";
  /**
   * For a plugin forced in or ruled out: the requests and catalog rules that force it (the minimal
   * conflict of the request with excluding it, resp. requiring it, without that counterfactual).
   */
  because?: Conflict;
  stats: SolveStats;
}

/**
 * Each plugin forced in, ruled out or free under a request's hard rules.
 *
 * @example
 * const r = propagate(loadCatalog(), { require: ["databricks-plugin"] });
 * const out = r.plugins.filter((p) => p.decision === "out").map((p) => p.id); // outerbounds-plugin, ...
 */
export function propagate(catalog: Catalog, request: Request, options: SolveOptions = {}): PropagateResult {
  options = optionsOf(options, SOLVE_OPTIONS);
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const model = buildModel(catalog, req, "all");
  const base = { format_version: 1 as const, command: "propagate" as const };
  let bb: ReturnType<typeof backboneOf>;
  try {
    bb = backboneOf(model, budget, model.vars);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    return { ...base, ok: false, plugins: [], timed_out: true, stopped_by: "time", stats: { solver_calls: budget.calls } };
  }
  if (!bb.sat) return { ...base, ok: false, plugins: [], no_stack: true, stats: { solver_calls: budget.calls } };
  const plugins = model.vars.map((v) => {
    const f = bb.fixed.get(v);
    return { id: pluginOf(v)!, decision: (f === undefined ? "free" : f ? "in" : "out") as Decision };
  });
  return { ...base, ok: true, plugins, stats: { solver_calls: budget.calls } };
}

/**
 * Why a plugin is forced in or ruled out by a request: the chain of requests and rules, each cited
 * by file:line. A free plugin has no `because` (`why` / `whyNot` say what the objectives chose).
 *
 * @example
 * const r = propagationWhy(loadCatalog(), "outerbounds-plugin", { require: ["databricks-plugin"] });
 * console.log(r.decision, r.because?.rules.map((x) => `${x.message} (${x.source})`));
 */
export function propagationWhy(catalog: Catalog, id: string, request: Request, options: SolveOptions = {}): PropagationWhy {
  options = optionsOf(options, SOLVE_OPTIONS);
  // Named as why and why-not take it (an id, without -plugin, or the display name).
  id = pluginIdOf(catalog, id);
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const base = { format_version: 1 as const, command: "propagate" as const, id };
  const stopped = { timed_out: true, stopped_by: "time" as const };
  let decision: Decision | undefined;
  try {
    decision = decide(catalog, req, id, budget);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    return { ...base, ok: false, decision: "free", ...stopped, stats: { solver_calls: budget.calls } };
  }
  if (decision === undefined) return { ...base, ok: false, decision: "free", no_stack: true, stats: { solver_calls: budget.calls } };
  if (decision === "free") return { ...base, ok: true, decision, stats: { solver_calls: budget.calls } };
  try {
    return { ...base, ok: true, decision, because: forcedBecause(catalog, req, id, decision, budget), stats: { solver_calls: budget.calls } };
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    // The decision is known; its explanation is not.
    return { ...base, ok: true, decision, ...stopped, stats: { solver_calls: budget.calls } };
  }
}

/** One plugin's decision (undefined when the request has no valid stack). */
function decide(catalog: Catalog, req: ReturnType<typeof resolve>, id: string, budget: Budget): Decision | undefined {
  const model = buildModel(catalog, req, "all");
  const on = model.requests.map((r) => r.selector);
  const v = model.vars.find((x) => pluginOf(x) === id)!;
  const [canIn, canOut] = SatOracle.with(model, budget, (oracle) => [oracle.sat([...on, v]), oracle.sat([...on, `-${v}`])]);
  if (!canIn && !canOut) return undefined;
  return canIn && canOut ? "free" : canIn ? "in" : "out";
}
