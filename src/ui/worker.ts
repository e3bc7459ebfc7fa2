/**
 * The configurator's solver: the core, running in a Web Worker so that the page never freezes.
 * It holds the catalog (sent by the page as the server's JSON) and answers each request with the
 * core's own result data: the decisions (forced in, ruled out, free), then the best stack (or the
 * conflict and the repairs), then, on demand, why a plugin is decided as it is.
 *
 * Requests are answered one at a time, newest first: a solve still waiting when a newer one
 * arrives is dropped (the page would ignore its answer anyway).
 */
import "./no-eval.js"; // first: before the core's schemas are built
import {
  catalogFromJSON,
  InputError,
  propagate,
  propagationWhy,
  recommend,
  stackGraph,
  why,
  whyNot,
  yamlOf,
  type Catalog,
  type Request,
  type Stack,
} from "../core/index.js";
import type { FromWorker, ToWorker } from "./protocol.js";

/** The worker's global scope, as far as this file uses it (the DOM library types `self` as a window). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  addEventListener(type: "securitypolicyviolation", f: (e: SecurityPolicyViolationEvent) => void): void;
}
const scope = self as unknown as WorkerScope;
const post = (m: FromWorker) => scope.postMessage(m);

/** Repairs offered when a click leaves no stack (as the CLI's default). */
const REPAIRS = 3;

let catalog: Catalog | undefined;
const queue: ToWorker[] = [];
let draining = false;

scope.onmessage = (e) => {
  queue.push(e.data);
  if (!draining) {
    draining = true;
    setTimeout(drain, 0);
  }
};

// A policy violation in the worker is an error the page must show (and the tests must see).
scope.addEventListener("securitypolicyviolation", (e) => post({ kind: "error", message: `Content-Security-Policy refused ${e.blockedURI || "something"} (${e.violatedDirective}) at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` }));

function drain(): void {
  while (queue.length) {
    const m = queue.shift()!;
    // A newer solve supersedes a waiting solve or explanation.
    if (m.kind !== "init" && queue.some((x) => x.kind === "solve")) continue;
    try {
      handle(m);
    } catch (e) {
      const seq = m.kind === "init" ? undefined : m.seq;
      if (e instanceof InputError) post({ kind: "error", ...(seq !== undefined ? { seq } : {}), message: e.message, diagnostics: e.diagnostics });
      else post({ kind: "error", ...(seq !== undefined ? { seq } : {}), message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  draining = false;
}

function handle(m: ToWorker): void {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  if (m.kind === "init") {
    catalog = catalogFromJSON(m.catalogText);
    if (!catalog) throw new Error("the server's catalog is in a format this page cannot read; reload the page");
    post({ kind: "ready", ms: ms() });
    warmUp(catalog);
    return;
  }
  if (!catalog) throw new Error("no catalog yet");
  if (m.kind === "solve") {
    // Bounded as the search is (its own limit, as the CLI's recommend has its own): unbounded, it
    // kept the page at "Solving…" for 48 s on 1,000 synthetic plugins with a limit of 1 s.
    const propagation = propagate(catalog, m.request, { timeout: m.seconds });
    post({ kind: "propagation", seq: m.seq, result: propagation, ms: ms() });
    const result = recommend(catalog, m.request, { timeout: m.seconds, repairs: REPAIRS });
    const stack = result.stack;
    post({
      kind: "best",
      seq: m.seq,
      result,
      // The stack file the CLI prints for the same request: one the time limit stopped says so in its comments.
      ...(stack ? { graph: stackGraph(catalog, stack), yaml: yamlOf(result) } : {}),
      serves: stack ? servesOf(catalog, m.request, stack) : {},
      ms: ms(),
    });
    const c = catalog;
    setTimeout(() => idleClick(c, m.request), 0);
    return;
  }
  const result =
    m.decision === "in" || m.decision === "out"
      ? propagationWhy(catalog, m.id, m.request)
      : (m.inStack ? why : whyNot)(catalog, m.id, m.request, { timeout: m.seconds });
  post({ kind: "explanation", seq: m.seq, id: m.id, result, ms: ms() });
}

/**
 * Runs one made-up click (avoid, prefer and require three plugins) right after the catalog
 * arrives, its answers thrown away, so that the first real click finds the engine's code warm:
 * a worker's first click took 135 ms against 58 ms for the next, the engine's JavaScript still
 * warming up on paths the first answer ran once or not at all. With it, the first click's
 * worker time was 43–80 ms. On the built-in catalog it delays the first answer by ~40–80 ms.
 * The slowest of 60 clicks (`node bench/ui.js --sizes builtin --clicks 20 --loads 3`) took
 * 127–176 ms over four runs, against 155–184 ms without it (bench/README.md). Skipped on
 * catalogs over WARM_UP_MAX plugins, where the made-up click would cost seconds.
 */
const WARM_UP_MAX = 200;
function warmUp(c: Catalog): void {
  const ids = [...c.plugins.keys()];
  if (ids.length < 3 || ids.length > WARM_UP_MAX) return;
  madeUp(c, { avoid: [ids[0]!], prefer: [ids[1]!], require: [ids[2]!] });
}

/**
 * The counted work a made-up click's search may take: more than a click on the built-in catalog
 * takes (37,000–84,000 units), little enough that a real click arriving meanwhile waits for
 * tens of milliseconds, not for a long search (on a 200-plugin synthetic catalog a click's search
 * takes 0.3–2.5 M units). Work, not time: a made-up click the clock stopped early (the page
 * drawing its first answer on the other core) would leave code cold; the clock only stops one
 * whose work goes uncounted, long after the tens of milliseconds a made-up click takes.
 */
const MADE_UP_WORK = 100_000;
const MADE_UP_DEADLINE_MS = 1000;

/** One made-up click: its answers are thrown away. */
function madeUp(c: Catalog, request: Request): void {
  try {
    propagate(c, request);
    recommend(c, request, { work: MADE_UP_WORK, deadline: Date.now() + MADE_UP_DEADLINE_MS, repairs: REPAIRS });
  } catch {
    // A warm-up only: whatever it meets, the real requests meet and report.
  }
}

/**
 * Made-up clicks while the worker is idle after an answer: the last request with one more
 * choice (prefer, avoid, require, exclude in turn, on plugins spread over the catalog), one per
 * task, and none once a real request waits. The first real clicks still ran code the one warm-up
 * above had not, and V8 compiled it (lazily, then in background tiers) while they waited: with
 * the clicks at once, the slowest of 40 took 98–197 ms; with six idle clicks, 99–121 ms, the first
 * answer as soon (bench/README.md, "The configurator's main thread"). A person reads the answer
 * for longer than these take. Once per worker; skipped over WARM_UP_MAX plugins.
 */
const IDLE_CLICKS = 6;
let idleClicksDone = 0;
function idleClick(c: Catalog, last: Request): void {
  if (queue.length || draining || idleClicksDone >= IDLE_CLICKS || c.plugins.size === 0 || c.plugins.size > WARM_UP_MAX) return;
  const ids = [...c.plugins.keys()];
  const k = idleClicksDone++;
  const kind = (["prefer", "avoid", "require", "exclude"] as const)[k % 4]!;
  const id = ids[Math.floor(((k + 0.5) * ids.length) / IDLE_CLICKS)]!;
  madeUp(c, { ...last, [kind]: [...(last[kind] ?? []), id] });
  setTimeout(() => idleClick(c, last), 0);
}

/**
 * What each plugin of a stack is there for, in words: the requested use cases' needs and
 * suggestions it serves, the user's own require and prefer, and the plugins of the stack that
 * require it. What it serves is the result's own `serves` (the CLI's SERVES column): the requested
 * capabilities it provides in its role. Read from its capabilities instead, the page said a
 * monitor assigned data-drift served llm-observability, which a capability tied to another role
 * of its (facet_capabilities) does not count for.
 */
function servesOf(c: Catalog, request: Request, stack: Stack): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ids = new Set(stack.plugins.map((p) => p.id));
  for (const sp of stack.plugins) {
    const p = c.plugins.get(sp.id)!;
    const served = new Set(sp.serves);
    const why: string[] = [];
    if (request.require?.includes(p.id)) why.push("you required it");
    if (request.prefer?.includes(p.id)) why.push("you preferred it");
    for (const ucId of stack.use_cases) {
      const uc = c.useCases.get(ucId);
      if (!uc) continue;
      const needs = uc.needs.filter((n) => served.has(n.id)).map((n) => n.id);
      const suggests = uc.suggests.filter((n) => served.has(n.id)).map((n) => n.id);
      if (needs.length || suggests.length) why.push(`${uc.name}: ${[needs.length ? `needs ${needs.join(", ")}` : "", suggests.length ? `suggests ${suggests.join(", ")}` : ""].filter(Boolean).join("; ")}`);
    }
    for (const q of ids) {
      if (q === p.id) continue;
      if (c.plugins.get(q)!.requires.some((r) => r.anyOf.includes(p.id))) why.push(`${q} requires it`);
    }
    out[p.id] = why;
  }
  return out;
}
