/**
 * One invoice: its facts, its disputes, its insurance claims (when its customer is insured),
 * its instalments, and what was allocated to each.
 */

import * as api from "../api";
import { routeHref } from "../app/route";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { reactionTo } from "../model/errors";
import { InvoiceClaims } from "./Claims";
import { InvoiceDisputes } from "./Disputes";

export function InvoicePage({ number }: { number: string }) {
  const { t, money, date, decimal } = useI18n();
  const load = useLoad(() => api.invoiceDetail({ number }), [number]);
  const inv = load.data;

  return (
    <Page
      title={t("invoice.title", { number: inv?.number ?? number })}
      testId="invoice"
      actions={
        <a
          className="button"
          href={routeHref({
            screen: "payment",
            customer: inv?.customer_reference ?? null,
            invoice: inv?.number ?? number,
          })}
          data-testid="invoice-record-payment"
        >
          {t("invoice.recordPayment")}
        </a>
      }
    >
      {load.status === "error" ? (
        reactionTo(load.error.code) === "not_found" ? (
          <p role="alert" data-testid="invoice-not-found">
            {t("invoice.notFound")} {load.error.message}
          </p>
        ) : (
          <ErrorNotice error={load.error} onRetry={load.reload} />
        )
      ) : null}
      {!inv && load.status === "loading" ? <p role="status">{t("app.loading")}</p> : null}
      {inv ? (
        <>
          <dl className="facts" data-testid="invoice-facts">
            <div>
              <dt>{t("invoice.customer")}</dt>
              <dd>
                <a href={routeHref({ screen: "customer", reference: inv.customer_reference })}>
                  {inv.customer_name} ({inv.customer_reference})
                </a>
              </dd>
            </div>
            <div>
              <dt>{t("invoice.issued")}</dt>
              <dd>{date(inv.issue_date)}</dd>
            </div>
            <div>
              <dt>{t("invoice.total")}</dt>
              <dd className="num" data-testid="invoice-total">
                {money(inv.total)}
              </dd>
            </div>
            <div>
              <dt>{t("invoice.open")}</dt>
              <dd className="num" data-testid="invoice-open">
                {money(inv.open)}
              </dd>
            </div>
            <div>
              <dt>{t("invoice.status")}</dt>
              <dd data-testid="invoice-status">
                {t(`status.${inv.status}`)}
                {inv.disputed ? <span className="tag">{t("invoice.disputed")}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t("invoice.terms")}</dt>
              <dd>{inv.terms}</dd>
            </div>
            {inv.discount ? (
              <div>
                <dt>{t("invoice.discount")}</dt>
                <dd>
                  {t("invoice.discountText", {
                    percent: decimal(inv.discount.percent),
                    date: date(inv.discount.until),
                    amount: money(inv.discount.amount),
                  })}
                </dd>
              </div>
            ) : null}
          </dl>

          <InvoiceDisputes
            invoice={inv.number}
            currency={inv.total.currency}
            onChanged={load.reload}
          />

          <InvoiceClaims invoice={inv} onChanged={load.reload} />

          <h2>{t("invoice.instalments")}</h2>
          {inv.instalments.map((ins) => (
            <section
              key={ins.seq}
              className="card"
              data-testid={`instalment-${ins.seq}`}
              aria-labelledby={`ins-${ins.seq}`}
            >
              <h3 id={`ins-${ins.seq}`}>
                {t("invoice.seq")} {ins.seq}: {date(ins.due_date)}
              </h3>
              <dl className="facts">
                <div>
                  <dt>{t("invoice.amount")}</dt>
                  <dd className="num">{money(ins.amount)}</dd>
                </div>
                <div>
                  <dt>{t("invoice.open")}</dt>
                  <dd className="num" data-testid={`instalment-open-${ins.seq}`}>
                    {money(ins.open)}
                  </dd>
                </div>
              </dl>
              <h4>{t("invoice.allocations")}</h4>
              {ins.allocations.length === 0 ? (
                <p>{t("invoice.noAllocations")}</p>
              ) : (
                <div className="table-scroll">
                  <table className="figures">
                    <thead>
                      <tr>
                        <th scope="col">{t("invoice.settlement")}</th>
                        <th scope="col">{t("invoice.settlementDate")}</th>
                        <th scope="col">{t("invoice.appliedOn")}</th>
                        <th scope="col" className="num">
                          {t("invoice.amount")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {ins.allocations.map((a, i) => (
                        <tr key={i} data-testid={`allocation-${ins.seq}-${i}`}>
                          <th scope="row">
                            {t(`kind.${a.settlement_kind}`)} {a.settlement_reference}
                          </th>
                          <td>{date(a.settlement_date)}</td>
                          <td>{date(a.applied_on)}</td>
                          <td className="num">{money(a.amount)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          ))}
        </>
      ) : null}
    </Page>
  );
}
