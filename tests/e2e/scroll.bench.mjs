// A benchmark, not a test: the invoice list of a book with a million invoices, scrolled from
// the first row to the last in the real web view, with the time each scroll position takes to
// show its rows and the memory of the app and its web view processes before and after.
//
// Run it with the release build (tests/e2e/bench.sh does all of this):
//   CREDITDESK_APP=target/release/creditdesk-desktop \
//     xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" tests/e2e/run.sh scroll.bench.mjs
// CREDITDESK_BENCH_BOOK names the book (default: a generated book of CREDITDESK_BENCH_INVOICES
// invoices, default 1,000,000, made once with the command line and kept in the cache folder).
// It prints its figures and asserts only that every position showed its rows.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import assert from "node:assert/strict";

import { startApp } from "./support/app.mjs";
import { APP, CLI } from "./support/places.mjs";

const run = promisify(execFile);

const INVOICES = Number(process.env.CREDITDESK_BENCH_INVOICES ?? "1000000");
/** Positions visited on the way down: each one a jump, as dragging the scroll bar makes
 * (CREDITDESK_BENCH_JUMPS). */
const JUMPS = Number(process.env.CREDITDESK_BENCH_JUMPS ?? "120");
/** Consecutive screens scrolled one after the other, as the wheel or Page Down makes. */
const SCREENS = 60;
/** How long one position may take to show its rows before the benchmark gives up. */
const POSITION_TIMEOUT_MS = 30_000;

/** The book to open: named, or generated once and kept. */
async function benchBook() {
  if (process.env.CREDITDESK_BENCH_BOOK) {
    return process.env.CREDITDESK_BENCH_BOOK;
  }
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  const book = join(cache, "creditdesk", "bench", `demo-${INVOICES}.creditdesk`);
  if (!existsSync(book)) {
    await mkdir(dirname(book), { recursive: true });
    const started = Date.now();
    await run(
      CLI(),
      [
        "book", "demo", book,
        "--invoices", String(INVOICES),
        "--customers", String(Math.max(60, Math.round(INVOICES / 40))),
      ],
      { maxBuffer: 1 << 24 },
    );
    console.log(`generated ${book} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return book;
}

/** Resident and proportional memory (MiB) of a process, from /proc. */
function memoryOf(pid) {
  const read = (file) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, "utf8");
    } catch {
      return "";
    }
  };
  const field = (text, name) => {
    const match = text.match(new RegExp(`^${name}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) / 1024 : 0;
  };
  const status = read("status");
  return {
    name: (status.match(/^Name:\s+(.*)$/m) ?? [])[1] ?? "?",
    rss: field(status, "VmRSS"),
    peak: field(status, "VmHWM"),
    pss: field(read("smaps_rollup"), "Pss"),
  };
}

/** The app's process (the binary under test) and the web view processes it started. */
function appProcesses() {
  const app = APP();
  const pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  const parentOf = new Map();
  let root = null;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parentOf.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (root === null && readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] === app) {
        root = pid;
      }
    } catch {
      // The process ended while it was being read.
    }
  }
  if (root === null) {
    throw new Error(`no process runs ${app}`);
  }
  const descendants = pids.filter((pid) => {
    for (let p = parentOf.get(pid); p && p !== "0"; p = parentOf.get(p)) {
      if (p === root) {
        return true;
      }
    }
    return false;
  });
  return { app: memoryOf(root), webView: descendants.map(memoryOf) };
}

/** Memory is read once the app has been idle this long (its book thread then frees memory). */
const SETTLE_MS = 2_000;

async function describeMemory(label) {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const { app, webView } = appProcesses();
  const mib = (n) => `${n.toFixed(0)} MiB`;
  const children = webView
    .map((p) => `${p.name} ${mib(p.rss)} (PSS ${mib(p.pss)}, peak ${mib(p.peak)})`)
    .join("; ");
  console.log(
    `${label}: app ${mib(app.rss)} resident (PSS ${mib(app.pss)}, peak ${mib(app.peak)}); ` +
      `web view: ${children || "none"}`,
  );
}

function describeTimes(label, times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(
    `${label}: ${times.length} positions; rows shown after median ${at(0.5).toFixed(0)} ms, ` +
      `95th percentile ${at(0.95).toFixed(0)} ms, slowest ${sorted.at(-1).toFixed(0)} ms`,
  );
}

describe(`the invoice list of ${INVOICES.toLocaleString("en")} invoices`, () => {
  let app;
  before(async () => {
    const book = await benchBook();
    app = await startApp("scroll-bench");
    await app.goTo("books");
    await app.answerNextDialog(book);
    await app.click("book-open");
    await app.waitFor("heading-dashboard", 120_000);
    console.log(`opened ${book}`);
  });
  after(async () => app?.close());

  it("shows the rows of every position from the first row to the last", async () => {
    await describeMemory("book open, dashboard shown");
    await app.goTo("invoices");
    await app.until(
      async () => (await app.all("invoice-row-")).length > 0,
      () => "the first invoices did not show",
      120_000,
    );
    const body = await app.waitFor("invoice-list-body");
    await describeMemory("invoice list shown");

    // Sets the list's scroll position and resolves, inside the page, once every row on screen
    // has its invoice (no row still waiting for its page), with the milliseconds that took.
    const visit = (top) =>
      app.browser.executeAsync(
        (element, top, timeout, done) => {
          const started = performance.now();
          element.scrollTop = top;
          element.dispatchEvent(new Event("scroll"));
          const check = () => {
            const box = element.getBoundingClientRect();
            const rows = [...element.querySelectorAll('[role="row"]')].filter((row) => {
              const r = row.getBoundingClientRect();
              return r.bottom > box.top && r.top < box.bottom;
            });
            const waiting = rows.filter((row) => !row.hasAttribute("data-testid"));
            if (rows.length > 0 && waiting.length === 0) {
              done({ ms: performance.now() - started, last: rows.at(-1).dataset.rowIndex });
            } else if (performance.now() - started > timeout) {
              done({ ms: -1, last: null });
            } else {
              requestAnimationFrame(check);
            }
          };
          requestAnimationFrame(check);
        },
        body,
        top,
        POSITION_TIMEOUT_MS,
      );

    const height = await app.browser.execute((e) => e.scrollHeight - e.clientHeight, body);
    const screen = await app.browser.execute((e) => e.clientHeight, body);

    const jumps = [];
    let last = null;
    for (let i = 0; i <= JUMPS; i++) {
      const answer = await visit(Math.round((height * i) / JUMPS));
      assert.ok(answer.ms >= 0, `position ${i} of ${JUMPS} showed no rows within the timeout`);
      jumps.push(answer.ms);
      last = answer.last;
    }
    assert.equal(Number(last), INVOICES - 1, "the last position shows the last invoice");
    describeTimes("jumps from top to bottom", jumps);

    const screens = [];
    const middle = Math.round(height / 2);
    for (let i = 0; i < SCREENS; i++) {
      const answer = await visit(middle + i * screen);
      assert.ok(answer.ms >= 0, `screen ${i} showed no rows within the timeout`);
      screens.push(answer.ms);
    }
    describeTimes("screen after screen from the middle", screens);
    await describeMemory("after scrolling end to end");
  });
});
