/**
 * The best stack as a picture: plugins grouped by type, integration edges between them, unmet
 * integrations dashed. The layout is ELK's layered algorithm (elkjs, pure JavaScript, in a worker
 * of its own); this file only measures the labels, asks for the layout and draws the answer as SVG.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk-api.js";
import type { StackGraph } from "../core/index.js";

const SVG = "http://www.w3.org/2000/svg";
const FONT = "13px system-ui, -apple-system, 'Segoe UI', sans-serif";
const NODE_H = 30;
const NODE_H_FACET = 44;

let elk: InstanceType<typeof ELK> | undefined;
/** Rejects once ELK's worker fails (its script could not be loaded: the server gone): elkjs never rejects then. */
let elkLost: Promise<never> = new Promise(() => undefined);
/**
 * A label's width in pixels, remembered by font and text: setting a canvas's font parses it, and
 * measuring every label of every stack took ~2 ms of the page's main thread a click (a CPU profile
 * in bench/ui.js), while the same few hundred labels come back click after click.
 */
const measure = (() => {
  let ctx: CanvasRenderingContext2D | null | undefined;
  const widths = new Map<string, number>();
  return (text: string, font = FONT): number => {
    const key = `${font}\n${text}`;
    let w = widths.get(key);
    if (w === undefined) {
      ctx ??= document.createElement("canvas").getContext("2d");
      if (!ctx) return text.length * 7.5;
      ctx.font = font;
      w = Math.ceil(ctx.measureText(text).width);
      widths.set(key, w);
    }
    return w;
  };
})();

const nodeId = (id: string) => `n:${id}`;

/**
 * Layouts by their input, made or under way: a click and its undo give the same stack again,
 * and ELK takes 50–200 ms a layout in the browser, in the worker beside the solver's. Kept for
 * the last `LAID_OUT_MAX` stacks.
 */
const laidOut = new Map<string, { done?: ElkNode; pending: Promise<ElkNode> }>();
const LAID_OUT_MAX = 64;

/** A stack graph's layout question: what ELK is asked, and its key in the cache above. */
export interface LayoutJob {
  input: ElkNode;
  key: string;
}

/** The question for `g` (its labels measured once, here). */
export function layoutJob(g: StackGraph): LayoutJob {
  const input = elkGraph(g);
  return { input, key: JSON.stringify(input) };
}

/** The layout of `job` if it was made before. */
export function finishedLayout(job: LayoutJob): ElkNode | undefined {
  return laidOut.get(job.key)?.done;
}

/** Lays out a stack graph with ELK (absolute coordinates); a question asked before is not asked again. */
export function layout(job: LayoutJob): Promise<ElkNode> {
  const known = laidOut.get(job.key);
  if (known) return known.pending;
  elk ??= new ELK({
    workerUrl: "layout-worker.js",
    algorithms: ["layered"],
    workerFactory: (url) => {
      const w = new Worker(url!);
      elkLost = new Promise((_, reject) =>
        w.addEventListener("error", (e) => {
          elk = undefined; // the next layout tries a new worker
          w.terminate();
          reject(new Error(e.message || `${url} could not be loaded`));
        }),
      );
      elkLost.catch(() => undefined);
      return w;
    },
  });
  const entry: { done?: ElkNode; pending: Promise<ElkNode> } = {
    pending: Promise.race([elk.layout(job.input), elkLost]).then(
      (laid) => (entry.done = laid),
      (e: unknown) => {
        laidOut.delete(job.key);
        throw e;
      },
    ),
  };
  if (laidOut.size >= LAID_OUT_MAX) laidOut.delete(laidOut.keys().next().value!);
  laidOut.set(job.key, entry);
  return entry.pending;
}

/** What ELK is asked to lay out for `g`. */
function elkGraph(g: StackGraph): ElkNode {
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "18",
      "elk.layered.spacing.nodeNodeBetweenLayers": "16",
      "elk.layered.spacing.edgeNodeBetweenLayers": "8",
      "elk.spacing.edgeNode": "12",
      "elk.padding": "[top=8,left=8,bottom=8,right=8]",
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
    },
    children: g.groups.map((grp) => ({
      id: `g:${grp.type}`,
      layoutOptions: { "elk.padding": "[top=30,left=12,bottom=12,right=12]", "elk.nodeSize.constraints": "MINIMUM_SIZE", "elk.nodeSize.minimum": `(${measure(grp.type, "600 12px system-ui, sans-serif") + 24}, 40)` },
      labels: [{ text: grp.type }],
      children: grp.plugins.map((p) => ({
        id: nodeId(p.id),
        width: Math.max(measure(p.id), p.facet ? measure(p.facet, "12px system-ui, sans-serif") : 0) + 24,
        height: p.facet ? NODE_H_FACET : NODE_H,
        labels: [{ text: p.id }],
      })),
    })),
    edges: g.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [nodeId(e.a)], targets: [nodeId(e.b)] })),
  };
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

/** Draws a laid-out stack graph as an SVG element. */
export function draw(g: StackGraph, laid: ElkNode): SVGSVGElement {
  const w = Math.ceil(laid.width ?? 0);
  const h = Math.ceil(laid.height ?? 0);
  const svg = el("svg", { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: "img", "aria-labelledby": "graph-title graph-desc", class: "stack-graph" });
  // Shrunk to the panel (max-width), but never below 60 % of its size: a wide stack's picture
  // (13 plugins in one row) was scaled to 3-pixel text; past that the panel scrolls. Set through
  // the CSSOM, which the page's policy allows where a style attribute is refused.
  svg.style.minWidth = `${Math.round(w * 0.6)}px`;
  el("title", { id: "graph-title" }, svg).textContent = "The best stack as a graph";
  const met = g.edges.filter((e) => e.met).length;
  // The unmet pairs by name: a screen reader cannot see which line is dashed.
  const unmet = g.edges.filter((e) => !e.met).map((e) => `${e.a} and ${e.b}`);
  el("desc", { id: "graph-desc" }, svg).textContent = `${g.groups.reduce((n, x) => n + x.plugins.length, 0)} plugins in ${g.groups.length} types; ${met} integrations, ${unmet.length} unmet (dashed)${unmet.length ? `: ${unmet.join("; ")} are related but do not integrate` : ""}.`;
  const facets = new Map(g.groups.flatMap((grp) => grp.plugins.map((p) => [nodeId(p.id), p.facet] as const)));
  const groups = el("g", { class: "groups" }, svg);
  for (const grp of laid.children ?? []) {
    const gg = el("g", { class: "group", "data-type": grp.id.slice(2) }, groups);
    el("rect", { x: grp.x ?? 0, y: grp.y ?? 0, width: grp.width ?? 0, height: grp.height ?? 0, rx: 6 }, gg);
    el("text", { x: (grp.x ?? 0) + 10, y: (grp.y ?? 0) + 19, class: "group-label" }, gg).textContent = grp.id.slice(2);
  }
  const edges = el("g", { class: "edges" }, svg);
  for (const [i, e] of (laid.edges ?? []).entries()) {
    const data = g.edges[i]!;
    for (const s of (e as ElkExtendedEdge).sections ?? []) {
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      // Orthogonal routes: straight segments through the bend points.
      const d = pts.map((p, k) => `${k ? "L" : "M"} ${p.x} ${p.y}`).join(" ");
      const path = el("path", { d, class: data.met ? "edge" : "edge unmet", "data-a": data.a, "data-b": data.b }, edges);
      el("title", {}, path).textContent = data.met ? `${data.a} integrates with ${data.b}` : `${data.a} and ${data.b} are related but do not integrate`;
    }
  }
  const nodes = el("g", { class: "nodes" }, svg);
  for (const grp of laid.children ?? []) {
    for (const n of grp.children ?? []) {
      const gn = el("g", { class: "node", "data-id": n.id.slice(2) }, nodes);
      el("rect", { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0, rx: 4 }, gn);
      const facet = facets.get(n.id);
      el("text", { x: (n.x ?? 0) + 12, y: (n.y ?? 0) + 19, class: "node-label" }, gn).textContent = n.id.slice(2);
      if (facet) el("text", { x: (n.x ?? 0) + 12, y: (n.y ?? 0) + 35, class: "node-facet" }, gn).textContent = facet;
    }
  }
  return svg;
}
