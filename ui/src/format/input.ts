/**
 * Amounts as a person types them, turned into the plain decimal string the backend reads.
 *
 * The locale's group separator is dropped and its decimal mark becomes ".". A full stop is
 * also taken as the decimal mark in every locale, since both languages the UI speaks write it
 * so. Anything else (letters, two decimal marks, a sign in the middle) is refused rather than
 * guessed; the backend then checks that the amount fits the currency's minor unit.
 */

import { splitDecimal } from "./decimal";

export type AmountInput = { ok: true; value: string } | { ok: false };

function symbols(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(12345.5);
  return {
    group: parts.find((p) => p.type === "group")?.value ?? ",",
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
  };
}

export function parseAmountInput(text: string, locale: string): AmountInput {
  const { group, decimal } = symbols(locale);
  let cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (decimal !== "." && cleaned.includes(decimal)) {
    // The locale's own decimal mark is there, so a full stop can only be a group separator.
    cleaned = cleaned.split(group).join("").split(decimal).join(".");
  } else if (group !== ".") {
    cleaned = cleaned.split(group).join("");
  }
  const parts = splitDecimal(cleaned);
  if (cleaned === "" || !parts || cleaned.endsWith(".")) {
    return { ok: false };
  }
  const sign = parts.negative ? "-" : "";
  const value = sign + parts.integer + (parts.fraction ? "." + parts.fraction : "");
  return { ok: true, value };
}
