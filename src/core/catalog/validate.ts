/**
 * Validation of a parsed YAML value against a zod schema, with every issue turned into a
 * diagnostic at the exact file:line:col, saying what was expected and suggesting the nearest
 * allowed key or value.
 */
import { ID_PATTERN, NAME_PATTERN, TAG_KEYS } from "./schema.js";
import type { z } from "zod";
import { diag, type Diagnostic } from "../common/diagnostics.js";
import { didYouMean, nearest } from "../common/suggest.js";
import type { PathKey, YamlSource } from "./yaml-source.js";

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : "a list";
  if (v instanceof Uint8Array) return "binary data (!!binary)";
  if (v instanceof Set) return "a set (!!set)";
  if (v instanceof Map) return "an ordered map (!!omap)";
  if (v instanceof Date) return "a timestamp";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "…" : v}"`;
  return `${typeof v} ${String(v)}`;
}

function typeName(expected: string): string {
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "record":
      return "a mapping";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}


function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

/** Allowed keys of the strict object at `path` of the schema, found by walking the schema. */
function allowedKeys(schema: z.ZodType, path: readonly PathKey[]): string[] {
  let s: any = schema;
  for (const seg of path) {
    s = unwrap(s);
    const def = s?._zod?.def;
    if (!def) return [];
    if (def.type === "object") s = def.shape[seg as string];
    else if (def.type === "record") s = def.valueType;
    else if (def.type === "array") s = def.element;
    else if (def.type === "union") s = def.options.find((o: any) => unwrap(o)?._zod?.def?.type === "object");
    else return [];
  }
  s = unwrap(s);
  const def = s?._zod?.def;
  if (def?.type === "union") {
    const obj = def.options.map(unwrap).find((o: any) => o?._zod?.def?.type === "object");
    return obj ? Object.keys(obj._zod.def.shape) : [];
  }
  return def?.type === "object" ? Object.keys(def.shape) : [];
}

function unwrap(s: any): any {
  while (s?._zod?.def && (s._zod.def.type === "optional" || s._zod.def.type === "default" || s._zod.def.type === "nullable")) s = s._zod.def.innerType;
  return s;
}

/** True when `path` names a key that is absent from the mapping that should hold it. */
function isMissingKey(root: unknown, path: readonly PathKey[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === "object" && !Array.isArray(parent) && !Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]!);
}

export function validate<T>(schema: z.ZodType<T>, src: YamlSource, known: Known = {}): { ok: true; data: T } | { ok: false; diagnostics: Diagnostic[] } {
  const r = schema.safeParse(src.value);
  if (r.success) return { ok: true, data: r.data };
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic) => {
    const sig = `${d.line}:${d.column}:${d.message}`;
    if (!seen.has(sig)) {
      seen.add(sig);
      out.push(d);
    }
  };
  // A required key that is missing because it was misspelt is reported once, as the unknown key
  // with its did-you-mean: these are the missing keys ("parent path\0key") that such a key explains.
  const misspelt = new Set<string>();
  // Also inside a union's branches (a stack file's `- { idd: x }`, an id or a mapping): their
  // paths are the union's own plus theirs.
  const noteMisspelt = (issue: z.core.$ZodIssue, base: readonly PathKey[]): void => {
    const path = [...base, ...(issue.path as PathKey[])];
    if (issue.code === "invalid_union") for (const branch of issue.errors) for (const i of branch) noteMisspelt(i, path);
    if (issue.code !== "unrecognized_keys") return;
    const known = allowedKeys(schema, path);
    for (const key of issue.keys) {
      const near = nearest(key, known);
      if (near !== undefined && isMissingKey(src.value, [...path, near])) misspelt.add(`${path.join(".")}\u0000${near}`);
    }
  };
  for (const issue of r.error.issues) noteMisspelt(issue, []);
  const missing = (path: PathKey[], expected: string) => {
    const parent = path.slice(0, -1);
    const key = String(path[path.length - 1]);
    if (misspelt.has(`${parent.join(".")}\u0000${key}`)) return;
    // At the key of the mapping that lacks it (or at the file's mapping for a top-level key).
    push(diag(parent.length ? src.locate(parent, true) : src.locate([]), "missing-key", `missing required key "${key}"${parent.length ? ` in ${parent.join(".")}` : ""}; expected ${expected}`));
  };
  const handle = (issue: z.core.$ZodIssue, base: readonly PathKey[] = []): void => {
    const path = [...base, ...(issue.path as PathKey[])];
    const field = path.length ? path.join(".") : "the file";
    const actual = valueAt(src.value, path);
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = allowedKeys(schema, path);
        for (const key of issue.keys) {
          push(diag(src.locate([...path, key], true), "unknown-key", `unknown key "${key}"${path.length ? ` in ${field}` : ""}; expected one of: ${known.join(", ")}${didYouMean(key, known)}`));
        }
        return;
      }
      case "invalid_type": {
        // A whole file that is one long string is likely no YAML of ours at all (a file linked by
        // mistake): said without quoting its content.
        const found = path.length === 0 && typeof actual === "string" && actual.length > 40 ? `a single string of ${actual.length} characters, not YAML of this kind` : describeValue(actual);
        // A number or true/false where text is expected: YAML read it so; quotes keep it text.
        const quote = issue.expected === "string" && (typeof actual === "number" || typeof actual === "boolean") ? ` (YAML reads it as a ${typeof actual}; write it in quotes to keep it text)` : "";
        if (isMissingKey(src.value, path)) missing(path, typeName(issue.expected));
        else push(diag(src.locate(path), "wrong-type", `${field}: expected ${typeName(issue.expected)}, found ${found}${quote}`));
        return;
      }
      case "invalid_value": {
        const allowed = issue.values.map(String);
        if (isMissingKey(src.value, path)) missing(path, `one of ${allowed.join(", ")}`);
        // `clouds: [any]`: "any" stands alone, not in a list.
        else if (actual === "any" && path.length >= 3 && path[path.length - 3] === "tags" && path[path.length - 2] === "clouds")
          push(diag(src.locate(path), "invalid-value", `${field}: "any" is not a cloud of a list; write clouds: any (no brackets) for software that runs on any cloud, or list the clouds (${allowed.join(", ")})`));
        else push(diag(src.locate(path), "invalid-value", `${field}: expected one of ${allowed.join(", ")}, found ${describeValue(actual)}${typeof actual === "string" ? didYouMean(actual, allowed) : ""}`));
        return;
      }
      case "invalid_format": {
        // A stack file's plugin (`plugins: [Snowflake]`, or its `id:`), when the catalog is known.
        const plugins = path[0] === "plugins" && (path.length === 2 || path[2] === "id") ? known.pluginIds : undefined;
        push(diag(src.locate(path), "invalid-format", `${field}: expected ${issue.message ?? "a valid value"}, found ${describeValue(actual)}${kebabHint(issue.message, actual, plugins)}`));
        return;
      }
      case "invalid_key": {
        const key = path[path.length - 1];
        push(diag(src.locate(path, true), "invalid-key", `key ${describeValue(key)} in ${path.slice(0, -1).join(".") || "the file"}: expected a snake_case name`));
        return;
      }
      case "too_small": {
        const exactly = (issue as { exact?: boolean }).exact ? "exactly" : "at least";
        const found = Array.isArray(actual) ? (actual.length === 0 ? "an empty list" : `${actual.length} item(s)`) : describeValue(actual);
        push(diag(src.locate(path), "too-small", `${field}: expected ${issue.origin === "array" ? `${exactly} ${String(issue.minimum)} item(s)` : issue.origin === "string" ? "a non-empty string" : `at least ${String(issue.minimum)}`}, found ${found}`));
        return;
      }
      case "too_big": {
        const exactly = (issue as { exact?: boolean }).exact ? "exactly" : "at most";
        const found = Array.isArray(actual) ? `${actual.length} item(s)` : describeValue(actual);
        push(diag(src.locate(path), "too-big", `${field}: expected ${issue.origin === "array" ? `${exactly} ${String(issue.maximum)} item(s)` : `at most ${String(issue.maximum)}`}, found ${found}`));
        return;
      }
      case "invalid_union": {
        // The branch that fits the value's shape (a list, a mapping, a string) explains what is
        // wrong inside it; a branch whose only complaint is the value's own type or value does
        // not fit. With none fitting: what each branch would have taken.
        const branches = issue.errors;
        const atRoot = (i: z.core.$ZodIssue) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value");
        const fitting = branches.filter((b) => b.length > 0 && !b.every(atRoot));
        if (fitting.length === 1) {
          for (const i of fitting[0]!) handle(i, path);
          return;
        }
        const keys = allowedKeys(schema, path);
        const options = branches.map((b) => {
          const i = b.find(atRoot);
          if (i?.code === "invalid_value") return i.values.map((v) => JSON.stringify(v)).join(" or ");
          if (i?.code !== "invalid_type") return undefined;
          if (i.expected === "object") return `a mapping { ${keys.join(", ")} }`;
          if (i.expected === "string" && keys.includes("id")) return "an id";
          return typeName(i.expected);
        });
        const expected = [...new Set(options.filter((o): o is string => o !== undefined))];
        // A key that is not there at all is missing, as other required keys are said to be.
        if (isMissingKey(src.value, path)) missing(path, expected.join(" or ") || "a value");
        else push(diag(src.locate(path), "wrong-type", `${field}: expected ${expected.join(" or ") || "another value"}, found ${describeValue(actual)}`));
        return;
      }
      default:
        push(diag(src.locate(path), "invalid", `${field}: ${issue.message}`));
    }
  };
  // zod 4 also measures a value of the wrong type (`objectives: wishes`, a string, against a list
  // of five): "expected at most 5" would ask for what is still wrong; the wrong type says it.
  const wrongType = new Set(r.error.issues.filter((i) => i.code === "invalid_type").map((i) => i.path.join("\u0000")));
  for (const issue of r.error.issues) if (!((issue.code === "too_small" || issue.code === "too_big") && wrongType.has(issue.path.join("\u0000")))) handle(issue);
  return { ok: false, diagnostics: out };
}

/** What a file's reader knows beside the file: the catalog's plugin ids, for a stack file. */
export interface Known {
  pluginIds?: readonly string[];
}

/**
 * For an id that is not kebab-case, the id it most likely means: its words in lower case, joined
 * by hyphens (`Snowflake-Plugin`, `snowflake_plugin` -> snowflake-plugin). With the catalog's
 * plugin ids (`plugins`), the plugin meant: that id, or with `-plugin` (`Snowflake` ->
 * snowflake-plugin), or the nearest; else whether that plugin exists is the catalog's to say once
 * the file parses.
 */
function kebabHint(expected: string | undefined, actual: unknown, plugins?: readonly string[]): string {
  // A tag filter whose key is misspelt (`licence=open-source`): the key meant, as --only says it.
  if (expected?.startsWith("a tag filter") && typeof actual === "string" && actual.includes("=")) {
    const [key, ...rest] = actual.split("=");
    const meant = nearest(key!.trim(), TAG_KEYS);
    return meant && meant !== key ? ` (did you mean "${meant}=${rest.join("=")}"?)` : "";
  }
  // Only where case and separators are all that differ: other characters would be guesses. The
  // same for a snake_case name (a type, a category, a facet name: `serving-platform`).
  const kind = expected === "a kebab-case id" ? { sep: "-", pattern: ID_PATTERN } : expected === "a snake_case name" ? { sep: "_", pattern: NAME_PATTERN } : undefined;
  if (!kind || typeof actual !== "string") return "";
  // "aws-plugin - kubernetes-plugin": YAML read a "- " line indented deeper than the item above
  // as that item's continuation, so two items became one value.
  if (/^[^\s-][^\s]* - \S/.test(actual)) return '; a "- " line indented deeper than the item above it continues that item: expected each "- " of the list at the same column';
  // Accents are taken off first ("pinecöne-plugin": "pinecone-plugin"); other characters would be guesses.
  const plain = actual.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  if (!/^[A-Za-z0-9 _.-]+$/.test(plain.trim())) return plugins ? didYouMean(actual, plugins) : "";
  const fixed = plain.trim().toLowerCase().replace(/[^a-z0-9]+/g, kind.sep).replace(/^[-_]|[-_]$/g, "");
  if (plugins && fixed) {
    const meant = [fixed, `${fixed}-plugin`].find((id) => plugins.includes(id));
    return meant ? ` (did you mean "${meant}"?)` : didYouMean(fixed, plugins);
  }
  return fixed && fixed !== actual && new RegExp(kind.pattern).test(fixed) ? ` (did you mean "${fixed}"?)` : "";
}
