/**
 * The cash forecast arranged for the screen: per currency, 13 week bars scaled to the largest
 * week and labelled with the week's first day, the figures outside the weeks, and the
 * customers' delays the forecast used.
 *
 * Bar lengths are proportions computed on exact decimals; amounts stay strings.
 */

import type { CustomerDelay, ForecastReport, Money } from "../api/types";
import { maxDecimal, proportion } from "../format/decimal";

export interface WeekBar {
  /** 1 to 13. */
  number: number;
  /** The week's first day, `YYYY-MM-DD`. */
  from: string;
  /** The week's last day, `YYYY-MM-DD`. */
  to: string;
  /** The first day as a short label under the bar (`MM-DD`). */
  label: string;
  amount: Money;
  /** Length of the bar relative to the largest week of the currency, 0..1. */
  share: number;
}

export interface ForecastCard {
  currency: string;
  bars: WeekBar[];
  lateInFirstWeek: Money;
  later: Money;
  expected: Money;
  disputed: Money;
  /** The delays of the currency's customers, by customer. */
  delays: CustomerDelay[];
}

/** The short label of a week: its first day without the year (`2024-07-01` is `07-01`). */
export function weekLabel(from: string): string {
  return from.length >= 10 ? from.slice(5, 10) : from;
}

/** One card per currency of the forecast, in the forecast's order. */
export function forecastCards(report: ForecastReport): ForecastCard[] {
  const weeks = report.forecast.weeks;
  return report.forecast.currencies.map((c) => {
    const largest = maxDecimal(c.weeks.map((w) => w.amount));
    return {
      currency: c.currency,
      bars: c.weeks.map((amount, i) => {
        const week = weeks[i];
        const from = week?.from ?? "";
        return {
          number: week?.number ?? i + 1,
          from,
          to: week?.to ?? "",
          label: weekLabel(from),
          amount,
          share: proportion(amount.amount, largest),
        };
      }),
      lateInFirstWeek: c.late_in_first_week,
      later: c.later,
      expected: c.expected,
      disputed: c.disputed,
      delays: report.delays.filter((d) => d.currency === c.currency),
    };
  });
}
