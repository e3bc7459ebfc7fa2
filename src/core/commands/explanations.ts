/**
 * Explanations the commands share: why a request has no stack (a minimal conflict, further ones,
 * the ranked minimal repairs), why a plugin is forced in or out (a conflict of its counterfactual),
 * and what two stacks pay for differently at an objective level (common.ts holds the options,
 * budgets and request resolution they build on).
 */
import { parseTagFilter, tagWords, type Catalog } from "../catalog/catalog.js";
import { cite, type SourcePos } from "../common/diagnostics.js";
import type { ResolvedRequest } from "../model/request.js";
import { buildModel } from "../model/build.js";
import { reachablePlugins } from "../model/scope.js";
import { stackFromAssignment } from "../model/stack.js";
import { costTerms, type CostTerm } from "../model/evaluate.js";
import { pastDeadline, Timeout, type Budget } from "../common/budget.js";
import { solveLex } from "../solve/engine.js";
import { SatOracle } from "../solve/oracle.js";
import { conflictOn, findConflict, minimalCorrectionSets, type ConflictCore } from "../solve/explain.js";
import type { Model, Objective } from "../solve/types.js";
import { costEntries } from "./common.js";
import type { Conflict, Difference, Repair, RequestKind, RuleRefKind } from "./result.js";

/** What `explainNoStack` found. */
export interface NoStackExplained {
  conflict?: Conflict;
  more_conflicts?: Conflict[];
  repairs: Repair[];
  timedOut: boolean;
  more?: boolean;
}

/**
 * The result fields of an explained no-stack, in the order every command writes them: the
 * conflict and the further ones when found, the repairs, and that more repairs exist (not after a
 * time limit). The caller adds its own stop fields.
 */
export function noStackFields(e: NoStackExplained): { conflict?: Conflict; more_conflicts?: Conflict[]; repairs: Repair[]; more_repairs?: true } {
  return { ...(e.conflict ? { conflict: e.conflict } : {}), ...(e.more_conflicts ? { more_conflicts: e.more_conflicts } : {}), repairs: e.repairs, ...(e.more && !e.timedOut ? { more_repairs: true as const } : {}) };
}

/**
 * Explains why the active requests have no stack (which is proven), and lists the minimal
 * repairs, smallest first. Under a deadline it returns what it has: the conflict may be missing,
 * and `timedOut` says that the repairs are only those found so far.
 */
export function explainNoStack(catalog: Catalog, req: ResolvedRequest, model: Model, budget: Budget, nRepairs: number, before: Objective[] = []): NoStackExplained {
  const active = model.requests.map((r) => r.selector);
  let first: ConflictCore;
  try {
    first = findConflict(model, budget, active);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    return { repairs: [], timedOut: true };
  }
  const conflict = conflictOut(catalog, first);
  // Correction sets enough to hold the n best by size, then the stack's cost (ranked below).
  const { sets, more } = minimalCorrectionSets(model, budget, active, nRepairs, before);
  const bySel = new Map(model.requests.map((r) => [r.selector, r]));
  // Each repair's stack is the best one without the requests given up, under `before` first
  // (repair's: the fewest changes to the file), and ranked so after the number given up.
  const candidates: (Repair & { costs: number[]; set: string[] })[] = [];
  for (const set of sets) {
    const keep = new Set(active.filter((s) => !set.includes(s)));
    const r = solveLex(model, { budget, active: keep, before });
    if (r.status !== "optimal") continue;
    candidates.push({
      give_up: set.map((s) => bySel.get(s)!).map((x) => ({ kind: x.kind as RequestKind, value: x.value, message: x.message })),
      cost: costEntries(model, r.assignment, before.length),
      stack: stackFromAssignment(catalog, req, r.assignment),
      costs: r.assignment.costs,
      set,
    });
  }
  // Every level in its order, `before`'s first: the same as the model's own cost alone when there are none.
  candidates.sort((a, b) => a.give_up.length - b.give_up.length || compareLevels(a.costs, b.costs) || compareGiveUp(a, b));
  const shown = candidates.slice(0, nRepairs);
  // Whether the repairs are complete is known before the further conflicts: a time limit reached
  // while finding those leaves fewer of them, not the repairs in doubt.
  const timedOut = pastDeadline(budget);
  const moreConflicts = timedOut ? [] : furtherConflicts(catalog, model, budget, active, first, shown.map((c) => c.set));
  return { conflict, ...(moreConflicts.length ? { more_conflicts: moreConflicts } : {}), repairs: shown.map(({ costs: _, set: _set, ...r }) => r), timedOut, more: more || candidates.length > nRepairs };
}

/**
 * A conflict as results give it: the rules in their kinds' order (a chain of requires from the
 * plugins the requests name, and `from`), then the facts they rest on (the tag facts grouped by
 * the request they stand for).
 */
const conflictOut = (catalog: Catalog, core: ConflictCore, from: readonly string[] = []): Conflict => ({
  requests: core.requests.map(citedRequest),
  rules: reasons(catalog, { ...core, rules: orderRules(core.rules, [...from, ...core.requests.flatMap((r) => r.subjects)]) }).map(citedRule),
});

/**
 * The other conflicts the repairs shown touch: a repair may give up a request the first conflict
 * does not name (two requirements that clash, and two others that clash too), which a reader
 * could not account for. Each request a repair gives up is in some minimal conflict: with the
 * repair's other requests given up, the rest holds and adding that request back does not, so a
 * minimal conflict of what is left holds it. One is found for each request not yet in a conflict
 * said. Under a deadline, those found so far.
 */
function furtherConflicts(catalog: Catalog, model: Model, budget: Budget, active: string[], first: ConflictCore, sets: string[][]): Conflict[] {
  const said = new Set(first.requests.map((r) => r.selector));
  if (sets.every((set) => set.every((s) => said.has(s)))) return [];
  const out: Conflict[] = [];
  try {
    SatOracle.with(
      model,
      budget,
      (oracle) => {
        // The catalog's rules are guarded too (conflictOn needs them so): all of them hold here.
        const rules = oracle.constraintSelectors.filter((x): x is string => x !== undefined);
        for (const set of sets) {
          for (const x of set) {
            if (said.has(x)) continue;
            const on = active.filter((s) => s === x || !set.includes(s));
            // The argument above holds for a minimal correction set; checked, not assumed.
            if (oracle.sat([...rules, ...on])) continue;
            const core = conflictOn(oracle, on);
            for (const r of core.requests) said.add(r.selector);
            out.push(conflictOut(catalog, core));
          }
        }
      },
      true,
    );
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
  }
  return out;
}

/** A conflict's request and rule as results give them, each cited `file:line`. */
// The kinds are the model's (build.ts made every request and rule the solver hands back) and this file's facts'.
const citedRequest = (q: { kind: string; value: string; message: string; source: SourcePos }) => ({ kind: q.kind as RequestKind, value: q.value, message: q.message, source: cite(q.source) });
const citedRule = (c: { kind: string; message: string; source: SourcePos }) => ({ kind: c.kind as RuleRefKind, message: c.message, source: cite(c.source) });

/** What a conflict rests on: its rules, the also_types that make a type's rule count a plugin (`alsoTypeFacts`), and the tags of its tag requests (`tagFacts`). */
const reasons = (catalog: Catalog, core: ConflictCore) => [...core.rules, ...alsoTypeFacts(catalog, core), ...facetFacts(catalog, core), ...tagFacts(catalog, core)];

/**
 * The facet values a rule "at most one of a type per facet value" rests on, for the conflict's
 * plugins ("bigquery-plugin has source_kind warehouse"), each cited at the plugin's facet line:
 * "at most one data source with source_kind warehouse" did not say which plugins are warehouses.
 */
function facetFacts(catalog: Catalog, core: ConflictCore): { kind: string; message: string; source: SourcePos }[] {
  const facts: ReturnType<typeof facetFacts> = [];
  const seen = new Set<string>();
  // The plugins the requests name, and those their rules bring in (a requires chain's, a strict integration's partners).
  const named = new Set([...core.requests.flatMap((r) => r.subjects), ...core.rules.filter((r) => r.kind === "requires" || r.kind === "integration").flatMap((r) => r.subjects)]);
  for (const rule of core.rules) {
    if (rule.kind !== "cardinality") continue;
    const td = [...catalog.types.values()].find((t) => t.rule === "per_facet" && t.pos.file === rule.source.file && t.pos.line === rule.source.line && rule.subjects.every((id) => catalog.plugins.get(id)?.types.includes(t.name)));
    if (!td?.facet) continue;
    for (const id of rule.subjects) {
      const p = catalog.plugins.get(id)!;
      if (!named.has(id) || seen.has(`${id}:${td.facet}`)) continue;
      seen.add(`${id}:${td.facet}`);
      facts.push({ kind: "facet", message: `${id} has ${td.facet} ${(p.facets[td.facet] ?? []).join(", ")}`, source: p.keyPos[`facets.${td.facet}`] ?? p.keyPos["facets"] ?? p.pos });
    }
  }
  return facts;
}

/**
 * A conflict's plugins that a rule of a type counts through their `also_types` ("mlflow-plugin
 * also fills model_registry"), each cited at its `also_types`: "at most one model registry" with
 * azure-ml-plugin and mlflow-plugin required did not say why an experiment tracker counts. The
 * type of a rule is the one of the plugin's also types that every plugin the rule is about fills.
 */
function alsoTypeFacts(catalog: Catalog, core: ConflictCore): { kind: string; message: string; source: SourcePos }[] {
  const facts: ReturnType<typeof alsoTypeFacts> = [];
  const seen = new Set<string>();
  const named = new Set(core.requests.flatMap((r) => r.subjects));
  for (const rule of core.rules) {
    if (rule.kind !== "cardinality" && rule.kind !== "facet") continue;
    for (const id of rule.subjects) {
      const p = catalog.plugins.get(id);
      if (!p || !named.has(id) || p.types.length < 2) continue;
      const t = p.types.slice(1).find((t) => rule.subjects.every((s) => catalog.plugins.get(s)?.types.includes(t)));
      if (t === undefined || seen.has(`${id}:${t}`)) continue;
      seen.add(`${id}:${t}`);
      facts.push({ kind: "definition", message: `${id} (type ${p.types[0]!}) also fills ${t} through its also_types, so it counts under that type's rule`, source: p.keyPos["also_types"] ?? p.pos });
    }
  }
  return facts;
}

/**
 * The catalog's facts a conflict with a tag request ("only license=open-source", a use case's
 * "self-hosted plugins") rests on: the tags of the plugins the conflict's other requests and
 * "requires" rules are about that the tag request rules out ("databricks-plugin has license
 * proprietary"), each cited at its plugin's `tags:`. The solver's core holds the tag request as
 * the clauses it adds, with no rule between: without these, such a conflict cited no file.
 */
function tagFacts(catalog: Catalog, core: ConflictCore): { kind: string; message: string; source: SourcePos }[] {
  const touched = new Set<string>();
  for (const r of core.requests) if (r.kind !== "only" && r.kind !== "tag") r.subjects.forEach((id) => touched.add(id));
  for (const c of core.rules) if (c.kind === "requires") c.subjects.forEach((id) => touched.add(id));
  const facts: ReturnType<typeof tagFacts> = [];
  for (const r of core.requests) {
    if (r.kind !== "only" && r.kind !== "tag") continue;
    // The filter as the request states it: "license=open-source", or a use case's "on-premises-deployments: hosting=self-hosted".
    const filter = r.value.replace(/^[^:]*:\s*/, "");
    const { key } = parseTagFilter(filter);
    const all = r.subjects.filter((id) => touched.has(id) && catalog.plugins.has(id)).sort();
    // Every one, each cited at its own file (the table shortens a long run: text.ts, ruleLines).
    for (const id of all) {
      const p = catalog.plugins.get(id)!;
      facts.push({ kind: "tag", message: `${id} has ${tagWords(p, key)}`, source: p.keyPos[`tags.${key}`] ?? p.keyPos["tags"] ?? p.pos });
    }
  }
  return facts;
}

const KIND_ORDER = ["requires", "conflict", "cardinality", "facet", "integration", "tag", "definition"];
/**
 * A conflict's rules in their kinds' order; its `requires` rules along the chain from the plugins
 * the requests name (`from`): "litellm-plugin requires one of …" before "bedrock-plugin requires
 * aws-plugin" when litellm is the one required; then by file and line.
 */
function orderRules<T extends { kind: string; subjects: readonly string[]; source: { file: string; line: number } }>(rules: T[], from: readonly string[]): T[] {
  const depth = new Map(from.map((id) => [id, 0]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of rules) {
      const d = r.kind === "requires" ? depth.get(r.subjects[0]!) : undefined;
      if (d === undefined) continue;
      for (const t of r.subjects.slice(1))
        if ((depth.get(t) ?? Infinity) > d + 1) {
          depth.set(t, d + 1);
          changed = true;
        }
    }
  }
  const chain = (r: T) => (r.kind === "requires" ? (depth.get(r.subjects[0]!) ?? Infinity) : 0);
  return [...rules].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || chain(a) - chain(b) || (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0) || a.source.line - b.source.line);
}

/**
 * What two stacks (their plugins' ids) pay for differently at one objective level, each term as
 * `costTerms` words it: what only the other stack (`alt`) pays first, then what only `ids` pays
 * (a term's weight depends on its key alone, so a term both pay cancels out). The request's own
 * terms for both: a counterfactual's extra require or exclude costs nothing. why/why-not's
 * `decided_by`, and repair's removals.
 */
export function differences(catalog: Catalog, req: ResolvedRequest, ids: readonly string[], alt: readonly string[], objective: string): Difference[] {
  const termsOf = (s: readonly string[]) => new Map(costTerms(catalog, req, s, objective).map((t) => [t.key, t]));
  const mine = termsOf(ids);
  const theirs = termsOf(alt);
  const out: Difference[] = [];
  const side = (pays: Map<string, CostTerm>, other: Map<string, CostTerm>, name: Difference["stack"]) => {
    for (const t of pays.values()) if (!other.has(t.key)) out.push({ stack: name, message: t.message, weight: t.weight, ...(t.source ? { source: cite(t.source) } : {}) });
  };
  side(theirs, mine, "alternative");
  side(mine, theirs, "recommended");
  return out;
}

/** Costs compared level by level, the first that differs deciding. */
function compareLevels(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
function compareGiveUp(a: Repair, b: Repair): number {
  const ka = a.give_up.map((g) => `${g.kind}:${g.value}`).join(",");
  const kb = b.give_up.map((g) => `${g.kind}:${g.value}`).join(",");
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Why a plugin is in every valid stack ("in") or in none ("out") for a request: the minimal
 * conflict of the counterfactual request (excluding a plugin forced in, requiring one ruled out),
 * without that counterfactual. Shared by analyze, propagate and the configurator.
 */
export function forcedBecause(catalog: Catalog, req: ResolvedRequest, id: string, decision: "in" | "out", budget: Budget): Conflict {
  const cm = buildModel(catalog, counterfactual(req, [[id, decision]]));
  return because(catalog, findConflict(cm, budget, cm.requests.map((r) => r.selector)), id, decision);
}

/** The request with each "in" plugin excluded and each "out" plugin required, as `forcedBecause` asks. */
function counterfactual(req: ResolvedRequest, items: readonly (readonly [id: string, decision: "in" | "out"])[]): ResolvedRequest {
  const ins = items.filter(([, d]) => d === "in").map(([id]) => id);
  const outs = items.filter(([, d]) => d === "out").map(([id]) => id);
  return { ...req, ...(ins.length ? { exclude: [...req.exclude, ...ins].sort() } : {}), ...(outs.length ? { require: [...req.require, ...outs].sort() } : {}) };
}

/** The kind of request a counterfactual adds: "exclude" for a plugin forced in, "require" for one ruled out. */
const counterKind = (decision: "in" | "out") => (decision === "in" ? "exclude" : "require");

/** A conflict of the counterfactual request as `forcedBecause` gives it: without the counterfactual, with the tags it rests on. */
export function because(catalog: Catalog, core: ConflictCore, id: string, decision: "in" | "out"): Conflict {
  const kind = counterKind(decision);
  // As an explanation says a conflict (the counterfactual's plugin is where a chain starts, with the requests').
  const out = conflictOut(catalog, core, [id]);
  return { ...out, requests: out.requests.filter((q) => !(q.kind === kind && q.value === id)) };
}

/**
 * `forcedBecause` for each of `items` in turn, the same answers (`each` receives them in order,
 * so that a time limit keeps the first ones), with a model and an oracle shared where it can:
 * the counterfactuals whose scope is the same (`reachablePlugins` of the request with that plugin
 * required, or excluded, which only a required plugin can widen) share one model of all of them
 * at once, and each is asked alone with the request's own. analyze explained its first 10
 * plugins with a model and an oracle each, two thirds of the explanations' time on the built-in
 * catalog (bench/README.md, "The floor").
 *
 * Why the answers are the same: a request holds only while its selector is assumed, so the
 * oracle answers each question as an oracle of that counterfactual alone; the model's rules are
 * those of each counterfactual's own model, as the scope is the same; and each question names the
 * requests in the order the counterfactual's own model has them (the lists of required and
 * excluded plugins are sorted in both), so QuickXplain takes the same steps. A counterfactual
 * whose scope no other shares gets `forcedBecause`. At most `SHARED_OPEN` shared oracles are open
 * at once (a catalog's MiniSat modules hold 64 MiB each). Returns how many answers came from a
 * shared oracle.
 */
export function forcedBecauseEach(catalog: Catalog, req: ResolvedRequest, items: readonly (readonly [id: string, decision: "in" | "out"])[], budget: Budget, each: (i: number, c: Conflict) => void): number {
  const base = reachablePlugins(catalog, req);
  // Items the request already asks the same of, or asked twice, go alone: a model of them all
  // would hold one request where each counterfactual's own holds two.
  const seen = new Set<string>();
  const alone = items.map(([id, d]) => {
    const twice = seen.has(id) || (d === "in" ? req.exclude : req.require).includes(id);
    seen.add(id);
    return twice;
  });
  // The scope of each counterfactual, named by the plugins it adds to the request's: none for an
  // excluded plugin, nor for a required one already in reach (the reach is closed under requires).
  const scopeOf = items.map(([id, d], i) =>
    alone[i] ? `alone:${i}` : d === "in" || base.has(id) ? "" : [...reachablePlugins(catalog, counterfactual(req, [[id, d]]))].filter((p) => !base.has(p)).sort().join(","),
  );
  const members = new Map<string, number[]>();
  scopeOf.forEach((k, i) => {
    const group = members.get(k);
    if (group) group.push(i);
    else members.set(k, [i]);
  });
  type Shared = { model: Model; oracle: SatOracle; at: Map<number, number>; mine: Set<number>; left: number };
  const open = new Map<string, Shared>();
  let shared = 0;
  try {
    items.forEach(([id, d], i) => {
      const group = members.get(scopeOf[i]!)!;
      let g = open.get(scopeOf[i]!);
      if (!g && group.length > 1 && open.size < SHARED_OPEN && group[0] === i) {
        const model = buildModel(catalog, counterfactual(req, group.map((k) => items[k]!)));
        const byRequest = new Map(model.requests.map((r, k) => [`${r.kind}:${r.value}`, k]));
        const at = new Map(group.map((k) => [k, byRequest.get(`${counterKind(items[k]![1])}:${items[k]![0]}`)!]));
        g = { model, oracle: new SatOracle(model, budget, true), at, mine: new Set(at.values()), left: group.length };
        open.set(scopeOf[i]!, g);
      }
      if (!g) {
        each(i, forcedBecause(catalog, req, id, d, budget));
        return;
      }
      const own = g.at.get(i)!;
      const { mine } = g;
      each(i, because(catalog, conflictOn(g.oracle, g.model.requests.filter((_, k) => k === own || !mine.has(k)).map((r) => r.selector)), id, d));
      shared++;
      if (--g.left === 0) {
        g.oracle.release();
        open.delete(scopeOf[i]!);
      }
    });
  } finally {
    for (const g of open.values()) g.oracle.release();
  }
  return shared;
}

/** The most oracles `forcedBecauseEach` keeps open at once. */
const SHARED_OPEN = 4;
