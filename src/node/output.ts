/**
 * Writing a command's answer to a file descriptor without Node's stream for it.
 *
 * `process.stdout` is built on first use, and for a pipe (how scripts and tests read an answer)
 * it is a socket: Node loads `net`, `tty` and the stream machinery for it, ~5–6 ms of a command
 * that answers in a fifth of a second (bench/README.md, "The floor"). The answer is written
 * once, whole, at the end, so a plain synchronous write does the same job: `fs.writeSync` in a
 * loop until every byte is out.
 *
 * Two things a stream did that this must do too:
 * - A descriptor another process made non-blocking (its file description is shared) refuses a
 *   write to a full pipe with EAGAIN: wait a millisecond and write again, as long as it takes.
 * - Failures come as exceptions here (a stream reports them later as an 'error' event): EPIPE
 *   when the reader went away, ENOSPC on a full disk, … The caller decides what each means.
 */
import { fstatSync, statSync, writeSync } from "node:fs";
import { isatty } from "node:tty";

let nap: Int32Array | undefined;

/**
 * Writes all of `text` (UTF-8) to `fd`, synchronously. Throws what the write throws, except EAGAIN.
 * A Windows console is written through Node's stream for it: the console decodes the bytes of
 * `fs.writeSync` with its code page (✓ and … come out garbled), where the stream writes UTF-16
 * and turns on the console's handling of colour codes.
 */
export function writeAll(fd: number, text: string): void {
  if (process.platform === "win32" && (fd === 1 || fd === 2) && isTerminal(fd)) {
    (fd === 1 ? process.stdout : process.stderr).write(text);
    return;
  }
  const bytes = Buffer.from(text, "utf8");
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait((nap ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
    }
  }
}

/**
 * Whether `fd` is a terminal, without building `process.stdout`: a pipe or a file is not a
 * character device, and `fstat` says so without loading anything, nor is /dev/null; only another
 * character device (a terminal, most likely) is asked of `tty.isatty`. Node's `tty` loads `net`:
 * the bundles require it on first use (build/bundle.mjs, "lazy-builtins").
 */
export function isTerminal(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice() || st.rdev === devNull()) return false;
  } catch {
    return false;
  }
  return isatty(fd);
}

let nullDevice: number | undefined;
/** The device number of /dev/null (where benchmarks send an answer), -1 where there is none. */
function devNull(): number {
  if (nullDevice === undefined) {
    try {
      nullDevice = statSync("/dev/null").rdev;
    } catch {
      nullDevice = -1;
    }
  }
  return nullDevice;
}
