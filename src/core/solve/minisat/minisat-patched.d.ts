/**
 * The module `patch.mjs` generates at build time (`minisat-patched.js`, not committed): logic-solver's
 * MiniSat factory, patched, or null when the patches did not apply (then `PROBLEM` says why).
 */
declare const patchedMiniSat: ((heapBytes: number) => unknown) | null;
export default patchedMiniSat;
export const PROBLEM: string | undefined;
/** A fresh module's state, recorded at build time (patch.mjs, `recordFresh`); undefined without the patches. */
export const FRESH: { layout: [number, number, number]; sp: number; chunks: [number, string][] } | undefined;
