/**
 * Shell completion: a script for bash, zsh or fish that completes the commands, their options,
 * the values of options with a fixed set (formats, ...), plugin ids (--require, why, ...), use
 * cases (--use-case) and file names where a file is expected. Plugin ids and use cases are those
 * of the catalog when the script is made (regenerate it after changing the catalog).
 */
import type { Command, Option } from "commander";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** What an option's or an argument's value is, for completion. */
type ValueKind = { kind: "none" } | { kind: "free" } | { kind: "file" } | { kind: "dir" } | { kind: "plugin" } | { kind: "use-case" } | { kind: "tag" } | { kind: "words"; words: string[] };

const PLUGIN_OPTIONS = new Set(["--require", "--exclude", "--prefer", "--avoid"]);
const FILE_OPTIONS = new Set(["--output"]);
const DIR_OPTIONS = new Set(["--catalog", "--layer", "--out"]);

function optionValue(o: Option): ValueKind {
  if (!o.required && !o.optional) return { kind: "none" };
  if (o.argChoices?.length) return { kind: "words", words: o.argChoices };
  if (PLUGIN_OPTIONS.has(o.long!)) return { kind: "plugin" };
  if (o.long === "--use-case") return { kind: "use-case" };
  if (o.long === "--only" || o.long === "--prefer-tag") return { kind: "tag" };
  if (FILE_OPTIONS.has(o.long!)) return { kind: "file" };
  if (DIR_OPTIONS.has(o.long!)) return { kind: "dir" };
  return { kind: "free" };
}

/** What a command's positional arguments are. */
function argumentValue(cmd: Command, words: { lists: string[]; schemas: string[] }): ValueKind {
  switch (cmd.name()) {
    case "check":
    case "repair":
    case "diff":
      return { kind: "file" };
    case "why":
    case "why-not":
      return { kind: "plugin" };
    case "list":
      return { kind: "words", words: words.lists };
    case "schema":
      return { kind: "words", words: words.schemas };
    case "completion":
      return { kind: "words", words: [...SHELLS] };
    default:
      return { kind: "none" };
  }
}

interface Spec {
  name: string;
  description: string;
  options: { flag: string; description: string; value: ValueKind }[];
  argument: ValueKind;
}

const specsOf = (program: Command, words: { lists: string[]; schemas: string[] }): Spec[] =>
  program.commands.map((c) => ({
    name: c.name(),
    description: c.description(),
    options: [...c.options.filter((o) => o.long && !o.hidden).map((o) => ({ flag: o.long!, description: o.description, value: optionValue(o) })), { flag: "--help", description: "show help", value: { kind: "none" } as ValueKind }],
    argument: argumentValue(c, words),
  }));

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bashValue(v: ValueKind): string {
  switch (v.kind) {
    case "words":
      return `COMPREPLY=( $(compgen -W ${shq(v.words.join(" "))} -- "$cur") )`;
    case "plugin":
      return `COMPREPLY=( $(compgen -W "$plugins" -- "$cur") )`;
    case "use-case":
      return `COMPREPLY=( $(compgen -W "$usecases" -- "$cur") )`;
    case "tag":
      return `COMPREPLY=( $(compgen -W "$tagkeys" -- "$cur") ); compopt -o nospace 2>/dev/null`;
    case "file":
      return `COMPREPLY=( $(compgen -f -- "$cur") )`;
    case "dir":
      return `COMPREPLY=( $(compgen -d -- "$cur") )`;
    default:
      return "COMPREPLY=()";
  }
}

function bash(specs: Spec[], plugins: string[], useCases: string[], tags: Record<string, readonly string[]>, zsh: boolean): string {
  const lines = [
    zsh ? "#compdef mlx-solve" : "",
    `# mlx-solve completion for ${zsh ? "zsh" : "bash"}: add to ${zsh ? "~/.zshrc" : "~/.bashrc"}:`,
    `#   eval "$(mlx-solve completion ${zsh ? "zsh" : "bash"})"`,
    "# Plugin ids and use cases are the catalog's when this was made: regenerate after changing it.",
    ...(zsh ? ["autoload -U +X bashcompinit && bashcompinit"] : []),
    "_mlx_solve() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="${COMP_WORDS[1]}"',
    `  local plugins=${shq(plugins.join(" "))}`,
    `  local usecases=${shq(useCases.join(" "))}`,
    `  local tagkeys=${shq(Object.keys(tags).map((k) => `${k}=`).join(" "))}`,
    // --only KEY=VALUE: bash splits the word at "=" (COMP_WORDBREAKS), so the value comes after it.
    '  local key=""',
    '  if [[ "$cur" == "=" && "${COMP_WORDS[COMP_CWORD-2]}" == "--only" ]]; then key="$prev"; cur=""',
    '  elif [[ "$prev" == "=" && "${COMP_WORDS[COMP_CWORD-3]}" == "--only" ]]; then key="${COMP_WORDS[COMP_CWORD-2]}"; fi',
    '  if [ -n "$key" ]; then',
    '    case "$key" in',
    ...Object.entries(tags).map(([k, vs]) => `      ${k}) COMPREPLY=( $(compgen -W ${shq(vs.join(" "))} -- "$cur") ) ;;`),
    "    esac",
    "    return",
    "  fi",
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=( $(compgen -W ${shq([...specs.map((s) => s.name), "help", "--help", "--version"].join(" "))} -- "$cur") )`,
    "    return",
    "  fi",
    '  case "$cmd" in',
    // `mlx-solve help COMMAND`: the commands.
    `    help) COMPREPLY=( $(compgen -W ${shq(specs.map((s) => s.name).join(" "))} -- "$cur") ) ;;`,
  ];
  for (const s of specs) {
    lines.push(`    ${s.name})`);
    const valued = s.options.filter((o) => o.value.kind !== "none");
    if (valued.length) {
      lines.push('      case "$prev" in');
      for (const o of valued) lines.push(`        ${o.flag}) ${bashValue(o.value)}; return ;;`);
      lines.push("      esac");
    }
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W ${shq(s.options.map((o) => o.flag).join(" "))} -- "$cur") ); else ${bashValue(s.argument)}; fi`);
    lines.push("      ;;");
  }
  lines.push("  esac", "}", "complete -o default -F _mlx_solve mlx-solve", "");
  return lines.filter((l, i) => i > 0 || l !== "").join("\n");
}

const fishq = shq;

function fishValue(v: ValueKind, plugins: string[], useCases: string[], tags: Record<string, readonly string[]>): string {
  switch (v.kind) {
    case "words":
      return ` -x -a ${fishq(v.words.join(" "))}`;
    case "plugin":
      return ` -x -a ${fishq(plugins.join(" "))}`;
    case "use-case":
      return ` -x -a ${fishq(useCases.join(" "))}`;
    case "tag":
      return ` -x -a ${fishq(Object.entries(tags).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`)).join(" "))}`;
    case "file":
      return " -r -F";
    case "dir":
      return ` -x -a "(__fish_complete_directories)"`;
    case "free":
      return " -x";
    default:
      return "";
  }
}

function fish(specs: Spec[], plugins: string[], useCases: string[], tags: Record<string, readonly string[]>): string {
  const lines = [
    "# mlx-solve completion for fish: mlx-solve completion fish > ~/.config/fish/completions/mlx-solve.fish",
    "# Plugin ids and use cases are the catalog's when this was made: regenerate after changing it.",
    "complete -c mlx-solve -f",
    `complete -c mlx-solve -n __fish_use_subcommand -l help -d 'show help'`,
    `complete -c mlx-solve -n __fish_use_subcommand -l version -d 'show the version'`,
  ];
  for (const s of specs) {
    lines.push(`complete -c mlx-solve -n __fish_use_subcommand -a ${s.name} -d ${fishq(s.description)}`);
    const when = `-n '__fish_seen_subcommand_from ${s.name}'`;
    for (const o of s.options) lines.push(`complete -c mlx-solve ${when} -l ${o.flag.slice(2)} -d ${fishq(o.description)}${fishValue(o.value, plugins, useCases, tags)}`);
    if (s.argument.kind !== "none") lines.push(`complete -c mlx-solve ${when}${fishValue(s.argument, plugins, useCases, tags)}`);
  }
  return lines.join("\n") + "\n";
}

/** The completion script of `program` for `shell`, with the catalog's plugin ids, use cases and the tags of --only. */
export function completionScript(shell: Shell, program: Command, catalog: { plugins: string[]; useCases: string[]; tags: Record<string, readonly string[]> }, words: { lists: string[]; schemas: string[] }): string {
  const specs = specsOf(program, words);
  return shell === "fish" ? fish(specs, catalog.plugins, catalog.useCases, catalog.tags) : bash(specs, catalog.plugins, catalog.useCases, catalog.tags, shell === "zsh");
}
