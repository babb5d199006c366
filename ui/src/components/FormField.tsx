/**
 * A labelled text field of a form, with its hint, and the problem found in what was typed
 * shown right under it (and announced), so that the user sees which field to fix.
 */

import { formatDecimal } from "../format/money";
import { useI18n } from "../i18n/context";
import type { FieldProblem } from "../model/creditForms";

export function useProblemText(): (problem: FieldProblem) => string {
  const { t, language } = useI18n();
  return (problem) => {
    switch (problem.kind) {
      case "number":
        return t("field.number", {
          value: problem.value,
          example: formatDecimal("1234.56", language),
        });
      case "days":
        return t("field.days", { value: problem.value });
      case "date":
        return t("field.date", { value: problem.value });
      case "money":
        return t("field.money", {
          value: problem.value,
          example: `${formatDecimal("5.00", language, 2)} EUR`,
        });
      case "required":
        return t("field.required");
    }
  };
}

export function FormField({
  id,
  label,
  value,
  onChange,
  problem,
  hint,
  size,
  inputMode,
  maxLength,
  testId,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: FieldProblem;
  hint?: string;
  size?: "short" | "medium" | "date";
  inputMode?: "decimal" | "numeric";
  maxLength?: number;
  testId: string;
}) {
  const problemText = useProblemText();
  const described = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={size}
        inputMode={inputMode}
        maxLength={maxLength}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
        data-testid={testId}
      />
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {problem ? (
        <p className="field-error" id={`${id}-error`} role="alert" data-testid={`${testId}-error`}>
          {problemText(problem)}
        </p>
      ) : null}
    </div>
  );
}
