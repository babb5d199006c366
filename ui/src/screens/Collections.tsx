/**
 * Collections: dunning runs and the calls they leave.
 *
 * On the runs tab, "Propose a run" asks the backend for the run at the as-of date in the
 * header and shows it for review (see `DunningRun.tsx`); the runs proposed before are listed
 * with where they stand, each one to open again. The calls tab lists the phone tasks, the open
 * ones first, each with "Record outcome…".
 */

import { useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type DunningRunView } from "../api";
import { routeHref, type CollectionsTab } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { RunReview } from "./DunningRun";
import { PhoneTasks } from "./PhoneTasks";

const TABS: CollectionsTab[] = ["runs", "calls"];

export function Collections({ tab, run }: { tab: CollectionsTab; run: number | null }) {
  const { t } = useI18n();
  return (
    <Page title={t("collections.title")} testId="collections">
      <nav className="tabs" aria-label={t("collections.sections")}>
        <ul>
          {TABS.map((each) => (
            <li key={each}>
              <a
                href={routeHref({
                  screen: "collections",
                  ...(each === "calls" ? { tab: "calls" as const } : {}),
                })}
                aria-current={each === tab ? "page" : undefined}
                data-testid={`collections-tab-${each}`}
              >
                {t(`collections.tab.${each}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tab === "calls" ? <PhoneTasks /> : <Runs shown={run} />}
    </Page>
  );
}

function Runs({ shown }: { shown: number | null }) {
  const { t, date, timestamp } = useI18n();
  const { asOf } = useSession();
  const [run, setRun] = useState<DunningRunView | null>(null);
  const [proposing, setProposing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const opened = useLoad(
    () => (shown === null ? Promise.resolve(null) : api.dunningRun({ id: shown })),
    [shown],
  );
  const runs = useLoad(() => api.dunningRuns(), []);
  const current = run ?? opened.data;

  const propose = async () => {
    setProposing(true);
    setError(null);
    try {
      setRun(await api.proposeDunning({ as_of: asOf }));
      runs.reload();
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setProposing(false);
    }
  };

  return (
    <>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          disabled={proposing}
          onClick={() => void propose()}
          aria-describedby="propose-hint"
          data-testid="propose-run"
        >
          {proposing ? t("collections.proposing") : t("collections.propose", { date: date(asOf) })}
        </button>
        <span id="propose-hint" className="hint">
          {t("collections.proposeHint")}
        </span>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {opened.status === "error" ? (
        <ErrorNotice error={opened.error} onRetry={opened.reload} />
      ) : null}
      {current ? (
        <RunReview
          key={current.id}
          run={current}
          onChanged={(next) => {
            setRun(next);
            runs.reload();
          }}
        />
      ) : null}

      <section aria-labelledby="past-runs-heading" data-testid="past-runs">
        <h2 id="past-runs-heading">{t("collections.pastRuns")}</h2>
        {runs.status === "error" ? <ErrorNotice error={runs.error} onRetry={runs.reload} /> : null}
        {runs.data && runs.data.length === 0 ? <p>{t("collections.noRuns")}</p> : null}
        {runs.data && runs.data.length > 0 ? (
          <div className="table-scroll">
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">{t("collections.run")}</th>
                  <th scope="col">{t("collections.asOf")}</th>
                  <th scope="col">{t("collections.proposedAt")}</th>
                  <th scope="col">{t("dunning.state")}</th>
                  <th scope="col" className="num">
                    {t("dunning.commState.proposed")}
                  </th>
                  <th scope="col" className="num">
                    {t("dunning.commState.approved")}
                  </th>
                  <th scope="col" className="num">
                    {t("dunning.commState.executed")}
                  </th>
                  <th scope="col" className="num">
                    {t("dunning.commState.skipped")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((summary) => (
                  <tr
                    key={summary.id}
                    data-testid={`past-run-${summary.id}`}
                    data-state={summary.state}
                    aria-current={current?.id === summary.id ? "true" : undefined}
                  >
                    <th scope="row">
                      <a
                        href={routeHref({ screen: "collections", run: summary.id })}
                        data-testid={`past-run-show-${summary.id}`}
                      >
                        {t("collections.runNumber", { id: summary.id })}
                      </a>
                    </th>
                    <td>{date(summary.as_of)}</td>
                    <td>{timestamp(summary.proposed_at)}</td>
                    <td>
                      {t(`dunning.runState.${summary.state}`)}
                      {summary.executed_on
                        ? ` ${t("collections.executedOn", { date: date(summary.executed_on) })}`
                        : ""}
                    </td>
                    <td className="num">{summary.proposed}</td>
                    <td className="num">{summary.approved}</td>
                    <td className="num">{summary.executed}</td>
                    <td className="num">{summary.skipped}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
