// Screenshots of the main screens in English and in Simplified Chinese, taken on the demo book
// the app opens on its first start; they go to CREDITDESK_SCREENSHOTS as <screen>-<language>.png.
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";
import { IBM_LEDGER } from "./support/places.mjs";

describe("screenshots of the main screens", () => {
  let app;
  before(async () => {
    app = await startApp("screenshots");
  });
  after(async () => app?.close());

  /** Shows each main screen once it has loaded, and saves what the window shows. */
  async function captureScreens(language) {
    const shot = (screen) => app.screenshot(`${screen}-${language}`);

    await app.goTo("books");
    await app.waitFor("book-current");
    await shot("books");

    await app.goTo("dashboard");
    await app.until(
      async () =>
        (await app.browser.$('div.cards[aria-busy="false"]').isExisting()) &&
        (await app.el("top-overdue").isExisting()),
      () => "the dashboard did not load",
    );
    await shot("dashboard");

    // The customer with most overdue, from the dashboard's list.
    await (await app.waitFor("top-overdue-row-0")).$("a").click();
    await app.waitFor("customer-profile");
    await app.waitFor("open-items");
    await shot("customer");

    // One of that customer's open items, partly paid if one is (its page shows allocations).
    const openItems = await app.all("open-item-");
    let shown = openItems[0];
    for (const item of openItems) {
      const cells = [];
      for await (const cell of item.$$("td")) {
        cells.push(await cell.getText());
      }
      const [total, open] = cells.slice(-3, -1);
      if (total !== open) {
        shown = item;
        break;
      }
    }
    await shown.$("a").click();
    await app.waitFor("invoice-facts");
    await shot("invoice");

    await app.goTo("customers");
    await app.until(
      async () => (await app.all("customer-row-")).length > 5,
      () => "no customers",
    );
    await shot("customers");

    await app.goTo("invoices");
    await app.until(
      async () => (await app.all("invoice-row-")).length > 5,
      () => "no invoices",
    );
    await shot("invoices");

    await app.goTo("import");
    await app.answerNextDialog(IBM_LEDGER);
    await app.click("import-pick-file");
    await (await app.waitFor("import-profile")).selectByAttribute("value", "ibm-late-payment");
    await app.click("import-preview");
    await app.waitFor("import-preview-result");
    await shot("import-preview");

    await app.goTo("settings");
    await app.waitFor("company-form");
    await app.waitFor("smtp-form");
    await shot("settings");
  }

  it("in English", async () => {
    await captureScreens("en");
  });

  it("in Chinese", async () => {
    await app.setLanguage("zh-CN");
    await captureScreens("zh-CN");
    await app.setLanguage("en");
  });
});
