import { describe, expect, it } from "vitest";

import type { CreditPolicy, Ground, LimitDecision, LimitSuggestion } from "../api/types";
import { translate, type Language } from "../i18n/catalog";
import { formatCount, formatDecimal, formatMoney } from "../format/money";
import { formatDate } from "../format/date";
import {
  decisionSentence,
  groundSentence,
  policyForm,
  policyInput,
  ratesImportedSentence,
  suggestionSentence,
  type PolicyWords,
} from "./creditPolicy";

function words(language: Language): PolicyWords {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as PolicyWords["t"],
    money: (m) => formatMoney(m.amount, m.currency, language),
    date: (iso) => formatDate(iso, language),
    count: (n) => formatCount(n, language),
    decimal: (value) => formatDecimal(value, language),
  };
}

const eur = (amount: string) => ({ amount, currency: "EUR" });

const defaults: CreditPolicy = {
  check: { grace_days: 15 },
  review: { expiring_within_days: 30, report_max_age_days: 365 },
  limits: {
    first_order_percent: "50",
    clean_months: 12,
    late_tolerance_days: 15,
    raise_percent: "25",
    recent_months: 3,
    earlier_months: 12,
    worsening_days: 10,
    cut_percent: "25",
    higher_score_is_better: true,
  },
};

describe("the credit policy form", () => {
  it("reads back the policy it shows", () => {
    const form = policyForm(defaults);
    expect(form.graceDays).toBe("15");
    expect(policyInput(form, "en")).toEqual({ ok: true, request: defaults });
  });

  it("sends a longer grace period and a percent written the Chinese way", () => {
    const form = { ...policyForm(defaults), graceDays: " 30 ", raisePercent: "12.5" };
    const checked = policyInput(form, "zh-CN");
    expect(checked.ok).toBe(true);
    if (checked.ok) {
      expect(checked.request.check.grace_days).toBe(30);
      expect(checked.request.limits.raise_percent).toBe("12.5");
    }
  });

  it("names every field that cannot be read, and leaves ranges to the book", () => {
    const form = {
      ...policyForm(defaults),
      graceDays: "two weeks",
      cutPercent: "a quarter",
      cleanMonths: "",
      raisePercent: "250",
    };
    expect(policyInput(form, "en")).toEqual({
      ok: false,
      problems: {
        graceDays: { kind: "days", value: "two weeks" },
        cutPercent: { kind: "number", value: "a quarter" },
        cleanMonths: { kind: "days", value: "" },
      },
    });
  });
});

describe("a suggested limit in the UI language", () => {
  const firstLimit: LimitSuggestion = {
    current: null,
    suggested: eur("2500.00"),
    change: { change: "first" },
    grounds: [
      { code: "first_order_share", order: eur("5000.00"), percent: "50", share: eur("2500.00") },
    ],
    rates_used: [],
  };

  it("says a new customer's first limit and what it rests on", () => {
    expect(suggestionSentence(firstLimit, words("en"))).toBe("Suggested first limit: €2,500.00.");
    expect(groundSentence(firstLimit.grounds[0]!, words("en"))).toBe(
      "A new customer's first limit is 50% of its first order of €5,000.00: €2,500.00.",
    );
    expect(suggestionSentence(firstLimit, words("zh-CN"))).toContain("建议首个额度");
  });

  it("says a raise and a cut from the current limit", () => {
    const raise: LimitSuggestion = {
      ...firstLimit,
      current: eur("10000.00"),
      suggested: eur("12500.00"),
      change: { change: "raise", percent: "25" },
    };
    expect(suggestionSentence(raise, words("en"))).toBe(
      "Suggested limit: €12,500.00, a raise of 25% from €10,000.00.",
    );
    const cut = {
      ...raise,
      suggested: eur("7500.00"),
      change: { change: "cut" as const, percent: "25" },
    };
    expect(suggestionSentence(cut, words("zh-CN"))).toContain("降低 25%");
  });

  it("writes one month and one day in the singular", () => {
    const late: Ground = {
      code: "paid_late",
      invoice_number: "INV-7",
      days_late: 1,
      tolerance_days: 0,
      months: 1,
    };
    expect(groundSentence(late, words("en"))).toBe(
      "Invoice INV-7 was paid 1 day late, more than 0 days, within the last 1 month, so the limit is not raised.",
    );
  });

  it("says which way security weighs against the first order", () => {
    const more: Ground = { code: "security_cover", cover: eur("3000.00"), share: eur("2500.00") };
    const less: Ground = { code: "security_cover", cover: eur("1000.00"), share: eur("2500.00") };
    expect(groundSentence(more, words("en"))).toMatch(/so the first limit is what the security/);
    expect(groundSentence(less, words("en"))).toMatch(/stays at the share of the first order/);
  });

  it("writes worsening payments with their averages", () => {
    const worse: Ground = {
      code: "payment_worsening",
      recent_months: 3,
      recent_average_days: "24.5",
      earlier_months: 12,
      earlier_average_days: "6.0",
      threshold_days: 10,
    };
    expect(groundSentence(worse, words("en"))).toBe(
      "Invoices paid in the last 3 months were on average 24.5 days late, against 6.0 days in the 12 months before, worse by more than 10 days.",
    );
  });
});

describe("a decision and an import as sentences", () => {
  it("says what was decided, on which day", () => {
    const decision: LimitDecision = {
      id: 3,
      customer: "C-1",
      as_of: "2026-03-31",
      accepted: false,
      suggestion: {
        current: eur("10000.00"),
        suggested: eur("7500.00"),
        change: { change: "cut", percent: "25" },
        grounds: [],
        rates_used: [],
      },
      note: "Pays late only in winter",
      at: "2026-03-31 10:00:00",
      message: "",
    };
    expect(decisionSentence(decision, words("en"))).toMatch(
      /suggested limit of €7,500\.00 was rejected; the limit stayed as it was\.$/,
    );
    expect(decisionSentence({ ...decision, accepted: true }, words("zh-CN"))).toContain("已接受");
  });

  it("counts the rates of a file imported", () => {
    const imported = { file_name: "rates.csv", saved: { added: 12, replaced: 1, unchanged: 0 } };
    expect(ratesImportedSentence(imported, words("en"))).toBe(
      "Recorded the rates of rates.csv: 12 new, 1 replaced, 0 unchanged.",
    );
  });
});
