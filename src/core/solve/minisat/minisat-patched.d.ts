/**
 * The module `patch.mjs` generates at build time (`minisat-patched.js`, not committed): logic-solver's
 * MiniSat factory, patched, or null when the patches did not apply (then `PROBLEM` says why).
 */
declare const patchedMiniSat: ((heapBytes: number) => unknown) | null;
export default patchedMiniSat;
export const PROBLEM: string | undefined;
/** A fresh module's state, recorded at build time (patch.mjs, `recordFresh`); undefined without the patches. */
/** Base64 to bytes, in Node, a page or a worker (the module's own WebAssembly and FRESH's chunks are base64). */
export function fromBase64(text: string): Uint8Array;
export const FRESH: { layout: [number, number, number]; sp: number; chunks: [number, string][] } | undefined;
