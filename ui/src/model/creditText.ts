/**
 * The credit check's hold reasons and the review queue's items as sentences in the UI
 * language, written from their code and fields (the backend's own sentence is in the language
 * of the moment it answered; this follows a language switch at once). Also what can be done
 * with an order in each state.
 */

import type {
  HoldReason,
  Money,
  OrderChangeInput,
  OrderState,
  ReviewItem,
  SecurityKind,
} from "../api/types";
import type { I18n } from "../i18n/context";

/** The part of the UI's language tools the sentences need. */
export type Words = Pick<I18n, "t" | "money" | "date" | "count">;

export function securityKindName(kind: SecurityKind, { t }: Words): string {
  return t(`credit.securityKind.${kind.kind}`);
}

export function holdReasonSentence(reason: HoldReason, w: Words): string {
  const { t, money, date, count } = w;
  switch (reason.code) {
    case "customer_on_hold":
      return t("hold.customer_on_hold");
    case "customer_blocked":
      return t("hold.customer_blocked");
    case "prepayment_only":
      return t("hold.prepayment_only");
    case "over_limit":
      return t("hold.over_limit", {
        exposure: money(reason.exposure),
        limit: money(reason.limit),
        excess: money(reason.excess),
      });
    case "insured_limit_exceeded":
      return t("hold.insured_limit_exceeded", {
        exposure: money(reason.exposure),
        limit: money(reason.insured_limit),
        excess: money(reason.excess),
      });
    case "overdue":
      return t(reason.invoices === 1 ? "hold.overdue_one" : "hold.overdue", {
        invoices: count(reason.invoices),
        amount: money(reason.amount),
        most: count(reason.most_days),
        grace: count(reason.grace_days),
      });
    case "terms_too_long":
      return t("hold.terms_too_long", {
        terms: count(reason.terms_days),
        max: count(reason.max_days),
      });
    case "terms_beyond_insurer":
      return t("hold.terms_beyond_insurer", {
        terms: count(reason.terms_days),
        max: count(reason.max_days),
        insurer: reason.insurer,
      });
    case "review_passed":
      return t("hold.review_passed", { date: date(reason.review_date) });
    case "security_missing":
      return t("hold.security_missing");
    case "security_expired":
      return t("hold.security_expired", { date: date(reason.expired_on) });
  }
}

export function reviewItemSentence(item: ReviewItem, w: Words): string {
  const { t, money, date, count } = w;
  switch (item.code) {
    case "review_due":
      return item.days_past === 0
        ? t("review.review_due_today", { date: date(item.review_date) })
        : t("review.review_due", {
            date: date(item.review_date),
            days: count(item.days_past),
          });
    case "security_expiring": {
      const what = {
        kind: securityKindName(item.kind, w),
        amount: money(item.amount),
        issuer: item.issuer,
        date: date(item.expires_on),
      };
      return item.days_left < 0
        ? t("review.security_expired", what)
        : t("review.security_expiring", { ...what, days: count(item.days_left) });
    }
    case "insurance_expiring": {
      const what = {
        insurer: item.insurer,
        policy: item.policy_number,
        date: date(item.valid_to),
      };
      return item.days_left < 0
        ? t("review.insurance_ended", what)
        : t("review.insurance_expiring", { ...what, days: count(item.days_left) });
    }
    case "report_stale":
      return t("review.report_stale", {
        agency: item.agency,
        date: date(item.date),
        days: count(item.age_days),
      });
    case "no_report":
      return t("review.no_report");
  }
}

export type OrderAction = "close" | "invoice" | "amend" | "reopen";

/** What may be done with an order: an open one is closed, invoiced or amended; a closed or
 * invoiced one may be reopened (and is then checked again). */
export function orderActions(state: OrderState): OrderAction[] {
  return state === "open" ? ["close", "invoice", "amend"] : ["reopen"];
}

/** The change an action asks of the backend; an amendment carries the new amount and terms
 * (either may be null to leave it as it is). */
export function orderChange(
  action: OrderAction,
  amount: string | null,
  termsDays: number | null = null,
): OrderChangeInput {
  switch (action) {
    case "close":
      return { state: "closed", amount: null, terms_days: null };
    case "invoice":
      return { state: "invoiced", amount: null, terms_days: null };
    case "reopen":
      return { state: "open", amount: null, terms_days: null };
    case "amend":
      return { state: null, amount, terms_days: termsDays };
  }
}

/** The amount above zero, else zero: what to show as "over the limit by". */
export function isAboveZero(money: Money): boolean {
  return /[1-9]/.test(money.amount) && !money.amount.trim().startsWith("-");
}
