/**
 * The house: imports run one way, down the layers of src/, and never in a circle.
 *
 *   cli/            the command line: only the public entry (src/index.ts) and its own files
 *   ui/             the configurator's page and worker (browser code): the core's entry, and values only from core/common
 *   index.ts, testing.ts   the public entries
 *   node/           the Node adapter (files, cache, heap): the core and Node's built-ins
 *   core/index.ts   the browser-safe public entry (mlx-solve/core)
 *   core/print/     result data -> text
 *   core/commands/  data in, result data out
 *   core/model/     catalog + request -> labelled constraints; the only home of variable names
 *   core/catalog/   YAML -> validated catalog          } neither imports the other
 *   core/solve/     domain-free SAT and optimisation   }
 *   core/common/    diagnostics, did-you-mean, a seeded PRNG, the budget, the sentences CLI and page share
 *
 * The core imports no Node built-in (it runs in the configurator's page), and nothing in src/
 * compiles code from text at run time.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/helpers.js";

const SRC = join(ROOT, "src");

/** Each room and the rooms it may import from (besides itself). */
const ALLOWED: Record<string, string[]> = {
  "core/common": [],
  "core/solve": ["core/common"],
  "core/catalog": ["core/common"],
  "core/model": ["core/common", "core/solve", "core/catalog"],
  "core/commands": ["core/common", "core/solve", "core/catalog", "core/model"],
  "core/print": ["core/common", "core/catalog", "core/model", "core/commands"],
  "core/index.ts": ["core/common", "core/solve", "core/catalog", "core/model", "core/commands", "core/print"],
  node: ["core/common", "core/solve", "core/catalog", "core/model", "core/commands", "core/print"],
  "index.ts": ["core/index.ts", "node"],
  "testing.ts": ["core/common", "core/solve", "core/catalog", "core/model", "core/commands"],
  cli: ["index.ts"],
  // The page's own script takes the core's types from its public entry, and values only from the
  // bottom room, core/common (did-you-mean for a link's names): a value through core/index.ts
  // would bundle the whole core into the page's script (35 KB -> 1 MB), which the worker holds.
  ui: ["core/index.ts", "core/common"],
  types: [],
};

function roomOf(file: string): string {
  const rel = relative(SRC, file).split("\\").join("/");
  const parts = rel.split("/");
  if (parts[0] === "core") return parts.length === 2 ? "core/index.ts" : `core/${parts[1]}`;
  return parts.length === 1 ? parts[0]! : parts[0]!;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts)$/.test(name) && !/\.d\.m?ts$/.test(name)) out.push(p);
  }
  return out.sort();
}

/** The specifiers a file imports or re-exports (static and dynamic). */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|(?:^|\n)\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** A relative specifier as the file it names (.js -> .ts, .mjs kept: the build step's script). */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const abs = resolve(dirname(from), spec);
  for (const candidate of [abs.replace(/\.js$/, ".ts"), abs, abs.replace(/\.js$/, ".d.ts")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next */
    }
  }
  return abs;
}

const files = sourceFiles(SRC);
const graph = new Map<string, { local: string[]; packages: string[] }>();
for (const f of files) {
  const specs = importsOf(readFileSync(f, "utf8"));
  graph.set(f, {
    local: specs.map((s) => resolveSpecifier(f, s)).filter((x): x is string => x !== undefined),
    packages: specs.filter((s) => !s.startsWith(".")),
  });
}
const show = (f: string) => relative(ROOT, f);

describe("the house", () => {
  it("every import runs down the layers (no arrow runs back up or sideways)", () => {
    const wrong: string[] = [];
    for (const [f, { local }] of graph) {
      const from = roomOf(f);
      expect(ALLOWED[from], `${show(f)} is in no known room`).toBeDefined();
      for (const t of local) {
        const to = roomOf(t);
        if (to !== from && !ALLOWED[from]!.includes(to)) wrong.push(`${show(f)} (${from}) -> ${show(t)} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("no file is part of an import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 1);
      stack.push(f);
      for (const t of graph.get(f)?.local ?? []) {
        if (state.get(t) === 1) cycles.push([...stack.slice(stack.indexOf(t)), t].map(show).join(" -> "));
        else if (!state.has(t) && graph.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it("the core imports no Node built-in (it runs in a browser)", () => {
    const wrong: string[] = [];
    for (const [f, { packages }] of graph) {
      if (!roomOf(f).startsWith("core")) continue;
      for (const p of packages) if (p.startsWith("node:") || ["fs", "path", "os", "crypto", "child_process", "module", "url"].includes(p)) wrong.push(`${show(f)} imports ${p}`);
    }
    expect(wrong).toEqual([]);
  });

  it("the solver layer is domain-free: it names no plugin, facet, catalog variable or objective level", () => {
    const wrong: string[] = [];
    for (const f of files.filter((x) => roomOf(x) === "core/solve")) {
      const code = readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      if (/["'`](p|f|g|m):/.test(code)) wrong.push(`${show(f)} reads or makes a model variable name`);
      if (/\bplugin/i.test(code)) wrong.push(`${show(f)} speaks of plugins in code`);
      // The domain's objective levels are the model's to name (catalog/schema.ts, OBJECTIVES).
      if (/["'`](wishes|suggestions|precedence|integration-gaps)["'`]/.test(code)) wrong.push(`${show(f)} names an objective level of the domain`);
    }
    expect(wrong).toEqual([]);
  });

  it("nothing in src/ compiles code from text at run time", () => {
    const wrong = files.filter((f) => /\bnew Function\s*\(|\beval\s*\(/.test(readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))).map(show);
    expect(wrong).toEqual([]);
  });

  it("the command line takes nothing from internal files, only the public entry", () => {
    const wrong: string[] = [];
    for (const [f, { local }] of graph) {
      if (roomOf(f) !== "cli") continue;
      for (const t of local) if (roomOf(t) !== "cli" && show(t) !== "src/index.ts") wrong.push(`${show(f)} -> ${show(t)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("finds the imports it checks (a test that could not fail would be a defect)", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(graph.get(join(SRC, "core", "commands", "recommend.ts"))!.local.map(show)).toContain("src/core/model/build.ts");
    expect(roomOf(join(SRC, "core", "solve", "minisat", "minisat.ts"))).toBe("core/solve");
    expect(importsOf('import type { A } from "./a.js";\nexport * from "../b.js";\nconst x = await import("./c.js");')).toEqual(["./a.js", "../b.js", "./c.js"]);
  });
});
