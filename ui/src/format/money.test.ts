import { describe, expect, it } from "vitest";

import { addDecimals, compareDecimal, proportion, splitDecimal } from "./decimal";
import { formatCount, formatDecimal, formatMoney, groupDigits, minorDigits } from "./money";
import { parseAmountInput } from "./input";

// Intl writes some spaces as U+00A0 / U+202F; the tests compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("money is formatted from its decimal string, digit for digit", () => {
  it("writes euros in English with grouping and two decimals", () => {
    expect(formatMoney("1234567.89", "EUR", "en")).toBe("€1,234,567.89");
  });

  it("keeps every digit of an amount beyond a double's precision", () => {
    // 9,007,199,254,740,993.01 cannot be held by a JavaScript number.
    expect(formatMoney("9007199254740993.01", "USD", "en")).toBe("$9,007,199,254,740,993.01");
    expect(formatMoney("-9999999999999999.99", "EUR", "en")).toBe("-€9,999,999,999,999,999.99");
  });

  it("puts the minus sign where the locale puts it", () => {
    expect(formatMoney("-5323.54", "EUR", "en")).toBe("-€5,323.54");
    expect(formatMoney("-5323.54", "CNY", "zh-CN")).toBe("-¥5,323.54");
  });

  it("writes yen without decimals and Kuwaiti dinar with three", () => {
    expect(formatMoney("1234567", "JPY", "en")).toBe("¥1,234,567");
    expect(plain(formatMoney("1234.5", "KWD", "en"))).toBe("KWD 1,234.500");
    expect(plain(formatMoney("-0.125", "KWD", "en"))).toBe("-KWD 0.125");
  });

  it("pads a short fraction to the currency's digits and never rounds a long one", () => {
    expect(formatMoney("12.5", "EUR", "en")).toBe("€12.50");
    expect(formatMoney("12", "EUR", "en")).toBe("€12.00");
    expect(formatMoney("0.005", "EUR", "en")).toBe("€0.005");
  });

  it("shows zero without a sign", () => {
    expect(formatMoney("-0.00", "EUR", "en")).toBe("€0.00");
  });

  it("writes Chinese yuan and euros in Simplified Chinese", () => {
    expect(formatMoney("1234567.8", "CNY", "zh-CN")).toBe("¥1,234,567.80");
    expect(formatMoney("1000", "EUR", "zh-CN")).toBe("€1,000.00");
  });

  it("follows a locale whose separators differ from English", () => {
    expect(plain(formatMoney("-1234567.89", "EUR", "de-DE"))).toBe("-1.234.567,89 €");
    expect(plain(formatMoney("1234567", "JPY", "de-DE"))).toBe("1.234.567 ¥");
  });

  it("follows the Indian grouping of two after the first three", () => {
    expect(groupDigits("123456789", "en-IN")).toBe("12,34,56,789");
    expect(formatMoney("123456789.5", "INR", "en-IN")).toBe("₹12,34,56,789.50");
  });

  it("shows a value that is not a decimal as it came, with its code", () => {
    expect(formatMoney("1e5", "EUR", "en")).toBe("1e5 EUR");
  });

  it("knows the minor digits of the exceptional currencies", () => {
    expect([
      minorDigits("JPY"),
      minorDigits("KWD"),
      minorDigits("EUR"),
      minorDigits("CLF"),
    ]).toEqual([0, 3, 2, 4]);
  });
});

describe("plain decimals and counts", () => {
  it("writes days and percentages with the locale's marks", () => {
    expect(formatDecimal("47.3", "en")).toBe("47.3");
    expect(formatDecimal("1234.5", "de-DE")).toBe("1.234,5");
    expect(formatDecimal("-3", "en", 1)).toBe("-3.0");
  });

  it("groups counts", () => {
    expect(formatCount(1_000_000, "en")).toBe("1,000,000");
    expect(formatCount(1_000_000, "zh-CN")).toBe("1,000,000");
  });
});

describe("exact decimal arithmetic for sorting and charts", () => {
  it("splits signs, integers and fractions", () => {
    expect(splitDecimal("-0012.340")).toEqual({ negative: true, integer: "12", fraction: "340" });
    expect(splitDecimal("abc")).toBeNull();
  });

  it("adds amounts exactly where doubles would not", () => {
    expect(addDecimals(["0.10", "0.20"])).toBe("0.30");
    expect(addDecimals(["9007199254740993.01", "0.99"])).toBe("9007199254740994.00");
    expect(addDecimals(["-5", "2.5"])).toBe("-2.5");
    expect(addDecimals([])).toBe("0");
  });

  it("compares across scales", () => {
    expect(compareDecimal("1.10", "1.1")).toBe(0);
    expect(compareDecimal("-2", "1")).toBe(-1);
    expect(compareDecimal("100000000000000000001", "100000000000000000000")).toBe(1);
  });

  it("gives chart proportions between 0 and 1", () => {
    expect(proportion("50", "200.00")).toBe(0.25);
    expect(proportion("-1", "10")).toBe(0);
    expect(proportion("1", "0")).toBe(0);
    expect(proportion("20", "10")).toBe(1);
  });
});

describe("amounts as typed", () => {
  it("accepts the locale's grouping and decimal marks", () => {
    expect(parseAmountInput("1,234.50", "en")).toEqual({ ok: true, value: "1234.50" });
    expect(parseAmountInput("1.234,50", "de-DE")).toEqual({ ok: true, value: "1234.50" });
    expect(parseAmountInput(" 500 ", "zh-CN")).toEqual({ ok: true, value: "500" });
    expect(parseAmountInput("-12.5", "en")).toEqual({ ok: true, value: "-12.5" });
  });

  it("refuses what is not a number", () => {
    expect(parseAmountInput("", "en")).toEqual({ ok: false });
    expect(parseAmountInput("12.", "en")).toEqual({ ok: false });
    expect(parseAmountInput("1.2.3", "en")).toEqual({ ok: false });
    expect(parseAmountInput("EUR 12", "en")).toEqual({ ok: false });
  });
});
