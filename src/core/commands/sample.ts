/**
 * `sample`: a small set of valid stacks that covers every feasible pair of plugin choices (see
 * solve/pairwise.ts for the method), each stack with its facet values.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import type { Request } from "../model/request.js";
import { stackFromAssignment } from "../model/stack.js";
import { pv } from "../model/vars.js";
import { pastDeadline, Timeout, type Budget } from "../common/budget.js";
import { pairwiseSample, type SampleOptions } from "../solve/pairwise.js";
import { backboneOf, badOptionValue, budgetOf, optionsOf, SOLVE_OPTIONS, resolve, statsOf, stoppedBy, type LimitOptions, type SolveOptions } from "./common.js";
import { explainNoStack, noStackFields } from "./explanations.js";
import { InputError } from "../common/diagnostics.js";
import type { SampleResult } from "./result.js";

export type { SampleOptions } from "../solve/pairwise.js";

/** sample's options: the sampler's, the limits, and how many repairs to list when no stack exists. */
export type SampleCommandOptions = SampleOptions & LimitOptions & Pick<SolveOptions, "repairs">;

/**
 * A pairwise sample of valid stacks for a request: every pair of plugins that some valid stack
 * has together (or one without the other, or neither) is in at least one returned stack.
 *
 * @example
 * const r = sample(loadCatalog(), { useCases: ["rag"] });
 * console.log(`${r.stacks.length} stacks cover ${r.covered_pairs} of ${r.feasible_pairs} pairs`);
 */
export function sample(catalog: Catalog, request: Request = {}, options: SampleCommandOptions = {}): SampleResult {
  options = optionsOf(options, [...SOLVE_OPTIONS, "strength", "effort", "seed", "log"]);
  const bad = [
    ...(options.strength === undefined || options.strength === 2 ? [] : [badOptionValue("strength", "2 (pairs: the only strength there is)", options.strength)]),
    ...(options.effort === undefined || (typeof options.effort === "number" && options.effort >= 0 && Number.isFinite(options.effort)) ? [] : [badOptionValue("effort", "a number of 0 or more", options.effort)]),
    ...(options.seed === undefined || (typeof options.seed === "number" && Number.isFinite(options.seed)) ? [] : [badOptionValue("seed", "a number", options.seed)]),
  ];
  if (bad.length) throw new InputError(bad);
  const budget = budgetOf(options);
  const base = { format_version: 1 as const, command: "sample" as const };
  const stopped = () => stoppedBy(budget);
  // Stopped before a complete sample: the figures are not known (JSON said 0 pairs, coverage 0).
  const unknownFigures = () => ({ feasible_pairs: 0, covered_pairs: 0, coverage: 0, not_computed: ["feasible_pairs", "covered_pairs", "coverage"] as ("feasible_pairs" | "covered_pairs" | "coverage")[] });
  let s: ReturnType<typeof sampleStacks>;
  try {
    s = sampleStacks(catalog, request, budget, options);
  } catch (e) {
    // Before the greedy's first stack: nothing to show.
    if (!(e instanceof Timeout)) throw e;
    return { ...base, ok: false, stacks: [], ...unknownFigures(), ...stopped(), ...statsOf(budget) };
  }
  // No stack at all: a request no valid stack meets (the sampler finds nothing to cover), said
  // as every command says it, with the conflict and the smallest repairs, never as a sample of
  // nothing that covers everything.
  if (s.stacks.length === 0) {
    const req = resolve(catalog, request);
    const model = buildModel(catalog, req);
    try {
      if (!backboneOf(model, budget, []).sat) {
        const x = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
        return { ...base, ok: false, no_stack: true, stacks: [], feasible_pairs: 0, covered_pairs: 0, coverage: 0, ...noStackFields(x), ...(x.timedOut ? stopped() : {}), ...statsOf(budget) };
      }
    } catch (e) {
      if (!(e instanceof Timeout)) throw e;
      return { ...base, ok: false, stacks: [], ...unknownFigures(), ...stopped(), ...statsOf(budget) };
    }
  }
  // Stopped during the greedy construction (some pairs uncovered: the stacks so far), or while
  // making a complete sample smaller (the size not the smallest found). A limit reached once the
  // sample was complete and proven the smallest, its facet values settled (the clock cuts that
  // short, the work never does), cut nothing: the answer is the one no limit gives.
  const finished = s.covered_pairs === s.feasible_pairs && s.lower_bound !== undefined && s.lower_bound >= s.stacks.length && !budget.clockStopped;
  const late = pastDeadline(budget) && !finished;
  return {
    ...base,
    ok: s.covered_pairs === s.feasible_pairs && !late,
    ...(late ? stopped() : {}),
    stacks: s.stacks,
    feasible_pairs: s.feasible_pairs,
    covered_pairs: s.covered_pairs,
    coverage: s.feasible_pairs === 0 ? 1 : s.covered_pairs / s.feasible_pairs,
    ...(s.lower_bound !== undefined ? { lower_bound: s.lower_bound } : {}),
    ...statsOf(budget),
  };
}

/** The sample's stacks and figures, under a budget of the caller's. */
export function sampleStacks(catalog: Catalog, request: Request, budget: Budget, opts: SampleOptions = {}): Pick<SampleResult, "stacks" | "feasible_pairs" | "covered_pairs" | "lower_bound"> {
  const req = resolve(catalog, request);
  // Every plugin gets a variable (scope "all"): a sample is about any plugin, not only those a best stack uses.
  const model = buildModel(catalog, req, "all");
  const vars = [...catalog.plugins.keys()].map(pv);
  const r = pairwiseSample(model, vars, budget, opts);
  // Each stack's facet values: each selected plugin's first value (in the model's order) that
  // leaves a valid stack with the stack's plugins fixed in or out, settled by the sampler
  // (`Model.choices`' tie-break, as completeFacets settles them for logic-solver).
  const stacks = r.solutions.map((trueVars) => stackFromAssignment(catalog, req, { trueVars }));
  return { stacks, feasible_pairs: r.feasiblePairs, covered_pairs: r.coveredPairs, ...(r.lowerBound !== undefined ? { lower_bound: r.lowerBound } : {}) };
}
