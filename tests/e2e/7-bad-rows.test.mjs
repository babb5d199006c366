// A file with bad rows is refused as a whole: the wizard's preview lists every bad row with its
// line in the file, its column, value and the command line's own sentence; the import cannot
// start, and the book keeps exactly the invoices it had.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { creditdesk, dryRunProblems, ibmBook, invoiceCount } from "./support/cli.mjs";

/** The generic layout; line 3 has a day that does not exist, line 5 a tenth of a cent. */
const BAD_FILE = `customer_ref,customer_name,number,date,due_date,amount,currency
E2E-TRIAL,Trial Customer Ltd,E2E-INV-1,2013-06-01,2013-07-01,100.00,USD
E2E-TRIAL,Trial Customer Ltd,E2E-INV-2,2013-02-30,2013-07-01,50.00,USD
E2E-TRIAL,Trial Customer Ltd,E2E-INV-3,2013-06-02,2013-07-02,75.00,USD
E2E-TRIAL,Trial Customer Ltd,E2E-INV-4,2013-06-03,2013-07-03,12.345,USD
E2E-TRIAL,Trial Customer Ltd,E2E-INV-5,2013-06-04,2013-07-04,20.00,USD
`;
const BAD_ROWS = [
  { line: "3", column: "date", value: "2013-02-30" },
  { line: "5", column: "amount", value: "12.345" },
];

describe("importing a file with bad rows", () => {
  let app;
  let book;
  let file;
  before(async () => {
    app = await startApp("bad-rows");
    book = app.bookPath("ibm.creditdesk");
    await ibmBook(book);
    file = join(app.dir, "march-with-errors.csv");
    await writeFile(file, BAD_FILE);
    await app.openBook(book, "IBM sample ledger");
  });
  after(async () => app?.close());

  it("lists each bad row with its line and writes nothing", async () => {
    const before = await invoiceCount(book);
    await app.goTo("import");
    await app.answerNextDialog(file);
    await app.click("import-pick-file");
    await app.waitFor("import-step-profile");
    await (await app.waitFor("import-profile")).selectByAttribute("value", "generic");
    await app.click("import-preview");
    await app.waitFor("import-preview-result");

    const expectedMessages = await dryRunProblems(book, "generic", file);
    const shown = [];
    for (const id of await app.testIdsStartingWith("problem-row-")) {
      const row = app.el(id);
      const cells = [];
      for await (const cell of row.$$("th, td")) {
        cells.push(await cell.getText());
      }
      const [line, column, value, message] = cells;
      // The command line writes the value into its sentence; the wizard shows it in a column.
      const sentence = `"${value}" ${message}`;
      shown.push({ dataLine: await row.getAttribute("data-line"), line, column, value, sentence });
    }
    assert.deepEqual(
      shown,
      BAD_ROWS.map((bad, i) => ({
        dataLine: bad.line,
        line: bad.line,
        column: bad.column,
        value: bad.value,
        sentence: expectedMessages[i]?.message,
      })),
    );
    await app.screenshot("import-bad-rows-en");
    assert.equal(await app.el("import-start").isEnabled(), false, "the import could start");

    assert.equal(await invoiceCount(book), before, "the command line counts other invoices");
    await assert.rejects(creditdesk(book, "invoice", "E2E-INV-1"), /No invoice numbered E2E-INV-1/);
    await app.goTo("invoices");
    await app.waitForText("invoice-count", "2,466 invoices");
    await app.goTo("books");
    await app.waitForText("book-current", /100 customers, 2,466 invoices, 2,466 settlements/);
  });

  it("explains the same bad rows in Chinese when the app speaks Chinese", async () => {
    await app.setLanguage("zh-CN");
    try {
      await app.goTo("import");
      await app.answerNextDialog(file);
      await app.click("import-pick-file");
      await app.waitFor("import-step-profile");
      await (await app.waitFor("import-profile")).selectByAttribute("value", "generic");
      await app.click("import-preview");
      await app.waitFor("import-preview-result");

      const shown = [];
      for (const id of await app.testIdsStartingWith("problem-row-")) {
        const cells = [];
        for await (const cell of app.el(id).$$("th, td")) {
          cells.push(await cell.getText());
        }
        shown.push(cells);
      }
      // Line, column and value are the file's own; the sentence is the backend's, in Chinese.
      assert.deepEqual(shown, [
        [
          "3",
          "date",
          "2013-02-30",
          "不是本格式配置所用日期格式 YYYY-MM-DD（例如 2024-03-15）下的有效日历日期：该日期不存在；请更正日期，或选择日期格式与文件相符的格式配置。",
        ],
        ["5", "amount", "12.345", "小数位数超过了 USD 允许的 2 位；请更正金额或币种。"],
      ]);
      await app.screenshot("import-bad-rows-zh-CN");
    } finally {
      await app.setLanguage("en");
    }
  });
});
