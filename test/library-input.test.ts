/**
 * The library as a program calls it: values the CLI's options refuse are refused here too
 * (InputError, never a wrong answer), a request of the wrong shape is bad input (not a
 * TypeError), a time limit is said in the result, and the Node helpers do what they say.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, check, diff, explain as explainOf, exportProblem, InputError, lint, list, loadCatalog, parseStackFile, PRINTERS, propagate, readCatalogFiles, propagationWhy, readProjectFile, recommend, repair, sample, why, withDefaults, writeRepairedStack, type Request } from "../src/index.js";
import { bin, ROOT as ROOT_DIR, tmpDir, writeTree } from "./support/helpers.js";

const catalog = loadCatalog();
const rag: Request = { useCases: ["rag"] };

/** The diagnostics' messages of the InputError `f` throws (fails when it throws anything else, or nothing). */
function refused(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).diagnostics.map((d) => `${d.file}: ${d.message}`);
  }
  throw new Error("expected an InputError");
}

describe("options the CLI refuses are refused by the library", () => {
  it("top, distinct and repairs: whole numbers of at least 1 and known words, not a made-up conflict", () => {
    for (const top of [0, -1, 1.5]) expect(refused(() => recommend(catalog, rag, { top }))).toEqual([`option top: top expects a whole number of at least 1, not ${top}`]);
    expect(refused(() => recommend(catalog, rag, { top: 2, distinct: "x" as "plugins" }))).toEqual(['option distinct: distinct expects "plugins" or "facets", not "x"']);
    for (const repairs of [0, -1, 2.5]) expect(refused(() => recommend(catalog, { require: ["databricks-plugin", "outerbounds-plugin"] }, { repairs }))).toHaveLength(1);
    // In range, the answers are the CLI's.
    expect(recommend(catalog, rag, { top: 1 }).stacks).toHaveLength(1);
    expect(recommend(catalog, { require: ["databricks-plugin", "outerbounds-plugin"] }, { repairs: 1 }).repairs).toHaveLength(1);
  });
  it("a time limit that would stop at once or never is bad input; Infinity is no limit", () => {
    for (const timeout of [0, -1, Number.NaN]) expect(refused(() => recommend(catalog, rag, { timeout }))[0]).toMatch(/^option timeout: timeout expects a positive number/);
    expect(refused(() => recommend(catalog, rag, { work: -1 }))[0]).toMatch(/^option work: work expects a number of at least 0/);
    expect(refused(() => recommend(catalog, rag, { deadline: Number.NaN }))[0]).toMatch(/^option deadline: /);
    expect(recommend(catalog, rag, { timeout: Number.POSITIVE_INFINITY, work: Number.POSITIVE_INFINITY }).ok).toBe(true);
  });
  it("export's format and scope, list's kind: one of the known words, with a did-you-mean", () => {
    expect(refused(() => exportProblem(catalog, rag, { format: "wncf" as "wcnf" }))).toEqual(['option format: format expects one of dimacs, wcnf, opb, asp (did you mean "wcnf"?), not "wncf"']);
    expect(refused(() => exportProblem(catalog, rag, { format: "wcnf", scope: "some" as "all" }))).toHaveLength(1);
    expect(refused(() => list(catalog, "plugin" as "plugins"))[0]).toContain('(did you mean "plugins"?)');
  });
});

describe("arguments of the wrong kind are bad input, not a TypeError deep inside", () => {
  it("a catalog, a stack, an id, a file, sample's options", () => {
    const nul = null as never;
    expect(refused(() => recommend(nul, rag))).toEqual(["catalog: a catalog is what loadCatalog or loadCatalogFromFiles gives, not null"]);
    expect(refused(() => analyze(undefined as never, {}))).toEqual(["catalog: a catalog is what loadCatalog or loadCatalogFromFiles gives, not undefined"]);
    expect(refused(() => list(nul, "plugins"))[0]).toMatch(/^catalog: a catalog is/);
    expect(refused(() => exportProblem(nul, {}, { format: "wcnf" }))[0]).toMatch(/^catalog: a catalog is/);
    expect(refused(() => lint(nul))[0]).toMatch(/^catalog: lint takes what loadCatalogDir or loadCatalogFromFiles gives/);
    expect(refused(() => why(catalog, nul))).toEqual(["id: a plugin id is a string, not null"]);
    // Its arguments swapped: it said unknown plugin "[object Object]".
    expect(refused(() => propagationWhy(catalog, rag as never, "pinecone-plugin" as never))).toEqual(["id: a plugin id is a string, not an object of another shape"]);
    // (`{ plugins: [{ id }] }` without use cases is a stack written in code now: see below.)
    for (const stack of [null, { plugins: "snowflake-plugin" }]) {
      expect(refused(() => check(catalog, stack as never))[0]).toMatch(/^stack: a stack is what parseStackFile or readStackFile gives/);
      expect(refused(() => repair(catalog, stack as never))[0]).toMatch(/^stack: a stack is/);
      expect(refused(() => diff(catalog, stack as never, stack as never))[0]).toMatch(/^stack: a stack is/);
    }
    const parsed = parseStackFile("plugins: []" as never);
    expect(parsed.ok === false && parsed.diagnostics[0]!.message).toMatch(/^parseStackFile takes a file as \{ path, content \}/);
    expect(refused(() => sample(catalog, rag, { strength: 3 as never }))).toEqual(["option strength: strength expects 2 (pairs: the only strength there is), not 3"]);
    expect(refused(() => sample(catalog, rag, { effort: -1 }))).toEqual(["option effort: effort expects a number of 0 or more, not -1"]);
    // Any finite seed, as before (the generator takes it modulo 2^32).
    expect(sample(catalog, rag, { seed: -1 }).ok).toBe(true);
    expect(refused(() => sample(catalog, rag, { seed: "1" as never }))).toEqual(['option seed: seed expects a number, not "1"']);
  });
});

describe("result types", () => {
  it("a recommend result narrows on ok: an ok result has its stack, cost and optimal (npm test type-checks this)", () => {
    const r = recommend(catalog, rag);
    if (!r.ok) throw new Error("expected a stack");
    const ids: string[] = r.stack.plugins.map((p) => p.id);
    const levels: number = r.cost.length;
    const proven: true = r.optimal;
    expect([ids.length > 0, levels, proven]).toEqual([true, 5, true]);
  });
  it("list's items are typed by the kind asked for", () => {
    const plugin = list(catalog, "plugins").items.find((p) => p.id === "openai-plugin")!;
    const name: string = plugin.name;
    const clouds: string[] = plugin.clouds;
    const aliases: string[] = list(catalog, "use-cases").items[0]!.aliases;
    const fills: number = list(catalog, "types").items[0]!.plugins;
    expect([name, clouds, aliases.length > 0, fills > 0]).toEqual(["OpenAI", ["aws", "azure"], true, true]);
  });
});

describe("a request of the wrong shape is bad input, not a TypeError", () => {
  it("lists of strings, an object", () => {
    expect(refused(() => recommend(catalog, { require: "databricks-plugin" as unknown as string[] }))).toEqual(['request.require: require expects a list of strings, not "databricks-plugin"']);
    // Not three unknown use cases "r", "a", "g".
    expect(refused(() => recommend(catalog, { useCases: "rag" as unknown as string[] }))).toHaveLength(1);
    expect(refused(() => recommend(catalog, { require: [null as unknown as string] }))).toEqual(["request.require: require expects a list of strings, not [null]"]);
    expect(refused(() => recommend(catalog, null as unknown as Request))[0]).toMatch(/^request: a request is an object/);
  });
  it("analyze's explain and countLimit: what the CLI's --explain and --count-limit take, else refused", () => {
    for (const o of [{ explain: -1 }, { explain: 1.5 }, { explain: "some" as unknown as number }, { countLimit: -3 }, { countLimit: Number.NaN }, { countLimit: 0 }]) {
      expect(refused(() => analyze(catalog, { useCases: ["rag"] }, o)), JSON.stringify(o)).toEqual([expect.stringMatching(/^option (explain|countLimit): (explain|countLimit) expects /)]);
    }
    expect(analyze(catalog, { useCases: ["rag"] }, { explain: "all", countLimit: "none" }).ok).toBe(true);
  });
  it("a key the request does not have is refused with a did-you-mean, not ignored (use_cases gave an empty stack and ok: true)", () => {
    const fromJson = JSON.parse('{"use_cases": ["rag"], "exclude": ["openai-plugin"]}') as Request;
    expect(refused(() => recommend(catalog, fromJson))).toEqual([expect.stringMatching(/^request\.use_cases: unknown key "use_cases" in the request; expected one of: useCases, .*\(did you mean "useCases"\?\)$/)]);
    expect(refused(() => analyze(catalog, { requir: ["s3-plugin"] } as unknown as Request))).toEqual([expect.stringMatching(/did you mean "require"\?/)]);
    // What the CLI and the configurator pass along stays known.
    expect(recommend(catalog, { useCases: ["rag"], origins: { useCases: "option --use-case" }, itemOrigins: {} }).ok).toBe(true);
  });
});

describe("a time limit is said in propagate's results, not thrown", () => {
  it("propagate and propagationWhy stopped by the limit say timed_out; a request without a stack says no_stack", () => {
    const stopped = propagate(catalog, rag, { work: 1 });
    expect(stopped).toMatchObject({ ok: false, timed_out: true, stopped_by: "time", plugins: [] });
    expect(propagationWhy(catalog, "airflow-plugin", rag, { work: 1 })).toMatchObject({ ok: false, timed_out: true });
    const none = { require: ["databricks-plugin", "outerbounds-plugin"] };
    expect(propagate(catalog, none)).toMatchObject({ ok: false, no_stack: true, plugins: [] });
    expect(propagationWhy(catalog, "airflow-plugin", none)).toMatchObject({ ok: false, no_stack: true });
    expect(propagate(catalog, rag).ok).toBe(true);
  });
});

describe("printers and the Node helpers", () => {
  it("a picture of a stack without its catalog is a caller's mistake, said as one", () => {
    const r = recommend(catalog, rag);
    expect(() => PRINTERS.mermaid(r, { colour: false })).toThrow(/^the mermaid printer needs the catalog the result was computed with: PRINTERS\.mermaid\(/);
    expect(() => PRINTERS.dot(r, { colour: false })).toThrow(/^the dot printer needs the catalog/);
    expect(PRINTERS.mermaid(r, { colour: false, catalog })).toMatch(/^graph|^flowchart/);
  });
  it("writeRepairedStack writes a new stack file where none is; reading a missing file says the file is missing", () => {
    const dir = tmpDir("write-new-");
    const path = join(dir, "new.yaml");
    const r = recommend(catalog, rag);
    writeRepairedStack(path, r.stack!);
    const back = parseStackFile({ path, content: readText(path) });
    expect(back.ok && back.stack.plugins.map((p) => p.id)).toEqual(r.stack!.plugins.map((p) => p.id));
  });
  it("the package exports its data: the built-in catalog's files and the JSON Schemas, for a browser or an editor", () => {
    const req = createRequire(import.meta.url);
    for (const f of ["mlx-solve/schema/stack.schema.json", "mlx-solve/catalog/plugins/openai-plugin.yaml", "mlx-solve/constraints/types.yaml"]) expect(existsSync(req.resolve(f)), f).toBe(true);
  });
  it("the built-in catalog as one JSON text (mlx-solve/catalog.json), for a browser: catalogFromJSON reads it back whole", async () => {
    const { catalogFromJSON, catalogToJSON } = await import("../src/index.js");
    const text = readFileSync(createRequire(import.meta.url).resolve("mlx-solve/catalog.json"), "utf8");
    const back = catalogFromJSON(text)!;
    expect(catalogToJSON(back)).toBe(catalogToJSON(loadCatalog(undefined, { cache: false })));
    expect(back.plugins.get("openai-plugin")!.pos.file).toBe("catalog/plugins/openai-plugin.yaml");
    expect(recommend(back, rag)).toEqual(recommend(catalog, rag));
  });
  it("the package holds what the README links to (docs/*.md) and its licence", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"], { cwd: ROOT_DIR, encoding: "utf8" });
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    const readme = readFileSync(join(ROOT_DIR, "README.md"), "utf8");
    const linked = [...readme.matchAll(/\]\((docs\/[^)#]+\.md)/g)].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(0);
    for (const f of [...new Set(linked), "LICENSE"]) expect(files, f).toContain(f);
    // The examples its commands name (examples/acme-layer, examples/my-stack.yaml): an installed package had none.
    const examples = [...new Set([...readme.matchAll(/\b(examples\/[\w./-]+?\.yaml)\b/g)].map((m) => m[1]!))];
    expect(examples.length).toBeGreaterThan(0);
    for (const f of examples) expect(files, f).toContain(f);
    expect(files).toContain("examples/acme-layer/catalog/plugins/acme-features-plugin.yaml");
  });
  it("loadCatalog with cache: false neither reads nor writes the load cache", () => {
    const saved = process.env["MLX_SOLVE_CACHE_DIR"];
    const cache = tmpDir("no-cache-");
    process.env["MLX_SOLVE_CACHE_DIR"] = cache;
    try {
      expect(loadCatalog(undefined, { cache: false }).plugins.size).toBe(catalog.plugins.size);
      expect(readdirSync(cache, { recursive: true })).toEqual([]);
      loadCatalog();
      expect(readdirSync(cache).length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env["MLX_SOLVE_CACHE_DIR"];
      else process.env["MLX_SOLVE_CACHE_DIR"] = saved;
    }
  });
});

describe("a project file's defaults, as the CLI takes them (withDefaults)", () => {
  it("a list the request leaves empty is the project's, whole, cited at the project file; one it gives replaces the project's", () => {
    const dir = writeTree({ "mlx-solve.yaml": "request:\n  use_cases: [on-prem]\n  require: [qdrant-plugin]\n  integrations: strict\n" });
    const project = readProjectFile(join(dir, "mlx-solve.yaml"));
    const merged = withDefaults({ require: ["milvus-plugin"], exclude: [] }, project.request);
    expect({ ...merged, origins: undefined, itemOrigins: undefined }).toEqual({ useCases: ["on-prem"], require: ["milvus-plugin"], exclude: [], integrations: "strict", origins: undefined, itemOrigins: undefined });
    expect(merged.origins?.useCases).toMatch(/mlx-solve\.yaml:2:/);
    expect(merged.origins?.require).toBeUndefined();
    expect(withDefaults({ integrations: "soft" }, project.request).integrations).toBe("soft");
    // The library's answer is the CLI's in that directory.
    const cli = bin(["recommend", "--require", "milvus-plugin", "--format", "json"], { cwd: dir });
    expect(cli.code, cli.err).toBe(0);
    const lib = recommend(loadCatalog(project.base, { layers: project.layerDirs }), merged);
    expect(JSON.parse(cli.out).stack.plugins.map((p: { id: string }) => p.id)).toEqual(lib.stack!.plugins.map((p) => p.id));
  });
});

function readText(path: string): string {
  expect(existsSync(path)).toBe(true);
  return readFileSync(path, "utf8");
}

describe("a catalog with errors is refused for answers", () => {
  it("catalogOrThrow: loadCatalogFromFiles returns it (for lint), catalogOrThrow gives an InputError with the errors", async () => {
    const { catalogOrThrow, loadCatalogFromFiles, readCatalogFiles } = await import("../src/index.js");
    const base = readCatalogFiles();
    const bad = { path: "mylayer/catalog/plugins/bad-plugin.yaml", content: "id: bad-plugin\nname: X\ntype: vector_database\nsummary: s\ntags: { license: proprietary, hosting: [managed], clouds: any }\ncapabilities: [vector-search]\nrequires: [{ any_of: [nope-plugin], reason: r }]\n" };
    const loaded = loadCatalogFromFiles({ ...base, layers: [{ plugins: [bad], compositions: [] }] });
    expect(loaded.catalog).toBeDefined();
    expect(loaded.diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(refused(() => catalogOrThrow(loaded))).toEqual(expect.arrayContaining([expect.stringContaining("nope-plugin")]));
    expect(catalogOrThrow(loadCatalogFromFiles(base)).plugins.size).toBeGreaterThan(50);
  });
});

describe("the library's other arguments: InputError, not a TypeError from deep inside", () => {
  it("files, schema names, requests given to withDefaults, paths, layers, and the stack check and repair need", async () => {
    const m = await import("../src/index.js");
    const cases: [string, () => unknown][] = [
      ["files", () => m.loadCatalogFromFiles({} as never)],
      ["files", () => m.loadCatalogFromFiles(null as never)],
      ["name", () => m.jsonSchemaOf("stak" as never)],
      ["request", () => m.withDefaults(null as never, {})],
      ["layers", () => m.loadCatalog(undefined, { layers: "over" as never })],
      ["dir", () => m.loadCatalog(42 as never)],
      ["path", () => m.readStackFile(42 as never)],
      ["from", () => m.findProjectFile(42 as never)],
      // repair(catalog, undefined) answered ok: true with an empty stack, as if the file were empty.
      ["stack", () => m.repair(catalog, undefined as never)],
      ["stack", () => m.check(catalog, undefined as never)],
    ];
    for (const [name, f] of cases) expect(refused(f)[0], name).toMatch(new RegExp(`^${name}: `));
    expect(refused(() => m.jsonSchemaOf("stak" as never))[0]).toContain('did you mean "stack"');
  });
});

describe("a library call's options: an object of the keys it knows", () => {
  const stackDoc = () => {
    const r = parseStackFile({ path: "s.yaml", content: "plugins: [pinecone-plugin]\n" });
    if (!r.ok) throw new Error("the test's stack file");
    return r.stack;
  };
  it("refuses a key it does not know, with the key meant (tiemout ran with no time limit at all)", () => {
    expect(refused(() => recommend(catalog, { useCases: ["rag"] }, { tiemout: 5 } as never))[0]).toBe('option tiemout: unknown option "tiemout"; expected one of: timeout, deadline, work, repairs, onProgress, top, distinct (did you mean "timeout"?)');
    expect(refused(() => loadCatalog(undefined, { layer: ["examples/acme-layer"] } as never))[0]).toMatch(/^option layer: unknown option "layer";.*\(did you mean "layers"\?\)$/);
    expect(refused(() => analyze(catalog, {}, { explian: "all" } as never))[0]).toMatch(/did you mean "explain"/);
    expect(refused(() => sample(catalog, {}, { strenght: 2 } as never))[0]).toMatch(/did you mean "strength"/);
    // explain has no top: its result carried top and distinct.
    expect(refused(() => explainOf(catalog, { require: ["databricks-plugin", "outerbounds-plugin"] }, { top: 3 } as never))[0]).toMatch(/^option top: unknown option "top"/);
    for (const [f, o] of [
      [(x: object) => check(catalog, stackDoc(), {}, x as never), { work: 1, wrok: 1 }],
      [(x: object) => why(catalog, "pinecone-plugin", { useCases: ["rag"] }, x as never), { idorigin: "x" }],
      [(x: object) => exportProblem(catalog, {}, x as never), { format: "wcnf", scop: "all" }],
      [(x: object) => propagate(catalog, {}, x as never), { top: 1 }],
    ] as const) expect(refused(() => f(o))[0]).toMatch(/^option \w+: unknown option/);
  });
  it("refuses distinct without top, a deadline that is not a time, an onProgress that is not a function", () => {
    expect(refused(() => recommend(catalog, { useCases: ["rag"] }, { distinct: "facets" }))[0]).toMatch(/^option distinct: distinct expects top with it/);
    expect(refused(() => loadCatalog(undefined, { deadline: NaN }))[0]).toMatch(/^option deadline: /);
    expect(refused(() => recommend(catalog, { useCases: ["rag"] }, { onProgress: 5, top: 2 } as never))[0]).toBe("option onProgress: onProgress expects a function, not 5");
    expect(refused(() => recommend(catalog, { useCases: ["rag"] }, [] as never))[0]).toMatch(/^option options: options expects an object of options/);
    expect(refused(() => recommend(catalog, { useCases: ["rag"] }, new Map([["timeout", 1]]) as never))[0]).toMatch(/^option options: options expects an object of options/);
    expect(refused(() => readCatalogFiles(undefined, { layer: ["examples/acme-layer"] } as never))[0]).toMatch(/^option layer: unknown option "layer";.*\(did you mean "layers"\?\)$/);
  });
  it("takes null or nothing as no options", () => {
    expect(recommend(catalog, { useCases: ["rag"] }, null as never).ok).toBe(true);
    expect(check(catalog, stackDoc(), {}, null as never).command).toBe("check");
  });
});

describe("a did-you-mean is a near name, never a guess", () => {
  it("an empty or wholly different name gets none (require: [\"\"] suggested s3-plugin)", async () => {
    const { nearest } = await import("../src/core/common/suggest.js");
    expect(nearest("", ["s3-plugin", "dask-plugin"])).toBeUndefined();
    expect(nearest("ab", ["s3-plugin"])).toBeUndefined();
    expect(nearest("s4", ["s3-plugin"])).toBe("s3-plugin");
    expect(nearest("pinecon", ["pinecone-plugin"])).toBe("pinecone-plugin");
    // Plugins compared without the suffix they share: 4 edits of "zzzzz" is no typo of "azure".
    expect(nearest("zzzzz-plugin", ["azure-plugin", "s3-plugin"])).toBeUndefined();
    expect(nearest("azrue-plugin", ["azure-plugin", "s3-plugin"])).toBe("azure-plugin");
    expect(nearest("airflw-plugn", ["airflow-plugin", "s3-plugin"])).toBe("airflow-plugin");
    expect(nearest("s-plugin", ["airflow-plugin", "s3-plugin"])).toBe("s3-plugin");
    expect(nearest("airflow-plugin-plugin", ["airflow-plugin", "s3-plugin"])).toBe("airflow-plugin");
    // A name whose part is another word means something else: "closed-source" is no slip of
    // "open-source" (it was offered, the opposite of what was meant); a slip in a part still is.
    expect(nearest("closed-source", ["open-source", "proprietary"])).toBeUndefined();
    expect(nearest("opne-source", ["open-source", "proprietary"])).toBe("open-source");
    expect(nearest("on-perm", ["on-prem", "rag"])).toBe("on-prem");
    // Short parts keep their slips (two letters swapped is two thirds of three), and so does a hyphen left out.
    for (const [typo, meant] of <[string, string][]>[["rya-serve-plugin", "ray-serve-plugin"], ["lml-observability", "llm-observability"], ["no-prem", "on-prem"], ["azure-mlplugin", "azure-ml-plugin"], ["vertex-aiplugin", "vertex-ai-plugin"], ["asw-secrets-manager-plugin", "aws-secrets-manager-plugin"]])
      expect(nearest(typo, [meant, "rag", "s3-plugin"])).toBe(meant);
    // A key that is the first word of the one meant.
    expect(nearest("conflicts", ["conflicts_with", "requires", "capabilities"])).toBe("conflicts_with");
    expect(nearest("integration", ["integration_points", "requires"])).toBe("integration_points");
    expect(nearest("con", ["conflicts_with"])).toBeUndefined();
    expect(refused(() => recommend(catalog, { require: [""] }))[0]).toBe('request.require: unknown plugin ""; expected a plugin id');
  });
});

describe("a stack written in code", () => {
  it("check, repair and diff take a result's stack, or ids and { id, facet } without positions", () => {
    const best = recommend(catalog, { useCases: ["rag"] });
    const checked = check(catalog, best.stack!);
    expect(checked.ok).toBe(true);
    expect(checked.stack.plugins).toEqual(best.stack!.plugins);
    // A hand-made document without positions failed inside check with a TypeError.
    const broken = check(catalog, { file: "x", useCases: [], plugins: [{ id: "databricks-plugin" }, { id: "outerbounds-plugin" }] });
    expect(broken.ok).toBe(false);
    expect(broken.violations[0]!.location).toEqual({ file: "x", line: 0, column: 0 });
    const fixed = repair(catalog, { plugins: ["databricks-plugin", "outerbounds-plugin"] });
    expect(fixed.ok).toBe(true);
    expect(fixed.changes.length).toBeGreaterThan(0);
    const d = diff(catalog, { use_cases: ["rag-applications"], plugins: best.stack!.plugins.map((p) => p.id) }, { useCases: ["rag"], plugins: ["openai-plugin"] });
    expect(d.ok).toBe(false);
    expect(refused(() => check(catalog, { plugins: [42] } as never))[0]).toMatch(/^stack: a stack is .*; a plugin is an id or \{ id, facet \}, not number$/);
    expect(refused(() => check(catalog, { plugins: ["pinecone-plugin"], useCases: "rag" } as never))[0]).toMatch(/its use cases are a list/);
    // Both spellings of the use cases: one would be dropped without a word.
    expect(refused(() => check(catalog, { plugins: ["pinecone-plugin"], useCases: [], use_cases: ["rag"] }))[0]).toMatch(/as useCases or as use_cases \(the file's spelling\), not both$/);
    // The README's example; two stacks of code are told apart in a diff.
    expect(check(catalog, { useCases: ["rag"], plugins: ["pinecone-plugin", { id: "openai-plugin", facet: "gpt" }] }).command).toBe("check");
    expect([d.old.file, d.new.file]).toEqual(["<old stack>", "<new stack>"]);
  });
});

describe("a catalog from elsewhere", () => {
  it("catalogOrThrow of what is no load is an InputError; catalogFromJSON of text that is no catalog is undefined", async () => {
    const m = await import("../src/index.js");
    expect(refused(() => m.catalogOrThrow(undefined as never))[0]).toMatch(/^catalog: catalogOrThrow takes what loadCatalogFromFiles gives/);
    const text = m.catalogToJSON(catalog);
    expect(m.catalogFromJSON(text)?.plugins.size).toBe(catalog.plugins.size);
    // Truncated (a SyntaxError) and of another shape (a TypeError) before.
    expect(m.catalogFromJSON(text.slice(0, 100))).toBeUndefined();
    expect(m.catalogFromJSON(JSON.stringify({ ...JSON.parse(text), catalog: undefined }))).toBeUndefined();
    const top = JSON.parse(text);
    expect(m.catalogFromJSON(JSON.stringify({ ...top, catalog: { ...top.catalog, plugins: [{ id: "x" }, 5, null] } }))).toBeUndefined();
  });
  it("the other functions that take a catalog, a file, a path or a name refuse what is none with an InputError, not a TypeError", async () => {
    const m = await import("../src/index.js");
    expect(refused(() => m.catalogToJSON(undefined as never))[0]).toMatch(/^catalog: a catalog is what loadCatalog or loadCatalogFromFiles gives, not undefined/);
    expect(refused(() => m.requestProblems(undefined as never, {}))[0]).toMatch(/^catalog: a catalog is what loadCatalog/);
    expect(refused(() => m.readProjectFile(undefined as never))[0]).toMatch(/^path: path expects a path \(a string\), not undefined/);
    expect(m.parseProjectFile("a: 1" as never)).toMatchObject({ ok: false, diagnostics: [{ code: "bad-file", message: expect.stringMatching(/^parseProjectFile takes a file as \{ path, content \}/) }] });
    expect(refused(() => m.jsonSchemaOf("stack", {} as never))[0]).toMatch(/^catalog: jsonSchemaOf's catalog/);
    expect(refused(() => m.jsonSchemaOf(["stack"] as never))[0]).toMatch(/^name: unknown schema "stack"/);
    expect(m.resolvePlugin(catalog, undefined as never)).toBeUndefined();
  });
});

describe("printing needs no context", () => {
  it("refuses, as InputError, a CI format for a result it cannot annotate, and an argument that is no result", () => {
    const r = recommend(catalog, { useCases: ["rag"] });
    // It printed the table, so a script writing out.sarif got text.
    expect(refused(() => PRINTERS.sarif(r))[0]).toBe("format: --format sarif is for check, lint and diff, not recommend");
    expect(refused(() => PRINTERS.github(r))[0]).toMatch(/^format: --format github is for check, lint and diff/);
    for (const f of ["yaml", "table", "json", "dot"] as const) expect(refused(() => PRINTERS[f](null as never))[0], f).toMatch(/^result: a printer takes a command's result/);
  });
  it("PRINTERS.json and .table take a result alone (colour was required even for JSON)", () => {
    const r = recommend(catalog, { useCases: ["rag"] });
    expect(JSON.parse(PRINTERS.json(r)).command).toBe("recommend");
    expect(PRINTERS.table(r)).not.toContain("\u001b[");
  });
});
