/**
 * A calendar date typed as `YYYY-MM-DD`, the form the whole book uses, with the date written
 * out in the UI language beside it as confirmation.
 *
 * A text field rather than `<input type="date">`: WebKitGTK, the Linux webview, splits a date
 * input into month/day/year segments in the system's order, which turns typed ISO dates into
 * other dates and cannot be filled reliably by keyboard or by an automated test. The value is
 * handed on only once it is a real calendar date; until then the field says it is invalid.
 */

import { useEffect, useState } from "react";

import { formatDate, isIsoDate } from "../format/date";
import { useI18n } from "../i18n/context";

export function DateField({
  id,
  label,
  value,
  onChange,
  testId,
  required = false,
  inline = false,
}: {
  id: string;
  label: string;
  /** The committed date, `YYYY-MM-DD`, or "" for none. */
  value: string;
  /** Called with a valid date, or with "" when an optional field is emptied. */
  onChange: (iso: string) => void;
  testId: string;
  required?: boolean;
  inline?: boolean;
}) {
  const { t, language } = useI18n();
  const [text, setText] = useState(value);

  useEffect(() => setText(value), [value]);

  const trimmed = text.trim();
  const valid = isIsoDate(trimmed) || (!required && trimmed === "");
  const hintId = `${id}-hint`;

  return (
    <div className={inline ? "field-inline" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="date"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t("date.placeholder")}
        maxLength={10}
        value={text}
        required={required}
        aria-invalid={!valid}
        aria-describedby={hintId}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const candidate = next.trim();
          if (isIsoDate(candidate) || (!required && candidate === "")) {
            onChange(candidate);
          }
        }}
      />
      <span id={hintId} className={valid ? "hint" : "field-error"} data-testid={`${testId}-hint`}>
        {valid
          ? trimmed === ""
            ? t("date.format")
            : formatDate(trimmed, language)
          : t("date.invalid", { value: text })}
      </span>
    </div>
  );
}
