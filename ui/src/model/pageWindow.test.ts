import { describe, expect, it } from "vitest";

import { layoutRows, MAX_SCROLL_HEIGHT, PageWindow, pagesFor, pagesToEvict } from "./pageWindow";

describe("rows on screen", () => {
  it("renders the rows in view plus a few either side", () => {
    const layout = layoutRows({ scrollTop: 4000, height: 400, rowHeight: 40, total: 1000 }, 2);
    expect(layout.first).toBe(98);
    expect(layout.end).toBe(113);
    expect(layout.top(100)).toBe(4000);
    expect(layout.scrollHeight).toBe(40_000);
  });

  it("compresses a million rows into a scroll area browsers can hold, and reaches the last row", () => {
    const view = { height: 800, rowHeight: 40, total: 1_000_000 };
    const top = layoutRows({ ...view, scrollTop: 0 }, 0);
    expect(top.scrollHeight).toBe(MAX_SCROLL_HEIGHT);
    expect(top.first).toBe(0);

    const bottom = layoutRows({ ...view, scrollTop: MAX_SCROLL_HEIGHT }, 0);
    expect(bottom.end).toBe(1_000_000);
    // The last row ends exactly at the bottom edge of the viewport.
    expect(bottom.top(999_999) + 40).toBeCloseTo(MAX_SCROLL_HEIGHT, 6);

    const middle = layoutRows({ ...view, scrollTop: (MAX_SCROLL_HEIGHT - 800) / 2 }, 0);
    expect(middle.first).toBeGreaterThan(499_000);
    expect(middle.first).toBeLessThan(501_000);
  });

  it("renders nothing for an empty list", () => {
    const layout = layoutRows({ scrollTop: 0, height: 400, rowHeight: 40, total: 0 });
    expect([layout.first, layout.end, layout.scrollHeight]).toEqual([0, 0, 0]);
  });
});

describe("pages of 200", () => {
  it("names the pages a range of rows needs", () => {
    expect(pagesFor(0, 10, 200)).toEqual([0]);
    expect(pagesFor(190, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(400, 400, 200)).toEqual([]);
  });

  it("forgets the pages farthest from the screen first, never one on screen", () => {
    expect(pagesToEvict([0, 1, 2, 3, 9, 10], [9], 4)).toEqual([0, 1]);
    expect(pagesToEvict([4, 5], [4, 5], 1)).toEqual([]);
  });

  it("asks for the first page before anything is known, then for what scrolls into view", () => {
    const window = new PageWindow<number>(200, 4);
    expect(window.wanted(0, 0)).toEqual([0]);
    expect(window.request(0)).toEqual({ offset: 0, limit: 200 });
    expect(window.wanted(0, 20)).toEqual([]);
    window.receive(
      0,
      Array.from({ length: 200 }, (_, i) => i),
      1_000_000,
      0,
      20,
    );
    expect(window.rowAt(199)).toBe(199);
    // The next page is fetched ahead of the scroll.
    expect(window.wanted(0, 20)).toEqual([1]);
  });

  it("holds at most a few pages however far a million invoices are scrolled", () => {
    const window = new PageWindow<number>(200, 6);
    const total = 1_000_000;
    let mostPages = 0;
    for (let first = 0; first < total; first += 997) {
      const end = Math.min(total, first + 25);
      for (const page of window.wanted(first, end)) {
        const { offset, limit } = window.request(page);
        const rows = Array.from({ length: Math.min(limit, total - offset) }, (_, i) => offset + i);
        window.receive(page, rows, total, first, end);
      }
      mostPages = Math.max(mostPages, window.loadedPages.length);
      expect(window.rowAt(first)).toBe(first);
    }
    expect(mostPages).toBeLessThanOrEqual(6);
    expect(window.rowAt(999_999)).toBe(999_999);
    expect(window.rowAt(0)).toBeUndefined();
  });

  it("asks again for a page that failed", () => {
    const window = new PageWindow<number>(200, 4);
    window.request(0);
    expect(window.wanted(0, 10)).toEqual([]);
    window.failed(0);
    expect(window.wanted(0, 10)).toEqual([0]);
  });

  it("keeps the pages on screen when a page asked for earlier arrives after a long scroll", () => {
    const window = new PageWindow<number>(200, 2);
    const page = (n: number) => Array.from({ length: 200 }, (_, i) => n * 200 + i);
    window.request(10);
    window.request(250);
    window.request(251);
    window.receive(250, page(250), 1_000_000, 50_000, 50_030);
    window.receive(251, page(251), 1_000_000, 50_000, 50_030);
    // Page 10 was asked for at row 2,000; it arrives while rows 50,000.. are on screen.
    window.receive(10, page(10), 1_000_000, 50_000, 50_030);
    expect(window.loadedPages).toEqual([250, 251]);
  });
});
