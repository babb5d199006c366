// A long import shows how far it has come: the progress bar of the preview and of the import
// moves through values between 0 and 100 while the file is read, not only at the end. The file
// is a generated ledger of about 40,000 rows (progress is reported every 16,384 rows).
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { generatedLedger, invoiceCount, newBook } from "./support/cli.mjs";
import { progressValuesSeen, watchProgressBar } from "./support/progress.mjs";

const INVOICES = 15_000;

/**
 * True when the values only rise, within 0..100, through at least one value in between. (The
 * last report and the end of the job arrive together, so the bar may be gone before 100.)
 */
function movesThrough(values) {
  const rising = values.every((v, i) => v >= 0 && v <= 100 && (i === 0 || v >= values[i - 1]));
  return rising && values.some((v) => v > 0 && v < 100);
}

describe("a long import's progress bar", () => {
  let app;
  let book;
  let file;
  before(async () => {
    app = await startApp("import-progress");
    book = app.bookPath("generated.creditdesk");
    file = join(app.dir, "generated-ledger.csv");
    await Promise.all([
      newBook(book, { name: "Generated Trading Ltd", currency: "EUR" }),
      generatedLedger(file, INVOICES),
    ]);
    await app.openBook(book, "Generated Trading Ltd");
  });
  after(async () => app?.close());

  it("moves while the preview reads the file, and again while the import writes it", async (t) => {
    await app.goTo("import");
    await app.answerNextDialog(file);
    await app.click("import-pick-file");
    await (await app.waitFor("import-profile")).selectByAttribute("value", "generic");

    await watchProgressBar(app.browser, "import-progress");
    await app.click("import-preview");
    await app.waitFor("import-clean", 120_000);
    const previewed = await progressValuesSeen(app.browser);
    t.diagnostic(`preview progress: ${previewed.join(", ")}`);
    assert.ok(movesThrough(previewed), `the preview's bar went ${previewed.join(" → ")}`);

    await watchProgressBar(app.browser, "import-progress");
    await app.click("import-start");
    const result = await app.waitFor("import-result", 120_000);
    const imported = await progressValuesSeen(app.browser);
    t.diagnostic(`import progress: ${imported.join(", ")}`);
    assert.ok(movesThrough(imported), `the import's bar went ${imported.join(" → ")}`);
    assert.equal(await result.getAttribute("data-committed"), "true");
    assert.equal(await invoiceCount(book), INVOICES);
  });
});
