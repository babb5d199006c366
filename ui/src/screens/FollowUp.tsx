/**
 * The follow-up of the whole book at the as-of date: the payment plans with where each stands
 * and each instalment's adherence ("Break plan…" for one missed beyond its grace period, and
 * "Record broken plans" for all of them); the claims on trade-credit insurance with the
 * insurer's decision ("File a claim…", "Record decision…", the insurer's payment); the promises
 * to pay by where they stand; the disputes open on the date by reason and by age; and the bad
 * debt written off in the year to the date.
 */

import { useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type PlanLine } from "../api";
import { useSession } from "../app/session";
import { routeHref } from "../app/route";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { emptyClaimForm } from "../model/claims";
import {
  disputeGroupName,
  planRow,
  planStateName,
  promiseGroups,
  yearToDate,
} from "../model/followUp";
import { disputeReasonName, promiseChannelName, promiseStateName } from "../model/followupText";
import { breakable, recordedBrokenBy } from "../model/plans";
import type { DisputeTotal } from "../api";
import { ClaimsTable, FileClaimDialog } from "./Claims";
import { BreakPlanDialog, PlanInstalments, PlanNote } from "./Plans";

export function FollowUp() {
  const { t } = useI18n();
  return (
    <Page title={t("followup.title")} testId="followup">
      <PlansSection />
      <ClaimsSection />
      <PromisesSection />
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
  const [breaking, setBreaking] = useState<PlanLine | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [enforcing, setEnforcing] = useState(false);
  const [enforceError, setEnforceError] = useState<ApiError | null>(null);
  const lines = load.data ?? [];
  const rows = lines.map(planRow);
  const enforce = async () => {
    setEnforcing(true);
    setEnforceError(null);
    setNotices([]);
    try {
      const recorded = await api.enforcePlans({ as_of: asOf });
      setNotices(
        recorded.length > 0
          ? recorded.map((line) => line.message)
          : [t("plan.enforcedNone", { date: date(asOf) })],
      );
      load.reload();
    } catch (raw) {
      setEnforceError(toApiError(raw));
    } finally {
      setEnforcing(false);
    }
  };
  return (
    <section aria-labelledby="followup-plans" data-testid="followup-plans">
      <h2 id="followup-plans">{t("followup.plans")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {notices.length > 0 ? (
        <div className="notice notice-ok" role="status" data-testid="plan-notice">
          {notices.map((notice, i) => (
            <p key={i}>{notice}</p>
          ))}
        </div>
      ) : null}
      {enforceError ? <ErrorNotice error={enforceError} /> : null}
      {load.data && rows.length === 0 ? <p>{t("followup.noPlans")}</p> : null}
      {rows.length > 0 ? (
        <div className="table-scroll">
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
                <th scope="col">
                  <span className="visually-hidden">{t("plan.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const line = lines[i]!;
                return (
                  <tr key={row.id} data-testid={`plan-${row.id}`} data-state={row.state}>
                    <th scope="row" className="nowrap">
                      {row.reference}
                    </th>
                    <td>
                      <a href={routeHref({ screen: "customer", reference: row.customerReference })}>
                        {row.customer}
                      </a>{" "}
                      <span className="muted">({row.customerReference})</span>
                    </td>
                    <td data-testid={`plan-state-${row.id}`}>
                      {planStateName(row.state, i18n)}
                      {line.recorded_broken && recordedBrokenBy(line) ? (
                        <span className="tag" data-testid={`plan-recorded-${row.id}`}>
                          {t("plan.recordedBroken", {
                            date: date(line.recorded_broken.broken_on),
                          })}
                        </span>
                      ) : null}
                    </td>
                    <td className="num">{money(row.scheduled)}</td>
                    <td className="num">{money(row.paid)}</td>
                    <td className="num">{money(row.arrears)}</td>
                    <td
                      className="num"
                      data-testid={`plan-remaining-${row.id}`}
                      data-amount={row.remaining.amount}
                    >
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
                    <td className="actions">
                      {breakable(line) ? (
                        <button
                          type="button"
                          className="danger"
                          onClick={() => {
                            setNotices([]);
                            setBreaking(line);
                          }}
                          data-testid={`plan-break-${row.id}`}
                        >
                          {t("plan.break")}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {lines.map((line) => (
        <details key={line.id} data-testid={`plan-details-${line.id}`}>
          <summary data-testid={`plan-details-toggle-${line.id}`}>
            {t("plan.instalmentsOf", {
              reference: line.reference,
              customer: line.customer_name,
              state: planStateName(line.standing.state, i18n),
            })}
          </summary>
          <PlanNote line={line} />
          <PlanInstalments line={line} />
        </details>
      ))}
      {rows.length > 0 ? (
        <div className="button-row">
          <button
            type="button"
            onClick={() => void enforce()}
            disabled={enforcing}
            aria-describedby="plan-enforce-hint"
            data-testid="plans-enforce"
          >
            {t("plan.enforce")}
          </button>
          <span id="plan-enforce-hint" className="hint">
            {t("plan.enforceHint")}
          </span>
        </div>
      ) : null}
      {breaking ? (
        <BreakPlanDialog
          line={breaking}
          onClose={() => setBreaking(null)}
          onBroken={(line) => {
            setBreaking(null);
            setNotices([line.message]);
            load.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function ClaimsSection() {
  const { t } = useI18n();
  const { asOf } = useSession();
  const load = useLoad(() => api.claims(), []);
  const [filing, setFiling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const lines = load.data ?? [];
  const changed = (message: string) => {
    setFiling(false);
    setNotice(message);
    load.reload();
  };
  return (
    <section aria-labelledby="followup-claims" data-testid="followup-claims">
      <h2 id="followup-claims">{t("followup.claims")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="claim-notice">
          {notice}
        </p>
      ) : null}
      {load.data && lines.length === 0 ? <p>{t("followup.noClaims")}</p> : null}
      {lines.length > 0 ? (
        <ClaimsTable lines={lines} onChanged={changed} testId="followup-claim-list" />
      ) : null}
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            setNotice(null);
            setFiling(true);
          }}
          data-testid="followup-file-claim"
        >
          {t("claim.file")}
        </button>
      </div>
      {filing ? (
        <FileClaimDialog
          initial={emptyClaimForm("", [], asOf, "")}
          customerFixed={false}
          onClose={() => setFiling(false)}
          onFiled={(line) => changed(line.message)}
        />
      ) : null}
    </section>
  );
}

function PromisesSection() {
  const i18n = useI18n();
  const { t, money, date, count } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.promises({ as_of: asOf }), [asOf]);
  const groups = promiseGroups(load.data ?? []);
  return (
    <section aria-labelledby="followup-promises" data-testid="followup-promises">
      <h2 id="followup-promises">{t("promises.report")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.data && load.data.length === 0 ? <p>{t("promises.none")}</p> : null}
      {load.data && load.data.length > 0
        ? groups.map((group) => (
            <div key={group.state} data-testid={`promises-${group.state}`}>
              <h3>
                {t("promises.group", {
                  state: promiseStateName(group.state, i18n),
                  count: count(group.lines.length),
                })}
              </h3>
              {group.lines.length === 0 ? (
                <p className="muted">{t("promises.groupNone")}</p>
              ) : (
                <div className="table-scroll">
                  <table className="figures">
                    <thead>
                      <tr>
                        <th scope="col">{t("promises.due")}</th>
                        <th scope="col">{t("promises.customer")}</th>
                        <th scope="col" className="num">
                          {t("promises.amount")}
                        </th>
                        <th scope="col">{t("promises.by")}</th>
                        <th scope="col">{t("promises.how")}</th>
                        <th scope="col">{t("promises.made")}</th>
                        <th scope="col" className="num">
                          {t("promises.received")}
                        </th>
                        <th scope="col" className="num">
                          {t("promises.missing")}
                        </th>
                        <th scope="col">{t("promises.invoices")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {group.lines.map((line) => (
                        <tr
                          key={line.id}
                          data-testid={`promise-report-${line.id}`}
                          data-state={line.standing.state}
                          data-amount={line.promise.amount.amount}
                        >
                          <th scope="row">{date(line.promise.promised_on)}</th>
                          <td>
                            <a
                              href={routeHref({
                                screen: "customer",
                                reference: line.promise.customer_reference,
                              })}
                            >
                              {line.customer_name}
                            </a>{" "}
                            <span className="muted">({line.promise.customer_reference})</span>
                          </td>
                          <td className="num">{money(line.promise.amount)}</td>
                          <td>{line.promise.promised_by}</td>
                          <td>{promiseChannelName(line.promise.channel, i18n)}</td>
                          <td>{date(line.promise.made_on)}</td>
                          <td className="num">{money(line.standing.paid)}</td>
                          <td className="num">{money(line.standing.missing)}</td>
                          <td>{line.promise.invoice_numbers.join(", ")}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      {group.totals.map((total) => (
                        <tr key={total.currency}>
                          <th scope="row" colSpan={2}>
                            {t("promises.total", { currency: total.currency })}
                          </th>
                          <td
                            className="num"
                            data-testid={`promises-total-${group.state}-${total.currency}`}
                            data-amount={total.amount}
                          >
                            {money(total)}
                          </td>
                          <td colSpan={6} />
                        </tr>
                      ))}
                    </tfoot>
                  </table>
                </div>
              )}
            </div>
          ))
        : null}
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
