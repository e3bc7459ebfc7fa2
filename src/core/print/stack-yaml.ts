/** A stack as a stack file (the YAML output of recommend / check / repair is itself valid input). */
import { isMap, isScalar, isSeq, parseDocument, stringify, visit, type Node } from "yaml";
import type { Stack } from "../commands/result.js";

/** A stack as a stack file (use cases, then each plugin with its assigned facet), after `header` (comment lines). */
export function stackToYaml(stack: Stack, header = ""): string {
  const doc: Record<string, unknown> = {};
  if (stack.use_cases.length) doc["use_cases"] = stack.use_cases;
  doc["plugins"] = stack.plugins.map((p) => (p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id));
  return header + stringify(doc, { flowCollectionPadding: true, lineWidth: 0 });
}

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/**
 * Rewrites a stack file's text to hold `stack`, keeping its comments, key order and the entries
 * that stay (yaml's Document API): removed plugins are deleted, added ones appended, facets
 * the file gives updated in place (an entry without one is left as it is). The file's byte-order mark, line endings (CRLF) and flow style (`[rag]` or
 * `[ rag ]`) are kept.
 */
export function rewriteStackText(original: string, stack: Stack): string {
  const bom = original.startsWith("\uFEFF") ? "\uFEFF" : "";
  const crlf = /\r\n/.test(original);
  const text = (bom ? original.slice(1) : original).replace(/\r\n/g, "\n");
  // Padded flow collections ("[ a ]", "{ a: 1 }") unless the file writes them tight ("[a]").
  const tight = /[[{][^\s\]}]/.test(text) && !/[[{] \S/.test(text);
  const doc = parseDocument(text, { merge: true });
  const seq = doc.get("plugins", true);
  const want = new Map(stack.plugins.map((p) => [p.id, p]));
  const kept = new Set<string>();
  if (isSeq(seq)) {
    const removed = new Map<string, Node>();
    seq.items = seq.items.filter((item) => {
      // The id as read (a mapping's may come from a merge key, "<<: *other").
      const id = isScalar(item) ? String(item.value) : isMap(item) ? String((item.toJS(doc) as { id?: unknown } | null)?.id) : "";
      if (!want.has(id) || kept.has(id)) {
        const anchor = (item as Node | null)?.anchor;
        if (anchor) removed.set(anchor, item as Node);
        return false;
      }
      kept.add(id);
      const facet = want.get(id)!.facet;
      // A facet the file gives follows the repair; a mapping without one is left so, as a bare id is.
      if (isMap(item) && item.has("facet")) {
        if (facet !== undefined) item.set("facet", facet);
        else item.delete("facet");
      }
      return true;
    });
    // An entry written as a bare id stays so: its facet was left to check, which finds one again
    // (it was rewritten as { id, facet }, a change to a line the repair did not report).
    // An alias of a removed entry's anchor gets a copy of what it named, which has left the file.
    if (removed.size > 0)
      visit(doc, {
        Alias(_, alias) {
          const target = removed.get(alias.source);
          if (!target) return undefined;
          const copy = target.clone() as Node;
          delete copy.anchor;
          return copy;
        },
      });
    for (const p of stack.plugins) if (!kept.has(p.id)) seq.items.push(doc.createNode(p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id, { flow: true }));
  } else {
    doc.set("plugins", stack.plugins.map((p) => (p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id)));
  }
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: !tight });
  return bom + (crlf ? out.replace(/\n/g, "\r\n") : out);
}
