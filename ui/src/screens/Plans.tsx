/**
 * Payment plans: a customer's plans with each instalment's adherence at the as-of date (paid,
 * due, late within its grace period, missed), "Set up a payment plan…" over its overdue items
 * (the instalments are shown, as the backend computes them, before the plan is set up), and
 * "Break plan…" for a plan missed beyond its grace period, after a confirmation, and its
 * agreement to sign as a PDF.
 */

import { useEffect, useRef, useState, type FormEvent } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type InvoiceSummary,
  type PaymentPlan,
  type PlanInput,
  type PlanLine,
} from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { addDecimals } from "../format/decimal";
import { useI18n } from "../i18n/context";
import { planStateName } from "../model/followUp";
import {
  adherenceName,
  breakable,
  recordedBrokenBy,
  chosenTotals,
  emptyPlanForm,
  overdueChoices,
  planInput,
  samePlanRequest,
  type IntervalUnit,
  type PlanField,
  type PlanForm,
  type PlanItemChoice,
} from "../model/plans";
import type { FieldProblem } from "../model/creditForms";
import { PlanAgreement } from "./PlanAgreement";

/** A plan's instalments: what each is, what was paid, what is open and how it stands. */
export function PlanInstalments({ line }: { line: PlanLine }) {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  return (
    <div className="table-scroll">
      <table className="figures" data-testid={`plan-${line.id}-instalments`}>
        <caption>{t("plan.instalments", { reference: line.reference })}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("plan.seq")}
            </th>
            <th scope="col">{t("plan.due")}</th>
            <th scope="col" className="num">
              {t("plan.amount")}
            </th>
            <th scope="col" className="num">
              {t("plan.paid")}
            </th>
            <th scope="col" className="num">
              {t("plan.open")}
            </th>
            <th scope="col">{t("plan.adherence")}</th>
          </tr>
        </thead>
        <tbody>
          {line.standing.instalments.map((instalment, i) => {
            const adherence = line.adherence[i];
            const scheduled = line.plan.instalments[i];
            return (
              <tr
                key={instalment.seq}
                data-testid={`plan-${line.id}-instalment-${instalment.seq}`}
                data-state={adherence?.state}
                data-due={instalment.due_date}
                data-amount={instalment.amount.amount}
              >
                <th scope="row" className="num">
                  {instalment.seq}
                </th>
                <td className="nowrap">
                  {date(instalment.due_date)}
                  {scheduled?.down_payment ? (
                    <span className="tag">{t("plan.downPaymentTag")}</span>
                  ) : null}
                </td>
                <td className="num">{money(instalment.amount)}</td>
                <td className="num">{money(instalment.paid)}</td>
                <td className="num">{money(instalment.open)}</td>
                <td className={adherence ? `state-${adherence.state}` : undefined}>
                  {adherence ? adherenceName(adherence, i18n) : t("app.none")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What to do about a plan broken and not recorded so: break it, so that aging shows it. */
export function PlanNote({ line }: { line: PlanLine }) {
  const { t, money, date } = useI18n();
  if (!breakable(line)) {
    return null;
  }
  return (
    <p className="hint" data-testid={`plan-note-${line.id}`}>
      {t("plan.brokenNote", {
        seq: line.standing.missed_seq ?? "",
        amount: money(line.standing.remaining),
        date: line.standing.broken_on ? date(line.standing.broken_on) : t("app.none"),
      })}
    </p>
  );
}

/** One plan on the customer's page: where it stands, its instalments, and "Break plan…". */
function PlanCard({ line, onBreak }: { line: PlanLine; onBreak: () => void }) {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  return (
    <div
      className="plan-card"
      data-testid={`customer-plan-${line.id}`}
      data-state={line.standing.state}
    >
      <h3>
        {line.reference}: {planStateName(line.standing.state, i18n)}
      </h3>
      <PlanNote line={line} />
      <dl className="facts">
        <div>
          <dt>{t("followup.paid")}</dt>
          <dd className="num">{money(line.standing.paid)}</dd>
        </div>
        <div>
          <dt>{t("followup.arrears")}</dt>
          <dd className="num">{money(line.standing.arrears)}</dd>
        </div>
        <div>
          <dt>{t("followup.remaining")}</dt>
          <dd className="num" data-amount={line.standing.remaining.amount}>
            {money(line.standing.remaining)}
          </dd>
        </div>
        <div>
          <dt>{t("plan.grace")}</dt>
          <dd>{t("plan.graceDays", { days: line.plan.grace_days })}</dd>
        </div>
      </dl>
      {recordedBrokenBy(line) ? (
        <p>
          <span className="tag">
            {t("plan.recordedBroken", { date: date(line.recorded_broken!.broken_on) })}
          </span>
        </p>
      ) : null}
      <PlanInstalments line={line} />
      <div className="button-row">
        <PlanAgreement line={line} />
        {breakable(line) ? (
          <button
            type="button"
            className="danger"
            onClick={onBreak}
            data-testid={`customer-plan-break-${line.id}`}
          >
            {t("plan.break")}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** The customer's payment plans and "Set up a payment plan…". */
export function CustomerPlans({
  customer,
  name,
  openItems,
  onChanged,
}: {
  customer: string;
  name: string;
  /** The customer's open items at the as-of date, earliest due first. */
  openItems: InvoiceSummary[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { asOf } = useSession();
  const list = useLoad(() => api.customerPlans({ customer, as_of: asOf }), [customer, asOf]);
  const [open, setOpen] = useState<"new" | PlanLine | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    list.reload();
    onChanged();
  };
  return (
    <section aria-labelledby="plans-heading" data-testid="customer-plans">
      <h2 id="plans-heading">{t("plan.list")}</h2>
      {list.status === "error" ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="plan-notice">
          {notice}
        </p>
      ) : null}
      {list.data && list.data.length === 0 ? <p>{t("plan.none")}</p> : null}
      {list.data?.map((line) => (
        <PlanCard key={line.id} line={line} onBreak={() => setOpen(line)} />
      ))}
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            setNotice(null);
            setOpen("new");
          }}
          data-testid="customer-plan"
        >
          {t("plan.action")}
        </button>
      </div>
      {open === "new" ? (
        <PlanSetupDialog
          customer={customer}
          name={name}
          choices={overdueChoices(openItems)}
          onClose={() => setOpen(null)}
          onCreated={(line) => done(line.message)}
        />
      ) : open !== null ? (
        <BreakPlanDialog
          line={open}
          onClose={() => setOpen(null)}
          onBroken={(line) => done(line.message)}
        />
      ) : null}
    </section>
  );
}

/** Asks before recording a plan broken; the backend's refusal is shown in it. */
export function BreakPlanDialog({
  line,
  onClose,
  onBroken,
}: {
  line: PlanLine;
  onClose: () => void;
  onBroken: (line: PlanLine) => void;
}) {
  const { t, money, date } = useI18n();
  const { asOf } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      onBroken(await api.breakPlan({ id: line.id, as_of: asOf }));
    } catch (raw) {
      setError(toApiError(raw));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t("plan.breakTitle", { reference: line.reference })}
      open
      onClose={onClose}
      testId="break-plan"
    >
      <p data-testid="break-plan-question">
        {t("plan.breakQuestion", {
          seq: line.standing.missed_seq ?? "",
          amount: money(line.standing.remaining),
          date: line.standing.broken_on ? date(line.standing.broken_on) : t("app.none"),
        })}
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => void confirm()}
          data-testid="break-plan-confirm"
        >
          {t("plan.breakConfirm")}
        </button>
        <button type="button" onClick={onClose} data-testid="break-plan-cancel">
          {t("app.cancel")}
        </button>
      </div>
    </Dialog>
  );
}

/** The instalments the backend computed for a request, before anything is written. */
function PlanPreview({ plan }: { plan: PaymentPlan }) {
  const { t, money, date, decimal } = useI18n();
  const shown = useRef<HTMLElement>(null);
  useEffect(() => {
    // The preview opens below the fields, out of sight in a tall dialog.
    shown.current?.scrollIntoView?.({ block: "start" });
  }, [plan]);
  return (
    <section aria-labelledby="plan-preview-heading" data-testid="plan-preview" ref={shown}>
      <h3 id="plan-preview-heading">{t("plan.previewHeading")}</h3>
      <dl className="facts">
        <div>
          <dt>{t("plan.total")}</dt>
          <dd className="num">{money(plan.total)}</dd>
        </div>
        <div>
          <dt>{t("plan.downPaymentTag")}</dt>
          <dd className="num">{money(plan.down_payment)}</dd>
        </div>
        <div>
          <dt>{t("plan.financed")}</dt>
          <dd className="num">{money(plan.financed)}</dd>
        </div>
        <div>
          <dt>
            {plan.annual_rate_percent === null
              ? t("plan.noInterest")
              : t("plan.interestFor", {
                  rate: decimal(plan.annual_rate_percent),
                  days: plan.interest_days,
                })}
          </dt>
          <dd
            className="num"
            data-testid="plan-preview-interest"
            data-amount={plan.interest.amount}
          >
            {money(plan.interest)}
          </dd>
        </div>
      </dl>
      <div className="table-scroll">
        <table className="figures">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("plan.seq")}
              </th>
              <th scope="col">{t("plan.due")}</th>
              <th scope="col" className="num">
                {t("plan.principal")}
              </th>
              <th scope="col" className="num">
                {t("plan.interest")}
              </th>
              <th scope="col" className="num">
                {t("plan.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.instalments.map((instalment) => (
              <tr
                key={instalment.seq}
                data-testid={`plan-preview-${instalment.seq}`}
                data-due={instalment.due_date}
                data-amount={instalment.amount.amount}
              >
                <th scope="row" className="num">
                  {instalment.seq}
                </th>
                <td className="nowrap">
                  {date(instalment.due_date)}
                  {instalment.down_payment ? (
                    <span className="tag">{t("plan.downPaymentTag")}</span>
                  ) : null}
                </td>
                <td className="num">{money(instalment.principal)}</td>
                <td className="num">{money(instalment.interest)}</td>
                <td className="num">{money(instalment.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                {t("plan.amountDue")}
              </th>
              <td className="num" data-testid="plan-preview-total">
                {money({
                  amount: plan.instalments.length
                    ? addDecimals(plan.instalments.map((i) => i.amount.amount))
                    : "0",
                  currency: plan.currency,
                })}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/**
 * The form of a new plan: the overdue items it takes over (every one not in dispute, unless
 * chosen otherwise), how the rest is paid, and the instalments the backend computes from it,
 * shown before the plan is set up. A change to the form takes the preview away.
 */
export function PlanSetupDialog({
  customer,
  name,
  choices,
  onClose,
  onCreated,
}: {
  customer: string;
  name: string;
  choices: PlanItemChoice[];
  onClose: () => void;
  onCreated: (line: PlanLine) => void;
}) {
  const i18n = useI18n();
  const { t, money, date, count, language } = i18n;
  const { asOf } = useSession();
  const [form, setForm] = useState<PlanForm>(() => emptyPlanForm(asOf, choices));
  const [problems, setProblems] = useState<Partial<Record<PlanField, FieldProblem>>>({});
  const [preview, setPreview] = useState<{ request: PlanInput; plan: PaymentPlan } | null>(null);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (next: (f: PlanForm) => PlanForm) => {
    setForm(next);
    if (preview) {
      setPreview(null);
      setStale(true);
    }
  };
  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) =>
    change((f) => ({ ...f, [key]: value }));
  const toggle = (number: string) =>
    change((f) => ({
      ...f,
      invoices: f.invoices.includes(number)
        ? f.invoices.filter((n) => n !== number)
        : choices.map((c) => c.number).filter((n) => n === number || f.invoices.includes(n)),
    }));
  const setPart = (index: number, key: "dueDate" | "amount", value: string) =>
    change((f) => ({
      ...f,
      schedule: f.schedule.map((p, i) => (i === index ? { ...p, [key]: value } : p)),
    }));

  const run = async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };
  const showPreview = (event: FormEvent) => {
    event.preventDefault();
    const checked = planInput(customer, form, language);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    void run(async () => {
      const plan = await api.previewPlan(checked.request);
      setPreview({ request: checked.request, plan });
      setStale(false);
    });
  };
  const create = () => {
    const checked = planInput(customer, form, language);
    if (!preview || !checked.ok || !samePlanRequest(checked.request, preview.request)) {
      setPreview(null);
      setStale(true);
      return;
    }
    void run(async () => onCreated(await api.createPlan(preview.request)));
  };

  const totals = chosenTotals(choices, form.invoices);
  return (
    <Dialog
      title={t("plan.title", { customer: name })}
      open
      onClose={onClose}
      testId="plan-dialog"
      wide
    >
      <form className="form" onSubmit={showPreview} noValidate data-testid="plan-dialog-form">
        <fieldset className="form-group" aria-describedby="plan-items-hint">
          <legend>{t("plan.items")}</legend>
          <p id="plan-items-hint" className="hint">
            {t("plan.itemsHint")}
          </p>
          {choices.length === 0 ? (
            <p data-testid="plan-no-items">{t("plan.noItems")}</p>
          ) : (
            <div className="table-scroll">
              <table className="figures" data-testid="plan-items">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">{t("plan.items")}</span>
                    </th>
                    <th scope="col">{t("invoices.number")}</th>
                    <th scope="col">{t("invoices.due")}</th>
                    <th scope="col" className="num">
                      {t("invoices.days")}
                    </th>
                    <th scope="col" className="num">
                      {t("invoices.open")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {choices.map((choice) => (
                    <tr key={choice.number}>
                      <td className="check">
                        <input
                          type="checkbox"
                          id={`plan-item-${choice.number}`}
                          checked={form.invoices.includes(choice.number)}
                          onChange={() => toggle(choice.number)}
                          data-testid={`plan-item-${choice.number}`}
                        />
                      </td>
                      <th scope="row">
                        <label htmlFor={`plan-item-${choice.number}`}>{choice.number}</label>
                        {choice.disputed ? (
                          <span className="tag">{t("invoices.disputed")}</span>
                        ) : null}
                      </th>
                      <td>{choice.dueDate ? date(choice.dueDate) : t("app.none")}</td>
                      <td className="num">{count(choice.daysOverdue)}</td>
                      <td className="num">{money(choice.open)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p data-testid="plan-chosen">
            {t("plan.chosen", {
              count: count(form.invoices.length),
              amount: totals.length ? totals.map(money).join(" + ") : t("app.none"),
            })}
          </p>
          {problems.invoices ? (
            <p className="field-error" role="alert" data-testid="plan-items-error">
              {t("field.required")}
            </p>
          ) : null}
        </fieldset>

        <div className="plan-terms">
          <div className="plan-terms-column">
            <DateField
              id="plan-start"
              label={t("plan.startOn")}
              value={form.startOn}
              onChange={(v) => set("startOn", v)}
              required
              testId="plan-start"
            />
            <p className="hint">{t("plan.startOnHint")}</p>
            <FormField
              id="plan-down"
              label={t("plan.downPayment")}
              hint={t("plan.downPaymentHint")}
              value={form.downPayment}
              onChange={(v) => set("downPayment", v)}
              problem={problems.downPayment}
              size="medium"
              inputMode="decimal"
              testId="plan-down"
            />
            <FormField
              id="plan-rate"
              label={t("plan.rate")}
              hint={t("plan.rateHint")}
              value={form.rate}
              onChange={(v) => set("rate", v)}
              problem={problems.rate}
              size="short"
              inputMode="decimal"
              testId="plan-rate"
            />
            <FormField
              id="plan-grace"
              label={t("plan.grace")}
              hint={t("plan.graceHint")}
              value={form.graceDays}
              onChange={(v) => set("graceDays", v)}
              problem={problems.graceDays}
              size="short"
              inputMode="numeric"
              testId="plan-grace"
            />
          </div>
          <div className="plan-terms-column">
            <fieldset className="form-group">
              <legend>{t("plan.schedule")}</legend>
              <div className="schedule-row">
                <label>
                  <input
                    type="radio"
                    name="plan-kind"
                    checked={form.kind === "equal_parts"}
                    onChange={() => set("kind", "equal_parts")}
                    data-testid="plan-kind-equal"
                  />{" "}
                  {t("plan.equalParts")}
                </label>
                <label>
                  <input
                    type="radio"
                    name="plan-kind"
                    checked={form.kind === "explicit"}
                    onChange={() => set("kind", "explicit")}
                    data-testid="plan-kind-explicit"
                  />{" "}
                  {t("plan.explicit")}
                </label>
              </div>
              {form.kind === "equal_parts" ? (
                <>
                  <div className="schedule-row">
                    <FormField
                      id="plan-parts"
                      label={t("plan.parts")}
                      value={form.parts}
                      onChange={(v) => set("parts", v)}
                      problem={problems.parts}
                      size="short"
                      inputMode="numeric"
                      testId="plan-parts"
                    />
                    <FormField
                      id="plan-every"
                      label={t("plan.every")}
                      value={form.every}
                      onChange={(v) => set("every", v)}
                      problem={problems.every}
                      size="short"
                      inputMode="numeric"
                      testId="plan-every"
                    />
                    <div className="field">
                      <label htmlFor="plan-unit">{t("plan.unit")}</label>
                      <select
                        id="plan-unit"
                        value={form.unit}
                        onChange={(e) => set("unit", e.target.value as IntervalUnit)}
                        data-testid="plan-unit"
                      >
                        <option value="months">{t("plan.unit.months")}</option>
                        <option value="days">{t("plan.unit.days")}</option>
                      </select>
                    </div>
                  </div>
                  <p className="hint">{t("plan.firstDue")}</p>
                </>
              ) : (
                <>
                  {form.schedule.map((part, i) => (
                    <div className="schedule-row" key={i} data-testid={`plan-part-${i}`}>
                      <DateField
                        id={`plan-part-${i}-date`}
                        label={t("plan.partDate", { n: i + 1 })}
                        value={part.dueDate}
                        onChange={(v) => setPart(i, "dueDate", v)}
                        required
                        testId={`plan-part-${i}-date`}
                      />
                      <FormField
                        id={`plan-part-${i}-amount`}
                        label={t("plan.partAmount", { n: i + 1 })}
                        value={part.amount}
                        onChange={(v) => setPart(i, "amount", v)}
                        problem={problems[`part-${i}-amount`]}
                        size="medium"
                        inputMode="decimal"
                        testId={`plan-part-${i}-amount`}
                      />
                      {form.schedule.length > 1 ? (
                        <button
                          type="button"
                          onClick={() =>
                            change((f) => ({
                              ...f,
                              schedule: f.schedule.filter((_, j) => j !== i),
                            }))
                          }
                          data-testid={`plan-part-${i}-remove`}
                        >
                          {t("plan.removePart", { n: i + 1 })}
                        </button>
                      ) : null}
                    </div>
                  ))}
                  <div className="button-row">
                    <button
                      type="button"
                      onClick={() =>
                        change((f) => ({
                          ...f,
                          schedule: [...f.schedule, { dueDate: "", amount: "" }],
                        }))
                      }
                      data-testid="plan-add-part"
                    >
                      {t("plan.addPart")}
                    </button>
                  </div>
                </>
              )}
            </fieldset>
          </div>
        </div>

        {error ? <ErrorNotice error={error} /> : null}
        {stale ? (
          <p className="hint" role="status" data-testid="plan-preview-stale">
            {t("plan.previewStale")}
          </p>
        ) : null}
        {preview ? <PlanPreview plan={preview.plan} /> : null}
        <div className="button-row">
          <button
            type="submit"
            className={preview ? undefined : "primary"}
            disabled={busy}
            data-testid="plan-preview-button"
          >
            {t("plan.preview")}
          </button>
          {preview ? (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={create}
              data-testid="plan-create"
            >
              {t("plan.create")}
            </button>
          ) : null}
          <button type="button" onClick={onClose}>
            {t("app.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
