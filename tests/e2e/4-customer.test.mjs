// A customer found on the customers screen opens on its own page: the profile, and the open
// items the command line lists for that customer at the as-of date.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { customers, ibmBook, invoices } from "./support/cli.mjs";
import { greaterThan } from "./support/decimal.mjs";

const AS_OF = "2013-06-30";

describe("a customer's page", () => {
  let app;
  let book;
  before(async () => {
    app = await startApp("customer");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    await app.openBook(book, "IBM sample ledger");
    await app.setAsOf(AS_OF);
  });
  after(async () => app?.close());

  it("shows the profile and the open items of a customer who owes money", async () => {
    const owing = (await customers(book, AS_OF)).find((c) =>
      c.balances.some((b) => greaterThan(b.overdue.amount, "0")),
    );
    assert.ok(owing, `no customer has anything overdue at ${AS_OF}`);
    const expectedOpen = (await invoices(book, AS_OF, "--customer", owing.reference))
      .filter((i) => greaterThan(i.open.amount, "0"))
      .map((i) => i.number)
      .sort();
    assert.ok(expectedOpen.length > 0);

    await app.openCustomer(owing.reference);
    assert.equal(await app.text("customer-name"), owing.name);
    const profile = await app.text("customer-profile");
    assert.match(profile, new RegExp(owing.reference));
    assert.match(profile, new RegExp(`Country\\s*${owing.country}`));
    assert.match(profile, /Paper|Email/);

    const balance = owing.balances[0];
    const digits = (text) => text.replace(/\D/g, "");
    assert.equal(
      digits(await app.text(`customer-open-${balance.currency}`)),
      digits(balance.open.amount),
      "the open balance",
    );
    const shownOpen = (await app.testIdsStartingWith("open-item-"))
      .map((id) => id.slice("open-item-".length))
      .sort();
    assert.deepEqual(shownOpen, expectedOpen);
    assert.ok((await app.testIdsStartingWith("timeline-event-")).length > 0, "empty timeline");
  });
});
