/**
 * Each command: its arguments and options, the library function it calls, and the printer its
 * result goes to. The work is in the library; the words of the command line are here.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { Argument, Option, type Command } from "commander";
import {
  analyze,
  resolveUseCase,
  visible,
  formatDiagnostic,
  skippedEntries,
  COUNT_LIMIT_DEFAULT,
  EXPLAIN_DEFAULT,
  check,
  CI_FORMATS,
  didYouMean,
  makeStyle,
  diff,
  explain,
  EXPORT_FORMATS,
  EXPORT_MAX_GAP_TERMS,
  exportProblem,
  InputError,
  isEmptyRequest,
  jsonSchemaOf as schemaOf,
  lint,
  list,
  LIST_KINDS,
  loadCatalog,
  loadCatalogDir,
  PRINTERS,
  readStackFile,
  readStackFileAt,
  recommend,
  repair,
  REQUEST_FIELDS,
  requestProblems,
  sample,
  SCHEMAS,
  shellWord,
  STDIN_NAME,
  TAG_VALUES,
  VERSION,
  why,
  whyNot,
  writeFileAtomic,
  writeRepairedStack,
  type AnyResult,
  type Catalog,
  type ExportFormat,
  type Format,
  type ListKind,
  type SchemaName,
  TOP_MAX,
} from "../index.js";
import { completionScript, SHELLS, type Shell } from "./completion.js";
import { addCatalogOptions, addRequestOptions, badOption, catalogOf, countLimitOption, explainOption, formatOption, maxGapTermsOption, positiveInteger, projectFor, repairsOption, requestOf, withProjectProblems, timeoutOption, useCaseValues, type CatalogOpts, type RequestOpts } from "./options.js";
import { UI_COMMAND } from "./ui.js";

export interface Io {
  /** Shows progress of long work (on a terminal's stderr only: the CLI drops it otherwise). */
  progress?: (message: string) => void;
  /** When the process started (epoch ms): --timeout counts from here (default: when main was called). */
  started?: number;
  out(s: string): void;
  err(s: string): void;
  colourOut: boolean;
  colourErr: boolean;
  /**
   * The columns a table may take (`list`, unless --wide): the terminal's width when stdout is
   * one, Infinity when it is a pipe or a file (a script or `grep` reads every cell whole); absent,
   * a 100-column terminal (TABLE_WIDTH).
   */
  columns?: number;
  /** How the CI formats name a finding's file (`workspacePlace`: relative to GITHUB_WORKSPACE); absent, as named. */
  place?: (file: string) => string;
  /** The absolute directory the CI formats' relative paths are relative to (`ciRoot`; SARIF's %SRCROOT%). */
  root?: string;
}

export interface CommandDef {
  name: string;
  description: string;
  configure(cmd: Command): void;
  /** Commander's action arguments; resolves to the exit code. */
  run(args: unknown[], io: Io, clock: Clock): Promise<number>;
}

/** The time limit of the whole command: from the process's start, so that loading counts too. */
export interface Clock {
  /** { deadline, work } for the library's options (see SolveOptions), or {} without --timeout. */
  limit(o: { timeout?: number }): { deadline?: number; work?: number };
}

/** Loading stops at the clock alone: it counts no work. */
const deadlineOf = ({ deadline }: { deadline?: number }) => (deadline !== undefined ? { deadline } : {});
const optsOf = <T>(args: unknown[]): T => (args[args.length - 1] as Command).opts() as T;

/**
 * What a solving command works on: its options, the catalog (base and layers: its options over
 * the project file's) loaded within the time limit, and the request (its options over the
 * project file's defaults).
 */
function contextOf<T extends RequestOpts>(args: unknown[], clock: Clock, io: Io) {
  const cmd = args[args.length - 1] as Command;
  const o = cmd.opts() as T;
  const project = projectFor(o, true);
  const requestIn = (catalog: Catalog) => {
    o.useCase = useCaseValues(o.useCase, (name) => resolveUseCase(catalog, name) !== undefined);
    return requestOf(o, cmd, project);
  };
  const { dir, layers, catalog } = withProjectProblems(
    project,
    () => {
      const { dir, layers } = catalogOf(o, project);
      return { dir, layers, catalog: loadCatalog(dir, { layers, ...deadlineOf(clock.limit(o)) }) };
    },
    (l) => requestProblems(l.catalog, requestIn(l.catalog)),
  );
  const request = requestIn(catalog);
  // What a user's catalog or layer holds that loading leaves out (a subdirectory of plugins, a
  // hidden file, a misnamed constraints file), said on stderr as lint says it: such a plugin
  // was otherwise just missing ("unknown use case" with no word why).
  if (dir !== undefined || layers.length) for (const d of skippedEntries(dir, layers)) io.err(`${formatDiagnostic(d)}\n`);
  // A project file changes the answer without a word on the command line: said once, on stderr.
  if (project) io.err(`${visible(projectNote(project, true, o.catalog === undefined))}\n`);
  return { o, catalog, request, dir, layers };
}

/**
 * sample and analyze are about every valid stack: a wish that only ranks stacks (--prefer, --avoid,
 * --prefer-tag) changes nothing there, which is said rather than taken in silence.
 */
function wishesUnused(o: RequestOpts, io: Io, command: "sample" | "analyze"): void {
  const given = [...(o.prefer.length ? ["--prefer"] : []), ...(o.avoid.length ? ["--avoid"] : []), ...(o.preferTag.length ? ["--prefer-tag"] : [])];
  if (given.length) io.err(`note: ${command} ${command === "sample" ? "covers" : "analyses"} every valid stack; ${given.join(", ")} only ${given.length === 1 ? "ranks" : "rank"} stacks, so ${given.length === 1 ? "it changes" : "they change"} nothing here\n`);
}

/** "Using mlx-solve.yaml: the layer ../acme-layer; by default --only hosting=self-hosted (...) (--no-config leaves it out)." */
function projectNote(p: NonNullable<ReturnType<typeof projectFor>>, withRequest: boolean, itsCatalog: boolean): string {
  const r = p.request;
  const defaults = !withRequest
    ? []
    : REQUEST_FIELDS.flatMap(({ field, option }) => {
        const v = r[field];
        return (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => `${option} ${shellWord(x)}`);
      });
  const parts = [
    ...(p.catalog && itsCatalog ? [`the catalog ${p.catalog.dir}`] : []),
    ...(p.layers.length ? [`${p.layers.length === 1 ? "the layer" : "the layers"} ${p.layers.map((l) => l.dir).join(", ")}`] : []),
    ...(defaults.length ? [`by default ${defaults.join(" ")} (an option given replaces its default)`] : []),
  ];
  return `Using ${p.file}${parts.length ? `: ${parts.join("; ")}` : ""} (--no-config leaves it out).`;
}

/** The project file of a command that reads only its catalog and layers (list, lint), said when it changes them. */
function catalogProject(o: CatalogOpts, io: Io, partial = false) {
  const project = projectFor(o, partial);
  if (project && ((project.catalog && o.catalog === undefined) || project.layers.length)) io.err(`${visible(projectNote(project, false, o.catalog === undefined))}\n`);
  return project;
}

/**
 * Marks the run as one a limit cut short (the time limit, the solver's memory): it compiled only
 * part of what a whole run does, so the bin's code cache written after it waits for a whole run
 * to be written again (bin/mlx-solve.cjs, `saveCodeCache`).
 */
export const markPartialRun = (): void => {
  (globalThis as Record<symbol, unknown>)[Symbol.for("mlx-solve.partialRun")] = true;
};

/** Prints a result in the chosen format (the picture formats need the catalog and the file). */
function print(io: Io, format: string, result: AnyResult, extra: { file?: string; catalog?: ReturnType<typeof loadCatalog> } = {}): void {
  if ((result as { timed_out?: boolean }).timed_out) markPartialRun();
  io.out(PRINTERS[format as Format](result, { colour: io.colourOut, version: VERSION, ...(io.place ? { place: io.place } : {}), ...(io.root ? { root: io.root } : {}), ...extra }));
}

/** Progress for a table on a terminal only: JSON and YAML go to programs. */
const progressOf = (io: Io, format: string) => (format === "table" && io.progress ? { onProgress: io.progress } : {});

const GRAPH_FORMATS = ["table", "json", "yaml", "mermaid", "dot"];

const noRequest = (command: "recommend" | "explain") =>
  new InputError([
    {
      severity: "error",
      code: "no-request",
      message:
        `${command} needs a request: what the stack is for (--use-case NAME, e.g. --use-case rag; \`mlx-solve list use-cases\` lists them) or the plugins it must or must not have (--require ID, --exclude ID, --prefer ID, --avoid ID, --only KEY=VALUE, --prefer-tag KEY=VALUE); or a project file (mlx-solve.yaml) with a default request`,
      file: "arguments",
      line: 0,
      column: 0,
    },
  ]);

/** The stack file a command reads: `-` is standard input, named `<stdin>` in its output. */
const shownFile = (file: string) => (file === "-" ? STDIN_NAME : file);

export const COMMANDS: CommandDef[] = [
  {
    name: "recommend",
    description: "the best valid stack for a request, or why none exists and what to give up",
    configure: (c) => {
      addRequestOptions(c, GRAPH_FORMATS)
        .addOption(repairsOption())
        .addOption(new Option("--top <k>", "the k best stacks in lexicographic order among the plugins the request can use (providers of what it needs or suggests, the plugins it names, what they require), each with what differs from the best").argParser(positiveInteger("--top", "", TOP_MAX, " (each stack is a search of its own; sample covers the choices with few stacks)")))
        .addOption(new Option("--distinct <what>", "with --top: stacks differ in their plugins, or also in their facet values").choices(["plugins", "facets"]).default("plugins"));
    },
    run: async (args, io, clock) => {
      const { o, catalog, request } = contextOf<RequestOpts & { repairs: number; top?: number; distinct: "plugins" | "facets" }>(args, clock, io);
      if (o.top === undefined && (args[args.length - 1] as Command).getOptionValueSource("distinct") === "cli")
        throw badOption("--distinct", "--distinct says how the stacks of --top K differ; expected --top K with it");
      if (isEmptyRequest(request)) throw noRequest("recommend");
      const r = recommend(catalog, request, { ...clock.limit(o), repairs: o.repairs, ...(o.top !== undefined ? { top: o.top, distinct: o.distinct, ...progressOf(io, o.format) } : {}) });
      print(io, o.format, r, { catalog });
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "explain",
    description: "explain why a request has no valid stack: the conflicting requests and the smallest repairs",
    configure: (c) => {
      addRequestOptions(c).addOption(repairsOption("how many repairs to list"));
    },
    run: async (args, io, clock) => {
      const { o, catalog, request } = contextOf<RequestOpts & { repairs: number }>(args, clock, io);
      // No request asks nothing: said as recommend says it (it answered with the empty stack, exit 0).
      if (isEmptyRequest(request)) throw noRequest("explain");
      const r = explain(catalog, request, { ...clock.limit(o), repairs: o.repairs });
      print(io, o.format, r);
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "check",
    description: "check a stack file against every rule (exit 1 when it breaks one)",
    configure: (c) => {
      c.argument("<file>", "a stack file (- reads standard input)");
      addRequestOptions(c, [...GRAPH_FORMATS, ...CI_FORMATS]);
    },
    run: async (args, io, clock) => {
      const file = args[0] as string;
      const { o, catalog, request } = contextOf<RequestOpts>(args, clock, io);
      const r = check(catalog, readStackFile(file, catalog), request, clock.limit(o));
      print(io, o.format, r, { file: shownFile(file), catalog });
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "repair",
    description: "the nearest valid stack to a stack file, as a diff with the reason for each change",
    configure: (c) => {
      c.argument("<file>", "a stack file (- reads standard input)")
        .option("--write", "replace the file with the repaired stack (atomically, keeping comments, mode and line endings)")
        .option("--force", "with --write: write a read-only file too");
      addRequestOptions(c, GRAPH_FORMATS).addOption(repairsOption());
    },
    run: async (args, io, clock) => {
      const file = args[0] as string;
      const { o, catalog, request } = contextOf<RequestOpts & { write?: boolean; force?: boolean; repairs: number }>(args, clock, io);
      if (o.write && file === "-") throw badOption("--write", "--write replaces a file, and - is standard input; expected a file name (or --output FILE for the result)");
      if (o.force && !o.write) throw badOption("--force", "--force lets --write replace a read-only file; expected --write with it");
      const r = repair(catalog, readStackFile(file, catalog), request, { ...clock.limit(o), repairs: o.repairs });
      if (o.write && r.stack && r.ok && (r.changes.length || r.reassigned.length)) {
        writeRepairedStack(file, r.stack, { force: Boolean(o.force), readOnlyHint: "pass --force to write it anyway" });
        r.written = file;
      }
      print(io, o.format, r, { file: shownFile(file), catalog });
      // --write asked for a file the time limit kept from being written: said, whatever the format.
      if (o.write && r.timed_out && !r.no_stack) io.err(makeStyle(io.colourErr).yellow(`${shownFile(file)} not written: stopped at the time limit (--timeout) before the nearest valid stack was proven; a longer --timeout can write it.`) + "\n");
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "diff",
    description: "what a change to a stack file does: plugins, facets, cost, rules newly broken or met, needs no longer served (exit 1 when NEW breaks a rule OLD kept)",
    configure: (c) => {
      c.argument("<old>", "the stack file before (with --git REV: the file, compared with itself at REV)")
        .argument("[new]", "the stack file after")
        .option("--git <rev>", "compare the file with itself at a git revision (a commit, branch or tag)");
      addRequestOptions(c, ["table", "json", "yaml", ...CI_FORMATS]);
    },
    run: async (args, io, clock) => {
      const [first, second] = args as [string, string | undefined];
      const { o, catalog, request } = contextOf<RequestOpts & { git?: string }>(args, clock, io);
      const usage = (message: string) => new InputError([{ severity: "error", code: "bad-argument", message, file: "arguments", line: 0, column: 0 }]);
      if (o.git !== undefined && second !== undefined) throw usage(`with --git, diff takes one stack file (compared with itself at ${o.git}), not two`);
      if (o.git === undefined && second === undefined) throw usage("diff takes two stack files, OLD and NEW (or one with --git REV)");
      if (first === "-" && second === "-") throw usage("only one of OLD and NEW can be - (standard input)");
      const [before, after] = o.git !== undefined ? [readStackFileAt(first, o.git), readStackFile(first, catalog)] : [readStackFile(first, catalog), readStackFile(second!, catalog)];
      const r = diff(catalog, before, after, request, clock.limit(o));
      print(io, o.format, r, { catalog });
      return r.ok ? 0 : 1;
    },
  },
  ...(["why", "why-not"] as const).map(
    (mode): CommandDef => ({
      name: mode,
      description: mode === "why" ? "why a plugin is in the recommended stack: the rules or the objective level that put it there" : "why a plugin is not in the recommended stack: what forcing it in would break or cost",
      configure: (c) => {
        c.argument("<id>", "a plugin id");
        addRequestOptions(c).addOption(repairsOption());
      },
      run: async (args, io, clock) => {
        const { o, catalog, request } = contextOf<RequestOpts & { repairs: number }>(args, clock, io);
        const r = (mode === "why" ? why : whyNot)(catalog, args[0] as string, request, { ...clock.limit(o), idOrigin: "argument <id>", repairs: o.repairs });
        print(io, o.format, r);
        return r.ok ? 0 : 1;
      },
    }),
  ),
  {
    name: "analyze",
    description: "core, dead and false-optional plugins, and the exact number of valid stacks",
    configure: (c) => {
      addRequestOptions(c).addOption(explainOption(EXPLAIN_DEFAULT)).addOption(countLimitOption(COUNT_LIMIT_DEFAULT)).addOption(repairsOption());
    },
    run: async (args, io, clock) => {
      const { o, catalog, request } = contextOf<RequestOpts & { explain?: number | "all"; countLimit?: number | "none"; repairs: number }>(args, clock, io);
      wishesUnused(o, io, "analyze");
      const r = analyze(catalog, request, { ...clock.limit(o), repairs: o.repairs, ...progressOf(io, o.format), ...(o.explain !== undefined ? { explain: o.explain } : {}), ...(o.countLimit !== undefined ? { countLimit: o.countLimit } : {}) });
      print(io, o.format, r);
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "sample",
    description: "a small set of valid stacks that together cover every feasible pair of plugin choices",
    configure: (c) => {
      addRequestOptions(c).addOption(new Option("--strength <n>", "interaction strength (2: pairs)").choices(["2"]).default("2")).addOption(repairsOption());
    },
    run: async (args, io, clock) => {
      const { o, catalog, request } = contextOf<RequestOpts & { repairs: number }>(args, clock, io);
      wishesUnused(o, io, "sample");
      const progress = progressOf(io, o.format).onProgress;
      const r = sample(catalog, request, { ...clock.limit(o), repairs: o.repairs, ...(progress ? { onProgress: (done: number, total: number) => progress(`sample: a first sample that covers every feasible pair, ${total === 0 ? 100 : Math.floor((100 * done) / total)} % done`) } : {}) });
      print(io, o.format, r);
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "export",
    description: "the exact problem of a request for other solvers: DIMACS CNF, WCNF (MaxSAT), OPB (pseudo-Boolean) or ASP (clingo)",
    configure: (c) => {
      addRequestOptions(c, EXPORT_FORMATS, new Option("--format <format>", "the problem's format").choices(EXPORT_FORMATS).makeOptionMandatory())
        .addOption(new Option("--scope <plugins>", "every plugin of the catalog, or only those a best stack can use (the same optimum, a smaller file)").choices(["all", "reachable"]).default("all"))
        .addOption(maxGapTermsOption(EXPORT_MAX_GAP_TERMS));
    },
    run: async (args, io, clock) => {
      const { o, catalog, request, dir, layers } = contextOf<RequestOpts & { scope: "all" | "reachable"; maxGapTerms?: number }>(args, clock, io);
      // The header's command line names the catalog too, and no project file: the request is
      // written out whole, and one found where the header is replayed would add to it.
      const here = (d: string) => shellWord(relative(process.cwd(), resolve(d)) || ".");
      const catalogOptions = ["--no-config", ...(dir !== undefined ? ["--catalog", here(dir)] : []), ...layers.flatMap((l) => ["--layer", here(l)])];
      const r = exportProblem(catalog, request, { format: o.format as ExportFormat, scope: o.scope, version: VERSION, catalogOptions, ...(o.maxGapTerms !== undefined ? { maxGapTerms: o.maxGapTerms } : {}), ...deadlineOf(clock.limit(o)) });
      if (r.timed_out) {
        io.err(makeStyle(io.colourErr).yellow("Stopped at the time limit (--timeout) before the problem was written whole; nothing was exported.") + "\n");
        return 1;
      }
      print(io, "table", r);
      return 0;
    },
  },
  {
    name: "lint",
    description: "check the catalog itself: references, types, dead plugins, unsatisfiable use cases, compositions",
    configure: (c) => {
      addCatalogOptions(c).addOption(formatOption(["table", "json", "yaml", ...CI_FORMATS])).addOption(timeoutOption());
    },
    run: async (args, io, clock) => {
      const o = optsOf<CatalogOpts & { format: string; timeout?: number }>(args);
      const project = catalogProject(o, io, true);
      const loaded = withProjectProblems(
        project,
        () => {
          const { dir, layers } = catalogOf(o, project);
          return loadCatalogDir(dir, { layers, ...deadlineOf(clock.limit(o)) });
        },
        (l) => (l.catalog && !l.fatal ? requestProblems(l.catalog, project!.request) : l.diagnostics),
      );
      // The project file's default request too: what in it the catalog does not know fails every command that solves.
      const r = lint(loaded, { ...clock.limit(o), ...progressOf(io, o.format), ...(project ? { request: project.request } : {}) });
      print(io, o.format, r);
      return r.ok ? 0 : 1;
    },
  },
  {
    name: "list",
    description: "list plugins, types, use-cases, capabilities or compositions",
    configure: (c) => {
      addCatalogOptions(c.argument("<what>", LIST_KINDS.join(" | ")))
        .addOption(formatOption(["table", "json", "yaml"]))
        .option("--wide", "tables as wide as their content (else cut to the terminal's width; never cut when piped)");
    },
    run: async (args, io, clock) => {
      const what = args[0] as string;
      const o = optsOf<CatalogOpts & { format: string; wide?: boolean }>(args);
      if (!LIST_KINDS.includes(what as ListKind)) {
        const near = LIST_KINDS.find((k) => k.startsWith(what.slice(0, 3)));
        throw new InputError([{ severity: "error", code: "bad-argument", message: `cannot list "${what}"; expected one of: ${LIST_KINDS.join(", ")}${near ? ` (did you mean "${near}"?)` : didYouMean(what, LIST_KINDS)}`, file: "argument <what>", line: 0, column: 0 }]);
      }
      const { dir, layers } = catalogOf(o, catalogProject(o, io));
      io.out(PRINTERS[o.format as Format](list(loadCatalog(dir, { layers }), what as ListKind), { colour: io.colourOut, wide: Boolean(o.wide), ...(io.columns !== undefined ? { width: io.columns } : {}) }));
      return 0;
    },
  },
  {
    name: "completion",
    description: "a shell completion script: commands, options, plugin ids and use cases (bash, zsh or fish)",
    configure: (c) => {
      addCatalogOptions(c.argument("<shell>", SHELLS.join(" | ")));
    },
    run: async (args, io) => {
      const shell = args[0] as string;
      if (!SHELLS.includes(shell as Shell)) {
        // A shell of another family is no slip of bash ("pwsh" was offered "bash").
        const other = /^(pwsh|powershell|cmd|tcsh|csh|ksh|nu|nushell|elvish|xonsh)$/i.test(shell);
        throw new InputError([{ severity: "error", code: "bad-argument", message: `no completion for "${shell}"${other ? " (a shell mlx-solve has no completion for)" : ""}; expected one of: ${SHELLS.join(", ")}${other ? "" : didYouMean(shell, SHELLS)}`, file: "argument <shell>", line: 0, column: 0 }]);
      }
      const o = optsOf<CatalogOpts>(args);
      const { dir, layers } = catalogOf(o, projectFor(o));
      const catalog = loadCatalog(dir, { layers });
      const useCases = [...new Set([...catalog.useCases.values()].flatMap((u) => [u.id, ...u.aliases]))].sort();
      const program = (args[args.length - 1] as Command).parent!;
      io.out(completionScript(shell as Shell, program, { plugins: [...catalog.plugins.keys()].sort(), useCases, tags: TAG_VALUES }, { lists: [...LIST_KINDS], schemas: Object.keys(SCHEMAS) }));
      return 0;
    },
  },
  {
    name: "schema",
    description: `print the JSON Schema of a file kind (${Object.keys(SCHEMAS).join(", ")}), or all of them`,
    configure: (c) => {
      addCatalogOptions(c.addArgument(new Argument("[kind]", "the file kind (default: all, keyed by kind)")).option("--out <dir>", "write each schema to DIR/KIND.schema.json instead (DIR is made when it is not there)"));
    },
    run: async (args, io, clock) => {
      // "all" is what the help names the default: the same as no kind.
      const kind = args[0] === "all" ? undefined : (args[0] as string | undefined);
      const o = optsOf<CatalogOpts & { out?: string }>(args);
      const names = Object.keys(SCHEMAS) as SchemaName[];
      if (kind !== undefined && !names.includes(kind as SchemaName)) {
        throw new InputError([{ severity: "error", code: "bad-argument", message: `unknown schema "${kind}"; expected one of: ${names.join(", ")}, or all${didYouMean(kind, [...names, "all"])}`, file: "argument [kind]", line: 0, column: 0 }]);
      }
      const chosen = kind ? [kind as SchemaName] : names;
      // The catalog's names (its layers' too) are offered for an editor's completions: whatever
      // of a catalog being written loads. A project file or catalog that does not load at all
      // (often why one asks for the schemas): said, and the schemas without names.
      let catalog: ReturnType<typeof loadCatalogDir>["catalog"];
      try {
        const { dir, layers } = catalogOf(o, catalogProject(o, io));
        catalog = loadCatalogDir(dir, { layers }).catalog;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        io.err(`${visible(`note: the schemas offer no catalog names: ${e.diagnostics.map(formatDiagnostic).join("; ")}`)}\n`);
      }
      const jsonSchemaOf = (n: SchemaName) => schemaOf(n, catalog);
      if (o.out !== undefined) {
        // An empty name is a slip (an unset variable in `--out "$DIR"`), not the root directory.
        if (o.out.trim() === "") throw badOption("--out", 'option --out expects a directory, not ""');
        // "s.json" names a file: --out would make a directory of that name.
        if (/\.json$/i.test(o.out) && !existsSync(o.out))
          throw badOption("--out", `option --out expects a directory (each schema goes in DIR/KIND.schema.json), not the file "${o.out}"; --output ${o.out} writes the printed schema to that file`);
        for (const n of chosen) writeFileAtomic(`${o.out}/${n}.schema.json`, JSON.stringify(jsonSchemaOf(n), null, 2) + "\n", { makeDirectory: true });
        io.out(`wrote ${chosen.map((n) => `${o.out}/${n}.schema.json`).join(", ")}\n`);
        return 0;
      }
      io.out(JSON.stringify(kind ? jsonSchemaOf(kind as SchemaName) : Object.fromEntries(names.map((n) => [n, jsonSchemaOf(n)])), null, 2) + "\n");
      return 0;
    },
  },
  UI_COMMAND,
];
