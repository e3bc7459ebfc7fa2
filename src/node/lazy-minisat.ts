/**
 * Loads logic-solver's own MiniSat (`logic-solver/minisat.js`) only when something calls it.
 *
 * logic-solver requires that file when it is loaded, and V8 compiles its 237 KB at once (the file
 * is one parenthesised function, which V8 compiles eagerly): 236 ms of every process that imports
 * the library. mlx-solve never calls it: every solver gets a pooled module of the patched build
 * (core/solve/minisat/minisat.ts, `newSolver`). It is still needed when the patched build is
 * missing, and by code that calls `new Logic.Solver()` itself (tests compare with it). So this
 * module puts a stand-in for the file in Node's module cache before logic-solver is loaded: a
 * function that requires the real file on its first call and then is it. Imported first by the
 * Node entry (src/index.ts), whose later imports load logic-solver. The CLI's bundle does the same
 * with a build-time stand-in (build/bundle.mjs). Where logic-solver is already loaded, or the file
 * cannot be found, it does nothing.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Factory = (...args: unknown[]) => unknown;
// The stand-in carries, under this key, the function that loads the real file for it. Two copies
// of this module in one process (two installs of the library, or a test runner that evaluates it
// again for each file) share Node's module cache: a copy that finds another's stand-in there asks
// it, so the file is loaded once and never taken for its stand-in.
const STAND_IN = Symbol.for("mlx-solve.lazy-minisat.stand-in");
type StandIn = Factory & { [STAND_IN]?: () => Factory };
let real: Factory | undefined;
let path: string | undefined;

/** logic-solver's own MiniSat factory itself (what `require("logic-solver/minisat.js")` gave before), loaded now if it was not. */
export function stockMiniSatFactory(): Factory {
  if (real) return real;
  path ??= require.resolve("logic-solver/minisat.js");
  const cache = require.cache;
  const entry = cache[path];
  const load = (entry?.exports as StandIn | undefined)?.[STAND_IN];
  if (load && load !== stockMiniSatFactory) return (real = load());
  if (entry && !load) return (real = entry.exports as Factory);
  delete cache[path];
  try {
    real = require(path) as Factory;
  } finally {
    if (entry) cache[path] = entry;
  }
  return real;
}

const standIn = Object.assign(
  function (this: unknown, ...args: unknown[]): unknown {
    return stockMiniSatFactory().apply(this, args);
  },
  { [STAND_IN]: stockMiniSatFactory },
);

function install(): void {
  try {
    path = require.resolve("logic-solver/minisat.js");
  } catch {
    return;
  }
  const cache = require.cache;
  if (cache[path]) return;
  const Module = (require("node:module") as { Module: new (id: string) => NodeJS.Module }).Module;
  const entry = new Module(path);
  entry.filename = path;
  entry.loaded = true;
  entry.exports = standIn;
  cache[path] = entry;
}

install();
