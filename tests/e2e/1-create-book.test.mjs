// A new book is created from the book chooser: the save dialog (answered with a path in the
// test's folder) names the file, the app opens it, and the command line reads the same file.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { aging, customers, invoiceCount } from "./support/cli.mjs";

describe("creating a book", () => {
  let app;
  before(async () => {
    app = await startApp("create-book");
  });
  after(async () => app?.close());

  it("creates the book file chosen in the save dialog and opens it, empty", async () => {
    const file = app.bookPath("nordwind-handel.creditdesk");
    await app.goTo("books");
    await app.click("book-new");
    await app.waitFor("new-book-dialog");
    await app.type("new-book-name", "Nordwind Handel GmbH");
    await app.type("new-book-currency", "USD");
    await app.answerNextDialog(file);
    await app.click("new-book-create");

    await app.waitFor("heading-dashboard");
    await app.waitForText("book-name", "Book: Nordwind Handel GmbH");
    await app.waitFor("dashboard-empty");
    assert.ok(existsSync(file), `${file} was not created`);

    await app.goTo("books");
    const current = await app.waitForText("book-current", /Nordwind Handel GmbH/);
    assert.match(current, /USD/);
    assert.match(current, /0 customers, 0 invoices, 0 settlements/);
    let recent = [];
    await app.until(
      async () => {
        recent = [];
        for (const id of await app.testIdsStartingWith("recent-book-")) {
          recent.push(await app.text(id));
        }
        return recent.some((r) => r.includes("Nordwind Handel GmbH") && r.includes(file));
      },
      () => `the new book is not among the recent books: ${recent.join(" | ")}`,
    );

    assert.equal(await invoiceCount(file), 0);
    assert.deepEqual(await customers(file, "2026-01-01"), []);
    assert.deepEqual(await aging(file, "2026-01-01"), {});
  });
});
