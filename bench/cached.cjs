#!/usr/bin/env node
"use strict";
// Runs a bundled script as bin/mlx-solve.cjs runs the CLI's (dist/cli.cjs): compiled with V8's
// code cache, which the first run writes beside the script and every later run hands back to V8.
// For the bench's analyze driver (bench/analyze-bench.mjs), so that it starts as the CLI does.
//
//   node bench/cached.cjs SCRIPT.cjs ARGS...
//
// The script sees `process.argv` as if it had been started itself: [node, SCRIPT.cjs, ARGS...].
const { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { basename, dirname, join, resolve } = require("node:path");
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
// After the run (so that the cache holds what it compiled), whole or not at all; the caches of
// earlier builds of the script go.
if (!cachedData || script.cachedDataRejected)
  process.on("exit", () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
    const own = `${basename(file)}.`;
    for (const name of readdirSync(dirname(file))) if (name.startsWith(own) && name.endsWith(".v8") && join(dirname(file), name) !== cacheFile) unlinkSync(join(dirname(file), name));
  });
process.argv.splice(1, 1);
const m = { exports: {} };
script.runInThisContext().call(m.exports, m.exports, createRequire(file), m, file, dirname(file));
