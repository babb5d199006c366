/**
 * Invoices, filtered by overdue, disputed, currency and customer, in a list that fetches pages
 * of 200 as it scrolls; a book of a million invoices scrolls with only a few pages in memory.
 * The filters are kept in the address (replaced, not pushed, so Back leaves the screen).
 */

import { useState, type FormEvent } from "react";

import * as api from "../api";
import type { InvoiceSummary } from "../api";
import { routeHref, type InvoiceFilters } from "../app/route";
import { useSession } from "../app/session";
import { Page } from "../components/Page";
import { VirtualTable, type Column } from "../components/VirtualTable";
import { useI18n } from "../i18n/context";

export function Invoices({ filters: initial }: { filters: InvoiceFilters }) {
  const { t, money, date, count } = useI18n();
  const { asOf } = useSession();
  const [filters, setFilters] = useState(initial);
  const [currencyText, setCurrencyText] = useState(initial.currency ?? "");
  const [customerText, setCustomerText] = useState(initial.customer ?? "");
  const [total, setTotal] = useState<number | null>(null);

  const apply = (next: InvoiceFilters) => {
    setFilters(next);
    history.replaceState(null, "", routeHref({ screen: "invoices", filters: next }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const currency = currencyText.trim().toUpperCase();
    apply({ ...filters, currency: currency || null, customer: customerText.trim() || null });
  };

  const columns: Column<InvoiceSummary>[] = [
    {
      key: "number",
      header: t("invoices.number"),
      min: 8,
      render: (i) => <a href={routeHref({ screen: "invoice", number: i.number })}>{i.number}</a>,
    },
    {
      key: "customer",
      header: t("invoices.customerCol"),
      min: 10,
      grow: 2,
      render: (i) => i.customer_name,
    },
    { key: "issued", header: t("invoices.issued"), min: 7, render: (i) => date(i.issue_date) },
    {
      key: "total",
      header: t("invoices.total"),
      min: 9,
      numeric: true,
      render: (i) => money(i.total),
    },
    {
      key: "open",
      header: t("invoices.open"),
      min: 9,
      numeric: true,
      render: (i) => money(i.open),
    },
    {
      key: "due",
      header: t("invoices.due"),
      min: 7,
      render: (i) => (i.earliest_unpaid_due ? date(i.earliest_unpaid_due) : t("app.none")),
    },
    {
      key: "days",
      header: t("invoices.days"),
      min: 5,
      numeric: true,
      render: (i) => (i.days_overdue === null ? t("app.none") : count(Number(i.days_overdue))),
    },
    {
      key: "status",
      header: t("invoices.status"),
      min: 8,
      render: (i) => (
        <>
          {t(`status.${i.status}`)}
          {i.disputed ? <span className="tag">{t("invoices.disputed")}</span> : null}
        </>
      ),
    },
  ];

  const queryKey = JSON.stringify([asOf, filters]);

  return (
    <Page title={t("invoices.title")} testId="invoices">
      <form className="toolbar" onSubmit={onSubmit} aria-label={t("invoices.filters")}>
        <div className="field-check">
          <input
            id="filter-overdue"
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => apply({ ...filters, overdue: e.target.checked })}
            data-testid="filter-overdue"
          />
          <label htmlFor="filter-overdue">{t("invoices.overdueOnly")}</label>
        </div>
        <div className="field-check">
          <input
            id="filter-disputed"
            type="checkbox"
            checked={filters.disputed}
            onChange={(e) => apply({ ...filters, disputed: e.target.checked })}
            data-testid="filter-disputed"
          />
          <label htmlFor="filter-disputed">{t("invoices.disputedOnly")}</label>
        </div>
        <div className="field">
          <label htmlFor="filter-currency">{t("invoices.currency")}</label>
          <input
            id="filter-currency"
            className="short"
            value={currencyText}
            maxLength={3}
            pattern="[A-Za-z]{3}"
            placeholder={t("invoices.anyCurrency")}
            onChange={(e) => setCurrencyText(e.target.value)}
            data-testid="filter-currency"
          />
        </div>
        <div className="field">
          <label htmlFor="filter-customer">{t("invoices.customer")}</label>
          <input
            id="filter-customer"
            value={customerText}
            onChange={(e) => setCustomerText(e.target.value)}
            data-testid="filter-customer"
          />
        </div>
        <div className="button-row">
          <button type="submit" data-testid="filter-apply">
            {t("invoices.apply")}
          </button>
          <button
            type="button"
            data-testid="filter-clear"
            onClick={() => {
              setCurrencyText("");
              setCustomerText("");
              apply({ overdue: false, disputed: false, currency: null, customer: null });
            }}
          >
            {t("invoices.clear")}
          </button>
        </div>
      </form>
      <p role="status" data-testid="invoice-count">
        {total === null ? t("app.loading") : t("invoices.count", { count: count(total) })}
      </p>
      <VirtualTable
        testId="invoice-list"
        label={(n) => t("invoices.listLabel", { count: count(n) })}
        columns={columns}
        queryKey={queryKey}
        fetchPage={(offset, limit) =>
          api.invoicesPage({
            as_of: asOf,
            overdue_only: filters.overdue,
            disputed_only: filters.disputed,
            customer: filters.customer,
            currency: filters.currency,
            offset,
            limit,
          })
        }
        rowKey={(i) => i.number}
        rowTestId={(i) => `invoice-row-${i.number}`}
        onTotal={setTotal}
      />
    </Page>
  );
}
