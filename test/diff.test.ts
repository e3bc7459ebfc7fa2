/** `diff OLD NEW` and `diff --git REV FILE`: what a change to a stack file does, exit 1 when NEW breaks a rule OLD kept. */
import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { stringify } from "yaml";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleIdentity } from "../src/core/commands/diff.js";
import { diff, InputError, loadCatalog, parseStackFile, type DiffResult, type StackDoc } from "../src/index.js";
import { withMore } from "./support/arbitraries.js";
import { buildCatalog } from "./support/build-catalog.js";
import { bin, cli, writeTree, yieldToRunner } from "./support/helpers.js";
import { check } from "../src/index.js";

const parse = (content: string, path = "stack.yaml"): StackDoc => {
  const r = parseStackFile({ path, content });
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.stack;
};

const OLD = "use_cases: [rag-applications]\nplugins:\n  - openai-plugin\n  - pinecone-plugin\n  - langchain-plugin\n";
const NEW = "use_cases: [rag-applications]\nplugins:\n  - openai-plugin\n  - langchain-plugin\n  - argo-workflows-plugin\n";

describe("diff (library)", () => {
  const catalog = loadCatalog();

  it("says what was added and removed, the rules newly broken, the needs no longer served, the cost before and after", () => {
    const d = diff(catalog, parse(OLD, "old.yaml"), parse(NEW, "new.yaml"));
    expect(d.ok).toBe(false);
    expect(d.added).toEqual(["argo-workflows-plugin"]);
    expect(d.removed).toEqual(["pinecone-plugin"]);
    expect(d.newly_broken.map((v) => v.rule).sort()).toEqual(["need", "requires"]);
    expect(d.newly_broken.find((v) => v.rule === "requires")!.location).toEqual({ file: "new.yaml", line: 5, column: 5 });
    expect(d.newly_met).toEqual([]);
    expect(d.needs_lost).toContainEqual(expect.objectContaining({ use_case: "rag-applications", capability: "vector-search", kind: "need", was_provided_by: ["pinecone-plugin"] }));
    expect(d.cost.map((c) => c.objective)).toEqual(d.old.cost.map((c) => c.objective));
    for (const [i, c] of d.cost.entries()) expect([c.before, c.after]).toEqual([d.old.cost[i]!.value, d.new.cost[i]!.value]);
  });

  it("the other way round: the rules are newly met, nothing newly broken, ok", () => {
    const d = diff(catalog, parse(NEW, "new.yaml"), parse(OLD, "old.yaml"));
    expect(d.ok).toBe(true);
    expect(d.newly_broken).toEqual([]);
    expect(d.newly_met.map((v) => v.rule).sort()).toEqual(["need", "requires"]);
    // Argo served a suggestion of RAG (workflow orchestration) that nothing serves now.
    expect(d.needs_lost.map((n) => [n.kind, n.capability, n.was_provided_by])).toEqual([["suggestion", "workflow-orchestration", ["argo-workflows-plugin"]]]);
  });

  it("a rule broken in both versions is neither newly broken nor newly met", () => {
    const d = diff(catalog, parse(NEW), parse(NEW.replace("openai-plugin", "anthropic-plugin")));
    expect(d.old.ok).toBe(false);
    expect(d.newly_broken).toEqual([]);
    expect(d.newly_met).toEqual([]);
    expect(d.ok).toBe(true);
  });

  it("a rule broken in both by other plugins (one swapped for another) is not newly broken", () => {
    const both = (x: string) => `plugins:\n  - databricks-plugin\n  - ${x}\n`;
    const d = diff(catalog, parse(both("outerbounds-plugin")), parse(both("sagemaker-plugin")));
    expect(d.old.violations.map((v) => v.rule)).toContain("cardinality");
    expect(d.new.violations.map((v) => v.rule)).toContain("cardinality");
    expect(d.newly_broken.filter((v) => v.rule === "cardinality")).toEqual([]);
    expect(d.newly_met.filter((v) => v.rule === "cardinality")).toEqual([]);
  });

  it("a facet value changed is a facet change, not an addition and removal", () => {
    const a = "plugins:\n  - { id: datadog-plugin, facet: infrastructure }\n";
    const d = diff(catalog, parse(a), parse(a.replace("infrastructure", "llm-observability")));
    expect(d.facets).toEqual([{ id: "datadog-plugin", from: "infrastructure", to: "llm-observability" }]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  it("a use case dropped needs nothing: its needs are not listed as no longer served", () => {
    const d = diff(catalog, parse(OLD), parse(OLD.replace("use_cases: [rag-applications]\n", "").replace("  - pinecone-plugin\n", "")));
    expect(d.use_cases.removed).toEqual(["rag-applications"]);
    expect(d.needs_lost).toEqual([]);
  });

  it("identical versions: no change, ok", () => {
    const d: DiffResult = diff(catalog, parse(OLD), parse(OLD));
    expect({ ok: d.ok, added: d.added, removed: d.removed, facets: d.facets, broken: d.newly_broken, lost: d.needs_lost }).toEqual({ ok: true, added: [], removed: [], facets: [], broken: [], lost: [] });
  });
});

describe("diff on small random catalogs", () => {
  const SEED = 20261206;
  const numRuns = process.env.MLX_DEEP ? 1000 : 80;
  // Two stacks (any plugins of the catalog, valid or not) under a random request.
  const pick = fc.array(fc.nat(20), { maxLength: 5 });
  const arb = withMore(fc.tuple(pick, pick), (spec, [a, b]) => [a, b].map((is) => [...new Set(is.map((i) => spec.plugins[i % spec.plugins.length]!.id))]) as [string[], string[]]);
  const doc = (useCases: string[], ids: string[], path: string) => parse(stringify({ use_cases: useCases, plugins: ids }), path);

  it("prop_diff_is_the_difference_of_two_checks", async () => {
    await fc.assert(
      fc.asyncProperty(arb, async ({ spec, request, more: [a, b] }) => {
        await yieldToRunner();
        const catalog = buildCatalog(spec);
        const { useCases = [], ...rest } = request;
        const [before, after] = [doc(useCases, a, "a.yaml"), doc(useCases, b, "b.yaml")];
        const d = diff(catalog, before, after, rest);
        const [ca, cb] = [check(catalog, before, rest), check(catalog, after, rest)];
        const key = ruleIdentity;
        const ctx = JSON.stringify({ spec, request, a, b });
        // Plugins added and removed are the set differences; the costs are the two checks'.
        expect(d.added, ctx).toEqual(b.filter((x) => !a.includes(x)).sort());
        expect(d.removed, ctx).toEqual(a.filter((x) => !b.includes(x)).sort());
        expect(d.cost.map((c) => [c.before, c.after]), ctx).toEqual(ca.cost.map((c, i) => [c.value, cb.cost[i]!.value]));
        // Newly broken: what the new version breaks and the old does not; newly met the reverse.
        expect(d.newly_broken.map(key).sort(), ctx).toEqual(cb.violations.map(key).filter((k) => !ca.violations.map(key).includes(k)).sort());
        expect(d.newly_met.map(key).sort(), ctx).toEqual(ca.violations.map(key).filter((k) => !cb.violations.map(key).includes(k)).sort());
        expect(d.ok, ctx).toBe(d.newly_broken.length === 0);
        // Swapped, newly broken and newly met trade places.
        const back = diff(catalog, after, before, rest);
        expect(back.newly_broken.map(key).sort(), ctx).toEqual(d.newly_met.map(key).sort());
        // The same stack: nothing changes.
        const same = diff(catalog, before, before, rest);
        expect([same.ok, same.added, same.removed, same.newly_broken, same.needs_lost], ctx).toEqual([true, [], [], [], []]);
      }),
      { seed: SEED, numRuns },
    );
  }, 180_000);
});

describe("mlx-solve diff", () => {
  it("exit 1 when NEW breaks a rule OLD kept, 0 the other way; JSON carries the whole result", async () => {
    const dir = writeTree({ "old.yaml": OLD, "new.yaml": NEW });
    const worse = await cli("diff", join(dir, "old.yaml"), join(dir, "new.yaml"), "--format", "json");
    expect(worse.code).toBe(1);
    const j = JSON.parse(worse.out) as DiffResult;
    expect(j).toMatchObject({ format_version: 1, command: "diff", ok: false, added: ["argo-workflows-plugin"], removed: ["pinecone-plugin"] });
    const better = await cli("diff", join(dir, "new.yaml"), join(dir, "old.yaml"));
    expect(better.code).toBe(0);
    expect(better.out).toMatch(/breaks no rule the old version kept/);
    expect(better.out).toMatch(/Newly met \(as OLD broke them\):\n {2}✓ /);
    expect(better.out).toMatch(/lower is better; compared level by level/);
  });

  it("--git REV compares the file with itself at a revision", () => {
    const dir = writeTree({ "stacks/stack.yaml": OLD });
    const git = (...a: string[]) => execFileSync("git", a, { cwd: dir, stdio: "pipe", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" } });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "old");
    writeTree({ "stacks/stack.yaml": NEW }, dir);
    const r = bin(["diff", "--git", "HEAD", "stacks/stack.yaml", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as DiffResult;
    expect(j.old.file).toBe("stacks/stack.yaml@HEAD");
    expect(j.new.file).toBe("stacks/stack.yaml");
    expect(j.removed).toEqual(["pinecone-plugin"]);
    // From inside the directory too.
    expect(bin(["diff", "--git", "HEAD", "stack.yaml"], { cwd: join(dir, "stacks") }).code).toBe(1);
    // A directory at the revision is said to be one (git's listing of it was parsed as YAML).
    const tree = bin(["diff", "--git", "HEAD", "stacks"], { cwd: dir });
    expect([tree.code, tree.err]).toEqual([2, "stacks@HEAD: error: is a directory at that revision; expected a YAML file [unreadable-file]\n"]);
  });

  it("usage errors: exit 2 with what was expected, never a stack trace", () => {
    const dir = writeTree({ "a.yaml": OLD, "b.yaml": NEW });
    const bad = (args: string[], re: RegExp) => {
      const r = bin(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
    };
    bad(["diff", "a.yaml"], /two stack files/);
    bad(["diff", "--git", "HEAD", "a.yaml", "b.yaml"], /one stack file/);
    bad(["diff", "--git", "no-such-rev", "a.yaml"], /cannot read a\.yaml at revision no-such-rev/);
    bad(["diff", "a.yaml", "missing.yaml"], /missing\.yaml/);
  });
});
