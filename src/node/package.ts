/** Where the package is installed, and its version: the one home of both. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root, where the built-in catalog lives: the nearest folder above this module with
 * mlx-solve's package.json (src/node/, dist/node/ or the bundled dist/cli.cjs all find it).
 */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "mlx-solve") return dir;
    if (dirname(dir) === dir) throw new Error(`mlx-solve: no package.json of mlx-solve above ${from}`);
  }
}

/** The package's version, from its package.json. */
export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
