// The Forecast screen shows, week by week, the receipts the command line's `forecast` expects on
// the same book and date, to the cent, with what is late, later and disputed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { creditdesk, ibmBook } from "./support/cli.mjs";
import { sameAmount } from "./support/decimal.mjs";

const AS_OF = "2013-06-30";

describe("the cash forecast", () => {
  let app;
  let book;
  before(async () => {
    app = await startApp("forecast");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    await app.openBook(book, "IBM sample ledger");
  });
  after(async () => app?.close());

  it("shows the command line's 13 weeks and totals", async () => {
    const report = JSON.parse(
      await creditdesk(book, "forecast", "--as-of", AS_OF, "--format", "json"),
    );
    const usd = report.forecast.currencies.find((c) => c.currency === "USD");
    assert.ok(usd, "the command line forecasts USD");
    assert.equal(usd.weeks.length, 13);

    await app.goTo("books");
    await app.setAsOf(AS_OF);
    await app.goTo("forecast");
    await app.waitFor("forecast-USD");
    for (const [index, week] of usd.weeks.entries()) {
      const cell = await app.waitFor(`forecast-week-USD-${index + 1}`);
      const shown = await cell.getAttribute("data-amount");
      assert.ok(sameAmount(shown, week.amount), `week ${index + 1}: ${shown} vs ${week.amount}`);
    }
    for (const [id, figure] of [
      ["late", usd.late_in_first_week],
      ["later", usd.later],
      ["expected", usd.expected],
      ["disputed", usd.disputed],
    ]) {
      const shown = await (await app.waitFor(`forecast-${id}-USD`)).getAttribute("data-amount");
      assert.ok(sameAmount(shown, figure.amount), `${id}: ${shown} vs ${figure.amount}`);
    }
    assert.ok(
      (await app.text("forecast-summary")).includes("13 weeks"),
      "the summary sentence is shown",
    );
  });
});
