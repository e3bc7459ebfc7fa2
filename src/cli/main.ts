/**
 * The command line: declares commands and options, calls the library, hands the result to a
 * printer, and maps outcomes to exit codes (0 ok / valid, 1 no stack / invalid, 2 bad input).
 */
import { Command, CommanderError } from "commander";
import { diagnosticsText, InputError, makeStyle, VERSION, type Diagnostic } from "../index.js";
import { COMMANDS, type Io } from "./commands.js";

export async function main(argv: string[], io: Io): Promise<number> {
  const program = new Command("mlx-solve")
    .description("Recommend, check, repair and explain stacks of ML-infrastructure plugins.")
    .version(VERSION)
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

