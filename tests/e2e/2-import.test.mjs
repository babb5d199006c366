// The IBM sample ledger goes in through the import wizard: pick the file (the open dialog is
// answered with its path), choose the profile, preview it (a dry run that writes nothing), then
// import it with the progress bar; the command line then finds every record in the book.
// The steps share one app start and follow each other.
import assert from "node:assert/strict";
import { basename } from "node:path";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { customers, invoiceCount, newBook } from "./support/cli.mjs";
import { IBM_LEDGER } from "./support/places.mjs";
import { progressValuesSeen, watchProgressBar } from "./support/progress.mjs";

describe("importing the IBM late-payment ledger through the wizard", () => {
  let app;
  let book;
  before(async () => {
    app = await startApp("import");
    book = app.bookPath("ibm.creditdesk");
    await newBook(book, { name: "Late Payment Sample Inc", currency: "USD" });
    await app.openBook(book, "Late Payment Sample Inc");
  });
  after(async () => app?.close());

  it("picks the file and shows its first rows read with the chosen profile", async () => {
    await app.goTo("import");
    await app.answerNextDialog(IBM_LEDGER);
    await app.click("import-pick-file");
    await app.waitFor("import-step-profile");
    assert.match(await app.text("import-file-name"), new RegExp(`^${basename(IBM_LEDGER)} \\(`));
    await (await app.waitFor("import-profile")).selectByAttribute("value", "ibm-late-payment");
    const peek = await app.waitFor("import-peek");
    const firstRows = await peek.getText();
    assert.match(firstRows, /customerID/);
    assert.match(firstRows, /0379-NEVHP/);
  });

  it("previews the file: every row can be imported and nothing is written", async () => {
    await app.click("import-preview");
    await app.waitFor("import-preview-result");
    assert.equal(
      await app.text("import-clean"),
      "All 2,466 rows can be imported. Would write 100 customers, 2,466 invoices and 2,466 " +
        "settlements.",
    );
    assert.deepEqual(await app.testIdsStartingWith("problem-row-"), []);
    assert.equal(await invoiceCount(book), 0, "the preview wrote to the book");
  });

  it("imports every row with the progress bar, and the book holds them", async (t) => {
    await watchProgressBar(app.browser, "import-progress");
    await app.click("import-start");
    const result = await app.waitFor("import-result", 60_000);
    const seen = await progressValuesSeen(app.browser);
    t.diagnostic(`progress bar values shown: ${seen.join(", ")}`);
    assert.equal(await result.getAttribute("data-committed"), "true");
    assert.equal(
      await result.getText(),
      "Imported 2,466 rows: 100 customers, 2,466 invoices and 2,466 settlements written.",
    );
    assert.ok(seen.length > 0, "the import step never showed its progress bar");
    assert.ok(
      seen.every((v, i) => v >= 0 && v <= 100 && (i === 0 || v >= seen[i - 1])),
      `the progress bar went ${seen.join(" → ")}`,
    );

    assert.equal(await invoiceCount(book), 2466);
    assert.equal((await customers(book, "2013-12-31")).length, 100);
    await app.goTo("books");
    await app.waitForText("book-current", /100 customers, 2,466 invoices, 2,466 settlements/);
  });
});
