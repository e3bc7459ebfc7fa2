/**
 * A project file (`mlx-solve.yaml`): the catalog a team's commands use (a base and its layers)
 * and their default request, each value cited by its own file:line:col. Browser-safe: the Node
 * adapter finds the file and resolves its paths (relative to the file's directory).
 */
import type { Diagnostic, SourcePos } from "../common/diagnostics.js";
import { ProjectFile } from "../catalog/schema.js";
import { validate } from "../catalog/validate.js";
import { readYaml, type SourceFile } from "../catalog/yaml-source.js";
import type { Request, RequestField } from "./request.js";

/** A project file (`mlx-solve.yaml`): its base catalog, its layers and its default request, as parsed. */
export interface ProjectConfig {
  /** The file, as shown. */
  file: string;
  /** A base catalog directory (as written: relative to the file). */
  catalog?: { dir: string; pos: SourcePos };
  layers: { dir: string; pos: SourcePos }[];
  /** The default request; its origins cite the file. */
  request: Request;
}

const FIELDS: [RequestField, keyof NonNullable<ProjectFile["request"]>][] = [
  ["useCases", "use_cases"],
  ["require", "require"],
  ["exclude", "exclude"],
  ["prefer", "prefer"],
  ["avoid", "avoid"],
  ["only", "only"],
  ["preferTags", "prefer_tags"],
  ["integrations", "integrations"],
];

/**
 * A project file (`mlx-solve.yaml`) from its contents: its base catalog, its layers and its
 * default request, each value with its position for citations; or its problems, each at
 * file:line:col. Node's `readProjectFile` reads one from disk and checks its directories.
 */
export function parseProjectFile(file: SourceFile): { ok: true; project: ProjectConfig } | { ok: false; diagnostics: Diagnostic[] } {
  const r = readYaml(file);
  if (!r.ok) return r;
  const v = validate(ProjectFile, r.source);
  if (!v.ok) return v;
  const { source: src } = r;
  const { data } = v;
  const cite = (p: SourcePos) => `${p.file}:${p.line}:${p.column}`;
  const request: Request = {};
  const origins: Partial<Record<RequestField, string>> = {};
  const itemOrigins: Partial<Record<RequestField, string[]>> = {};
  for (const [field, key] of FIELDS) {
    const value = data.request?.[key];
    if (value === undefined) continue;
    (request as Record<string, unknown>)[field] = value;
    origins[field] = cite(src.locate(["request", key], true));
    // Each item of a list at its own line and column, as an error about it cites it.
    if (Array.isArray(value)) itemOrigins[field] = value.map((_, i) => cite(src.locate(["request", key, i])));
  }
  request.origins = origins;
  request.itemOrigins = itemOrigins;
  return {
    ok: true,
    project: {
      file: file.path,
      ...(data.catalog !== undefined ? { catalog: { dir: data.catalog, pos: src.locate(["catalog"]) } } : {}),
      layers: (data.layers ?? []).map((dir, i) => ({ dir, pos: src.locate(["layers", i]) })),
      request,
    },
  };
}
