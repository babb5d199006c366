/**
 * Entering an order on credit and changing one: the credit check's answer (approved and saved,
 * or on hold with every reason), and an override of a hold with a written reason, which the
 * book keeps in the audit trail with the reasons it overrode.
 */

import { useState, type FormEvent } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type Order, type OrderResult } from "../api";
import { useSession } from "../app/session";
import { DateField } from "../components/DateField";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import {
  amendForm,
  amendInput,
  emptyOrderForm,
  orderInput,
  overrideReason,
  type AmendField,
  type AmendForm,
  type FieldProblem,
  type OrderField,
} from "../model/creditForms";
import { holdReasonSentence, orderChange } from "../model/creditText";

/** The check's answer, and the override of a hold. */
function CheckOutcome({
  result,
  busy,
  onOverride,
}: {
  result: OrderResult;
  busy: boolean;
  onOverride: (reason: string) => void;
}) {
  const i18n = useI18n();
  const { t, money } = i18n;
  const [reason, setReason] = useState("");
  const [blank, setBlank] = useState(false);
  const held = result.reasons.length > 0;
  const status = result.saved ? (result.overridden ? "overridden" : "approved") : "held";
  return (
    <section
      className={`notice ${status === "held" ? "notice-error" : "notice-ok"}`}
      aria-labelledby="order-outcome"
      data-testid="order-outcome"
      data-status={status}
    >
      <h3 id="order-outcome">{t(`order.${status}`)}</h3>
      <p data-testid="order-exposure">
        {t("order.exposureAfter", {
          total: money(result.exposure.total),
          limit: money(result.exposure.limit),
        })}
      </p>
      {held ? (
        <>
          <h4>{t("order.reasons")}</h4>
          <ul data-testid="hold-reasons">
            {result.reasons.map((held, i) => (
              <li key={i} data-testid={`hold-reason-${i}`} data-code={held.reason.code}>
                {holdReasonSentence(held.reason, i18n)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!result.saved ? (
        <form
          className="form"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            const given = overrideReason(reason);
            setBlank(given === null);
            if (given !== null) {
              onOverride(given);
            }
          }}
        >
          <div className="field">
            <label htmlFor="override-reason">{t("order.overrideReason")}</label>
            <textarea
              id="override-reason"
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={blank || undefined}
              aria-describedby="override-reason-hint"
              data-testid="override-reason"
            />
            <span id="override-reason-hint" className="hint">
              {t("order.overrideHint")}
            </span>
            {blank ? (
              <p className="field-error" role="alert" data-testid="override-reason-error">
                {t("field.required")}
              </p>
            ) : null}
          </div>
          <div className="button-row">
            <button type="submit" disabled={busy} data-testid="override-submit">
              {t("order.override")}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** Sends a request, then again with an override reason when held; keeps the last answer. */
function useChecked<R>(send: (request: R, reason: string | null) => Promise<OrderResult>) {
  const [result, setResult] = useState<OrderResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<R | null>(null);
  const run = async (request: R, reason: string | null): Promise<OrderResult | null> => {
    setBusy(true);
    setError(null);
    try {
      const answer = await send(request, reason);
      setResult(answer);
      setLast(request);
      return answer;
    } catch (raw) {
      setError(toApiError(raw));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { result, error, busy, run, last };
}

export function OrderDialog({
  customer,
  onClose,
  onSaved,
}: {
  customer: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, language } = useI18n();
  const { asOf } = useSession();
  const [form, setForm] = useState(() => emptyOrderForm(customer, asOf));
  const [problems, setProblems] = useState<Partial<Record<OrderField, FieldProblem>>>({});
  const set = <K extends keyof typeof form>(key: K, value: string) =>
    setForm((f) => ({ ...f, [key]: value }));
  const check = useChecked((order: api.OrderInput, reason: string | null) =>
    api.enterOrder({ order, as_of: asOf, override_reason: reason }),
  );
  const saved = check.result?.saved === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = orderInput(form, language);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    const answer = await check.run(checked.request, null);
    if (answer?.saved) {
      onSaved();
    }
  };

  const override = async (reason: string) => {
    if (check.last) {
      const answer = await check.run(check.last, reason);
      if (answer?.saved) {
        onSaved();
      }
    }
  };

  return (
    <Dialog title={t("order.title")} open onClose={onClose} testId="order-entry">
      <form className="form" onSubmit={submit} noValidate data-testid="order-form">
        <FormField
          id="order-customer"
          label={t("order.customer")}
          value={form.customer}
          onChange={(v) => set("customer", v)}
          problem={problems.customer}
          testId="order-customer"
        />
        <FormField
          id="order-reference"
          label={t("order.reference")}
          value={form.reference}
          onChange={(v) => set("reference", v)}
          problem={problems.reference}
          testId="order-reference"
        />
        <FormField
          id="order-amount"
          label={t("order.amount")}
          value={form.amount}
          onChange={(v) => set("amount", v)}
          problem={problems.amount}
          size="medium"
          inputMode="decimal"
          testId="order-amount"
        />
        <FormField
          id="order-currency"
          label={t("order.currency")}
          hint={t("credit.currencyHint")}
          value={form.currency}
          onChange={(v) => set("currency", v)}
          size="short"
          maxLength={3}
          testId="order-currency"
        />
        <FormField
          id="order-terms"
          label={t("order.terms")}
          hint={t("order.termsHint")}
          value={form.termsDays}
          onChange={(v) => set("termsDays", v)}
          problem={problems.termsDays}
          size="short"
          inputMode="numeric"
          testId="order-terms"
        />
        <DateField
          id="order-date"
          required
          label={t("order.date")}
          value={form.date}
          onChange={(v) => set("date", v)}
          testId="order-date"
        />
        {check.error ? <ErrorNotice error={check.error} /> : null}
        <div className="button-row">
          <button
            type="submit"
            className="primary"
            disabled={check.busy || saved}
            data-testid="order-submit"
          >
            {t("order.check")}
          </button>
          <button type="button" onClick={onClose} data-testid="order-close">
            {saved ? t("app.close") : t("app.cancel")}
          </button>
        </div>
      </form>
      {check.result ? (
        <CheckOutcome
          key={`${check.result.reference}-${String(check.result.saved)}`}
          result={check.result}
          busy={check.busy}
          onOverride={(reason) => void override(reason)}
        />
      ) : null}
    </Dialog>
  );
}

/** A change of an order on record; an amendment asks for the new amount first. Closing and
 * invoicing are saved at once; reopening or raising the amount may be held. */
export function ChangeOrderDialog({
  order,
  action,
  first,
  onClose,
  onSaved,
}: {
  order: Order;
  action: "amend" | "reopen";
  /** The answer already given to a reopening, shown with its override. */
  first: OrderResult | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, language } = useI18n();
  const { asOf } = useSession();
  const [form, setForm] = useState<AmendForm>(() => amendForm(order));
  const [problems, setProblems] = useState<Partial<Record<AmendField, FieldProblem>>>({});
  const check = useChecked((change: api.OrderChangeInput, reason: string | null) =>
    api.changeOrder({ reference: order.reference, change, as_of: asOf, override_reason: reason }),
  );
  const result = check.result ?? first;
  const saved = result?.saved === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = amendInput(form, language);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    const answer = await check.run(checked.request, null);
    if (answer?.saved) {
      onSaved();
    }
  };

  const override = async (reason: string) => {
    const change = check.last ?? orderChange(action, null);
    const answer = await check.run(change, reason);
    if (answer?.saved) {
      onSaved();
    }
  };

  return (
    <Dialog
      title={
        action === "amend"
          ? t("order.amendTitle", { reference: order.reference })
          : t("order.changeTitle", { reference: order.reference })
      }
      open
      onClose={onClose}
      testId="order-change"
    >
      {action === "amend" ? (
        <form className="form" onSubmit={submit} noValidate>
          <FormField
            id="order-new-amount"
            label={t("order.newAmount", { currency: order.amount.currency })}
            value={form.amount}
            onChange={(amount) => setForm({ ...form, amount })}
            problem={problems.amount}
            size="medium"
            inputMode="decimal"
            testId="order-new-amount"
          />
          <FormField
            id="order-new-terms"
            label={t("order.terms")}
            value={form.termsDays}
            onChange={(termsDays) => setForm({ ...form, termsDays })}
            problem={problems.termsDays}
            size="short"
            inputMode="numeric"
            testId="order-new-terms"
          />
          <div className="button-row">
            <button
              type="submit"
              className="primary"
              disabled={check.busy || saved}
              data-testid="order-amend-submit"
            >
              {t("order.check")}
            </button>
          </div>
        </form>
      ) : null}
      {check.error ? <ErrorNotice error={check.error} /> : null}
      {result ? (
        <CheckOutcome
          key={`${result.reference}-${String(result.saved)}`}
          result={result}
          busy={check.busy}
          onOverride={(reason) => void override(reason)}
        />
      ) : null}
      <div className="button-row">
        <button type="button" onClick={onClose} data-testid="order-change-close">
          {t("app.close")}
        </button>
      </div>
    </Dialog>
  );
}
