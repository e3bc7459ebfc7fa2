#!/usr/bin/env node
/**
 * The exact count of `analyze`, alone, on a catalog and request: the counting problem's size, an
 * upper bound on its tree width (a min-degree elimination of its constraint graph: exact
 * counting by components is exponential in it), and the count with the work it took, in
 * process. Needs the build (`npm run build:js`).
 *
 *   node bench/count.mjs [--catalog DIR] [--request JSON] [--max-work UNITS] [--width]
 *   node bench/count.mjs --cnf FILE [--max-work UNITS] [--width]
 *
 * --cnf counts a DIMACS CNF (a feature model) instead, its clauses as they are.
 * --request is a library request, e.g. '{"useCases":["rag"],"integrations":"strict"}' (default
 * {}); --max-work the counter's work limit (default: none). Prints one line of JSON: vars,
 * clauses, groups, width (with --width), count (or "limit"), work, ms (the count's time), rate
 * (work a second).
 */
import { readFileSync } from "node:fs";
import { loadCatalog } from "../dist/index.js";
import { resolve } from "../dist/core/commands/common.js";
import { countingProblem } from "../dist/core/model/counting.js";
import { cnfCounting } from "../dist/core/solve/dimacs.js";
import { dimacsOr2 } from "./dimacs-input.mjs";
import { CountLimit, countModels } from "../dist/core/solve/count.js";

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cnf = opt("--cnf");
const catalog = cnf ? undefined : loadCatalog(opt("--catalog"));
const p = cnf ? dimacsOr2(() => cnfCounting(readFileSync(cnf, "utf8"), cnf)) : countingProblem(catalog, resolve(catalog, JSON.parse(opt("--request") ?? "{}")));
const out = { vars: p.nvars, clauses: p.clauses.length, groups: p.groups.length };

if (args.includes("--width")) {
  const adj = new Map();
  for (let v = 1; v <= p.nvars; v++) adj.set(v, new Set());
  const clique = (xs) => {
    for (const a of xs) for (const b of xs) if (a !== b) adj.get(a).add(b);
  };
  for (const c of p.clauses) clique(c.map(Math.abs));
  for (const g of p.groups) clique(g.vars);
  let width = 0;
  while (adj.size > 0) {
    let best;
    for (const [v, s] of adj) if (best === undefined || s.size < adj.get(best).size) best = v;
    const ns = [...adj.get(best)];
    width = Math.max(width, ns.length);
    clique(ns);
    for (const u of ns) adj.get(u).delete(best);
    adj.delete(best);
  }
  out.width = width;
}

const maxWork = opt("--max-work");
const stats = { work: 0 };
const t0 = performance.now();
try {
  out.count = countModels(p, undefined, { ...(maxWork ? { maxWork: Number(maxWork) } : {}), stats }).toString();
} catch (e) {
  if (!(e instanceof CountLimit)) throw e;
  out.count = "limit";
}
out.work = stats.work;
out.ms = Math.round(performance.now() - t0);
out.rate = Math.round((stats.work / Math.max(out.ms, 1)) * 1000);
console.log(JSON.stringify(out));
