/** Customers: searchable, sortable, and paged from the book as the list scrolls. */

import { useEffect, useState } from "react";

import * as api from "../api";
import type { CustomerBalance, CustomerSort, CustomerSummary, Money } from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { Page } from "../components/Page";
import { VirtualTable, type Column } from "../components/VirtualTable";
import type { PlainKey } from "../i18n/catalog";
import { useI18n } from "../i18n/context";

const SORTS: { sort: CustomerSort; label: PlainKey }[] = [
  { sort: "reference", label: "customers.sort.reference" },
  { sort: "name", label: "customers.sort.name" },
  { sort: "open", label: "customers.sort.open" },
  { sort: "overdue", label: "customers.sort.overdue" },
];

/** Wait after the last key before searching, so typing a name does not query per letter. */
const SEARCH_DELAY_MS = 250;

export function Customers() {
  const { t, money, count } = useI18n();
  const { asOf } = useSession();
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<CustomerSort>("reference");
  const [descending, setDescending] = useState(false);
  const [total, setTotal] = useState<number | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  // A header orders the list by its column; a second press reverses the order.
  const sortBy = (column: CustomerSort) => ({
    active: sort === column,
    descending,
    onSort: () => {
      if (sort === column) {
        setDescending(!descending);
      } else {
        setSort(column);
        setDescending(column === "open" || column === "overdue");
      }
    },
  });

  const amounts = (balances: CustomerBalance[], pick: (b: CustomerBalance) => Money) =>
    balances.map((b) => money(pick(b))).join(" · ");

  const columns: Column<CustomerSummary>[] = [
    {
      key: "reference",
      header: t("customers.reference"),
      min: 8,
      sort: sortBy("reference"),
      render: (c) => (
        <a href={routeHref({ screen: "customer", reference: c.reference })}>{c.reference}</a>
      ),
    },
    {
      key: "name",
      header: t("customers.name"),
      min: 12,
      grow: 2,
      sort: sortBy("name"),
      render: (c) => c.name,
    },
    {
      key: "open",
      header: t("customers.open"),
      min: 10,
      numeric: true,
      sort: sortBy("open"),
      render: (c) => amounts(c.balances, (b) => b.open),
    },
    {
      key: "overdue",
      header: t("customers.overdue"),
      min: 10,
      numeric: true,
      sort: sortBy("overdue"),
      render: (c) => amounts(c.balances, (b) => b.overdue),
    },
  ];

  const queryKey = JSON.stringify([asOf, search, sort, descending]);

  return (
    <Page title={t("customers.title")} testId="customers">
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="customer-search">{t("customers.search")}</label>
          <input
            id="customer-search"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="customer-search"
          />
        </div>
        <div className="field">
          <label htmlFor="customer-sort">{t("customers.sort")}</label>
          <select
            id="customer-sort"
            value={sort}
            onChange={(e) => setSort(e.target.value as CustomerSort)}
            data-testid="customer-sort"
          >
            {SORTS.map((s) => (
              <option key={s.sort} value={s.sort}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </div>
        <div className="field-check">
          <input
            id="customer-desc"
            type="checkbox"
            checked={descending}
            onChange={(e) => setDescending(e.target.checked)}
            data-testid="customer-descending"
          />
          <label htmlFor="customer-desc">{t("customers.descending")}</label>
        </div>
      </div>
      <p role="status" data-testid="customer-count">
        {total === null ? t("app.loading") : t("customers.count", { count: count(total) })}
      </p>
      <VirtualTable
        testId="customer-list"
        label={(n) => t("customers.listLabel", { count: count(n) })}
        columns={columns}
        queryKey={queryKey}
        fetchPage={(offset, limit) =>
          api.customersPage({
            as_of: asOf,
            search: search || null,
            sort,
            descending,
            offset,
            limit,
          })
        }
        rowKey={(c) => c.reference}
        rowTestId={(c) => `customer-row-${c.reference}`}
        onTotal={setTotal}
      />
    </Page>
  );
}
