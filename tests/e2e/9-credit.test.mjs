// A customer's credit limit set on its credit tab holds an order that would take the exposure
// over it, with the reason in English; a written override saves the order as open, and the
// exposure the tab shows is the command line's, order included.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { creditdesk, customers, ibmBook } from "./support/cli.mjs";
import { sameAmount, subtract } from "./support/decimal.mjs";

const AS_OF = "2013-06-30";
const LIMIT = "1000.00";
const ORDER = { reference: "SO-E2E-1", amount: "2000.00" };
const REASON = "Deposit received by bank transfer today.";

async function cliExposure(book, customer) {
  return JSON.parse(
    await creditdesk(book, "credit", "exposure", customer, "--as-of", AS_OF, "--format", "json"),
  );
}

/** `1234567.50` as English writes it: `1,234,567.50`. */
function grouped(amount) {
  const [whole, fraction] = amount.split(".");
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction ? `.${fraction}` : "");
}

describe("a credit check on the customer's credit tab", () => {
  let app;
  let book;
  let customer;
  before(async () => {
    app = await startApp("credit");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    customer = (await customers(book, AS_OF))[0].reference;
    await app.openBook(book, "IBM sample ledger");
  });
  after(async () => app?.close());

  it(`holds an order over a limit of ${LIMIT}, and saves it as open on an override`, async () => {
    await app.setAsOf(AS_OF);
    await app.openCustomer(customer);
    await app.click("customer-tab-credit");
    await app.waitFor("credit-no-profile");

    await app.click("credit-edit-profile");
    await app.type("credit-limit", LIMIT);
    await app.type("credit-max-terms", "60");
    await app.click("credit-profile-save");
    await app.waitFor("credit-profile-facts");
    assert.ok(sameAmount(await app.amount("exposure-limit"), LIMIT), "the limit as saved");
    const before = await cliExposure(book, customer);
    assert.ok(sameAmount(before.limit.amount, LIMIT), "the command line reads the same limit");
    assert.ok(sameAmount(await app.amount("exposure-total"), before.total.amount));

    await app.click("credit-new-order");
    assert.equal(await (await app.waitFor("order-customer")).getValue(), customer);
    assert.equal(await (await app.waitFor("order-date")).getValue(), AS_OF);
    await app.type("order-reference", ORDER.reference);
    await app.type("order-amount", ORDER.amount);
    await app.click("order-submit");
    const outcome = await app.waitFor("order-outcome");
    await app.until(
      async () => (await outcome.getAttribute("data-status")) === "held",
      async () => `the order is ${await outcome.getAttribute("data-status")}, not held`,
    );

    const withOrder = addAmounts(before.total.amount, ORDER.amount);
    const excess = subtract(withOrder, LIMIT);
    const reasons = await app.all("hold-reason-");
    const codes = [];
    let overLimit = "";
    for (const reason of reasons) {
      const code = await reason.getAttribute("data-code");
      codes.push(code);
      if (code === "over_limit") {
        overLimit = await reason.getText();
      }
    }
    assert.ok(codes.includes("over_limit"), `the reasons are ${codes.join(", ")}`);
    assert.match(
      overLimit,
      new RegExp(
        `^With this order the exposure is \\S*${escape(grouped(withOrder))}, over the credit ` +
          `limit of \\S*${escape(grouped(LIMIT))} by \\S*${escape(grouped(excess))}\\.$`,
      ),
    );
    const notSaved = await cliExposure(book, customer);
    assert.ok(sameAmount(notSaved.total.amount, before.total.amount), "a held order is not saved");

    await app.type("override-reason", REASON);
    await app.click("override-submit");
    await app.until(
      async () => (await outcome.getAttribute("data-status")) === "overridden",
      async () => `the order is ${await outcome.getAttribute("data-status")}, not overridden`,
    );
    await app.click("order-close");
    await app.waitForText(`order-${ORDER.reference}-state`, "Open");
    assert.ok(sameAmount(await app.amount(`order-${ORDER.reference}-amount`), ORDER.amount));

    const cli = await cliExposure(book, customer);
    assert.ok(sameAmount(cli.total.amount, withOrder), "the command line counts the order");
    assert.ok(sameAmount(cli.open_orders.amount, ORDER.amount));
    await app.until(
      async () => sameAmount(await app.amount("exposure-total"), cli.total.amount),
      async () => `the tab shows ${await app.amount("exposure-total")}, not ${cli.total.amount}`,
    );
    assert.ok(sameAmount(await app.amount("exposure-excess"), cli.excess.amount));
    assert.ok(sameAmount(await app.amount("exposure-open-orders"), cli.open_orders.amount));
    await app.screenshot("credit");
  });
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function addAmounts(a, b) {
  return subtract(a, subtract("0", b));
}
