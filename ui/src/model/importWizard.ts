/**
 * The import wizard as a state machine: pick a file, choose or edit a profile, preview (a dry
 * run listing every bad row), import with progress and cancel, and the outcome.
 *
 * The reducer is pure so that every path is tested without a backend. Events of the shell
 * carry a job id; an event of a job the wizard no longer follows is ignored, and a finish that
 * arrives before `start_import` has even answered with the job id (a small file) is kept and
 * applied when the id arrives.
 */

import type { ApiErrorCode } from "../api";
import type {
  ImportOutcome,
  ImportProgress,
  ImportReport,
  ImportRequest,
  JobId,
  PickedFile,
  ProfileChoice,
  ProfileDefinition,
} from "../api/types";

export type WizardStep = "file" | "profile" | "preview" | "import" | "done";

export const STEPS: readonly WizardStep[] = ["file", "profile", "preview", "import", "done"];

export interface RunningJob {
  id: JobId;
  dryRun: boolean;
  progress: ImportProgress | null;
  cancelling: boolean;
}

export interface WizardState {
  step: WizardStep;
  file: PickedFile | null;
  /** The built-in profile chosen, if any. */
  profileName: string | null;
  /** The profile as edited by the user; used instead of the built-in one when set. */
  edited: ProfileDefinition | null;
  /** Currency of amounts the file gives without one; empty means the book's. */
  currency: string;
  /** Terms of invoices with no due date; empty means the default. */
  terms: string;
  /** Customer of every row, for files with no customer column; empty means none. */
  customer: string;
  /** Date of amounts paid that the export gives without a payment date; empty means none. */
  exportDate: string;
  job: RunningJob | null;
  /** The last dry run of the current file and profile. */
  preview: ImportReport | null;
  /** The real import's report. */
  result: ImportReport | null;
  error: { code: ApiErrorCode; message: string } | null;
  /** Finishes of jobs not started yet from the wizard's point of view (see module doc). */
  early: { job: JobId; outcome: ImportOutcome }[];
}

export type WizardEvent =
  | { type: "file_picked"; file: PickedFile }
  | { type: "profile_chosen"; name: string }
  | { type: "profile_edited"; definition: ProfileDefinition | null }
  | {
      type: "options_changed";
      currency?: string;
      terms?: string;
      customer?: string;
      exportDate?: string;
    }
  | { type: "go_to"; step: WizardStep }
  | { type: "job_started"; job: JobId; dryRun: boolean }
  | { type: "progress"; job: JobId; progress: ImportProgress }
  | { type: "finished"; job: JobId; outcome: ImportOutcome }
  | { type: "cancel_requested" }
  | { type: "failed"; error: WizardState["error"] }
  | { type: "reset" };

export const INITIAL: WizardState = {
  step: "file",
  file: null,
  profileName: null,
  edited: null,
  currency: "",
  terms: "",
  customer: "",
  exportDate: "",
  job: null,
  preview: null,
  result: null,
  error: null,
  early: [],
};

/** A change to what would be imported makes the last preview worthless. */
function invalidated(state: WizardState): WizardState {
  return { ...state, preview: null, result: null, error: null };
}

export function wizardReducer(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case "file_picked":
      return { ...invalidated(state), file: event.file, step: "profile" };
    case "profile_chosen":
      return { ...invalidated(state), profileName: event.name, edited: null };
    case "profile_edited":
      return { ...invalidated(state), edited: event.definition };
    case "options_changed":
      return {
        ...invalidated(state),
        currency: event.currency ?? state.currency,
        terms: event.terms ?? state.terms,
        customer: event.customer ?? state.customer,
        exportDate: event.exportDate ?? state.exportDate,
      };
    case "go_to":
      if (state.job || STEPS.indexOf(event.step) >= STEPS.indexOf(state.step)) {
        return state;
      }
      return { ...state, step: event.step, error: null };
    case "job_started": {
      const job: RunningJob = {
        id: event.job,
        dryRun: event.dryRun,
        progress: null,
        cancelling: false,
      };
      const started: WizardState = {
        ...state,
        step: event.dryRun ? "preview" : "import",
        job,
        error: null,
        result: null,
        preview: event.dryRun ? null : state.preview,
        early: state.early.filter((e) => e.job !== event.job),
      };
      const early = state.early.find((e) => e.job === event.job);
      return early ? finish(started, early.outcome) : started;
    }
    case "progress":
      if (state.job?.id !== event.job) {
        return state;
      }
      return { ...state, job: { ...state.job, progress: event.progress } };
    case "finished":
      if (state.job?.id !== event.job) {
        // Kept in case `start_import` has not answered yet; only the last few matter.
        return {
          ...state,
          early: [...state.early.slice(-3), { job: event.job, outcome: event.outcome }],
        };
      }
      return finish(state, event.outcome);
    case "cancel_requested":
      return state.job ? { ...state, job: { ...state.job, cancelling: true } } : state;
    case "failed":
      return { ...state, job: null, error: event.error };
    case "reset":
      return INITIAL;
  }
}

function finish(state: WizardState, outcome: ImportOutcome): WizardState {
  const dryRun = state.job?.dryRun ?? true;
  if ("error" in outcome) {
    return { ...state, job: null, error: outcome.error, step: dryRun ? "preview" : "import" };
  }
  const report = outcome.ok;
  if (dryRun) {
    return { ...state, job: null, preview: report, step: "preview" };
  }
  return { ...state, job: null, result: report, step: "done" };
}

/** The profile to send with a peek or an import; `null` until one is chosen. */
export function profileSpec(state: WizardState): ProfileChoice | null {
  if (state.edited) {
    return { custom: state.edited };
  }
  return state.profileName ? { builtin: state.profileName } : null;
}

export function canPreview(state: WizardState): boolean {
  return state.file !== null && profileSpec(state) !== null && state.job === null;
}

/** An import is offered only after a clean, complete preview of the same file and profile. */
export function canImport(state: WizardState): boolean {
  const p = state.preview;
  return (
    state.job === null && p !== null && !p.cancelled && p.problems.length === 0 && canPreview(state)
  );
}

/** Percent of the file read, 0..100 (whole numbers; a bar needs no more). */
export function progressPercent(progress: ImportProgress | null): number {
  if (!progress) {
    return 0;
  }
  const total = Number(progress.bytes_total);
  if (total <= 0) {
    return 0;
  }
  return Math.min(100, Math.floor((Number(progress.bytes_read) * 100) / total));
}

/** The steps the user may go back to from where the wizard is. */
export function reachableSteps(state: WizardState): WizardStep[] {
  if (state.job) {
    return [];
  }
  return STEPS.slice(0, STEPS.indexOf(state.step)).filter((s) => s !== "import");
}

/** The start request of the wizard's file, profile and options; `null` until both are chosen. */
export function importRequest(state: WizardState, dryRun: boolean): ImportRequest | null {
  const profile = profileSpec(state);
  if (!state.file || !profile) {
    return null;
  }
  const text = (value: string) => (value.trim() === "" ? null : value.trim());
  return {
    file_id: state.file.id,
    profile,
    currency: text(state.currency.toUpperCase()),
    terms: text(state.terms),
    customer: text(state.customer),
    export_date: text(state.exportDate),
    dry_run: dryRun,
  };
}
