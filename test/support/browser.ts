/**
 * Browser tests: Debian's chromium (/usr/bin/chromium, never a downloaded browser) driven by
 * playwright-core. One browser per test file. Without chromium the suite fails loudly in CI
 * (CI=true; .ci/run installs it) and is skipped with a message elsewhere.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { describe, it } from "vitest";
import { ROOT } from "./helpers.js";

export const CHROMIUM = "/usr/bin/chromium";

/**
 * The flags this machine needs (see the machine notes): no sandbox as root, no GPU, and no
 * background networking (Chromium's own connections are refused here, many at a time).
 * playwright-core adds --headless and a fresh --user-data-dir of its own.
 */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

/** Where screenshots of the scenarios go (gitignored). */
export function artifactsDir(): string {
  const dir = join(ROOT, "test", "artifacts", "ui");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A describe block that needs chromium: loud in CI without it, skipped with a message elsewhere. */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  const why = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`;
  if (process.env["CI"]) {
    describe(name, () => {
      it("has a browser to run in", () => {
        throw new Error(why);
      });
    });
    return;
  }
  console.warn(`skipping "${name}": ${why}`);
  describe.skip(name, body);
}
