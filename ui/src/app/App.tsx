/**
 * The application frame: skip link, header (book, as-of date, language), navigation, and the
 * screen of the current route. It asks the shell which book is open when it starts and sends
 * the user to the book chooser when none is.
 */

import { useCallback, useEffect, useMemo, useState } from "react";

import * as api from "../api";
import type { BookInfo } from "../api";
import { DateField } from "../components/DateField";
import { todayIso } from "../format/date";
import type { PlainKey } from "../i18n/catalog";
import { useI18n } from "../i18n/context";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { BookChooser } from "../screens/BookChooser";
import { Collections } from "../screens/Collections";
import { CustomerPage } from "../screens/CustomerPage";
import { Customers } from "../screens/Customers";
import { DashboardScreen } from "../screens/Dashboard";
import { FollowUp } from "../screens/FollowUp";
import { ForecastScreen } from "../screens/Forecast";
import { ImportWizard } from "../screens/ImportWizard";
import { InvoicePage } from "../screens/InvoicePage";
import { Invoices } from "../screens/Invoices";
import { Outbox } from "../screens/Outbox";
import { RecordPayment } from "../screens/RecordPayment";
import { ReviewQueue } from "../screens/ReviewQueue";
import { Settings } from "../screens/Settings";
import { navigate, useRoute } from "./navigation";
import { routeHref, sectionOf, NO_FILTERS, type Route, type Screen } from "./route";
import { SessionContext, type Session } from "./session";

const NAV: { screen: Screen; route: Route; label: PlainKey }[] = [
  { screen: "dashboard", route: { screen: "dashboard" }, label: "nav.dashboard" },
  { screen: "customers", route: { screen: "customers" }, label: "nav.customers" },
  { screen: "invoices", route: { screen: "invoices", filters: NO_FILTERS }, label: "nav.invoices" },
  {
    screen: "payment",
    route: { screen: "payment", customer: null, invoice: null },
    label: "nav.payment",
  },
  { screen: "review", route: { screen: "review" }, label: "nav.review" },
  { screen: "forecast", route: { screen: "forecast" }, label: "nav.forecast" },
  { screen: "followup", route: { screen: "followup" }, label: "nav.followup" },
  { screen: "collections", route: { screen: "collections" }, label: "nav.collections" },
  { screen: "outbox", route: { screen: "outbox" }, label: "nav.outbox" },
  { screen: "import", route: { screen: "import" }, label: "nav.import" },
  { screen: "settings", route: { screen: "settings" }, label: "nav.settings" },
  { screen: "books", route: { screen: "books" }, label: "nav.books" },
];

function ScreenFor({ route }: { route: Route }) {
  switch (route.screen) {
    case "books":
      return <BookChooser />;
    case "dashboard":
      return <DashboardScreen />;
    case "customers":
      return <Customers />;
    case "customer":
      return <CustomerPage reference={route.reference} tab={route.tab ?? "overview"} />;
    case "invoices":
      return <Invoices filters={route.filters} />;
    case "invoice":
      return <InvoicePage number={route.number} />;
    case "payment":
      return <RecordPayment customer={route.customer} invoice={route.invoice} />;
    case "import":
      return <ImportWizard />;
    case "review":
      return <ReviewQueue />;
    case "forecast":
      return <ForecastScreen />;
    case "followup":
      return <FollowUp />;
    case "collections":
      return <Collections tab={route.tab ?? "runs"} run={route.run ?? null} />;
    case "outbox":
      return <Outbox />;
    case "settings":
      return <Settings />;
  }
}

export function App() {
  const { t } = useI18n();
  const { route, hash } = useRoute();
  const [book, setBook] = useState<BookInfo | null>(null);
  const [started, setStarted] = useState(false);
  const [asOf, setAsOf] = useState(() => todayIso());

  const refreshBook = useCallback(async () => {
    try {
      setBook(await api.currentBook());
    } catch {
      setBook(null);
    }
  }, []);

  useEffect(() => {
    api.currentBook().then(
      (current) => {
        setBook(current);
        setStarted(true);
        if (!current) {
          navigate({ screen: "books" });
        }
      },
      () => {
        setStarted(true);
        navigate({ screen: "books" });
      },
    );
  }, []);

  const session: Session = useMemo(
    () => ({ book, setBook, refreshBook, asOf, setAsOf }),
    [book, refreshBook, asOf, setAsOf],
  );
  const section = sectionOf(route);
  const needsBook = route.screen !== "books";

  return (
    <SessionContext.Provider value={session}>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        {t("app.skip")}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="app-name">{t("app.name")}</span>
          {book ? (
            <span className="book-name" data-testid="book-name">
              {t("app.book", { name: book.name })}
            </span>
          ) : null}
        </div>
        <div className="header-tools">
          <DateField
            id="as-of"
            inline
            required
            label={t("app.asOf")}
            value={asOf}
            onChange={setAsOf}
            testId="as-of-date"
          />
          <LanguageSwitch id="language" testId="language-switch" />
          {book ? (
            <button
              type="button"
              className="header-button"
              data-testid="close-book"
              onClick={() => {
                void api.closeBook().finally(() => {
                  setBook(null);
                  navigate({ screen: "books" });
                });
              }}
            >
              {t("app.closeBook")}
            </button>
          ) : null}
        </div>
      </header>
      <nav className="app-nav" aria-label={t("app.mainNav")}>
        <ul>
          {NAV.map((item) => (
            <li key={item.screen}>
              <a
                href={routeHref(item.route)}
                data-testid={`nav-${item.screen}`}
                aria-current={section === item.screen ? "page" : undefined}
              >
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="app-main">
        {!started ? (
          <p role="status">{t("app.loading")}</p>
        ) : needsBook && !book ? (
          <BookChooser />
        ) : (
          <ScreenFor key={hash} route={route} />
        )}
      </main>
    </SessionContext.Provider>
  );
}
