#!/usr/bin/env node
/**
 * analyze's core and dead features on every feature model of Xiang et al.'s data (bench/splot.mjs
 * says where to get it: 60 DIMACS models, 10 to 31,012 variables, most with their published
 * mandatory and dead features), against those published sets and against native clingo's cautious
 * and brave consequences. The driver runs without its count (clingo cannot enumerate these), unless
 * --sharpsat asks for a second run with it, below.
 *
 *   node bench/splot-analyze.mjs --splot DIR [--timeout SECONDS] [--only REGEX] [--sharpsat PATH]
 *
 * With --sharpsat (the exact counter, see bench/README.md "analyze"), each model is also counted:
 * the driver with its count against sharpSAT, each stopped after --timeout; the counts must be
 * equal where both finish.
 *
 * Each model, whole process, one run after a warm-up of the driver's code cache: mlx-solve as in
 * bench/analyze-bench.mjs (`node bench/cached.cjs bench/out/analyze.cjs FILE --no-count`, the
 * bundled driver), clingo as `sh bench/analyze-ref-clingo.sh FILE.lp` (skipped when absent).
 * Either is stopped after --timeout seconds (default 120). A core or dead set that differs from
 * the published one or clingo's prints MISMATCH and the exit code is 1. Writes
 * bench/splot-results.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cnfToAsp, parseNativeRef, sharpsatCount } from "./analyze-ref.mjs";
import { clingoPath, clingoVersion } from "./asp.js";
import { numbers, SPLOT_DEFAULT } from "./splot.mjs";
import { commandLine, option } from "./args.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const DIR = resolve(opt("splot", SPLOT_DEFAULT));
const TIMEOUT = Number(opt("timeout", "120"));
const ONLY = opt("only", undefined);
if (!existsSync(DIR)) {
  console.error(`no ${DIR}: see bench/splot.mjs for where to get the models, then --splot DIR`);
  process.exit(2);
}
const NATIVE = clingoPath() ? clingoVersion() : undefined;
if (!NATIVE) console.error("clingo (native): skipped (no clingo on the PATH: apt-get install gringo)");

const { bundleScript } = await import("../build/bundle.mjs");
await bundleScript(join(HERE, "analyze.mjs"), join(HERE, "out", "analyze.cjs"), "../../dist/cli-deps.cjs");
const DRIVER = ["node", join(HERE, "cached.cjs"), join(HERE, "out", "analyze.cjs")];
const SHARPSAT = opt("sharpsat", undefined) && resolve(opt("sharpsat"));
const tmp = mkdtempSync(join(tmpdir(), "mlx-splot-"));

function run(argv) {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", cwd: tmp, timeout: TIMEOUT * 1000, maxBuffer: 1 << 28 });
  return { wall: (performance.now() - t0) / 1000, ok: r.status === 0, stdout: r.stdout ?? "", timedOut: r.error?.code === "ETIMEDOUT" || r.signal === "SIGTERM" };
}
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".dimacs") && statSync(join(DIR, f)).size > 0 && (!ONLY || new RegExp(ONLY).test(f)))
  .sort((a, b) => statSync(join(DIR, a)).size - statSync(join(DIR, b)).size);
const rows = [];
const mismatches = [];
const mismatch = (s) => {
  mismatches.push(s);
  console.error(`MISMATCH ${s}`);
};
const secs = (r) => (r ? (r.ok ? r.wall.toFixed(2) : r.timedOut ? `> ${TIMEOUT}` : "FAILED") : "–");
for (const f of files) {
  const name = f.replace(/\.dimacs$/, "");
  const file = join(DIR, f);
  const { program, n } = cnfToAsp(readFileSync(file, "utf8"));
  // clingo reads a comma in a file argument as a separator (SPLOT-3CNF-FM-5000-1000-0,30-SAT-1).
  const lp = join(tmp, `${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.lp`);
  writeFileSync(lp, program);
  run([...DRIVER, file, "--no-count"]); // the driver's code cache, written once
  const A = run([...DRIVER, file, "--no-count"]);
  const N = NATIVE ? run(["sh", join(HERE, "analyze-ref-clingo.sh"), lp]) : undefined;
  let a;
  try {
    a = A.ok ? JSON.parse(A.stdout) : undefined;
  } catch {}
  const c = N?.ok ? parseNativeRef(N.stdout, n) : undefined;
  const pubCore = numbers(`${file}.mandatory`);
  const pubDead = numbers(`${file}.dead`);
  const agree = [];
  // A feature model has configurations: an answer that says none is a mismatch of its own.
  if (a?.sat === false || c?.sat === false) mismatch(`${name}: unsatisfiable for ${a?.sat === false ? "mlx-solve" : ""}${c?.sat === false ? " clingo" : ""}`);
  else if (a) {
    if (pubCore && pubDead) {
      if (same(a.core, pubCore) && same(a.dead, pubDead)) agree.push("published");
      else mismatch(`${name}: core ${a.core.length}, dead ${a.dead.length}; published ${pubCore.length}, ${pubDead.length}`);
    }
    if (c) {
      if (same(a.core, c.core) && same(a.dead, c.dead)) agree.push("clingo");
      else mismatch(`${name}: core ${a.core.length}, dead ${a.dead.length}; clingo ${c.core.length}, ${c.dead.length}`);
    }
  } else if (!A.timedOut) mismatch(`${name}: mlx-solve gave no answer`);
  if (N?.ok && !c) mismatch(`${name}: clingo gave no answer`);
  const ratio = A.ok && c ? `${(A.wall / N.wall).toFixed(2)}×` : "–";
  // The count: ours (the driver with it) and sharpSAT's.
  let counted = "";
  if (SHARPSAT) {
    const AC = run([...DRIVER, file]);
    const SC = run([SHARPSAT, file]);
    let ours;
    try {
      ours = AC.ok ? JSON.parse(AC.stdout).count : undefined;
    } catch {}
    const theirs = SC.ok ? sharpsatCount(SC.stdout) : undefined;
    if (ours !== undefined && theirs !== undefined && ours !== theirs) mismatch(`${name}: count ${ours}, sharpSAT ${theirs}`);
    const digits = (x) => (x === undefined ? "–" : x.length > 12 ? `${x.length} digits` : x);
    counted = ` ${ours !== undefined && ours === theirs ? "= " : ""}${digits(ours ?? theirs)} | ${secs(AC)} | ${secs(SC)} |`;
  }
  const row = `| ${name} | ${a?.vars ?? n} | ${a?.clauses ?? "?"} | ${a ? `${a.core.length}/${a.dead.length}` : "?"} | ${a?.solver_calls ?? "–"} | ${secs(A)} | ${secs(N)} | ${ratio} | ${agree.join(", ") || "–"} |${counted}`;
  rows.push(row);
  console.error(row);
}
const L = [
  `Generated by \`${commandLine("bench/splot-analyze.mjs", args)}\` (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC). Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the end; ${NATIVE ?? "no native clingo"}. One whole-process run each (after a warm-up of the driver's code cache), in seconds; the ratio is mlx-solve / clingo. mlx-solve: the bundled analyze driver without the count; clingo: cautious and brave consequences. Models by file size; files of zero bytes skipped.`,
  "",
  `| model | vars | clauses | core/dead | solver calls | mlx-solve (s) | clingo (s) | × clingo | agree |${SHARPSAT ? " count (= sharpSAT's) | with the count (s) | sharpSAT (s) |" : ""}`,
  `|---|---:|---:|---:|---:|---:|---:|---:|---|${SHARPSAT ? "---:|---:|---:|" : ""}`,
  ...rows,
  "",
  mismatches.length ? `**${mismatches.length} MISMATCH(ES)**:\n\n${mismatches.map((m) => `- ${m}`).join("\n")}` : `Core and dead agree with the published sets and with clingo wherever those are present (${rows.length} models).`,
  "",
];
writeFileSync(join(HERE, "splot-results.md"), L.join("\n"));
console.log(L.join("\n"));
rmSync(tmp, { recursive: true, force: true });
process.exit(mismatches.length ? 1 : 0);
