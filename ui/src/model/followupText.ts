/**
 * Credit alerts, risk factors, disputes and promises to pay as sentences and names in the UI
 * language, written from their codes and fields (the backend's own sentence is in the language
 * of the moment it answered; these follow a language switch at once). Also where each alert
 * leads and what a dispute or promise form sends.
 */

import type {
  CreditAlert,
  CreditAlertDetail,
  DisputeEntry,
  DisputeInput,
  DisputeReason,
  DisputeResolutionInput,
  DisputeVerdict,
  PromiseChannel,
  PromiseInput,
  PromiseState,
  RiskFactor,
} from "../api/types";
import type { Route } from "../app/route";
import type { I18n } from "../i18n/context";
import { Reader, type FormCheck } from "./creditForms";
import { securityKindName } from "./creditText";

/** The part of the UI's language tools the sentences need. */
export type FollowupWords = Pick<I18n, "t" | "money" | "date" | "count" | "decimal">;

export const DISPUTE_REASONS: readonly DisputeReason[] = [
  "price",
  "quantity",
  "quality",
  "not_received",
  "duplicate",
  "other",
];

export const DISPUTE_VERDICTS: readonly DisputeVerdict[] = ["accepted", "rejected", "partly"];

export const PROMISE_CHANNELS: readonly PromiseChannel[] = ["phone", "email", "letter"];

export function creditAlertSentence(alert: CreditAlertDetail, w: FollowupWords): string {
  const { t, money, date, count, decimal } = w;
  switch (alert.kind) {
    case "limit_exceeded":
      return t("creditAlert.limit_exceeded", {
        exposure: money(alert.exposure),
        limit: money(alert.limit),
        excess: money(alert.excess),
      });
    case "rate_missing":
      return t("creditAlert.rate_missing", {
        from: alert.from,
        to: alert.to,
        date: date(alert.on),
      });
    case "behaviour_worsening":
      return t("creditAlert.behaviour_worsening", {
        recent: decimal(alert.recent_average_days),
        earlier: decimal(alert.earlier_average_days),
        change: decimal(alert.change_days),
        threshold: count(alert.threshold_days),
        score: count(alert.score),
      });
    case "review_due":
      return t("creditAlert.review_due", {
        date: date(alert.review_date),
        days: count(alert.days_past),
      });
    case "security_expiring":
      return t("creditAlert.security_expiring", {
        kind: securityKindName(alert.security, w),
        amount: money(alert.amount),
        issuer: alert.issuer,
        date: date(alert.expires_on),
        days: count(alert.days_left),
      });
    case "security_expired":
      return t("creditAlert.security_expired", {
        kind: securityKindName(alert.security, w),
        amount: money(alert.amount),
        issuer: alert.issuer,
        date: date(alert.expired_on),
        days: count(alert.days_ago),
      });
    case "insurance_expiring":
      return t("creditAlert.insurance_expiring", {
        insurer: alert.insurer,
        policy: alert.policy_number,
        date: date(alert.valid_to),
        days: count(alert.days_left),
      });
    case "insurance_expired":
      return t("creditAlert.insurance_expired", {
        insurer: alert.insurer,
        policy: alert.policy_number,
        date: date(alert.valid_to),
        days: count(alert.days_ago),
      });
    case "insurer_report_due":
      return t("creditAlert.insurer_report_due", {
        invoice: alert.invoice_number,
        open: money(alert.open),
        insurer: alert.insurer,
        date: date(alert.report_by),
        days: count(alert.days_left),
      });
    case "insurer_report_overdue":
      return t("creditAlert.insurer_report_overdue", {
        invoice: alert.invoice_number,
        open: money(alert.open),
        insurer: alert.insurer,
        date: date(alert.report_by),
        days: count(alert.days_past),
      });
  }
}

/** The invoice an alert is about, when it is about one: it is then reported to the insurer. */
export function alertInvoice(alert: CreditAlertDetail): string | null {
  return alert.kind === "insurer_report_due" || alert.kind === "insurer_report_overdue"
    ? alert.invoice_number
    : null;
}

/** Where an alert leads: the invoice to report, else the customer's credit tab. */
export function alertRoute(alert: CreditAlert): Route {
  const invoice = alertInvoice(alert.alert);
  return invoice !== null
    ? { screen: "invoice", number: invoice }
    : { screen: "customer", reference: alert.customer, tab: "credit" };
}

/** The value a factor's points were computed from, in the UI language; "—" when unknown. */
export function riskFactorValue(factor: RiskFactor, w: FollowupWords): string {
  const { t, money, count, decimal } = w;
  const none = t("app.none");
  switch (factor.code) {
    case "days_late":
      return factor.average_days === null
        ? none
        : t("risk.value.days", { days: decimal(factor.average_days, 0) });
    case "trend":
      return factor.change_days === null
        ? none
        : t("risk.value.change", { days: decimal(factor.change_days, 0) });
    case "utilisation":
      return factor.percent === null
        ? none
        : t("risk.value.percent", { percent: decimal(factor.percent, 0) });
    case "disputes":
      return t("risk.value.disputes", {
        invoices: count(factor.invoices),
        amount: money(factor.amount),
      });
    case "broken_promises":
      return count(factor.count);
  }
}

/** What a factor measures, in the UI language. */
export function riskFactorName(factor: RiskFactor, w: FollowupWords): string {
  const { t, count } = w;
  switch (factor.code) {
    case "days_late":
      return t("risk.factor.days_late", { months: count(factor.months) });
    case "trend":
      return t("risk.factor.trend", {
        recent: count(factor.recent_months),
        earlier: count(factor.earlier_months),
      });
    case "utilisation":
      return t("risk.factor.utilisation");
    case "disputes":
      return t("risk.factor.disputes");
    case "broken_promises":
      return t("risk.factor.broken_promises");
  }
}

export function disputeReasonName(reason: DisputeReason, { t }: Pick<I18n, "t">): string {
  return t(`dispute.reason.${reason}`);
}

export function promiseStateName(state: PromiseState, { t }: Pick<I18n, "t">): string {
  return t(`promise.state.${state}`);
}

export function promiseChannelName(channel: PromiseChannel, { t }: Pick<I18n, "t">): string {
  return t(`promise.channel.${channel}`);
}

/** Where a dispute stands, in one short sentence. */
export function disputeStanding(entry: DisputeEntry, w: FollowupWords): string {
  const { t, money, date } = w;
  const resolution = entry.dispute.resolution;
  if (resolution === null) {
    return t("dispute.open", { date: date(entry.dispute.opened_on) });
  }
  const when = date(resolution.resolved_on);
  switch (resolution.outcome.outcome) {
    case "accepted":
      return t("dispute.accepted", { date: when, credit: money(resolution.credit) });
    case "rejected":
      return t("dispute.rejected", { date: when, resumed: money(resolution.resumed) });
    case "partly":
      return t("dispute.partly", {
        date: when,
        credit: money(resolution.credit),
        resumed: money(resolution.resumed),
      });
  }
}

/** The fields of the dispute form as typed; the amount is read only when not `whole`. */
export interface DisputeForm {
  whole: boolean;
  amount: string;
  reason: DisputeReason;
  note: string;
  openedOn: string;
}

export type DisputeField = "amount" | "note" | "openedOn";

export const emptyDisputeForm = (date: string): DisputeForm => ({
  whole: true,
  amount: "",
  reason: "price",
  note: "",
  openedOn: date,
});

/** The request a dispute form sends; the reason "other" needs a note. */
export function disputeInput(
  invoice: string,
  form: DisputeForm,
  locale: string,
): FormCheck<DisputeField, DisputeInput> {
  const read = new Reader<DisputeField>(locale);
  const amount = form.whole ? null : read.amount("amount", form.amount);
  const note = form.reason === "other" ? read.text("note", form.note) : form.note.trim();
  return read.answer({
    invoice,
    amount,
    line: null,
    reason: form.reason,
    note,
    opened_on: read.date("openedOn", form.openedOn),
  });
}

export interface ResolutionForm {
  verdict: DisputeVerdict;
  accepted: string;
  note: string;
  resolvedOn: string;
}

export type ResolutionField = "accepted" | "resolvedOn";

/** The request a resolution sends; only a partly accepted dispute reads the amount credited. */
export function resolutionInput(
  id: number,
  form: ResolutionForm,
  locale: string,
): FormCheck<ResolutionField, DisputeResolutionInput> {
  const read = new Reader<ResolutionField>(locale);
  return read.answer({
    id,
    verdict: form.verdict,
    accepted: form.verdict === "partly" ? read.amount("accepted", form.accepted) : null,
    note: form.note.trim(),
    resolved_on: read.date("resolvedOn", form.resolvedOn),
  });
}

/** The fields of the promise form as typed; invoices separated by commas or spaces. */
export interface PromiseForm {
  madeOn: string;
  promisedOn: string;
  amount: string;
  promisedBy: string;
  channel: PromiseChannel;
  invoices: string;
}

export type PromiseField = "madeOn" | "promisedOn" | "amount" | "promisedBy" | "invoices";

export const emptyPromiseForm = (date: string, invoices: string[]): PromiseForm => ({
  madeOn: date,
  promisedOn: "",
  amount: "",
  promisedBy: "",
  channel: "phone",
  invoices: invoices.join(", "),
});

export function promiseInput(
  customer: string,
  form: PromiseForm,
  locale: string,
): FormCheck<PromiseField, PromiseInput> {
  const read = new Reader<PromiseField>(locale);
  const invoices = form.invoices.split(/[\s,;]+/).filter((n) => n.length > 0);
  if (invoices.length === 0) {
    read.text("invoices", "");
  }
  return read.answer({
    customer,
    made_on: read.date("madeOn", form.madeOn),
    promised_on: read.date("promisedOn", form.promisedOn),
    amount: read.amount("amount", form.amount),
    currency: null,
    promised_by: read.text("promisedBy", form.promisedBy),
    channel: form.channel,
    invoices,
    dunning_level: null,
  });
}
