/**
 * Locale formatting of exact decimal strings: money, plain decimals, counts and dates.
 *
 * Money arrives as a decimal string with its currency. It is formatted by splitting the string
 * into sign, integer and fraction digits and dressing those digits with the symbols and the
 * pattern Intl gives for the locale (group separator and grouping sizes, decimal mark, currency
 * sign and its place, minus sign). Intl itself only ever formats small sample numbers here, so
 * no amount passes through floating point and nothing is rounded.
 */

import { splitDecimal } from "./decimal";

/**
 * Currencies whose minor unit is not two digits (ISO 4217), as the backend's currency list has
 * them; every other code has two. Used to pad amounts such as "12.5" to "12.50".
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** What Intl says about writing numbers in one locale. */
interface NumberSymbols {
  group: string;
  decimal: string;
  /** Size of the rightmost group of the integer part (3 in most locales). */
  primaryGroup: number;
  /** Size of the other groups (3 in most locales, 2 in Indian English). */
  secondaryGroup: number;
}

const symbolsCache = new Map<string, NumberSymbols>();

function numberSymbols(locale: string): NumberSymbols {
  const cached = symbolsCache.get(locale);
  if (cached) {
    return cached;
  }
  // A sample number with enough integer digits to show both grouping sizes and a fraction.
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567890.5);
  const integers = parts.filter((p) => p.type === "integer").map((p) => p.value.length);
  const symbols: NumberSymbols = {
    group: parts.find((p) => p.type === "group")?.value ?? ",",
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    primaryGroup: integers[integers.length - 1] ?? 3,
    secondaryGroup: integers.length > 2 ? (integers[integers.length - 2] ?? 3) : 3,
  };
  symbolsCache.set(locale, symbols);
  return symbols;
}

/** Integer digits with the locale's grouping: "1234567" -> "1,234,567". */
export function groupDigits(digits: string, locale: string): string {
  const { group, primaryGroup, secondaryGroup } = numberSymbols(locale);
  if (digits.length <= primaryGroup) {
    return digits;
  }
  const groups: string[] = [digits.slice(digits.length - primaryGroup)];
  let end = digits.length - primaryGroup;
  while (end > 0) {
    groups.unshift(digits.slice(Math.max(0, end - secondaryGroup), end));
    end -= secondaryGroup;
  }
  return groups.join(group);
}

function fractionFor(fraction: string, digits: number): string {
  // Pad to the currency's digits; keep any further digits as given rather than round them.
  return fraction.length >= digits ? fraction : fraction.padEnd(digits, "0");
}

/**
 * A decimal string as money of `currency` in `locale`: "-1234567.5", "EUR", "en" gives
 * "-€1,234,567.50". A string that is not a decimal is returned as it is, followed by the code,
 * so that a malformed value is visible instead of hidden.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const parts = splitDecimal(amount);
  if (!parts) {
    return `${amount} ${currency}`;
  }
  const digits = minorDigits(currency);
  const fraction = fractionFor(parts.fraction, digits);
  let template: Intl.NumberFormatPart[];
  try {
    template = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).formatToParts(parts.negative ? -1 : 1);
  } catch {
    // A code Intl does not know: still show the exact digits.
    return `${formatDecimal(amount, locale, digits)} ${currency}`;
  }
  return fillTemplate(template, parts.integer, fraction, locale);
}

/**
 * Puts our digits into a template Intl made for the sample number 1 (or -1): the integer part
 * is replaced by the grouped digits, the fraction by ours, and every other part (signs,
 * currency, spaces) is kept where the locale puts it.
 */
function fillTemplate(
  template: Intl.NumberFormatPart[],
  integer: string,
  fraction: string,
  locale: string,
): string {
  const { decimal } = numberSymbols(locale);
  let out = "";
  let wroteFraction = false;
  for (const part of template) {
    switch (part.type) {
      case "integer":
        out += groupDigits(integer, locale);
        if (!template.some((p) => p.type === "decimal") && fraction.length > 0) {
          out += decimal + fraction;
          wroteFraction = true;
        }
        break;
      case "group":
        break;
      case "decimal":
        if (fraction.length > 0) {
          out += part.value;
        }
        break;
      case "fraction":
        if (!wroteFraction) {
          out += fraction;
          wroteFraction = true;
        }
        break;
      default:
        out += part.value;
    }
  }
  return out;
}

/**
 * A plain decimal string (days, percentages, rates) with the locale's symbols; padded to at
 * least `minFraction` fraction digits, never rounded.
 */
export function formatDecimal(value: string, locale: string, minFraction = 0): string {
  const parts = splitDecimal(value);
  if (!parts) {
    return value;
  }
  const template = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).formatToParts(parts.negative ? -1 : 1);
  return fillTemplate(template, parts.integer, fractionFor(parts.fraction, minFraction), locale);
}

/** A count (rows, customers): integers well inside a double's exact range. */
export function formatCount(value: number | bigint, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}
