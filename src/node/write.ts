/**
 * Writing files for the Node adapter: atomically (a temporary file beside the target, renamed
 * over it), through a symbolic link to its target, keeping an existing file's mode and owner, and
 * refusing a read-only file (no write bit at all: read-only even to root) unless forced. On any
 * failure the original is untouched and the temporary file removed.
 */
import { chownSync, closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { diag, InputError } from "../core/common/diagnostics.js";
import { isLink, makeDirs } from "./dirs.js";

export interface WriteOptions {
  /** Write a read-only file too (its mode is kept). */
  force?: boolean;
  /** What a read-only file's error tells the user to do (default: pass `force: true`; the CLI's repair names --force). */
  readOnlyHint?: string;
  /** Create the file's directory (and its parents) when it is not there. */
  makeDirectory?: boolean;
}

const fail = (path: string, why: string, code = "write-failed") => new InputError([diag({ file: path, line: 0, column: 0 }, code, `cannot write "${path}": ${why}`)]);

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOSPC") return "no space left on the device";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOENT") return "its directory does not exist";
  if (code === "EDQUOT") return "the disk quota is exceeded";
  if (code === "ENOTDIR") return "a part of its path is a file, not a directory";
  return code ?? (e as Error).message;
}


/**
 * Replaces (or creates) the file at `path` with `text`, atomically (a temporary file renamed over
 * it); a device or a named pipe, which cannot be replaced, is written straight through. Throws
 * InputError (exit 2).
 */
export function writeFileAtomic(path: string, text: string, opts: WriteOptions = {}): void {
  if (opts.makeDirectory) {
    try {
      makeDirs(dirname(resolve(path)));
    } catch (e) {
      throw fail(path, `its directory cannot be made (${reason(e)})`);
    }
  }
  // Through a link: the target is replaced, the link stays.
  let target = resolve(path);
  let existing: Stats | undefined;
  try {
    if (lstatSync(target).isSymbolicLink()) target = realpathSync(target);
    existing = statSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !isLink(target)) existing = undefined;
    else throw fail(path, code === "ENOENT" ? "it is a symbolic link to nothing" : reason(e));
  }
  // A device or a named pipe (/dev/null, a FIFO) cannot be replaced: written straight through.
  if (existing && (existing.isCharacterDevice() || existing.isFIFO() || existing.isSocket())) {
    try {
      writeFileSync(target, text);
      return;
    } catch (e) {
      throw fail(path, reason(e));
    }
  }
  if (existing && !existing.isFile()) throw fail(path, "it is not a regular file");
  if (existing && (existing.mode & 0o222) === 0 && !opts.force) throw fail(path, `it is read-only (no write permission for anyone); ${opts.readOnlyHint ?? "pass { force: true } to write it anyway"}`, "read-only-file");
  const tmp = `${dirname(target)}/.${basename(target)}.${process.pid}.${Date.now()}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, existing ? existing.mode & 0o7777 : 0o666);
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      // Keep the owner where we may (root may; a user may only keep their own).
      if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) chownSync(tmp, existing.uid, existing.gid);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    discardTemp(fd, tmp);
    throw fail(path, reason(e));
  }
}


/** The text of a file (for rewriting it in place). */
export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    // Reading, a missing file is the file's absence (its directory may well exist).
    throw fail(path, (e as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : reason(e));
  }
}

/** After a failed write: closes the temporary file if still open and removes it, quietly. */
export function discardTemp(fd: number | undefined, tmp: string): void {
  if (fd !== undefined) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }
  try {
    unlinkSync(tmp);
  } catch {
    /* nothing to clean */
  }
}
