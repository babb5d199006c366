import { describe, expect, it } from "vitest";

import type { InvoiceSummary, PlanLine } from "../api/types";
import { formatDate } from "../format/date";
import { translate, type Language } from "../i18n/catalog";
import type { I18n } from "../i18n/context";
import {
  adherenceName,
  breakable,
  chosenTotals,
  emptyPlanForm,
  overdueChoices,
  planInput,
  recordedBrokenBy,
  samePlanRequest,
} from "./plans";

const eur = (amount: string) => ({ amount, currency: "EUR" });

function words(language: Language): Pick<I18n, "t" | "date"> {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as I18n["t"],
    date: (iso) => formatDate(iso, language),
  };
}

const item = (number: string, days: number | null, open: string, disputed = false) =>
  ({
    number,
    customer_reference: "HARBOUR",
    customer_name: "Harbour Supplies",
    issue_date: "2024-03-31",
    currency: "EUR",
    total: eur(open),
    open: eur(open),
    earliest_unpaid_due: "2024-04-30",
    days_overdue: days,
    disputed,
    status: "open",
  }) satisfies InvoiceSummary;

// HARBOUR on 2024-06-01: INV-1 and INV-2 overdue, INV-3 disputed, INV-4 not due yet.
const openItems = [
  item("INV-1", 32, "1000.00"),
  item("INV-2", 32, "500.00"),
  item("INV-3", 10, "250.00", true),
  item("INV-4", -5, "80.00"),
];

describe("the payment plan form", () => {
  it("offers the overdue items and chooses those not in dispute", () => {
    const choices = overdueChoices(openItems);
    expect(choices.map((c) => c.number)).toEqual(["INV-1", "INV-2", "INV-3"]);
    const form = emptyPlanForm("2024-06-01", choices);
    expect(form.invoices).toEqual(["INV-1", "INV-2"]);
    expect(chosenTotals(choices, form.invoices)).toEqual([eur("1500.00")]);
  });

  it("asks for three monthly parts from the as-of date with a down payment and interest", () => {
    const form = {
      ...emptyPlanForm("2024-06-01", overdueChoices(openItems)),
      downPayment: "100",
      rate: "8",
      graceDays: "10",
    };
    expect(planInput("HARBOUR", form, "en")).toEqual({
      ok: true,
      request: {
        customer: "HARBOUR",
        invoices: ["INV-1", "INV-2"],
        start_on: "2024-06-01",
        down_payment: "100",
        schedule: { kind: "equal_parts", parts: 3, interval: { unit: "months", months: 1 } },
        annual_rate_percent: "8",
        grace_days: 10,
      },
    });
  });

  it("sends an explicit schedule as dates and amounts, read in the UI's language", () => {
    const form = {
      ...emptyPlanForm("2024-06-01", overdueChoices(openItems)),
      kind: "explicit" as const,
      unit: "days" as const,
      schedule: [
        { dueDate: "2024-07-01", amount: "500" },
        { dueDate: "2024-08-01", amount: "1,000.00" },
      ],
    };
    const checked = planInput("HARBOUR", form, "en");
    expect(checked.ok && checked.request.schedule).toEqual({
      kind: "explicit",
      parts: [
        ["2024-07-01", "500"],
        ["2024-08-01", "1000.00"],
      ],
    });
  });

  it("says which fields cannot be read, and that an invoice must be chosen", () => {
    const form = {
      ...emptyPlanForm("2024-06-01", []),
      parts: "three",
      downPayment: "1O0",
      graceDays: "",
    };
    expect(planInput("HARBOUR", form, "en")).toEqual({
      ok: false,
      problems: {
        invoices: { kind: "required" },
        parts: { kind: "days", value: "three" },
        downPayment: { kind: "number", value: "1O0" },
        graceDays: { kind: "days", value: "" },
      },
    });
  });

  it("keeps a preview only for the request it was shown for", () => {
    const form = emptyPlanForm("2024-06-01", overdueChoices(openItems));
    const a = planInput("HARBOUR", form, "en");
    const b = planInput("HARBOUR", { ...form, parts: "4" }, "en");
    expect(a.ok && b.ok && samePlanRequest(a.request, a.request)).toBe(true);
    expect(a.ok && b.ok && samePlanRequest(a.request, b.request)).toBe(false);
  });
});

describe("a plan's instalments", () => {
  it("names each instalment's adherence in both languages", () => {
    const states = [
      { seq: 1, state: "paid", grace_ends: "2024-07-11" },
      { seq: 2, state: "in_grace", grace_ends: "2024-08-11" },
      { seq: 3, state: "due", grace_ends: "2024-09-11" },
      { seq: 4, state: "missed", grace_ends: "2024-10-11" },
    ] as const;
    expect(states.map((a) => adherenceName(a, words("en")))).toEqual([
      "Paid",
      "Late, in grace until Aug 11, 2024",
      "Due",
      "Missed",
    ]);
    expect(adherenceName(states[1], words("zh-CN"))).toBe("已逾期，宽限至 2024年8月11日");
  });

  it("offers to break only a plan broken and not recorded so", () => {
    const line = (state: "broken" | "behind", recorded: boolean) =>
      ({
        standing: { state },
        recorded_broken: recorded ? { broken_on: "2024-07-12", missed_seq: 1 } : null,
      }) as unknown as PlanLine;
    expect(breakable(line("broken", false))).toBe(true);
    expect(breakable(line("broken", true))).toBe(false);
    expect(breakable(line("behind", false))).toBe(false);
  });

  it("shows a recorded break only from the day the balance fell due", () => {
    const on = (asOf: string) =>
      ({
        standing: { as_of: asOf },
        recorded_broken: { broken_on: "2024-07-12", missed_seq: 1 },
      }) as unknown as PlanLine;
    expect(recordedBrokenBy(on("2024-07-11"))).toBe(false);
    expect(recordedBrokenBy(on("2024-07-12"))).toBe(true);
  });
});
