/**
 * "Agreement PDF…" on a payment plan: the agreement for the customer to sign (its instalments
 * and terms, on the company's letterhead), printed on the paper and in the language chosen and
 * saved where the user says in a native save dialog.
 */

import { useState } from "react";

import * as api from "../api";
import { toApiError, type ApiError, type Language, type PaperSize, type PlanLine } from "../api";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { PrintChoices } from "../components/PrintChoices";
import { useI18n } from "../i18n/context";

export function PlanAgreement({ line }: { line: PlanLine }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
        data-testid={`plan-agreement-${line.id}`}
      >
        {t("plan.agreement")}
      </button>
      {saved ? (
        <span role="status" className="hint" data-testid={`plan-agreement-saved-${line.id}`}>
          {t("letter.saved", { name: saved })}
        </span>
      ) : null}
      {open ? (
        <AgreementDialog
          line={line}
          onClose={() => setOpen(false)}
          onSaved={(name) => {
            setOpen(false);
            setSaved(name);
          }}
        />
      ) : null}
    </>
  );
}

function AgreementDialog({
  line,
  onClose,
  onSaved,
}: {
  line: PlanLine;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useI18n();
  const [paper, setPaper] = useState<PaperSize>("a4");
  const [language, setLanguage] = useState<Language | "">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.savePlanAgreement({
        id: line.id,
        options: { paper, language: language === "" ? null : language },
      });
      if (saved) {
        onSaved(saved.saved_as);
      } else {
        setBusy(false);
      }
    } catch (raw) {
      setError(toApiError(raw));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t("plan.agreementTitle", { reference: line.reference })}
      open
      onClose={onClose}
      testId="plan-agreement-dialog"
    >
      <div className="form">
        <PrintChoices
          idPrefix="agreement"
          paper={paper}
          language={language}
          onPaper={setPaper}
          onLanguage={setLanguage}
        />
        {error ? <ErrorNotice error={error} /> : null}
        <div className="button-row">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void save()}
            data-testid="plan-agreement-save"
          >
            {t("plan.agreementSave")}
          </button>
          <button type="button" onClick={onClose}>
            {t("app.cancel")}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
