/**
 * The small things of the command line: --output FILE, shell completion, did-you-mean on every
 * name the user types, recommend without a request, bare `mlx-solve`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, cli, ROOT, tmpDir, writeTree } from "./support/helpers.js";

const noTrace = (s: string) => expect(s).not.toMatch(/\n\s+at \S+/);

describe("the parts of a request (core/common/request-fields.ts)", () => {
  it("each is an option of every command that solves, and a key of the project file's request", async () => {
    const { REQUEST_FIELDS } = await import("../src/index.js");
    for (const command of ["recommend", "explain", "why", "why-not", "check", "repair", "analyze", "sample", "export", "diff"]) {
      const help = (await cli("help", command)).out;
      for (const { option } of REQUEST_FIELDS) expect(help, `${command} ${option}`).toMatch(new RegExp(`^\\s+${option}\\b`, "m"));
    }
    const schema = JSON.parse(readFileSync(join(ROOT, "schema/project.schema.json"), "utf8")) as { properties: { request: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.request.properties).sort()).toEqual(REQUEST_FIELDS.map((f) => f.projectKey).sort());
  });
});

describe("bare mlx-solve and recommend without a request", () => {
  it("bare mlx-solve prints the help on stderr, exit 2; --help still exit 0", async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Usage: mlx-solve/);
    expect(r.out).toBe("");
    expect((await cli("--help")).code).toBe(0);
  });

  it("recommend with no request says what to ask, exit 2 (JSON: a diagnostic)", async () => {
    const r = await cli("recommend", "--no-config");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/recommend needs a request: .*--use-case NAME/);
    const j = await cli("recommend", "--no-config", "--format", "json");
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out).diagnostics[0].code).toBe("no-request");
    // Any one request option is a request.
    expect((await cli("recommend", "--no-config", "--avoid", "mlflow-plugin")).code).toBe(0);
    // explain too (it answered "Nothing to explain" with the empty stack, exit 0).
    const e = await cli("explain", "--no-config");
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/explain needs a request: .*--use-case NAME/);
  });
});

describe("--prefer-tag: tags where possible (soft)", () => {
  it("prefers open-source plugins at the wishes level where --only would refuse the rest; a project file's prefer_tags too", async () => {
    const ids = (out: string) => (JSON.parse(out).stack.plugins as { id: string }[]).map((p) => p.id);
    const plain = await cli("recommend", "--use-case", "rag", "--no-config", "--format", "json");
    const soft = await cli("recommend", "--use-case", "rag", "--no-config", "--prefer-tag", "license=open-source", "--format", "json");
    expect(soft.code).toBe(0);
    // The default RAG stack has proprietary pinecone and openai; preferred away where possible.
    expect(ids(plain.out)).toEqual(expect.arrayContaining(["openai-plugin", "pinecone-plugin"]));
    const licences = new Map((JSON.parse((await cli("list", "plugins", "--format", "json")).out).items as { id: string; license: string }[]).map((p) => [p.id, p.license]));
    expect(ids(soft.out).filter((id) => licences.get(id) !== "open-source")).toEqual([]);
    expect(JSON.parse(soft.out).cost[0]).toEqual({ objective: "wishes", value: 0 });
    // Where no open-source plugin can serve, it still answers (a hard --only would not): the cost says how many.
    const forced = JSON.parse((await cli("recommend", "--require", "pinecone-plugin", "--no-config", "--prefer-tag", "license=open-source", "--format", "json")).out);
    expect(forced.ok).toBe(true);
    expect(forced.cost[0]).toEqual({ objective: "wishes", value: 1 });
    // Checked as --only is: an unknown value with its did-you-mean, exit 2.
    const bad = await cli("recommend", "--use-case", "rag", "--prefer-tag", "license=opensource");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/option --prefer-tag: error: unknown license "opensource".*did you mean "open-source"/);
    // A project file's default, cited at its place, said in the note.
    const dir = writeTree({ "mlx-solve.yaml": "request:\n  use_cases: [rag]\n  prefer_tags: [license=open-source]\n" });
    const before = process.cwd();
    try {
      process.chdir(dir);
      const r = await cli("recommend", "--format", "json");
      expect(ids(r.out)).toEqual(ids(soft.out));
      expect(r.err).toContain("--prefer-tag license=open-source");
    } finally {
      process.chdir(before);
    }
  });
});

describe("wishes where they change nothing", () => {
  it("sample and analyze say that --prefer, --avoid and --prefer-tag only rank stacks (they were taken in silence)", async () => {
    const s = await cli("sample", "--use-case", "rag", "--no-config", "--prefer", "pinecone-plugin", "--format", "json");
    expect(s.code).toBe(0);
    expect(s.err).toBe("note: sample covers every valid stack; --prefer only ranks stacks, so it changes nothing here\n");
    // The same answer as without it.
    expect(JSON.parse(s.out).stacks).toEqual(JSON.parse((await cli("sample", "--use-case", "rag", "--no-config", "--format", "json")).out).stacks);
    expect((await cli("analyze", "--use-case", "rag", "--no-config", "--avoid", "pinecone-plugin", "--prefer-tag", "license=open-source", "--format", "json")).err).toBe("note: analyze analyses every valid stack; --avoid, --prefer-tag only rank stacks, so they change nothing here\n");
    expect((await cli("analyze", "--use-case", "rag", "--no-config", "--format", "json")).err).toBe("");
  });
});

describe("the benchmark settings in the environment", () => {
  it("a value not taken is said on stderr, not ignored without a word", () => {
    const r = bin(["recommend", "--use-case", "rag", "--format", "json"], { env: { MLX_SOLVE_WORK_PER_SECOND: "abc", MLX_SOLVE_SEARCH: "fastest" } });
    expect(r.code).toBe(0);
    expect(r.err).toContain("mlx-solve: warning: MLX_SOLVE_WORK_PER_SECOND=abc is ignored; expected a positive number of units of work a second, or Infinity");
    expect(r.err).toMatch(/mlx-solve: warning: MLX_SOLVE_SEARCH=fastest is ignored; expected one of /);
    expect(bin(["recommend", "--use-case", "rag", "--format", "json"], { env: { MLX_SOLVE_WORK_PER_SECOND: "Infinity" } }).err).not.toContain("warning");
    expect(bin(["list", "types", "--format", "json"], { env: { MLX_SOLVE_CACHE_MAX_MB: "lots" } }).err).toContain("mlx-solve: warning: MLX_SOLVE_CACHE_MAX_MB=lots is ignored; expected a number of megabytes (0 or more)");
    // By the cache's own rule: Infinity is no size it takes either.
    expect(bin(["list", "types", "--format", "json"], { env: { MLX_SOLVE_CACHE_MAX_MB: "Infinity" } }).err).toContain("MLX_SOLVE_CACHE_MAX_MB=Infinity is ignored");
  });
});

describe("did you mean", () => {
  const cases: [string[], RegExp][] = [
    [["recommend", "--format", "jsno"], /--format expects one of: .*not "jsno" \(did you mean "json"\?\)/],
    [["recommend", "--use-case", "rga"], /did you mean "rag"\?/],
    [["recommend", "--exclude", "qdrnt"], /unknown plugin "qdrnt".*did you mean "qdrant-plugin"\?/],
    [["why", "pinecon"], /unknown plugin "pinecon".*did you mean "pinecone-plugin"\?/],
    [["recommend", "--use-case", "rag", "--only", "licence=open-source"], /unknown tag "licence".*did you mean "license"\?/],
    [["recommend", "--use-case", "rag", "--only", "license=opensource"], /did you mean "open-source"\?/],
    [["recommend", "--use-case", "rag", "--integrations", "strcit"], /did you mean "strict"\?/],
    [["recommend", "--use-case", "rag", "--top", "2", "--distinct", "facet"], /did you mean "facets"\?/],
    [["list", "plugns"], /did you mean "plugins"\?/],
    [["schema", "stak"], /did you mean "stack"\?/],
    [["completion", "bsh"], /did you mean "bash"\?/],
  ];
  for (const [args, re] of cases) {
    it(args.join(" "), async () => {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      noTrace(r.err);
    });
  }
  it("a misspelt command or option: commander's suggestion, exit 2", async () => {
    const r = await cli("recomend");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Did you mean recommend\?/);
  });
});

describe("--output FILE", () => {
  it("writes what would be printed to the file, and nothing to stdout; the exit code is the command's", async () => {
    const dir = tmpDir();
    const out = join(dir, "answer.json");
    const printed = await cli("recommend", "--use-case", "rag", "--format", "json");
    const r = await cli("recommend", "--use-case", "rag", "--format", "json", "--output", out);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(readFileSync(out, "utf8")).toBe(printed.out);
    const bad = await cli("recommend", "--require", "databricks-plugin", "--require", "outerbounds-plugin", "--output", out);
    expect(bad.code).toBe(1);
    expect(readFileSync(out, "utf8")).toMatch(/No valid stack exists/);
    // No temporary file left beside it.
    expect(readdirSync(dir)).toEqual(["answer.json"]);
  });

  it("an unwritable place is an input error, exit 2, and the old file is untouched", async () => {
    const dir = tmpDir();
    const r = await cli("list", "plugins", "--output", join(dir, "no", "such", "dir", "x.txt"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot write .*its directory does not exist/);
    const keep = join(dir, "keep.txt");
    writeFileSync(keep, "old\n");
    const e = await cli("recommend", "--use-case", "no-such-use-case", "--output", keep);
    expect(e.code).toBe(2);
    expect(readFileSync(keep, "utf8")).toBe("old\n");
  });

  it("the file a command reads is never its --output, in any format or spelling: exit 2, the file untouched", () => {
    const stack = readFileSync(join(ROOT, "examples", "my-stack.yaml"), "utf8");
    const dir = writeTree({ "a.yaml": stack, "b.yaml": stack });
    for (const args of [
      ["check", "a.yaml", "--output", "a.yaml"],
      ["check", "a.yaml", "--format", "json", "--output=./a.yaml"],
      ["repair", "a.yaml", "--write", "--output", join(dir, "a.yaml")],
      ["diff", "b.yaml", "a.yaml", "--format", "sarif", "--output", "a.yaml"],
    ]) {
      const r = bin(args, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out + r.err).toMatch(/--output names .*a\.yaml, the file this command reads; expected another file/);
      expect(readFileSync(join(dir, "a.yaml"), "utf8"), args.join(" ")).toBe(stack);
    }
  });

  it("nor the project file or a file of the catalog's directories; an argument that is no file (a plugin id, list's kind) is not one", () => {
    const dir = writeTree({ "mlx-solve.yaml": "request:\n  use_cases: [rag]\n" });
    const project = bin(["recommend", "--output", "mlx-solve.yaml"], { cwd: dir });
    expect(project.code).toBe(2);
    expect(project.err).toMatch(/--output names mlx-solve\.yaml, the file this command reads/);
    expect(readFileSync(join(dir, "mlx-solve.yaml"), "utf8")).toBe("request:\n  use_cases: [rag]\n");
    const inCatalog = bin(["recommend", "--use-case", "rag", "--output", join(ROOT, "catalog", "plugins", "zz-output.yaml")], { cwd: dir });
    expect(inCatalog.code).toBe(2);
    expect(inCatalog.err).toMatch(/--output names a file in .*catalog, a directory of the catalog this command reads/);
    expect(existsSync(join(ROOT, "catalog", "plugins", "zz-output.yaml"))).toBe(false);
    for (const args of [["list", "plugins", "--output", "plugins"], ["why", "langfuse-plugin", "--use-case", "rag", "--output", "langfuse-plugin"]])
      for (let i = 0; i < 2; i++) expect(bin([...args, "--no-config"], { cwd: dir }).code, `${args.join(" ")} (run ${i + 1})`).toBeLessThan(2);
  });

  it("every command that prints takes it", async () => {
    const dir = tmpDir();
    for (const args of [["list", "types"], ["schema", "stack"], ["export", "--format", "asp", "--use-case", "rag"], ["lint", "--catalog", "test/fixtures/mini"], ["completion", "fish"]]) {
      const f = join(dir, `${args[0]}.out`);
      const r = await cli(...args, "--output", f);
      expect(r.code, args.join(" ")).toBeLessThan(2);
      expect(existsSync(f)).toBe(true);
    }
  });
});

describe("completion bash|zsh|fish", () => {
  const script = (shell: string) => bin(["completion", shell]).out;
  /** What bash's completion offers for the words typed so far (the last one being completed). */
  const complete = (file: string, words: string[]) => {
    const cmd = `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")}); COMP_CWORD=${words.length - 1}; _mlx_solve; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync("bash", ["-c", cmd], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean);
  };

  it("bash completes commands, options, choices, plugin ids and use cases", () => {
    const file = join(tmpDir(), "mlx-solve.bash");
    writeFileSync(file, script("bash"));
    expect(complete(file, ["mlx-solve", "rec"])).toEqual(["recommend"]);
    expect(complete(file, ["mlx-solve", "recommend", "--require", "pinec"])).toEqual(["pinecone-plugin"]);
    expect(complete(file, ["mlx-solve", "recommend", "--use-case", "rag"])).toEqual(["rag", "rag-applications"]);
    expect(complete(file, ["mlx-solve", "recommend", "--format", "j"])).toEqual(["json"]);
    expect(complete(file, ["mlx-solve", "check", "--format", "s"])).toEqual(["sarif"]);
    expect(complete(file, ["mlx-solve", "diff", "--gi"])).toEqual(["--git"]);
    expect(complete(file, ["mlx-solve", "why-not", "qdr"])).toEqual(["qdrant-plugin"]);
    expect(complete(file, ["mlx-solve", "list", "use"])).toEqual(["use-cases"]);
    expect(complete(file, ["mlx-solve", "completion", "f"])).toEqual(["fish"]);
    // help COMMAND: the commands (it offered nothing).
    expect(complete(file, ["mlx-solve", "help", "re"])).toEqual(["recommend", "repair"]);
    expect(complete(file, ["mlx-solve", "he"])).toEqual(["help"]);
    expect(complete(file, ["mlx-solve", "recommend", "--out"])).toEqual(["--output"]);
    // --only KEY=VALUE: bash splits the word at "=", the value comes after it.
    expect(complete(file, ["mlx-solve", "recommend", "--only", "li"])).toEqual(["license="]);
    expect(complete(file, ["mlx-solve", "recommend", "--only", "license", "="])).toEqual(["open-source", "source-available", "proprietary"]);
    expect(complete(file, ["mlx-solve", "recommend", "--only", "clouds", "=", "a"])).toEqual(["any", "aws", "azure"]);
  });

  it("zsh runs the bash completion through bashcompinit; fish has a line per command and option", () => {
    const zsh = script("zsh");
    expect(zsh).toMatch(/^#compdef mlx-solve\n/);
    expect(zsh).toContain("bashcompinit");
    expect(zsh).toContain("complete -o default -F _mlx_solve mlx-solve");
    const fish = script("fish");
    expect(fish).toContain("complete -c mlx-solve -n __fish_use_subcommand -a diff -d");
    expect(fish).toMatch(/-n '__fish_seen_subcommand_from recommend' -l require .* -x -a '[^']*pinecone-plugin/);
    expect(fish).toMatch(/-l only .* -x -a '[^']*license=open-source[^']*clouds=gcp'/);
    expect(fish).toMatch(/-n '__fish_seen_subcommand_from check' -l format .* -x -a 'table json yaml mermaid dot github sarif'/);
    // bash's own syntax check of the bash script.
    const file = join(tmpDir(), "c.bash");
    writeFileSync(file, script("bash"));
    expect(spawnSync("bash", ["-n", file], { encoding: "utf8" }).status).toBe(0);
  });
});

describe("a format named by another word", () => {
  it("export --format cnf is DIMACS, not the nearest spelling wcnf", async () => {
    const r = await cli("export", "--format", "cnf", "--use-case", "rag");
    expect(r.code).toBe(2);
    expect(r.err).toContain('not "cnf" (did you mean "dimacs"?)');
    expect((await cli("recommend", "--format", "wcn", "--use-case", "rag")).err).toMatch(/expects one of: table, json, yaml, mermaid, dot; not "wcn"/);
  });
});
