/**
 * How eagerly V8 collects garbage in a process that solves large models. Node-only: it sets a V8
 * flag for the whole process, so the CLI calls it for itself and a library user may call it too;
 * the core never does.
 *
 * V8 lets the old generation grow to a multiple of what survived the last full collection
 * before it collects again (up to 4x for small heaps, typically about 2x for large ones). A search
 * at 50,000 plugins keeps ~520 MB alive (catalog and solver state) and throws away tens of MB a
 * second (solutions, assumption lists), so the heap reached 1.0-1.4 GB of mostly garbage and the
 * process peaked at 1.8-2.1 GB. At 1.3x it peaks at ~1.4 GB in about the same time: the extra full
 * collections of a ~500 MB heap are a small fraction of a search that runs for a minute.
 * `--heap-growing-percent` is read whenever V8 sets its next limit, so setting it at run time
 * takes effect (test/heap.test.ts checks that it does; bench/results.md has the 50k figures).
 */
import v8 from "node:v8";

/** The factor's percentage above 1 (V8's own default is to choose it from the heap's size). */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Sets V8's heap growing factor to 1 + `percent`/100, unless the user chose one on Node's command
 * line (`node --heap-growing-percent=N ...`; Node refuses the flag in NODE_OPTIONS). Returns the
 * flag it set, or undefined when it left the user's.
 */
export function useLeanHeap(percent = HEAP_GROWING_PERCENT, execArgv: readonly string[] = process.execArgv): string | undefined {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  const flag = `--heap-growing-percent=${percent}`;
  v8.setFlagsFromString(flag);
  return flag;
}
