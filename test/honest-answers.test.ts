/**
 * Answers that say what happened (a review of the CLI as a user meets it, 2026-12-05): no exit 0
 * for a request nothing meets, no time limit passed over in silence, no value changed or dropped
 * without a word, no empty name taken for a directory.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module of the bench, without types
import { ensureCatalog } from "../bench/generate.js";
import { exportProblem } from "../src/core/commands/export.js";
import { recommend } from "../src/core/commands/recommend.js";
import { loadCatalog, parseStackFile, PRINTERS } from "../src/index.js";
import { BIN, bin, cli, ROOT, tmpDir, writeTree } from "./support/helpers.js";

const CLASH = ["--require", "databricks-plugin", "--require", "outerbounds-plugin"];

describe("sample of a request no stack meets", () => {
  it("exits 1 with the conflict and the repairs, in every format", async () => {
    const table = await cli("sample", ...CLASH);
    expect(table.code).toBe(1);
    expect(table.out).toMatch(/No valid stack exists for this request[^]*cannot hold together[^]*smallest changes/);
    const json = await cli("sample", ...CLASH, "--format", "json");
    expect(json.code).toBe(1);
    const r = JSON.parse(json.out) as { ok: boolean; no_stack: boolean; stacks: unknown[]; conflict: { requests: { value: string }[] }; repairs: unknown[] };
    expect(r).toMatchObject({ ok: false, no_stack: true, stacks: [] });
    expect(r.conflict.requests.map((q) => q.value).sort()).toEqual(["databricks-plugin", "outerbounds-plugin"]);
    expect(r.repairs.length).toBeGreaterThan(0);
    const yaml = await cli("sample", ...CLASH, "--format", "yaml");
    expect(yaml.code).toBe(1);
    expect(yaml.out).toMatch(/^# no valid stack exists[^]*# these requests cannot hold together:\n#   - you required databricks-plugin \(option --require\)/);
    expect(yaml.out.split("\n").filter(Boolean).every((l) => l.startsWith("#"))).toBe(true);
  });
  it("a request with stacks still samples them (exit 0)", async () => {
    const r = await cli("sample", "--require", "databricks-plugin", "--format", "json");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { stacks: unknown[] }).stacks.length).toBeGreaterThan(0);
  });
});

describe("a time limit is said in every format", () => {
  const dir = join(tmpDir(), "n300-honest");
  ensureCatalog(300, "1", dir);
  const catalog = loadCatalog(dir);
  const request = { useCases: ["uc-01", "uc-02"] };
  // A work limit far below what the proof needs: a best stack so far, not proven.
  const stopped = recommend(catalog, request, { work: 20_000 });

  it("YAML of a best stack so far is that stack file, the limit in a comment", () => {
    expect(stopped.timed_out).toBe(true);
    const yaml = PRINTERS.yaml(stopped, { colour: false });
    expect(yaml).toMatch(/^# stopped at the time limit \(--timeout\): the best stack found so far, not proven the best/);
    const parsed = parseStackFile({ path: "best.yaml", content: yaml });
    expect(parsed.ok && parsed.stack.plugins.map((p) => p.id)).toEqual(stopped.stack!.plugins.map((p) => p.id));
  });
  it("check stopped by the limit, in YAML: the stack file as given, the stop in a comment, never the result's fields", async () => {
    const { check } = await import("../src/index.js");
    const file = parseStackFile({ path: "s.yaml", content: `plugins: [${[...catalog.plugins.keys()][0]}]\n` });
    if (!file.ok) throw new Error("bad stack");
    const r = check(catalog, file.stack, {}, { deadline: Date.now() - 1 });
    expect(r.timed_out).toBe(true);
    const yaml = PRINTERS.yaml(r);
    expect(yaml).toMatch(/^# stopped at the time limit \(--timeout\) before the check finished/);
    expect(parseStackFile({ path: "again.yaml", content: yaml }).ok).toBe(true);
    // The whole process (stopped while loading, or in the check, as the machine goes): the file as given, with the stop said.
    const d = tmpDir();
    writeFileSync(join(d, "s.yaml"), "plugins: [snowflake-plugin]\n");
    const out = bin(["check", "s.yaml", "--timeout", "0.000001", "--format", "yaml"], { cwd: d });
    expect(out.code).toBe(1);
    expect(out.out).toMatch(/^# stopped at the time limit \(--timeout\) before [^\n]*\nplugins:(\n {2}- | \[)snowflake-plugin\]?\n/);
    expect(bin(["check", "-"], { cwd: d, input: out.out }).code).toBe(0);
  });
  it("--top in YAML: the best stack's file, and a comment that the others are in the other formats", () => {
    const r = recommend(loadCatalog(), { useCases: ["rag"] }, { top: 3 });
    expect(r.stacks).toHaveLength(3);
    const yaml = PRINTERS.yaml(r, { colour: false });
    expect(yaml).toMatch(/^# the best of the 3 stacks --top 3 listed; a stack file holds one: --format json or table lists them all\n/);
    const parsed = parseStackFile({ path: "best.yaml", content: yaml });
    expect(parsed.ok && parsed.stack.plugins.map((p) => p.id)).toEqual(r.stack!.plugins.map((p) => p.id));
  });
  it("--top stopped before the best is proven keeps its list, empty, and says why", () => {
    const r = recommend(catalog, request, { work: 20_000, top: 3 });
    expect(r).toMatchObject({ timed_out: true, optimal: false, stacks: [] });
    expect(r.stack).toBeDefined();
    expect(PRINTERS.table(r, { colour: false })).toMatch(/None of the 3 best stacks is listed: the time limit came before the best one was proven/);
  });
  it("a best stack proven before --top's limit is said to be proven", () => {
    // Counted work, the same on every machine: the best proven, the others not all ranked.
    const r = recommend(catalog, request, { work: 1_600_000, top: 5 });
    expect(r).toMatchObject({ timed_out: true, optimal: true });
    expect(PRINTERS.yaml(r, { colour: false })).toMatch(/^# stopped at the time limit \(--timeout\): the best stack, proven; the others asked for were not all ranked/);
    expect(PRINTERS.mermaid(r, { colour: false, catalog })).not.toMatch(/not proven/);
  });
  it("the pictures say it in a comment after their first line", () => {
    const mermaid = PRINTERS.mermaid(stopped, { colour: false, catalog }).split("\n");
    expect(mermaid[0]).toBe("flowchart LR");
    expect(mermaid[1]).toMatch(/^\s*%% Stopped at the time limit/);
    const dot = PRINTERS.dot(stopped, { colour: false, catalog }).split("\n");
    expect(dot[0]).toBe("graph stack {");
    expect(dot[1]).toMatch(/^\s*\/\/ Stopped at the time limit/);
    const done = recommend(loadCatalog(), { useCases: ["rag"] });
    expect(PRINTERS.mermaid(done, { colour: false, catalog: loadCatalog() })).not.toMatch(/time limit/);
  });
  it("export stops writing at the limit: no text, said, exit 1", async () => {
    const r = exportProblem(catalog, request, { format: "wcnf", deadline: Date.now() - 1 });
    expect(r).toMatchObject({ ok: false, timed_out: true, text: "" });
    expect(exportProblem(catalog, request, { format: "wcnf", timeout: 600 }).text).toMatch(/^c The problem/);
    const out = tmpDir();
    const run = await cli("export", "--format", "dimacs", "--catalog", dir, "--use-case", "uc-01", "--timeout", "0.001", "--output", join(out, "x.cnf"));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/time limit/);
    expect(existsSync(join(out, "x.cnf"))).toBe(false);
  });
  it("repair --write that the limit stopped says the file was not written", async () => {
    const file = join(tmpDir(), "stack.yaml");
    const text = `plugins: [${[...catalog.plugins.keys()].slice(0, 60).join(", ")}]\n`;
    writeFileSync(file, text);
    // In process, the catalog already loaded: --timeout 0.25 is 125,000 units of counted work,
    // which this repair needs more than (the clock is only a safety net).
    const r = await cli("repair", file, "--catalog", dir, "--use-case", "uc-01", "--timeout", "0.25", "--write");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not written: stopped at the time limit/);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
  it("bad input and a time limit while loading honour --output and the CI formats", async () => {
    const out = tmpDir();
    const sarif = await cli("check", join(out, "missing.yaml"), "--format", "sarif", "--output", join(out, "a.sarif"));
    expect(sarif.code).toBe(2);
    expect(JSON.parse(readFileSync(join(out, "a.sarif"), "utf8"))).toMatchObject({ version: "2.1.0" });
    const json = await cli("check", join(out, "missing.yaml"), "--format", "json", "--output", join(out, "a.json"));
    expect(json.code).toBe(2);
    expect(json.out).toBe("");
    expect(JSON.parse(readFileSync(join(out, "a.json"), "utf8"))).toMatchObject({ ok: false, diagnostics: [{ code: "no-file" }] });
    // A limit met while loading a catalog of files never read (no load cache).
    const cold = bin(["lint", "--catalog", dir, "--timeout", "0.001", "--format", "github"], { env: { MLX_SOLVE_NO_CACHE: "1" } });
    expect(cold.code).toBe(1);
    expect(cold.out).toMatch(/^::error [^\n]*::Stopped at the time limit/);
  });
});

describe("values are taken as given or refused (exit 2)", () => {
  it("--use-case takes several separated by commas, as --require does", async () => {
    const r = await cli("recommend", "--use-case", "rag,e2e", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).stack.use_cases).toEqual(["end-to-end-ml-pipelines", "rag-applications"]);
  });
  it.each([
    [["recommend", ...CLASH, "--repairs", "-1"], /--repairs expects a whole number/],
    [["recommend", ...CLASH, "--repairs", "abc"], /--repairs expects a whole number/],
    [["recommend", "--use-case", "rag", "--only", "clouds=,"], /empty clouds value/],
    [["recommend", "--use-case", "rag", "--require", "databricks-plugin,"], /an empty id/],
    [["recommend", "--use-case", "rag", "--exclude", ","], /an empty id/],
    [["recommend", "--use-case", "rag,,e2e"], /--use-case expects use cases separated by commas, not "rag,,e2e" \(an empty name\)/],
    // A name's resolution drops punctuation: "rag," was taken as rag, where "rag,e2e," is refused.
    [["recommend", "--use-case", "rag,"], /--use-case expects use cases separated by commas, not "rag," \(an empty name\)/],
    [["recommend", "--use-case", ",rag"], /an empty name/],
    // Decimal numbers only: Number() read "0x10" as 16 and "1e2" as 100.
    [["recommend", "--use-case", "rag", "--timeout", "0x10"], /--timeout expects a positive number of seconds, not "0x10"/],
    [["recommend", ...CLASH, "--repairs", "1e2"], /--repairs expects a whole number of at least 1, not "1e2"/],
    [["analyze", "--use-case", "rag", "--explain", "0b1"], /--explain expects a number or "all", not "0b1"/],
    [["recommend", "--use-case", "rag", "--distinct", "facets"], /expected --top K with it/],
    [["help", "recomend"], /unknown command "recomend".*did you mean "recommend"/],
    [["schema", "--out", ""], /--out expects a directory/],
    // Another shell is no slip of bash (pwsh was asked "did you mean bash?").
    [["completion", "pwsh"], /no completion for "pwsh" \(a shell mlx-solve has no completion for\); expected one of: bash, zsh, fish \[/],
    [["completion", "bsh"], /no completion for "bsh"; expected one of: bash, zsh, fish \(did you mean "bash"\?\)/],
    // An option of one value given twice: commander kept the last without a word.
    [["recommend", "--use-case", "rag", "--format", "json", "--format", "yaml"], /--format is given 2 times; expected it once/],
    [["recommend", "--use-case", "rag", "--catalog", ".", "--catalog=examples"], /--catalog is given 2 times/],
    // A file's name: --out made a directory "s.json" (with stack.schema.json in it).
    [["schema", "stack", "--out", "no-such-dir/s.json"], /--out expects a directory .*not the file "no-such-dir\/s\.json"; --output no-such-dir\/s\.json writes the printed schema/],
    [["check", ""], /expected a file name, not ""/],
    [["recommend", "--use-case", "rag", "--layer", "examples"], /has neither catalog\/ nor constraints\//],
    [["recommend", "--use-case", "rag", "--catalog", ""], /--catalog expects a directory, not ""/],
    [["recommend", "--use-case", "rag", "--layer", ""], /--layer expects a directory, not ""/],
  ])("%j", async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
  it("what a user typed is repeated, but not a huge value whole; an id in capitals is that id", async () => {
    const huge = "a".repeat(100_000);
    const r = await cli("recommend", "--require", huge);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unknown plugin "${"a".repeat(60)}…" (100,000 characters)`);
    expect(r.err.length).toBeLessThan(1000);
    // Only what is between a pair of quotes is cut: a long list between two short values stays whole.
    const { diag } = await import("../src/core/common/diagnostics.js");
    const list = Array.from({ length: 40 }, (_, i) => `category_${i}`).join(", ");
    expect(diag({ file: "f", line: 1, column: 1 }, "x", `unknown category "vector_databses"; expected one of: ${list} (did you mean "vector_databases"?)`).message).toBe(`unknown category "vector_databses"; expected one of: ${list} (did you mean "vector_databases"?)`);
    expect(JSON.parse((await cli("recommend", "--use-case", "rag", "--require", "PINECONE-PLUGIN", "--format", "json")).out).stack.plugins.map((p: { id: string }) => p.id)).toContain("pinecone-plugin");
    expect((await cli("recommend", "--use-case", "rag", "--timeout", "1e3", "--format", "json")).code).toBe(0);
    expect((await cli("recommend", "--use-case", "rag", "--top", "2.0", "--format", "json")).code).toBe(0);
  });
  it("help of help and of a command still exit 0", async () => {
    expect((await cli("help", "help")).code).toBe(0);
    expect((await cli("help", "recommend")).code).toBe(0);
  });
  it("`--repairs 2` lists two repairs", async () => {
    const r = JSON.parse((await cli("recommend", ...CLASH, "--repairs", "2", "--format", "json")).out) as { repairs: unknown[] };
    expect(r.repairs).toHaveLength(2);
  });
  it("a stream named as a file (/dev/stdin) is read as the stream it is", () => {
    const r = bin(["check", "/dev/stdin"], { input: "plugins: [vllm-plugin]\n" });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\/dev\/stdin: valid stack/);
  });
  it("an endless stream is refused as too large once past the limit, not read forever (- and /dev/stdin)", () => {
    for (const file of ["-", "/dev/stdin"]) {
      const zero = openSync("/dev/zero", "r");
      try {
        // Killed after 30 s: before, `check - < /dev/zero` read until memory ran out.
        const r = spawnSync(process.execPath, [BIN, "check", file], { stdio: [zero, "pipe", "pipe"], encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } });
        expect([r.signal, r.status], file).toEqual([null, 2]);
        expect(r.stderr, file).toContain("file is larger than 1048576 bytes (1 MiB)");
      } finally {
        closeSync(zero);
      }
    }
  });
  it("schema all is every schema, as the help names the default; an unknown kind names all among the choices", async () => {
    const all = await cli("schema", "all");
    expect(all.code, all.err).toBe(0);
    expect(all.out).toBe((await cli("schema")).out);
    const bad = await cli("schema", "alll");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown schema "alll"; expected one of: plugin, stack, types, capabilities, use-cases, precedence, objectives, project, or all (did you mean "all"?)');
  });
  it("schema --out makes a directory that is not there, and its help names every kind", async () => {
    const out = join(tmpDir(), "new", "schemas");
    const r = await cli("schema", "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["capabilities", "objectives", "plugin", "precedence", "project", "stack", "types", "use-cases"].map((k) => `${k}.schema.json`));
    expect((await cli("schema", "--help")).out.replace(/\s+/g, " ")).toContain("objectives, project), or all of them");
  });
  it("schema --out \"\" writes nothing anywhere", async () => {
    const before = readdirSync("/");
    await cli("schema", "--out", "");
    expect(readdirSync("/")).toEqual(before);
  });
});

describe("diff --git in CI formats", () => {
  it("an error in the version at REV is annotated on the file's own path, the revision in the message (not FILE@REV)", () => {
    const repo = tmpDir();
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    writeFileSync(join(repo, "t.yaml"), "plugins:\n  - snowflak-plugin\n");
    git("add", "t.yaml");
    git("commit", "-qm", "one");
    copyFileSync(join(ROOT, "examples", "my-stack-next.yaml"), join(repo, "t.yaml"));
    const gh = bin(["diff", "--git", "HEAD", "t.yaml", "--format", "github"], { cwd: repo });
    expect(gh.code).toBe(2);
    expect(gh.out).toMatch(/^::error file=t\.yaml,line=2,col=5,title=mlx-solve input\/unknown-plugin::in the version at HEAD: unknown plugin "snowflak-plugin"/m);
    const sarif = JSON.parse(bin(["diff", "--git", "HEAD", "t.yaml", "--format", "sarif"], { cwd: repo }).out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("t.yaml");
  });
});

describe("diff --git of a file the change adds", () => {
  it("compares it with an empty stack; a revision that is not one stays an error", () => {
    const repo = tmpDir();
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    copyFileSync(join(ROOT, "examples", "my-stack.yaml"), join(repo, "old.yaml"));
    git("add", "old.yaml");
    git("commit", "-qm", "one");
    copyFileSync(join(ROOT, "examples", "my-stack.yaml"), join(repo, "new.yaml"));
    const added = bin(["diff", "--git", "HEAD", "new.yaml", "--format", "json"], { cwd: repo });
    expect(added.err).toBe("");
    const r = JSON.parse(added.out) as { command: string };
    expect(r.command).toBe("diff");
    expect(added.out).toMatch(/databricks-plugin/);
    const bad = bin(["diff", "--git", "nosuchrev", "new.yaml"], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/cannot read new\.yaml at revision nosuchrev/);
  });
});

/** The line of a plugin's tag `key` (under `tags:`, before its `sources:`). */
function tagLine(id: string, key: string): number {
  const lines = readFileSync(join(ROOT, "catalog", "plugins", `${id}.yaml`), "utf8").split("\n");
  const tags = lines.findIndex((l) => l.startsWith("tags:"));
  return lines.findIndex((l, i) => i > tags && l.trimStart().startsWith(`${key}:`)) + 1;
}

describe("a conflict with a tag request cites the tags it rests on, each at its own line", () => {
  it.each([
    [["--only", "license=open-source", "--require", "databricks-plugin"], "databricks-plugin has license proprietary"],
    [["--use-case", "on-prem", "--require", "openai-plugin"], "openai-plugin has hosting managed"],
    [["--only", "clouds=gcp", "--require", "sagemaker-plugin"], "sagemaker-plugin has clouds aws"],
  ])("%j", async (args, fact) => {
    const r = await cli("recommend", ...args, "--format", "json");
    expect(r.code).toBe(1);
    const rules = (JSON.parse(r.out) as { conflict: { rules: { kind: string; message: string; source: string }[] } }).conflict.rules;
    const [id, , key] = fact.split(" ") as [string, string, string];
    expect(rules).toContainEqual({ kind: "tag", message: fact, source: `catalog/plugins/${id}.yaml:${tagLine(id, key)}` });
  });
  it("JSON cites every plugin's tags, each at its own file; the table shortens a long run of one key and keeps the groups apart", async () => {
    const args = ["recommend", "--use-case", "rag", "--only", "license=proprietary", "--only", "hosting=self-hosted"];
    const rules = (JSON.parse((await cli(...args, "--format", "json")).out) as { conflict: { rules: { kind: string; message: string; source: string }[] } }).conflict.rules.filter((r) => r.kind === "tag");
    // One rule per plugin (it was "and 3 more ..." cited at the first of them only).
    expect(rules.every((r) => r.source === `catalog/plugins/${r.message.split(" ")[0]}.yaml:${tagLine(r.message.split(" ")[0]!, r.message.split(" ")[2]!)}`)).toBe(true);
    const licence = rules.filter((r) => / has license /.test(r.message));
    expect(licence.length).toBeGreaterThan(6);
    // Each request's facts together.
    const keys = rules.map((r) => / has (\S+) /.exec(r.message)![1]);
    expect(keys.filter((k, i) => i > 0 && k !== keys[i - 1]).length).toBe(1);
    const table = (await cli(...args)).out;
    expect(table).toContain(`and ${licence.length - 6} more by their license: ${licence.slice(6).map((r) => r.message.split(" ")[0]).join(", ")}`);
  });
});

describe("lint finds a plugin ranked twice and two use cases of one name", () => {
  it("each at its line, as errors", async () => {
    const dir = tmpDir();
    for (const d of ["catalog", "constraints"]) execFileSync("cp", ["-r", join(ROOT, d), join(dir, d)]);
    const prec = join(dir, "constraints", "precedence.yaml");
    const precText = readFileSync(prec, "utf8");
    const listLine = precText.split("\n").findIndex((l) => /^\s+data_source:/.test(l));
    expect(listLine).toBeGreaterThan(0);
    // The list's first entry again at its end.
    const lines = precText.split("\n");
    const flow = /^(\s+data_source:\s*)\[(.*)\]\s*$/.exec(lines[listLine]!);
    if (flow) lines[listLine] = `${flow[1]}[${flow[2]}, ${flow[2]!.split(",")[0]!.trim()}]`;
    else {
      let j = listLine + 1;
      while (/^\s+- /.test(lines[j]!)) j++;
      lines.splice(j, 0, lines[listLine + 1]!);
    }
    writeFileSync(prec, lines.join("\n"));
    const ucs = join(dir, "constraints", "use-cases.yaml");
    const ucText = readFileSync(ucs, "utf8");
    const second = ucText.split("\n").filter((l) => /^\s+name: /.test(l))[1]!;
    writeFileSync(ucs, ucText.replace(second, second.replace(/name: .*/, "name: End-to-end ML pipelines")));
    const r = await cli("lint", "--catalog", dir, "--format", "json");
    const ds = (JSON.parse(r.out) as { diagnostics: { code: string; message: string; file: string; line: number }[] }).diagnostics;
    expect(r.code).toBe(1);
    expect(ds.find((d) => d.code === "duplicate-entry" && /ranked twice under data_source/.test(d.message))).toMatchObject({ file: expect.stringMatching(/precedence\.yaml$/) });
    // Two names alike: a warning (ids and aliases still tell them apart), citing both.
    expect(ds.find((d) => d.code === "duplicate-name")).toMatchObject({ severity: "warning", message: expect.stringMatching(/use cases \S+ \([^)]*use-cases\.yaml:\d+\) and \S+ have the same name "End-to-end ML pipelines"/) });
  });
});

describe("an id that is not kebab-case", () => {
  it("is refused with the kebab-case id it most likely means", async () => {
    const file = join(tmpDir(), "stack.yaml");
    writeFileSync(file, "plugins:\n  - Snowflake-Plugin\n  - openai_plugin\n  - Ünïcode\n");
    const r = await cli("check", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/stack\.yaml:2:5: error: plugins\.0: expected a kebab-case id, found "Snowflake-Plugin" \(did you mean "snowflake-plugin"\?\)/);
    expect(r.err).toMatch(/stack\.yaml:3:5: .*found "openai_plugin" \(did you mean "openai-plugin"\?\)/);
    // Lower case and hyphens cannot make this one an id: no guess.
    const fourth = r.err.split("\n").find((l) => l.includes("stack.yaml:4:5:"));
    expect(fourth).toMatch(/expected a kebab-case id/);
    expect(fourth).not.toMatch(/did you mean/);
    // An accent is taken off: the plugin meant.
    writeFileSync(file, "plugins:\n  - openai-plugin\n  - pinecöne-plugin\n");
    expect((await cli("check", file)).err).toMatch(/stack\.yaml:3:5: .*found "pinecöne-plugin" \(did you mean "pinecone-plugin"\?\)/);
    // A misspelt key of an item mapping is one error, with its did-you-mean (it was also "missing
    // required key id", as a plugin file's misspelt key no longer is).
    writeFileSync(file, "plugins:\n  - { idd: pinecone-plugin }\n");
    expect((await cli("check", file)).err.trim().split("\n")).toEqual([`${file}:2:7: error: unknown key "idd" in plugins.0; expected one of: id, facet (did you mean "id"?) [unknown-key]`]);
    // A "- " line indented deeper than the one above is that item's continuation: said so.
    writeFileSync(file, "plugins:\n  - aws-plugin\n   - kubernetes-plugin\n");
    expect((await cli("check", file)).err).toContain('stack.yaml:2:5: error: plugins.0: expected a kebab-case id, found "aws-plugin - kubernetes-plugin"; a "- " line indented deeper than the item above it continues that item: expected each "- " of the list at the same column');
  });
  it("a command that knows the catalog names the plugin meant, not only the id's lower case (Snowflake: snowflake-plugin)", async () => {
    const file = join(tmpDir(), "stack.yaml");
    writeFileSync(file, "plugins:\n  - Snowflake\n  - { id: Pine-Cone }\n  - { id: Openai-Plugin, facet: Gpt }\n");
    const r = await cli("check", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/stack\.yaml:2:5: .*found "Snowflake" \(did you mean "snowflake-plugin"\?\)/);
    expect(r.err).toMatch(/stack\.yaml:3:11: .*found "Pine-Cone" \(did you mean "pinecone-plugin"\?\)/);
    expect(r.err).toMatch(/stack\.yaml:4:11: .*found "Openai-Plugin" \(did you mean "openai-plugin"\?\)/);
    // A facet value is no plugin: its hint stays the value's lower case.
    expect(r.err).toMatch(/stack\.yaml:4:33: .*found "Gpt" \(did you mean "gpt"\?\)/);
    // Without the catalog (the library's parseStackFile alone), the lower case, as before.
    const alone = parseStackFile({ path: "s.yaml", content: "plugins: [Snowflake]\n" });
    expect(alone.ok === false && alone.diagnostics[0]!.message).toMatch(/\(did you mean "snowflake"\?\)$/);
  });
});

describe("a project file's misspelt tag key", () => {
  it("gets the did-you-mean --only gets", () => {
    const dir = tmpDir();
    writeFileSync(join(dir, "mlx-solve.yaml"), "request:\n  use_cases: [rag]\n  only: [licence=open-source]\n");
    const r = bin(["recommend"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mlx-solve\.yaml:3:10: error: .*found "licence=open-source" \(did you mean "license=open-source"\?\)/m);
  });
});

describe("a base catalog of plugins alone (a layer's shape)", () => {
  it("is one error that names --layer (layers: in a project file, cited at its line), not five missing files", () => {
    const dir = tmpDir();
    writeTree({ "lay/catalog/plugins/x-plugin.yaml": "id: x-plugin\n" }, dir);
    const direct = bin(["recommend", "--use-case", "rag", "--catalog", "lay", "--no-config"], { cwd: dir });
    expect(direct.code).toBe(2);
    expect(direct.err.trim().split("\n")).toEqual([expect.stringMatching(/^lay: error: catalog directory "lay" has catalog\/ but no constraints\/; .*--layer lay/)]);
    writeFileSync(join(dir, "mlx-solve.yaml"), "catalog: ./lay\n");
    const project = bin(["recommend", "--use-case", "rag"], { cwd: dir });
    expect(project.code).toBe(2);
    expect(project.err.trim().split("\n")).toEqual([expect.stringMatching(/^mlx-solve\.yaml:1:10: error: catalog directory "\.\/lay" .* has catalog\/ but no constraints\/; .*name it under layers:/)]);
    // A constraints/ with only some of a base's files, as examples/acme-layer: the same, at the line.
    writeTree({ "lay/constraints/precedence.yaml": "plugin_precedence: {}\n" }, dir);
    const partial = bin(["recommend", "--use-case", "rag"], { cwd: dir });
    expect(partial.code).toBe(2);
    expect(partial.err.trim().split("\n")).toEqual([expect.stringMatching(/^mlx-solve\.yaml:1:10: error: catalog directory "\.\/lay" .* lacks constraints\/types\.yaml, .*name it under layers:/)]);
  });
});

describe("a project file naming a directory that is not there", () => {
  it("is cited at its own line, where the command uses it (--catalog replaces the file's catalog)", () => {
    const dir = tmpDir();
    writeFileSync(join(dir, "mlx-solve.yaml"), "catalog: ./nocatalog\nlayers: [../nolayer]\n");
    const r = bin(["recommend", "--use-case", "rag"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mlx-solve\.yaml:1:10: error: catalog directory "\.\/nocatalog" \([^)]*\) does not exist/m);
    expect(r.err).toMatch(/^mlx-solve\.yaml:2:10: error: layer directory "\.\.\/nolayer"/m);
    writeFileSync(join(dir, "mlx-solve.yaml"), "catalog: ./nocatalog\n");
    expect(bin(["recommend", "--use-case", "rag", "--catalog", ROOT], { cwd: dir }).code).toBe(0);
  });
  it("a directory there with neither catalog/ nor constraints/ (the project's own, as a layer) is cited where the file names it, each time", () => {
    const dir = tmpDir();
    writeFileSync(join(dir, "mlx-solve.yaml"), "layers: [., .]\nrequest:\n  use_cases: [rag]\n");
    const r = bin(["recommend"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toEqual([
      `mlx-solve.yaml:1:10: error: layer directory "." (${dir}) has neither catalog/ nor constraints/; expected a directory with catalog/plugins/ or constraints/, relative to mlx-solve.yaml [no-catalog]`,
      `mlx-solve.yaml:1:13: error: layer directory "." (${dir}) has neither catalog/ nor constraints/; expected a directory with catalog/plugins/ or constraints/, relative to mlx-solve.yaml [no-catalog]`,
    ]);
  });
});

describe("why-not and analyze cite the tags a tag request rests on too", () => {
  it("why-not databricks-plugin --only license=open-source; analyze's dead plugins of on-premises", async () => {
    const w = JSON.parse((await cli("why-not", "databricks-plugin", "--only", "license=open-source", "--use-case", "rag", "--format", "json")).out) as { forced: { rules: { kind: string; message: string }[] } };
    expect(w.forced.rules).toContainEqual(expect.objectContaining({ kind: "tag", message: "databricks-plugin has license proprietary" }));
    const a = JSON.parse((await cli("analyze", "--use-case", "on-prem", "--use-case", "rag", "--format", "json")).out) as { dead: { id: string; because?: { rules: { kind: string; message: string }[] } }[] };
    const anthropic = a.dead.find((d) => d.id === "anthropic-plugin");
    expect(anthropic?.because?.rules).toContainEqual(expect.objectContaining({ kind: "tag", message: "anthropic-plugin has hosting managed" }));
  });
});

describe("check's warnings and the cost do not count different things under one name", () => {
  it("per plugin and category, 'unmet integrations'; the integration-gaps cost counts pairs", async () => {
    const dir = tmpDir();
    const file = join(dir, "s.yaml");
    writeFileSync(file, "use_cases: [rag-applications]\nplugins: [mlflow-plugin, wandb-plugin, databricks-plugin, sagemaker-plugin, pinecone-plugin, openai-plugin]\n");
    const r = await cli("check", file);
    const warnings = (r.out.match(/^ {2}! /gm) ?? []).length;
    expect(r.out).toContain(`${warnings} unmet integration`);
    expect(r.out).not.toMatch(/\d+ integration gaps? \(warnings/);
  });
});

describe("a filter of several values reads as any of them", () => {
  it("--only clouds=gcp,azure: 'clouds=azure or clouds=gcp' in the sentence; the request's value stays as typed", async () => {
    const j = JSON.parse((await cli("explain", "--require", "sagemaker-plugin", "--only", "clouds=gcp,azure", "--format", "json")).out);
    expect(j.conflict.requests).toContainEqual(expect.objectContaining({ kind: "only", value: "clouds=azure,gcp", message: "you asked only for plugins with clouds=azure or clouds=gcp" }));
  });
});
