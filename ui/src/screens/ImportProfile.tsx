/** The import wizard's profile step: choose a built-in profile or edit one, map columns, peek. */

import { useEffect, useState } from "react";

import * as api from "../api";
import { toApiError, type FilePeek, type ProfileDefinition } from "../api";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { useI18n } from "../i18n/context";
import { profileSpec, type WizardEvent, type WizardState } from "../model/importWizard";

const DATE_FORMATS: ProfileDefinition["date_format"][] = [
  "YYYY-MM-DD",
  "M/D/YYYY",
  "D/M/YYYY",
  "DD.MM.YYYY",
];
const ENCODINGS: ProfileDefinition["encoding"][] = ["utf-8", "gb18030"];

export function ProfileStep({
  state,
  dispatch,
}: {
  state: WizardState;
  dispatch: (e: WizardEvent) => void;
}) {
  const { t, count } = useI18n();
  const profiles = useLoad(() => api.importProfiles(), []);
  const [peek, setPeek] = useState<FilePeek | null>(null);
  const [peekError, setPeekError] = useState<api.ApiError | null>(null);
  const chosen = profiles.data?.find((p) => p.name === state.profileName) ?? null;
  const spec = profileSpec(state);
  const specKey = JSON.stringify(spec);

  useEffect(() => {
    if (!profiles.data || state.profileName) {
      return;
    }
    const first = profiles.data[0];
    if (first) {
      dispatch({ type: "profile_chosen", name: first.name });
    }
  }, [profiles.data, state.profileName, dispatch]);

  useEffect(() => {
    if (!state.file || !spec) {
      return;
    }
    let current = true;
    const file = state.file;
    const timer = setTimeout(() => {
      api.peekImportFile({ file_id: file.id, profile: spec }).then(
        (p) => current && (setPeek(p), setPeekError(null)),
        (raw: unknown) => current && (setPeek(null), setPeekError(toApiError(raw))),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // The spec is compared by its JSON text, not by identity.
  }, [state.file, specKey]);

  const edit = async () => {
    if (!state.profileName) {
      return;
    }
    try {
      dispatch({
        type: "profile_edited",
        definition: await api.profileDefinition({ name: state.profileName }),
      });
    } catch (raw) {
      dispatch({ type: "failed", error: toApiError(raw) });
    }
  };

  const def = state.edited;
  const setDef = (patch: Partial<ProfileDefinition>) =>
    def && dispatch({ type: "profile_edited", definition: { ...def, ...patch } });

  return (
    <div className="form">
      {state.file ? (
        <p data-testid="import-file-name">
          {t("import.picked", {
            name: state.file.name,
            size: t("import.bytes", { count: count(Number(state.file.bytes)) }),
          })}
        </p>
      ) : null}
      {profiles.status === "error" ? (
        <ErrorNotice error={profiles.error} onRetry={profiles.reload} />
      ) : null}
      <div className="field">
        <label htmlFor="import-profile">{t("import.chooseProfile")}</label>
        <select
          id="import-profile"
          value={state.profileName ?? ""}
          onChange={(e) => dispatch({ type: "profile_chosen", name: e.target.value })}
          data-testid="import-profile"
        >
          {(profiles.data ?? []).map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
        {chosen ? (
          <p className="hint">
            {t("import.profileFacts", {
              delimiter: JSON.stringify(chosen.delimiter),
              decimal: JSON.stringify(chosen.decimal_mark),
              date: chosen.date_format,
              encoding: chosen.encoding,
            })}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        {def ? (
          <button
            type="button"
            onClick={() => dispatch({ type: "profile_edited", definition: null })}
            data-testid="import-stop-editing"
          >
            {t("import.stopEditing")}
          </button>
        ) : (
          <button
            type="button"
            onClick={() => void edit()}
            disabled={!state.profileName}
            data-testid="import-edit-profile"
          >
            {t("import.edit")}
          </button>
        )}
      </div>

      {def ? (
        <fieldset className="form-group" data-testid="profile-editor">
          <legend>{t("import.profile")}</legend>
          <div className="field">
            <label htmlFor="profile-delimiter">{t("import.delimiter")}</label>
            <input
              id="profile-delimiter"
              className="short"
              maxLength={1}
              value={def.delimiter}
              onChange={(e) => setDef({ delimiter: e.target.value })}
              data-testid="profile-delimiter"
            />
          </div>
          <div className="field">
            <label htmlFor="profile-decimal">{t("import.decimalMark")}</label>
            <input
              id="profile-decimal"
              className="short"
              maxLength={1}
              value={def.decimal_mark}
              onChange={(e) => setDef({ decimal_mark: e.target.value })}
              data-testid="profile-decimal"
            />
          </div>
          <div className="field">
            <label htmlFor="profile-grouping">{t("import.groupingMark")}</label>
            <input
              id="profile-grouping"
              className="short"
              maxLength={1}
              value={def.grouping_mark ?? ""}
              onChange={(e) =>
                setDef({ grouping_mark: e.target.value === "" ? null : e.target.value })
              }
              data-testid="profile-grouping"
            />
          </div>
          <div className="field">
            <label htmlFor="profile-date">{t("import.dateFormat")}</label>
            <select
              id="profile-date"
              value={def.date_format}
              onChange={(e) =>
                setDef({ date_format: e.target.value as ProfileDefinition["date_format"] })
              }
              data-testid="profile-date-format"
            >
              {DATE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="profile-encoding">{t("import.encoding")}</label>
            <select
              id="profile-encoding"
              value={def.encoding}
              onChange={(e) =>
                setDef({ encoding: e.target.value as ProfileDefinition["encoding"] })
              }
              data-testid="profile-encoding"
            >
              {ENCODINGS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          {def.fields.length > 0 ? (
            <div className="table-scroll">
              <table className="figures" data-testid="column-map">
                <caption>{t("import.columns")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("import.field")}</th>
                    <th scope="col">{t("import.column")}</th>
                  </tr>
                </thead>
                <tbody>
                  {def.fields.map((f) => (
                    <tr key={f.field}>
                      <th scope="row">
                        <label htmlFor={`column-map-${f.field}`}>
                          {f.field}{" "}
                          {f.required ? <span className="tag">{t("import.required")}</span> : null}
                        </label>
                      </th>
                      <td>
                        <select
                          id={`column-map-${f.field}`}
                          value={def.columns[f.field] ?? ""}
                          data-testid={`column-map-${f.field}`}
                          onChange={(e) => {
                            const columns = { ...def.columns };
                            if (e.target.value === "") {
                              delete columns[f.field];
                            } else {
                              columns[f.field] = e.target.value;
                            }
                            setDef({ columns });
                          }}
                        >
                          <option value="">{t("import.defaultColumn")}</option>
                          {(peek?.headers ?? []).map((h) => (
                            <option key={h} value={h}>
                              {h}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </fieldset>
      ) : null}

      <div className="field">
        <label htmlFor="import-currency">{t("import.currency")}</label>
        <input
          id="import-currency"
          className="short"
          maxLength={3}
          value={state.currency}
          onChange={(e) => dispatch({ type: "options_changed", currency: e.target.value })}
          data-testid="import-currency"
        />
      </div>
      <div className="field">
        <label htmlFor="import-terms">{t("import.terms")}</label>
        <input
          id="import-terms"
          value={state.terms}
          onChange={(e) => dispatch({ type: "options_changed", terms: e.target.value })}
          data-testid="import-terms"
        />
      </div>
      <div className="field">
        <label htmlFor="import-customer">{t("import.customer")}</label>
        <input
          id="import-customer"
          value={state.customer}
          onChange={(e) => dispatch({ type: "options_changed", customer: e.target.value })}
          data-testid="import-customer"
        />
      </div>
      <DateField
        id="import-export-date"
        label={t("import.exportDate")}
        value={state.exportDate}
        onChange={(date) => dispatch({ type: "options_changed", exportDate: date })}
        testId="import-export-date"
      />

      {peekError ? <ErrorNotice error={peekError} /> : null}
      {peek ? (
        <div className="table-scroll" data-testid="import-peek">
          <table className="figures">
            <caption>{t("import.firstRows")}</caption>
            <thead>
              <tr>
                {peek.headers.map((h, i) => (
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {peek.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
