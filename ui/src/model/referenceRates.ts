/**
 * The reference rate tables on the Settings screen, without React: where a table comes from in
 * words, which tables end before the as-of date, and what a load or a reset answered, sorted
 * into what the user must look at (a refused file's problems by line, the warnings of a change)
 * and what is only told. The sentences come from the backend, in the language of the command.
 */

import type { RateFileLoad, RateTableReset, RateTableView } from "../api/types";
import type { I18n } from "../i18n/context";

export type RateWords = Pick<I18n, "t" | "timestamp" | "date">;

/** One problem of a refused file: its line in the file, and its sentence. */
export interface ProblemRow {
  line: number;
  message: string;
}

/** What the last load or reset did, as the section shows it. */
export type RatesOutcome =
  | { kind: "changed"; message: string; warnings: string[]; notes: string[] }
  | { kind: "refused"; message: string; problems: ProblemRow[] }
  | { kind: "unchanged"; message: string };

/** Shipped, or the file it was loaded from and when. */
export function originText(view: RateTableView, { t, timestamp }: RateWords): string {
  return view.origin.kind === "shipped"
    ? t("referenceRates.shipped")
    : t("referenceRates.loaded", {
        file: view.origin.file_name,
        when: timestamp(view.origin.loaded_at),
      });
}

/** True when interest for a day after the table's end, up to `asOf`, would be refused. */
export function endsBefore(view: RateTableView, asOf: string): boolean {
  return view.known_until < asOf;
}

/** The tables that end before `asOf`, each as a sentence saying what to do. */
export function endingSentences(tables: RateTableView[], asOf: string, w: RateWords): string[] {
  return tables
    .filter((view) => endsBefore(view, asOf))
    .map((view) =>
      w.t("referenceRates.endsBeforeAsOf", {
        name: view.name,
        date: w.date(view.known_until),
        asOf: w.date(asOf),
      }),
    );
}

export function loadOutcome(load: RateFileLoad): RatesOutcome {
  if (!load.loaded) {
    return {
      kind: "refused",
      message: load.message,
      problems: load.problems.map((p) => ({ line: p.problem.line, message: p.message })),
    };
  }
  return {
    kind: "changed",
    message: load.message,
    warnings: load.changes?.warnings ?? [],
    notes: load.changes?.notes ?? [],
  };
}

export function resetOutcome(reset: RateTableReset): RatesOutcome {
  if (reset.changes === null) {
    return { kind: "unchanged", message: reset.message };
  }
  return {
    kind: "changed",
    message: reset.message,
    warnings: reset.changes.warnings,
    notes: reset.changes.notes,
  };
}

/** The list with `table` in the place of the one of the same source. */
export function withTable(tables: RateTableView[], table: RateTableView): RateTableView[] {
  return tables.map((view) => (view.source === table.source ? table : view));
}
