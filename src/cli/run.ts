/** Process entry: wires stdout/stderr and exit codes; an internal error says so plainly. */
import { main } from "./main.js";

const colourOk = (stream: NodeJS.WriteStream) => Boolean(stream.isTTY) && !("NO_COLOR" in process.env) && process.env["TERM"] !== "dumb";

export async function run(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await main(argv, {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      colourOut: colourOk(process.stdout),
      colourErr: colourOk(process.stderr),
    });
  } catch (e) {
    process.stderr.write(`mlx-solve: internal error: ${(e as Error).message}\n`);
    if (process.env["MLX_DEBUG"]) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write("This is a bug in mlx-solve; run with MLX_DEBUG=1 for details.\n");
    code = 3;
  }
  process.exitCode = code;
}
