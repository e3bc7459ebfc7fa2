// Bundles a Node entry as the CLI is bundled (build/cli.mjs): one CommonJS script whose zod and
// yaml, Node's child_process and http, and logic-solver's own MiniSat are loaded on first use
// (the patched MiniSat needs nothing: it is WebAssembly, see src/core/solve/minisat/asm2wasm.mjs).
// The CLI is built with it, and so is the bench's analyze driver (bench/analyze-bench.mjs), so
// that it starts as the CLI does.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";

const require = createRequire(import.meta.url);
/** The project's root: where the stand-ins' own requires resolve from. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const LAZY = ["zod", "yaml"];
/**
 * The script of what the bundles load on first use (build/cli.mjs writes it as dist/cli-deps.cjs):
 * zod and yaml for parsing and validating files, and logic-solver's own MiniSat. Each is
 * evaluated when first asked for, so asking for one does not evaluate the others.
 */
export const DEPS_SOURCE = `module.exports = { ${[...LAZY.map((m) => [m, m]), ["minisat", "logic-solver/minisat.js"]].map(([k, m]) => `get ${JSON.stringify(k)}() { return require(${JSON.stringify(m)}); }`).join(", ")} };`;
/** MiniSat's WebAssembly, written beside the script of zod and yaml (see the "wasm-file" plugin). */
export const WASM_FILE = "minisat.wasm";
export const common = { bundle: true, platform: "node", format: "cjs", target: "node20", minifyWhitespace: true, minifySyntax: true, logLevel: "warning" };

/**
 * A module that stands in for another and loads it on first use: a getter per export of `real`
 * that the importer uses (see `usedNames`), each reading the export from `load`, an expression
 * evaluated once. Getters only: code that assigned to such a module's exports (none in the
 * bundles) would assign to the stand-in, not the module.
 */
const standIn = (names, load) =>
  [`let real;`, ...names.map((k) => `Object.defineProperty(exports, ${JSON.stringify(k)}, { enumerable: true, get: () => (real ??= ${load})[${JSON.stringify(k)}] });`)].join("\n");

/**
 * The exports of `specs` (one module's names) that `importer` uses: the names its `import { a, b
 * as c } from "spec"` statements bring in, read with TypeScript's own parser (not `import type`,
 * nor `type` members, which TypeScript erases), else all of `all`: for a `require`, a default or
 * namespace import, an `export … from`, a package's file, or a file this cannot read. A stand-in with every export
 * of zod cost each start ~3 ms: 260 getters, and esbuild's import helper copies each one again
 * (bench/README.md, "The floor").
 */
function usedNames(specs, importer, kind, all) {
  // The project's own files, TypeScript or the JavaScript tsc made of it (the bench's drivers
  // import dist/); not a package's.
  if (kind !== "import-statement" || !/\.[cm]?[jt]s$/.test(importer) || /[\\/]node_modules[\\/]/.test(importer)) return all;
  let file;
  try {
    file = ts.createSourceFile(importer, readFileSync(importer, "utf8"), ts.ScriptTarget.Latest);
  } catch {
    return all;
  }
  const names = new Set();
  for (const st of file.statements) {
    const from = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
    if (from === undefined || !specs.includes(from)) continue;
    if (ts.isExportDeclaration(st)) return all;
    const clause = st.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) return all; // a default import
    const bindings = clause.namedBindings;
    if (!bindings) continue;
    if (ts.isNamespaceImport(bindings)) return all;
    for (const el of bindings.elements) if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
  }
  return names.size ? all.filter((k) => names.has(k)) : all;
}

/**
 * A stand-in's path: the module, and the importer and kind whose names it serves (`usedNames`).
 * The importer relative to the working directory, or from its last node_modules/ (a package's
 * file, whose names are not read), so that no bundle names a directory of the machine it was
 * built on.
 */
const standInPath = (module, a) => {
  const rel = relative(process.cwd(), a.importer);
  const at = rel.lastIndexOf("node_modules");
  return `${module}|${a.kind}|${rel.startsWith("..") && at >= 0 ? rel.slice(at) : rel}`;
};
const fromStandInPath = (path) => {
  const [module, kind, ...importer] = path.split("|");
  return { module, kind, importer: resolve(importer.join("|")) };
};

/**
 * The module that stands in at `path` (`standInPath`): the exports of the real module its
 * importer uses, by the names `specs` gives (`usedNames`), each read from the expression `load`
 * gives; the real exports are listed from `prefix` + the module's name (`node:` for a builtin).
 */
function standInAt(path, specs, load, prefix = "") {
  const { module, kind, importer } = fromStandInPath(path);
  return { contents: standIn(usedNames(specs(module), importer, kind, Object.keys(require(prefix + module))), load(module)), loader: "js" };
}

/**
 * Bundles `entry` into `outfile`. `deps` is how the bundle requires the script of zod and yaml
 * that build/cli.mjs writes (dist/cli-deps.cjs), relative to `outfile`.
 */
export async function bundleScript(entry, outfile, deps = "./cli-deps.cjs") {
  const wasmFile = join(dirname(deps), WASM_FILE).replaceAll("\\", "/");
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
          b.onResolve({ filter: /^(zod|yaml)$/ }, (a) => ({ path: standInPath(a.path, a), namespace: "lazy-deps" }));
          b.onLoad({ filter: /.*/, namespace: "lazy-deps" }, (a) => standInAt(a.path, (m) => [m], (m) => `require(${JSON.stringify(deps)})[${JSON.stringify(m)}]`));
          b.onResolve({ filter: /[\\/]cli-deps\.cjs$/ }, (a) => ({ path: a.path, external: true }));
        },
      },
      {
        // Node's child_process and http, loaded on first use: commander requires child_process at
        // its top for subcommands run as separate programs (mlx-solve has none), and only `ui`
        // serves pages or opens a browser. Loading them cost every command ~20 ms of CPU
        // (bench/README.md, "The floor"). crypto (~6 ms) only hashes catalog files when the load
        // cache's quick look misses (src/node/cache.ts), and tty (which loads net) only asks
        // whether a character device is a terminal (src/node/output.ts). The stand-in's exports
        // are getters, read lazily by the bundle's own imports as by commander's
        // `childProcess.spawn`.
        name: "lazy-builtins",
        setup(b) {
          b.onResolve({ filter: /^(node:)?(child_process|http|crypto|tty)$/ }, (a) =>
            a.namespace === "lazy-builtin" ? { path: a.path, external: true } : { path: standInPath(a.path.replace(/^node:/, ""), a), namespace: "lazy-builtin" },
          );
          b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (a) => standInAt(a.path, (m) => [m, `node:${m}`], (m) => `require("node:${m}")`, `node:`));
        },
      },
      {
        // logic-solver (and underscore, which it requires) evaluated on first use: every command
        // evaluated them as the bundle loaded (~2.5 ms), and analyze on a small model, like any
        // run whose solvers are all the CDCL of src/core/solve/cdcl.ts, never touches them. The
        // project's imports of it get a stand-in whose exports are getters; the stand-in's own
        // require is the package, bundled as esbuild bundles any CommonJS module it requires.
        name: "lazy-logic-solver",
        setup(b) {
          b.onResolve({ filter: /^logic-solver$/ }, (a) => (a.namespace === "lazy-logic-solver" || /[\\/]node_modules[\\/]/.test(a.importer) ? undefined : { path: standInPath("logic-solver", a), namespace: "lazy-logic-solver" }));
          b.onLoad({ filter: /.*/, namespace: "lazy-logic-solver" }, (a) => ({ ...standInAt(a.path, (m) => [m], (m) => `require(${JSON.stringify(m)})`), resolveDir: ROOT }));
        },
      },
      {
        // MiniSat's WebAssembly (src/core/solve/minisat/minisat-patched.js, generated) is a base64
        // string of 135 KB in the module, for browsers. Left in a Node bundle, every start read
        // and decoded it as source and deserialised it again in the code cache, used or not
        // (analyze on a small model never starts MiniSat): 0.97x wall without it (bench/README.md,
        // "The floor"). Here the string is dropped and `wasmBytes` reads the bytes from
        // WASM_FILE beside the script of zod and yaml, written by the same build.
        name: "wasm-file",
        setup(b) {
          b.onLoad({ filter: /[\\/]minisat-patched\.js$/ }, (a) => {
            const text = readFileSync(a.path, "utf8");
            const lit = /^const WASM = ("[A-Za-z0-9+/=]+");\n/m.exec(text);
            const fn = /^function wasmBytes\(\) \{\n  return fromBase64\(WASM\);\n\}\n/m.exec(text);
            if (!lit || !fn) throw new Error(`${a.path}: no WASM string or wasmBytes() where build/bundle.mjs expects them (src/core/solve/minisat/patch.mjs writes both)`);
            writeFileSync(resolve(dirname(outfile), wasmFile), Buffer.from(JSON.parse(lit[1]), "base64"));
            const read = `function wasmBytes() {\n  return require("node:fs").readFileSync(require("node:path").join(__dirname, ${JSON.stringify(wasmFile)}));\n}\n`;
            return { contents: text.replace(lit[0], "").replace(fn[0], read), loader: "js" };
          });
        },
      },
      {
        // logic-solver's own MiniSat, loaded on its first call only (see src/node/lazy-minisat.ts:
        // mlx-solve calls the patched build instead, so most runs never load it). It lives in the
        // script of zod and yaml: 237 KB that every run read and decoded for nothing.
        name: "lazy-minisat",
        setup(b) {
          b.onResolve({ filter: /^\.\/minisat\.js$/ }, (a) => (/logic-solver[\\/]minisat_wrapper\.js$/.test(a.importer) ? { path: "minisat", namespace: "lazy-minisat" } : undefined));
          // The library's src/node/lazy-minisat.ts does the same for unbundled Node by putting a
          // stand-in in Node's module cache, resolving logic-solver's file at load (~1 ms of
          // each start); in a bundle the line above already did it, so that module is empty.
          b.onResolve({ filter: /[\\/]lazy-minisat\.js$/ }, (a) => (!/[\\/]node_modules[\\/]/.test(a.importer) ? { path: "nothing", namespace: "lazy-minisat-done" } : undefined));
          b.onLoad({ filter: /.*/, namespace: "lazy-minisat-done" }, () => ({ contents: "", loader: "js" }));
          b.onLoad({ filter: /.*/, namespace: "lazy-minisat" }, () => ({
            contents: `let real;\nmodule.exports = function () {\n  return (real ??= require(${JSON.stringify(deps)}).minisat).apply(this, arguments);\n};\n`,
            loader: "js",
          }));
        },
      },
    ],
  });
}
