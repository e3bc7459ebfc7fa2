/**
 * The project file: `mlx-solve.yaml`, found upward from the working directory (like eslint's or
 * prettier's configuration), naming the base catalog, its layers and default request options.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { diag, InputError, type Diagnostic, type SourcePos } from "../core/common/diagnostics.js";
import { nearest } from "../core/common/suggest.js";
import { parseProjectFile, type ProjectConfig } from "../core/model/project.js";
import { isDirectory, isLink } from "./dirs.js";
import { catalogDirExpected, checkPaths, holdsCatalog, lackingFiles, readUserFile } from "./files.js";

export const PROJECT_FILE = "mlx-solve.yaml";

/** The nearest mlx-solve.yaml in `from` or a directory above it, or undefined. */
export function findProjectFile(from: string = process.cwd()): string | undefined {
  checkPaths("from", from, false);
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const f = join(dir, PROJECT_FILE);
    // A link to nothing, or one that loops, is this directory's project file too, broken: reading
    // it says so (it was passed over for a parent's, with only "Using ../mlx-solve.yaml" said).
    if (existsSync(f) || isLink(f)) return f;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A project file read and checked, its directories resolved (relative to the file). Throws
 * InputError. With `partial`, a file whose only errors are request options wrong in themselves (a
 * misspelt key, a value of the wrong shape) is returned without them, its errors as `problems`:
 * the caller checks the rest of the request against the catalog and says all at once.
 */
export function readProjectFile(path: string, options: { partial?: boolean } = {}): ProjectConfig & { base?: string; layerDirs: string[]; missing: { base?: Diagnostic; layers: Diagnostic[] }; problems: Diagnostic[] } {
  checkPaths("path", path, false);
  const shown = relative(process.cwd(), path) || path;
  const r = parseProjectFile({ ...readUserFile(path), path: shown });
  if (!r.ok && !(options.partial && r.partial)) throw new InputError(r.diagnostics);
  const project = r.ok ? r.project : r.partial!;
  const here = dirname(resolve(path));
  // A directory the file names that is not there is the file's mistake: said at its line (where
  // the catalog's loader could only name the directory), once the command uses it (catalogOf:
  // --catalog replaces the file's catalog).
  const missing = (d: { dir: string; pos: SourcePos }, what: string) => {
    const abs = resolve(here, d.dir);
    if (!isDirectory(abs)) return diag(d.pos, "no-catalog", `${what} directory "${d.dir}" (${abs}) ${existsSync(abs) ? "is not a directory" : `does not exist${nearDirectory(d.dir, abs)}`}; expected a directory, relative to ${shown}`);
    // A directory with none of a catalog's directories (the project's own directory named as a
    // layer, a parent or sibling of the one meant): said here too, at the file's line.
    if (!holdsCatalog(abs)) return diag(d.pos, "no-catalog", `${what} directory "${d.dir}" (${abs}) has neither catalog/ nor constraints/; expected ${catalogDirExpected(what === "layer")}, relative to ${shown}`);
    // A base of plugins alone is a layer's shape (as the loader says of --catalog).
    if (what === "catalog" && !existsSync(join(abs, "constraints")))
      return diag(d.pos, "no-catalog", `catalog directory "${d.dir}" (${abs}) has catalog/ but no constraints/; expected ${catalogDirExpected(false)}, relative to ${shown} (a directory of plugins alone is a layer: name it under layers:)`);
    // So is one whose constraints/ holds only some of a base's files (as --catalog says it).
    const lacking = what === "catalog" ? lackingFiles(abs) : [];
    if (lacking.length >= 2) return diag(d.pos, "no-catalog", `catalog directory "${d.dir}" (${abs}) lacks ${lacking.join(", ")}; expected ${catalogDirExpected(false)}, relative to ${shown} (a directory with only some of them is a layer: name it under layers:)`);
    return undefined;
  };
  const baseMissing = project.catalog ? missing(project.catalog, "catalog") : undefined;
  const layersMissing = project.layers.map((l) => missing(l, "layer")).filter((d): d is Diagnostic => d !== undefined);
  return {
    ...project,
    ...(project.catalog ? { base: resolve(here, project.catalog.dir) } : {}),
    layerDirs: project.layers.map((l) => resolve(here, l.dir)),
    missing: { ...(baseMissing ? { base: baseMissing } : {}), layers: layersMissing },
    problems: r.ok ? [] : r.diagnostics,
  };
}

/** " (did you mean "platform-layer"?)" for a misspelt directory, from those beside where it would be; else "". */
function nearDirectory(given: string, abs: string): string {
  let names: string[];
  try {
    names = readdirSync(dirname(abs), { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name);
  } catch {
    return "";
  }
  const near = nearest(basename(abs), names);
  return near === undefined ? "" : ` (did you mean "${join(dirname(given), near)}"?)`;
}

