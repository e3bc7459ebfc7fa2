/** The colours of human output (src/core/print/style.ts): SGR pairs, nesting as picocolors did. */
import { describe, expect, it } from "vitest";
import { makeStyle } from "../src/core/print/style.js";

const E = "\u001b[";

describe("makeStyle", () => {
  it("without colour changes nothing", () => {
    const s = makeStyle(false);
    for (const f of [s.bold, s.dim, s.red, s.green, s.yellow, s.cyan]) expect(f("a\u001b[39mb")).toBe("a\u001b[39mb");
  });
  it("wraps text in each style's opening and closing codes", () => {
    const s = makeStyle(true);
    expect([s.bold("x"), s.dim("x"), s.red("x"), s.green("x"), s.yellow("x"), s.cyan("x")]).toEqual([
      `${E}1mx${E}22m`,
      `${E}2mx${E}22m`,
      `${E}31mx${E}39m`,
      `${E}32mx${E}39m`,
      `${E}33mx${E}39m`,
      `${E}36mx${E}39m`,
    ]);
  });
  it("keeps the outer style after an inner one closes", () => {
    const s = makeStyle(true);
    // A colour inside a colour: the inner close (39) would end both; it becomes the outer opening.
    expect(s.red(`a ${s.cyan("b")} c`)).toBe(`${E}31ma ${E}36mb${E}31m c${E}39m`);
    // Faint inside bold: 22 closes both; bold is opened again after it.
    expect(s.bold(`a ${s.dim("b")} c`)).toBe(`${E}1ma ${E}2mb${E}22m${E}1m c${E}22m`);
    // Different closes do not meet.
    expect(s.bold(s.green("ok"))).toBe(`${E}1m${E}32mok${E}39m${E}22m`);
  });
});
