// The build step that translates the patched MiniSat's asm.js into WebAssembly
// (src/core/solve/minisat/asm2wasm.mjs) keeps JavaScript's semantics where WebAssembly's differ.
// A small asm.js module, written in the dialect emscripten emits, is run both ways: as
// JavaScript (the reference) and as the translator's WebAssembly, on the same inputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error a build-time script without types
import { asmToWasm } from "../src/core/solve/minisat/asm2wasm.mjs";
/** Fixed, so CI reruns the same inputs; fast-check prints it with any failure. */
const RUN = { seed: 20261205, numRuns: 400 };

const SOURCE = `function(global, env, buffer) {
  "use asm";
  var a = new global.Int8Array(buffer);
  var b = new global.Int16Array(buffer);
  var c = new global.Int32Array(buffer);
  var d = new global.Uint8Array(buffer);
  var e = new global.Uint16Array(buffer);
  var g = new global.Float32Array(buffer);
  var h = new global.Float64Array(buffer);
  var top = env.TOP | 0;
  var nan = +env.NaN;
  var q = 0;
  var r = 0.0;
  var imul = global.Math.imul;
  var floor = global.Math.floor;
  var pow = global.Math.pow;
  var abs = global.Math.abs;
  var ext = env.ext;
  var extd = env.extd;
  function divs(x, y) { x = x | 0; y = y | 0; return (x | 0) / (y | 0) | 0; }
  function divu(x, y) { x = x | 0; y = y | 0; var z = 0; z = (x >>> 0) / (y >>> 0) >>> 0; return z | 0; }
  function rems(x, y) { x = x | 0; y = y | 0; return (x | 0) % (y | 0) | 0; }
  function remu(x, y) { x = x | 0; y = y | 0; var z = 0; z = (x >>> 0) % (y >>> 0) >>> 0; return z | 0; }
  function toint(x) { x = +x; return ~~x | 0; }
  function ltu(x, y) { x = x | 0; y = y | 0; return (x >>> 0) < (y >>> 0) | 0; }
  function lts(x, y) { x = x | 0; y = y | 0; return (x | 0) < (y | 0) | 0; }
  function u2d(x) { x = x | 0; return +(x >>> 0); }
  function s2d(x) { x = x | 0; return +(x | 0); }
  function mem(p, v) {
    p = p | 0; v = v | 0;
    c[p >> 2] = v;
    a[p + 1 >> 0] = v;
    return (c[p >> 2] | 0) + (d[p + 1 >> 0] | 0) + (a[p + 1 >> 0] | 0) + (b[p >> 1] | 0) + (e[p + 2 >> 1] | 0) + (c[4] | 0) | 0;
  }
  function fmem(p, x) { p = p | 0; x = +x; g[p >> 2] = x; h[p + 8 >> 3] = x; return +(+g[p >> 2] + +h[p + 8 >> 3]); }
  function loops(n) {
    n = n | 0;
    var i = 0, s = 0;
    a: do {
      if ((n | 0) < 0) break a;
      while (1) {
        i = i + 1 | 0;
        if ((i & 1) == 0) continue;
        s = s + i | 0;
        if ((i | 0) >= (n | 0)) break;
      }
    } while (0);
    do {
      s = s + 1 | 0;
      if ((s & 3) == 0) continue;
      s = (s ^ 5) + 2 | 0;
    } while ((s | 0) < (n + 100 | 0));
    b: while ((i | 0) > 0) {
      i = i - 1 | 0;
      if ((i & 7) == 3) continue b;
      if ((i | 0) == 40) break b;
      s = s + 3 | 0;
    }
    return s | 0;
  }
  function cond(x) { x = x | 0; return ((x | 0) > 3 ? (q = x, (x | 0) != 5) : 0) | 0; }
  function callext(x) { x = x | 0; var y = 0.0; y = +extd(+(x | 0), x >>> 0); return (ext(x | 0) | 0) + ~~y | 0; }
  function tab(i, x) { i = i | 0; x = x | 0; return ft[i & 1](x) | 0; }
  function inc(x) { x = x | 0; return x + 1 | 0; }
  function dec(x) { x = x | 0; return x - 1 | 0; }
  function mathy(x) { x = +x; return +(+floor(x) + +pow(x, 2.0) + +abs(x)); }
  function iabs(x) { x = x | 0; return abs(x | 0) | 0; }
  function mul(x, y) { x = x | 0; y = y | 0; return imul(x, y) | 0; }
  function small(x) { x = x | 0; return (x * 1000 | 0) + (x << 3) - (x >> 2) + (x >>> 28) | 0; }
  function neg(x) { x = x | 0; return (0 - x | 0) + (-x | 0) + (~x) | 0; }
  function notx(x) { x = x | 0; return !x | 0; }
  function dneg(x) { x = +x; return +(-x); }
  function dmod(x, y) { x = +x; y = +y; return +(x % y); }
  function dcmp(x, y) { x = +x; y = +y; return (x < y) + (x <= y) + (x == y) + (x != y) + (x > y) + (x >= y) | 0; }
  function glob(x) { x = x | 0; q = q + x | 0; r = r + +(x | 0); return q + top | 0; }
  function globd() { return +r; }
  function nanv() { return +nan; }
  function unsv(x) { x = x | 0; var t = 0; return (((t = 1, x >>> 0) < 4294967295) + ((t = x >>> 0) < 4294967295) + (~~(+(t = 1, x >>> 0) / 2.0) | 0)) | 0; }
  function order(x) { x = x | 0; var k = 0; return ft[k & 1]((k = 1, x) | 0) | 0; }
  function fvalue(x) { x = +x; var y = 0.0; y = +(g[0] = x); return +y; }
  function noret(x) { x = +x; if (x > 0.0) return +x; }
  function lits() { return +(+1e-5 + +4294967295 + +(2147483648 >>> 0)); }
  var ft = [inc, dec];
  return { divs: divs, divu: divu, rems: rems, remu: remu, toint: toint, ltu: ltu, lts: lts, u2d: u2d, s2d: s2d, mem: mem, fmem: fmem, loops: loops, cond: cond, callext: callext, tab: tab, mathy: mathy, iabs: iabs, mul: mul, small: small, neg: neg, notx: notx, dneg: dneg, dmod: dmod, dcmp: dcmp, glob: glob, globd: globd, nanv: nanv, unsv: unsv, order: order, fvalue: fvalue, noret: noret, lits: lits };
}`;

type Exports = Record<string, (...args: number[]) => number>;
/** The WebAssembly API (not in the ES2022 library the tests type-check against). */
const WA = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => unknown; Module: new (b: Uint8Array) => unknown; Instance: new (m: unknown, i: unknown) => { exports: unknown } } }).WebAssembly;
const PAGE = 65536;
const env = {
  TOP: 1234,
  NaN,
  ext: (x: number) => x * 3 + 1,
  extd: (x: number, y: number) => x / 2 + y,
};

/** The module as plain JavaScript: the reference. */
function asJs(): Exports {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  // Without the directive: V8 would otherwise translate it too, and the reference is JavaScript's semantics.
  const f = new Function(`return (${SOURCE.replace('"use asm";', "")});`)() as (g: unknown, e: unknown, b: ArrayBuffer) => Exports;
  return f(globalThis, env, new ArrayBuffer(PAGE));
}

/** The module as the translator's WebAssembly, instantiated as the generated MiniSat module does. */
function asWasm(): Exports {
  const { bytes, globals, math } = asmToWasm(SOURCE) as { bytes: Uint8Array; globals: [string, string][]; math: string[] };
  const imports: Record<string, unknown> = { ...env, memory: new WA.Memory({ initial: 1, maximum: 1 }) };
  for (const [k, t] of globals) imports[k] = t === "i32" ? (env as Record<string, unknown>)[k] as number | 0 : +((env as Record<string, unknown>)[k] as number);
  const m: Record<string, unknown> = {};
  for (const k of math) m[k] = k === "fmod" ? (x: number, y: number) => x % y : (Math as unknown as Record<string, unknown>)[k];
  return new WA.Instance(new WA.Module(bytes), { env: imports, math: m }).exports as unknown as Exports;
}

const int = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 7, -7));
const double = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, 0.5, -0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5.5, -(2 ** 40) - 3, 1e300, -1e300, NaN, Infinity, -Infinity, 4294967295.9),
);
const same = (x: number, y: number) => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

describe("asm2wasm: the translated module computes what the asm.js does", () => {
  const js = asJs();
  const wasm = asWasm();

  it("integer division and remainder, with JavaScript's results for 0 and INT_MIN / -1", () => {
    for (const f of ["divs", "divu", "rems", "remu"]) {
      for (const [x, y] of [[7, 0], [-(2 ** 31), -1], [-7, 2], [7, -2], [-1, 3]] as const) expect(wasm[f]!(x, y), `${f}(${x}, ${y})`).toBe(js[f]!(x, y));
    }
    fc.assert(
      fc.property(int, int, (x, y) => ["divs", "divu", "rems", "remu", "ltu", "lts", "mul"].every((f) => wasm[f]!(x, y) === js[f]!(x, y))),
      RUN,
    );
  });

  it("doubles to ints wrap modulo 2^32 as ToInt32 does (NaN and infinities give 0)", () => {
    for (const x of [NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5.5, 1e300, -0.9]) expect(wasm.toint!(x), String(x)).toBe(js.toint!(x));
    fc.assert(fc.property(double, (x) => wasm.toint!(x) === js.toint!(x)), RUN);
  });

  it("ints to doubles, signed and unsigned; double arithmetic, remainder, comparisons and Math", () => {
    fc.assert(
      fc.property(int, double, double, (i, x, y) => {
        for (const f of ["u2d", "s2d", "iabs", "small", "neg", "notx", "cond"]) if (!same(wasm[f]!(i), js[f]!(i))) return false;
        for (const f of ["dneg", "mathy"]) if (!same(wasm[f]!(x), js[f]!(x))) return false;
        for (const f of ["dmod", "dcmp"]) if (!same(wasm[f]!(x, y), js[f]!(x, y))) return false;
        return true;
      }),
      RUN,
    );
  });

  it("what a review found outside MiniSat's code: unsigned through a comma or an assignment, a table call's index before its arguments, a float store's value, falling off the end, literals", () => {
    for (const x of [0, 5, -1, -2, 2 ** 31 - 1, -(2 ** 31)]) {
      expect(wasm.unsv!(x), `unsv(${x})`).toBe(js.unsv!(x));
      expect(wasm.order!(x), `order(${x})`).toBe(js.order!(x));
    }
    for (const x of [0.1, -1e40, 3.4e38, NaN]) expect(same(wasm.fvalue!(x), js.fvalue!(x)), `fvalue(${x})`).toBe(true);
    for (const x of [-1, 0, 2.5]) expect(same(+wasm.noret!(x), +js.noret!(x)), `noret(${x})`).toBe(true);
    expect(wasm.lits!()).toBe(js.lits!());
  });

  it("loops with labelled and unlabelled break and continue", () => {
    for (const n of [-5, 0, 1, 2, 3, 17, 40, 41, 100, 1000]) expect(wasm.loops!(n), String(n)).toBe(js.loops!(n));
  });

  it("heap views of every width (an int view reads at p & ~3), float rounding, globals, imports and tables", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PAGE - 16 }), int, double, (p, v, x) => {
        if (wasm.mem!(p, v) !== js.mem!(p, v)) return false;
        if (!same(wasm.fmem!(p, x), js.fmem!(p, x))) return false;
        if (wasm.callext!(v) !== js.callext!(v)) return false;
        if (wasm.tab!(v, v) !== js.tab!(v, v)) return false;
        if (wasm.glob!(v) !== js.glob!(v) || !same(wasm.globd!(), js.globd!())) return false;
        return true;
      }),
      RUN,
    );
    expect(same(wasm.nanv!(), NaN)).toBe(true);
  });

  it("fails on what it does not translate, naming the construct and where it is", () => {
    const bad = SOURCE.replace("function nanv() { return +nan; }", "function nanv() { switch (q | 0) { case 1: return 1.0; } return +nan; }");
    expect(() => asmToWasm(bad)).toThrow(/asm2wasm: an unsupported statement \(SwitchStatement\) at \d+:\d+/);
    expect(() => asmToWasm(SOURCE.replace("var q = 0;", "var q = 0; var w = env.x.y;"))).toThrow(/an unknown global/);
    expect(() => asmToWasm(SOURCE.replace("return (x | 0) < (y | 0) | 0;", "return (x | 0) < (y | 0) + 8589934592 | 0;"))).toThrow(/an integer literal out of 32 bits/);
  });
});
