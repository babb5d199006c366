// @vitest-environment jsdom
/**
 * The reference rates on the Settings screen against the preview backend: the four tables with
 * their origin and last day known, a table's periods, a refused file with its problems by line,
 * a newer file loaded with what it adds, the way back to the shipped table with the days it no
 * longer knows, and the tables that end before the as-of date. The backend's sentences are shown
 * word for word.
 */

import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import * as api from "../api";
import { I18nProvider } from "../i18n/context";
import { previewTransport } from "../preview/backend";
import { App } from "./App";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLElement;

async function settle(ms = 80) {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

const find = (testId: string) => container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

async function waitFor(testId: string, tries = 40): Promise<HTMLElement> {
  for (let i = 0; i < tries; i++) {
    const found = find(testId);
    if (found) {
      return found;
    }
    await settle(50);
  }
  throw new Error(
    `Nothing with data-testid="${testId}" appeared in ${window.location.hash}: ${container.innerHTML.slice(0, 3000)}`,
  );
}

async function waitUntil(probe: () => boolean, what: string, tries = 40) {
  for (let i = 0; i < tries; i++) {
    if (probe()) {
      return;
    }
    await settle(50);
  }
  throw new Error(`${what} did not happen: ${container.innerHTML.slice(0, 3000)}`);
}

async function type(testId: string, value: string) {
  const input = (await waitFor(testId)) as HTMLInputElement;
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function click(testId: string) {
  const element = await waitFor(testId);
  await act(async () => element.click());
}

beforeEach(async () => {
  localStorage.clear();
  api.setTransport(previewTransport());
  window.location.hash = "#/dashboard";
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  await act(async () => {
    root.render(
      <I18nProvider initial="en">
        <App />
      </I18nProvider>,
    );
  });
  await type("as-of-date", "2026-07-31");
  window.location.hash = "#/settings";
  await settle(10);
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

describe("the reference rates on the Settings screen", () => {
  it("list the four tables with where each comes from and the last day it knows", async () => {
    const german = await waitFor("reference-rate-de-base");
    expect(german.getAttribute("data-origin")).toBe("shipped");
    expect(german.getAttribute("data-known-until")).toBe("2026-06-30");
    expect(find("reference-rate-de-base-origin")?.textContent).toBe("Shipped with CreditDesk");
    expect(find("reference-rate-de-base-known-until")?.textContent).toBe("Jun 30, 2026");
    for (const code of ["ecb", "boe", "cn-lpr"]) {
      expect(find(`reference-rate-${code}`)).not.toBeNull();
    }
    expect((find("reference-rate-de-base-reset") as HTMLButtonElement).disabled).toBe(true);

    // The EU and German tables end before the as-of date; the others reach it.
    expect(find("reference-rates-ending-0")?.textContent).toBe(
      "The ECB reference rate table ends on Jun 30, 2026, before the as-of date Jul 31, 2026: interest for later days is refused until a newer file is loaded.",
    );
    expect(find("reference-rates-ending-1")?.textContent).toBe(
      "The German base rate table ends on Jun 30, 2026, before the as-of date Jul 31, 2026: interest for later days is refused until a newer file is loaded.",
    );
    expect(find("reference-rates-ending-2")).toBeNull();

    await click("reference-rate-de-base-show");
    const row = await waitFor("reference-rate-de-base-period-2026-01-01");
    expect(row.textContent).toBe("Jan 1, 2026Jun 30, 20261.27");
    expect(row.querySelector("[data-percent]")?.getAttribute("data-percent")).toBe("1.27");
    await click("reference-rate-de-base-show");
    expect(find("reference-rate-de-base-periods")).toBeNull();
  });

  it("refuse a bad file with every problem by line, then load a newer one and go back", async () => {
    await click("reference-rate-de-base-load");
    const refused = await waitFor("reference-rates-outcome");
    expect(refused.getAttribute("data-kind")).toBe("refused");
    expect(refused.querySelector("p")?.textContent).toBe(
      "de-base-typo.csv has 2 problem(s); the German base rate table was not changed. Correct the file and load it again.",
    );
    const first = await waitFor("reference-rates-problem-0");
    expect(first.getAttribute("data-line")).toBe("3");
    expect(first.textContent).toBe("3Line 3 has 4 fields; give exactly three: from,to,percent.");
    expect(find("reference-rates-problem-1")?.getAttribute("data-line")).toBe("5");
    expect(find("reference-rate-de-base")?.getAttribute("data-origin")).toBe("shipped");

    await click("reference-rate-de-base-load");
    await waitUntil(
      () => find("reference-rate-de-base")?.getAttribute("data-origin") === "loaded",
      "the newer file replacing the German table",
    );
    expect(find("reference-rates-message")?.textContent).toBe(
      "Loaded de-base-newer.csv as the German base rate table: 3 period(s) from 2025-07-01 through 2026-12-31.",
    );
    expect(find("reference-rates-note-0")?.textContent).toBe(
      "Rates are now known through 2026-12-31, 184 day(s) more than before (2026-06-30).",
    );
    expect(find("reference-rates-warnings")).toBeNull();
    expect(find("reference-rate-de-base-known-until")?.textContent).toBe("Dec 31, 2026");
    expect(find("reference-rate-de-base-origin")?.textContent).toContain(
      "de-base-newer.csv, loaded ",
    );
    expect(find("reference-rates-ending-1")).toBeNull();

    await click("reference-rate-de-base-reset");
    await waitUntil(
      () => find("reference-rate-de-base")?.getAttribute("data-origin") === "shipped",
      "the shipped German table coming back",
    );
    expect(find("reference-rates-message")?.textContent).toBe(
      "The German base rate table is the shipped one again: 2 period(s) from 2025-07-01 through 2026-06-30; de-base-newer.csv no longer applies.",
    );
    expect(find("reference-rates-warning-0")?.textContent).toBe(
      "The German base rate table now ends on 2026-06-30, 184 day(s) earlier than before (2026-12-31): interest for days after 2026-06-30 is refused until a table that covers them is loaded.",
    );
    expect(find("reference-rates-ending-1")?.textContent).toContain("German base rate");
  });
});
