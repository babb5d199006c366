import { describe, expect, it } from "vitest";

import type { ForecastReport } from "../api/types";
import { forecastCards, weekLabel } from "./forecast";

const eur = (amount: string) => ({ amount, currency: "EUR" });
const usd = (amount: string) => ({ amount, currency: "USD" });

const weeks = Array.from({ length: 13 }, (_, i) => {
  const from = new Date(Date.UTC(2024, 5, 30 + 7 * i)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(2024, 5, 36 + 7 * i)).toISOString().slice(0, 10);
  return { number: i + 1, from, to };
});

const eurWeeks = ["400.00", "1000.00", "0.00", "250.50", ...Array(9).fill("0.00")] as string[];

const report: ForecastReport = {
  forecast: {
    as_of: "2024-06-30",
    weeks,
    currencies: [
      {
        currency: "EUR",
        weeks: eurWeeks.map(eur),
        late_in_first_week: eur("100.00"),
        later: eur("300.00"),
        expected: eur("1950.50"),
        disputed: eur("75.00"),
      },
      {
        currency: "USD",
        weeks: Array(13).fill(usd("0.00")),
        late_in_first_week: usd("0.00"),
        later: usd("0.00"),
        expected: usd("0.00"),
        disputed: usd("500.00"),
      },
    ],
    entries: [],
  },
  delays: [
    { customer: "C0001", currency: "EUR", days: 12 },
    { customer: "C0002", currency: "USD", days: -4 },
  ],
  summary: ["EUR: 1950.50 expected."],
};

describe("the cash forecast on screen", () => {
  it("labels a week with its first day, without the year", () => {
    expect(weekLabel("2024-06-30")).toBe("06-30");
    expect(weekLabel("2025-01-05")).toBe("01-05");
  });

  it("labels the 13 bars with the first days of the weeks, across a month end", () => {
    const [card] = forecastCards(report);
    expect(card!.bars).toHaveLength(13);
    expect(card!.bars.map((b) => b.label).slice(0, 3)).toEqual(["06-30", "07-07", "07-14"]);
    expect(card!.bars[12]).toMatchObject({ number: 13, from: "2024-09-22", to: "2024-09-28" });
  });

  it("scales the bars to the largest week of the currency, exactly", () => {
    const [card] = forecastCards(report);
    expect(card!.bars.map((b) => b.share).slice(0, 4)).toEqual([0.4, 1, 0, 0.2505]);
    expect(card!.bars[1]!.amount).toEqual(eur("1000.00"));
  });

  it("draws no bar for a currency that expects nothing in the weeks", () => {
    const usdCard = forecastCards(report)[1]!;
    expect(usdCard.bars.every((b) => b.share === 0)).toBe(true);
    expect(usdCard.disputed).toEqual(usd("500.00"));
  });

  it("keeps the figures outside the weeks and each currency's own delays", () => {
    const [eurCard, usdCard] = forecastCards(report);
    expect(eurCard).toMatchObject({
      currency: "EUR",
      lateInFirstWeek: eur("100.00"),
      later: eur("300.00"),
      expected: eur("1950.50"),
      disputed: eur("75.00"),
    });
    expect(eurCard!.delays.map((d) => d.customer)).toEqual(["C0001"]);
    expect(usdCard!.delays.map((d) => d.days)).toEqual([-4]);
  });
});
