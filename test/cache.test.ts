/** The load cache: a hit gives the same catalog; any change to any file is a miss; damage is ignored. */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cacheKey, readCached } from "../src/node/cache.js";
import { readCatalogFiles } from "../src/node/files.js";
import { loadCatalog } from "../src/index.js";
import { catalogFromJSON, catalogToJSON } from "../src/core/catalog/serialize.js";
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
});
