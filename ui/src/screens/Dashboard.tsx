/**
 * The dashboard at the as-of date: per currency the receivable, the overdue part, the aging
 * and the DSO; the DSO trend; the customers with most overdue; the alerts; and the credit
 * alerts.
 */

import * as api from "../api";
import type { Alert } from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { AgingChart } from "../components/AgingChart";
import { DsoChart } from "../components/DsoChart";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n, type I18n } from "../i18n/context";
import { dashboardView, orderedAlerts, unlistedAlerts } from "../model/dashboard";
import { CreditAlertsSection } from "./CreditAlerts";

/** The period over which the standard DSO is measured, in days. */
export const DSO_PERIOD_DAYS = 90;

/** The sentence of an alert, written from its kind and fields in the UI language. */
export function alertSentence(alert: Alert, i18n: I18n): string {
  const { t, money, count } = i18n;
  const none = t("app.none");
  const customer =
    alert.customer_name && alert.customer_reference
      ? `${alert.customer_name} (${alert.customer_reference})`
      : (alert.customer_name ?? alert.customer_reference ?? none);
  const invoice = alert.invoice_number ?? none;
  const amount = alert.amount ? money(alert.amount) : none;
  const days = alert.days === null ? none : count(Number(alert.days));
  switch (alert.kind) {
    case "overdue_over_90":
      return t("alert.overdue_over_90", { customer, amount, days });
    case "disputed":
      return t("alert.disputed", { invoice, customer, amount });
    case "unapplied_cash":
      return t("alert.unapplied_cash", { customer, amount, days });
  }
}

export function DashboardScreen() {
  const i18n = useI18n();
  const { t, money, decimal, bucket, count } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.dashboard({ as_of: asOf, period_days: DSO_PERIOD_DAYS }), [asOf]);
  const data = load.data;
  const view = data ? dashboardView(data) : null;

  return (
    <Page title={t("dashboard.title")} testId="dashboard">
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.status === "loading" && !data ? <p role="status">{t("app.loading")}</p> : null}
      {view && view.cards.length === 0 ? (
        <p data-testid="dashboard-empty">{t("dashboard.empty")}</p>
      ) : null}
      <div className="cards" aria-busy={load.status === "loading"}>
        {view?.cards.map((card) => (
          <section
            key={card.currency}
            className="card"
            aria-labelledby={`cur-${card.currency}`}
            data-testid={`currency-${card.currency}`}
          >
            <h2 id={`cur-${card.currency}`}>{card.currency}</h2>
            <dl className="totals">
              <div>
                <dt>{t("dashboard.receivable")}</dt>
                <dd className="num" data-testid={`receivable-total-${card.currency}`}>
                  {money(card.receivable)}
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.overdue")}</dt>
                <dd className="num" data-testid={`overdue-total-${card.currency}`}>
                  {money(card.overdue)}
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.agingTotal")}</dt>
                <dd
                  className="num"
                  data-testid={`aging-total-${card.currency}`}
                  data-amount={card.agingTotal.amount}
                >
                  {money(card.agingTotal)}
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.disputed")}</dt>
                <dd className="num" data-testid={`disputed-total-${card.currency}`}>
                  {money(card.disputed)}
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.unapplied")}</dt>
                <dd className="num" data-testid={`unapplied-total-${card.currency}`}>
                  {money(card.unapplied)}
                </dd>
              </div>
              <div>
                <dt>{t("dashboard.dso")}</dt>
                <dd className="num" data-testid={`dso-${card.currency}`}>
                  {card.dso === null
                    ? t("dashboard.unknown")
                    : t("dashboard.dsoDays", { days: decimal(card.dso) })}
                </dd>
              </div>
            </dl>
            <AgingChart card={card} />
            <table className="figures bucket-table">
              <caption className="visually-hidden">
                {t("dashboard.aging", { currency: card.currency })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.bucket")}</th>
                  <th scope="col" className="num">
                    {t("dashboard.amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {card.bars.map((bar, i) => (
                  <tr key={bar.label}>
                    <th scope="row">{bucket(bar.label)}</th>
                    <td
                      className="num"
                      data-testid={`aging-bucket-${card.currency}-${i}`}
                      data-amount={bar.amount.amount}
                    >
                      {money(bar.amount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>

      {view && view.trends.length > 0 ? (
        <div className="cards">
          {view.trends.map((series) => (
            <section
              key={series.currency}
              className="card"
              data-testid={`trend-${series.currency}`}
            >
              <DsoChart series={series} />
            </section>
          ))}
        </div>
      ) : null}

      {data ? (
        <div className="two-columns">
          <section aria-labelledby="top-overdue">
            <h2 id="top-overdue">{t("dashboard.topOverdue")}</h2>
            {data.top_overdue.length === 0 ? (
              <p>{t("dashboard.noOverdue")}</p>
            ) : (
              <table className="figures" data-testid="top-overdue">
                <thead>
                  <tr>
                    <th scope="col">{t("dashboard.customer")}</th>
                    <th scope="col" className="num">
                      {t("dashboard.oldestDays")}
                    </th>
                    <th scope="col" className="num">
                      {t("dashboard.overdue")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.top_overdue.map((row, i) => (
                    <tr
                      key={`${row.customer_reference}-${row.currency}`}
                      data-testid={`top-overdue-row-${i}`}
                    >
                      <th scope="row">
                        <a
                          href={routeHref({
                            screen: "customer",
                            reference: row.customer_reference,
                          })}
                        >
                          {row.customer_name}{" "}
                          <span className="muted">({row.customer_reference})</span>
                        </a>
                      </th>
                      <td className="num">{count(Number(row.days_overdue))}</td>
                      <td className="num">{money(row.overdue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="alerts">
            <h2 id="alerts">{t("dashboard.alerts")}</h2>
            {data.alerts.length === 0 ? (
              <p>{t("dashboard.noAlerts")}</p>
            ) : (
              <ul className="alerts" data-testid="alerts">
                {orderedAlerts(data.alerts).map((alert, i) => (
                  <li key={i} data-testid={`alert-${i}`} data-kind={alert.kind}>
                    {alert.invoice_number ? (
                      <a href={routeHref({ screen: "invoice", number: alert.invoice_number })}>
                        {alertSentence(alert, i18n)}
                      </a>
                    ) : alert.customer_reference ? (
                      <a
                        href={routeHref({
                          screen: "customer",
                          reference: alert.customer_reference,
                        })}
                      >
                        {alertSentence(alert, i18n)}
                      </a>
                    ) : (
                      alertSentence(alert, i18n)
                    )}
                  </li>
                ))}
              </ul>
            )}
            {unlistedAlerts(data.alerts, data.alert_counts).map((c) => (
              <p key={c.kind} className="hint" data-testid={`alert-count-${c.kind}`}>
                {t("dashboard.moreAlerts", {
                  kind: t(`alertKind.${c.kind}`),
                  count: count(Number(c.count)),
                })}
              </p>
            ))}
          </section>
          <CreditAlertsSection />
        </div>
      ) : null}
    </Page>
  );
}
