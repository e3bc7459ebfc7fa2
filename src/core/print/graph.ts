/** Mermaid and Graphviz renderings of a stack graph. Unmet integrations are dashed. */
import type { StackGraph } from "../commands/graph.js";

const node = (id: string) => id.replace(/[^A-Za-z0-9_]/g, "_");
const label = (p: { id: string; facet?: string; mark?: string }) => `${p.mark === "added" ? "+ " : p.mark === "removed" ? "- " : ""}${p.id}${p.facet ? ` (${p.facet})` : ""}`;

export function toMermaid(g: StackGraph): string {
  const out = ["flowchart LR"];
  for (const grp of g.groups) {
    out.push(`  subgraph ${node("t_" + grp.type)}["${grp.type}"]`);
    for (const p of grp.plugins) out.push(`    ${node(p.id)}["${label(p)}"]${p.mark ? `:::${p.mark}` : ""}`);
    out.push("  end");
  }
  for (const e of g.edges) out.push(`  ${node(e.a)} ${e.met ? "---" : "-.-"} ${node(e.b)}`);
  out.push("  classDef added stroke:#2a2,stroke-width:3px;", "  classDef removed stroke:#c22,stroke-dasharray:4 3,color:#c22;");
  return out.join("\n") + "\n";
}

export function toDot(g: StackGraph): string {
  const out = ["graph stack {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];'];
  for (const grp of g.groups) {
    out.push(`  subgraph "cluster_${grp.type}" {`, `    label="${grp.type}";`);
    for (const p of grp.plugins) {
      const style = p.mark === "added" ? ', color="darkgreen", penwidth=2' : p.mark === "removed" ? ', color="red", style="dashed", fontcolor="red"' : "";
      out.push(`    "${p.id}" [label="${label(p)}"${style}];`);
    }
    out.push("  }");
  }
  for (const e of g.edges) out.push(`  "${e.a}" -- "${e.b}"${e.met ? "" : ' [style="dashed", color="gray"]'};`);
  out.push("}");
  return out.join("\n") + "\n";
}
