/**
 * On a customer's credit tab: its risk score at the as-of date with every factor (what it
 * measures, its value, the points it adds and their weight) in the UI language, and the
 * invoices reported to the trade-credit insurer.
 */

import * as api from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n/context";
import { riskFactorName, riskFactorValue } from "../model/followupText";

export function RiskPanel({ customer, version }: { customer: string; version: unknown }) {
  const i18n = useI18n();
  const { t, count } = i18n;
  const { asOf } = useSession();
  const risk = useLoad(
    () => api.customerRisk({ customer, as_of: asOf }),
    [customer, asOf, version],
  );

  return (
    <section aria-labelledby="credit-risk-heading" data-testid="risk-panel">
      <h2 id="credit-risk-heading">{t("risk.title")}</h2>
      {risk.status === "error" ? <ErrorNotice error={risk.error} onRetry={risk.reload} /> : null}
      {risk.status === "ok" && risk.data === null ? <p>{t("risk.none")}</p> : null}
      {risk.data ? (
        <>
          <p data-testid="credit-risk-score" data-score={risk.data.score.score}>
            {t("risk.score", {
              score: count(risk.data.score.score),
              max: count(risk.data.score.max_score),
            })}
          </p>
          <table className="figures" data-testid="credit-risk-factors">
            <thead>
              <tr>
                <th scope="col">{t("risk.factor")}</th>
                <th scope="col" className="num">
                  {t("risk.value")}
                </th>
                <th scope="col" className="num">
                  {t("risk.points")}
                </th>
                <th scope="col" className="num">
                  {t("risk.weight")}
                </th>
              </tr>
            </thead>
            <tbody>
              {risk.data.score.factors.map((factor) => (
                <tr key={factor.code} data-testid={`risk-factor-${factor.code}`}>
                  <th scope="row">{riskFactorName(factor, i18n)}</th>
                  <td className="num">{riskFactorValue(factor, i18n)}</td>
                  <td className="num">{count(factor.points)}</td>
                  <td className="num">{count(factor.weight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

export function InsurerReportsPanel({ customer }: { customer: string }) {
  const { t, date } = useI18n();
  const reports = useLoad(() => api.insurerReports({ customer }), [customer]);
  return (
    <section aria-labelledby="credit-insurer-reports-heading" data-testid="insurer-reports">
      <h2 id="credit-insurer-reports-heading">{t("insurerReports.title")}</h2>
      {reports.status === "error" ? (
        <ErrorNotice error={reports.error} onRetry={reports.reload} />
      ) : null}
      {reports.data && reports.data.length === 0 ? <p>{t("insurerReports.empty")}</p> : null}
      {reports.data && reports.data.length > 0 ? (
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t("insurerReports.invoice")}</th>
              <th scope="col">{t("insurerReports.date")}</th>
              <th scope="col">{t("insurerReports.reference")}</th>
            </tr>
          </thead>
          <tbody>
            {reports.data.map((report) => (
              <tr key={report.invoice_number}>
                <th scope="row">{report.invoice_number}</th>
                <td>{date(report.reported_on)}</td>
                <td>{report.reference || t("app.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
