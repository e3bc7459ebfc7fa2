const files = await import("../dist/node/files.js");
const cache = await import("../dist/node/cache.js");
const core = await import("../dist/index.js");
const c = cache.readCached(files.readCatalogFiles()).catalog;
for (let i = 0; i < 5; i++) core.recommend(c, { useCases: ["rag"] });
const t = performance.now();
for (let i = 0; i < 50; i++) core.recommend(c, { useCases: ["rag"] });
console.log("warm recommend ms", ((performance.now() - t) / 50).toFixed(1));
