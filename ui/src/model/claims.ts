/**
 * Insurance claims on the screens: the forms that file a claim, record the insurer's decision
 * and record the insurer's payment, turned into the backend's requests, and where the insurer's
 * payment went.
 *
 * The insurer's payment is a payment of the customer like any other (the backend says so when
 * the decision is recorded). The form that records it names it `CLAIM-<id>`, so that the claim
 * can show what of it was allocated to the claimed invoices: the allocations of that payment on
 * their pages. Whether a claim may be filed or decided (an invoice issued by the filing day,
 * something open on it, a payment on or after the filing day, one decision) is the backend's
 * rule, answered in a sentence.
 */

import type {
  ClaimDecision,
  ClaimDecisionInput,
  ClaimInput,
  ClaimLine,
  InvoiceDetail,
  Money,
  RetentionTreatment,
  SettlementInput,
} from "../api/types";
import { addDecimals, compareDecimal, isZeroDecimal } from "../format/decimal";
import { Reader, type FormCheck } from "./creditForms";

/** The decisions a person records; a claim is pending until one is. */
export const CLAIM_DECISIONS: readonly ClaimDecision[] = ["accepted", "partly", "refused"];

export const RETENTION_TREATMENTS: readonly RetentionTreatment[] = ["recoverable", "loss"];

const numbersIn = (text: string) => text.split(/[\s,;]+/).filter((n) => n.length > 0);

export interface ClaimForm {
  customer: string;
  invoices: string;
  filedOn: string;
  claimed: string;
}

export type ClaimField = "customer" | "invoices" | "filedOn" | "claimed";

export const emptyClaimForm = (
  customer: string,
  invoices: string[],
  filedOn: string,
  claimed: string,
): ClaimForm => ({ customer, invoices: invoices.join(", "), filedOn, claimed });

export function claimInput(form: ClaimForm, locale: string): FormCheck<ClaimField, ClaimInput> {
  const read = new Reader<ClaimField>(locale);
  const invoices = numbersIn(form.invoices);
  if (invoices.length === 0) {
    read.text("invoices", "");
  }
  return read.answer({
    customer: read.text("customer", form.customer),
    invoices,
    filed_on: read.date("filedOn", form.filedOn),
    claimed: read.amount("claimed", form.claimed),
    currency: null,
  });
}

export interface DecisionForm {
  decision: ClaimDecision;
  paid: string;
  paidOn: string;
  retention: RetentionTreatment;
  decidedOn: string;
}

export type DecisionField = "paid" | "paidOn" | "decidedOn";

export const emptyDecisionForm = (day: string): DecisionForm => ({
  decision: "accepted",
  paid: "",
  paidOn: day,
  retention: "recoverable",
  decidedOn: day,
});

/**
 * The decision a form sends. A refused claim sends no payment; otherwise the amount and its
 * day go together, and both left empty mean nothing was paid (the backend says what a decision
 * needs, e.g. an accepted claim is recorded once the insurer has paid).
 */
export function decisionInput(
  id: number,
  form: DecisionForm,
  locale: string,
): FormCheck<DecisionField, ClaimDecisionInput> {
  const read = new Reader<DecisionField>(locale);
  const refused = form.decision === "refused";
  const paid = refused ? null : read.optionalAmount("paid", form.paid);
  const paidOn = refused || paid === null ? null : read.date("paidOn", form.paidOn);
  return read.answer({
    id,
    decision: form.decision,
    paid,
    paid_on: paidOn,
    retention: form.retention,
    decided_on: read.date("decidedOn", form.decidedOn),
  });
}

/** The reference the insurer's payment on claim `id` is recorded under. */
export const claimReceiptReference = (id: number) => `CLAIM-${id}`;

/** What the insurer paid on a decided claim, when it paid anything. */
export function insurerPaid(line: ClaimLine): { amount: Money; on: string } | null {
  const paid = line.outcome?.paid ?? line.entry.claim.paid;
  const on = line.entry.claim.paid_on;
  return paid && on && !isZeroDecimal(paid.amount) ? { amount: paid, on } : null;
}

export interface ReceiptForm {
  reference: string;
  invoice: string;
  date: string;
  amount: string;
}

export type ReceiptField = "reference" | "date" | "amount";

/** The insurer's payment as the claim says it: its amount and day, on the first claimed invoice. */
export function receiptForm(line: ClaimLine): ReceiptForm {
  const paid = insurerPaid(line);
  return {
    reference: claimReceiptReference(line.entry.id),
    invoice: line.entry.claim.invoice_numbers[0] ?? "",
    date: paid?.on ?? line.entry.claim.filed_on,
    amount: paid?.amount.amount ?? "",
  };
}

export function receiptInput(
  line: ClaimLine,
  form: ReceiptForm,
  locale: string,
): FormCheck<ReceiptField, SettlementInput> {
  const read = new Reader<ReceiptField>(locale);
  return read.answer({
    kind: "payment",
    reference: read.text("reference", form.reference),
    customer: line.entry.claim.customer_reference,
    date: read.date("date", form.date),
    amount: read.amount("amount", form.amount),
    currency: line.entry.claim.claimed.currency,
    invoice: form.invoice || null,
    paid: null,
  });
}

/** What of the insurer's payment was allocated, and to which of the claimed invoices. */
export interface ClaimReceipt {
  allocated: Money;
  invoices: string[];
}

/**
 * The allocations of the payment `CLAIM-<id>` on the claimed invoices' pages; `null` when none
 * is there (the payment was not recorded under that reference, or not against them).
 */
export function claimReceipt(
  line: ClaimLine,
  invoices: readonly InvoiceDetail[],
): ClaimReceipt | null {
  const reference = claimReceiptReference(line.entry.id);
  const amounts: string[] = [];
  const into: string[] = [];
  for (const invoice of invoices) {
    for (const instalment of invoice.instalments) {
      for (const allocation of instalment.allocations) {
        if (
          allocation.settlement_kind === "payment" &&
          allocation.settlement_reference === reference
        ) {
          amounts.push(allocation.amount.amount);
          if (!into.includes(invoice.number)) {
            into.push(invoice.number);
          }
        }
      }
    }
  }
  if (amounts.length === 0) {
    return null;
  }
  return {
    allocated: { amount: addDecimals(amounts), currency: line.entry.claim.claimed.currency },
    invoices: into,
  };
}

/** Whether the claim names the invoice `number` (as the book writes it). */
export const claimCovers = (line: ClaimLine, number: string) =>
  line.entry.claim.invoice_numbers.includes(number);

/** Whether a claim's payment still waits to be recorded: paid, and nothing of it allocated. */
export function receiptMissing(line: ClaimLine, receipt: ClaimReceipt | null): boolean {
  const paid = insurerPaid(line);
  return paid !== null && (receipt === null || compareDecimal(receipt.allocated.amount, "0") <= 0);
}
