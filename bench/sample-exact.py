#!/usr/bin/env python3
"""An exact check of a pairwise sample's size: is there a sample of K valid configurations that
covers every feasible pair of a feature model? PySAT (`pip install python-sat`, outside the
project) on one formula: K copies of the model's clauses, and for each feasible pair of literals
a clause "some copy holds both" (through an auxiliary variable per copy and pair). Satisfiable:
a sample of K exists. Unsatisfiable: every sample has more than K, so a sample of K + 1 is the
fewest. No symmetry breaking, so the proofs get hard quickly as K grows.

    python3 bench/sample-exact.py FILE.dimacs K [--limit SECONDS] [--pairs FILE]

The feasible pairs are read from FILE.dimacs.valid2-Set (Xiang et al.'s published list, one pair
"a;b" a line; see bench/splot.mjs), or --pairs. Prints one line of JSON: the model, K, and
"sat" true / false / null (the limit came first), and the seconds.
"""
import argparse
import json
import threading
import time

try:
    from pysat.formula import IDPool
    from pysat.solvers import Solver
except ImportError:
    raise SystemExit("python-sat not found: pip install python-sat (outside the project, e.g. in a venv)")

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("k", type=int)
ap.add_argument("--limit", type=float, default=300.0)
ap.add_argument("--pairs")
a = ap.parse_args()

clauses = []
for line in open(a.file):
    line = line.strip()
    if not line or line[0] in "c%p":
        continue
    lits = [int(t) for t in line.split() if t != "0"]
    if lits:
        clauses.append(lits)
pairs = [tuple(int(x) for x in l.strip().split(";")) for l in open(a.pairs or a.file + ".valid2-Set") if l.strip()]

pool = IDPool()
def lit(s, l):
    v = pool.id(("x", s, abs(l)))
    return v if l > 0 else -v

solver = Solver(name="cd15")
for s in range(a.k):
    for c in clauses:
        solver.add_clause([lit(s, l) for l in c])
for (p, q) in pairs:
    ys = []
    for s in range(a.k):
        y = pool.id(("y", s, p, q))
        ys.append(y)
        solver.add_clause([-y, lit(s, p)])
        solver.add_clause([-y, lit(s, q)])
    solver.add_clause(ys)

t0 = time.time()
timer = threading.Timer(a.limit, solver.interrupt)
timer.start()
result = solver.solve_limited(expect_interrupt=True)
timer.cancel()
print(json.dumps({"model": a.file.split("/")[-1], "k": a.k, "pairs": len(pairs), "sat": result, "seconds": round(time.time() - t0, 2)}))
