/**
 * The command line of the bench's scripts: `--name VALUE` options, and the command as a results
 * file quotes it, with the paths of this machine (an interpreter, a data directory, a tool)
 * written as placeholders.
 */

/** The value after `--name` in `args`, else `dflt`. */
export function option(args, name, dflt) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
}

/** Options whose value is a path of this machine, and the word a results file shows instead. */
const PLACEHOLDERS = { "--python": "PYTHON", "--sharpsat": "SHARPSAT", "--splot": "DIR", "--data": "DIR" };

/** `node SCRIPT ARGS` as a results file quotes it (see PLACEHOLDERS). */
export function commandLine(script, args) {
  return `node ${script}${args.length ? " " + args.map((a, i) => PLACEHOLDERS[args[i - 1]] ?? a).join(" ") : ""}`;
}
