/**
 * The module `patch.mjs` generates at build time (`minisat-patched.js`, not committed): logic-solver's
 * MiniSat factory, patched, or null when the patches did not apply (then `PROBLEM` says why).
 */
declare const patchedMiniSat: ((heapBytes: number) => unknown) | null;
export default patchedMiniSat;
export const PROBLEM: string | undefined;
