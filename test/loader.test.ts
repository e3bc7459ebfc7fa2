/**
 * Unit tests of the loader: readYaml (one file -> data with positions, hardened against hostile
 * input) and loadCatalogFromFiles (files -> catalog + sorted diagnostics). No timings: each
 * hardening check asserts that the right diagnostic comes back (a hang or crash fails the test).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogOrThrow, loadCatalogFromFiles } from "../src/core/catalog/load.js";
import type { CatalogFiles } from "../src/core/catalog/catalog.js";
import { InputError, type Diagnostic } from "../src/core/common/diagnostics.js";
import { MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, readYaml, type ReadResult, type SourceFile } from "../src/core/catalog/yaml-source.js";
import { ROOT } from "./support/helpers.js";

const MINI = join(ROOT, "test", "fixtures", "mini");

function read(content: string | Uint8Array, path = "f.yaml"): ReadResult {
  return readYaml({ path, content });
}

/** The one diagnostic of a failed read, as "line:column code". */
function failure(content: string | Uint8Array): { where: string; code: string; message: string } {
  const r = read(content);
  if (r.ok) throw new Error(`expected a diagnostic, got ${JSON.stringify(r.source.value)}`);
  const d = r.diagnostics[0]!;
  return { where: `${d.line}:${d.column}`, code: d.code, message: d.message };
}

function value(content: string | Uint8Array): unknown {
  const r = read(content);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join("\n"));
  return r.source.value;
}

const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));

/** The mini catalog's files, with paths relative to the catalog directory. */
function miniFiles(): CatalogFiles {
  const f = (rel: string): SourceFile => ({ path: rel, content: readFileSync(join(MINI, rel), "utf8") });
  const dir = (rel: string) => readdirSync(join(MINI, rel)).sort().map((n) => f(`${rel}/${n}`));
  return {
    plugins: dir("catalog/plugins"),
    compositions: dir("catalog/compositions"),
    types: f("constraints/types.yaml"),
    capabilities: f("constraints/capabilities.yaml"),
    useCases: f("constraints/use-cases.yaml"),
    precedence: f("constraints/precedence.yaml"),
    objectives: f("constraints/objectives.yaml"),
  };
}

function withPlugin(files: CatalogFiles, path: string, content: string): CatalogFiles {
  return { ...files, plugins: [...files.plugins.filter((p) => p.path !== path), { path, content }] };
}

const pluginText = (files: CatalogFiles, id: string) => files.plugins.find((p) => p.path === `catalog/plugins/${id}.yaml`)!.content as string;

const show = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`);

describe("readYaml: plain data with positions", () => {
  it("reads a mapping and locates keys and values", () => {
    const r = read("# comment\nid: x\ntags:\n  clouds: [aws, gcp]\n");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source.value).toEqual({ id: "x", tags: { clouds: ["aws", "gcp"] } });
    expect(r.source.locate(["id"])).toEqual({ file: "f.yaml", line: 2, column: 5 });
    expect(r.source.locate(["tags"], true)).toEqual({ file: "f.yaml", line: 3, column: 1 });
    expect(r.source.locate(["tags", "clouds", 1])).toEqual({ file: "f.yaml", line: 4, column: 17 });
    // A missing member: the nearest ancestor.
    expect(r.source.locate(["tags", "nope"])).toEqual({ file: "f.yaml", line: 4, column: 3 });
  });

  it("points at the key of an empty value", () => {
    const r = read("id:\nname: x\n");
    expect(r.ok && r.source.locate(["id"])).toEqual({ file: "f.yaml", line: 1, column: 1 });
  });

  it("decodes UTF-8 (with or without a byte-order mark)", () => {
    expect(value(bytes("summary: café 日本 😀\n"))).toEqual({ summary: "café 日本 😀" });
    expect(value(bytes([0xef, 0xbb, 0xbf], "id: x\n"))).toEqual({ id: "x" });
  });

  it("accepts a few ordinary aliases", () => {
    expect(value("a: &c [aws, gcp]\nb: *c\nc: { x: *c }\n")).toEqual({ a: ["aws", "gcp"], b: ["aws", "gcp"], c: { x: ["aws", "gcp"] } });
  });

  it(`accepts nesting of exactly ${MAX_DEPTH} levels`, () => {
    expect(read(`x: ${"[".repeat(MAX_DEPTH - 1)}1${"]".repeat(MAX_DEPTH - 1)}\n`).ok).toBe(true);
    expect(failure(`x: ${"[".repeat(MAX_DEPTH)}1${"]".repeat(MAX_DEPTH)}\n`).code).toBe("too-deep");
  });

  it("reads a large file of many keys (under the size limit)", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `key${i}: [a, b]`).join("\n");
    const v = value(text) as Record<string, unknown>;
    expect(Object.keys(v)).toHaveLength(20_000);
  });
});

describe("readYaml: what is not a YAML text file", () => {
  it("empty, comment-only and null files", () => {
    expect(failure("")).toMatchObject({ where: "1:1", code: "empty-file" });
    expect(failure("# nothing\n\n")).toMatchObject({ where: "1:1", code: "empty-file" });
    expect(failure(bytes(""))).toMatchObject({ where: "1:1", code: "empty-file" });
    expect(failure("~\n")).toMatchObject({ where: "1:1", code: "empty-file" });
  });

  it("YAML tags beyond plain values and YAML versions the parser does not know are errors, not silently taken", () => {
    expect(failure("plugins:\n  - !custom snowflake-plugin\n")).toMatchObject({ where: "2:5", code: "yaml-tag", message: expect.stringContaining("YAML tag !custom is not used in these files") });
    expect(failure("plugins:\n  - !!binary aGVsbG8=\n")).toMatchObject({ code: "yaml-tag", message: expect.stringContaining("YAML tag !!binary") });
    expect(failure("plugins: !!set {a: null}\n")).toMatchObject({ code: "yaml-tag" });
    expect(failure("%YAML 9.9\n---\nplugins: []\n")).toMatchObject({ where: "1:7", code: "yaml-syntax", message: expect.stringContaining("Unsupported YAML version 9.9") });
    // The plain tags say what a value is anyway; 1.1 and 1.2 are read.
    expect(read("plugins: !!seq [a, !!str b]\nn: !!int 3\n").ok).toBe(true);
    expect(read("%YAML 1.1\n---\nplugins: [a]\n").ok).toBe(true);
  });

  it("files over the size limit, as bytes or as a string", () => {
    expect(failure(new Uint8Array(MAX_FILE_BYTES + 1))).toMatchObject({ where: "1:1", code: "file-too-large" });
    expect(failure(`a: ${"x".repeat(MAX_FILE_BYTES)}`)).toMatchObject({ where: "1:1", code: "file-too-large" });
    // Just under the limit is read (and is valid).
    expect(read(`a: ${"x".repeat(MAX_FILE_BYTES - 10)}\n`).ok).toBe(true);
  });

  it("binary files: at the first NUL byte", () => {
    expect(failure(bytes("id: x\nsum", [0, 1, 2, 0xff], "mary: y\n"))).toMatchObject({ where: "2:4", code: "binary-file" });
    expect(failure("id: x\nab\u0000c: 1\n")).toMatchObject({ where: "2:3", code: "binary-file" });
    expect(failure(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toMatchObject({ code: "not-utf8" });
  });

  it("non-UTF-8 bytes: at the first bad byte, naming it", () => {
    expect(failure(bytes("id: x\nsummary: caf", [0xe9], " latin-1\n"))).toMatchObject({ where: "2:13", code: "not-utf8", message: expect.stringContaining("0xE9") });
    // A multi-byte character cut short at the end of the file.
    expect(failure(bytes("id: x\nsummary: caf", [0xc3]))).toMatchObject({ where: "2:13", code: "not-utf8" });
    // Overlong encodings and UTF-16 surrogates are not UTF-8 either.
    expect(failure(bytes("id: x\n", [0xc0, 0xaf]))).toMatchObject({ where: "2:1", code: "not-utf8" });
    expect(failure(bytes("id: x\nab", [0xed, 0xa0, 0x80]))).toMatchObject({ where: "2:3", code: "not-utf8" });
    // The column counts characters, not bytes.
    expect(failure(bytes("a: 日本", [0xff]))).toMatchObject({ where: "1:6", code: "not-utf8" });
  });

  it("a bad byte at the end of a file near the size limit is found (one linear pass)", () => {
    const big = new Uint8Array(MAX_FILE_BYTES);
    big.fill(0x61);
    big[0] = 0x61;
    big[1] = 0x3a;
    big[2] = 0x20;
    big[MAX_FILE_BYTES - 1] = 0xff;
    expect(failure(big)).toMatchObject({ where: `1:${MAX_FILE_BYTES}`, code: "not-utf8" });
  });
});

describe("readYaml: hostile YAML", () => {
  const laughs = [
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]",
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]",
  ].join("\n");

  it("billion laughs: stopped at the alias that takes the expansion over the limit", () => {
    // Each *a adds 10 nodes, each *b 91, each *c 820: 8,289 after line 4; the first *d adds 7,381.
    expect(failure(laughs)).toMatchObject({ where: "5:8", code: "alias-bomb" });
  });

  it("too many aliases, even of a scalar", () => {
    expect(failure(`a: &x y\nb: [${Array(MAX_ALIASES + 1).fill("*x").join(", ")}]\n`)).toMatchObject({ code: "alias-bomb" });
    expect(read(`a: &x y\nb: [${Array(MAX_ALIASES).fill("*x").join(", ")}]\n`).ok).toBe(true);
  });

  it("merge keys (<<) take another mapping's keys, placed at their own text; a merge of anything else is named", () => {
    const text = "base: &b { license: mit, hosting: saas }\nx:\n  <<: *b\n  hosting: self-hosted\ny: { <<: [*b, { z: 1 }], license: apache }\n";
    const r = read(text);
    if (!r.ok) throw new Error("expected ok");
    expect(r.source.value).toEqual({
      base: { license: "mit", hosting: "saas" },
      x: { license: "mit", hosting: "self-hosted" },
      y: { license: "apache", hosting: "saas", z: 1 },
    });
    expect(r.source.locate(["x", "license"])).toMatchObject({ line: 1, column: 21 });
    expect(r.source.locate(["x", "hosting"])).toMatchObject({ line: 4, column: 12 });
    expect(r.source.locate(["y", "z"])).toMatchObject({ line: 5, column: 20 });
    expect(failure("a: [1]\nb: { <<: 3 }\n")).toMatchObject({ where: "2:10", code: "merge-source" });
    expect(failure("a: &a [1]\nb: { <<: [*a] }\n")).toMatchObject({ where: "2:10", code: "merge-source" });
    expect(failure("a: &a { p: 1 }\nb: { <<: *a, <<: *a }\n")).toMatchObject({ where: "2:14", code: "duplicate-key", message: expect.stringContaining('"<<"') });
    // An alias that names nothing is that, in a merge too; more merges than aliases allowed are refused as any aliases are.
    expect(failure("b: { <<: *nope }\n")).toMatchObject({ where: "1:10", code: "unknown-alias" });
    expect(failure(`a: &a { p: 1 }\nb: [${Array.from({ length: MAX_ALIASES + 1 }, () => "{ <<: *a }").join(", ")}]\n`)).toMatchObject({ code: "alias-bomb" });
  });

  it("an alias with no anchor before it, and an alias inside its own anchor", () => {
    expect(failure("a: 1\nb: *nope\n")).toMatchObject({ where: "2:4", code: "unknown-alias" });
    expect(failure("a: *x\nb: &x 1\n")).toMatchObject({ where: "1:4", code: "unknown-alias" });
    expect(failure("a: &x [1, *x]\n")).toMatchObject({ where: "1:11", code: "alias-cycle" });
  });

  it("deep flow nesting: 10,000 and 500,000 levels, closed or not", () => {
    expect(failure(`plugins: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`)).toMatchObject({ where: `1:${10 + MAX_DEPTH}`, code: "too-deep" });
    expect(failure(`plugins: ${"[".repeat(500_000)}\n`)).toMatchObject({ code: "too-deep" });
    expect(failure(`x: ${"{a: ".repeat(100_000)}1${"}".repeat(100_000)}\n`)).toMatchObject({ code: "too-deep" });
  });

  it("deep block nesting: indentation, compact lists, explicit keys", () => {
    const stairs = Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
    expect(failure(stairs)).toMatchObject({ code: "too-deep" });
    expect(failure(`${"- ".repeat(300_000)}x\n`)).toMatchObject({ code: "too-deep" });
    expect(failure(`${"? ".repeat(300_000)}x\n`)).toMatchObject({ code: "too-deep" });
    const listsOfMaps = Array.from({ length: 40 }, (_, i) => `${" ".repeat(2 * i)}- a:`).join("\n");
    expect(failure(listsOfMaps)).toMatchObject({ code: "too-deep" });
  });

  it("brackets inside strings, block scalars and comments are not nesting", () => {
    const text = [`a: "${"[".repeat(100)}"`, `b: '${"{".repeat(100)}'`, `c: foo${"[".repeat(100)}`, `d: 1 # ${"[".repeat(100)}`, "e: |", `  ${"[".repeat(100)}`, `  ${"- ".repeat(100)}`, ""].join("\n");
    expect(read(text).ok).toBe(true);
  });

  it("repeated keys: at the repetition, naming the first", () => {
    expect(failure("id: x\nname: a\nname: b\n")).toMatchObject({ where: "3:1", code: "duplicate-key", message: expect.stringContaining('"name" (first at line 2)') });
    expect(failure("x: {a: 1, b: 2, a: 3}\n")).toMatchObject({ where: "1:17", code: "duplicate-key" });
    // Keys that become the same JavaScript property collide too.
    expect(failure('1: a\n"1": b\n')).toMatchObject({ where: "2:1", code: "duplicate-key" });
  });

  it("keys that are not plain strings", () => {
    expect(failure("? [a, b]\n: c\n")).toMatchObject({ where: "1:3", code: "complex-key" });
    expect(failure("a: &k x\n*k : y\n")).toMatchObject({ where: "2:1", code: "complex-key" });
  });

  it("more than one document", () => {
    expect(failure("a: 1\n---\nb: 2\n")).toMatchObject({ where: "2:1", code: "multiple-documents" });
  });

  describe("__proto__ and friends", () => {
    const probe = () => ({}) as Record<string, unknown>;
    it.each([
      ["__proto__: { polluted: true }\n", "1:1"],
      ['"__proto__": { polluted: true }\n', "1:1"],
      ["a:\n  b:\n    __proto__: { polluted: true }\n", "3:5"],
      ["a: [{ __proto__: { polluted: true } }]\n", "1:7"],
      ["constructor: { prototype: { polluted: true } }\n", "1:1"],
      ["x: &p { polluted: true }\n__proto__: *p\n", "2:1"],
    ])("%j is refused at %s and pollutes nothing", (text, where) => {
      expect(failure(text)).toMatchObject({ where, code: "forbidden-key" });
      expect(probe()["polluted"]).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
    });

    it("through the whole loader too", () => {
      const files = miniFiles();
      const r = loadCatalogFromFiles(withPlugin(files, "catalog/plugins/wandb-plugin.yaml", `${pluginText(files, "wandb-plugin")}__proto__:\n  polluted: true\n`));
      expect(r.fatal).toBe(true);
      expect(show(r.diagnostics)).toEqual(["catalog/plugins/wandb-plugin.yaml:11:1 error forbidden-key"]);
      expect(probe()["polluted"]).toBeUndefined();
    });
  });

  describe("syntax errors, where the mistake is", () => {
    it.each([
      ["an unclosed [", "id: x\ncaps: [a, b\nname: y\n", "2:7", "never closed"],
      ["an unclosed { at the end", "x: {a: 1", "1:4", "never closed"],
      ["an over-indented line", "id: x\nname: A\n  type: y\n", "3:3", "indented more than line 2"],
      ["a missing colon", "id: x\nname MLflow\ntype: y\n", "2:1", "colon"],
      ["an unquoted ': ' in a value", "summary: a: b\n", "1:10", "must be quoted"],
      ["a dash without a space", "plugins:\n-a\n- b\n", "2:1", "space after the dash"],
      ["a tab as indentation", "tags:\n\tlicense: x\n", "2:1", "tabs"],
      // Lines that line up with nothing: shown where their text starts (it was column 1).
      ["a key between two keys' columns", "ip:\n  a:\n    - { id: x }\n   b:\n    - { id: y }\n", "4:4", "keys of one mapping to line up"],
      ["a key after a list at its key's column", "ip:\n  a:\n  - { id: x }\n   b:\n  - { id: y }\n", "4:4", 'or each item of the list above it to start with "- "'],
    ])("%s", (_what, text, where, message) => {
      const f = failure(text);
      expect(f.code).toBe("yaml-syntax");
      expect(f.where).toBe(where);
      expect(f.message).toContain(message);
    });
  });
});

describe("loadCatalogFromFiles", () => {
  it("loads the mini catalog cleanly", () => {
    const r = loadCatalogFromFiles(miniFiles());
    expect(r.fatal).toBe(false);
    expect(r.diagnostics).toEqual([]);
    expect([...r.catalog!.plugins.keys()]).toEqual(["mlflow-plugin", "seldon-plugin", "snowflake-plugin", "wandb-plugin"]);
  });

  it("a misspelt required key is one diagnostic, with its did-you-mean", () => {
    const files = miniFiles();
    const text = pluginText(files, "seldon-plugin").replace("  license:", "  licence:");
    const r = loadCatalogFromFiles(withPlugin(files, "catalog/plugins/seldon-plugin.yaml", text));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "unknown-key", line: 6, column: 3 });
    expect(r.diagnostics[0]!.message).toContain('did you mean "license"?');
  });

  it("a missing key is reported at the key of the mapping that lacks it", () => {
    const files = miniFiles();
    const text = pluginText(files, "mlflow-plugin").replace(/ {2}hosting:.*\n/, "");
    const r = loadCatalogFromFiles(withPlugin(files, "catalog/plugins/mlflow-plugin.yaml", text));
    expect(show(r.diagnostics)).toEqual(["catalog/plugins/mlflow-plugin.yaml:5:1 error missing-key"]);
    expect(r.diagnostics[0]!.message).toBe('missing required key "hosting" in tags; expected a list');
  });

  it("a plugin file that does not parse leaves its plugin out, and the other files are still checked (lint saw only that file's errors)", () => {
    const files = miniFiles();
    // wandb: an unknown key; mlflow (which conflicts with wandb) names a plugin that does not exist.
    let next = withPlugin(files, "catalog/plugins/wandb-plugin.yaml", `${pluginText(files, "wandb-plugin")}foo: 1\n`);
    next = withPlugin(next, "catalog/plugins/mlflow-plugin.yaml", pluginText(files, "mlflow-plugin").replace("conflicts_with: [wandb-plugin]", "conflicts_with: [wandb-plugin, nope-plugin]"));
    const r = loadCatalogFromFiles(next);
    expect(r.fatal).toBe(true);
    const codes = r.diagnostics.map((d) => `${d.file} ${d.code}${d.message.startsWith("unknown plugin") ? ` ${d.message.split(";")[0]}` : ""}`);
    expect(codes).toContain("catalog/plugins/wandb-plugin.yaml unknown-key");
    expect(codes).toContain('catalog/plugins/mlflow-plugin.yaml dangling-reference unknown plugin "nope-plugin" in conflicts_with of mlflow-plugin');
    // The plugin left out is no unknown plugin where others name it.
    expect(codes.filter((c) => c.includes('"wandb-plugin"'))).toEqual([]);
    expect(() => catalogOrThrow(r)).toThrow(InputError);
    // Nor where its file has another name and does not parse at all; and a layer overriding it
    // overrides something (it was told "overrides: true, but no plugin of that id is defined below").
    const renamed = { ...files, plugins: [...files.plugins.filter((f) => !f.path.endsWith("/wandb-plugin.yaml")), { path: "catalog/plugins/wandb.yaml", content: "id: wandb-plugin\nname: [W&B\n" }] };
    const layered = loadCatalogFromFiles({ ...renamed, layers: [{ plugins: [{ path: "layer/catalog/plugins/wandb-plugin.yaml", content: `${pluginText(files, "wandb-plugin")}overrides: true\n` }], compositions: [] }] });
    expect(layered.diagnostics.map((d) => d.code)).not.toContain("dangling-reference");
    expect(layered.diagnostics.map((d) => d.code)).not.toContain("overrides-nothing");
    expect(layered.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file} ${d.code}`)).toEqual(["catalog/plugins/wandb.yaml yaml-syntax"]);
  });

  it("a plugin of an unknown type is said so at its file, not again in each composition that gives it a facet", async () => {
    const { readCatalogFiles } = await import("../src/node/files.js");
    const files = readCatalogFiles();
    const plugins = files.plugins.map((f) => (f.path.endsWith("/openai-plugin.yaml") ? { ...f, content: (typeof f.content === "string" ? f.content : new TextDecoder().decode(f.content)).replace(/^type: llm_provider$/m, "type: llm_providr") } : f));
    const ds = loadCatalogFromFiles({ ...files, plugins }).diagnostics.filter((d) => d.severity === "error");
    expect(ds.map((d) => d.code)).toEqual(["unknown-type"]);
  });

  it("a value of the wrong type is said so once, not also measured as if it were a list", () => {
    for (const value of ["wishes", "abc"]) {
      const files = { ...miniFiles(), objectives: { path: "constraints/objectives.yaml", content: `objectives: ${value}\n` } };
      // zod also reported "expected at most 5" (or "a non-empty string") for the string itself.
      expect(show(loadCatalogFromFiles(files).diagnostics)).toEqual(["constraints/objectives.yaml:1:13 error wrong-type"]);
    }
  });

  it("a missing constraints file is fatal and named", () => {
    const files = miniFiles();
    delete files.objectives;
    const r = loadCatalogFromFiles(files);
    expect(r.fatal).toBe(true);
    expect(r.diagnostics.map((d) => [d.file, d.code])).toEqual([["constraints/objectives.yaml", "missing-file"]]);
  });

  it("a duplicate id across two files: one error, naming the other file, whatever the order", () => {
    const files = miniFiles();
    const copy = { path: "catalog/plugins/wandb-copy.yaml", content: pluginText(files, "wandb-plugin") };
    for (const plugins of [[...files.plugins, copy], [copy, ...files.plugins]]) {
      const r = loadCatalogFromFiles({ ...files, plugins });
      const dups = r.diagnostics.filter((d) => d.code === "duplicate-id");
      expect(dups).toHaveLength(1);
      expect(dups[0]!.message).toMatch(/duplicate plugin id "wandb-plugin"; it is already defined in catalog\/plugins\/wandb-(copy|plugin)\.yaml/);
    }
  });

  describe("diagnostics are sorted and deterministic", () => {
    /** A catalog with errors in several files: each one-line change below breaks something. */
    function broken(): CatalogFiles {
      const files = miniFiles();
      const edit = (id: string, from: string | RegExp, to: string) => {
        const path = `catalog/plugins/${id}.yaml`;
        const text = pluginText(files, id);
        const next = text.replace(from, to);
        if (next === text) throw new Error(`no change to ${id}`);
        Object.assign(files, withPlugin(files, path, next));
      };
      edit("mlflow-plugin", "conflicts_with: [wandb-plugin]", "conflicts_with: [wandb-plugn]");
      edit("seldon-plugin", "type: serving_platform", "type: serving_platfrom");
      edit("wandb-plugin", "capabilities: [experiment-tracking]", "capabilities: [experiment-trackng]");
      edit("snowflake-plugin", "  experiment_trackers: [mlflow-plugin]", "  experiment_tracking: [mlflow-plugin]");
      files.plugins.push({ path: "catalog/plugins/wandb-copy.yaml", content: pluginText(files, "wandb-plugin") });
      return files;
    }

    /** Every order of a (small) list. */
    function orders<T>(xs: T[]): T[][] {
      if (xs.length <= 1) return [xs];
      return xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
    }

    const cmp = (a: Diagnostic, b: Diagnostic) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);

    it("every permutation of the plugin files gives the same, sorted list", () => {
      const files = broken();
      const reference = loadCatalogFromFiles(files).diagnostics;
      expect(reference.length).toBeGreaterThanOrEqual(5);
      const codes = new Set(reference.map((d) => d.code));
      for (const c of ["dangling-reference", "duplicate-id", "unknown-capability", "unknown-category", "unknown-type"]) expect(codes).toContain(c);
      for (let i = 1; i < reference.length; i++) expect(cmp(reference[i - 1]!, reference[i]!)).toBeLessThanOrEqual(0);
      const perms = orders(files.plugins);
      expect(perms).toHaveLength(120);
      for (const plugins of perms) expect(loadCatalogFromFiles({ ...files, plugins }).diagnostics).toEqual(reference);
    });

    it("so does the order of the composition files", () => {
      const files = broken();
      const extra = { path: "catalog/compositions/another.yaml", content: "name: Another\nplugins: [snowflak-plugin, { id: seldon-plugin, facet: rst }]\n" };
      const a = loadCatalogFromFiles({ ...files, compositions: [...files.compositions, extra] }).diagnostics;
      const b = loadCatalogFromFiles({ ...files, compositions: [extra, ...files.compositions] }).diagnostics;
      expect(b).toEqual(a);
      expect(a.some((d) => d.file === "catalog/compositions/another.yaml" && d.code === "unknown-plugin")).toBe(true);
    });

    it("fatal (parse) errors are sorted and deterministic too", () => {
      const files = miniFiles();
      const bad = [
        withPlugin(files, "catalog/plugins/wandb-plugin.yaml", "id: wandb-plugin\nid: again\n").plugins.find((p) => p.path.endsWith("wandb-plugin.yaml"))!,
        { path: "catalog/plugins/seldon-plugin.yaml", content: "" },
        { path: "catalog/plugins/mlflow-plugin.yaml", content: bytes("id: mlflow-plugin\n", [0xff]) },
      ];
      const plugins = [...files.plugins.filter((p) => !bad.some((b) => b.path === p.path)), ...bad];
      const reference = loadCatalogFromFiles({ ...files, plugins });
      expect(reference.fatal).toBe(true);
      expect(show(reference.diagnostics)).toEqual([
        "catalog/plugins/mlflow-plugin.yaml:2:1 error not-utf8",
        "catalog/plugins/seldon-plugin.yaml:1:1 error empty-file",
        "catalog/plugins/wandb-plugin.yaml:2:1 error duplicate-key",
      ]);
      for (const order of orders(plugins)) expect(loadCatalogFromFiles({ ...files, plugins: order }).diagnostics).toEqual(reference.diagnostics);
    });
  });
});
