/**
 * Process-wide defaults of the engine, in a module of their own so that setting them (the CLI
 * reads MLX_SOLVE_SEARCH) does not load the solver.
 *
 * "cores": core-guided (OLL) on logic-solver's MiniSat patched for many assumptions and a larger
 * heap (see minisat/), falling back to "linear" when the patched solver is not available.
 * "linear": the bottom-up search on one unary counter per level, on logic-solver's own MiniSat
 * search (a pooled module of 16 MiB for small models, 64 MiB otherwise: minisat.ts).
 * "auto": cores for large models, linear for small ones (see `isLarge` in engine.ts). All give
 * the same optimum; the tests compare them.
 */
export type Strategy = "auto" | "cores" | "linear";
export const STRATEGIES: readonly Strategy[] = ["auto", "cores", "linear"];

/** The engine's settings for every search in the process (the CLI sets them from MLX_SOLVE_SEARCH, MLX_SOLVE_PRESOLVE, MLX_SOLVE_TRACE). */
export const searchDefaults: {
  strategy: Strategy;
  /**
   * The presolve between levels (see `Fixed` in engine.ts): terms that the hard clauses and the
   * levels locked so far rule out are left out of later levels' searches. On by default; off only
   * to compare (the tests check both give the same answers).
   */
  presolve: boolean;
  /** One line per step of the search, when set (MLX_SOLVE_TRACE in the CLI). */
  trace?: ((line: string) => void) | undefined;
  /** Where the engine says what its caller should know but cannot act on (default: console.warn). */
  warn: (message: string) => void;
} = { strategy: "auto", presolve: true, warn: (m) => console.warn(`mlx-solve: warning: ${m}`) };
