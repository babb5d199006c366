import { describe, expect, it } from "vitest";

import {
  amendForm,
  amendInput,
  emptyOrderForm,
  emptySecurityForm,
  insuranceForm,
  insuranceInput,
  orderInput,
  overrideReason,
  profileForm,
  profileInput,
  rateInput,
  reportInput,
  emptyReportForm,
  securityInput,
} from "./creditForms";

describe("the credit profile form", () => {
  it("sends a new profile with the limit as an exact decimal and blanks left to the book", () => {
    const form = { ...profileForm(null), limit: "5,000.00", maxTermsDays: "60" };
    expect(profileInput("MARI", form, "en")).toEqual({
      ok: true,
      request: {
        customer: "MARI",
        limit: "5000.00",
        currency: null,
        max_terms_days: 60,
        default_terms_days: null,
        risk_class: "medium",
        status: "active",
        review_date: null,
        review_interval_months: null,
        security_required: false,
      },
    });
  });

  it("names every field it cannot read, next to which the screen says why", () => {
    const form = {
      ...profileForm(null),
      limit: "5k",
      maxTermsDays: "sixty",
      reviewDate: "30.06.2027",
    };
    expect(profileInput("MARI", form, "en")).toEqual({
      ok: false,
      problems: {
        limit: { kind: "number", value: "5k" },
        maxTermsDays: { kind: "days", value: "sixty" },
        reviewDate: { kind: "date", value: "30.06.2027" },
      },
    });
  });
});

describe("security, reports and insurance", () => {
  it("sends a bank guarantee with its expiry and a deposit without one", () => {
    const guarantee = {
      ...emptySecurityForm("EUR"),
      amount: "5000",
      issuer: " Förde Sparkasse ",
      expiresOn: "2027-06-30",
    };
    expect(securityInput("MARI", guarantee, "en")).toEqual({
      ok: true,
      request: {
        customer: "MARI",
        security: {
          kind: { kind: "bank_guarantee", expires_on: "2027-06-30" },
          amount: { amount: "5000", currency: "EUR" },
          issuer: "Förde Sparkasse",
        },
      },
    });
    const deposit = { ...guarantee, kind: "deposit" as const, expiresOn: "" };
    const check = securityInput("MARI", deposit, "en");
    expect(check.ok && check.request.security.kind).toEqual({ kind: "deposit" });
  });

  it("asks for the issuer and the expiry of a guarantee", () => {
    expect(securityInput("MARI", { ...emptySecurityForm("EUR"), amount: "1" }, "en")).toEqual({
      ok: false,
      problems: { issuer: { kind: "required" }, expiresOn: { kind: "required" } },
    });
  });

  it("sends a report's recommended limit only when one is given", () => {
    const form = { ...emptyReportForm("2026-11-20", "EUR"), agency: "Creditreform", rating: "240" };
    const without = reportInput("MARI", form, "en");
    expect(without.ok && without.request.report.recommended_limit).toBeNull();
    const withLimit = reportInput("MARI", { ...form, recommendedLimit: "8000.00" }, "en");
    expect(withLimit.ok && withLimit.request.report.recommended_limit).toEqual({
      amount: "8000.00",
      currency: "EUR",
    });
  });

  it("reads the insurance form back from the cover it was filled from", () => {
    const form = {
      ...insuranceForm(null, "EUR"),
      insurer: "Allianz Trade",
      policyNumber: "P-4711",
      buyerReference: "B-0815",
      insuredLimit: "20000.00",
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
      maxCreditPeriodDays: "90",
      reportingDeadlineDays: "60",
    };
    const check = insuranceInput("MARI", form, "en");
    expect(check.ok).toBe(true);
    if (check.ok) {
      const file = {
        profile: profileStub(),
        security: [],
        reports: [],
        insurance: check.request.insurance,
      };
      expect(insuranceForm(file, "USD")).toEqual(form);
    }
  });
});

describe("the order form", () => {
  it("sends the order with terms left to the customer's default when blank", () => {
    const form = {
      ...emptyOrderForm("MARI", "2026-12-01"),
      reference: " SO-1 ",
      amount: "3,000.00",
      currency: "eur",
    };
    expect(orderInput(form, "en")).toEqual({
      ok: true,
      request: {
        customer: "MARI",
        reference: "SO-1",
        amount: "3000.00",
        currency: "EUR",
        terms_days: null,
        date: "2026-12-01",
      },
    });
  });

  it("needs a reference and an amount", () => {
    expect(orderInput(emptyOrderForm("MARI", "2026-12-01"), "en")).toEqual({
      ok: false,
      problems: { reference: { kind: "required" }, amount: { kind: "number", value: "" } },
    });
  });

  it("gives no override for a blank reason", () => {
    expect(overrideReason("   ")).toBeNull();
    expect(overrideReason(" Deposit received today. ")).toBe("Deposit received today.");
  });

  it("records an exchange rate as an exact decimal", () => {
    expect(rateInput({ from: "usd", to: "EUR", date: "2026-11-30", rate: "0.94" }, "en")).toEqual({
      ok: true,
      request: { from: "USD", to: "EUR", date: "2026-11-30", rate: "0.94" },
    });
  });
});

function profileStub() {
  return {
    customer_reference: "MARI",
    limit: { amount: "5000.00", currency: "EUR" },
    default_terms_days: 30,
    max_terms_days: 60,
    risk_class: "medium" as const,
    status: "active" as const,
    review_date: "2027-06-30",
    review_interval_months: 12,
    security_required: false,
  };
}

describe("the amendment of an order", () => {
  const order = {
    reference: "SO-1",
    customer_reference: "MARI",
    amount: { amount: "3000.00", currency: "EUR" },
    terms_days: 30,
    date: "2026-12-01",
    state: "open" as const,
  };

  it("starts from the order and sends the new amount and terms", () => {
    const form = { ...amendForm(order), amount: "3,500.00", termsDays: "45" };
    expect(amendForm(order)).toEqual({ amount: "3000.00", termsDays: "30" });
    expect(amendInput(form, "en")).toEqual({
      ok: true,
      request: { state: null, amount: "3500.00", terms_days: 45 },
    });
  });

  it("names the field it cannot read", () => {
    expect(amendInput({ amount: "lots", termsDays: "forty" }, "en")).toEqual({
      ok: false,
      problems: {
        amount: { kind: "number", value: "lots" },
        termsDays: { kind: "days", value: "forty" },
      },
    });
  });
});
