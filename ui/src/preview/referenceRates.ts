/**
 * The stand-in's reference rate tables, kept in memory, for looking at the Settings screen in a
 * browser and for component tests: the four tables as shipped (a few periods each), and a
 * dialog that answers with a file of two bad lines first, then with a file that extends the
 * table by a half-year. Going back to the shipped table says which days are no longer known.
 * Its sentences copy the backend's.
 */

import type {
  RateFileLoad,
  RatePeriod,
  RateSource,
  RateTableChanges,
  RateTableReset,
  RateTableView,
} from "../api/types";

const period = (from: string, to: string, percent: string): RatePeriod => ({ from, to, percent });

const SHIPPED: readonly RateTableView[] = [
  table("ecb_reference", "ecb", "ECB reference rate", [
    period("2025-07-01", "2025-12-31", "2.15"),
    period("2026-01-01", "2026-06-30", "2.15"),
  ]),
  table("bank_of_england_reference", "boe", "Bank of England reference rate", [
    period("2026-01-01", "2026-06-30", "3.75"),
    period("2026-07-01", "2026-12-31", "3.75"),
  ]),
  table("german_base_rate", "de-base", "German base rate", [
    period("2025-07-01", "2025-12-31", "1.27"),
    period("2026-01-01", "2026-06-30", "1.27"),
  ]),
  table("china_loan_prime_rate", "cn-lpr", "one-year Loan Prime Rate", [
    period("2026-07-20", "2026-08-19", "3.00"),
    period("2026-08-20", "2026-09-19", "3.00"),
  ]),
];

function table(
  source: RateSource,
  code: string,
  name: string,
  periods: RatePeriod[],
): RateTableView {
  return {
    source,
    code,
    name,
    origin: { kind: "shipped" },
    period_count: periods.length,
    first_day: periods[0]!.from,
    known_until: periods[periods.length - 1]!.to,
    periods,
  };
}

/** The day after `iso`, and the half-year after a period ending on `iso`. */
function nextHalfYear(iso: string): RatePeriod {
  const day = new Date(`${iso}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  const from = day.toISOString().slice(0, 10);
  const end = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 6, 0));
  return period(from, end.toISOString().slice(0, 10), "2.00");
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function changes(
  before: RateTableView,
  after: RateTableView,
  warnings: string[],
  notes: string[],
): RateTableChanges {
  return {
    first_day_before: before.first_day,
    first_day_after: after.first_day,
    known_until_before: before.known_until,
    known_until_after: after.known_until,
    changed_rates: [],
    days_lost: [],
    days_added: [],
    warnings,
    notes,
  };
}

export function referenceRatesStandIn() {
  let tables: RateTableView[] = SHIPPED.map((t) => ({ ...t }));
  let dialogs = 0;
  const find = (source: RateSource) => tables.find((t) => t.source === source)!;
  const put = (view: RateTableView) => {
    tables = tables.map((t) => (t.source === view.source ? view : t));
    return view;
  };

  return {
    reference_rates: () => tables,
    load_reference_rates: (r: { source: RateSource }): RateFileLoad | null => {
      const before = find(r.source);
      dialogs++;
      if (dialogs % 2 === 1) {
        const file_name = `${before.code}-typo.csv`;
        return {
          source: r.source,
          file_name,
          loaded: false,
          problems: [
            {
              problem: { line: 3, kind: { code: "field_count", found: 4 } },
              message: "Line 3 has 4 fields; give exactly three: from,to,percent.",
            },
            {
              problem: { line: 5, kind: { code: "date", value: "2026-13-01" } },
              message:
                'Line 5: "2026-13-01" is not a date; write dates as YYYY-MM-DD, such as 2024-07-01.',
            },
          ],
          table: before,
          changes: null,
          message: `${file_name} has 2 problem(s); the ${before.name} table was not changed. Correct the file and load it again.`,
        };
      }
      const file_name = `${before.code}-newer.csv`;
      const periods = [...before.periods, nextHalfYear(before.known_until)];
      const after = put({
        ...table(before.source, before.code, before.name, periods),
        origin: { kind: "loaded", file_name, loaded_at: "2026-07-02T09:30:00.000Z" },
      });
      const days = daysBetween(before.known_until, after.known_until);
      return {
        source: r.source,
        file_name,
        loaded: true,
        problems: [],
        table: after,
        changes: changes(
          before,
          after,
          [],
          [
            `Rates are now known through ${after.known_until}, ${days} day(s) more than before (${before.known_until}).`,
          ],
        ),
        message: `Loaded ${file_name} as the ${after.name} table: ${after.period_count} period(s) from ${after.first_day} through ${after.known_until}.`,
      };
    },
    reset_reference_rates: (r: { source: RateSource }): RateTableReset => {
      const before = find(r.source);
      const after = put(SHIPPED.find((t) => t.source === r.source)!);
      if (before.origin.kind === "shipped") {
        return {
          source: r.source,
          table: after,
          changes: null,
          message: `The ${after.name} table is the shipped one already; nothing was changed.`,
        };
      }
      const days = daysBetween(after.known_until, before.known_until);
      return {
        source: r.source,
        table: after,
        changes: changes(
          before,
          after,
          [
            `The ${after.name} table now ends on ${after.known_until}, ${days} day(s) earlier than before (${before.known_until}): interest for days after ${after.known_until} is refused until a table that covers them is loaded.`,
          ],
          [],
        ),
        message: `The ${after.name} table is the shipped one again: ${after.period_count} period(s) from ${after.first_day} through ${after.known_until}; ${before.origin.file_name} no longer applies.`,
      };
    },
  };
}
