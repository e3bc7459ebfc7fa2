/** Each command: its options, and how its result is printed. The work is in the library. */
import { Option, type Command } from "commander";
import type { Catalog } from "../core/catalog-model.js";
import { InputError } from "../core/diagnostics.js";
import { stackGraph, type StackGraph } from "../core/graph.js";
import { listItems, type ListKind } from "../core/list.js";
import { check, recommend } from "../core/ops.js";
import { repair } from "../core/repair.js";
import type { Stack } from "../core/result.js";
import { whyPlugin } from "../core/why.js";
import { readCached } from "../node/cache.js";
import { readCatalogFiles, readText, writeFileAtomic } from "../node/files.js";
import { toDot, toMermaid } from "../print/graph.js";
import { makeStyle, table } from "../print/style.js";
import { analyzeText, sampleText, checkText, diagnosticsText, recommendText, repairText, whyText } from "../print/text.js";
import { addRequestOptions, requestOf, type RequestOpts } from "./main.js";

// The YAML parser and the schemas (yaml, zod) load only when a command needs them: a cached
// catalog and a table or JSON answer never do, which keeps `recommend` close to Node's floor.
const loader = () => import("../node/fs.js");
const yamlOut = () => import("../print/stack-yaml.js");

export interface Io {
  /** Shows progress of long work (on a terminal's stderr only; absent when piped). */
  progress?: (message: string) => void;
  out(s: string): void;
  err(s: string): void;
  colourOut: boolean;
  colourErr: boolean;
}

export interface CommandDef {
  name: string;
  description: string;
  configure(cmd: Command): void;
  /** Commander's action arguments; resolves to the exit code. */
  run(args: unknown[], io: Io): Promise<number>;
}

const optsOf = <T>(args: unknown[]): T => (args[args.length - 1] as Command).opts() as T;
const json = (io: Io, v: unknown) => io.out(JSON.stringify(v, null, 2) + "\n");

async function emit<T extends { stack?: Stack }>(io: Io, format: string, result: T, text: () => string, graph?: () => StackGraph | undefined): Promise<void> {
  if (format === "mermaid" || format === "dot") {
    const g = graph?.();
    if (g) {
      io.out(format === "mermaid" ? toMermaid(g) : toDot(g));
      return;
    }
  }
  if (format === "json") json(io, result);
  else if (format === "yaml") {
    const { stackToYaml, toYaml } = await yamlOut();
    io.out(result.stack && (result as { ok?: boolean }).ok !== false ? stackToYaml(result.stack) : toYaml(result));
  }
  else io.out(text() + "\n");
}

/** Result data as JSON, as YAML, or in words. */
async function emitData(io: Io, format: string, result: unknown, text: () => string): Promise<void> {
  if (format === "json") json(io, result);
  else if (format === "yaml") io.out((await yamlOut()).toYaml(result));
  else io.out(text() + "\n");
}

const GRAPH_FORMATS = ["table", "json", "yaml", "mermaid", "dot"];
/** The catalog: from the cache when its files are unchanged, else parsed, validated and cached. */
async function catalogOf(o: { catalog?: string }): Promise<Catalog> {
  const files = readCatalogFiles(o.catalog);
  const cached = readCached(files);
  if (cached.catalog) return cached.catalog;
  const { finishLoad } = await loader();
  const { loadCatalogFromFiles } = await import("../core/catalog.js");
  return finishLoad(loadCatalogFromFiles(files), cached.key);
}

export const COMMANDS: CommandDef[] = [
  {
    name: "recommend",
    description: "the best valid stack for a request, or why none exists and what to give up",
    configure: (c) => {
      addRequestOptions(c, GRAPH_FORMATS).option("--repairs <n>", "how many repairs to list when no stack exists", (v) => Math.max(1, Number.parseInt(v, 10) || 3), 3);
    },
    run: async (args, io) => {
      const o = optsOf<RequestOpts & { repairs: number }>(args);
      const catalog = await catalogOf(o);
      const r = recommend(catalog, requestOf(o), { ...(o.timeout !== undefined ? { timeout: o.timeout } : {}), repairs: o.repairs });
      await emit(io, o.format, r, () => recommendText(r, makeStyle(io.colourOut)), () => (r.stack ? stackGraph(catalog, r.stack) : undefined));
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "explain",
    description: "explain why a request has no valid stack: the conflicting requests and the smallest repairs",
    configure: (c) => {
      addRequestOptions(c).option("--repairs <n>", "how many repairs to list", (v) => Math.max(1, Number.parseInt(v, 10) || 3), 3);
    },
    run: async (args, io) => {
      const o = optsOf<RequestOpts & { repairs: number }>(args);
      const r = recommend(await catalogOf(o), requestOf(o), { ...(o.timeout !== undefined ? { timeout: o.timeout } : {}), repairs: o.repairs }, "explain");
      await emit(io, o.format, r, () => (r.ok ? `Nothing to explain: this request has a valid stack.\n\n${recommendText(r, makeStyle(io.colourOut))}` : recommendText(r, makeStyle(io.colourOut))));
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "check",
    description: "check a stack file against every rule (exit 1 when it breaks one)",
    configure: (c) => {
      c.argument("<file>", "a stack file");
      addRequestOptions(c, GRAPH_FORMATS);
    },
    run: async (args, io) => {
      const file = args[0] as string;
      const o = optsOf<RequestOpts>(args);
      const catalog = await catalogOf(o);
      const r = check(catalog, (await loader()).readStackFile(file), requestOf(o));
      await emit(io, o.format, r, () => checkText(r, makeStyle(io.colourOut), file), () => stackGraph(catalog, r.stack));
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "repair",
    description: "the nearest valid stack to a stack file, as a diff with the reason for each change",
    configure: (c) => {
      c.argument("<file>", "a stack file").option("--write", "replace the file with the repaired stack (atomically, keeping comments)");
      addRequestOptions(c, GRAPH_FORMATS).option("--repairs <n>", "how many repairs to list when no stack exists", (v) => Math.max(1, Number.parseInt(v, 10) || 3), 3);
    },
    run: async (args, io) => {
      const file = args[0] as string;
      const o = optsOf<RequestOpts & { write?: boolean; repairs: number }>(args);
      const catalog = await catalogOf(o);
      const r = repair(catalog, (await loader()).readStackFile(file), requestOf(o), { ...(o.timeout !== undefined ? { timeout: o.timeout } : {}), repairs: o.repairs });
      if (o.write && r.stack && r.ok && (r.changes.length || r.reassigned.length)) {
        writeFileAtomic(file, (await yamlOut()).rewriteStackText(readText(file), r.stack));
        r.written = file;
      }
      const removed = r.changes.filter((c) => c.action === "remove").map((c) => c.id);
      const added = r.changes.filter((c) => c.action === "add").map((c) => c.id);
      await emit(io, o.format, r, () => repairText(r, makeStyle(io.colourOut), file), () => (r.stack ? stackGraph(catalog, r.stack, removed, added) : undefined));
      return r.ok ? 0 : 1;
    },
  },
  ...(["why", "why-not"] as const).map(
    (mode): CommandDef => ({
      name: mode,
      description: mode === "why" ? "why a plugin is in the recommended stack: the rules or the objective level that put it there" : "why a plugin is not in the recommended stack: what forcing it in would break or cost",
      configure: (c) => {
        c.argument("<id>", "a plugin id");
        addRequestOptions(c);
      },
      run: async (args, io) => {
        const o = optsOf<RequestOpts>(args);
        const r = whyPlugin(await catalogOf(o), args[0] as string, requestOf(o), mode, o.timeout !== undefined ? { timeout: o.timeout } : {});
        await emitData(io, o.format, r, () => whyText(r, makeStyle(io.colourOut)));
        return r.ok ? 0 : 1;
      },
    }),
  ),
  {
    name: "analyze",
    description: "core, dead and false-optional plugins, and the exact number of valid stacks",
    configure: (c) => {
      addRequestOptions(c);
    },
    run: async (args, io) => {
      const o = optsOf<RequestOpts>(args);
      const { analyze } = await import("../core/analyze.js");
      const r = analyze(await catalogOf(o), requestOf(o), { ...(o.timeout !== undefined ? { timeout: o.timeout } : {}), ...(o.format === "json" || !io.progress ? {} : { onProgress: io.progress }) });
      await emitData(io, o.format, r, () => analyzeText(r, makeStyle(io.colourOut)));
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "sample",
    description: "a small set of valid stacks that together cover every feasible pair of plugin choices",
    configure: (c) => {
      addRequestOptions(c).addOption(new Option("--strength <n>", "interaction strength (2: pairs)").choices(["2"]).default("2"));
    },
    run: async (args, io) => {
      const o = optsOf<RequestOpts>(args);
      const { sampleStacks } = await import("../core/sample.js");
      const { newBudget } = await import("../core/engine.js");
      const budget = newBudget(o.timeout);
      const progress = o.format === "json" ? undefined : io.progress;
      const s = sampleStacks(await catalogOf(o), requestOf(o), budget, progress ? { onProgress: (done, total) => progress(`sample: ${done}/${total} pairs covered`) } : {});
      const r = {
        format_version: 1 as const,
        command: "sample",
        ok: s.covered_pairs === s.feasible_pairs,
        stacks: s.stacks,
        feasible_pairs: s.feasible_pairs,
        covered_pairs: s.covered_pairs,
        coverage: s.feasible_pairs === 0 ? 1 : s.covered_pairs / s.feasible_pairs,
        ...(s.lower_bound !== undefined ? { lower_bound: s.lower_bound } : {}),
        stats: { solver_calls: budget.calls },
      };
      if (o.format === "json") json(io, r);
      else if (o.format === "yaml") {
        const { stackToYaml } = await yamlOut();
        io.out(r.stacks.map((st, i) => `# stack ${i + 1} of ${r.stacks.length}\n${stackToYaml(st)}`).join("---\n"));
      } else io.out(sampleText(r, makeStyle(io.colourOut)) + "\n");
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "lint",
    description: "check the catalog itself: references, types, dead plugins, unsatisfiable use cases, compositions",
    configure: (c) => {
      c.option("--catalog <dir>", "a catalog directory (default: the built-in catalog)").option("--format <format>", "table or json", "table");
    },
    run: async (args, io) => {
      const o = optsOf<{ catalog?: string; format: string }>(args);
      const loaded = (await loader()).loadCatalogDir(o.catalog);
      const { lintCatalog } = await import("../core/lint.js");
      if (loaded.fatal || !loaded.catalog) throw new InputError(loaded.diagnostics);
      const ds = lintCatalog(loaded.catalog, loaded.diagnostics, undefined, o.format === "json" ? undefined : io.progress);
      const errors = ds.filter((d) => d.severity === "error").length;
      if (o.format === "json") json(io, { format_version: 1, command: "lint", ok: errors === 0, diagnostics: ds });
      else {
        const st = makeStyle(io.colourOut);
        if (ds.length) io.out(diagnosticsText(ds, st) + "\n");
        const n = loaded.catalog.plugins.size;
        io.out((errors ? st.red : st.green)(`${errors} error${errors === 1 ? "" : "s"}, ${ds.length - errors} warning${ds.length - errors === 1 ? "" : "s"} in ${n} plugins, ${loaded.catalog.useCases.size} use cases, ${loaded.catalog.compositions.length} compositions`) + "\n");
      }
      return errors ? 1 : 0;
    },
  },
  {
    name: "list",
    description: "list plugins, types, use-cases or capabilities",
    configure: (c) => {
      c.argument("<what>", "plugins | types | use-cases | capabilities")
        .option("--catalog <dir>", "a catalog directory (default: the built-in catalog)")
        .option("--format <format>", "table, json or yaml", "table");
    },
    run: async (args, io) => {
      const what = args[0] as string;
      const o = optsOf<{ catalog?: string; format: string }>(args);
      const kinds: ListKind[] = ["plugins", "types", "use-cases", "capabilities"];
      if (!kinds.includes(what as ListKind)) {
        const near = kinds.find((k) => k.startsWith(what.slice(0, 3)));
        throw new InputError([{ severity: "error", code: "bad-argument", message: `cannot list "${what}"; expected one of: ${kinds.join(", ")}${near ? ` (did you mean "${near}"?)` : ""}`, file: "argument <what>", line: 0, column: 0 }]);
      }
      const { columns, items } = listItems(await catalogOf(o), what as ListKind);
      if (o.format === "json") json(io, { format_version: 1, command: "list", ok: true, items });
      else if (o.format === "yaml") io.out((await yamlOut()).toYaml({ items }));
      else {
        const st = makeStyle(io.colourOut);
        const cell = (v: unknown) => (Array.isArray(v) ? v.join(", ") : v === undefined ? "" : String(v));
        io.out(table([columns.map((c) => st.bold(c.toUpperCase())), ...items.map((it) => columns.map((c) => cell((it as Record<string, unknown>)[c])))]) + "\n");
      }
      return 0;
    },
  },
  {
    name: "schema",
    description: "print the JSON Schema of a file kind (plugin, stack, types, capabilities, use-cases, precedence, objectives), or all of them",
    configure: (c) => {
      c.argument("[kind]", "the file kind (default: all, keyed by kind)").option("--out <dir>", "write each schema to DIR/KIND.schema.json instead");
    },
    run: async (args, io) => {
      const kind = args[0] as string | undefined;
      const o = optsOf<{ out?: string }>(args);
      const { jsonSchemaOf, SCHEMAS } = await import("../core/schema.js");
      type SchemaName = keyof typeof SCHEMAS;
      const names = Object.keys(SCHEMAS) as SchemaName[];
      if (kind !== undefined && !names.includes(kind as SchemaName)) {
        throw new InputError([{ severity: "error", code: "bad-argument", message: `unknown schema "${kind}"; expected one of: ${names.join(", ")}`, file: "argument [kind]", line: 0, column: 0 }]);
      }
      if (o.out !== undefined) {
        for (const n of kind ? [kind as SchemaName] : names) writeFileAtomic(`${o.out}/${n}.schema.json`, JSON.stringify(jsonSchemaOf(n), null, 2) + "\n");
        io.out(`wrote ${(kind ? [kind] : names).map((n) => `${o.out}/${n}.schema.json`).join(", ")}\n`);
        return 0;
      }
      json(io, kind ? jsonSchemaOf(kind as SchemaName) : Object.fromEntries(names.map((n) => [n, jsonSchemaOf(n)])));
      return 0;
    },
  },
];
