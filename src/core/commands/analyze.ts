/**
 * `analyze`: which plugins are in every valid stack (core), in none (dead), forced only by the
 * request (false optional), and the exact number of valid stacks — each core or dead plugin with
 * the rules that make it so.
 */
import type { Catalog } from "../catalog/catalog.js";
import { buildModel } from "../model/build.js";
import { countingProblem } from "../model/counting.js";
import { emptyRequest, type Request, type ResolvedRequest } from "../model/request.js";
import { pv } from "../model/vars.js";
import { SolverMemory, spend, timeLimits, Timeout, workLeft, type Budget } from "../common/budget.js";
import { CountLimit, countModels } from "../solve/count.js";
import { backboneOf, badOptionValue, budgetOf, optionsOf, SOLVE_OPTIONS, resolve, statsOf, stoppedBy, type SolveOptions } from "./common.js";
import { explainNoStack, noStackFields, forcedBecauseEach } from "./explanations.js";
import { InputError } from "../common/diagnostics.js";
import type { AnalyzedPlugin, AnalyzeResult } from "./result.js";


/** How many core and dead plugins `analyze` explains unless told otherwise. */
export const EXPLAIN_DEFAULT = 10;

/** analyze's options beyond the limits: how many core and dead plugins to explain, and how long the count may take. */
export interface AnalyzeOptions extends SolveOptions {
  /**
   * How many core and dead plugins to explain (core first, in id order): a number, or "all".
   * Each explanation is a minimal conflict (several solver calls); finding which plugins are core
   * or dead is not (a backbone, see solve/backbone.ts). Default EXPLAIN_DEFAULT. `propagationWhy`
   * explains any one plugin later.
   */
  explain?: number | "all";
  /**
   * How long the exact count may take, in seconds of the counter's work (`COUNT_WORK_PER_SECOND`,
   * the same on every machine), or "none". Default: COUNT_LIMIT_DEFAULT when there is no time
   * limit (`timeout`, `deadline`, `work`), else "none" (the time limit decides). Past it the
   * analysis is complete but for the count (`count_limited`).
   */
  countLimit?: number | "none";
}

/**
 * The counter's work (see `CountLimits.maxWork` in solve/count.ts) per second of `countLimit`,
 * about the slowest rate measured (2026-12-05, bench/README.md "The exact count"): 5.9 million
 * units a second at 400 synthetic plugins, 8–14 million at 100, 200, 1,000 and 10,000, 24 million
 * with strict integrations on the built-in catalog. Counting the built-in catalog takes ~13,000.
 */
export const COUNT_WORK_PER_SECOND = 5_000_000;

/**
 * Without a time limit, the count stops after this many seconds of its work: exact counting is
 * #P-hard, and `analyze --integrations strict` on the built-in catalog, or any request on 200
 * synthetic plugins, does not finish in minutes (their constraint graphs are too entangled for
 * components to help: tree width about 74 and 85 by a min-degree elimination, against 11 without
 * strict integrations), while the rest of their analysis takes under a second.
 */
export const COUNT_LIMIT_DEFAULT = 5;

/**
 * The plugins in every valid stack (core) and in none (dead) for a request, in id order: a backbone
 * among `ids` (default every plugin). `sat` is false when the request has no valid stack: the
 * backbone's first solver call is that question, so analyze asks no separate one.
 */
function coreAndDead(catalog: Catalog, req: ResolvedRequest, budget: Budget, ids = [...catalog.plugins.keys()].sort()): { sat: boolean; core: string[]; dead: string[] } {
  const model = buildModel(catalog, req, "all");
  const bb = backboneOf(model, budget, ids.map(pv));
  const core: string[] = [];
  const dead: string[] = [];
  for (const id of ids) {
    const v = bb.fixed.get(pv(id));
    if (v === true) core.push(id);
    else if (v === false) dead.push(id);
  }
  return { sat: bb.sat, core, dead };
}

/**
 * The plugins in every valid stack for a request (core), in none (dead), and forced only by the
 * request (false optional), the first `explain` of them with the rules that make them so, and the
 * exact number of valid stacks (within `countLimit`). Stopped by a time limit (or the solver's
 * memory), what was proven is returned, marked `partial`, with `not_computed` naming the lists
 * never reached.
 *
 * @example
 * const a = analyze(loadCatalog(), { useCases: ["rag"] });
 * console.log(a.count, a.core.map((p) => p.id));
 */
export function analyze(catalog: Catalog, request: Request = {}, options: AnalyzeOptions = {}): AnalyzeResult {
  options = optionsOf(options, [...SOLVE_OPTIONS, "explain", "countLimit"]);
  const req = resolve(catalog, request);
  // As the CLI's --explain and --count-limit take them: a whole number of at least 0 or "all"; a
  // positive number of seconds or "none" (-3 answered "needs more than -3 s", NaN counted forever).
  const { explain, countLimit: limitGiven } = options;
  const bad = [
    ...(explain === undefined || explain === "all" || (typeof explain === "number" && Number.isInteger(explain) && explain >= 0) ? [] : [badOptionValue("explain", 'a whole number of at least 0, or "all"', explain)]),
    ...(limitGiven === undefined || limitGiven === "none" || (typeof limitGiven === "number" && limitGiven > 0) ? [] : [badOptionValue("countLimit", 'a positive number of seconds, or "none"', limitGiven)]),
  ];
  if (bad.length) throw new InputError(bad);
  const budget = budgetOf(options);
  const base = { format_version: 1 as const, command: "analyze" as const };
  const note = "valid stacks counted as sets of plugins: a set counts once when some assignment of facet values makes it valid";
  const limit = options.explain === "all" ? Infinity : Math.max(0, options.explain ?? EXPLAIN_DEFAULT);
  let core: AnalyzedPlugin[] = [];
  let dead: AnalyzedPlugin[] = [];
  let falseOptional: AnalyzedPlugin[] = [];
  let n: bigint | undefined;
  const countLimit = options.countLimit ?? (budget.deadline !== undefined || budget.workLimit !== undefined ? "none" : COUNT_LIMIT_DEFAULT);
  // The lists a time limit would leave unknown: an empty list then means "not computed", not "none".
  let notComputed: ("core" | "dead" | "false_optional")[] = ["core", "dead", "false_optional"];
  const unexplained = () => core.length + dead.length - [...core, ...dead].filter((p) => p.because).length;
  try {
    options.onProgress?.("analyze: core and dead plugins");
    const found = coreAndDead(catalog, req, budget);
    if (!found.sat) {
      const x = explainNoStack(catalog, req, buildModel(catalog, req), budget, options.repairs ?? 3);
      return { ...base, ok: false, no_stack: true, core: [], dead: [], false_optional: [], count: 0, count_note: note, ...noStackFields(x), ...(x.timedOut ? stoppedBy(budget) : {}), ...statsOf(budget) };
    }
    core = found.core.map((id) => ({ id }));
    dead = found.dead.map((id) => ({ id }));
    notComputed = ["false_optional"];
    // False optional: core under the request but not without it. Whether a plugin is in the
    // backbone does not depend on which others are asked about, so only the core is asked (and
    // nothing when it is empty, as it is for most requests).
    const alone = new Set(found.core.length ? coreAndDead(catalog, emptyRequest(), budget, found.core).core : []);
    falseOptional = core.filter((p) => !alone.has(p.id));
    notComputed = [];
    options.onProgress?.("analyze: counting valid stacks");
    // The count's own limit, and what the time limit's work leaves it (COUNT_WORK_PER_SECOND of
    // the counter's units for each second's worth of the budget's), so that a --timeout stops the
    // count at the same point on every machine too; the clock stays the safety net.
    const byOption = countLimit === "none" ? Infinity : countLimit * COUNT_WORK_PER_SECOND;
    const left = workLeft(budget);
    const byBudget = left === Infinity ? Infinity : Math.floor((Math.max(0, left) * COUNT_WORK_PER_SECOND) / timeLimits.workPerSecond);
    const counted = { work: 0 };
    try {
      n = countModels(countingProblem(catalog, req), budget, { maxWork: Math.min(byOption, byBudget), stats: counted });
    } catch (e) {
      if (e instanceof Timeout) budget.clockStopped = true;
      // Past the time limit's share: stopped, as the explanations below would be.
      if (e instanceof CountLimit && byBudget < byOption) throw new Timeout();
      // Past its own limit: everything else stays complete; the result says "not counted".
      if (!(e instanceof CountLimit)) throw e;
    } finally {
      // The count's work in the budget's units (past its share, the limit is reached).
      if (Number.isFinite(timeLimits.workPerSecond)) spend(budget, Math.ceil((counted.work * timeLimits.workPerSecond) / COUNT_WORK_PER_SECOND));
    }
    // Explanations last: each costs a minimal conflict, and a time limit then leaves every answer
    // above complete.
    const todo = [...core.map((p) => [p, "in"] as const), ...dead.map((p) => [p, "out"] as const)].slice(0, limit);
    if (todo.length) options.onProgress?.(`analyze: explaining 1/${todo.length}`);
    forcedBecauseEach(
      catalog,
      req,
      todo.map(([p, decision]) => [p.id, decision] as const),
      budget,
      (i, c) => {
        todo[i]![0].because = c;
        if (i + 1 < todo.length) options.onProgress?.(`analyze: explaining ${i + 2}/${todo.length}`);
      },
    );
  } catch (e) {
    if (!(e instanceof Timeout) && !(e instanceof SolverMemory)) throw e;
    // What was found before the time limit (or the solver's memory ran out), marked partial.
    return { ...base, ok: false, partial: true, ...stoppedBy(budget, e instanceof SolverMemory ? "memory" : "time"), core, dead, false_optional: falseOptional, ...(notComputed.length ? { not_computed: notComputed } : {}), ...(n !== undefined ? { count: countOut(n) } : {}), count_note: note, unexplained: unexplained(), ...statsOf(budget) };
  }
  const counted = n !== undefined ? { count: countOut(n), count_note: note } : { count_limited: true as const, count_note: `not counted: the exact count needs more than ${countLimit} s of the counter's work; a larger --count-limit (the library's countLimit), or none, allows more` };
  return { ...base, ok: true, core, dead, false_optional: falseOptional, ...counted, unexplained: unexplained(), ...statsOf(budget) };
}

/** A count in JSON: a number while it is exact there, else its decimal string. */
const countOut = (n: bigint): number | string => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString());
