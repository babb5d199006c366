/**
 * The record-payment form as typed, turned into the backend's `SettlementInput`. Only the
 * shape is checked here (an amount must be a number); every rule of the ledger (the amount
 * fits the currency, the customer exists, the rate is above zero) is the backend's, which
 * answers with a sentence naming the field.
 */

import type { SettlementInput, SettlementKind } from "../api/types";
import { parseAmountInput } from "../format/input";

export interface PaymentForm {
  kind: Exclude<SettlementKind, "discount">;
  customer: string;
  reference: string;
  date: string;
  amount: string;
  currency: string;
  invoice: string;
  foreign: boolean;
  paidAmount: string;
  paidCurrency: string;
  rate: string;
}

export function emptyPaymentForm(
  date: string,
  customer: string | null,
  invoice: string | null,
): PaymentForm {
  return {
    kind: "payment",
    customer: customer ?? "",
    reference: "",
    date,
    amount: "",
    currency: "",
    invoice: invoice ?? "",
    foreign: false,
    paidAmount: "",
    paidCurrency: "",
    rate: "",
  };
}

export type PaymentField = "amount" | "paidAmount" | "rate";

export type PaymentCheck =
  { ok: true; input: SettlementInput } | { ok: false; field: PaymentField; value: string };

const optional = (text: string) => (text.trim() === "" ? null : text.trim());

export function settlementInput(form: PaymentForm, locale: string): PaymentCheck {
  const number = (field: PaymentField, text: string): string | PaymentCheck => {
    const parsed = parseAmountInput(text, locale);
    return parsed.ok ? parsed.value : { ok: false, field, value: text };
  };

  let amount: string | null = null;
  if (form.amount.trim() !== "" || !form.foreign) {
    const parsed = number("amount", form.amount);
    if (typeof parsed !== "string") {
      return parsed;
    }
    amount = parsed;
  }

  let paid: SettlementInput["paid"] = null;
  if (form.foreign) {
    const paidAmount = number("paidAmount", form.paidAmount);
    if (typeof paidAmount !== "string") {
      return paidAmount;
    }
    const rate = number("rate", form.rate);
    if (typeof rate !== "string") {
      return rate;
    }
    paid = [paidAmount, form.paidCurrency.trim().toUpperCase(), rate];
  }

  return {
    ok: true,
    input: {
      kind: form.kind,
      reference: form.reference.trim(),
      customer: form.customer.trim(),
      date: form.date,
      amount,
      currency: optional(form.currency.toUpperCase()),
      invoice: optional(form.invoice),
      paid,
    },
  };
}
