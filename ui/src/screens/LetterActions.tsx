/**
 * "Open letter" and "Save PDF…" for an executed letter or email: the shell prints nothing anew
 * (the letter is kept as it was sent), writes a copy to its cache folder and starts the
 * system's PDF viewer, or asks in a native save dialog where to save it. What happened is said
 * next to the buttons.
 */

import { useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n/context";

type Done = { kind: "opened" | "saved"; name: string } | { kind: "error"; error: ApiError };

export function LetterActions({ id, reference }: { id: number; reference: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);

  const run = async (action: "open" | "save") => {
    setBusy(true);
    setDone(null);
    try {
      if (action === "open") {
        const opened = await api.openLetter({ id });
        setDone({ kind: "opened", name: opened.file_name });
      } else {
        const saved = await api.saveLetter({ id });
        if (saved) {
          setDone({ kind: "saved", name: saved.saved_as });
        }
      }
    } catch (raw) {
      setDone({ kind: "error", error: toApiError(raw) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="letter-actions">
      <button
        type="button"
        disabled={busy}
        onClick={() => void run("open")}
        aria-label={t("letter.openOf", { reference })}
        data-testid={`letter-open-${id}`}
      >
        {t("letter.open")}
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run("save")}
        aria-label={t("letter.saveOf", { reference })}
        data-testid={`letter-save-${id}`}
      >
        {t("letter.save")}
      </button>
      {done && done.kind !== "error" ? (
        <span role="status" className="hint" data-testid={`letter-status-${id}`}>
          {done.kind === "opened"
            ? t("letter.opened", { name: done.name })
            : t("letter.saved", { name: done.name })}
        </span>
      ) : null}
      {done?.kind === "error" ? <ErrorNotice error={done.error} /> : null}
    </span>
  );
}
