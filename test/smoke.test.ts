import { describe, expect, it } from "vitest";
import { cli } from "./support/helpers.js";

describe("built-in catalog", () => {
  it("lints clean", async () => {
    const r = await cli("lint", "--format", "json");
    const j = JSON.parse(r.out);
    expect(j.diagnostics).toEqual([]);
    expect(r.code).toBe(0);
  });
});
