// Bundles the configurator (package.json "build:ui-bundle"): dist/ui/, the page, its solver
// worker (with the patched MiniSat as WebAssembly, see src/core/solve/minisat/asm2wasm.mjs) and
// its layout worker, for the browser.
import { build } from "esbuild";

/**
 * logic-solver's own MiniSat (237 KB, with emscripten's Node branch and its `require("fs")`) is
 * never called in the page: every solver gets the patched build, which the worker holds
 * (src/core/solve/minisat/minisat.ts, `newSolver`). A stand-in that says so if anything ever did.
 */
const dropStockMiniSat = {
  name: "drop-stock-minisat",
  setup(b) {
    b.onResolve({ filter: /^\.\/minisat\.js$/ }, (a) => (/logic-solver[\\/]minisat_wrapper\.js$/.test(a.importer) ? { path: "minisat", namespace: "no-stock-minisat" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "no-stock-minisat" }, () => ({
      contents: `module.exports = function () {\n  throw new Error("logic-solver's own MiniSat is not in this bundle: the patched build replaces it (build/ui.mjs)");\n};\n`,
      loader: "js",
    }));
  },
};

await build({
  entryPoints: ["src/ui/main.ts", "src/ui/worker.ts", "src/ui/layout-worker.ts", "src/ui/styles.css", "src/ui/index.html", "src/ui/favicon.png"],
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  loader: { ".html": "copy", ".png": "copy" },
  logLevel: "warning",
  logOverride: { "direct-eval": "silent" },
  outdir: "dist/ui",
  plugins: [dropStockMiniSat],
});
