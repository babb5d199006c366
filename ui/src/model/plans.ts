/**
 * The payment plan form as typed, turned into the backend's `PlanInput`, and the words a plan's
 * instalments are shown with. Only the shape of each field is checked here (a number, a whole
 * number, a date, at least one invoice); the rules of a plan (overdue items only, one currency,
 * a down payment below the total, parts that add up) are the backend's, which answers with a
 * sentence, and the instalments shown before a plan is set up are the backend's preview.
 */

import type { InstalmentAdherence, InvoiceSummary, Money, PlanInput, PlanLine } from "../api/types";
import { addDecimals } from "../format/decimal";
import type { I18n } from "../i18n/context";
import { Reader, type FormCheck } from "./creditForms";

/** An overdue invoice the form offers, earliest due first (as the customer page lists them). */
export interface PlanItemChoice {
  number: string;
  dueDate: string | null;
  daysOverdue: number;
  open: Money;
  disputed: boolean;
}

/** The customer's open items that are overdue on the page's date. */
export function overdueChoices(items: readonly InvoiceSummary[]): PlanItemChoice[] {
  return items
    .filter((item) => item.days_overdue !== null && Number(item.days_overdue) > 0)
    .map((item) => ({
      number: item.number,
      dueDate: item.earliest_unpaid_due,
      daysOverdue: Number(item.days_overdue),
      open: item.open,
      disputed: item.disputed,
    }));
}

/** The chosen invoices' open amounts per currency, in the order the currencies first appear. */
export function chosenTotals(
  choices: readonly PlanItemChoice[],
  chosen: readonly string[],
): Money[] {
  const byCurrency = new Map<string, string[]>();
  for (const choice of choices) {
    if (chosen.includes(choice.number)) {
      const amounts = byCurrency.get(choice.open.currency) ?? [];
      amounts.push(choice.open.amount);
      byCurrency.set(choice.open.currency, amounts);
    }
  }
  return [...byCurrency].map(([currency, amounts]) => ({ amount: addDecimals(amounts), currency }));
}

export type IntervalUnit = "months" | "days";

/** A part of an explicit schedule as typed. */
export interface PartForm {
  dueDate: string;
  amount: string;
}

export interface PlanForm {
  /** Invoice numbers, in the order the form lists them. */
  invoices: string[];
  startOn: string;
  downPayment: string;
  kind: "equal_parts" | "explicit";
  parts: string;
  every: string;
  unit: IntervalUnit;
  schedule: PartForm[];
  rate: string;
  graceDays: string;
}

export type PlanField =
  | "invoices"
  | "startOn"
  | "downPayment"
  | "parts"
  | "every"
  | "rate"
  | "graceDays"
  | `part-${number}-date`
  | `part-${number}-amount`;

/** A new form: every overdue item not in dispute, three monthly parts from `asOf`. */
export function emptyPlanForm(asOf: string, choices: readonly PlanItemChoice[]): PlanForm {
  return {
    invoices: choices.filter((c) => !c.disputed).map((c) => c.number),
    startOn: asOf,
    downPayment: "",
    kind: "equal_parts",
    parts: "3",
    every: "1",
    unit: "months",
    schedule: [{ dueDate: "", amount: "" }],
    rate: "",
    graceDays: "0",
  };
}

export function planInput(
  customer: string,
  form: PlanForm,
  locale: string,
): FormCheck<PlanField, PlanInput> {
  const read = new Reader<PlanField>(locale);
  if (form.invoices.length === 0) {
    read.text("invoices", "");
  }
  const schedule: PlanInput["schedule"] =
    form.kind === "equal_parts"
      ? {
          kind: "equal_parts",
          parts: read.days("parts", form.parts),
          interval:
            form.unit === "months"
              ? { unit: "months", months: read.days("every", form.every) }
              : { unit: "days", days: read.days("every", form.every) },
        }
      : {
          kind: "explicit",
          parts: form.schedule.map(
            (part, i) =>
              [
                read.date(`part-${i}-date`, part.dueDate),
                read.amount(`part-${i}-amount`, part.amount),
              ] as [string, string],
          ),
        };
  return read.answer({
    customer,
    invoices: [...form.invoices],
    start_on: read.date("startOn", form.startOn),
    down_payment: read.optionalAmount("downPayment", form.downPayment),
    schedule,
    annual_rate_percent: read.optionalAmount("rate", form.rate),
    grace_days: read.days("graceDays", form.graceDays),
  });
}

/** Whether two requests ask for the same plan: a preview stands only for the request it showed. */
export function samePlanRequest(a: PlanInput, b: PlanInput): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An instalment's adherence in the UI language. */
export function adherenceName(
  adherence: InstalmentAdherence,
  { t, date }: Pick<I18n, "t" | "date">,
): string {
  switch (adherence.state) {
    case "paid":
      return t("plan.instalment.paid");
    case "due":
      return t("plan.instalment.due");
    case "in_grace":
      return t("plan.instalment.in_grace", { date: date(adherence.grace_ends) });
    case "missed":
      return t("plan.instalment.missed");
  }
}

/** A plan its standing says is broken and that was not recorded broken yet. */
export function breakable(line: PlanLine): boolean {
  return line.standing.state === "broken" && line.recorded_broken === null;
}

/** Whether the plan had been recorded broken by the date its standing is for. */
export function recordedBrokenBy(line: PlanLine): boolean {
  return line.recorded_broken !== null && line.recorded_broken.broken_on <= line.standing.as_of;
}
