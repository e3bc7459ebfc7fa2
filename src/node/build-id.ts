/**
 * A hash of the package's own code, for the load cache's key: a new build never reuses an entry
 * written by another. The build writes it (dist/build-id.txt, from the sources and the lock
 * file); run from the sources (the tests), it is computed from them once per process.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "./package.js";

let hash: string | undefined;

export function codeHash(): string {
  if (hash === undefined) {
    try {
      hash = readFileSync(join(PACKAGE_ROOT, "dist", "build-id.txt"), "utf8").trim();
    } catch {
      hash = hashSources(PACKAGE_ROOT);
    }
  }
  return hash;
}

/** The hash of src/ and package-lock.json (what the build writes to dist/build-id.txt). */
export function hashSources(root: string): string {
  const h = createHash("sha256");
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else {
        h.update(`\u0000${rel}${name}\u0000`);
        h.update(readFileSync(p));
      }
    }
  };
  walk(join(root, "src"), "src/");
  try {
    h.update(readFileSync(join(root, "package-lock.json")));
  } catch {
    /* an installed package has none */
  }
  return h.digest("hex");
}
