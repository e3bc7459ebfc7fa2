/**
 * Reading and writing files for the Node adapter; imports nothing heavy, so the CLI can read a
 * catalog's bytes, find it in the cache and never load the YAML parser or the schemas.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { LAYOUT, SINGLE_FILES, type CatalogFiles } from "../core/catalog/catalog.js";
import type { SourceFile } from "../core/catalog/yaml-source.js";
import { diag, InputError } from "../core/common/diagnostics.js";
import { PACKAGE_ROOT } from "./package.js";


/** Files over this size are refused before they are read in full (mirrors yaml-source.ts). */
const MAX_FILE_BYTES = 1024 * 1024;

export function readSource(abs: string, shown: string): SourceFile {
  // One open, one fstat, reads straight into the array handed on (a catalog of 50,000 plugins is
  // 50,000 of these before the load cache can even be looked up).
  const fd = openSync(abs, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return { path: shown, content: new Uint8Array(MAX_FILE_BYTES + 1) };
    const content = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, content, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return { path: shown, content: at === size ? content : content.subarray(0, at) };
  } finally {
    closeSync(fd);
  }
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
  const files: CatalogFiles = { plugins: many(LAYOUT.plugins), compositions: many(LAYOUT.compositions), ...(dir !== undefined ? { root: relative(process.cwd(), root) || "." } : {}) };
  for (const k of SINGLE_FILES) {
    const f = one(LAYOUT[k]);
    if (f) files[k] = f;
  }
  return files;
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

export function fileExists(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
