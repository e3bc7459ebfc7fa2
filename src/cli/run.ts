/** Process entry: wires stdout/stderr and exit codes; an internal error says so plainly. */
import { searchDefaults, STRATEGIES, useLeanHeap, type Strategy } from "../index.js";
import { main } from "./main.js";

/**
 * Progress on a terminal's stderr, shown only once work has run for a second, on one line that
 * is cleared at the end; nothing at all when stderr is not a terminal.
 */
function progressLine(): { show: (m: string) => void; clear: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  let shown = false;
  let last = 0;
  return {
    show: (m) => {
      const now = Date.now();
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\u001b[K${m}`);
    },
    clear: () => {
      if (shown) process.stderr.write("\r\u001b[K");
    },
  };
}

// NO_COLOR (no-color.org): present and not empty turns colour off.
const colourOk = (stream: NodeJS.WriteStream) => Boolean(stream.isTTY) && !process.env["NO_COLOR"] && process.env["TERM"] !== "dumb";

export async function run(argv: string[]): Promise<void> {
  // logic-solver's MiniSat prints its own abort notices with console.log; the answer on stdout
  // (JSON, YAML) must stay clean, and the CLI reports such limits in its own words.
  console.log = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (!text.startsWith("MINISAT-")) process.stderr.write(text + "\n");
  };
  // Large searches throw away tens of MB a second: collect sooner, peak lower (see node/heap.ts).
  useLeanHeap();
  // For benchmarks and differential checks: force the search strategy (see core/solve/settings.ts).
  const search = process.env["MLX_SOLVE_SEARCH"];
  if (search && (STRATEGIES as readonly string[]).includes(search)) searchDefaults.strategy = search as Strategy;
  // For diagnosing a slow search: one line per step of the optimiser on stderr.
  if (process.env["MLX_SOLVE_TRACE"]) {
    const t0 = Date.now();
    searchDefaults.trace = (line) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${line}\n`);
  }
  let code: number;
  const progress = progressLine();
  try {
    code = await main(argv, {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      colourOut: colourOk(process.stdout),
      colourErr: colourOk(process.stderr),
      ...(progress ? { progress: progress.show } : {}),
    });
  } catch (e) {
    process.stderr.write(`mlx-solve: internal error: ${(e as Error).message}\n`);
    if (process.env["MLX_DEBUG"]) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write("This is a bug in mlx-solve; run with MLX_DEBUG=1 for details.\n");
    code = 3;
  }
  progress?.clear();
  process.exitCode = code;
}
