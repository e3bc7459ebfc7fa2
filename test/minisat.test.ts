/**
 * The contract with logic-solver's internals (src/core/solve/minisat/: the one place that touches
 * them). The version is pinned and the installed file is the one the build step patched; the
 * private members the adapter uses exist; the patched MiniSat, built at build time, solves under
 * many assumptions in agreement with logic-solver's own solver, names cores that are
 * unsatisfiable subsets of the assumptions, and its budgets slice a long proof (which also pins
 * the offsets of MiniSat's counters: were they wrong, the budget would not bite and there would
 * be one slice).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import fc from "fast-check";
import Logic from "logic-solver";
import { afterEach, describe, expect, it } from "vitest";
import { LEARNTS, PATCHED_HEAP_BYTES, POOLED_HEAP_BYTES, SLICE, SMALL_HEAP_BYTES, addClauses, newSolver, patchedMiniSatAvailable, preferValues, releaseSolver, rootFacts, searchCounters, setPatchedFactory, solveAssumingVar, usePatchedMiniSat } from "../src/core/solve/minisat/minisat.js";
import generated, { FRESH, PROBLEM } from "../src/core/solve/minisat/minisat-patched.js";
import { MALLOC_MAGIC, PINNED, patchedModule, patchSource, recordFresh } from "../src/core/solve/minisat/patch.mjs";
import { searchDefaults } from "../src/core/solve/settings.js";
import { stockMiniSatFactory } from "../src/node/lazy-minisat.js";
import { newBudget } from "../src/core/common/budget.js";
import { SatOracle } from "../src/core/solve/oracle.js";
import { analyze, loadCatalog, recommend } from "../src/index.js";
import { BIN, ROOT, bin, tmpDir, yieldToRunner } from "./support/helpers.js";

/**
 * Runs `f` with a MiniSat factory that records the heaps asked for; with `starve`, a module on the
 * small heap runs out of memory at its first solve, as MiniSat's abort says it.
 */
function onWatchedHeaps<T>(starve: boolean, f: () => T): { result: T; sizes: number[] } {
  const sizes: number[] = [];
  const make = generated as (heapBytes: number) => { _solve(): number; _mlxSolveAssumps(...a: unknown[]): number };
  const before = setPatchedFactory((heapBytes: number) => {
    sizes.push(heapBytes);
    const C = make(heapBytes);
    if (starve && heapBytes === SMALL_HEAP_BYTES)
      C._solve = C._mlxSolveAssumps = () => {
        throw "abort(Cannot enlarge memory arrays.)";
      };
    return C;
  });
  try {
    return { result: f(), sizes };
  } finally {
    setPatchedFactory(before);
  }
}

const SEED = 20261125;
const saved = { ...SLICE };
afterEach(() => Object.assign(SLICE, saved));
const require = createRequire(join(ROOT, "package.json"));

function pigeonhole(s: Logic.Solver, pigeons: number, holes: number, guard?: string) {
  const x = (p: number, h: number) => `x${p}_${h}`;
  for (let p = 0; p < pigeons; p++) s.require(Logic.or(...(guard ? [Logic.not(guard)] : []), ...Array.from({ length: holes }, (_, h) => x(p, h))));
  for (let h = 0; h < holes; h++)
    for (let p = 0; p < pigeons; p++) for (let q = p + 1; q < pigeons; q++) s.require(Logic.or(Logic.not(x(p, h)), Logic.not(x(q, h))));
}

describe("logic-solver's internals, as the adapter uses them", () => {
  it("is the pinned version, and the installed minisat.js is the file the patches were written for", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies["logic-solver"]).toBe(PINNED.version);
    const file = require.resolve("logic-solver/minisat.js");
    expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(PINNED.sha256);
  });

  it("has the private members the adapter reads and writes", () => {
    const s = new Logic.Solver() as unknown as Record<string, unknown>;
    expect(typeof s["_addClause"]).toBe("function");
    expect(typeof (Logic as unknown as Record<string, unknown>)["Clause"]).toBe("function");
    expect(s["_numClausesAddedToMiniSat"]).toBe(0);
    expect(Array.isArray(s["clauses"])).toBe(true);
    expect(typeof (s["_minisat"] as Record<string, unknown>)["solveAssuming"]).toBe("function");
  });

  it("adds numeric clauses and solves under one assumed variable as the public API would", () => {
    const s = new Logic.Solver();
    addClauses(s, [["a", "b"], ["-a", "-b"], ["-b", "c"]]);
    expect(s.solveAssuming("b")!.getTrueVars()).toEqual(["b", "c"]);
    expect(solveAssumingVar(s, s.getVarNum("b"))!.getTrueVars()).toEqual(["b", "c"]);
    s.require("-c");
    expect(solveAssumingVar(s, s.getVarNum("b"))).toBeNull();
    expect(s.solve()!.getTrueVars()).toEqual(["a"]);
  });
});

describe("MiniSat's per-variable maps, where preferValues writes", () => {
  it("finds activity, assigns, polarity, user_pol and decision where the adapter reads them, and the preference steers", () => {
    const s = newSolver();
    try {
      addClauses(s, [["a", "b"], ["-a", "c"], ["d", "e", "f"]]);
      for (const v of ["a", "b", "c", "d", "e", "f"]) s.getVarNum(v);
      expect(Logic.disablingAssertions(() => s.solve())).not.toBeNull();
      const C = (s as unknown as { _minisat: { _C: { HEAP32: Int32Array; HEAP8: Int8Array } } })._minisat._C;
      const base = C.HEAP32[(964 * 4) >> 2]!;
      const map = (off: number) => {
        const at = (base + off) >> 2;
        return Array.from({ length: C.HEAP32[at + 1]! }, (_, i) => C.HEAP8[C.HEAP32[at]! + i]!);
      };
      const n = (s as unknown as { _num2name: unknown[] })._num2name.length; // logic-solver's variables, 0 unused: MiniSat's, one for one
      // user_pol: all undefined (2); decision: every variable decidable (1); assigns: $F false, $T true.
      expect(map(364)).toEqual(Array(n).fill(2));
      expect(map(380)).toEqual(Array(n).fill(1));
      expect(map(332).slice(1, 3)).toEqual([1, 0]);
      // a, c, e, f preferred true, b and d false: the next solution takes them where it is free to.
      preferValues(s, [s.getVarNum("a"), -s.getVarNum("b"), s.getVarNum("c"), -s.getVarNum("d"), s.getVarNum("e"), s.getVarNum("f")]);
      expect(map(364).slice(3)).toEqual([1, 0, 1, 0, 1, 1]);
      expect(Logic.disablingAssertions(() => s.solve())!.getTrueVars().sort()).toEqual(["a", "c", "e", "f"]);
    } finally {
      releaseSolver(s);
    }
  });
});

describe("patched MiniSat", () => {
  it("is built at build time, the patches applied exactly once each, with a heap of the size asked", () => {
    expect(PROBLEM).toBeUndefined();
    expect(generated).not.toBeNull();
    const patched = patchSource(Function.prototype.toString.call(stockMiniSatFactory()));
    expect(patched).not.toBeNull();
    expect(patched).toContain("_mlxSolveAssumps");
    expect(patchSource("function(){}")).toBeNull();
    expect(patchedMiniSatAvailable()).toBe(true);
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s)!;
    expect((s as unknown as { _minisat: { _C: { HEAP8: Int8Array } } })._minisat._C.HEAP8.length).toBe(PATCHED_HEAP_BYTES);
    s.require(Logic.or("a", "b"));
    expect(h.solve(["-a", "-b"])).toBeNull();
    expect(new Set(h.core())).toEqual(new Set(["-a", "-b"]));
    expect(h.solve(["-a"])!.getTrueVars()).toEqual(["b"]);
  });

  it("a second copy of the lazy loader knows the first one's stand-in: both give logic-solver's own factory", async () => {
    // Two installs of the library in one process share Node's module cache; the first copy put
    // its stand-in there, and the second must not take that stand-in for the real file.
    const copy: string = "../src/node/lazy-minisat.js?second-copy"; // another module for vitest, as a second install would be
    const second = (await import(copy)) as typeof import("../src/node/lazy-minisat.js");
    expect(second.stockMiniSatFactory).not.toBe(stockMiniSatFactory);
    const real = stockMiniSatFactory();
    expect(second.stockMiniSatFactory()).toBe(real);
    expect(patchSource(Function.prototype.toString.call(real))).not.toBeNull();
  });

  it("a file that differs from the pinned one gives a module without a solver, and says why", () => {
    const file = require.resolve("logic-solver/minisat.js");
    const other = patchedModule(file, stockMiniSatFactory(), "2.0.2");
    expect(other.problem).toMatch(/not the file the patches were written for/);
    expect(other.text).toContain("export default null");
    const same = patchedModule(file, stockMiniSatFactory(), PINNED.version);
    expect(same.problem).toBeUndefined();
    expect(same.text).not.toContain("new Function");
  });

  it("newSolver builds the object logic-solver's constructor builds, field for field", () => {
    const theirs = new Logic.Solver() as unknown as Record<string, unknown>;
    const ours = newSolver() as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(ours)).toBe(Logic.Solver.prototype);
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    for (const k of Object.keys(theirs)) {
      if (k === "_minisat" || k === "_termifier") continue;
      expect(ours[k], k).toEqual(theirs[k]);
    }
    expect((ours["_termifier"] as { solver: unknown }).solver).toBe(ours);
    // Its own name lookup (`fastNames`) numbers and finds names as logic-solver's does.
    const a = theirs as unknown as Logic.Solver;
    const b = ours as unknown as Logic.Solver;
    for (const name of ["x", "y", "x", "$T", "$F", "z", "y"]) expect(b.getVarNum(name), name).toBe(a.getVarNum(name));
    expect([b.getVarNum("w", true), b.getVarNum("x", true)]).toEqual([a.getVarNum("w", true), a.getVarNum("x", true)]);
    expect(() => b.getVarNum("$mine")).toThrow(/start with \$/);
    expect(b.getVarName(5)).toBe("z");
    b.require(Logic.or("x", "-y"), "z");
    expect(b.solve()!.evaluate("z")).toBe(true);
    releaseSolver(ours as unknown as Logic.Solver);
  });

  it("every fresh patched module is the same, byte for byte, and the build recorded that state", () => {
    const make = generated as (heapBytes: number) => { _createTheSolver(): void; HEAPU8: Uint8Array };
    const [a, b] = [make(POOLED_HEAP_BYTES), make(POOLED_HEAP_BYTES)];
    a._createTheSolver();
    b._createTheSolver();
    // But for malloc's magic, set from the clock (see MALLOC_MAGIC): blanked on both sides.
    const blank = (heap: Uint8Array, base = 0) => {
      for (const at of MALLOC_MAGIC) if (at >= base && at + 4 <= base + heap.length) heap.fill(0, at - base, at - base + 4);
      return heap;
    };
    expect(a.HEAPU8[MALLOC_MAGIC[0]! + 3]).not.toBe(0);
    expect(Buffer.compare(blank(a.HEAPU8.slice()), blank(b.HEAPU8.slice()))).toBe(0);
    // And the build's record of one (what a reset writes back) is this state.
    const r = recordFresh(a);
    expect(FRESH!.layout).toEqual(r.layout);
    expect(FRESH!.sp).toBe(r.sp);
    expect(FRESH!.chunks.map(([at, b64]) => [at, blank(Buffer.from(b64, "base64"), at)])).toEqual(r.chunks.map(([at, bytes]) => [at, blank(Buffer.from(bytes), at)]));
    expect(r.chunks.reduce((n, [, bytes]) => n + bytes.length, 0)).toBeLessThan(64 << 10);
    // A module made in another second records the same bytes: builds are reproducible.
    const view = new DataView(b.HEAPU8.buffer);
    for (const at of MALLOC_MAGIC) view.setUint32(at, view.getUint32(at, true) ^ 0x10000, true);
    expect(recordFresh(b).chunks).toEqual(r.chunks);
    expect(FRESH!.chunks).toEqual(r.chunks.map(([at, bytes]) => [at, Buffer.from(bytes).toString("base64")]));
  });

  it("a pooled module, reused after any search, searches exactly as a fresh one: the same models, decisions, conflicts and propagations", async () => {
    const vars = Array.from({ length: 14 }, (_, i) => `v${i}`);
    const lit = fc.tuple(fc.constantFrom(...vars), fc.boolean()).map(([v, n]) => (n ? `-${v}` : v));
    const cnf = fc.array(fc.array(lit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 60 });
    const toF = (l: string) => (l.startsWith("-") ? Logic.not(l.slice(1)) : l);
    // Up to 8 models, each blocked in turn, then the counters.
    const run = (s: Logic.Solver, clauses: string[][]) => {
      for (const c of clauses) s.require(Logic.or(c.map(toF)));
      for (const v of vars) s.getVarNum(v);
      const models: string[][] = [];
      for (let i = 0; i < 8; i++) {
        const m = s.solve();
        if (!m) break;
        models.push(m.getTrueVars());
        s.forbid(Logic.and(vars.map((v) => (m.evaluate(v) ? v : Logic.not(v)))));
      }
      return { models, counters: searchCounters(s) };
    };
    await fc.assert(
      fc.asyncProperty(cnf, cnf, async (before, clauses) => {
        await yieldToRunner();
        // Dirty a pooled module with one search, give it back, and take it again.
        const moduleOf = (s: Logic.Solver) => (s as unknown as { _minisat: { _C: unknown } })._minisat._C;
        const fresh = run(new Logic.Solver(), clauses);
        // Each size has its own pool (a small model's search: engine.ts, solveLex).
        for (const size of [POOLED_HEAP_BYTES, SMALL_HEAP_BYTES]) {
          const first = newSolver(size);
          const used = moduleOf(first);
          run(first, before);
          releaseSolver(first);
          const reused = newSolver(size);
          expect(moduleOf(reused)).toBe(used);
          const got = run(reused, clauses);
          releaseSolver(reused);
          expect(got).toEqual(fresh);
        }
      }),
      { seed: SEED, numRuns: process.env["MLX_DEEP"] ? 1000 : 60 },
    );
  });

  it("a small model searches on the small heap; one that runs out of it is searched again on the pooled size, with the same answer", () => {
    const catalog = loadCatalog();
    const expected = recommend(catalog, { useCases: ["rag"] });
    for (const starve of [false, true]) {
      const { result: got, sizes } = onWatchedHeaps(starve, () => recommend(catalog, { useCases: ["rag"] }));
      // The same answer; the work of the search that ran out still counts.
      expect({ ...got, stats: undefined }).toEqual({ ...expected, stats: undefined });
      if (!starve) expect(got.stats).toEqual(expected.stats);
      else expect(got.stats!.work!).toBeGreaterThan(expected.stats!.work!);
      expect(sizes[0]).toBe(SMALL_HEAP_BYTES);
      expect(sizes.includes(POOLED_HEAP_BYTES)).toBe(starve);
    }
  });

  it("analyze answers a small model's questions on the CDCL, starting no MiniSat; a large model's oracle uses the pooled heap", () => {
    const catalog = loadCatalog();
    const request = { useCases: ["on-prem", "rag"] };
    const { result: got, sizes } = onWatchedHeaps(false, () => analyze(catalog, request, { explain: 0 }));
    expect(got.dead.length).toBeGreaterThan(0);
    expect(sizes).toEqual([]);
    const large = { vars: Array.from({ length: 200 }, (_, i) => `x${i}`), constraints: [], requests: [], objectives: [] };
    // The watch starts with empty pools, so the module is made here.
    const onLarge = onWatchedHeaps(false, () => SatOracle.with(large, newBudget(), (o) => o.sat(["x0", "-x1"])));
    expect(onLarge).toEqual({ result: true, sizes: [POOLED_HEAP_BYTES] });
  });

  it("the patched MiniSat runs as WebAssembly, in the library and in both bundles (asm2wasm.mjs)", () => {
    const s = newSolver();
    try {
      const C = (s as unknown as { _minisat: { _C: Record<string, unknown> } })._minisat._C;
      // An exported WebAssembly function prints as native code; an asm.js or JavaScript one as its source.
      for (const name of ["_mlxSolveAssumps", "_addClause", "_solve"]) expect(Function.prototype.toString.call(C[name]), name).toMatch(/\[native code\]/);
    } finally {
      releaseSolver(s);
    }
    for (const bundle of ["dist/cli.cjs", "dist/ui/worker.js"]) {
      const text = readFileSync(join(ROOT, bundle), "utf8");
      expect(text.includes("new WebAssembly.Instance("), bundle).toBe(true);
      expect(text.includes('"use asm"'), bundle).toBe(false);
    }
  });

  it("where there is no WebAssembly (node --jitless), the CLI gives the same answer with logic-solver's stock solver instead of failing", () => {
    const env = { MLX_SOLVE_CACHE_DIR: tmpDir("jitless-"), NO_COLOR: "1" };
    const args = ["recommend", "--use-case", "rag"];
    const jitless = spawnSync(process.execPath, ["--jitless", BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
    expect(jitless.stderr).not.toMatch(/internal error/);
    expect(jitless.status).toBe(0);
    expect(jitless.stdout).toBe(bin(args, { env }).out);
  });

  it("a released solver can no longer be used; releasing again, or a solver of logic-solver's own, does nothing", () => {
    const s = newSolver();
    s.require("a");
    expect(s.solve()!.getTrueVars()).toEqual(["a"]);
    releaseSolver(s);
    releaseSolver(s);
    expect(() => s.solve()).toThrow(/released solver/);
    const own = new Logic.Solver();
    releaseSolver(own);
    own.require("b");
    expect(own.solve()!.getTrueVars()).toEqual(["b"]);
  });

  it("without the patched module there is no patched solver, and a warning says so once", () => {
    const before = setPatchedFactory(null);
    const warned: string[] = [];
    const warn = searchDefaults.warn;
    searchDefaults.warn = (m) => warned.push(m);
    try {
      expect(patchedMiniSatAvailable()).toBe(false);
      expect(usePatchedMiniSat(new Logic.Solver())).toBeUndefined();
      expect(usePatchedMiniSat(new Logic.Solver())).toBeUndefined();
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatch(/patched MiniSat is not available/);
    } finally {
      setPatchedFactory(before);
      searchDefaults.warn = warn;
    }
    expect(patchedMiniSatAvailable()).toBe(true);
  });

  it("agrees with logic-solver's solver on random formulas and assumptions; cores are unsatisfiable subsets", async () => {
    const vars = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const lit = fc.tuple(fc.constantFrom(...vars), fc.boolean()).map(([v, n]) => (n ? `-${v}` : v));
    const clause = fc.array(lit, { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(clause, { minLength: 1, maxLength: 30 }), fc.array(fc.array(lit, { maxLength: 6 }), { minLength: 1, maxLength: 5 }), async (clauses, queries) => {
        await yieldToRunner();
        const toF = (l: string) => (l.startsWith("-") ? Logic.not(l.slice(1)) : l);
        const stock = new Logic.Solver();
        const ours = new Logic.Solver();
        const h = usePatchedMiniSat(ours, 64 << 20)!;
        for (const c of clauses) {
          stock.require(Logic.or(c.map(toF)));
          ours.require(Logic.or(c.map(toF)));
        }
        for (const v of vars) stock.getVarNum(v), ours.getVarNum(v);
        for (const q of queries) {
          const expected = q.length ? stock.solveAssuming(Logic.and(q.map(toF))) : stock.solve();
          const got = h.solve(q);
          expect(got !== null).toBe(expected !== null);
          if (got) for (const l of q) expect(got.evaluate(toF(l))).toBe(true);
          else {
            const core = h.core();
            for (const l of core) expect(q).toContain(l);
            expect(h.solve(core)).toBeNull();
          }
        }
      }),
      { seed: SEED, numRuns: process.env["MLX_DEEP"] ? 2000 : 100 },
    );
  });

  it("slices a long proof by conflict budget and stops when told to between slices", () => {
    SLICE.conflicts = 20;
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s, 64 << 20)!;
    pigeonhole(s, 7, 6, "g");
    let between = 0;
    h.setBetween(() => between++);
    expect(h.solve(["g"])).toBeNull();
    const st = h.stats();
    expect(st.solves).toBe(st.slices);
    expect(st.conflicts).toBeGreaterThan(100);
    // One slice per 20 conflicts (a slice may overrun its budget by the conflict that ends it).
    expect(st.slices).toBeGreaterThanOrEqual(Math.floor(st.conflicts / 21));
    expect(between).toBe(st.slices - 1);
    expect(h.core()).toEqual(["g"]);

    const t = new Logic.Solver();
    const k = usePatchedMiniSat(t, 64 << 20)!;
    pigeonhole(t, 8, 7);
    k.setBetween(() => {
      throw new Error("stop");
    });
    expect(() => k.solve([])).toThrow("stop");
    expect(k.stats().slices).toBe(1);
  });

  it("drops logic-solver's copy of each clause once sent to MiniSat; clauses added later still count", () => {
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s, 64 << 20)!;
    const internal = s as unknown as { clauses: unknown[]; _numClausesAddedToMiniSat: number };
    s.require(Logic.or("a", "b"));
    s.require(Logic.or("-a", "-b"));
    expect(h.solve(["a"])!.evaluate("b")).toBe(false);
    expect(internal._numClausesAddedToMiniSat).toBe(internal.clauses.length);
    expect(internal.clauses.every((c) => c === null)).toBe(true);
    s.require(Logic.or("-a", "c"));
    s.forbid("c");
    expect(h.solve(["a"])).toBeNull();
    expect(h.core()).toEqual(["a"]);
    expect(h.solve([])!.evaluate("b")).toBe(true);
    expect(internal.clauses.every((c) => c === null)).toBe(true);
  });

  it("keeps the learnt clauses within LEARNTS.literals, checked between slices", () => {
    const run = (limit: number) => {
      LEARNTS.literals = limit;
      SLICE.conflicts = 100;
      const s = new Logic.Solver();
      const h = usePatchedMiniSat(s, 64 << 20)!;
      pigeonhole(s, 9, 8, "p");
      // Many easy problem clauses: MiniSat alone would keep a third as many learnt ones.
      for (let i = 0; i < 30_000; i++) s.require(Logic.or(`y${i}`, `y${i + 1}`));
      expect(h.trySolve(["p"], 3000)).toBeUndefined();
      // MiniSat's learntsize_factor and learntsize_inc, as the last slice left them.
      const mini = (s as unknown as { _minisat: { double(off: number): number } })._minisat;
      return { ...h.stats(), factor: mini.double(120), inc: mini.double(128) };
    };
    try {
      const free = run(48_000_000);
      // Unlimited, MiniSat keeps every learnt clause here (a third of the problem clauses is more).
      expect(free.learnts).toBeGreaterThan(2500);
      expect([free.factor, free.inc]).toEqual([1 / 3, 1.1]);
      const tight = run(3000);
      expect(tight.conflicts).toBeGreaterThanOrEqual(3000);
      // Checked only between slices, so a slice's worth of learnt clauses may come on top.
      expect(tight.learnts).toBeLessThan(free.learnts / 3);
      expect(tight.factor).toBeLessThan(1 / 3);
      expect(tight.inc).toBe(1);
    } finally {
      LEARNTS.literals = 48_000_000;
    }
  });

  it("reads MiniSat's clause and learnt-clause counters where the trace expects them", () => {
    const s = new Logic.Solver();
    const h = usePatchedMiniSat(s, 64 << 20)!;
    s.require(Logic.or("a", "b", "c"));
    s.require(Logic.or("-a", "d"));
    expect(h.solve(["a"])).not.toBeNull();
    const st = h.stats();
    expect([st.clauses, st.learnts, st.learntLiterals]).toEqual([2, 0, 0]);
    // A proof cut short keeps its learnt clauses (a finished one may have simplified them away).
    pigeonhole(s, 8, 7, "p");
    expect(h.trySolve(["p"], 50)).toBeUndefined();
    const after = h.stats();
    expect(after.learnts).toBeGreaterThan(0);
    expect(after.learntLiterals).toBeGreaterThanOrEqual(after.learnts);
    expect(after.decisions).toBeGreaterThan(0);
    expect(after.propagations).toBeGreaterThan(after.decisions);
  });

  /** The root facts by name: "x" true, "-x" false. */
  const facts = (s: Logic.Solver, from = 0) => rootFacts(s, from).lits.map((l) => (l > 0 ? "" : "-") + s.getVarName(Math.abs(l)));

  it("reads MiniSat's root level (the trail) on stock and patched modules: given units, what they propagate, and only what is new", () => {
    for (const patched of [false, true]) {
      const s = newSolver();
      if (patched) usePatchedMiniSat(s, POOLED_HEAP_BYTES);
      // logic-solver's constants first ($F false, $T true); then a, its consequences, and no decision.
      addClauses(s, [["a"], ["-a", "b"], ["-b", "-c"], ["c", "d", "e"], ["f", "g"]]);
      expect(s.solve()).not.toBeNull();
      expect(facts(s)).toEqual(["-$F", "$T", "a", "b", "-c"]);
      const { size } = rootFacts(s);
      addClauses(s, [["-e"], ["-d", "-g", "h"]]);
      expect(s.solve()).not.toBeNull();
      expect(facts(s, size).sort()).toEqual(["-e", "d"]);
      releaseSolver(s);
    }
  });

  it("every root fact holds in every model (random CNFs, after solves under random assumptions)", async () => {
    const vars = ["a", "b", "c", "d", "e", "f", "g"];
    const lit = fc.tuple(fc.constantFrom(...vars), fc.boolean()).map(([v, pos]) => (pos ? v : `-${v}`));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(lit, { minLength: 1, maxLength: 3 }), { maxLength: 14 }), fc.array(lit, { maxLength: 3 }), async (cnf, assume) => {
        await yieldToRunner();
        const s = newSolver();
        const h = usePatchedMiniSat(s, POOLED_HEAP_BYTES)!;
        addClauses(s, cnf);
        for (const v of vars) s.getVarNum(v);
        const sat = s.solve() !== null && (h.solve(assume), true);
        const got = facts(s).filter((f) => !f.includes("$"));
        releaseSolver(s);
        if (!sat) return;
        const holds = (l: string, m: Record<string, boolean>) => (l.startsWith("-") ? !m[l.slice(1)] : m[l]!);
        const models: Record<string, boolean>[] = [];
        for (let bits = 0; bits < 1 << vars.length; bits++) {
          const m = Object.fromEntries(vars.map((v, i) => [v, ((bits >> i) & 1) === 1]));
          if (cnf.every((c) => c.some((l) => holds(l, m)))) models.push(m);
        }
        for (const f of got) for (const m of models) expect(holds(f, m), JSON.stringify({ cnf, assume, f })).toBe(true);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
