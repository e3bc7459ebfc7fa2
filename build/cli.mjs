// Builds the CLI (package.json "build:cli"): dist/cli.cjs, the whole command line in one script
// that bin/mlx-solve.cjs compiles from V8's code cache, and dist/cli-deps.cjs, zod and yaml, which
// dist/cli.cjs requires only on first use. Most runs never use them: the catalog comes from the
// load cache, so no file is parsed or validated. Evaluated at every start they were ~80 ms of CPU
// (bench/README.md, "The floor"); src/core/catalog/schema.ts builds its schemas on first use for
// the same reason. In dist/cli.cjs each of the two packages is a stand-in whose exports are
// getters that require dist/cli-deps.cjs and read the real export.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { asmPlugin, spliceAsm } from "./asm.mjs";

const require = createRequire(import.meta.url);
const LAZY = ["zod", "yaml"];
const common = { bundle: true, platform: "node", format: "cjs", target: "node20", minifyWhitespace: true, minifySyntax: true, logLevel: "warning" };

// zod and yaml, bundled on their own.
await build({
  ...common,
  stdin: { contents: `module.exports = { ${LAZY.map((m) => `${JSON.stringify(m)}: require(${JSON.stringify(m)})`).join(", ")} };`, resolveDir: ".", loader: "js" },
  outfile: "dist/cli-deps.cjs",
});

/**
 * A module that stands in for another and loads it on first use: a getter per export of `real`
 * (their names read here, at build time from `name`), each reading the export from `load`, an
 * expression evaluated once.
 */
const standIn = (name, load) =>
  [
    `let real;`,
    ...Object.keys(require(name)).map((k) => `Object.defineProperty(exports, ${JSON.stringify(k)}, { enumerable: true, get: () => (real ??= ${load})[${JSON.stringify(k)}] });`),
  ].join("\n");

// The patched MiniSat goes in as its generated text, so that it stays valid asm.js (build/asm.mjs).
const asm = {};
await build({
  ...common,
  entryPoints: ["src/cli/run.ts"],
  outfile: "dist/cli.cjs",
  logOverride: { "direct-eval": "silent" },
  define: { "import.meta.url": "__mlxUrl" },
  banner: { js: "var __mlxUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    asmPlugin(asm),
    {
      name: "lazy-deps",
      setup(b) {
        b.onResolve({ filter: /^(zod|yaml)$/ }, (a) => ({ path: a.path, namespace: "lazy-deps" }));
        b.onLoad({ filter: /.*/, namespace: "lazy-deps" }, (a) => ({ contents: standIn(a.path, `require("./cli-deps.cjs")[${JSON.stringify(a.path)}]`), loader: "js" }));
        b.onResolve({ filter: /^\.\/cli-deps\.cjs$/ }, (a) => ({ path: a.path, external: true }));
      },
    },
    {
      // Node's child_process and http, loaded on first use: commander requires child_process at
      // its top for subcommands run as separate programs (mlx-solve has none), and only `ui`
      // serves pages or opens a browser. Loading them cost every command ~20 ms of CPU
      // (bench/README.md, "The floor"). The stand-in's exports are getters, read lazily by the
      // bundle's own imports as by commander's `childProcess.spawn`.
      name: "lazy-builtins",
      setup(b) {
        b.onResolve({ filter: /^(node:)?(child_process|http)$/ }, (a) =>
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

spliceAsm("dist/cli.cjs", asm);

// The name bin/mlx-solve.cjs gives the script's code cache: a hash of the script itself, so that no
// build ever meets another's bytecode (V8 checks only the length).
writeFileSync("dist/cli.id", createHash("sha256").update(readFileSync("dist/cli.cjs")).digest("hex").slice(0, 16) + "\n");
