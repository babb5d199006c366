// @vitest-environment jsdom
/**
 * Payment plans, insurance claims and the promises report against the preview backend: a plan
 * is shown before it is set up and is set up as shown, a plan missed beyond its grace period is
 * broken after a confirmation, a claim is filed, decided once and its payment shown allocated,
 * and the backend's refusals are shown word for word.
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
    `Nothing with data-testid="${testId}" appeared in ${window.location.hash}: ${container.innerHTML.slice(0, 2000)}`,
  );
}

/** Waits until `testId` reads `text`. */
async function waitForText(testId: string, text: string, tries = 40): Promise<HTMLElement> {
  for (let i = 0; i < tries; i++) {
    const found = find(testId);
    if (found?.textContent === text) {
      return found;
    }
    await settle(50);
  }
  throw new Error(`${testId} reads ${JSON.stringify(find(testId)?.textContent)}, not ${text}`);
}

/** Waits until `testId` holds `text` somewhere in it. */
async function waitForPart(testId: string, text: string, tries = 40): Promise<HTMLElement> {
  for (let i = 0; i < tries; i++) {
    const found = find(testId);
    if (found?.textContent?.includes(text)) {
      return found;
    }
    await settle(50);
  }
  throw new Error(`${testId} reads ${JSON.stringify(find(testId)?.textContent)}, without ${text}`);
}

async function open(hash: string) {
  window.location.hash = hash;
  await settle(10);
}

async function type(testId: string, value: string) {
  const input = (await waitFor(testId)) as HTMLInputElement;
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function choose(testId: string, value: string) {
  const select = (await waitFor(testId)) as HTMLSelectElement;
  await act(async () => {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
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
  // The stand-in's book: invoice INV-0000002 of insured customer C0002 is overdue on this date.
  await type("as-of-date", "2024-06-30");
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

describe("payment plans", () => {
  it("shows the instalments before setting up a plan over the overdue items", async () => {
    await open("#/customers/C0002");
    await waitFor("customer-plans");
    await click("customer-plan");
    await waitFor("plan-dialog");
    expect((find("plan-item-INV-0000002") as HTMLInputElement).checked).toBe(true);
    expect(find("plan-chosen")?.textContent).toBe("Invoices chosen: 1; open on them: €231.07");

    await type("plan-down", "31.07");
    await type("plan-parts", "2");
    await type("plan-rate", "8");
    await type("plan-grace", "5");
    expect(find("plan-create")).toBeNull();
    await click("plan-preview-button");
    const first = await waitFor("plan-preview-1");
    expect([first.dataset.due, first.dataset.amount]).toEqual(["2024-06-30", "31.07"]);
    // 200.00 at 8 % for the 61 days to 2024-08-30: 2.6740 -> 2.67, in shares of 1.33 and 1.34.
    expect(find("plan-preview-interest")?.dataset.amount).toBe("2.67");
    expect([find("plan-preview-2")?.dataset.due, find("plan-preview-2")?.dataset.amount]).toEqual([
      "2024-07-30",
      "101.33",
    ]);
    expect([find("plan-preview-3")?.dataset.due, find("plan-preview-3")?.dataset.amount]).toEqual([
      "2024-08-30",
      "101.34",
    ]);
    expect(find("plan-preview-total")?.textContent).toBe("€233.74");

    await click("plan-create");
    expect((await waitFor("plan-notice")).textContent).toBe(
      "Set up payment plan PLAN-2 for customer C0002: 233.74 EUR in 3 instalments due from 2024-06-30 to 2024-08-30; invoices INV-0000002 are settled into it.",
    );
    const row = await waitFor("plan-2-instalment-1");
    expect([row.dataset.state, row.dataset.amount]).toEqual(["due", "31.07"]);
    expect(find("customer-plan-2")?.dataset.state).toBe("on_track");
  });

  it("takes the preview away when the form changes after it", async () => {
    await open("#/customers/C0002");
    await click("customer-plan");
    await click("plan-preview-button");
    await waitFor("plan-preview");
    await type("plan-parts", "4");
    expect(find("plan-preview")).toBeNull();
    expect(find("plan-create")).toBeNull();
    expect(find("plan-preview-stale")?.textContent).toBe(
      "The form changed; show the instalments again before setting up the plan.",
    );
  });

  it("shows the backend's refusal of a schedule as it comes", async () => {
    await open("#/customers/C0002");
    await click("customer-plan");
    await click("plan-kind-explicit");
    await type("plan-part-0-date", "2024-07-31");
    await type("plan-part-0-amount", "100.00");
    await click("plan-preview-button");
    expect((await waitFor("error-message")).textContent).toBe(
      "The parts of the schedule add up to 100.00 EUR, not to the 231.07 EUR to be paid in parts; change the amounts so that they add up to 231.07 EUR.",
    );
    expect(find("plan-preview")).toBeNull();
  });

  it("shows each instalment's adherence and breaks a plan missed beyond its grace", async () => {
    // Plan 1's first instalment fell due on 2024-07-01 with five days of grace.
    await type("as-of-date", "2024-07-04");
    await open("#/followup");
    await click("plan-details-toggle-1");
    expect((await waitFor("plan-1-instalment-1")).textContent).toContain(
      "Late, in grace until Jul 6, 2024",
    );
    expect(find("plan-break-1")).toBeNull();

    await type("as-of-date", "2024-07-10");
    await waitForText("plan-state-1", "Broken");
    expect(find("plan-1-instalment-1")?.dataset.state).toBe("missed");
    expect(find("plan-note-1")?.textContent).toBe(
      "Instalment 1 was missed beyond its grace period, so the remaining €1,000.00 fell due on Jul 7, 2024. Break the plan to record it, so that aging shows the balance overdue.",
    );
    await click("plan-break-1");
    expect((await waitFor("break-plan-question")).textContent).toBe(
      "Instalment 1 was missed beyond its grace period. Record the plan broken? The remaining €1,000.00 then falls due on Jul 7, 2024 and is chased again.",
    );
    await click("break-plan-confirm");
    expect((await waitFor("plan-notice")).textContent).toBe(
      "Recorded payment plan PLAN-1 of customer C0001 broken: the remaining 1000.00 EUR fell due on 2024-07-07 and is chased again.",
    );
    expect((await waitFor("plan-recorded-1")).textContent).toBe(
      "Recorded broken; the balance fell due on Jul 7, 2024",
    );
    expect(find("plan-break-1")).toBeNull();
    expect(find("plan-note-1")).toBeNull();
  });

  it("records every broken plan at once, like plans --enforce", async () => {
    await type("as-of-date", "2024-07-10");
    await open("#/followup");
    await waitForText("plan-state-1", "Broken");
    await click("plans-enforce");
    await waitFor("plan-recorded-1");
    expect(find("plan-notice")?.textContent).toContain("Recorded payment plan PLAN-1");
    await click("plans-enforce");
    await waitForText(
      "plan-notice",
      "No plan is broken and unrecorded on Jul 10, 2024; nothing was recorded.",
    );
  });
});

describe("insurance claims", () => {
  it("files a claim on an insured customer's invoice, records the decision and the payment", async () => {
    await open("#/invoices/INV-0000002");
    expect((await waitFor("invoice-insurance")).textContent).toBe(
      "Insured with Northgate Credit Insurance, policy NG-2024-0412.",
    );
    await click("invoice-file-claim");
    expect(((await waitFor("claim-claimed")) as HTMLInputElement).value).toBe("231.07");
    await type("claim-claimed", "120.00");
    await click("claim-dialog-save");
    expect((await waitFor("claim-notice")).textContent).toBe(
      "Filed claim 1 with the insurer for 120.00 EUR on invoices INV-0000002.",
    );
    expect((await waitFor("claim-1")).dataset.decision).toBe("pending");

    await click("claim-decide-1");
    await choose("decide-decision", "partly");
    await type("decide-paid", "100.00");
    await click("decide-dialog-save");
    await waitForText(
      "claim-notice",
      "Claim 1 is partly: the insurer paid 100.00 EUR on 2024-06-30; record that money as a payment of customer C0002 against the claimed invoices, like any receipt. The retention of 20.00 EUR is still owed by customer C0002 and chased.",
    );
    expect(find("claim-retention-1")?.dataset.amount).toBe("20.00");
    expect(find("claim-decide-1")).toBeNull();
    await waitForPart("claim-receipt-1", "Not recorded");

    await click("claim-record-receipt-1");
    expect(((await waitFor("receipt-reference")) as HTMLInputElement).value).toBe("CLAIM-1");
    expect(((await waitFor("receipt-amount")) as HTMLInputElement).value).toBe("100.00");
    await click("receipt-dialog-save");
    await waitForText(
      "claim-notice",
      "Recorded payment CLAIM-1 of 100.00 EUR against invoice INV-0000002.",
    );
    await waitForText("claim-receipt-1", "€100.00 allocated to INV-0000002");
    expect(find("claim-record-receipt-1")).toBeNull();
  });

  it("shows the backend's refusal of a claim above what is open", async () => {
    await open("#/followup");
    await click("followup-file-claim");
    await type("claim-customer", "C0002");
    await type("claim-invoices", "INV-0000002");
    await type("claim-claimed", "999.00");
    await click("claim-dialog-save");
    expect((await waitFor("error-message")).textContent).toBe(
      "The amount claimed 999.00 EUR is above the 231.07 EUR open on invoices INV-0000002 on 2024-06-30, the filing date; claim at most what is open.",
    );
  });

  it("lists no claim button on an uninsured customer's invoice", async () => {
    await open("#/invoices/INV-0000001");
    await waitFor("invoice-facts");
    await settle(200);
    expect(find("invoice-claims")).toBeNull();
  });
});

describe("the promises report", () => {
  it("lists the promises by state with their totals", async () => {
    await act(async () => {
      await api.addPromise({
        customer: "C0002",
        made_on: "2024-06-20",
        promised_on: "2024-07-15",
        amount: "200.00",
        currency: null,
        promised_by: "Ms Lind",
        channel: "phone",
        invoices: ["INV-0000002"],
        dunning_level: null,
      });
    });
    await open("#/followup");
    const pending = await waitFor("promises-pending");
    expect(pending.querySelector("h3")?.textContent).toBe("Pending: 1");
    expect((await waitFor("promise-report-1")).textContent).toContain("Ms Lind");
    expect(find("promises-total-pending-EUR")?.textContent).toBe("€200.00");
    expect(find("promises-kept")?.textContent).toContain("None.");
  });
});
