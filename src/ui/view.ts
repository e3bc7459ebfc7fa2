/**
 * What the page needs of the catalog to draw its controls, from the server's /view.json: the
 * items of `mlx-solve list plugins|types|use-cases --format json` (the CLI's own contract). The
 * page draws its controls from it at once, while the solver worker is still starting.
 */
import type { CatalogView } from "./protocol.js";

type Items = Record<string, unknown>[];
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : []);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function viewFromList(json: { types: Items; plugins: Items; use_cases: Items; objectives: string[] }): CatalogView {
  const plugins = json.plugins.map((p) => ({
    id: String(p["id"]),
    name: String(p["name"]),
    types: strings(p["types"]),
    summary: String(p["summary"] ?? ""),
    license: String(p["license"]),
    hosting: strings(p["hosting"]),
    clouds: strings(p["clouds"]),
    capabilities: strings(p["capabilities"]),
  }));
  const tags = { license: new Set<string>(), hosting: new Set<string>(), clouds: new Set<string>() };
  for (const p of plugins) {
    tags.license.add(p.license);
    p.hosting.forEach((v) => tags.hosting.add(v));
    p.clouds.forEach((v) => tags.clouds.add(v));
  }
  return {
    types: json.types.map((t) => ({ name: String(t["name"]), rule: String(t["rule"]), seedRule: String(t["seed_rule"] ?? ""), purpose: String(t["purpose"] ?? ""), ...(t["facet"] !== undefined ? { facet: String(t["facet"]) } : {}) })),
    plugins,
    useCases: json.use_cases.map((u) => ({ id: String(u["id"]), name: String(u["name"]), aliases: strings(u["aliases"]), needs: strings(u["needs"]), suggests: strings(u["suggests"]) })),
    tags: { license: [...tags.license].sort(byId), hosting: [...tags.hosting].sort(byId), clouds: [...tags.clouds].sort(byId) },
    objectives: json.objectives,
  };
}
