/**
 * Writing files: `repair --write` keeps the file's mode, owner, line endings, byte-order mark
 * and flow style; writes through a symbolic link to its target; refuses a read-only file unless
 * --force; and a stdout that cannot take the answer (a closed pipe, a full disk) never gives a
 * stack trace.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, cli, ROOT, tmpDir, writeTree } from "./support/helpers.js";

/** A stack file that breaks a rule (two full-stack ML platforms): repair removes one. */
const BROKEN = "# my team's stack\nuse_cases: [rag-applications]\nplugins:\n  - databricks-plugin   # the platform\n  - outerbounds-plugin\n  - pinecone-plugin\n  - { id: openai-plugin, facet: gpt }\n";

function stackFile(text = BROKEN, mode = 0o644): string {
  const f = join(tmpDir(), "stack.yaml");
  writeFileSync(f, text, { mode });
  chmodSync(f, mode);
  return f;
}

describe("repair --write", () => {
  it("--force without --write is a usage error, as --distinct without --top is", async () => {
    const r = await cli("repair", join(ROOT, "examples", "my-stack.yaml"), "--force");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--force lets --write replace a read-only file; expected --write with it");
  });
  it("keeps a private file private (mode 0600), and its comments", async () => {
    const f = stackFile(BROKEN, 0o600);
    const r = await cli("repair", f, "--write");
    expect(r.code).toBe(0);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    const text = readFileSync(f, "utf8");
    expect(text).toContain("# my team's stack");
    expect(text).not.toContain("databricks-plugin");
  });

  it("writes through a symbolic link to its target; the link stays a link", async () => {
    const target = stackFile();
    const link = join(tmpDir(), "linked-stack.yaml");
    symlinkSync(target, link);
    const r = await cli("repair", link, "--write");
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, "utf8")).not.toContain("databricks-plugin");
  });

  it("refuses a read-only file (0444, even as root) unless --force, which keeps its mode", async () => {
    const f = stackFile(BROKEN, 0o444);
    const r = await cli("repair", f, "--write");
    expect(r.code).toBe(2);
    expect(r.err).toContain("is read-only (no write permission for anyone); pass --force to write it anyway");
    expect(readFileSync(f, "utf8")).toBe(BROKEN);
    // --output has no --force: its advice is what it can do.
    const out = await cli("recommend", "--use-case", "rag", "--output", f);
    expect(out.code).toBe(2);
    expect(out.err).toContain("is read-only (no write permission for anyone); make it writable, or name another file");
    expect(out.err).not.toContain("--force");
    const forced = await cli("repair", f, "--write", "--force");
    expect(forced.code).toBe(0);
    expect(statSync(f).mode & 0o777).toBe(0o444);
    expect(readFileSync(f, "utf8")).not.toContain("databricks-plugin");
  });

  it("keeps CRLF line endings, a byte-order mark and tight flow lists ([rag]) of untouched lines", async () => {
    const original = "\uFEFF# crlf\r\nuse_cases: [rag-applications]\r\nplugins: [databricks-plugin, outerbounds-plugin, pinecone-plugin, {id: openai-plugin, facet: gpt}]\r\n";
    const f = stackFile(original);
    const r = await cli("repair", f, "--write");
    expect(r.code).toBe(0);
    const text = readFileSync(f, "utf8");
    expect(text.startsWith("\uFEFF# crlf\r\n")).toBe(true);
    expect(text).toContain("use_cases: [rag-applications]\r\n");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    // pinecone-plugin, a bare id, stays one (it was written {id: pinecone-plugin, facet: rag-applications}).
    expect(text).toContain("plugins: [outerbounds-plugin, pinecone-plugin, {id: openai-plugin, facet: gpt}]\r\n");
  });

  it("reads merge keys (<<): an entry whose keys are merged in is kept, and one whose anchor is removed leaves its aliases a copy", async () => {
    const f = stackFile("use_cases: [rag-applications]\nplugins:\n  - &llm { id: openai-plugin, facet: gpt }\n  - { <<: *llm, id: anthropic-plugin, facet: claude }\n  - &v { id: weaviate-plugin }\n  - { <<: *v, id: pinecone-plugin }\n");
    const r = await cli("repair", f, "--write");
    expect(r.code).toBe(0);
    expect(r.out).toContain("- weaviate-plugin");
    const text = readFileSync(f, "utf8");
    expect(text).toContain("- &llm { id: openai-plugin, facet: gpt }\n  - { <<: *llm, id: anthropic-plugin, facet: claude }\n");
    expect(text).toContain("- { <<: { id: weaviate-plugin }, id: pinecone-plugin }");
    expect(text).not.toContain("&v");
    expect((await cli("check", f)).code).toBe(0);
  });
  it("a facet carried by a merge key: changed on the anchored entry or on the merging one, each entry ends with the repair's facet", async () => {
    for (const [first, second] of [["chroma-plugin", "pinecone-plugin"], ["pinecone-plugin", "chroma-plugin"]]) {
      const f = stackFile(`use_cases: [rag-applications, llm-powered-applications]\nplugins:\n  - &v { id: ${first}, facet: rag-applications }\n  - { <<: *v, id: ${second} }\n  - { id: openai-plugin, facet: gpt }\n`);
      const before = await cli("check", f);
      expect(before.code).toBe(1);
      const r = await cli("repair", f, "--write", "--format", "json");
      expect(r.code).toBe(0);
      const stack = (JSON.parse(r.out) as { stack: { plugins: { id: string; facet?: string }[] } }).stack.plugins;
      const after = JSON.parse((await cli("check", f, "--format", "json")).out) as { ok: boolean; stack: { plugins: { id: string; facet?: string }[] } };
      expect(after.ok).toBe(true);
      expect(after.stack.plugins).toEqual(stack);
      expect(readFileSync(f, "utf8")).toContain("<<: *v");
    }
  });
  it("a file that needs no change is not touched", async () => {
    const valid = "plugins: [outerbounds-plugin, pinecone-plugin]\n";
    const f = stackFile(valid, 0o640);
    const before = statSync(f).mtimeMs;
    const r = await cli("repair", f, "--write");
    expect(r.code).toBe(0);
    expect(readFileSync(f, "utf8")).toBe(valid);
    expect(statSync(f).mtimeMs).toBe(before);
  });
});

describe("a stdout that cannot take the answer", () => {
  it("a closed pipe (| head) ends quietly; a full disk (> /dev/full) is one line, exit 2", () => {
    const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" list plugins --format json | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS:-0}"`], { encoding: "utf8", cwd: ROOT });
    expect(piped.stderr).not.toMatch(/EPIPE|\n\s+at /);
    const full = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" list plugins > /dev/full`], { encoding: "utf8", cwd: ROOT });
    expect(full.status).toBe(2);
    expect(full.stderr.trim()).toBe("mlx-solve: cannot write the output: no space left on the device");
  });
  it("a stderr that cannot take the words (2>/dev/full, 2>&1 | head) leaves the exit code as the answer has it", () => {
    const sh = (cmd: string) => spawnSync("bash", ["-c", `set -o pipefail; ${cmd}`], { encoding: "utf8", cwd: ROOT });
    const bin = `"${process.execPath}" "${BIN}"`;
    // Bad input is exit 2, not 1 ("invalid stack"), whether or not the error could be written.
    expect(sh(`${bin} recommend --use-case rga 2>/dev/full`).status).toBe(2);
    // A valid answer is exit 0 though a note on stderr could not be written.
    expect(sh(`${bin} recommend --use-case rag --timeout 30 >/dev/null 2>/dev/full`).status).toBe(0);
    // Many errors into a reader that stops after one line: still exit 2.
    const dir = writeTree({ "bad.yaml": `plugins: [${Array.from({ length: 4000 }, (_, i) => `nope-${i}`).join(", ")}]\n` });
    const piped = sh(`${bin} check "${join(dir, "bad.yaml")}" 2>&1 | head -1`);
    expect(piped.stdout).toMatch(/bad\.yaml:1:\d+: error: unknown plugin/);
    expect(piped.status).toBe(2);
  });
  // A pipe another process made non-blocking (the file description is shared) refuses a write
  // once it is full (EAGAIN); the answer must still arrive whole, however slow the reader.
  it.skipIf(spawnSync("python3", ["-c", "0"]).status !== 0)("a non-blocking pipe that fills up still gets the whole answer", () => {
    const args = ["list", "plugins", "--format", "json"];
    const whole = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT }).stdout;
    expect(whole.length).toBeGreaterThan(80_000); // more than a pipe holds (64 KB)
    const py = [
      "import fcntl, os, subprocess, sys, time",
      "r, w = os.pipe()",
      "fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)",
      "p = subprocess.Popen(sys.argv[1:], stdout=w)",
      "os.close(w)",
      "time.sleep(0.5)",
      "chunks = []",
      "while True:",
      "    b = os.read(r, 4096)",
      "    if not b: break",
      "    chunks.append(b)",
      "    time.sleep(0.0005)",
      "sys.stdout.buffer.write(b''.join(chunks))",
      "sys.exit(p.wait())",
    ].join("\n");
    const r = spawnSync("python3", ["-c", py, process.execPath, BIN, ...args], { encoding: "utf8", cwd: ROOT, maxBuffer: 64 << 20 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(whole);
  });
});

describe("--output naming a stream or a device", () => {
  it("an empty --output is a usage error that says what it expects", async () => {
    const r = await cli("recommend", "--use-case", "rag", "--output", "");
    expect(r.code).toBe(2);
    expect(r.err).toContain('--output expects a file name, not "" (- for standard output)');
  });
  it("/dev/stdout and - are standard output: a redirected log keeps what came before; /dev/null and a FIFO are written through", () => {
    const dir = tmpDir();
    const stack = join(dir, "s.yaml");
    writeFileSync(stack, "plugins: [snowflake-plugin]\n");
    // /dev/stdout resolved to the log file, which the atomic write replaced ("before" was lost).
    const log = join(dir, "log.txt");
    spawnSync("sh", ["-c", `(echo before; "${process.execPath}" "${BIN}" check s.yaml --output /dev/stdout --format github; echo after) > log.txt 2>&1`], { cwd: dir });
    expect(readFileSync(log, "utf8")).toBe("before\nmlx-solve check: valid stack (0 errors, 0 warnings)\nafter\n");
    // To a pipe it failed: "its directory does not exist".
    const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" check s.yaml --output /dev/stdout --format json | cat`], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(piped.stdout).command).toBe("check");
    const dash = spawnSync(process.execPath, [BIN, "check", "s.yaml", "--output", "-"], { cwd: dir, encoding: "utf8" });
    expect(dash.stdout).toContain("valid stack");
    expect(existsSync(join(dir, "-"))).toBe(false);
    expect(spawnSync(process.execPath, [BIN, "check", "s.yaml", "--output", "/dev/null"], { cwd: dir }).status).toBe(0);
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = spawnSync("sh", ["-c", `cat fifo > got.txt & "${process.execPath}" "${BIN}" check s.yaml --output fifo --format json; wait`], { cwd: dir });
    expect(reader.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "got.txt"), "utf8")).command).toBe("check");
  });
});
