/**
 * A small CDCL SAT solver: watched literals (binary clauses apart), 1UIP learning with basic
 * minimisation, VSIDS, phase saving, Luby restarts, learnt-clause reduction; assumptions,
 * conflict limits, a stop callback, and cheap unit-propagation probes. Made for the pairwise
 * sampler (pairwise.ts), which needs conflict limits, probes and many short-lived problems;
 * logic-solver (engine.ts) remains the solver of record elsewhere.
 *
 * Variables are numbered 0..n-1; the literal of variable v is 2v (true) or 2v+1 (false).
 */

export type Status = "sat" | "unsat" | "unknown";


function luby(i: number): number {
  let size = 1;
  let seq = 0;
  while (size < i + 1) {
    seq++;
    size = 2 * size + 1;
  }
  let x = i;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return 2 ** seq;
}

export class Cdcl {
  n = 0;
  ok = true;
  /** Per variable: 1 true, -1 false, 0 unassigned. */
  assigns = new Int8Array(0);
  private level = new Int32Array(0);
  private reason = new Int32Array(0);
  trail = new Int32Array(0);
  trailLen = 0;
  private lims: number[] = [];
  private qhead = 0;
  /**
   * Every clause's literals, one after another in one array (an arena, as MiniSat keeps them):
   * clause ci is lits[cStart[ci] .. cStart[ci] + cLen[ci]). A typed array per clause cost the
   * sampler's short-lived solvers a third of their time in V8's collections.
   */
  private lits = new Int32Array(1024);
  private litsTop = 0;
  /** Literals of deleted clauses still in the arena; it is compacted once they are half of it. */
  private wasted = 0;
  private nClauses = 0;
  private cStart = new Int32Array(64);
  private cLen = new Int32Array(64);
  /** addClause's literals before they are stored. */
  private scratch: number[] = [];
  private learnt: Uint8Array = new Uint8Array(64);
  private deleted: Uint8Array = new Uint8Array(64);
  private clauseAct: Float64Array = new Float64Array(64);
  private learnts: number[] = [];
  private watches: number[][] = [];
  /** Binary clauses: bins[p] holds pairs (q, clause) such that p true forces q true. */
  private bins: number[][] = [];
  private activity = new Float64Array(0);
  private varInc = 1;
  private clauseInc = 1;
  /** Saved phase per variable: 0 true, 1 false (the sign bit of the literal to try). */
  polarity = new Uint8Array(0);
  /**
   * The caller's phase per variable (0 true, 1 false, -1 none: the saved phase), tried before the
   * saved one as MiniSat's `user_pol` is (`prefer`); the analysis oracle steers with it.
   */
  private preferred = new Int8Array(0);
  private seen = new Uint8Array(0);
  private heap = new Int32Array(0);
  private heapPos = new Int32Array(0);
  private heapLen = 0;
  private maxLearnts = 2000;
  /** The last satisfying assignment (1 true, 0 false per variable). */
  model = new Uint8Array(0);
  /**
   * After "unsat" under assumptions: the index of the assumption found false given the ones
   * before it (those and the clauses exclude it), or -1 when the clauses alone are unsatisfiable.
   */
  failedAt = -1;
  conflicts = 0;
  /** Work done: watch and binary-implication entries visited, clause literals added. */
  ticks = 0;

  constructor(n: number) {
    this.addVars(n);
  }

  /** Adds `k` variables (at decision level 0); returns the first one's number. */
  addVars(k: number): number {
    const first = this.n;
    const n = first + k;
    const cap = this.assigns.length;
    if (n > cap) {
      const size = Math.max(n, Math.floor(cap * 1.5));
      const grow = <T extends Int8Array | Int32Array | Uint8Array | Float64Array>(a: T, fill = 0): T => {
        const b = new (a.constructor as new (len: number) => T)(size);
        b.set(a as never);
        if (fill) b.fill(fill, a.length);
        return b;
      };
      this.assigns = grow(this.assigns);
      this.level = grow(this.level);
      this.reason = grow(this.reason, -1);
      this.trail = grow(this.trail);
      this.activity = grow(this.activity);
      this.polarity = grow(this.polarity, 1);
      this.preferred = grow(this.preferred, -1);
      this.seen = grow(this.seen);
      this.heap = grow(this.heap);
      this.heapPos = grow(this.heapPos, -1);
      this.model = grow(this.model);
    }
    this.n = n;
    for (let l = 2 * first; l < 2 * n; l++) {
      this.watches.push([]);
      this.bins.push([]);
    }
    for (let v = first; v < n; v++) this.heapInsert(v);
    return first;
  }

  /** Tries the literal `l` first whenever its variable is decided (until preferred otherwise). */
  prefer(l: number): void {
    this.preferred[l >> 1] = l & 1;
  }

  value(l: number): number {
    const a = this.assigns[l >> 1]!;
    return l & 1 ? -a : a;
  }
  /** A copy of every variable's value now: 1 true, -1 false, 0 unassigned. */
  assignments(): Int8Array {
    return this.assigns.slice(0, this.n);
  }
  get decisionLevel(): number {
    return this.lims.length;
  }

  // --- heap of variables by activity
  private heapLess(a: number, b: number): boolean {
    const x = this.activity[a]!;
    const y = this.activity[b]!;
    return x > y || (x === y && a < b);
  }
  private heapUp(i: number) {
    const h = this.heap;
    const v = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv_ = h[p]!;
      if (!this.heapLess(v, pv_)) break;
      h[i] = pv_;
      this.heapPos[pv_] = i;
      i = p;
    }
    h[i] = v;
    this.heapPos[v] = i;
  }
  private heapDown(i: number) {
    const h = this.heap;
    const v = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.heapLen) break;
      const r = l + 1;
      const c = r < this.heapLen && this.heapLess(h[r]!, h[l]!) ? r : l;
      if (!this.heapLess(h[c]!, v)) break;
      h[i] = h[c]!;
      this.heapPos[h[i]!] = i;
      i = c;
    }
    h[i] = v;
    this.heapPos[v] = i;
  }
  private heapInsert(v: number) {
    if (this.heapPos[v]! >= 0) return;
    this.heap[this.heapLen] = v;
    this.heapPos[v] = this.heapLen;
    this.heapLen++;
    this.heapUp(this.heapLen - 1);
  }
  private heapPop(): number {
    const h = this.heap;
    const v = h[0]!;
    this.heapLen--;
    this.heapPos[v] = -1;
    if (this.heapLen > 0) {
      h[0] = h[this.heapLen]!;
      this.heapPos[h[0]!] = 0;
      this.heapDown(0);
    }
    return v;
  }
  /** Initial activities (e.g. small random values for diversity); call before solving. */
  setActivity(v: number, a: number) {
    this.activity[v] = a;
    if (this.heapPos[v]! >= 0) {
      this.heapUp(this.heapPos[v]!);
      this.heapDown(this.heapPos[v]!);
    }
  }
  private bumpVar(v: number) {
    if ((this.activity[v] = this.activity[v]! + this.varInc) > 1e100) {
      for (let i = 0; i < this.n; i++) this.activity[i] = this.activity[i]! * 1e-100;
      this.varInc *= 1e-100;
    }
    if (this.heapPos[v]! >= 0) this.heapUp(this.heapPos[v]!);
  }
  private bumpClause(ci: number) {
    if ((this.clauseAct[ci] = this.clauseAct[ci]! + this.clauseInc) > 1e20) {
      for (const c of this.learnts) this.clauseAct[c] = this.clauseAct[c]! * 1e-20;
      this.clauseInc *= 1e-20;
    }
  }

  private enqueue(l: number, reason: number) {
    const v = l >> 1;
    this.assigns[v] = l & 1 ? -1 : 1;
    this.level[v] = this.lims.length;
    this.reason[v] = reason;
    this.trail[this.trailLen++] = l;
  }

  private storeClause(lits: readonly number[], learnt: boolean): number {
    const ci = this.nClauses++;
    if (ci >= this.learnt.length) {
      const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a as never);
        return b;
      };
      this.learnt = grow(this.learnt, (n) => new Uint8Array(n));
      this.deleted = grow(this.deleted, (n) => new Uint8Array(n));
      this.clauseAct = grow(this.clauseAct, (n) => new Float64Array(n));
      this.cStart = grow(this.cStart, (n) => new Int32Array(n));
      this.cLen = grow(this.cLen, (n) => new Int32Array(n));
    }
    if (this.litsTop + lits.length > this.lits.length) {
      const b = new Int32Array(Math.max(2 * this.lits.length, this.litsTop + lits.length));
      b.set(this.lits.subarray(0, this.litsTop));
      this.lits = b;
    }
    this.cStart[ci] = this.litsTop;
    this.cLen[ci] = lits.length;
    for (let k = 0; k < lits.length; k++) this.lits[this.litsTop++] = lits[k]!;
    this.learnt[ci] = learnt ? 1 : 0;
    if (lits.length === 2) {
      this.bins[lits[0]! ^ 1]!.push(lits[1]!, ci);
      this.bins[lits[1]! ^ 1]!.push(lits[0]!, ci);
      return ci;
    }
    this.watches[lits[0]!]!.push(ci, lits[1]!);
    this.watches[lits[1]!]!.push(ci, lits[0]!);
    if (learnt) this.learnts.push(ci);
    return ci;
  }

  /** Adds a clause at decision level 0; returns false when the problem became unsatisfiable. */
  addClause(lits: readonly number[]): boolean {
    if (!this.ok) return false;
    if (this.lims.length) this.cancelUntil(0);
    const out = this.scratch;
    out.length = 0;
    for (const l of lits) {
      const val = this.value(l);
      if (val === 1) return true;
      if (val === -1) continue;
      if (out.includes(l)) continue;
      if (out.includes(l ^ 1)) return true;
      out.push(l);
    }
    if (out.length === 0) return (this.ok = false);
    if (out.length === 1) {
      this.enqueue(out[0]!, -1);
      if (this.propagate() >= 0) this.ok = false;
      return this.ok;
    }
    this.ticks += out.length;
    this.storeClause(out, false);
    return true;
  }

  /** Unit propagation; the index of a conflicting clause, or -1. */
  propagate(): number {
    const { lits, cStart, cLen } = this;
    const assigns = this.assigns;
    while (this.qhead < this.trailLen) {
      const p = this.trail[this.qhead++]!;
      const bl = this.bins[p]!;
      this.ticks += bl.length >> 1;
      for (let i = 0; i < bl.length; i += 2) {
        const q = bl[i]!;
        const qa = assigns[q >> 1]!;
        const qv = q & 1 ? -qa : qa;
        if (qv === 1) continue;
        if (qv === -1) {
          this.qhead = this.trailLen;
          return bl[i + 1]!;
        }
        this.enqueue(q, bl[i + 1]!);
      }
      const falseLit = p ^ 1;
      // Watch entries are pairs (clause, blocker): a true blocker means the clause is satisfied.
      const ws = this.watches[falseLit]!;
      let i = 0;
      let j = 0;
      const len = ws.length;
      this.ticks += len >> 1;
      while (i < len) {
        const ci = ws[i]!;
        const blocker = ws[i + 1]!;
        i += 2;
        const ba = assigns[blocker >> 1]!;
        if ((blocker & 1 ? -ba : ba) === 1) {
          ws[j++] = ci;
          ws[j++] = blocker;
          continue;
        }
        if (this.deleted[ci]) continue;
        const o = cStart[ci]!;
        if (lits[o] === falseLit) {
          lits[o] = lits[o + 1]!;
          lits[o + 1] = falseLit;
        }
        const first = lits[o]!;
        const fa = assigns[first >> 1]!;
        const fv_ = first & 1 ? -fa : fa;
        if (fv_ === 1) {
          ws[j++] = ci;
          ws[j++] = first;
          continue;
        }
        let found = false;
        const cl = cLen[ci]!;
        for (let k = 2; k < cl; k++) {
          const q = lits[o + k]!;
          const qa = assigns[q >> 1]!;
          if ((q & 1 ? -qa : qa) !== -1) {
            lits[o + 1] = q;
            lits[o + k] = falseLit;
            this.watches[q]!.push(ci, first);
            found = true;
            this.ticks += k >> 2;
            break;
          }
        }
        if (found) continue;
        this.ticks += cl >> 2;
        ws[j++] = ci;
        ws[j++] = first;
        if (fv_ === -1) {
          while (i < len) ws[j++] = ws[i++]!;
          ws.length = j;
          this.qhead = this.trailLen;
          return ci;
        }
        this.enqueue(first, ci);
      }
      if (j !== len) ws.length = j;
    }
    return -1;
  }

  cancelUntil(lvl: number) {
    if (this.kept.length > lvl) this.kept.length = lvl;
    if (this.lims.length <= lvl) return;
    const stop = this.lims[lvl]!;
    for (let i = this.trailLen - 1; i >= stop; i--) {
      const l = this.trail[i]!;
      const v = l >> 1;
      this.assigns[v] = 0;
      this.reason[v] = -1;
      this.polarity[v] = l & 1;
      this.heapInsert(v);
    }
    this.trailLen = stop;
    this.qhead = stop;
    this.lims.length = lvl;
  }

  /**
   * Opens a decision level with `lits` assumed and propagates. On a conflict the level is closed
   * again and false is returned; otherwise the level stays open (close it with cancelUntil).
   */
  probe(lits: readonly number[]): boolean {
    if (!this.ok) return false;
    const lvl = this.lims.length;
    this.lims.push(this.trailLen);
    for (const l of lits) {
      const val = this.value(l);
      if (val === -1) {
        this.cancelUntil(lvl);
        return false;
      }
      if (val === 0) this.enqueue(l, -1);
    }
    if (this.propagate() >= 0) {
      this.cancelUntil(lvl);
      return false;
    }
    return true;
  }

  private analyze(confl: number): { learnt: number[]; back: number } {
    const seen = this.seen;
    const out: number[] = [0];
    let pathC = 0;
    let p = -1;
    let idx = this.trailLen - 1;
    const dl = this.lims.length;
    const lits = this.lits;
    do {
      const o = this.cStart[confl]!;
      const cl = this.cLen[confl]!;
      if (this.learnt[confl]) this.bumpClause(confl);
      const pvar = p === -1 ? -1 : p >> 1;
      for (let k = 0; k < cl; k++) {
        const q = lits[o + k]!;
        const v = q >> 1;
        if (v !== pvar && !seen[v] && this.level[v]! > 0) {
          seen[v] = 1;
          this.bumpVar(v);
          if (this.level[v]! >= dl) pathC++;
          else out.push(q);
        }
      }
      while (!seen[this.trail[idx]! >> 1]) idx--;
      p = this.trail[idx]!;
      idx--;
      confl = this.reason[p >> 1]!;
      seen[p >> 1] = 0;
      pathC--;
    } while (pathC > 0);
    out[0] = p ^ 1;
    // Basic minimisation: drop a literal whose reason's other literals are all in the clause.
    const all = out.slice(1);
    let j = 1;
    for (let i = 1; i < out.length; i++) {
      const q = out[i]!;
      const r = this.reason[q >> 1]!;
      let keep = true;
      if (r >= 0) {
        keep = false;
        const o = this.cStart[r]!;
        const cl = this.cLen[r]!;
        for (let k = 0; k < cl; k++) {
          const v = lits[o + k]! >> 1;
          if (v !== q >> 1 && !seen[v] && this.level[v]! > 0) {
            keep = true;
            break;
          }
        }
      }
      if (keep) out[j++] = q;
    }
    for (const q of all) seen[q >> 1] = 0;
    out.length = j;
    let back = 0;
    if (out.length > 1) {
      let mi = 1;
      for (let i = 2; i < out.length; i++) if (this.level[out[i]! >> 1]! > this.level[out[mi]! >> 1]!) mi = i;
      const t = out[1]!;
      out[1] = out[mi]!;
      out[mi] = t;
      back = this.level[out[1]! >> 1]!;
    }
    return { learnt: out, back };
  }

  private reduceDb() {
    const ls = this.learnts.slice().sort((a, b) => this.clauseAct[a]! - this.clauseAct[b]! || a - b);
    const keep: number[] = [];
    const half = ls.length >> 1;
    for (let i = 0; i < ls.length; i++) {
      const ci = ls[i]!;
      const first = this.lits[this.cStart[ci]!]!;
      const locked = this.reason[first >> 1] === ci && this.value(first) === 1;
      if (i < half && this.cLen[ci]! > 2 && !locked) {
        this.deleted[ci] = 1;
        this.wasted += this.cLen[ci]!;
      } else keep.push(ci);
    }
    this.learnts = keep.sort((a, b) => a - b);
    if (2 * this.wasted > this.litsTop) this.compact();
  }

  /** How many times the arena was compacted (for tests). */
  compactions = 0;

  /** Moves the clauses not deleted to the front of the arena (their numbers stay). */
  private compact() {
    this.compactions++;
    const b = new Int32Array(Math.max(1024, 2 * (this.litsTop - this.wasted)));
    let top = 0;
    for (let ci = 0; ci < this.nClauses; ci++) {
      if (this.deleted[ci]) continue;
      const o = this.cStart[ci]!;
      const len = this.cLen[ci]!;
      b.set(this.lits.subarray(o, o + len), top);
      this.cStart[ci] = top;
      top += len;
    }
    this.lits = b;
    this.litsTop = top;
    this.wasted = 0;
  }

  /**
   * The assumptions whose decision levels a solve with `keep` left open (level i + 1 holds the
   * i-th), as far as they still are: any cancel below them shortens it.
   */
  private kept: number[] = [];

  /**
   * Solves under assumptions, giving up ("unknown") after `conflictLimit` conflicts or when
   * `stop` (asked every 256 conflicts or decisions) says so. On "sat" the assignment is in
   * `model`. Returns at decision level 0; with `keep`, at the level of the assumptions (after
   * "sat") or of those before the failed one (after "unsat" with `failedAt`), left open so that
   * the next solve, whose assumptions begin the same way, starts from them instead of
   * propagating them again (the sampler settles a sample's choices under its ~n literals, one
   * option at a time). Close them with cancelUntil(0).
   */
  solve(assumptions: readonly number[] = [], conflictLimit = Infinity, stop?: () => boolean, keep = false): Status {
    this.failedAt = -1;
    if (!this.ok) return "unsat";
    let same = 0;
    const upTo = Math.min(this.kept.length, assumptions.length);
    while (same < upTo && this.kept[same] === assumptions[same]) same++;
    this.cancelUntil(same);
    // Kept levels were propagated in full before they were left open; only level 0 can hold news.
    if (this.propagate() >= 0) {
      this.cancelUntil(0);
      if (this.propagate() >= 0) {
        this.ok = false;
        return "unsat";
      }
    }
    const kept = this.kept;
    let conflictsHere = 0;
    let events = 0;
    let nextCheck = 256;
    let restart = 0;
    for (;;) {
      const restartLimit = luby(restart++) * 64;
      let sinceRestart = 0;
      for (;;) {
        const confl = this.propagate();
        if (confl >= 0) {
          this.conflicts++;
          conflictsHere++;
          events++;
          sinceRestart++;
          if (this.lims.length === 0) {
            this.ok = false;
            return "unsat";
          }
          const { learnt, back } = this.analyze(confl);
          this.cancelUntil(back);
          if (learnt.length === 1) this.enqueue(learnt[0]!, -1);
          else {
            const ci = this.storeClause(learnt, true);
            this.bumpClause(ci);
            this.enqueue(learnt[0]!, ci);
          }
          this.varInc /= 0.95;
          this.clauseInc /= 0.999;
          continue;
        }
        if (conflictsHere >= conflictLimit) {
          this.cancelUntil(0);
          return "unknown";
        }
        if (stop && events >= nextCheck) {
          nextCheck = events + 256;
          if (stop()) {
            this.cancelUntil(0);
            return "unknown";
          }
        }
        if (sinceRestart >= restartLimit) {
          this.cancelUntil(0);
          break;
        }
        if (this.learnts.length - this.trailLen >= this.maxLearnts) {
          this.reduceDb();
          this.maxLearnts = Math.floor(this.maxLearnts * 1.1);
        }
        const dl = this.lims.length;
        if (dl < assumptions.length) {
          const a = assumptions[dl]!;
          const val = this.value(a);
          if (val === -1) {
            this.failedAt = dl;
            if (keep) for (let i = kept.length; i < dl; i++) kept.push(assumptions[i]!);
            else this.cancelUntil(0);
            return "unsat";
          }
          this.lims.push(this.trailLen);
          if (val === 0) this.enqueue(a, -1);
          continue;
        }
        let v = -1;
        while (this.heapLen > 0) {
          const c = this.heapPop();
          if (this.assigns[c] === 0) {
            v = c;
            break;
          }
        }
        if (v < 0) {
          for (let i = 0; i < this.n; i++) this.model[i] = this.assigns[i] === 1 ? 1 : 0;
          this.cancelUntil(keep ? assumptions.length : 0);
          if (keep) for (let i = kept.length; i < assumptions.length; i++) kept.push(assumptions[i]!);
          return "sat";
        }
        events++;
        this.lims.push(this.trailLen);
        const p = this.preferred[v]!;
        this.enqueue(2 * v + (p >= 0 ? p : this.polarity[v]!), -1);
      }
    }
  }
}
