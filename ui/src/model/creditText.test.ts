import { describe, expect, it } from "vitest";

import { translate, type Language } from "../i18n/catalog";
import { formatCount, formatMoney } from "../format/money";
import { formatDate } from "../format/date";
import type { Words } from "./creditText";
import { holdReasonSentence, orderActions, orderChange, reviewItemSentence } from "./creditText";

function words(language: Language): Words {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as Words["t"],
    money: (m) => formatMoney(m.amount, m.currency, language),
    date: (iso) => formatDate(iso, language),
    count: (n) => formatCount(n, language),
  };
}

const eur = (amount: string) => ({ amount, currency: "EUR" });

describe("a hold reason in the UI language", () => {
  const overLimit = {
    code: "over_limit" as const,
    exposure: eur("5350.00"),
    limit: eur("5000.00"),
    excess: eur("350.00"),
  };

  it("says by how much the order is over the limit", () => {
    const en = holdReasonSentence(overLimit, words("en"));
    expect(en).toMatch(/^With this order the exposure is .*5,350\.00/);
    expect(en).toContain("over the credit limit of");
    expect(en).toContain("350.00");
    expect(holdReasonSentence(overLimit, words("zh-CN"))).toContain("超出信用额度");
  });

  it("writes one overdue invoice and several differently", () => {
    const one = {
      code: "overdue" as const,
      invoices: 1,
      amount: eur("100.00"),
      most_days: 40,
      grace_days: 15,
    };
    expect(holdReasonSentence(one, words("en"))).toMatch(
      /^1 invoice of .* is 40 days overdue, more than the grace period of 15 days\.$/,
    );
    expect(holdReasonSentence({ ...one, invoices: 3 }, words("en"))).toMatch(
      /^3 invoices of .* the oldest by 40 days\.$/,
    );
  });

  it("names the date the review was due", () => {
    expect(
      holdReasonSentence({ code: "review_passed", review_date: "2026-06-30" }, words("en")),
    ).toContain("was due on");
  });
});

describe("a review item in the UI language", () => {
  it("tells a review due today from one overdue", () => {
    const today = reviewItemSentence(
      { code: "review_due", review_date: "2026-06-30", days_past: 0 },
      words("en"),
    );
    expect(today).toMatch(/^The credit review is due today/);
    const late = reviewItemSentence(
      { code: "review_due", review_date: "2026-06-30", days_past: 5 },
      words("en"),
    );
    expect(late).toMatch(/, 5 days ago\.$/);
  });

  it("says security has expired once its days left are below zero", () => {
    const item = {
      code: "security_expiring" as const,
      kind: { kind: "bank_guarantee" as const, expires_on: "2026-06-30" },
      issuer: "Förde Sparkasse",
      amount: eur("5000.00"),
      expires_on: "2026-06-30",
      days_left: -1,
    };
    expect(reviewItemSentence(item, words("en"))).toMatch(/^Bank guarantee of .* expired on/);
    expect(reviewItemSentence({ ...item, days_left: 10 }, words("en"))).toMatch(/in 10 days\.$/);
  });
});

describe("what can be done with an order", () => {
  it("closes, invoices or amends an open order and reopens the others", () => {
    expect(orderActions("open")).toEqual(["close", "invoice", "amend"]);
    expect(orderActions("closed")).toEqual(["reopen"]);
    expect(orderActions("invoiced")).toEqual(["reopen"]);
  });

  it("sends an amendment as the new amount and a state change as the state", () => {
    expect(orderChange("amend", "2000.00", 45)).toEqual({
      state: null,
      amount: "2000.00",
      terms_days: 45,
    });
    expect(orderChange("reopen", null)).toEqual({ state: "open", amount: null, terms_days: null });
    expect(orderChange("invoice", null)).toEqual({
      state: "invoiced",
      amount: null,
      terms_days: null,
    });
  });
});
