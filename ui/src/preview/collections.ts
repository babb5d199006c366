/**
 * The stand-in's collections, kept in memory, for looking at the collections screens in a
 * browser and for component tests. A run proposed on any date holds the same five
 * communications (a reminder email in EUR and one in USD, a phone call, a formal demand with
 * interest, a fee and a credit hold, a hand-over) and leaves out a disputed, a paused and a
 * promised item; executing queues the emails in the outbox, creates the call and charges the fee
 * and interest. The outbox starts with a sent, a failed and an unconfirmed message; "Send now"
 * sends the queued ones, one event per message. Its sentences copy the backend's.
 */

import type {
  AddressInput,
  ApprovalAnswer,
  CallOutcomeAnswer,
  CallOutcomeInput,
  Charge,
  ChargeSettlement,
  ChargeSettlementInput,
  CommunicationRecord,
  Communication,
  ContactChannel,
  CustomerAddress,
  CustomerCharges,
  CustomerCollections,
  CustomerInterest,
  DunningLevel,
  DunningPolicy,
  DunningRunView,
  ExecutionReport,
  Language,
  LeftOutLine,
  Money,
  OutboxEntry,
  PauseInput,
  PauseLine,
  PhoneTaskEntry,
  Placeholder,
  PolicyEdit,
  PolicyView,
  ProposedItem,
  RunSummary,
  TemplateLine,
} from "../api/types";
import { addDecimals, compareDecimal, isZeroDecimal } from "../format/decimal";

const invalid = (message: string) => ({ code: "invalid_input", message });
const conflict = (message: string) => ({ code: "conflict", message });
const money = (amount: string, currency = "EUR"): Money => ({ amount, currency });
const sub = (a: Money, b: Money): Money => {
  const [units, scale] = [BigInt(a.amount.replace(".", "")), 2];
  const other = BigInt(b.amount.replace(".", ""));
  const rest = units - other;
  const sign = rest < 0n ? "-" : "";
  const abs = rest < 0n ? -rest : rest;
  const text = abs.toString().padStart(scale + 1, "0");
  return money(`${sign}${text.slice(0, -scale)}.${text.slice(-scale)}`, a.currency);
};

function level(
  days: number,
  channel: ContactChannel,
  template: string,
  interest: boolean,
  consequences: DunningLevel["consequences"],
): DunningLevel {
  return {
    days_overdue: days,
    channel,
    templates: (["en", "zh-CN"] as Language[]).map((language) => ({ language, name: template })),
    fees: [],
    fee_percent: null,
    charge_interest: interest,
    consequences,
  };
}

export function preset(name: "firm" | "gentle"): DunningPolicy {
  return name === "firm"
    ? {
        name: "firm",
        levels: [
          level(7, "email_reminder", "reminder", false, []),
          level(15, "phone_task", "phone_call", false, []),
          level(30, "printed_letter", "formal_demand", true, ["credit_hold"]),
          level(60, "handover", "handover", true, ["credit_hold", "legal_collection"]),
        ],
        minimum_amounts: [],
        minimum_gap_days: 7,
      }
    : {
        name: "gentle",
        levels: [
          level(30, "email_reminder", "gentle_reminder", false, []),
          level(60, "printed_letter", "formal_demand", true, ["credit_hold"]),
          level(90, "handover", "handover", true, ["credit_hold", "legal_collection"]),
        ],
        minimum_amounts: [],
        minimum_gap_days: 7,
      };
}

const SHIPPED = [
  "reminder",
  "gentle_reminder",
  "phone_call",
  "formal_demand",
  "handover",
  "statement",
  "plan_agreement",
];

const PLACEHOLDERS: Placeholder[] = [
  "customer_name",
  "customer_reference",
  "company_name",
  "as_of",
  "total",
  "currency",
  "claimed_total",
  "interest_total",
  "fee",
  "compensation",
  "pay_by",
  "reference",
  "level",
  "items_count",
  "items",
];

function shippedText(name: string, language: Language): { subject: string; body: string } {
  const title = name.replace(/_/g, " ");
  return language === "en"
    ? {
        subject: `${title[0]!.toUpperCase()}${title.slice(1)} {reference}: {total} {currency}`,
        body: "Dear {customer_name},\n\n{items}\n\nPlease pay {total} {currency} by {pay_by}.\n\n{company_name}",
      }
    : {
        subject: `${name} {reference}：{total} {currency}`,
        body: "尊敬的{customer_name}：\n\n{items}\n\n请于 {pay_by} 前支付 {total} {currency}。\n\n{company_name}",
      };
}

interface Planned {
  customer: string;
  currency: string;
  level: number;
  channel: ContactChannel;
  items: [string, string, number, string][];
  interest: string;
  fee: string;
  /** The fixed compensation a late-payment law grants, or "" for none. */
  compensation: string;
}

/** What every proposal holds: customer, currency, level, channel, items (invoice, due, days, open). */
const PLANNED: Planned[] = [
  {
    customer: "C0002",
    currency: "EUR",
    level: 1,
    channel: "email_reminder",
    items: [
      ["INV-0000302", "2024-06-20", 10, "1250.00"],
      ["INV-0000602", "2024-06-21", 9, "310.40"],
    ],
    interest: "0.00",
    fee: "0.00",
    compensation: "",
  },
  {
    customer: "C0003",
    currency: "EUR",
    level: 2,
    channel: "phone_task",
    items: [["INV-0000003", "2024-06-10", 20, "820.00"]],
    interest: "0.00",
    fee: "0.00",
    compensation: "",
  },
  {
    customer: "C0004",
    currency: "EUR",
    level: 3,
    channel: "printed_letter",
    items: [
      ["INV-0000004", "2024-05-20", 41, "2000.00"],
      ["INV-0000304", "2024-05-25", 36, "499.99"],
    ],
    interest: "18.42",
    fee: "15.00",
    compensation: "",
  },
  {
    customer: "C0008",
    currency: "USD",
    level: 1,
    channel: "email_reminder",
    items: [["INV-0000008", "2024-06-18", 12, "640.00"]],
    interest: "0.00",
    fee: "0.00",
    compensation: "",
  },
  {
    customer: "C0010",
    currency: "EUR",
    level: 4,
    channel: "handover",
    items: [["INV-0000010", "2024-04-20", 71, "5300.00"]],
    interest: "61.15",
    fee: "0.00",
    compensation: "40.00",
  },
];

export function collectionsStandIn(
  nameOf: (reference: string) => string,
  emailOf: (reference: string) => string,
  emit: (event: string, payload: unknown) => void,
) {
  let bookPolicy: DunningPolicy | null = null;
  const customerPolicies = new Map<string, DunningPolicy>();
  const addresses = new Map<string, CustomerAddress>();
  const interests = new Map<string, CustomerInterest>([
    ["C0004", { rule: "eu_directive", margin_points: "9" }],
  ]);
  const templates = new Map<string, { subject: string; body: string }>();
  const pauses: PauseLine[] = [
    {
      entry: {
        id: 1,
        pause: {
          scope: { scope: "customer", customer_reference: "C0005" },
          reason: "Insolvency proceedings",
          from: "2024-06-01",
          until: "2024-09-30",
        },
        customer_reference: "C0005",
        lifted_on: null,
      },
      holds: true,
      message: "",
    },
  ];
  const runs: DunningRunView[] = [];
  const tasks: PhoneTaskEntry[] = [];
  const charges = new Map<
    string,
    { customer: string; charges: Charge[]; settled: ChargeSettlement[] }
  >();
  const outbox: OutboxEntry[] = [
    mail(
      3,
      ["ap@customer-6.example"],
      "Payment reminder D-2024-000003",
      "sent",
      1,
      null,
      "250 2.0.0 Ok: queued as 7C11A",
    ),
    mail(
      2,
      ["ap@customer-9.example"],
      "Payment reminder D-2024-000002",
      "unconfirmed",
      1,
      "The connection to 127.0.0.1:2525 was closed before the server confirmed the message; it may or may not have arrived.",
      null,
    ),
    mail(
      1,
      ["bounce@customer-12.example"],
      "Payment reminder D-2024-000001",
      "failed",
      1,
      "The server 127.0.0.1:2525 refused the message: 550 5.1.1 Mailbox unknown. Correct the address, then send it again.",
      null,
    ),
  ];
  let nextRun = 1;
  let nextCommunication = 101;
  let nextTask = 1;
  let nextMail = 4;
  let nextJob = 1;

  function mail(
    id: number,
    to: string[],
    subject: string,
    state: OutboxEntry["state"],
    attempts: number,
    error: string | null,
    reply: string | null,
  ): OutboxEntry {
    return {
      id,
      communication_id: null,
      to,
      cc: [],
      subject,
      body: "Dear customer, …",
      attachment_name: `${subject.split(" ").pop()}.pdf`,
      attachment_type: "application/pdf",
      attachment_kept: false,
      message_id: `<${id}@creditdesk.invalid>`,
      state,
      attempts,
      next_attempt: 1_719_734_400,
      last_error: error,
      server_reply: reply,
      created_at: "2024-06-28T09:00:00.000Z",
      updated_at: "2024-06-28T09:00:05.000Z",
      sent_at: state === "sent" ? "2024-06-28T09:00:05.000Z" : null,
    };
  }

  const addressOf = (customer: string): CustomerAddress =>
    addresses.get(customer) ??
    (customer === "C0004"
      ? { lines: [], country: null, letter_language: null }
      : {
          lines: [nameOf(customer), "Hafenweg 1", "20457 Hamburg"],
          country: null,
          letter_language: null,
        });

  const policyView = (customer: string | null): PolicyView => {
    const own = customer === null ? null : (customerPolicies.get(customer) ?? null);
    const policy = own ?? bookPolicy ?? preset("firm");
    const inherited = customer === null ? bookPolicy === null : own === null;
    const message =
      customer === null
        ? inherited
          ? `The book uses the shipped policy "${policy.name}".`
          : `The book uses the policy "${policy.name}".`
        : inherited
          ? `Customer ${customer} follows the book's policy "${policy.name}".`
          : `Customer ${customer} has its own policy "${policy.name}".`;
    return { customer, policy, inherited, message };
  };

  function communication(plan: Planned): Communication {
    const items: ProposedItem[] = plan.items.map(([invoice, due, days, open], i) => ({
      invoice_number: invoice,
      seq: 1,
      issue_date: "2024-04-01",
      due_date: due,
      days_overdue: days,
      original: money(open, plan.currency),
      paid: money("0.00", plan.currency),
      disputed: money("0.00", plan.currency),
      claimed: money(open, plan.currency),
      interest: null,
      compensation:
        i === 0 && plan.compensation !== "" ? money(plan.compensation, plan.currency) : null,
    }));
    const claimed = addDecimals(plan.items.map((i) => i[3]));
    const policy = policyView(plan.customer).policy.levels[plan.level - 1];
    return {
      customer_reference: plan.customer,
      currency: plan.currency,
      level: plan.level,
      channel: plan.channel,
      templates: policy?.templates ?? [],
      consequences: policy?.consequences ?? [],
      items,
      claimed_total: money(claimed, plan.currency),
      interest_total: money(plan.interest, plan.currency),
      fee: money(plan.fee, plan.currency),
      unapplied_credit: money("0.00", plan.currency),
      compensation: plan.compensation === "" ? null : money(plan.compensation, plan.currency),
      total: money(
        addDecimals([claimed, plan.interest, plan.fee, plan.compensation || "0"]),
        plan.currency,
      ),
      after_broken_promise: false,
    };
  }

  function leftOut(): LeftOutLine[] {
    return [
      {
        left_out: {
          customer_reference: "C0001",
          invoice_number: "INV-0000001",
          seq: 1,
          due_date: "2024-05-31",
          days_overdue: 30,
          amount: money("100.00"),
          level: 3,
          reason: { why: "disputed" },
        },
        message:
          "100.00 EUR of invoice INV-0000001 (instalment 1) is disputed and is not chased until the dispute is resolved.",
      },
      {
        left_out: {
          customer_reference: "C0005",
          invoice_number: "INV-0000005",
          seq: 1,
          due_date: "2024-06-01",
          days_overdue: 29,
          amount: money("730.00"),
          level: 2,
          reason: { why: "paused", reason: "Insolvency proceedings", until: "2024-09-30" },
        },
        message:
          "Invoice INV-0000005 (instalment 1, 730.00 EUR) is paused until 2024-09-30: Insolvency proceedings.",
      },
      {
        left_out: {
          customer_reference: "C0006",
          invoice_number: "INV-0000006",
          seq: 1,
          due_date: "2024-06-15",
          days_overdue: 15,
          amount: money("410.00"),
          level: 2,
          reason: { why: "promise_pending", promised_on: "2024-07-10" },
        },
        message:
          "Invoice INV-0000006 (instalment 1, 410.00 EUR) is covered by a promise to pay by 2024-07-10; it is not chased before then.",
      },
    ];
  }

  const summary = (run: DunningRunView): RunSummary => {
    const countOf = (state: CommunicationRecord["state"]) =>
      run.communications.filter((c) => c.state === state).length;
    return {
      id: run.id,
      as_of: run.as_of,
      proposed_at: run.proposed_at,
      state: run.state,
      executed_on: run.executed_on,
      proposed: countOf("proposed"),
      approved: countOf("approved"),
      executed: countOf("executed"),
      skipped: countOf("skipped"),
    };
  };

  const findRun = (id: number) => {
    const run = runs.find((r) => r.id === id);
    if (!run) {
      throw {
        code: "not_found",
        message: `No dunning run with id ${id} is in the book; list the runs with \`dunning runs\`.`,
      };
    }
    return run;
  };

  const runMessage = (run: DunningRunView) =>
    run.state === "proposed"
      ? `Run ${run.id} for ${run.as_of} is waiting for approval.`
      : run.state === "executed"
        ? `Run ${run.id} for ${run.as_of} was executed on ${run.executed_on}.`
        : `Run ${run.id} for ${run.as_of} was replaced by a later run for the same date.`;

  const copy = (run: DunningRunView): DunningRunView => ({
    ...structuredClone(run),
    message: runMessage(run),
  });

  function claimOf(invoice: string, asOf: string) {
    const entry = charges.get(invoice)!;
    const currency = entry.charges[0]?.amount.currency ?? "EUR";
    const charged = addDecimals(entry.charges.map((c) => c.amount.amount));
    const paid = addDecimals(entry.settled.filter((s) => !s.waived).map((s) => s.amount.amount));
    const waived = addDecimals(entry.settled.filter((s) => s.waived).map((s) => s.amount.amount));
    const open = sub(sub(money(charged, currency), money(paid, currency)), money(waived, currency));
    return {
      invoice_number: invoice,
      charges: entry.charges.filter((c) => c.charged_on <= asOf),
      settlements: entry.settled,
      standing: {
        principal_open: money("0.00", currency),
        charged: money(charged, currency),
        charges_paid: money(paid, currency),
        charges_waived: money(waived, currency),
        charges_open: open,
        total_open: open,
        resolved: isZeroDecimal(open.amount),
      },
      notes: [],
    };
  }

  return {
    dunning_policy: (r: { customer: string | null }) => policyView(r.customer),
    set_dunning_policy: (r: { customer: string | null; policy: PolicyEdit }): PolicyView => {
      const policy = r.policy.kind === "preset" ? preset(r.policy.preset) : r.policy.policy;
      const problems: string[] = [];
      policy.levels.forEach((l, i) => {
        const before = policy.levels[i - 1];
        if (before && l.days_overdue <= before.days_overdue) {
          problems.push(
            `Level ${i + 1} applies at ${l.days_overdue} days overdue, not later than the level before it at ${before.days_overdue} days; give each level more days than the one before.`,
          );
        }
        if (l.templates.length === 0) {
          problems.push(
            `Level ${i + 1} has no template; choose a template for at least one language.`,
          );
        }
      });
      if (policy.minimum_gap_days === 0) {
        problems.push(
          "The minimum gap between two contacts is 0 days; give at least 1 day, so that a customer is contacted at most once a day.",
        );
      }
      if (problems.length > 0) {
        throw invalid(problems.join("\n"));
      }
      if (r.customer === null) {
        bookPolicy = policy;
        return { ...policyView(null), message: `The book now uses the policy "${policy.name}".` };
      }
      customerPolicies.set(r.customer, policy);
      return {
        ...policyView(r.customer),
        message: `Customer ${r.customer} now has its own policy "${policy.name}".`,
      };
    },
    clear_customer_policy: (r: { customer: string }) => {
      customerPolicies.delete(r.customer);
      return policyView(r.customer);
    },
    customer_collections: (r: { customer: string; as_of: string }): CustomerCollections => {
      const interest = interests.get(r.customer) ?? null;
      return {
        customer: r.customer,
        address: addressOf(r.customer),
        interest,
        interest_words:
          interest === null
            ? null
            : interest.rule === "eu_directive"
              ? `the ECB reference rate plus ${interest.margin_points} points (EU Directive 2011/7/EU)`
              : interest.rule,
        policy: policyView(r.customer),
        pauses: pauses
          .filter((p) => p.entry.customer_reference === r.customer)
          .map((p) => ({
            ...p,
            holds:
              p.entry.lifted_on === null &&
              p.entry.pause.from <= r.as_of &&
              r.as_of <= p.entry.pause.until,
          })),
      };
    },
    add_pause: (r: PauseInput): PauseLine => {
      if (r.reason.trim() === "") {
        throw invalid("The pause gives no reason; write why chasing is paused.");
      }
      if (r.until < r.from) {
        throw invalid(
          `The pause ends on ${r.until}, before it starts on ${r.from}; give an end date on or after ${r.from}.`,
        );
      }
      const id = pauses.length + 1;
      const customer = r.customer ?? "C0001";
      const what = r.invoice ? `invoice ${r.invoice}` : `customer ${customer}`;
      const line: PauseLine = {
        entry: {
          id,
          pause: {
            scope: r.invoice
              ? { scope: "invoice", invoice_number: r.invoice }
              : { scope: "customer", customer_reference: customer },
            reason: r.reason.trim(),
            from: r.from,
            until: r.until,
          },
          customer_reference: customer,
          lifted_on: null,
        },
        holds: true,
        message: `Recorded pause ${id}: ${what} is not chased from ${r.from} through ${r.until}.`,
      };
      pauses.unshift(line);
      return line;
    },
    lift_pause: (r: { id: number; on: string }): PauseLine => {
      const line = pauses.find((p) => p.entry.id === r.id)!;
      line.entry.lifted_on = r.on;
      const scope = line.entry.pause.scope;
      const what =
        scope.scope === "invoice"
          ? `invoice ${scope.invoice_number}`
          : `customer ${scope.customer_reference}`;
      return { ...line, message: `Lifted pause ${r.id}: ${what} is chased again from ${r.on}.` };
    },
    pauses: () => pauses,
    letter_templates: (): TemplateLine[] => {
      const names = [...SHIPPED];
      for (const key of templates.keys()) {
        const name = key.split("|")[0]!;
        if (!names.includes(name)) {
          names.push(name);
        }
      }
      return names.flatMap((name) =>
        (["en", "zh-CN"] as Language[]).flatMap((language): TemplateLine[] => {
          const own = templates.get(`${name}|${language}`);
          if (own) {
            return [{ name, language, ...own, edited: true }];
          }
          return SHIPPED.includes(name)
            ? [{ name, language, ...shippedText(name, language), edited: false }]
            : [];
        }),
      );
    },
    template_placeholders: () => PLACEHOLDERS,
    save_letter_template: (r: {
      name: string;
      language: Language;
      subject: string;
      body: string;
    }): TemplateLine => {
      if (!/^[a-z0-9_]+$/.test(r.name.trim())) {
        throw invalid(
          `The template name "${r.name.trim()}" is not accepted; use lower-case letters, digits and underscores, such as "final_reminder".`,
        );
      }
      const unknown = [...`${r.subject}${r.body}`.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1]!)
        .find((name) => !PLACEHOLDERS.includes(name as Placeholder));
      if (unknown) {
        throw invalid(
          `The body is not saved. The text names {${unknown}}, which letters do not know; use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}.`,
        );
      }
      templates.set(`${r.name.trim()}|${r.language}`, { subject: r.subject, body: r.body });
      return {
        name: r.name.trim(),
        language: r.language,
        subject: r.subject,
        body: r.body,
        edited: true,
      };
    },
    reset_letter_template: (r: { name: string; language: Language }) => {
      const removed = templates.delete(`${r.name}|${r.language}`);
      const shipped = SHIPPED.includes(r.name);
      return {
        message: removed
          ? shipped
            ? `The template "${r.name}" in ${r.language} is the shipped text again.`
            : `Removed the template "${r.name}" in ${r.language}; a policy that names it can no longer be executed in ${r.language}.`
          : `The template "${r.name}" in ${r.language} has no text of yours; nothing was changed.`,
        template: shipped
          ? {
              name: r.name,
              language: r.language,
              ...shippedText(r.name, r.language),
              edited: false,
            }
          : null,
      };
    },
    set_customer_address: (r: AddressInput) => {
      const before = addressOf(r.customer);
      addresses.set(r.customer, {
        lines: r.lines ? r.lines.map((l) => l.trim()).filter((l) => l !== "") : before.lines,
        country:
          r.country === null
            ? before.country
            : r.country.trim() === ""
              ? null
              : r.country.trim().toUpperCase(),
        letter_language:
          r.letter_language === null
            ? before.letter_language
            : r.letter_language === "company"
              ? null
              : r.letter_language.own,
      });
      return `Saved the postal address and letter language of customer ${r.customer}.`;
    },
    set_customer_interest: (r: { customer: string; interest: CustomerInterest | null }) => {
      if (r.interest === null) {
        interests.delete(r.customer);
        return `The invoices of customer ${r.customer} bear no late-payment interest.`;
      }
      if (r.interest.rule === "eu_directive" && compareDecimal(r.interest.margin_points, "8") < 0) {
        throw invalid(
          `The margin of ${r.interest.margin_points} points is below the 8 points EU Directive 2011/7/EU sets as the least; give 8 or more.`,
        );
      }
      interests.set(r.customer, r.interest);
      return `The invoices of customer ${r.customer} bear late-payment interest: ${r.interest.rule}.`;
    },
    propose_dunning: (r: { as_of: string }): DunningRunView => {
      for (const run of runs) {
        if (run.as_of === r.as_of && run.state === "proposed") {
          run.state = "superseded";
          for (const c of run.communications) {
            if (c.state === "proposed" || c.state === "approved") {
              c.state = "skipped";
            }
          }
        }
      }
      const id = nextRun++;
      const communications: CommunicationRecord[] = PLANNED.map((plan) => ({
        id: nextCommunication++,
        run_id: id,
        as_of: r.as_of,
        customer_name: nameOf(plan.customer),
        state: "proposed",
        communication: communication(plan),
        executed_on: null,
        sent_on: null,
        reference: null,
        sent_by: null,
        note: null,
        outbox_id: null,
        letter: null,
      }));
      const run: DunningRunView = {
        id,
        as_of: r.as_of,
        proposed_at: "2024-06-30T09:15:00.000Z",
        state: "proposed",
        executed_on: null,
        communications,
        left_out: leftOut(),
        allocation_tasks: [
          {
            task: {
              customer_reference: "C0003",
              references: ["R-77"],
              unapplied: money("-150.00"),
              overdue: money("820.00"),
            },
            message:
              "Allocate R-77 (-150.00 EUR) of customer C0003: it is not yet matched to invoices, and 820.00 EUR is overdue.",
          },
        ],
        problems: [],
        message: "",
      };
      runs.unshift(run);
      return {
        ...copy(run),
        message: `Proposed run ${id} for ${r.as_of} with ${communications.length} communication(s); ${run.left_out.length} item(s) left out, 1 allocation task(s).`,
      };
    },
    dunning_run: (r: { id: number }) => copy(findRun(r.id)),
    dunning_runs: () => runs.map(summary),
    approve_dunning: (r: { run: number; communications: number[] | null }): ApprovalAnswer => {
      const run = findRun(r.run);
      if (run.state === "executed") {
        throw conflict(
          `Run ${run.id} was executed on ${run.executed_on}; its communications can no longer be approved. Propose a new run to chase what is still open.`,
        );
      }
      const approved: number[] = [];
      for (const c of run.communications) {
        const chosen = r.communications === null || r.communications.includes(c.id);
        if (chosen && c.state === "proposed") {
          approved.push(c.id);
        }
        c.state = chosen ? "approved" : "proposed";
      }
      const all = run.communications.filter((c) => c.state === "approved").length;
      return {
        run_id: run.id,
        approved,
        message: `Approved ${approved.length} communication(s) of run ${run.id}; ${all} of ${run.communications.length} are approved.`,
      };
    },
    execute_dunning: (r: { run: number; today: string }): ExecutionReport => {
      const run = findRun(r.run);
      if (r.today < run.as_of) {
        throw invalid(
          `Run ${run.id} is for ${run.as_of}; it cannot be executed on ${r.today}, before that day. Execute it on or after ${run.as_of}.`,
        );
      }
      const approved = run.communications.filter((c) => c.state === "approved");
      if (approved.length === 0) {
        throw invalid(
          `Run ${run.id} has no approved communication; approve them with \`dunning approve ${run.id} --all\` or \`--communication ID\`, then execute it.`,
        );
      }
      const report: ExecutionReport = {
        run_id: run.id,
        executed: [],
        skipped: [],
        consequences: [],
        phone_tasks: [],
        outbox: [],
        message: "",
      };
      for (const c of run.communications) {
        if (c.state !== "approved") {
          c.state = "skipped";
          report.skipped.push(c.id);
          continue;
        }
        const k = c.communication;
        const reference = `D-${r.today.slice(0, 4)}-${String(c.id).padStart(6, "0")}`;
        c.state = "executed";
        c.executed_on = r.today;
        c.sent_on = run.as_of;
        c.reference = reference;
        c.sent_by = k.channel;
        const total = `${k.total.amount} ${k.total.currency}`;
        let message = `Letter ${reference} to customer ${k.customer_reference} is ready to print: level ${k.level}, ${total}.`;
        if (k.channel === "email_reminder") {
          const id = nextMail++;
          c.outbox_id = id;
          const to = emailOf(k.customer_reference);
          outbox.unshift({
            ...mail(
              id,
              [to],
              `Payment reminder ${reference}: ${total} overdue`,
              "queued",
              0,
              null,
              null,
            ),
            communication_id: c.id,
            created_at: `${r.today}T09:30:00.000Z`,
          });
          report.outbox.push(id);
          message = `Queued reminder email ${reference} to customer ${k.customer_reference} (${to}): level ${k.level}, ${total}.`;
        } else if (k.channel === "phone_task") {
          const id = nextTask++;
          tasks.push({
            id,
            customer_reference: k.customer_reference,
            customer_name: c.customer_name,
            communication_id: c.id,
            reference,
            level: k.level,
            total: k.total,
            invoices: k.items.map((i) => i.invoice_number),
            due_on: r.today,
            outcome: null,
            note: null,
            done_on: null,
            promise_id: null,
          });
          report.phone_tasks.push(id);
          message = `Call customer ${k.customer_reference} about ${reference}: level ${k.level}, ${total}; the phone task is in \`phone-tasks\`.`;
        } else if (k.channel === "handover") {
          message = `Customer ${k.customer_reference} is handed over for collection with letter ${reference}: level ${k.level}, ${total}.`;
        }
        const first = k.items[0]!.invoice_number;
        const entry = charges.get(first) ?? {
          customer: k.customer_reference,
          charges: [],
          settled: [],
        };
        if (!isZeroDecimal(k.fee.amount)) {
          entry.charges.push({
            invoice_number: first,
            kind: "fee",
            amount: k.fee,
            charged_on: r.today,
            level: k.level,
          });
        }
        if (!isZeroDecimal(k.interest_total.amount)) {
          entry.charges.push({
            invoice_number: first,
            kind: "interest",
            amount: k.interest_total,
            charged_on: r.today,
            level: k.level,
          });
        }
        if (entry.charges.length > 0) {
          charges.set(first, entry);
        }
        for (const consequence of k.consequences) {
          report.consequences.push({
            applied: {
              communication_id: c.id,
              customer_reference: k.customer_reference,
              consequence,
              status_before: null,
              status_after: null,
            },
            message: `Customer ${k.customer_reference}: ${consequence.replace(/_/g, " ")} recorded; it has no credit profile, so no credit status was changed (orders need a credit profile anyway).`,
          });
        }
        report.executed.push({
          communication_id: c.id,
          customer_reference: k.customer_reference,
          reference,
          level: k.level,
          sent_by: k.channel,
          total: k.total,
          message,
        });
      }
      run.state = "executed";
      run.executed_on = r.today;
      report.message = `Executed run ${run.id} for ${run.as_of} on ${r.today}: ${report.executed.length} communication(s) sent, ${report.skipped.length} not approved and skipped.`;
      return report;
    },
    customer_communications: (r: { customer: string }) =>
      runs
        .flatMap((run) => run.communications)
        .filter((c) => c.state === "executed" && c.communication.customer_reference === r.customer),
    phone_tasks: (r: { open_only: boolean }) =>
      tasks.filter((task) => !r.open_only || task.outcome === null),
    complete_phone_task: (r: CallOutcomeInput): CallOutcomeAnswer => {
      const task = tasks.find((each) => each.id === r.task)!;
      if (r.outcome === "promised" && r.promise === null) {
        throw invalid(
          'A call with the outcome "promised" needs the promise: give the amount, the day and who promised.',
        );
      }
      task.outcome = r.outcome;
      task.note = r.note || null;
      task.done_on = r.done_on;
      const words = {
        reached: "reached",
        promised: "promised to pay",
        disputed: "disputed",
        no_answer: "no answer",
      };
      return {
        task,
        message: `Recorded the call of phone task ${task.id} to customer ${task.customer_reference} on ${r.done_on}: ${words[r.outcome]}.`,
      };
    },
    customer_charges: (r: { customer: string; as_of: string }): CustomerCharges => ({
      customer: r.customer,
      as_of: r.as_of,
      invoices: [...charges.entries()]
        .filter(([, entry]) => entry.customer === r.customer)
        .map(([invoice]) => claimOf(invoice, r.as_of)),
    }),
    settle_charges: (r: ChargeSettlementInput) => {
      const claim = claimOf(r.invoice, r.date);
      const open = claim.standing.charges_open;
      const amount = r.amount === null ? open : money(r.amount, open.currency);
      if (
        compareDecimal(amount.amount, open.amount) > 0 ||
        compareDecimal(amount.amount, "0") <= 0
      ) {
        throw invalid(
          `The amount ${amount.amount} ${amount.currency} is not accepted: the charges open on invoice ${r.invoice} are ${open.amount} ${open.currency}; give an amount above zero and at most that.`,
        );
      }
      charges.get(r.invoice)!.settled.push({
        invoice_number: r.invoice,
        date: r.date,
        amount,
        waived: r.waived,
      });
      const left = sub(open, amount);
      return r.waived
        ? `Waived ${amount.amount} ${amount.currency} of the charges on invoice ${r.invoice}; ${left.amount} ${left.currency} of them is still open.`
        : `Recorded ${amount.amount} ${amount.currency} received toward the charges on invoice ${r.invoice}; ${left.amount} ${left.currency} of them is still open.`;
    },
    outbox: () => structuredClone(outbox),
    save_statement: (r: { customer: string; to: string }) => ({
      saved_as: `statement-${r.customer}-${r.to}.pdf`,
    }),
    open_letter: (r: { id: number }) => {
      const record = runs.flatMap((run) => run.communications).find((c) => c.id === r.id);
      const name = `${record?.reference ?? r.id}-${record?.communication.customer_reference ?? ""}.pdf`;
      return { file_name: name, location: `/tmp/creditdesk/documents/${name}` };
    },
    save_letter: (r: { id: number }) => ({ saved_as: `letter-${r.id}.pdf` }),
    save_plan_agreement: (r: { id: number }) => ({ saved_as: `PLAN-${r.id}-agreement.pdf` }),
    send_outbox: () => {
      const job = nextJob++;
      const due = outbox.filter((m) => m.state === "queued");
      let done = 0;
      const step = () => {
        const next = due[done];
        if (!next) {
          const sent = due.length;
          emit("outbox-finished", {
            job,
            outcome: {
              ok: {
                sent,
                retrying: 0,
                failed: 0,
                unconfirmed: 0,
                recovered: 0,
                outcomes: due.map((m) => ({
                  id: m.id,
                  state: m.state,
                  detail: m.server_reply ?? "",
                })),
                stopped: null,
                message:
                  sent === 0
                    ? "No message was due; the outbox has nothing to send now."
                    : `${sent} sent, 0 to be tried again later, 0 failed, 0 unconfirmed.`,
              },
            },
          });
          return;
        }
        next.state = "sent";
        next.attempts += 1;
        next.server_reply = `250 2.0.0 Ok: queued as ${1000 + next.id}`;
        next.sent_at = "2024-06-30T10:00:00.000Z";
        done += 1;
        emit("outbox-progress", {
          job,
          progress: { done, due: due.length, id: next.id, state: "sent" },
        });
        setTimeout(step, 120);
      };
      setTimeout(step, 120);
      return job;
    },
    decide_outbox: (r: { id: number; decision: "arrived" | "send_again" }): OutboxEntry => {
      const entry = outbox.find((m) => m.id === r.id);
      if (!entry) {
        throw {
          code: "not_found",
          message: `No message with id ${r.id} is in the outbox; \`outbox\` lists them.`,
        };
      }
      if (r.decision === "arrived") {
        if (entry.state !== "unconfirmed") {
          throw conflict(
            `Message ${r.id} is ${entry.state}; only an unconfirmed message can be marked as sent.`,
          );
        }
        entry.state = "sent";
        entry.sent_at = "2024-06-30T10:05:00.000Z";
      } else {
        if (entry.state !== "unconfirmed" && entry.state !== "failed") {
          throw conflict(
            `Message ${r.id} is ${entry.state}; only a failed or unconfirmed message can be sent again.`,
          );
        }
        entry.state = "queued";
        entry.attempts = 0;
        entry.last_error = null;
      }
      return structuredClone(entry);
    },
  };
}
