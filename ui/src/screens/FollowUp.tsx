/**
 * The follow-up of the whole book at the as-of date, read-only: the payment plans with where
 * each stands, the claims on trade-credit insurance with the insurer's decision, the disputes
 * open on the date by reason and by age, and the bad debt written off in the year to the date.
 */

import * as api from "../api";
import { useSession } from "../app/session";
import { routeHref } from "../app/route";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import {
  claimDecisionName,
  claimRow,
  disputeGroupName,
  planRow,
  planStateName,
  yearToDate,
} from "../model/followUp";
import { disputeReasonName } from "../model/followupText";
import type { DisputeTotal } from "../api";

export function FollowUp() {
  const { t } = useI18n();
  return (
    <Page title={t("followup.title")} testId="followup">
      <PlansSection />
      <ClaimsSection />
      <DisputesSection />
      <BadDebtSection />
    </Page>
  );
}

function PlansSection() {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.plans({ as_of: asOf }), [asOf]);
  const rows = load.data?.map(planRow) ?? [];
  return (
    <section aria-labelledby="followup-plans" data-testid="followup-plans">
      <h2 id="followup-plans">{t("followup.plans")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.data && rows.length === 0 ? <p>{t("followup.noPlans")}</p> : null}
      {rows.length > 0 ? (
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t("followup.plan")}</th>
              <th scope="col">{t("followup.customer")}</th>
              <th scope="col">{t("followup.state")}</th>
              <th scope="col" className="num">
                {t("followup.scheduled")}
              </th>
              <th scope="col" className="num">
                {t("followup.paid")}
              </th>
              <th scope="col" className="num">
                {t("followup.arrears")}
              </th>
              <th scope="col" className="num">
                {t("followup.remaining")}
              </th>
              <th scope="col">{t("followup.next")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid={`plan-${row.id}`} data-state={row.state}>
                <th scope="row">{row.reference}</th>
                <td>
                  {row.customer} <span className="muted">({row.customerReference})</span>
                </td>
                <td data-testid={`plan-state-${row.id}`}>{planStateName(row.state, i18n)}</td>
                <td className="num">{money(row.scheduled)}</td>
                <td className="num">{money(row.paid)}</td>
                <td className="num">{money(row.arrears)}</td>
                <td className="num" data-testid={`plan-remaining-${row.id}`}>
                  {money(row.remaining)}
                </td>
                <td>
                  {row.next
                    ? t("followup.nextDue", {
                        amount: money(row.next.open),
                        date: date(row.next.dueDate),
                      })
                    : t("app.none")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ClaimsSection() {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const load = useLoad(() => api.claims(), []);
  const rows = load.data?.map(claimRow) ?? [];
  return (
    <section aria-labelledby="followup-claims" data-testid="followup-claims">
      <h2 id="followup-claims">{t("followup.claims")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.data && rows.length === 0 ? <p>{t("followup.noClaims")}</p> : null}
      {rows.length > 0 ? (
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t("followup.customer")}</th>
              <th scope="col">{t("followup.invoices")}</th>
              <th scope="col">{t("followup.filedOn")}</th>
              <th scope="col" className="num">
                {t("followup.claimed")}
              </th>
              <th scope="col">{t("followup.decision")}</th>
              <th scope="col" className="num">
                {t("followup.paid")}
              </th>
              <th scope="col" className="num">
                {t("followup.retention")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid={`claim-${row.id}`} data-decision={row.decision}>
                <th scope="row">{row.customer}</th>
                <td>{row.invoices}</td>
                <td>{date(row.filedOn)}</td>
                <td className="num">{money(row.claimed)}</td>
                <td>{claimDecisionName(row.decision, i18n)}</td>
                <td className="num">{row.paid ? money(row.paid) : t("app.none")}</td>
                <td className="num">{row.retention ? money(row.retention) : t("app.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function TotalsTable({ caption, totals }: { caption: string; totals: DisputeTotal[] }) {
  const i18n = useI18n();
  const { t, money, count } = i18n;
  return (
    <table className="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("followup.group")}</th>
          <th scope="col" className="num">
            {t("followup.count")}
          </th>
          <th scope="col" className="num">
            {t("followup.amount")}
          </th>
        </tr>
      </thead>
      <tbody>
        {totals.map((total) => (
          <tr key={`${total.group}-${total.currency}`}>
            <th scope="row">{disputeGroupName(total, i18n)}</th>
            <td className="num">{count(total.count)}</td>
            <td className="num">{money(total.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DisputesSection() {
  const i18n = useI18n();
  const { t, money, date, count } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.disputes({ as_of: asOf }), [asOf]);
  const data = load.data;
  return (
    <section aria-labelledby="followup-disputes" data-testid="followup-disputes">
      <h2 id="followup-disputes">{t("followup.disputes")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {data && data.disputes.length === 0 ? <p>{t("followup.noDisputes")}</p> : null}
      {data && data.disputes.length > 0 ? (
        <div className="two-columns">
          <TotalsTable caption={t("followup.byReason")} totals={data.by_reason} />
          <TotalsTable caption={t("followup.byAge")} totals={data.by_age} />
        </div>
      ) : null}
      {data && data.disputes.length > 0 ? (
        <table className="figures" data-testid="followup-dispute-list">
          <caption>{t("followup.disputeList")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("followup.invoice")}</th>
              <th scope="col">{t("followup.customer")}</th>
              <th scope="col">{t("followup.reason")}</th>
              <th scope="col">{t("followup.openedOn")}</th>
              <th scope="col" className="num">
                {t("followup.ageDays")}
              </th>
              <th scope="col" className="num">
                {t("followup.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.disputes.map((d) => (
              <tr key={d.id} data-testid={`open-dispute-${d.id}`}>
                <th scope="row">
                  <a href={routeHref({ screen: "invoice", number: d.invoice })}>{d.invoice}</a>
                </th>
                <td>
                  {d.customer_name} <span className="muted">({d.customer})</span>
                </td>
                <td>{disputeReasonName(d.reason, i18n)}</td>
                <td>{date(d.opened_on)}</td>
                <td className="num">{count(d.age_days)}</td>
                <td className="num">{money(d.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function BadDebtSection() {
  const { t, money, date, decimal } = useI18n();
  const { asOf } = useSession();
  const period = yearToDate(asOf);
  const load = useLoad(() => api.badDebt(period), [period.from, period.to]);
  const data = load.data;
  return (
    <section aria-labelledby="followup-bad-debt" data-testid="followup-bad-debt">
      <h2 id="followup-bad-debt">
        {t("followup.badDebt", { from: date(period.from), to: date(period.to) })}
      </h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {data && data.currencies.length === 0 ? <p>{t("followup.noBadDebt")}</p> : null}
      {data && data.currencies.length > 0 ? (
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t("followup.currency")}</th>
              <th scope="col" className="num">
                {t("followup.writtenOff")}
              </th>
              <th scope="col" className="num">
                {t("followup.creditSales")}
              </th>
              <th scope="col" className="num">
                {t("followup.ratio")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.currencies.map((total) => (
              <tr key={total.currency} data-testid={`bad-debt-${total.currency}`}>
                <th scope="row">{total.currency}</th>
                <td className="num">{money(total.written_off)}</td>
                <td className="num">{money(total.credit_sales)}</td>
                <td className="num">
                  {total.ratio_percent === null
                    ? t("app.none")
                    : t("followup.percent", { value: decimal(total.ratio_percent) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.write_offs.length > 0 ? (
        <table className="figures" data-testid="followup-write-offs">
          <caption>{t("followup.writeOffs")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("followup.reference")}</th>
              <th scope="col">{t("followup.date")}</th>
              <th scope="col">{t("followup.customer")}</th>
              <th scope="col">{t("followup.invoice")}</th>
              <th scope="col">{t("followup.reason")}</th>
              <th scope="col" className="num">
                {t("followup.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.write_offs.map((w) => (
              <tr key={w.reference}>
                <th scope="row">{w.reference}</th>
                <td>{date(w.date)}</td>
                <td>
                  {w.customer_name} <span className="muted">({w.customer})</span>
                </td>
                <td>{w.invoice ?? t("app.none")}</td>
                <td>{w.reason ?? t("app.none")}</td>
                <td className="num">{money(w.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
