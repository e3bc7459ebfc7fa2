/** The CLI's V8 code cache (bin/mlx-solve.cjs): written once, used after, and never trusted blindly. */
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, bin, tmpDir } from "./support/helpers.js";

describe("the CLI's code cache", () => {
  it("is written by the first run, gives the same answer after, and a damaged one is replaced", () => {
    const dir = tmpDir("code-cache-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    const args = ["recommend", "--use-case", "rag", "--format", "json"];
    const first = bin(args, { env });
    expect(first.code).toBe(0);
    const codes = () => readdirSync(dir).filter((n) => /^code-.*\.v8$/.test(n) && !n.includes(".deps-"));
    expect(codes()).toHaveLength(1);
    const file = join(dir, codes()[0]!);
    const second = bin(args, { env });
    expect(second.out).toBe(first.out);
    // Garbage of the right name: V8 rejects it, the run is the same, and a sound cache replaces it.
    writeFileSync(file, Buffer.alloc(4096, 7));
    const third = bin(args, { env });
    expect(third.code).toBe(0);
    expect(third.out).toBe(first.out);
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
  });
  it("a cache written by a run a time limit cut short is written again by the next whole run", () => {
    const dir = tmpDir("code-cache-cold-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    const args = ["recommend", "--use-case", "rag", "--format", "json"];
    const names = () => readdirSync(dir).filter((n) => /^code-.*-recommend\.v8(\.cold)?$/.test(n)).sort();
    const stopped = bin([...args, "--timeout", "0.001"], { env }); // stopped before anything was solved
    expect(stopped.out).toContain('"timed_out": true');
    expect(names()).toEqual([expect.stringMatching(/\.v8$/), expect.stringMatching(/\.v8\.cold$/)]);
    const cache = join(dir, names()[0]!);
    const partial = readFileSync(cache);
    const whole = bin(args, { env });
    expect(whole.code).toBe(0);
    expect(names()).toEqual([expect.stringMatching(/\.v8$/)]);
    expect(readFileSync(cache).length).toBeGreaterThan(partial.length);
    const settled = readFileSync(cache);
    expect(bin(args, { env }).out).toBe(whole.out); // and then left as it is
    expect(readFileSync(cache).equals(settled)).toBe(true);
  });
  it("lives where the load cache does: in a private mlx-solve inside a MLX_SOLVE_CACHE_DIR others may read, whose mode stays", () => {
    const dir = tmpDir("code-cache-open-");
    chmodSync(dir, 0o755);
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    expect(bin(["recommend", "--use-case", "rag"], { env }).code).toBe(0);
    const inside = join(dir, "mlx-solve");
    expect(readdirSync(inside).filter((n) => /^code-.*-recommend\.v8$/.test(n))).toHaveLength(1);
    expect(readdirSync(inside).some((n) => n.endsWith(".json"))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir)).toEqual(["mlx-solve"]);
  });
  it("each command has a cache of its own, so a light first command cannot leave a heavy one uncached; a usage error writes none", () => {
    const dir = tmpDir("code-cache-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    const codes = () => readdirSync(dir).filter((n) => /^code-.*\.v8$/.test(n) && !n.includes(".deps-")).map((n) => /-([a-z-]+)\.v8$/.exec(n)![1]).sort();
    expect(bin(["--version"], { env }).code).toBe(0);
    expect(bin(["list", "types"], { env }).code).toBe(0);
    expect(bin(["recomend"], { env }).code).toBe(2);
    expect(codes()).toEqual(["list", "other"]);
    expect(bin(["recommend", "--use-case", "rag"], { env }).code).toBe(0);
    expect(codes()).toEqual(["list", "other", "recommend"]);
  });
  it("a command whose catalog comes from the load cache loads neither zod and yaml nor Node's process, HTTP, crypto or timing modules", () => {
    // bench/README.md, "The floor": each of these cost every command milliseconds of start.
    const dir = tmpDir("code-cache-");
    const probe = join(dir, "probe.cjs");
    writeFileSync(probe, `process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify([...process.moduleLoadList, ...Object.keys(require.cache)]) + "\\n"));`);
    const env = { MLX_SOLVE_CACHE_DIR: dir, NODE_OPTIONS: `--require ${probe}` };
    const loaded = () => {
      const r = bin(["recommend", "--use-case", "rag"], { env });
      expect(r.code).toBe(0);
      return JSON.parse(/^LOADED (.*)$/m.exec(r.err)![1]!) as string[];
    };
    expect(loaded().some((m) => m.endsWith("cli-deps.cjs"))).toBe(true); // the first run parses the catalog
    const list = loaded();
    expect(list).toContain("NativeModule fs"); // the list is what it claims to be
    expect(list.filter((m) => m.endsWith("cli-deps.cjs") || /^NativeModule (child_process|http|perf_hooks)$/.test(m))).toEqual([]);
    // The built-in catalog's files settled long ago, so the quick look serves it from here on
    // (src/node/cache.ts, readByStat): no file is read and hashed, and crypto is never loaded.
    expect(readdirSync(dir).filter((f) => f.endsWith(".stat"))).toHaveLength(1);
    expect(loaded().filter((m) => /^NativeModule (crypto|child_process|http|perf_hooks)$/.test(m) || m.endsWith("cli-deps.cjs"))).toEqual([]);
  });
  it("a run builds neither process.stdout nor process.stderr, answer or error (a pipe's stream loads Node's net module)", () => {
    const dir = tmpDir("code-cache-");
    const probe = join(dir, "probe.cjs");
    const loadedFile = join(dir, "loaded.json");
    writeFileSync(probe, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(loadedFile)}, JSON.stringify(process.moduleLoadList)));`);
    // Both streams pipes, as a script that reads the answer has them; NO_COLOR unset, so that the
    // run asks whether stdout is a terminal (src/node/output.ts, isTerminal).
    const run = (args: string[], stdout: "pipe" | number = "pipe") => {
      const env: NodeJS.ProcessEnv = { ...process.env, MLX_SOLVE_CACHE_DIR: dir, NODE_OPTIONS: `--require ${probe}` };
      delete env["NO_COLOR"];
      const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ["ignore", stdout, "pipe"], encoding: "utf8", env });
      return { code: r.status, out: r.stdout, err: r.stderr, loaded: JSON.parse(readFileSync(loadedFile, "utf8")) as string[] };
    };
    const ok = run(["recommend", "--use-case", "rag"]);
    expect([ok.code, ok.err]).toEqual([0, ""]);
    expect(ok.out).toMatch(/^Recommended stack/);
    expect(ok.out).not.toContain("\u001b["); // a pipe is no terminal: no colour
    expect(ok.loaded.filter((m) => /^NativeModule (net|tty)$/.test(m))).toEqual([]);
    // /dev/null is a character device, but no terminal: not asked of tty either.
    const devNull = openSync("/dev/null", "w");
    try {
      const quiet = run(["recommend", "--use-case", "rag"], devNull);
      expect([quiet.code, quiet.err]).toEqual([0, ""]);
      expect(quiet.loaded.filter((m) => /^NativeModule (net|tty)$/.test(m))).toEqual([]);
    } finally {
      closeSync(devNull);
    }
    // Nor does an error: stderr is written as stdout is (src/cli/run.ts, writeErr).
    const bad = run(["recommend", "--use-case", "no-such-use-case"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no-such-use-case/);
    expect(bad.loaded.filter((m) => /^NativeModule (net|tty)$/.test(m))).toEqual([]);
    // The probe sees a stream when one is built: the check is not vacuous.
    spawnSync(process.execPath, ["-e", "process.stderr.write('')"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NODE_OPTIONS: `--require ${probe}` } });
    expect(JSON.parse(readFileSync(loadedFile, "utf8"))).toContain("NativeModule net");
  });
  it("the script holds no MiniSat bytes: they are dist/minisat.wasm, read when a solver starts", () => {
    // build/bundle.mjs, "wasm-file": a 135 KB base64 string read, decoded and deserialised at
    // every start, used or not.
    const dist = join(dirname(BIN), "..", "dist");
    expect(readFileSync(join(dist, "cli.cjs"), "latin1")).not.toMatch(/[A-Za-z0-9+/]{10000}/);
    const generated = readFileSync(join(dirname(BIN), "..", "src", "core", "solve", "minisat", "minisat-patched.js"), "utf8");
    const wasm = readFileSync(join(dist, "minisat.wasm"));
    expect(wasm.equals(Buffer.from(/^const WASM = "([^"]+)";$/m.exec(generated)![1]!, "base64"))).toBe(true);
    expect([...wasm.subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]); // "\0asm", version 1
  });
  it("a long first run still writes the bytecode of its start: V8 does not flush what the next run needs", () => {
    // V8 drops the bytecode of functions unused for a few full collections. A cache written after
    // a long first run (9 s on 10,000 plugins) lacked the start's bytecode, and every later run
    // took ~20 ms longer compiling it again (bench/README.md, "The floor"). Here full collections
    // that flush whatever they can are forced as the answer is written, before the cache is.
    const dir = tmpDir("code-cache-");
    const probe = join(dir, "age.cjs");
    writeFileSync(
      probe,
      `const v8 = require("node:v8"); v8.setFlagsFromString("--expose-gc"); v8.setFlagsFromString("--stress-flush-code");
const gc = require("node:vm").runInNewContext("gc"); const fs = require("node:fs"); const write = fs.writeSync; let aged = false;
fs.writeSync = (...a) => { const r = write(...a); if (!aged && a[0] === 1) { aged = true; for (let i = 0; i < 8; i++) gc(); } return r; };`,
    );
    const size = (env: Record<string, string>) => {
      const cache = tmpDir("code-cache-");
      expect(bin(["recommend", "--use-case", "rag"], { env: { MLX_SOLVE_CACHE_DIR: cache, ...env } }).code).toBe(0);
      const names = readdirSync(cache).filter((n) => /^code-.*\.v8$/.test(n) && !n.includes(".deps-"));
      expect(names).toHaveLength(1);
      return readFileSync(join(cache, names[0]!)).length;
    };
    const fresh = size({});
    // Without --no-flush-bytecode the aged run's cache was half the size (463 KB against 935 KB).
    expect(size({ NODE_OPTIONS: `--require ${probe}` })).toBeGreaterThan(fresh * 0.9);
  });
  it("the script of zod and yaml has a code cache of its own, written by the first run that loads it; a damaged one is replaced", () => {
    const dir = tmpDir("code-cache-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    const args = ["check", join(dirname(BIN), "..", "examples", "my-stack.yaml"), "--format", "json"];
    const first = bin(args, { env });
    expect(first.code).toBe(1); // the example stack is invalid: exit 1, an answer all the same
    const deps = () => readdirSync(dir).filter((n) => /^code-.*-check\.deps-[0-9a-f]+-\d+\.v8$/.test(n));
    expect(deps()).toHaveLength(1);
    const file = join(dir, deps()[0]!);
    expect(readFileSync(file).length).toBeGreaterThan(100_000);
    expect(bin(args, { env }).out).toBe(first.out);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const third = bin(args, { env });
    expect([third.code, third.out]).toEqual([1, first.out]);
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
  });
  it("a cache of another script of zod and yaml under the same build goes once unused for a day; the current ones stay", () => {
    const dir = tmpDir("code-cache-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    expect(bin(["check", join(dirname(BIN), "..", "examples", "my-stack.yaml")], { env }).code).toBe(1);
    const deps = readdirSync(dir).find((n) => n.includes(".deps-"))!;
    const main = readdirSync(dir).find((n) => /^code-.*\.v8$/.test(n) && !n.includes(".deps-"))!;
    const stale = deps.replace(/\.deps-[0-9a-f]+-/, ".deps-0123456789abcdef-");
    writeFileSync(join(dir, stale), "x");
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    for (const n of [deps, main, stale]) utimesSync(join(dir, n), twoDaysAgo, twoDaysAgo);
    // A command run for the first time writes its cache, and clears out what is stale.
    expect(bin(["list", "types"], { env }).code).toBe(0);
    const left = readdirSync(dir);
    expect(left).toContain(deps);
    expect(left).toContain(main);
    expect(left).not.toContain(stale);
  });
  it("other builds' caches: those of the two builds written last stay (two installs used in turn), the rest go at once", () => {
    const dir = tmpDir("code-cache-builds-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    // Four other builds, the newest last, all under a day old.
    const builds = [1, 2, 3, 4].map((i) => `code-${process.version}-${process.arch}-${String(i).repeat(16)}-12345-`);
    builds.forEach((b, i) => {
      for (const name of [`${b}recommend.v8`, `${b}check.v8`, `${b}check.deps-abcdefabcdefabcd-999.v8`]) {
        writeFileSync(join(dir, name), "x");
        const t = new Date(Date.now() - (4 - i) * 60_000);
        utimesSync(join(dir, name), t, t);
      }
    });
    writeFileSync(join(dir, "code-notes.txt"), "someone else's"); // not a cache: left alone
    expect(bin(["list", "types"], { env }).code).toBe(0);
    const left = readdirSync(dir);
    for (const b of builds.slice(0, 2)) expect(left.filter((n) => n.startsWith(b))).toEqual([]);
    for (const b of builds.slice(2)) expect(left.filter((n) => n.startsWith(b))).toHaveLength(3);
    expect(left.filter((n) => /^code-.*-list\.v8$/.test(n))).toHaveLength(1);
    expect(left).toContain("code-notes.txt");
    // A Node version with a dash in it is one build, not a build a file.
    const rc = `code-v23.0.0-rc.1-${process.arch}-${"5".repeat(16)}-12345-`;
    for (const c of ["recommend", "check", "lint"]) writeFileSync(join(dir, `${rc}${c}.v8`), "x");
    expect(bin(["list", "use-cases"], { env }).code).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith(rc))).toHaveLength(3);
  });
  it("a cache in use is kept by its use, not only by when it was written", () => {
    const dir = tmpDir("code-cache-used-");
    const env = { MLX_SOLVE_CACHE_DIR: dir };
    expect(bin(["list", "types"], { env }).code).toBe(0);
    const mine = readdirSync(dir).find((n) => /^code-.*-list\.v8$/.test(n))!;
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(dir, mine), twoHoursAgo, twoHoursAgo);
    expect(bin(["list", "types"], { env }).code).toBe(0); // read, accepted, not written again
    expect(statSync(join(dir, mine)).mtimeMs).toBeGreaterThan(Date.now() - 600_000);
  });
  it("the script loaded on first use holds logic-solver's own MiniSat", () => {
    // build/bundle.mjs: the bundle's stand-in for logic-solver's minisat.js requires it from
    // here (the fallback when the patched build is missing), 237 KB every start no longer reads.
    const probe = `const d = require(${JSON.stringify(join(dirname(BIN), "..", "dist", "cli-deps.cjs"))});
const C = d.minisat();
C._createTheSolver();
process.stdout.write(JSON.stringify({ keys: Object.keys(d), solver: typeof C._solve }));`;
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ keys: ["zod", "yaml", "minisat"], solver: "function" });
  });
  it("bin/mlx-solve.js, the path scripts used before bin/mlx-solve.cjs, runs the same program", () => {
    const args = ["recommend", "--use-case", "rag", "--format", "json"];
    const viaCjs = bin(args);
    const viaJs = spawnSync(process.execPath, [join(dirname(BIN), "mlx-solve.js"), ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(viaJs.status).toBe(0);
    expect(viaJs.stdout).toBe(viaCjs.out);
  });
  it("the bin says a bug plainly when the run fails outside its own handling (exit 3) or never answers (exit 13)", () => {
    // The bin with a stand-in for the bundle, in a tree of its own.
    const dir = tmpDir("bin-");
    mkdirSync(join(dir, "bin"));
    mkdirSync(join(dir, "dist"));
    copyFileSync(BIN, join(dir, "bin", "mlx-solve.cjs"));
    copyFileSync(join(dirname(BIN), "..", "dist", "dirs.cjs"), join(dir, "dist", "dirs.cjs"));
    const run = (bundle: string) => {
      writeFileSync(join(dir, "dist", "cli.cjs"), bundle);
      return spawnSync(process.execPath, [join(dir, "bin", "mlx-solve.cjs")], { encoding: "utf8", env: { ...process.env, MLX_SOLVE_NO_CACHE: "1" } });
    };
    const failed = run(`exports.run = () => Promise.reject(new Error("boom"));`);
    expect([failed.status, failed.stderr]).toEqual([3, "mlx-solve: internal error: boom\nThis is a bug in mlx-solve; run with MLX_DEBUG=1 for details.\n"]);
    const hung = run(`exports.run = () => new Promise(() => {});`);
    expect(hung.status).toBe(13);
    expect(hung.stderr).toMatch(/^mlx-solve: internal error: the command ended without an answer\n/);
    expect(run(`exports.run = async () => { process.exitCode = 1; };`).status).toBe(1);
  });
  it("is not written with MLX_SOLVE_NO_CACHE", () => {
    const dir = tmpDir("code-cache-");
    const r = bin(["list", "types"], { env: { MLX_SOLVE_CACHE_DIR: dir, MLX_SOLVE_NO_CACHE: "1" } });
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});
