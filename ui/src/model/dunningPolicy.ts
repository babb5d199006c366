/**
 * The dunning policy as the settings screen edits it: one row per level (days overdue, channel,
 * the template for each language, fixed fees, a fee in percent, whether interest is claimed,
 * the consequences), the minimum amounts and the minimum gap between two contacts; and the
 * policy the backend saves, read back from the form.
 *
 * Amounts with their currency are typed as `5.00 EUR` (or `EUR 5.00`), several separated by
 * `;`. Only the shape is checked here, field by field; the ladder's own rules (days that
 * increase, one fee per currency, a template per level) are the backend's, which answers with
 * one sentence per problem.
 */

import type {
  Consequence,
  ContactChannel,
  DunningLevel,
  DunningPolicy,
  Language,
  Money,
} from "../api/types";
import { parseAmountInput } from "../format/input";
import type { FieldProblem, FormCheck } from "./creditForms";

export const TEMPLATE_LANGUAGES: readonly Language[] = ["en", "zh-CN"];

export interface LevelForm {
  days: string;
  channel: ContactChannel;
  /** The template name for each language; "" for none in that language. */
  templates: Record<Language, string>;
  fees: string;
  feePercent: string;
  interest: boolean;
  consequences: Consequence[];
}

export interface DunningPolicyForm {
  name: string;
  levels: LevelForm[];
  minimums: string;
  gapDays: string;
}

/** `name`, `minimums`, `gapDays`, or a level's field as `level-<index>-<field>`. */
export type PolicyFormField =
  "name" | "minimums" | "gapDays" | `level-${number}-${"days" | "fees" | "feePercent"}`;

export const moneyListText = (list: readonly Money[]) =>
  list.map((m) => `${m.amount} ${m.currency}`).join("; ");

export function levelForm(level: DunningLevel): LevelForm {
  const templateOf = (language: Language) =>
    level.templates.find((t) => t.language === language)?.name ?? "";
  return {
    days: String(level.days_overdue),
    channel: level.channel,
    templates: { en: templateOf("en"), "zh-CN": templateOf("zh-CN") },
    fees: moneyListText(level.fees),
    feePercent: level.fee_percent ?? "",
    interest: level.charge_interest,
    consequences: [...level.consequences],
  };
}

export function dunningPolicyForm(policy: DunningPolicy): DunningPolicyForm {
  return {
    name: policy.name,
    levels: policy.levels.map(levelForm),
    minimums: moneyListText(policy.minimum_amounts),
    gapDays: String(policy.minimum_gap_days),
  };
}

/** A new last level: 30 days after the last one, a printed formal demand. */
export function addLevel(form: DunningPolicyForm): DunningPolicyForm {
  const last = form.levels[form.levels.length - 1];
  const days = last && /^\d+$/.test(last.days.trim()) ? Number(last.days) + 30 : 7;
  const level: LevelForm = {
    days: String(days),
    channel: "printed_letter",
    templates: { en: "formal_demand", "zh-CN": "formal_demand" },
    fees: "",
    feePercent: "",
    interest: false,
    consequences: [],
  };
  return { ...form, levels: [...form.levels, level] };
}

export function removeLevel(form: DunningPolicyForm, index: number): DunningPolicyForm {
  return { ...form, levels: form.levels.filter((_, i) => i !== index) };
}

export function changeLevel(
  form: DunningPolicyForm,
  index: number,
  change: Partial<LevelForm>,
): DunningPolicyForm {
  return {
    ...form,
    levels: form.levels.map((level, i) => (i === index ? { ...level, ...change } : level)),
  };
}

const MONEY = /^(?:([A-Za-z]{3})\s*(\S+)|(\S+?)\s*([A-Za-z]{3}))$/;

/** `5.00 EUR; 7.50 USD` as amounts with their currency; `null` when one cannot be read. */
export function parseMoneyList(
  text: string,
  locale: string,
): { ok: true; list: Money[] } | { ok: false; value: string } {
  const list: Money[] = [];
  for (const part of text.split(/[;\n]/)) {
    const token = part.trim();
    if (token === "") {
      continue;
    }
    const match = MONEY.exec(token);
    const currency = (match?.[1] ?? match?.[4] ?? "").toUpperCase();
    const amount = parseAmountInput(match?.[2] ?? match?.[3] ?? "", locale);
    if (!match || !amount.ok) {
      return { ok: false, value: token };
    }
    list.push({ amount: amount.value, currency });
  }
  return { ok: true, list };
}

/** The policy the form describes, or the fields whose text cannot be read. */
export function policyOfForm(
  form: DunningPolicyForm,
  locale: string,
): FormCheck<PolicyFormField, DunningPolicy> {
  const problems: Partial<Record<PolicyFormField, FieldProblem>> = {};
  const days = (field: PolicyFormField, text: string): number => {
    const trimmed = text.trim();
    if (!/^\d{1,5}$/.test(trimmed)) {
      problems[field] = { kind: "days", value: text };
      return 0;
    }
    return Number(trimmed);
  };
  const moneyList = (field: PolicyFormField, text: string): Money[] => {
    const parsed = parseMoneyList(text, locale);
    if (!parsed.ok) {
      problems[field] = { kind: "money", value: parsed.value };
      return [];
    }
    return parsed.list;
  };

  const name = form.name.trim();
  if (name === "") {
    problems.name = { kind: "required" };
  }
  const levels: DunningLevel[] = form.levels.map((level, index) => {
    let feePercent: string | null = null;
    if (level.feePercent.trim() !== "") {
      // "2.5 %" is read as 2.5: the column already says it is a percentage.
      const parsed = parseAmountInput(level.feePercent.replace(/%\s*$/, ""), locale);
      if (parsed.ok) {
        feePercent = parsed.value;
      } else {
        problems[`level-${index}-feePercent`] = { kind: "number", value: level.feePercent };
      }
    }
    return {
      days_overdue: days(`level-${index}-days`, level.days),
      channel: level.channel,
      templates: TEMPLATE_LANGUAGES.filter((l) => level.templates[l].trim() !== "").map(
        (language) => ({ language, name: level.templates[language].trim() }),
      ),
      fees: moneyList(`level-${index}-fees`, level.fees),
      fee_percent: feePercent,
      charge_interest: level.interest,
      consequences: [...level.consequences],
    };
  });
  const policy: DunningPolicy = {
    name,
    levels,
    minimum_amounts: moneyList("minimums", form.minimums),
    minimum_gap_days: days("gapDays", form.gapDays),
  };
  return Object.keys(problems).length === 0
    ? { ok: true, request: policy }
    : { ok: false, problems };
}
