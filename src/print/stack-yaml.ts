/** A stack as a stack file (the YAML output of recommend / check / repair is itself valid input). */
import { stringify } from "yaml";
import type { Stack } from "../core/result.js";

export function stackToYaml(stack: Stack, header = "# yaml-language-server: $schema=https://mlx-solve.dev/schema/stack.schema.json\n"): string {
  const doc: Record<string, unknown> = {};
  if (stack.use_cases.length) doc["use_cases"] = stack.use_cases;
  doc["plugins"] = stack.plugins.map((p) => (p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id));
  return header + stringify(doc, { flowCollectionPadding: true, lineWidth: 0 });
}

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
