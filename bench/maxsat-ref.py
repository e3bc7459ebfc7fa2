#!/usr/bin/env python3
"""A native MaxSAT reference for recommend's lexicographic optimum, as a whole process: PySAT's
RC2 (`pip install python-sat`; not a dependency of the project) on Glucose 4.1, reading the WCNF
that `mlx-solve export --format wcnf` writes (its header lists each objective level's terms).

    python3 bench/maxsat-ref.py FILE.wcnf [--presolve] [--solver g4|g3|cd15|...]

Without --presolve: RC2 (stratified, as for any weighted instance, with exhaustion, core
minimisation and trimming: the options of RC2's best MaxSAT Evaluation entries) on the single
weighted sum the WCNF holds.

With --presolve, level by level, the way the issue describes the reference that beat mlx-solve:
1. each level before the last two (wishes, suggestions, precedence) is minimised with RC2 and
   locked at its optimum (a totalizer "at most opt" over the level's terms, a weighted term
   counted as that many copies);
2. every variable that a term of the remaining levels is built from (the plugins: the last
   level's literals, and the pair a gap term's definition names) whose assumption alone
   propagates to a conflict under the locks (a failed literal: false in every solution; this
   finds at least what unit propagation fixes at the root, which is what mlx-solve's own
   presolve reads) is fixed false, and the remaining levels' terms that can then never cost are
   dropped;
3. RC2 (stratified) minimises the remaining levels together, with the WCNF's weights.

Prints one line of JSON: status, the cost at each level, calls, what the presolve removed, and ms
(in-process, after the imports).
"""
import argparse
import json
import re
import sys
import time

try:
    from pysat.card import CardEnc, EncType
    from pysat.examples.rc2 import RC2, RC2Stratified
    from pysat.formula import WCNF
    from pysat.solvers import Solver
except ImportError:
    sys.stderr.write("python-sat not found: pip install python-sat (outside the project, e.g. in a venv)\n")
    sys.exit(3)

LEVEL = re.compile(r"^c\s+(\d+)\. ([^:]+): weight (\d+) per unit; at most (\d+); terms \(weight × literal\): (.*)$")


def read(path):
    """Hard clauses, the levels (name, weight, [(w, lit)]) and the number of variables."""
    hard, levels, nv = [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("c"):
                m = LEVEL.match(line.rstrip("\n"))
                if m:
                    terms = [] if m.group(5).strip() == "none" else [tuple(int(x) for x in t.split("×")) for t in m.group(5).split()]
                    levels.append({"name": m.group(2), "weight": int(m.group(3)), "terms": terms})
                continue
            if line.startswith("p"):
                continue
            parts = line.split()
            if not parts or parts[0] != "h":
                continue
            clause = [int(x) for x in parts[1:-1]]
            for l in clause:
                nv = max(nv, abs(l))
            hard.append(clause)
    for lv in levels:
        for _, l in lv["terms"]:
            nv = max(nv, abs(l))
    return hard, levels, nv


def rc2(hard, softs, top, solver, stratified):
    """The optimum of `softs` ([(weight, lit)]: lit costs weight when true) under `hard`."""
    w = WCNF()
    for c in hard:
        w.append(c)
    for wt, l in softs:
        w.append([-l], weight=wt)
    w.nv = max(w.nv, top)
    cls = RC2Stratified if stratified else RC2
    with cls(w, solver=solver, adapt=True, exhaust=True, minz=True, trim=5) as r:
        model = r.compute()
        if model is None:
            return None, r
        return set(l for l in model if l > 0), r


def main(argv):
    ap = argparse.ArgumentParser(prog="python3 bench/maxsat-ref.py", description="RC2 on the WCNF of `mlx-solve export --format wcnf`")
    ap.add_argument("wcnf")
    ap.add_argument("--presolve", action="store_true", help="levels 1-3 locked one at a time, then the plugins they rule out removed")
    ap.add_argument("--solver", default="g4", help="PySAT's name of the SAT solver (default g4: Glucose 4.1)")
    args = ap.parse_args(argv)
    solver, presolve = args.solver, args.presolve
    t0 = time.perf_counter()
    hard, levels, nv = read(args.wcnf)
    read_ms = round((time.perf_counter() - t0) * 1000)
    top = nv
    cost_of = lambda true, lv: sum(w for w, l in lv["terms"] if (l in true if l > 0 else -l not in true))
    out = {"solver": solver, "presolve": presolve, "read_ms": read_ms}
    if not presolve:
        softs = [(w * lv["weight"], l) for lv in levels for w, l in lv["terms"]]
        true, r = rc2(hard, softs, top, solver, True)
        if true is None:
            out.update(status="unsat")
        else:
            out.update(status="optimal", costs=[cost_of(true, lv) for lv in levels])
        out["ms"] = round((time.perf_counter() - t0) * 1000)
        print(json.dumps(out))
        return 0
    hard = list(hard)
    costs = []
    # 1. The levels before the last two, one at a time, each locked at its optimum.
    for lv in levels[:-2]:
        if not lv["terms"]:
            costs.append(0)
            continue
        true, _ = rc2(hard, lv["terms"], top, solver, len({w for w, _ in lv["terms"]}) > 1)
        if true is None:
            out.update(status="unsat", ms=round((time.perf_counter() - t0) * 1000))
            print(json.dumps(out))
            return 0
        opt = cost_of(true, lv)
        costs.append(opt)
        if opt == 0:
            hard.extend([[-l] for _, l in lv["terms"]])
            continue
        copies = []
        for w, l in lv["terms"]:
            for _ in range(w):
                top += 1
                hard.append([-l, top])
                copies.append(top)
        enc = CardEnc.atmost(lits=copies, bound=opt, top_id=top, encoding=EncType.totalizer)
        top = max(top, enc.nv)
        hard.extend(enc.clauses)
    out["locked_ms"] = round((time.perf_counter() - t0) * 1000)
    # 2. The plugins the locks rule out: the last level's literals, and the pairs gap terms name.
    rest = levels[-2:]
    term_lits = {l for lv in rest for _, l in lv["terms"]}
    pair_of = {}
    for c in hard:
        if len(c) == 3:
            pos = [l for l in c if l > 0 and l in term_lits]
            if len(pos) == 1 and all(l < 0 for l in c if l != pos[0]):
                pair_of[pos[0]] = [-l for l in c if l != pos[0]]
    cand = {l for lv in rest for _, l in lv["terms"] if l not in pair_of and l > 0}
    for p in pair_of.values():
        cand.update(p)
    calls = 0
    dead = set()
    with Solver(name=solver, bootstrap_with=hard) as s:
        calls += 1
        if not s.solve():
            out.update(status="unsat", ms=round((time.perf_counter() - t0) * 1000))
            print(json.dumps(out))
            return 0
        # Failed literals: a candidate whose assumption alone propagates to a conflict is false
        # in every solution (this finds at least every one unit propagation fixes at the root).
        for v in sorted(cand):
            calls += 1
            ok, _ = s.propagate(assumptions=[v])
            if not ok:
                dead.add(v)
    hard.extend([[-v] for v in sorted(dead)])
    kept = []
    dropped = 0
    for lv in rest:
        ts = []
        for w, l in lv["terms"]:
            if l in dead or any(p in dead for p in pair_of.get(l, ())):
                dropped += 1
            else:
                ts.append((w * lv["weight"], l))
        kept.extend(ts)
    in_scope = len({v for v in cand} - dead)
    out["presolved"] = {"candidates": len(cand), "fixed_false": len(dead), "in_scope": in_scope, "terms_dropped": dropped, "terms_left": len(kept), "calls": calls, "ms": round((time.perf_counter() - t0) * 1000)}
    # 3. The remaining levels together.
    true, _ = rc2(hard, kept, top, solver, True)
    if true is None:
        out.update(status="unsat")
    else:
        out.update(status="optimal", costs=costs + [cost_of(true, lv) for lv in rest])
    out["ms"] = round((time.perf_counter() - t0) * 1000)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
