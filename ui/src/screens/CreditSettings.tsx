/**
 * The credit settings of the book, shown on the Settings screen: its credit policy (the grace
 * period of the overdue hold, the review windows and the rules limits are suggested by), and
 * the exchange rates amounts in other currencies are measured with. A file of rates is chosen
 * in a native dialog the shell opens; the web UI never names a path.
 */

import { useEffect, useState, type FormEvent } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type CreditPolicy } from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import type { FieldProblem } from "../model/creditForms";
import {
  POLICY_FIELDS,
  policyForm,
  policyInput,
  ratesImportedSentence,
  type PolicyField,
  type PolicyForm,
} from "../model/creditPolicy";
import { RateDialog } from "./CreditDialogs";

type Status =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "done"; message: string }
  | { kind: "error"; error: ApiError };

function Outcome({ status, testId }: { status: Status; testId: string }) {
  if (status.kind === "done") {
    return (
      <p role="status" className="notice notice-ok" data-testid={testId}>
        {status.message}
      </p>
    );
  }
  return status.kind === "error" ? <ErrorNotice error={status.error} /> : null;
}

const GROUPS: readonly {
  heading: "policy.check" | "policy.review" | "policy.limits";
  fields: PolicyField[];
}[] = [
  { heading: "policy.check", fields: ["graceDays"] },
  { heading: "policy.review", fields: ["expiringWithinDays", "reportMaxAgeDays"] },
  {
    heading: "policy.limits",
    fields: POLICY_FIELDS.map((f) => f.field).filter(
      (f) => !["graceDays", "expiringWithinDays", "reportMaxAgeDays"].includes(f),
    ),
  },
];

const testIdOf = (field: PolicyField) =>
  "policy-" + field.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

export function CreditPolicySection() {
  const { t, language } = useI18n();
  const load = useLoad(() => api.creditPolicy(), []);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [problems, setProblems] = useState<Partial<Record<PolicyField, FieldProblem>>>({});
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  useEffect(() => {
    if (load.data) {
      setForm(policyForm(load.data));
    }
  }, [load.data]);

  if (!form) {
    return (
      <section aria-labelledby="credit-policy">
        <h2 id="credit-policy">{t("policy.title")}</h2>
        {load.status === "error" ? (
          <ErrorNotice error={load.error} onRetry={load.reload} />
        ) : (
          <p role="status">{t("app.loading")}</p>
        )}
      </section>
    );
  }

  const kindOf = (field: PolicyField) => POLICY_FIELDS.find((f) => f.field === field)?.kind;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const checked = policyInput(form, language);
    if (!checked.ok) {
      setProblems(checked.problems);
      setStatus({ kind: "idle" });
      return;
    }
    setProblems({});
    setStatus({ kind: "busy" });
    try {
      const saved = await api.setCreditPolicy(checked.request satisfies CreditPolicy);
      setForm(policyForm(saved.policy));
      setStatus({
        kind: "done",
        message: saved.changed ? t("policy.saved") : t("policy.unchanged"),
      });
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  return (
    <section aria-labelledby="credit-policy">
      <h2 id="credit-policy">{t("policy.title")}</h2>
      <p className="hint">{t("policy.intro")}</p>
      <form className="form" onSubmit={save} data-testid="policy-form" noValidate>
        {GROUPS.map((group) => (
          <fieldset key={group.heading} className="form-group">
            <legend>{t(group.heading)}</legend>
            {group.fields.map((field) => (
              <FormField
                key={field}
                id={testIdOf(field)}
                label={t(`policy.${field}`)}
                value={form[field]}
                onChange={(value) => setForm({ ...form, [field]: value })}
                problem={problems[field]}
                size="short"
                inputMode={kindOf(field) === "percent" ? "decimal" : "numeric"}
                testId={testIdOf(field)}
              />
            ))}
            {group.heading === "policy.limits" ? (
              <div className="field-check">
                <input
                  id="policy-higher-score-is-better"
                  type="checkbox"
                  checked={form.higherScoreIsBetter}
                  onChange={(e) => setForm({ ...form, higherScoreIsBetter: e.target.checked })}
                  data-testid="policy-higher-score-is-better"
                />
                <label htmlFor="policy-higher-score-is-better">
                  {t("policy.higherScoreIsBetter")}
                </label>
              </div>
            ) : null}
          </fieldset>
        ))}
        <Outcome status={status} testId="policy-saved" />
        <div className="button-row">
          <button
            type="submit"
            className="primary"
            disabled={status.kind === "busy"}
            data-testid="policy-save"
          >
            {t("policy.save")}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ExchangeRatesSection() {
  const i18n = useI18n();
  const { t, date, decimal } = i18n;
  const { asOf, book } = useSession();
  const [upTo, setUpTo] = useState(asOf);
  const [recording, setRecording] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const rates = useLoad(() => api.exchangeRates({ up_to: upTo }), [upTo]);

  const importFile = async () => {
    setStatus({ kind: "busy" });
    try {
      const imported = await api.importExchangeRates();
      if (imported) {
        setStatus({ kind: "done", message: ratesImportedSentence(imported, i18n) });
        rates.reload();
      } else {
        setStatus({ kind: "idle" });
      }
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const list = rates.data ?? [];
  return (
    <section aria-labelledby="exchange-rates">
      <h2 id="exchange-rates">{t("rates.title")}</h2>
      <p className="hint">{t("rates.intro")}</p>
      <DateField
        id="rates-up-to"
        label={t("rates.upTo")}
        value={upTo}
        onChange={(iso) => iso && setUpTo(iso)}
        testId="rates-up-to"
        required
        inline
      />
      {rates.status === "error" ? <ErrorNotice error={rates.error} onRetry={rates.reload} /> : null}
      {rates.status === "ok" && list.length === 0 ? (
        <p data-testid="rates-empty">{t("rates.empty", { date: date(upTo) })}</p>
      ) : null}
      {list.length > 0 ? (
        <div className="table-scroll">
          <table className="figures" data-testid="rates-list">
            <thead>
              <tr>
                <th scope="col">{t("rates.from")}</th>
                <th scope="col">{t("rates.to")}</th>
                <th scope="col">{t("rates.date")}</th>
                <th scope="col" className="num">
                  {t("rates.rate")}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr
                  key={`${r.from}-${r.to}-${r.date}`}
                  data-testid={`rate-${r.from}-${r.to}-${r.date}`}
                >
                  <td>{r.from}</td>
                  <td>{r.to}</td>
                  <td>{date(r.date)}</td>
                  <td className="num" data-rate={r.rate}>
                    {decimal(r.rate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Outcome status={status} testId="rates-imported" />
      <div className="button-row">
        <button type="button" onClick={() => setRecording(true)} data-testid="rates-record">
          {t("rates.record")}
        </button>
        <button
          type="button"
          onClick={() => void importFile()}
          disabled={status.kind === "busy"}
          data-testid="rates-import"
        >
          {t("rates.import")}
        </button>
      </div>
      <p className="hint">{t("rates.importHint")}</p>
      {recording ? (
        <RateDialog
          to={book?.currency ?? ""}
          date={upTo}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            rates.reload();
          }}
        />
      ) : null}
    </section>
  );
}
