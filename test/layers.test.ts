/**
 * Your own plugins on top: layers over the base catalog (--layer), entries they add or override
 * (overrides: true), errors cited in the layer's own files, and the project file (mlx-solve.yaml,
 * found upward) with its layers and default request. The worked example of
 * docs/catalog-format.md runs as written.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { check, loadCatalog, loadCatalogFromFiles, parseStackFile, readCatalogFiles } from "../src/index.js";
import { fencedBlocks } from "./support/examples.js";
import { bin, cli, ROOT, tmpDir } from "./support/helpers.js";

/** Runs a command line of the docs from `cwd` ("cd X && npx mlx-solve ..." included). */
async function runDocLine(line: string) {
  const cd = /^cd (\S+) && /.exec(line);
  const args = [...line.replace(/^cd \S+ && /, "").replace(/^npx mlx-solve\s+/, "").matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  const before = process.cwd();
  try {
    process.chdir(join(ROOT, cd?.[1] ?? "."));
    return await cli(...args);
  } finally {
    process.chdir(before);
  }
}

function layer(files: Record<string, string>): string {
  const dir = tmpDir("layer-");
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const plugin = (id: string, extra = "") =>
  `id: ${id}\nname: ${id}\ntype: feature_store\nsummary: test\ntags: { license: proprietary, hosting: [self-hosted], clouds: any }\ncapabilities: [feature-serving]\n${extra}`;

describe("layers", () => {
  it("the worked example of docs/catalog-format.md runs as written", async () => {
    const docs = readFileSync(join(ROOT, "docs", "catalog-format.md"), "utf8");
    const section = docs.slice(docs.indexOf("## Your own plugins on top"));
    const lines = fencedBlocks(section.slice(0, section.indexOf("\n## ", 5)))
      .filter((b) => b.lang === "sh")
      .flatMap((b) => b.body.split("\n").filter((l) => l.includes("npx mlx-solve")));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const r = await runDocLine(line);
      expect(r.code, `${line}\n${r.err}`).toBe(0);
      if (line.includes("recommend")) expect(r.out).toContain("acme-features-plugin");
    }
  });

  it("a layer in the working directory: its files and the built-in ones of the same names are told apart", async () => {
    // From inside the layer, its constraints/types.yaml and the built-in one were both shown as
    // "constraints/types.yaml", taken for one file, and the redefinition passed without a word.
    const dir = layer({
      "constraints/types.yaml": "types:\n  feature_store:\n    purpose: x\n    seed_rule: x\n    rule: unbounded\n    category: feature_stores\n",
      "constraints/use-cases.yaml": "use_cases:\n  rag-applications:\n    name: Our RAG\n    needs: [vector-search]\n",
    });
    const before = process.cwd();
    try {
      process.chdir(dir);
      const r = await cli("lint", "--layer", ".", "--format", "json");
      const found = (JSON.parse(r.out).diagnostics as { code: string; file: string; message: string }[]).filter((d) => d.code === "duplicate-entry");
      expect(found.map((d) => d.file)).toEqual(["constraints/types.yaml", "constraints/use-cases.yaml"]);
      // The built-in file is cited where it is, from here.
      expect(found[0]!.message).toContain(`already defined in ${relative(dir, join(ROOT, "constraints", "types.yaml"))}`);
      expect(r.code).toBe(1);
    } finally {
      process.chdir(before);
    }
  });

  it("what an override breaks below it is a warning naming the override, and the layered catalog still answers", async () => {
    const openai = readFileSync(join(ROOT, "catalog", "plugins", "openai-plugin.yaml"), "utf8").replace("id: openai-plugin\n", "id: openai-plugin\noverrides: true\n").replace("model: [gpt]", "model: [gpt-5]");
    const s3 = readFileSync(join(ROOT, "catalog", "plugins", "s3-plugin.yaml"), "utf8").replace("id: s3-plugin\n", "id: s3-plugin\noverrides: true\n").replace(/^type: .*$/m, "type: cloud_provider");
    const dir = layer({ "catalog/plugins/openai-plugin.yaml": openai, "catalog/plugins/s3-plugin.yaml": s3 });
    const r = await cli("recommend", "--layer", dir, "--use-case", "rag");
    expect(r.code, r.err).toBe(0);
    const l = await cli("lint", "--layer", dir, "--format", "json");
    const ds = JSON.parse(l.out).diagnostics as { severity: string; code: string; file: string; message: string }[];
    // The built-in compositions that name openai-plugin(gpt), the built-in plugins that list s3-plugin as a data source.
    const facet = ds.filter((d) => d.code === "unknown-facet");
    expect(facet.map((d) => d.file).sort()).toEqual(["catalog/compositions/ai-powered-ml-platform.yaml", "catalog/compositions/enterprise-ml-stack.yaml"]);
    const wrongType = ds.filter((d) => d.code === "integration-wrong-type");
    expect(wrongType.length).toBeGreaterThan(0);
    for (const d of [...facet, ...wrongType]) {
      expect(d.severity).toBe("warning");
      expect(d.message).toMatch(new RegExp(`\\((openai|s3)-plugin is overridden by ${relative(ROOT, dir)}/catalog/plugins/(openai|s3)-plugin\\.yaml:\\d+\\)$`));
    }
    expect(ds.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("a type or a use case overridden in a layer: what it breaks in the built-in compositions is a warning naming it, and every command still runs", async () => {
    // A type override used to stop every command (exit 2, errors in the built-in compositions);
    // a use-case override failed lint.
    const types = layer({ "constraints/types.yaml": "types:\n  vector_database:\n    overrides: true\n    purpose: Vector storage, many at once\n    seed_rule: unbounded\n    rule: unbounded\n    category: vector_databases\n" });
    const uc = layer({ "constraints/use-cases.yaml": "use_cases:\n  rag-applications:\n    overrides: true\n    name: RAG applications (ours)\n    aliases: [rag, retrieval-augmented-generation]\n    needs: [vector-search, feature-serving]\n" });
    for (const [dir, what] of [[types, "type vector_database"], [uc, "use case rag-applications"]] as const) {
      expect((await cli("list", "plugins", "--layer", dir)).code).toBe(0);
      expect((await cli("recommend", "--use-case", "rag", "--layer", dir)).code).toBe(0);
      const l = await cli("lint", "--layer", dir, "--format", "json");
      const ds = JSON.parse(l.out).diagnostics as { severity: string; file: string; message: string }[];
      const broken = ds.filter((d) => d.file.startsWith("catalog/compositions/"));
      expect(broken.length).toBeGreaterThan(0);
      for (const d of broken) {
        expect(d.severity).toBe("warning");
        expect(d.message).toMatch(new RegExp(`\\((${what} is overridden by |below the override of ${what} \\()${relative(ROOT, dir)}/constraints/`));
      }
      expect(l.code, l.out).toBe(0);
    }
  });

  it("a composition whose facet an override dropped is still checked for the rest: its lost need is a warning too", async () => {
    const pinecone = readFileSync(join(ROOT, "catalog", "plugins", "pinecone-plugin.yaml"), "utf8")
      .replace("id: pinecone-plugin\n", "id: pinecone-plugin\noverrides: true\n")
      .replace(/^type: .*$/m, "type: feature_store")
      .replace(/^capabilities: .*$/m, "capabilities: [feature-serving]");
    const dir = layer({ "catalog/plugins/pinecone-plugin.yaml": pinecone });
    const l = await cli("lint", "--layer", dir, "--format", "json");
    const ds = JSON.parse(l.out).diagnostics as { severity: string; code: string; file: string; message: string }[];
    const lost = ds.filter((d) => d.code === "invalid-composition" && d.message.includes("needs vector-search"));
    expect(lost.map((d) => d.file)).toContain("catalog/compositions/ai-powered-ml-platform.yaml");
    for (const d of lost) expect(d.severity).toBe("warning");
    expect(l.code).toBe(0);
  });

  it("a layer's use case whose name holds a comma is named whole by --use-case; other commas separate use cases", async () => {
    const dir = layer({ "constraints/use-cases.yaml": "use_cases:\n  search-ranking:\n    name: Search, ranking and recommendations\n    needs: [vector-search]\n" });
    const whole = await cli("recommend", "--layer", dir, "--use-case", "Search, ranking and recommendations", "--format", "json");
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.out).stack.use_cases).toEqual(["search-ranking"]);
    const two = await cli("recommend", "--layer", dir, "--use-case", "search-ranking,rag", "--format", "json");
    expect(JSON.parse(two.out).stack.use_cases).toEqual(["rag-applications", "search-ranking"]);
  });
  it("what loading a layer leaves out is said on stderr by every command, as lint says it; stdout stays the answer", async () => {
    const dir = layer({ "catalog/plugins/team-a/acme-x-plugin.yaml": plugin("acme-x-plugin"), "catalog/plugins/.acme-y-plugin.yaml": plugin("acme-y-plugin"), "constraints/use-cases.yml": "use_cases: {}\n" });
    const r = await cli("recommend", "--use-case", "rag", "--layer", dir, "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).command).toBe("recommend");
    const said = r.err.trim().split("\n");
    expect(said).toHaveLength(3);
    for (const line of said) expect(line).toMatch(/: warning: skipped: .*\[skipped-file\]$/);
    expect(r.err).toContain("rename it use-cases.yaml");
    // The built-in catalog alone: nothing to say.
    expect((await cli("recommend", "--use-case", "rag")).err).toBe("");
  });

  it("a layer named twice (a project file's, given again with --layer) is read once, not a duplicate of itself", async () => {
    const dir = layer({ "catalog/plugins/acme-store-plugin.yaml": plugin("acme-store-plugin") });
    const r = await cli("list", "plugins", "--layer", dir, "--layer", `${dir}/`, "--format", "json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).items.filter((p: { id: string }) => p.id === "acme-store-plugin")).toHaveLength(1);
  });

  it("a layer's use case whose id is a built-in alias is cited in the layer's file, not the built-in one", async () => {
    const dir = layer({ "constraints/use-cases.yaml": "use_cases:\n  rag:\n    name: Rag (ours)\n    needs: [feature-serving]\n" });
    const r = await cli("lint", "--layer", dir, "--format", "json");
    const d = (JSON.parse(r.out).diagnostics as { code: string; file: string; line: number; message: string }[]).find((x) => x.code === "alias-shadows-id")!;
    expect(d.file).toBe(`${relative(ROOT, dir)}/constraints/use-cases.yaml`);
    expect(d.line).toBe(2);
    expect(d.message).toMatch(/^use case id "rag" is already an alias of rag-applications \(constraints\/use-cases\.yaml:\d+\)/);
  });

  it("the file examples of docs/catalog-format.md load as written: the plugin as a layer (warnings at most), the composition as a valid stack", () => {
    const docs = readFileSync(join(ROOT, "docs", "catalog-format.md"), "utf8");
    const yaml = fencedBlocks(docs).filter((b) => b.lang === "yaml");
    const pluginText = yaml.find((b) => b.body.includes("plugin.schema.json"))!.body;
    const loaded = loadCatalogFromFiles({ ...readCatalogFiles(), layers: [{ plugins: [{ path: "docs/feast-plugin.yaml", content: pluginText }], compositions: [] }] });
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(loaded.catalog!.plugins.get("feast-plugin")!.summary).toMatch(/^Open-source feature store: /);
    const composition = parseStackFile({ path: "docs/composition.yaml", content: yaml.find((b) => b.body.includes("stack.schema.json") && /^name: /m.test(b.body))!.body });
    expect(composition.ok && check(loadCatalog(), composition.stack).violations).toEqual([]);
  });

  it("the capabilities the docs' use-case examples need and suggest are the catalog's own", () => {
    const docs = readFileSync(join(ROOT, "docs", "catalog-format.md"), "utf8");
    const named = fencedBlocks(docs)
      .filter((b) => b.lang === "yaml")
      .flatMap((b) => [...b.body.matchAll(/^\s*(?:needs|suggests): \[([^\]]*)\]/gm)].flatMap((m) => m[1]!.split(",").map((c) => c.trim())));
    expect(named.length).toBeGreaterThan(4);
    // (A copied example with a made-up capability failed with unknown-capability.)
    expect(named.filter((c) => !loadCatalog().capabilities.has(c))).toEqual([]);
  });

  it("the base catalog named as a layer too is read once, as the base (it was ~100 duplicate-id errors)", async () => {
    const plain = await cli("recommend", "--use-case", "rag", "--format", "json");
    for (const args of [["--layer", ROOT], ["--catalog", ROOT, "--layer", join(ROOT, ".")]]) {
      const r = await cli("recommend", "--use-case", "rag", "--format", "json", ...args);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out).stack).toEqual(JSON.parse(plain.out).stack);
    }
  });

  it("a use case that needs nothing is a warning naming --prefer-tag (a made-up use case for a tag preference allowed a vector database more)", async () => {
    const dir = layer({ "constraints/use-cases.yaml": "use_cases:\n  oss-first:\n    name: Open source first\n    needs: []\n    tag_preferences: [license=open-source]\n" });
    const ds = JSON.parse((await cli("lint", "--layer", dir, "--format", "json", "--no-config")).out).diagnostics as { code: string; severity: string; line: number; message: string }[];
    const d = ds.find((x) => x.code === "use-case-needs-nothing")!;
    expect(d).toMatchObject({ severity: "warning", line: 4 });
    expect(d.message).toMatch(/^use case oss-first needs no capability and has no tag rule, .* --prefer-tag license=open-source \(a project file's prefer_tags\)$/);
  });

  it("a plugin whose id is not its file's name is told the file's own name and ending", async () => {
    const dir = layer({ "catalog/plugins/extra.yml": plugin("teamx-plugin"), "catalog/plugins/other.yaml": plugin("teamy-plugin") });
    const ds = JSON.parse((await cli("lint", "--layer", dir, "--format", "json")).out).diagnostics as { code: string; message: string }[];
    expect(ds.filter((d) => d.code === "id-file-mismatch").map((d) => d.message)).toEqual([
      'id "teamx-plugin" does not match the file name extra.yml; name the file teamx-plugin.yml',
      'id "teamy-plugin" does not match the file name other.yaml; name the file teamy-plugin.yaml',
    ]);
  });

  it("an author's slips that used to pass: an override of nothing, a use case replaced without its aliases, a plugin requiring itself", async () => {
    const dir = layer({
      "constraints/types.yaml": "types:\n  batch_scorer:\n    overrides: true\n    purpose: x\n    seed_rule: x\n    rule: unbounded\n    category: batch_scorers\n",
      "constraints/use-cases.yaml": "use_cases:\n  rag-applications:\n    overrides: true\n    name: Our RAG\n    needs: [vector-search]\n",
      "catalog/plugins/self-plugin.yaml": plugin("self-plugin", "requires:\n  - any_of: [self-plugin]\n    reason: x\n    source: https://example.org\n"),
    });
    const r = await cli("lint", "--layer", dir, "--format", "json");
    const ds = JSON.parse(r.out).diagnostics as { code: string; severity: string; message: string; line: number }[];
    expect(ds.find((d) => d.code === "overrides-nothing")).toMatchObject({ severity: "warning", line: 3, message: "type batch_scorer says overrides: true, but no type of that name is defined below it" });
    expect(ds.find((d) => d.code === "dropped-aliases")?.message).toMatch(/^use case rag-applications replaces the one below it without its aliases .*\brag\b.*--use-case/);
    expect(ds.find((d) => d.code === "self-requirement")?.message).toBe("self-plugin lists itself in a requirement, which it then always meets; expected the other plugins it needs");
    // Named so that --use-case rag still finds it (names are matched case aside): rag is not lost.
    const named = layer({ "constraints/use-cases.yaml": "use_cases:\n  rag-applications:\n    overrides: true\n    name: RAG\n    needs: [vector-search]\n" });
    const kept = JSON.parse((await cli("lint", "--layer", named, "--format", "json")).out).diagnostics as { code: string; message: string }[];
    expect(kept.find((d) => d.code === "dropped-aliases")?.message).toBe("use case rag-applications replaces the one below it without its alias retrieval-augmented-generation: --use-case retrieval-augmented-generation no longer names it; list them under aliases to keep them");
    expect((await cli("recommend", "--layer", named, "--use-case", "rag")).code).toBe(0);
  });

  it("a linked directory among the plugin files is said to be skipped, as a real one is", async () => {
    const dir = layer({ "catalog/plugins/team/x-plugin.yaml": plugin("x-plugin") });
    symlinkSync(join(dir, "catalog", "plugins", "team"), join(dir, "catalog", "plugins", "linked"));
    const ds = JSON.parse((await cli("lint", "--layer", dir, "--format", "json")).out).diagnostics as { code: string; file: string }[];
    expect(ds.filter((d) => d.code === "skipped-file").map((d) => d.file.split("/").pop())).toEqual(["linked", "team"]);
  });

  it("a capability tied to a facet value that no file defines is an unknown capability, with a did-you-mean", async () => {
    const dir = layer({
      "catalog/plugins/watch-plugin.yaml":
        "id: watch-plugin\nname: Watch\ntype: monitoring\nsummary: test\ntags: { license: open-source, hosting: [self-hosted], clouds: any }\nfacets:\n  aspect: [data-drift]\nfacet_capabilities:\n  data-drift: [model-monitorin]\ncapabilities: [model-monitoring]\n",
    });
    const ds = JSON.parse((await cli("lint", "--layer", dir, "--format", "json")).out).diagnostics as { code: string; message: string; line: number }[];
    expect(ds.filter((d) => d.code === "unknown-capability" || d.code === "role-capability-not-provided")).toEqual([
      expect.objectContaining({ code: "unknown-capability", line: 9, message: expect.stringMatching(/^unknown capability "model-monitorin" in plugin watch-plugin's facet_capabilities; expected one from constraints\/capabilities\.yaml \(did you mean "model-monitoring"\?\)/) }),
    ]);
  });

  it("files a read leaves out are said: a subdirectory of plugins, a misspelt directory, a constraints file of another name or ending", async () => {
    const dir = layer({
      "catalog/plugins/team/x-plugin.yaml": plugin("x-plugin"),
      "catalog/plugin/y-plugin.yaml": plugin("y-plugin"),
      "constraints/usecases.yaml": "use_cases: {}\n",
      "constraints/precedence.yml": "plugin_precedence: {}\n",
    });
    const r = await cli("lint", "--layer", dir, "--format", "json");
    const skipped = (JSON.parse(r.out).diagnostics as { code: string; file: string; message: string; severity: string }[]).filter((d) => d.code === "skipped-file");
    const rel = relative(ROOT, dir);
    expect(skipped.map((d) => [d.file, d.severity])).toEqual([
      [`${rel}/catalog/plugin`, "warning"],
      [`${rel}/catalog/plugins/team`, "warning"],
      [`${rel}/constraints/precedence.yml`, "warning"],
      [`${rel}/constraints/usecases.yaml`, "warning"],
    ]);
    expect(skipped[0]!.message).toContain('(did you mean "plugins"?)');
    expect(skipped[2]!.message).toContain("rename it precedence.yaml");
    expect(skipped[3]!.message).toContain('(did you mean "use-cases.yaml"?)');
  });

  it("a snake_case name written kebab-case, and clouds: [any], are said with what was meant", async () => {
    const text = plugin("typo-plugin").replace("type: feature_store", "type: feature-store").replace("clouds: any", "clouds: [any]");
    const dir = layer({ "catalog/plugins/typo-plugin.yaml": text });
    const r = await cli("lint", "--layer", dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('type: expected a snake_case name, found "feature-store" (did you mean "feature_store"?)');
    expect(r.err).toContain('tags.clouds.0: "any" is not a cloud of a list; write clouds: any (no brackets)');
  });

  it("one mistake, one error: a mistyped type of an overriding plugin, not one more at every plugin that lists it; a number where text goes; a missing clouds", async () => {
    const s3 = readFileSync(join(ROOT, "catalog", "plugins", "s3-plugin.yaml"), "utf8").replace("id: s3-plugin\n", "id: s3-plugin\noverrides: true\n").replace(/^type: .*$/m, "type: data_sourc");
    const r = await cli("lint", "--layer", layer({ "catalog/plugins/s3-plugin.yaml": s3 }), "--format", "json");
    const errors = (JSON.parse(r.out).diagnostics as { severity: string; code: string }[]).filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["unknown-type"]);
    const bad = plugin("num-plugin").replace("name: num-plugin", "name: 2024").replace(", clouds: any }", " }");
    const n = await cli("lint", "--layer", layer({ "catalog/plugins/num-plugin.yaml": bad }));
    expect(n.err).toContain("name: expected a string, found number 2024 (YAML reads it as a number; write it in quotes to keep it text)");
    expect(n.err).toMatch(/missing required key "clouds" in tags; expected "any" or a list/);
  });

  it("an unknown id in a conflict, a requirement or an integration is cited at the id, not at its entry", async () => {
    const text = plugin("ref-plugin", "conflicts_with:\n  - { id: tecton-plugn, source: https://example.org }\nrequires:\n  - any_of: [kubernetes-plugin, ray-plugn]\n    reason: x\n    source: https://example.org\nintegration_points:\n  vector_databases:\n    - { id: qdrant-plugn, source: https://example.org }\n");
    const dir = layer({ "catalog/plugins/ref-plugin.yaml": text });
    const r = await cli("lint", "--layer", dir, "--format", "json");
    const dangling = (JSON.parse(r.out).diagnostics as { code: string; line: number; column: number; message: string }[]).filter((d) => d.code === "dangling-reference");
    const lines = text.split("\n");
    const at = (id: string) => {
      const i = lines.findIndex((l) => l.includes(id));
      return { line: i + 1, column: lines[i]!.indexOf(id) + 1 };
    };
    expect(dangling.map(({ line, column }) => ({ line, column }))).toEqual([at("tecton-plugn"), at("ray-plugn"), at("qdrant-plugn")]);
    expect(dangling[0]!.message).toContain('(did you mean "tecton-plugin"?)');
  });

  it("more slips said: a facet value a letter from a shared one, a tag value listed twice, a composition without a name", async () => {
    const serve = "id: zephyr-serve-plugin\nname: Zephyr\ntype: serving_platform\nsummary: test\ntags: { license: proprietary, hosting: [self-hosted, self-hosted], clouds: any }\nfacets:\n  endpoint: [rest-apu]\ncapabilities: [model-serving]\n";
    const dir = layer({ "catalog/plugins/zephyr-serve-plugin.yaml": serve, "catalog/compositions/ours.yaml": "use_cases: [rag]\nplugins: [openai-plugin]\n" });
    const r = await cli("lint", "--layer", dir, "--format", "json");
    const ds = JSON.parse(r.out).diagnostics as { code: string; severity: string; message: string; line: number }[];
    expect(ds.find((d) => d.code === "lonely-facet-value")).toMatchObject({ severity: "warning", line: 7, message: 'zephyr-serve-plugin\'s endpoint "rest-apu" is used by no other plugin, and "rest-api" by several; did you mean "rest-api"?' });
    expect(ds.find((d) => d.code === "duplicate-value")).toMatchObject({ severity: "warning", line: 5, message: "hosting lists self-hosted twice" });
    expect(ds.find((d) => d.code === "composition-without-name")?.severity).toBe("warning");
  });

  it("a layer's plugin that conflicts with a built-in one is not told to edit the built-in file", async () => {
    const dir = layer({ "catalog/plugins/mine-plugin.yaml": plugin("mine-plugin", "conflicts_with:\n  - { id: tecton-plugin, source: https://example.org }\n") });
    const r = await cli("lint", "--layer", dir, "--format", "json");
    expect((JSON.parse(r.out).diagnostics as { code: string }[]).filter((d) => d.code === "asymmetric-conflict")).toEqual([]);
    // The conflict holds both ways all the same.
    writeFileSync(join(dir, "stack.yaml"), "plugins: [mine-plugin, tecton-plugin]\n");
    const c = await cli("check", join(dir, "stack.yaml"), "--layer", dir, "--format", "json");
    expect(c.code).toBe(1);
    expect(JSON.stringify(JSON.parse(c.out).violations)).toContain("cannot be used together");
  });

  it("a layer's composition replaces the one of the same file name below it", async () => {
    const dir = layer({ "catalog/compositions/enterprise-ml-stack.yaml": "name: Our Enterprise Stack\nuse_cases: [rag]\nplugins: [openai-plugin, pinecone-plugin]\n" });
    const r = await cli("list", "compositions", "--layer", dir, "--format", "json");
    const items = JSON.parse(r.out).items as { id: string; name: string }[];
    expect(items.filter((c) => c.id === "enterprise-ml-stack").map((c) => c.name)).toEqual(["Our Enterprise Stack"]);
    expect(items).toHaveLength(JSON.parse((await cli("list", "compositions", "--format", "json")).out).items.length);
  });

  it("a plugin of the layer joins the catalog; one it overrides replaces the base's", async () => {
    const r = await cli("list", "plugins", "--layer", join(ROOT, "examples", "acme-layer"), "--format", "json");
    expect(r.code).toBe(0);
    const items = JSON.parse(r.out).items as { id: string; name: string }[];
    expect(items.find((p) => p.id === "acme-features-plugin")).toBeDefined();
    expect(items.find((p) => p.id === "s3-plugin")!.name).toBe("ACME object store (S3 API)");
  });

  it("an id defined below is an error without overrides: true, cited in the layer's own file", async () => {
    const dir = layer({ "catalog/plugins/feast-plugin.yaml": plugin("feast-plugin") });
    const r = await cli("recommend", "--layer", dir, "--use-case", "rag");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${relative(ROOT, dir)}/catalog/plugins/feast-plugin.yaml:1:5: error: duplicate plugin id "feast-plugin"; it is already defined in catalog/plugins/feast-plugin.yaml; say overrides: true to replace it`));
    const uc = layer({ "constraints/use-cases.yaml": "use_cases:\n  rag-applications:\n    name: Our RAG\n    needs: [vector-search]\n" });
    const u = await cli("lint", "--layer", uc, "--format", "json");
    expect(JSON.parse(u.out).diagnostics).toContainEqual(expect.objectContaining({ code: "duplicate-entry", line: 2, file: `${relative(ROOT, uc)}/constraints/use-cases.yaml` }));
    const fixed = layer({ "constraints/use-cases.yaml": "use_cases:\n  rag-applications:\n    overrides: true\n    name: Our RAG\n    needs: [vector-search]\n" });
    const f = await cli("list", "use-cases", "--layer", fixed, "--format", "json");
    expect(JSON.parse(f.out).items.find((u: { id: string }) => u.id === "rag-applications").name).toBe("Our RAG");
  });

  it("a broken layer file is reported at its own file:line:col", async () => {
    const dir = layer({ "catalog/plugins/x-plugin.yaml": "id: x-plugin\nname: [unclosed\n" });
    const r = await cli("lint", "--layer", dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${relative(ROOT, dir)}/catalog/plugins/x-plugin.yaml:2:`);
  });

  it("--catalog keeps its meaning: a complete catalog, so a directory of plugins alone lacks the rest (said once, naming --layer)", async () => {
    const dir = layer({ "catalog/plugins/acme-plugin.yaml": plugin("acme-plugin") });
    const r = await cli("recommend", "--catalog", dir, "--use-case", "rag");
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toEqual([expect.stringContaining(`has catalog/ but no constraints/; expected a directory with catalog/plugins/ and constraints/ (a directory of plugins alone is a layer: --layer ${dir}`)]);
    // With constraints/ holding only some of a base's files (a layer's shape, as examples/acme-layer
    // with its precedence alone): one error naming what it lacks and --layer.
    const partial = layer({ "catalog/plugins/acme-plugin.yaml": plugin("acme-plugin"), "constraints/types.yaml": "types: {}\n" });
    const p = await cli("recommend", "--catalog", partial, "--use-case", "rag");
    expect(p.code).toBe(2);
    expect(p.err.trim().split("\n")).toHaveLength(1);
    expect(p.err).toContain("lacks constraints/capabilities.yaml, constraints/use-cases.yaml, constraints/precedence.yaml, constraints/objectives.yaml; ");
    expect(p.err).toContain(`(a directory with only some of them is a layer: --layer ${partial}`);
    // One file missing: that file is said, as a catalog's mistake.
    const builtIn = join(ROOT, "constraints");
    const one = layer({ "catalog/plugins/acme-plugin.yaml": plugin("acme-plugin"), ...Object.fromEntries(["types", "capabilities", "use-cases", "precedence"].map((f) => [`constraints/${f}.yaml`, readFileSync(join(builtIn, `${f}.yaml`), "utf8")])) });
    expect((await cli("recommend", "--catalog", one, "--use-case", "rag")).err).toMatch(/missing file constraints\/objectives\.yaml/);
  });
});

describe("the project file", () => {
  function project(text: string): string {
    const dir = tmpDir("project-");
    cpSync(join(ROOT, "examples", "acme-layer"), join(dir, "acme-layer"), { recursive: true });
    writeFileSync(join(dir, "mlx-solve.yaml"), text);
    mkdirSync(join(dir, "deep", "er"), { recursive: true });
    return dir;
  }
  const inDir = async (dir: string, ...args: string[]) => {
    const before = process.cwd();
    try {
      process.chdir(dir);
      return await cli(...args);
    } finally {
      process.chdir(before);
    }
  };

  it("a project file here that is a link to nothing is this directory's, broken: said (exit 2), not passed over for a parent's", async () => {
    const dir = project("layers: [acme-layer]\n");
    symlinkSync("nowhere.yaml", join(dir, "deep", "mlx-solve.yaml"));
    const r = await inDir(join(dir, "deep"), "list", "types");
    expect(r.code).toBe(2);
    expect(r.err).toContain("mlx-solve.yaml: error: is a symbolic link to nothing (a dangling link); expected a YAML file");
    expect((await inDir(join(dir, "deep"), "list", "types", "--no-config")).code).toBe(0);
  });

  it("is found upward, gives its layers and default request, and --no-config ignores it", async () => {
    const dir = project("layers: [acme-layer]\nrequest:\n  use_cases: [realtime]\n  prefer: [acme-features-plugin]\n");
    const r = await inDir(join(dir, "deep", "er"), "recommend", "--format", "json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.stack.use_cases).toEqual(["real-time-inference"]);
    expect(j.stack.plugins.map((p: { id: string }) => p.id)).toContain("acme-features-plugin");
    // What the file changes is said on stderr, once; stdout stays the answer.
    expect(r.err).toBe("Using ../../mlx-solve.yaml: the layer acme-layer; by default --use-case realtime --prefer acme-features-plugin (an option given replaces its default) (--no-config leaves it out).\n");
    const ignored = await inDir(join(dir, "deep"), "recommend", "--no-config", "--require", "acme-features-plugin");
    expect(ignored.err).not.toContain("Using");
    // The note is made visible as every name from a file is: no escape reaches the terminal.
    const hostile = project('request:\n  use_cases: ["rag\\e[31mRED"]\n');
    const said = await inDir(hostile, "recommend");
    // (Quoted as the configurator's command lines quote: a shell reads [31m as a pattern.)
    expect(said.err).toContain("Using mlx-solve.yaml: by default --use-case 'rag\\x1b[31mRED'");
    expect(said.err).not.toContain("\u001b");
    // list and lint read only its catalog and layers: those are said.
    expect((await inDir(dir, "list", "types", "--format", "json")).err).toBe("Using mlx-solve.yaml: the layer acme-layer (--no-config leaves it out).\n");
    expect(ignored.code).toBe(2);
    expect(ignored.err).toContain('unknown plugin "acme-features-plugin"');
    // Where the name may be the project's layers' own, that is said.
    expect(ignored.err).toContain("note: --no-config leaves out ../mlx-solve.yaml and its layer acme-layer, whose plugins and use cases are then unknown");
  });

  it("an option on the command line replaces the file's; a default is cited by its place in the file", async () => {
    const dir = project("layers: [acme-layer]\nrequest:\n  use_cases: [realtime]\n  require: [acme-features-plugin, feast-plugin]\n");
    const r = await inDir(dir, "recommend");
    expect(r.code).toBe(1);
    // Each item at its own column: "  require: [acme-features-plugin, feast-plugin]".
    expect(r.out).toMatch(/you required acme-features-plugin {2}\(mlx-solve\.yaml:4:13\)/);
    expect(r.out).toMatch(/you required feast-plugin {2}\(mlx-solve\.yaml:4:35\)/);
    const cli2 = await inDir(dir, "recommend", "--require", "feast-plugin");
    expect(cli2.code).toBe(0);
  });

  it("an unknown name in the file's request is cited at the item itself, with a did-you-mean", async () => {
    const dir = project("layers: [acme-layer]\nrequest:\n  use_cases: [realtime, rag-aplications]\n  exclude:\n    - feast-plugin\n    - feest-plugin\n");
    const r = await inDir(dir, "recommend");
    expect(r.code).toBe(2);
    expect(r.err).toContain('mlx-solve.yaml:3:25: error: unknown use case "rag-aplications"');
    expect(r.err).toContain('did you mean "rag-applications"');
    expect(r.err).toContain('mlx-solve.yaml:6:7: error: unknown plugin "feest-plugin"');
    // JSON and the CI formats place it in the file (the whole "file:line:col" was its file, line 0),
    // relative to the workspace from a subdirectory.
    const json = JSON.parse((await inDir(dir, "recommend", "--format", "json")).out);
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ code: "unknown-use-case", file: "mlx-solve.yaml", line: 3, column: 25 }));
    writeFileSync(join(dir, "deep", "stack.yaml"), "plugins: [feast-plugin]\n");
    const gh = bin(["check", "stack.yaml", "--format", "github"], { cwd: join(dir, "deep"), env: { GITHUB_WORKSPACE: dir } });
    expect(gh.out).toContain("::error file=mlx-solve.yaml,line=6,col=7,title=mlx-solve input/unknown-plugin::");
    // lint says so too, where every command that solves would fail (it said "0 errors").
    const lint = await inDir(dir, "lint", "--format", "json");
    expect(lint.code).toBe(1);
    expect(JSON.parse(lint.out).diagnostics.filter((d: { file: string }) => d.file === "mlx-solve.yaml").map((d: { line: number; code: string }) => `${d.line}:${d.code}`)).toEqual(["3:unknown-use-case", "6:unknown-plugin"]);
  });

  it("a misspelt layer directory gets a did-you-mean from the directories beside it", async () => {
    const dir = project("layers: [acme-layers]\nrequest:\n  use_cases: [rag]\n");
    const r = await inDir(dir, "recommend");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/mlx-solve\.yaml:1:10: error: layer directory "acme-layers" \(.*\) does not exist \(did you mean "acme-layer"\?\)/);
  });

  it("a bad project file is exit 2 at its file:line:col", async () => {
    const dir = project("layers: [acme-layer]\nrequest:\n  use_case: [rag]\n");
    const r = await inDir(dir, "recommend");
    expect(r.code).toBe(2);
    expect(r.err).toContain('mlx-solve.yaml:3:3: error: unknown key "use_case" in request; expected one of: use_cases');
  });

  it("a request's misspelt key and the names the catalog lacks are said at once (not the second after the first is fixed), by solving commands and lint", async () => {
    const dir = project("layers: [acme-layer]\nrequest:\n  use_cases: [oss-frist]\n  timout: 5\n  require: [acme-featurs-plugin]\n");
    const lines = (err: string) => err.split("\n").filter((l) => l.includes("error:"));
    for (const args of [["recommend"], ["check", join(ROOT, "examples", "my-stack.yaml")], ["lint"]]) {
      const r = await inDir(dir, ...args);
      expect(r.code).toBe(2);
      expect(lines(r.err)).toEqual([
        expect.stringMatching(/^mlx-solve\.yaml:3:15: error: unknown use case "oss-frist"/),
        expect.stringMatching(/^mlx-solve\.yaml:4:3: error: unknown key "timout" in request/),
        expect.stringMatching(/^mlx-solve\.yaml:5:13: error: unknown plugin "acme-featurs-plugin".*did you mean "acme-features-plugin"/),
      ]);
    }
    // An option's own error joins them too (it came alone).
    const withBadOption = await inDir(dir, "recommend", "--use-case", "rag,");
    expect(withBadOption.code).toBe(2);
    expect(lines(withBadOption.err)).toEqual(expect.arrayContaining([expect.stringMatching(/unknown key "timout" in request/), expect.stringMatching(/--use-case/)]));
    // A mistake outside the request (what the catalog is) stays alone: the names would be a guess.
    const bad = project("layer: [acme-layer]\nrequest:\n  require: [acme-featurs-plugin]\n");
    expect(lines((await inDir(bad, "recommend")).err)).toEqual([expect.stringMatching(/unknown key "layer"; expected one of: catalog, layers, request.*did you mean "layers"/)]);
  });
});
