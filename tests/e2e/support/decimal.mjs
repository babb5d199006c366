/**
 * Exact arithmetic on the decimal strings the book gives ("4284.29", "-500.00"): amounts are
 * compared and subtracted as integers of their smallest digit, never as floating point.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function parse(text) {
  const match = DECIMAL.exec(String(text).trim());
  if (!match) {
    throw new Error(`${JSON.stringify(text)} is not a decimal amount`);
  }
  const [, sign, whole, fraction = ""] = match;
  return { negative: sign === "-", whole, fraction };
}

/** The amount as an integer count of 10^-scale units. */
function units(text, scale) {
  const { negative, whole, fraction } = parse(text);
  if (fraction.length > scale) {
    throw new Error(`${text} has more than ${scale} decimal places`);
  }
  const value = BigInt(whole + fraction.padEnd(scale, "0"));
  return negative ? -value : value;
}

function scaleOf(...texts) {
  return Math.max(...texts.map((t) => parse(t).fraction.length));
}

function format(value, scale) {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${fraction}` : ""}`;
}

/** a - b, written with the larger number of decimal places of the two. */
export function subtract(a, b) {
  const scale = scaleOf(a, b);
  return format(units(a, scale) - units(b, scale), scale);
}

/** True when a and b are the same amount ("5.0" equals "5.00"). */
export function sameAmount(a, b) {
  const scale = scaleOf(a, b);
  return units(a, scale) === units(b, scale);
}

/** True when a > b. */
export function greaterThan(a, b) {
  const scale = scaleOf(a, b);
  return units(a, scale) > units(b, scale);
}

/** a + b, written with the larger number of decimal places of the two. */
export function add(a, b) {
  const scale = scaleOf(a, b);
  return format(units(a, scale) + units(b, scale), scale);
}
