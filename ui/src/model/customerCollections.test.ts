import { describe, expect, it } from "vitest";

import {
  addressForm,
  addressInput,
  chargeInput,
  interestForm,
  interestInput,
  pauseInput,
  statementInput,
} from "./customerCollections";

describe("a customer's collections forms", () => {
  it("sends the address lines, the country and the letter language as chosen", () => {
    const form = addressForm({
      lines: ["Meyer KG", "Hafenweg 1"],
      country: null,
      letter_language: null,
    });
    expect(form).toEqual({ lines: "Meyer KG\nHafenweg 1", country: "", letterLanguage: "" });
    expect(
      addressInput("MEYER", { ...form, lines: "Meyer KG\n\nHafenweg 2\n", country: "de" }),
    ).toEqual({
      customer: "MEYER",
      lines: ["Meyer KG", "", "Hafenweg 2", ""],
      country: "de",
      letter_language: "company",
    });
    expect(addressInput("MEYER", { ...form, letterLanguage: "zh-CN" }).letter_language).toEqual({
      own: "zh-CN",
    });
  });

  it("sets a customer's letter language back to the company's", () => {
    const form = addressForm({ lines: ["Meyer KG"], country: null, letter_language: "zh-CN" });
    expect(form.letterLanguage).toBe("zh-CN");
    expect(addressInput("MEYER", { ...form, letterLanguage: "" }).letter_language).toBe("company");
  });

  it("turns each interest rule into the terms the backend keeps", () => {
    expect(interestInput({ rule: "none", percent: "", dayCount: "actual365" }, "en")).toEqual({
      ok: true,
      request: null,
    });
    expect(interestInput({ rule: "annual", percent: "9.5", dayCount: "actual360" }, "en")).toEqual({
      ok: true,
      request: { rule: "annual", percent: "9.5", day_count: "actual360" },
    });
    expect(
      interestInput({ rule: "germany_bgb288_consumer", percent: "", dayCount: "actual365" }, "en"),
    ).toEqual({
      ok: true,
      request: { rule: "germany_bgb288", consumer: true },
    });
    expect(
      interestInput({ rule: "eu_directive", percent: "", dayCount: "actual365" }, "en"),
    ).toEqual({
      ok: false,
      problems: { percent: { kind: "number", value: "" } },
    });
    expect(interestForm({ rule: "germany_bgb288", consumer: true }).rule).toBe(
      "germany_bgb288_consumer",
    );
    expect(interestForm({ rule: "eu_directive", margin_points: "9" })).toMatchObject({
      rule: "eu_directive",
      percent: "9",
    });
  });

  it("pauses the customer, or one of its invoices", () => {
    const form = { invoice: "", reason: "Insolvency", from: "2024-06-01", until: "2024-09-30" };
    expect(pauseInput("MEYER", form, "en")).toEqual({
      ok: true,
      request: {
        customer: "MEYER",
        invoice: null,
        reason: "Insolvency",
        from: "2024-06-01",
        until: "2024-09-30",
      },
    });
    const invoice = pauseInput("MEYER", { ...form, invoice: "INV-201" }, "en");
    expect(invoice.ok && [invoice.request.customer, invoice.request.invoice]).toEqual([
      null,
      "INV-201",
    ]);
    expect(pauseInput("MEYER", { ...form, reason: " ", until: "" }, "en")).toEqual({
      ok: false,
      problems: { reason: { kind: "required" }, until: { kind: "required" } },
    });
  });

  it("pays or waives all that is open when no amount is given", () => {
    const form = { invoice: "INV-201", date: "2024-07-01", amount: "", note: " agreed " };
    expect(chargeInput(form, true, "en")).toEqual({
      ok: true,
      request: {
        invoice: "INV-201",
        date: "2024-07-01",
        amount: null,
        waived: true,
        note: "agreed",
      },
    });
    const part = chargeInput({ ...form, amount: "12,50" }, false, "de-DE");
    expect(part.ok && part.request.amount).toBe("12.50");
  });

  it("prints a statement for the last three months unless a first day is given", () => {
    const form = {
      from: "",
      to: "2024-06-30",
      currency: "",
      paper: "letter" as const,
      language: "" as const,
    };
    expect(statementInput("MEYER", form, "en")).toEqual({
      ok: true,
      request: {
        customer: "MEYER",
        from: null,
        to: "2024-06-30",
        currency: null,
        options: { paper: "letter", language: null },
      },
    });
    const chosen = statementInput(
      "MEYER",
      { ...form, from: "2024-01-01", currency: "USD", language: "zh-CN" },
      "en",
    );
    expect(
      chosen.ok && [chosen.request.from, chosen.request.currency, chosen.request.options.language],
    ).toEqual(["2024-01-01", "USD", "zh-CN"]);
  });
});
