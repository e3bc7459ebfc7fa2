#!/usr/bin/env node
"use strict";
// Runs a bundled script as bin/mlx-solve.cjs runs the CLI's (dist/cli.cjs): compiled with V8's
// code cache, which the first run writes beside the script and every later run hands back to V8.
// For the bench's analyze driver (bench/analyze-bench.mjs), so that it starts as the CLI does.
//
//   node bench/cached.cjs SCRIPT.cjs ARGS...
//
// The script sees `process.argv` as if it had been started itself: [node, SCRIPT.cjs, ARGS...].
const { readFileSync, statSync, writeFileSync } = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { dirname, resolve } = require("node:path");
const vm = require("node:vm");

const file = resolve(process.argv[2]);
// esbuild writes ASCII only; a "#!" line it kept from the entry becomes a comment.
const source = readFileSync(file, "latin1").replace(/^#!/, "//");
const st = statSync(file);
// Named by the script's size and time, so that a rebuilt script never meets an older cache.
const cacheFile = `${file}.${st.size}-${Math.round(st.mtimeMs)}.v8`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {}
const script = new vm.Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
if (!cachedData || script.cachedDataRejected) process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
process.argv.splice(1, 1);
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, createRequire(file), m, file, dirname(file));
