// The built-in catalog as `catalogToJSON` gives it, written to dist/catalog.json (the package's
// `mlx-solve/catalog.json`): a browser using `mlx-solve/core` reads the whole catalog with one
// request, `catalogFromJSON(text)`, instead of listing and fetching its 100-odd YAML files. Its
// files are named as the package holds them (catalog/plugins/openai-plugin.yaml, ...).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = new URL("../dist/", import.meta.url);
const { catalogToJSON, loadCatalog } = await import(new URL("index.js", dist).href);
writeFileSync(fileURLToPath(new URL("catalog.json", dist)), catalogToJSON(loadCatalog(undefined, { cache: false })));
