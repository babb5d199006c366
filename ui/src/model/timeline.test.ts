import { describe, expect, it } from "vitest";

import type { TimelineEvent, TimelineKind } from "../api/types";
import { formatDate } from "../format/date";
import { translate, type Language } from "../i18n/catalog";
import type { I18n } from "../i18n/context";
import { timelineDetail, timelineInvoice } from "./timeline";

function words(language: Language): Pick<I18n, "t" | "date"> {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as I18n["t"],
    date: (iso) => formatDate(iso, language),
  };
}

const event = (kind: TimelineKind, reference: string, detail: string | null): TimelineEvent => ({
  date: "2024-06-01",
  kind,
  reference,
  amount: null,
  detail,
});

describe("the customer's timeline", () => {
  it("writes out what the follow-up events' details stand for", () => {
    const en = words("en");
    expect(
      [
        event("dispute_opened", "INV-1", "not_received"),
        event("dispute_resolved", "INV-1", "partly"),
        event("promise_made", "INV-1, INV-2", "2024-06-15"),
        event("claim_filed", "INV-2", null),
        event("claim_decided", "claim 1", "refused"),
        event("plan_created", "PLAN-1", "INV-4, INV-5"),
        event("plan_broken", "PLAN-1", "instalment 2"),
        event("write_off", "WO-1", "INV-2"),
      ].map((e) => timelineDetail(e, en)),
    ).toEqual([
      "Reason: Not received",
      "Partly accepted",
      "To be paid by Jun 15, 2024",
      "",
      "Decision: Refused",
      "Takes over INV-4, INV-5",
      "Instalment 2 missed",
      "Invoice INV-2",
    ]);
    expect(timelineDetail(event("plan_broken", "PLAN-1", "instalment 2"), words("zh-CN"))).toBe(
      "第 2 期未按期支付",
    );
  });

  it("keeps a detail it does not know as the store wrote it", () => {
    expect(timelineDetail(event("import", "ledger.csv", "generic"), words("en"))).toBe("generic");
    expect(timelineDetail(event("dispute_opened", "INV-1", "mystery"), words("en"))).toBe(
      "mystery",
    );
  });

  it("links the events whose reference is an invoice, a plan's included", () => {
    expect(timelineInvoice(event("plan_created", "PLAN-1", null))).toBe("PLAN-1");
    expect(timelineInvoice(event("claim_filed", "INV-2, INV-3", null))).toBeNull();
  });
});
