import { describe, expect, it } from "vitest";

import { formatDate, formatMonth, isIsoDate, todayIso } from "./date";

describe("calendar dates", () => {
  it("writes a date in English and Chinese without shifting the day", () => {
    expect(formatDate("2024-03-15", "en")).toBe("Mar 15, 2024");
    expect(formatDate("2024-03-15", "zh-CN")).toBe("2024年3月15日");
    expect(formatDate("2024-01-01", "en")).toBe("Jan 1, 2024");
  });

  it("labels month ends for a chart", () => {
    expect(formatMonth("2024-02-29", "en")).toBe("Feb 2024");
    expect(formatMonth("2024-02-29", "zh-CN")).toBe("2024年2月");
  });

  it("checks dates against the calendar", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-3-1")).toBe(false);
    expect(formatDate("not a date", "en")).toBe("not a date");
  });

  it("takes today from the machine's calendar, not UTC", () => {
    expect(todayIso(new Date(2024, 11, 31, 23, 59))).toBe("2024-12-31");
  });
});
