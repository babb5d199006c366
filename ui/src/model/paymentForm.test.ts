import { describe, expect, it } from "vitest";

import { emptyPaymentForm, settlementInput } from "./paymentForm";

describe("the record-payment form", () => {
  const form = {
    ...emptyPaymentForm("2024-06-30", "C0001", null),
    reference: " BANK-17 ",
    amount: "1,500.25",
  };

  it("sends a part payment as typed, with the amount as an exact decimal string", () => {
    expect(settlementInput(form, "en")).toEqual({
      ok: true,
      input: {
        kind: "payment",
        reference: "BANK-17",
        customer: "C0001",
        date: "2024-06-30",
        amount: "1500.25",
        currency: null,
        invoice: null,
        paid: null,
      },
    });
  });

  it("names the field whose number cannot be read", () => {
    expect(settlementInput({ ...form, amount: "15OO" }, "en")).toEqual({
      ok: false,
      field: "amount",
      value: "15OO",
    });
  });

  it("sends a foreign payment as paid amount, currency and rate, the amount left to the backend", () => {
    const foreign = {
      ...form,
      amount: "",
      invoice: "INV-1",
      foreign: true,
      paidAmount: "2,000",
      paidCurrency: "czk",
      rate: "0.03",
    };
    const check = settlementInput(foreign, "en");
    expect(check.ok && check.input.paid).toEqual(["2000", "CZK", "0.03"]);
    expect(check.ok && check.input.amount).toBeNull();
    expect(check.ok && check.input.invoice).toBe("INV-1");
    expect(settlementInput({ ...foreign, rate: "abc" }, "en")).toEqual({
      ok: false,
      field: "rate",
      value: "abc",
    });
  });
});
