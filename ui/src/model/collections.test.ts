import { describe, expect, it } from "vitest";

import type {
  CommunicationRecord,
  DunningRunView,
  LeftOutLine,
  OutboxEntry,
  PhoneTaskEntry,
} from "../api/types";
import { translate } from "../i18n/catalog";
import type { I18n } from "../i18n/context";
import {
  callInput,
  emptyCallForm,
  hasLetter,
  initialSelection,
  leftOutGroups,
  outboxDecisions,
  phoneTaskOrder,
  runTotals,
  channelName,
} from "./collections";

const eur = (amount: string) => ({ amount, currency: "EUR" });
const usd = (amount: string) => ({ amount, currency: "USD" });

function record(
  id: number,
  currency: "EUR" | "USD",
  total: string,
  state: CommunicationRecord["state"] = "proposed",
): CommunicationRecord {
  const m = (amount: string) => ({ amount, currency });
  return {
    id,
    run_id: 1,
    as_of: "2024-06-30",
    customer_name: `Customer ${id}`,
    state,
    communication: {
      customer_reference: `C${id}`,
      currency,
      level: 1,
      channel: "email_reminder",
      templates: [],
      consequences: [],
      items: [],
      claimed_total: m(total),
      interest_total: m("0.00"),
      fee: m("0.00"),
      unapplied_credit: m("0.00"),
      compensation: null,
      total: m(total),
      after_broken_promise: false,
    },
    executed_on: null,
    sent_on: null,
    reference: null,
    sent_by: null,
    note: null,
    outbox_id: null,
    letter: null,
  };
}

function run(communications: CommunicationRecord[]): DunningRunView {
  return {
    id: 1,
    as_of: "2024-06-30",
    proposed_at: "2024-06-30T09:00:00.000Z",
    state: "proposed",
    executed_on: null,
    communications,
    left_out: [],
    allocation_tasks: [],
    problems: [],
    message: "",
  };
}

const leftOut = (invoice: string, reason: LeftOutLine["left_out"]["reason"]): LeftOutLine => ({
  left_out: {
    customer_reference: "HARBOUR",
    invoice_number: invoice,
    seq: 1,
    due_date: "2024-05-31",
    days_overdue: 30,
    amount: eur("100.00"),
    level: 2,
    reason,
  },
  message: `${invoice} left out`,
});

describe("a dunning run for review", () => {
  it("adds up what each currency claims, never mixing two", () => {
    const totals = runTotals([
      record(1, "EUR", "1250.00"),
      record(2, "USD", "640.00"),
      record(3, "EUR", "0.10"),
    ]);
    expect(totals.map((t) => [t.currency, t.count, t.total])).toEqual([
      ["EUR", 2, eur("1250.10")],
      ["USD", 1, usd("640.00")],
    ]);
  });

  it("starts with every communication chosen, or with those approved before", () => {
    expect([
      ...initialSelection(run([record(1, "EUR", "1.00"), record(2, "EUR", "2.00")])),
    ]).toEqual([1, 2]);
    const partly = run([record(1, "EUR", "1.00", "approved"), record(2, "EUR", "2.00")]);
    expect([...initialSelection(partly)]).toEqual([1]);
  });

  it("groups the items left out by reason, disputes first and timing last", () => {
    const groups = leftOutGroups([
      leftOut("INV-3", {
        why: "gap_too_short",
        last_contact: "2024-06-25",
        next_possible: "2024-07-02",
      }),
      leftOut("INV-1", { why: "disputed" }),
      leftOut("INV-2", { why: "paused", reason: "Insolvency", until: "2024-09-30" }),
      leftOut("INV-4", { why: "disputed" }),
    ]);
    expect(groups.map((g) => [g.why, g.lines.map((l) => l.left_out.invoice_number)])).toEqual([
      ["disputed", ["INV-1", "INV-4"]],
      ["paused", ["INV-2"]],
      ["gap_too_short", ["INV-3"]],
    ]);
  });

  it("has a letter to open only for an executed letter or email, never for a call", () => {
    const sent = { ...record(1, "EUR", "1.00", "executed"), reference: "D-2024-000001" };
    expect(hasLetter({ ...sent, sent_by: "printed_letter" })).toBe(true);
    expect(hasLetter({ ...sent, sent_by: "email_reminder" })).toBe(true);
    expect(hasLetter({ ...sent, sent_by: "phone_task" })).toBe(false);
    expect(hasLetter(record(2, "EUR", "1.00", "approved"))).toBe(false);
  });

  it("names the channels in both languages", () => {
    const t = (language: "en" | "zh-CN") =>
      ({
        t: ((key: Parameters<typeof translate>[1]) => translate(language, key)) as I18n["t"],
      }) satisfies Pick<I18n, "t">;
    expect(channelName("handover", t("en"))).toBe("Hand-over to agency or lawyer");
    expect(channelName("handover", t("zh-CN"))).toBe("移交催收机构或律师");
  });
});

describe("the outbox", () => {
  const entry = (state: OutboxEntry["state"]) => ({ state }) as OutboxEntry;

  it("asks a person only about failed and unconfirmed messages", () => {
    expect(outboxDecisions(entry("unconfirmed"))).toEqual(["arrived", "send_again"]);
    expect(outboxDecisions(entry("failed"))).toEqual(["send_again"]);
    expect(outboxDecisions(entry("queued"))).toEqual([]);
    expect(outboxDecisions(entry("sent"))).toEqual([]);
  });
});

describe("phone tasks", () => {
  const task = (id: number, due: string, done: string | null): PhoneTaskEntry => ({
    id,
    customer_reference: "HARBOUR",
    customer_name: "Harbour Supplies",
    communication_id: id,
    reference: `D-2024-00000${id}`,
    level: 2,
    total: eur("820.00"),
    invoices: ["INV-1", "INV-2"],
    due_on: due,
    outcome: done ? "reached" : null,
    note: null,
    done_on: done,
    promise_id: null,
  });

  it("lists the calls to make first, the earliest due first, then the calls made", () => {
    const ordered = phoneTaskOrder([
      task(1, "2024-06-01", "2024-06-02"),
      task(2, "2024-06-20", null),
      task(3, "2024-06-10", null),
      task(4, "2024-06-05", "2024-06-08"),
    ]);
    expect(ordered.map((t) => t.id)).toEqual([3, 2, 4, 1]);
  });

  it("records a promise with its amount, day and who promised, and asks for what is missing", () => {
    const form = {
      ...emptyCallForm(task(2, "2024-06-20", null), "2024-06-30"),
      outcome: "promised" as const,
    };
    expect(callInput(task(2, "2024-06-20", null), form, "en")).toEqual({
      ok: false,
      problems: {
        promiseAmount: { kind: "number", value: "" },
        promiseDate: { kind: "required" },
        promisedBy: { kind: "required" },
      },
    });

    const filled = {
      ...form,
      promiseAmount: "1,250.00",
      promiseDate: "2024-07-15",
      promisedBy: "Ms Lind",
    };
    expect(callInput(task(2, "2024-06-20", null), filled, "en")).toEqual({
      ok: true,
      request: {
        task: 2,
        outcome: "promised",
        note: "",
        done_on: "2024-06-30",
        promise: ["1250.00", "2024-07-15", "Ms Lind"],
        dispute: null,
      },
    });
  });

  it("opens a dispute on the invoice chosen, or leaves it for later", () => {
    const t = task(2, "2024-06-20", null);
    const disputed = { ...emptyCallForm(t, "2024-06-30"), outcome: "disputed" as const };
    const answer = callInput(
      t,
      { ...disputed, disputeInvoice: "INV-2", disputeReason: "price" },
      "en",
    );
    expect(answer.ok && answer.request.dispute).toEqual(["INV-2", "price"]);
    const later = callInput(t, { ...disputed, disputeInvoice: "" }, "en");
    expect(later.ok && later.request.dispute).toBeNull();
  });
});
