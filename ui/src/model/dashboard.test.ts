import { describe, expect, it } from "vitest";

import type { Dashboard } from "../api/types";
import { bucketName, dashboardView, orderedAlerts, unlistedAlerts } from "./dashboard";

const eur = (amount: string) => ({ amount, currency: "EUR" });

const dashboard: Dashboard = {
  as_of: "2024-06-30",
  period_days: 90,
  currencies: [
    {
      currency: "EUR",
      receivable: eur("950.00"),
      open: eur("1000.00"),
      overdue: eur("600.00"),
      disputed: eur("0.00"),
      unapplied: eur("50.00"),
      aging: [
        { label: "Current", amount: eur("400.00") },
        { label: "1-30", amount: eur("300.10") },
        { label: "31-60", amount: eur("0.00") },
        { label: "61-90", amount: eur("199.90") },
        { label: "90+", amount: eur("100.00") },
      ],
      dso: "47.3",
    },
  ],
  dso_trend: [
    {
      currency: "EUR",
      points: [
        { month_end: "2024-05-31", dso: "50.0" },
        { month_end: "2024-04-30", dso: "25.0" },
        { month_end: "2024-06-30", dso: null },
      ],
    },
  ],
  top_overdue: [],
  alerts: [
    {
      kind: "unapplied_cash",
      customer_reference: "C3",
      customer_name: "Gamma",
      invoice_number: null,
      currency: "EUR",
      amount: eur("5.00"),
      days: 12,
    },
    {
      kind: "overdue_over_90",
      customer_reference: "C1",
      customer_name: "Alpha",
      invoice_number: null,
      currency: "EUR",
      amount: eur("1.00"),
      days: 120,
    },
    {
      kind: "disputed",
      customer_reference: "C2",
      customer_name: "Beta",
      invoice_number: "8",
      currency: "EUR",
      amount: eur("2.00"),
      days: -3,
    },
  ],
  alert_counts: [
    { kind: "overdue_over_90", count: 1 },
    { kind: "disputed", count: 14 },
    { kind: "unapplied_cash", count: 1 },
  ],
};

describe("the dashboard view", () => {
  const view = dashboardView(dashboard);
  const card = view.cards[0]!;

  it("shows the open total, net receivable and unapplied cash of each currency", () => {
    expect([card.agingTotal, card.receivable, card.unapplied]).toEqual([
      eur("1000.00"),
      eur("950.00"),
      eur("50.00"),
    ]);
  });

  it("draws each bucket relative to the largest", () => {
    expect(card.bars.map((b) => b.share)).toEqual([1, 0.75025, 0, 0.49975, 0.25]);
  });

  it("orders the DSO trend by month and scales it to its highest point", () => {
    const series = view.trends[0]!;
    expect(series.points.map((p) => p.monthEnd)).toEqual([
      "2024-04-30",
      "2024-05-31",
      "2024-06-30",
    ]);
    expect(series.points.map((p) => p.share)).toEqual([0.5, 1, 0]);
    expect(series.top).toBe("50.0");
  });

  it("says which kinds have more alerts than are listed", () => {
    expect(unlistedAlerts(dashboard.alerts, dashboard.alert_counts)).toEqual([
      { kind: "disputed", count: 14 },
    ]);
  });

  it("lists overdue alerts first, then disputes, then unapplied cash", () => {
    expect(orderedAlerts(dashboard.alerts).map((a) => a.kind)).toEqual([
      "overdue_over_90",
      "disputed",
      "unapplied_cash",
    ]);
  });
});

describe("aging bucket labels", () => {
  it("reads the backend's labels so that each language can write them", () => {
    expect(bucketName("Current")).toEqual({ kind: "current" });
    expect(bucketName("31-60")).toEqual({ kind: "range", from: "31", to: "60" });
    expect(bucketName("90+")).toEqual({ kind: "over", days: "90" });
    expect(bucketName("Later")).toEqual({ kind: "other", label: "Later" });
  });
});
