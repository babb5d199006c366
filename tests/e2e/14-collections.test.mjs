// On the demo book: a dunning run proposed on the Collections screen holds the communications the
// command line's `dunning propose` proposes for the same book and date, with the same totals to
// the cent; approved and executed, its reminder emails wait in the outbox, and "Send now" sends
// them through the mail account set on the Settings screen to a real SMTP server on 127.0.0.1,
// each with its letter attached as a PDF. A printed letter opens as the PDF that was printed,
// naming its customer.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

import { startApp } from "./support/app.mjs";
import { creditdesk, customers, demoBook } from "./support/cli.mjs";
import { add, sameAmount } from "./support/decimal.mjs";
import { startSmtpServer } from "./support/smtp.mjs";

const run = promisify(execFile);

/** The last day of the demo book's history: the run is proposed and executed on it. */
const AS_OF = "2026-11-30";
/** A week later, when the policy's gap allows the next level: the phone calls. */
const NEXT_WEEK = "2026-12-07";

/**
 * Clicks a button after scrolling it to the middle of the window: WebKitWebDriver does not
 * always scroll a button below the window's fold into view before clicking it.
 */
async function clickInView(app, testId) {
  const element = await app.waitFor(testId);
  await element.scrollIntoView({ block: "center" });
  await app.click(testId);
}

/** Scrolls a section to the top of the window and waits until it is there. */
async function scrolledTo(app, testId) {
  const element = await app.waitFor(testId);
  await element.scrollIntoView({ block: "start" });
  await app.until(
    async () =>
      (await app.browser.execute(
        (id) => document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect().top,
        testId,
      )) < 150,
    () => `${testId} did not scroll to the top`,
  );
}

async function cliJson(book, ...args) {
  return JSON.parse(await creditdesk(book, ...args, "--format", "json"));
}

/** The text of a PDF, as pdftotext reads it. */
async function pdfText(path) {
  const { stdout } = await run("pdftotext", ["-layout", path, "-"]);
  return stdout;
}

/** Per currency, the sum of the totals of `communications`, exactly. */
function totalsByCurrency(communications) {
  const totals = new Map();
  for (const c of communications) {
    const currency = c.communication.currency;
    totals.set(currency, add(totals.get(currency) ?? "0", c.communication.total.amount));
  }
  return totals;
}

describe("collections on the demo book", () => {
  let app;
  let book;
  let server;
  /** The command line's proposal, made on a copy of the book. */
  let expected;
  /** The customers' names by reference. */
  const names = new Map();

  before(async () => {
    app = await startApp("collections");
    book = app.bookPath("demo.creditdesk");
    await demoBook(book, AS_OF);
    // Printed letters need a postal address; the demo book's customers get one each.
    for (const customer of await customers(book, AS_OF)) {
      names.set(customer.reference, customer.name);
      await creditdesk(
        book,
        ...["customer", "address", customer.reference],
        ...["--line", customer.name, "--line", "Hafenweg 1", "--line", "20457 Hamburg"],
      );
    }
    const reference = app.bookPath("reference.creditdesk");
    await copyFile(book, reference);
    expected = await cliJson(reference, "dunning", "propose", "--as-of", AS_OF);
    assert.ok(expected.communications.length > 0, "the command line proposes communications");

    server = await startSmtpServer(join(app.dir, "mail"));
    await app.openBook(book, "Demo Trading GmbH");
    await app.setAsOf(AS_OF);
  });
  after(async () => {
    server?.stop();
    await app?.close();
  });

  it("proposes the command line's communications with the same totals", async () => {
    await app.goTo("collections");
    await app.click("propose-run");
    await app.waitFor("dunning-run");
    assert.equal(
      Number(await (await app.waitFor("run-count")).getAttribute("data-count")),
      expected.communications.length,
    );
    for (const [currency, total] of totalsByCurrency(expected.communications)) {
      const shown = await app.amount(`run-total-${currency}`);
      assert.ok(sameAmount(shown, total), `the total in ${currency}: ${shown} vs ${total}`);
    }
    for (const c of expected.communications) {
      const row = await app.waitFor(`comm-${c.id}`);
      assert.equal(await row.getAttribute("data-customer"), c.communication.customer_reference);
      assert.equal(Number(await row.getAttribute("data-level")), c.communication.level);
      const total = await app.amount(`comm-total-${c.id}`);
      assert.ok(sameAmount(total, c.communication.total.amount), `${c.id}: ${total}`);
    }
    const first = expected.communications[0];
    await app.click(`comm-items-${first.id}`);
    await app.waitFor(`comm-items-row-${first.id}`);
    for (const item of first.communication.items) {
      await app.waitFor(`comm-item-${first.id}-${item.invoice_number}-${item.seq}`);
    }
    if (expected.left_out.length > 0) {
      await app.waitFor("left-out");
    }
    await app.screenshot("collections-run");
  });

  it("approves every communication and executes the run, queuing the reminder emails", async () => {
    await app.click("approve-all");
    await app.waitFor("run-notice");
    await app.click("execute-run");
    await app.waitFor("execute-dialog");
    await app.type("execute-date", AS_OF);
    await app.waitForText("execute-date-hint", "Nov 30, 2026");
    await app.screenshot("collections-execute");
    await app.click("execute-confirm");
    const message = await app.text("execution-message");
    assert.match(message, new RegExp(`^Executed run 1 for ${AS_OF} on ${AS_OF}: `));
    await app.until(
      async () => (await app.el("dunning-run").getAttribute("data-state")) === "executed",
      () => "the run is shown executed",
    );
    await app.screenshot("collections-executed");

    const outbox = await cliJson(book, "outbox");
    const emails = expected.communications.filter(
      (c) => c.communication.channel === "email_reminder",
    );
    assert.ok(outbox.length > 0, "reminder emails were queued");
    assert.ok(outbox.length <= emails.length, "only reminder emails go to the outbox");
    await app.click("go-outbox");
    await app.waitFor("outbox-list");
    assert.equal(
      Number(await (await app.waitFor("outbox-counts")).getAttribute("data-queued")),
      outbox.length,
    );
    for (const message of outbox) {
      assert.equal(await app.el(`outbox-${message.id}`).getAttribute("data-state"), "queued");
    }
  });

  it("sends the outbox through the SMTP server with each letter attached", async () => {
    await app.goTo("settings");
    await app.type("smtp-host", "127.0.0.1");
    await app.type("smtp-port", String(server.port));
    await (await app.waitFor("smtp-security")).selectByAttribute("value", "none");
    await app.type("smtp-from-address", "ar@demo-trading.example");
    await clickInView(app, "smtp-save");
    await app.waitForText("smtp-saved", "Saved.");

    const queued = await cliJson(book, "outbox");
    await app.goTo("outbox");
    await app.click("outbox-send");
    const report = await app.waitForText("outbox-report", /^\d+ sent, /);
    assert.equal(report, `${queued.length} sent, 0 to be tried again later, 0 failed, 0 unconfirmed.`);
    await app.until(
      async () => (await app.el(`outbox-${queued[0].id}`).getAttribute("data-state")) === "sent",
      () => "the outbox shows the messages sent",
    );
    await app.screenshot("outbox");

    const received = await server.received();
    assert.equal(received.length, queued.length, "the server received every message");
    for (const message of queued) {
      const arrived = received.find((r) => r.subject === message.subject);
      assert.ok(arrived, `message ${message.id} arrived`);
      assert.deepEqual(arrived.rcpt_tos, message.to);
      const [attachment] = arrived.attachments;
      assert.equal(attachment.content_type, "application/pdf");
      assert.equal(attachment.filename, message.attachment_name);
      assert.ok(Buffer.from(attachment.data, "base64").subarray(0, 5).equals(Buffer.from("%PDF-")));
    }
    const sent = await cliJson(book, "outbox");
    assert.ok(sent.every((m) => m.state === "sent"), "the book has every message sent");
  });

  it("opens a printed letter as the PDF that names its customer", async () => {
    // A reminder to a customer without an email address, or who prefers paper, was printed.
    const executed = await cliJson(book, "dunning", "run", "1");
    const letter = executed.communications.find((c) => c.sent_by === "printed_letter");
    assert.ok(letter, "the run printed a letter");
    const customer = letter.communication.customer_reference;
    await app.goTo("collections");
    await app.click("past-run-show-1");
    await app.waitFor(`comm-${letter.id}`);
    await app.click(`letter-open-${letter.id}`);
    const status = await app.text(`letter-status-${letter.id}`);
    assert.match(status, new RegExp(`-${customer}\\.pdf is open in the PDF viewer\\.$`));
    const [path] = await app.openedFiles();
    assert.ok(path, "the app opened a document");
    assert.ok((await stat(path)).size > 1000, `${path} is a PDF of some size`);
    assert.equal((await readFile(path)).subarray(0, 5).toString(), "%PDF-");
    const text = await pdfText(path);
    assert.ok(
      text.replace(/\s+/g, " ").includes(names.get(customer)),
      `the letter names ${names.get(customer)}: ${text.slice(0, 400)}`,
    );

    await app.openCustomer(customer);
    await app.click("customer-tab-collections");
    await app.waitFor(`communication-${letter.id}`);
    await app.screenshot("customer-collections");
  });

  it("leaves the calls of a second run a week later, and records how one went", async () => {
    await app.setAsOf(NEXT_WEEK);
    await app.goTo("collections");
    await app.click("propose-run");
    await app.waitFor("dunning-run");
    await app.click("approve-all");
    await app.waitFor("run-notice");
    await app.click("execute-run");
    await app.type("execute-date", NEXT_WEEK);
    await app.click("execute-confirm");
    await app.waitFor("execution-message");
    const tasks = await cliJson(book, "phone-tasks");
    assert.ok(tasks.length > 0, "the second run has phone calls to make");

    await app.click("go-calls");
    for (const task of tasks) {
      assert.equal(await (await app.waitFor(`call-${task.id}`)).getAttribute("data-state"), "open");
    }
    await app.screenshot("phone-tasks");
    const [first] = tasks;
    await app.click(`call-record-${first.id}`);
    await app.click("call-outcome-no_answer");
    await app.type("call-note", "Voicemail; try again on Thursday.");
    await app.until(
      async () => (await app.el("call-note").getValue()) === "Voicemail; try again on Thursday.",
      () => "the note was not typed",
    );
    await app.screenshot("phone-task-outcome");
    await app.click("call-dialog-save");
    assert.equal(
      await app.text("call-notice"),
      `Recorded the call of phone task ${first.id} to customer ${first.customer_reference} on ${NEXT_WEEK}: no answer.`,
    );
    const [done] = (await cliJson(book, "phone-tasks")).filter((t) => t.id === first.id);
    assert.equal(done.outcome, "no_answer");
    assert.equal(done.note, "Voicemail; try again on Thursday.");
  });

  it("shows the collections screens in Chinese", async () => {
    await app.goTo("settings");
    await scrolledTo(app, "dunning-policy");
    await app.screenshot("dunning-settings");
    await scrolledTo(app, "letter-templates");
    await app.screenshot("letter-templates");

    await app.setLanguage("zh-CN");
    await app.waitForText("nav-collections", "催收");
    await app.goTo("outbox");
    await app.waitFor("outbox-list");
    await app.screenshot("outbox-zh-CN");
    await app.goTo("collections");
    await app.click("past-run-show-1");
    await app.waitFor("dunning-run");
    await app.screenshot("collections-run-zh-CN");
    await app.setLanguage("en");
  });
});
