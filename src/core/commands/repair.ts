/**
 * `repair`: the valid stack with the fewest changes from a stack file's plugins.
 *
 * The file's plugins are not hard requests here but the first objective level, "changes": one
 * for each listed plugin dropped and each unlisted plugin added. Then a level for facet values
 * reassigned, then the catalog's own objectives. The file's use cases stay hard needs, and
 * command-line requests stay hard requests.
 */
import { assigningType, resolveUseCase, type Catalog, type StackDoc, type StackEntry } from "../catalog/catalog.js";
import { cite } from "../common/diagnostics.js";
import { buildModel } from "../model/build.js";
import { evaluateStack, stackCost, type Violation } from "../model/evaluate.js";
import type { Request, ResolvedRequest } from "../model/request.js";
import { reachablePlugins } from "../model/scope.js";
import { stackFromAssignment } from "../model/stack.js";
import { fv, pluginOf } from "../model/vars.js";
import { pastDeadline } from "../common/budget.js";
import { solveLex } from "../solve/engine.js";
import type { Objective } from "../solve/types.js";
import { violationOut } from "./check.js";
import { budgetOf, optionsOf, SOLVE_OPTIONS, stackDocOf, type StackInput, costEntries, requestedUseCases, resolve, stoppedBy, type SolveOptions } from "./common.js";
import { differences, explainNoStack, noStackFields } from "./explanations.js";
import type { Change, RepairResult } from "./result.js";

/** The reason of a change not examined before the time limit. */
const UNEXAMINED = "(not examined: the time limit came first)";

/**
 * The valid stack with the fewest changes (removals and additions) from a stack file's plugins,
 * each change with its reason; when no stack exists for the file's use cases, the conflict and
 * the repairs of the request instead.
 *
 * @example
 * const parsed = parseStackFile({ path: "stack.yaml", content: "plugins: [databricks-plugin, outerbounds-plugin]\n" });
 * if (!parsed.ok) throw new InputError(parsed.diagnostics);
 * const r = repair(loadCatalog(), parsed.stack);
 * for (const c of r.changes) console.log(c.action, c.id, c.reason);
 */
export function repair(catalog: Catalog, input: StackInput, request: Request = {}, options: SolveOptions = {}): RepairResult {
  options = optionsOf(options, SOLVE_OPTIONS);
  const stack = stackDocOf(input);
  const { usable, stale } = staleUseCasePins(catalog, stack, requestedUseCases(request));
  const full = resolve(catalog, request, usable);
  const pinned = new Set(full.pins.map((p) => p.id));
  const req: ResolvedRequest = { ...full, pins: [] };
  // The file's plugins seed the reachable set too, though they are wishes here, not requests.
  const model = buildModel(catalog, req, reachablePlugins(catalog, full));
  const changes: Objective = {
    name: "wishes",
    terms: model.vars.map((v) => ({ lit: pinned.has(pluginOf(v)!) ? `-${v}` : v, weight: 1 })),
  };
  const facetPins = full.pins.filter((p) => p.facet !== undefined);
  const facetChanges: Objective = { name: "wishes", terms: facetPins.map((p) => ({ lit: `-${fv(p.id, p.facet!)}`, weight: 1 })) };
  const budget = budgetOf(options);
  const r = solveLex(model, { budget, before: [changes, facetChanges] });
  const base = { format_version: 1 as const, command: "repair" as const };
  const original = evaluateStack(catalog, req, { ids: [...pinned], facets: new Map(facetPins.map((p) => [p.id, p.facet!])) });
  const violations = original.violations.map(violationOut);
  const stopped = (by: "time" | "memory" = "time") => stoppedBy(budget, by);
  if (r.status === "unsat") {
    // Each repair's stack is the file repaired without what it gives up, not a recommendation.
    const x = explainNoStack(catalog, req, model, budget, options.repairs ?? 3, [changes, facetChanges]);
    return { ...base, ok: false, changes: [], violations, no_stack: true, ...noStackFields(x), reassigned: [], ...(x.timedOut ? stopped() : {}) };
  }
  if (!r.assignment) return { ...base, ok: false, changes: [], violations, reassigned: [], ...stopped(r.status === "timeout" ? r.reason : undefined) };
  const result = stackFromAssignment(catalog, req, r.assignment);
  const after = new Set(result.plugins.map((p) => p.id));
  const facetOf = new Map(result.plugins.map((p) => [p.id, p.facet]));
  const out: Change[] = [];
  for (const id of [...pinned].sort()) {
    if (after.has(id)) continue;
    // Why it cannot stay: what putting it back into the repaired stack would break (each such
    // question is a check of the whole stack: past the time limit, the change is listed unexplained).
    if (pastDeadline(budget)) {
      out.push({ action: "remove", id, reason: UNEXAMINED });
      continue;
    }
    const back = evaluateStack(catalog, req, { ids: [...after, id], facets: new Map() }).violations.filter((v) => v.plugins.includes(id));
    // The file's broken rules it was part of that putting it back would not break again (a clash
    // of facets another value would avoid): its removal ends them too, and `check` listed them.
    // A rule is one rule at one line, whatever the plugins or counts its sentence names.
    const said = new Set(back.map((b) => `${b.rule} ${cite(b.source)}`));
    const ended = original.violations.filter((v) => v.plugins.includes(id) && !said.has(`${v.rule} ${cite(v.source)}`));
    const why = back.length ? back.map((v) => `${v.message} (${cite(v.source)})`).join("; ") + rivalWords(catalog, req, id, back, after, pinned) : "keeping it would cost more at a higher objective level than removing it";
    out.push({ action: "remove", id, reason: why + (ended.length ? `; removing it also ends: ${ended.map((v) => `${v.message} (${cite(v.source)})`).join("; ")}` : "") });
  }
  for (const id of [...after].sort()) {
    if (pinned.has(id)) continue;
    // Why it is needed: what leaving it out of the repaired stack would break.
    if (pastDeadline(budget)) {
      out.push({ action: "add", id, reason: UNEXAMINED });
      continue;
    }
    const without = evaluateStack(catalog, req, { ids: [...after].filter((x) => x !== id), facets: new Map() }).violations;
    const reasons = without.filter((v) => v.rule === "need" || v.rule === "requires" || v.rule === "request" || v.rule === "integration");
    out.push({ action: "add", id, reason: reasons.length ? `needed: ${reasons.map((v) => `${v.message} (${cite(v.source)})`).join("; ")}` : "the smallest repair needs it" });
  }
  // Why each facet the file gives is changed: what keeping it in the repaired stack would break.
  const repairedFacets = new Map(result.plugins.flatMap((p) => (p.facet !== undefined ? [[p.id, p.facet] as const] : [])));
  const reassigned = [
    ...facetPins
      .filter((p) => after.has(p.id) && facetOf.get(p.id) !== p.facet)
      .map((p) => {
        const base = { id: p.id, from: p.facet!, to: facetOf.get(p.id) ?? "" };
        if (pastDeadline(budget)) return { ...base, reason: UNEXAMINED };
        const kept = evaluateStack(catalog, req, { ids: [...after], facets: new Map([...repairedFacets, [p.id, p.facet!]]) }).violations.filter((v) => v.plugins.includes(p.id));
        return { ...base, reason: kept.length ? kept.map((v) => `${v.message} (${cite(v.source)})`).join("; ") : "keeping it would cost more at a higher objective level than changing it" };
      }),
    ...stale.filter((e) => after.has(e.id)).map((e) => ({ id: e.id, from: e.facet!, to: facetOf.get(e.id) ?? "", reason: staleReason(full.useCases, e) })),
  ];
  const costs = costEntries(model, r.assignment, 2);
  return {
    ...base,
    ok: r.status === "optimal",
    stack: result,
    cost: costs,
    changes: out,
    violations,
    reassigned,
    ...(r.status === "timeout" ? stopped(r.reason) : {}),
  };
}

/**
 * Why the repair removed `id` and kept a plugin of the file it clashes with (one of a type):
 * keeping `id` instead costs more at some objective level, and what it pays there ("keeping it
 * instead of mlflow-plugin costs more at precedence: wandb-plugin ranks 2nd among experiment
 * tracker plugins in precedence"); or both are as good and the tie-break by name decided. Said
 * only of a swap that is itself valid; else "" (the rule broken already says why).
 */
function rivalWords(catalog: Catalog, req: ResolvedRequest, id: string, broken: Violation[], after: ReadonlySet<string>, pinned: ReadonlySet<string>): string {
  const rivals = [...new Set(broken.filter((v) => v.rule === "cardinality").flatMap((v) => v.plugins))].filter((y) => y !== id && pinned.has(y) && after.has(y)).sort();
  const kept = [...after];
  const mine = stackCost(catalog, req, kept);
  // One clause for each plugin it could have stayed instead of (three of a type: two clauses).
  const clauses: string[] = [];
  for (const y of rivals) {
    const swapped = [...kept.filter((x) => x !== y), id];
    if (evaluateStack(catalog, req, { ids: swapped, facets: new Map() }).violations.length) continue;
    const theirs = stackCost(catalog, req, swapped);
    const level = theirs.findIndex((c, i) => c.value !== mine[i]!.value);
    if (level < 0) {
      clauses.push(`keeping it instead of ${y} is as good at every level, and the tie-break by name keeps ${y}`);
      continue;
    }
    if (theirs[level]!.value < mine[level]!.value) continue;
    const objective = mine[level]!.objective;
    const paid = differences(catalog, req, kept, swapped, objective).filter((d) => d.stack === "alternative");
    clauses.push(`keeping it instead of ${y} costs more at ${objective} (${theirs[level]!.value} against ${mine[level]!.value})${paid.length ? `: ${paid.map((d) => d.message).join(", ")}` : ""}`);
  }
  return clauses.map((c) => `; ${c}`).join("");
}

/**
 * A stack file's per-use-case facets that name a use case neither the file lists nor the request
 * asks for (one dropped from `use_cases` after the file was written): `check` refuses such a file, while
 * `repair` sets the facet aside (`usable`) and reassigns it (`stale`), saying why.
 */
function staleUseCasePins(catalog: Catalog, stack: StackDoc, requested: readonly string[]): { usable: StackDoc; stale: StackEntry[] } {
  const listed = new Set([...stack.useCases.map((u) => u.id), ...requested].map((u) => resolveUseCase(catalog, u)?.id));
  const isStale = (e: StackEntry) => {
    const p = catalog.plugins.get(e.id);
    if (e.facet === undefined || !p || assigningType(catalog, p)?.rule !== "per_use_case") return false;
    const uc = resolveUseCase(catalog, e.facet);
    return uc !== undefined && !listed.has(uc.id);
  };
  const stale = stack.plugins.filter(isStale);
  if (!stale.length) return { usable: stack, stale };
  const usable = { ...stack, plugins: stack.plugins.map((e) => (isStale(e) ? { id: e.id, pos: e.pos } : e)) };
  return { usable, stale };
}

const staleReason = (useCases: readonly string[], e: StackEntry): string =>
  `${e.facet} is not one of the stack's use cases (${useCases.length ? useCases.join(", ") : "none listed or requested"}), so ${e.id} cannot serve it (${cite(e.facetPos ?? e.pos)})`;
