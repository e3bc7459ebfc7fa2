/**
 * A 64-bit checksum of bytes, for the load cache (cache.ts): the integrity of its entries and the
 * name of its quick-look files. Not cryptographic, and not needed to be: the cache lives in a
 * directory only its user may write, and a quick-look file is compared field by field, so a name
 * shared by two catalogs costs a miss, never a wrong catalog. It replaces SHA-256 there because
 * loading Node's crypto module took ~6 ms of every command's ~240 ms (bench/README.md, "The
 * floor"). Words of four bytes at a time, so that even cold (interpreted) it keeps up with
 * SHA-256 on the built-in catalog's entry.
 *
 * Two lanes of the multiply-xor step of bryc's cyrb53 (public domain), each a bijection of its
 * state for a given word: a change to any single word always changes both lanes.
 */
export function hash64(bytes: Uint8Array): string {
  // Words in the machine's byte order: an entry moved to a machine of the other order is a miss.
  const n = bytes.length >>> 2;
  // A copy where the bytes do not start on a word (cache.ts starts an entry's body on one).
  const words = new Int32Array(bytes.byteOffset % 4 === 0 ? bytes.buffer : new Uint8Array(bytes.subarray(0, n * 4)).buffer, bytes.byteOffset % 4 === 0 ? bytes.byteOffset : 0, n);
  // Written as 32-bit integers throughout (`| 0`, the constants as signed): V8's first optimised
  // compile of the loop, while it runs, is then 5 times faster (20 ms against 95 ms on 59 MB).
  let h1 = (0xdeadbeef ^ bytes.length) | 0;
  let h2 = (0x41c6ce57 ^ bytes.length) | 0;
  for (let i = 0; i < n; i = (i + 1) | 0) {
    const w = words[i]! | 0;
    h1 = Math.imul(h1 ^ w, -1640531535) | 0;
    h2 = Math.imul(h2 ^ w, 1597334677) | 0;
  }
  for (let i = n * 4; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i]!, -1640531535) | 0;
    h2 = Math.imul(h2 ^ bytes[i]!, 1597334677) | 0;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}
