// @vitest-environment jsdom
/**
 * Collections against the preview backend: a run proposed at the as-of date is reviewed (its
 * totals, items, what was left out and why), approved in part and executed after a
 * confirmation; the outbox sends the queued reminders with a progress bar while the screen stays
 * usable, and takes a person's word on failed and unconfirmed messages; a call is recorded; a
 * customer's collections tab changes its address, pauses it, waives charges and saves a
 * statement; the settings change the ladder and a template. The backend's sentences are shown
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

async function waitUntil(probe: () => boolean, what: string, tries = 40) {
  for (let i = 0; i < tries; i++) {
    if (probe()) {
      return;
    }
    await settle(50);
  }
  throw new Error(`${what} did not happen: ${container.innerHTML.slice(0, 3000)}`);
}

async function open(hash: string) {
  window.location.hash = hash;
  await settle(10);
}

async function type(testId: string, value: string) {
  const input = (await waitFor(testId)) as HTMLInputElement | HTMLTextAreaElement;
  await act(async () => {
    const proto =
      input instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(input, value);
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
  await type("as-of-date", "2024-06-30");
});

afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

/** Proposes the stand-in's run as of 2024-06-30, approves every communication and executes it. */
async function executedRun() {
  await open("#/collections");
  await click("propose-run");
  await waitFor("dunning-run");
  await click("approve-all");
  await waitFor("run-notice");
  await click("execute-run");
  await type("execute-date", "2024-06-30");
  await click("execute-confirm");
  await waitFor("execution-report");
}

describe("a dunning run", () => {
  it("is proposed at the as-of date with its totals, items and what it left out", async () => {
    await open("#/collections");
    expect((await waitFor("propose-run")).textContent).toBe("Propose a run as of Jun 30, 2024");
    await click("propose-run");
    const run = await waitFor("dunning-run");
    expect(run.dataset.state).toBe("proposed");
    expect(find("run-message")?.textContent).toBe(
      "Proposed run 1 for 2024-06-30 with 5 communication(s); 3 item(s) left out, 1 allocation task(s).",
    );
    expect(find("run-count")?.dataset.count).toBe("5");
    // 1,560.40 + 820.00 + 2,533.41 + 5,401.15 in EUR; 640.00 in USD.
    expect(find("run-total-EUR")?.dataset.amount).toBe("10314.96");
    expect(find("run-total-USD")?.dataset.amount).toBe("640.00");
    expect(find("comm-total-103")?.dataset.amount).toBe("2533.41");
    expect(find("comm-compensation-105")?.textContent).toBe("+ €40.00 compensation");

    await click("comm-items-101");
    expect(find("comm-items-101")?.getAttribute("aria-expanded")).toBe("true");
    expect(find("comm-item-101-INV-0000302-1")?.textContent).toContain("Jun 20, 2024");
    expect(find("comm-item-101-INV-0000602-1")?.textContent).toContain("€310.40");

    expect(find("left-out-disputed")?.dataset.count).toBe("1");
    expect(find("left-out-paused")?.textContent).toContain(
      "Invoice INV-0000005 (instalment 1, 730.00 EUR) is paused until 2024-09-30: Insolvency proceedings.",
    );
    expect(find("left-out-promise_pending")?.textContent).toContain(
      "Promise to pay not yet due: 1",
    );
    expect(find("allocation-tasks")?.textContent).toContain(
      "Allocate R-77 (-150.00 EUR) of customer C0003: it is not yet matched to invoices, and 820.00 EUR is overdue.",
    );
    expect((find("execute-run") as HTMLButtonElement).disabled).toBe(true);
  });

  it("approves the communications chosen, executes them after a confirmation and says what was sent", async () => {
    await open("#/collections");
    await click("propose-run");
    await waitFor("dunning-run");
    await click("comm-select-105");
    expect(find("approve-selected")?.textContent).toBe("Approve selected (4)");
    await click("approve-selected");
    expect((await waitFor("run-notice")).textContent).toBe(
      "Approved 4 communication(s) of run 1; 4 of 5 are approved.",
    );
    expect(find("comm-101")?.dataset.state).toBe("approved");
    expect(find("comm-105")?.dataset.state).toBe("proposed");

    await click("execute-run");
    expect((await waitFor("execute-question")).textContent).toContain(
      "Executing sends the 4 approved communication(s) of the run as of Jun 30, 2024",
    );
    await type("execute-date", "2024-06-29");
    await click("execute-confirm");
    expect((await waitFor("error-message")).textContent).toBe(
      "Run 1 is for 2024-06-30; it cannot be executed on 2024-06-29, before that day. Execute it on or after 2024-06-30.",
    );
    await type("execute-date", "2024-07-01");
    await click("execute-confirm");

    expect((await waitFor("execution-message")).textContent).toBe(
      "Executed run 1 for 2024-06-30 on 2024-07-01: 4 communication(s) sent, 1 not approved and skipped.",
    );
    expect(find("execution-counts")?.textContent).toBe(
      "2 email(s) queued in the outbox, 1 letter(s) to print, 1 phone task(s).",
    );
    expect(find("executed-101")?.textContent).toBe(
      "Queued reminder email D-2024-000101 to customer C0002 (ar2@example.com): level 1, 1560.40 EUR.",
    );
    expect(find("execution-consequences")?.textContent).toContain("Credit hold");
    await waitUntil(
      () => find("dunning-run")?.dataset.state === "executed",
      "the run shown executed",
    );
    expect(find("comm-105")?.dataset.state).toBe("skipped");

    await click("letter-open-103");
    expect((await waitFor("letter-status-103")).textContent).toBe(
      "D-2024-000103-C0004.pdf is open in the PDF viewer.",
    );
    expect(find("letter-open-102")).toBeNull();
    expect(find("past-run-1")?.dataset.state).toBe("executed");
  });
});

describe("the outbox", () => {
  it("sends the queued reminders with a progress bar and takes a person's word on the others", async () => {
    await executedRun();
    await click("go-outbox");
    await waitFor("outbox-list");
    expect(find("outbox-counts")?.dataset.queued).toBe("2");
    expect(find("outbox-4")?.dataset.state).toBe("queued");
    expect(find("outbox-explain-2")?.textContent).toBe(
      "The server's answer was lost, so the message may have arrived. Ask the recipient: mark it sent if it arrived, or send it again (it may then arrive twice).",
    );

    await click("outbox-send");
    const bar = await waitFor("outbox-progress");
    expect(bar.getAttribute("role")).toBe("progressbar");
    // The rest of the app answers while the messages go.
    expect((find("nav-dashboard") as HTMLAnchorElement).getAttribute("href")).toBe("#/dashboard");
    expect((await waitFor("outbox-report")).textContent).toBe(
      "2 sent, 0 to be tried again later, 0 failed, 0 unconfirmed.",
    );
    await waitUntil(() => find("outbox-4")?.dataset.state === "sent", "message 4 sent");
    expect(find("outbox-5")?.dataset.state).toBe("sent");

    await click("outbox-send_again-1");
    expect((await waitFor("outbox-notice")).textContent).toBe(
      "Message 1 is queued again; it goes with the next Send now.",
    );
    await waitUntil(() => find("outbox-1")?.dataset.state === "queued", "message 1 queued");
    await click("outbox-arrived-2");
    await waitForText("outbox-notice", "Message 2 is marked sent.");
    await waitUntil(() => find("outbox-2")?.dataset.state === "sent", "message 2 sent");
  });
});

describe("phone tasks", () => {
  it("records a promise made on the call and asks for what the promise lacks", async () => {
    await executedRun();
    await click("go-calls");
    const call = await waitFor("call-1");
    expect(call.dataset.state).toBe("open");
    await click("call-record-1");
    await click("call-outcome-promised");
    await click("call-dialog-save");
    expect((await waitFor("call-promise-amount-error")).textContent).toBe(
      '"" is not a number; write it like 1,234.56.',
    );
    await type("call-promise-amount", "820.00");
    await type("call-promise-date", "2024-07-15");
    await type("call-promised-by", "Ms Lind");
    await click("call-dialog-save");
    expect((await waitFor("call-notice")).textContent).toBe(
      "Recorded the call of phone task 1 to customer C0003 on 2024-06-30: promised to pay.",
    );
    await waitUntil(() => find("call-1")?.dataset.state === "promised", "the call recorded");
  });
});

describe("a customer's collections tab", () => {
  it("gives a customer without an address one, and saves its statement", async () => {
    await open("#/customers/C0004?tab=collections");
    expect((await waitFor("address-missing")).textContent).toBe(
      "No postal address: printed letters to this customer cannot be executed until one is given.",
    );
    expect(find("interest-terms")?.textContent).toBe(
      "the ECB reference rate plus 9 points (EU Directive 2011/7/EU)",
    );
    await click("address-edit");
    await type("address-lines-input", "Customer 4 GmbH\nSeestrasse 4\n8002 Zürich");
    await type("address-country", "ch");
    await choose("address-language", "zh-CN");
    await click("address-dialog-save");
    expect((await waitFor("collections-notice")).textContent).toBe(
      "Saved the postal address and letter language of customer C0004.",
    );
    await waitFor("address-lines");
    expect(find("address-lines")?.textContent).toBe("Customer 4 GmbHSeestrasse 48002 ZürichCH");
    expect(find("letter-language")?.textContent).toBe("Letters are written in 简体中文.");

    // The company's language can be chosen again.
    await click("address-edit");
    await choose("address-language", "");
    await click("address-dialog-save");
    await waitUntil(
      () =>
        find("letter-language")?.textContent ===
        "Letters are written in the company's letter language.",
      "the company's letter language applies again",
    );

    await click("statement-open");
    await choose("statement-paper", "letter");
    await click("statement-dialog-save");
    expect((await waitFor("statement-saved")).textContent).toBe(
      "Saved as statement-C0004-2024-06-30.pdf.",
    );
  });

  it("pauses the customer and refuses a pause that ends before it starts", async () => {
    await open("#/customers/C0002?tab=collections");
    await click("pause-add");
    await type("pause-reason", "Awaiting the credit note");
    await type("pause-until", "2024-06-01");
    await click("pause-dialog-save");
    expect((await waitFor("error-message")).textContent).toBe(
      "The pause ends on 2024-06-01, before it starts on 2024-06-30; give an end date on or after 2024-06-30.",
    );
    await type("pause-until", "2024-07-31");
    await click("pause-dialog-save");
    expect((await waitFor("collections-notice")).textContent).toBe(
      "Recorded pause 2: customer C0002 is not chased from 2024-06-30 through 2024-07-31.",
    );
    await click("pause-lift-2");
    await waitForText(
      "collections-notice",
      "Lifted pause 2: customer C0002 is chased again from 2024-06-30.",
    );
  });

  it("waives part of the charges a formal demand claimed and lists the letter sent", async () => {
    await executedRun();
    await open("#/customers/C0004?tab=collections");
    // A fee of 15.00 and interest of 18.42 on the invoice due first.
    expect((await waitFor("charges-open-INV-0000004")).dataset.amount).toBe("33.42");
    await click("charges-waive-INV-0000004");
    await type("charge-amount", "15.00");
    await click("charge-dialog-save");
    expect((await waitFor("collections-notice")).textContent).toBe(
      "Waived 15.00 EUR of the charges on invoice INV-0000004; 18.42 EUR of them is still open.",
    );
    await waitUntil(
      () => find("charges-open-INV-0000004")?.dataset.amount === "18.42",
      "the charges open after the waiver",
    );
    expect(find("communication-103")?.textContent).toContain("D-2024-000103");
    expect(find("letter-save-103")).not.toBeNull();
  });
});

describe("the dunning settings", () => {
  it("uses a shipped ladder and shows every problem of an edited one, one a line", async () => {
    await open("#/settings");
    expect((await waitFor("dunning-policy-message")).textContent).toBe(
      'The book uses the shipped policy "firm".',
    );
    await choose("dunning-preset", "gentle");
    await click("dunning-use-preset");
    expect((await waitFor("dunning-policy-saved")).textContent).toBe(
      'The book now uses the policy "gentle".',
    );
    await waitUntil(
      () => (find("dunning-policy-level-0-days") as HTMLInputElement | null)?.value === "30",
      "the gentle ladder in the editor",
    );
    await type("dunning-policy-level-1-days", "20");
    await type("dunning-policy-gap", "0");
    await click("dunning-policy-save");
    const error = await waitFor("error-message");
    expect([...error.querySelectorAll("p")].map((p) => p.textContent)).toEqual([
      "Level 2 applies at 20 days overdue, not later than the level before it at 30 days; give each level more days than the one before.",
      "The minimum gap between two contacts is 0 days; give at least 1 day, so that a customer is contacted at most once a day.",
    ]);
    await type("dunning-policy-level-1-fees", "fifteen");
    await click("dunning-policy-save");
    expect((await waitFor("dunning-policy-level-1-fees-error")).textContent).toBe(
      '"fifteen" is not an amount with its currency; write it like 5.00 EUR.',
    );
  });

  it("edits a template, refuses a value letters do not know, and resets it", async () => {
    await open("#/settings");
    await waitFor("template-placeholders");
    await waitUntil(
      () => (find("template-subject") as HTMLInputElement | null)?.value !== "",
      "the reminder's subject",
    );
    expect(find("template-origin")?.textContent).toBe("The text CreditDesk ships.");
    expect(find("template-placeholders")?.textContent).toContain("{pay_by}The day to pay by");
    await type("template-subject", "Overdue: {total} {currency} ({discount})");
    await click("template-save");
    expect((await waitFor("error-message")).textContent).toContain(
      "The body is not saved. The text names {discount}, which letters do not know;",
    );
    await type("template-subject", "Overdue: {total} {currency}");
    await click("template-save");
    expect((await waitFor("template-saved")).textContent).toBe("Saved the template reminder.");
    await waitForText("template-origin", "Your own text; reset it to go back to the shipped one.");
    await click("template-reset");
    await waitForText("template-saved", 'The template "reminder" in en is the shipped text again.');
  });
});

describe("in Chinese", () => {
  it("names the collections screens and their columns", async () => {
    await choose("language-switch", "zh-CN");
    expect((await waitFor("nav-collections")).textContent).toBe("催收");
    expect(find("nav-outbox")?.textContent).toBe("发件箱");
    await open("#/outbox");
    expect((await waitFor("heading-outbox")).textContent).toBe("发件箱");
    expect((await waitFor("outbox-state-1")).textContent).toBe("失败");
  });
});
