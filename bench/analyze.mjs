#!/usr/bin/env node
/**
 * `analyze` on a DIMACS feature model, as a whole process: the CLI's `analyze` reads only
 * catalogs, so this driver runs the same code path on a CNF read by `cnfModel` (variable i is
 * "x<i>"): the backbone over every variable (`backboneOf`, as analyze's coreAndDead; its first
 * solver call is the satisfiability check), the backbone again over the core variables only, when
 * there are any, for false-optional detection (analyze asks it without the request; a CNF has no
 * request, so the question is the same one, asked to keep the work equal), and the exact count
 * (`countModels`, as analyze's count, with the clauses and no groups). No explanations: those
 * read a catalog (`--explain 0` on the CLI).
 * Needs the build (`npm run build:js`, or `npx tsc -p tsconfig.build.json`).
 *
 *   node bench/analyze.mjs FILE.cnf [--no-count]
 *
 * Prints one line of JSON: vars, clauses, core and dead (1-based variable numbers, sorted),
 * count (a decimal string), solver_calls, and ms (in-process time after the imports).
 */
import { readFileSync } from "node:fs";
// As the library's entry does: logic-solver's own MiniSat is not evaluated unless called.
import "../dist/node/lazy-minisat.js";
import { cnfModel } from "../dist/core/solve/dimacs.js";
import { dimacsOr2 } from "./dimacs-input.mjs";
import { newBudget } from "../dist/core/common/budget.js";
import { backboneOf } from "../dist/core/commands/common.js";
import { countModels } from "../dist/core/solve/count.js";
// As the CLI writes its answer: one fs.writeSync, Node's stream for stdout never built.
import { writeAll } from "../dist/node/output.js";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: node bench/analyze.mjs FILE.cnf [--no-count]");
  process.exit(2);
}
// process.hrtime, not performance.now: the global \`performance\` loads perf_hooks (~2 ms).
const now = () => Number(process.hrtime.bigint()) / 1e6;
const t0 = now();
const text = readFileSync(file, "utf8");
const model = dimacsOr2(() => cnfModel(text, { file }));
const clauses = model.constraints.flatMap((c) => c.clauses);
const budget = newBudget();
const out = { file, vars: model.vars.length, clauses: clauses.length };
const num = (v) => Number(v.slice(1));
const bb = backboneOf(model, budget, model.vars);
if (!bb.sat) {
  writeAll(1, JSON.stringify({ ...out, sat: false, count: "0", solver_calls: budget.calls, ms: Math.round(now() - t0) }) + "\n");
  process.exit(0);
}
const core = [];
const dead = [];
for (const [v, val] of bb.fixed) (val ? core : dead).push(num(v));
core.sort((a, b) => a - b);
dead.sort((a, b) => a - b);
if (core.length) backboneOf({ ...model, requests: [] }, budget, core.map((i) => `x${i}`)); // analyze's false-optional question
const toInt = (l) => (l.startsWith("-") ? -num(l.slice(1)) : num(l));
const count = args.includes("--no-count") ? undefined : countModels({ nvars: model.vars.length, clauses: clauses.map((c) => c.map(toInt)), groups: [] }, budget).toString();
writeAll(1, JSON.stringify({ ...out, sat: true, core, dead, ...(count !== undefined ? { count } : {}), solver_calls: budget.calls, ms: Math.round(now() - t0) }) + "\n");
