/** The paper and language a document is printed on, for the dialogs that print one. */

import type { Language, PaperSize } from "../api";
import { useI18n } from "../i18n/context";

export function PrintChoices({
  idPrefix,
  paper,
  language,
  onPaper,
  onLanguage,
}: {
  idPrefix: string;
  paper: PaperSize;
  language: Language | "";
  onPaper: (paper: PaperSize) => void;
  onLanguage: (language: Language | "") => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-paper`}>{t("print.paper")}</label>
        <select
          id={`${idPrefix}-paper`}
          value={paper}
          onChange={(e) => onPaper(e.target.value as PaperSize)}
          data-testid={`${idPrefix}-paper`}
        >
          <option value="a4">{t("print.a4")}</option>
          <option value="letter">{t("print.letter")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-language`}>{t("print.language")}</label>
        <select
          id={`${idPrefix}-language`}
          value={language}
          onChange={(e) => onLanguage(e.target.value as Language | "")}
          data-testid={`${idPrefix}-language`}
        >
          <option value="">{t("print.defaultLanguage")}</option>
          <option value="en">{t("lang.en")}</option>
          <option value="zh-CN">{t("lang.zh-CN")}</option>
        </select>
      </div>
    </>
  );
}
