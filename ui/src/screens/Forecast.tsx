/**
 * The cash forecast at the as-of date: per currency the receipts expected in each of the 13
 * weeks (week 1 starts on the date) as a chart and a table, with what was expected before the
 * date, what is expected later and what is disputed; the summary sentences; and the customers'
 * average delays the forecast shifted their due dates by.
 */

import * as api from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { ForecastChart } from "../components/ForecastChart";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { forecastCards } from "../model/forecast";

export function ForecastScreen() {
  const { t, money, date, count } = useI18n();
  const { asOf } = useSession();
  const load = useLoad(() => api.forecast({ as_of: asOf }), [asOf]);
  const data = load.data;
  const cards = data ? forecastCards(data) : [];

  return (
    <Page title={t("forecast.title")} testId="forecast">
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.status === "loading" && !data ? <p role="status">{t("app.loading")}</p> : null}
      {data ? (
        <section aria-labelledby="forecast-summary">
          <h2 id="forecast-summary">{t("forecast.summary")}</h2>
          <ul data-testid="forecast-summary">
            {data.summary.map((sentence, i) => (
              <li key={i}>{sentence}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="cards" aria-busy={load.status === "loading"}>
        {cards.map((card) => (
          <section
            key={card.currency}
            className="card"
            aria-labelledby={`forecast-${card.currency}`}
            data-testid={`forecast-${card.currency}`}
          >
            <h2 id={`forecast-${card.currency}`}>{card.currency}</h2>
            <ForecastChart card={card} />
            <table className="figures">
              <caption className="visually-hidden">
                {t("forecast.chart", { currency: card.currency })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("forecast.week")}</th>
                  <th scope="col">{t("forecast.days")}</th>
                  <th scope="col" className="num">
                    {t("forecast.amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {card.bars.map((bar) => (
                  <tr key={bar.number}>
                    <th scope="row">{count(bar.number)}</th>
                    <td>{t("forecast.range", { from: date(bar.from), to: date(bar.to) })}</td>
                    <td
                      className="num"
                      data-testid={`forecast-week-${card.currency}-${bar.number}`}
                      data-amount={bar.amount.amount}
                    >
                      {money(bar.amount)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t("forecast.lateInFirstWeek")}
                  </th>
                  <td
                    className="num"
                    data-testid={`forecast-late-${card.currency}`}
                    data-amount={card.lateInFirstWeek.amount}
                  >
                    {money(card.lateInFirstWeek)}
                  </td>
                </tr>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t("forecast.later")}
                  </th>
                  <td
                    className="num"
                    data-testid={`forecast-later-${card.currency}`}
                    data-amount={card.later.amount}
                  >
                    {money(card.later)}
                  </td>
                </tr>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t("forecast.expected")}
                  </th>
                  <td
                    className="num"
                    data-testid={`forecast-expected-${card.currency}`}
                    data-amount={card.expected.amount}
                  >
                    {money(card.expected)}
                  </td>
                </tr>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t("forecast.disputed")}
                  </th>
                  <td
                    className="num"
                    data-testid={`forecast-disputed-${card.currency}`}
                    data-amount={card.disputed.amount}
                  >
                    {money(card.disputed)}
                  </td>
                </tr>
              </tfoot>
            </table>
            <h3>{t("forecast.delays")}</h3>
            {card.delays.length === 0 ? (
              <p>{t("forecast.noDelays")}</p>
            ) : (
              <table className="figures" data-testid={`forecast-delays-${card.currency}`}>
                <thead>
                  <tr>
                    <th scope="col">{t("forecast.customer")}</th>
                    <th scope="col" className="num">
                      {t("forecast.delayDays")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {card.delays.map((delay) => (
                    <tr key={delay.customer}>
                      <th scope="row">{delay.customer}</th>
                      <td className="num">{count(Number(delay.days))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
      </div>
    </Page>
  );
}
