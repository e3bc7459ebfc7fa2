#!/usr/bin/env node
// The command line. The whole CLI is one script bundled at build time (dist/cli.cjs, see
// build/cli.mjs): one file to read instead of several hundred modules; zod and yaml, which only
// parsing and validating files need, are a second one it requires on first use. Both are compiled
// with V8's code cache: the first run of each command saves the bytecode V8 compiled for it in
// the user's cache directory, and every later run of that command hands it back to V8 instead
// of compiling again (recommend on the built-in catalog: 0.31 s of CPU instead of 0.39 s;
// bench/README.md, "The floor"). The cache is the load
// cache's directory (a directory of the user's own, 0700; MLX_SOLVE_NO_CACHE=1 turns both off);
// V8 checks that a cache was made by the same V8 with the same flags and for a script of the same
// length, and a file name per Node version, build and command keeps a cache from ever meeting
// another build. A cache V8 rejects only costs the compile it would have cost anyway, and is
// written again.
"use strict";
const { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } = require("node:fs");
const Module = require("node:module");
const { createRequire, wrap } = Module;
const { dirname, join } = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

const here = __dirname;
const file = join(here, "..", "dist", "cli.cjs");

// The CLI sets V8's heap growing factor first thing (src/node/heap.ts, useLeanHeap); V8's code
// cache is only accepted under the flags it was made with, so the same flag is set before the
// script is compiled (and not when the user chose one on Node's command line, as there).
if (!process.execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) v8.setFlagsFromString("--heap-growing-percent=30");
// MiniSat is WebAssembly (src/core/solve/minisat/asm2wasm.mjs): V8 compiles each function with
// its baseline compiler at its first call, and again with its optimising compiler once it has run
// about 1.8 MB of code (the "tiering budget"). A short command then pays for optimising functions
// it hardly runs again: recommend on the built-in catalog took 7 % more wall time and 8 % more CPU
// than with MiniSat as JavaScript. With ten times the budget it is level, and a 30 s search on
// 1,000 plugins as fast (bench/README.md, "MiniSat as WebAssembly"). Set before the script is
// compiled, as the heap flag, and not when the user chose one.
if (!process.execArgv.some((a) => /^--wasm[-_]tiering[-_]budget\b/.test(a))) v8.setFlagsFromString("--wasm-tiering-budget=18000000");
// V8 drops the bytecode of functions unused for a few full collections, and a long first run
// (9 s on 10,000 plugins) then wrote a cache without the start's bytecode: every later run took
// ~20 ms longer (0.91× with this flag, bench/README.md, "The floor"). Kept, a run holds at most
// the bytecode of the functions it ran; set before the script is compiled, as the flags above.
if (!process.execArgv.some((a) => /^--(no-)?flush[-_]bytecode\b/.test(a))) v8.setFlagsFromString("--no-flush-bytecode");
// The same for JavaScript: V8 optimises a function once it has run enough ("the interrupt
// budget", 66 KB of bytecode by default), on a background thread, and Node waits for those
// compiles at exit. A command of a quarter of a second optimised functions it had finished with:
// analyze on the built-in catalog waited ~60 ms at exit for its counter's. With four times the
// budget: analyze 0.82× wall, recommend 0.98×; a 30 s search on 1,000 plugins and a cached
// 10,000-plugin load as fast; the first parse of 10,000 plugin files (yaml and zod, no cache)
// 7.5 % slower (bench/README.md, "The floor"). Set before the script is compiled, as above.
if (!process.execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a))) v8.setFlagsFromString("--interrupt-budget=270336");

// The load cache's directory, by the load cache's own rule (src/node/dirs.ts, built as
// dist/dirs.cjs): found before the script is compiled, made only when a code cache is written.
// A dist/ of a build before it had one runs without code caches (dist/cli.cjs answers as ever).
let cacheDirOf = () => undefined;
try {
  ({ cacheDirOf } = require(join(here, "..", "dist", "dirs.cjs")));
} catch {}
const cacheDir = (create) => cacheDirOf(process.env, create);

const source = readFileSync(file, "latin1"); // esbuild writes ASCII only
// The script's own hash, written beside it by build/cli.mjs: V8 checks a code cache only against
// the script's length, so without it a rebuilt script of the same length would run the bytecode
// of the one before (seen: a changed constant, 2e6 to 5e5).
const buildId = idOf("cli.id");
// One cache per command: a cache holds the bytecode of what the run that wrote it compiled, and
// commands compile different code (a `--help` or `list` first left every later `recommend`
// compiling MiniSat's functions again, ~7 % of its time: bench/README.md, "The floor"). The
// command is the first argument that is no option; a name of any other shape is "other".
const build = `code-${process.version}-${process.arch}-${buildId}-${source.length}-`;
const first = process.argv.slice(2).find((a) => !a.startsWith("-"));
const cacheName = `${build}${first !== undefined && /^[a-z][a-z-]{0,23}$/.test(first) ? first : "other"}.v8`;
const dir = cacheDir(false);
const main = compile(file, source, cacheName);
const cli = { exports: {} };
const requireOf = createRequire(file);
// The bundle requires dist/cli-deps.cjs (zod and yaml) on first use, to parse and validate files:
// compiling its 1.1 MB took 33 ms of such a run, and evaluating zod 28 ms (`check` on a stack
// file); from a code cache of its own, 17 and 13 ms. It is compiled as the bundle is, with a cache
// per command named after both scripts, and Node's module cache holds it as a `require` would.
const bundleRequire = Object.assign((id) => (id === "./cli-deps.cjs" ? loadDeps() : requireOf(id)), requireOf);
/** The loaded dist/cli-deps.cjs: as `compile` gives it, with its cache's name and its module. */
let deps;
main.script.runInThisContext().call(cli.exports, cli.exports, bundleRequire, cli, file, dirname(file));

/** The hash build/cli.mjs writes beside a script of dist/ (`cli.id`, `cli-deps.id`), else "dev". */
function idOf(name) {
  try {
    return readFileSync(join(here, "..", "dist", name), "utf8").trim().slice(0, 16);
  } catch {
    return "dev";
  }
}

/** `text` (the script at `path`) compiled with the code cache `name` when there is one: the script and the cache it was given. */
function compile(path, text, name) {
  let cachedData;
  if (dir) {
    try {
      cachedData = readFileSync(join(dir, name));
    } catch {}
  }
  return { script: new vm.Script(wrap(text), { filename: path, ...(cachedData ? { cachedData } : {}) }), cachedData };
}

/** Whether a script `compile` gave has no cache V8 accepted: the run then writes one. */
function uncached(c) {
  return !c.cachedData || c.script.cachedDataRejected;
}

function loadDeps() {
  if (deps) return deps.module.exports;
  const depsFile = join(here, "..", "dist", "cli-deps.cjs");
  const depsSource = readFileSync(depsFile, "latin1");
  const name = `${cacheName.slice(0, -".v8".length)}.deps-${idOf("cli-deps.id")}-${depsSource.length}.v8`;
  const compiled = compile(depsFile, depsSource, name);
  const module = new Module(depsFile, null);
  module.filename = depsFile;
  module.paths = Module._nodeModulePaths(dirname(depsFile));
  compiled.script.runInThisContext().call(module.exports, module.exports, createRequire(depsFile), module, depsFile, dirname(depsFile));
  module.loaded = true;
  require.cache[depsFile] = module;
  deps = { ...compiled, name, module };
  return module.exports;
}
// The run's own errors are answered inside it (run.ts); what escapes is a bug, said as run.ts says
// one (exit 3). A run that never settles while nothing is left to wait for is a bug too: exit 13,
// the code Node gives a top-level await that never settles, as this script had before it was
// CommonJS. (`beforeExit` only: an explicit process.exit, as `ui` on Ctrl-C, keeps its code.)
let settled = false;
cli.exports.run(process.argv.slice(2)).then(
  () => {
    settled = true;
    // Not after a usage error or a bug (exit 2, 3): a mistyped command gets no cache of its own.
    if (!process.exitCode || process.exitCode === 1) saveCodeCache();
  },
  (e) => {
    settled = true;
    process.stderr.write(`mlx-solve: internal error: ${String(e && e.message ? e.message : e)}\n`);
    if (process.env.MLX_DEBUG) process.stderr.write(`${e && e.stack}\n`);
    else process.stderr.write("This is a bug in mlx-solve; run with MLX_DEBUG=1 for details.\n");
    process.exitCode = 3;
  },
);
process.on("beforeExit", () => {
  if (settled) return;
  process.stderr.write("mlx-solve: internal error: the command ended without an answer\nThis is a bug in mlx-solve; run with MLX_DEBUG=1 for details.\n");
  process.exitCode = 13;
});

/** Set by the CLI when a limit cut the run short (src/cli/commands.ts, `markPartialRun`). */
const PARTIAL_RUN = Symbol.for("mlx-solve.partialRun");

/**
 * After the run, so that each cache holds every function the run compiled. A run a time limit cut
 * short compiled only part of a command (a `recommend --timeout 0.5` that stopped while a large
 * catalog was read: a cache of 391 KB, against 863 KB from a whole run, and every later
 * `recommend --use-case rag` took 83 ms against 71 ms); such a cache is marked (NAME.cold) and the
 * next whole run writes it again.
 */
function saveCodeCache() {
  const partial = globalThis[PARTIAL_RUN] === true;
  const markerName = `${cacheName}.cold`;
  let marked = false;
  try {
    marked = dir !== undefined && statSync(join(dir, markerName)).isFile();
  } catch {}
  const writeMain = uncached(main) || (marked && !partial);
  const writeDeps = deps !== undefined && uncached(deps);
  if (!writeMain && !writeDeps) {
    // Used, not written: its time is brought forward (at most hourly), so that the bound on other
    // builds' caches below goes by use, and an install used all day keeps its caches.
    touchIfOld(cacheName);
    if (deps !== undefined) touchIfOld(deps.name);
    return;
  }
  const to = cacheDir(true);
  if (!to) return;
  if (writeMain) {
    writeCache(to, cacheName, main.script);
    try {
      if (partial) closeSync(openSync(join(to, markerName), "w", 0o600));
      else if (marked) unlinkSync(join(to, markerName));
    } catch {}
  }
  if (writeDeps) writeCache(to, deps.name, deps.script);
  // Code caches of other builds or Node versions go once unused for a day, and at once beyond the
  // two other builds used last (two installs used in turn keep theirs; a day of rebuilds left
  // 200 builds' caches, 600 MB); those of another script of zod and yaml under this build go once
  // unused for a day (an update of either leaves the bundle as it was).
  try {
    const dayAgo = Date.now() - 86_400_000;
    const depsTag = `.deps-${idOf("cli-deps.id")}-`;
    const current = (name) => name.startsWith(build) && (!name.includes(".deps-") || name.includes(depsTag));
    const others = new Map(); // build -> its caches and when one was last used
    // Each file on its own: one that another process removed meanwhile stops nothing.
    const remove = (name) => {
      try {
        unlinkSync(join(to, name));
      } catch {}
    };
    for (const name of readdirSync(to)) {
      if (!/^code-.*\.v8(\.cold)?$/.test(name) || current(name)) continue;
      let used;
      try {
        used = statSync(join(to, name)).mtimeMs;
      } catch {
        continue;
      }
      if (used < dayAgo) {
        remove(name);
        continue;
      }
      // The build's part of the name (`build` above; a Node version may hold dashes: v23.0.0-rc.1).
      const of = /^code-.+?-(?:[0-9a-f]{16}|dev)-\d+-/.exec(name)?.[0] ?? name;
      if (of === build) continue; // another deps script of this build, under a day old
      const b = others.get(of) ?? { names: [], last: 0 };
      b.names.push(name);
      b.last = Math.max(b.last, used);
      others.set(of, b);
    }
    for (const b of [...others.values()].sort((x, y) => y.last - x.last).slice(2)) for (const name of b.names) remove(name);
  } catch {}
}

/** Brings a used cache's time forward when it is over an hour old (one write an hour, not one a run). */
function touchIfOld(name) {
  if (!dir) return;
  try {
    const path = join(dir, name);
    if (statSync(path).mtimeMs < Date.now() - 3_600_000) {
      const now = new Date();
      utimesSync(path, now, now);
    }
  } catch {}
}

function writeCache(to, name, compiled) {
  const tmp = join(to, `${name}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "wx", 0o600);
    try {
      writeSync(fd, compiled.createCachedData());
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(to, name));
  } catch {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}
