/**
 * The credit forms as typed (profile, security, credit report, insurance, order, override),
 * turned into the backend's requests. Only the shape is checked here, field by field, so that
 * a problem shows next to its field: a number that cannot be read, a whole number of days, a
 * date, a name left blank. Every rule of the credit file (a limit not below zero, default terms
 * within the longest allowed, cover that does not end before it starts) is the backend's, which
 * answers with a sentence.
 */

import type {
  AddCreditReportRequest,
  AddSecurityRequest,
  CreditFile,
  CreditProfileInput,
  CreditStatus,
  ExchangeRate,
  Order,
  OrderChangeInput,
  OrderInput,
  RiskClass,
  SetInsuranceRequest,
} from "../api/types";
import { isIsoDate } from "../format/date";
import { parseAmountInput } from "../format/input";

/** Why a field was refused; the screen says it in the UI language. */
export type FieldProblem =
  | { kind: "number"; value: string }
  | { kind: "days"; value: string }
  | { kind: "date"; value: string }
  /** An amount with its currency (`5.00 EUR`) that cannot be read. */
  | { kind: "money"; value: string }
  | { kind: "required" };

export type FormCheck<F extends string, R> =
  { ok: true; request: R } | { ok: false; problems: Partial<Record<F, FieldProblem>> };

/** Collects the problems of one form, field by field. */
export class Reader<F extends string> {
  readonly problems: Partial<Record<F, FieldProblem>> = {};

  constructor(private readonly locale: string) {}

  amount(field: F, text: string): string {
    const parsed = parseAmountInput(text, this.locale);
    if (!parsed.ok) {
      this.problems[field] = { kind: "number", value: text };
      return "";
    }
    return parsed.value;
  }

  optionalAmount(field: F, text: string): string | null {
    return text.trim() === "" ? null : this.amount(field, text);
  }

  days(field: F, text: string): number {
    const trimmed = text.trim();
    if (!/^\d{1,5}$/.test(trimmed)) {
      this.problems[field] = { kind: "days", value: text };
      return 0;
    }
    return Number(trimmed);
  }

  optionalDays(field: F, text: string): number | null {
    return text.trim() === "" ? null : this.days(field, text);
  }

  date(field: F, text: string): string {
    const trimmed = text.trim();
    if (!isIsoDate(trimmed)) {
      this.problems[field] = trimmed === "" ? { kind: "required" } : { kind: "date", value: text };
    }
    return trimmed;
  }

  optionalDate(field: F, text: string): string | null {
    return text.trim() === "" ? null : this.date(field, text);
  }

  text(field: F, text: string): string {
    const trimmed = text.trim();
    if (trimmed === "") {
      this.problems[field] = { kind: "required" };
    }
    return trimmed;
  }

  answer<R>(request: R): FormCheck<F, R> {
    return Object.keys(this.problems).length === 0
      ? { ok: true, request }
      : { ok: false, problems: this.problems };
  }
}

const currencyOrNull = (text: string) => (text.trim() === "" ? null : text.trim().toUpperCase());

// Profile

export interface ProfileForm {
  limit: string;
  currency: string;
  maxTermsDays: string;
  defaultTermsDays: string;
  riskClass: RiskClass;
  status: CreditStatus;
  reviewDate: string;
  reviewIntervalMonths: string;
  securityRequired: boolean;
}

export type ProfileField =
  "limit" | "maxTermsDays" | "defaultTermsDays" | "reviewDate" | "reviewIntervalMonths";

/** The form for a customer's profile: empty for a new one, else the profile as stored. */
export function profileForm(file: CreditFile | null): ProfileForm {
  if (!file) {
    return {
      limit: "",
      currency: "",
      maxTermsDays: "60",
      defaultTermsDays: "",
      riskClass: "medium",
      status: "active",
      reviewDate: "",
      reviewIntervalMonths: "",
      securityRequired: false,
    };
  }
  const p = file.profile;
  return {
    limit: p.limit.amount,
    currency: p.limit.currency,
    maxTermsDays: String(p.max_terms_days),
    defaultTermsDays: String(p.default_terms_days),
    riskClass: p.risk_class,
    status: p.status,
    reviewDate: p.review_date,
    reviewIntervalMonths: String(p.review_interval_months),
    securityRequired: p.security_required,
  };
}

export function profileInput(
  customer: string,
  form: ProfileForm,
  locale: string,
): FormCheck<ProfileField, CreditProfileInput> {
  const read = new Reader<ProfileField>(locale);
  return read.answer({
    customer,
    limit: read.amount("limit", form.limit),
    currency: currencyOrNull(form.currency),
    max_terms_days: read.days("maxTermsDays", form.maxTermsDays),
    default_terms_days: read.optionalDays("defaultTermsDays", form.defaultTermsDays),
    risk_class: form.riskClass,
    status: form.status,
    review_date: read.optionalDate("reviewDate", form.reviewDate),
    review_interval_months: read.optionalDays("reviewIntervalMonths", form.reviewIntervalMonths),
    security_required: form.securityRequired,
  });
}

// Security

export type SecurityKindName = "deposit" | "bank_guarantee" | "letter_of_credit";

export interface SecurityForm {
  kind: SecurityKindName;
  amount: string;
  currency: string;
  issuer: string;
  expiresOn: string;
}

export type SecurityField = "amount" | "currency" | "issuer" | "expiresOn";

export const emptySecurityForm = (currency: string): SecurityForm => ({
  kind: "bank_guarantee",
  amount: "",
  currency,
  issuer: "",
  expiresOn: "",
});

export function securityInput(
  customer: string,
  form: SecurityForm,
  locale: string,
): FormCheck<SecurityField, AddSecurityRequest> {
  const read = new Reader<SecurityField>(locale);
  const amount = read.amount("amount", form.amount);
  const currency = read.text("currency", form.currency).toUpperCase();
  const issuer = read.text("issuer", form.issuer);
  const kind: AddSecurityRequest["security"]["kind"] =
    form.kind === "deposit"
      ? { kind: "deposit" }
      : { kind: form.kind, expires_on: read.date("expiresOn", form.expiresOn) };
  return read.answer({ customer, security: { kind, amount: { amount, currency }, issuer } });
}

// Credit report

export interface ReportForm {
  agency: string;
  date: string;
  rating: string;
  recommendedLimit: string;
  currency: string;
  note: string;
}

export type ReportField = "agency" | "date" | "rating" | "recommendedLimit";

export const emptyReportForm = (date: string, currency: string): ReportForm => ({
  agency: "",
  date,
  rating: "",
  recommendedLimit: "",
  currency,
  note: "",
});

export function reportInput(
  customer: string,
  form: ReportForm,
  locale: string,
): FormCheck<ReportField, AddCreditReportRequest> {
  const read = new Reader<ReportField>(locale);
  const limit = read.optionalAmount("recommendedLimit", form.recommendedLimit);
  return read.answer({
    customer,
    report: {
      agency: read.text("agency", form.agency),
      date: read.date("date", form.date),
      rating: read.text("rating", form.rating),
      recommended_limit:
        limit === null ? null : { amount: limit, currency: form.currency.trim().toUpperCase() },
      note: form.note.trim(),
    },
  });
}

// Insurance

export interface InsuranceForm {
  insurer: string;
  policyNumber: string;
  buyerReference: string;
  insuredLimit: string;
  currency: string;
  validFrom: string;
  validTo: string;
  maxCreditPeriodDays: string;
  reportingDeadlineDays: string;
}

export type InsuranceField =
  | "insurer"
  | "policyNumber"
  | "buyerReference"
  | "insuredLimit"
  | "currency"
  | "validFrom"
  | "validTo"
  | "maxCreditPeriodDays"
  | "reportingDeadlineDays";

/** The form for the insurance: empty, or the cover as stored. */
export function insuranceForm(file: CreditFile | null, currency: string): InsuranceForm {
  const cover = file?.insurance;
  if (!cover) {
    return {
      insurer: "",
      policyNumber: "",
      buyerReference: "",
      insuredLimit: "",
      currency,
      validFrom: "",
      validTo: "",
      maxCreditPeriodDays: "",
      reportingDeadlineDays: "",
    };
  }
  return {
    insurer: cover.insurer,
    policyNumber: cover.policy_number,
    buyerReference: cover.buyer_reference,
    insuredLimit: cover.insured_limit.amount,
    currency: cover.insured_limit.currency,
    validFrom: cover.valid_from,
    validTo: cover.valid_to,
    maxCreditPeriodDays: String(cover.max_credit_period_days),
    reportingDeadlineDays: String(cover.reporting_deadline_days),
  };
}

export function insuranceInput(
  customer: string,
  form: InsuranceForm,
  locale: string,
): FormCheck<InsuranceField, SetInsuranceRequest> {
  const read = new Reader<InsuranceField>(locale);
  return read.answer({
    customer,
    insurance: {
      insurer: read.text("insurer", form.insurer),
      policy_number: read.text("policyNumber", form.policyNumber),
      buyer_reference: read.text("buyerReference", form.buyerReference),
      insured_limit: {
        amount: read.amount("insuredLimit", form.insuredLimit),
        currency: read.text("currency", form.currency).toUpperCase(),
      },
      valid_from: read.date("validFrom", form.validFrom),
      valid_to: read.date("validTo", form.validTo),
      max_credit_period_days: read.days("maxCreditPeriodDays", form.maxCreditPeriodDays),
      reporting_deadline_days: read.days("reportingDeadlineDays", form.reportingDeadlineDays),
    },
  });
}

// Exchange rate

export interface RateForm {
  from: string;
  to: string;
  date: string;
  rate: string;
}

export type RateField = "from" | "to" | "date" | "rate";

export function rateInput(form: RateForm, locale: string): FormCheck<RateField, ExchangeRate> {
  const read = new Reader<RateField>(locale);
  return read.answer({
    from: read.text("from", form.from).toUpperCase(),
    to: read.text("to", form.to).toUpperCase(),
    date: read.date("date", form.date),
    rate: read.amount("rate", form.rate),
  });
}

// Order

export interface OrderForm {
  customer: string;
  reference: string;
  amount: string;
  currency: string;
  termsDays: string;
  date: string;
}

export type OrderField = "customer" | "reference" | "amount" | "termsDays" | "date";

export const emptyOrderForm = (customer: string, date: string): OrderForm => ({
  customer,
  reference: "",
  amount: "",
  currency: "",
  termsDays: "",
  date,
});

export function orderInput(form: OrderForm, locale: string): FormCheck<OrderField, OrderInput> {
  const read = new Reader<OrderField>(locale);
  return read.answer({
    customer: read.text("customer", form.customer),
    reference: read.text("reference", form.reference),
    amount: read.amount("amount", form.amount),
    currency: currencyOrNull(form.currency),
    terms_days: read.optionalDays("termsDays", form.termsDays),
    date: read.date("date", form.date),
  });
}

export interface AmendForm {
  amount: string;
  termsDays: string;
}

export type AmendField = "amount" | "termsDays";

/** An amendment of an order on record: both fields start as the order has them. */
export const amendForm = (order: Order): AmendForm => ({
  amount: order.amount.amount,
  termsDays: String(order.terms_days),
});

export function amendInput(
  form: AmendForm,
  locale: string,
): FormCheck<AmendField, OrderChangeInput> {
  const read = new Reader<AmendField>(locale);
  return read.answer({
    state: null,
    amount: read.amount("amount", form.amount),
    terms_days: read.days("termsDays", form.termsDays),
  });
}

/** The reason an override is given for; blank means no override can be asked. */
export function overrideReason(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}
