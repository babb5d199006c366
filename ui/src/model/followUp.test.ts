import { describe, expect, it } from "vitest";

import type { ClaimLine, PlanLine, PromiseLine, PromiseState } from "../api/types";
import { translate, type Language } from "../i18n/catalog";
import type { I18n } from "../i18n/context";
import {
  claimDecisionName,
  claimRow,
  disputeGroupName,
  planRow,
  planStateName,
  promiseGroups,
  yearToDate,
} from "./followUp";

const eur = (amount: string) => ({ amount, currency: "EUR" });

function words(language: Language): Pick<I18n, "t"> {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as I18n["t"],
  };
}

const instalment = (seq: number, due: string, amount: string, paid: string, open: string) => ({
  seq,
  due_date: due,
  amount: eur(amount),
  paid: eur(paid),
  open: eur(open),
});

const plan: PlanLine = {
  id: 7,
  reference: "PLAN-7",
  customer_name: "Acme GmbH",
  plan: {
    customer_reference: "C0007",
    currency: "EUR",
    items: [{ invoice_number: "INV-1", due_date: "2024-03-31", open: eur("900.00") }],
    start_on: "2024-05-01",
    total: eur("900.00"),
    down_payment: eur("300.00"),
    financed: eur("600.00"),
    annual_rate_percent: "8",
    interest_days: 61,
    interest: eur("8.02"),
    grace_days: 5,
    instalments: [
      {
        seq: 1,
        due_date: "2024-05-01",
        principal: eur("300.00"),
        interest: eur("0.00"),
        amount: eur("300.00"),
        down_payment: true,
      },
      {
        seq: 2,
        due_date: "2024-06-01",
        principal: eur("300.00"),
        interest: eur("4.01"),
        amount: eur("304.01"),
        down_payment: false,
      },
      {
        seq: 3,
        due_date: "2024-07-01",
        principal: eur("300.00"),
        interest: eur("4.01"),
        amount: eur("304.01"),
        down_payment: false,
      },
    ],
  },
  recorded_broken: null,
  credit_notes: ["CN-INV-1"],
  standing: {
    as_of: "2024-06-03",
    state: "behind",
    paid: eur("400.00"),
    arrears: eur("204.01"),
    remaining: eur("508.02"),
    missed_seq: null,
    broken_on: null,
    balance_due: null,
    instalments: [
      instalment(1, "2024-05-01", "300.00", "300.00", "0.00"),
      instalment(2, "2024-06-01", "304.01", "100.00", "204.01"),
      instalment(3, "2024-07-01", "304.01", "0.00", "304.01"),
    ],
  },
  adherence: [
    { seq: 1, state: "paid", grace_ends: "2024-05-06" },
    { seq: 2, state: "in_grace", grace_ends: "2024-06-06" },
    { seq: 3, state: "due", grace_ends: "2024-07-06" },
  ],
  message: "Plan PLAN-7 is behind.",
};

const claim = (decision: ClaimLine["entry"]["claim"]["decision"], decided: boolean): ClaimLine => ({
  entry: {
    id: 3,
    customer_name: "Acme GmbH",
    claim: {
      customer_reference: "C0007",
      invoice_numbers: ["INV-1", "INV-2"],
      filed_on: "2024-04-02",
      claimed: eur("1000.00"),
      decision,
      paid: decided ? eur("900.00") : null,
      paid_on: decided ? "2024-05-02" : null,
      retention_treatment: "loss",
    },
    decided_on: decided ? "2024-05-01" : null,
  },
  outcome: decided ? { paid: eur("900.00"), retention: eur("100.00"), treatment: "loss" } : null,
  message: "",
});

describe("the payment plans on the follow-up screen", () => {
  it("shows a plan behind with what was scheduled, paid, in arrears and left", () => {
    expect(planRow(plan)).toEqual({
      id: 7,
      reference: "PLAN-7",
      customer: "Acme GmbH",
      customerReference: "C0007",
      state: "behind",
      scheduled: eur("908.02"),
      paid: eur("400.00"),
      arrears: eur("204.01"),
      remaining: eur("508.02"),
      next: { dueDate: "2024-06-01", open: eur("204.01") },
    });
  });

  it("has no next instalment once the plan is paid off", () => {
    const paidOff: PlanLine = {
      ...plan,
      standing: {
        ...plan.standing,
        state: "paid_off",
        instalments: plan.standing.instalments.map((i) => ({ ...i, open: eur("0.00") })),
      },
    };
    expect(planRow(paidOff).next).toBeNull();
  });

  it("names every state in both languages", () => {
    const states = ["on_track", "behind", "broken", "paid_off"] as const;
    expect(states.map((s) => planStateName(s, words("en")))).toEqual([
      "On track",
      "Behind",
      "Broken",
      "Paid off",
    ]);
    expect(planStateName("broken", words("zh-CN"))).toBe("已违约");
  });
});

describe("the insurance claims on the follow-up screen", () => {
  it("shows a decided claim with what the insurer paid and the retention", () => {
    expect(claimRow(claim("partly", true))).toEqual({
      id: 3,
      customer: "Acme GmbH",
      invoices: "INV-1, INV-2",
      filedOn: "2024-04-02",
      claimed: eur("1000.00"),
      decision: "partly",
      paid: eur("900.00"),
      paidOn: "2024-05-02",
      retention: eur("100.00"),
      treatment: "loss",
    });
  });

  it("shows nothing paid and no retention while a claim is pending", () => {
    const row = claimRow(claim("pending", false));
    expect(row.paid).toBeNull();
    expect(row.retention).toBeNull();
    expect(claimDecisionName(row.decision, words("en"))).toBe("Pending");
    expect(claimDecisionName("refused", words("zh-CN"))).toBe("已拒绝");
  });
});

describe("the disputes and bad debt on the follow-up screen", () => {
  const total = (group: string) => ({ group, currency: "EUR", count: 1, amount: eur("1.00") });

  it("names a reason group by the reason and an age group by its days", () => {
    expect(disputeGroupName(total("not_received"), words("en"))).toBe("Not received");
    expect(disputeGroupName(total("31-60"), words("en"))).toBe("31-60 days");
    expect(disputeGroupName(total("90+"), words("en"))).toBe("Over 90 days");
    expect(disputeGroupName(total("0-30"), words("zh-CN"))).toBe("0-30 天");
  });

  it("reports bad debt over the year to the as-of date", () => {
    expect(yearToDate("2024-06-30")).toEqual({ from: "2024-01-01", to: "2024-06-30" });
    expect(yearToDate("2025-01-01")).toEqual({ from: "2025-01-01", to: "2025-01-01" });
  });
});

describe("the promises report on the follow-up screen", () => {
  const promise = (id: number, state: PromiseState, amount: string, currency = "EUR") =>
    ({
      id,
      customer_name: "Acme GmbH",
      promise: {
        customer_reference: "C0007",
        made_on: "2024-05-01",
        promised_on: "2024-05-15",
        amount: { amount, currency },
        promised_by: "Ms Lind",
        channel: "phone",
        invoice_numbers: ["INV-1"],
        dunning_level: null,
      },
      standing: {
        as_of: "2024-05-20",
        state,
        paid: { amount: "0.00", currency },
        missing: { amount, currency },
        kept_on: null,
        broken_on: null,
        resume_at_level: null,
      },
      message: "",
    }) satisfies PromiseLine;

  it("lists pending, kept and broken promises, each with its total per currency", () => {
    const groups = promiseGroups([
      promise(1, "broken", "600.00"),
      promise(2, "pending", "100.10"),
      promise(3, "pending", "0.90"),
      promise(4, "pending", "50.00", "USD"),
    ]);
    expect(groups.map((g) => [g.state, g.lines.map((l) => l.id), g.totals])).toEqual([
      ["pending", [2, 3, 4], [eur("101.00"), { amount: "50.00", currency: "USD" }]],
      ["kept", [], []],
      ["broken", [1], [eur("600.00")]],
    ]);
  });
});
