/**
 * CI output: `--format github` (workflow commands that annotate file and line) and `--format
 * sarif` (a SARIF 2.1.0 log, validated against the published schema vendored in
 * test/fixtures/sarif with its licence) for check, lint and diff; `check -` reads standard input.
 */
import { cpSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import AjvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { toGithub, type AnyResult } from "../src/index.js";
import { bin, cli, ROOT, tmpDir, writeTree } from "./support/helpers.js";

const schema = JSON.parse(readFileSync(join(ROOT, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8")) as object;
// The schema's formats (uri, date-time) are not checked (draft-04 Ajv knows none without a plugin);
// its patterns are ECMAScript, not Unicode, regular expressions (one has a stray "]").
const validate = new AjvDraft04.default({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
const expectValidSarif = (text: string) => {
  const log = JSON.parse(text) as unknown;
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
  return log as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } } }[] }[] }[] };
};

const OLD = "use_cases: [rag-applications]\nplugins:\n  - openai-plugin\n  - pinecone-plugin\n  - langchain-plugin\n";
// Line 5 names argo-workflows-plugin, which requires Kubernetes; no vector database any more.
const NEW = "use_cases: [rag-applications]\nplugins:\n  - openai-plugin\n  - langchain-plugin\n  - argo-workflows-plugin\n";

describe("--format github", () => {
  it("names files relative to GITHUB_WORKSPACE, where GitHub resolves annotations, not to the working directory", () => {
    const root = writeTree({ "infra/stack.yaml": NEW, "infra/bad.yaml": "plugins: [nope-plugin]\n" });
    const env = { GITHUB_WORKSPACE: root };
    const r = bin(["check", "stack.yaml", "--format", "github"], { cwd: join(root, "infra"), env });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=infra\/stack\.yaml,line=5,col=5,title=mlx-solve check\/requires::/m);
    // The built-in rule it cites is named as the package holds it (it was infra/catalog/..., no file).
    expect(r.out).toMatch(/^::error file=infra\/stack\.yaml,line=5,[^\n]*\(catalog\/plugins\/argo-workflows-plugin\.yaml:\d+\)$/m);
    const sarif = JSON.parse(bin(["check", "stack.yaml", "--format", "sarif"], { cwd: join(root, "infra"), env }).out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("infra/stack.yaml");
    expect((sarif.runs[0] as unknown as { originalUriBaseIds: { "%SRCROOT%": { uri: string } } }).originalUriBaseIds["%SRCROOT%"].uri).toBe(`${pathToFileURL(realpathSync(root)).href}/`);
    // Bad input too; and a file outside the workspace stays as it was named.
    expect(bin(["check", "bad.yaml", "--format", "github"], { cwd: join(root, "infra"), env }).out).toMatch(/^::error file=infra\/bad\.yaml,line=1,col=11,/m);
    const outside = bin(["check", "stack.yaml", "--format", "github"], { cwd: join(root, "infra"), env: { GITHUB_WORKSPACE: join(root, "elsewhere") } });
    expect(outside.out).toMatch(/^::error file=stack\.yaml,line=5,/m);
    // A workspace or a file named through a symlink (the working directory is always a real path).
    const link = join(tmpDir("ws-link-"), "checkout");
    symlinkSync(root, link);
    expect(bin(["check", "stack.yaml", "--format", "github"], { cwd: join(link, "infra"), env: { GITHUB_WORKSPACE: link } }).out).toMatch(/^::error file=infra\/stack\.yaml,line=5,/m);
    expect(bin(["check", join(link, "infra", ".", "stack.yaml"), "--format", "github"], { cwd: root, env }).out).toMatch(/^::error file=infra\/stack\.yaml,line=5,/m);
  });

  it("the rules a message cites are named relative to the workspace too, as the annotation's file is", () => {
    const root = writeTree({ "infra/stack.yaml": "plugins:\n  - acme-features-plugin\n  - dask-plugin\n" });
    cpSync(join(ROOT, "examples", "acme-layer"), join(root, "acme-layer"), { recursive: true });
    const r = bin(["check", "stack.yaml", "--layer", "../acme-layer", "--format", "github", "--no-config"], { cwd: join(root, "infra"), env: { GITHUB_WORKSPACE: root } });
    // (It cited ../acme-layer/..., relative to the step's working directory.)
    expect(r.out).toMatch(/^::warning file=infra\/stack\.yaml,line=2,col=5,title=mlx-solve check\/integration::acme-features-plugin integrates with no selected compute backend \(the stack has dask-plugin\) \(acme-layer\/catalog\/plugins\/acme-features-plugin\.yaml:\d+\)$/m);
  });

  it("annotates each broken rule of check at the line and column of the stack file that shows it", async () => {
    const dir = writeTree({ "stack.yaml": NEW });
    const r = bin(["check", "stack.yaml", "--format", "github"], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.out.trim().split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=stack\.yaml,line=5,col=5,title=mlx-solve check\/requires::argo-workflows-plugin requires kubernetes-plugin/));
    // A need of a use case is shown at the use case.
    expect(lines).toContainEqual(expect.stringMatching(/^::error file=stack\.yaml,line=1,col=13,title=mlx-solve check\/need::RAG applications needs vector-search/));
    expect(lines.at(-1)).toBe("mlx-solve check: invalid stack (2 errors, 0 warnings)");
    // A plugin the stack lacks is shown at its list of plugins (it was the file's first line).
    const lacking = bin(["check", "stack.yaml", "--require", "kubernetes-plugin", "--format", "github"], { cwd: writeTree({ "stack.yaml": `# our stack\n${NEW}` }) });
    expect(lacking.out).toMatch(/^::error file=stack\.yaml,line=3,col=1,title=mlx-solve check\/request::you required kubernetes-plugin, but the stack lacks it/m);
  });

  it("a valid stack prints no annotation, exit 0", async () => {
    const dir = writeTree({ "stack.yaml": OLD });
    const r = bin(["check", "stack.yaml", "--format", "github"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^::error/m);
  });

  it("escapes what would end or split a workflow command", () => {
    const r = { format_version: 1, command: "lint", ok: false, diagnostics: [], summary: { plugins: 0, use_cases: 0, compositions: 0, errors: 1, warnings: 0 } } as AnyResult;
    const text = toGithub(r, [{ level: "error", rule: "lint/x", message: "100% bad\nsecond line\r", file: "a,b:c.yaml", line: 2, column: 3 }]);
    expect(text.split("\n")[0]).toBe("::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=mlx-solve lint/x::100%25 bad%0Asecond line%0D");
  });

  it("lint annotates the catalog's files", async () => {
    const r = await cli("lint", "--catalog", "test/fixtures/mini", "--format", "github");
    expect(r.out).toMatch(/^::warning file=test\/fixtures\/mini\/catalog\/plugins\/mlflow-plugin\.yaml,line=\d+,col=\d+,title=mlx-solve lint\/unsourced-claim::/m);
  });

  it("diff annotates only what the new version newly breaks, and the needs it no longer serves", async () => {
    const dir = writeTree({ "old.yaml": OLD, "new.yaml": NEW });
    const r = bin(["diff", "old.yaml", "new.yaml", "--format", "github"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=new\.yaml,line=5,col=5,title=mlx-solve diff\/requires::newly broken: argo-workflows-plugin requires kubernetes-plugin/m);
    expect(r.out).toMatch(/^::warning file=new\.yaml,title=mlx-solve diff\/need-lost::RAG applications needs vector-search, which pinecone-plugin provided/m);
  });
});

describe("--format sarif", () => {
  it("the schema check is not vacuous: a wrong version, a line 0 and a bad level are refused", () => {
    const bad = { version: "2.0.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal", locations: [{ physicalLocation: { artifactLocation: { uri: "a" }, region: { startLine: 0 } } }] }] }] };
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e: { instancePath: string }) => e.instancePath);
    expect(paths).toContain("/version");
    expect(paths).toContain("/runs/0/results/0/level");
    expect(paths).toContain("/runs/0/results/0/locations/0/physicalLocation/region/startLine");
  });

  it("check: a valid SARIF 2.1.0 log with a result at each broken rule's line", async () => {
    const dir = writeTree({ "stack.yaml": NEW });
    const r = bin(["check", "stack.yaml", "--format", "sarif"], { cwd: dir });
    expect(r.code).toBe(1);
    const log = expectValidSarif(r.out);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("mlx-solve");
    const req = run.results.find((x) => x.ruleId === "check/requires")!;
    expect(req.level).toBe("error");
    expect(req.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: "stack.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 5 } });
    // Where %SRCROOT% is: the directory the path is relative to, as SARIF asks of a relative URI.
    expect((run as unknown as { originalUriBaseIds: unknown }).originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: `${pathToFileURL(realpathSync(dir)).href}/` } });
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex]!.id).toBe(x.ruleId);
  });

  it("check of a valid stack: a valid log with no results", async () => {
    const dir = writeTree({ "stack.yaml": OLD });
    const r = bin(["check", "stack.yaml", "--format", "sarif"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(expectValidSarif(r.out).runs[0]!.results).toEqual([]);
  });

  it("lint and diff: valid logs", async () => {
    const lint = await cli("lint", "--catalog", "test/fixtures/mini", "--format", "sarif");
    const log = expectValidSarif(lint.out);
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
    expect(log.runs[0]!.results.every((x) => x.level === "warning" && x.ruleId.startsWith("lint/"))).toBe(true);
    const dir = writeTree({ "old.yaml": OLD, "new dir/new.yaml": NEW });
    const d = bin(["diff", "old.yaml", "new dir/new.yaml", "--format", "sarif"], { cwd: dir });
    expect(d.code).toBe(1);
    const dl = expectValidSarif(d.out);
    expect(dl.runs[0]!.results.map((x) => x.ruleId)).toContain("diff/requires");
    // A path with a space is a URI reference: percent-encoded.
    expect(dl.runs[0]!.results[0]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe("new%20dir/new.yaml");
  });
});

describe("bad input in a CI format", () => {
  it("a time limit met while loading is a valid SARIF log of a failed run, exit 1 (it was an internal error, exit 3)", async () => {
    const dir = writeTree({ "stack.yaml": OLD });
    for (const args of [["lint"], ["check", "stack.yaml"], ["diff", "stack.yaml", "stack.yaml"]]) {
      const r = bin([...args, "--timeout", "0.001", "--format", "sarif"], { cwd: dir, env: { MLX_SOLVE_NO_CACHE: "1" } });
      expect(r.code, r.err).toBe(1);
      const run = expectValidSarif(r.out).runs[0]!;
      expect(run.results.map((x) => x.ruleId)).toEqual([`${args[0]}/timeout`]);
      // An error, as the step fails (exit 1); it was a warning beside the failed step.
      expect(run.results.map((x) => x.level)).toEqual(["error"]);
      expect(run.tool.driver.rules[0]).toMatchObject({ id: `${args[0]}/timeout`, shortDescription: { text: `${args[0]} stopped at the time limit` } });
    }
    // Stopped in the check itself (not while loading): an error too.
    const { check, parseStackFile, PRINTERS, loadCatalog } = await import("../src/index.js");
    const parsed = parseStackFile({ path: "s.yaml", content: "plugins: [snowflake-plugin]\n" });
    if (!parsed.ok) throw new Error("bad stack");
    expect(PRINTERS.github(check(loadCatalog(), parsed.stack, {}, { deadline: Date.now() - 1 }))).toMatch(/^::error title=mlx-solve check\/timeout::/);
  });
  it("a stack file with an unknown plugin is annotated at its line (github), a failed run with the result (sarif); exit 2", () => {
    const dir = writeTree({ "stack.yaml": "plugins:\n  - snowflake-plugn\n" });
    const g = bin(["check", "stack.yaml", "--format", "github"], { cwd: dir });
    expect(g.code).toBe(2);
    expect(g.out).toMatch(/^::error file=stack\.yaml,line=2,col=5,title=mlx-solve input\/unknown-plugin::unknown plugin "snowflake-plugn".*did you mean "snowflake-plugin"/m);
    expect(g.err).toMatch(/^stack\.yaml:2:5: error: unknown plugin/m);
    const s = bin(["check", "stack.yaml", "--format", "sarif"], { cwd: dir });
    expect(s.code).toBe(2);
    const log = expectValidSarif(s.out);
    expect(log.runs[0]!.results.map((x) => [x.ruleId, x.locations![0]!.physicalLocation.region])).toEqual([["input/unknown-plugin", { startLine: 2, startColumn: 5 }]]);
    expect((log.runs[0] as unknown as { invocations: { executionSuccessful: boolean }[] }).invocations[0]!.executionSuccessful).toBe(false);
  });

  it("an unknown option value names no file", async () => {
    const r = await cli("lint", "--catalog", "test/fixtures/mini", "--timeout", "x", "--format", "github");
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^::error title=mlx-solve input\/bad-option::option --timeout: --timeout expects a positive number/m);
  });

  it("a usage error the command-line parser finds (an unknown option, a missing argument) is bad input in every format: JSON diagnostics, an annotation", async () => {
    const j = await cli("recommend", "--use-cas", "rag", "--format", "json");
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toEqual({ format_version: 1, command: "recommend", ok: false, diagnostics: [{ severity: "error", code: "unknown-option", message: "unknown option '--use-cas' (Did you mean --use-case?)", file: "arguments", line: 0, column: 0 }] });
    expect(JSON.parse((await cli("check", "--format", "json")).out).diagnostics[0]).toMatchObject({ code: "missing-argument", message: "missing required argument 'file'" });
    const g = await cli("check", "x.yaml", "--format", "github", "--bogus");
    expect(g.code).toBe(2);
    expect(g.out).toMatch(/^::error title=mlx-solve input\/unknown-option::arguments: unknown option '--bogus'$/m);
    expect(g.err.match(/unknown option '--bogus'/g)).toHaveLength(1); // said once on stderr
    // An option's value is no command: the envelope names none.
    expect(JSON.parse((await cli("--format", "json")).out)).toMatchObject({ command: "", ok: false });
  });
  it("an option's diagnostic in JSON names the option in a field of its own", async () => {
    const r = await cli("recommend", "--use-case", "rgg", "--timeout", "5", "--format", "json");
    expect(r.code).toBe(2);
    const [d] = (JSON.parse(r.out) as { diagnostics: { file: string; line: number; option?: string }[] }).diagnostics;
    expect(d).toMatchObject({ file: "option --use-case", line: 0, option: "--use-case" });
    const file = await cli("check", "test/fixtures/no-such-stack.yaml", "--format", "json");
    expect(file.code).toBe(2);
    expect((JSON.parse(file.out) as { diagnostics: object[] }).diagnostics[0]).not.toHaveProperty("option");
  });
});

describe("check - and repair - read standard input", () => {
  it("check - checks the piped stack, named <stdin>", () => {
    const r = bin(["check", "-", "--format", "json"], { input: NEW });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { violations: { location: { file: string; line: number } }[] };
    expect(j.violations.map((v) => v.location)).toContainEqual({ file: "<stdin>", line: 5, column: 5 });
  });

  it("a malformed piped stack is a located input error, exit 2", () => {
    const r = bin(["check", "-"], { input: "plugins: [a, \n" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^<stdin>:\d+:\d+: /m);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("repair - repairs the piped stack; --write with - is refused", () => {
    const r = bin(["repair", "-", "--format", "yaml"], { input: NEW });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/kubernetes-plugin/);
    const w = bin(["repair", "-", "--write"], { input: NEW });
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--write replaces a file/);
  });
});

describe("standard input in CI formats", () => {
  it("is no file to annotate: the place is in the message, the annotation has none (it was file=<stdin>)", () => {
    const gh = bin(["check", "-", "--format", "github"], { input: "plugins: [databricks-plugin, outerbounds-plugin]\n" });
    expect(gh.code).toBe(1);
    expect(gh.out).not.toContain("file=");
    expect(gh.out).toMatch(/^::error title=mlx-solve check\/cardinality::<stdin>:1:11: at most one ML platform/m);
    const sarif = expectValidSarif(bin(["check", "-", "--format", "sarif"], { input: "plugins:\n  - snowflak-plugin\n" }).out);
    for (const r of sarif.runs[0]!.results) expect(r).not.toHaveProperty("locations");
  });
});
