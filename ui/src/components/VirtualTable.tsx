/**
 * A table over a result of any length, fetched page by page while it scrolls: only the rows on
 * screen are in the document and only a few pages of rows are in memory (see
 * `model/pageWindow.ts`). It is a real ARIA table with the full row count, the body scrolls
 * with the keyboard once focused, and each row's first cell links to the row's own page.
 */

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";

import { toApiError, type ApiError } from "../api";
import { navigate } from "../app/navigation";
import { useI18n } from "../i18n/context";
import { reactionTo } from "../model/errors";
import { layoutRows, PageWindow } from "../model/pageWindow";
import { ErrorNotice } from "./ErrorNotice";

export interface Column<Row> {
  key: string;
  header: string;
  /** Narrowest width in rem (so that it grows with the text size); wider screens share the rest. */
  min: number;
  /** Share of the remaining width (1 by default). */
  grow?: number;
  numeric?: boolean;
  render: (row: Row) => ReactNode;
  /** For a column the list can be ordered by: whether it is, and how to order by it. */
  sort?: { active: boolean; descending: boolean; onSort: () => void };
}

export interface PageAnswer<Row> {
  rows: Row[];
  total: number | bigint;
}

const ROW_REM = 2.5;
const PAGE_SIZE = 200;
const KEEP_PAGES = 6;

function remInPixels(): number {
  const size = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(size) && size > 0 ? size : 16;
}

export function VirtualTable<Row>({
  label,
  columns,
  queryKey,
  fetchPage,
  rowKey,
  rowTestId,
  onTotal,
  testId,
}: {
  label: (total: number) => string;
  columns: Column<Row>[];
  /** Changes whenever the query (filters, sort, as-of date) changes. */
  queryKey: string;
  fetchPage: (offset: number, limit: number) => Promise<PageAnswer<Row>>;
  rowKey: (row: Row) => string;
  rowTestId: (row: Row) => string;
  onTotal?: (total: number) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const body = useRef<HTMLDivElement>(null);
  const windowRef = useRef(new PageWindow<Row>(PAGE_SIZE, KEEP_PAGES));
  const [, setVersion] = useState(0);
  const [view, setView] = useState({ scrollTop: 0, height: 0, rowHeight: ROW_REM * 16 });
  const [error, setError] = useState<ApiError | null>(null);
  const frame = useRef(0);

  // A new query starts from an empty window at the top.
  useLayoutEffect(() => {
    windowRef.current = new PageWindow<Row>(PAGE_SIZE, KEEP_PAGES);
    setError(null);
    setVersion((v) => v + 1);
    if (body.current) {
      body.current.scrollTop = 0;
    }
    setView((v) => ({ ...v, scrollTop: 0 }));
  }, [queryKey]);

  useLayoutEffect(() => {
    const element = body.current;
    if (!element) {
      return;
    }
    const measure = () =>
      setView((v) => ({ ...v, height: element.clientHeight, rowHeight: ROW_REM * remInPixels() }));
    measure();
    if (typeof ResizeObserver === "undefined") {
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const element = body.current;
      if (element) {
        setView((v) => ({ ...v, scrollTop: element.scrollTop }));
      }
    });
  }, []);

  const pages = windowRef.current;
  const total = pages.total ?? 0;
  const layout = layoutRows({ ...view, total });
  // The rows on screen now, for pages that arrive after the list has scrolled on: the window
  // keeps what is on screen then, not what was on screen when the page was asked for.
  const onScreen = useRef({ first: 0, end: 0 });
  onScreen.current = { first: layout.first, end: layout.end };

  useEffect(() => {
    const current = windowRef.current;
    for (const page of current.wanted(layout.first, layout.end)) {
      const { offset, limit } = current.request(page);
      fetchPage(offset, limit).then(
        (answer) => {
          if (windowRef.current !== current) {
            return;
          }
          const count = Number(answer.total);
          const changed = current.total !== count;
          const { first, end } = onScreen.current;
          current.receive(page, answer.rows, count, first, end);
          if (changed) {
            onTotal?.(count);
          }
          setVersion((v) => v + 1);
        },
        (raw: unknown) => {
          if (windowRef.current !== current) {
            return;
          }
          current.failed(page);
          const failure = toApiError(raw);
          if (reactionTo(failure.code) === "choose_book") {
            navigate({ screen: "books" });
          }
          setError(failure);
        },
      );
    }
  });

  const template = columns.map((c) => `minmax(${c.min}rem, ${c.grow ?? 1}fr)`).join(" ");
  const minWidth = `${columns.reduce((sum, c) => sum + c.min, 0) + 2}rem`;
  const rows: ReactNode[] = [];
  for (let index = layout.first; index < layout.end; index++) {
    const row = pages.rowAt(index);
    rows.push(
      <div
        key={row ? rowKey(row) : `pending-${index}`}
        role="row"
        aria-rowindex={index + 2}
        className="vrow"
        data-testid={row ? rowTestId(row) : undefined}
        data-row-index={index}
        style={{
          transform: `translateY(${layout.top(index)}px)`,
          height: `${ROW_REM}rem`,
          gridTemplateColumns: template,
        }}
      >
        {row ? (
          columns.map((c) => (
            <div key={c.key} role="cell" className={c.numeric ? "vcell num" : "vcell"}>
              {c.render(row)}
            </div>
          ))
        ) : (
          <div role="cell" className="vcell muted">
            {t("invoices.loadingRow")}
          </div>
        )}
      </div>,
    );
  }

  return (
    <div className="vtable-wrap">
      {error ? (
        <ErrorNotice
          error={error}
          onRetry={() => {
            setError(null);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <div
        role="table"
        aria-label={label(total)}
        aria-rowcount={total + 1}
        className="vtable"
        data-testid={testId}
        style={{ minWidth }}
      >
        <div role="rowgroup" className="vhead">
          <div
            role="row"
            aria-rowindex={1}
            className="vrow vrow-head"
            style={{ gridTemplateColumns: template }}
          >
            {columns.map((c) => (
              <div
                key={c.key}
                role="columnheader"
                className={c.numeric ? "vcell num" : "vcell"}
                aria-sort={
                  c.sort?.active ? (c.sort.descending ? "descending" : "ascending") : undefined
                }
              >
                {c.sort ? (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={c.sort.onSort}
                    data-testid={`${testId}-sort-${c.key}`}
                  >
                    {c.header}
                    <span aria-hidden="true">
                      {c.sort.active ? (c.sort.descending ? " ▼" : " ▲") : ""}
                    </span>
                  </button>
                ) : (
                  c.header
                )}
              </div>
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          ref={body}
          className="vbody"
          tabIndex={0}
          aria-label={label(total)}
          onScroll={onScroll}
          data-testid={`${testId}-body`}
        >
          <div className="vspacer" style={{ height: `${layout.scrollHeight}px` }}>
            {rows}
          </div>
        </div>
      </div>
    </div>
  );
}
