/** Colour only on a terminal or with FORCE_COLOR, and never with NO_COLOR: run under `script`, which gives a real TTY. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN, bin } from "./support/helpers.js";

const hasScript = existsSync("/usr/bin/script");
const onTty = (env: Record<string, string | undefined>) =>
  spawnSync("/usr/bin/script", ["-qc", `${process.execPath} ${BIN} recommend --use-case rag`, "/dev/null"], { encoding: "utf8", env: { ...process.env, ...env } }).stdout;

describe.skipIf(!hasScript)("terminal output", () => {
  it("is coloured on a terminal", () => {
    const env = { ...process.env };
    delete env["NO_COLOR"];
    expect(onTty({ ...env, NO_COLOR: undefined })).toMatch(/\u001b\[1mRecommended stack/);
  });
  it("honours NO_COLOR", () => {
    expect(onTty({ NO_COLOR: "1" })).not.toMatch(/\u001b\[/);
  });
  it("is plain when piped", () => {
    const r = bin(["recommend", "--use-case", "rag"], { env: { NO_COLOR: "", FORCE_COLOR: "" } });
    expect(r.out).not.toMatch(/\u001b\[/);
    expect(r.err).toBe("");
  });
  it("FORCE_COLOR colours a pipe (a CI log that renders colour); 0 turns colour off on a terminal; NO_COLOR wins", () => {
    expect(bin(["recommend", "--use-case", "rag"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } }).out).toMatch(/\u001b\[1mRecommended stack/);
    expect(onTty({ NO_COLOR: undefined, FORCE_COLOR: "0" })).not.toMatch(/\u001b\[/);
    expect(bin(["recommend", "--use-case", "rag"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } }).out).not.toMatch(/\u001b\[/);
  });
});
