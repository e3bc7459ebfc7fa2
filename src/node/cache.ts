/**
 * The load cache: a validated catalog stored as JSON under a key that hashes the tool's version
 * and every catalog file's path and bytes. A changed, added or removed file changes the key, so
 * a stale entry is never read. Only catalogs without errors are cached. Off with
 * MLX_SOLVE_NO_CACHE=1; stored in MLX_SOLVE_CACHE_DIR, else $XDG_CACHE_HOME/mlx-solve, else
 * ~/.cache/mlx-solve. A cache that cannot be read or written is silently skipped.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { SINGLE_FILES, type Catalog, type CatalogFiles } from "../core/catalog/catalog.js";
import { catalogFromJSON, catalogToJSON, CATALOG_JSON_VERSION } from "../core/catalog/serialize.js";
import { VERSION } from "./package.js";

const KEY_VERSION = `mlx-solve-cache-${CATALOG_JSON_VERSION}-${VERSION}`;

export function cacheDir(): string | undefined {
  if (process.env["MLX_SOLVE_NO_CACHE"]) return undefined;
  if (process.env["MLX_SOLVE_CACHE_DIR"]) return process.env["MLX_SOLVE_CACHE_DIR"];
  const base = process.env["XDG_CACHE_HOME"] || (homedir() ? join(homedir(), ".cache") : tmpdir());
  return join(base, "mlx-solve");
}

export function cacheKey(files: CatalogFiles): string {
  const h = createHash("sha256");
  h.update(KEY_VERSION);
  const all = [
    ...files.plugins.map((f) => ["plugin", f] as const),
    ...files.compositions.map((f) => ["composition", f] as const),
    ...SINGLE_FILES.map((k) => [k, files[k]] as const),
  ];
  for (const [role, f] of all) {
    h.update(`\u0000${role}\u0000${f?.path ?? "-"}\u0000`);
    if (f) h.update(typeof f.content === "string" ? f.content : f.content);
  }
  return h.digest("hex");
}

export function readCached(files: CatalogFiles): { key: string; catalog?: Catalog } {
  const key = cacheKey(files);
  const dir = cacheDir();
  if (!dir) return { key };
  try {
    const catalog = catalogFromJSON(readFileSync(join(dir, `${key}.json`), "utf8"));
    return catalog ? { key, catalog } : { key };
  } catch {
    return { key };
  }
}

export function writeCached(key: string, catalog: Catalog): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(tmp, catalogToJSON(catalog));
    renameSync(tmp, join(dir, `${key}.json`));
  } catch {
    /* a cache that cannot be written is no cache */
  }
}
