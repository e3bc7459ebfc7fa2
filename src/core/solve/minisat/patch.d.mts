/** Types of patch.mjs, the build step that writes minisat-patched.js (for its tests). */
export const PINNED: { version: string; sha256: string };
export const PATCHES: [string, string][];
export function patchSource(src: string): string | null;
export function patchedModule(file: string, factory: unknown, version: string): { text: string; problem: string | undefined };
export const POOLED_HEAP: number;
export const UNWRITTEN_RUN: number;
export interface FreshRecord {
  layout: [number, number, number];
  sp: number;
  chunks: [number, Uint8Array][];
}
export function recordFresh(C: unknown): FreshRecord;
export function freshSource(fresh: FreshRecord | undefined): string;
export const MALLOC_MAGIC: number[];
