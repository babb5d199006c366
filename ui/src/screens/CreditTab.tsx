/**
 * The credit tab of a customer's page: the credit profile, security, credit reports and
 * insurance; the exposure at the as-of date against the limit, the insured limit and the
 * security, with the exchange rates used; and the customer's orders, entered and changed with
 * a credit check; the risk score with its factors; the invoices reported to the insurer; the
 * limit the book's policy suggests, decided on by the owner. Security and
 * credit reports are removed by the ids the backend lists them with, after a confirmation; each
 * credit report shows the files attached to it (the agency's PDF), attached and saved through
 * the shell's native dialogs.
 */

import { useState } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type Order,
  type OrderResult,
  type ReportEntry,
  type SecurityEntry,
} from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { Attachments } from "../components/Attachments";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n/context";
import { isAboveZero, orderActions, orderChange, securityKindName } from "../model/creditText";
import type { OrderAction } from "../model/creditText";
import {
  InsuranceDialog,
  ProfileDialog,
  RateDialog,
  ReportDialog,
  SecurityDialog,
} from "./CreditDialogs";
import { LimitPanel } from "./LimitPanel";
import { InsurerReportsPanel, RiskPanel } from "./RiskPanel";
import { ChangeOrderDialog, OrderDialog } from "./OrderEntry";

type Open =
  | { dialog: "profile" | "security" | "report" | "insurance" | "rate" | "order" }
  | { dialog: "change"; order: Order; action: "amend" | "reopen"; first: OrderResult | null }
  | { dialog: "remove-security"; entry: SecurityEntry }
  | { dialog: "remove-report"; entry: ReportEntry }
  | null;

export function CreditTab({ customer }: { customer: string }) {
  const i18n = useI18n();
  const { t, money, date, count } = i18n;
  const { asOf, book } = useSession();
  const [open, setOpen] = useState<Open>(null);
  const [changeError, setChangeError] = useState<ApiError | null>(null);
  const file = useLoad(() => api.creditFile({ customer }), [customer]);
  const hasFile = file.status === "ok" && file.data !== null;
  const exposure = useLoad(
    () =>
      hasFile
        ? api.creditExposure({ customer, as_of: asOf }).then((e) => e)
        : Promise.resolve(null),
    [customer, asOf, hasFile, file.data],
  );
  const orders = useLoad(() => api.customerOrders({ customer }), [customer]);
  const securityList = useLoad(
    () => (hasFile ? api.securityEntries({ customer }) : Promise.resolve([])),
    [customer, hasFile, file.data],
  );
  const reportList = useLoad(
    () => (hasFile ? api.creditReportEntries({ customer }) : Promise.resolve([])),
    [customer, hasFile, file.data],
  );
  const currency = file.data?.profile.limit.currency ?? book?.currency ?? "";

  const refresh = () => {
    file.reload();
    orders.reload();
  };
  const closeAndRefresh = () => {
    setOpen(null);
    refresh();
  };

  const act = async (order: Order, action: OrderAction) => {
    setChangeError(null);
    if (action === "amend") {
      setOpen({ dialog: "change", order, action, first: null });
      return;
    }
    try {
      const result = await api.changeOrder({
        reference: order.reference,
        change: orderChange(action, null),
        as_of: asOf,
        override_reason: null,
      });
      if (result.saved) {
        refresh();
      } else if (action === "reopen") {
        setOpen({ dialog: "change", order, action, first: result });
      }
    } catch (raw) {
      setChangeError(toApiError(raw));
    }
  };

  const credit = file.data;
  const x = exposure.data;

  return (
    <div data-testid="credit-tab">
      {file.status === "error" ? <ErrorNotice error={file.error} onRetry={file.reload} /> : null}
      {file.status === "loading" && file.data === null ? (
        <p role="status">{t("app.loading")}</p>
      ) : null}

      <section aria-labelledby="credit-profile-heading">
        <h2 id="credit-profile-heading">{t("credit.profile")}</h2>
        {file.status === "ok" && !credit ? (
          <p data-testid="credit-no-profile">{t("credit.noProfile")}</p>
        ) : null}
        {credit ? (
          <dl className="facts" data-testid="credit-profile-facts">
            <div>
              <dt>{t("credit.limit")}</dt>
              <dd className="num" data-testid="credit-profile-limit">
                {money(credit.profile.limit)}
              </dd>
            </div>
            <div>
              <dt>{t("credit.defaultTerms")}</dt>
              <dd>{t("credit.days", { days: count(credit.profile.default_terms_days) })}</dd>
            </div>
            <div>
              <dt>{t("credit.maxTerms")}</dt>
              <dd>{t("credit.days", { days: count(credit.profile.max_terms_days) })}</dd>
            </div>
            <div>
              <dt>{t("credit.riskClass")}</dt>
              <dd>{t(`credit.risk.${credit.profile.risk_class}`)}</dd>
            </div>
            <div>
              <dt>{t("credit.status")}</dt>
              <dd data-testid="credit-profile-status">
                {t(`credit.status.${credit.profile.status}`)}
              </dd>
            </div>
            <div>
              <dt>{t("credit.reviewDate")}</dt>
              <dd>{date(credit.profile.review_date)}</dd>
            </div>
            <div>
              <dt>{t("credit.reviewInterval")}</dt>
              <dd>
                {t("credit.months", { months: count(credit.profile.review_interval_months) })}
              </dd>
            </div>
            <div>
              <dt>{t("credit.securityRequired")}</dt>
              <dd>{credit.profile.security_required ? t("app.yes") : t("app.no")}</dd>
            </div>
          </dl>
        ) : null}
        {file.status === "ok" ? (
          <div className="button-row">
            <button
              type="button"
              className={credit ? undefined : "primary"}
              onClick={() => setOpen({ dialog: "profile" })}
              data-testid="credit-edit-profile"
            >
              {credit ? t("credit.editProfile") : t("credit.setProfile")}
            </button>
          </div>
        ) : null}
      </section>

      {credit ? (
        <>
          <section aria-labelledby="credit-exposure-heading">
            <h2 id="credit-exposure-heading">{t("credit.exposure", { date: date(asOf) })}</h2>
            {exposure.status === "error" ? <ErrorNotice error={exposure.error} /> : null}
            {x ? (
              <>
                <dl className="facts" data-testid="credit-exposure">
                  <div>
                    <dt>{t("credit.limit")}</dt>
                    <dd className="num" data-testid="exposure-limit" data-amount={x.limit.amount}>
                      {money(x.limit)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.receivables")}</dt>
                    <dd
                      className="num"
                      data-testid="exposure-receivables"
                      data-amount={x.receivables.amount}
                    >
                      {money(x.receivables)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.disputed")}</dt>
                    <dd
                      className="num"
                      data-testid="exposure-disputed"
                      data-amount={x.disputed.amount}
                    >
                      {money(x.disputed)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.openOrders")}</dt>
                    <dd
                      className="num"
                      data-testid="exposure-open-orders"
                      data-amount={x.open_orders.amount}
                    >
                      {money(x.open_orders)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.total")}</dt>
                    <dd className="num" data-testid="exposure-total" data-amount={x.total.amount}>
                      {money(x.total)}
                    </dd>
                  </div>
                  <div>
                    <dt>{isAboveZero(x.excess) ? t("credit.excess") : t("credit.headroom")}</dt>
                    <dd
                      className="num"
                      data-testid={isAboveZero(x.excess) ? "exposure-excess" : "exposure-headroom"}
                      data-amount={(isAboveZero(x.excess) ? x.excess : x.headroom).amount}
                    >
                      {money(isAboveZero(x.excess) ? x.excess : x.headroom)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.insuredLimitNow")}</dt>
                    <dd className="num" data-testid="exposure-insured-limit">
                      {x.insured_limit ? money(x.insured_limit) : t("credit.noValidInsurance")}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.uninsured")}</dt>
                    <dd
                      className="num"
                      data-testid="exposure-uninsured"
                      data-amount={x.uninsured.amount}
                    >
                      {money(x.uninsured)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("credit.securityCover")}</dt>
                    <dd
                      className="num"
                      data-testid="exposure-security-cover"
                      data-amount={x.security_cover.amount}
                    >
                      {money(x.security_cover)}
                    </dd>
                  </div>
                </dl>
                <h3>{t("credit.rates")}</h3>
                {x.rates_used.length === 0 ? (
                  <p className="hint">{t("credit.noRates")}</p>
                ) : (
                  <ul data-testid="exposure-rates">
                    {x.rates_used.map((r) => (
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
                )}
                {x.lines.length > 0 ? (
                  <div className="table-scroll">
                    <table className="figures" data-testid="exposure-lines">
                      <caption>{t("credit.lines")}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("timeline.reference")}</th>
                          <th scope="col" className="num">
                            {t("credit.original")}
                          </th>
                          <th scope="col" className="num">
                            {t("credit.converted")}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {x.lines.map((line, i) => (
                          <tr key={i}>
                            <th scope="row">
                              {line.source.kind === "order"
                                ? t("credit.line.order", { reference: line.source.reference })
                                : t("credit.line.receivable", {
                                    number: line.source.invoice_number,
                                    date: date(line.source.due_date),
                                  })}
                              {line.source.kind === "receivable" && line.source.disputed ? (
                                <span className="tag">{t("invoices.disputed")}</span>
                              ) : null}
                            </th>
                            <td className="num">{money(line.original)}</td>
                            <td className="num">{money(line.converted)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
              </>
            ) : null}
            <div className="button-row">
              <button
                type="button"
                onClick={() => setOpen({ dialog: "rate" })}
                data-testid="credit-add-rate"
              >
                {t("credit.addRate")}
              </button>
            </div>
          </section>

          <RiskPanel customer={customer} version={file.data} />

          <section aria-labelledby="credit-orders-heading">
            <h2 id="credit-orders-heading">{t("credit.orders")}</h2>
            {changeError ? <ErrorNotice error={changeError} /> : null}
            {orders.status === "error" ? <ErrorNotice error={orders.error} /> : null}
            {orders.data && orders.data.length === 0 ? <p>{t("credit.noOrders")}</p> : null}
            {orders.data && orders.data.length > 0 ? (
              <div className="table-scroll">
                <table className="figures" data-testid="credit-orders">
                  <thead>
                    <tr>
                      <th scope="col">{t("order.reference")}</th>
                      <th scope="col">{t("order.date")}</th>
                      <th scope="col" className="num">
                        {t("order.amount")}
                      </th>
                      <th scope="col" className="num">
                        {t("order.terms")}
                      </th>
                      <th scope="col">{t("order.state")}</th>
                      <th scope="col">{t("order.actions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {orders.data.map((o) => (
                      <tr key={o.reference} data-testid={`order-${o.reference}`}>
                        <th scope="row">{o.reference}</th>
                        <td>{date(o.date)}</td>
                        <td
                          className="num"
                          data-testid={`order-${o.reference}-amount`}
                          data-amount={o.amount.amount}
                        >
                          {money(o.amount)}
                        </td>
                        <td className="num">{count(o.terms_days)}</td>
                        <td data-testid={`order-${o.reference}-state`} data-state={o.state}>
                          {t(`order.state.${o.state}`)}
                        </td>
                        <td className="actions">
                          {orderActions(o.state).map((action) => (
                            <button
                              key={action}
                              type="button"
                              className="small"
                              onClick={() => void act(o, action)}
                              data-testid={`order-${o.reference}-${action}`}
                            >
                              {t(`order.action.${action}`)}
                            </button>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <div className="button-row">
              <button
                type="button"
                className="primary"
                onClick={() => setOpen({ dialog: "order" })}
                data-testid="credit-new-order"
              >
                {t("credit.newOrder")}
              </button>
            </div>
          </section>

          <section aria-labelledby="credit-security-heading">
            <h2 id="credit-security-heading">{t("credit.security")}</h2>
            {securityList.status === "error" ? <ErrorNotice error={securityList.error} /> : null}
            {credit.security.length === 0 ? (
              <p>{t("credit.noSecurity")}</p>
            ) : (
              <div className="table-scroll">
                <table className="figures" data-testid="credit-security-list">
                  <thead>
                    <tr>
                      <th scope="col">{t("credit.securityKindLabel")}</th>
                      <th scope="col">{t("credit.issuer")}</th>
                      <th scope="col" className="num">
                        {t("credit.amount")}
                      </th>
                      <th scope="col">{t("credit.expiresOn")}</th>
                      <th scope="col">{t("credit.entryActions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(securityList.data ?? []).map((entry) => {
                      const s = entry.security;
                      return (
                        <tr key={entry.id} data-testid={`security-${entry.id}`}>
                          <td>{securityKindName(s.kind, i18n)}</td>
                          <td>{s.issuer}</td>
                          <td className="num">{money(s.amount)}</td>
                          <td>
                            {s.kind.kind === "deposit"
                              ? t("credit.noExpiry")
                              : date(s.kind.expires_on)}
                          </td>
                          <td className="actions">
                            <button
                              type="button"
                              className="small"
                              onClick={() => setOpen({ dialog: "remove-security", entry })}
                              data-testid={`security-${entry.id}-remove`}
                            >
                              {t("credit.remove")}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            <div className="button-row">
              <button
                type="button"
                onClick={() => setOpen({ dialog: "security" })}
                data-testid="credit-add-security"
              >
                {t("credit.addSecurity")}
              </button>
            </div>
          </section>

          <section aria-labelledby="credit-reports-heading">
            <h2 id="credit-reports-heading">{t("credit.reports")}</h2>
            {reportList.status === "error" ? <ErrorNotice error={reportList.error} /> : null}
            {credit.reports.length === 0 ? (
              <p>{t("credit.noReports")}</p>
            ) : (
              <div className="table-scroll">
                <table className="figures" data-testid="credit-report-list">
                  <thead>
                    <tr>
                      <th scope="col">{t("credit.reportDate")}</th>
                      <th scope="col">{t("credit.agency")}</th>
                      <th scope="col">{t("credit.rating")}</th>
                      <th scope="col" className="num">
                        {t("credit.recommended")}
                      </th>
                      <th scope="col">{t("credit.note")}</th>
                      <th scope="col">{t("attachment.heading")}</th>
                      <th scope="col">{t("credit.entryActions")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...(reportList.data ?? [])]
                      .sort((a, b) => b.report.date.localeCompare(a.report.date))
                      .map((entry) => {
                        const r = entry.report;
                        return (
                          <tr key={entry.id} data-testid={`report-${entry.id}`}>
                            <td>{date(r.date)}</td>
                            <td>{r.agency}</td>
                            <td>{r.rating}</td>
                            <td className="num">
                              {r.recommended_limit ? money(r.recommended_limit) : t("app.none")}
                            </td>
                            <td>{r.note}</td>
                            <td>
                              <Attachments
                                load={() =>
                                  api.creditReportAttachments({ customer, report: entry.id })
                                }
                                attach={() =>
                                  api.attachToCreditReport({ customer, report: entry.id })
                                }
                                deps={[customer, entry.id]}
                                testId={`report-${entry.id}-attachments`}
                              />
                            </td>
                            <td className="actions">
                              <button
                                type="button"
                                className="small"
                                onClick={() => setOpen({ dialog: "remove-report", entry })}
                                data-testid={`report-${entry.id}-remove`}
                              >
                                {t("credit.remove")}
                              </button>
                            </td>
                          </tr>
                        );
                      })}
                  </tbody>
                </table>
              </div>
            )}
            <div className="button-row">
              <button
                type="button"
                onClick={() => setOpen({ dialog: "report" })}
                data-testid="credit-add-report"
              >
                {t("credit.addReport")}
              </button>
            </div>
          </section>

          <section aria-labelledby="credit-insurance-heading">
            <h2 id="credit-insurance-heading">{t("credit.insurance")}</h2>
            {credit.insurance ? (
              <dl className="facts" data-testid="credit-insurance-facts">
                <div>
                  <dt>{t("credit.insurer")}</dt>
                  <dd>{credit.insurance.insurer}</dd>
                </div>
                <div>
                  <dt>{t("credit.policy")}</dt>
                  <dd>{credit.insurance.policy_number}</dd>
                </div>
                <div>
                  <dt>{t("credit.buyer")}</dt>
                  <dd>{credit.insurance.buyer_reference}</dd>
                </div>
                <div>
                  <dt>{t("credit.insuredLimit")}</dt>
                  <dd className="num">{money(credit.insurance.insured_limit)}</dd>
                </div>
                <div>
                  <dt>{t("credit.validFrom")}</dt>
                  <dd>{date(credit.insurance.valid_from)}</dd>
                </div>
                <div>
                  <dt>{t("credit.validTo")}</dt>
                  <dd>{date(credit.insurance.valid_to)}</dd>
                </div>
                <div>
                  <dt>{t("credit.maxPeriod")}</dt>
                  <dd>{count(credit.insurance.max_credit_period_days)}</dd>
                </div>
                <div>
                  <dt>{t("credit.reportWithin")}</dt>
                  <dd>{count(credit.insurance.reporting_deadline_days)}</dd>
                </div>
              </dl>
            ) : (
              <p>{t("credit.noInsurance")}</p>
            )}
            <div className="button-row">
              <button
                type="button"
                onClick={() => setOpen({ dialog: "insurance" })}
                data-testid="credit-set-insurance"
              >
                {t("credit.setInsurance")}
              </button>
            </div>
          </section>

          <InsurerReportsPanel customer={customer} />

          <LimitPanel customer={customer} onDecided={refresh} />
        </>
      ) : null}

      <p>
        <a href={routeHref({ screen: "review" })}>{t("nav.review")}</a>
      </p>

      {open?.dialog === "profile" ? (
        <ProfileDialog
          customer={customer}
          file={credit ?? null}
          onClose={() => setOpen(null)}
          onSaved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "security" ? (
        <SecurityDialog
          customer={customer}
          currency={currency}
          onClose={() => setOpen(null)}
          onSaved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "report" ? (
        <ReportDialog
          customer={customer}
          currency={currency}
          date={asOf}
          onClose={() => setOpen(null)}
          onSaved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "insurance" && credit ? (
        <InsuranceDialog
          customer={customer}
          file={credit}
          currency={currency}
          onClose={() => setOpen(null)}
          onSaved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "rate" ? (
        <RateDialog
          to={currency}
          date={asOf}
          onClose={() => setOpen(null)}
          onSaved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "remove-security" ? (
        <RemoveDialog
          title={t("credit.removeSecurityTitle")}
          question={t("credit.removeSecurityConfirm", {
            kind: securityKindName(open.entry.security.kind, i18n),
            amount: money(open.entry.security.amount),
            issuer: open.entry.security.issuer,
          })}
          testId="remove-security"
          remove={() => api.removeSecurity({ customer, id: open.entry.id })}
          onClose={() => setOpen(null)}
          onRemoved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "remove-report" ? (
        <RemoveDialog
          title={t("credit.removeReportTitle")}
          question={t("credit.removeReportConfirm", {
            agency: open.entry.report.agency,
            date: date(open.entry.report.date),
            rating: open.entry.report.rating,
          })}
          testId="remove-report"
          remove={() => api.removeCreditReport({ customer, id: open.entry.id })}
          onClose={() => setOpen(null)}
          onRemoved={closeAndRefresh}
        />
      ) : null}
      {open?.dialog === "order" ? (
        <OrderDialog customer={customer} onClose={() => setOpen(null)} onSaved={refresh} />
      ) : null}
      {open?.dialog === "change" ? (
        <ChangeOrderDialog
          order={open.order}
          action={open.action}
          first={open.first}
          onClose={() => setOpen(null)}
          onSaved={refresh}
        />
      ) : null}
    </div>
  );
}

/** Asks before removing an item of the credit file; the backend's refusal is shown in it. */
function RemoveDialog({
  title,
  question,
  testId,
  remove,
  onClose,
  onRemoved,
}: {
  title: string;
  question: string;
  testId: string;
  remove: () => Promise<unknown>;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await remove();
      onRemoved();
    } catch (raw) {
      setError(toApiError(raw));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} open onClose={onClose} testId={testId}>
      <p data-testid={`${testId}-question`}>{question}</p>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => void confirm()}
          data-testid={`${testId}-confirm`}
        >
          {t("credit.remove")}
        </button>
        <button type="button" onClick={onClose} data-testid={`${testId}-cancel`}>
          {t("app.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
