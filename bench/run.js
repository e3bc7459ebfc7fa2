#!/usr/bin/env node
/**
 * The benchmark harness (npm run bench): mlx-solve side by side with clingo (clasp) on synthetic
 * catalogs of growing size. See bench/README.md.
 *
 *   node bench/run.js [--sizes 50,1000,10000,50000 | --quick] [--seed S] [--timeout SECONDS]
 *                     [--integrations sparse|hub|none] [--runs R] [--floor-runs R] [--no-floor]
 *                     [--no-verify] [--no-clingo] [--python PATH] [--no-rc2] [--rc2-plain]
 *
 * For each size: generate the catalog (cached under bench/out/ by seed, size and integration
 * profile: nN-sS for the default sparse, nN-sS-PROFILE otherwise), then time as
 * whole processes: recommend (2 use cases), explain (two --require of conflicting plugins), check
 * (a stack file of the recommended stack), the library in one process (bench/lib.js), and clingo
 * on the same recommend instance (bench/asp.js), and PySAT's RC2 on its WCNF (bench/maxsat-ref.py,
 * when a Python with python-sat is there). mlx-solve's cost vector must equal clingo's (and RC2's)
 * optimum at every level, and `check` must find clingo's stack valid at clingo's cost: any
 * difference prints MISMATCH and makes the exit code 1. Writes bench/results.md (results-PROFILE.md
 * for --integrations hub or none) and prints it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { catalogName, ensureCatalog, INTEGRATION_PROFILES } from "./generate.js";
import { clingoPath, clingoVersion, CLINGO_ARGS, parseClingo } from "./asp.js";
import { verify } from "./verify.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "out");
// The mlx-solve checkout under test: this repository, or --root DIR (e.g. an older commit
// exported with `git archive`), passed on to lib.js and verify.js as MLX_SOLVE_ROOT.
let ROOT = resolve(HERE, "..");
// The command's script: bin/mlx-solve.cjs, or bin/mlx-solve.js in checkouts older than it.
const binOf = (root) => (existsSync(join(root, "bin", "mlx-solve.cjs")) ? join(root, "bin", "mlx-solve.cjs") : join(root, "bin", "mlx-solve.js"));
let BIN = binOf(ROOT);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const TTY = process.stderr.isTTY;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const a = { sizes: [50, 1000, 10000, 50000], seed: "1", timeout: 300, runs: undefined, floorRuns: 10, floor: true, verify: true, clingo: true, root: undefined, clingoMemGb: 8, reduce: true, integrations: "sparse", python: process.env.PYTHON ?? "python3", rc2: true, rc2Plain: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === "--sizes") a.sizes = argv[++i].split(",").map((s) => Number(s.trim()));
    else if (x === "--quick") a.sizes = [50, 1000];
    else if (x === "--seed") a.seed = argv[++i];
    else if (x === "--integrations") a.integrations = argv[++i];
    else if (x === "--timeout") a.timeout = Number(argv[++i]);
    else if (x === "--runs") a.runs = Number(argv[++i]);
    else if (x === "--floor-runs") a.floorRuns = Number(argv[++i]);
    else if (x === "--no-floor") a.floor = false;
    else if (x === "--no-verify") a.verify = false;
    else if (x === "--no-clingo") a.clingo = false;
    else if (x === "--root") a.root = resolve(argv[++i]);
    else if (x === "--clingo-mem-gb") a.clingoMemGb = Number(argv[++i]);
    else if (x === "--clingo-full") a.reduce = false;
    else if (x === "--python") a.python = argv[++i];
    else if (x === "--no-rc2") a.rc2 = false;
    else if (x === "--rc2-plain") a.rc2Plain = true;
    else if (x === "-h" || x === "--help") {
      process.stdout.write("usage: node bench/run.js [--sizes 50,1000 | --quick] [--seed S] [--timeout SECONDS] [--integrations sparse|hub|none] [--runs R] [--floor-runs R] [--no-floor] [--no-verify] [--no-clingo] [--clingo-full] [--clingo-mem-gb G] [--python PATH] [--no-rc2] [--rc2-plain] [--root DIR]\n");
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument ${x} (see --help)\n`);
      process.exit(2);
    }
  }
  if (!INTEGRATION_PROFILES.includes(a.integrations)) {
    process.stderr.write(`--integrations: one of ${INTEGRATION_PROFILES.join(", ")} (the generator's integration profile)\n`);
    process.exit(2);
  }
  if (a.sizes.some((n) => !Number.isInteger(n) || n < 20)) {
    process.stderr.write("--sizes: integers >= 20, comma-separated\n");
    process.exit(2);
  }
  return a;
}

const progress = (s) => {
  if (TTY) process.stderr.write(`${s}\n`);
};

// ---------------------------------------------------------------------------------------------
// Timing a whole process: wall time, peak RSS, exit status; killed at the time limit.
// ---------------------------------------------------------------------------------------------
/**
 * Runs cmd with args. Peak memory comes from /usr/bin/time -v when present; otherwise, for Node
 * commands, from process.resourceUsage() of the child (bench/rss.mjs preloaded); otherwise n/a.
 */
function measure(cmd, args, { timeoutMs, isNode = false, okCodes = [0] }) {
  let argv;
  if (TIME) argv = [TIME, "-v", cmd, ...args];
  else if (isNode) argv = [cmd, "--import", join(HERE, "rss.mjs"), ...args];
  else argv = [cmd, ...args];
  return new Promise((res) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL"); // the process group we started (time + its child)
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const stdout = Buffer.concat(out).toString("utf8");
      let stderr = Buffer.concat(err).toString("utf8");
      let rssKB;
      let exitCode = code;
      if (TIME) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        if (m) rssKB = Number(m[1]);
        const e = /Exit status: (\d+)/.exec(stderr);
        if (e) exitCode = Number(e[1]);
        const sig = /Command terminated by signal (\d+)/.exec(stderr);
        if (sig) exitCode = 128 + Number(sig[1]);
        const cut = stderr.search(/\n?\s*Command (being timed|exited|terminated)/);
        if (cut >= 0) stderr = stderr.slice(0, cut);
      } else {
        const m = /__MAXRSS_KB=(\d+)/.exec(stderr);
        if (m) rssKB = Number(m[1]);
      }
      let status = "ok";
      const text = `${stderr}\n${stdout.slice(0, 4096)}\n${stdout.slice(-4096)}`;
      if (timedOut) status = "timeout";
      else if (/JavaScript heap out of memory|Cannot enlarge memory arrays|ENOMEM|std::bad_alloc|Out of memory/i.test(text) || exitCode === 137 || signal === "SIGKILL") status = "oom";
      else if (signal) status = "crash";
      else if (!okCodes.includes(exitCode)) status = "failed";
      res({ status, exitCode, signal, wallMs, rssKB, stdout, stderr });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** Runs a measurement up to `runs` times (once when the first run is slow or fails); medians. */
async function repeat(runs, fn) {
  const results = [await fn()];
  const slow = results[0].wallMs > 30_000 || results[0].status !== "ok";
  for (let i = 1; i < runs && !slow; i++) results.push(await fn());
  const ok = results.filter((r) => r.status === "ok");
  const base = results[results.length - 1];
  return {
    ...base,
    runs: results.length,
    wallMs: ok.length === results.length ? median(results.map((r) => r.wallMs)) : base.wallMs,
    rssKB: results.every((r) => r.rssKB !== undefined) ? median(results.map((r) => r.rssKB)) : base.rssKB,
  };
}

function parseJson(s) {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** A short description of a failed run, for the notes column. */
function failure(r) {
  const text = `${r.stderr ?? ""}\n${r.stdout ?? ""}`;
  if (r.status === "timeout") return "timeout";
  if (/Cannot enlarge memory arrays/.test(text)) return "out of memory: logic-solver's MiniSat heap (fixed 64 MB)";
  if (/JavaScript heap out of memory/.test(text)) return "out of memory: V8 heap";
  if (/std::bad_alloc/.test(text)) return "out of memory (std::bad_alloc)";
  if (r.status === "oom") return "out of memory";
  const line = (r.stderr ?? "").split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("MINISAT") && !l.startsWith("node:internal"));
  return `exit ${r.exitCode}${line ? `: ${line.slice(0, 80)}` : ""}`;
}

/** `python` when it imports python-sat (for RC2), else undefined; asked once. */
const pysatChecked = new Map();
function pysatPython(python) {
  if (!pysatChecked.has(python)) pysatChecked.set(python, spawnSync(python, ["-c", "import pysat.examples.rc2"], { stdio: "ignore" }).status === 0 ? python : undefined);
  return pysatChecked.get(python);
}

// ---------------------------------------------------------------------------------------------
// One size
// ---------------------------------------------------------------------------------------------
const costVec = (cost) => (cost ? cost.map((c) => c.value) : undefined);
const fmtCost = (v) => (v ? v.join("/") : "-");
const sameVec = (a, b) => a && b && a.length === b.length && a.every((x, i) => x === b[i]);

function stackYaml(useCases, plugins) {
  const lines = [`use_cases: [${useCases.join(", ")}]`, "plugins:"];
  for (const p of plugins) lines.push(p.facet !== undefined ? `  - { id: ${p.id}, facet: ${p.facet} }` : `  - ${p.id}`);
  if (!plugins.length) lines[1] = "plugins: []";
  return lines.join("\n") + "\n";
}

async function benchSize(n, opts, mismatches) {
  const dir = join(OUT, catalogName(n, opts.seed, opts.integrations));
  const rel = relative(resolve(HERE, ".."), dir);
  const rows = [];
  const notes = [];
  const limitMs = opts.timeout * 1000;
  const runs = opts.runs ?? (n <= 1000 ? 3 : 1);

  progress(`[${n}] generating ${rel} ...`);
  const g0 = performance.now();
  const { meta, cached } = ensureCatalog(n, opts.seed, dir, { integrations: opts.integrations });
  notes.push(`catalog ${rel}: ${meta.plugins} plugins, ${meta.capabilities} capabilities, ${meta.conflict_pairs} conflict pairs, ${meta.with_requires} plugins with requires, integrations ${meta.integrations ?? "sparse"}${cached ? " (cached)" : `, generated in ${((performance.now() - g0) / 1000).toFixed(1)} s`}`);
  const uc = meta.request.useCases;
  const ucArgs = uc.flatMap((u) => ["--use-case", u]);
  const cat = ["--catalog", dir];

  // --- clingo first (its stack feeds `check` when mlx-solve has none)
  let ref;
  let refRow;
  if (opts.clingo && clingoPath()) {
    progress(`[${n}] clingo: translating ...`);
    const lp = join(dir, "recommend.lp");
    const tr = await measure(process.execPath, [join(HERE, "asp.js"), ...cat, ...ucArgs, "--lp", lp, ...(opts.reduce ? ["--reduce"] : [])], { timeoutMs: limitMs, isNode: true });
    const trj = tr.status === "ok" && tr.exitCode === 0 ? parseJson(tr.stdout) : undefined;
    rows.push({ command: "asp translate (bench/asp.js)", r: tr, calls: "", note: trj ? `${trj.encoded_plugins} of ${trj.plugins} plugins encoded${opts.reduce ? " (reachable)" : ""}, ${trj.facts} facts; read ${trj.load_ms} ms, translate ${trj.translate_ms} ms` : failure(tr) });
    if (trj) {
      progress(`[${n}] clingo: solving ...`);
      const ids = JSON.parse(readFileSync(`${lp}.ids.json`, "utf8"));
      // clingo's memory is capped (ulimit -v) so that grounding a huge instance fails cleanly
      // instead of exhausting the machine.
      const cr = await measure("/bin/sh", ["-c", `ulimit -v ${Math.round(opts.clingoMemGb * 2 ** 20)}; exec "$0" "$@"`, clingoPath(), ...CLINGO_ARGS, lp], { timeoutMs: limitMs, okCodes: [10, 20, 30] });
      const parsed = cr.status === "ok" ? parseClingo(cr.stdout, ids) : { status: cr.status };
      const j = parseJson(cr.stdout);
      ref = { ...parsed, r: cr };
      refRow = { command: "clingo recommend (ground + solve)", r: cr, calls: "", note: parsed.status === "optimal" ? `optimum ${fmtCost(parsed.costs)}; clingo's own time ${j?.Time?.Total ?? "?"} s` : parsed.status === "unsat" ? "unsatisfiable" : cr.status === "ok" ? `no optimum (${parsed.status})` : failure(cr), clingo: true };
      if (cr.status !== "ok" || parsed.status !== "optimal") ref.failed = true;
      rows.push(refRow);
    }
  } else if (opts.clingo) notes.push("clingo is not installed: the reference column is skipped (apt-get install -y gringo)");

  // --- the first read of the catalog's files (parse + validate), which fills the load cache that
  // every later command of this size reads (the cache is this run's own, so it starts empty)
  progress(`[${n}] mlx-solve list (first read of the files) ...`);
  const load = await measure(process.execPath, [BIN, "list", "types", ...cat, "--format", "json"], { timeoutMs: limitMs, isNode: true });
  rows.push({ command: "load, first read (CLI `list types`: parse + validate, fills the cache)", r: load, calls: "", note: load.status === "ok" && load.exitCode === 0 ? "the commands below read the load cache" : failure(load) });

  // --- recommend
  progress(`[${n}] mlx-solve recommend ...`);
  const rec = await repeat(runs, () => measure(process.execPath, [BIN, "recommend", ...cat, ...ucArgs, "--format", "json", "--timeout", String(opts.timeout)], { timeoutMs: limitMs + 30_000, isNode: true, okCodes: [0, 1] }));
  const recj = parseJson(rec.stdout);
  const mlxCost = recj?.ok ? costVec(recj.cost) : undefined;
  const stoppedNote = (j) => `stopped by ${j.stopped_by ?? "time"}${j.cost ? `; best so far ${fmtCost(costVec(j.cost))}` : "; no stack found yet"}`;
  rows.push({ command: "recommend (CLI)", r: rec, calls: recj?.stats?.solver_calls ?? "", note: recj ? (recj.ok ? `cost ${fmtCost(mlxCost)}, ${recj.stack.plugins.length} plugins` : recj.timed_out ? stoppedNote(recj) : "no stack") : failure(rec) });
  if (recj?.timed_out) rec.status = recj.stopped_by === "memory" ? "oom" : "timeout";

  // --- compare the optima
  if (mlxCost && ref && !ref.failed) {
    if (!sameVec(mlxCost, ref.costs)) {
      mismatches.push(`size ${n}: recommend ${uc.join(" + ")}: mlx-solve cost ${fmtCost(mlxCost)} != clingo optimum ${fmtCost(ref.costs)}`);
      notes.push(`**MISMATCH**: mlx-solve ${fmtCost(mlxCost)} vs clingo ${fmtCost(ref.costs)}`);
    } else notes.push(`optimum matches clingo at every level: ${fmtCost(mlxCost)}`);
  } else if (recj?.ok === false && !recj.timed_out && ref?.status === "unsat") notes.push("both: no stack");
  else if (recj?.ok === false && !recj.timed_out && ref?.status === "optimal") {
    mismatches.push(`size ${n}: mlx-solve finds no stack, clingo finds ${fmtCost(ref.costs)}`);
  } else notes.push("optima not compared (one side has no answer)");

  // --- RC2 (PySAT) on the same problem as WCNF: with the presolve between levels (the reference
  // issue 21 names), and without it on request
  if (opts.rc2 && pysatPython(opts.python)) {
    progress(`[${n}] RC2: exporting the WCNF ...`);
    const wcnf = join(dir, "recommend.wcnf");
    const ex = await measure(process.execPath, [BIN, "export", ...cat, ...ucArgs, "--format", "wcnf", "--scope", "reachable", "--max-gap-terms", "none", "--output", wcnf], { timeoutMs: limitMs, isNode: true });
    rows.push({ command: "wcnf export (mlx-solve export --scope reachable; not counted in RC2's time)", r: ex, calls: "", note: ex.status === "ok" && ex.exitCode === 0 ? "" : failure(ex), rc2: true });
    const variants = opts.rc2Plain ? [true, false] : [true];
    for (const presolve of ex.status === "ok" && ex.exitCode === 0 ? variants : []) {
      progress(`[${n}] RC2 ${presolve ? "with" : "without"} presolve ...`);
      const rr = await measure(pysatPython(opts.python), [join(HERE, "maxsat-ref.py"), wcnf, ...(presolve ? ["--presolve"] : [])], { timeoutMs: limitMs + 30_000 });
      const rj = rr.status === "ok" ? parseJson(rr.stdout.trim().split("\n").pop()) : undefined;
      const ps = rj?.presolved;
      rows.push({ command: `RC2 recommend (PySAT, Glucose 4.1, ${presolve ? "with" : "without"} the presolve)`, r: rr, calls: "", note: rj?.status === "optimal" ? `optimum ${fmtCost(rj.costs)}${ps ? `; presolve: ${ps.fixed_false} of ${ps.candidates} plugins ruled out, ${ps.terms_left} terms left of ${ps.terms_left + ps.terms_dropped}, done at ${(ps.ms / 1000).toFixed(1)} s` : ""}` : rj ? rj.status : failure(rr), rc2: true });
      if (rj?.status === "optimal" && mlxCost && !sameVec(mlxCost, rj.costs)) {
        mismatches.push(`size ${n}: recommend ${uc.join(" + ")}: mlx-solve cost ${fmtCost(mlxCost)} != RC2 optimum ${fmtCost(rj.costs)}`);
        notes.push(`**MISMATCH**: mlx-solve ${fmtCost(mlxCost)} vs RC2 ${fmtCost(rj.costs)}`);
      }
      if (rj?.status === "optimal" && presolve && rec.status === "ok" && mlxCost) notes.push(`recommend (CLI) / RC2 with the presolve, same run: **${(rec.wallMs / rr.wallMs).toFixed(2)}×** (${fmtTime(rec)} / ${fmtTime(rr)}); optima ${sameVec(mlxCost, rj.costs) ? "equal" : "DIFFER"}`);
    }
  } else if (opts.rc2) notes.push(`RC2 skipped: no Python with python-sat (\`${opts.python}\`; pass --python PATH or pip install python-sat)`);

  // --- check: the recommended stack (or clingo's, when mlx-solve has none)
  const stack = recj?.ok ? recj.stack.plugins : ref?.status === "optimal" ? ref.stack : undefined;
  if (stack) {
    const from = recj?.ok ? "mlx-solve's" : "clingo's";
    const file = join(dir, "stack.yaml");
    writeFileSync(file, stackYaml(uc, stack));
    progress(`[${n}] mlx-solve check (${from} stack) ...`);
    const chk = await repeat(runs, () => measure(process.execPath, [BIN, "check", file, ...cat, "--format", "json"], { timeoutMs: limitMs, isNode: true, okCodes: [0, 1] }));
    const cj = parseJson(chk.stdout);
    rows.push({ command: `check (CLI, ${from} stack)`, r: chk, calls: "", note: cj ? `${cj.ok ? "valid" : `INVALID: ${cj.violations.map((v) => v.message).join("; ").slice(0, 120)}`}, cost ${fmtCost(costVec(cj.cost))}` : failure(chk) });
    if (cj && !cj.ok) mismatches.push(`size ${n}: check finds ${from} optimal stack invalid: ${cj.violations.map((v) => v.message).join("; ")}`);
    // clingo's stack, costed by mlx-solve's own evaluator, must cost clingo's optimum
    if (cj && ref?.status === "optimal" && !recj?.ok && !sameVec(costVec(cj.cost), ref.costs))
      mismatches.push(`size ${n}: check costs clingo's stack ${fmtCost(costVec(cj.cost))}, clingo says ${fmtCost(ref.costs)}`);
  }

  // --- explain: two --require of plugins that conflict
  if (meta.explain_pair) {
    progress(`[${n}] mlx-solve explain ...`);
    const [a, b] = meta.explain_pair;
    const ex = await repeat(runs, () => measure(process.execPath, [BIN, "explain", ...cat, "--require", a, "--require", b, "--format", "json", "--timeout", String(opts.timeout)], { timeoutMs: limitMs + 30_000, isNode: true, okCodes: [0, 1] }));
    const ej = parseJson(ex.stdout);
    rows.push({ command: "explain (CLI, 2 conflicting --require)", r: ex, calls: ej?.stats?.solver_calls ?? "", note: ej ? (ej.ok ? "UNEXPECTED: a stack exists" : ej.conflict ? `${ej.conflict.requests.length} requests, ${ej.conflict.rules.length} rules, ${ej.repairs?.length ?? 0} repairs` : ej.timed_out ? stoppedNote(ej) : "no explanation") : failure(ex) });
    if (ej?.timed_out) ex.status = ej.stopped_by === "memory" ? "oom" : "timeout";
  }

  // --- the library in one process
  progress(`[${n}] library (bench/lib.js) ...`);
  const lib = await measure(process.execPath, [join(HERE, "lib.js"), ...cat, ...ucArgs, "--timeout", String(opts.timeout)], { timeoutMs: limitMs + 30_000, isNode: true });
  const lj = lib.stdout.trim().split("\n").map((l) => (l.startsWith("{") ? parseJson(l) : undefined)).filter(Boolean).pop();
  if (lj) {
    rows.push({ command: "library: loadCatalog", r: { status: "ok", wallMs: lj.load_ms }, calls: "", note: "in-process", noMem: true });
    rows.push({ command: "library: buildModel", r: { status: "ok", wallMs: lj.model_ms }, calls: "", note: `${lj.model.constraints} constraints, ${lj.model.clauses} clauses, ${lj.model.objective_terms["integration-gaps"]} gap terms`, noMem: true });
    if (lj.recommend_ms !== undefined && (lib.status === "ok" || lj.timed_out)) {
      const libStatus = lj.timed_out ? (lj.stopped_by === "memory" ? "oom" : "timeout") : "ok";
      rows.push({ command: "library: recommend", r: { status: libStatus, wallMs: lj.recommend_ms, rssKB: lib.rssKB }, calls: lj.solver_calls ?? "", note: `in-process; ${lj.timed_out ? stoppedNote(lj) : `cost ${fmtCost(costVec(lj.cost))}`}; peak RSS is the whole lib.js process${lj.heap_flag ? ` (${lj.heap_flag}, as the CLI)` : ""}` });
      if (lj.cost && !lj.timed_out && ref?.status === "optimal" && !sameVec(costVec(lj.cost), ref.costs)) mismatches.push(`size ${n}: library cost ${fmtCost(costVec(lj.cost))} != clingo ${fmtCost(ref.costs)}`);
    } else rows.push({ command: "library: recommend", r: { ...lib, status: lib.status === "ok" ? "failed" : lib.status }, calls: "", note: `${failure(lib)} (whole lib.js process: ${(lib.wallMs / 1000).toFixed(1)} s)` });
  } else rows.push({ command: "library (bench/lib.js)", r: { ...lib, status: lib.status === "ok" ? "failed" : lib.status }, calls: "", note: failure(lib) });

  // order: mlx-solve rows, then clingo rows
  const order = (r) => (r.rc2 ? 3 : r.command.startsWith("asp") ? 2 : r.clingo ? 1 : 0);
  rows.sort((x, y) => order(x) - order(y));
  return { n, rows, notes, refMs: ref && !ref.failed ? ref.r.wallMs : undefined };
}

// ---------------------------------------------------------------------------------------------
// The floor
// ---------------------------------------------------------------------------------------------
async function floor(runs, timeoutMs) {
  const z = [];
  const f = [];
  const b = [];
  // In turn, so that the machine's load falls alike on the three; issue 21 (part 5) compares the
  // command with Node's own start, `node -e 0`, pair by pair.
  for (let i = 0; i < runs; i++) {
    progress(`[floor] run ${i + 1}/${runs}`);
    z.push(await measure(process.execPath, ["-e", "0"], { timeoutMs, isNode: true }));
    f.push(await measure(process.execPath, [join(HERE, "floor.cjs")], { timeoutMs, isNode: true }));
    b.push(await measure(process.execPath, [BIN, "recommend", "--use-case", "rag", "--format", "json"], { timeoutMs, isNode: true }));
  }
  const stat = (xs) => ({ wallMs: median(xs.map((x) => x.wallMs)), rssKB: xs.every((x) => x.rssKB !== undefined) ? median(xs.map((x) => x.rssKB)) : undefined, ok: xs.every((x) => x.status === "ok" && x.exitCode === 0) });
  const list = await measure(process.execPath, [BIN, "list", "plugins", "--format", "json"], { timeoutMs, isNode: true });
  return {
    runs,
    node: stat(z),
    floor: stat(f),
    builtin: stat(b),
    overNode: median(b.map((x, i) => x.wallMs / z[i].wallMs)),
    plugins: parseJson(list.stdout)?.items?.length,
    calls: parseJson(b[0].stdout)?.stats?.solver_calls,
  };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
const fmtTime = (r) => (r.status === "ok" ? (r.wallMs >= 10_000 ? `${(r.wallMs / 1000).toFixed(1)} s` : r.wallMs >= 1000 ? `${(r.wallMs / 1000).toFixed(2)} s` : `${Math.round(r.wallMs)} ms`) : r.status === "timeout" ? `timeout (${(r.wallMs / 1000).toFixed(0)} s)` : r.status === "oom" ? `OOM (${(r.wallMs / 1000).toFixed(1)} s)` : `failed (${(r.wallMs / 1000).toFixed(1)} s)`);
const fmtMem = (kb) => (kb === undefined ? "n/a" : `${Math.round(kb / 1024)} MB`);

function report(opts, env, floorRes, sizes, verifyRes, mismatches) {
  const L = [];
  L.push("# mlx-solve benchmark results", "");
  L.push(`mlx-solve under test: \`${env.root}\`.`, "");
  L.push(`Generated by \`node bench/run.js\` (${env.date}). Node ${process.version}, ${env.cpus}, ${env.mem} RAM; ${env.clingo ?? "clingo not installed"}; seed ${opts.seed}; integration profile \`${opts.integrations}\` (\`--integrations\`, see bench/README.md); time limit ${opts.timeout} s per run; peak memory from ${TIME ? "/usr/bin/time -v" : "process.resourceUsage() of each Node child"}. Times are wall clock of the whole process (median of the runs shown) unless marked in-process.`, "");
  if (mismatches.length) {
    L.push("## MISMATCH", "");
    for (const m of mismatches) L.push(m.startsWith("ERROR: ") ? `- **ERROR** ${m.slice(7)}` : `- **MISMATCH** ${m}`);
    L.push("");
  }
  if (floorRes) {
    const { node: z, floor: f, builtin: b } = floorRes;
    L.push("## Floor", "");
    L.push("| process | median time | peak RSS | solver calls |", "|---|---:|---:|---:|");
    L.push(`| \`node -e 0\` (Node's own start) | ${fmtTime({ status: "ok", wallMs: z.wallMs })} | ${fmtMem(z.rssKB)} | |`);
    L.push(`| \`node bench/floor.cjs\` (load logic-solver, solve a trivial formula) | ${fmtTime({ status: "ok", wallMs: f.wallMs })} | ${fmtMem(f.rssKB)} | 1 |`);
    L.push(`| \`mlx-solve recommend --use-case rag\` (built-in catalog${floorRes.plugins ? `, ${floorRes.plugins} plugins` : ""}) | ${fmtTime({ status: "ok", wallMs: b.wallMs })} | ${fmtMem(b.rssKB)} | ${floorRes.calls ?? ""} |`);
    const failed = z.ok && f.ok && b.ok ? "" : "; SOME RUNS FAILED";
    const certs = process.env.NODE_EXTRA_CA_CERTS ? " NODE_EXTRA_CA_CERTS was set, so every Node process here read the certificates it names as it started (see bench/README.md, \"The floor\"); `env -u NODE_EXTRA_CA_CERTS npm run bench` measures without." : "";
    L.push("", `Built-in recommend / \`node -e 0\` (issue 21, part 5): **${floorRes.overNode.toFixed(2)}×** (median of the ${floorRes.runs} per-run ratios; the three processes run in turn${failed}); / floor.cjs: ${(b.wallMs / f.wallMs).toFixed(2)}× (medians).${certs}`, "");
  }
  L.push("## Size × command", "");
  L.push("Ratio = this row's time / clingo's time on the recommend instance of the same size.", "");
  L.push("| size | command | time | × clingo | peak RSS | solver calls | notes |", "|---:|---|---:|---:|---:|---:|---|");
  for (const s of sizes) {
    for (const row of s.rows) {
      const x = s.refMs ? row.r.wallMs / s.refMs : NaN;
      const ratio = row.r.status === "ok" && s.refMs && !row.command.startsWith("asp") ? `${x >= 0.01 ? x.toFixed(2) : x.toPrecision(1)}×` : "";
      L.push(`| ${s.n} | ${row.command} | ${fmtTime(row.r)} | ${row.clingo ? "1.00×" : ratio} | ${row.noMem ? "" : fmtMem(row.r.rssKB)} | ${row.calls} | ${String(row.note).replace(/\|/g, "\\|")} |`);
    }
  }
  L.push("");
  for (const s of sizes) {
    L.push(`Size ${s.n}:`);
    for (const note of s.notes) L.push(`- ${note}`);
    L.push("");
  }
  if (verifyRes.length) {
    L.push("## Differential check (bench/verify.js: random requests, mlx-solve library vs clingo)", "");
    L.push("| catalog | requests compared | mismatches | mlx-solve threw | skipped (timeout) |", "|---|---:|---:|---:|---:|");
    for (const v of verifyRes) L.push(`| ${v.name} | ${v.checked} | ${v.mismatches} | ${v.errors} | ${v.skipped} |`);
    L.push("");
  }
  return L.join("\n");
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.root) {
    ROOT = opts.root;
    BIN = binOf(ROOT);
  }
  process.env.MLX_SOLVE_ROOT = ROOT;
  // --timeout is a limit in work (src/core/common/budget.ts) calibrated for a busy machine: here
  // it must be the clock's, as for the references, so the work per second is unbounded.
  process.env.MLX_SOLVE_WORK_PER_SECOND = "Infinity";
  // A load cache of this run's own: the first read of each catalog is measured, not inherited.
  const cacheDir = mkdtempSync(join(tmpdir(), "mlx-bench-cache-"));
  process.env.MLX_SOLVE_CACHE_DIR = cacheDir;
  process.on("exit", () => rmSync(cacheDir, { recursive: true, force: true }));
  if (!existsSync(join(ROOT, "dist", "cli", "run.js"))) {
    progress("building dist/ (npx tsc -p tsconfig.build.json) ...");
    const b = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
    if (b.status !== 0) {
      process.stderr.write("build failed: run `npx tsc -p tsconfig.build.json` first\n");
      return 2;
    }
  }
  mkdirSync(OUT, { recursive: true });
  if (opts.clingo && !clingoPath()) process.stderr.write("clingo is not installed: skipping the reference solver (Debian/Ubuntu: apt-get install -y gringo)\n");
  const rev = spawnSync("git", ["-C", ROOT, "describe", "--always", "--dirty"], { encoding: "utf8" });
  // Named, not by its path: the report is committed, and a machine's paths mean nothing elsewhere.
  const env = { root: `${ROOT === resolve(HERE, "..") ? "this repository" : "the checkout given by --root"}${rev.status === 0 ? ` at ${rev.stdout.trim()}` : " (not a git checkout)"}`, date: new Date().toISOString().slice(0, 10), cpus: `${cpus().length} × ${cpus()[0]?.model?.trim() ?? "cpu"}`, mem: `${Math.round(totalmem() / 2 ** 30)} GB`, clingo: clingoPath() ? clingoVersion() : undefined };
  const mismatches = [];
  const sizes = [];
  const verifyRes = [];
  // One file per integration profile: results.md (sparse), results-hub.md, results-none.md.
  const resultsPath = join(HERE, opts.integrations === "sparse" ? "results.md" : `results-${opts.integrations}.md`);
  let floorRes;
  const write = () => writeFileSync(resultsPath, report(opts, env, floorRes, sizes, verifyRes, mismatches) + "\n");

  if (opts.floor) floorRes = await floor(Math.max(10, opts.floorRuns), opts.timeout * 1000);
  if (opts.verify && opts.clingo && clingoPath()) {
    const quiet = () => {};
    const log = (s) => {
      if (s.startsWith("MISMATCH") || s.startsWith("ERROR")) process.stderr.write(s + "\n");
      else if (TTY) process.stderr.write(s + "\n");
    };
    progress("[verify] built-in catalog ...");
    const v = await verify({ catalog: undefined, requests: 40, seed: opts.seed, timeout: opts.timeout, log: TTY ? log : (s) => (s.startsWith("MISMATCH") || s.startsWith("ERROR") ? log(s) : quiet()) });
    verifyRes.push({ name: "built-in catalog", ...v });
    const small = opts.sizes.filter((n) => n <= 200);
    for (const n of small) {
      const dir = join(OUT, catalogName(n, opts.seed, opts.integrations));
      ensureCatalog(n, opts.seed, dir, { integrations: opts.integrations });
      progress(`[verify] synthetic ${n} ...`);
      const w = await verify({ catalog: dir, requests: 40, seed: opts.seed, timeout: opts.timeout, log: TTY ? log : (s) => (s.startsWith("MISMATCH") || s.startsWith("ERROR") ? log(s) : quiet()) });
      verifyRes.push({ name: `synthetic ${n} (seed ${opts.seed}, integrations ${opts.integrations})`, ...w });
    }
    for (const v2 of verifyRes) {
      if (v2.mismatches) mismatches.push(`differential check on ${v2.name}: ${v2.mismatches} request(s) with different optima (run bench/verify.js to see them)`);
      if (v2.errors) mismatches.push(`ERROR: differential check on ${v2.name}: mlx-solve threw on ${v2.errors} valid request(s), e.g. ${v2.errorList.slice(0, 2).join("; ")}`);
    }
  }
  write();
  for (const n of opts.sizes) {
    sizes.push(await benchSize(n, opts, mismatches));
    write();
  }
  write();
  process.stdout.write(readFileSync(resultsPath, "utf8"));
  if (mismatches.length) {
    process.stderr.write(`\n!!! MISMATCH: mlx-solve and clingo disagree, or mlx-solve failed on a valid request (${mismatches.length}):\n${mismatches.map((m) => `!!! ${m}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}

main().then((c) => (process.exitCode = c));
