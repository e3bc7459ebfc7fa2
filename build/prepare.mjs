// npm's `prepare` (after `npm ci` or `npm install` in a checkout): the build, unless dist/ was
// built from exactly these inputs already. `npx mlx-solve` run in the checkout itself installs the
// checkout into npm's cache as a linked `file:` package (npm looks at the checkout's own bin before
// node_modules/.bin), and that install runs `prepare` again in this very directory: the whole
// build a second time, ~25 s on the README's first command. `npm run build` always builds.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const STAMP = join("dist", "prepared.txt");
/** What a finished build leaves, so that a dist/ partly removed since is built again. */
const OUTPUTS = ["index.js", "cli.cjs", "cli-deps.cjs", "catalog.json", "minisat.wasm", "build-id.txt", "ui/main.js"].map((f) => join("dist", f));
/** What the build reads of the checkout (node_modules through the lock file). */
const INPUTS = ["src", "build", "catalog", "constraints", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];

function inputsHash() {
  const h = createHash("sha256");
  const add = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) add(join(p, name));
    else h.update(`\u0000${p}\u0000`).update(readFileSync(p));
  };
  for (const p of INPUTS) add(p);
  h.update(`\u0000node ${process.versions.node}`);
  return h.digest("hex");
}

const want = inputsHash();
let have;
try {
  have = readFileSync(STAMP, "utf8").trim();
} catch {
  have = undefined;
}
if (have === want && OUTPUTS.every((f) => existsSync(f))) {
  console.log("mlx-solve: dist/ is already built from these sources (npm run build builds it again)");
} else {
  // npm runs this script with npm_execpath set to its own entry: the same npm builds.
  const npm = process.env.npm_execpath;
  const r = npm ? spawnSync(process.execPath, [npm, "run", "build"], { stdio: "inherit" }) : spawnSync("npm", ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Hashed again: the build writes into src/ too (MiniSat's generated module).
  writeFileSync(STAMP, `${inputsHash()}\n`);
}
