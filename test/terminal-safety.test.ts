/**
 * Terminal safety: a hostile catalog (a plugin whose name and summary hold ESC sequences that
 * clear the screen or set the window title, bidi overrides and NUL) and hostile arguments never
 * reach a terminal raw, in tables, explanations and errors alike; JSON and YAML stay exact.
 */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, ROOT, tmpDir } from "./support/helpers.js";

const HOSTILE = "Evil\u001b[2J\u001b]0;owned\u0007\u202eTXT\u0000\u009b31m";
/** Any raw control character, bidi override or isolate. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileCatalog(): string {
  const dir = tmpDir();
  cpSync(join(ROOT, "catalog"), join(dir, "catalog"), { recursive: true });
  cpSync(join(ROOT, "constraints"), join(dir, "constraints"), { recursive: true });
  const yamlString = JSON.stringify(HOSTILE); // a double-quoted YAML scalar with escapes
  writeFileSync(
    join(dir, "catalog", "plugins", "evil-plugin.yaml"),
    `id: evil-plugin\nname: ${yamlString}\ntype: data_processor\nsummary: ${yamlString}\ntags: { license: open-source, hosting: [self-hosted], clouds: any }\ncapabilities: [dataframe-processing]\n`,
  );
  return dir;
}

describe("terminal safety", () => {
  const dir = hostileCatalog();

  it("list prints names and summaries with escapes, not raw", async () => {
    const r = await cli("list", "plugins", "--catalog", dir, "--wide");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW);
    expect(r.out).toContain("Evil\\x1b[2J\\x1b]0;owned\\x07\\u202eTXT\\x00\\x9b31m");
  });

  it("JSON and YAML keep the exact strings", async () => {
    const j = await cli("list", "plugins", "--catalog", dir, "--format", "json");
    expect(JSON.parse(j.out).items.find((p: { id: string }) => p.id === "evil-plugin").name).toBe(HOSTILE);
    const y = await cli("list", "plugins", "--catalog", dir, "--format", "yaml");
    expect((parse(y.out) as { items: { id: string; name: string }[] }).items.find((p) => p.id === "evil-plugin")!.name).toBe(HOSTILE);
    // The same document as the JSON, as every other command's YAML is (it had only items:).
    expect(parse(y.out)).toEqual(JSON.parse(j.out));
  });

  it("explanations and errors that repeat what was typed are made visible", async () => {
    const bad = await cli("recommend", "--use-case", "rag\u001b[2J", "--catalog", dir);
    expect(bad.code).toBe(2);
    expect(bad.err).not.toMatch(RAW);
    expect(bad.err).toContain("rag\\x1b[2J");
    const unknownOption = await cli("recommend", "--colour\u001b]0;t\u0007");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err).not.toMatch(RAW);
    const stackFile = join(dir, "stack.yaml");
    writeFileSync(stackFile, `plugins: [${JSON.stringify("evil\u001b[2J")}]\n`);
    const check = await cli("check", stackFile, "--catalog", dir);
    expect(check.code).toBe(2);
    expect(check.err).not.toMatch(RAW);
  });
});

describe("tables of names in other scripts", () => {
  it("keep their columns: wide characters and emoji take two columns, combining marks none", async () => {
    const { displayWidth, table } = await import("../src/core/print/style.js");
    expect([displayWidth("データ基盤"), displayWidth("🚀"), displayWidth("e\u0301"), displayWidth("Ünïcode"), displayWidth("plain")]).toEqual([10, 2, 1, 7, 5]);
    // Emoji of the first blocks too, a heart with the emoji selector, a ZWJ family as one; symbols
    // that are no emoji (alchemical, arrows) one column.
    expect(["✅", "⚡", "❤️", "👨‍👩‍👧", "🜀", "🡐"].map(displayWidth)).toEqual([2, 2, 2, 2, 1, 1]);
    const lines = table([["ID", "NAME", "HOSTING"], ["a-plugin", "データ基盤 🚀 Ünïcode", "managed"], ["bb-plugin", "plain", "self-hosted"]]).split("\n");
    // Where the last column starts, in terminal columns: the same on every line.
    const starts = lines.map((l) => displayWidth(l.slice(0, l.search(/(HOSTING|managed|self-hosted)$/))));
    expect(new Set(starts).size).toBe(1);
    // Cut to a width, a wide character is never split: the line fits.
    const cut = table([["ID", "NAME"], ["a-plugin", "データ基盤データ基盤データ基盤"]], "  ", 20).split("\n");
    for (const l of cut) expect(displayWidth(l)).toBeLessThanOrEqual(20);
  });
});
