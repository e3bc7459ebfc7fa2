#!/usr/bin/env node
/**
 * Pairwise sampling on the 18 sammy feature models against their proven minimum sample sizes.
 * Needs the build (`npx tsc -p tsconfig.build.json`). Writes bench/sammy-results.md.
 *
 *   node bench/sammy.mjs [--effort E] [--seed S] [--timeout SECONDS] [--only REGEX] [--data DIR] [--splot DIR]
 *                        [--splot-all [--max-vars N]]
 *
 * Then, when present (`--splot DIR`, default bench/out/splot; see bench/splot.mjs), the printer
 * model of issue 21 over all its 172 variables, in a process of its own so that its peak memory is
 * its own: size, lower bound, feasible pairs (against the published list) and time; with
 * `--splot-all`, every model of that data of at most --max-vars variables (default 200).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cnfModel } from "../dist/core/solve/dimacs.js";
import { dimacsOr2 } from "./dimacs-input.mjs";
import { newBudget } from "../dist/core/common/budget.js";
import { pairwiseSample } from "../dist/core/solve/pairwise.js";
import { SPLOT_DEFAULT, splotAll, splotModels } from "./splot.mjs";
import { option } from "./args.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
// `--one FILE`: one sample of every variable of a DIMACS file, printed as JSON (the child of the
// printer model's row).
if (args[0] === "--one") {
  const text = readFileSync(args[1], "utf8");
  const model = dimacsOr2(() => cnfModel(text, { file: args[1] }));
  const t0 = performance.now();
  const r = pairwiseSample(model, model.vars, newBudget(Number(args[2])), { effort: Number(args[3]), seed: Number(args[4]) });
  const secs = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ size: r.samples.length, bound: r.lowerBound, feasible: r.feasiblePairs, covered: r.coveredPairs, secs, peakMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
const effort = Number(opt("effort", "1"));
const seed = Number(opt("seed", "1"));
const timeout = Number(opt("timeout", "600"));
const only = opt("only", undefined);
const DIR = opt("data", join(HERE, "..", "..", "shared", "realdata", "pairwise-optimal-sammy"));
if (!existsSync(join(DIR, "known_answers.csv"))) {
  console.error(`no data at ${DIR} (use --data DIR)`);
  process.exit(2);
}

const [head, ...rows] = readFileSync(join(DIR, "known_answers.csv"), "utf8").trim().split(/\r?\n/);
const cols = head.split(",");
const col = (name) => cols.findIndex((c) => c.startsWith(name));
const models = rows
  .map((l) => l.split(","))
  .map((f) => ({ name: f[col("instance")], feasible: Number(f[col("feasible_pairwise_interactions_concrete")]), minimum: Number(f[col("sammy_min_UB_sample_size")]) }))
  .filter((m) => !only || new RegExp(only).test(m.name));

const lines = [
  `Pairwise samples of the sammy feature models (effort ${effort}, seed ${seed}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}).`,
  "",
  "| model | feasible pairs | our size | proven minimum | ratio | our lower bound | time (s) |",
  "|---|---:|---:|---:|---:|---:|---:|",
];
let total = 0;
let optimal = 0;
for (const m of models) {
  const file = join(DIR, "dimacs", `${m.name}.cnf`);
  const text = readFileSync(file, "utf8");
  const concrete = Number(/concrete features = variables 1\.\.(\d+)/.exec(text)[1]);
  const vars = Array.from({ length: concrete }, (_, i) => `x${i + 1}`);
  const t0 = performance.now();
  const model = dimacsOr2(() => cnfModel(text, { file }));
  const r = pairwiseSample(model, vars, newBudget(timeout), { effort, seed });
  const secs = (performance.now() - t0) / 1000;
  total += secs;
  if (r.feasiblePairs !== m.feasible) console.error(`${m.name}: ${r.feasiblePairs} feasible pairs, published ${m.feasible}`);
  if (r.coveredPairs !== r.feasiblePairs) console.error(`${m.name}: ${r.feasiblePairs - r.coveredPairs} pairs uncovered`);
  if (r.samples.length === m.minimum) optimal++;
  const row = `| ${m.name} | ${r.feasiblePairs} | ${r.samples.length} | ${m.minimum} | ${(r.samples.length / m.minimum).toFixed(2)} | ${r.lowerBound ?? "-"} | ${secs.toFixed(2)} |`;
  lines.push(row);
  console.log(row);
}
lines.push("", `${optimal} of ${models.length} at the proven minimum; ${total.toFixed(1)} s in all.`, "");
console.log(lines.at(-2));
const splotAllModels = args.includes("--splot-all");
const splot = (splotAllModels ? splotAll(opt("splot", SPLOT_DEFAULT), Number(opt("max-vars", "200"))) : splotModels(opt("splot", SPLOT_DEFAULT))).filter((m) => !only || new RegExp(only).test(m.name));
if (splot.length)
  lines.push(
    splotAllModels
      ? `The feature models of Xiang et al.'s data (bench/splot.mjs) of at most ${opt("max-vars", "200")} variables, the printer model among them (its SHA-256 checked), each over all its variables, in a process of its own; feasible pairs against the published list, peak memory the whole process's:`
      : "The printer model of issue 21 (bench/splot.mjs: SPLOT's Printers as published by Xiang et al., its SHA-256 checked), over all its variables, in a process of its own; its feasible pairs against the published list, its peak memory the whole process's:",
    "",
    "| model | variables | feasible pairs (published) | our size | our lower bound | size / bound | time (s) | peak memory (MB) |", "|---|---:|---:|---:|---:|---:|---:|---:|",
  );
let pairsOk = 0;
for (const m of splot) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--one", m.file, String(timeout), String(effort), String(seed)], { encoding: "utf8" });
  const r = child.status === 0 ? JSON.parse(child.stdout) : undefined;
  if (!r) {
    console.error(`${m.name}: failed (${child.stderr.trim().split("\n").at(-1)})`);
    continue;
  }
  if (m.pairs !== undefined && r.feasible !== m.pairs) console.error(`${m.name}: ${r.feasible} feasible pairs, published ${m.pairs}`);
  if (m.pairs !== undefined && r.feasible === m.pairs) pairsOk++;
  if (r.covered !== r.feasible) console.error(`${m.name}: ${r.feasible - r.covered} pairs uncovered`);
  const vars = Number(/^p cnf (\d+)/m.exec(m.text)[1]);
  const row = `| ${m.name} | ${vars} | ${r.feasible} (${m.pairs ?? "–"}) | ${r.size} | ${r.bound ?? "-"} | ${r.bound ? (r.size / r.bound).toFixed(2) : "–"} | ${r.secs.toFixed(2)} | ${Math.round(r.peakMB)} |`;
  lines.push(row);
  console.log(row);
}
if (splot.length) lines.push("", `Feasible pairs equal to the published list: ${pairsOk} of ${splot.filter((m) => m.pairs !== undefined).length}.`, "");
writeFileSync(join(HERE, "sammy-results.md"), lines.join("\n"));
