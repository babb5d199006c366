/**
 * The collections forms of a customer's page as typed, turned into the backend's requests: the
 * postal address and letter language, the late-payment interest terms, a pause in chasing,
 * money received toward charges or charges waived, and a statement of account to print. Only
 * the shape is checked here; the rules (a rate the interest laws refuse, a pause that ends
 * before it starts, more than is open) are the backend's, which answers with a sentence.
 */

import type {
  AddressInput,
  ChargeSettlementInput,
  CustomerAddress,
  CustomerInterest,
  DayCount,
  Language,
  PaperSize,
  PauseInput,
  StatementRequest,
} from "../api/types";
import { Reader, type FormCheck } from "./creditForms";

// Address

export interface AddressForm {
  lines: string;
  country: string;
  /** "" while the company's letter language applies; choosing "" again goes back to it. */
  letterLanguage: Language | "";
}

export function addressForm(address: CustomerAddress): AddressForm {
  return {
    lines: address.lines.join("\n"),
    country: address.country ?? "",
    letterLanguage: address.letter_language ?? "",
  };
}

/**
 * Every field is sent: an empty country clears it, empty lines are dropped by the backend, and
 * no letter language of its own makes the customer's letters follow the company's language.
 */
export function addressInput(customer: string, form: AddressForm): AddressInput {
  return {
    customer,
    lines: form.lines.split("\n"),
    country: form.country.trim(),
    letter_language: form.letterLanguage === "" ? "company" : { own: form.letterLanguage },
  };
}

// Interest

export type InterestRule =
  | "none"
  | "annual"
  | "daily"
  | "eu_directive"
  | "uk_late_payment"
  | "germany_bgb288"
  | "germany_bgb288_consumer"
  | "china_sme";

export const INTEREST_RULES: readonly InterestRule[] = [
  "none",
  "annual",
  "daily",
  "eu_directive",
  "uk_late_payment",
  "germany_bgb288",
  "germany_bgb288_consumer",
  "china_sme",
];

export interface InterestForm {
  rule: InterestRule;
  /** The annual or daily rate, or the EU Directive's margin, in percentage points. */
  percent: string;
  dayCount: DayCount;
}

export type InterestField = "percent";

export function interestForm(interest: CustomerInterest | null): InterestForm {
  if (!interest) {
    return { rule: "none", percent: "", dayCount: "actual365" };
  }
  switch (interest.rule) {
    case "annual":
      return { rule: "annual", percent: interest.percent, dayCount: interest.day_count };
    case "daily":
      return { rule: "daily", percent: interest.percent, dayCount: "actual365" };
    case "eu_directive":
      return { rule: "eu_directive", percent: interest.margin_points, dayCount: "actual365" };
    case "germany_bgb288":
      return {
        rule: interest.consumer ? "germany_bgb288_consumer" : "germany_bgb288",
        percent: "",
        dayCount: "actual365",
      };
    default:
      return { rule: interest.rule, percent: "", dayCount: "actual365" };
  }
}

/** Whether the rule needs a rate (annual, daily) or a margin (EU Directive). */
export function needsPercent(rule: InterestRule): boolean {
  return rule === "annual" || rule === "daily" || rule === "eu_directive";
}

export function interestInput(
  form: InterestForm,
  locale: string,
): FormCheck<InterestField, CustomerInterest | null> {
  const read = new Reader<InterestField>(locale);
  const percent = needsPercent(form.rule) ? read.amount("percent", form.percent) : "";
  const interest: CustomerInterest | null = (() => {
    switch (form.rule) {
      case "none":
        return null;
      case "annual":
        return { rule: "annual", percent, day_count: form.dayCount };
      case "daily":
        return { rule: "daily", percent };
      case "eu_directive":
        return { rule: "eu_directive", margin_points: percent };
      case "germany_bgb288":
        return { rule: "germany_bgb288", consumer: false };
      case "germany_bgb288_consumer":
        return { rule: "germany_bgb288", consumer: true };
      case "uk_late_payment":
      case "china_sme":
        return { rule: form.rule };
    }
  })();
  return read.answer(interest);
}

// Pause

export interface PauseForm {
  /** "" pauses the whole customer. */
  invoice: string;
  reason: string;
  from: string;
  until: string;
}

export type PauseField = "reason" | "from" | "until";

export function emptyPauseForm(asOf: string): PauseForm {
  return { invoice: "", reason: "", from: asOf, until: "" };
}

export function pauseInput(
  customer: string,
  form: PauseForm,
  locale: string,
): FormCheck<PauseField, PauseInput> {
  const read = new Reader<PauseField>(locale);
  const request: PauseInput = {
    customer: form.invoice === "" ? customer : null,
    invoice: form.invoice === "" ? null : form.invoice,
    reason: read.text("reason", form.reason),
    from: read.date("from", form.from),
    until: read.date("until", form.until),
  };
  return read.answer(request);
}

// Charges

export interface ChargeForm {
  invoice: string;
  date: string;
  /** "" for all that is open on the day. */
  amount: string;
  note: string;
}

export type ChargeField = "date" | "amount";

export function chargeInput(
  form: ChargeForm,
  waived: boolean,
  locale: string,
): FormCheck<ChargeField, ChargeSettlementInput> {
  const read = new Reader<ChargeField>(locale);
  const request: ChargeSettlementInput = {
    invoice: form.invoice,
    date: read.date("date", form.date),
    amount: read.optionalAmount("amount", form.amount),
    waived,
    note: form.note.trim(),
  };
  return read.answer(request);
}

// Statement

export interface StatementForm {
  /** "" for three calendar months back from `to`. */
  from: string;
  to: string;
  /** "" when the customer deals in one currency only. */
  currency: string;
  paper: PaperSize;
  /** "" for the customer's letter language, else the company's. */
  language: Language | "";
}

export type StatementField = "from" | "to";

export function statementInput(
  customer: string,
  form: StatementForm,
  locale: string,
): FormCheck<StatementField, StatementRequest> {
  const read = new Reader<StatementField>(locale);
  const request: StatementRequest = {
    customer,
    from: read.optionalDate("from", form.from),
    to: read.date("to", form.to),
    currency: form.currency === "" ? null : form.currency,
    options: { paper: form.paper, language: form.language === "" ? null : form.language },
  };
  return read.answer(request);
}
