/**
 * The load cache's quick look through `loadCatalog` itself, with Node's `openSync` watched: an
 * unchanged catalog is served without a file being opened, and a tree that changes between the
 * look and the read is remembered as it was read (src/node/cache.ts, "Why that is sound").
 */
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SETTLED_MS, setSettledMs } from "../src/node/cache.js";
import { loadCatalog } from "../src/node/fs.js";
import { ROOT, tmpDir } from "./support/helpers.js";

const watch = vi.hoisted(() => ({ opened: [] as string[], onFirstOpen: undefined as (() => void) | undefined }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const openSync = ((...args: Parameters<typeof fs.openSync>) => {
    watch.opened.push(String(args[0]));
    const hook = watch.onFirstOpen;
    watch.onFirstOpen = undefined;
    hook?.();
    return fs.openSync(...args);
  }) as typeof fs.openSync;
  return { ...fs, default: { ...fs, openSync }, openSync };
});

/** Waits `ms`, so that file times and the clock are apart for the settling rule. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe("the quick look, through loadCatalog", () => {
  let dir: string;
  const saved = process.env["MLX_SOLVE_CACHE_DIR"];
  beforeEach(() => {
    dir = tmpDir();
    process.env["MLX_SOLVE_CACHE_DIR"] = tmpDir("mlx-cache-");
    cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
    cpSync(join(ROOT, "constraints"), join(dir, "constraints"), { recursive: true });
    pause(30);
    setSettledMs(10);
  });
  afterEach(() => {
    process.env["MLX_SOLVE_CACHE_DIR"] = saved;
    setSettledMs(SETTLED_MS);
    watch.onFirstOpen = undefined;
  });
  const catalogFilesOpened = () => watch.opened.filter((p) => p.startsWith(dir));

  it("serves an unchanged catalog without opening one of its files", () => {
    const first = loadCatalog(dir);
    expect(catalogFilesOpened().length).toBeGreaterThan(100);
    watch.opened.length = 0;
    expect(loadCatalog(dir)).toEqual(first);
    expect(catalogFilesOpened()).toEqual([]);
  });

  it("a tree changed between the look and the read, then put back, is read again: never served as it was read", () => {
    // Another copy of the plugins, one of them edited: swapped in once the read has begun (the
    // look before it saw the original), and swapped back after.
    const plugins = join(dir, "catalog", "plugins");
    const other = join(dir, "other-plugins");
    const aside = join(dir, "aside");
    cpSync(plugins, other, { recursive: true });
    const f = join(other, "mlflow-plugin.yaml");
    writeFileSync(f, readFileSync(f, "utf8").replace("name: MLflow", "name: MLflow Elsewhere"));
    pause(30);
    mkdirSync(aside);
    watch.onFirstOpen = () => {
      renameSync(plugins, join(aside, "plugins"));
      renameSync(other, plugins);
    };
    expect(loadCatalog(dir).plugins.get("mlflow-plugin")!.name).toBe("MLflow Elsewhere");
    renameSync(plugins, other);
    renameSync(join(aside, "plugins"), plugins);
    // The original files again, with their own inodes and ctimes: not the catalog read above.
    expect(loadCatalog(dir).plugins.get("mlflow-plugin")!.name).toBe("MLflow");
  });
});
