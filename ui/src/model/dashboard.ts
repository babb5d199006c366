/**
 * The dashboard's figures arranged for the screen: one card per currency with its aging bars,
 * the DSO trend per currency as chart points, and alerts ready for a sentence.
 *
 * Bar and line lengths are proportions computed on exact decimals; amounts stay strings.
 */

import type { Alert, AlertCount, CurrencyPosition, Dashboard, Money } from "../api/types";
import { maxDecimal, proportion } from "../format/decimal";

export interface BarView {
  label: string;
  amount: Money;
  /** Length of the bar relative to the largest bucket of the currency, 0..1. */
  share: number;
}

export interface CurrencyCard {
  currency: string;
  receivable: Money;
  overdue: Money;
  /** Sum of the aging buckets: every open instalment once. */
  agingTotal: Money;
  disputed: Money;
  unapplied: Money;
  dso: string | null;
  bars: BarView[];
}

export function currencyCard(position: CurrencyPosition): CurrencyCard {
  const largest = maxDecimal(position.aging.map((b) => b.amount.amount));
  return {
    currency: position.currency,
    receivable: position.receivable,
    overdue: position.overdue,
    agingTotal: position.open,
    disputed: position.disputed,
    unapplied: position.unapplied,
    dso: position.dso,
    bars: position.aging.map((b) => ({
      label: b.label,
      amount: b.amount,
      share: proportion(b.amount.amount, largest),
    })),
  };
}

export interface TrendPoint {
  monthEnd: string;
  dso: string | null;
  /** Height relative to the highest DSO of the series, 0..1; 0 where DSO is unknown. */
  share: number;
}

export interface TrendSeries {
  currency: string;
  points: TrendPoint[];
  /** The highest DSO of the series, the top of the chart's scale. */
  top: string;
}

/** One series per currency, oldest month first, scaled to its highest DSO. */
export function trendSeries(dashboard: Dashboard): TrendSeries[] {
  return dashboard.dso_trend.map((trend) => {
    const sorted = [...trend.points].sort((a, b) => a.month_end.localeCompare(b.month_end));
    const top = maxDecimal(sorted.flatMap((p) => (p.dso === null ? [] : [p.dso])));
    return {
      currency: trend.currency,
      top,
      points: sorted.map((p) => ({
        monthEnd: p.month_end,
        dso: p.dso,
        share: p.dso === null ? 0 : proportion(p.dso, top),
      })),
    };
  });
}

export function dashboardView(dashboard: Dashboard): {
  cards: CurrencyCard[];
  trends: TrendSeries[];
} {
  return { cards: dashboard.currencies.map(currencyCard), trends: trendSeries(dashboard) };
}

/** Alerts in the order a credit controller acts on them: overdue, then disputes, then cash. */
export function orderedAlerts(alerts: readonly Alert[]): Alert[] {
  const rank: Record<Alert["kind"], number> = {
    overdue_over_90: 0,
    disputed: 1,
    unapplied_cash: 2,
  };
  return [...alerts].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

/** The kinds with more alerts than the dashboard lists, and how many there are in all. */
export function unlistedAlerts(
  alerts: readonly Alert[],
  counts: readonly AlertCount[],
): AlertCount[] {
  return counts.filter((c) => Number(c.count) > alerts.filter((a) => a.kind === c.kind).length);
}

/** What an aging bucket's label says, so that the UI can write it in its own language. */
export type BucketName =
  | { kind: "current" }
  | { kind: "range"; from: string; to: string }
  | { kind: "over"; days: string }
  | { kind: "other"; label: string };

/** Reads the backend's labels `Current`, `1-30` and `90+`; any other label is kept as it is. */
export function bucketName(label: string): BucketName {
  if (label === "Current") {
    return { kind: "current" };
  }
  const range = /^(\d+)-(\d+)$/.exec(label);
  if (range?.[1] && range[2]) {
    return { kind: "range", from: range[1], to: range[2] };
  }
  const over = /^(\d+)\+$/.exec(label);
  if (over?.[1]) {
    return { kind: "over", days: over[1] };
  }
  return { kind: "other", label };
}
