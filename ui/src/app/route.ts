/**
 * The screens as hash addresses (`#/customers/C-001`), parsed and written by pure functions.
 *
 * A hash router keeps every screen addressable without a server and without the history API,
 * which a desktop webview serving local files does not need. Parameters are percent-encoded,
 * so customer references and invoice numbers may hold any character.
 */

export interface InvoiceFilters {
  overdue: boolean;
  disputed: boolean;
  currency: string | null;
  customer: string | null;
}

export type Route =
  | { screen: "books" }
  | { screen: "dashboard" }
  | { screen: "customers" }
  /** `tab` is the credit tab; without it, the overview. */
  | { screen: "customer"; reference: string; tab?: CustomerTab }
  | { screen: "invoices"; filters: InvoiceFilters }
  | { screen: "invoice"; number: string }
  | { screen: "payment"; customer: string | null; invoice: string | null }
  | { screen: "import" }
  | { screen: "review" }
  | { screen: "forecast" }
  | { screen: "followup" }
  /** `tab` is the phone tasks; `run` a run shown for review (else the newest proposal). */
  | { screen: "collections"; tab?: CollectionsTab; run?: number }
  | { screen: "outbox" }
  | { screen: "settings" };

export type CustomerTab = "overview" | "credit" | "collections";

export type CollectionsTab = "runs" | "calls";

export type Screen = Route["screen"];

export const NO_FILTERS: InvoiceFilters = {
  overdue: false,
  disputed: false,
  currency: null,
  customer: null,
};

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Reads `#/path?query`; anything unknown is the dashboard. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, "");
  const [path = "", query = ""] = text.split("?", 2);
  const segments = path.split("/").filter((s) => s.length > 0);
  const params = new URLSearchParams(query);
  const [head, arg] = [segments[0], segments[1] !== undefined ? decode(segments[1]) : null];

  switch (head) {
    case "books":
      return { screen: "books" };
    case "customers":
      if (!arg) {
        return { screen: "customers" };
      }
      switch (params.get("tab")) {
        case "credit":
          return { screen: "customer", reference: arg, tab: "credit" };
        case "collections":
          return { screen: "customer", reference: arg, tab: "collections" };
        default:
          return { screen: "customer", reference: arg };
      }
    case "invoices":
      if (arg) {
        return { screen: "invoice", number: arg };
      }
      return {
        screen: "invoices",
        filters: {
          overdue: params.get("overdue") === "1",
          disputed: params.get("disputed") === "1",
          currency: params.get("currency") || null,
          customer: params.get("customer") || null,
        },
      };
    case "payment":
      return {
        screen: "payment",
        customer: params.get("customer") || null,
        invoice: params.get("invoice") || null,
      };
    case "import":
      return { screen: "import" };
    case "review":
      return { screen: "review" };
    case "forecast":
      return { screen: "forecast" };
    case "followup":
      return { screen: "followup" };
    case "collections": {
      const run = Number(params.get("run"));
      return {
        screen: "collections",
        ...(params.get("tab") === "calls" ? { tab: "calls" as const } : {}),
        ...(Number.isSafeInteger(run) && run > 0 ? { run } : {}),
      };
    }
    case "outbox":
      return { screen: "outbox" };
    case "settings":
      return { screen: "settings" };
    default:
      return { screen: "dashboard" };
  }
}

/** The hash of a route, the inverse of [`parseRoute`]. */
export function routeHref(route: Route): string {
  const query = (entries: [string, string | null | false][]) => {
    const params = new URLSearchParams();
    for (const [key, value] of entries) {
      if (value) {
        params.set(key, value);
      }
    }
    const text = params.toString();
    return text ? `?${text}` : "";
  };
  switch (route.screen) {
    case "books":
      return "#/books";
    case "dashboard":
      return "#/dashboard";
    case "customers":
      return "#/customers";
    case "customer":
      return (
        `#/customers/${encodeURIComponent(route.reference)}` +
        query([["tab", route.tab !== "overview" && route.tab !== undefined && route.tab]])
      );
    case "invoices": {
      const f = route.filters;
      return (
        "#/invoices" +
        query([
          ["overdue", f.overdue && "1"],
          ["disputed", f.disputed && "1"],
          ["currency", f.currency],
          ["customer", f.customer],
        ])
      );
    }
    case "invoice":
      return `#/invoices/${encodeURIComponent(route.number)}`;
    case "payment":
      return (
        "#/payment" +
        query([
          ["customer", route.customer],
          ["invoice", route.invoice],
        ])
      );
    case "import":
      return "#/import";
    case "review":
      return "#/review";
    case "forecast":
      return "#/forecast";
    case "followup":
      return "#/followup";
    case "collections":
      return (
        "#/collections" +
        query([
          ["tab", route.tab === "calls" && "calls"],
          ["run", route.run !== undefined && String(route.run)],
        ])
      );
    case "outbox":
      return "#/outbox";
    case "settings":
      return "#/settings";
  }
}

/** The navigation entry a route belongs to (a customer page is under "customers"). */
export function sectionOf(route: Route): Screen {
  switch (route.screen) {
    case "customer":
      return "customers";
    case "invoice":
      return "invoices";
    default:
      return route.screen;
  }
}
