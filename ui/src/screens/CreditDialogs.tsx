/**
 * The dialogs that change a customer's credit file: its profile, security, credit reports,
 * insurance, and the exchange rates exposure is measured with. Each keeps what was typed when
 * the shape of a field is wrong (said next to the field) or the backend refuses (its sentence
 * above the buttons).
 */

import { useState, type FormEvent, type ReactNode } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type CreditFile, type CreditStatus } from "../api";
import type { RiskClass } from "../api";
import { DateField } from "../components/DateField";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import {
  emptyReportForm,
  emptySecurityForm,
  insuranceForm,
  insuranceInput,
  profileForm,
  profileInput,
  rateInput,
  reportInput,
  securityInput,
  type FieldProblem,
  type FormCheck,
  type SecurityKindName,
} from "../model/creditForms";

const RISK_CLASSES: RiskClass[] = ["low", "medium", "high", "very_high"];
const STATUSES: CreditStatus[] = ["active", "on_hold", "blocked", "prepayment_only"];
const SECURITY_KINDS: SecurityKindName[] = ["deposit", "bank_guarantee", "letter_of_credit"];

/** A form in a dialog: checks its shape, sends it, and closes once the backend saved it. */
export function useCreditForm<F extends string, R, A>(
  check: () => FormCheck<F, R>,
  send: (request: R) => Promise<A>,
  onSaved: (answer: A) => void,
) {
  const [problems, setProblems] = useState<Partial<Record<F, FieldProblem>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const checked = check();
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      onSaved(await send(checked.request));
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };
  return { problems, error, busy, submit };
}

export function FormDialog({
  title,
  testId,
  onClose,
  onSubmit,
  error,
  busy,
  submitLabel,
  children,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  onSubmit: (event: FormEvent) => void;
  error: ApiError | null;
  busy: boolean;
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Dialog title={title} open onClose={onClose} testId={testId}>
      <form className="form" onSubmit={onSubmit} noValidate data-testid={`${testId}-form`}>
        {children}
        {error ? <ErrorNotice error={error} /> : null}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy} data-testid={`${testId}-save`}>
            {submitLabel}
          </button>
          <button type="button" onClick={onClose}>
            {t("app.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ProfileDialog({
  customer,
  file,
  onClose,
  onSaved,
}: {
  customer: string;
  file: CreditFile | null;
  onClose: () => void;
  onSaved: (file: CreditFile) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState(() => profileForm(file));
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => profileInput(customer, form, language),
    api.setCreditProfile,
    onSaved,
  );
  return (
    <FormDialog
      title={file ? t("credit.editProfile") : t("credit.setProfile")}
      testId="credit-profile"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("credit.saveProfile")}
    >
      <FormField
        id="credit-limit"
        label={t("credit.limit")}
        value={form.limit}
        onChange={(v) => set("limit", v)}
        problem={problems.limit}
        size="medium"
        inputMode="decimal"
        testId="credit-limit"
      />
      <FormField
        id="credit-currency"
        label={t("credit.currency")}
        hint={t("credit.currencyHint")}
        value={form.currency}
        onChange={(v) => set("currency", v)}
        size="short"
        maxLength={3}
        testId="credit-currency"
      />
      <FormField
        id="credit-max-terms"
        label={t("credit.maxTerms")}
        value={form.maxTermsDays}
        onChange={(v) => set("maxTermsDays", v)}
        problem={problems.maxTermsDays}
        size="short"
        inputMode="numeric"
        testId="credit-max-terms"
      />
      <FormField
        id="credit-default-terms"
        label={t("credit.defaultTerms")}
        hint={t("credit.defaultTermsHint")}
        value={form.defaultTermsDays}
        onChange={(v) => set("defaultTermsDays", v)}
        problem={problems.defaultTermsDays}
        size="short"
        inputMode="numeric"
        testId="credit-default-terms"
      />
      <div className="field">
        <label htmlFor="credit-risk">{t("credit.riskClass")}</label>
        <select
          id="credit-risk"
          value={form.riskClass}
          onChange={(e) => set("riskClass", e.target.value as RiskClass)}
          data-testid="credit-risk"
        >
          {RISK_CLASSES.map((r) => (
            <option key={r} value={r}>
              {t(`credit.risk.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="credit-status">{t("credit.status")}</label>
        <select
          id="credit-status"
          value={form.status}
          onChange={(e) => set("status", e.target.value as CreditStatus)}
          data-testid="credit-status"
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`credit.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <DateField
        id="credit-review-date"
        label={t("credit.reviewDate")}
        value={form.reviewDate}
        onChange={(v) => set("reviewDate", v)}
        testId="credit-review-date"
      />
      <FormField
        id="credit-review-interval"
        label={t("credit.reviewInterval")}
        value={form.reviewIntervalMonths}
        onChange={(v) => set("reviewIntervalMonths", v)}
        problem={problems.reviewIntervalMonths}
        size="short"
        inputMode="numeric"
        testId="credit-review-interval"
      />
      <div className="field-check">
        <input
          id="credit-security-required"
          type="checkbox"
          checked={form.securityRequired}
          onChange={(e) => set("securityRequired", e.target.checked)}
          data-testid="credit-security-required"
        />
        <label htmlFor="credit-security-required">{t("credit.securityRequired")}</label>
      </div>
    </FormDialog>
  );
}

export function SecurityDialog({
  customer,
  currency,
  onClose,
  onSaved,
}: {
  customer: string;
  currency: string;
  onClose: () => void;
  onSaved: (file: CreditFile) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState(() => emptySecurityForm(currency));
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => securityInput(customer, form, language),
    api.addSecurity,
    onSaved,
  );
  return (
    <FormDialog
      title={t("credit.addSecurity")}
      testId="credit-security"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("app.save")}
    >
      <div className="field">
        <label htmlFor="security-kind">{t("credit.securityKindLabel")}</label>
        <select
          id="security-kind"
          value={form.kind}
          onChange={(e) => set("kind", e.target.value as SecurityKindName)}
          data-testid="security-kind"
        >
          {SECURITY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`credit.securityKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <FormField
        id="security-amount"
        label={t("credit.amount")}
        value={form.amount}
        onChange={(v) => set("amount", v)}
        problem={problems.amount}
        size="medium"
        inputMode="decimal"
        testId="security-amount"
      />
      <FormField
        id="security-currency"
        label={t("credit.currency")}
        value={form.currency}
        onChange={(v) => set("currency", v)}
        problem={problems.currency}
        size="short"
        maxLength={3}
        testId="security-currency"
      />
      <FormField
        id="security-issuer"
        label={t("credit.issuer")}
        value={form.issuer}
        onChange={(v) => set("issuer", v)}
        problem={problems.issuer}
        testId="security-issuer"
      />
      {form.kind !== "deposit" ? (
        <FormField
          id="security-expires"
          label={t("credit.expiresOn")}
          hint={t("date.format")}
          value={form.expiresOn}
          onChange={(v) => set("expiresOn", v)}
          problem={problems.expiresOn}
          size="date"
          testId="security-expires"
        />
      ) : null}
    </FormDialog>
  );
}

export function ReportDialog({
  customer,
  currency,
  date,
  onClose,
  onSaved,
}: {
  customer: string;
  currency: string;
  date: string;
  onClose: () => void;
  onSaved: (file: CreditFile) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState(() => emptyReportForm(date, currency));
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => reportInput(customer, form, language),
    api.addCreditReport,
    onSaved,
  );
  return (
    <FormDialog
      title={t("credit.addReport")}
      testId="credit-report"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("app.save")}
    >
      <FormField
        id="report-agency"
        label={t("credit.agency")}
        value={form.agency}
        onChange={(v) => set("agency", v)}
        problem={problems.agency}
        testId="report-agency"
      />
      <FormField
        id="report-date"
        label={t("credit.reportDate")}
        hint={t("date.format")}
        value={form.date}
        onChange={(v) => set("date", v)}
        problem={problems.date}
        size="date"
        testId="report-date"
      />
      <FormField
        id="report-rating"
        label={t("credit.rating")}
        value={form.rating}
        onChange={(v) => set("rating", v)}
        problem={problems.rating}
        size="medium"
        testId="report-rating"
      />
      <FormField
        id="report-recommended"
        label={t("credit.recommended")}
        hint={t("credit.recommendedHint")}
        value={form.recommendedLimit}
        onChange={(v) => set("recommendedLimit", v)}
        problem={problems.recommendedLimit}
        size="medium"
        inputMode="decimal"
        testId="report-recommended"
      />
      <FormField
        id="report-currency"
        label={t("credit.currency")}
        value={form.currency}
        onChange={(v) => set("currency", v)}
        size="short"
        maxLength={3}
        testId="report-currency"
      />
      <FormField
        id="report-note"
        label={t("credit.note")}
        value={form.note}
        onChange={(v) => set("note", v)}
        testId="report-note"
      />
    </FormDialog>
  );
}

export function InsuranceDialog({
  customer,
  file,
  currency,
  onClose,
  onSaved,
}: {
  customer: string;
  file: CreditFile;
  currency: string;
  onClose: () => void;
  onSaved: (file: CreditFile) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState(() => insuranceForm(file, currency));
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => insuranceInput(customer, form, language),
    api.setInsurance,
    onSaved,
  );
  const text = (
    field: keyof typeof form & keyof typeof problems,
    label: string,
    extra: Partial<Parameters<typeof FormField>[0]> = {},
  ) => (
    <FormField
      id={`insurance-${field}`}
      label={label}
      value={form[field]}
      onChange={(v) => set(field, v)}
      problem={problems[field]}
      testId={`insurance-${field}`}
      {...extra}
    />
  );
  return (
    <FormDialog
      title={t("credit.setInsurance")}
      testId="credit-insurance"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("app.save")}
    >
      {text("insurer", t("credit.insurer"))}
      {text("policyNumber", t("credit.policy"))}
      {text("buyerReference", t("credit.buyer"))}
      {text("insuredLimit", t("credit.insuredLimit"), { size: "medium", inputMode: "decimal" })}
      {text("currency", t("credit.currency"), { size: "short", maxLength: 3 })}
      {text("validFrom", t("credit.validFrom"), { size: "date", hint: t("date.format") })}
      {text("validTo", t("credit.validTo"), { size: "date", hint: t("date.format") })}
      {text("maxCreditPeriodDays", t("credit.maxPeriod"), { size: "short", inputMode: "numeric" })}
      {text("reportingDeadlineDays", t("credit.reportWithin"), {
        size: "short",
        inputMode: "numeric",
      })}
    </FormDialog>
  );
}

export function RateDialog({
  to,
  date,
  onClose,
  onSaved,
}: {
  to: string;
  date: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState({ from: "", to, date, rate: "" });
  const set = <K extends keyof typeof form>(key: K, value: string) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => rateInput(form, language),
    api.setExchangeRate,
    onSaved,
  );
  return (
    <FormDialog
      title={t("credit.addRate")}
      testId="credit-rate"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("app.save")}
    >
      <FormField
        id="rate-from"
        label={t("credit.rateFrom")}
        value={form.from}
        onChange={(v) => set("from", v)}
        problem={problems.from}
        size="short"
        maxLength={3}
        testId="rate-from"
      />
      <FormField
        id="rate-to"
        label={t("credit.rateTo")}
        value={form.to}
        onChange={(v) => set("to", v)}
        problem={problems.to}
        size="short"
        maxLength={3}
        testId="rate-to"
      />
      <FormField
        id="rate-date"
        label={t("credit.rateDate")}
        hint={t("date.format")}
        value={form.date}
        onChange={(v) => set("date", v)}
        problem={problems.date}
        size="date"
        testId="rate-date"
      />
      <FormField
        id="rate-value"
        label={t("credit.rateValue")}
        value={form.rate}
        onChange={(v) => set("rate", v)}
        problem={problems.rate}
        size="medium"
        inputMode="decimal"
        testId="rate-value"
      />
    </FormDialog>
  );
}
