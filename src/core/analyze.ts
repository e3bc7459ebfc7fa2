/**
 * `analyze`: which plugins are in every valid stack (core), in none (dead), forced only by the
 * request (false optional), and the exact number of valid stacks — each core or dead plugin with
 * the rules that make it so.
 */
import { assigningType, conflictPairs, integrates, type Catalog } from "./catalog-model.js";
import { cite } from "./diagnostics.js";
import { newBudget, SatOracle, type Budget } from "./engine.js";
import { assignDistinct } from "./evaluate.js";
import { countModels, type CountGroup, type CountProblem } from "./count.js";
import { findConflict } from "./explain.js";
import { buildModel, pv } from "./model.js";
import { explainNoStack, resolve, type SolveOptions } from "./ops.js";
import { tagValues, type Request, type ResolvedRequest } from "./request.js";
import type { Conflict, Repair } from "./result.js";

export interface AnalyzedPlugin {
  id: string;
  /** The requests and rules that force it in (core) or keep it out (dead). */
  because: Conflict;
}

export interface AnalyzeResult {
  format_version: 1;
  command: "analyze";
  ok: boolean;
  core: AnalyzedPlugin[];
  dead: AnalyzedPlugin[];
  /** Not core for the catalog alone, core for this request. */
  false_optional: AnalyzedPlugin[];
  /** The exact number of valid stacks (a number while it is exact in JSON, else a string). */
  count: number | string;
  count_note: string;
  conflict?: Conflict;
  repairs?: Repair[];
  stats: { solver_calls: number };
}

const EMPTY: ResolvedRequest = { useCases: [], require: [], exclude: [], prefer: [], avoid: [], only: [], integrations: "soft", pins: [] };

/** The counting problem of a catalog and request, over plugin variables only. */
export function countingProblem(catalog: Catalog, req: ResolvedRequest): CountProblem {
  const ids = [...catalog.plugins.keys()];
  const num = new Map(ids.map((id, i) => [id, i + 1]));
  const v = (id: string) => num.get(id)!;
  const clauses: number[][] = [];
  for (const { a, b } of conflictPairs(catalog)) clauses.push([-v(a), -v(b)]);
  for (const p of catalog.plugins.values()) for (const r of p.requires) clauses.push([-v(p.id), ...r.anyOf.filter((x) => num.has(x)).map(v)]);
  for (const id of req.require) clauses.push([v(id)]);
  for (const id of req.exclude) clauses.push([-v(id)]);
  for (const f of req.only) for (const p of catalog.plugins.values()) if (!tagValues(p, f.key).includes(f.value)) clauses.push([-v(p.id)]);
  for (const pin of req.pins) clauses.push([v(pin.id)]);
  for (const ucId of req.useCases)
    for (const need of catalog.useCases.get(ucId)!.needs) clauses.push([...catalog.plugins.values()].filter((p) => p.capabilities.includes(need.id)).map((p) => v(p.id)));
  if (req.integrations === "strict") {
    for (const a of catalog.plugins.values())
      for (const cat of Object.keys(a.integrations)) {
        const t = catalog.categories.get(cat);
        if (!t) continue;
        const others = [...catalog.plugins.values()].filter((b) => b.id !== a.id && b.types.includes(t));
        const partners = others.filter((b) => integrates(catalog, a.id, b.id)).map((b) => v(b.id));
        for (const b of others) if (!integrates(catalog, a.id, b.id)) clauses.push([-v(a.id), -v(b.id), ...partners]);
      }
  }
  const groups: CountGroup[] = [];
  const atMost = (tag: string, members: number[], k: number) => {
    if (members.length > k) groups.push({ tag, vars: members, allows: (sel) => sel.length <= k });
  };
  for (const td of catalog.types.values()) {
    const members = [...catalog.plugins.values()].filter((p) => p.types.includes(td.name));
    if (td.rule === "single") atMost(`single:${td.name}`, members.map((p) => v(p.id)), 1);
    else if (td.rule === "per_use_case") atMost(`per_use_case:${td.name}`, members.map((p) => v(p.id)), Math.max(1, req.useCases.length));
    else if (td.rule === "per_facet") {
      const values = new Set(members.flatMap((p) => p.facets[td.facet!] ?? []));
      for (const val of [...values].sort()) atMost(`per_facet:${td.name}:${val}`, members.filter((p) => (p.facets[td.facet!] ?? []).includes(val)).map((p) => v(p.id)), 1);
    } else if (td.rule === "distinct_facet") {
      const assigned = members.filter((p) => assigningType(catalog, p) === td);
      const options = new Map(assigned.map((p) => [v(p.id), p.facets[td.facet!] ?? []]));
      if (assigned.length > 1)
        groups.push({
          tag: `distinct:${td.name}`,
          vars: assigned.map((p) => v(p.id)),
          allows: (sel) => assignDistinct(new Map(sel.map((x) => [String(x), options.get(x)!])), new Map()) !== undefined,
        });
    }
  }
  return { nvars: ids.length, clauses, groups };
}

function conflictOf(r: ReturnType<typeof findConflict>): Conflict {
  return {
    requests: r.requests.map((q) => ({ kind: q.kind, value: q.value, message: q.message, source: cite(q.source) })),
    rules: r.rules.map((c) => ({ kind: c.kind, message: c.message, source: cite(c.source) })),
  };
}

/** Plugins in every / no valid stack for a request, each with its explanation. */
function coreAndDead(catalog: Catalog, req: ResolvedRequest, budget: Budget, progress?: (m: string) => void): { core: AnalyzedPlugin[]; dead: AnalyzedPlugin[] } {
  const model = buildModel(catalog, req, "all");
  const oracle = new SatOracle(model, budget);
  const sels = model.requests.map((r) => r.selector);
  const core: AnalyzedPlugin[] = [];
  const dead: AnalyzedPlugin[] = [];
  let i = 0;
  for (const id of catalog.plugins.keys()) {
    progress?.(`analyze: plugin ${++i}/${catalog.plugins.size}`);
    const canIn = oracle.sat([...sels, pv(id)]);
    const canOut = oracle.sat([...sels, `-${pv(id)}`]);
    if (canIn && canOut) continue;
    // Explain with the counterfactual request: excluding a core plugin, requiring a dead one.
    const counter = canIn ? { ...req, exclude: [...req.exclude, id].sort() } : { ...req, require: [...req.require, id].sort() };
    const cm = buildModel(catalog, counter);
    const why = conflictOf(findConflict(cm, budget, cm.requests.map((r) => r.selector)));
    const counterKind = canIn ? "exclude" : "require";
    why.requests = why.requests.filter((q) => !(q.kind === counterKind && q.value === id));
    (canIn ? core : dead).push({ id, because: why });
  }
  return { core, dead };
}

/**
 * @example
 * const a = analyze(loadCatalog(), { useCases: ["rag"] });
 * console.log(a.count, a.core.map((p) => p.id));
 */
export function analyze(catalog: Catalog, request: Request = {}, options: SolveOptions = {}): AnalyzeResult {
  const req = resolve(catalog, request);
  const budget = newBudget(options.timeout);
  const model = buildModel(catalog, req);
  const base = { format_version: 1 as const, command: "analyze" as const };
  const note = "valid stacks counted as sets of plugins: a set counts once when some assignment of facet values makes it valid";
  if (!new SatOracle(model, budget).sat(model.requests.map((r) => r.selector))) {
    const { conflict, repairs } = explainNoStack(catalog, req, model, budget, options.repairs ?? 3);
    return { ...base, ok: false, core: [], dead: [], false_optional: [], count: 0, count_note: note, conflict, repairs, stats: { solver_calls: budget.calls } };
  }
  const { core, dead } = coreAndDead(catalog, req, budget, options.onProgress);
  const plain = coreAndDead(catalog, EMPTY, budget, options.onProgress);
  options.onProgress?.("analyze: counting valid stacks");
  const coreAlone = new Set(plain.core.map((p) => p.id));
  const n = countModels(countingProblem(catalog, req), budget);
  return {
    ...base,
    ok: true,
    core,
    dead,
    false_optional: core.filter((p) => !coreAlone.has(p.id)),
    count: n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString(),
    count_note: note,
    stats: { solver_calls: budget.calls },
  };
}
