#!/usr/bin/env node
/**
 * The library in-process: one Node process that imports mlx-solve's dist/ and times its phases.
 * Run as a child of bench/run.js (so that running out of memory does not take the harness down).
 *
 *   node bench/lib.js --catalog DIR [--use-case U]... [--timeout SECONDS]
 *
 * Prints one JSON object: load_ms (loadCatalog: read + parse + validate), model_ms (buildModel:
 * the labelled clauses), model size (constraints, clauses, literals, objective terms per level),
 * recommend_ms (recommend(): resolve + buildModel + solve), ok, cost, solver_calls, and the
 * process's heap and peak RSS.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The mlx-solve checkout under test: MLX_SOLVE_ROOT (set by run.js --root), else this repository.
const ROOT = process.env.MLX_SOLVE_ROOT ? resolve(process.env.MLX_SOLVE_ROOT) : resolve(dirname(fileURLToPath(import.meta.url)), "..");

const a = { catalog: undefined, useCases: [], timeout: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const x = argv[i];
  if (x === "--catalog") a.catalog = argv[++i];
  else if (x === "--use-case") a.useCases.push(argv[++i]);
  else if (x === "--timeout") a.timeout = Number(argv[++i]);
  else {
    process.stderr.write(`unknown argument ${x}\nusage: node bench/lib.js --catalog DIR [--use-case U]... [--timeout SECONDS]\n`);
    process.exit(2);
  }
}

const out = {};
const print = () => process.stdout.write(JSON.stringify(out) + "\n");
const lib = await import(join(ROOT, "dist", "index.js"));
/** The first of `paths` (under dist/) that a checkout has: the layout moved at 2026-12-04. */
async function internal(...paths) {
  for (const p of paths) {
    try {
      return await import(join(ROOT, "dist", ...p));
    } catch {
      /* an older or newer layout */
    }
  }
  throw new Error(`none of ${paths.map((p) => p.join("/")).join(", ")} in ${ROOT}/dist`);
}
const { loadCatalog, recommend } = lib;
const resolveRequest = lib.resolve ?? (await internal(["core", "commands", "common.js"])).resolve;
// The same heap setting as the CLI (src/node/heap.ts), when the checkout under test has it.
out.heap_flag = lib.useLeanHeap?.() ?? null;
// As the CLI: a benchmark may set how --timeout becomes work (src/core/common/budget.ts).
if (Number(process.env.MLX_SOLVE_WORK_PER_SECOND) > 0 && lib.timeLimits) lib.timeLimits.workPerSecond = Number(process.env.MLX_SOLVE_WORK_PER_SECOND);
const { buildModel } = await internal(["core", "model", "build.js"], ["core", "model.js"]);

let t = performance.now();
const catalog = loadCatalog(a.catalog);
out.load_ms = Math.round(performance.now() - t);
const request = { useCases: a.useCases };

t = performance.now();
{
  const model = buildModel(catalog, resolveRequest(catalog, request));
  out.model_ms = Math.round(performance.now() - t);
  let clauses = 0;
  let literals = 0;
  for (const c of [...model.constraints, ...model.requests]) {
    clauses += c.clauses.length;
    for (const cl of c.clauses) literals += cl.length;
  }
  out.model = { constraints: model.constraints.length, requests: model.requests.length, clauses, literals, objective_terms: Object.fromEntries(model.objectives.map((o) => [o.name, o.terms.length])) };
}
print(); // partial result, in case the solve runs out of memory

t = performance.now();
const r = recommend(catalog, request, a.timeout !== undefined ? { timeout: a.timeout } : {});
out.recommend_ms = Math.round(performance.now() - t);
out.ok = r.ok;
out.timed_out = r.timed_out ?? false;
if (r.stopped_by) out.stopped_by = r.stopped_by;
out.cost = r.cost ?? null;
out.solver_calls = r.stats?.solver_calls ?? null;
out.heap_used_mb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
out.max_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
print();
