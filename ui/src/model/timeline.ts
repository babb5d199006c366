/**
 * What a customer's timeline says about each event besides its kind, in the UI language: the
 * store gives the detail as a code or a date (a dispute's reason or outcome, a promise's date,
 * an insurer's decision, the instalment that broke a plan, the channel a reminder went by, how a
 * call went, whether charges were paid or waived), which the screen writes out.
 */

import type { ContactChannel, DisputeReason, PhoneOutcome, TimelineEvent } from "../api/types";
import type { I18n } from "../i18n/context";
import { CHANNELS, PHONE_OUTCOMES, channelName, phoneOutcomeName } from "./collections";
import { claimDecisionName } from "./followUp";
import { disputeReasonName } from "./followupText";

const REASONS: readonly string[] = [
  "price",
  "quantity",
  "quality",
  "not_received",
  "duplicate",
  "other",
];

/** The detail column of a timeline event; "" when there is nothing to add. */
export function timelineDetail(event: TimelineEvent, w: Pick<I18n, "t" | "date">): string {
  const { t, date } = w;
  const detail = event.detail;
  if (detail === null || detail === "") {
    return "";
  }
  switch (event.kind) {
    case "dispute_opened":
      return REASONS.includes(detail)
        ? t("timeline.reason", { reason: disputeReasonName(detail as DisputeReason, w) })
        : detail;
    case "dispute_resolved":
      return detail === "accepted" || detail === "rejected" || detail === "partly"
        ? t(`timeline.resolved.${detail}`)
        : detail;
    case "promise_made":
      return /^\d{4}-\d{2}-\d{2}$/.test(detail)
        ? t("timeline.promisedFor", { date: date(detail) })
        : detail;
    case "claim_decided":
      return detail === "pending" ||
        detail === "accepted" ||
        detail === "partly" ||
        detail === "refused"
        ? t("timeline.decision", { decision: claimDecisionName(detail, w) })
        : detail;
    case "plan_created":
      return t("timeline.planTakesOver", { invoices: detail });
    case "plan_broken": {
      const seq = /^instalment (\d+)$/.exec(detail)?.[1];
      return seq ? t("timeline.planMissed", { seq }) : detail;
    }
    case "payment":
    case "credit_note":
    case "write_off":
    case "discount":
    case "allocation":
      return t("timeline.invoice", { number: detail });
    case "communication_sent":
      return (CHANNELS as readonly string[]).includes(detail)
        ? channelName(detail as ContactChannel, w)
        : detail;
    case "phone_call_done":
      return (PHONE_OUTCOMES as readonly string[]).includes(detail)
        ? phoneOutcomeName(detail as PhoneOutcome, w)
        : detail;
    case "charges_settled":
      return detail === "paid" || detail === "waived" ? t(`timeline.charges.${detail}`) : detail;
    default:
      return detail;
  }
}

/** The invoice a timeline event's reference names, when it names one (a plan is an invoice). */
export function timelineInvoice(event: TimelineEvent): string | null {
  switch (event.kind) {
    case "invoice":
    case "dispute_opened":
    case "dispute_cleared":
    case "dispute_resolved":
    case "plan_created":
    case "plan_broken":
    case "charges_settled":
      return event.reference;
    default:
      return null;
  }
}
