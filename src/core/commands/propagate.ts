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
import { diag, InputError } from "../common/diagnostics.js";
import { didYouMean } from "../common/suggest.js";
import { buildModel } from "../model/build.js";
import type { Request } from "../model/request.js";
import { pluginOf } from "../model/vars.js";
import type { Budget } from "../common/budget.js";
import { SatOracle } from "../solve/oracle.js";
import { backboneOf, budgetOf, forcedBecause, resolve, type SolveOptions } from "./common.js";
import type { Conflict, Envelope, SolveStats } from "./result.js";

/** in: in every valid stack for the request; out: in none; free: in some and not in others. */
export type Decision = "in" | "out" | "free";

export interface PropagateResult extends Envelope {
  command: "propagate";
  /** False when the request has no valid stack (then `plugins` is empty: `explain` says why). */
  ok: boolean;
  /** Every plugin of the catalog, in id order, with its decision. */
  plugins: { id: string; decision: Decision }[];
  stats: SolveStats;
}

export interface PropagationWhy extends Envelope {
  command: "propagate";
  id: string;
  decision: Decision;
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
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const model = buildModel(catalog, req, "all");
  const bb = backboneOf(model, budget, model.vars);
  const base = { format_version: 1 as const, command: "propagate" as const };
  if (!bb.sat) return { ...base, ok: false, plugins: [], stats: { solver_calls: budget.calls } };
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
  if (!catalog.plugins.has(id)) throw new InputError([diag({ file: "id", line: 0, column: 0 }, "unknown-plugin", `unknown plugin "${id}"; expected a plugin id${didYouMean(id, catalog.plugins.keys())}`)]);
  const req = resolve(catalog, request);
  const budget = budgetOf(options);
  const decision = decide(catalog, req, id, budget);
  const base = { format_version: 1 as const, command: "propagate" as const, ok: decision !== undefined, id, decision: decision ?? "free" };
  if (decision === undefined || decision === "free") return { ...base, stats: { solver_calls: budget.calls } };
  const because = forcedBecause(catalog, req, id, decision, budget);
  return { ...base, because, stats: { solver_calls: budget.calls } };
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
