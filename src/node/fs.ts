/**
 * The Node adapter: reads a catalog directory or a stack file from disk and hands the contents to
 * the browser-safe core. The only module (with the CLI) that touches the file system.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCatalogFromFiles, parseStackFile, type Catalog, type CatalogFiles, type LoadResult, type StackDoc } from "../core/catalog.js";
import { diag, InputError } from "../core/diagnostics.js";
import { MAX_FILE_BYTES, type SourceFile } from "../core/yaml-source.js";

/** The package root, where the built-in catalog lives (dist/node/fs.js -> ../..). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

function readSource(abs: string, shown: string): SourceFile {
  const size = statSync(abs).size;
  // A huge file is refused before it is read in full.
  if (size > MAX_FILE_BYTES) return { path: shown, content: new Uint8Array(MAX_FILE_BYTES + 1) };
  return { path: shown, content: new Uint8Array(readFileSync(abs)) };
}

function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/**
 * Reads the files of a catalog directory (layout: catalog/plugins, catalog/compositions,
 * constraints/). Paths in diagnostics are shown relative to the working directory, or relative
 * to the package for the built-in catalog.
 */
export function readCatalogFiles(dir?: string): CatalogFiles {
  const root = dir === undefined ? PACKAGE_ROOT : resolve(dir);
  const show = (abs: string) => (dir === undefined ? relative(PACKAGE_ROOT, abs) : relative(process.cwd(), abs) || abs);
  if (dir !== undefined && (!existsSync(root) || !statSync(root).isDirectory())) {
    throw new InputError([diag({ file: dir, line: 0, column: 0 }, "no-catalog", `catalog directory "${dir}" does not exist; expected a directory with catalog/plugins/ and constraints/`)]);
  }
  const one = (rel: string): SourceFile | undefined => {
    const abs = join(root, rel);
    return existsSync(abs) ? readSource(abs, show(abs)) : undefined;
  };
  const many = (rel: string) => listYaml(join(root, rel)).map((f) => readSource(join(root, rel, f), show(join(root, rel, f))));
  const files: CatalogFiles = { plugins: many("catalog/plugins"), compositions: many("catalog/compositions") };
  const t = one("constraints/types.yaml");
  const c = one("constraints/capabilities.yaml");
  const u = one("constraints/use-cases.yaml");
  const p = one("constraints/precedence.yaml");
  const o = one("constraints/objectives.yaml");
  if (t) files.types = t;
  if (c) files.capabilities = c;
  if (u) files.useCases = u;
  if (p) files.precedence = p;
  if (o) files.objectives = o;
  return files;
}

/** Loads and validates a catalog directory, returning every diagnostic (for `lint`). */
export function loadCatalogDir(dir?: string): LoadResult {
  return loadCatalogFromFiles(readCatalogFiles(dir));
}

/**
 * Loads a catalog directory, or the built-in catalog when `dir` is omitted. Throws InputError
 * (with file:line:col diagnostics) when the catalog has errors.
 *
 * @example
 * import { loadCatalog, recommend } from "mlx-solve";
 * const r = recommend(loadCatalog(), { useCases: ["rag"] });
 */
export function loadCatalog(dir?: string): Catalog {
  const r = loadCatalogDir(dir);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.catalog || errors.length) throw new InputError(errors.length ? errors : r.diagnostics);
  return r.catalog;
}

/** Reads and parses a stack file (shape only; ids are checked against a catalog by `check`). */
export function readStackFile(path: string): StackDoc {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError([diag({ file: path, line: 0, column: 0 }, "no-file", `cannot read "${path}": no such file`)]);
  const r = parseStackFile(readSource(path, path));
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.stack;
}

/**
 * Replaces a file atomically: the new text goes to a temporary file in the same directory, which
 * is then renamed over the original. On any failure the original is untouched.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: "wx" });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new InputError([diag({ file: path, line: 0, column: 0 }, "write-failed", `cannot write "${path}": ${(e as Error).message}`)]);
  }
}

/** The text of a file (for rewriting it in place). */
export function readText(path: string): string {
  return readFileSync(path, "utf8");
}
