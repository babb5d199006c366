/**
 * One customer: profile, balances per currency, open items, promises to pay, payment plans, and
 * everything that happened (disputes, promises, plans, write-offs and claims among it); and on
 * its credit tab, its credit file, exposure, risk score and orders; and on its collections tab,
 * its dunning (see `CustomerCollections.tsx`).
 */

import * as api from "../api";
import { routeHref, NO_FILTERS, type CustomerTab } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { reactionTo } from "../model/errors";
import { timelineDetail, timelineInvoice } from "../model/timeline";
import { CreditTab } from "./CreditTab";
import { CustomerCollections } from "./CustomerCollections";
import { CustomerPlans } from "./Plans";
import { CustomerPromises } from "./Promises";

const TABS: CustomerTab[] = ["overview", "credit", "collections"];

export function CustomerPage({ reference, tab }: { reference: string; tab: CustomerTab }) {
  const i18n = useI18n();
  const { t, money, date, count } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.customerDetail({ reference, as_of: asOf }), [reference, asOf]);
  const detail = load.data;
  const c = detail?.customer;

  return (
    <Page
      title={
        c && c.name !== c.reference
          ? `${c.name} (${c.reference})`
          : t("customer.title", { reference })
      }
      testId="customer"
      actions={
        <>
          <a
            className="button"
            href={routeHref({ screen: "payment", customer: reference, invoice: null })}
            data-testid="customer-record-payment"
          >
            {t("customer.recordPayment")}
          </a>
          <a
            className="button"
            href={routeHref({
              screen: "invoices",
              filters: { ...NO_FILTERS, customer: reference },
            })}
            data-testid="customer-invoices"
          >
            {t("customer.invoices")}
          </a>
        </>
      }
    >
      {load.status === "error" ? (
        reactionTo(load.error.code) === "not_found" ? (
          <p role="alert" data-testid="customer-not-found">
            {t("customer.notFound")} {load.error.message}
          </p>
        ) : (
          <ErrorNotice error={load.error} onRetry={load.reload} />
        )
      ) : null}
      {!c && load.status === "loading" ? <p role="status">{t("app.loading")}</p> : null}
      {c ? (
        <nav className="tabs" aria-label={t("customer.sections")}>
          <ul>
            {TABS.map((each) => (
              <li key={each}>
                <a
                  href={routeHref({
                    screen: "customer",
                    reference,
                    ...(each === "overview" ? {} : { tab: each }),
                  })}
                  aria-current={each === tab ? "page" : undefined}
                  data-testid={`customer-tab-${each}`}
                >
                  {t(`customer.tab.${each}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {c && tab === "credit" ? <CreditTab customer={c.reference} /> : null}
      {c && detail && tab === "collections" ? (
        <CustomerCollections
          customer={c.reference}
          name={c.name}
          currencies={c.balances.map((b) => b.currency)}
          openInvoices={detail.open_items.map((item) => item.number)}
        />
      ) : null}
      {c && detail && tab === "overview" ? (
        <>
          <section aria-labelledby="profile">
            <h2 id="profile">{t("customer.profile")}</h2>
            <dl className="facts" data-testid="customer-profile">
              <div>
                <dt>{t("customers.name")}</dt>
                <dd data-testid="customer-name">{c.name}</dd>
              </div>
              <div>
                <dt>{t("customers.reference")}</dt>
                <dd>{c.reference}</dd>
              </div>
              <div>
                <dt>{t("customer.country")}</dt>
                <dd>{c.country ?? t("app.none")}</dd>
              </div>
              <div>
                <dt>{t("customer.email")}</dt>
                <dd>{c.email ?? t("app.none")}</dd>
              </div>
              <div>
                <dt>{t("customer.channel")}</dt>
                <dd>{c.channel ? t(`customer.channel.${c.channel}`) : t("app.none")}</dd>
              </div>
            </dl>
          </section>

          <section aria-labelledby="balances">
            <h2 id="balances">{t("customer.balances")}</h2>
            {c.balances.length === 0 ? <p>{t("customer.noBalance")}</p> : null}
            <div className="table-scroll" hidden={c.balances.length === 0}>
              <table className="figures">
                <thead>
                  <tr>
                    <th scope="col">{t("customer.currency")}</th>
                    <th scope="col" className="num">
                      {t("customers.open")}
                    </th>
                    <th scope="col" className="num">
                      {t("customers.overdue")}
                    </th>
                    <th scope="col" className="num">
                      {t("customer.unapplied")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.balances.map((b) => (
                    <tr key={b.currency} data-testid={`customer-balance-${b.currency}`}>
                      <th scope="row">{b.currency}</th>
                      <td className="num" data-testid={`customer-open-${b.currency}`}>
                        {money(b.open)}
                      </td>
                      <td className="num" data-testid={`customer-overdue-${b.currency}`}>
                        {money(b.overdue)}
                      </td>
                      <td className="num">{money(b.unapplied)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="open-items">
            <h2 id="open-items">{t("customer.openItems")}</h2>
            {Number(detail.open_items_total) > detail.open_items.length ? (
              <p className="hint">
                {t("customer.showing", {
                  shown: count(detail.open_items.length),
                  total: count(Number(detail.open_items_total)),
                })}{" "}
                <a
                  href={routeHref({
                    screen: "invoices",
                    filters: { ...NO_FILTERS, customer: reference },
                  })}
                >
                  {t("customer.invoices")}
                </a>
              </p>
            ) : null}
            {detail.open_items.length === 0 ? (
              <p>{t("customer.noOpenItems")}</p>
            ) : (
              <div className="table-scroll">
                <table className="figures" data-testid="open-items">
                  <thead>
                    <tr>
                      <th scope="col">{t("invoices.number")}</th>
                      <th scope="col">{t("invoices.issued")}</th>
                      <th scope="col">{t("invoices.due")}</th>
                      <th scope="col" className="num">
                        {t("invoices.days")}
                      </th>
                      <th scope="col" className="num">
                        {t("invoices.total")}
                      </th>
                      <th scope="col" className="num">
                        {t("invoices.open")}
                      </th>
                      <th scope="col">{t("invoices.status")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.open_items.map((i) => (
                      <tr key={i.number} data-testid={`open-item-${i.number}`}>
                        <th scope="row">
                          <a href={routeHref({ screen: "invoice", number: i.number })}>
                            {i.number}
                          </a>
                        </th>
                        <td>{date(i.issue_date)}</td>
                        <td>
                          {i.earliest_unpaid_due ? date(i.earliest_unpaid_due) : t("app.none")}
                        </td>
                        <td className="num">
                          {i.days_overdue === null ? t("app.none") : count(Number(i.days_overdue))}
                        </td>
                        <td className="num">{money(i.total)}</td>
                        <td className="num">{money(i.open)}</td>
                        <td>
                          {t(`status.${i.status}`)}
                          {i.disputed ? (
                            <span className="tag">{t("invoices.disputed")}</span>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <CustomerPromises
            customer={c.reference}
            name={c.name}
            openInvoices={detail.open_items.map((item) => item.number)}
            onChanged={load.reload}
          />

          <CustomerPlans
            customer={c.reference}
            name={c.name}
            openItems={detail.open_items}
            onChanged={load.reload}
          />

          <section aria-labelledby="timeline">
            <h2 id="timeline">{t("customer.timeline")}</h2>
            {Number(detail.timeline_total) > detail.timeline.length ? (
              <p className="hint">
                {t("customer.showing", {
                  shown: count(detail.timeline.length),
                  total: count(Number(detail.timeline_total)),
                })}
              </p>
            ) : null}
            {detail.timeline.length === 0 ? (
              <p>{t("customer.noEvents")}</p>
            ) : (
              <div className="table-scroll">
                <table className="figures" data-testid="timeline">
                  <thead>
                    <tr>
                      <th scope="col">{t("timeline.date")}</th>
                      <th scope="col">{t("timeline.event")}</th>
                      <th scope="col">{t("timeline.reference")}</th>
                      <th scope="col" className="num">
                        {t("timeline.amount")}
                      </th>
                      <th scope="col">{t("timeline.detail")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.timeline.map((e, i) => {
                      const invoice = timelineInvoice(e);
                      return (
                        <tr key={i} data-testid={`timeline-event-${i}`} data-kind={e.kind}>
                          <td>{date(e.date)}</td>
                          <td>{t(`timeline.kind.${e.kind}`)}</td>
                          <td>
                            {invoice ? (
                              <a href={routeHref({ screen: "invoice", number: invoice })}>
                                {e.reference}
                              </a>
                            ) : (
                              e.reference
                            )}
                          </td>
                          <td className="num">{e.amount ? money(e.amount) : ""}</td>
                          <td>{timelineDetail(e, i18n)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}
