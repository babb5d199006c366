/**
 * The arithmetic of a virtual list over a very long result (a million invoices): which rows are
 * on screen for a scroll position, which pages of rows to fetch, and which to forget.
 *
 * Only the rows of a few pages are ever held, so memory stays flat however far the list is
 * scrolled. Browsers cap the height of an element (WebKit near 33.5 million pixels), so when
 * `total * rowHeight` would exceed [`MAX_SCROLL_HEIGHT`] the scroll range is compressed: the
 * scroll position is mapped proportionally to a row index, and rows are placed relative to the
 * scroll position instead of at `index * rowHeight`.
 */

/** The tallest scroll area the list makes, in CSS pixels: well below every browser's cap. */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface Viewport {
  scrollTop: number;
  /** Height of the visible area, in CSS pixels. */
  height: number;
  rowHeight: number;
  total: number;
}

export interface RowLayout {
  /** Height of the scroll area. */
  scrollHeight: number;
  /** First row to render (inclusive). */
  first: number;
  /** Row after the last one to render (exclusive). */
  end: number;
  /** Top of row `index` inside the scroll area, in pixels (for rows first..end). */
  top: (index: number) => number;
}

/** The rows to render for a scroll position, with `overscan` extra rows on each side. */
export function layoutRows(view: Viewport, overscan = 4, maxHeight = MAX_SCROLL_HEIGHT): RowLayout {
  const { rowHeight, total } = view;
  const height = Math.max(0, view.height);
  const fullHeight = total * rowHeight;
  const scrollHeight = Math.min(fullHeight, maxHeight);
  const maxScroll = Math.max(0, scrollHeight - height);
  const scrollTop = Math.min(Math.max(0, view.scrollTop), maxScroll);

  // The (fractional) row at the top edge of the viewport.
  let topRow: number;
  if (fullHeight <= maxHeight) {
    topRow = scrollTop / rowHeight;
  } else {
    const lastTopRow = Math.max(0, total - height / rowHeight);
    topRow = maxScroll > 0 ? (scrollTop / maxScroll) * lastTopRow : 0;
  }
  const visible = Math.ceil(height / rowHeight) + 1;
  const first = Math.max(0, Math.floor(topRow) - overscan);
  const end = Math.min(total, Math.floor(topRow) + visible + overscan);
  return {
    scrollHeight,
    first,
    end,
    top: (index) => scrollTop + (index - topRow) * rowHeight,
  };
}

/** Indices of the pages that hold rows `first..end`. */
export function pagesFor(first: number, end: number, pageSize: number): number[] {
  if (end <= first) {
    return [];
  }
  const from = Math.floor(first / pageSize);
  const to = Math.floor((end - 1) / pageSize);
  const pages: number[] = [];
  for (let page = from; page <= to; page++) {
    pages.push(page);
  }
  return pages;
}

/**
 * The loaded pages to forget so that at most `maxPages` stay: those farthest from the pages on
 * screen go first; a page on screen is never forgotten.
 */
export function pagesToEvict(
  loaded: readonly number[],
  needed: readonly number[],
  maxPages: number,
): number[] {
  if (loaded.length <= maxPages || needed.length === 0) {
    return [];
  }
  const lo = Math.min(...needed);
  const hi = Math.max(...needed);
  const distance = (page: number) => (page < lo ? lo - page : page > hi ? page - hi : 0);
  const candidates = loaded
    .filter((page) => distance(page) > 0)
    .sort((a, b) => distance(b) - distance(a) || b - a);
  return candidates.slice(0, loaded.length - maxPages);
}

/**
 * The pages of one query (one filter and sort): rows by index, which pages to ask for next,
 * and the total. A new query gets a new window, so answers to an old query are never mixed in.
 */
export class PageWindow<Row> {
  readonly pageSize: number;
  readonly maxPages: number;
  total: number | null = null;
  private readonly pages = new Map<number, Row[]>();
  private readonly inFlight = new Set<number>();

  constructor(pageSize = 200, maxPages = 6) {
    this.pageSize = pageSize;
    this.maxPages = maxPages;
  }

  rowAt(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Pages that rows `first..end` need, plus the next one, neither loaded nor asked for. */
  wanted(first: number, end: number): number[] {
    const needed = pagesFor(first, end, this.pageSize);
    const last = needed[needed.length - 1];
    if (last !== undefined && this.total !== null && (last + 1) * this.pageSize < this.total) {
      needed.push(last + 1);
    }
    if (needed.length === 0 && this.total === null) {
      needed.push(0);
    }
    return needed.filter((page) => !this.pages.has(page) && !this.inFlight.has(page));
  }

  /** Marks a page as asked for, so that it is not asked for twice. */
  request(page: number): { offset: number; limit: number } {
    this.inFlight.add(page);
    return { offset: page * this.pageSize, limit: this.pageSize };
  }

  /** Keeps a page that arrived, then forgets the pages farthest from rows `first..end`. */
  receive(page: number, rows: Row[], total: number, first: number, end: number): void {
    this.inFlight.delete(page);
    this.total = total;
    this.pages.set(page, rows);
    const needed = pagesFor(first, end, this.pageSize);
    for (const evicted of pagesToEvict(
      [...this.pages.keys()],
      needed.length ? needed : [page],
      this.maxPages,
    )) {
      this.pages.delete(evicted);
    }
  }

  /** A page that failed may be asked for again. */
  failed(page: number): void {
    this.inFlight.delete(page);
  }

  get loadedPages(): number[] {
    return [...this.pages.keys()].sort((a, b) => a - b);
  }
}
