/** A stack as a stack file (the YAML output of recommend / check / repair is itself valid input). */
import { isAlias, isMap, isScalar, isSeq, parseDocument, stringify, visit, type Node } from "yaml";
import type { Stack } from "../commands/result.js";

/** A stack as a stack file (use cases, then each plugin with its assigned facet), after `header` (comment lines). */
export function stackToYaml(stack: Stack, header = ""): string {
  const doc: Record<string, unknown> = {};
  if (stack.use_cases.length) doc["use_cases"] = stack.use_cases;
  doc["plugins"] = stack.plugins.map((p) => (p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id));
  return header + stringify(doc, { flowCollectionPadding: true, lineWidth: 0 });
}

/**
 * A result as YAML for programs: the same data as its JSON. An object the result holds twice (a
 * shared explanation) is written out twice, not as an anchor and an alias (`&a1`, `*a1`), which
 * many YAML readers of machine output do not expect.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
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
    // The id as read (a mapping's may come from a merge key, "<<: *other"); the first entry of each wanted id stays.
    const read = (item: unknown) => (isMap(item) ? ((item.toJS(doc) as { id?: unknown; facet?: unknown } | null) ?? {}) : {});
    const idOf = (item: unknown) => (isScalar(item) ? String(item.value) : isMap(item) ? String(read(item).id) : "");
    // Each entry that stays, with its id (read once: a merge is resolved at each read).
    const stays = new Map<unknown, string>();
    for (const item of seq.items) {
      const id = idOf(item);
      if (want.has(id) && !kept.has(id)) (kept.add(id), stays.set(item, id));
    }
    // An alias of an entry that leaves gets a copy of what it named (the anchor set last before
    // it, found in one pass in document order), as that entry leaves the file.
    const leaving = new Set(seq.items.filter((item) => !stays.has(item) && (item as Node | null)?.anchor));
    if (leaving.size > 0) {
      const anchors = new Map<string, Node>();
      visit(doc, {
        Node(_, node) {
          if (isAlias(node)) {
            const target = anchors.get(node.source);
            if (!target || !leaving.has(target)) return undefined;
            const copy = target.clone() as Node;
            delete copy.anchor;
            return copy;
          }
          if (node.anchor) anchors.set(node.anchor, node);
          return undefined;
        },
      });
    }
    seq.items = seq.items.filter((item) => stays.has(item));
    // A facet the file gives follows the repair; a mapping without one is left so, as a bare id is.
    for (const item of seq.items) {
      if (!isMap(item) || !item.has("facet")) continue;
      const facet = want.get(stays.get(item)!)!.facet;
      if (facet !== undefined) item.set("facet", facet);
      else item.delete("facet");
    }
    // A facet an entry takes from a merge (or gave, through its anchor, to another entry whose own
    // changed) is set on the entry itself when it is not the repair's.
    for (const item of seq.items) {
      if (!isMap(item) || item.has("facet")) continue;
      const given = read(item).facet;
      const facet = want.get(stays.get(item)!)!.facet;
      if (given !== undefined && facet !== undefined && given !== facet) item.set("facet", facet);
    }
    // An entry written as a bare id stays so: its facet was left to check, which finds one again
    // (it was rewritten as { id, facet }, a change to a line the repair did not report).
    for (const p of stack.plugins) if (!kept.has(p.id)) seq.items.push(doc.createNode(p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id, { flow: true }));
  } else {
    doc.set("plugins", stack.plugins.map((p) => (p.facet !== undefined ? { id: p.id, facet: p.facet } : p.id)));
  }
  let out = doc.toString({ lineWidth: 0, flowCollectionPadding: !tight });
  // Read back as check reads it: an edit the file's anchors and merges carried where it was not
  // meant to go is not written; the stack is, plainly (its comments lost, its answer right).
  if (!holds(out, stack)) out = stackToYaml(stack);
  return bom + (crlf ? out.replace(/\n/g, "\r\n") : out);
}

/** Whether a stack file's text lists exactly `stack`'s plugins, each facet it gives the stack's. */
function holds(text: string, stack: Stack): boolean {
  const value = parseDocument(text, { merge: true }).toJS() as { plugins?: unknown } | null;
  const entries = Array.isArray(value?.plugins) ? (value.plugins as unknown[]) : [];
  const facets = new Map(stack.plugins.map((p) => [p.id, p.facet]));
  const ids = entries.map((e) => (typeof e === "string" ? e : String((e as { id?: unknown } | null)?.id)));
  if (ids.length !== facets.size || ids.some((id) => !facets.has(id))) return false;
  return entries.every((e) => typeof e === "string" || (e as { facet?: unknown }).facet === undefined || (e as { facet?: unknown }).facet === facets.get(String((e as { id?: unknown }).id)));
}
