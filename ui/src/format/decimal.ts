/**
 * Exact decimal numbers as the backend sends them: strings such as "-1234.50".
 *
 * Money and other decimals never become a JavaScript `number` for arithmetic: a double cannot
 * hold every amount of a large book exactly. Where the UI must compare, add or scale amounts
 * (sorting, chart proportions), it does so on `bigint` units at a common scale.
 */

/** A decimal string split into its parts; `digits` has no sign and no leading zeros. */
export interface DecimalParts {
  negative: boolean;
  /** Integer digits, at least "0". */
  integer: string;
  /** Fraction digits as written (may be empty, trailing zeros kept). */
  fraction: string;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/** Splits a decimal string; returns `null` for anything that is not a plain decimal. */
export function splitDecimal(text: string): DecimalParts | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    return null;
  }
  const integer = (match[2] ?? "0").replace(/^0+(?=\d)/, "");
  const fraction = match[3] ?? "";
  const zero = /^0*$/.test(integer) && /^0*$/.test(fraction);
  return { negative: match[1] === "-" && !zero, integer, fraction };
}

/** A decimal as an integer count of 10^-scale units (exact). */
export interface ScaledDecimal {
  units: bigint;
  scale: number;
}

export function toScaled(text: string): ScaledDecimal {
  const parts = splitDecimal(text);
  if (!parts) {
    throw new RangeError(`"${text}" is not a decimal number.`);
  }
  const units = BigInt(parts.integer + parts.fraction);
  return { units: parts.negative ? -units : units, scale: parts.fraction.length };
}

function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** -1, 0 or 1, exactly. */
export function compareDecimal(a: string, b: string): number {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

/** The exact sum, written with the largest scale of the terms. */
export function addDecimals(values: readonly string[]): string {
  const scaled = values.map(toScaled);
  const scale = scaled.reduce((s, v) => Math.max(s, v.scale), 0);
  const sum = scaled.reduce((s, v) => s + rescale(v, scale), 0n);
  return fromUnits(sum, scale);
}

export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const integer = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return (negative ? "-" : "") + integer + (scale > 0 ? "." + fraction : "");
}

export function isZeroDecimal(text: string): boolean {
  return toScaled(text).units === 0n;
}

export function isNegativeDecimal(text: string): boolean {
  return toScaled(text).units < 0n;
}

/**
 * `part / whole` as a fraction between 0 and 1 for drawing (bar lengths, line heights); computed
 * on exact units and only then turned into a `number`, which a chart may round freely. Negative
 * parts and a zero or negative whole give 0.
 */
export function proportion(part: string, whole: string): number {
  const x = toScaled(part);
  const y = toScaled(whole);
  const scale = Math.max(x.scale, y.scale);
  const p = rescale(x, scale);
  const w = rescale(y, scale);
  if (w <= 0n || p <= 0n) {
    return 0;
  }
  if (p >= w) {
    return 1;
  }
  return Number((p * 1_000_000n) / w) / 1_000_000;
}

/** The largest of the values (exact); "0" for an empty list. */
export function maxDecimal(values: readonly string[]): string {
  return values.reduce((best, v) => (compareDecimal(v, best) > 0 ? v : best), "0");
}
