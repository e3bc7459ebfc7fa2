// A DIMACS file the bench drivers read: what it gives, or its problem said as the CLI says bad
// input (file:line:col, what was expected) and exit 2, never a stack trace.
import { formatDiagnostic, InputError } from "../dist/core/common/diagnostics.js";

export function dimacsOr2(read) {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.exit(2);
  }
}
