import { describe, expect, it } from "vitest";

import type { ImportReport, ProfileDefinition } from "../api/types";
import {
  canImport,
  canPreview,
  INITIAL,
  profileSpec,
  progressPercent,
  reachableSteps,
  wizardReducer,
  type WizardEvent,
  type WizardState,
} from "./importWizard";

const file = { id: 7, name: "ibm-late-payment.csv", bytes: 123_456 };

function report(problems: number, dryRun: boolean): ImportReport {
  const tally = { inserted: 0, updated: 0, unchanged: 0, matched: 0, conflicts: 0 };
  return {
    file: "ibm-late-payment.csv",
    profile: "ibm-late-payment",
    dry_run: dryRun,
    committed: !dryRun && problems === 0,
    cancelled: false,
    rows_read: 2466,
    tally: { customers: tally, invoices: tally, settlements: tally },
    problems: Array.from({ length: problems }, (_, i) => ({
      line: 10 + i,
      column: "amount",
      value: "x",
      message: "is not an amount.",
    })),
    warnings: [],
  };
}

const run = (events: WizardEvent[], from: WizardState = INITIAL) =>
  events.reduce(wizardReducer, from);

const chosen = run([
  { type: "file_picked", file },
  { type: "profile_chosen", name: "ibm-late-payment" },
]);

describe("the import wizard", () => {
  it("goes from picking a file to choosing a profile", () => {
    expect(chosen.step).toBe("profile");
    expect(canPreview(chosen)).toBe(true);
    expect(canImport(chosen)).toBe(false);
    expect(profileSpec(chosen)).toEqual({ builtin: "ibm-late-payment" });
  });

  it("offers the import after a clean preview and shows the result when it finishes", () => {
    const previewed = run(
      [
        { type: "job_started", job: 1, dryRun: true },
        {
          type: "progress",
          job: 1,
          progress: { bytes_read: 61_728, bytes_total: 123_456, rows_read: 1200 },
        },
        { type: "finished", job: 1, outcome: { ok: report(0, true) } },
      ],
      chosen,
    );
    expect(previewed.step).toBe("preview");
    expect(canImport(previewed)).toBe(true);

    const done = run(
      [
        { type: "job_started", job: 2, dryRun: false },
        { type: "finished", job: 2, outcome: { ok: report(0, false) } },
      ],
      previewed,
    );
    expect(done.step).toBe("done");
    expect(done.result?.committed).toBe(true);
  });

  it("refuses to import a file whose preview found bad rows, and lists them by line", () => {
    const previewed = run(
      [
        { type: "job_started", job: 1, dryRun: true },
        { type: "finished", job: 1, outcome: { ok: report(3, true) } },
      ],
      chosen,
    );
    expect(previewed.preview?.problems.map((p) => p.line)).toEqual([10, 11, 12]);
    expect(canImport(previewed)).toBe(false);
  });

  it("forgets the preview when the profile or the options change", () => {
    const previewed = run(
      [
        { type: "job_started", job: 1, dryRun: true },
        { type: "finished", job: 1, outcome: { ok: report(0, true) } },
      ],
      chosen,
    );
    expect(run([{ type: "options_changed", currency: "USD" }], previewed).preview).toBeNull();
    expect(run([{ type: "profile_chosen", name: "xero" }], previewed).preview).toBeNull();
  });

  it("ignores the events of a job it no longer follows", () => {
    const started = run([{ type: "job_started", job: 5, dryRun: true }], chosen);
    const after = run(
      [{ type: "progress", job: 4, progress: { bytes_read: 1, bytes_total: 2, rows_read: 1 } }],
      started,
    );
    expect(after.job?.progress).toBeNull();
  });

  it("applies a finish that arrived before start_import answered with the job id", () => {
    const early = run([{ type: "finished", job: 9, outcome: { ok: report(0, true) } }], chosen);
    expect(early.preview).toBeNull();
    const started = run([{ type: "job_started", job: 9, dryRun: true }], early);
    expect(started.job).toBeNull();
    expect(started.preview?.rows_read).toBe(2466);
    expect(started.early).toEqual([]);
  });

  it("marks a cancel, and shows a cancelled import as written nothing", () => {
    const importing = run([{ type: "job_started", job: 3, dryRun: false }], chosen);
    const cancelling = run([{ type: "cancel_requested" }], importing);
    expect(cancelling.job?.cancelling).toBe(true);
    const cancelled = { ...report(0, false), committed: false, cancelled: true };
    const done = run([{ type: "finished", job: 3, outcome: { ok: cancelled } }], cancelling);
    expect(done.step).toBe("done");
    expect(done.result?.committed).toBe(false);
  });

  it("shows a failed job's error on the step it ran from", () => {
    const failed = run(
      [
        { type: "job_started", job: 1, dryRun: true },
        {
          type: "finished",
          job: 1,
          outcome: { error: { code: "io", message: "The file could not be read." } },
        },
      ],
      chosen,
    );
    expect(failed.step).toBe("preview");
    expect(failed.error?.code).toBe("io");
    expect(failed.job).toBeNull();
  });

  it("sends an edited profile instead of the built-in one", () => {
    const definition = {
      name: "generic",
      layout: "generic",
      columns: { number: "Rechnung" },
    } as unknown as ProfileDefinition;
    const edited = run([{ type: "profile_edited", definition }], chosen);
    expect(profileSpec(edited)).toEqual({ custom: definition });
    expect(profileSpec(run([{ type: "profile_edited", definition: null }], edited))).toEqual({
      builtin: "ibm-late-payment",
    });
  });

  it("lets the user go back only to earlier steps and never while a job runs", () => {
    expect(reachableSteps(chosen)).toEqual(["file"]);
    const running = run([{ type: "job_started", job: 1, dryRun: true }], chosen);
    expect(reachableSteps(running)).toEqual([]);
    expect(run([{ type: "go_to", step: "file" }], running).step).toBe("preview");
    expect(run([{ type: "go_to", step: "file" }], chosen).step).toBe("file");
  });

  it("turns bytes read into a whole percent", () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ bytes_read: 1, bytes_total: 3, rows_read: 0 })).toBe(33);
    expect(progressPercent({ bytes_read: 5, bytes_total: 0, rows_read: 0 })).toBe(0);
    expect(progressPercent({ bytes_read: 9, bytes_total: 3, rows_read: 0 })).toBe(100);
  });
});
