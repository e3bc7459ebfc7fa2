// Keeps the patched MiniSat valid asm.js in the bundles (dist/cli.cjs, dist/ui/worker.js).
//
// esbuild drops the "use asm" directive and reprints numbers from their values (`0.0` becomes
// `0`, a double an int), so a bundled asm.js module no longer validates, and V8 runs MiniSat as
// ordinary JavaScript instead of compiling it ahead of time: the same search took 35 % longer
// from the CLI than from the library (sparse 1,000-plugin catalog, 5.1 M units of work, 4.7–5.1 s
// against 3.5–3.8 s; `node --cpu-prof` shows MiniSat's functions as JavaScript in the bundle, as
// one WebAssembly call in the library). So the bundles get a placeholder for the module's factory
// (`asmPlugin`), and once written, the factory's own text in its place (`spliceAsm`), byte for
// byte as src/core/solve/minisat/patch.mjs generated it.
//
// Only from the first large heap on, though (a model of 200 or more plugins, see `isLarge` in
// src/core/solve/engine.ts): validating and compiling asm.js costs ~110 ms at the first module,
// which a small request would pay in full (`recommend --use-case rag` on the built-in catalog:
// 0.41 s against 0.30 s). Until then, modules come from the same factory as esbuild prints it,
// ordinary JavaScript: the same code, the same memory, the same search, only not compiled ahead.
// Once a large model has paid for the compilation, every new module is compiled too (V8 compiles
// the asm.js once per process): the search nearby of a large request solves many small models.
import { readFileSync, writeFileSync } from "node:fs";
import { POOLED_HEAP } from "../src/core/solve/minisat/patch.mjs";

const HEAD = "export default function patchedMiniSat(__mlxHeapBytes) {\n  return (";
const TAIL = ")();\n}\n";
const TOKEN = "__MLX_PATCHED_MINISAT__";

/** The esbuild plugin; `held.factory` receives the factory's text. */
export function asmPlugin(held) {
  return {
    name: "asm-minisat",
    setup(b) {
      b.onLoad({ filter: /[\\/]minisat-patched\.js$/ }, (a) => {
        const text = readFileSync(a.path, "utf8");
        const at = text.indexOf(HEAD);
        // No factory (the patches did not apply: the module says why): bundled as it is.
        if (at < 0) return undefined;
        const end = text.indexOf(TAIL, at + HEAD.length);
        if (end < 0 || text.indexOf(HEAD, at + 1) >= 0) throw new Error(`${a.path}: not the shape build/asm.mjs expects`);
        held.factory = text.slice(at + HEAD.length, end);
        const plain = `function plainMiniSat(__mlxHeapBytes) {\n  return (${held.factory})();\n}\n`;
        // A plain module says so (`__mlxPlain`), and the factory whether it compiles now
        // (`compiled`): minisat.ts then lets plain modules leave its pool (`outrun`).
        const pick = `export default function patchedMiniSat(heapBytes) {\n  if (heapBytes > ${POOLED_HEAP}) patchedMiniSat.compiled = true;\n  if (patchedMiniSat.compiled) return ${TOKEN}(heapBytes);\n  const C = plainMiniSat(heapBytes);\n  C.__mlxPlain = true;\n  return C;\n}\npatchedMiniSat.compiled = false;\n`;
        return { contents: `${text.slice(0, at)}${plain}${pick}${text.slice(end + TAIL.length)}`, loader: "js" };
      });
    },
  };
}

/** Gives the placeholder in `file` (a bundle esbuild wrote, a script) the factory's text. */
export function spliceAsm(file, held) {
  const out = readFileSync(file, "utf8");
  const at = out.indexOf(TOKEN);
  if (at < 0) return false;
  if (held.factory === undefined || out.indexOf(TOKEN, at + 1) >= 0) throw new Error(`${file}: the MiniSat placeholder is there ${held.factory === undefined ? "without its text" : "more than once"}`);
  // A function declaration at the end, which the placeholder names: V8 compiles it when first
  // called. In place of the placeholder, a parenthesised function expression is compiled
  // eagerly, at every start (V8 takes it for one called at once): 100 ms more for every command.
  writeFileSync(file, `${out}\nfunction ${TOKEN}(__mlxHeapBytes) {\n  return (${held.factory})();\n}\n`);
  return true;
}
