/**
 * The book's credit policy as a form, and the sentences of a suggested limit, of the decisions
 * taken on one and of a file of exchange rates imported, written in the UI language from codes
 * and fields (so they follow a language switch at once).
 *
 * The form checks only the shape of what was typed (a whole number of days or months, a
 * percent that reads as a number); which values the rules accept (a percent from 0 to 100, a
 * window of at least one month) is the backend's, which refuses with a sentence.
 */

import type {
  CreditPolicy,
  Ground,
  LimitDecision,
  LimitSuggestion,
  RatesImported,
} from "../api/types";
import { compareDecimal } from "../format/decimal";
import { Reader, type FormCheck } from "./creditForms";
import type { Words } from "./creditText";

/** What the sentences need besides the credit text's words: decimals in the UI language. */
export type PolicyWords = Words & { decimal: (value: string) => string };

// The policy form

export interface PolicyForm {
  graceDays: string;
  expiringWithinDays: string;
  reportMaxAgeDays: string;
  firstOrderPercent: string;
  cleanMonths: string;
  lateToleranceDays: string;
  raisePercent: string;
  recentMonths: string;
  earlierMonths: string;
  worseningDays: string;
  cutPercent: string;
  higherScoreIsBetter: boolean;
}

export type PolicyField = Exclude<keyof PolicyForm, "higherScoreIsBetter">;

/** The fields of the form in the order the screen shows them, each with its kind. */
export const POLICY_FIELDS: readonly { field: PolicyField; kind: "days" | "months" | "percent" }[] =
  [
    { field: "graceDays", kind: "days" },
    { field: "expiringWithinDays", kind: "days" },
    { field: "reportMaxAgeDays", kind: "days" },
    { field: "firstOrderPercent", kind: "percent" },
    { field: "cleanMonths", kind: "months" },
    { field: "lateToleranceDays", kind: "days" },
    { field: "raisePercent", kind: "percent" },
    { field: "recentMonths", kind: "months" },
    { field: "earlierMonths", kind: "months" },
    { field: "worseningDays", kind: "days" },
    { field: "cutPercent", kind: "percent" },
  ];

/** The form showing the policy as the book holds it. */
export function policyForm(policy: CreditPolicy): PolicyForm {
  const { check, review, limits } = policy;
  return {
    graceDays: String(check.grace_days),
    expiringWithinDays: String(review.expiring_within_days),
    reportMaxAgeDays: String(review.report_max_age_days),
    firstOrderPercent: limits.first_order_percent,
    cleanMonths: String(limits.clean_months),
    lateToleranceDays: String(limits.late_tolerance_days),
    raisePercent: limits.raise_percent,
    recentMonths: String(limits.recent_months),
    earlierMonths: String(limits.earlier_months),
    worseningDays: String(limits.worsening_days),
    cutPercent: limits.cut_percent,
    higherScoreIsBetter: limits.higher_score_is_better,
  };
}

/** The policy the form asks for, or the problem of every field that cannot be read. Day and
 * month counts are whole numbers; percents are numbers in the UI's way of writing them. */
export function policyInput(
  form: PolicyForm,
  locale: string,
): FormCheck<PolicyField, CreditPolicy> {
  const read = new Reader<PolicyField>(locale);
  const policy: CreditPolicy = {
    check: { grace_days: read.days("graceDays", form.graceDays) },
    review: {
      expiring_within_days: read.days("expiringWithinDays", form.expiringWithinDays),
      report_max_age_days: read.days("reportMaxAgeDays", form.reportMaxAgeDays),
    },
    limits: {
      first_order_percent: read.amount("firstOrderPercent", form.firstOrderPercent),
      clean_months: read.days("cleanMonths", form.cleanMonths),
      late_tolerance_days: read.days("lateToleranceDays", form.lateToleranceDays),
      raise_percent: read.amount("raisePercent", form.raisePercent),
      recent_months: read.days("recentMonths", form.recentMonths),
      earlier_months: read.days("earlierMonths", form.earlierMonths),
      worsening_days: read.days("worseningDays", form.worseningDays),
      cut_percent: read.amount("cutPercent", form.cutPercent),
      higher_score_is_better: form.higherScoreIsBetter,
    },
  };
  return read.answer(policy);
}

// A suggested limit

function monthsText(months: number, { t, count }: PolicyWords): string {
  return months === 1 ? t("limit.oneMonth") : t("limit.months", { months: count(months) });
}

function daysText(days: number, { t, count }: PolicyWords): string {
  return days === 1 ? t("limit.oneDay") : t("credit.days", { days: count(days) });
}

/** One ground of a suggestion as a sentence. */
export function groundSentence(ground: Ground, w: PolicyWords): string {
  const { t, money, date, count, decimal } = w;
  switch (ground.code) {
    case "first_order_share":
      return t("limit.ground.first_order_share", {
        percent: decimal(ground.percent),
        order: money(ground.order),
        share: money(ground.share),
      });
    case "security_cover": {
      const covers = compareDecimal(ground.cover.amount, ground.share.amount) > 0;
      return t(covers ? "limit.ground.security_covers_more" : "limit.ground.security_covers_less", {
        cover: money(ground.cover),
        share: money(ground.share),
      });
    }
    case "nothing_to_base_on":
      return t("limit.ground.nothing_to_base_on");
    case "payment_worsening":
      return t("limit.ground.payment_worsening", {
        recent: monthsText(ground.recent_months, w),
        recentDays: decimal(ground.recent_average_days),
        earlier: monthsText(ground.earlier_months, w),
        earlierDays: decimal(ground.earlier_average_days),
        threshold: daysText(ground.threshold_days, w),
      });
    case "worse_report":
      return t("limit.ground.worse_report", {
        agency: ground.agency,
        latest: ground.latest_rating,
        latestDate: date(ground.latest_date),
        earlier: ground.earlier_rating,
        earlierDate: date(ground.earlier_date),
      });
    case "clean_record":
      return t("limit.ground.clean_record", {
        window: monthsText(ground.months, w),
        invoices: count(ground.invoices),
        tolerance: daysText(ground.tolerance_days, w),
      });
    case "too_recent":
      return t("limit.ground.too_recent", {
        since: date(ground.since),
        window: monthsText(ground.months, w),
      });
    case "nothing_paid":
      return t("limit.ground.nothing_paid", { window: monthsText(ground.months, w) });
    case "paid_late":
      return t("limit.ground.paid_late", {
        invoice: ground.invoice_number,
        late: daysText(ground.days_late, w),
        tolerance: daysText(ground.tolerance_days, w),
        window: monthsText(ground.months, w),
      });
  }
}

/** The suggestion's conclusion as a sentence: a first limit, a raise, a cut, or no change. */
export function suggestionSentence(suggestion: LimitSuggestion, w: PolicyWords): string {
  const { t, money, decimal } = w;
  const suggested = money(suggestion.suggested);
  const current = suggestion.current ? money(suggestion.current) : t("app.none");
  const change = suggestion.change;
  switch (change.change) {
    case "first":
      return t("limit.first", { suggested });
    case "raise":
      return t("limit.raise", { suggested, percent: decimal(change.percent), current });
    case "cut":
      return t("limit.cut", { suggested, percent: decimal(change.percent), current });
    case "keep":
      return t("limit.keep", { current });
  }
}

/** A decision on record as a sentence: accepted (the limit was set) or rejected. */
export function decisionSentence(decision: LimitDecision, w: PolicyWords): string {
  const { t, money, date } = w;
  const what = {
    suggested: money(decision.suggestion.suggested),
    date: date(decision.as_of),
  };
  return decision.accepted ? t("limit.accepted", what) : t("limit.rejected", what);
}

/** What importing a file of rates did, as a sentence. */
export function ratesImportedSentence(imported: RatesImported, { t, count }: PolicyWords): string {
  const { added, replaced, unchanged } = imported.saved;
  return t("rates.imported", {
    file: imported.file_name,
    added: count(added),
    replaced: count(replaced),
    unchanged: count(unchanged),
  });
}
