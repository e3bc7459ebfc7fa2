// Bundles a Node entry as the CLI is bundled (build/cli.mjs): one CommonJS script whose zod and
// yaml, Node's child_process and http, and logic-solver's own MiniSat are loaded on first use
// (the patched MiniSat needs nothing: it is WebAssembly, see src/core/solve/minisat/asm2wasm.mjs).
// The CLI is built with it, and so is the bench's analyze driver (bench/analyze-bench.mjs), so
// that it starts as the CLI does.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
export const LAZY = ["zod", "yaml"];
export const common = { bundle: true, platform: "node", format: "cjs", target: "node20", minifyWhitespace: true, minifySyntax: true, logLevel: "warning" };

/**
 * A module that stands in for another and loads it on first use: a getter per export of `real`
 * (their names read here, at build time from `name`), each reading the export from `load`, an
 * expression evaluated once. Getters only: code that assigned to such a module's exports (none
 * in the bundles) would assign to the stand-in, not the module.
 */
const standIn = (name, load) =>
  [
    `let real;`,
    ...Object.keys(require(name)).map((k) => `Object.defineProperty(exports, ${JSON.stringify(k)}, { enumerable: true, get: () => (real ??= ${load})[${JSON.stringify(k)}] });`),
  ].join("\n");

/**
 * Bundles `entry` into `outfile`. `deps` is how the bundle requires the script of zod and yaml
 * that build/cli.mjs writes (dist/cli-deps.cjs), relative to `outfile`.
 */
export async function bundleScript(entry, outfile, deps = "./cli-deps.cjs") {
  await build({
    ...common,
    entryPoints: [entry],
    outfile,
    logOverride: { "direct-eval": "silent" },
    define: { "import.meta.url": "__mlxUrl" },
    banner: { js: "var __mlxUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [
      {
        name: "lazy-deps",
        setup(b) {
          b.onResolve({ filter: /^(zod|yaml)$/ }, (a) => ({ path: a.path, namespace: "lazy-deps" }));
          b.onLoad({ filter: /.*/, namespace: "lazy-deps" }, (a) => ({ contents: standIn(a.path, `require(${JSON.stringify(deps)})[${JSON.stringify(a.path)}]`), loader: "js" }));
          b.onResolve({ filter: /[\\/]cli-deps\.cjs$/ }, (a) => ({ path: a.path, external: true }));
        },
      },
      {
        // Node's child_process and http, loaded on first use: commander requires child_process at
        // its top for subcommands run as separate programs (mlx-solve has none), and only `ui`
        // serves pages or opens a browser. Loading them cost every command ~20 ms of CPU
        // (bench/README.md, "The floor"). crypto (~6 ms) only hashes catalog files when the load
        // cache's quick look misses (src/node/cache.ts). The stand-in's exports are getters, read
        // lazily by the bundle's own imports as by commander's `childProcess.spawn`.
        name: "lazy-builtins",
        setup(b) {
          b.onResolve({ filter: /^(node:)?(child_process|http|crypto)$/ }, (a) =>
            a.namespace === "lazy-builtin" ? { path: a.path, external: true } : { path: a.path.replace(/^node:/, ""), namespace: "lazy-builtin" },
          );
          b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (a) => ({ contents: standIn(`node:${a.path}`, `require("node:${a.path}")`), loader: "js" }));
        },
      },
      {
        // logic-solver's own MiniSat, evaluated on its first call only (see src/node/lazy-minisat.ts:
        // mlx-solve calls the patched build instead, so most runs never evaluate it).
        name: "lazy-minisat",
        setup(b) {
          b.onResolve({ filter: /^\.\/minisat\.js$/ }, (a) => (/logic-solver[\\/]minisat_wrapper\.js$/.test(a.importer) ? { path: join(dirname(a.importer), "minisat.js"), namespace: "lazy-minisat" } : undefined));
          b.onLoad({ filter: /.*/, namespace: "lazy-minisat" }, (a) => ({
            contents: `let real;\nmodule.exports = function () {\n  return (real ??= require(${JSON.stringify(a.path)})).apply(this, arguments);\n};\n`,
            loader: "js",
            resolveDir: dirname(a.path),
          }));
        },
      },
    ],
  });
}
