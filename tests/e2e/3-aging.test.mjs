// The dashboard's aging at a set as-of date is the command line's, to the cent: every bucket
// and the total of every currency, read from the same book file.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { aging, ibmBook } from "./support/cli.mjs";

/** Dates inside the ledger with money open; in September 2012 some is 31-60 days overdue. */
const AS_OF_DATES = ["2013-06-30", "2012-09-30"];

describe("the dashboard's aging", () => {
  let app;
  let book;
  before(async () => {
    app = await startApp("aging");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    await app.openBook(book, "IBM sample ledger");
  });
  after(async () => app?.close());

  for (const asOf of AS_OF_DATES) {
    it(`shows the command line's buckets and totals per currency at ${asOf}`, async () => {
      const expected = await aging(book, asOf);
      assert.ok(Object.keys(expected).length > 0, `nothing is open at ${asOf}`);
      const shown = await app.dashboardAt(asOf);

      assert.deepEqual(Object.keys(shown).sort(), Object.keys(expected).sort(), "currencies");
      for (const [currency, figures] of Object.entries(expected)) {
        assert.deepEqual(shown[currency].buckets, figures.buckets, `${currency} buckets`);
        assert.equal(shown[currency].total, figures.total, `${currency} total`);
      }
    });
  }
});
