// A partial payment recorded against one overdue invoice lowers the dashboard's aging by
// exactly its amount, in that invoice's bucket and in the total, and nowhere else; the command
// line sees the same book.
//
// Every invoice of the IBM ledger is paid in full sooner or later, so a payment named against
// one of them would find nothing left to settle and stay unapplied. The invoice paid here is
// posted for the test with the command line: 250.00, due 2013-06-19, 11 days overdue at the
// as-of date.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { aging, bucketIndex, creditdesk, customers, ibmBook, invoices } from "./support/cli.mjs";
import { subtract } from "./support/decimal.mjs";

const AS_OF = "2013-06-30";
const INVOICE = { number: "E2E-1001", date: "2013-05-20", due: "2013-06-19", amount: "250.00" };
const PAID = "100.00";

describe("recording a partial payment", () => {
  let app;
  let book;
  let customer;
  before(async () => {
    app = await startApp("payment");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    customer = (await customers(book, AS_OF))[0].reference;
    await creditdesk(
      book,
      "post-invoice",
      INVOICE.number,
      "--customer",
      customer,
      "--date",
      INVOICE.date,
      "--due",
      INVOICE.due,
      "--amount",
      INVOICE.amount,
    );
    await app.openBook(book, "IBM sample ledger");
  });
  after(async () => app?.close());

  it(`lowers the aging by exactly ${PAID} in the invoice's bucket and the total`, async () => {
    const [invoice] = (await invoices(book, AS_OF, "--customer", customer)).filter(
      (i) => i.number === INVOICE.number,
    );
    const currency = invoice.currency;
    const bucket = bucketIndex((await aging(book, AS_OF))[currency].labels, invoice.days_overdue);
    const before = await app.dashboardAt(AS_OF);

    await app.openCustomer(customer);
    await app.waitFor(`open-item-${INVOICE.number}`);
    await app.click("customer-record-payment");
    await app.waitFor("heading-payment");
    assert.equal(await (await app.waitFor("payment-customer")).getValue(), customer);
    assert.equal(await (await app.waitFor("payment-date")).getValue(), AS_OF);
    await app.type("payment-reference", "E2E-PART-1");
    await app.type("payment-invoice", INVOICE.number);
    await app.type("payment-amount", PAID);
    await app.click("payment-submit");
    await app.waitFor("payment-result");

    const after = await app.dashboardAt(AS_OF);
    const expected = structuredClone(before);
    expected[currency].buckets[bucket] = subtract(before[currency].buckets[bucket], PAID);
    expected[currency].total = subtract(before[currency].total, PAID);
    assert.deepEqual(after, expected, `after paying ${PAID} on ${INVOICE.number}`);

    const cli = await aging(book, AS_OF);
    assert.deepEqual(cli[currency].buckets, after[currency].buckets, "the command line's buckets");
    assert.equal(cli[currency].total, after[currency].total, "the command line's total");
    const [paid] = (await invoices(book, AS_OF, "--customer", customer)).filter(
      (i) => i.number === INVOICE.number,
    );
    assert.equal(paid.open.amount, subtract(INVOICE.amount, PAID));
  });
});
