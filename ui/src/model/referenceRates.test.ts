import { describe, expect, it } from "vitest";

import type { RateFileLoad, RateTableReset, RateTableView } from "../api/types";
import { formatDate, formatTimestamp } from "../format/date";
import { translate, type Language } from "../i18n/catalog";
import {
  endingSentences,
  endsBefore,
  loadOutcome,
  originText,
  resetOutcome,
  withTable,
  type RateWords,
} from "./referenceRates";

function words(language: Language): RateWords {
  return {
    t: ((key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate(language, key, params)) as RateWords["t"],
    date: (iso) => formatDate(iso, language),
    timestamp: (text) => formatTimestamp(text, language),
  };
}

const german: RateTableView = {
  source: "german_base_rate",
  code: "de-base",
  name: "German base rate",
  origin: { kind: "shipped" },
  period_count: 1,
  first_day: "2026-01-01",
  known_until: "2026-06-30",
  periods: [{ from: "2026-01-01", to: "2026-06-30", percent: "1.27" }],
};

const loadedGerman: RateTableView = {
  ...german,
  origin: { kind: "loaded", file_name: "basiszins-2026-2.csv", loaded_at: "2026-07-02" },
  period_count: 2,
  known_until: "2026-12-31",
  periods: [...german.periods, { from: "2026-07-01", to: "2026-12-31", percent: "1.52" }],
};

describe("reference rate tables", () => {
  it("say where a table comes from in the UI language", () => {
    expect(originText(german, words("en"))).toBe("Shipped with CreditDesk");
    expect(originText(german, words("zh-CN"))).toBe("CreditDesk 随附");
    expect(originText(loadedGerman, words("en"))).toBe("basiszins-2026-2.csv, loaded Jul 2, 2026");
    expect(originText(loadedGerman, words("zh-CN"))).toBe(
      "basiszins-2026-2.csv，载入于 2026年7月2日",
    );
  });

  it("name the tables that end before the as-of date, and only those", () => {
    expect(endsBefore(german, "2026-06-30")).toBe(false);
    expect(endsBefore(german, "2026-07-01")).toBe(true);
    expect(endingSentences([german, loadedGerman], "2026-07-31", words("en"))).toEqual([
      "The German base rate table ends on Jun 30, 2026, before the as-of date Jul 31, 2026: interest for later days is refused until a newer file is loaded.",
    ]);
    expect(endingSentences([german], "2026-07-31", words("zh-CN"))).toEqual([
      "German base rate表于 2026年6月30日 结束，早于截至日期 2026年7月31日：在载入更新的文件之前，之后各日的利息将被拒绝计算。",
    ]);
    expect(endingSentences([loadedGerman], "2026-07-31", words("en"))).toEqual([]);
  });

  it("show a refused file's problems by line and nothing else", () => {
    const refused: RateFileLoad = {
      source: "german_base_rate",
      file_name: "typo.csv",
      loaded: false,
      problems: [
        {
          problem: { line: 3, kind: { code: "field_count", found: 2 } },
          message: "Line 3 has 2 fields; give exactly three: from,to,percent.",
        },
      ],
      table: german,
      changes: null,
      message:
        "typo.csv has 1 problem(s); the German base rate table was not changed. Correct the file and load it again.",
    };
    expect(loadOutcome(refused)).toEqual({
      kind: "refused",
      message:
        "typo.csv has 1 problem(s); the German base rate table was not changed. Correct the file and load it again.",
      problems: [{ line: 3, message: "Line 3 has 2 fields; give exactly three: from,to,percent." }],
    });
  });

  it("keep a load's warnings apart from what it only tells", () => {
    const loaded: RateFileLoad = {
      source: "german_base_rate",
      file_name: "basiszins-2026-2.csv",
      loaded: true,
      problems: [],
      table: loadedGerman,
      changes: {
        first_day_before: "2026-01-01",
        first_day_after: "2026-01-01",
        known_until_before: "2026-06-30",
        known_until_after: "2026-12-31",
        changed_rates: [],
        days_lost: [],
        days_added: [{ from: "2026-07-01", to: "2026-12-31" }],
        warnings: ["A warning."],
        notes: ["Rates are now known through 2026-12-31."],
      },
      message: "Loaded basiszins-2026-2.csv as the German base rate table.",
    };
    expect(loadOutcome(loaded)).toEqual({
      kind: "changed",
      message: "Loaded basiszins-2026-2.csv as the German base rate table.",
      warnings: ["A warning."],
      notes: ["Rates are now known through 2026-12-31."],
    });
    expect(withTable([german], loadedGerman)).toEqual([loadedGerman]);
  });

  it("tell a reset that changed nothing from one that did", () => {
    const already: RateTableReset = {
      source: "german_base_rate",
      table: german,
      changes: null,
      message: "The German base rate table is the shipped one already; nothing was changed.",
    };
    expect(resetOutcome(already)).toEqual({
      kind: "unchanged",
      message: "The German base rate table is the shipped one already; nothing was changed.",
    });
    const back: RateTableReset = {
      ...already,
      changes: {
        first_day_before: "2026-01-01",
        first_day_after: "2026-01-01",
        known_until_before: "2026-12-31",
        known_until_after: "2026-06-30",
        changed_rates: [],
        days_lost: [{ from: "2026-07-01", to: "2026-12-31" }],
        days_added: [],
        warnings: ["The German base rate table now ends on 2026-06-30."],
        notes: [],
      },
      message: "The German base rate table is the shipped one again.",
    };
    expect(resetOutcome(back)).toEqual({
      kind: "changed",
      message: "The German base rate table is the shipped one again.",
      warnings: ["The German base rate table now ends on 2026-06-30."],
      notes: [],
    });
  });
});
