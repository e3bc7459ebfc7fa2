/** The load cache: a hit gives the same catalog; any change to any file is a miss; damage is ignored. */
import { chmodSync, chownSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cacheDir, cacheKey, readByStat, readCached, SETTLED_MS, setSettledMs, writeCached } from "../src/node/cache.js";
import { codeHash, hashSources } from "../src/node/build-id.js";
import { readCatalogFiles, statCatalogFiles } from "../src/node/files.js";
import { hash64 } from "../src/node/hash.js";
import { loadCatalog } from "../src/index.js";
import { catalogFromJSON, catalogFromLines, catalogToJSON, catalogToLines } from "../src/core/catalog/serialize.js";
import { Timeout } from "../src/core/common/budget.js";
import { loadCatalogFromFiles } from "../src/core/catalog/load.js";
import { ROOT, tmpDir } from "./support/helpers.js";

describe("load cache", () => {
  let dir: string;
  let cache: string;
  const saved = process.env["MLX_SOLVE_CACHE_DIR"];
  beforeEach(() => {
    dir = tmpDir();
    cache = tmpDir("mlx-cache-");
    process.env["MLX_SOLVE_CACHE_DIR"] = cache;
    cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
    cpSync(join(ROOT, "constraints"), join(dir, "constraints"), { recursive: true });
  });
  afterEach(() => {
    process.env["MLX_SOLVE_CACHE_DIR"] = saved;
  });

  it("round-trips a catalog exactly through JSON", () => {
    const c = loadCatalogFromFiles(readCatalogFiles(dir)).catalog!;
    const back = catalogFromJSON(catalogToJSON(c))!;
    expect(back).toEqual(c);
  });
  it("names each file once and writes positions short; the catalog's own strings survive", () => {
    const c = loadCatalogFromFiles(readCatalogFiles(dir)).catalog!;
    const mlflow = c.plugins.get("mlflow-plugin")!;
    const text = catalogToJSON(c);
    // The file of mlflow-plugin has a dozen positions; its path is written once, in the table.
    expect(text.split(mlflow.pos.file).length - 1).toBe(1);
    // Strings that look like the encoding of a position come back as they were.
    const tags = JSON.parse('{"__proto__": "\u007f\u007fy", "team": "\u007f1:2:3"}');
    const odd = { ...mlflow, name: "\u007f0:1:1", summary: "\u007f\u007fx", capabilities: [...mlflow.capabilities, "\u007f"], tags };
    c.plugins.set("mlflow-plugin", odd);
    const back = catalogFromJSON(catalogToJSON(c))!;
    expect(back.plugins.get("mlflow-plugin")).toEqual(odd);
    expect(back.plugins.get("mlflow-plugin")!.pos).toEqual(mlflow.pos);
  });
  it("round-trips a catalog exactly through the cache's lines too (odd strings, a line break in a summary), and stops between plugins when told", () => {
    const c = loadCatalogFromFiles(readCatalogFiles(dir)).catalog!;
    const mlflow = c.plugins.get("mlflow-plugin")!;
    c.plugins.set("mlflow-plugin", { ...mlflow, name: "\u007f0:1:1", summary: "two\nlines \u007f\u007fx" });
    const text = catalogToLines(c);
    expect(text.split("\n").length).toBe(c.plugins.size + 1);
    expect(catalogFromLines(text)).toEqual(c);
    expect(catalogFromLines(text.slice(0, -5))).toBeUndefined(); // a cut plugin
    expect(catalogFromLines(text.split("\n").slice(0, -1).join("\n"))).toBeUndefined(); // a plugin short
    let ticks = 0;
    const many = { ...c, plugins: new Map([...Array(600).keys()].map((i) => [`p${i}`, { ...mlflow, id: `p${i}` }])) };
    expect(() => catalogFromLines(catalogToLines(many), undefined, () => {
      if (++ticks === 2) throw new Timeout();
    })).toThrow(Timeout);
    expect(ticks).toBe(2);
  });
  it("a time limit counts reading the catalog: the walk over its files, and an entry of the cache from the start", () => {
    const first = loadCatalog(dir);
    expect(() => loadCatalog(dir, { deadline: Date.now() - 1 })).toThrow(Timeout);
    expect(() => readCached(readCatalogFiles(dir), cache, Date.now() - 1)).toThrow(Timeout);
    expect(readCached(readCatalogFiles(dir)).catalog).toEqual(first);
    // The walk that looks at (or reads) the files counts too.
    expect(() => statCatalogFiles(dir, { deadline: Date.now() - 1 })).toThrow(Timeout);
    expect(() => readCatalogFiles(dir, { deadline: Date.now() - 1 })).toThrow(Timeout);
  });
  it("serves a catalog loaded before, and the same one", () => {
    expect(readCached(readCatalogFiles(dir)).catalog).toBeUndefined();
    const first = loadCatalog(dir);
    const hit = readCached(readCatalogFiles(dir)).catalog;
    expect(hit).toBeDefined();
    expect(hit).toEqual(first);
  });
  it("misses when a file changes, is added or is removed", () => {
    loadCatalog(dir);
    const files = () => readCatalogFiles(dir);
    const k0 = cacheKey(files());
    const f = join(dir, "catalog/plugins/mlflow-plugin.yaml");
    writeFileSync(f, readFileSync(f, "utf8").replace("name: MLflow", "name: MLflow Tracking"));
    expect(cacheKey(files())).not.toBe(k0);
    expect(readCached(files()).catalog).toBeUndefined();
    expect(loadCatalog(dir).plugins.get("mlflow-plugin")!.name).toBe("MLflow Tracking");
    const k1 = cacheKey(files());
    writeFileSync(join(dir, "catalog/plugins/extra-plugin.yaml"), readFileSync(join(dir, "catalog/plugins/pandas-plugin.yaml"), "utf8").replace("id: pandas-plugin", "id: extra-plugin"));
    expect(cacheKey(files())).not.toBe(k1);
    rmSync(join(dir, "catalog/plugins/extra-plugin.yaml"));
    expect(cacheKey(files())).toBe(k1);
  });
  it("never caches a catalog with errors", () => {
    writeFileSync(join(dir, "catalog/plugins/bad.yaml"), "id: bad\n");
    expect(() => loadCatalog(dir)).toThrow();
    expect(readdirSync(cache)).toEqual([]);
  });
  it("ignores a damaged cache entry and is off with MLX_SOLVE_NO_CACHE", () => {
    loadCatalog(dir);
    for (const f of readdirSync(cache)) writeFileSync(join(cache, f), "{not json");
    expect(readCached(readCatalogFiles(dir)).catalog).toBeUndefined();
    expect(loadCatalog(dir).plugins.size).toBe(102);
    process.env["MLX_SOLVE_NO_CACHE"] = "1";
    try {
      expect(readCached(readCatalogFiles(dir)).catalog).toBeUndefined();
    } finally {
      delete process.env["MLX_SOLVE_NO_CACHE"];
    }
  });

  it("discards an entry edited by hand (a checksum) and a truncated one, then rebuilds it", () => {
    const original = loadCatalog(dir).plugins.get("pinecone-plugin")!.tags.license;
    expect(original).not.toBe("open-source");
    const [entry] = readdirSync(cache).filter((f) => f.endsWith(".json"));
    const path = join(cache, entry!);
    writeFileSync(path, readFileSync(path, "utf8").replace(/("id":"pinecone-plugin".*?"license":")[a-z-]+"/, '$1open-source"'));
    expect(readFileSync(path, "utf8")).toMatch(/"id":"pinecone-plugin".*?"license":"open-source"/);
    expect(readCached(readCatalogFiles(dir)).catalog).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    expect(loadCatalog(dir).plugins.get("pinecone-plugin")!.tags.license).toBe(original);
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.slice(0, text.length >> 1));
    expect(readCached(readCatalogFiles(dir)).catalog).toBeUndefined();
    expect(loadCatalog(dir).plugins.get("pinecone-plugin")!.tags.license).toBe(original);
  });

  it("serves the same catalog from another working directory, shown from there", () => {
    const before = process.cwd();
    try {
      process.chdir(dir);
      const here = loadCatalog(".");
      expect(here.plugins.get("mlflow-plugin")!.pos.file).toBe("catalog/plugins/mlflow-plugin.yaml");
      expect(readdirSync(cache).filter((f) => f.endsWith(".json"))).toHaveLength(1);
      process.chdir(join(dir, "catalog"));
      expect(readCached(readCatalogFiles("..")).catalog).toBeDefined();
      const there = loadCatalog("..");
      expect(there.plugins.get("mlflow-plugin")!.pos.file).toBe(join("plugins", "mlflow-plugin.yaml"));
      expect(readdirSync(cache).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    } finally {
      process.chdir(before);
    }
  });

  it("lives in a directory of the user's own, 0700; none without a home; never another user's", () => {
    const saved = { HOME: process.env["HOME"], XDG: process.env["XDG_CACHE_HOME"] };
    try {
      delete process.env["MLX_SOLVE_CACHE_DIR"];
      delete process.env["XDG_CACHE_HOME"];
      process.env["HOME"] = "";
      expect(cacheDir()).toBeUndefined();
      // A home that is not there (HOME=/nonexistent, a system user's): none, and nothing made.
      const gone = join(tmpDir("nohome-"), "a", "b");
      process.env["HOME"] = gone;
      expect(cacheDir()).toBeUndefined();
      expect(existsSync(join(gone, ".."))).toBe(false);
      const home = tmpDir("home-");
      process.env["HOME"] = home;
      expect(cacheDir()).toBe(join(home, ".cache", "mlx-solve"));
      expect(statSync(join(home, ".cache", "mlx-solve")).mode & 0o777).toBe(0o700);
      // One made open by an earlier version is closed.
      chmodSync(join(home, ".cache", "mlx-solve"), 0o755);
      expect(cacheDir()).toBeDefined();
      expect(statSync(join(home, ".cache", "mlx-solve")).mode & 0o777).toBe(0o700);
      if (process.getuid?.() === 0) {
        const planted = tmpDir("planted-");
        chownSync(planted, 65534, 65534);
        process.env["MLX_SOLVE_CACHE_DIR"] = planted;
        expect(cacheDir()).toBeUndefined();
      }
    } finally {
      process.env["HOME"] = saved.HOME;
      if (saved.XDG !== undefined) process.env["XDG_CACHE_HOME"] = saved.XDG;
      process.env["MLX_SOLVE_CACHE_DIR"] = cache;
    }
  });

  it("never changes the mode of a directory MLX_SOLVE_CACHE_DIR names, nor removes a file of someone else's in it", () => {
    const old = new Date(Date.now() - 2 * 3_600_000);
    /** A directory of `mode` holding others' files, all two hours old (a temporary of the cache's own name would be removed). */
    const holding = (prefix: string, mode: number) => {
      const d = tmpDir(prefix);
      chmodSync(d, mode);
      writeFileSync(join(d, "package.json"), "{}");
      writeFileSync(join(d, "notes.tmp"), "x");
      writeFileSync(join(d, "a".repeat(64) + ".txt"), "x");
      symlinkSync(join(d, "gone"), join(d, "dangling.json"));
      for (const f of ["package.json", "notes.tmp", "a".repeat(64) + ".txt"]) utimesSync(join(d, f), old, old);
      return d;
    };
    const theirs = ["a".repeat(64) + ".txt", "dangling.json", "notes.tmp", "package.json"];
    // Each load writes an entry over the limit, so each runs the eviction.
    process.env["MLX_SOLVE_CACHE_MAX_MB"] = "0.001";
    try {
      // Open to others (a shared 1777 directory, a 0775 one of a umask of 002): the cache keeps to
      // a private directory of its own inside, and the directory keeps its mode and its files.
      for (const mode of [0o1777, 0o775, 0o755]) {
        const shared = holding("shared-", mode);
        process.env["MLX_SOLVE_CACHE_DIR"] = shared;
        expect(cacheDir()).toBe(join(shared, "mlx-solve"));
        loadCatalog(dir);
        expect(statSync(shared).mode & 0o7777).toBe(mode);
        expect(statSync(join(shared, "mlx-solve")).mode & 0o777).toBe(0o700);
        expect(readdirSync(shared).sort()).toEqual([...theirs, "mlx-solve"].sort());
      }
      // A private one is used as it is; its files that are not the cache's stay, a dangling link
      // among them too, while the cache's own entry over the limit goes.
      const mine = holding("mine-", 0o700);
      process.env["MLX_SOLVE_CACHE_DIR"] = mine;
      expect(cacheDir()).toBe(mine);
      writeFileSync(join(mine, `.${"b".repeat(64)}.json.1.2.tmp`), "x");
      utimesSync(join(mine, `.${"b".repeat(64)}.json.1.2.tmp`), old, old);
      loadCatalog(dir);
      expect(readdirSync(mine).sort()).toEqual(theirs);
      // Anyone may write to it, without the sticky bit: no cache (they could swap its directory).
      const open = tmpDir("open-");
      chmodSync(open, 0o777);
      process.env["MLX_SOLVE_CACHE_DIR"] = open;
      expect(cacheDir()).toBeUndefined();
    } finally {
      delete process.env["MLX_SOLVE_CACHE_MAX_MB"];
      process.env["MLX_SOLVE_CACHE_DIR"] = cache;
    }
  });

  it("keeps under its size limit, the least recently used out; leaves no temporary file", () => {
    loadCatalog(dir);
    const first = readdirSync(cache).filter((f) => f.endsWith(".json"));
    expect(first).toHaveLength(1);
    const size = statSync(join(cache, first[0]!)).size;
    // Room for one entry and a half: a second catalog pushes the first out.
    process.env["MLX_SOLVE_CACHE_MAX_MB"] = String((size * 1.5) / 1024 / 1024);
    try {
      const other = tmpDir();
      cpSync(dir, other, { recursive: true });
      writeFileSync(join(other, "catalog/plugins/extra-plugin.yaml"), readFileSync(join(other, "catalog/plugins/pandas-plugin.yaml"), "utf8").replace("id: pandas-plugin", "id: extra-plugin"));
      loadCatalog(other);
      const after = readdirSync(cache);
      expect(after.filter((f) => f.endsWith(".json"))).toHaveLength(1);
      expect(after).not.toContain(first[0]);
      expect(after.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      delete process.env["MLX_SOLVE_CACHE_MAX_MB"];
    }
  });

  describe("the quick look (files known by their lstat, as git's index knows them)", () => {
    /** Waits `ms` (file times and Date.now() must be apart for the settling rule to say anything). */
    const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const looks = () => readdirSync(cache).filter((f) => f.endsWith(".stat"));
    afterEach(() => {
      setSettledMs(SETTLED_MS);
    });

    it("is not remembered while a file may still be changing: files written a moment ago are read in full", () => {
      expect(SETTLED_MS).toBeGreaterThanOrEqual(1000);
      loadCatalog(dir);
      expect(readdirSync(cache).filter((f) => f.endsWith(".json"))).toHaveLength(1);
      expect(looks()).toEqual([]);
    });
    it("once settled, serves the catalog from the cache alone, without reading a file", () => {
      pause(30);
      setSettledMs(10);
      const first = loadCatalog(dir);
      expect(looks()).toHaveLength(1);
      const stats = statCatalogFiles(dir)!;
      expect(stats.plugins).toHaveLength(102);
      // The catalog's files gone: the look answers from what it was given and the cache.
      rmSync(join(dir, "catalog"), { recursive: true });
      expect(readByStat(stats)).toEqual(first);
    });
    it("a time limit that runs out while an entry is read back stops between plugins and keeps the entry, by the quick look and by the key alike", () => {
      pause(30);
      setSettledMs(10);
      loadCatalog(dir);
      const files = readCatalogFiles(dir);
      // The entry replaced by one of 600 plugins, so that the clock is read between them (every 256).
      const real = loadCatalogFromFiles(files).catalog!;
      const mlflow = real.plugins.get("mlflow-plugin")!;
      writeCached(cacheKey(files), { ...real, plugins: new Map([...Array(600).keys()].map((i) => [`p${i}`, { ...mlflow, id: `p${i}` }])) }, files, cache);
      const stats = statCatalogFiles(dir)!;
      // The clock is in time when the read starts and past the limit at every later look: only the
      // look between plugins (after 256) can stop it. Nothing but the read runs while it is mocked
      // (an expect() inside the window read it too, under load: a flaky count).
      const late = (read: () => unknown) => {
        let looks = 0;
        let thrown: unknown;
        const clock = vi.spyOn(Date, "now").mockImplementation(() => (++looks === 1 ? 0 : 2000));
        try {
          read();
        } catch (e) {
          thrown = e;
        } finally {
          clock.mockRestore();
        }
        expect(thrown).toBeInstanceOf(Timeout);
        expect(looks).toBeGreaterThanOrEqual(2);
      };
      late(() => readCached(files, cache, 1000));
      late(() => readByStat(stats, cache, 1000));
      expect(readByStat(stats, cache)?.plugins.size).toBe(600); // sound: kept for the next load
    });
    it("misses after any write, even one that keeps the size and sets the mtime back (ctime cannot be)", () => {
      pause(30);
      setSettledMs(10);
      loadCatalog(dir);
      expect(looks()).toHaveLength(1);
      pause(30);
      const f = join(dir, "catalog/plugins/mlflow-plugin.yaml");
      const before = statSync(f, { bigint: true });
      writeFileSync(f, readFileSync(f, "utf8").replace("name: MLflow", "name: MLfloW"));
      // Set back to the nanosecond, as `touch -d` or `rsync -t` would.
      utimesSync(f, 0, 0);
      expect(spawnSync("touch", ["-m", "-d", `@${before.mtimeNs / 1_000_000_000n}.${String(before.mtimeNs % 1_000_000_000n).padStart(9, "0")}`, f]).status).toBe(0);
      const after = statSync(f, { bigint: true });
      expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
      expect(after.ctimeNs).not.toBe(before.ctimeNs);
      expect(readByStat(statCatalogFiles(dir)!)).toBeUndefined();
      expect(loadCatalog(dir).plugins.get("mlflow-plugin")!.name).toBe("MLfloW");
    });
    it("misses when a file is added or removed, and survives a damaged look", () => {
      pause(30);
      setSettledMs(10);
      loadCatalog(dir);
      const extra = join(dir, "catalog/plugins/extra-plugin.yaml");
      writeFileSync(extra, readFileSync(join(dir, "catalog/plugins/pandas-plugin.yaml"), "utf8").replace("id: pandas-plugin", "id: extra-plugin"));
      expect(readByStat(statCatalogFiles(dir)!)).toBeUndefined();
      expect(loadCatalog(dir).plugins.has("extra-plugin")).toBe(true);
      rmSync(extra);
      expect(loadCatalog(dir).plugins.has("extra-plugin")).toBe(false);
      for (const l of looks()) writeFileSync(join(cache, l), "{not json");
      expect(loadCatalog(dir).plugins.size).toBe(102);
      expect(readByStat(statCatalogFiles(dir)!)?.plugins.size).toBe(102); // written again
    });
    it("a layer's files count as the catalog's: an edit to one after the look is a miss", () => {
      const layer = tmpDir("layer-");
      cpSync(join(ROOT, "examples", "acme-layer"), layer, { recursive: true });
      pause(30);
      setSettledMs(10);
      const first = loadCatalog(dir, { layers: [layer] });
      expect(first.plugins.get("acme-features-plugin")).toBeDefined();
      expect(readByStat(statCatalogFiles(dir, { layers: [layer] })!)).toEqual(first);
      pause(30);
      const f = join(layer, "catalog/plugins/acme-features-plugin.yaml");
      writeFileSync(f, readFileSync(f, "utf8").replace(/^name: .*$/m, "name: Acme Features Two"));
      expect(readByStat(statCatalogFiles(dir, { layers: [layer] })!)).toBeUndefined();
      expect(loadCatalog(dir, { layers: [layer] }).plugins.get("acme-features-plugin")!.name).toBe("Acme Features Two");
    });
    it("the entries' checksum: any single changed byte, anywhere, changes it; aligned or not, the same bytes give the same", () => {
      const bytes = new Uint8Array(1003).map((_, i) => (i * 7919) & 255);
      const h = hash64(bytes);
      for (const at of [0, 1, 2, 3, 500, 1000, 1001, 1002]) {
        const changed = bytes.slice();
        changed[at] = changed[at]! ^ 1;
        expect(hash64(changed)).not.toBe(h);
      }
      const shifted = new Uint8Array(1004);
      shifted.set(bytes, 1);
      expect(hash64(shifted.subarray(1))).toBe(h);
      expect(hash64(bytes.subarray(0, 1002))).not.toBe(h);
    });
    it("the checksum's WebAssembly loop gives what the JavaScript one gives, so entries keep their names", () => {
      let seed = 21;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 16;
      for (const size of [0, 1, 7, 1003, 65_535, 65_536, 65_539, 131_073, 354_821]) {
        const bytes = new Uint8Array(size + 1).map(() => random() & 255);
        const body = bytes.subarray(1); // not on a word, as a copy would be
        expect(hash64(body, true)).toBe(hash64(body, false));
        if (size === 0) continue;
        const changed = body.slice();
        changed[size >> 1] = changed[size >> 1]! ^ 128;
        expect(hash64(changed, true)).not.toBe(hash64(body, true));
      }
      // The default picks the WebAssembly loop from 64 KB: the same checksum either way.
      const big = new Uint8Array(70_000).map((_, i) => (i * 7919) & 255);
      expect(hash64(big)).toBe(hash64(big, false));
      // Where WebAssembly cannot have its memory (`ulimit -v`), the JavaScript loop answers.
      // (This project's TypeScript libraries declare no WebAssembly.)
      const wasm = (globalThis as unknown as { WebAssembly: { Instance: () => unknown } }).WebAssembly;
      const instance = vi.spyOn(wasm, "Instance").mockImplementation(() => {
        throw new RangeError("WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory");
      });
      try {
        expect(hash64(big, true)).toBe(hash64(big, false));
        expect(instance).toHaveBeenCalled();
      } finally {
        instance.mockRestore();
      }
    });
  });

  it("is keyed by the package's own code: a change to any source file is another build", () => {
    const tree = tmpDir();
    cpSync(join(ROOT, "src", "core", "common"), join(tree, "src", "core", "common"), { recursive: true });
    const h0 = hashSources(tree);
    writeFileSync(join(tree, "src", "core", "common", "random.ts"), "// changed\n", { flag: "a" });
    expect(hashSources(tree)).not.toBe(h0);
    expect(codeHash()).toMatch(/^[0-9a-f]{64}$/);
  });
});


describe("a cache directory where mkdir answers ENOENT under a parent that exists", () => {
  // /proc is such a place: Node's recursive mkdir loops there for ever (at full CPU, deaf to
  // Ctrl-C), so every command hung with MLX_SOLVE_CACHE_DIR or XDG_CACHE_HOME set under it.
  it.runIf(existsSync("/proc/self"))("means no cache, not a hang: the library and the command both go on", () => {
    const env = { MLX_SOLVE_CACHE_DIR: "/proc/mlx-solve-none/cache", XDG_CACHE_HOME: "" };
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", `const { cacheDir } = await import(${JSON.stringify(join(ROOT, "dist", "node", "cache.js"))}); console.log(String(cacheDir()));`], { encoding: "utf8", timeout: 20_000, env: { ...process.env, ...env } });
    expect(run.stdout).toBe("undefined\n");
    const cli = spawnSync(process.execPath, [join(ROOT, "bin", "mlx-solve.cjs"), "recommend", "--use-case", "rag", "--format", "json"], { encoding: "utf8", timeout: 20_000, env: { ...process.env, MLX_SOLVE_CACHE_DIR: "", XDG_CACHE_HOME: "/proc/1" } });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout).ok).toBe(true);
  });
});
