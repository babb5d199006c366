import { describe, expect, it } from "vitest";

import type { CreditAlert, CreditAlertDetail, DisputeEntry, RiskFactor } from "../api/types";
import { translate, type Language } from "../i18n/catalog";
import { formatDate } from "../format/date";
import { formatCount, formatDecimal, formatMoney } from "../format/money";
import {
  alertRoute,
  creditAlertSentence,
  disputeInput,
  disputeStanding,
  emptyDisputeForm,
  promiseInput,
  resolutionInput,
  riskFactorName,
  riskFactorValue,
  type FollowupWords,
} from "./followupText";

function words(language: Language): FollowupWords {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as FollowupWords["t"],
    money: (m) => formatMoney(m.amount, m.currency, language),
    date: (iso) => formatDate(iso, language),
    count: (n) => formatCount(n, language),
    decimal: (value, min = 0) => formatDecimal(value, language, min),
  };
}

const eur = (amount: string) => ({ amount, currency: "EUR" });

const overLimit: CreditAlertDetail = {
  kind: "limit_exceeded",
  exposure: eur("12500.00"),
  limit: eur("10000.00"),
  excess: eur("2500.00"),
};

const reportDue: CreditAlertDetail = {
  kind: "insurer_report_due",
  invoice_number: "INV-7",
  due_date: "2026-03-31",
  open: eur("1500.00"),
  insurer: "Atradius",
  report_by: "2026-06-29",
  days_left: 10,
};

describe("a credit alert in the UI language", () => {
  it("says by how much a customer is over its limit", () => {
    expect(creditAlertSentence(overLimit, words("en"))).toBe(
      `The exposure of ${formatMoney("12500.00", "EUR", "en")} is over the credit limit of ${formatMoney("10000.00", "EUR", "en")} by ${formatMoney("2500.00", "EUR", "en")}.`,
    );
    expect(creditAlertSentence(overLimit, words("zh-CN"))).toBe(
      `信用敞口 ${formatMoney("12500.00", "EUR", "zh-CN")} 超出信用额度 ${formatMoney("10000.00", "EUR", "zh-CN")} 共 ${formatMoney("2500.00", "EUR", "zh-CN")}。`,
    );
  });

  it("names the invoice, the insurer and the deadline of a report due", () => {
    const en = creditAlertSentence(reportDue, words("en"));
    expect(en).toMatch(/^Invoice INV-7 \(.*1,500\.00.* open\) must be reported to Atradius by /);
    expect(en).toContain("in 10 days.");
    const zh = creditAlertSentence(reportDue, words("zh-CN"));
    expect(zh).toMatch(/^发票 INV-7（未结 .*）须在 .* 前向 Atradius 申报，还有 10 天。$/);
  });

  it("writes every kind with no placeholder left over, in both languages", () => {
    const kinds: CreditAlertDetail[] = [
      overLimit,
      reportDue,
      { ...reportDue, kind: "insurer_report_overdue", days_past: 3 } as CreditAlertDetail,
      { kind: "rate_missing", from: "USD", to: "EUR", on: "2026-06-30" },
      {
        kind: "behaviour_worsening",
        recent_average_days: "25.5",
        earlier_average_days: "8",
        change_days: "17.5",
        threshold_days: 10,
        score: 55,
      },
      { kind: "review_due", review_date: "2026-05-31", days_past: 30 },
      {
        kind: "security_expiring",
        security: { kind: "bank_guarantee" } as never,
        issuer: "Bank A",
        amount: eur("5000.00"),
        expires_on: "2026-07-15",
        days_left: 15,
      },
      {
        kind: "security_expired",
        security: { kind: "letter_of_credit" } as never,
        issuer: "Bank B",
        amount: eur("5000.00"),
        expired_on: "2026-06-01",
        days_ago: 29,
      },
      {
        kind: "insurance_expiring",
        insurer: "Allianz Trade",
        policy_number: "P-1",
        valid_to: "2026-07-31",
        days_left: 31,
      },
      {
        kind: "insurance_expired",
        insurer: "Allianz Trade",
        policy_number: "P-1",
        valid_to: "2026-05-31",
        days_ago: 30,
      },
    ];
    for (const language of ["en", "zh-CN"] as const) {
      for (const alert of kinds) {
        const sentence = creditAlertSentence(alert, words(language));
        expect(sentence, alert.kind).not.toMatch(/[{}]|undefined/);
      }
    }
    expect(creditAlertSentence(kinds[5]!, words("en"))).toBe(
      "The credit review was due on " + formatDate("2026-05-31", "en") + ", 30 days ago.",
    );
    expect(creditAlertSentence(kinds[4]!, words("zh-CN"))).toContain("近期平均逾期 25.5 天");
  });

  it("leads to the invoice to report, else to the customer's credit tab", () => {
    const alert = (detail: CreditAlertDetail): CreditAlert => ({
      customer: "C-9",
      customer_name: "Nine Ltd",
      alert: detail,
      message: "",
    });
    expect(alertRoute(alert(reportDue))).toEqual({ screen: "invoice", number: "INV-7" });
    expect(alertRoute(alert(overLimit))).toEqual({
      screen: "customer",
      reference: "C-9",
      tab: "credit",
    });
  });
});

describe("a risk factor in the UI language", () => {
  const utilisation: RiskFactor = {
    code: "utilisation",
    exposure: eur("8000.00"),
    limit: eur("10000.00"),
    percent: "80",
    points: 10,
    weight: 20,
  };

  it("names what it measures and its value", () => {
    expect(riskFactorName(utilisation, words("en"))).toBe("Use of the credit limit");
    expect(riskFactorName(utilisation, words("zh-CN"))).toBe("信用额度使用率");
    expect(riskFactorValue(utilisation, words("en"))).toBe("80%");
    const late: RiskFactor = {
      code: "days_late",
      average_days: "12.5",
      months: 12,
      points: 15,
      weight: 40,
    };
    expect(riskFactorName(late, words("en"))).toBe("Average days late over 12 months");
    expect(riskFactorValue(late, words("zh-CN"))).toBe("12.5 天");
    expect(riskFactorValue({ ...late, average_days: null }, words("en"))).toBe("—");
  });
});

describe("a dispute", () => {
  const entry: DisputeEntry = {
    id: 3,
    customer_reference: "C-1",
    customer_name: "One",
    credit_note: null,
    dispute: {
      invoice_number: "INV-1",
      whole_invoice: false,
      amount: eur("250.00"),
      line: null,
      reason: "price",
      note: "",
      opened_on: "2026-06-01",
      resolution: null,
    },
  };

  it("stands open until resolved, then says what was credited", () => {
    expect(disputeStanding(entry, words("en"))).toBe(
      `Open since ${formatDate("2026-06-01", "en")}`,
    );
    const partly: DisputeEntry = {
      ...entry,
      dispute: {
        ...entry.dispute,
        resolution: {
          outcome: { outcome: "partly", accepted: eur("100.00") },
          resolved_on: "2026-06-10",
          note: "",
          credit: eur("100.00"),
          resumed: eur("150.00"),
        },
      },
    };
    expect(disputeStanding(partly, words("zh-CN"))).toMatch(
      /部分认可：贷记 .*100\.00.*，.*150\.00.* 恢复催收$/,
    );
  });

  it("sends an amount only when part of the invoice is disputed", () => {
    const whole = disputeInput("INV-1", emptyDisputeForm("2026-06-01"), "en");
    expect(whole).toEqual({
      ok: true,
      request: {
        invoice: "INV-1",
        amount: null,
        line: null,
        reason: "price",
        note: "",
        opened_on: "2026-06-01",
      },
    });
    const part = disputeInput(
      "INV-1",
      { ...emptyDisputeForm("2026-06-01"), whole: false, amount: "1,250.50" },
      "en",
    );
    expect(part.ok && part.request.amount).toBe("1250.50");
    const other = disputeInput(
      "INV-1",
      { ...emptyDisputeForm("2026-06-01"), reason: "other" },
      "en",
    );
    expect(other).toEqual({ ok: false, problems: { note: { kind: "required" } } });
  });

  it("asks for the amount credited only when partly accepted", () => {
    const form = { verdict: "partly" as const, accepted: "", note: "", resolvedOn: "2026-06-10" };
    expect(resolutionInput(3, form, "en")).toEqual({
      ok: false,
      problems: { accepted: { kind: "number", value: "" } },
    });
    const rejected = resolutionInput(3, { ...form, verdict: "rejected" }, "en");
    expect(rejected.ok && rejected.request.accepted).toBeNull();
  });
});

describe("a promise to pay", () => {
  it("reads the invoices separated by commas and needs who promised", () => {
    const form = {
      madeOn: "2026-06-01",
      promisedOn: "2026-06-15",
      amount: "500",
      promisedBy: "",
      channel: "phone" as const,
      invoices: "INV-1, INV-2",
    };
    expect(promiseInput("C-1", form, "en")).toEqual({
      ok: false,
      problems: { promisedBy: { kind: "required" } },
    });
    const ok = promiseInput("C-1", { ...form, promisedBy: "Ms Li" }, "en");
    expect(ok.ok && ok.request.invoices).toEqual(["INV-1", "INV-2"]);
  });
});
