/**
 * A project file (`mlx-solve.yaml`): the catalog a team's commands use (a base and its layers)
 * and their default request, each value cited by its own file:line:col. Browser-safe: the Node
 * adapter finds the file and resolves its paths (relative to the file's directory).
 */
import type { Diagnostic, SourcePos } from "../common/diagnostics.js";
import { ProjectFile } from "../catalog/schema.js";
import { validate } from "../catalog/validate.js";
import { notASourceFile, readYaml, type SourceFile, type YamlSource } from "../catalog/yaml-source.js";
import { REQUEST_FIELDS } from "../common/request-fields.js";
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


/**
 * A project file (`mlx-solve.yaml`) from its contents: its base catalog, its layers and its
 * default request, each value with its position for citations; or its problems, each at
 * file:line:col, with the `partial` project left when they are all request options wrong in
 * themselves (see withoutBadRequestItems). Node's `readProjectFile` reads one from disk and
 * checks its directories.
 */
export function parseProjectFile(file: SourceFile): { ok: true; project: ProjectConfig } | { ok: false; diagnostics: Diagnostic[]; partial?: ProjectConfig } {
  const slip = notASourceFile(file, "parseProjectFile");
  if (slip) return { ok: false, diagnostics: [slip] };
  const r = readYaml(file);
  if (!r.ok) return r;
  const v = validate(ProjectFile, r.source);
  if (v.ok) return { ok: true, project: projectOf(file, r.source, v.data) };
  const rest = withoutBadRequestItems(r.source.value);
  return { ...v, ...(rest ? { partial: projectOf(file, r.source, rest) } : {}) };
}

/**
 * A project file's data without the request options that are wrong in themselves (a misspelt
 * key, a value of the wrong shape), when all its errors are there: the rest of the request can
 * then be checked against the catalog, so that its unknown names are said with those errors and
 * not after they are fixed. Undefined when anything else is wrong (its catalog or layers, a key
 * beside request): what the catalog is would be a guess.
 */
function withoutBadRequestItems(value: unknown): ProjectFile | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { request, ...rest } = value as Record<string, unknown>;
  if (typeof request !== "object" || request === null || Array.isArray(request)) return undefined;
  const fine = Object.entries(request).filter(([k, v]) => ProjectFile.safeParse({ request: { [k]: v } }).success);
  const r = ProjectFile.safeParse({ ...rest, request: Object.fromEntries(fine) });
  return r.success ? r.data : undefined;
}

function projectOf(file: SourceFile, src: YamlSource, data: ProjectFile): ProjectConfig {
  const cite = (p: SourcePos) => `${p.file}:${p.line}:${p.column}`;
  const request: Request = {};
  const origins: Partial<Record<RequestField, string>> = {};
  const itemOrigins: Partial<Record<RequestField, string[]>> = {};
  for (const { field, projectKey: key } of REQUEST_FIELDS) {
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
    file: file.path,
    ...(data.catalog !== undefined ? { catalog: { dir: data.catalog, pos: src.locate(["catalog"]) } } : {}),
    layers: (data.layers ?? []).map((dir, i) => ({ dir, pos: src.locate(["layers", i]) })),
    request,
  };
}
