/**
 * Disputes on an invoice's page: the disputes on record with where each stands, "Dispute…" to
 * open one (for all that is open or an amount, with a reason from the list and a note), and
 * "Resolve…" on an open one (accepted, rejected, or partly accepted with the amount credited).
 * Each dispute lists the files attached to it (the customer's letter, photos), attached and
 * saved through the shell's native dialogs.
 */

import { useState } from "react";

import * as api from "../api";
import type { DisputeEntry, DisputeReason, DisputeVerdict } from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { Attachments } from "../components/Attachments";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import {
  DISPUTE_REASONS,
  DISPUTE_VERDICTS,
  disputeInput,
  disputeReasonName,
  disputeStanding,
  emptyDisputeForm,
  resolutionInput,
  type DisputeForm,
  type ResolutionForm,
} from "../model/followupText";
import { FormDialog, useCreditForm } from "./CreditDialogs";

export function InvoiceDisputes({
  invoice,
  currency,
  onChanged,
}: {
  invoice: string;
  currency: string;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, money } = i18n;
  const list = useLoad(() => api.invoiceDisputes({ number: invoice }), [invoice]);
  const [open, setOpen] = useState<"new" | DisputeEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const saved = (message: string) => {
    setOpen(null);
    setNotice(message);
    list.reload();
    onChanged();
  };

  return (
    <section aria-labelledby="invoice-disputes-heading" data-testid="invoice-disputes">
      <h2 id="invoice-disputes-heading">{t("dispute.list")}</h2>
      {list.status === "error" ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {notice ? (
        <p role="status" data-testid="dispute-notice">
          {notice}
        </p>
      ) : null}
      {list.data && list.data.length === 0 ? <p>{t("dispute.none")}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="figures" data-testid="dispute-list">
          <thead>
            <tr>
              <th scope="col">{t("dispute.reasonLabel")}</th>
              <th scope="col" className="num">
                {t("dispute.amountCol")}
              </th>
              <th scope="col">{t("dispute.standing")}</th>
              <th scope="col">{t("dispute.note")}</th>
              <th scope="col">{t("attachment.heading")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("order.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((entry) => (
              <tr
                key={entry.id}
                data-testid={`dispute-${entry.id}`}
                data-open={entry.dispute.resolution === null ? "1" : "0"}
                data-amount={entry.dispute.amount.amount}
              >
                <th scope="row">{disputeReasonName(entry.dispute.reason, i18n)}</th>
                <td className="num">{money(entry.dispute.amount)}</td>
                <td data-testid={`dispute-standing-${entry.id}`}>{disputeStanding(entry, i18n)}</td>
                <td>{entry.dispute.note || t("app.none")}</td>
                <td>
                  <Attachments
                    load={() => api.disputeAttachments({ dispute: entry.id })}
                    attach={() => api.attachToDispute({ dispute: entry.id })}
                    deps={[entry.id]}
                    testId={`dispute-${entry.id}-attachments`}
                  />
                </td>
                <td>
                  {entry.dispute.resolution === null ? (
                    <button
                      type="button"
                      onClick={() => setOpen(entry)}
                      data-testid={`dispute-resolve-${entry.id}`}
                    >
                      {t("dispute.resolve")}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            setNotice(null);
            setOpen("new");
          }}
          data-testid="invoice-dispute"
        >
          {t("dispute.action")}
        </button>
      </div>
      {open === "new" ? (
        <DisputeDialog
          invoice={invoice}
          currency={currency}
          onClose={() => setOpen(null)}
          onSaved={saved}
        />
      ) : open !== null ? (
        <ResolveDialog entry={open} onClose={() => setOpen(null)} onSaved={saved} />
      ) : null}
    </section>
  );
}

function DisputeDialog({
  invoice,
  currency,
  onClose,
  onSaved,
}: {
  invoice: string;
  currency: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const { asOf } = useSession();
  const [form, setForm] = useState<DisputeForm>(() => emptyDisputeForm(asOf));
  const set = <K extends keyof DisputeForm>(key: K, value: DisputeForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => disputeInput(invoice, form, language),
    api.openDispute,
    (answer) => onSaved(answer.message),
  );
  return (
    <FormDialog
      title={t("dispute.title", { invoice })}
      testId="dispute-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("dispute.save")}
    >
      <fieldset className="field">
        <legend>{t("dispute.scope")}</legend>
        <label>
          <input
            type="radio"
            name="dispute-scope"
            checked={form.whole}
            onChange={() => set("whole", true)}
            data-testid="dispute-whole"
          />{" "}
          {t("dispute.whole")}
        </label>
        <label>
          <input
            type="radio"
            name="dispute-scope"
            checked={!form.whole}
            onChange={() => set("whole", false)}
            data-testid="dispute-part"
          />{" "}
          {t("dispute.part")}
        </label>
      </fieldset>
      {!form.whole ? (
        <FormField
          id="dispute-amount"
          label={t("dispute.amount", { currency })}
          value={form.amount}
          onChange={(v) => set("amount", v)}
          problem={problems.amount}
          size="medium"
          inputMode="decimal"
          testId="dispute-amount"
        />
      ) : null}
      <div className="field">
        <label htmlFor="dispute-reason">{t("dispute.reasonLabel")}</label>
        <select
          id="dispute-reason"
          value={form.reason}
          onChange={(e) => set("reason", e.target.value as DisputeReason)}
          data-testid="dispute-reason"
        >
          {DISPUTE_REASONS.map((r) => (
            <option key={r} value={r}>
              {disputeReasonName(r, i18n)}
            </option>
          ))}
        </select>
      </div>
      <FormField
        id="dispute-note"
        label={t("dispute.note")}
        hint={t("dispute.noteHint")}
        value={form.note}
        onChange={(v) => set("note", v)}
        problem={problems.note}
        testId="dispute-note"
      />
      <DateField
        id="dispute-opened-on"
        label={t("dispute.openedOn")}
        value={form.openedOn}
        onChange={(v) => set("openedOn", v)}
        required
        testId="dispute-opened-on"
      />
    </FormDialog>
  );
}

function ResolveDialog({
  entry,
  onClose,
  onSaved,
}: {
  entry: DisputeEntry;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const { asOf } = useSession();
  const [form, setForm] = useState<ResolutionForm>({
    verdict: "accepted",
    accepted: "",
    note: "",
    resolvedOn: asOf,
  });
  const set = <K extends keyof ResolutionForm>(key: K, value: ResolutionForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => resolutionInput(entry.id, form, language),
    api.resolveDispute,
    (answer) => onSaved(answer.message),
  );
  return (
    <FormDialog
      title={t("dispute.resolveTitle", { id: entry.id, invoice: entry.dispute.invoice_number })}
      testId="resolve-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("dispute.resolveSave")}
    >
      <div className="field">
        <label htmlFor="resolve-verdict">{t("dispute.verdict")}</label>
        <select
          id="resolve-verdict"
          value={form.verdict}
          onChange={(e) => set("verdict", e.target.value as DisputeVerdict)}
          data-testid="resolve-verdict"
        >
          {DISPUTE_VERDICTS.map((v) => (
            <option key={v} value={v}>
              {t(`dispute.verdict.${v}`)}
            </option>
          ))}
        </select>
      </div>
      {form.verdict === "partly" ? (
        <FormField
          id="resolve-accepted"
          label={t("dispute.acceptedAmount", { currency: entry.dispute.amount.currency })}
          value={form.accepted}
          onChange={(v) => set("accepted", v)}
          problem={problems.accepted}
          size="medium"
          inputMode="decimal"
          testId="resolve-accepted"
        />
      ) : null}
      <FormField
        id="resolve-note"
        label={t("dispute.note")}
        value={form.note}
        onChange={(v) => set("note", v)}
        testId="resolve-note"
      />
      <DateField
        id="resolve-resolved-on"
        label={t("dispute.resolvedOn")}
        value={form.resolvedOn}
        onChange={(v) => set("resolvedOn", v)}
        required
        testId="resolve-resolved-on"
      />
    </FormDialog>
  );
}
