// @vitest-environment jsdom
/**
 * The whole UI against the preview backend: the screens render their figures under the test
 * ids the end-to-end tests use, the language switches at run time, and dialogs close on Escape.
 */

import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { setTransport } from "../api";
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

async function waitFor(testId: string, tries = 40): Promise<HTMLElement> {
  for (let i = 0; i < tries; i++) {
    const found = container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
    if (found) {
      return found;
    }
    await settle(50);
  }
  throw new Error(
    `Nothing with data-testid="${testId}" appeared in ${window.location.hash}: ${container.innerHTML.slice(0, 1500)}`,
  );
}

async function open(hash: string) {
  window.location.hash = hash;
  await settle(10);
}

beforeEach(async () => {
  localStorage.clear();
  setTransport(previewTransport());
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
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

describe("the application", () => {
  it("shows the dashboard totals per currency and bucket, to the cent", async () => {
    expect((await waitFor("aging-total-EUR")).textContent).toBe("€1,234,567.89");
    expect((await waitFor("aging-bucket-EUR-0")).textContent).toBe("€777,778.88");
    expect((await waitFor("receivable-total-USD")).textContent).toBe("$98,765.43");
    expect((await waitFor("aging-chart-EUR")).getAttribute("aria-label")).toContain(
      "Over 90 days €50,000.00",
    );
    expect((await waitFor("alert-0")).textContent).toBe(
      "Customer 2 GmbH (C0002) owes €4,210.50 more than 90 days overdue; the oldest item is 121 days overdue.",
    );
    expect((await waitFor("alert-count-disputed")).textContent).toBe(
      "Disputed: 23 in all; the oldest are listed.",
    );
  });

  it("moves the focus to the heading of each screen it opens", async () => {
    await waitFor("heading-dashboard");
    await open("#/customers");
    const heading = await waitFor("heading-customers");
    expect(document.activeElement).toBe(heading);
  });

  it("switches to Chinese and back while running, and remembers the choice", async () => {
    const heading = await waitFor("heading-dashboard");
    const select = (await waitFor("language-switch")) as HTMLSelectElement;
    await act(async () => {
      select.value = "zh-CN";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(heading.textContent).toBe("概览");
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(localStorage.getItem("creditdesk.language")).toBe("zh-CN");
    expect((await waitFor("nav-invoices")).textContent).toBe("发票");
    await act(async () => {
      select.value = "en";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(heading.textContent).toBe("Dashboard");
  });

  it("lists customers page by page with a row per customer", async () => {
    await open("#/customers");
    expect((await waitFor("customer-count")).textContent).toMatch(/customers|Loading/);
    await settle(200);
    expect((await waitFor("customer-count")).textContent).toBe("300 customers");
    expect(
      container.querySelector('[data-testid="customer-list"]')?.getAttribute("aria-rowcount"),
    ).toBe("301");
  });

  it("records a payment with the form's test ids and shows the backend's sentence", async () => {
    await open("#/payment?customer=C0001");
    const field = (id: string) =>
      container.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
    await waitFor("payment-form");
    expect(field("payment-customer").value).toBe("C0001");
    const type = async (id: string, value: string) =>
      act(async () => {
        const input = field(id);
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        setter.call(input, value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    await type("payment-reference", "BANK-17");
    await type("payment-amount", "1,500.25");
    await act(async () => field("payment-submit").click());
    expect((await waitFor("payment-result")).textContent).toContain(
      "Recorded payment BANK-17 of 1500.25 EUR; it stays unapplied until it is allocated.",
    );
  });

  it("shows the 13-week forecast with its chart, table and delays", async () => {
    await open("#/forecast");
    expect((await waitFor("forecast-week-EUR-1")).textContent).toBe("€12,500.00");
    expect((await waitFor("forecast-disputed-EUR")).textContent).toBe("€1,500.00");
    const chart = await waitFor("forecast-chart-EUR");
    expect(chart.querySelectorAll("rect")).toHaveLength(13);
    expect(chart.querySelector("text")?.textContent).toMatch(/^\d\d-\d\d$/);
    expect((await waitFor("forecast-delays-EUR")).textContent).toContain("C0001");
  });

  it("shows the payment plans with their state on the follow-up screen", async () => {
    // The stand-in's plan falls due from 2024-07-01: on track at the end of June.
    const asOf = (await waitFor("as-of-date")) as HTMLInputElement;
    await act(async () => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
      setter.call(asOf, "2024-06-30");
      asOf.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await open("#/followup");
    expect((await waitFor("plan-state-1")).textContent).toBe("On track");
    expect((await waitFor("plan-remaining-1")).textContent).toBe("€1,000.00");
    expect((await waitFor("followup-claims")).textContent).toContain(
      "No claim was filed with the insurer.",
    );
  });

  it("opens the new-book dialog from the book chooser and closes it with Escape", async () => {
    await open("#/books");
    const button = await waitFor("book-new");
    await act(async () => button.click());
    const dialog = await waitFor("new-book-dialog");
    expect(document.activeElement).toBe(container.querySelector('[data-testid="new-book-name"]'));
    await act(async () => {
      dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    });
    expect(container.querySelector('[data-testid="new-book-dialog"]')).toBeNull();
  });

  it("walks the import wizard to a preview that lists the bad rows by line", async () => {
    await open("#/import");
    const pick = await waitFor("import-pick-file");
    await act(async () => pick.click());
    await waitFor("import-step-profile");
    await settle(400);
    const preview = await waitFor("import-preview");
    await act(async () => preview.click());
    await waitFor("import-step-preview");
    const row = await waitFor("problem-row-0");
    expect(row.getAttribute("data-line")).toBe("7");
    expect((await waitFor("problem-row-1")).textContent).toContain("2024-02-30");
    expect(
      (container.querySelector('[data-testid="import-start"]') as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it("sends the SMTP password once, forgets it, and shows the server's answer to a test mail", async () => {
    await open("#/settings");
    const password = (await waitFor("smtp-password")) as HTMLInputElement;
    const type = async (input: HTMLInputElement, value: string) =>
      act(async () => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        setter.call(input, value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    await type(password, "s3cret");
    const save = await waitFor("smtp-save");
    await act(async () => save.click());
    await waitFor("smtp-saved");
    expect(password.value).toBe("");
    expect((await waitFor("smtp-password-state")).textContent).toContain(
      "A password is kept in the system keychain.",
    );

    await type((await waitFor("test-mail-to")) as HTMLInputElement, "me@example.com");
    const send = await waitFor("test-mail-send");
    await act(async () => send.click());
    expect((await waitFor("test-mail-result")).textContent).toBe(
      "A test mail to me@example.com was accepted by smtp.example.com:587 (STARTTLS). The server answered: 250 2.0.0 Ok: queued as 4F2A1",
    );
  });

  it("takes the as-of date as year-month-day and refuses a day the calendar does not have", async () => {
    const input = (await waitFor("as-of-date")) as HTMLInputElement;
    const type = async (value: string) =>
      act(async () => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
        setter.call(input, value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    await type("2024-02-30");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect((await waitFor("as-of-date-hint")).textContent).toBe(
      '"2024-02-30" is not a date; write it as year-month-day, e.g. 2024-06-30.',
    );
    await type("2024-02-29");
    expect(input.getAttribute("aria-invalid")).toBe("false");
    expect((await waitFor("as-of-date-hint")).textContent).toBe("Feb 29, 2024");
  });
});
