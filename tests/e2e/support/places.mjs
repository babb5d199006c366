/**
 * Where the end-to-end run finds the app, the command line, the public sample ledgers and the
 * WebDriver server, and where it leaves screenshots and per-test folders. `run.sh` resolves
 * and exports every variable; the defaults here only repeat its choices.
 */

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** tests/e2e */
export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The repository root. */
export const REPOSITORY = resolve(E2E_DIR, "../..");
/** The public test data, read at run time next to the repository and never copied into it. */
export const SHARED_DATA = resolve(REPOSITORY, "../shared/data");
/** The IBM late-payment sample ledger: 2,466 invoices of 100 customers in 2012-2013. */
export const IBM_LEDGER = join(SHARED_DATA, "ledgers/ibm-late-payment.csv");

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the end-to-end tests with tests/e2e/run.sh.`);
  }
  if (!existsSync(value)) {
    throw new Error(`${name} names ${value}, which does not exist.`);
  }
  return value;
}

/** The desktop app's binary (absolute path). */
export const APP = () => required("CREDITDESK_APP");
/** The `creditdesk` command line, whose figures the app's screens must match. */
export const CLI = () => required("CREDITDESK_CLI");
/** tauri-driver's port on 127.0.0.1. */
export const WEBDRIVER_PORT = Number(process.env.CREDITDESK_WEBDRIVER_PORT ?? "4444");
/** Screenshots of the main screens, in English and Chinese. */
export const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? join(E2E_DIR, "screenshots");
/** One folder per app start (home, data, config, dialog answers, the app's log). */
export const RUN_DIR = () => required("CREDITDESK_E2E_RUN_DIR");
