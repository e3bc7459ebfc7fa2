/** A stack file as it was at a git revision (for `diff --git REV FILE`). */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { StackDoc } from "../core/catalog/catalog.js";
import { parseStackFile } from "../core/catalog/load.js";
import { InputError } from "../core/common/diagnostics.js";

/** The file at `path` as it was at revision `rev` of its git repository, shown as `path@rev`. */
export function readStackFileAt(path: string, rev: string): StackDoc {
  const shown = `${path}@${rev}`;
  const fail = (message: string): never => {
    throw new InputError([{ severity: "error", code: "git-revision", message, file: `option --git`, line: 0, column: 0 }]);
  };
  if (rev.startsWith("-") || rev.trim() === "") fail(`--git expects a revision (a commit, branch or tag), not "${rev}"`);
  if (path.trim() === "") fail('expected a stack file name, not "" (an empty argument)');
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) fail(`${path}: no such directory ${dirname(path)}; expected a stack file in a git repository`);
  let content: Buffer;
  try {
    // `REV:./NAME` names the file relative to the directory git runs in.
    // In the C locale: the message of a file the revision lacks is matched below.
    content = execFileSync("git", ["show", `${rev}:./${basename(path)}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 2 * 1024 * 1024, env: { ...process.env, LC_ALL: "C" } });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT") return fail("git is not installed (or not on PATH); --git needs it");
    const why = String(err.stderr ?? err.message).trim().split("\n")[0] ?? "";
    // A file the change adds (a stack file new since REV): before, there was no stack, which
    // diff compares as an empty one. Only when REV itself is a commit: a mistyped revision
    // stays an error.
    if (/exists on disk, but not in|does not exist in/.test(why) && isCommit(rev, dir)) content = Buffer.from("plugins: []\n");
    else return fail(`cannot read ${path} at revision ${rev}: ${why.replace(/^fatal: /, "")}`);
  }
  // A directory at REV: git lists it ("tree REV:./NAME", then its entries), which is no YAML to parse.
  const spec = `${rev}:./${basename(path)}`;
  if (content.subarray(0, spec.length + 6).toString() === `tree ${spec}\n`) throw new InputError([{ severity: "error", code: "unreadable-file", message: "is a directory at that revision; expected a YAML file", file: shown, line: 0, column: 0 }]);
  const r = parseStackFile({ path: shown, content: new Uint8Array(content) });
  if (!r.ok) throw new InputError(r.diagnostics);
  return r.stack;
}

/** Whether `rev` names a commit of the repository at `dir`. */
function isCommit(rev: string, dir: string): boolean {
  try {
    execFileSync("git", ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { cwd: dir, stdio: ["ignore", "ignore", "ignore"] });
    return true;
  } catch {
    return false;
  }
}
