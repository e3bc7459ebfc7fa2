/**
 * What the commands share: the options and budget of a command that solves, resolving a request
 * and a stack file against the catalog, and the backbone of a model. Explaining a request that
 * has no valid stack, or why a plugin is forced, is in explanations.ts.
 */
import { checkCatalogArgument, checkStackRefs, resolvePlugin, type Catalog, type Ref, type StackDoc, type StackEntry } from "../catalog/catalog.js";
import { describeArgument, diag, InputError, type Diagnostic, type SourcePos } from "../common/diagnostics.js";
import { didYouMean } from "../common/suggest.js";
import { resolveRequest, type Request, type ResolvedRequest } from "../model/request.js";
import { workFor, type Budget } from "../common/budget.js";
import { backbone, type Backbone } from "../solve/backbone.js";
import { solveLex, type Assignment } from "../solve/engine.js";
import { isSolverMemoryAbort } from "../solve/minisat/minisat.js";
import { SatOracle } from "../solve/oracle.js";
import type { Model } from "../solve/types.js";
import type { CostEntry } from "./result.js";

/** Limits of a command that solves (time, deadline, work) and how many repairs to list. */
export interface SolveOptions {
  /** Stop after this many seconds (from the call) with the best found so far. */
  timeout?: number;
  /**
   * Stop at this time (epoch milliseconds), whichever of the two comes first: the CLI counts its
   * --timeout from the process's start, so that loading the catalog counts too.
   */
  deadline?: number;
  /**
   * Stop after this much work (see `workFor` in core/common/budget.ts: a time limit in units that
   * are the same on every machine); `timeout` sets one too, and the smaller holds. The CLI passes
   * its --timeout's, so that the same request stops at the same point everywhere, and the clock
   * (`deadline`) only stops a machine too slow to do that work in time.
   */
  work?: number;
  /** How many alternative repairs to list when no stack exists (default 3). */
  repairs?: number;
  /** Called now and then by long computations with what they are doing ("3/41 plugins"). */
  onProgress?: (message: string) => void;
}

/** The limits alone (check, diff): a time, a deadline, an amount of work, as `SolveOptions` has them. */
export type LimitOptions = Pick<SolveOptions, "timeout" | "deadline" | "work">;

/** An option of the library given a value it cannot use: bad input, as the CLI's options are. */
export const badOptionValue = (name: string, expected: string, v: unknown): Diagnostic =>
  diag({ file: `option ${name}`, line: 0, column: 0 }, "bad-option", `${name} expects ${expected}, not ${typeof v === "string" ? `"${v}"` : String(v)}`);

/** The option `deadline`'s problem, if any: a time in epoch milliseconds (a loader's and a solver's alike). */
export function deadlineOption(v: unknown): Diagnostic[] {
  return v === undefined || (typeof v === "number" && !Number.isNaN(v)) ? [] : [badOptionValue("deadline", "a time in milliseconds since 1970 (Date.now())", v)];
}

/** The options every command that solves knows (`SolveOptions`). */
export const SOLVE_OPTIONS = ["timeout", "deadline", "work", "repairs", "onProgress"] as const;

/**
 * A library call's options, checked before use: an object (absent or null: none), with no key the
 * call does not know (`tiemout` would be a slip silently ignored: no time limit at all; a request's
 * unknown key is refused the same way), and `onProgress` a function. Returns them, `{}` for none.
 */
export function optionsOf<T extends object>(options: T | null | undefined, known: readonly string[]): T {
  if (options === undefined || options === null) return {} as T;
  const proto = typeof options === "object" ? Object.getPrototypeOf(options) : undefined;
  if (typeof options !== "object" || (proto !== Object.prototype && proto !== null)) throw new InputError([badOptionValue("options", `an object of options (${known.join(", ")})`, Array.isArray(options) ? "a list" : options)]);
  const bad: Diagnostic[] = [];
  for (const k of Object.keys(options)) {
    if (known.includes(k)) continue;
    bad.push(diag({ file: `option ${k}`, line: 0, column: 0 }, "bad-option", `unknown option "${k}"; expected one of: ${known.join(", ")}${didYouMean(k, known)}`));
  }
  const progress = (options as { onProgress?: unknown }).onProgress;
  if (progress !== undefined && typeof progress !== "function") bad.push(badOptionValue("onProgress", "a function", progress));
  if (bad.length) throw new InputError(bad);
  return options;
}

/** `v` when it is one of `words` (or absent, unless `required`); else the diagnostic, saying `expected` and the word meant. */
export function wordOption(name: string, v: unknown, words: readonly string[], expected: string, required = false): Diagnostic[] {
  if ((!required && v === undefined) || (typeof v === "string" && words.includes(v))) return [];
  return [badOptionValue(name, `${expected}${typeof v === "string" ? didYouMean(v, words) : ""}`, v)];
}

/** `v` when it is a whole number of at least `min`, or absent; else the diagnostic. */
export function wholeOption(name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER, why = ""): Diagnostic[] {
  if (v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max)) return [];
  // As the CLI says it: below the least, "at least"; past the most, the range and why.
  return [badOptionValue(name, typeof v === "number" && Number.isInteger(v) && v > max ? `a whole number from ${min} to ${max}${why}` : `a whole number of at least ${min}`, v)];
}

/**
 * The budget of a command: its work limit from `work` and `timeout` (as `workFor(timeout)`), the
 * smaller, and its deadline (the safety net) from `deadline` and `timeout`, the earlier. Values
 * no limit can be made of (a `timeout` of 0, below 0 or NaN, which would stop at once or never)
 * are bad input, as on the command line; so is a `repairs` count below 1.
 */
export function budgetOf(options: { timeout?: number; deadline?: number; work?: number; repairs?: number }): Budget {
  const bad: Diagnostic[] = [];
  // Infinity is no limit (a benchmark's MLX_SOLVE_WORK_PER_SECOND=Infinity makes the CLI's work
  // so); a work of 0 stops right after the first stack (the CLI's --timeout at a rate near 0).
  const atLeast = (name: string, v: unknown, zero: boolean) => {
    if (v !== undefined && !(typeof v === "number" && (zero ? v >= 0 : v > 0))) bad.push(badOptionValue(name, zero ? "a number of at least 0" : "a positive number", v));
  };
  atLeast("timeout", options.timeout, false);
  atLeast("work", options.work, true);
  bad.push(...deadlineOption(options.deadline));
  bad.push(...wholeOption("repairs", options.repairs, 1));
  if (bad.length) throw new InputError(bad);
  const fromTimeout = options.timeout !== undefined ? Date.now() + options.timeout * 1000 : undefined;
  const deadline = fromTimeout === undefined ? options.deadline : options.deadline === undefined ? fromTimeout : Math.min(fromTimeout, options.deadline);
  const works = [options.work, options.timeout !== undefined ? workFor(options.timeout) : undefined].filter((w): w is number => w !== undefined);
  return { calls: 0, work: 0, ...(deadline !== undefined ? { deadline } : {}), ...(works.length ? { workLimit: Math.min(...works) } : {}) };
}

/**
 * What a result says of a stop: that it stopped, which limit stopped it, and whether the clock
 * rather than the work a time limit stands for did (then the answer depends on the machine).
 */
export const stoppedBy = <B extends "time" | "memory" = "time">(budget: Budget, by: B = "time" as B) => ({ timed_out: true as const, stopped_by: by, ...(budget.clockStopped ? { clock_stopped: true as const } : {}) });

/** What a search reports of its effort: solver calls and the counted work (the same on every machine). */
export const statsOf = (budget: Budget) => ({ stats: { solver_calls: budget.calls, work: budget.work ?? 0 } });

/** The use cases a request names, as given (a library's request may hold anything: resolveRequest says what is wrong with it). */
export const requestedUseCases = (request: Request): string[] => (Array.isArray(request.useCases) ? request.useCases.filter((u): u is string => typeof u === "string") : []);

/** Resolves a request or throws InputError with did-you-mean diagnostics. */
export function resolve(catalog: Catalog, request: Request, stack?: StackDoc): ResolvedRequest {
  checkCatalogArgument(catalog);
  if (stack !== undefined) {
    const ds = checkStackRefs(catalog, stack, requestedUseCases(request));
    if (ds.some((d) => d.severity === "error")) throw new InputError(ds);
  }
  const r = resolveRequest(catalog, request, stack?.plugins ?? [], stack?.useCases.map((u) => u.id) ?? []);
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.request;
}

/**
 * A stack as check, repair and diff take it: a parsed stack file (`parseStackFile`,
 * `readStackFile`), or one written in code, such as a result's `stack` or
 * `{ useCases: ["rag"], plugins: ["pinecone-plugin", { id: "openai-plugin", facet: "gpt" }] }`,
 * whose places are its `file` ("<stack>" by default) without a line.
 */
export type StackInput =
  | StackDoc
  | { file?: string; useCases?: readonly (string | { id: string })[]; use_cases?: readonly string[]; plugins: readonly (string | { id: string; facet?: string })[] };

/**
 * `stack` as a stack document (see `StackInput`), or InputError when it is none: check, repair and
 * diff need one (`repair(catalog, undefined)` answered as if the file were empty, and a hand-made
 * document without positions failed deep inside check with a TypeError).
 */
export function stackDocOf(stack: unknown, name = "<stack>"): StackDoc {
  const s = stack as { file?: unknown; useCases?: unknown; use_cases?: unknown; plugins?: unknown; pos?: unknown } | null;
  const bad = (what: string) =>
    new InputError([diag({ file: "stack", line: 0, column: 0 }, "bad-stack", `a stack is what parseStackFile or readStackFile gives, or { useCases: [ids], plugins: [ids, or { id, facet }] }${what}`)]);
  if (typeof s !== "object" || s === null || !Array.isArray(s.plugins)) throw bad(`, not ${stack === undefined ? "undefined" : describeArgument(stack)}`);
  const file = typeof s.file === "string" ? s.file : name;
  const at: SourcePos = { file, line: 0, column: 0 };
  const given = (v: unknown) => v !== null && typeof v === "object" && typeof (v as { pos?: { file?: unknown } }).pos?.file === "string";
  if (s.useCases !== undefined && s.use_cases !== undefined) throw bad(", with its use cases as useCases or as use_cases (the file's spelling), not both");
  const useCases = s.useCases ?? s.use_cases ?? [];
  if (!Array.isArray(useCases)) throw bad(`; its use cases are a list, not ${describeArgument(useCases)}`);
  const refs = useCases.map((u: unknown) => {
    if (typeof u === "string") return { id: u, pos: at };
    if (u !== null && typeof u === "object" && typeof (u as { id?: unknown }).id === "string") return given(u) ? (u as Ref) : { id: (u as { id: string }).id, pos: at };
    throw bad(`; a use case is an id, not ${describeArgument(u)}`);
  });
  const plugins = s.plugins.map((p: unknown): StackEntry => {
    if (typeof p === "string") return { id: p, pos: at };
    const e = p as { id?: unknown; facet?: unknown } | null;
    if (e === null || typeof e !== "object" || typeof e.id !== "string" || (e.facet !== undefined && typeof e.facet !== "string")) throw bad(`; a plugin is an id or { id, facet }, not ${describeArgument(p)}`);
    return given(e) ? (e as StackEntry) : { id: e.id, ...(e.facet !== undefined ? { facet: e.facet } : {}), pos: at };
  });
  const { use_cases: _spelling, ...rest } = s as { use_cases?: unknown };
  return { ...rest, file, useCases: refs, plugins, pos: given(s) ? (s as StackDoc).pos : at } as StackDoc;
}

/**
 * The plugin a caller names (an id, without `-plugin`, or the display name: `resolvePlugin`), or
 * InputError with the nearest id; `origin` is how the error cites it ("id"; the CLI: "argument <id>").
 */
export function pluginIdOf(catalog: Catalog, id: unknown, origin = "id"): string {
  const at = { file: origin, line: 0, column: 0 };
  if (typeof id !== "string") throw new InputError([diag(at, "unknown-plugin", `a plugin id is a string, not ${describeArgument(id)}`)]);
  const found = resolvePlugin(catalog, id);
  if (found === undefined) throw new InputError([diag(at, "unknown-plugin", `unknown plugin "${id}"; expected a plugin id${didYouMean(id, catalog.plugins.keys())}`)]);
  return found;
}

/**
 * The cost of a solution at each of the model's objective levels, by name; after `skip` levels
 * minimised before the model's own (solveLex's `before`: repair's changes).
 */
export const costEntries = (model: Model, a: Assignment, skip = 0): CostEntry[] => model.objectives.map((o, i) => ({ objective: o.name, value: a.costs[i + skip]! }));


/**
 * The backbone among `vars` of a model with every request assumed. When the solver's fixed memory
 * runs out (many chunks make a hard question), again on a fresh solver, one small chunk a
 * question: more calls, each an easy one.
 */
export function backboneOf(model: Model, budget: Budget, vars: readonly string[]): Backbone {
  const on = model.requests.map((r) => r.selector);
  try {
    return SatOracle.with(model, budget, (o) => backbone(o, on, vars));
  } catch (e) {
    if (!isSolverMemoryAbort(e)) throw e;
    return SatOracle.with(model, budget, (o) => backbone(o, on, vars, { maxChunk: 8, maxGroups: 1 }));
  }
}
