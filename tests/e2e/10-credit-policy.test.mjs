// The book's credit policy changed in Settings is the one the command line reads, and a
// refused setting leaves it as it was; a file of exchange rates chosen in the (answered) open
// dialog is recorded; a security removed on the credit tab is gone from the book; and a
// suggested limit rejected there is recorded as the command line's decision. A newer reference
// rate table loaded in Settings is the one the command line reads, until it is reset.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { creditdesk, customers, ibmBook } from "./support/cli.mjs";
import { sameAmount } from "./support/decimal.mjs";

const AS_OF = "2013-06-30";
const RATES = "date,from,to,rate\n2013-06-28,USD,EUR,0.7687\n2013-06-28,GBP,EUR,1.1666\n";

async function cliJson(book, ...args) {
  return JSON.parse(await creditdesk(book, ...args, "--format", "json"));
}

describe("the credit policy, exchange rates and the credit file's items", () => {
  let app;
  let book;
  let customer;
  before(async () => {
    app = await startApp("credit-policy");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    customer = (await customers(book, AS_OF))[0].reference;
    await creditdesk(book, "credit", "set", customer, "--limit", "1000.00", "--max-terms", "60");
    for (const issuer of ["Treasury of the buyer", "First Bank"]) {
      await creditdesk(
        book,
        ...["credit", "security", "add", customer, "--kind", "deposit"],
        ...["--amount", "500.00", "--issuer", issuer],
      );
    }
    await app.openBook(book, "IBM sample ledger");
    await app.setAsOf(AS_OF);
  });
  after(async () => app?.close());

  it("saves a grace period of 30 days, and shows the refusal of a cut of 0%", async () => {
    const defaults = await cliJson(book, "credit", "policy");
    assert.equal(defaults.policy.check.grace_days, 15);

    await app.goTo("settings");
    const grace = await app.waitFor("policy-grace-days");
    await app.until(
      async () => (await grace.getValue()) === "15",
      async () => `the grace period reads ${await grace.getValue()}, not 15`,
    );
    await app.type("policy-grace-days", "two weeks");
    await app.click("policy-save");
    assert.equal(
      await app.text("policy-grace-days-error"),
      '"two weeks" is not a whole number; write it like 30.',
    );

    await app.type("policy-grace-days", "30");
    await app.click("policy-save");
    await app.waitForText("policy-saved", "The credit policy is saved.");
    const saved = await cliJson(book, "credit", "policy");
    assert.equal(saved.policy.check.grace_days, 30, "the command line reads the new grace period");
    assert.deepEqual(saved.policy.limits, defaults.policy.limits, "nothing else changed");

    await app.type("policy-cut-percent", "0");
    await app.click("policy-save");
    await app.until(
      async () => (await app.errorShown()).includes("is set to 0%, which is not accepted"),
      async () => `no refusal of the cut is shown${await app.errorShown()}`,
    );
    const refused = await cliJson(book, "credit", "policy");
    assert.equal(refused.policy.limits.cut_percent, defaults.policy.limits.cut_percent);
  });

  it("records a file of exchange rates chosen in the open dialog", async () => {
    const file = app.bookPath("rates.csv");
    await writeFile(file, RATES);
    await app.answerNextDialog(file);
    await app.click("rates-import");
    await app.waitForText(
      "rates-imported",
      "Recorded the rates of rates.csv: 2 new, 0 replaced, 0 unchanged.",
    );
    await app.waitFor("rate-USD-EUR-2013-06-28");
    const listed = await cliJson(book, "credit", "rates", "list", "--as-of", AS_OF);
    assert.equal(listed.length, 2, "the command line lists both rates");
  });

  it("loads a newer German base rate table chosen in the open dialog, then the shipped one again", async () => {
    const table = async () =>
      (await cliJson(book, "interest-rates")).find((view) => view.code === "de-base");
    assert.equal((await table()).known_until, "2026-06-30", "the shipped table");
    const file = app.bookPath("basiszins.csv");
    const shipped = await creditdesk(book, "interest-rates", "show", "de-base", "--format", "csv");
    await writeFile(file, `${shipped}2026-07-01,2026-12-31,1.52\n`);

    await app.goTo("settings");
    await app.waitFor("reference-rate-de-base");
    await app.answerNextDialog(file);
    await app.click("reference-rate-de-base-load");
    await app.waitFor("reference-rates-message");
    const row = app.el("reference-rate-de-base");
    await app.until(
      async () => (await row.getAttribute("data-known-until")) === "2026-12-31",
      async () => `the table is known until ${await row.getAttribute("data-known-until")}`,
    );
    const loaded = await table();
    assert.equal(loaded.origin.kind, "loaded", "the command line reads the loaded table");
    assert.equal(loaded.origin.file_name, "basiszins.csv");
    assert.equal(loaded.known_until, "2026-12-31");

    await app.click("reference-rate-de-base-reset");
    await app.until(
      async () => (await row.getAttribute("data-origin")) === "shipped",
      async () => `the table's origin is ${await row.getAttribute("data-origin")}`,
    );
    assert.equal((await table()).origin.kind, "shipped");
  });

  it("removes a security after asking, and records a rejected suggestion", async () => {
    const held = await cliJson(book, "credit", "security", "list", customer);
    assert.equal(held.length, 2);
    const first = held[0];

    await app.openCustomer(customer);
    await app.click("customer-tab-credit");
    await app.click(`security-${first.id}-remove`);
    assert.match(await app.text("remove-security-question"), /Treasury of the buyer\?/);
    await app.click("remove-security-confirm");
    await app.until(
      async () => !(await app.el(`security-${first.id}`).isExisting()),
      () => `security ${first.id} is still listed`,
    );
    const left = await cliJson(book, "credit", "security", "list", customer);
    assert.deepEqual(
      left.map((entry) => entry.id),
      held.slice(1).map((entry) => entry.id),
      "only the security removed is gone",
    );

    const cli = await cliJson(book, "credit", "suggest", customer, "--as-of", AS_OF);
    const shown = await app.waitFor("limit-suggestion");
    assert.ok(
      sameAmount(await shown.getAttribute("data-suggested"), cli.suggestion.suggested.amount),
    );
    assert.equal(await shown.getAttribute("data-change"), cli.suggestion.change.change);
    await app.type("limit-note", "Wait for the annual accounts.");
    await app.click("limit-reject");
    await app.waitFor("limit-decided");
    const decisions = await cliJson(book, "credit", "decisions", customer);
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0].accepted, false);
    assert.equal(decisions[0].note, "Wait for the annual accounts.");
    await app.waitFor(`limit-decision-${decisions[0].id}`);
    await app.screenshot("credit-policy");
  });
});
