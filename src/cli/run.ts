/** Process entry: wires stdout/stderr and exit codes; an internal error says so plainly. */
import { cacheMaxMbOf, isTerminal, searchDefaults, STRATEGIES, timeLimits, useLeanHeap, visible, ciRoot, workspacePlace, writeAll, type Strategy } from "../index.js";
import { main } from "./main.js";

/**
 * Progress on a terminal's stderr, shown only once work has run for a second, on one line that
 * is cleared at the end; nothing at all when stderr is not a terminal. Whether it is one is asked
 * at the first message that would be shown, of the descriptor (`isTerminal`): Node never builds
 * `process.stderr`, whose stream costs ~5 ms for a pipe (a socket; bench/README.md, "The floor").
 */
function progressLine(): { show: (m: string) => void; clear: () => void } {
  const start = Date.now();
  let tty: boolean | undefined;
  let shown = false;
  let last = 0;
  return {
    show: (m) => {
      const now = Date.now();
      if (now - start < 1000 || now - last < 100 || !(tty ??= isTerminal(2))) return;
      last = now;
      shown = true;
      writeErr(`\r\u001b[K${visible(m)}`);
    },
    clear: () => {
      if (shown) writeErr("\r\u001b[K");
    },
  };
}

// NO_COLOR (no-color.org): present and not empty turns colour off. Asked of the descriptor, not
// of `process.stdout`, which Node would build for it (see node/output.ts).
// FORCE_COLOR (as Node and most tools read it): set and not empty, colour on ("0" or "false": off)
// whatever the descriptor is, for a CI log that renders colour; NO_COLOR still wins.
const colourOk = (fd: number) => {
  if (process.env["NO_COLOR"]) return false;
  const force = process.env["FORCE_COLOR"];
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return process.env["TERM"] !== "dumb" && isTerminal(fd);
};

export async function run(argv: string[]): Promise<void> {
  // logic-solver's MiniSat prints its own abort notices with console.log; the answer on stdout
  // (JSON, YAML) must stay clean, and the CLI reports such limits in its own words.
  console.log = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (!text.startsWith("MINISAT-")) writeErr(text + "\n");
  };
  // Large searches throw away tens of MB a second: collect sooner, peak lower (see node/heap.ts).
  useLeanHeap();
  // For benchmarks and differential checks: force the search strategy (see core/solve/settings.ts).
  const search = process.env["MLX_SOLVE_SEARCH"];
  // A setting not taken is said (it was ignored without a word, so a benchmark measured the default).
  const ignored = (name: string, value: string, expected: string) => writeErr(`mlx-solve: warning: ${name}=${visible(value)} is ignored; expected ${expected}\n`);
  if (search && (STRATEGIES as readonly string[]).includes(search)) searchDefaults.strategy = search as Strategy;
  else if (search) ignored("MLX_SOLVE_SEARCH", search, `one of ${STRATEGIES.join(", ")}`);
  // For benchmarks: MLX_SOLVE_PRESOLVE=0 turns the presolve between levels off (the same answers).
  if (process.env["MLX_SOLVE_PRESOLVE"] === "0") searchDefaults.presolve = false;
  // For benchmarks that time the search by the clock: the work per second of --timeout
  // (core/common/budget.ts, `timeLimits`); "Infinity" leaves only the clock.
  const rateText = process.env["MLX_SOLVE_WORK_PER_SECOND"];
  const rate = Number(rateText);
  if (rate > 0) timeLimits.workPerSecond = rate;
  else if (rateText) ignored("MLX_SOLVE_WORK_PER_SECOND", rateText, "a positive number of units of work a second, or Infinity");
  // The load cache's size limit, by the rule the cache reads it with (node/cache.ts).
  const cacheMb = process.env["MLX_SOLVE_CACHE_MAX_MB"];
  if (cacheMb && cacheMaxMbOf(cacheMb) === undefined) ignored("MLX_SOLVE_CACHE_MAX_MB", cacheMb, "a number of megabytes (0 or more)");
  // The engine's warnings (settings.ts) on stderr as every other word is (writeErr).
  searchDefaults.warn = (m) => writeErr(`mlx-solve: warning: ${visible(m)}\n`);
  // For diagnosing a slow search: one line per step of the optimiser on stderr.
  if (process.env["MLX_SOLVE_TRACE"]) {
    const t0 = Date.now();
    searchDefaults.trace = (line) => writeErr(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${line}\n`);
  }
  let code: number;
  const progress = progressLine();
  const out = outputGuard();
  try {
    code = await main(argv, {
      // When the process started; `performance.timeOrigin` says the same but loads perf_hooks.
      started: Date.now() - process.uptime() * 1000,
      out: out.write,
      err: (s) => writeErr(s),
      colourOut: colourOk(1),
      // A terminal's own width (Node builds a terminal's stream, not a pipe's); a pipe or a file:
      // no cut, so that a script or grep reads every cell whole.
      columns: isTerminal(1) ? process.stdout.columns || 100 : Infinity,
      // Read when an error is written, not before (see progressLine).
      get colourErr() {
        return colourOk(2);
      },
      progress: progress.show,
      ...(process.env["GITHUB_WORKSPACE"] ? { place: workspacePlace(process.env["GITHUB_WORKSPACE"]) } : {}),
      root: ciRoot(process.env["GITHUB_WORKSPACE"]),
    });
  } catch (e) {
    // Not every throw is an Error: emscripten's abort throws a string, which printed as "undefined".
    writeErr(`mlx-solve: internal error: ${visible(e instanceof Error ? e.message : String(e))}\n`);
    if (process.env["MLX_DEBUG"]) writeErr(`${e instanceof Error ? e.stack : String(e)}\n`);
    else writeErr("This is a bug in mlx-solve; run with MLX_DEBUG=1 for details.\n");
    code = 3;
  }
  progress.clear();
  process.exitCode = out.failed() ? OUTPUT_FAILED : code;
}

/**
 * Writes to stderr, and ignores a stderr that cannot take it (a closed pipe: `2>&1 | head`; a full
 * disk: `2>/dev/full`): nothing can be said about it anywhere, and the answer's exit code stands
 * (an unhandled error on `process.stderr` ended the process with exit 1, "invalid stack", even
 * after a valid answer). Written as stdout is (`writeAll`), so Node never builds
 * `process.stderr` either.
 */
function writeErr(s: string): void {
  try {
    writeAll(2, s);
  } catch {
    /* stderr is gone: nothing to tell anyone, and the exit code stands */
  }
}

/** Exit code when the answer could not be written (a full disk): the answer was not delivered. */
const OUTPUT_FAILED = 2;

/**
 * Writes the answer to stdout, and deals with a stdout that cannot take it: a reader that went
 * away (EPIPE, e.g. `| head`) ends the output quietly; any other failure (ENOSPC: `> /dev/full`)
 * is said in one line on stderr, and the exit code is 2. Never a stack trace. Written with
 * `fs.writeSync` (node/output.ts, `writeAll`): Node never builds `process.stdout`.
 */
function outputGuard(): { write: (s: string) => void; failed: () => boolean } {
  let failure: NodeJS.ErrnoException | undefined;
  return {
    write: (s) => {
      if (failure) return;
      try {
        writeAll(1, s);
      } catch (e) {
        failure = e as NodeJS.ErrnoException;
        if (failure.code === "EPIPE") return;
        const why = failure.code === "ENOSPC" ? "no space left on the device" : failure.code === "EACCES" ? "permission denied" : (failure.code ?? failure.message);
        writeErr(`mlx-solve: cannot write the output: ${why}\n`);
        process.exitCode = OUTPUT_FAILED;
      }
    },
    failed: () => failure !== undefined && failure.code !== "EPIPE",
  };
}
