/**
 * The commands as library functions: catalog + request in, result data out. No printing, no
 * file system: the CLI and the browser call these.
 */
import { assigningType, checkStackRefs, type Catalog, type StackDoc } from "./catalog-model.js";
import { cite, InputError } from "./diagnostics.js";
import { newBudget, solveLex, type Assignment, type Budget } from "./engine.js";
import { evaluateStack, stackCost, type Violation } from "./evaluate.js";
import { findConflict, minimalCorrectionSets } from "./explain.js";
import { buildModel, type Model } from "./model.js";
import { neighbourSearch } from "./neighbourhood.js";
import { resolveRequest, type Request, type ResolvedRequest } from "./request.js";
import type { CheckResult, Conflict, CostEntry, RecommendResult, Repair, Stack, ViolationOut } from "./result.js";

export interface SolveOptions {
  /** Stop after this many seconds with the best stack found so far. */
  timeout?: number;
  /** How many alternative repairs to list when no stack exists (default 3). */
  repairs?: number;
  /** Called now and then by long computations with what they are doing ("3/41 plugins"). */
  onProgress?: (message: string) => void;
}

/** Resolves a request or throws InputError with did-you-mean diagnostics. */
export function resolve(catalog: Catalog, request: Request, stack?: StackDoc): ResolvedRequest {
  if (stack) {
    const ds = checkStackRefs(catalog, stack);
    if (ds.some((d) => d.severity === "error")) throw new InputError(ds);
  }
  const r = resolveRequest(catalog, request, stack?.plugins ?? [], stack?.useCases.map((u) => u.id) ?? []);
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.request;
}

export function stackFromAssignment(catalog: Catalog, req: ResolvedRequest, a: Assignment): Stack {
  const ids = [...a.trueVars].filter((v) => v.startsWith("p:")).map((v) => v.slice(2)).sort();
  const facet = new Map<string, string>();
  for (const v of a.trueVars) {
    if (!v.startsWith("f:")) continue;
    const rest = v.slice(2);
    const i = rest.indexOf(":");
    facet.set(rest.slice(0, i), rest.slice(i + 1));
  }
  return makeStack(catalog, req, ids, facet);
}

export function makeStack(catalog: Catalog, req: ResolvedRequest, ids: string[], facet: Map<string, string>): Stack {
  return {
    use_cases: [...req.useCases],
    plugins: [...ids].sort().map((id) => {
      const p = catalog.plugins.get(id)!;
      const f = assigningType(catalog, p) ? facet.get(id) : undefined;
      return { id, type: p.types[0]!, ...(f !== undefined ? { facet: f } : {}) };
    }),
  };
}

const costEntries = (model: Model, a: Assignment): CostEntry[] => model.objectives.map((o, i) => ({ objective: o.name, value: a.costs[i]! }));

/** Explains why the active requests have no stack, and lists the minimal repairs. */
export function explainNoStack(catalog: Catalog, req: ResolvedRequest, model: Model, budget: Budget, nRepairs: number): { conflict: Conflict; repairs: Repair[] } {
  const active = model.requests.map((r) => r.selector);
  const core = findConflict(model, budget, active);
  const conflict: Conflict = {
    requests: core.requests.map((r) => ({ kind: r.kind, value: r.value, message: r.message, source: cite(r.source) })),
    rules: orderRules(core.rules).map((c) => ({ kind: c.kind, message: c.message, source: cite(c.source) })),
  };
  // Enumerate correction sets through the size of the n-th, then rank by size and stack cost.
  const sets = minimalCorrectionSets(model, budget, active, Math.max(nRepairs * 4, 12));
  const bySel = new Map(model.requests.map((r) => [r.selector, r]));
  const candidates: Repair[] = [];
  for (const set of sets) {
    const keep = new Set(active.filter((s) => !set.includes(s)));
    const r = solveLex(model, { budget, active: keep });
    if (r.status !== "optimal") continue;
    candidates.push({
      give_up: set.map((s) => bySel.get(s)!).map((x) => ({ kind: x.kind, value: x.value })),
      cost: costEntries(model, r.assignment),
      stack: stackFromAssignment(catalog, req, r.assignment),
    });
  }
  candidates.sort((a, b) => a.give_up.length - b.give_up.length || compareCost(a.cost, b.cost) || compareGiveUp(a, b));
  return { conflict, repairs: candidates.slice(0, nRepairs) };
}

const KIND_ORDER = ["requires", "conflict", "cardinality", "facet", "integration", "definition"];
function orderRules<T extends { kind: string; source: { file: string; line: number } }>(rules: T[]): T[] {
  return [...rules].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) || a.source.line - b.source.line);
}

export function compareCost(a: CostEntry[], b: CostEntry[]): number {
  for (let i = 0; i < a.length; i++) if (a[i]!.value !== b[i]!.value) return a[i]!.value - b[i]!.value;
  return 0;
}
function compareGiveUp(a: Repair, b: Repair): number {
  const ka = a.give_up.map((g) => `${g.kind}:${g.value}`).join(",");
  const kb = b.give_up.map((g) => `${g.kind}:${g.value}`).join(",");
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The best valid stack for a request: the true lexicographic optimum of the catalog's
 * objectives, or — when none exists — a minimal conflict and the minimal repairs.
 *
 * @example
 * const catalog = loadCatalog();
 * const r = recommend(catalog, { useCases: ["rag"], exclude: ["databricks-plugin"] });
 * if (r.ok) console.log(r.stack!.plugins.map((p) => p.id));
 */
export function recommend(catalog: Catalog, request: Request, options: SolveOptions = {}, command = "recommend"): RecommendResult {
  const req = resolve(catalog, request);
  const model = buildModel(catalog, req);
  const budget = newBudget(options.timeout);
  const r = solveLex(model, { budget, neighbours: neighbourSearch(catalog, req, model) });
  const base = { format_version: 1 as const, command };
  if (r.status === "optimal") {
    return { ...base, ok: true, optimal: true, stack: stackFromAssignment(catalog, req, r.assignment), cost: costEntries(model, r.assignment), stats: { solver_calls: budget.calls } };
  }
  if (r.status === "timeout") {
    const stopped = { timed_out: true, stopped_by: r.reason ?? ("time" as const) };
    return r.assignment
      ? { ...base, ok: false, optimal: false, ...stopped, stack: stackFromAssignment(catalog, req, r.assignment), cost: costEntries(model, r.assignment), stats: { solver_calls: budget.calls } }
      : { ...base, ok: false, ...stopped, stats: { solver_calls: budget.calls } };
  }
  // No stack: explain. The explanation has its own budget so a timeout still gets one.
  const eb: Budget = { calls: budget.calls };
  const { conflict, repairs } = explainNoStack(catalog, req, model, eb, options.repairs ?? 3);
  return { ...base, ok: false, conflict, repairs, stats: { solver_calls: eb.calls } };
}

const violationOut = (v: Violation): ViolationOut => ({ rule: v.rule, message: v.message, plugins: v.plugins, source: cite(v.source) });

/**
 * Checks a stack (parsed from a stack file) against every rule; valid when there is no violation.
 *
 * @example
 * const r = check(catalog, parseStack({ path: "stack.yaml", content: text }));
 * r.ok || r.violations.forEach((v) => console.log(v.message, v.source));
 */
export function check(catalog: Catalog, stack: StackDoc, request: Request = {}): CheckResult {
  const req = resolve(catalog, request, stack);
  const ids = stack.plugins.map((e) => e.id);
  const given = new Map(stack.plugins.filter((e) => e.facet !== undefined).map((e) => [e.id, e.facet!]));
  const ev = evaluateStack(catalog, { ...req, pins: [] }, { ids, facets: given });
  const facets = new Map([...ev.facets, ...given]);
  return {
    format_version: 1,
    command: "check",
    ok: ev.violations.length === 0,
    stack: makeStack(catalog, req, ids, facets),
    cost: stackCost(catalog, req, ids),
    violations: ev.violations.map(violationOut),
    warnings: ev.warnings.map(violationOut),
  };
}
