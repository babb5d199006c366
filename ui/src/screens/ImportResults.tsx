/** The import wizard's running job and its reports: progress with cancel, bad rows by line. */

import type { RowProblem } from "../api";
import { ProgressBar } from "../components/ProgressBar";
import { useI18n } from "../i18n/context";
import { progressPercent, type WizardState } from "../model/importWizard";

export function Running({
  state,
  onCancel,
  busyText,
}: {
  state: WizardState;
  onCancel: () => void;
  busyText: string;
}) {
  const { t, count } = useI18n();
  const job = state.job;
  if (!job) {
    return null;
  }
  const percent = progressPercent(job.progress);
  return (
    <div className="running" aria-live="polite">
      <p>{busyText}</p>
      <ProgressBar
        percent={percent}
        label={t("import.progressLabel")}
        text={t("import.progressText", {
          percent,
          rows: count(Number(job.progress?.rows_read ?? 0)),
        })}
        testId="import-progress"
      />
      <div className="button-row">
        <button
          type="button"
          onClick={onCancel}
          disabled={job.cancelling}
          data-testid="import-cancel"
        >
          {job.cancelling ? t("import.cancelling") : t("import.cancel")}
        </button>
      </div>
    </div>
  );
}

function ProblemTable({ problems, testId }: { problems: RowProblem[]; testId: string }) {
  const { t, count } = useI18n();
  return (
    <div className="table-scroll">
      <table className="figures" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("import.line")}
            </th>
            <th scope="col">{t("import.columnCol")}</th>
            <th scope="col">{t("import.value")}</th>
            <th scope="col">{t("import.message")}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i} data-testid={`${testId}-row-${i}`} data-line={p.line}>
              <th scope="row" className="num">
                {count(Number(p.line))}
              </th>
              <td>{p.column ?? ""}</td>
              <td>{p.value ?? ""}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PreviewResult({ state }: { state: WizardState }) {
  const { t, count } = useI18n();
  const report = state.preview;
  if (!report) {
    return null;
  }
  const tally = report.tally;
  return (
    <div data-testid="import-preview-result">
      {report.cancelled ? <p role="status">{t("import.cancelled")}</p> : null}
      {report.problems.length > 0 ? (
        <div role="alert">
          <h3>{t("import.problems", { count: count(report.problems.length) })}</h3>
          <p>{t("import.problemsIntro")}</p>
        </div>
      ) : !report.cancelled ? (
        <p role="status" data-testid="import-clean">
          {t("import.clean", { rows: count(Number(report.rows_read)) })}{" "}
          {t("import.wouldWrite", {
            customers: count(Number(tally.customers.inserted)),
            invoices: count(Number(tally.invoices.inserted)),
            settlements: count(Number(tally.settlements.inserted)),
          })}
        </p>
      ) : null}
      {report.problems.length > 0 ? (
        <ProblemTable problems={report.problems} testId="problem" />
      ) : null}
      {report.warnings.length > 0 ? (
        <>
          <h3>{t("import.warnings", { count: count(report.warnings.length) })}</h3>
          <ProblemTable problems={report.warnings} testId="warning" />
        </>
      ) : null}
    </div>
  );
}

export function ImportResult({ state }: { state: WizardState }) {
  const { t, count } = useI18n();
  const report = state.result;
  if (!report) {
    return null;
  }
  const tally = report.tally;
  return (
    <div data-testid="import-result" data-committed={report.committed}>
      {report.committed ? (
        <p role="status">
          {t("import.done", {
            rows: count(Number(report.rows_read)),
            customers: count(Number(tally.customers.inserted)),
            invoices: count(Number(tally.invoices.inserted)),
            settlements: count(Number(tally.settlements.inserted)),
          })}
        </p>
      ) : (
        <p role="status">{report.cancelled ? t("import.cancelled") : t("import.notCommitted")}</p>
      )}
      {report.problems.length > 0 ? (
        <ProblemTable problems={report.problems} testId="problem" />
      ) : null}
    </div>
  );
}
