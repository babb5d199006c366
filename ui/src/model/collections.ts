/**
 * Dunning runs, the outbox and phone tasks as the collections screens show them: names in the
 * UI language, items left out grouped by reason, a run's totals per currency, which
 * communications may still be approved and which have a letter to open, what a person may do
 * with a message of the outbox, and the call-outcome form turned into its request.
 *
 * The sentences the backend wrote (why an item is left out, what executing did) are shown as
 * they come; only names and groupings are made here.
 */

import type {
  CallOutcomeInput,
  CommunicationRecord,
  Consequence,
  ContactChannel,
  DisputeReason,
  DunningRunView,
  LeftOutLine,
  LeftOutReason,
  MailDecision,
  Money,
  OutboxEntry,
  OutboxState,
  PhoneOutcome,
  PhoneTaskEntry,
} from "../api/types";
import { addDecimals } from "../format/decimal";
import type { I18n } from "../i18n/context";
import { Reader, type FormCheck } from "./creditForms";

type Words = Pick<I18n, "t">;

export const CHANNELS: readonly ContactChannel[] = [
  "email_reminder",
  "printed_letter",
  "phone_task",
  "handover",
];

export const CONSEQUENCES: readonly Consequence[] = [
  "credit_hold",
  "prepayment_only",
  "legal_collection",
];

export const PHONE_OUTCOMES: readonly PhoneOutcome[] = [
  "reached",
  "promised",
  "disputed",
  "no_answer",
];

export function channelName(channel: ContactChannel, { t }: Words): string {
  return t(`dunning.channel.${channel}`);
}

export function consequenceName(consequence: Consequence, { t }: Words): string {
  return t(`dunning.consequence.${consequence}`);
}

export function phoneOutcomeName(outcome: PhoneOutcome, { t }: Words): string {
  return t(`calls.outcome.${outcome}`);
}

export function outboxStateName(state: OutboxState, { t }: Words): string {
  return t(`outbox.state.${state}`);
}

type Why = LeftOutReason["why"];

/** The reasons in the order a reviewer reads them: disputes first, timing last. */
export const LEFT_OUT_ORDER: readonly Why[] = [
  "disputed",
  "covered_by_unapplied",
  "on_payment_plan",
  "promise_pending",
  "paused",
  "below_minimum",
  "gap_too_short",
];

export function leftOutReasonName(why: Why, { t }: Words): string {
  return t(`dunning.leftOut.${why}`);
}

export interface LeftOutGroup {
  why: Why;
  lines: LeftOutLine[];
}

/** The items left out, grouped by reason in [`LEFT_OUT_ORDER`]; empty groups are left out. */
export function leftOutGroups(lines: readonly LeftOutLine[]): LeftOutGroup[] {
  return LEFT_OUT_ORDER.map((why) => ({
    why,
    lines: lines.filter((line) => line.left_out.reason.why === why),
  })).filter((group) => group.lines.length > 0);
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  claimed: Money;
  interest: Money;
  fee: Money;
  compensation: Money;
  total: Money;
}

/** What a run's communications claim, per currency in the order they first appear. */
export function runTotals(records: readonly CommunicationRecord[]): CurrencyTotal[] {
  const currencies = [...new Set(records.map((r) => r.communication.currency))];
  return currencies.map((currency) => {
    const mine = records.filter((r) => r.communication.currency === currency);
    const sum = (pick: (r: CommunicationRecord) => Money): Money => ({
      amount: addDecimals(mine.map((r) => pick(r).amount)),
      currency,
    });
    return {
      currency,
      count: mine.length,
      claimed: sum((r) => r.communication.claimed_total),
      interest: sum((r) => r.communication.interest_total),
      fee: sum((r) => r.communication.fee),
      compensation: sum((r) => r.communication.compensation ?? { amount: "0", currency }),
      total: sum((r) => r.communication.total),
    };
  });
}

/** Whether the run still takes approvals: proposed, neither executed nor replaced. */
export function approvable(run: DunningRunView): boolean {
  return run.state === "proposed";
}

/** The communications that start checked: those approved, else (nothing approved yet) all. */
export function initialSelection(run: DunningRunView): Set<number> {
  const approved = run.communications.filter((c) => c.state === "approved").map((c) => c.id);
  if (approved.length > 0) {
    return new Set(approved);
  }
  return new Set(run.communications.filter((c) => c.state === "proposed").map((c) => c.id));
}

export function approvedCount(run: DunningRunView): number {
  return run.communications.filter((c) => c.state === "approved").length;
}

/** An executed letter or email has a PDF to open; a call has none. */
export function hasLetter(record: CommunicationRecord): boolean {
  return (
    record.state === "executed" &&
    record.reference !== null &&
    record.sent_by !== null &&
    record.sent_by !== "phone_task"
  );
}

/** What a person may decide about a message: only unconfirmed and failed ones need a word. */
export function outboxDecisions(entry: OutboxEntry): MailDecision[] {
  switch (entry.state) {
    case "unconfirmed":
      return ["arrived", "send_again"];
    case "failed":
      return ["send_again"];
    default:
      return [];
  }
}

/** A time given in seconds since 1970 (UTC), as the ISO text the timestamp formatter reads. */
export function unixToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** The phone tasks not done yet first (earliest due first), then the done ones (latest first). */
export function phoneTaskOrder(tasks: readonly PhoneTaskEntry[]): PhoneTaskEntry[] {
  const open = tasks
    .filter((task) => task.outcome === null)
    .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id - b.id);
  const done = tasks
    .filter((task) => task.outcome !== null)
    .sort((a, b) => (b.done_on ?? "").localeCompare(a.done_on ?? "") || b.id - a.id);
  return [...open, ...done];
}

/** The call-outcome form as typed. */
export interface CallForm {
  outcome: PhoneOutcome;
  doneOn: string;
  note: string;
  promiseAmount: string;
  promiseDate: string;
  promisedBy: string;
  disputeInvoice: string;
  disputeReason: DisputeReason;
}

export type CallField = "doneOn" | "promiseAmount" | "promiseDate" | "promisedBy";

export function emptyCallForm(task: PhoneTaskEntry, today: string): CallForm {
  return {
    outcome: "reached",
    doneOn: today,
    note: "",
    promiseAmount: "",
    promiseDate: "",
    promisedBy: "",
    disputeInvoice: task.invoices[0] ?? "",
    disputeReason: "quality",
  };
}

/** The request of a call's outcome: a promise with "promised", a dispute with "disputed". */
export function callInput(
  task: PhoneTaskEntry,
  form: CallForm,
  locale: string,
): FormCheck<CallField, CallOutcomeInput> {
  const read = new Reader<CallField>(locale);
  const doneOn = read.date("doneOn", form.doneOn);
  let promise: [string, string, string] | null = null;
  if (form.outcome === "promised") {
    promise = [
      read.amount("promiseAmount", form.promiseAmount),
      read.date("promiseDate", form.promiseDate),
      read.text("promisedBy", form.promisedBy),
    ];
  }
  const dispute: [string, DisputeReason] | null =
    form.outcome === "disputed" && form.disputeInvoice !== ""
      ? [form.disputeInvoice, form.disputeReason]
      : null;
  return read.answer({
    task: task.id,
    outcome: form.outcome,
    note: form.note.trim(),
    done_on: doneOn,
    promise,
    dispute,
  });
}
