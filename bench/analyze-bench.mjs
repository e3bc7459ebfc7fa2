#!/usr/bin/env node
/**
 * `analyze` side by side with references, as whole processes (npm run bench:analyze). See the
 * "analyze" section of bench/README.md.
 *
 *   node bench/analyze-bench.mjs [--runs R] [--only REGEX] [--no-catalog] [--no-cnf] [--esm-driver]
 *                                [--data DIR] [--splot DIR] [--python PATH] [--clingo-count-max N]
 *                                [--sharpsat PATH]
 *
 * Rows: the 18 sammy feature models (DIMACS, `--data DIR`, default ../shared/realdata/
 * pairwise-optimal-sammy), the printer model of issue 21 when present (`--splot DIR`, default
 * bench/out/splot; see bench/splot.mjs: its core and dead features must equal the published
 * ones, "published" in the agree column; no count is published) and the built-in catalog with
 * three requests. Commands, run in turn
 * (A B C, A B C, ...) after one warm-up each, so that a drift of the machine's speed hits all:
 * - mlx-solve: analyze's code path on a CNF (backbone twice + exact count, see bench/analyze.mjs),
 *   bundled as the CLI is (build/bundle.mjs, into bench/out/analyze.cjs) and started as the CLI
 *   starts, from V8's code cache: `node bench/cached.cjs bench/out/analyze.cjs FILE.cnf`. Run as
 *   `node bench/analyze.mjs FILE.cnf` it loads ~100 ES modules first, 0.25 s no user pays
 *   (`--esm-driver` measures it so);
 *   on the catalog `node bin/mlx-solve.cjs analyze REQUEST --format json --explain 0`, and again
 *   with the default `--explain` (10 explanations), from a load cache of the bench's own.
 * - clingo, native: `sh bench/analyze-ref-clingo.sh FILE.lp` (clingo on the PATH, e.g. Debian's
 *   `gringo` package): the same three questions as below on a program written beforehand (the
 *   translation is not timed). Skipped, with a note, when there is no clingo. With `--sharpsat
 *   PATH` the count is sharpSAT's on the CNF, in the same script, for every model: cautious +
 *   brave + a model count, the reference issue 21 names.
 * - clingo-wasm: `node bench/analyze-ref.mjs` (clingo-wasm: cautious, brave, and `--models 0` to count
 *   when the published count is at most --clingo-count-max, default 10^6); on the catalog an ASP
 *   program from asp.js's `toAsp` without its `#minimize` statements, projected on sel/1.
 *   Skipped, with a note, when CLINGO_WASM_DIR does not lead to clingo-wasm.
 * - pysat: `PYTHON bench/analyze-ref.py FILE.cnf` (CaDiCaL, iterative backbone; no count). CNF
 *   rows only. Skipped when PYTHON (default python3) cannot import pysat.
 * Times are medians; a ratio is the median of the per-run ratios mlx-solve / reference. CPU is
 * user + sys from /usr/bin/time when present. Core and dead sets must agree across all three, and
 * the count with the published one and clingo's: any difference prints MISMATCH and the exit
 * code is 1. When the environment sets NODE_EXTRA_CA_CERTS (which makes every Node process parse
 * certificates as it starts), mlx-solve and native clingo are measured again without it, in a
 * table of their own (see `EXTRA_CA`). Writes bench/analyze-results.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { clingoPath, clingoVersion, loadCatalogYaml, toAsp } from "./asp.js";
import { cnfToAsp, parseNativeRef } from "./analyze-ref.mjs";
import { SPLOT_DEFAULT, splotModels } from "./splot.mjs";
import { commandLine, option } from "./args.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => option(args, name, dflt);
const RUNS = Math.max(1, Number(opt("runs", "5")));
const ONLY = opt("only", undefined);
const DATA = opt("data", join(ROOT, "..", "shared", "realdata", "pairwise-optimal-sammy"));
const PYTHON = opt("python", "python3");
const COUNT_MAX = Number(opt("clingo-count-max", "1000000"));
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const tmp = mkdtempSync(join(tmpdir(), "mlx-analyze-bench-"));
const env = { ...process.env, MLX_SOLVE_CACHE_DIR: join(tmp, "cache"), NO_COLOR: "1" };
/**
 * NODE_EXTRA_CA_CERTS makes every Node process read and parse that file of certificates as it
 * starts, before any script runs: on the machines these figures come from it is set (to the
 * system's 150 or so CA certificates) and `node -e 0` takes ~0.105 s instead of ~0.065 s. No
 * mlx-solve command uses TLS, and no reference is a Node process but clingo-wasm. When it is set,
 * mlx-solve and native clingo are measured again without it (`cleanEnv`), in a table of their own.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const cleanEnv = { ...env };
delete cleanEnv.NODE_EXTRA_CA_CERTS;

/** One whole-process run: wall and CPU seconds, stdout, exit code. */
function runOnce([cmd, ...rest], runEnv = env) {
  const timeFile = join(tmp, "time.txt");
  const argv = TIME ? [TIME, "-f", "%e %U %S %M", "-o", timeFile, cmd, ...rest] : [cmd, ...rest];
  const t0 = performance.now();
  // In the bench's temporary directory: sharpSAT writes a file "data.out" where it runs.
  const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", env: runEnv, cwd: tmp, maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  let cpu;
  let rssKB;
  if (TIME && existsSync(timeFile)) {
    const f = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
    cpu = f[1] + f[2];
    rssKB = f[3];
  }
  return { wall, cpu, rssKB, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Runs each command once to warm up, then RUNS times in turn; medians and the last output. */
function measure(cmds, runEnv = env) {
  const res = cmds.map(() => []);
  const out = cmds.map((c) => (c ? runOnce(c, runEnv) : undefined));
  for (let i = 0; i < RUNS; i++) cmds.forEach((c, j) => c && res[j].push((out[j] = runOnce(c, runEnv))));
  return cmds.map((c, j) =>
    c
      ? {
          runs: res[j],
          wall: median(res[j].map((r) => r.wall)),
          cpu: res[j].every((r) => r.cpu !== undefined) ? median(res[j].map((r) => r.cpu)) : undefined,
          last: out[j],
          ok: res[j].every((r) => r.code === 0),
        }
      : undefined,
  );
}
/** Median of the per-run ratios a/b of a figure ("wall" or "cpu"). */
// None when a run of the reference took no measurable CPU (/usr/bin/time counts in 10 ms steps).
const ratio = (a, b, key) => (a && b && a.runs[0][key] !== undefined && b.runs.every((r) => r[key] > 0) ? median(a.runs.map((r, i) => r[key] / b.runs[i][key])) : undefined);

const parse = (m) => {
  try {
    return JSON.parse(m.last.stdout);
  } catch {
    return undefined;
  }
};
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---------------------------------------------------------------------------------------------
// Which references are here
// ---------------------------------------------------------------------------------------------
const NATIVE = clingoPath() ? clingoVersion() : undefined;
if (!NATIVE) console.error("clingo (native): skipped (no clingo on the PATH: apt-get install gringo)");
// The exact model counter sharpSAT (https://github.com/marcthurley/sharpSAT, built with cmake;
// see bench/README.md, "analyze"), when `--sharpsat PATH` names it: the native reference then
// counts every CNF model with it, whatever the count, so that it answers what analyze answers.
const SHARPSAT = opt("sharpsat", undefined) && resolve(opt("sharpsat"));
if (SHARPSAT && spawnSync(SHARPSAT, ["/dev/null"]).error) {
  console.error(`sharpSAT: cannot run ${SHARPSAT}`);
  process.exit(2);
}
if (!SHARPSAT) console.error("sharpSAT: not given (--sharpsat PATH): the native reference counts only by clingo's enumeration, up to --clingo-count-max");
const probe = spawnSync("node", [join(HERE, "analyze-ref.mjs"), "--cnf", "/dev/null"], { encoding: "utf8", env });
const CLINGO = probe.status === 0 ? JSON.parse(probe.stdout).clingo : undefined;
if (!CLINGO) console.error(`clingo-wasm: skipped (${probe.stderr.trim().split("\n")[0]})`);
const py = spawnSync(PYTHON, ["-c", "import pysat; print(pysat.__version__)"], { encoding: "utf8" });
const PYSAT = py.status === 0 ? `PySAT ${py.stdout.trim()} (CaDiCaL 1.5.3)` : undefined;
if (!PYSAT) console.error(`pysat: skipped (${PYTHON} cannot import pysat: pip install python-sat, then --python PATH)`);

const mismatches = [];
const mismatch = (s) => {
  mismatches.push(s);
  console.error(`MISMATCH ${s}`);
};
// Three decimals below a second: on a fast machine the native reference takes 0.01–0.03 s.
const secs = (m, key = "wall") => (m ? (m.ok ? (m[key] !== undefined ? m[key].toFixed(m[key] < 1 ? 3 : 2) : "n/a") : "FAILED") : "–");
const x = (r) => (r !== undefined ? `${r.toFixed(2)}×` : "–");
const rows = [];

// ---------------------------------------------------------------------------------------------
// The sammy feature models
// ---------------------------------------------------------------------------------------------
if (!args.includes("--no-cnf")) {
  // The driver, bundled as the CLI is (needs the build: dist/cli-deps.cjs holds zod and yaml).
  let DRIVER = ["node", join(HERE, "analyze.mjs")];
  if (!args.includes("--esm-driver")) {
    const { bundleScript } = await import("../build/bundle.mjs");
    await bundleScript(join(HERE, "analyze.mjs"), join(HERE, "out", "analyze.cjs"), "../../dist/cli-deps.cjs");
    DRIVER = ["node", join(HERE, "cached.cjs"), join(HERE, "out", "analyze.cjs")];
  }
  if (!existsSync(join(DATA, "known_answers.csv"))) {
    console.error(`no data at ${DATA} (use --data DIR)`);
    process.exit(2);
  }
  const [head, ...lines] = readFileSync(join(DATA, "known_answers.csv"), "utf8").trim().split(/\r?\n/);
  const cols = head.split(",");
  const col = (name) => cols.findIndex((c) => c.startsWith(name));
  const models = lines
    .map((l) => l.split(","))
    .map((f) => ({ name: f[col("instance")], count: f[col("model_count_all_vars")] }))
    .filter((m) => !ONLY || new RegExp(ONLY).test(m.name));
  // The printer model (bench/splot.mjs), when present: no published count, but published core
  // and dead features.
  const splot = ONLY && !new RegExp(ONLY).test("Printers") ? [] : splotModels(opt("splot", SPLOT_DEFAULT));
  for (const m of [...models.map((m) => ({ ...m, file: join(DATA, "dimacs", `${m.name}.cnf`) })), ...splot]) {
    const file = resolve(m.file);
    const countIt = m.count !== undefined && BigInt(m.count) <= BigInt(COUNT_MAX);
    const { program, n } = cnfToAsp(readFileSync(file, "utf8"));
    const lp = join(tmp, `${m.name}.lp`);
    writeFileSync(lp, program);
    const native = NATIVE ? ["sh", join(HERE, "analyze-ref-clingo.sh"), lp, ...(SHARPSAT ? ["--sharpsat", SHARPSAT, resolve(file)] : countIt ? ["--count"] : [])] : undefined;
    const [A, N, B, C] = measure([
      DRIVER.concat(file),
      native,
      CLINGO ? ["node", join(HERE, "analyze-ref.mjs"), "--cnf", file, ...(countIt ? ["--count"] : [])] : undefined,
      PYSAT ? [PYTHON, join(HERE, "analyze-ref.py"), file] : undefined,
    ]);
    const [cleanA, cleanN] = EXTRA_CA ? measure([DRIVER.concat(file), native], cleanEnv) : [];
    const a = parse(A);
    const b = B && parse(B);
    const c = C && parse(C);
    const nat = N && parseNativeRef(N.last.stdout, n);
    if (N && !nat) mismatch(`${m.name}: native clingo printed no result`);
    const agree = [];
    if (!a) mismatch(`${m.name}: mlx-solve printed no result (${A.last.stderr.trim().split("\n").at(-1)})`);
    else {
      for (const [who, r] of [["clingo", nat], ["clingo-wasm", b], ["pysat", c]]) {
        if (!r) continue;
        if (same(a.core, r.core) && same(a.dead, r.dead)) agree.push(who);
        else mismatch(`${m.name}: core/dead differ from ${who}: mlx-solve core ${a.core} dead ${a.dead}; ${who} core ${r.core} dead ${r.dead}`);
      }
      if (m.count !== undefined && a.count !== m.count) mismatch(`${m.name}: count ${a.count}, published ${m.count}`);
      if (m.core && !same(a.core, m.core)) mismatch(`${m.name}: core ${a.core}, published ${m.core}`);
      if (m.dead && !same(a.dead, m.dead)) mismatch(`${m.name}: dead ${a.dead}, published ${m.dead}`);
      if (m.core && m.dead) agree.push("published");
      if (b?.count !== undefined && b.count !== a.count) mismatch(`${m.name}: count ${a.count}, clingo-wasm ${b.count}`);
      if (nat?.count !== undefined && nat.count !== a.count) mismatch(`${m.name}: count ${a.count}, ${SHARPSAT ? "sharpSAT" : "clingo"} ${nat.count}`);
    }
    const row = {
      model: m.name,
      vars: a?.vars,
      clauses: a?.clauses,
      core: a ? `${a.core.length}/${a.dead.length}` : "?",
      count: a?.count,
      countOk: a?.count === m.count,
      published: m.count !== undefined,
      clingoCount: b?.count !== undefined || (nat?.count !== undefined && !SHARPSAT),
      sharpCount: SHARPSAT && nat?.count !== undefined,
      A, N, B, C,
      cleanA, cleanN,
      agree,
    };
    rows.push(row);
    console.error(`${m.name}: mlx ${secs(A)} s, clingo ${secs(N)} s, clingo-wasm ${secs(B)} s, pysat ${secs(C)} s; agree ${agree.join(", ") || "-"}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The built-in catalog
// ---------------------------------------------------------------------------------------------
const catRows = [];
if (!args.includes("--no-catalog")) {
  const cat = loadCatalogYaml(ROOT);
  const requests = [["rag"], ["on-prem", "rag"], []];
  for (const ucs of requests) {
    const name = ucs.length ? ucs.map((u) => `--use-case ${u}`).join(" ") : "(no use case)";
    const { program, ids } = toAsp(cat, { useCases: ucs });
    // The hard rules only, shown on sel/1: cautious and brave consequences are then plugins.
    const lp = join(tmp, `catalog-${ucs.join("-") || "none"}.lp`);
    writeFileSync(lp, program.split("\n").filter((l) => !l.startsWith("#minimize") && l !== "#show asg/2.").join("\n"));
    const ucArgs = ucs.flatMap((u) => ["--use-case", u]);
    const cli = ["node", join(ROOT, "bin", "mlx-solve.cjs"), "analyze", ...ucArgs, "--format", "json"];
    const ours = [[...cli, "--explain", "0"], cli, NATIVE ? ["sh", join(HERE, "analyze-ref-clingo.sh"), lp] : undefined];
    const [A, A10, N, B] = measure([...ours, CLINGO ? ["node", join(HERE, "analyze-ref.mjs"), "--lp", lp] : undefined]);
    const [cleanA, cleanA10, cleanN] = EXTRA_CA ? measure(ours, cleanEnv) : [];
    const a = parse(A);
    const a10 = parse(A10);
    const b = B && parse(B);
    const agree = [];
    const idsOf = (xs) => xs.map((p) => p.id).sort();
    if (!a || !a10) mismatch(`catalog ${name}: mlx-solve printed no result`);
    else {
      if (!same(idsOf(a.core), idsOf(a10.core)) || !same(idsOf(a.dead), idsOf(a10.dead))) mismatch(`catalog ${name}: --explain changes core/dead`);
      const nat = N && parseNativeRef(N.last.stdout, ids.length);
      if (N && !nat) mismatch(`catalog ${name}: native clingo printed no result`);
      for (const [who, r] of [["clingo", nat], ["clingo-wasm", b]]) {
        if (!r) continue;
        const bc = r.core.map((n) => ids[n - 1]).sort();
        const bd = r.dead.map((n) => ids[n - 1]).sort();
        if (same(idsOf(a.core), bc) && same(idsOf(a.dead), bd)) agree.push(who);
        else mismatch(`catalog ${name}: core/dead differ from ${who}: mlx-solve core ${idsOf(a.core)} dead ${idsOf(a.dead)}; ${who} core ${bc} dead ${bd}`);
      }
    }
    catRows.push({ name, plugins: ids.length, core: a ? `${a.core.length}/${a.dead.length}` : "?", count: a ? String(a.count) : "?", calls: a?.stats?.solver_calls, calls10: a10?.stats?.solver_calls, A, A10, N, B, cleanA, cleanA10, cleanN, agree });
    console.error(`catalog ${name}: mlx ${secs(A)} s (explain 10: ${secs(A10)} s), clingo ${secs(N)} s, clingo-wasm ${secs(B)} s; agree ${agree.join(", ") || "-"}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Floors and the table
// ---------------------------------------------------------------------------------------------
const emptyLp = join(tmp, "empty.lp");
writeFileSync(emptyLp, "");
const nativeEmpty = NATIVE ? ["sh", join(HERE, "analyze-ref-clingo.sh"), emptyLp] : undefined;
const [F0, FN, FC, FW, FP] = measure([
  ["node", "-e", "0"],
  ["node", join(HERE, "floor.cjs")],
  nativeEmpty,
  CLINGO ? ["node", join(HERE, "analyze-ref.mjs"), "--lp", emptyLp] : undefined,
  PYSAT ? [PYTHON, "-c", "import pysat.solvers"] : undefined,
]);
const [cleanF0, cleanFC] = EXTRA_CA ? measure([["node", "-e", "0"], nativeEmpty], cleanEnv) : [];
const L = [];
const cpuNote = TIME ? "CPU = user + sys from /usr/bin/time, in 10 ms steps (a CPU ratio is – when a run of the reference took under 10 ms)" : "no /usr/bin/time: CPU n/a";
L.push(
  `Generated by \`${commandLine("bench/analyze-bench.mjs", args)}\` (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC). Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} at the end; references: ${NATIVE ?? "native clingo absent"} (native${SHARPSAT ? ", counts by sharpSAT" : ""}), ${CLINGO ?? "clingo-wasm absent"} (WebAssembly), ${PYSAT ?? "pysat absent"}. Whole processes, ${RUNS} runs each after a warm-up, in turn; medians in seconds; ratios are medians of the per-run ratios mlx-solve / reference; ${cpuNote}.`,
  "",
  "| model | vars | clauses | core/dead | mlx-solve wall (CPU) | clingo wall (CPU) | × clingo wall (CPU) | clingo-wasm wall (CPU) | × clingo-wasm wall (CPU) | pysat wall (CPU) | × pysat wall (CPU) | agree | count |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
);
for (const r of rows) {
  const count = `${r.count}${!r.published ? " (none published)" : r.countOk ? " = published" : " ≠ PUBLISHED"}${r.sharpCount ? " = sharpSAT" : ""}${r.clingoCount ? ", clingo counted" : ""}`;
  L.push(`| ${r.model} | ${r.vars} | ${r.clauses} | ${r.core} | ${secs(r.A)} (${secs(r.A, "cpu")}) | ${secs(r.N)} (${secs(r.N, "cpu")}) | ${x(ratio(r.A, r.N, "wall"))} (${x(ratio(r.A, r.N, "cpu"))}) | ${secs(r.B)} (${secs(r.B, "cpu")}) | ${x(ratio(r.A, r.B, "wall"))} (${x(ratio(r.A, r.B, "cpu"))}) | ${secs(r.C)} (${secs(r.C, "cpu")}) | ${x(ratio(r.A, r.C, "wall"))} (${x(ratio(r.A, r.C, "cpu"))}) | ${r.agree.join(", ") || "–"} | ${count} |`);
}
if (catRows.length) {
  L.push(
    "",
    "Built-in catalog (`mlx-solve analyze REQUEST --format json`, from a warm load cache; clingo and clingo-wasm: cautious and brave on asp.js's program without objectives, written beforehand; no reference count: the counts are far beyond enumeration):",
    "",
    "| request | plugins | core/dead | `--explain 0` wall (CPU) | default `--explain` (10) wall (CPU) | clingo wall (CPU) | × clingo, `--explain 0` / default, wall (CPU) | clingo-wasm wall (CPU) | × clingo-wasm, `--explain 0` / default, wall (CPU) | agree | count (mlx-solve) | solver calls (0 / 10 explained) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
  );
  for (const r of catRows)
    L.push(`| ${r.name} | ${r.plugins} | ${r.core} | ${secs(r.A)} (${secs(r.A, "cpu")}) | ${secs(r.A10)} (${secs(r.A10, "cpu")}) | ${secs(r.N)} (${secs(r.N, "cpu")}) | ${x(ratio(r.A, r.N, "wall"))} / ${x(ratio(r.A10, r.N, "wall"))} (${x(ratio(r.A, r.N, "cpu"))} / ${x(ratio(r.A10, r.N, "cpu"))}) | ${secs(r.B)} (${secs(r.B, "cpu")}) | ${x(ratio(r.A, r.B, "wall"))} / ${x(ratio(r.A10, r.B, "wall"))} (${x(ratio(r.A, r.B, "cpu"))} / ${x(ratio(r.A10, r.B, "cpu"))}) | ${r.agree.join(", ") || "–"} | ${r.count} | ${r.calls} / ${r.calls10} |`);
}
L.push("", `Floors: \`node -e 0\` ${secs(F0)} s (CPU ${secs(F0, "cpu")}); \`node bench/floor.cjs\` (Node + logic-solver + one tiny solve on its stock asm.js MiniSat, which analyze no longer starts) ${secs(FN)} s (CPU ${secs(FN, "cpu")})${FC ? `; the native clingo script on an empty program ${secs(FC)} s (CPU ${secs(FC, "cpu")})` : ""}${FW ? `; clingo-wasm on an empty program ${secs(FW)} s (CPU ${secs(FW, "cpu")})` : ""}${FP ? `; \`PYTHON -c "import pysat.solvers"\` ${secs(FP)} s (CPU ${secs(FP, "cpu")})` : ""}.`);
if (EXTRA_CA) {
  const medianOf = (xs) => (xs.length ? x(median(xs)) : "–");
  const cnfRatios = (key) => rows.map((r) => ratio(r[key], r[key === "A" ? "N" : "cleanN"], "wall")).filter((v) => v !== undefined);
  L.push(
    "",
    `The tables above ran in the caller's environment, which sets NODE_EXTRA_CA_CERTS (${EXTRA_CA === "/etc/ssl/certs/ca-certificates.crt" ? "the system's CA certificates" : "a file of certificates"}): every Node process then reads and parses those certificates as it starts, before any script runs (\`node -e 0\` ${secs(F0)} s with it, ${secs(cleanF0)} s without). No mlx-solve command uses TLS. The same commands without that variable (mlx-solve and native clingo only, ${RUNS} runs each after a warm-up, in turn):`,
    "",
    "| model or request | mlx-solve wall (CPU) | clingo wall (CPU) | × clingo wall (CPU) |",
    "|---|---:|---:|---:|",
  );
  for (const r of rows) L.push(`| ${r.model} | ${secs(r.cleanA)} (${secs(r.cleanA, "cpu")}) | ${secs(r.cleanN)} (${secs(r.cleanN, "cpu")}) | ${x(ratio(r.cleanA, r.cleanN, "wall"))} (${x(ratio(r.cleanA, r.cleanN, "cpu"))}) |`);
  for (const r of catRows) L.push(`| catalog ${r.name}, \`--explain 0\` / default | ${secs(r.cleanA)} / ${secs(r.cleanA10)} | ${secs(r.cleanN)} | ${x(ratio(r.cleanA, r.cleanN, "wall"))} / ${x(ratio(r.cleanA10, r.cleanN, "wall"))} |`);
  L.push(
    "",
    `Feature models, median over the rows of the per-model ratio to native clingo (wall): ${medianOf(cnfRatios("A"))} with NODE_EXTRA_CA_CERTS, ${medianOf(cnfRatios("cleanA"))} without (largest: ${rows.length ? x(Math.max(...cnfRatios("A"))) : "–"} and ${rows.length ? x(Math.max(...cnfRatios("cleanA"))) : "–"}). Floors without it: \`node -e 0\` ${secs(cleanF0)} s${cleanFC ? `, the native clingo script on an empty program ${secs(cleanFC)} s` : ""}.`,
  );
}
L.push("", mismatches.length ? `**${mismatches.length} MISMATCH(ES)**:\n\n${mismatches.map((m) => `- ${m}`).join("\n")}` : "Core and dead sets agree with every reference present; every count equals the published one where there is one, and the native reference's (clingo's enumeration or sharpSAT) where it counted.", "");
writeFileSync(join(HERE, "analyze-results.md"), L.join("\n"));
console.log(L.join("\n"));
rmSync(tmp, { recursive: true, force: true });
process.exit(mismatches.length ? 1 : 0);
