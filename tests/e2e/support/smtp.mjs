/**
 * A real SMTP server on 127.0.0.1 for the tests that send mail: aiosmtpd, run by the Python of
 * the virtual environment the repository's scripts create (CREDITDESK_SMTP_PYTHON, as the Rust
 * mail tests use it). It keeps what it receives as JSON files for the test to read.
 */

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "smtp-server.py");

function python() {
  const python =
    process.env.CREDITDESK_SMTP_PYTHON ?? join(homedir(), ".cache/creditdesk/venv/bin/python");
  if (!existsSync(python)) {
    throw new Error(
      `The mail test needs a Python with aiosmtpd, and ${python} does not exist: run ` +
        "scripts/test.sh once, or set CREDITDESK_SMTP_PYTHON to a Python that has aiosmtpd.",
    );
  }
  return python;
}

/** Starts the server, keeping messages in `dir`; resolves once it listens. */
export async function startSmtpServer(dir) {
  await mkdir(dir, { recursive: true });
  const child = spawn(python(), [SCRIPT, dir], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const ready = /READY (\d+)/.exec(text);
      if (ready) {
        resolve(Number(ready[1]));
      }
    });
    child.on("exit", (code) => reject(new Error(`the SMTP server stopped (exit ${code})`)));
  });
  return {
    port,
    /** The messages received so far, in the order they came. */
    async received() {
      const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
      files.sort((a, b) => Number.parseInt(a) - Number.parseInt(b));
      return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), "utf8"))));
    },
    /** Stops the server: its standard input closes and it ends. */
    stop() {
      child.stdin.end();
    },
  };
}
