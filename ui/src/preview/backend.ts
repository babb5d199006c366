/**
 * A stand-in for the desktop shell, for looking at the UI in a browser during development and
 * for component tests: a generated book of 300 customers and 1,000,000 invoices computed from
 * their index (nothing is stored), a dashboard with fixed figures, and an import that reports
 * progress. Only the development server and the tests load it; the production build does not.
 */

import { setTransport, type CommandName, type Commands, type Transport } from "../api";
import { addDecimals, compareDecimal } from "../format/decimal";
import type {
  CreditFile,
  CreditPolicy,
  ExchangeRate,
  LimitDecision,
  LimitDecisionRequest,
  LimitSuggestion,
  CreditAlert,
  DisputeEntry,
  AttachedTo,
  AttachmentEntry,
  InsurerReport,
  PromiseLine,
  Exposure,
  Order,
  OrderResult,
  BookInfo,
  CustomerPageRequest,
  CustomerSummary,
  Dashboard,
  ImportReport,
  InvoicePageRequest,
  InvoiceSummary,
  Money,
  ProfileDefinition,
  SmtpSettings,
  CompanyDetails,
  ForecastReport,
  PaymentPlan,
  AllocationDetail,
  SettlementInput,
} from "../api/types";
import { collectionsStandIn } from "./collections";
import { followupStandIn } from "./followup";
import { referenceRatesStandIn } from "./referenceRates";

const CUSTOMERS = 300;
const INVOICES = 1_000_000;
const AS_OF = "2024-06-30";

const money = (amount: string, currency = "EUR"): Money => ({ amount, currency });
const pad = (n: number, width: number) => String(n).padStart(width, "0");

function customerAt(i: number): CustomerSummary {
  const currency = i % 7 === 0 ? "USD" : "EUR";
  const open = `${(i * 7919) % 90000}.${pad((i * 37) % 100, 2)}`;
  const overdue = `${(i * 3571) % 30000}.${pad((i * 11) % 100, 2)}`;
  return {
    reference: `C${pad(i + 1, 4)}`,
    name: i % 5 === 0 ? `上海贸易有限公司 ${i + 1}` : `Customer ${i + 1} GmbH`,
    country: i % 5 === 0 ? "CN" : "DE",
    email: `ar${i + 1}@example.com`,
    channel: i % 2 === 0 ? "email" : "paper",
    balances: [
      {
        currency,
        open: money(open, currency),
        overdue: money(overdue, currency),
        unapplied: money("0.00", currency),
      },
    ],
  };
}

function invoiceAt(i: number): InvoiceSummary {
  const customer = customerAt(i % CUSTOMERS);
  const currency = customer.balances[0]?.currency ?? "EUR";
  const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 600) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const total = `${100 + ((i * 131) % 9900)}.${pad((i * 7) % 100, 2)}`;
  const settled = i % 4 === 0;
  const days = settled ? null : 30 - (i % 120);
  return {
    number: `INV-${pad(i + 1, 7)}`,
    customer_reference: customer.reference,
    customer_name: customer.name,
    issue_date: day,
    currency,
    total: money(total, currency),
    open: money(settled ? "0.00" : total, currency),
    earliest_unpaid_due: settled ? null : day,
    days_overdue: days,
    disputed: i % 97 === 0,
    status: settled ? "settled" : "open",
  };
}

/** Invoices matching the filters are every `step`-th from `start`: enough to page through. */
function invoiceSelection(r: InvoicePageRequest): { start: number; step: number } {
  let start = 0;
  let step = 1;
  if (r.customer) {
    start = Math.max(0, Number(r.customer.replace(/\D/g, "")) - 1) % CUSTOMERS;
    step = CUSTOMERS;
  }
  if (r.overdue_only) {
    step *= 2;
  }
  if (r.disputed_only) {
    step *= 97;
  }
  return { start, step };
}

const position = (
  currency: string,
  buckets: string[],
  receivable: string,
  overdue: string,
  unapplied: string,
  dso: string,
) => ({
  currency,
  receivable: money(receivable, currency),
  open: money(addDecimals(buckets), currency),
  overdue: money(overdue, currency),
  disputed: money("100.00", currency),
  unapplied: money(unapplied, currency),
  aging: ["Current", "1-30", "31-60", "61-90", "90+"].map((label, i) => ({
    label,
    amount: money(buckets[i] ?? "0.00", currency),
  })),
  dso,
});

const dashboard: Dashboard = {
  as_of: AS_OF,
  period_days: 90,
  currencies: [
    position(
      "EUR",
      ["777778.88", "200000.00", "150000.00", "56789.01", "50000.00"],
      "1233067.89",
      "456789.01",
      "1500.00",
      "47.3",
    ),
    position(
      "USD",
      ["86419.76", "10000.00", "2345.67", "0.00", "0.00"],
      "98765.43",
      "12345.67",
      "0.00",
      "38.0",
    ),
  ],
  dso_trend: ["EUR", "USD"].map((currency) => ({
    currency,
    points: Array.from({ length: 12 }, (_, m) => ({
      month_end: new Date(Date.UTC(2023, 7 + m, 0)).toISOString().slice(0, 10),
      dso:
        currency === "USD" && m === 3
          ? null
          : `${(currency === "EUR" ? 40 : 30) + ((m * 7) % 13)}.${m % 10}`,
    })),
  })),
  top_overdue: Array.from({ length: 10 }, (_, i) => ({
    customer_reference: customerAt(i * 7 + 1).reference,
    customer_name: customerAt(i * 7 + 1).name,
    currency: "EUR",
    overdue: money(`${90000 - i * 7000}.00`),
    open: money(`${120000 - i * 7000}.00`),
    days_overdue: 150 - i * 11,
  })),
  alerts: [
    {
      kind: "overdue_over_90",
      customer_reference: "C0002",
      customer_name: "Customer 2 GmbH",
      invoice_number: null,
      currency: "EUR",
      amount: money("4210.50"),
      days: 121,
    },
    {
      kind: "disputed",
      customer_reference: "C0001",
      customer_name: "上海贸易有限公司 1",
      invoice_number: "INV-0000001",
      currency: "EUR",
      amount: money("100.00"),
      days: 12,
    },
    {
      kind: "unapplied_cash",
      customer_reference: "C0003",
      customer_name: "Customer 3 GmbH",
      invoice_number: null,
      currency: "EUR",
      amount: money("1500.00"),
      days: 9,
    },
  ],
  alert_counts: [
    { kind: "overdue_over_90", count: 1 },
    { kind: "disputed", count: 23 },
    { kind: "unapplied_cash", count: 1 },
  ],
};

const book: BookInfo = {
  name: "Demo Trading GmbH",
  currency: "EUR",
  location: "~/demo.creditdesk",
  counts: { customers: CUSTOMERS, invoices: INVOICES, settlements: 750_000 },
};

const definition: ProfileDefinition = {
  name: "generic",
  delimiter: ",",
  decimal_mark: ".",
  grouping_mark: null,
  date_format: "YYYY-MM-DD",
  encoding: "utf-8",
  header_search_rows: 20,
  layout: "generic",
  columns: {},
  fields: [
    "record",
    "customer_ref",
    "customer_name",
    "number",
    "date",
    "due_date",
    "terms",
    "amount",
    "currency",
  ].map((field) => ({
    field,
    required: ["number", "date", "amount"].includes(field),
  })),
};

const report = (dryRun: boolean, bad: boolean): ImportReport => ({
  file: "ledger.csv",
  profile: "generic",
  dry_run: dryRun,
  committed: !dryRun && !bad,
  cancelled: false,
  rows_read: 1200,
  tally: {
    customers: { inserted: 40, updated: 0, unchanged: 0, matched: 0, conflicts: 0 },
    invoices: { inserted: 1100, updated: 0, unchanged: 0, matched: 0, conflicts: 0 },
    settlements: { inserted: 60, updated: 0, unchanged: 0, matched: 0, conflicts: 0 },
  },
  problems: bad
    ? [
        {
          line: 7,
          column: "amount",
          value: "12,34,5",
          message: "is not an amount in this profile's format.",
        },
        {
          line: 19,
          column: "date",
          value: "2024-02-30",
          message: "is not a date in the calendar.",
        },
      ]
    : [],
  warnings: [],
});

/** The day `days` after an ISO date. */
function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A forecast with fixed amounts in EUR over the 13 weeks from the date. */
function forecastOn(asOf: string): ForecastReport {
  const amounts = [
    "12500.00",
    "8300.50",
    "0.00",
    "15020.75",
    "4100.00",
    "9999.99",
    "3000.00",
    "7250.00",
    "0.00",
    "1200.00",
    "6400.10",
    "2500.00",
    "800.00",
  ];
  return {
    forecast: {
      as_of: asOf,
      weeks: amounts.map((_, i) => ({
        number: i + 1,
        from: plusDays(asOf, 7 * i),
        to: plusDays(asOf, 7 * i + 6),
      })),
      currencies: [
        {
          currency: "EUR",
          weeks: amounts.map((a) => money(a)),
          late_in_first_week: money("4000.00"),
          later: money("22000.00"),
          expected: money(addDecimals([...amounts, "22000.00"])),
          disputed: money("1500.00"),
        },
      ],
      entries: [],
    },
    delays: [
      { customer: "C0001", currency: "EUR", days: 12 },
      { customer: "C0002", currency: "EUR", days: -3 },
    ],
    summary: [
      `EUR: ${addDecimals([...amounts, "22000.00"])} expected, of which 4000.00 is already late; 1500.00 is disputed.`,
    ],
  };
}

/** The plan the stand-in starts with: two monthly instalments of 500.00 EUR from 2024-06-01. */
function seedPlan(): PaymentPlan {
  const instalment = (seq: number, due: string) => ({
    seq,
    due_date: due,
    principal: money("500.00"),
    interest: money("0.00"),
    amount: money("500.00"),
    down_payment: false,
  });
  return {
    customer_reference: "C0001",
    currency: "EUR",
    items: [{ invoice_number: "0000000001", due_date: "2024-03-31", open: money("1000.00") }],
    start_on: "2024-06-01",
    total: money("1000.00"),
    down_payment: money("0.00"),
    financed: money("1000.00"),
    annual_rate_percent: null,
    interest_days: 61,
    interest: money("0.00"),
    grace_days: 5,
    instalments: [instalment(1, "2024-07-01"), instalment(2, "2024-08-01")],
  };
}

/** The invoice a number names: its digits are its position, counted from 1. */
const invoiceNamed = (number: string) =>
  invoiceAt(Math.max(0, Number(number.replace(/\D/g, "")) - 1));

export function previewTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (event: string, payload: unknown) =>
    listeners.get(event)?.forEach((h) => h(payload));
  let nextJob = 1;
  let pickedBad = false;
  let smtp: SmtpSettings = {
    host: "smtp.example.com",
    port: 587,
    security: "starttls",
    username: "ar",
    from_address: "ar@example.com",
    from_name: "Accounts",
    password_saved: false,
  };
  let company: CompanyDetails = {
    legal_name: "Demo Trading GmbH",
    address_lines: ["Hauptstraße 1", "10115 Berlin"],
    country: "DE",
    email: "ar@example.com",
    phone: "+49 30 123456",
    tax_id: "DE123456789",
    bank_name: "Demo Bank",
    iban: "DE89370400440532013000",
    account_number: null,
    bic: "COBADEFFXXX",
    letter_language: "en",
    logo: null,
  };

  // Credit: files and orders kept in memory; exposure is the open orders only, in one currency.
  const files = new Map<string, CreditFile>();
  const orders: Order[] = [];
  const subtract = (a: string, b: string) =>
    addDecimals([a, b.startsWith("-") ? b.slice(1) : `-${b}`]);
  const exposureOf = (customer: string, asOf: string, extra: Order[] = []): Exposure => {
    const file = files.get(customer);
    const currency = file?.profile.limit.currency ?? book.currency;
    const limit = file?.profile.limit.amount ?? "0.00";
    const open = [...orders.filter((o) => o.customer_reference === customer), ...extra].filter(
      (o) => o.state === "open",
    );
    const total = addDecimals(["0.00", ...open.map((o) => o.amount.amount)]);
    const over = compareDecimal(total, limit) > 0;
    return {
      as_of: asOf,
      limit: money(limit, currency),
      receivables: money("0.00", currency),
      disputed: money("0.00", currency),
      open_orders: money(total, currency),
      total: money(total, currency),
      headroom: money(over ? "0.00" : subtract(limit, total), currency),
      excess: money(over ? subtract(total, limit) : "0.00", currency),
      insured_limit: null,
      uninsured: money(total, currency),
      security_cover: money("0.00", currency),
      lines: open.map((o) => ({
        source: { kind: "order", reference: o.reference },
        original: o.amount,
        converted: o.amount,
      })),
      rates_used: [],
    };
  };
  const decide = (order: Order, asOf: string, reason: string | null, save: () => void) => {
    const exposure = exposureOf(order.customer_reference, asOf, [order]);
    const held = compareDecimal(exposure.excess.amount, "0") > 0;
    const saved = !held || (reason !== null && reason.trim() !== "");
    if (saved) {
      save();
    }
    const result: OrderResult = {
      reference: order.reference,
      change: "new",
      exposure,
      reasons: held
        ? [
            {
              reason: {
                code: "over_limit",
                exposure: exposure.total,
                limit: exposure.limit,
                excess: exposure.excess,
              },
              sentence: "Over the limit.",
            },
          ]
        : [],
      saved,
      overridden: held && saved,
      decision: held ? "The order is on hold." : "The order is approved.",
      message: saved
        ? `Order ${order.reference} is saved.`
        : `Order ${order.reference} is on hold.`,
    };
    return result;
  };

  let policy: CreditPolicy = {
    check: { grace_days: 15 },
    review: { expiring_within_days: 30, report_max_age_days: 365 },
    limits: {
      first_order_percent: "50",
      clean_months: 12,
      late_tolerance_days: 15,
      raise_percent: "25",
      recent_months: 3,
      earlier_months: 12,
      worsening_days: 10,
      cut_percent: "25",
      higher_score_is_better: true,
    },
  };
  const rates: ExchangeRate[] = [];
  const decisions: LimitDecision[] = [];
  const insurerReports: InsurerReport[] = [];
  const disputes: DisputeEntry[] = [];
  // The preview has no dialogs: attaching adds a made-up PDF, saving answers its own name.
  let attachments: AttachmentEntry[] = [];
  const attachFile = (attached_to: AttachedTo): AttachmentEntry => {
    const entry: AttachmentEntry = {
      id: attachments.length === 0 ? 1 : Math.max(...attachments.map((a) => a.id)) + 1,
      attached_to,
      file_name: attached_to.kind === "dispute" ? "客户来信.pdf" : "agency-report.pdf",
      media_type: "application/pdf",
      size: 48_213,
      sha256: "0".repeat(64),
      added_at: `${AS_OF}T09:30:00.000Z`,
    };
    attachments.push(entry);
    return entry;
  };
  const promises: PromiseLine[] = [];
  const followup = followupStandIn(invoiceNamed);
  followup.seedPlan(seedPlan(), customerAt(0).name);
  // Payments recorded against an invoice show as its allocations.
  const received = new Map<string, AllocationDetail[]>();
  // C0002 is insured, so that its invoices offer "File a claim…".
  files.set("C0002", {
    profile: {
      customer_reference: "C0002",
      limit: money("20000.00"),
      default_terms_days: 30,
      max_terms_days: 60,
      risk_class: "medium",
      status: "active",
      review_date: "2025-03-31",
      review_interval_months: 12,
      security_required: false,
    },
    security: [],
    insurance: {
      insurer: "Northgate Credit Insurance",
      policy_number: "NG-2024-0412",
      buyer_reference: "B-5002",
      insured_limit: money("15000.00"),
      valid_from: "2024-01-01",
      valid_to: "2024-12-31",
      max_credit_period_days: 90,
      reporting_deadline_days: 60,
    },
    reports: [],
  });
  const creditAlerts = (): CreditAlert[] => [
    {
      customer: "C0001",
      customer_name: customerAt(0).name,
      alert: {
        kind: "limit_exceeded",
        exposure: money("12500.00"),
        limit: money("10000.00"),
        excess: money("2500.00"),
      },
      message: "",
    },
    ...(insurerReports.some((r) => r.invoice_number === "INV-0000002")
      ? []
      : [
          {
            customer: "C0002",
            customer_name: customerAt(1).name,
            alert: {
              kind: "insurer_report_due" as const,
              invoice_number: "INV-0000002",
              due_date: "2024-05-31",
              open: money("1500.00"),
              insurer: "Atradius",
              report_by: "2024-07-10",
              days_left: 10,
            },
            message: "",
          },
        ]),
  ];

  // A first limit of half the first order, or the current limit kept.
  const suggestionFor = (customer: string): LimitSuggestion => {
    const file = files.get(customer);
    const first = orders.find((o) => o.customer_reference === customer);
    if (file && compareDecimal(file.profile.limit.amount, "0") > 0) {
      return {
        current: file.profile.limit,
        suggested: file.profile.limit,
        change: { change: "keep" },
        grounds: [{ code: "nothing_paid", months: policy.limits.clean_months }],
        rates_used: [],
      };
    }
    if (!first) {
      return {
        current: null,
        suggested: money("0.00", book.currency),
        change: { change: "first" },
        grounds: [{ code: "nothing_to_base_on" }],
        rates_used: [],
      };
    }
    const cents = (BigInt(first.amount.amount.replace(".", "")) * 50n) / 100n;
    const share = money(`${cents / 100n}.${pad(Number(cents % 100n), 2)}`, first.amount.currency);
    return {
      current: null,
      suggested: share,
      change: { change: "first" },
      grounds: [{ code: "first_order_share", order: first.amount, percent: "50", share }],
      rates_used: [],
    };
  };

  const decideLimit = (r: LimitDecisionRequest, accepted: boolean): LimitDecision => {
    const suggestion = suggestionFor(r.customer);
    const file = files.get(r.customer);
    if (accepted && file) {
      file.profile = { ...file.profile, limit: suggestion.suggested };
    }
    const decision: LimitDecision = {
      id: decisions.length + 1,
      customer: r.customer,
      as_of: r.as_of,
      accepted,
      suggestion,
      note: r.note?.trim() ?? "",
      at: "2024-06-30 09:00:00",
      message: accepted ? "The suggested limit is accepted." : "The suggested limit is rejected.",
    };
    decisions.push(decision);
    return decision;
  };

  const customerOf = (reference: string) =>
    customerAt(Math.max(0, Number(reference.replace(/\D/g, "")) - 1) % CUSTOMERS);
  const collections = collectionsStandIn(
    (reference) => customerOf(reference).name,
    (reference) => customerOf(reference).email ?? `ar@${reference.toLowerCase()}.example`,
    emit,
  );

  const handlers: {
    [C in CommandName]: (request: Commands[C]["request"]) => Commands[C]["response"];
  } = {
    set_language: () => null,
    recent_books: () => [
      { id: 1, name: book.name, location: book.location, last_opened: "2024-06-30T08:15:00Z" },
    ],
    current_book: () => book,
    open_demo_book: () => book,
    open_recent_book: () => book,
    open_book: () => book,
    new_book: () => book,
    close_book: () => null,
    dashboard: () => dashboard,
    customers_page: (r: CustomerPageRequest) => {
      const all = Array.from({ length: CUSTOMERS }, (_, i) => customerAt(i)).filter(
        (c) =>
          !r.search || `${c.reference} ${c.name}`.toLowerCase().includes(r.search.toLowerCase()),
      );
      if (r.descending) {
        all.reverse();
      }
      return { rows: all.slice(r.offset, r.offset + r.limit), total: all.length };
    },
    customer_detail: (r: { reference: string }) => {
      const c = customerAt(Math.max(0, Number(r.reference.replace(/\D/g, "")) - 1) % CUSTOMERS);
      return {
        customer: c,
        open_items: [invoiceAt(1), invoiceAt(301)],
        open_items_total: 2,
        timeline_total: 2,
        timeline: [
          {
            date: "2024-06-01",
            kind: "payment",
            reference: "BANK-1",
            amount: money("-500.00"),
            detail: null,
          },
          {
            date: "2024-05-01",
            kind: "invoice",
            reference: "INV-0000002",
            amount: money("4210.50"),
            detail: "net 30",
          },
        ],
      };
    },
    invoices_page: (r: InvoicePageRequest) => {
      const { start, step } = invoiceSelection(r);
      const total = Math.max(0, Math.ceil((INVOICES - start) / step));
      const rows: InvoiceSummary[] = [];
      for (let k = r.offset; k < Math.min(total, r.offset + r.limit); k++) {
        rows.push(invoiceAt(start + k * step));
      }
      return { rows, total };
    },
    invoice_detail: (r: { number: string }) => {
      const i = invoiceNamed(r.number);
      const paid = received.get(i.number) ?? [];
      return {
        ...i,
        terms: "net 30",
        discount: null,
        instalments: [
          {
            seq: 1,
            due_date: i.issue_date,
            amount: i.total,
            open: i.open,
            allocations:
              i.status === "settled"
                ? [
                    {
                      settlement_kind: "payment",
                      settlement_reference: "BANK-9",
                      settlement_date: i.issue_date,
                      applied_on: i.issue_date,
                      amount: i.total,
                    },
                  ]
                : paid,
          },
        ],
      };
    },
    record_payment: (r: SettlementInput) => {
      if (!r.reference) {
        throw {
          code: "invalid_input",
          message:
            "The reference is empty; give the payment's, credit note's or write-off's own reference, e.g. the bank statement line.",
        };
      }
      const currency = r.currency ?? "EUR";
      if (r.invoice) {
        const number = invoiceNamed(r.invoice).number;
        const amount = money(r.amount ?? "0.00", currency);
        received.set(number, [
          ...(received.get(number) ?? []),
          {
            settlement_kind: r.kind,
            settlement_reference: r.reference,
            settlement_date: r.date,
            applied_on: r.date,
            amount,
          },
        ]);
        return `Recorded payment ${r.reference} of ${amount.amount} ${currency} against invoice ${number}.`;
      }
      return `Recorded payment ${r.reference} of ${r.amount ?? "?"} ${currency}; it stays unapplied until it is allocated.`;
    },
    allocate_unapplied: () => [
      {
        settlement_kind: "payment",
        settlement_reference: "BANK-1",
        invoice_number: "INV-0000002",
        instalment_seq: 1,
        due_date: "2024-05-31",
        amount: money("500.00"),
      },
    ],
    import_profiles: () => [
      {
        name: "generic",
        delimiter: ",",
        decimal_mark: ".",
        grouping_mark: null,
        date_format: "2024-03-15",
        encoding: "UTF-8",
      },
      {
        name: "ibm-late-payment",
        delimiter: ",",
        decimal_mark: ".",
        grouping_mark: null,
        date_format: "3/15/2024",
        encoding: "UTF-8",
      },
    ],
    profile_definition: () => definition,
    pick_import_file: () => {
      pickedBad = !pickedBad;
      return { id: 1, name: pickedBad ? "bad-rows.csv" : "ledger.csv", bytes: 123_456 };
    },
    peek_import_file: () => ({
      headers: ["number", "date", "amount", "customer_ref"],
      rows: [
        ["1001", "2024-01-05", "100.00", "C0001"],
        ["1002", "2024-01-06", "250.50", "C0002"],
      ],
    }),
    start_import: (r: { dry_run: boolean }) => {
      const job = nextJob++;
      let step = 0;
      const timer = setInterval(() => {
        step++;
        emit("import-progress", {
          job,
          progress: { bytes_read: step * 12_345, bytes_total: 123_456, rows_read: step * 120 },
        });
        if (step === 10) {
          clearInterval(timer);
          emit("import-finished", { job, outcome: { ok: report(r.dry_run, pickedBad) } });
        }
      }, 150);
      return job;
    },
    cancel_import: () => null,
    company_settings: () => company,
    save_company_settings: (r: CompanyDetails) => (company = r),
    pick_logo: () => null,
    smtp_settings: () => smtp,
    save_smtp_settings: (r: { settings: SmtpSettings; password: string | null }) =>
      (smtp = { ...r.settings, password_saved: smtp.password_saved || r.password !== null }),
    send_test_mail: (r: { to: string }) => ({
      to: r.to,
      server: `${smtp.host}:${smtp.port}`,
      security: smtp.security,
      reply: "250 2.0.0 Ok: queued as 4F2A1",
    }),
    credit_file: (r) => files.get(r.customer) ?? null,
    set_credit_profile: (r) => {
      const before = files.get(r.customer);
      const file: CreditFile = {
        profile: {
          customer_reference: r.customer,
          limit: money(r.limit, r.currency ?? book.currency),
          default_terms_days: r.default_terms_days ?? Math.min(30, r.max_terms_days),
          max_terms_days: r.max_terms_days,
          risk_class: r.risk_class ?? "medium",
          status: r.status ?? "active",
          review_date: r.review_date ?? "2025-06-30",
          review_interval_months: r.review_interval_months ?? 12,
          security_required: r.security_required ?? false,
        },
        security: before?.security ?? [],
        insurance: before?.insurance ?? null,
        reports: before?.reports ?? [],
      };
      files.set(r.customer, file);
      return file;
    },
    add_security: (r) => {
      const file = files.get(r.customer)!;
      file.security = [...file.security, r.security];
      return file;
    },
    add_credit_report: (r) => {
      const file = files.get(r.customer)!;
      file.reports = [...file.reports, r.report];
      return file;
    },
    set_insurance: (r) => {
      const file = files.get(r.customer)!;
      file.insurance = r.insurance;
      return file;
    },
    set_exchange_rate: (r) => {
      const same = rates.findIndex((x) => x.from === r.from && x.to === r.to && x.date === r.date);
      rates.splice(same === -1 ? rates.length : same, same === -1 ? 0 : 1, r);
      return null;
    },
    exchange_rates: (r) =>
      rates
        .filter((x) => x.date <= r.up_to)
        .sort((a, b) => `${a.from}${a.to}${a.date}`.localeCompare(`${b.from}${b.to}${b.date}`)),
    import_exchange_rates: () => {
      rates.push({ from: "USD", to: "EUR", date: "2024-06-28", rate: "0.9312" });
      return { file_name: "rates.csv", saved: { added: 1, replaced: 0, unchanged: 0 } };
    },
    // Ids are positions counted from 1; every list is read again after a removal.
    security_entries: (r) =>
      (files.get(r.customer)?.security ?? []).map((security, i) => ({ id: i + 1, security })),
    credit_report_entries: (r) =>
      (files.get(r.customer)?.reports ?? []).map((report, i) => ({ id: i + 1, report })),
    remove_security: (r) => {
      const file = files.get(r.customer)!;
      file.security = file.security.filter((_, i) => i + 1 !== r.id);
      return file;
    },
    remove_credit_report: (r) => {
      const file = files.get(r.customer)!;
      file.reports = file.reports.filter((_, i) => i + 1 !== r.id);
      return file;
    },
    attach_to_credit_report: (r) =>
      attachFile({ kind: "credit_report", customer: r.customer, report: r.report }),
    credit_report_attachments: (r) =>
      attachments.filter(
        (a) =>
          a.attached_to.kind === "credit_report" &&
          a.attached_to.customer === r.customer &&
          a.attached_to.report === r.report,
      ),
    attach_to_dispute: (r) => {
      const invoice = disputes.find((d) => d.id === r.dispute)?.dispute.invoice_number ?? "";
      return attachFile({ kind: "dispute", dispute: r.dispute, invoice });
    },
    dispute_attachments: (r) =>
      attachments.filter(
        (a) => a.attached_to.kind === "dispute" && a.attached_to.dispute === r.dispute,
      ),
    save_attachment: (r) => {
      const attachment = attachments.find((a) => a.id === r.id)!;
      return { attachment, saved_as: attachment.file_name };
    },
    remove_attachment: (r) => {
      const removed = attachments.find((a) => a.id === r.id)!;
      attachments = attachments.filter((a) => a.id !== r.id);
      return removed;
    },
    credit_policy: () => policy,
    set_credit_policy: (r) => {
      const changed = JSON.stringify(r) !== JSON.stringify(policy);
      policy = r;
      return { policy, changed };
    },
    suggest_limit: (r) => {
      const suggestion = suggestionFor(r.customer);
      return { suggestion, sentence: "", ground_sentences: suggestion.grounds.map(() => "") };
    },
    accept_limit_suggestion: (r) => decideLimit(r, true),
    reject_limit_suggestion: (r) => decideLimit(r, false),
    limit_decisions: (r) => decisions.filter((d) => d.customer === r.customer),
    credit_exposure: (r) => exposureOf(r.customer, r.as_of),
    customer_orders: (r) => orders.filter((o) => o.customer_reference === r.customer),
    enter_order: (r) => {
      const order: Order = {
        reference: r.order.reference,
        customer_reference: r.order.customer,
        amount: money(r.order.amount, r.order.currency ?? book.currency),
        terms_days: r.order.terms_days ?? 30,
        date: r.order.date,
        state: "open",
      };
      return decide(order, r.as_of, r.override_reason, () => orders.push(order));
    },
    change_order: (r) => {
      const index = orders.findIndex((o) => o.reference === r.reference);
      const before = orders[index]!;
      const changed: Order = {
        ...before,
        state: r.change.state ?? before.state,
        amount: r.change.amount ? money(r.change.amount, before.amount.currency) : before.amount,
      };
      orders.splice(index, 1);
      const result = decide(changed, r.as_of, r.override_reason, () =>
        orders.splice(index, 0, changed),
      );
      if (!result.saved) {
        orders.splice(index, 0, before);
      }
      return result;
    },
    review_queue: () => [],
    credit_alerts: () => creditAlerts(),
    customer_risk: (r) =>
      files.has(r.customer)
        ? {
            customer: r.customer,
            customer_name: r.customer,
            score: {
              as_of: r.as_of,
              score: 35,
              max_score: 100,
              rates_used: [],
              factors: [
                { code: "days_late", average_days: "12.5", months: 12, points: 15, weight: 40 },
                {
                  code: "trend",
                  recent_average_days: "14",
                  earlier_average_days: "10",
                  change_days: "4",
                  recent_months: 3,
                  earlier_months: 9,
                  points: 5,
                  weight: 20,
                },
                {
                  code: "utilisation",
                  exposure: money("8000.00"),
                  limit: money("10000.00"),
                  percent: "80",
                  points: 10,
                  weight: 20,
                },
                { code: "disputes", invoices: 1, amount: money("100.00"), points: 5, weight: 10 },
                { code: "broken_promises", count: 0, points: 0, weight: 10 },
              ],
            },
            factors: [],
            exposure: {
              as_of: r.as_of,
              limit: money("10000.00"),
              receivables: money("8000.00"),
              disputed: money("100.00"),
              open_orders: money("0.00"),
              total: money("8000.00"),
              headroom: money("2000.00"),
              excess: money("0.00"),
              insured_limit: null,
              uninsured: money("8000.00"),
              security_cover: money("0.00"),
            },
            message: "",
          }
        : null,
    report_to_insurer: (r) => {
      insurerReports.push(r);
      return null;
    },
    insurer_reports: () => insurerReports,
    open_dispute: (r) => {
      const invoice = invoiceAt(Math.max(0, Number(r.invoice.replace(/\D/g, "")) - 1));
      const entry: DisputeEntry = {
        id: disputes.length + 1,
        customer_reference: invoice.customer_reference,
        customer_name: invoice.customer_name,
        dispute: {
          invoice_number: invoice.number,
          whole_invoice: r.amount === null,
          amount: r.amount === null ? invoice.open : money(r.amount, invoice.open.currency),
          line: r.line,
          reason: r.reason,
          note: r.note,
          opened_on: r.opened_on,
          resolution: null,
        },
        credit_note: null,
      };
      disputes.push(entry);
      return { entry, message: "" };
    },
    resolve_dispute: (r) => {
      const entry = disputes.find((d) => d.id === r.id)!;
      const disputed = entry.dispute.amount;
      const credit =
        r.verdict === "accepted"
          ? disputed
          : money(r.verdict === "partly" ? (r.accepted ?? "0") : "0.00", disputed.currency);
      entry.dispute.resolution = {
        outcome:
          r.verdict === "partly" ? { outcome: "partly", accepted: credit } : { outcome: r.verdict },
        resolved_on: r.resolved_on,
        note: r.note,
        credit,
        resumed: money(r.verdict === "accepted" ? "0.00" : disputed.amount, disputed.currency),
      };
      return { entry, message: "" };
    },
    invoice_disputes: (r) => disputes.filter((d) => d.dispute.invoice_number === r.number),
    disputes: (r) => ({ as_of: r.as_of, disputes: [], by_reason: [], by_age: [] }),
    add_promise: (r) => {
      const amount = money(r.amount, r.currency ?? book.currency);
      const line: PromiseLine = {
        id: promises.length + 1,
        customer_name: r.customer,
        promise: {
          customer_reference: r.customer,
          made_on: r.made_on,
          promised_on: r.promised_on,
          amount,
          promised_by: r.promised_by,
          channel: r.channel,
          invoice_numbers: r.invoices,
          dunning_level: r.dunning_level,
        },
        standing: {
          as_of: r.made_on,
          state: "pending",
          paid: money("0.00", amount.currency),
          missing: amount,
          kept_on: null,
          broken_on: null,
          resume_at_level: null,
        },
        message: "",
      };
      promises.push(line);
      return line;
    },
    promises: () => promises,
    customer_promises: (r) => promises.filter((p) => p.promise.customer_reference === r.customer),
    record_write_off: (r) =>
      `Recorded write-off ${r.settlement.reference} of ${r.settlement.amount ?? "?"} EUR.`,
    bad_debt: (r) => ({ from: r.from, to: r.to, write_offs: [], currencies: [] }),
    claims: () => followup.claims(),
    forecast: (r) => forecastOn(r.as_of),
    plans: (r) => followup.plans(r.as_of),
    customer_plans: (r) =>
      followup.plans(r.as_of).filter((line) => line.plan.customer_reference === r.customer),
    preview_plan: (r) => followup.previewPlan(r),
    create_plan: (r) =>
      followup.createPlan(
        r,
        customerAt(Math.max(0, Number(r.customer.replace(/\D/g, "")) - 1) % CUSTOMERS).name,
      ),
    break_plan: (r) => followup.breakPlan(r.id, r.as_of),
    enforce_plans: (r) => followup.enforcePlans(r.as_of),
    file_claim: (r) => followup.fileClaim(r),
    decide_claim: (r) => followup.decideClaim(r),
    ...collections,
    ...referenceRatesStandIn(),
  };

  return {
    async invoke(command, args) {
      if (!(command in handlers)) {
        throw `The preview has no command ${command}.`;
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
      const handler = handlers[command as CommandName] as (request: unknown) => unknown;
      return handler(args?.request ?? null);
    },
    async listen<T>(event: string, handler: (payload: T) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(handler as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(handler as (payload: unknown) => void);
    },
  };
}

export function installPreviewBackend(): void {
  setTransport(previewTransport());
}
