/**
 * The command line: declares commands and options, calls the library, hands the result to a
 * printer, and maps outcomes to exit codes (0 ok / valid, 1 no stack / invalid, 2 bad input).
 */
import { Command, CommanderError, Option } from "commander";
import { InputError, type Diagnostic } from "../core/diagnostics.js";
import type { Request } from "../core/request.js";
import { diagnosticsText } from "../print/text.js";
import { makeStyle } from "../print/style.js";
import { COMMANDS, type Io } from "./commands.js";

export interface RequestOpts {
  useCase: string[];
  require: string[];
  exclude: string[];
  prefer: string[];
  avoid: string[];
  only: string[];
  integrations: "soft" | "strict";
  catalog?: string;
  format: string;
  timeout?: number;
}

const collect = (v: string, prev: string[]) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
const collectOne = (v: string, prev: string[]) => [...prev, v];

export function requestOf(o: RequestOpts): Request {
  return { useCases: o.useCase, require: o.require, exclude: o.exclude, prefer: o.prefer, avoid: o.avoid, only: o.only, integrations: o.integrations };
}

function positiveSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InputError([{ severity: "error", code: "bad-option", message: `--timeout expects a positive number of seconds, not "${v}"`, file: "option --timeout", line: 0, column: 0 }]);
  return n;
}

export function addRequestOptions(cmd: Command, formats: string[] = ["table", "json", "yaml"]): Command {
  return cmd
    .option("--use-case <name>", "a use case (id, name or alias); repeatable", collectOne, [])
    .option("--require <id>", "a plugin that must be in the stack; repeatable", collect, [])
    .option("--exclude <id>", "a plugin that must not be in the stack; repeatable", collect, [])
    .option("--prefer <id>", "a plugin to include if possible; repeatable", collect, [])
    .option("--avoid <id>", "a plugin to leave out if possible; repeatable", collect, [])
    .option("--only <key=value>", "only plugins with this tag, e.g. license=open-source; repeatable", collectOne, [])
    .addOption(new Option("--integrations <mode>", "integration points: soft (an objective) or strict (a rule)").choices(["soft", "strict"]).default("soft"))
    .option("--catalog <dir>", "a catalog directory (default: the built-in catalog)")
    .addOption(new Option("--format <format>", "output format").choices(formats).default("table"))
    .option("--timeout <seconds>", "stop searching after this many seconds", positiveSeconds);
}

export async function main(argv: string[], io: Io): Promise<number> {
  const program = new Command("mlx-solve")
    .description("Recommend, check, repair and explain stacks of ML-infrastructure plugins.")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError(true);
  let code = 0;
  for (const def of COMMANDS) {
    const cmd = program.command(def.name).description(def.description);
    def.configure(cmd);
    cmd.exitOverride();
    cmd.action(async (...args: unknown[]) => {
      code = await def.run(args, io);
    });
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof InputError) return reportInputError(e.diagnostics, argv, io);
    throw e;
  }
  return code;
}

export function reportInputError(ds: Diagnostic[], argv: string[], io: Io): number {
  const i = argv.indexOf("--format");
  const fmt = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--format="))?.slice(9);
  const command = argv.find((a) => !a.startsWith("-")) ?? "";
  if (fmt === "json") io.out(JSON.stringify({ format_version: 1, command, ok: false, diagnostics: ds }, null, 2) + "\n");
  else io.err(diagnosticsText(ds, makeStyle(io.colourErr)) + "\n");
  return 2;
}

