/**
 * The import wizard: pick a file (the shell's dialog), choose a profile or edit one with its
 * column mapping, preview (a dry run listing every bad row by line), then import with a
 * progress bar that can be cancelled. The flow itself is `model/importWizard.ts`.
 */

import { useEffect, useReducer, useState } from "react";

import * as api from "../api";
import { toApiError } from "../api";
import { useSession } from "../app/session";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import {
  canImport,
  canPreview,
  importRequest,
  INITIAL,
  reachableSteps,
  STEPS,
  wizardReducer,
  type WizardState,
  type WizardStep,
} from "../model/importWizard";
import { ProfileStep } from "./ImportProfile";
import { ImportResult, PreviewResult, Running } from "./ImportResults";

export function ImportWizard() {
  const { t } = useI18n();
  const { refreshBook } = useSession();
  const [state, dispatch] = useReducer(wizardReducer, INITIAL);

  // Listen before any job starts, so that no event of a short import is missed.
  useEffect(() => {
    let active = true;
    const stops: (() => void)[] = [];
    const keep = (stop: () => void) => (active ? stops.push(stop) : stop());
    void api
      .onImportProgress((e) => dispatch({ type: "progress", job: e.job, progress: e.progress }))
      .then(keep);
    void api
      .onImportFinished((e) => dispatch({ type: "finished", job: e.job, outcome: e.outcome }))
      .then(keep);
    return () => {
      active = false;
      stops.forEach((stop) => stop());
    };
  }, []);

  useEffect(() => {
    if (state.result?.committed) {
      void refreshBook();
    }
  }, [state.result, refreshBook]);

  const start = async (dryRun: boolean) => {
    const request = importRequest(state, dryRun);
    if (!request) {
      return;
    }
    try {
      const job = await api.startImport(request);
      dispatch({ type: "job_started", job, dryRun });
    } catch (raw) {
      dispatch({ type: "failed", error: toApiError(raw) });
    }
  };

  const cancel = async () => {
    if (!state.job) {
      return;
    }
    dispatch({ type: "cancel_requested" });
    try {
      await api.cancelImport({ job: state.job.id });
    } catch (raw) {
      dispatch({ type: "failed", error: toApiError(raw) });
    }
  };

  return (
    <Page title={t("import.title")} testId="import">
      <StepList state={state} onGo={(step) => dispatch({ type: "go_to", step })} />
      {state.error ? <ErrorNotice error={state.error} /> : null}

      {state.step === "file" ? (
        <section data-testid="import-step-file" aria-labelledby="step-file">
          <h2 id="step-file">{t("import.step.file")}</h2>
          <PickFile
            onPicked={(file) => dispatch({ type: "file_picked", file })}
            onError={(e) => dispatch({ type: "failed", error: e })}
          />
        </section>
      ) : null}

      {state.step === "profile" ? (
        <section data-testid="import-step-profile" aria-labelledby="step-profile">
          <h2 id="step-profile">{t("import.step.profile")}</h2>
          <ProfileStep state={state} dispatch={dispatch} />
          <div className="button-row">
            <button
              type="button"
              className="primary"
              disabled={!canPreview(state)}
              onClick={() => void start(true)}
              data-testid="import-preview"
            >
              {t("import.preview")}
            </button>
          </div>
        </section>
      ) : null}

      {state.step === "preview" ? (
        <section data-testid="import-step-preview" aria-labelledby="step-preview">
          <h2 id="step-preview">{t("import.step.preview")}</h2>
          {state.job ? (
            <Running
              state={state}
              onCancel={() => void cancel()}
              busyText={t("import.previewing")}
            />
          ) : null}
          {state.preview ? <PreviewResult state={state} /> : null}
          <div className="button-row">
            <button
              type="button"
              onClick={() => dispatch({ type: "go_to", step: "profile" })}
              disabled={state.job !== null}
              data-testid="import-back"
            >
              {t("app.back")}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!canImport(state)}
              onClick={() => void start(false)}
              data-testid="import-start"
            >
              {t("import.start")}
            </button>
          </div>
        </section>
      ) : null}

      {state.step === "import" ? (
        <section data-testid="import-step-import" aria-labelledby="step-import">
          <h2 id="step-import">{t("import.step.import")}</h2>
          {state.job ? (
            <Running
              state={state}
              onCancel={() => void cancel()}
              busyText={t("import.importing")}
            />
          ) : null}
        </section>
      ) : null}

      {state.step === "done" && state.result ? (
        <section data-testid="import-step-done" aria-labelledby="step-done">
          <h2 id="step-done">{t("import.step.done")}</h2>
          <ImportResult state={state} />
          <div className="button-row">
            <button
              type="button"
              onClick={() => dispatch({ type: "reset" })}
              data-testid="import-again"
            >
              {t("import.again")}
            </button>
          </div>
        </section>
      ) : null}
    </Page>
  );
}

function StepList({ state, onGo }: { state: WizardState; onGo: (step: WizardStep) => void }) {
  const { t } = useI18n();
  const reachable = reachableSteps(state);
  return (
    <nav aria-label={t("import.steps")}>
      <ol className="steps">
        {STEPS.map((step, i) => {
          const label = `${i + 1}. ${t(`import.step.${step}`)}`;
          const current = state.step === step;
          return (
            <li
              key={step}
              className={current ? "step step-current" : "step"}
              data-testid={`import-steps-${step}`}
              aria-current={current ? "step" : undefined}
            >
              {reachable.includes(step) ? (
                <button type="button" className="link-button" onClick={() => onGo(step)}>
                  {label}
                </button>
              ) : (
                <span>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function PickFile({
  onPicked,
  onError,
}: {
  onPicked: (file: api.PickedFile) => void;
  onError: (e: api.ApiError) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const pick = async () => {
    setBusy(true);
    try {
      const file = await api.pickImportFile();
      if (file) {
        onPicked(file);
      }
    } catch (raw) {
      onError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="button-row">
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => void pick()}
        data-testid="import-pick-file"
      >
        {t("import.pick")}
      </button>
    </div>
  );
}
