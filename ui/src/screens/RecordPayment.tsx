/**
 * Record a payment, credit note or write-off, then allocate the customer's unapplied cash.
 * The form keeps what was typed when the backend refuses it, and shows the backend's sentence.
 */

import { useState, type FormEvent } from "react";

import * as api from "../api";
import { toApiError, type AllocationMade, type ApiError } from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { ErrorNotice } from "../components/ErrorNotice";
import { DateField } from "../components/DateField";
import { Page } from "../components/Page";
import { formatDecimal } from "../format/money";
import { useI18n } from "../i18n/context";
import {
  emptyPaymentForm,
  settlementInput,
  type PaymentField,
  type PaymentForm,
} from "../model/paymentForm";

const KINDS: PaymentForm["kind"][] = ["payment", "credit_note", "write_off"];

export function RecordPayment({
  customer,
  invoice,
}: {
  customer: string | null;
  invoice: string | null;
}) {
  const { t, money, date, language } = useI18n();
  const { asOf, refreshBook } = useSession();
  const [form, setForm] = useState(() => emptyPaymentForm(asOf, customer, invoice));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<{ field: PaymentField; value: string } | null>(null);
  const [recorded, setRecorded] = useState<{ message: string; customer: string } | null>(null);
  const [allocations, setAllocations] = useState<AllocationMade[] | null>(null);

  const set = <K extends keyof PaymentForm>(key: K, value: PaymentForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  // Only a write-off has a reason; it is kept for the bad-debt report.
  const [writeOffReason, setWriteOffReason] = useState("");

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setInvalid(null);
    const check = settlementInput(form, language);
    if (!check.ok) {
      setInvalid({ field: check.field, value: check.value });
      document.getElementById(`payment-${check.field}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const message =
        form.kind === "write_off"
          ? await api.recordWriteOff({ settlement: check.input, reason: writeOffReason.trim() })
          : await api.recordPayment(check.input);
      setWriteOffReason("");
      setRecorded({ message, customer: check.input.customer });
      setAllocations(null);
      setForm((f) => ({ ...emptyPaymentForm(f.date, f.customer, null), kind: f.kind }));
      void refreshBook();
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };

  const allocate = async (who: string) => {
    setBusy(true);
    setError(null);
    try {
      setAllocations(await api.allocateUnapplied({ customer: who, as_of: asOf }));
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };

  const invalidMessage = (field: PaymentField) =>
    invalid?.field === field ? (
      <p className="field-error" id={`payment-${field}-error`} role="alert">
        {t("payment.amountInvalid", {
          value: invalid.value,
          example: formatDecimal("1234.56", language),
        })}
      </p>
    ) : null;

  const allocateFor = recorded?.customer || form.customer.trim();

  return (
    <Page title={t("payment.title")} testId="payment">
      <p>{t("payment.intro")}</p>
      <form className="form" onSubmit={onSubmit} data-testid="payment-form" noValidate>
        <div className="field">
          <label htmlFor="payment-kind">{t("payment.kind")}</label>
          <select
            id="payment-kind"
            value={form.kind}
            onChange={(e) => set("kind", e.target.value as PaymentForm["kind"])}
            data-testid="payment-kind"
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {form.kind === "write_off" ? (
          <div className="field">
            <label htmlFor="payment-write-off-reason">{t("payment.writeOffReason")}</label>
            <input
              id="payment-write-off-reason"
              value={writeOffReason}
              aria-describedby="payment-write-off-reason-hint"
              onChange={(e) => setWriteOffReason(e.target.value)}
              data-testid="payment-write-off-reason"
            />
            <span id="payment-write-off-reason-hint" className="hint">
              {t("payment.writeOffReasonHint")}
            </span>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="payment-customer">{t("payment.customer")}</label>
          <input
            id="payment-customer"
            required
            value={form.customer}
            onChange={(e) => set("customer", e.target.value)}
            data-testid="payment-customer"
          />
        </div>
        <div className="field">
          <label htmlFor="payment-reference">{t("payment.reference")}</label>
          <input
            id="payment-reference"
            required
            value={form.reference}
            onChange={(e) => set("reference", e.target.value)}
            data-testid="payment-reference"
          />
        </div>
        <DateField
          id="payment-date"
          required
          label={t("payment.date")}
          value={form.date}
          onChange={(date) => set("date", date)}
          testId="payment-date"
        />
        <div className="field">
          <label htmlFor="payment-invoice">{t("payment.invoice")}</label>
          <input
            id="payment-invoice"
            value={form.invoice}
            onChange={(e) => set("invoice", e.target.value)}
            data-testid="payment-invoice"
          />
        </div>
        <div className="field">
          <label htmlFor="payment-amount">{t("payment.amount")}</label>
          <input
            id="payment-amount"
            inputMode="decimal"
            value={form.amount}
            onChange={(e) => set("amount", e.target.value)}
            aria-invalid={invalid?.field === "amount"}
            aria-describedby={invalid?.field === "amount" ? "payment-amount-error" : undefined}
            data-testid="payment-amount"
            className="medium"
          />
          {invalidMessage("amount")}
        </div>
        <div className="field">
          <label htmlFor="payment-currency">{t("payment.currency")}</label>
          <input
            id="payment-currency"
            className="short"
            maxLength={3}
            value={form.currency}
            onChange={(e) => set("currency", e.target.value)}
            data-testid="payment-currency"
          />
        </div>
        <div className="field-check">
          <input
            id="payment-foreign"
            type="checkbox"
            checked={form.foreign}
            onChange={(e) => set("foreign", e.target.checked)}
            data-testid="payment-foreign"
          />
          <label htmlFor="payment-foreign">{t("payment.foreign")}</label>
        </div>
        {form.foreign ? (
          <fieldset className="form-group">
            <legend>{t("payment.foreign")}</legend>
            <div className="field">
              <label htmlFor="payment-paidAmount">{t("payment.paidAmount")}</label>
              <input
                id="payment-paidAmount"
                inputMode="decimal"
                className="medium"
                value={form.paidAmount}
                onChange={(e) => set("paidAmount", e.target.value)}
                aria-invalid={invalid?.field === "paidAmount"}
                data-testid="payment-paid-amount"
              />
              {invalidMessage("paidAmount")}
            </div>
            <div className="field">
              <label htmlFor="payment-paidCurrency">{t("payment.paidCurrency")}</label>
              <input
                id="payment-paidCurrency"
                className="short"
                maxLength={3}
                value={form.paidCurrency}
                onChange={(e) => set("paidCurrency", e.target.value)}
                data-testid="payment-paid-currency"
              />
            </div>
            <div className="field">
              <label htmlFor="payment-rate">{t("payment.rate")}</label>
              <input
                id="payment-rate"
                inputMode="decimal"
                className="medium"
                value={form.rate}
                onChange={(e) => set("rate", e.target.value)}
                aria-invalid={invalid?.field === "rate"}
                data-testid="payment-rate"
              />
              {invalidMessage("rate")}
            </div>
          </fieldset>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy} data-testid="payment-submit">
            {t("payment.submit")}
          </button>
        </div>
      </form>

      {recorded ? (
        <section
          className="notice notice-ok"
          aria-labelledby="payment-recorded"
          data-testid="payment-result"
        >
          <h2 id="payment-recorded">{t("payment.recorded")}</h2>
          <p>{recorded.message}</p>
          <p>
            <a href={routeHref({ screen: "customer", reference: recorded.customer })}>
              {recorded.customer}
            </a>
          </p>
        </section>
      ) : null}

      {allocateFor ? (
        <div className="button-row">
          <button
            type="button"
            disabled={busy}
            onClick={() => void allocate(allocateFor)}
            data-testid="allocate-unapplied"
          >
            {t("payment.allocate", { customer: allocateFor })}
          </button>
        </div>
      ) : null}

      {allocations ? (
        <section aria-labelledby="allocated" data-testid="allocation-result">
          <h2 id="allocated">{t("payment.allocated")}</h2>
          {allocations.length === 0 ? (
            <p>{t("payment.nothingAllocated")}</p>
          ) : (
            <div className="table-scroll">
              <table className="figures">
                <thead>
                  <tr>
                    <th scope="col">{t("payment.allocFrom")}</th>
                    <th scope="col">{t("payment.allocInvoice")}</th>
                    <th scope="col">{t("payment.allocSeq")}</th>
                    <th scope="col">{t("payment.allocDue")}</th>
                    <th scope="col" className="num">
                      {t("payment.allocAmount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {allocations.map((a, i) => (
                    <tr key={i} data-testid={`allocation-result-row-${i}`}>
                      <td>
                        {t(`kind.${a.settlement_kind}`)} {a.settlement_reference}
                      </td>
                      <td>
                        <a href={routeHref({ screen: "invoice", number: a.invoice_number })}>
                          {a.invoice_number}
                        </a>
                      </td>
                      <td>{a.instalment_seq}</td>
                      <td>{date(a.due_date)}</td>
                      <td className="num">{money(a.amount)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </Page>
  );
}
