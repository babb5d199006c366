/**
 * The payment plans, insurance claims, promises to pay, open disputes and write-offs arranged as
 * rows for the follow-up screen: each row holds the amounts as the backend sent them (strings,
 * never numbers) and the codes the screen turns into words in its language.
 */

import type {
  ClaimDecision,
  ClaimLine,
  DisputeTotal,
  Money,
  PlanLine,
  PlanState,
  PromiseLine,
  PromiseState,
  RetentionTreatment,
} from "../api/types";
import { addDecimals, isZeroDecimal } from "../format/decimal";
import type { I18n } from "../i18n/context";

export interface PlanRow {
  id: number;
  reference: string;
  customer: string;
  customerReference: string;
  state: PlanState;
  /** The instalments together: what was financed plus the down payment and the interest. */
  scheduled: Money;
  paid: Money;
  arrears: Money;
  remaining: Money;
  /** The first instalment with something open, if any. */
  next: { dueDate: string; open: Money } | null;
}

export function planRow(line: PlanLine): PlanRow {
  const next = line.standing.instalments.find((i) => !isZeroDecimal(i.open.amount)) ?? null;
  return {
    id: line.id,
    reference: line.reference,
    customer: line.customer_name,
    customerReference: line.plan.customer_reference,
    state: line.standing.state,
    scheduled: {
      amount: addDecimals(line.plan.instalments.map((i) => i.amount.amount)),
      currency: line.plan.currency,
    },
    paid: line.standing.paid,
    arrears: line.standing.arrears,
    remaining: line.standing.remaining,
    next: next ? { dueDate: next.due_date, open: next.open } : null,
  };
}

export interface ClaimRow {
  id: number;
  customer: string;
  invoices: string;
  filedOn: string;
  claimed: Money;
  decision: ClaimDecision;
  /** What the insurer paid; `null` while pending or when nothing was paid. */
  paid: Money | null;
  /** The day the insurer paid, when it did. */
  paidOn: string | null;
  /** What the insurer kept back (`claimed - paid`); `null` until decided. */
  retention: Money | null;
  /** What becomes of the retention; `null` until decided. */
  treatment: RetentionTreatment | null;
}

export function claimRow(line: ClaimLine): ClaimRow {
  const claim = line.entry.claim;
  return {
    id: line.entry.id,
    customer: line.entry.customer_name,
    invoices: claim.invoice_numbers.join(", "),
    filedOn: claim.filed_on,
    claimed: claim.claimed,
    decision: claim.decision,
    paid: line.outcome?.paid ?? claim.paid,
    paidOn: claim.paid_on,
    retention: line.outcome?.retention ?? null,
    treatment: line.outcome?.treatment ?? null,
  };
}

export function planStateName(state: PlanState, { t }: Pick<I18n, "t">): string {
  return t(`plan.state.${state}`);
}

export function claimDecisionName(decision: ClaimDecision, { t }: Pick<I18n, "t">): string {
  return t(`claim.decision.${decision}`);
}

/** The name of a dispute total's group: a reason's name, or an age band in days. */
export function disputeGroupName(total: DisputeTotal, { t }: Pick<I18n, "t">): string {
  switch (total.group) {
    case "price":
    case "quantity":
    case "quality":
    case "not_received":
    case "duplicate":
    case "other":
      return t(`dispute.reason.${total.group}`);
    case "90+":
      return t("followup.ageOver", { days: "90" });
    default:
      return t("followup.ageBand", { band: total.group });
  }
}

/** The bad-debt period shown with a date: the year to that date, 1 January included. */
export function yearToDate(asOf: string): { from: string; to: string } {
  return { from: `${asOf.slice(0, 4)}-01-01`, to: asOf };
}

/** The states of the promises report, in the order it lists them. */
export const PROMISE_STATES: readonly PromiseState[] = ["pending", "kept", "broken"];

/** The promises of one state, by promised date as the backend sent them, with their totals. */
export interface PromiseGroup {
  state: PromiseState;
  lines: PromiseLine[];
  /** What was promised, per currency in the order the currencies first appear. */
  totals: Money[];
}

/** The promises to pay grouped by where they stand: pending, kept, broken (each listed). */
export function promiseGroups(lines: readonly PromiseLine[]): PromiseGroup[] {
  return PROMISE_STATES.map((state) => {
    const ofState = lines.filter((line) => line.standing.state === state);
    const byCurrency = new Map<string, string[]>();
    for (const line of ofState) {
      const amounts = byCurrency.get(line.promise.amount.currency) ?? [];
      amounts.push(line.promise.amount.amount);
      byCurrency.set(line.promise.amount.currency, amounts);
    }
    const totals = [...byCurrency].map(([currency, amounts]) => ({
      amount: addDecimals(amounts),
      currency,
    }));
    return { state, lines: ofState, totals };
  });
}
