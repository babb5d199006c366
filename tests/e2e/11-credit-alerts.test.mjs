// The dashboard lists a credit alert for a customer whose exposure is over its credit limit, as
// the command line's `credit alerts` does; and a dispute opened for part of an invoice on the
// invoice's page is shown open, as the command line's `disputes` report lists it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { creditdesk, customers, invoices, ibmBook } from "./support/cli.mjs";
import { greaterThan, sameAmount } from "./support/decimal.mjs";

const AS_OF = "2013-06-30";
const PART = "10.00";

async function cliJson(book, ...args) {
  return JSON.parse(await creditdesk(book, ...args, "--format", "json"));
}

describe("credit alerts on the dashboard and disputes on an invoice", () => {
  let app;
  let book;
  let customer;
  before(async () => {
    app = await startApp("credit-alerts");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    // The first customer owing something at the date, so that any limit below it is exceeded.
    const owing = (await customers(book, AS_OF)).find((c) =>
      c.balances.some((b) => greaterThan(b.open.amount, "20")),
    );
    assert.ok(owing, "a customer owes something at the date");
    customer = owing.reference;
    // A limit of one dollar: whatever the customer owes is over it.
    await creditdesk(book, "credit", "set", customer, "--limit", "1.00 USD", "--max-terms", "60");
    await app.openBook(book, "IBM sample ledger");
  });
  after(async () => app?.close());

  it("shows the customer over its limit, as the command line alerts", async () => {
    const expected = (await cliJson(book, "credit", "alerts", "--as-of", AS_OF)).filter(
      (a) => a.customer === customer,
    );
    const overLimit = expected.find((a) => a.alert.kind === "limit_exceeded");
    assert.ok(overLimit, "the command line alerts the customer over its limit");

    await app.dashboardAt(AS_OF);
    await app.waitFor("credit-alerts");
    const shown = [];
    for (const item of await app.all("credit-alert-")) {
      const id = await item.getAttribute("data-testid");
      if (!/^credit-alert-\d+$/.test(id)) {
        continue;
      }
      if ((await item.getAttribute("data-customer")) === customer) {
        shown.push({ kind: await item.getAttribute("data-kind"), text: await item.getText() });
      }
    }
    assert.deepEqual(
      shown.map((a) => a.kind),
      expected.map((a) => a.alert.kind),
      "the same alerts of the customer, in the same order",
    );
    const sentence = shown.find((a) => a.kind === "limit_exceeded").text;
    assert.match(sentence, /is over the credit limit of .* by /);
    const excess = Number(overLimit.alert.excess.amount).toLocaleString("en-US", {
      minimumFractionDigits: 2,
    });
    assert.ok(sentence.includes(excess), `"${sentence}" names the excess ${excess}`);
  });

  it("opens a dispute for part of an invoice and shows it open", async () => {
    const open = (await invoices(book, AS_OF, "--customer", customer)).find((i) =>
      greaterThan(i.open.amount, "20"),
    );
    assert.ok(open, "the customer has an open invoice");
    await app.browser.execute((n) => {
      window.location.hash = `#/invoices/${encodeURIComponent(n)}`;
    }, open.number);
    await app.waitFor("heading-invoice");
    await app.waitFor("invoice-disputes");

    await app.click("invoice-dispute");
    await app.click("dispute-part");
    await app.type("dispute-amount", PART);
    await (await app.waitFor("dispute-reason")).selectByAttribute("value", "quantity");
    await app.type("dispute-note", "Two boxes short.");
    const opened = await app.waitFor("dispute-opened-on");
    await opened.setValue(AS_OF);
    await app.click("dispute-dialog-save");
    await app.waitFor("dispute-notice");

    const report = await cliJson(book, "disputes", "--as-of", AS_OF);
    const listed = report.disputes.find((d) => d.invoice === open.number);
    assert.ok(listed, "the command line lists the dispute as open");
    assert.ok(sameAmount(listed.amount.amount, PART));
    assert.equal(listed.reason, "quantity");

    const row = await app.waitFor(`dispute-${listed.id}`);
    assert.equal(await row.getAttribute("data-open"), "1");
    assert.ok(sameAmount(await row.getAttribute("data-amount"), PART));
    assert.match(await app.text(`dispute-standing-${listed.id}`), /^Open since /);
    assert.ok(await app.el(`dispute-resolve-${listed.id}`).isExisting(), "it can be resolved");
  });
});
