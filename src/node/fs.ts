/**
 * The Node adapter: reads a catalog directory or a stack file from disk and hands the contents to
 * the browser-safe core. With files.ts, the only place (besides the CLI) that touches the disk.
 */
import { loadCatalogFromFiles, parseStackFile, type Catalog, type LoadResult, type StackDoc } from "../core/catalog.js";
import { diag, InputError } from "../core/diagnostics.js";
import { readCached, writeCached } from "./cache.js";
import { fileExists, readCatalogFiles, readSource } from "./files.js";

export { PACKAGE_ROOT, readCatalogFiles, readText, writeFileAtomic } from "./files.js";

/** Loads and validates a catalog directory, returning every diagnostic (for `lint`). */
export function loadCatalogDir(dir?: string): LoadResult {
  return loadCatalogFromFiles(readCatalogFiles(dir));
}

/**
 * Loads a catalog directory, or the built-in catalog when `dir` is omitted. Throws InputError
 * (with file:line:col diagnostics) when the catalog has errors. A catalog loaded before, with
 * the same bytes in every file, comes from the cache (see cache.ts).
 *
 * @example
 * import { loadCatalog, recommend } from "mlx-solve";
 * const r = recommend(loadCatalog(), { useCases: ["rag"] });
 */
export function loadCatalog(dir?: string): Catalog {
  const files = readCatalogFiles(dir);
  const cached = readCached(files);
  if (cached.catalog) return cached.catalog;
  return finishLoad(loadCatalogFromFiles(files), cached.key);
}

/** Turns a load result into a catalog (or an InputError), caching a clean one. */
export function finishLoad(r: LoadResult, key: string): Catalog {
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.catalog || errors.length) throw new InputError(errors.length ? errors : r.diagnostics);
  writeCached(key, r.catalog);
  return r.catalog;
}

/** Reads and parses a stack file (shape only; ids are checked against a catalog by `check`). */
export function readStackFile(path: string): StackDoc {
  if (!fileExists(path)) throw new InputError([diag({ file: path, line: 0, column: 0 }, "no-file", `cannot read "${path}": no such file`)]);
  const r = parseStackFile(readSource(path, path));
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.stack;
}
