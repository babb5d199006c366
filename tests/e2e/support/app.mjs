/**
 * One start of the desktop app under tauri-driver, with app data of its own: a fresh home,
 * data, config and cache folder, and a file of dialog answers, so that nothing leaks between
 * tests or from the machine's own CreditDesk (its recent books, its demo book, its language).
 *
 * tauri-driver starts the binary it is given with the environment it was started with, so each
 * start goes through a small launcher script that sets the folders and then runs the app.
 */

import { appendFile, chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { remote } from "webdriverio";

import { APP, RUN_DIR, SCREENSHOTS, WEBDRIVER_PORT } from "./places.mjs";

/** How long a screen may take to show what a test waits for. */
const WAIT_MS = 20_000;

const quote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;

/** Starts the app with fresh app data; `name` names its folder in the run's folder. */
export async function startApp(name) {
  const dir = await mkdtemp(join(RUN_DIR(), `${name}-`));
  const home = join(dir, "home");
  const books = join(dir, "books");
  await Promise.all([home, books].map((d) => mkdir(d, { recursive: true })));
  const answers = join(dir, "dialog-answers.txt");
  await writeFile(answers, "");
  const opened = join(dir, "opened-files.txt");
  const launcher = join(dir, "launch.sh");
  const environment = {
    HOME: home,
    XDG_DATA_HOME: join(home, ".local/share"),
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
    XDG_STATE_HOME: join(home, ".local/state"),
    CREDITDESK_DIALOG_ANSWERS: answers,
    // Documents "opened" are written as usual and their paths appended here; no viewer starts.
    CREDITDESK_OPENED_FILES: opened,
    // No session bus: the app never reaches the machine's keychain (the SMTP password).
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, "no-session-bus")}`,
    NO_AT_BRIDGE: "1",
  };
  await writeFile(
    launcher,
    [
      "#!/bin/sh",
      "# Starts the app under test with its own folders (written by tests/e2e/support/app.mjs).",
      ...Object.entries(environment).map(([k, v]) => `export ${k}=${quote(v)}`),
      `exec ${quote(APP())} "$@" >>${quote(join(dir, "app.log"))} 2>&1`,
      "",
    ].join("\n"),
  );
  await chmod(launcher, 0o755);

  const browser = await remote({
    hostname: "127.0.0.1",
    port: WEBDRIVER_PORT,
    logLevel: "error",
    connectionRetryCount: 0,
    connectionRetryTimeout: 60_000,
    waitforTimeout: WAIT_MS,
    capabilities: {
      "tauri:options": { application: launcher },
      // WebKitWebDriver speaks classic WebDriver only.
      "wdio:enforceWebDriverClassic": true,
    },
  });
  const app = new AppUnderTest(browser, dir, answers, opened);
  try {
    await browser.$('[data-testid^="page-"]').waitForExist({ timeout: WAIT_MS });
  } catch (err) {
    await app.close();
    throw new Error(`the app showed no screen within ${WAIT_MS} ms (see ${dir}/app.log)`, {
      cause: err,
    });
  }
  return app;
}

/** The running app and the steps a user takes in it. */
export class AppUnderTest {
  constructor(browser, dir, answers, opened) {
    this.browser = browser;
    this.dir = dir;
    this.answers = answers;
    this.opened = opened;
  }

  /** The paths of the documents the app opened for the user to see, in order. */
  async openedFiles() {
    try {
      return (await readFile(this.opened, "utf8")).split("\n").filter((line) => line !== "");
    } catch {
      return [];
    }
  }

  /** A path for a book file in this start's folder. */
  bookPath(file) {
    return join(this.dir, "books", file);
  }

  /** The answer the next file dialog gets (a path; "" cancels). */
  async answerNextDialog(path) {
    await appendFile(this.answers, `${path}\n`);
  }

  el(testId) {
    return this.browser.$(`[data-testid="${testId}"]`);
  }

  /** The elements whose test id starts with `prefix`, in document order (a plain array). */
  async all(prefix) {
    const found = [];
    for await (const element of this.browser.$$(`[data-testid^="${prefix}"]`)) {
      found.push(element);
    }
    return found;
  }

  async waitFor(testId, timeout = WAIT_MS) {
    const element = this.el(testId);
    try {
      await element.waitForDisplayed({ timeout, timeoutMsg: `${testId} did not show` });
    } catch (err) {
      throw new Error(`${err.message}${await this.errorShown()}`);
    }
    return element;
  }

  /** The error notices the screen shows, to explain a wait that timed out. */
  async errorShown() {
    const notices = [];
    for (const notice of await this.all("error-message")) {
      notices.push(await notice.getText());
    }
    return notices.length === 0 ? "" : `; the screen says: ${notices.join(" | ")}`;
  }

  async click(testId) {
    const element = this.el(testId);
    await element.waitForClickable({ timeoutMsg: `${testId} cannot be clicked` });
    await element.click();
  }

  async text(testId) {
    return (await this.waitFor(testId)).getText();
  }

  /** Waits until the text of `testId` is `expected` (a string, or a RegExp it must match). */
  async waitForText(testId, expected) {
    const matches = (text) =>
      expected instanceof RegExp ? expected.test(text) : text === expected;
    let text = "";
    await this.until(
      async () => {
        text = await this.text(testId);
        return matches(text);
      },
      () => `${testId} reads ${JSON.stringify(text)}, not ${expected}`,
    );
    return text;
  }

  async type(testId, value) {
    const element = await this.waitFor(testId);
    await element.setValue(value);
  }

  /** The exact decimal behind a figure (read as an attribute: see ui/README.md). */
  async amount(testId) {
    return (await this.waitFor(testId)).getAttribute("data-amount");
  }

  async testIdsStartingWith(prefix) {
    const ids = [];
    for (const element of await this.all(prefix)) {
      ids.push(await element.getAttribute("data-testid"));
    }
    return ids;
  }

  /** Waits until `probe` answers true; `describe` says what was expected and what is there. */
  async until(probe, describe, timeout = WAIT_MS) {
    let last;
    try {
      await this.browser.waitUntil(
        async () => {
          last = await probe();
          return last === true;
        },
        { timeout, interval: 100 },
      );
    } catch (err) {
      throw new Error(
        `${await describe()} (last probe: ${String(last)}; ${err.message})${await this.errorShown()}`,
      );
    }
  }

  /** Follows a navigation link and waits for the screen's heading. */
  async goTo(screen) {
    await this.click(`nav-${screen}`);
    await this.waitFor(`heading-${screen}`);
  }

  /** Types the as-of date in the header and waits until the app has taken it. */
  async setAsOf(date) {
    const field = await this.waitFor("as-of-date");
    await field.setValue(date);
    const hint = this.el("as-of-date-hint");
    await this.until(
      async () =>
        (await field.getValue()) === date && (await hint.getAttribute("class")) === "hint",
      async () => `the as-of date field did not take ${date}: ${await hint.getText()}`,
    );
  }

  async setLanguage(language) {
    const select = await this.waitFor("language-switch");
    await select.selectByAttribute("value", language);
    await this.until(
      async () => (await select.getValue()) === language,
      () => `the language did not switch to ${language}`,
    );
  }

  /** Opens a book file through "Open a book" and its (answered) dialog. */
  async openBook(path, name) {
    await this.goTo("books");
    await this.answerNextDialog(path);
    await this.click("book-open");
    await this.waitFor("heading-dashboard");
    await this.waitForText("book-name", `Book: ${name}`);
  }

  /** Finds a customer by reference on the customers screen and opens its page. */
  async openCustomer(reference) {
    await this.goTo("customers");
    await this.type("customer-search", reference);
    const row = await this.waitFor(`customer-row-${reference}`);
    await row.$("a").click();
    await this.waitFor("customer-profile");
  }

  /** The dashboard at `asOf`, once it has loaded: per currency its aging buckets and total. */
  async dashboardAt(asOf) {
    // The dashboard loads when it opens; leaving it first makes the load the one at `asOf`.
    await this.goTo("books");
    await this.setAsOf(asOf);
    await this.goTo("dashboard");
    await this.until(
      async () =>
        (await this.browser.$('div.cards[aria-busy="false"]').isExisting()) &&
        ((await this.all("currency-")).length > 0 ||
          (await this.el("dashboard-empty").isExisting())),
      () => `the dashboard at ${asOf} did not finish loading`,
    );
    return this.readAging();
  }

  /** Per currency shown on the dashboard: its bucket amounts in order and the aging total. */
  async readAging() {
    const figures = {};
    for (const id of await this.testIdsStartingWith("currency-")) {
      const currency = id.slice("currency-".length);
      const cells = await this.all(`aging-bucket-${currency}-`);
      const buckets = [];
      for (const cell of cells) {
        const index = Number((await cell.getAttribute("data-testid")).split("-").pop());
        buckets[index] = await cell.getAttribute("data-amount");
      }
      figures[currency] = { buckets, total: await this.amount(`aging-total-${currency}`) };
    }
    return figures;
  }

  /** Saves what the window shows as SCREENSHOTS/<name>.png. */
  async screenshot(name) {
    await mkdir(SCREENSHOTS, { recursive: true });
    await this.browser.saveScreenshot(join(SCREENSHOTS, `${name}.png`));
  }

  /** Ends the session, which closes the app; what the window showed last is kept beside its log. */
  async close() {
    try {
      await this.browser.saveScreenshot(join(this.dir, "last-screen.png"));
    } finally {
      await this.browser.deleteSession();
    }
  }
}
