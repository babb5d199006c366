/**
 * The files attached to a credit report or a dispute: each with its name, size, type and date,
 * "Save…" (the shell asks where in a native save dialog) and "Remove" (after a confirmation);
 * "Attach file…" asks for a file in a native open dialog. The UI never names a path: it learns
 * file names only.
 */

import { useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type AttachmentEntry } from "../api";
import { useLoad } from "../app/useLoad";
import { useI18n } from "../i18n/context";
import { Dialog } from "./Dialog";
import { ErrorNotice } from "./ErrorNotice";

export function Attachments({
  load,
  attach,
  deps,
  testId,
}: {
  /** The attachments as the backend lists them, oldest first. */
  load: () => Promise<AttachmentEntry[]>;
  /** Opens the dialog and attaches the file chosen; `null` when cancelled. */
  attach: () => Promise<AttachmentEntry | null>;
  deps: readonly unknown[];
  testId: string;
}) {
  const { t, count, date } = useI18n();
  const list = useLoad(load, deps);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<AttachmentEntry | null>(null);

  const run = async (step: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const said = await step();
      if (said !== null) {
        setNotice(said);
      }
    } catch (raw) {
      setError(toApiError(raw));
    } finally {
      setBusy(false);
    }
  };
  const attachFile = () =>
    run(async () => {
      const entry = await attach();
      if (entry === null) {
        return null;
      }
      list.reload();
      return t("attachment.attached", { name: entry.file_name });
    });
  const save = (entry: AttachmentEntry) =>
    run(async () => {
      const saved = await api.saveAttachment({ id: entry.id });
      return saved === null
        ? null
        : t("attachment.saved", { name: entry.file_name, file: saved.saved_as });
    });

  const files = list.data ?? [];
  return (
    <div className="attachments" data-testid={testId}>
      {list.status === "error" ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {files.length === 0 && list.status === "ok" ? (
        <p className="muted">{t("attachment.none")}</p>
      ) : null}
      {files.length > 0 ? (
        <ul className="attachment-list">
          {files.map((entry) => (
            <li key={entry.id} data-testid={`${testId}-file-${entry.id}`}>
              <span data-testid={`${testId}-name-${entry.id}`}>{entry.file_name}</span>{" "}
              <span className="muted">
                {t("attachment.facts", {
                  size: t("import.bytes", { count: count(entry.size) }),
                  type: entry.media_type,
                  date: date(entry.added_at.slice(0, 10)),
                })}
              </span>{" "}
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => void save(entry)}
                data-testid={`${testId}-save-${entry.id}`}
              >
                {t("attachment.save")}
              </button>{" "}
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => setRemoving(entry)}
                data-testid={`${testId}-remove-${entry.id}`}
              >
                {t("attachment.remove")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {notice ? (
        <p role="status" data-testid={`${testId}-notice`}>
          {notice}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => void attachFile()}
        data-testid={`${testId}-attach`}
      >
        {t("attachment.attach")}
      </button>
      {removing ? (
        <Dialog
          title={t("attachment.removeTitle")}
          open
          onClose={() => setRemoving(null)}
          testId={`${testId}-remove-dialog`}
        >
          <p>{t("attachment.removeConfirm", { name: removing.file_name })}</p>
          <div className="button-row">
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => {
                const entry = removing;
                setRemoving(null);
                void run(async () => {
                  await api.removeAttachment({ id: entry.id });
                  list.reload();
                  return t("attachment.removed", { name: entry.file_name });
                });
              }}
              data-testid={`${testId}-remove-confirm`}
            >
              {t("attachment.remove")}
            </button>
            <button type="button" onClick={() => setRemoving(null)}>
              {t("app.cancel")}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
