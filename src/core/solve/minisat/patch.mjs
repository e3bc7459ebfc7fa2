#!/usr/bin/env node
/**
 * Build step: logic-solver's MiniSat, patched, as an ES module (`minisat-patched.js`, beside this
 * file and in dist/). Run by `npm run build` (and so by `npm ci` and `npm test`); nothing is
 * compiled from text at run time, so the page of `mlx-solve ui` can forbid `eval`.
 *
 * logic-solver 2.0.1 ships MiniSat 2.2 compiled by emscripten to asm.js-style JavaScript
 * (`logic-solver/minisat.js`). That build has a fixed 64 MiB heap (`TOTAL_MEMORY`, read from a
 * `Module` object nobody can pass in) and exports `solveAssuming(v)` for one variable only, so
 * MiniSat's final conflict can never name more than that one variable. Both limits are in the
 * JavaScript text, not in MiniSat. This script checks that the installed file is the one the
 * patches were written for (its SHA-256), applies each patch (each must match exactly once),
 * and writes the factory as the default export of an ES module:
 *
 * 1. `TOTAL_MEMORY`: a parameter of the factory instead of the constant 67108864.
 * 2. `_mlxSolveAssumps(ptr)`: a copy of the build's own `addClause` loop (reads a 0-terminated
 *    list of DIMACS literals) that fills the solver's `assumptions` vector instead of adding a
 *    clause, then calls `solve_()` as the build's `solve()` does, without the line that clears
 *    the assumptions and without resetting the budgets, and returns MiniSat's lbool (0 true,
 *    1 false, 2 undefined: budget spent). The offsets (`c[964]` the solver, `+304` its
 *    assumptions vector) are the ones the build's `solveAssuming` uses. MiniSat leaves the
 *    failed assumptions' negations in its `conflict` vector, which the build already exports
 *    (`getConflictClause`).
 * 3. `_mlxLayout()` and `_mlxReset(...)`: see `RESET` below.
 *
 * When the file differs or a patch does not apply, it says so loudly and writes a module whose
 * default export is null: the engine then warns once per process and uses the stock solver
 * (see `patchedFactory` in minisat.ts). Pin logic-solver's version exactly in package.json.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { asmToWasm } from "./asm2wasm.mjs";

/** The file the patches were written for: logic-solver 2.0.1's minisat.js. */
export const PINNED = { version: "2.0.1", sha256: "4e9c37f73bbd7393d8bb245dfe80d65fe6b70a79bd156186d1fe7a708644db30" };

const SOLVE_ASSUMPS =
  "function mlxSolveAssumps(b){b=b|0;var d=0,e=0,f=0,g=0,h=0,j=0,k=0,l=0,m=0;g=i;i=i+32|0;h=g+16|0;e=g+4|0;j=g;" +
  "c[e>>2]=0;f=e+4|0;c[f>>2]=0;d=e+8|0;c[d>>2]=0;k=c[b>>2]|0;" +
  "if(k)do{l=(k|0)<0?0-k|0:k;if((c[962]|0)<(l|0))do{m=c[964]|0;a[h+0>>0]=a[3840]|0;Ac(m,h,1)|0;m=(c[962]|0)+1|0;c[962]=m}while((m|0)<(l|0));" +
  "c[j>>2]=l<<1|k>>>31;mc(e,j);b=b+4|0;k=c[b>>2]|0}while((k|0)!=0);" +
  "j=c[964]|0;ld(e,j+304|0);Bc(h,j,1,0);m=a[h>>0]|0;" +
  "j=c[e>>2]|0;if(!j){i=g;return m|0}c[f>>2]=0;Td(j);c[e>>2]=0;c[d>>2]=0;i=g;return m|0}";

/**
 * `_mlxLayout()` and `_mlxReset(top, sp, chunks)`: a module is built once and reused by many
 * solvers (minisat.ts, `acquire`), since building one (a 64 MiB heap) cost 4.7 ms and most of
 * the garbage collector's time in the test suite. `_mlxLayout()` is where the stack begins and
 * ends, where malloc's memory begins, and the top of what malloc has taken. `_mlxReset` puts a module back as it was when built, as far as anything will read it:
 * it writes the recorded bytes (`chunks`: [offset, bytes] pairs, recorded once from a fresh
 * module by minisat.ts), zeroes what malloc took beyond the recorded top (memory there is zero
 * in a fresh module), and resets the top and the stack pointer. Everything else the module keeps
 * lives in that memory (malloc's own state, MiniSat's globals and its fresh solver) or is at rest
 * between calls (the asm stack pointer, reset). It returns false, and resets nothing, once the
 * module has aborted (out of memory): such a module is never used again.
 */
const RESET =
  'Module["_mlxLayout"]=function(){return[STACK_BASE,STACK_MAX,DYNAMIC_BASE,DYNAMICTOP]};' +
  'Module["_mlxReset"]=function(top,sp,chunks){if(ABORT)return false;if(DYNAMICTOP>top)HEAPU8.fill(0,top,DYNAMICTOP);' +
  "for(var k=0;k<chunks.length;k+=2)HEAPU8.set(chunks[k+1],chunks[k]);DYNAMICTOP=top;Runtime.stackRestore(sp);return true};";

/** [text to find (exactly once), replacement] */
export const PATCHES = [
  ['TOTAL_MEMORY=Module["TOTAL_MEMORY"]||67108864', 'TOTAL_MEMORY=Module["TOTAL_MEMORY"]||__mlxHeapBytes'],
  // The stock addClause (dd) ends right where solve (ed) begins; the new function goes between.
  ["c[f>>2]=0;Td(j);c[e>>2]=0;c[d>>2]=0;i=g;return h|0}function ed(){", `c[f>>2]=0;Td(j);c[e>>2]=0;c[d>>2]=0;i=g;return h|0}${SOLVE_ASSUMPS}function ed(){`],
  ["_solveAssuming:hd,", "_solveAssuming:hd,_mlxSolveAssumps:mlxSolveAssumps,"],
  [
    'var _solveAssuming=Module["_solveAssuming"]=asm["_solveAssuming"];',
    'var _solveAssuming=Module["_solveAssuming"]=asm["_solveAssuming"];Module["_mlxSolveAssumps"]=asm["_mlxSolveAssumps"];' + RESET,
  ],
];

/** Applies the patches to a copy of the factory's source; null when one does not match once. */
export function patchSource(src) {
  let out = src;
  for (const [from, to] of PATCHES) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + 1) >= 0) return null;
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return out;
}

/**
 * The generated module's text, and what went wrong (undefined when nothing did). `file` is the
 * installed minisat.js; `factory` the function it exports.
 */
export function patchedModule(file, factory, version) {
  const bytes = readFileSync(file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const head = "// Generated by src/core/solve/minisat/patch.mjs: do not edit, do not commit.\n";
  let problem;
  if (version !== PINNED.version || sha256 !== PINNED.sha256)
    problem = `logic-solver ${version}'s minisat.js (sha256 ${sha256}) is not the file the patches were written for (logic-solver ${PINNED.version}, sha256 ${PINNED.sha256})`;
  const patched = problem ? null : patchSource(Function.prototype.toString.call(factory));
  if (!problem && !patched) problem = "a patch does not match logic-solver's minisat.js exactly once";
  let wasm;
  if (!problem) {
    try {
      wasm = toWasm(patched);
    } catch (e) {
      problem = `the patched MiniSat could not be translated to WebAssembly (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  if (problem) return { text: `${head}export const PROBLEM = ${JSON.stringify(problem)};\nexport default null;\n${BASE64}`, problem };
  return {
    text:
      `${head}// logic-solver ${version}'s MiniSat (MIT licence, Meteor Development Group: node_modules/logic-solver/LICENSE),\n` +
      `// sha256 ${sha256}, with the patches of patch.mjs, its asm.js translated to WebAssembly by\n` +
      `// asm2wasm.mjs. The factory takes the heap size in bytes.\n` +
      // Node run with --jitless has no WebAssembly: then no factory, and PROBLEM says why (the
      // engine warns and uses logic-solver's stock solver, as when a patch does not apply).
      `export const PROBLEM = typeof WebAssembly === "object" ? undefined : "this JavaScript engine has no WebAssembly (node --jitless?)";\n` +
      `function patchedMiniSat(__mlxHeapBytes) {\n  return (${wasm.factory})();\n}\n` +
      `export default PROBLEM === undefined ? patchedMiniSat : null;\n` +
      wasmSource(wasm) +
      BASE64,
    problem,
  };
}

/**
 * `fromBase64`, exported by the generated module whether or not the patches applied (minisat.ts
 * decodes FRESH with it): with Node's Buffer or the browsers' `atob` where there is one (the
 * loop by hand, run cold, took ~5 ms of a 0.25 s recommend), else by hand: the core also runs
 * where neither exists (test/entries.test.ts runs it in a bare context).
 */
const BASE64 = `/** Base64 to bytes: Node's Buffer, else atob (a page, a worker), else by hand. */
export function fromBase64(text) {
  const g = globalThis;
  if (g.Buffer) return g.Buffer.from(text, "base64");
  if (g.atob) {
    const bytes = g.atob(text);
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
    return out;
  }
  const digit = (c) => (c >= 97 ? c - 71 : c >= 65 ? c - 65 : c >= 48 ? c + 4 : c === 43 ? 62 : 63);
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  for (let i = 0, o = 0; i < text.length; i += 4) {
    const n = (digit(text.charCodeAt(i)) << 18) | (digit(text.charCodeAt(i + 1)) << 12) | (digit(text.charCodeAt(i + 2)) << 6) | digit(text.charCodeAt(i + 3));
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
`;

const ASM_START = "// EMSCRIPTEN_START_ASM\nvar asm=(";
const ASM_END = ")\n\n\n// EMSCRIPTEN_END_ASM\n(Module.asmGlobalArg,Module.asmLibraryArg,buffer);";
const BUFFER = "var buffer=new ArrayBuffer(TOTAL_MEMORY);";

/**
 * The patched factory's text with its asm.js module replaced by an instance of the same module
 * as WebAssembly (asm2wasm.mjs), on a WebAssembly memory as its heap, and the module's bytes.
 */
function toWasm(patched) {
  const at = patched.indexOf(ASM_START);
  const end = patched.indexOf(ASM_END);
  const buf = patched.indexOf(BUFFER);
  if (at < 0 || end < at || buf < 0 || buf > at || patched.indexOf(ASM_START, at + 1) >= 0 || patched.indexOf(BUFFER, buf + 1) >= 0)
    throw new Error("the asm.js module or its buffer is not where it was expected");
  const { bytes, globals, math } = asmToWasm(patched.slice(at + ASM_START.length, end));
  const factory =
    patched.slice(0, buf) +
    "var __mlxMemory=new WebAssembly.Memory({initial:TOTAL_MEMORY/65536,maximum:TOTAL_MEMORY/65536});var buffer=__mlxMemory.buffer;" +
    patched.slice(buf + BUFFER.length, at) +
    "// EMSCRIPTEN_START_ASM: compiled to WebAssembly at build time (asm2wasm.mjs)\nvar asm=__mlxAsm(Module.asmLibraryArg,__mlxMemory);" +
    patched.slice(end + ASM_END.length);
  return { factory, bytes, globals, math };
}

/** The module-level part of the generated module: the WebAssembly bytes and their instantiation. */
function wasmSource({ bytes, globals, math }) {
  return (
    `/** MiniSat as WebAssembly (${bytes.length} bytes), compiled once per process, at its first module. */\n` +
    `const WASM = ${JSON.stringify(Buffer.from(bytes).toString("base64"))};\n` +
    `/** The module's bytes. The Node bundles read them from a file instead (build/bundle.mjs, "wasm-file"). */\n` +
    `function wasmBytes() {\n  return fromBase64(WASM);\n}\n` +
    `const ENV_GLOBALS = ${JSON.stringify(globals)};\n` +
    `const MATH = { ${math.map((m) => (m === "fmod" ? "fmod: (a, b) => a % b" : `${m}: Math.${m}`)).join(", ")} };\n` +
    `let compiled;\n` +
    `function __mlxAsm(env, memory) {\n` +
    `  compiled ??= new WebAssembly.Module(wasmBytes());\n` +
    `  const imports = { memory };\n` +
    `  for (const k of Object.keys(env)) imports[k] = env[k];\n` +
    `  for (const [k, t] of ENV_GLOBALS) imports[k] = t === "i32" ? env[k] | 0 : +env[k];\n` +
    `  return new WebAssembly.Instance(compiled, { env: imports, math: MATH }).exports;\n` +
    `}\n`
  );
}

/** The heap of the modules minisat.ts reuses (its POOLED_HEAP_BYTES). */
export const POOLED_HEAP = 64 << 20;
/** Zero runs at least this long in malloc's memory are left out of a fresh module's record. */
export const UNWRITTEN_RUN = 64 << 10;

/**
 * What a reset writes back (see `RESET`), recorded from a fresh module `C` (its solver created,
 * nothing else done): all static data (below the stack), and malloc's memory up to its top
 * except runs of `UNWRITTEN_RUN` zeros or more, which are allocated but never written (the
 * clause arena's capacity, 4 MiB, which MiniSat reserves at start). The stack above its pointer
 * (at rest, all of it) is not recorded either. Every fresh module is the same, byte for byte,
 * but for malloc's "magic" (`MALLOC_MAGIC`, recorded as one fixed value), so the record is made
 * here, once, at build time:
 * 13 KB of 9.7 MB. `layout` lets minisat.ts check that a module is laid out as the recorded one
 * was.
 */
export function recordFresh(C) {
  const [stackBase, , heapBase, top] = C._mlxLayout();
  const heap = C.HEAPU8;
  const chunks = [[0, heap.slice(0, stackBase)]];
  let start = heapBase;
  let i = heapBase;
  while (i < top) {
    if (heap[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < top && heap[j] === 0) j++;
    if (j - i >= UNWRITTEN_RUN) {
      if (i > start) chunks.push([start, heap.slice(start, i)]);
      start = j;
    }
    i = j;
  }
  if (top > start) chunks.push([start, heap.slice(start, top)]);
  // The magic recorded is always the same (as dlmalloc makes it, of a clock at 0), so that two
  // builds of the same sources write the same bytes: a record of the clock's second made every
  // build's dist/cli.cjs, and so its code cache's name, new.
  for (const [at, bytes] of chunks)
    for (const m of MALLOC_MAGIC) if (m >= at && m + 4 <= at + bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(m - at, PINNED_MAGIC, true);
  return { layout: [stackBase, heapBase, top], sp: C.Runtime.stackSave(), chunks };
}

/**
 * Where the one value of a fresh module that depends on when it was made lives: dlmalloc's
 * `mparams.magic` (HEAP32[1324]) and its copy in the malloc state (HEAP32[1215]), set at the
 * first malloc from time(0) (`c[1215]=c[1324]` in the asm code). dlmalloc only compares the two
 * (and footers, which this build does not write); a reset writes both from the record, so they
 * agree.
 */
export const MALLOC_MAGIC = [1215 * 4, 1324 * 4];
/** dlmalloc's magic for time(0) = 0: (0 ^ 0x55555555) | 8, & ~7. */
const PINNED_MAGIC = 0x55555558;

/** `FRESH`, the generated module's record of a fresh module (base64 bytes), as source text. */
export function freshSource(fresh) {
  const data = fresh && { layout: fresh.layout, sp: fresh.sp, chunks: fresh.chunks.map(([at, bytes]) => [at, Buffer.from(bytes).toString("base64")]) };
  return `/** A fresh module's state, for resets (see recordFresh in patch.mjs). */\nexport const FRESH = ${JSON.stringify(data)};\n`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = join(here, "..", "..", "..", "..");
  const require = createRequire(join(root, "package.json"));
  const file = require.resolve("logic-solver/minisat.js");
  const version = JSON.parse(readFileSync(join(dirname(file), "package.json"), "utf8")).version;
  const { text, problem } = patchedModule(file, require(file), version);
  if (problem) {
    const bar = "!".repeat(100);
    process.stderr.write(`${bar}\nWARNING (mlx-solve build): ${problem}.\nLarge searches will use logic-solver's stock MiniSat (64 MiB heap, one assumption at a time)\nand may stop at its memory limit. Install logic-solver ${PINNED.version} (npm ci), or update the patches.\n${bar}\n`);
  }
  // Beside the sources (for the tests, which run them) and in dist/ (for the built package).
  const dirs = [here, join(root, "dist", relative(join(root, "src"), here))];
  const write = (body) => {
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "minisat-patched.js"), body);
    }
  };
  write(text + freshSource(undefined));
  if (!problem) {
    // The module just written, run once to record a fresh module's state.
    const mod = await import(`${pathToFileURL(join(here, "minisat-patched.js")).href}?record`);
    const C = mod.default(POOLED_HEAP);
    C._createTheSolver();
    write(text + freshSource(recordFresh(C)));
  }
}
