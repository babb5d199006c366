/**
 * The outbox: every message with where it stands (queued, being sent, sent, failed,
 * unconfirmed), its attempts, when it is tried next, and the server's reply or why it did not
 * go. "Send now" sends the messages due through the mail account of the settings (its password
 * from the system keychain) on the shell's own thread: a progress bar follows the events, and
 * the rest of the app stays usable meanwhile. A failed message can be sent again; one whose
 * fate is unknown is marked sent once the recipient confirms it, or sent again.
 */

import { useEffect, useState } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type MailDecision,
  type OutboxEntry,
  type SendProgress,
  type SendReport,
} from "../api";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { ProgressBar } from "../components/ProgressBar";
import { useI18n } from "../i18n/context";
import { outboxDecisions, outboxStateName, unixToIso } from "../model/collections";

type Sending =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "sending"; progress: SendProgress | null }
  | { kind: "done"; report: SendReport }
  | { kind: "error"; error: ApiError };

export function Outbox() {
  const i18n = useI18n();
  const { t, count, timestamp } = i18n;
  const load = useLoad(() => api.outbox(), []);
  const [sending, setSending] = useState<Sending>({ kind: "idle" });
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const { reload } = load;

  // Only one sending runs at a time, so every event is about the one this screen shows (also
  // one started before the screen was opened).
  useEffect(() => {
    let stopped = false;
    const stops = [
      api.onOutboxProgress((event) => {
        if (!stopped) {
          setSending({ kind: "sending", progress: event.progress });
          reload();
        }
      }),
      api.onOutboxFinished((event) => {
        if (stopped) {
          return;
        }
        setSending(
          "ok" in event.outcome
            ? { kind: "done", report: event.outcome.ok }
            : { kind: "error", error: toApiError(event.outcome.error) },
        );
        reload();
      }),
    ];
    return () => {
      stopped = true;
      for (const stop of stops) {
        void stop.then((unlisten) => unlisten());
      }
    };
  }, [reload]);

  const sendNow = async () => {
    setNotice(null);
    setActionError(null);
    setSending({ kind: "starting" });
    try {
      await api.sendOutbox();
      // The finished event may already have come; keep what it said.
      setSending((s) => (s.kind === "starting" ? { kind: "sending", progress: null } : s));
    } catch (raw) {
      setSending({ kind: "error", error: toApiError(raw) });
    }
  };

  const decide = async (entry: OutboxEntry, decision: MailDecision) => {
    setNotice(null);
    setActionError(null);
    try {
      const after = await api.decideOutbox({ id: entry.id, decision });
      setNotice(
        decision === "arrived"
          ? t("outbox.markedSent", { id: after.id })
          : t("outbox.queuedAgain", { id: after.id }),
      );
      reload();
    } catch (raw) {
      setActionError(toApiError(raw));
    }
  };

  const busy = sending.kind === "starting" || sending.kind === "sending";
  const entries = load.data ?? [];
  const queued = entries.filter((e) => e.state === "queued").length;

  return (
    <Page
      title={t("outbox.title")}
      testId="outbox"
      actions={
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => void sendNow()}
          data-testid="outbox-send"
        >
          {busy ? t("outbox.sending") : t("outbox.send")}
        </button>
      }
    >
      <p className="hint">{t("outbox.intro")}</p>
      <p data-testid="outbox-counts" data-queued={queued}>
        {t("outbox.counts", { all: count(entries.length), queued: count(queued) })}
      </p>
      <div aria-live="polite">
        {sending.kind === "sending" || sending.kind === "starting" ? (
          <ProgressBar
            percent={
              sending.kind === "sending" && sending.progress && sending.progress.due > 0
                ? (100 * sending.progress.done) / sending.progress.due
                : 0
            }
            label={t("outbox.progressLabel")}
            text={
              sending.kind === "sending" && sending.progress
                ? t("outbox.progress", {
                    done: count(sending.progress.done),
                    due: count(sending.progress.due),
                  })
                : t("outbox.connecting")
            }
            testId="outbox-progress"
          />
        ) : null}
        {sending.kind === "done" ? (
          <div
            className={
              sending.report.stopped || sending.report.failed > 0
                ? "notice notice-error"
                : "notice notice-ok"
            }
            role="status"
            data-testid="outbox-report"
            data-sent={sending.report.sent}
          >
            <p>{sending.report.message}</p>
          </div>
        ) : null}
      </div>
      {sending.kind === "error" ? <ErrorNotice error={sending.error} /> : null}
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="outbox-notice">
          {notice}
        </p>
      ) : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.data && entries.length === 0 ? (
        <p data-testid="outbox-empty">{t("outbox.empty")}</p>
      ) : null}
      {entries.length > 0 ? (
        <div className="table-scroll">
          <table className="figures" data-testid="outbox-list">
            <thead>
              <tr>
                <th scope="col">{t("outbox.created")}</th>
                <th scope="col">{t("outbox.to")}</th>
                <th scope="col">{t("outbox.subject")}</th>
                <th scope="col">{t("outbox.state")}</th>
                <th scope="col" className="num">
                  {t("outbox.attempts")}
                </th>
                <th scope="col">{t("outbox.next")}</th>
                <th scope="col">{t("outbox.reply")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("plan.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid={`outbox-${entry.id}`} data-state={entry.state}>
                  <td className="nowrap">{timestamp(entry.created_at)}</td>
                  <td>{entry.to.join(", ")}</td>
                  <th scope="row">
                    {entry.subject}
                    {entry.attachment_name ? (
                      <div className="hint">
                        {t("outbox.attachment", { name: entry.attachment_name })}
                      </div>
                    ) : null}
                  </th>
                  <td>
                    <span
                      className={`state-${entry.state}`}
                      data-testid={`outbox-state-${entry.id}`}
                    >
                      {outboxStateName(entry.state, i18n)}
                    </span>
                    {entry.sent_at ? <div className="hint">{timestamp(entry.sent_at)}</div> : null}
                  </td>
                  <td className="num">{count(entry.attempts)}</td>
                  <td className="nowrap">
                    {entry.state === "queued"
                      ? timestamp(unixToIso(entry.next_attempt))
                      : t("app.none")}
                  </td>
                  <td>
                    {entry.server_reply ?? entry.last_error ?? t("app.none")}
                    {entry.state === "unconfirmed" ? (
                      <p className="hint" data-testid={`outbox-explain-${entry.id}`}>
                        {t("outbox.unconfirmedExplained")}
                      </p>
                    ) : null}
                  </td>
                  <td className="actions">
                    {outboxDecisions(entry).map((decision) => (
                      <button
                        key={decision}
                        type="button"
                        onClick={() => void decide(entry, decision)}
                        data-testid={`outbox-${decision}-${entry.id}`}
                      >
                        {decision === "arrived"
                          ? t("outbox.markSent")
                          : entry.state === "failed"
                            ? t("outbox.retry")
                            : t("outbox.sendAgain")}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
