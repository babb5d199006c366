/**
 * The `creditdesk` command line, run on the same book file the app has open: its figures are
 * the reference the screens are checked against.
 */

import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { CLI, IBM_LEDGER } from "./places.mjs";

const run = promisify(execFile);

/** Runs `creditdesk --book BOOK ARGS...` and returns its standard output. */
export async function creditdesk(book, ...args) {
  try {
    const { stdout } = await run(CLI(), ["--book", book, ...args], { maxBuffer: 64 << 20 });
    return stdout;
  } catch (err) {
    throw new Error(
      `creditdesk --book ${book} ${args.join(" ")} failed (exit ${err.code}): ${err.stderr}`,
    );
  }
}

/** Creates an empty book. */
export async function newBook(book, { name, currency }) {
  const { stdout } = await run(CLI(), [
    "book",
    "new",
    book,
    "--name",
    name,
    "--currency",
    currency,
  ]);
  return stdout;
}

/** Creates the demo book (60 customers, 2,500 invoices, credit files) ending on `end`. */
export async function demoBook(book, end) {
  await run(CLI(), ["book", "demo", book, "--end", end]);
}

/** Writes a generated ledger in the generic layout (customers, invoices, payments). */
export async function generatedLedger(file, invoices) {
  await run(CLI(), ["demo-csv", "--invoices", String(invoices), "--end", "2026-11-30", file]);
}

/** A book with the IBM sample ledger imported, made by the command line (for the screens). */
export async function ibmBook(book) {
  await newBook(book, { name: "IBM sample ledger", currency: "USD" });
  await creditdesk(book, "import", "--profile", "ibm-late-payment", IBM_LEDGER);
}

/**
 * The aging at `asOf` as the command line gives it: per currency, the bucket amounts in order
 * and the total, all decimal strings.
 */
export async function aging(book, asOf) {
  const report = JSON.parse(await creditdesk(book, "aging", "--as-of", asOf, "--format", "json"));
  return Object.fromEntries(
    report.currencies.map((c) => [
      c.currency,
      {
        labels: c.buckets.map((b) => b.label),
        buckets: c.buckets.map((b) => b.amount),
        total: c.total,
      },
    ]),
  );
}

/** The largest page the command line lists. */
const PAGE = 10_000;

/** The invoices of the book, as the command line lists them at `asOf`. */
export async function invoices(book, asOf, ...filters) {
  const all = [];
  for (let offset = 0; ; offset += PAGE) {
    const args = ["invoices", "--as-of", asOf, "--format", "json", "--limit", String(PAGE)];
    const page = JSON.parse(
      await creditdesk(book, ...args, "--offset", String(offset), ...filters),
    );
    all.push(...page);
    if (page.length < PAGE) {
      return all;
    }
  }
}

/** How many invoices the book holds. */
export async function invoiceCount(book) {
  return (await invoices(book, "2100-01-01")).length;
}

/** The customers with their balances at `asOf`. */
export async function customers(book, asOf) {
  return JSON.parse(await creditdesk(book, "customers", "--as-of", asOf, "--format", "json"));
}

/** Index of the bucket whose label ("Current", "1-30", "90+") holds `days` overdue. */
export function bucketIndex(labels, days) {
  const index = labels.findIndex((label) => {
    if (label === "Current") {
      return days <= 0;
    }
    const plus = /^(\d+)\+$/.exec(label);
    if (plus) {
      return days >= Number(plus[1]);
    }
    const range = /^(\d+)-(\d+)$/.exec(label);
    return range !== null && days >= Number(range[1]) && days <= Number(range[2]);
  });
  if (index < 0) {
    throw new Error(`no aging bucket among ${labels.join(", ")} holds ${days} days`);
  }
  return index;
}

/** The bad rows a dry-run import reports: `{ line, column, message }` in file order. */
export async function dryRunProblems(book, profile, file) {
  const args = ["--book", book, "import", "--profile", profile, "--dry-run", file];
  const stderr = await run(CLI(), args).then(
    () => "",
    (err) => err.stderr,
  );
  return [...stderr.matchAll(/^bad row: line (\d+), column ([^:]+): (.*)$/gm)].map((m) => ({
    line: m[1],
    column: m[2],
    message: m[3],
  }));
}
