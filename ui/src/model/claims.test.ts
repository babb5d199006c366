import { describe, expect, it } from "vitest";

import type { ClaimLine, InvoiceDetail } from "../api/types";
import {
  claimInput,
  claimReceipt,
  decisionInput,
  emptyClaimForm,
  emptyDecisionForm,
  insurerPaid,
  receiptForm,
  receiptInput,
  receiptMissing,
} from "./claims";

const eur = (amount: string) => ({ amount, currency: "EUR" });

// Claim 4 of HARBOUR: 500.00 on INV-2, partly accepted, 400.00 paid on 2024-07-01.
const decided: ClaimLine = {
  entry: {
    id: 4,
    customer_name: "Harbour Supplies",
    claim: {
      customer_reference: "HARBOUR",
      invoice_numbers: ["INV-2"],
      filed_on: "2024-06-01",
      claimed: eur("500.00"),
      decision: "partly",
      paid: eur("400.00"),
      paid_on: "2024-07-01",
      retention_treatment: "loss",
    },
    decided_on: "2024-06-28",
  },
  outcome: { paid: eur("400.00"), retention: eur("100.00"), treatment: "loss" },
  message: "",
};

const invoiceWith = (allocations: InvoiceDetail["instalments"][number]["allocations"]) =>
  ({
    number: "INV-2",
    customer_reference: "HARBOUR",
    customer_name: "Harbour Supplies",
    issue_date: "2024-03-31",
    total: eur("500.00"),
    terms: "net 30",
    discount: null,
    disputed: false,
    open: eur("100.00"),
    status: "partially_settled",
    instalments: [
      { seq: 1, due_date: "2024-04-30", amount: eur("500.00"), open: eur("100.00"), allocations },
    ],
  }) as InvoiceDetail;

const allocation = (reference: string, amount: string) => ({
  settlement_kind: "payment" as const,
  settlement_reference: reference,
  settlement_date: "2024-07-01",
  applied_on: "2024-07-01",
  amount: eur(amount),
});

describe("filing a claim", () => {
  it("sends the customer, the invoices, the filing day and the amount as typed", () => {
    const form = emptyClaimForm("HARBOUR", ["INV-2", "INV-3"], "2024-06-01", "1,250.50");
    expect(claimInput(form, "en")).toEqual({
      ok: true,
      request: {
        customer: "HARBOUR",
        invoices: ["INV-2", "INV-3"],
        filed_on: "2024-06-01",
        claimed: "1250.50",
        currency: null,
      },
    });
  });

  it("needs a customer, an invoice and an amount it can read", () => {
    expect(claimInput(emptyClaimForm(" ", [], "2024-06-01", "lots"), "en")).toEqual({
      ok: false,
      problems: {
        customer: { kind: "required" },
        invoices: { kind: "required" },
        claimed: { kind: "number", value: "lots" },
      },
    });
  });
});

describe("the insurer's decision", () => {
  it("sends what was paid and when with a partly accepted claim", () => {
    const form = { ...emptyDecisionForm("2024-06-28"), decision: "partly" as const, paid: "400" };
    expect(decisionInput(4, { ...form, paidOn: "2024-07-01", retention: "loss" }, "en")).toEqual({
      ok: true,
      request: {
        id: 4,
        decision: "partly",
        paid: "400",
        paid_on: "2024-07-01",
        retention: "loss",
        decided_on: "2024-06-28",
      },
    });
  });

  it("sends no payment with a refusal, whatever was typed", () => {
    const form = { ...emptyDecisionForm("2024-06-28"), decision: "refused" as const, paid: "9" };
    const checked = decisionInput(4, form, "en");
    expect(checked.ok && [checked.request.paid, checked.request.paid_on]).toEqual([null, null]);
  });

  it("leaves an accepted claim without a payment for the backend to refuse in its words", () => {
    const checked = decisionInput(4, emptyDecisionForm("2024-06-28"), "en");
    expect(checked.ok && checked.request.paid).toBeNull();
  });
});

describe("the insurer's payment", () => {
  it("is offered as payment CLAIM-<id> of what the insurer paid, on the day it paid", () => {
    expect(insurerPaid(decided)).toEqual({ amount: eur("400.00"), on: "2024-07-01" });
    const form = receiptForm(decided);
    expect(form).toEqual({
      reference: "CLAIM-4",
      invoice: "INV-2",
      date: "2024-07-01",
      amount: "400.00",
    });
    expect(receiptInput(decided, form, "en")).toEqual({
      ok: true,
      request: {
        kind: "payment",
        reference: "CLAIM-4",
        customer: "HARBOUR",
        date: "2024-07-01",
        amount: "400.00",
        currency: "EUR",
        invoice: "INV-2",
        paid: null,
      },
    });
  });

  it("shows as allocated once payment CLAIM-<id> is on a claimed invoice", () => {
    const before = claimReceipt(decided, [invoiceWith([allocation("BANK-1", "50.00")])]);
    expect(before).toBeNull();
    expect(receiptMissing(decided, before)).toBe(true);

    const after = claimReceipt(decided, [
      invoiceWith([allocation("BANK-1", "50.00"), allocation("CLAIM-4", "400.00")]),
    ]);
    expect(after).toEqual({ allocated: eur("400.00"), invoices: ["INV-2"] });
    expect(receiptMissing(decided, after)).toBe(false);
  });

  it("is nothing to record while the claim is pending or refused", () => {
    const pending: ClaimLine = {
      ...decided,
      entry: {
        ...decided.entry,
        claim: { ...decided.entry.claim, decision: "pending", paid: null, paid_on: null },
      },
      outcome: null,
    };
    expect(insurerPaid(pending)).toBeNull();
    expect(receiptMissing(pending, null)).toBe(false);
  });
});
