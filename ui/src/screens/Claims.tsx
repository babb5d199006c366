/**
 * Claims on trade-credit insurance: the claims with the insurer's decision, what it paid and
 * the retention; "File a claim…" (on an insured customer's invoice page, or for any customer
 * on the follow-up screen), "Record decision…" once per claim, and "Record the insurer's
 * payment…", which records it as the customer's payment `CLAIM-<id>` against a claimed invoice,
 * after which the claim shows what of it was allocated there.
 */

import { useState } from "react";

import * as api from "../api";
import type { ClaimDecision, ClaimLine, InvoiceDetail, RetentionTreatment } from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { isZeroDecimal } from "../format/decimal";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import {
  CLAIM_DECISIONS,
  RETENTION_TREATMENTS,
  claimCovers,
  claimInput,
  claimReceipt,
  decisionInput,
  emptyClaimForm,
  emptyDecisionForm,
  insurerPaid,
  receiptForm,
  receiptInput,
  receiptMissing,
  type ClaimForm,
  type DecisionForm,
  type ReceiptForm,
} from "../model/claims";
import { claimDecisionName, claimRow } from "../model/followUp";
import { FormDialog, useCreditForm } from "./CreditDialogs";

type Opened = { dialog: "decide"; line: ClaimLine } | { dialog: "receipt"; line: ClaimLine } | null;

/** The claims with their decision, payment, retention and the insurer's payment as allocated. */
export function ClaimsTable({
  lines,
  onChanged,
  testId,
}: {
  lines: ClaimLine[];
  /** Called with the backend's sentence once a decision or a payment was recorded. */
  onChanged: (message: string) => void;
  testId: string;
}) {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const [open, setOpen] = useState<Opened>(null);
  const [receipts, setReceipts] = useState(0);
  const done = (message: string) => {
    setOpen(null);
    setReceipts((n) => n + 1);
    onChanged(message);
  };
  return (
    <>
      <div className="table-scroll">
        <table className="figures" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t("claim.id")}</th>
              <th scope="col">{t("followup.customer")}</th>
              <th scope="col">{t("followup.invoices")}</th>
              <th scope="col">{t("followup.filedOn")}</th>
              <th scope="col" className="num">
                {t("followup.claimed")}
              </th>
              <th scope="col">{t("followup.decision")}</th>
              <th scope="col" className="num">
                {t("claim.paidCol")}
              </th>
              <th scope="col" className="num">
                {t("claim.retentionCol")}
              </th>
              <th scope="col">{t("claim.receipt")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("plan.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const row = claimRow(line);
              return (
                <tr key={row.id} data-testid={`claim-${row.id}`} data-decision={row.decision}>
                  <th scope="row">{row.id}</th>
                  <td>
                    {row.customer}{" "}
                    <span className="muted">({line.entry.claim.customer_reference})</span>
                  </td>
                  <td className="nowrap">{row.invoices}</td>
                  <td className="nowrap">{date(row.filedOn)}</td>
                  <td
                    className="num"
                    data-testid={`claim-claimed-${row.id}`}
                    data-amount={row.claimed.amount}
                  >
                    {money(row.claimed)}
                  </td>
                  <td data-testid={`claim-decision-${row.id}`}>
                    {claimDecisionName(row.decision, i18n)}
                  </td>
                  <td
                    className="num"
                    data-testid={`claim-paid-${row.id}`}
                    data-amount={row.paid?.amount ?? ""}
                  >
                    {row.paid
                      ? row.paidOn
                        ? t("claim.paidOnDate", { amount: money(row.paid), date: date(row.paidOn) })
                        : money(row.paid)
                      : t("app.none")}
                  </td>
                  <td
                    className="num"
                    data-testid={`claim-retention-${row.id}`}
                    data-amount={row.retention?.amount ?? ""}
                  >
                    {row.retention && row.treatment
                      ? t("claim.retentionOf", {
                          amount: money(row.retention),
                          treatment: t(`claim.treatment.${row.treatment}`),
                        })
                      : t("app.none")}
                  </td>
                  <ReceiptCell
                    line={line}
                    reload={receipts}
                    onRecord={() => setOpen({ dialog: "receipt", line })}
                  />
                  <td className="actions">
                    {row.decision === "pending" ? (
                      <button
                        type="button"
                        onClick={() => setOpen({ dialog: "decide", line })}
                        data-testid={`claim-decide-${row.id}`}
                      >
                        {t("claim.decide")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {open?.dialog === "decide" ? (
        <DecideClaimDialog
          line={open.line}
          onClose={() => setOpen(null)}
          onDecided={(line) => done(line.message)}
        />
      ) : null}
      {open?.dialog === "receipt" ? (
        <ReceiptDialog line={open.line} onClose={() => setOpen(null)} onRecorded={done} />
      ) : null}
    </>
  );
}

/**
 * What of the insurer's payment was allocated to the claimed invoices (read from their pages),
 * or "Record the insurer's payment…" while none of it is.
 */
function ReceiptCell({
  line,
  reload,
  onRecord,
}: {
  line: ClaimLine;
  reload: number;
  onRecord: () => void;
}) {
  const { t, money } = useI18n();
  const paid = insurerPaid(line);
  const numbers = line.entry.claim.invoice_numbers;
  const load = useLoad(
    async () =>
      paid === null
        ? null
        : claimReceipt(
            line,
            await Promise.all(numbers.map((number) => api.invoiceDetail({ number }))),
          ),
    [line.entry.id, paid?.amount.amount, reload],
  );
  const id = line.entry.id;
  if (paid === null) {
    return <td data-testid={`claim-receipt-${id}`}>{t("claim.receiptNothing")}</td>;
  }
  const receipt = load.data ?? null;
  return (
    <td data-testid={`claim-receipt-${id}`} data-amount={receipt?.allocated.amount ?? ""}>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {receipt
        ? t("claim.receiptAllocated", {
            amount: money(receipt.allocated),
            invoices: receipt.invoices.join(", "),
          })
        : load.status === "ok"
          ? t("claim.receiptNone")
          : null}
      {load.status === "ok" && receiptMissing(line, receipt) ? (
        <div>
          <button type="button" onClick={onRecord} data-testid={`claim-record-receipt-${id}`}>
            {t("claim.recordReceipt")}
          </button>
        </div>
      ) : null}
    </td>
  );
}

/** Files a claim: with the customer given (an invoice's page) or typed (the follow-up screen). */
export function FileClaimDialog({
  initial,
  customerFixed,
  onClose,
  onFiled,
}: {
  initial: ClaimForm;
  customerFixed: boolean;
  onClose: () => void;
  onFiled: (line: ClaimLine) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState<ClaimForm>(initial);
  const set = <K extends keyof ClaimForm>(key: K, value: ClaimForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => claimInput(form, language),
    api.fileClaim,
    onFiled,
  );
  return (
    <FormDialog
      title={t("claim.fileTitle")}
      testId="claim-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("claim.save")}
    >
      {customerFixed ? (
        <p>
          {t("claim.customer")}: <strong>{form.customer}</strong>
        </p>
      ) : (
        <FormField
          id="claim-customer"
          label={t("claim.customer")}
          value={form.customer}
          onChange={(v) => set("customer", v)}
          problem={problems.customer}
          size="medium"
          testId="claim-customer"
        />
      )}
      <FormField
        id="claim-invoices"
        label={t("claim.invoices")}
        hint={t("claim.invoicesHint")}
        value={form.invoices}
        onChange={(v) => set("invoices", v)}
        problem={problems.invoices}
        testId="claim-invoices"
      />
      <DateField
        id="claim-filed-on"
        label={t("claim.filedOn")}
        value={form.filedOn}
        onChange={(v) => set("filedOn", v)}
        required
        testId="claim-filed-on"
      />
      <FormField
        id="claim-claimed"
        label={t("claim.claimed")}
        hint={t("claim.claimedHint")}
        value={form.claimed}
        onChange={(v) => set("claimed", v)}
        problem={problems.claimed}
        size="medium"
        inputMode="decimal"
        testId="claim-claimed"
      />
    </FormDialog>
  );
}

/** Records the insurer's decision on a pending claim, once. */
function DecideClaimDialog({
  line,
  onClose,
  onDecided,
}: {
  line: ClaimLine;
  onClose: () => void;
  onDecided: (line: ClaimLine) => void;
}) {
  const i18n = useI18n();
  const { t, language, money } = i18n;
  const { asOf } = useSession();
  const [form, setForm] = useState<DecisionForm>(() => emptyDecisionForm(asOf));
  const set = <K extends keyof DecisionForm>(key: K, value: DecisionForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => decisionInput(line.entry.id, form, language),
    api.decideClaim,
    onDecided,
  );
  const claim = line.entry.claim;
  return (
    <FormDialog
      title={t("claim.decideTitle", { id: line.entry.id })}
      testId="decide-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("claim.decideSave")}
    >
      <p>
        {claim.invoice_numbers.join(", ")}: {money(claim.claimed)}
      </p>
      <p className="hint">{t("claim.decideOnce")}</p>
      <div className="field">
        <label htmlFor="decide-decision">{t("claim.decision")}</label>
        <select
          id="decide-decision"
          value={form.decision}
          onChange={(e) => set("decision", e.target.value as ClaimDecision)}
          data-testid="decide-decision"
        >
          {CLAIM_DECISIONS.map((d) => (
            <option key={d} value={d}>
              {claimDecisionName(d, i18n)}
            </option>
          ))}
        </select>
      </div>
      {form.decision !== "refused" ? (
        <>
          <FormField
            id="decide-paid"
            label={`${t("claim.paid")} (${claim.claimed.currency})`}
            hint={t("claim.paidHint")}
            value={form.paid}
            onChange={(v) => set("paid", v)}
            problem={problems.paid}
            size="medium"
            inputMode="decimal"
            testId="decide-paid"
          />
          <DateField
            id="decide-paid-on"
            label={t("claim.paidOn")}
            value={form.paidOn}
            onChange={(v) => set("paidOn", v)}
            testId="decide-paid-on"
          />
        </>
      ) : null}
      <fieldset className="field">
        <legend>{t("claim.retention")}</legend>
        {RETENTION_TREATMENTS.map((treatment: RetentionTreatment) => (
          <label key={treatment}>
            <input
              type="radio"
              name="decide-retention"
              checked={form.retention === treatment}
              onChange={() => set("retention", treatment)}
              data-testid={`decide-retention-${treatment}`}
            />{" "}
            {t(`claim.retention.${treatment}`)}
          </label>
        ))}
      </fieldset>
      <DateField
        id="decide-decided-on"
        label={t("claim.decidedOn")}
        value={form.decidedOn}
        onChange={(v) => set("decidedOn", v)}
        required
        testId="decide-decided-on"
      />
    </FormDialog>
  );
}

/** Records the insurer's payment as a payment of the customer against a claimed invoice. */
function ReceiptDialog({
  line,
  onClose,
  onRecorded,
}: {
  line: ClaimLine;
  onClose: () => void;
  onRecorded: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState<ReceiptForm>(() => receiptForm(line));
  const set = <K extends keyof ReceiptForm>(key: K, value: ReceiptForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => receiptInput(line, form, language),
    api.recordPayment,
    onRecorded,
  );
  const claim = line.entry.claim;
  return (
    <FormDialog
      title={t("claim.receiptTitle", { id: line.entry.id })}
      testId="receipt-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("claim.receiptSave")}
    >
      <p className="hint">{t("claim.receiptIntro", { customer: claim.customer_reference })}</p>
      <FormField
        id="receipt-reference"
        label={t("claim.receiptReference")}
        value={form.reference}
        onChange={(v) => set("reference", v)}
        problem={problems.reference}
        size="medium"
        testId="receipt-reference"
      />
      <div className="field">
        <label htmlFor="receipt-invoice">{t("claim.receiptInvoice")}</label>
        <select
          id="receipt-invoice"
          value={form.invoice}
          onChange={(e) => set("invoice", e.target.value)}
          data-testid="receipt-invoice"
        >
          {claim.invoice_numbers.map((number) => (
            <option key={number} value={number}>
              {number}
            </option>
          ))}
        </select>
      </div>
      <DateField
        id="receipt-date"
        label={t("claim.receiptDate")}
        value={form.date}
        onChange={(v) => set("date", v)}
        required
        testId="receipt-date"
      />
      <FormField
        id="receipt-amount"
        label={`${t("claim.receiptAmount")} (${claim.claimed.currency})`}
        value={form.amount}
        onChange={(v) => set("amount", v)}
        problem={problems.amount}
        size="medium"
        inputMode="decimal"
        testId="receipt-amount"
      />
    </FormDialog>
  );
}

/**
 * The claims on an invoice's page: shown when its customer is insured or a claim names it;
 * "File a claim…" while something is open on it and the customer is insured.
 */
export function InvoiceClaims({
  invoice,
  onChanged,
}: {
  invoice: InvoiceDetail;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { asOf } = useSession();
  const customer = invoice.customer_reference;
  const file = useLoad(() => api.creditFile({ customer }), [customer]);
  const list = useLoad(() => api.claims(), [invoice.number]);
  const [filing, setFiling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const insurance = file.data?.insurance ?? null;
  const lines = (list.data ?? []).filter((line) => claimCovers(line, invoice.number));
  const changed = (message: string) => {
    setFiling(false);
    setNotice(message);
    list.reload();
    onChanged();
  };
  if (insurance === null && lines.length === 0) {
    return null;
  }
  return (
    <section aria-labelledby="invoice-claims-heading" data-testid="invoice-claims">
      <h2 id="invoice-claims-heading">{t("claim.list")}</h2>
      {insurance ? (
        <p className="hint" data-testid="invoice-insurance">
          {t("claim.insured", { insurer: insurance.insurer, policy: insurance.policy_number })}
        </p>
      ) : null}
      {list.status === "error" ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="claim-notice">
          {notice}
        </p>
      ) : null}
      {list.data && lines.length === 0 ? <p>{t("claim.none")}</p> : null}
      {lines.length > 0 ? (
        <ClaimsTable lines={lines} onChanged={changed} testId="invoice-claim-list" />
      ) : null}
      {insurance && !isZeroDecimal(invoice.open.amount) ? (
        <div className="button-row">
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setFiling(true);
            }}
            data-testid="invoice-file-claim"
          >
            {t("claim.file")}
          </button>
        </div>
      ) : null}
      {filing ? (
        <FileClaimDialog
          initial={emptyClaimForm(customer, [invoice.number], asOf, invoice.open.amount)}
          customerFixed
          onClose={() => setFiling(false)}
          onFiled={(line) => changed(line.message)}
        />
      ) : null}
    </section>
  );
}
