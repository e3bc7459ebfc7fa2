// npm's `prepare` (after `npm ci` or `npm install` in a checkout): the build, unless dist/ is
// exactly what a build from these inputs left. `npx mlx-solve` run in the checkout itself installs
// the checkout into npm's cache as a linked `file:` package (npm looks at the checkout's own bin
// before node_modules/.bin), and that install runs `prepare` again in this very directory: the
// whole build a second time, ~25 s on the README's first command.
//
// The stamp (dist/prepared.json) holds the inputs' hash taken before the build and every file the
// build left in dist/ with its content's hash; it is written only after a build that succeeded,
// and `npm run build` removes it first (`node build/prepare.mjs --forget`), so a build by hand, a
// failed one, an edit made during one, or a dist/ changed since (a partial `npm run build:cli`;
// `npm test`, whose pretest builds dist/ with esbuild rather than tsc) never passes for a prepared
// one: the next `prepare` builds again.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const STAMP = join("dist", "prepared.json");
/** What the build reads of the checkout (node_modules through the lock file). */
const INPUTS = ["src", "build", "catalog", "constraints", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];
/** What the build writes among its inputs (MiniSat's generated module, from patch.mjs and the lock file). */
const GENERATED = new Set([join("src", "core", "solve", "minisat", "minisat-patched.js")]);

// The stamp of the first version of this script, which said less (a checkout built with it).
rmSync(join("dist", "prepared.txt"), { force: true });
if (process.argv.includes("--forget")) {
  rmSync(STAMP, { force: true });
  process.exit(0);
}

/** Every file under `p` (sorted), or `p` itself. */
function filesOf(p) {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p)
    .sort()
    .flatMap((name) => filesOf(join(p, name)));
}

function inputsHash() {
  const h = createHash("sha256");
  for (const f of INPUTS.flatMap(filesOf)) if (!GENERATED.has(f)) h.update(`\u0000${f}\u0000`).update(readFileSync(f));
  h.update(`\u0000node ${process.versions.node}`);
  return h.digest("hex");
}

/** dist/'s files, but the stamp, each with its content's hash (~10 MB: tens of milliseconds). */
const distFiles = () => Object.fromEntries(filesOf("dist").filter((f) => f !== STAMP).map((f) => [f, createHash("sha256").update(readFileSync(f)).digest("hex")]));

function prepared(inputs) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, "utf8"));
  } catch {
    return false;
  }
  if (stamp?.inputs !== inputs || typeof stamp.files !== "object" || stamp.files === null) return false;
  const now = distFiles();
  const names = Object.keys(stamp.files);
  return names.length > 0 && names.length === Object.keys(now).length && names.every((f) => now[f] === stamp.files[f]);
}

const inputs = inputsHash();
if (prepared(inputs)) {
  console.log("mlx-solve: dist/ is already built from these sources (npm run build builds it again)");
} else {
  // npm runs this script with npm_execpath set to its own entry: the same npm builds.
  const npm = process.env.npm_execpath;
  const r = npm ? spawnSync(process.execPath, [npm, "run", "build"], { stdio: "inherit" }) : spawnSync("npm", ["run", "build"], { stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(STAMP, `${JSON.stringify({ inputs, files: distFiles() })}\n`);
}
