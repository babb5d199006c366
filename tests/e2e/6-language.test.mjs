// The language switch in the header turns the interface into Simplified Chinese and back
// while the app runs, without reloading the page.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { startApp } from "./support/app.mjs";

describe("switching the language", () => {
  let app;
  before(async () => {
    app = await startApp("language");
  });
  after(async () => app?.close());

  it("shows the headings and the navigation in Chinese, then in English again", async () => {
    await app.goTo("dashboard");
    assert.equal(await app.text("heading-dashboard"), "Dashboard");
    assert.equal(await app.text("nav-customers"), "Customers");
    // A page that reloaded would lose this mark.
    await app.browser.execute(() => {
      window.creditdeskSamePage = "yes";
    });

    await app.setLanguage("zh-CN");
    await app.waitForText("heading-dashboard", "概览");
    assert.equal(await app.text("nav-customers"), "客户");
    await app.goTo("customers");
    assert.equal(await app.text("heading-customers"), "客户");

    await app.setLanguage("en");
    await app.waitForText("heading-customers", "Customers");
    assert.equal(await app.text("nav-dashboard"), "Dashboard");
    assert.equal(await app.browser.execute(() => window.creditdeskSamePage), "yes");
  });
});
