/**
 * Promises to pay on a customer's page: each with where it stands at the as-of date (pending,
 * kept or broken, what was received and what is missing), and "Promise to pay…" to record one
 * (the day it was made, the day it is due, the amount, who promised, how, and the invoices).
 */

import { useState } from "react";

import * as api from "../api";
import type { PromiseChannel } from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import {
  PROMISE_CHANNELS,
  emptyPromiseForm,
  promiseChannelName,
  promiseInput,
  promiseStateName,
  type PromiseForm,
} from "../model/followupText";
import { FormDialog, useCreditForm } from "./CreditDialogs";

export function CustomerPromises({
  customer,
  name,
  openInvoices,
  onChanged,
}: {
  customer: string;
  name: string;
  /** The open invoices the form offers, earliest due first. */
  openInvoices: string[];
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const { asOf } = useSession();
  const list = useLoad(() => api.customerPromises({ customer, as_of: asOf }), [customer, asOf]);
  const [adding, setAdding] = useState(false);

  return (
    <section aria-labelledby="promises-heading" data-testid="customer-promises">
      <h2 id="promises-heading">{t("promise.list")}</h2>
      {list.status === "error" ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.data && list.data.length === 0 ? <p>{t("promise.none")}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="figures" data-testid="promise-list">
          <thead>
            <tr>
              <th scope="col">{t("promise.promisedOn")}</th>
              <th scope="col" className="num">
                {t("promise.amount")}
              </th>
              <th scope="col">{t("promise.promisedBy")}</th>
              <th scope="col">{t("promise.invoices")}</th>
              <th scope="col">{t("promise.state")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((line) => (
              <tr key={line.id} data-testid={`promise-${line.id}`} data-state={line.standing.state}>
                <th scope="row">{date(line.promise.promised_on)}</th>
                <td className="num">{money(line.promise.amount)}</td>
                <td>
                  {line.promise.promised_by} ({promiseChannelName(line.promise.channel, i18n)},{" "}
                  {date(line.promise.made_on)})
                </td>
                <td>{line.promise.invoice_numbers.join(", ")}</td>
                <td>
                  <strong>{promiseStateName(line.standing.state, i18n)}</strong>{" "}
                  {t("promise.received", {
                    paid: money(line.standing.paid),
                    missing: money(line.standing.missing),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="button-row">
        <button type="button" onClick={() => setAdding(true)} data-testid="customer-promise">
          {t("promise.action")}
        </button>
      </div>
      {adding ? (
        <PromiseDialog
          customer={customer}
          name={name}
          openInvoices={openInvoices}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            list.reload();
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

function PromiseDialog({
  customer,
  name,
  openInvoices,
  onClose,
  onSaved,
}: {
  customer: string;
  name: string;
  openInvoices: string[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const { asOf } = useSession();
  const [form, setForm] = useState<PromiseForm>(() =>
    emptyPromiseForm(asOf, openInvoices.slice(0, 1)),
  );
  const set = <K extends keyof PromiseForm>(key: K, value: PromiseForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => promiseInput(customer, form, language),
    api.addPromise,
    onSaved,
  );
  return (
    <FormDialog
      title={t("promise.title", { customer: name })}
      testId="promise-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("promise.save")}
    >
      <DateField
        id="promise-made-on"
        label={t("promise.madeOn")}
        value={form.madeOn}
        onChange={(v) => set("madeOn", v)}
        required
        testId="promise-made-on"
      />
      <DateField
        id="promise-promised-on"
        label={t("promise.promisedOn")}
        value={form.promisedOn}
        onChange={(v) => set("promisedOn", v)}
        required
        testId="promise-promised-on"
      />
      <FormField
        id="promise-amount"
        label={t("promise.amount")}
        hint={t("promise.amountHint")}
        value={form.amount}
        onChange={(v) => set("amount", v)}
        problem={problems.amount}
        size="medium"
        inputMode="decimal"
        testId="promise-amount"
      />
      <FormField
        id="promise-by"
        label={t("promise.promisedBy")}
        value={form.promisedBy}
        onChange={(v) => set("promisedBy", v)}
        problem={problems.promisedBy}
        testId="promise-by"
      />
      <div className="field">
        <label htmlFor="promise-channel">{t("promise.channel")}</label>
        <select
          id="promise-channel"
          value={form.channel}
          onChange={(e) => set("channel", e.target.value as PromiseChannel)}
          data-testid="promise-channel"
        >
          {PROMISE_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {promiseChannelName(c, i18n)}
            </option>
          ))}
        </select>
      </div>
      <FormField
        id="promise-invoices"
        label={t("promise.invoices")}
        hint={t("promise.invoicesHint")}
        value={form.invoices}
        onChange={(v) => set("invoices", v)}
        problem={problems.invoices}
        testId="promise-invoices"
      />
    </FormDialog>
  );
}
