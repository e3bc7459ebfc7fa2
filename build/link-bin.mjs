// `prepare`'s last step in a checkout: links node_modules/.bin/mlx-solve to this package's own
// bin, as npm links a dependency's. `npx mlx-solve` runs a command found there; without it, npx
// in the repository itself installs the checkout into npm's cache as a `file:` package, which
// runs `prepare` (the whole build) a second time: the README's first command took ~25 s more on
// its first run. Nothing to do where there is no node_modules/.bin (an install from a tarball
// runs no `prepare`) or where the link is already there; a file of that name is left alone.
import { lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";

const root = process.cwd();
const dir = join(root, "node_modules", ".bin");
const link = join(dir, "mlx-solve");
const target = join(root, "bin", "mlx-solve.cjs");
const exists = (p) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};
if (exists(join(root, "node_modules")) && !exists(link)) {
  try {
    mkdirSync(dir, { recursive: true });
    symlinkSync(relative(dir, target), link);
  } catch (e) {
    // A file system without symbolic links (some Windows setups): npx still works, the slow way.
    console.warn(`mlx-solve: could not link ${relative(root, link)} (${e instanceof Error ? e.message : String(e)}); \`npx mlx-solve\` in this checkout will install it first`);
  }
}
