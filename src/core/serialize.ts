/**
 * A catalog as plain JSON and back, for the load cache: restoring one needs neither yaml nor zod.
 * The round trip is exact (a test compares both ways).
 */
import type { Catalog } from "./catalog-model.js";

export const CATALOG_JSON_VERSION = 1;

export function catalogToJSON(c: Catalog): string {
  return JSON.stringify({
    v: CATALOG_JSON_VERSION,
    plugins: [...c.plugins.values()],
    types: [...c.types.values()],
    categories: [...c.categories],
    capabilities: [...c.capabilities],
    useCases: [...c.useCases.values()],
    precedence: [...c.precedence],
    objectives: c.objectives,
    objectivesPos: c.objectivesPos,
    compositions: c.compositions,
  });
}

export function catalogFromJSON(text: string): Catalog | undefined {
  const j = JSON.parse(text);
  if (j?.v !== CATALOG_JSON_VERSION) return undefined;
  return {
    plugins: new Map(j.plugins.map((p: { id: string }) => [p.id, p])),
    types: new Map(j.types.map((t: { name: string }) => [t.name, t])),
    categories: new Map(j.categories),
    capabilities: new Map(j.capabilities),
    useCases: new Map(j.useCases.map((u: { id: string }) => [u.id, u])),
    precedence: new Map(j.precedence),
    objectives: j.objectives,
    objectivesPos: j.objectivesPos,
    compositions: j.compositions,
  };
}
