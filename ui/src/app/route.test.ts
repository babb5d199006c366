import { describe, expect, it } from "vitest";

import { NO_FILTERS, parseRoute, routeHref, sectionOf, type Route } from "./route";

describe("hash routes", () => {
  const routes: Route[] = [
    { screen: "books" },
    { screen: "dashboard" },
    { screen: "customers" },
    { screen: "customer", reference: "ACME/01 & Söhne" },
    { screen: "customer", reference: "C0001", tab: "credit" },
    { screen: "customer", reference: "C0001", tab: "collections" },
    { screen: "invoices", filters: NO_FILTERS },
    {
      screen: "invoices",
      filters: { overdue: true, disputed: false, currency: "USD", customer: "C 7" },
    },
    { screen: "invoice", number: "0000611365" },
    { screen: "payment", customer: "C0001", invoice: null },
    { screen: "import" },
    { screen: "review" },
    { screen: "forecast" },
    { screen: "followup" },
    { screen: "collections" },
    { screen: "collections", tab: "calls" },
    { screen: "collections", run: 12 },
    { screen: "outbox" },
    { screen: "settings" },
  ];

  for (const route of routes) {
    it(`reads back what it writes: ${routeHref(route)}`, () => {
      expect(parseRoute(routeHref(route))).toEqual(route);
    });
  }

  it("keeps leading zeros and odd characters of numbers and references", () => {
    expect(routeHref({ screen: "customer", reference: "A/B?C#D" })).toBe(
      "#/customers/A%2FB%3FC%23D",
    );
  });

  it("opens the dashboard for an empty or unknown address", () => {
    expect(parseRoute("")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/nowhere")).toEqual({ screen: "dashboard" });
    expect(parseRoute("#/customers/%E0%A4%A")).toEqual({ screen: "customers" });
  });

  it("highlights the list a detail page belongs to", () => {
    expect(sectionOf({ screen: "invoice", number: "1" })).toBe("invoices");
    expect(sectionOf({ screen: "customer", reference: "C" })).toBe("customers");
  });
});
