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
export const searchDefaults: { strategy: Strategy } = { strategy: "auto" };
