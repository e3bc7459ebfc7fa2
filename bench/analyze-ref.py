#!/usr/bin/env python3
"""A native reference for analyze's backbone on a DIMACS CNF, as a whole process: PySAT
(`pip install python-sat`; not a dependency of the project) with CaDiCaL 1.5.3 by default.

    python3 bench/analyze-ref.py FILE.cnf [--solver cadical153|glucose4|minisat22|...]

Iterative backbone with model filtering (Janota, Lynce and Marques-Silva 2015, algorithm 2):
one model; every variable is a candidate with its value there; for each candidate still left,
solve assuming its negation: a model crosses off every candidate whose value differs in it;
none puts the candidate in the backbone, added as a unit clause. PySAT has no model counter, so
this reference gives no count.

Prints one line of JSON: core (variables true in every model), dead (false in every model),
calls, ms (in-process, after the imports).
"""
import json
import sys
import time

try:
    from pysat.formula import CNF
    from pysat.solvers import Solver
except ImportError:
    sys.stderr.write("python-sat not found: pip install python-sat (outside the project, e.g. in a venv)\n")
    sys.exit(3)


def main(argv):
    files = [a for a in argv if not a.startswith("--")]
    name = argv[argv.index("--solver") + 1] if "--solver" in argv else "cadical153"
    if "--solver" in argv:
        files.remove(name)
    if len(files) != 1:
        sys.stderr.write("usage: python3 bench/analyze-ref.py FILE.cnf [--solver NAME]\n")
        return 2
    t0 = time.perf_counter()
    cnf = CNF(from_file=files[0])
    n = cnf.nv
    calls = 1
    with Solver(name=name, bootstrap_with=cnf.clauses) as s:
        if not s.solve():
            print(json.dumps({"sat": False, "calls": calls, "solver": name, "ms": round((time.perf_counter() - t0) * 1000)}))
            return 0
        model = s.get_model()
        value = {abs(l): l > 0 for l in model}
        cand = {v: value.get(v, False) for v in range(1, n + 1)}
        fixed = {}
        for v in range(1, n + 1):
            if v not in cand:
                continue
            lit = v if cand[v] else -v
            calls += 1
            if s.solve(assumptions=[-lit]):
                m = s.get_model()
                for l in m:
                    w = abs(l)
                    if w in cand and cand[w] != (l > 0):
                        del cand[w]
                cand.pop(v, None)
            else:
                fixed[v] = cand.pop(v)
                s.add_clause([lit])
    core = sorted(v for v, b in fixed.items() if b)
    dead = sorted(v for v, b in fixed.items() if not b)
    print(json.dumps({"sat": True, "core": core, "dead": dead, "calls": calls, "solver": name, "ms": round((time.perf_counter() - t0) * 1000)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
