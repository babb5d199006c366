/**
 * The book chooser: recent books, a new book, another book from disk, or the demo book. The
 * shell opens the file dialogs; the UI never sees or sends a path.
 */

import { useState, type FormEvent } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type BookInfo } from "../api";
import { navigate } from "../app/navigation";
import { useLoad } from "../app/useLoad";
import { useSession } from "../app/session";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";

export function BookChooser() {
  const { t, count, timestamp } = useI18n();
  const { book, setBook } = useSession();
  const recent = useLoad(() => api.recentBooks(), []);
  const [busy, setBusy] = useState<"demo" | "open" | "new" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState("EUR");

  const opened = (info: BookInfo | null) => {
    if (info) {
      setBook(info);
      setCreating(false);
      navigate({ screen: "dashboard" });
    }
  };

  const run = async (kind: "demo" | "open" | "new", action: () => Promise<BookInfo | null>) => {
    setBusy(kind);
    setError(null);
    try {
      opened(await action());
    } catch (raw) {
      setError(toApiError(raw));
      recent.reload();
    } finally {
      setBusy(null);
    }
  };

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    void run("new", () =>
      api.newBook({ name: name.trim(), currency: currency.trim().toUpperCase() }),
    );
  };

  return (
    <Page title={t("books.title")} testId="books">
      <p>{t("books.intro")}</p>
      {book ? (
        <p data-testid="book-current">
          {t("books.current", { name: book.name, currency: book.currency })}{" "}
          <span className="muted">
            {t("books.counts", {
              customers: count(book.counts.customers),
              invoices: count(book.counts.invoices),
              settlements: count(book.counts.settlements),
            })}
          </span>
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <div className="button-row">
        <button
          type="button"
          data-testid="book-new"
          onClick={() => setCreating(true)}
          disabled={busy !== null}
        >
          {t("books.new")}
        </button>
        <button
          type="button"
          data-testid="book-open"
          onClick={() => void run("open", api.openBook)}
          disabled={busy !== null}
        >
          {t("books.open")}
        </button>
        <button
          type="button"
          data-testid="book-demo"
          onClick={() => void run("demo", api.openDemoBook)}
          disabled={busy !== null}
        >
          {t("books.demo")}
        </button>
      </div>
      {busy === "demo" ? (
        <p role="status" data-testid="book-demo-busy">
          {t("books.demoBusy")}
        </p>
      ) : null}

      <h2>{t("books.recent")}</h2>
      {recent.status === "error" ? (
        <ErrorNotice error={recent.error} onRetry={recent.reload} />
      ) : null}
      {recent.data && recent.data.length === 0 ? <p>{t("books.noRecent")}</p> : null}
      <ul className="recent-books">
        {(recent.data ?? []).map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="link-button"
              data-testid={`recent-book-${r.id}`}
              disabled={busy !== null}
              onClick={() => void run("open", () => api.openRecentBook({ id: r.id }))}
            >
              <span className="recent-name">{r.name}</span>
              <span className="muted recent-location">{r.location}</span>
              <span className="muted">
                {t("books.lastOpened", { date: timestamp(r.last_opened) })}
              </span>
            </button>
          </li>
        ))}
      </ul>

      <Dialog
        title={t("books.newTitle")}
        open={creating}
        onClose={() => setCreating(false)}
        testId="new-book-dialog"
      >
        <form onSubmit={onCreate} className="form">
          <div className="field">
            <label htmlFor="new-book-name">{t("books.name")}</label>
            <input
              id="new-book-name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="new-book-name"
            />
          </div>
          <div className="field">
            <label htmlFor="new-book-currency">{t("books.currency")}</label>
            <input
              id="new-book-currency"
              required
              value={currency}
              maxLength={3}
              pattern="[A-Za-z]{3}"
              aria-describedby="new-book-currency-hint"
              onChange={(e) => setCurrency(e.target.value)}
              data-testid="new-book-currency"
              className="short"
            />
            <p id="new-book-currency-hint" className="hint">
              {t("books.currencyHint")}
            </p>
          </div>
          {error && creating ? <ErrorNotice error={error} /> : null}
          <div className="button-row">
            <button
              type="submit"
              className="primary"
              disabled={busy !== null}
              data-testid="new-book-create"
            >
              {t("books.create")}
            </button>
            <button type="button" onClick={() => setCreating(false)}>
              {t("app.cancel")}
            </button>
          </div>
        </form>
      </Dialog>
    </Page>
  );
}
