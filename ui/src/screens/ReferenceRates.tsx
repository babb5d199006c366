/**
 * The reference rate tables statutory late-payment interest is computed with, on the Settings
 * screen: each table's origin, periods and last day known, its periods on demand, a newer rate
 * file loaded in place of it (chosen in a native dialog the shell opens; the web UI never names
 * a path) and the way back to the shipped table. A refused file lists every problem by line;
 * what a load or a reset took away is shown as warnings to check.
 */

import { Fragment, useEffect, useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type RateSource, type RateTableView } from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n/context";
import {
  endingSentences,
  loadOutcome,
  originText,
  resetOutcome,
  withTable,
  type RatesOutcome,
} from "../model/referenceRates";

type Status =
  | { kind: "idle" }
  | { kind: "busy"; source: RateSource }
  | { kind: "done"; outcome: RatesOutcome }
  | { kind: "error"; error: ApiError };

function Outcome({ outcome }: { outcome: RatesOutcome }) {
  const { t } = useI18n();
  if (outcome.kind === "refused") {
    return (
      <div
        className="notice notice-error"
        role="alert"
        data-testid="reference-rates-outcome"
        data-kind="refused"
      >
        <p>{outcome.message}</p>
        <table className="figures" data-testid="reference-rates-problems">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("referenceRates.line")}
              </th>
              <th scope="col">{t("referenceRates.problem")}</th>
            </tr>
          </thead>
          <tbody>
            {outcome.problems.map((p, i) => (
              <tr key={i} data-testid={`reference-rates-problem-${i}`} data-line={p.line}>
                <td className="num">{p.line}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div data-testid="reference-rates-outcome" data-kind={outcome.kind}>
      <div role="status" className="notice notice-ok">
        <p data-testid="reference-rates-message">{outcome.message}</p>
        {outcome.kind === "changed"
          ? outcome.notes.map((note, i) => (
              <p key={i} data-testid={`reference-rates-note-${i}`}>
                {note}
              </p>
            ))
          : null}
      </div>
      {outcome.kind === "changed" && outcome.warnings.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="reference-rates-warnings">
          <p>{t("referenceRates.warnings")}</p>
          <ul>
            {outcome.warnings.map((warning, i) => (
              <li key={i} data-testid={`reference-rates-warning-${i}`}>
                {warning}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Periods({ view }: { view: RateTableView }) {
  const { t, date, decimal } = useI18n();
  return (
    <div className="table-scroll">
      <table className="figures" data-testid={`reference-rate-${view.code}-periods`}>
        <caption>{t("referenceRates.periodsOf", { name: view.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("referenceRates.periodFrom")}</th>
            <th scope="col">{t("referenceRates.periodTo")}</th>
            <th scope="col" className="num">
              {t("referenceRates.percent")}
            </th>
          </tr>
        </thead>
        <tbody>
          {view.periods.map((p) => (
            <tr key={p.from} data-testid={`reference-rate-${view.code}-period-${p.from}`}>
              <td>{date(p.from)}</td>
              <td>{date(p.to)}</td>
              <td className="num" data-percent={p.percent}>
                {decimal(p.percent, 2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReferenceRatesSection() {
  const i18n = useI18n();
  const { t, date, count } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.referenceRates(), []);
  const [tables, setTables] = useState<RateTableView[] | null>(null);
  const [shown, setShown] = useState<RateSource | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  useEffect(() => {
    if (load.data) {
      setTables(load.data);
    }
  }, [load.data]);

  const loadFile = async (source: RateSource) => {
    setStatus({ kind: "busy", source });
    try {
      const loaded = await api.loadReferenceRates({ source });
      if (!loaded) {
        setStatus({ kind: "idle" });
        return;
      }
      setTables((current) => (current ? withTable(current, loaded.table) : current));
      setStatus({ kind: "done", outcome: loadOutcome(loaded) });
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const reset = async (source: RateSource) => {
    setStatus({ kind: "busy", source });
    try {
      const answer = await api.resetReferenceRates({ source });
      setTables((current) => (current ? withTable(current, answer.table) : current));
      setStatus({ kind: "done", outcome: resetOutcome(answer) });
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const ending = tables ? endingSentences(tables, asOf, i18n) : [];
  return (
    <section aria-labelledby="reference-rates" data-testid="reference-rates">
      <h2 id="reference-rates">{t("referenceRates.title")}</h2>
      <p className="hint">{t("referenceRates.intro")}</p>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {tables === null && load.status !== "error" ? <p role="status">{t("app.loading")}</p> : null}
      {tables ? (
        <div className="table-scroll">
          <table className="figures" data-testid="reference-rates-list">
            <thead>
              <tr>
                <th scope="col">{t("referenceRates.rate")}</th>
                <th scope="col">{t("referenceRates.origin")}</th>
                <th scope="col" className="num">
                  {t("referenceRates.periods")}
                </th>
                <th scope="col">{t("referenceRates.from")}</th>
                <th scope="col">{t("referenceRates.knownUntil")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("plan.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tables.map((view) => {
                const busy = status.kind === "busy";
                const open = shown === view.source;
                return (
                  <Fragment key={view.source}>
                    <tr
                      data-testid={`reference-rate-${view.code}`}
                      data-origin={view.origin.kind}
                      data-known-until={view.known_until}
                    >
                      <th scope="row">{view.name}</th>
                      <td data-testid={`reference-rate-${view.code}-origin`}>
                        {originText(view, i18n)}
                      </td>
                      <td className="num">{count(view.period_count)}</td>
                      <td>{date(view.first_day)}</td>
                      <td data-testid={`reference-rate-${view.code}-known-until`}>
                        {date(view.known_until)}
                      </td>
                      <td>
                        <div className="button-row">
                          <button
                            type="button"
                            aria-expanded={open}
                            onClick={() => setShown(open ? null : view.source)}
                            data-testid={`reference-rate-${view.code}-show`}
                          >
                            {open
                              ? t("referenceRates.hidePeriods")
                              : t("referenceRates.showPeriods")}
                          </button>
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() => void loadFile(view.source)}
                            data-testid={`reference-rate-${view.code}-load`}
                          >
                            {t("referenceRates.load")}
                          </button>
                          <button
                            type="button"
                            disabled={busy || view.origin.kind === "shipped"}
                            onClick={() => void reset(view.source)}
                            data-testid={`reference-rate-${view.code}-reset`}
                          >
                            {t("referenceRates.reset")}
                          </button>
                        </div>
                      </td>
                    </tr>
                    {open ? (
                      <tr>
                        <td colSpan={6}>
                          <Periods view={view} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {ending.map((sentence, i) => (
        <p key={i} className="hint" data-testid={`reference-rates-ending-${i}`}>
          {sentence}
        </p>
      ))}
      {status.kind === "done" ? <Outcome outcome={status.outcome} /> : null}
      {status.kind === "error" ? <ErrorNotice error={status.error} /> : null}
      <p className="hint">{t("referenceRates.fileHint")}</p>
    </section>
  );
}
