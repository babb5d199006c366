/**
 * The stand-in's payment plans and insurance claims, kept in memory, for looking at the
 * follow-up screens in a browser and for component tests. It follows the backend's rules only
 * as far as the screens need: equal parts (leftover cents on the last), a down payment, simple
 * interest actual/365, each instalment late from the day after its due date and missed after its
 * grace period; nothing is ever paid on a plan. Its sentences copy the backend's.
 */

import { fromUnits, toScaled } from "../format/decimal";
import type {
  ClaimDecisionInput,
  ClaimInput,
  ClaimLine,
  InstalmentAdherence,
  InvoiceSummary,
  Money,
  PaymentPlan,
  PlanBreak,
  PlanInput,
  PlanInstalment,
  PlanLine,
  PlanStanding,
} from "../api/types";

const DAY_MS = 86_400_000;

const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const plusDays = (iso: string, days: number) => isoOf(dayNumber(iso) + days);

/** `months` calendar months after `iso`; a day the month lacks becomes its last day. */
function plusMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Cents of a two-decimal amount. */
const cents = (amount: string) => {
  const { units, scale } = toScaled(amount);
  return scale <= 2 ? units * 10n ** BigInt(2 - scale) : units / 10n ** BigInt(scale - 2);
};
const moneyOf = (units: bigint, currency: string): Money => ({
  amount: fromUnits(units, 2),
  currency,
});

/** `units` in `parts` equal whole parts, the leftover on the last. */
function split(units: bigint, parts: number): bigint[] {
  const each = units / BigInt(parts);
  const shares = Array.from({ length: parts }, () => each);
  shares[parts - 1] = units - each * BigInt(parts - 1);
  return shares;
}

const invalid = (message: string) => ({ code: "invalid_input", message });

interface PlanRecord {
  id: number;
  customerName: string;
  plan: PaymentPlan;
  broken: PlanBreak | null;
}

export function followupStandIn(invoice: (number: string) => InvoiceSummary) {
  const plans: PlanRecord[] = [];
  const claims: ClaimLine[] = [];

  function build(r: PlanInput): PaymentPlan {
    const items = r.invoices.map((number) => {
      const found = invoice(number);
      if (cents(found.open.amount) <= 0n) {
        throw invalid(
          `Invoice ${found.number} has nothing open on ${r.start_on}; a payment plan takes over only what is open, so leave the invoice out.`,
        );
      }
      return {
        invoice_number: found.number,
        due_date: found.earliest_unpaid_due ?? r.start_on,
        open: found.open,
      };
    });
    if (items.length === 0) {
      throw invalid(
        "The plan covers no item; choose at least one overdue item to put on the plan.",
      );
    }
    const currency = items[0]!.open.currency;
    const total = items.reduce((sum, item) => sum + cents(item.open.amount), 0n);
    const down = r.down_payment === null ? 0n : cents(r.down_payment);
    if (down < 0n || down >= total) {
      throw invalid(
        `The down payment ${fromUnits(down, 2)} ${currency} is not accepted; give an amount above zero and below the plan's total of ${fromUnits(total, 2)} ${currency}, or none.`,
      );
    }
    const financed = total - down;
    let parts: [string, bigint][];
    if (r.schedule.kind === "equal_parts") {
      const { parts: n, interval } = r.schedule;
      const amounts = split(financed, n);
      parts = amounts.map((amount, i) => [
        interval.unit === "months"
          ? plusMonths(r.start_on, interval.months * (i + 1))
          : plusDays(r.start_on, interval.days * (i + 1)),
        amount,
      ]);
    } else {
      parts = r.schedule.parts.map(([due, amount]) => [due, cents(amount)]);
      const scheduled = parts.reduce((sum, [, amount]) => sum + amount, 0n);
      if (scheduled !== financed) {
        const [s, f] = [fromUnits(scheduled, 2), fromUnits(financed, 2)];
        throw invalid(
          `The parts of the schedule add up to ${s} ${currency}, not to the ${f} ${currency} to be paid in parts; change the amounts so that they add up to ${f} ${currency}.`,
        );
      }
    }
    const last = parts[parts.length - 1]?.[0] ?? r.start_on;
    const days = dayNumber(last) - dayNumber(r.start_on);
    let interest = 0n;
    if (r.annual_rate_percent !== null) {
      const rate = toScaled(r.annual_rate_percent);
      const numerator = financed * rate.units * BigInt(days);
      const denominator = 36_500n * 10n ** BigInt(rate.scale);
      interest = (numerator * 2n + denominator) / (denominator * 2n);
    }
    const shares = split(interest, parts.length);
    const instalments: PlanInstalment[] = [];
    if (down > 0n) {
      instalments.push({
        seq: 1,
        due_date: r.start_on,
        principal: moneyOf(down, currency),
        interest: moneyOf(0n, currency),
        amount: moneyOf(down, currency),
        down_payment: true,
      });
    }
    parts.forEach(([due, amount], i) => {
      const share = shares[i] ?? 0n;
      instalments.push({
        seq: instalments.length + 1,
        due_date: due,
        principal: moneyOf(amount, currency),
        interest: moneyOf(share, currency),
        amount: moneyOf(amount + share, currency),
        down_payment: false,
      });
    });
    return {
      customer_reference: r.customer,
      currency,
      items,
      start_on: r.start_on,
      total: moneyOf(total, currency),
      down_payment: moneyOf(down, currency),
      financed: moneyOf(financed, currency),
      annual_rate_percent: r.annual_rate_percent,
      interest_days: days,
      interest: moneyOf(interest, currency),
      grace_days: r.grace_days,
      instalments,
    };
  }

  function lineOf(record: PlanRecord, asOf: string): PlanLine {
    const { plan } = record;
    const currency = plan.currency;
    const today = dayNumber(asOf);
    let arrears = 0n;
    let total = 0n;
    let missed: { seq: number; graceEnds: string } | null = null;
    let behind = false;
    const adherence: InstalmentAdherence[] = plan.instalments.map((instalment) => {
      const amount = cents(instalment.amount.amount);
      total += amount;
      const graceEnds = plusDays(instalment.due_date, plan.grace_days);
      const due = dayNumber(instalment.due_date);
      if (due >= today) {
        return { seq: instalment.seq, state: "due", grace_ends: graceEnds };
      }
      arrears += amount;
      if (dayNumber(graceEnds) < today) {
        missed ??= { seq: instalment.seq, graceEnds };
        return { seq: instalment.seq, state: "missed", grace_ends: graceEnds };
      }
      behind = true;
      return { seq: instalment.seq, state: "in_grace", grace_ends: graceEnds };
    });
    const broken = missed as { seq: number; graceEnds: string } | null;
    const standing: PlanStanding = {
      as_of: asOf,
      state: broken ? "broken" : behind ? "behind" : "on_track",
      paid: moneyOf(0n, currency),
      arrears: moneyOf(arrears, currency),
      remaining: moneyOf(total, currency),
      missed_seq: broken?.seq ?? null,
      broken_on: broken ? plusDays(broken.graceEnds, 1) : null,
      balance_due: broken ? moneyOf(total, currency) : null,
      instalments: plan.instalments.map((i) => ({
        seq: i.seq,
        due_date: i.due_date,
        amount: i.amount,
        paid: moneyOf(0n, currency),
        open: i.amount,
      })),
    };
    const reference = `PLAN-${record.id}`;
    const customer = plan.customer_reference;
    const message =
      standing.state === "broken"
        ? `Payment plan ${reference} of customer ${customer} is broken: instalment ${standing.missed_seq} was missed beyond its grace period, so the remaining ${standing.remaining.amount} ${currency} fell due on ${standing.broken_on}.`
        : `Payment plan ${reference} of customer ${customer} is ${standing.state === "behind" ? "behind" : "on track"} on ${asOf}: 0.00 ${currency} paid, ${standing.remaining.amount} ${currency} to come.`;
    return {
      id: record.id,
      reference,
      customer_name: record.customerName,
      plan,
      recorded_broken: record.broken,
      credit_notes: plan.items.map((item) => `${reference}/${item.invoice_number}`),
      standing,
      adherence,
      message,
    };
  }

  const record = (r: PlanInput, customerName: string): PlanRecord => {
    const entry = { id: plans.length + 1, customerName, plan: build(r), broken: null };
    plans.push(entry);
    return entry;
  };

  const breakRecord = (entry: PlanRecord, asOf: string): PlanLine => {
    const line = lineOf(entry, asOf);
    if (line.standing.state !== "broken" || !line.standing.broken_on) {
      throw invalid(
        `Payment plan ${line.reference} is not broken on ${asOf}: no instalment was missed beyond its grace period, so it stays as it is.`,
      );
    }
    entry.broken = {
      broken_on: line.standing.broken_on,
      missed_seq: line.standing.missed_seq ?? 0,
    };
    const done = lineOf(entry, asOf);
    return {
      ...done,
      message: `Recorded payment plan ${done.reference} of customer ${entry.plan.customer_reference} broken: the remaining ${done.standing.remaining.amount} ${entry.plan.currency} fell due on ${entry.broken.broken_on} and is chased again.`,
    };
  };

  function claimMessage(line: ClaimLine): string {
    const { id, claim } = line.entry;
    if (claim.decision === "pending") {
      return `Claim ${id} is pending with the insurer.`;
    }
    const paid = line.outcome?.paid;
    const paidPart =
      paid && claim.paid_on && cents(paid.amount) > 0n
        ? `Claim ${id} is ${claim.decision}: the insurer paid ${paid.amount} ${paid.currency} on ${claim.paid_on}; record that money as a payment of customer ${claim.customer_reference} against the claimed invoices, like any receipt.`
        : `Claim ${id} is ${claim.decision}; nothing has been paid on it.`;
    const retention = line.outcome?.retention;
    const retentionPart =
      !retention || cents(retention.amount) === 0n
        ? "Nothing is retained."
        : line.outcome?.treatment === "loss"
          ? `The retention of ${retention.amount} ${retention.currency} is a loss; write it off with a write-off.`
          : `The retention of ${retention.amount} ${retention.currency} is still owed by customer ${claim.customer_reference} and chased.`;
    return `${paidPart} ${retentionPart}`;
  }

  return {
    /** Seeds a plan as the backend would have set it up. */
    seedPlan: (plan: PaymentPlan, customerName: string) => {
      plans.push({ id: plans.length + 1, customerName, plan, broken: null });
    },
    plans: (asOf: string) =>
      plans.filter((p) => p.plan.start_on <= asOf).map((p) => lineOf(p, asOf)),
    previewPlan: (r: PlanInput) => build(r),
    createPlan: (r: PlanInput, customerName: string): PlanLine => {
      const line = lineOf(record(r, customerName), r.start_on);
      const first = line.plan.instalments[0]?.due_date;
      const last = line.plan.instalments[line.plan.instalments.length - 1]?.due_date;
      const amount = line.standing.remaining;
      return {
        ...line,
        message: `Set up payment plan ${line.reference} for customer ${r.customer}: ${amount.amount} ${amount.currency} in ${line.plan.instalments.length} instalments due from ${first} to ${last}; invoices ${line.plan.items.map((i) => i.invoice_number).join(", ")} are settled into it.`,
      };
    },
    breakPlan: (id: number, asOf: string) => {
      const entry = plans.find((p) => p.id === id);
      if (!entry) {
        throw { code: "not_found", message: `No payment plan ${id} is in the book.` };
      }
      return breakRecord(entry, asOf);
    },
    enforcePlans: (asOf: string) =>
      plans
        .filter((p) => p.plan.start_on <= asOf && p.broken === null)
        .filter((p) => lineOf(p, asOf).standing.state === "broken")
        .map((p) => breakRecord(p, asOf)),
    claims: () => claims,
    fileClaim: (r: ClaimInput): ClaimLine => {
      const invoices = r.invoices.map(invoice);
      const first = invoices[0];
      if (!first) {
        throw invalid("A claim covers at least one invoice; give the invoices claimed for.");
      }
      const open = invoices.reduce((sum, i) => sum + cents(i.open.amount), 0n);
      const currency = first.open.currency;
      if (cents(r.claimed) > open) {
        throw invalid(
          `The amount claimed ${r.claimed} ${currency} is above the ${fromUnits(open, 2)} ${currency} open on invoices ${invoices.map((i) => i.number).join(", ")} on ${r.filed_on}, the filing date; claim at most what is open.`,
        );
      }
      const line: ClaimLine = {
        entry: {
          id: claims.length + 1,
          customer_name: first.customer_name,
          claim: {
            customer_reference: r.customer,
            invoice_numbers: invoices.map((i) => i.number),
            filed_on: r.filed_on,
            claimed: { amount: r.claimed, currency },
            decision: "pending",
            paid: null,
            paid_on: null,
            retention_treatment: "recoverable",
          },
          decided_on: null,
        },
        outcome: null,
        message: "",
      };
      claims.push(line);
      const invoicesText = line.entry.claim.invoice_numbers.join(", ");
      return {
        ...line,
        message: `Filed claim ${line.entry.id} with the insurer for ${r.claimed} ${currency} on invoices ${invoicesText}.`,
      };
    },
    decideClaim: (r: ClaimDecisionInput): ClaimLine => {
      const line = claims.find((c) => c.entry.id === r.id);
      if (!line) {
        throw { code: "not_found", message: `No claim ${r.id} is in the book.` };
      }
      const claim = line.entry.claim;
      if (claim.decision !== "pending") {
        throw {
          code: "conflict",
          message: `Claim ${r.id} was already decided as ${claim.decision} on ${line.entry.decided_on}; a claim is decided once, so its decision and the payment recorded with it stand.`,
        };
      }
      if (r.decision === "accepted" && r.paid === null) {
        throw invalid(
          `Claim ${r.id} cannot be recorded as accepted without what the insurer paid and when; leave it pending until the insurer pays.`,
        );
      }
      const currency = claim.claimed.currency;
      const paid = r.paid === null ? 0n : cents(r.paid);
      claim.decision = r.decision;
      claim.paid = r.paid === null ? null : moneyOf(paid, currency);
      claim.paid_on = r.paid_on;
      claim.retention_treatment = r.retention ?? "recoverable";
      line.entry.decided_on = r.decided_on;
      line.outcome = {
        paid: moneyOf(paid, currency),
        retention: moneyOf(cents(claim.claimed.amount) - paid, currency),
        treatment: claim.retention_treatment,
      };
      line.message = claimMessage(line);
      return line;
    },
  };
}
