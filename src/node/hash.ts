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
export function hash64(bytes: Uint8Array, wasm = bytes.length >= WASM_MIN_BYTES && bytes.length <= WASM_MAX_BYTES): string {
  const n = bytes.length >>> 2;
  let h1 = (0xdeadbeef ^ bytes.length) | 0;
  let h2 = (0x41c6ce57 ^ bytes.length) | 0;
  // `wasm`: which loop runs the words (see WASM_MIN_BYTES); the tests ask for each.
  const lanes = wasm ? wordsByWasm(bytes, n, h1, h2) : undefined;
  if (lanes) [h1, h2] = lanes;
  else {
    // Words in the machine's byte order (WebAssembly's is little-endian: the same on every
    // machine this runs on, and an entry moved to a machine of the other order is only a miss).
    // A copy where the bytes do not start on a word (cache.ts starts an entry's body on one).
    const words = new Int32Array(bytes.byteOffset % 4 === 0 ? bytes.buffer : new Uint8Array(bytes.subarray(0, n * 4)).buffer, bytes.byteOffset % 4 === 0 ? bytes.byteOffset : 0, n);
    // Written as 32-bit integers throughout (`| 0`, the constants as signed): V8's first optimised
    // compile of the loop, while it runs, is then 5 times faster (20 ms against 95 ms on 59 MB).
    for (let i = 0; i < n; i = (i + 1) | 0) {
      const w = words[i]! | 0;
      h1 = Math.imul(h1 ^ w, -1640531535) | 0;
      h2 = Math.imul(h2 ^ w, 1597334677) | 0;
    }
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

/**
 * The word loop as WebAssembly, for the sizes where it pays: a command hashes the built-in
 * catalog's entry (355 KB) once, cold, and the loop above, interpreted, took 3.6 ms of it, where
 * this takes 0.2 ms and its compile as much (bench/README.md, "The floor"). Small inputs (the
 * quick look's names) are hashed faster than the module is made; large ones (59 MB at 50,000
 * plugins) by V8's optimised loop as fast, without a second copy of the bytes.
 */
const WASM_MIN_BYTES = 64 * 1024;
const WASM_MAX_BYTES = 16 * 1024 * 1024;
/**
 * The module, 116 bytes, written by hand (no tool in the build makes WebAssembly from text):
 *
 *   (module
 *     (memory (export "m") 1)
 *     (func (export "h") (param $n i32) (param $h1 i32) (param $h2 i32) (result i64)
 *       (local $i i32) (local $w i32)
 *       (block (loop
 *         (br_if 1 (i32.ge_u (local.get $i) (local.get $n)))
 *         (local.set $w (i32.load (i32.shl (local.get $i) (i32.const 2))))
 *         (local.set $h1 (i32.mul (i32.xor (local.get $h1) (local.get $w)) (i32.const -1640531535)))
 *         (local.set $h2 (i32.mul (i32.xor (local.get $h2) (local.get $w)) (i32.const 1597334677)))
 *         (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *         (br 0)))
 *       (i64.or (i64.shl (i64.extend_i32_u (local.get $h2)) (i64.const 32)) (i64.extend_i32_u (local.get $h1)))))
 *
 * The loop of `hash64` over the first `n` words of its memory, both lanes in one i64.
 * test/cache.test.ts compares the two ways on random bytes.
 */
const WORDS_WASM = "AGFzbQEAAAABCAFgA39/fwF+AwIBAAUDAQABBwkCAW0CAAFoAAAKTAFKAQJ/AkADQCADIABPDQEgA0ECdCgCACEEIAEgBHNBsfPd8XlsIQEgAiAEc0GVydX5BWwhAiADQQFqIQMMAAsLIAKtQiCGIAGthAs=";

/** The two lanes after the word loop, or undefined where there is no WebAssembly (`node --jitless`). */
function wordsByWasm(bytes: Uint8Array, n: number, h1: number, h2: number): [number, number] | undefined {
  // (This project's TypeScript libraries declare no WebAssembly: the little used here.)
  const wasm = (globalThis as { WebAssembly?: { Module: new (b: Uint8Array) => object; Instance: new (m: object) => { exports: unknown } } }).WebAssembly;
  if (typeof wasm !== "object") return undefined;
  try {
    // A module of its own each time: its memory (the bytes' copy) goes with it.
    const { m, h } = new wasm.Instance(new wasm.Module(Buffer.from(WORDS_WASM, "base64"))).exports as { m: { buffer: ArrayBuffer; grow(pages: number): number }; h: (n: number, h1: number, h2: number) => bigint };
    const pages = Math.ceil((n * 4) / 65536);
    if (pages > 1) m.grow(pages - 1);
    new Uint8Array(m.buffer).set(bytes.subarray(0, n * 4));
    const both = h(n, h1, h2);
    return [Number(BigInt.asIntN(32, both)), Number(BigInt.asIntN(32, both >> 32n))];
  } catch {
    // No memory for it (a WebAssembly memory reserves gigabytes of address space, which
    // `ulimit -v` can refuse): the JavaScript loop, as before there was this one.
    return undefined;
  }
}
