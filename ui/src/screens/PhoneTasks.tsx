/**
 * The calls phone levels of dunning runs left to make, the open ones first, and "Record
 * outcome…": reached, promised to pay (how much, by when, who promised; recorded as a promise
 * to pay covering the call's invoices), disputed (which invoice and why; a dispute is opened for
 * all that is open on it), or no answer, with a note.
 */

import { useState } from "react";

import * as api from "../api";
import type { DisputeReason, PhoneOutcome, PhoneTaskEntry } from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import {
  PHONE_OUTCOMES,
  callInput,
  emptyCallForm,
  phoneOutcomeName,
  phoneTaskOrder,
  type CallForm,
} from "../model/collections";
import { DISPUTE_REASONS, disputeReasonName } from "../model/followupText";
import { FormDialog, useCreditForm } from "./CreditDialogs";

export function PhoneTasks() {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const load = useLoad(() => api.phoneTasks({ open_only: false }), []);
  const [recording, setRecording] = useState<PhoneTaskEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const tasks = phoneTaskOrder(load.data ?? []);
  const open = tasks.filter((task) => task.outcome === null).length;

  return (
    <section aria-labelledby="calls-heading" data-testid="phone-tasks">
      <h2 id="calls-heading">{t("calls.title", { count: open })}</h2>
      <p className="hint">{t("calls.intro")}</p>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="call-notice">
          {notice}
        </p>
      ) : null}
      {load.data && tasks.length === 0 ? <p>{t("calls.none")}</p> : null}
      {tasks.length > 0 ? (
        <div className="table-scroll">
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t("calls.due")}</th>
                <th scope="col">{t("dunning.customer")}</th>
                <th scope="col">{t("calls.reference")}</th>
                <th scope="col" className="num">
                  {t("dunning.level")}
                </th>
                <th scope="col" className="num">
                  {t("dunning.total")}
                </th>
                <th scope="col">{t("calls.invoices")}</th>
                <th scope="col">{t("calls.outcome")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("plan.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr
                  key={task.id}
                  data-testid={`call-${task.id}`}
                  data-state={task.outcome ?? "open"}
                >
                  <th scope="row">{date(task.due_on)}</th>
                  <td>
                    <a
                      href={routeHref({
                        screen: "customer",
                        reference: task.customer_reference,
                        tab: "collections",
                      })}
                    >
                      {task.customer_name}
                    </a>{" "}
                    <span className="muted">({task.customer_reference})</span>
                  </td>
                  <td>{task.reference}</td>
                  <td className="num">{task.level}</td>
                  <td className="num">{money(task.total)}</td>
                  <td>{task.invoices.join(", ")}</td>
                  <td>
                    {task.outcome ? (
                      <>
                        <strong>{phoneOutcomeName(task.outcome, i18n)}</strong>
                        {task.done_on ? ` (${date(task.done_on)})` : ""}
                        {task.note ? <div className="hint">{task.note}</div> : null}
                      </>
                    ) : (
                      <span className="tag">{t("calls.open")}</span>
                    )}
                  </td>
                  <td className="actions">
                    {task.outcome === null ? (
                      <button
                        type="button"
                        onClick={() => {
                          setNotice(null);
                          setRecording(task);
                        }}
                        data-testid={`call-record-${task.id}`}
                      >
                        {t("calls.record")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {recording ? (
        <CallOutcomeDialog
          task={recording}
          onClose={() => setRecording(null)}
          onRecorded={(message) => {
            setRecording(null);
            setNotice(message);
            load.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function CallOutcomeDialog({
  task,
  onClose,
  onRecorded,
}: {
  task: PhoneTaskEntry;
  onClose: () => void;
  onRecorded: (message: string) => void;
}) {
  const i18n = useI18n();
  const { t, language, money } = i18n;
  const { asOf } = useSession();
  const [form, setForm] = useState<CallForm>(() => emptyCallForm(task, asOf));
  const set = <K extends keyof CallForm>(key: K, value: CallForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => callInput(task, form, language),
    api.completePhoneTask,
    (answer) => onRecorded(answer.message),
  );
  return (
    <FormDialog
      title={t("calls.recordTitle", { customer: task.customer_name, reference: task.reference })}
      testId="call-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("calls.save")}
    >
      <p className="hint">
        {t("calls.about", { total: money(task.total), invoices: task.invoices.join(", ") })}
      </p>
      <fieldset className="form-group">
        <legend>{t("calls.outcome")}</legend>
        {PHONE_OUTCOMES.map((outcome) => (
          <label key={outcome} className="field-check">
            <input
              type="radio"
              name="call-outcome"
              value={outcome}
              checked={form.outcome === outcome}
              onChange={() => set("outcome", outcome as PhoneOutcome)}
              data-testid={`call-outcome-${outcome}`}
            />
            {phoneOutcomeName(outcome, i18n)}
          </label>
        ))}
      </fieldset>
      <DateField
        id="call-done-on"
        label={t("calls.doneOn")}
        value={form.doneOn}
        onChange={(v) => set("doneOn", v)}
        required
        testId="call-done-on"
      />
      {form.outcome === "promised" ? (
        <fieldset className="form-group" data-testid="call-promise">
          <legend>{t("calls.promise")}</legend>
          <FormField
            id="call-promise-amount"
            label={t("promise.amount")}
            value={form.promiseAmount}
            onChange={(v) => set("promiseAmount", v)}
            problem={problems.promiseAmount}
            size="medium"
            inputMode="decimal"
            hint={t("calls.promiseCurrency", { currency: task.total.currency })}
            testId="call-promise-amount"
          />
          <DateField
            id="call-promise-date"
            label={t("promise.promisedOn")}
            value={form.promiseDate}
            onChange={(v) => set("promiseDate", v)}
            required
            testId="call-promise-date"
          />
          {problems.promiseDate ? (
            <p className="field-error" role="alert">
              {t("field.required")}
            </p>
          ) : null}
          <FormField
            id="call-promised-by"
            label={t("promise.promisedBy")}
            value={form.promisedBy}
            onChange={(v) => set("promisedBy", v)}
            problem={problems.promisedBy}
            testId="call-promised-by"
          />
        </fieldset>
      ) : null}
      {form.outcome === "disputed" ? (
        <fieldset className="form-group" data-testid="call-dispute">
          <legend>{t("calls.dispute")}</legend>
          <div className="field">
            <label htmlFor="call-dispute-invoice">{t("dunning.invoice")}</label>
            <select
              id="call-dispute-invoice"
              value={form.disputeInvoice}
              onChange={(e) => set("disputeInvoice", e.target.value)}
              data-testid="call-dispute-invoice"
            >
              {task.invoices.map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
              <option value="">{t("calls.disputeLater")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="call-dispute-reason">{t("calls.disputeReason")}</label>
            <select
              id="call-dispute-reason"
              value={form.disputeReason}
              onChange={(e) => set("disputeReason", e.target.value as DisputeReason)}
              data-testid="call-dispute-reason"
            >
              {DISPUTE_REASONS.map((reason) => (
                <option key={reason} value={reason}>
                  {disputeReasonName(reason, i18n)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="call-note">{t("calls.note")}</label>
        <textarea
          id="call-note"
          rows={3}
          value={form.note}
          onChange={(e) => set("note", e.target.value)}
          data-testid="call-note"
        />
      </div>
    </FormDialog>
  );
}
