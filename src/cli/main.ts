/**
 * The command line: declares commands and options, calls the library, hands the result to a
 * printer, and maps outcomes to exit codes (0 ok / valid, 1 no stack / invalid, 2 bad input).
 */
import { Command, CommanderError } from "commander";
import { readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { diagnosticFindings, didYouMean, diagnosticsText, relocated, toGithub, toSarif, InputError, makeStyle, PACKAGE_ROOT, PRINTERS, sameFile, SolverMemory, STDIN_NAME, stoppedResult, Timeout, VERSION, visible, workFor, writeFileAtomic, type AnyResult, type Diagnostic } from "../index.js";
import { COMMANDS, markPartialRun, type Clock, type Io } from "./commands.js";
import { badOption, projectFor } from "./options.js";

export async function main(argv: string[], io: Io): Promise<number> {
  // --timeout counts from the process's start (run.ts passes it), so loading counts too.
  const started = io.started ?? Date.now();
  // --timeout T is T seconds' worth of work (core/common/budget.ts), the same on every machine,
  // with the clock as a safety net.
  const clock: Clock = { limit: (o) => (o.timeout !== undefined ? { deadline: started + o.timeout * 1000, work: workFor(o.timeout) } : {}) };
  const program = new Command("mlx-solve")
    .description("Recommend, check, repair and explain stacks of ML-infrastructure plugins.")
    .version(VERSION)
    .exitOverride()
    // Commander repeats what the user typed (an unknown option, a bad argument): made visible.
    .configureOutput({ writeOut: (s) => io.out(visible(s, true)), writeErr: (s) => io.err(visible(s, true)) })
    .showSuggestionAfterError(true);
  let code = 0;
  /** The stack files the running command reads, as its arguments name them (a stop's YAML repeats the first). */
  let stackFiles: string[] = [];
  /** The running command's operands (why's plugin id, diff's files), which a stopped result repeats. */
  let operands: string[] = [];
  for (const def of COMMANDS) {
    const cmd = program.command(def.name).description(def.description);
    def.configure(cmd);
    // Every command that prints an answer; not the configurator's server, which runs until stopped.
    if (def.name !== "ui") cmd.option("--output <file>", "write the output to FILE (atomically: all of it or nothing) instead of standard output");
    for (const o of cmd.options) if (o.argChoices) o.argParser(oneOf(o.long!, o.argChoices));
    cmd.exitOverride();
    cmd.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Command;
      givenOnce(self, argv);
      stackFiles = fileArguments(self, args);
      operands = args.slice(0, -2).flat().filter((a): a is string => typeof a === "string");
      const output = self.opts()["output"] as string | undefined;
      // A file the command reads is never the file of its answer: `check a.yaml --output a.yaml`
      // replaced the stack with the report, and `repair b.yaml --write --output b.yaml` the
      // repaired stack with it, saying it had written it.
      if (output !== undefined) {
        if (output.trim() === "") throw badOption("--output", `--output expects a file name, not "${output}" (- for standard output)`);
        const read = readsOf(self, args);
        const same = read.files.find((f) => sameFile(f, output));
        if (same !== undefined) throw badOption("--output", `--output names ${same}, the file this command reads; expected another file${def.name === "repair" ? " (--write replaces the stack file with the repaired stack)" : ""}`);
        const inside = read.dirs.find((d) => within(d, output));
        if (inside !== undefined) throw badOption("--output", `--output names a file in ${inside}, a directory of the catalog this command reads; expected a file elsewhere`);
      }
      if (output === undefined) {
        code = await def.run(args, io, clock);
        return;
      }
      // The whole output, then one atomic write: a reader never sees half of it.
      let text = "";
      // Into a file, a table is never cut to the terminal's width (standard output named so is
      // standard output, as it stays).
      const toStream = output === "-" || output === "/dev/stdout";
      code = await def.run(args, { ...io, out: (s) => (text += s), colourOut: false, ...(toStream ? {} : { columns: Infinity }) }, clock);
      // A command that failed with nothing to say on standard output (export stopped by the time
      // limit) leaves no empty file behind.
      if (text !== "" || code === 0) writeOutput(output, text, io);
    });
  }
  // Bare `mlx-solve`: the help, on stderr, as a usage error (exit 2).
  if (argv.length === 0) {
    io.err(visible(program.helpInformation(), true));
    return 2;
  }
  // `mlx-solve help NAME` of a command that does not exist: a usage error, as a mistyped command is.
  const topic = argv[0] === "help" ? argv.slice(1).find((a) => !a.startsWith("-")) : undefined;
  if (topic !== undefined && topic !== "help" && !program.commands.some((c) => c.name() === topic)) {
    const names = program.commands.map((c) => c.name());
    return reportInputError([{ severity: "error", code: "unknown-command", message: `unknown command "${topic}"; expected one of: ${names.join(", ")}${didYouMean(topic, names)}`, file: "argument [command]", line: 0, column: 0 }], argv, io);
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      // Commander has said it on stderr; a machine format gets it as bad input's diagnostics too
      // (`--use-cas rag --format json` printed nothing on stdout).
      const fmt = commandAndFormat(argv).format;
      if (fmt === "json" || fmt === "github" || fmt === "sarif") return reportInputError([usageDiagnostic(e)], argv, io, true);
      return 2;
    }
    if (e instanceof InputError) return reportInputError(e.diagnostics, argv, io);
    // A time limit met outside a command's own handling (e.g. while loading the catalog): said
    // as such, exit 1, never as an internal error.
    if (e instanceof Timeout) return reportStop(argv, io, "time", stackFiles, operands);
    // The solver's largest memory met where a command has no partial answer to give: a resource
    // limit as the time limit is, said plainly, exit 1.
    if (e instanceof SolverMemory) return reportStop(argv, io, "memory", stackFiles, operands);
    throw e;
  }
  return code;
}

/**
 * An option of one value given twice (`--format json --format yaml`, two `--catalog`s) is a
 * usage error: commander keeps the last, silently. Repeatable options (a list, `--use-case`) are
 * not counted; nothing after `--` is an option.
 */
function givenOnce(cmd: Command, argv: readonly string[]): void {
  const end = argv.indexOf("--");
  const words = end < 0 ? argv : argv.slice(0, end);
  for (const o of cmd.options) {
    if (!o.required || Array.isArray(o.defaultValue) || !o.long) continue;
    const n = words.filter((w) => w === o.long || w.startsWith(`${o.long}=`)).length;
    if (n > 1) throw badOption(o.long, `${o.long} is given ${n} times; expected it once (one value: the last would be taken without a word)`);
  }
}

/** The stack files (check's <file>, repair's, diff's <old> [new]) are the arguments that name files. */
const FILE_ARGUMENTS = new Set(["file", "old", "new"]);

/** The stack files a command's arguments name (standard input, `-`, is none). */
const fileArguments = (cmd: Command, args: unknown[]): string[] =>
  cmd.registeredArguments.flatMap((a, i) => (FILE_ARGUMENTS.has(a.name()) ? [args[i]].flat() : [])).filter((a): a is string => typeof a === "string" && a !== "-");

/**
 * What a command reads that --output could destroy: its stack files, the project file it takes
 * defaults from, and the catalog's directories (catalog/ and constraints/ of the base and of each
 * layer). A project file it cannot read is left to the command to report.
 */
function readsOf(cmd: Command, args: unknown[]): { files: string[]; dirs: string[] } {
  const files = fileArguments(cmd, args);
  const o = cmd.opts() as { catalog?: string; layer?: string[]; config?: boolean };
  if (!("layer" in o)) return { files, dirs: [] };
  let project: ReturnType<typeof projectFor>;
  try {
    project = projectFor({ config: o.config !== false });
  } catch {
    project = undefined;
  }
  if (project) files.push(project.file);
  // As catalogOf takes them (options.ts): --catalog over the project's base, the built-in one
  // else; the project's layers, then --layer's.
  const bases = [o.catalog ?? project?.base ?? PACKAGE_ROOT, ...(project?.layerDirs ?? []), ...(o.layer ?? [])];
  return { files, dirs: bases.flatMap((d) => [join(d, "catalog"), join(d, "constraints")]) };
}

/** Whether `path` (which may not exist yet) lies in the directory `dir` (through links too). */
function within(dir: string, path: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const d = real(dir);
  const parent = real(dirname(resolve(path)));
  return d !== undefined && parent !== undefined && (parent === d || parent.startsWith(d + sep));
}

/** Other names of a format. */
const SYNONYMS: Record<string, string> = { cnf: "dimacs", sat: "dimacs", maxsat: "wcnf", pb: "opb", lp: "asp", clingo: "asp", yml: "yaml", text: "table", txt: "table", md: "mermaid", graphviz: "dot", gh: "github" };

/** The parser of an option with a fixed set of values: anything else is an input error that suggests the nearest. */
const oneOf = (option: string, choices: readonly string[]) => (v: string): string => {
  if (choices.includes(v)) return v;
  // A word for the same thing ("cnf" is DIMACS, not the nearest spelling "wcnf"), else the nearest spelling.
  const meant = SYNONYMS[v.toLowerCase()];
  throw badOption(option, `${option} expects one of: ${choices.join(", ")}; not "${v}"${meant && choices.includes(meant) ? ` (did you mean "${meant}"?)` : didYouMean(v, choices)}`);
};

const withNewline = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);

/**
 * The YAML of a command stopped before its answer. check's and repair's YAML is a stack file
 * (PRODUCT.md): the file as given, the stop in a comment, where it was the result's fields,
 * which check refused as a stack file (a file that cannot be read again, standard input: the
 * stop's fields). Other commands give their own YAML of the stopped result.
 */
function stoppedYaml(command: string, by: "time" | "memory", said: string, files: readonly string[], stopped: AnyResult | undefined): string {
  const fields = `format_version: 1\ncommand: ${command}\nok: false\ntimed_out: true\nstopped_by: ${by}\n`;
  const file = files[0];
  // The other commands' own YAML of their stopped result (sample's: a stream of no stack files).
  if (command !== "check" && command !== "repair") return stopped ? withNewline(PRINTERS.yaml(stopped)) : fields;
  if (file === undefined) return fields;
  try {
    return `# ${said.charAt(0).toLowerCase()}${said.slice(1)}\n${readFileSync(file, "utf8")}`;
  } catch {
    return fields;
  }
}

/** A command stopped by the time limit while loading, or by the solver's memory, with no answer of its own: said in its format, exit 1. */
function reportStop(argv: string[], io: Io, by: "time" | "memory", files: readonly string[], operands: readonly string[]): number {
  markPartialRun();
  const { command, format } = commandAndFormat(argv);
  const said =
    by === "time"
      ? "Stopped at the time limit (--timeout) before the catalog was loaded; nothing was solved."
      : "Stopped: the SAT solver ran out of its fixed memory on this request; nothing more is proven. A narrower request (--only, --exclude) or catalog needs less.";
  const finding = () => [{ level: "error" as const, rule: `${command}/${by === "time" ? "timeout" : "memory"}`, message: said }];
  // The command's own result, its required fields empty and said not computed (files as the
  // command names them: standard input as <stdin>).
  const git = optionValue(argv, "--git");
  const stopped = stoppedResult({ command, operands: operands.map((a) => (a === "-" ? STDIN_NAME : a)), ...(git !== undefined ? { git } : {}) }, by);
  if (format === "json") answer(argv, io, JSON.stringify(stopped ?? { format_version: 1, command, ok: false, timed_out: true, stopped_by: by }, null, 2) + "\n");
  else if (format === "yaml") answer(argv, io, stoppedYaml(command, by, said, files, stopped));
  else if (format === "github") answer(argv, io, toGithub(undefined, finding(), `mlx-solve ${command}: stopped ${by === "time" ? "at the time limit" : "by the solver's memory"} (exit 1)`));
  else if (format === "sarif") answer(argv, io, toSarif(undefined, finding(), VERSION, true, io.root));
  // A picture: an empty one that says it in a comment, as a command's own picture of no stack.
  else if (format === "mermaid") answer(argv, io, `flowchart LR\n  %% ${said}\n`);
  else if (format === "dot") answer(argv, io, `graph stack {\n  // ${said}\n}\n`);
  else io.err(makeStyle(io.colourErr).yellow(said) + "\n");
  return 1;
}

/**
 * Writes an answer made outside a command's own run (bad input, a time limit met while loading)
 * where the command would have written its own: the file of --output, else standard output.
 */
function answer(argv: string[], io: Io, text: string): void {
  const output = optionValue(argv, "--output");
  // Never over a file the command line names (the input error may be that --output names it).
  const named = argv.filter((a, i) => !a.startsWith("-") && argv[i - 1] !== "--output");
  if (output !== undefined && output !== "" && !named.some((a) => sameFile(a, output))) {
    try {
      writeOutput(output, text, io);
      return;
    } catch {
      // The file itself may be the bad input (a directory that does not exist): the answer then
      // goes to standard output, beside the error that says so.
    }
  }
  io.out(text);
}

/** The names of the process's own streams: written to as the streams, never replaced as files. */
const STREAM_NAMES: Record<string, "out" | "err"> = { "-": "out", "/dev/stdout": "out", "/dev/fd/1": "out", "/proc/self/fd/1": "out", "/dev/stderr": "err", "/dev/fd/2": "err", "/proc/self/fd/2": "err" };

/**
 * --output's file: written atomically (all or nothing), but for a stream. `-` and /dev/stdout
 * are standard output: /dev/stdout resolves to the file the shell redirected it to, and the
 * atomic rename replaced that file, losing what the script had written before (to a pipe, it
 * failed as "its directory does not exist"). A device or a named pipe (/dev/null, a FIFO) is
 * written straight through (writeFileAtomic).
 */
function writeOutput(output: string, text: string, io: Io): void {
  const stream = STREAM_NAMES[output];
  if (stream) return stream === "out" ? io.out(text) : io.err(text);
  writeFileAtomic(output, text, { readOnlyHint: "make it writable, or name another file" });
}

/** The value of `--name V` or `--name=V` as typed (the last one given), else undefined. */
function optionValue(argv: string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && i + 1 < argv.length) value = argv[++i];
    else if (argv[i]!.startsWith(`${name}=`)) value = argv[i]!.slice(name.length + 1);
  }
  return value;
}

/** The command and the --format of a command line, as typed. */
function commandAndFormat(argv: string[]): { command: string; format: string | undefined } {
  // The first word that is no option, when it names a command (`--format json` alone: "json" is an
  // option's value, and the envelope names no command).
  const first = argv.find((a) => !a.startsWith("-"));
  return { command: COMMANDS.some((c) => c.name === first) ? first! : "", format: optionValue(argv, "--format") };
}

/**
 * A diagnostic of a command-line option (its file is "option --name", with no line) also names the
 * option on its own in JSON, so a tool need not parse the file field to find it.
 */
function withOption(d: Diagnostic): Diagnostic & { option?: string } {
  const m = d.line === 0 ? /^option (--?[\w-]+)$/.exec(d.file) : null;
  return m ? { ...d, option: m[1]! } : d;
}

/**
 * A name unknown under `--no-config` may be one the project file's layers define: said, once,
 * after the errors ("unknown plugin" alone sent a team looking for a typo).
 */
function leftOut(ds: Diagnostic[], argv: string[]): string {
  if (!argv.includes("--no-config") || !ds.some((d) => d.code === "unknown-plugin" || d.code === "unknown-use-case")) return "";
  let project: ReturnType<typeof projectFor>;
  try {
    project = projectFor({ config: true });
  } catch {
    return "";
  }
  if (!project?.layers.length) return "";
  return `${visible(`note: --no-config leaves out ${project.file} and its ${project.layers.length === 1 ? "layer" : "layers"} ${project.layers.map((l) => l.dir).join(", ")}, whose plugins and use cases are then unknown`)}\n`;
}

/**
 * A usage error commander found (an unknown option, a missing argument) as a diagnostic of the
 * command line: code "unknown-option" from "commander.unknownOption", its message without "error: ".
 */
function usageDiagnostic(e: CommanderError): Diagnostic {
  const code = e.code.replace(/^commander\./, "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return { severity: "error", code, message: visible(e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ")), file: "arguments", line: 0, column: 0 };
}

/** Bad input, said in the command's format (exit 2); `said`: already on stderr (commander's words), so not again. */
function reportInputError(ds: Diagnostic[], argv: string[], io: Io, said = false): number {
  const { command, format: fmt } = commandAndFormat(argv);
  if (fmt === "json") answer(argv, io, JSON.stringify({ format_version: 1, command, ok: false, diagnostics: ds.map(withOption) }, null, 2) + "\n");
  else if (!said) io.err(diagnosticsText(ds, makeStyle(io.colourErr)) + "\n" + leftOut(ds, argv));
  // For CI, bad input is annotated too (a stack file that does not parse, at its line). A file of
  // `diff --git REV` is named FILE@REV, a path no annotation can land on: it lands on FILE, the
  // revision said in the message.
  const rev = optionValue(argv, "--git");
  const located = (d: Diagnostic): Diagnostic => (rev !== undefined && d.file.endsWith(`@${rev}`) ? { ...d, file: d.file.slice(0, -rev.length - 1), message: `in the version at ${rev}: ${d.message}` } : d);
  const findings = () => relocated(diagnosticFindings(ds.map(located).map((d) => ({ ...d, file: visible(d.file), message: visible(d.message) })), "input"), io.place);
  if (fmt === "github") answer(argv, io, toGithub(undefined, findings(), `mlx-solve ${command}: bad input (exit 2)`));
  if (fmt === "sarif") answer(argv, io, toSarif(undefined, findings(), VERSION, true, io.root));
  return 2;
}

