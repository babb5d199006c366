/** The UI language, switched at once and remembered (see `i18n/context.tsx`). */

import { LANGUAGES, type Language } from "../i18n/catalog";
import { useI18n } from "../i18n/context";

export function LanguageSwitch({ id, testId }: { id: string; testId: string }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="field-inline">
      <label htmlFor={id}>{t("app.language")}</label>
      <select
        id={id}
        value={language}
        data-testid={testId}
        onChange={(e) => setLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
