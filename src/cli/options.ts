/** The options every solving command shares, and how they become a library request. */
import { Command, Option } from "commander";
import { InputError, type Request } from "../index.js";

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

/** How an error about a part of the request names it: the option the user typed. */
const ORIGINS: Required<NonNullable<Request["origins"]>> = {
  useCases: "option --use-case",
  require: "option --require",
  exclude: "option --exclude",
  prefer: "option --prefer",
  avoid: "option --avoid",
  only: "option --only",
  integrations: "option --integrations",
};

export function requestOf(o: RequestOpts): Request {
  return { useCases: o.useCase, require: o.require, exclude: o.exclude, prefer: o.prefer, avoid: o.avoid, only: o.only, integrations: o.integrations, origins: ORIGINS };
}

function positiveSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InputError([{ severity: "error", code: "bad-option", message: `--timeout expects a positive number of seconds, not "${v}"`, file: "option --timeout", line: 0, column: 0 }]);
  return n;
}

export const timeoutOption = () => new Option("--timeout <seconds>", "stop searching after this many seconds").argParser(positiveSeconds);
export const catalogOption = () => new Option("--catalog <dir>", "a catalog directory (default: the built-in catalog)");
export const formatOption = (formats: readonly string[], help = "output format") => new Option("--format <format>", help).choices(formats).default("table");
export const repairsOption = (help: string) => new Option("--repairs <n>", help).argParser((v) => Math.max(1, Number.parseInt(v, 10) || 3)).default(3);

export function addRequestOptions(cmd: Command, formats: readonly string[] = ["table", "json", "yaml"]): Command {
  return cmd
    .option("--use-case <name>", "a use case (id, name or alias); repeatable", collectOne, [])
    .option("--require <id>", "a plugin that must be in the stack; repeatable", collect, [])
    .option("--exclude <id>", "a plugin that must not be in the stack; repeatable", collect, [])
    .option("--prefer <id>", "a plugin to include if possible; repeatable", collect, [])
    .option("--avoid <id>", "a plugin to leave out if possible; repeatable", collect, [])
    .option("--only <key=value>", "only plugins with this tag, e.g. license=open-source; repeatable", collectOne, [])
    .addOption(new Option("--integrations <mode>", "integration points: soft (an objective) or strict (a rule)").choices(["soft", "strict"]).default("soft"))
    .addOption(catalogOption())
    .addOption(formatOption(formats))
    .addOption(timeoutOption());
}
