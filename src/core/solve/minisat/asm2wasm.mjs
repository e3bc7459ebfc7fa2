/**
 * Build step: translates the patched MiniSat's asm.js module (the `function(global, env, buffer)
 * { "use asm"; ... }` that emscripten wrote) into a WebAssembly module, byte for byte the same
 * program. Run by patch.mjs at build time; nothing here runs when mlx-solve does.
 *
 * Why: V8 compiles valid asm.js ahead of time, but only as the text it parsed, slowly (~110 ms)
 * and lazily, function by function, and not at all once a bundler has reprinted the text. Real
 * WebAssembly is compiled by V8's baseline compiler in a few milliseconds and runs near full
 * speed from its first call, in Node and in the configurator's worker alike (where MiniSat ran
 * as plain JavaScript, warming up over the first clicks). It needs no `eval`: a page allows it
 * with CSP's `'wasm-unsafe-eval'` alone.
 *
 * What it translates is the asm.js subset this emscripten (fastcomp, 2015) emits, as the asm.js
 * specification types it, with JavaScript's semantics kept where WebAssembly's differ: integer
 * division and remainder by zero give 0 (WebAssembly traps); `~~d` of a double wraps modulo 2^32
 * (a helper, `toInt32`); `HEAP32[p >> 2]` reads at `p & ~3`, as V8's own translation does.
 * Memory accesses out of bounds trap, where asm.js reads undefined: none happens in a correct
 * program, and the tests compare every answer with the stock solver's. Anything outside that
 * subset is an error naming the construct, so a different minisat.js fails the build loudly
 * instead of producing a different program.
 *
 * The module imports its memory (`env.memory`, the factory's heap), the asm module's `env`
 * values and functions (one import per signature a call site uses), and the few Math functions
 * WebAssembly lacks (`math.pow` ...); it exports the same names the asm module returned.
 */
import ts from "typescript";

const I32 = 0x7f;
const F64 = 0x7c;
const F32 = 0x7d;

const VIEWS = {
  Int8Array: { shift: 0, load: 0x2c, store: 0x3a, type: I32 },
  Uint8Array: { shift: 0, load: 0x2d, store: 0x3a, type: I32 },
  Int16Array: { shift: 1, load: 0x2e, store: 0x3b, type: I32 },
  Uint16Array: { shift: 1, load: 0x2f, store: 0x3b, type: I32 },
  Int32Array: { shift: 2, load: 0x28, store: 0x36, type: I32 },
  Uint32Array: { shift: 2, load: 0x28, store: 0x36, type: I32 },
  Float32Array: { shift: 2, load: 0x2a, store: 0x38, type: F32 },
  Float64Array: { shift: 3, load: 0x2b, store: 0x39, type: F64 },
};
/** Math functions WebAssembly has as instructions (on doubles). */
const MATH_OPS = { floor: 0x9c, ceil: 0x9b, sqrt: 0x9f, abs: 0x99 };
/** Math functions imported from JavaScript (double -> double, or two doubles). */
const MATH_IMPORTS = { pow: 2, cos: 1, sin: 1, tan: 1, acos: 1, asin: 1, atan: 1, atan2: 2, exp: 1, log: 1 };

// ---- encoding ---------------------------------------------------------------------------------

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function sleb(n) {
  const out = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
function f64Bytes(x) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...b];
}
const str = (s) => {
  const b = [...Buffer.from(s, "utf8")];
  return [...uleb(b.length), ...b];
};
const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => (body.length ? [id, ...uleb(body.length), ...body] : []);

// ---- the translator ---------------------------------------------------------------------------

class AsmError extends Error {}

function fail(sf, node, what) {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const text = node.getText(sf);
  throw new AsmError(`asm2wasm: ${what} at ${line + 1}:${character + 1}: ${text.length > 80 ? `${text.slice(0, 80)}...` : text}`);
}

/**
 * The WebAssembly binary (`bytes`) for `source`, the text of an asm.js module function
 * (`function(global,env,buffer){"use asm";...}`), and the `env` values it imports as globals
 * (`globals`: [name, "i32" | "f64"]), which the JavaScript side must pass as numbers, and the
 * functions it imports from `math` (`math`: names of Math's functions, and `fmod`, JavaScript's
 * `%` on doubles).
 */
export function asmToWasm(source) {
  const sf = ts.createSourceFile("asm.js", `(${source});`, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  const K = ts.SyntaxKind;
  let fn = sf.statements[0].expression;
  while (fn.kind === K.ParenthesizedExpression) fn = fn.expression;
  if (fn.kind !== K.FunctionExpression) fail(sf, fn, "not an asm.js module function");
  const [stdlibName, envName] = fn.parameters.map((p) => p.name.text);
  const text = (n) => n.getText(sf);

  // Types: [params, results] keyed by their text.
  const types = [];
  const typeIndex = new Map();
  const typeOf = (params, result) => {
    const key = `${params.join(",")}:${result ?? ""}`;
    let i = typeIndex.get(key);
    if (i === undefined) {
      i = types.length;
      types.push([params, result === undefined ? [] : [result]]);
      typeIndex.set(key, i);
    }
    return i;
  };

  const views = new Map(); // name -> VIEWS entry
  const globals = new Map(); // name -> { index, type, mutable }
  const globalDefs = []; // { type, mutable, init: bytes }
  const importGlobals = []; // { field, type }
  const stdMath = new Map(); // name -> Math member
  const ffis = new Map(); // name -> env field
  const funcs = new Map(); // name -> { index (among defined), params, result, node }
  const tables = new Map(); // name -> { offset, mask, names }
  const imports = []; // { module, field, type } functions, in index order
  const importIndex = new Map();
  let exportsNode = null;

  const importFunc = (module, field, params, result) => {
    const key = `${module}.${field}:${params.join(",")}:${result ?? ""}`;
    let i = importIndex.get(key);
    if (i === undefined) {
      i = imports.length;
      imports.push({ module, field, type: typeOf(params, result) });
      importIndex.set(key, i);
    }
    return i;
  };

  /**
   * A double literal has a '.' (asm.js's rule) or is no integer (`1e-5`); an integer literal
   * must be a signed or unsigned 32-bit value (`intValue`).
   */
  const isDoubleLiteral = (n) => n.kind === K.NumericLiteral && (/[.]/.test(text(n)) || !Number.isInteger(Number(n.text)));
  const intValue = (n, sign = 1) => {
    const v = sign * Number(n.text);
    if (v < -(2 ** 31) || v >= 2 ** 32) fail(sf, n, "an integer literal out of 32 bits");
    return v | 0;
  };
  const body = fn.body.statements;
  let at = 0;
  if (body[0]?.kind === K.ExpressionStatement && body[0].expression.kind === K.StringLiteral) at = 1;

  // Module-level declarations.
  for (; at < body.length; at++) {
    const st = body[at];
    if (st.kind === K.VariableStatement) {
      for (const d of st.declarationList.declarations) {
        const name = d.name.text;
        let init = d.initializer;
        if (!init) fail(sf, d, "a global without a value");
        if (init.kind === K.NewExpression && init.expression.kind === K.PropertyAccessExpression) {
          const view = VIEWS[init.expression.name.text];
          if (!view) fail(sf, init, "an unknown heap view");
          views.set(name, view);
        } else if (init.kind === K.ArrayLiteralExpression) {
          // A function table: after the functions, filled in below.
          tables.set(name, { names: init.elements.map((e) => e.text), node: init });
        } else if (init.kind === K.PropertyAccessExpression) {
          const parts = text(init).split(".");
          if (parts[0] === stdlibName && parts[1] === "Math") stdMath.set(name, parts[2]);
          else if (parts[0] === envName && parts.length === 2) ffis.set(name, parts[1]);
          else if (parts[0] === stdlibName && (parts[1] === "NaN" || parts[1] === "Infinity")) addConst(name, F64, parts[1] === "NaN" ? NaN : Infinity);
          else fail(sf, init, "an unknown global");
        } else if (init.kind === K.BinaryExpression && init.operatorToken.kind === K.BarToken && init.left.kind === K.PropertyAccessExpression) {
          // var x = env.X | 0: an imported int, kept in a mutable global of the module.
          importGlobals.push({ field: init.left.name.text, type: I32 });
          addGlobal(name, I32, [0x23, ...uleb(importGlobals.length - 1)]);
        } else if (init.kind === K.PrefixUnaryExpression && init.operator === K.PlusToken && init.operand.kind === K.PropertyAccessExpression) {
          const field = init.operand.name.text;
          if (field === "NaN" || field === "Infinity") addConst(name, F64, field === "NaN" ? NaN : Infinity);
          else {
            importGlobals.push({ field, type: F64 });
            addGlobal(name, F64, [0x23, ...uleb(importGlobals.length - 1)]);
          }
        } else if (init.kind === K.NumericLiteral) {
          if (isDoubleLiteral(init)) addGlobal(name, F64, [0x44, ...f64Bytes(Number(init.text))]);
          else addGlobal(name, I32, [0x41, ...sleb(intValue(init))]);
        } else if (init.kind === K.PrefixUnaryExpression && init.operator === K.MinusToken && init.operand.kind === K.NumericLiteral) {
          if (isDoubleLiteral(init.operand)) addGlobal(name, F64, [0x44, ...f64Bytes(-Number(init.operand.text))]);
          else addGlobal(name, I32, [0x41, ...sleb(intValue(init.operand, -1))]);
        } else fail(sf, init, "an unknown global");
      }
    } else if (st.kind === K.FunctionDeclaration) {
      funcs.set(st.name.text, { index: funcs.size, node: st, ...signatureOf(st) });
    } else if (st.kind === K.ReturnStatement) {
      exportsNode = st.expression;
    } else if (st.kind !== K.EmptyStatement) fail(sf, st, "an unexpected module statement");
  }
  if (!exportsNode || exportsNode.kind !== K.ObjectLiteralExpression) fail(sf, fn, "no exports object");
  // Imported globals take the first indices; the module's own come after them.
  for (const g of globals.values()) g.index = importGlobals.length + g.def;

  function addGlobal(name, type, init) {
    globals.set(name, { def: globalDefs.length, type, mutable: true });
    globalDefs.push({ type, mutable: true, init });
  }
  function addConst(name, type, value) {
    globals.set(name, { def: globalDefs.length, type, mutable: false });
    globalDefs.push({ type, mutable: false, init: [0x44, ...f64Bytes(value)] });
  }

  /** A function's parameter types (from `a = a | 0` / `a = +a`) and result type (its returns). */
  function signatureOf(f) {
    const params = f.parameters.map((p) => p.name.text);
    const ptypes = [];
    const stmts = f.body.statements;
    for (let k = 0; k < params.length; k++) {
      const st = stmts[k];
      const e = st?.kind === K.ExpressionStatement ? st.expression : null;
      if (!e || e.kind !== K.BinaryExpression || e.operatorToken.kind !== K.EqualsToken || e.left.text !== params[k]) fail(sf, st ?? f, "a parameter without its type annotation");
      const r = e.right;
      if (r.kind === K.BinaryExpression && r.operatorToken.kind === K.BarToken) ptypes.push(I32);
      else if (r.kind === K.PrefixUnaryExpression && r.operator === K.PlusToken) ptypes.push(F64);
      else fail(sf, e, "an unknown parameter annotation");
    }
    let result;
    const visit = (n) => {
      if (n.kind === K.FunctionDeclaration && n !== f) return;
      if (n.kind === K.ReturnStatement && n.expression) {
        const r = n.expression;
        const plus = r.kind === K.PrefixUnaryExpression && r.operator === K.PlusToken;
        const negDouble = r.kind === K.PrefixUnaryExpression && r.operator === K.MinusToken && isDoubleLiteral(r.operand);
        const t = plus || negDouble || isDoubleLiteral(r) ? F64 : I32;
        if (result !== undefined && result !== t) fail(sf, n, "returns of two types");
        result = t;
      }
      ts.forEachChild(n, visit);
    };
    visit(f.body);
    return { params, ptypes, result };
  }

  // Function tables: one WebAssembly table, each asm table at its offset.
  let tableSize = 0;
  for (const t of tables.values()) {
    const n = t.names.length;
    if ((n & (n - 1)) !== 0) fail(sf, t.node, "a table whose length is not a power of two");
    t.offset = tableSize;
    t.mask = n - 1;
    tableSize += n;
    const first = funcs.get(t.names[0]);
    if (!first) fail(sf, t.node, "a table of unknown functions");
    t.type = typeOf(first.ptypes, first.result);
    for (const name of t.names) {
      const f = funcs.get(name);
      if (!f || typeOf(f.ptypes, f.result) !== t.type) fail(sf, t.node, "a table of functions of different types");
    }
  }

  // Helpers with JavaScript's semantics, defined after the module's functions.
  const helpers = [];
  const helper = (name, params, result, locals, code) => {
    const index = funcs.size + helpers.length;
    helpers.push({ name, type: typeOf(params, result), locals, code });
    return index;
  };
  const lazyHelpers = {};
  const needHelper = (name) => {
    if (lazyHelpers[name] !== undefined) return lazyHelpers[name];
    const get = (i) => [0x20, i];
    let idx;
    switch (name) {
      case "divS": // b == 0 ? 0 : a == INT_MIN && b == -1 ? INT_MIN : a / b
        idx = helper(name, [I32, I32], I32, [], [
          ...get(1), 0x45, 0x04, I32, 0x41, 0, 0x05,
          ...get(0), 0x41, ...sleb(-2147483648), 0x46, ...get(1), 0x41, 0x7f, 0x46, 0x71, 0x04, I32, 0x41, ...sleb(-2147483648), 0x05, ...get(0), ...get(1), 0x6d, 0x0b,
          0x0b, 0x0b,
        ]);
        break;
      case "divU":
        idx = helper(name, [I32, I32], I32, [], [...get(1), 0x45, 0x04, I32, 0x41, 0, 0x05, ...get(0), ...get(1), 0x6e, 0x0b, 0x0b]);
        break;
      case "remS": // wasm's rem_s gives 0 for INT_MIN % -1, as JavaScript does (-0 | 0)
        idx = helper(name, [I32, I32], I32, [], [...get(1), 0x45, 0x04, I32, 0x41, 0, 0x05, ...get(0), ...get(1), 0x6f, 0x0b, 0x0b]);
        break;
      case "remU":
        idx = helper(name, [I32, I32], I32, [], [...get(1), 0x45, 0x04, I32, 0x41, 0, 0x05, ...get(0), ...get(1), 0x70, 0x0b, 0x0b]);
        break;
      case "toInt32": {
        // ToInt32 of a double: in range, truncation; NaN and infinities, 0; else wrapped
        // modulo 2^32: t - floor(t / 2^32) * 2^32 is exact (the result fits in 32 bits).
        const c = (x) => [0x44, ...f64Bytes(x)];
        idx = helper(name, [F64], I32, [[1, F64]], [
          ...get(0), ...c(-2147483649), 0x64, ...get(0), ...c(2147483648), 0x63, 0x71,
          0x04, I32, ...get(0), 0xaa, 0x05,
          ...get(0), ...get(0), 0xa1, ...c(0), 0x62, // x - x != 0: NaN or an infinity
          0x04, I32, 0x41, 0, 0x05,
          ...get(0), 0x9d, 0x21, 1,
          ...get(1), ...get(1), ...c(4294967296), 0xa3, 0x9c, ...c(4294967296), 0xa2, 0xa1,
          0xb0, 0xa7, // i64.trunc_f64_s, i32.wrap_i64
          0x0b, 0x0b, 0x0b,
        ]);
        break;
      }
      case "fmod": // JavaScript's % on doubles
        idx = importFunc("math", "fmod", [F64, F64], F64);
        break;
      default:
        throw new AsmError(`asm2wasm: no helper ${name}`);
    }
    lazyHelpers[name] = idx;
    return idx;
  };
  // Imported functions come first in the index space: defined functions are offset by them,
  // which are known only once every body is compiled. Calls are emitted with placeholders.
  const FIX = Symbol("call");

  function compileFunction(f) {
    const node = f.node;
    const localIndex = new Map();
    const localTypes = [];
    f.params.forEach((p, k) => {
      localIndex.set(p, k);
      localTypes.push(f.ptypes[k]);
    });
    // The parameters' type annotations are the first statements, one per parameter.
    const stmts = node.body.statements.slice(f.params.length);
    let s = 0;
    for (; s < stmts.length && stmts[s].kind === K.VariableStatement; s++) {
      for (const d of stmts[s].declarationList.declarations) {
        const init = d.initializer;
        let t = I32;
        if (init && (isDoubleLiteral(init) || (init.kind === K.PrefixUnaryExpression && isDoubleLiteral(init.operand)))) t = F64;
        else if (!init || !(init.kind === K.NumericLiteral || (init.kind === K.PrefixUnaryExpression && init.operand.kind === K.NumericLiteral)))
          fail(sf, d, "a local without a literal value");
        if (init && Number(text(init)) !== 0) fail(sf, d, "a local whose value is not zero");
        localIndex.set(d.name.text, localTypes.length);
        localTypes.push(t);
      }
    }
    const fresh = (t) => {
      localTypes.push(t);
      return localTypes.length - 1;
    };
    const temps = {};
    const temp = (t) => {
      if (temps[t] === undefined) {
        temps[t] = localTypes.length;
        localTypes.push(t);
      }
      return temps[t];
    };
    const code = [];
    const ctl = []; // control stack: { brk?: labels/true, cont?: labels/true }

    /** Opens a block (0x02), loop (0x03) or if (0x04) with no result, and what a break may target in it. */
    const open = (op, target = {}) => {
      code.push(op, 0x40);
      ctl.push(target);
    };
    const close = () => {
      ctl.pop();
      code.push(0x0b);
    };
    /** An int condition on the stack. */
    const condition = (c) => {
      if (expr(c, I32) !== I32) fail(sf, c, "a condition that is not an int");
    };
    const depthOf = (pred, n) => {
      for (let k = ctl.length - 1; k >= 0; k--) if (pred(ctl[k])) return ctl.length - 1 - k;
      fail(sf, n, "a break or continue without its target");
    };

    // Expressions: returns the type left on the stack (I32, F64, F32) or undefined (nothing).
    const unparen = (e) => {
      while (e.kind === K.ParenthesizedExpression) e = e.expression;
      return e;
    };
    /** Whether `e` is unsigned (`x >>> 0`), also as the value of a comma or an assignment. */
    const isUnsigned = (e) => {
      e = unparen(e);
      if (e.kind !== K.BinaryExpression) return false;
      const op = e.operatorToken.kind;
      if (op === K.CommaToken || op === K.EqualsToken) return isUnsigned(e.right);
      return op === K.GreaterThanGreaterThanGreaterThanToken;
    };
    const intLiteral = (e) => {
      e = unparen(e);
      if (e.kind === K.NumericLiteral && !isDoubleLiteral(e)) return Number(e.text);
      if (e.kind !== K.PrefixUnaryExpression || e.operator !== K.MinusToken) return undefined;
      const n = unparen(e.operand);
      if (n.kind === K.NumericLiteral && !isDoubleLiteral(n)) return -Number(n.text);
      return undefined;
    };

    /** The address of a heap access `view[index]`, on the stack; returns the view. */
    function address(e) {
      const view = views.get(e.expression.text);
      if (!view) fail(sf, e, "an access to something that is not a heap view");
      const ix = unparen(e.argumentExpression);
      const lit = intLiteral(ix);
      if (lit !== undefined) {
        code.push(0x41, ...sleb((lit << view.shift) | 0));
        return view;
      }
      if (ix.kind === K.BinaryExpression && ix.operatorToken.kind === K.GreaterThanGreaterThanToken && intLiteral(ix.right) === view.shift) {
        if (expr(ix.left) !== I32) fail(sf, ix, "an address that is not an int");
        if (view.shift) code.push(0x41, ...sleb(~((1 << view.shift) - 1)), 0x71);
        return view;
      }
      if (view.shift === 0) {
        if (expr(ix) !== I32) fail(sf, ix, "an address that is not an int");
        return view;
      }
      fail(sf, e, "a heap index without its shift");
    }

    function call(e, want) {
      const callee = unparen(e.expression);
      const args = e.arguments;
      if (callee.kind === K.Identifier && funcs.has(callee.text)) {
        const g = funcs.get(callee.text);
        if (args.length !== g.ptypes.length) fail(sf, e, "a call with the wrong number of arguments");
        args.forEach((a, k) => {
          const t = expr(a);
          if (t !== g.ptypes[k]) fail(sf, a, "an argument of the wrong type");
        });
        code.push(FIX, g.index);
        return g.result;
      }
      if (callee.kind === K.Identifier && stdMath.has(callee.text)) {
        const m = stdMath.get(callee.text);
        if (m === "imul") {
          if (expr(args[0]) !== I32 || expr(args[1]) !== I32) fail(sf, e, "imul of a non-int");
          code.push(0x6c);
          return I32;
        }
        if (m === "abs" && want === I32) {
          // |x| on ints: (x ^ (x >> 31)) - (x >> 31)
          if (expr(args[0]) !== I32) fail(sf, e, "an int abs of a non-int");
          const t = temp(I32);
          code.push(0x22, t, 0x20, t, 0x41, 31, 0x75, 0x73, 0x20, t, 0x41, 31, 0x75, 0x6b);
          return I32;
        }
        if (MATH_OPS[m] !== undefined) {
          if (toF64(args[0]) !== F64) fail(sf, e, "a Math function of a non-double");
          code.push(MATH_OPS[m]);
          return F64;
        }
        if (MATH_IMPORTS[m] !== undefined) {
          if (args.length !== MATH_IMPORTS[m]) fail(sf, e, "a Math function with the wrong number of arguments");
          for (const a of args) if (toF64(a) !== F64) fail(sf, a, "a Math argument that is not a double");
          code.push(0x10, ...uleb(importFunc("math", m, args.map(() => F64), F64)));
          return F64;
        }
        fail(sf, e, `an unsupported Math.${m}`);
      }
      if (callee.kind === K.Identifier && ffis.has(callee.text)) {
        const ptypes = args.map((a) => {
          if (isUnsigned(a)) {
            // JavaScript receives the unsigned value: pass it as a double.
            expr(a);
            code.push(0xb8);
            return F64;
          }
          const t = expr(a);
          if (t === F32) {
            code.push(0xbb);
            return F64;
          }
          return t;
        });
        code.push(0x10, ...uleb(importFunc("env", ffis.get(callee.text), ptypes, want)));
        return want;
      }
      if (callee.kind === K.ElementAccessExpression && tables.has(callee.expression.text)) {
        const t = tables.get(callee.expression.text);
        const [params, results] = types[t.type];
        if (args.length !== params.length) fail(sf, e, "a table call with the wrong number of arguments");
        const ix = unparen(callee.argumentExpression);
        if (!(ix.kind === K.BinaryExpression && ix.operatorToken.kind === K.AmpersandToken && intLiteral(ix.right) === t.mask)) fail(sf, ix, "a table index without its mask");
        // JavaScript reads the table's entry before it evaluates the arguments: the index first,
        // kept in a local of this call's own (an argument may hold another table call).
        const held = fresh(I32);
        expr(ix);
        if (t.offset) code.push(0x41, ...sleb(t.offset), 0x6a);
        code.push(0x21, ...uleb(held));
        args.forEach((a, k) => {
          if (expr(a) !== params[k]) fail(sf, a, "a table call's argument of the wrong type");
        });
        code.push(0x20, ...uleb(held), 0x11, ...uleb(t.type), 0x00);
        return results[0];
      }
      fail(sf, e, "a call of an unknown function");
    }

    /** `e` as a double (`+e`). */
    function toF64(e) {
      const u = unparen(e);
      const lit = intLiteral(u);
      if (lit !== undefined) {
        // +4294967295 is that number, not the signed int its 32 bits make.
        code.push(0x44, ...f64Bytes(lit));
        return F64;
      }
      if (u.kind === K.CallExpression) {
        const t = call(u, F64);
        if (t === I32) fail(sf, e, "+ of an int call");
        return F64;
      }
      const unsigned = isUnsigned(u);
      const t = expr(u);
      if (t === F64) return F64;
      if (t === F32) {
        code.push(0xbb);
        return F64;
      }
      if (t === I32) {
        code.push(unsigned ? 0xb8 : 0xb7);
        return F64;
      }
      fail(sf, e, "+ of nothing");
    }

    function assign(e, want) {
      const target = unparen(e.left);
      if (target.kind === K.Identifier) {
        const name = target.text;
        if (localIndex.has(name)) {
          const k = localIndex.get(name);
          const t = expr(e.right, localTypes[k]);
          if (t !== localTypes[k]) fail(sf, e, "an assignment of the wrong type");
          code.push(want ? 0x22 : 0x21, ...uleb(k));
          return want ? t : undefined;
        }
        const g = globals.get(name);
        if (!g || !g.mutable) fail(sf, e, "an assignment to an unknown or constant global");
        const t = expr(e.right, g.type);
        if (t !== g.type) fail(sf, e, "an assignment of the wrong type");
        code.push(0x24, ...uleb(g.index));
        if (want) code.push(0x23, ...uleb(g.index));
        return want ? t : undefined;
      }
      if (target.kind === K.ElementAccessExpression) {
        const view = address(target);
        const t = expr(e.right);
        // The expression's value is the value assigned, before a float view rounds it.
        const tmp = want ? temp(t) : undefined;
        if (want) code.push(0x22, ...uleb(tmp));
        if (view.type === F32) {
          if (t === F64) code.push(0xb6);
          else if (t !== F32) fail(sf, e, "a store of an int into a float view");
        } else if (view.type === F64) {
          if (t === F32) code.push(0xbb);
          else if (t !== F64) fail(sf, e, "a store of an int into a double view");
        } else if (t !== I32) fail(sf, e, "a store of a double into an int view");
        code.push(view.store, view.shift, 0);
        if (!want) return undefined;
        code.push(0x20, ...uleb(tmp));
        return t;
      }
      fail(sf, e, "an assignment to something else");
    }

    const CMP = {
      [K.LessThanToken]: [0x48, 0x49, 0x63],
      [K.LessThanEqualsToken]: [0x4c, 0x4d, 0x65],
      [K.GreaterThanToken]: [0x4a, 0x4b, 0x64],
      [K.GreaterThanEqualsToken]: [0x4e, 0x4f, 0x66],
      [K.EqualsEqualsToken]: [0x46, 0x46, 0x61],
      [K.ExclamationEqualsToken]: [0x47, 0x47, 0x62],
      [K.EqualsEqualsEqualsToken]: [0x46, 0x46, 0x61],
      [K.ExclamationEqualsEqualsToken]: [0x47, 0x47, 0x62],
    };
    const INT_OPS = {
      [K.BarToken]: 0x72,
      [K.AmpersandToken]: 0x71,
      [K.CaretToken]: 0x73,
      [K.LessThanLessThanToken]: 0x74,
      [K.GreaterThanGreaterThanToken]: 0x75,
      [K.GreaterThanGreaterThanGreaterThanToken]: 0x76,
    };

    /**
     * Compiles `e`; `want` is the type its context coerces it to (I32 for `e|0`, F64 for `+e`),
     * which only a call of an imported function needs; `drop`: the value is not used.
     */
    function expr(e, want) {
      e = unparen(e);
      switch (e.kind) {
        case K.NumericLiteral: {
          if (isDoubleLiteral(e)) {
            code.push(0x44, ...f64Bytes(Number(e.text)));
            return F64;
          }
          code.push(0x41, ...sleb(intValue(e)));
          return I32;
        }
        case K.Identifier: {
          const name = e.text;
          if (localIndex.has(name)) {
            code.push(0x20, ...uleb(localIndex.get(name)));
            return localTypes[localIndex.get(name)];
          }
          const g = globals.get(name);
          if (!g) fail(sf, e, "an unknown name");
          code.push(0x23, ...uleb(g.index));
          return g.type;
        }
        case K.ElementAccessExpression: {
          const view = address(e);
          code.push(view.load, view.shift, 0);
          return view.type;
        }
        case K.CallExpression:
          return call(e, want);
        case K.PrefixUnaryExpression: {
          const op = e.operator;
          if (op === K.PlusToken) return toF64(e.operand);
          if (op === K.MinusToken) {
            const lit = unparen(e.operand);
            if (lit.kind === K.NumericLiteral) {
              if (isDoubleLiteral(lit)) code.push(0x44, ...f64Bytes(-Number(lit.text)));
              else code.push(0x41, ...sleb(intValue(lit, -1)));
              return isDoubleLiteral(lit) ? F64 : I32;
            }
            const at0 = code.length;
            const t = expr(e.operand, F64);
            if (t === F64) {
              code.push(0x9a);
              return F64;
            }
            if (t !== I32) fail(sf, e, "- of nothing");
            code.splice(at0, 0, 0x41, 0);
            code.push(0x6b);
            return I32;
          }
          if (op === K.TildeToken) {
            const inner = unparen(e.operand);
            if (inner.kind === K.PrefixUnaryExpression && inner.operator === K.TildeToken) {
              // ~~e: ToInt32 of a double (or an int unchanged)
              const t = expr(inner.operand, F64);
              if (t === F64) code.push(FIX, needHelper("toInt32"));
              else if (t === F32) code.push(0xbb, FIX, needHelper("toInt32"));
              else if (t !== I32) fail(sf, e, "~~ of nothing");
              return I32;
            }
            const t = expr(e.operand, I32);
            if (t === F64) code.push(FIX, needHelper("toInt32"));
            else if (t !== I32) fail(sf, e, "~ of a non-int");
            code.push(0x41, 0x7f, 0x73);
            return I32;
          }
          if (op === K.ExclamationToken) {
            const t = expr(e.operand, I32);
            if (t !== I32) fail(sf, e, "! of a non-int");
            code.push(0x45);
            return I32;
          }
          fail(sf, e, "an unknown unary operator");
          break;
        }
        case K.BinaryExpression: {
          const op = e.operatorToken.kind;
          if (op === K.EqualsToken) return assign(e, true);
          if (op === K.CommaToken) {
            const t = expr(e.left);
            if (t !== undefined) code.push(0x1a);
            return expr(e.right, want);
          }
          if (INT_OPS[op] !== undefined) {
            const r = intLiteral(e.right);
            // e|0 and e>>>0 of a call: the call's coercion.
            const coerce = (op === K.BarToken || op === K.GreaterThanGreaterThanGreaterThanToken) && r === 0;
            const lt = expr(e.left, I32);
            if (coerce) {
              if (lt === F64) code.push(FIX, needHelper("toInt32"));
              else if (lt !== I32) fail(sf, e, "a coercion of nothing");
              return I32;
            }
            if (lt !== I32) fail(sf, e.left, "a bitwise operand that is not an int");
            if (expr(e.right, I32) !== I32) fail(sf, e.right, "a bitwise operand that is not an int");
            code.push(INT_OPS[op]);
            return I32;
          }
          if (CMP[op] !== undefined) {
            const unsigned = isUnsigned(e.left) || isUnsigned(e.right);
            const lt = expr(e.left);
            const rt = expr(e.right);
            if (lt !== rt) fail(sf, e, "a comparison of two types");
            code.push(CMP[op][lt === I32 ? (unsigned ? 1 : 0) : 2]);
            if (lt === F32) fail(sf, e, "a comparison of floats");
            return I32;
          }
          if (op === K.PlusToken || op === K.MinusToken || op === K.AsteriskToken || op === K.SlashToken || op === K.PercentToken) {
            const unsigned = isUnsigned(e.left) || isUnsigned(e.right);
            let lt = expr(e.left);
            if (lt === F32) {
              code.push(0xbb);
              lt = F64;
            }
            let rt = expr(e.right);
            if (rt === F32) {
              code.push(0xbb);
              rt = F64;
            }
            if (lt !== rt) fail(sf, e, "an arithmetic of two types");
            if (lt === F64) {
              if (op === K.PercentToken) code.push(0x10, ...uleb(needHelper("fmod")));
              else code.push({ [K.PlusToken]: 0xa0, [K.MinusToken]: 0xa1, [K.AsteriskToken]: 0xa2, [K.SlashToken]: 0xa3 }[op]);
              return F64;
            }
            if (op === K.PlusToken) code.push(0x6a);
            else if (op === K.MinusToken) code.push(0x6b);
            else if (op === K.AsteriskToken) code.push(0x6c);
            else code.push(FIX, needHelper(`${op === K.SlashToken ? "div" : "rem"}${unsigned ? "U" : "S"}`));
            return I32;
          }
          fail(sf, e, "an unknown binary operator");
          break;
        }
        case K.ConditionalExpression: {
          condition(e.condition);
          const at0 = code.length;
          open(0x04);
          const t = expr(e.whenTrue, want);
          code.push(0x05);
          const f2 = expr(e.whenFalse, want);
          close();
          if (t !== f2 && !(t === undefined || f2 === undefined)) fail(sf, e, "a conditional of two types");
          code[at0 + 1] = t ?? 0x40;
          return t;
        }
        default:
          fail(sf, e, `an unsupported expression (${K[e.kind]})`);
      }
    }

    const isLoop = (st) => st.kind === K.WhileStatement || st.kind === K.DoStatement;

    function stmt(st, labels = []) {
      switch (st.kind) {
        case K.Block:
          for (const x of st.statements) stmt(x);
          return;
        case K.EmptyStatement:
          return;
        case K.ExpressionStatement: {
          const e = unparen(st.expression);
          if (e.kind === K.BinaryExpression && e.operatorToken.kind === K.EqualsToken) {
            assign(e, false);
            return;
          }
          const t = e.kind === K.CallExpression ? call(e, undefined) : expr(e);
          if (t !== undefined) code.push(0x1a);
          return;
        }
        case K.ReturnStatement: {
          if (st.expression) {
            const t = expr(st.expression, f.result);
            if (t !== f.result) fail(sf, st, "a return of the wrong type");
          }
          code.push(0x0f);
          return;
        }
        case K.IfStatement: {
          condition(st.expression);
          open(0x04);
          stmt(st.thenStatement);
          if (st.elseStatement) {
            code.push(0x05);
            stmt(st.elseStatement);
          }
          close();
          return;
        }
        case K.LabeledStatement: {
          const inner = st.statement;
          if (isLoop(inner) || inner.kind === K.LabeledStatement) {
            stmt(inner, [...labels, st.label.text]);
            return;
          }
          open(0x02, { brk: [...labels, st.label.text] });
          stmt(inner);
          close();
          return;
        }
        case K.WhileStatement: {
          // block (break) { loop (continue) { if !cond break; body; continue } }
          open(0x02, { brk: labels, loop: true });
          open(0x03, { cont: labels, loop: true });
          if (intLiteral(st.expression) === undefined || intLiteral(st.expression) === 0) {
            condition(st.expression);
            code.push(0x45, 0x0d, 1);
          }
          stmt(st.statement);
          code.push(0x0c, 0);
          close();
          close();
          return;
        }
        case K.DoStatement: {
          // block (break) { loop { block (continue) { body } if cond repeat } }; no loop for while (0)
          const once = intLiteral(st.expression) === 0;
          open(0x02, { brk: labels, loop: true });
          if (!once) open(0x03);
          open(0x02, { cont: labels, loop: true });
          stmt(st.statement);
          close();
          if (!once) {
            condition(st.expression);
            code.push(0x0d, 0);
            close();
          }
          close();
          return;
        }
        case K.BreakStatement: {
          const name = st.label?.text;
          code.push(0x0c, ...uleb(depthOf((c) => c.brk && (name ? c.brk.includes(name) : c.loop), st)));
          return;
        }
        case K.ContinueStatement: {
          const name = st.label?.text;
          code.push(0x0c, ...uleb(depthOf((c) => c.cont && (name ? c.cont.includes(name) : c.loop), st)));
          return;
        }
        default:
          fail(sf, st, `an unsupported statement (${K[st.kind]})`);
      }
    }

    for (; s < stmts.length; s++) stmt(stmts[s]);
    // Falling off the end returns undefined, which a caller's `|0` makes 0 and its `+` NaN.
    if (f.result === I32) code.push(0x41, 0);
    else if (f.result === F64) code.push(0x44, ...f64Bytes(NaN));
    code.push(0x0b);
    return { code, localTypes: localTypes.slice(f.params.length) };
  }

  const compiled = [...funcs.values()].map((f) => ({ f, ...compileFunction(f) }));

  // Now the number of imported functions is known: resolve the calls.
  const nImports = imports.length;
  const resolve = (code) => {
    const out = [];
    for (let k = 0; k < code.length; k++) {
      if (code[k] === FIX) {
        // FIX, then the index among the defined functions: a call, now of its final index.
        out.push(0x10, ...uleb(code[++k] + nImports));
      } else out.push(code[k]);
    }
    return out;
  };
  const localsOf = (list) => {
    const groups = [];
    for (const t of list) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    return vec(groups.map(([n, t]) => [...uleb(n), t]));
  };

  // Sections.
  const importEntries = [
    ...imports.map((im) => [...str(im.module), ...str(im.field), 0x00, ...uleb(im.type)]),
    [...str("env"), ...str("memory"), 0x02, 0x00, ...uleb(1)],
    ...importGlobals.map((g) => [...str("env"), ...str(g.field), 0x03, g.type, 0x00]),
  ];
  const importSec = vec(importEntries);
  const funcSec = vec([...compiled.map(({ f }) => uleb(typeOf(f.ptypes, f.result))), ...helpers.map((h) => uleb(h.type))]);
  // Last: the function section may have added types.
  const typeSec = vec(types.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]));
  const tableSec = tableSize ? vec([[0x70, 0x00, ...uleb(tableSize)]]) : [];
  const globalSec = vec(globalDefs.map((g) => [g.type, g.mutable ? 1 : 0, ...g.init, 0x0b]));
  const exportEntries = exportsNode.properties.map((p) => {
    const name = p.name.text;
    const target = p.initializer.text;
    const g = funcs.get(target);
    if (!g) fail(sf, p, "an export of an unknown function");
    return [...str(name), 0x00, ...uleb(g.index + nImports)];
  });
  const exportSec = vec(exportEntries);
  const elemEntries = [];
  for (const t of tables.values()) elemEntries.push([0x00, 0x41, ...sleb(t.offset), 0x0b, ...vec(t.names.map((n) => uleb(funcs.get(n).index + nImports)))]);
  const elemSec = elemEntries.length ? vec(elemEntries) : [];
  const bodies = [
    ...compiled.map((c) => [...localsOf(c.localTypes), ...resolve(c.code)]),
    ...helpers.map((h) => [...localsOf(h.locals.flatMap(([n, t]) => Array(n).fill(t))), ...h.code]),
  ];
  const codeSec = vec(bodies.map((b) => [...uleb(b.length), ...b]));

  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, typeSec),
    ...section(2, importSec),
    ...section(3, funcSec),
    ...section(4, tableSec),
    ...section(6, globalSec),
    ...section(7, exportSec),
    ...section(9, elemSec),
    ...section(10, codeSec),
  ]);
  const math = [...new Set(imports.filter((im) => im.module === "math").map((im) => im.field))];
  return { bytes, globals: importGlobals.map((g) => [g.field, g.type === I32 ? "i32" : "f64"]), math };
}
