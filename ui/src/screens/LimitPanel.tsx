/**
 * The suggested limit of a customer on the as-of date, with its grounds written in the UI
 * language, the owner's decision on it (accepted, which sets the limit, or rejected, with an
 * optional note), and the decisions taken before.
 */

import { useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError } from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n/context";
import { decisionSentence, groundSentence, suggestionSentence } from "../model/creditPolicy";

export function LimitPanel({ customer, onDecided }: { customer: string; onDecided: () => void }) {
  const i18n = useI18n();
  const { t, money, date, timestamp } = i18n;
  const { asOf } = useSession();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [decided, setDecided] = useState<string | null>(null);
  const suggestion = useLoad(
    () => api.suggestLimit({ customer, as_of: asOf, first_order: null }),
    [customer, asOf],
  );
  const decisions = useLoad(() => api.limitDecisions({ customer }), [customer]);

  const decide = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    setDecided(null);
    const request = {
      customer,
      as_of: asOf,
      first_order: null,
      note: note.trim() === "" ? null : note.trim(),
    };
    try {
      const decision = accept
        ? await api.acceptLimitSuggestion(request)
        : await api.rejectLimitSuggestion(request);
      setDecided(decisionSentence(decision, i18n));
      setNote("");
      suggestion.reload();
      decisions.reload();
      onDecided();
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };

  const s = suggestion.data?.suggestion;
  return (
    <section aria-labelledby="limit-heading" data-testid="limit-panel">
      <h2 id="limit-heading">{t("limit.title")}</h2>
      <p className="hint">{t("limit.intro", { date: date(asOf) })}</p>
      {suggestion.status === "error" ? (
        <ErrorNotice error={suggestion.error} onRetry={suggestion.reload} />
      ) : null}
      {s ? (
        <>
          <p
            className="lead"
            data-testid="limit-suggestion"
            data-change={s.change.change}
            data-suggested={s.suggested.amount}
          >
            {suggestionSentence(s, i18n)}
          </p>
          <h3>{t("limit.grounds")}</h3>
          <ul data-testid="limit-grounds">
            {s.grounds.map((ground, i) => (
              <li key={i} data-code={ground.code}>
                {groundSentence(ground, i18n)}
              </li>
            ))}
          </ul>
          {s.rates_used.length > 0 ? (
            <>
              <h3>{t("limit.ratesUsed")}</h3>
              <ul>
                {s.rates_used.map((r) => (
                  <li key={`${r.from}-${r.to}`}>
                    {t("credit.rateUsed", {
                      from: r.from,
                      to: r.to,
                      rate: r.rate,
                      date: date(r.date),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <div className="field">
            <label htmlFor="limit-note">{t("limit.note")}</label>
            <input
              id="limit-note"
              value={note}
              maxLength={500}
              autoComplete="off"
              onChange={(e) => setNote(e.target.value)}
              aria-describedby="limit-note-hint"
              data-testid="limit-note"
            />
            <span id="limit-note-hint" className="hint">
              {t("limit.noteHint")}
            </span>
          </div>
          {error ? <ErrorNotice error={error} /> : null}
          {decided ? (
            <p role="status" className="notice notice-ok" data-testid="limit-decided">
              {decided}
            </p>
          ) : null}
          <div className="button-row">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void decide(true)}
              data-testid="limit-accept"
            >
              {t("limit.accept")}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void decide(false)}
              data-testid="limit-reject"
            >
              {t("limit.reject")}
            </button>
          </div>
        </>
      ) : null}

      <h3>{t("limit.decisions")}</h3>
      {decisions.status === "error" ? <ErrorNotice error={decisions.error} /> : null}
      {decisions.data && decisions.data.length === 0 ? <p>{t("limit.noDecisions")}</p> : null}
      {decisions.data && decisions.data.length > 0 ? (
        <div className="table-scroll">
          <table className="figures" data-testid="limit-decisions">
            <thead>
              <tr>
                <th scope="col">{t("limit.asOf")}</th>
                <th scope="col" className="num">
                  {t("limit.suggested")}
                </th>
                <th scope="col">{t("limit.decision")}</th>
                <th scope="col">{t("credit.note")}</th>
                <th scope="col">{t("limit.decidedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {[...decisions.data].reverse().map((d) => (
                <tr key={d.id} data-testid={`limit-decision-${d.id}`}>
                  <td>{date(d.as_of)}</td>
                  <td className="num">{money(d.suggestion.suggested)}</td>
                  <td data-accepted={d.accepted}>
                    {t(d.accepted ? "limit.decision.accepted" : "limit.decision.rejected")}
                  </td>
                  <td>{d.note}</td>
                  <td>{d.at ? timestamp(d.at) : t("app.none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
