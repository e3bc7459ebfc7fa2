/**
 * Process-wide defaults of the engine, in a module of their own so that setting them (the CLI
 * reads MLX_SOLVE_SEARCH) does not load the solver.
 *
 * "cores": core-guided (OLL) on logic-solver's MiniSat patched for many assumptions and a larger
 * heap (see minisat.ts), falling back to "linear" when the patch does not apply. "linear": the
 * bottom-up search on one unary counter per level, with the stock 64 MiB MiniSat. "auto": cores
 * for large models, linear for small ones (see `isLarge` in engine.ts). All give the same
 * optimum; the tests compare them.
 */
export type Strategy = "auto" | "cores" | "linear";
export const STRATEGIES: readonly Strategy[] = ["auto", "cores", "linear"];
export const searchDefaults: { strategy: Strategy; trace?: (line: string) => void } = { strategy: "auto" };

/** Where logic-solver's MiniSat factory comes from; see `provideMiniSatFactory`. */
export const miniSatSource: { get?: () => unknown } = {};

/**
 * Tells the core where logic-solver's MiniSat factory (`logic-solver/minisat.js`) is, for the
 * patched solver of core/minisat.ts. The Node entry points do it with `require`
 * (src/node/minisat-source.ts): importing that file as an ES module makes Node scan its 237 kB for
 * export names, about 240 ms on every start, and the browser-safe core cannot `require`.
 * Without a source the stock solver and the bottom-up search are used.
 */
export function provideMiniSatFactory(get: () => unknown): void {
  miniSatSource.get = get;
}
