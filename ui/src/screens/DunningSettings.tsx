/**
 * The collections settings of the Settings screen: the book's dunning policy (a shipped preset,
 * or the ladder edited level by level: days overdue, channel, template per language, fees, fee
 * in percent, interest, consequences; the minimum amounts and the minimum gap between two
 * contacts) and the letter templates (each name in each language: subject and body with the
 * values they may name, and "Reset to shipped"). The same editor sets a customer's own policy
 * from its page. The backend checks the policy and answers with one sentence per problem.
 */

import { useEffect, useState, type FormEvent } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type Consequence,
  type ContactChannel,
  type DunningPolicy,
  type Language,
  type Placeholder,
  type Preset,
  type TemplateLine,
} from "../api";
import { useLoad } from "../app/useLoad";
import { Dialog } from "../components/Dialog";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField, useProblemText } from "../components/FormField";
import { useI18n } from "../i18n/context";
import { CHANNELS, CONSEQUENCES, channelName, consequenceName } from "../model/collections";
import type { FieldProblem } from "../model/creditForms";
import {
  TEMPLATE_LANGUAGES,
  addLevel,
  changeLevel,
  dunningPolicyForm,
  policyOfForm,
  removeLevel,
  type DunningPolicyForm,
  type PolicyFormField,
} from "../model/dunningPolicy";

type Status =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "done"; message: string }
  | { kind: "error"; error: ApiError };

function Outcome({ status, testId }: { status: Status; testId: string }) {
  if (status.kind === "done") {
    return (
      <p role="status" className="notice notice-ok" data-testid={testId}>
        {status.message}
      </p>
    );
  }
  return status.kind === "error" ? <ErrorNotice error={status.error} /> : null;
}

/** A policy's ladder, read only. */
export function LevelsTable({ policy }: { policy: DunningPolicy }) {
  const i18n = useI18n();
  const { t, money, count } = i18n;
  return (
    <div className="table-scroll">
      <table className="figures" data-testid="policy-levels">
        <caption>
          {t("dunningPolicy.summary", {
            name: policy.name,
            gap: count(policy.minimum_gap_days),
            minimums:
              policy.minimum_amounts.length > 0
                ? policy.minimum_amounts.map(money).join(", ")
                : t("dunningPolicy.noMinimum"),
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("dunning.level")}
            </th>
            <th scope="col" className="num">
              {t("dunningPolicy.days")}
            </th>
            <th scope="col">{t("dunning.channel")}</th>
            <th scope="col">{t("dunningPolicy.templates")}</th>
            <th scope="col">{t("dunning.fee")}</th>
            <th scope="col">{t("dunning.interest")}</th>
            <th scope="col">{t("dunningPolicy.consequences")}</th>
          </tr>
        </thead>
        <tbody>
          {policy.levels.map((level, i) => (
            <tr key={i}>
              <th scope="row" className="num">
                {i + 1}
              </th>
              <td className="num">{count(level.days_overdue)}</td>
              <td>{channelName(level.channel, i18n)}</td>
              <td>{level.templates.map((tpl) => `${tpl.name} (${tpl.language})`).join(", ")}</td>
              <td>
                {[
                  ...level.fees.map(money),
                  ...(level.fee_percent ? [`${level.fee_percent} %`] : []),
                ].join(", ") || t("app.none")}
              </td>
              <td>{level.charge_interest ? t("app.yes") : t("app.no")}</td>
              <td>
                {level.consequences.map((c) => consequenceName(c, i18n)).join(", ") ||
                  t("app.none")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The template names a level may choose: every name the book knows, and the level's own. */
function templateNames(lines: readonly TemplateLine[], form: DunningPolicyForm): string[] {
  const names = new Set(lines.map((line) => line.name));
  for (const level of form.levels) {
    for (const language of TEMPLATE_LANGUAGES) {
      if (level.templates[language] !== "") {
        names.add(level.templates[language]);
      }
    }
  }
  return [...names];
}

/** The ladder as a form; saves it as the book's policy or, with `customer`, as its own. */
function PolicyEditor({
  customer,
  policy,
  onSaved,
  onCancel,
}: {
  customer: string | null;
  policy: DunningPolicy;
  onSaved: (message: string) => void;
  onCancel?: () => void;
}) {
  const i18n = useI18n();
  const { t, language } = i18n;
  const problemText = useProblemText();
  const templates = useLoad(() => api.letterTemplates(), []);
  const [form, setForm] = useState<DunningPolicyForm>(() => dunningPolicyForm(policy));
  const [problems, setProblems] = useState<Partial<Record<PolicyFormField, FieldProblem>>>({});
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const names = templateNames(templates.data ?? [], form);
  const prefix = customer === null ? "dunning-policy" : "customer-policy";

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const checked = policyOfForm(form, language);
    if (!checked.ok) {
      setProblems(checked.problems);
      setStatus({ kind: "idle" });
      return;
    }
    setProblems({});
    setStatus({ kind: "busy" });
    try {
      const saved = await api.setDunningPolicy({
        customer,
        policy: { kind: "edited", policy: checked.request },
      });
      setForm(dunningPolicyForm(saved.policy));
      setStatus({ kind: "idle" });
      onSaved(saved.message);
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const problemOf = (field: PolicyFormField) => {
    const problem = problems[field];
    return problem ? (
      <p className="field-error" role="alert" data-testid={`${prefix}-${field}-error`}>
        {problemText(problem)}
      </p>
    ) : null;
  };
  const toggleConsequence = (index: number, consequence: Consequence) => {
    const level = form.levels[index];
    if (!level) {
      return;
    }
    const has = level.consequences.includes(consequence);
    setForm(
      changeLevel(form, index, {
        consequences: has
          ? level.consequences.filter((c) => c !== consequence)
          : [...level.consequences, consequence],
      }),
    );
  };

  return (
    <form className="form policy-editor" onSubmit={save} noValidate data-testid={`${prefix}-form`}>
      <FormField
        id={`${prefix}-name`}
        label={t("dunningPolicy.name")}
        value={form.name}
        onChange={(v) => setForm({ ...form, name: v })}
        problem={problems.name}
        size="medium"
        testId={`${prefix}-name`}
      />
      <div className="table-scroll">
        <table className="figures level-editor" data-testid={`${prefix}-levels-editor`}>
          <caption>{t("dunningPolicy.levels")}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("dunning.level")}
              </th>
              <th scope="col">{t("dunningPolicy.days")}</th>
              <th scope="col">{t("dunning.channel")}</th>
              {TEMPLATE_LANGUAGES.map((l) => (
                <th scope="col" key={l}>
                  {t("dunningPolicy.templateIn", { language: t(`lang.${l}`) })}
                </th>
              ))}
              <th scope="col">{t("dunningPolicy.fees")}</th>
              <th scope="col">{t("dunningPolicy.feePercent")}</th>
              <th scope="col">{t("dunning.interest")}</th>
              <th scope="col">{t("dunningPolicy.consequences")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("plan.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {form.levels.map((level, index) => {
              const id = `${prefix}-level-${index}`;
              const number = index + 1;
              return (
                <tr key={index} data-testid={id}>
                  <th scope="row" className="num">
                    {number}
                  </th>
                  <td>
                    <input
                      className="short"
                      inputMode="numeric"
                      value={level.days}
                      onChange={(e) => setForm(changeLevel(form, index, { days: e.target.value }))}
                      aria-label={t("dunningPolicy.daysOf", { level: number })}
                      aria-invalid={problems[`level-${index}-days`] ? true : undefined}
                      data-testid={`${id}-days`}
                    />
                    {problemOf(`level-${index}-days`)}
                  </td>
                  <td>
                    <select
                      value={level.channel}
                      onChange={(e) =>
                        setForm(
                          changeLevel(form, index, { channel: e.target.value as ContactChannel }),
                        )
                      }
                      aria-label={t("dunningPolicy.channelOf", { level: number })}
                      data-testid={`${id}-channel`}
                    >
                      {CHANNELS.map((channel) => (
                        <option key={channel} value={channel}>
                          {channelName(channel, i18n)}
                        </option>
                      ))}
                    </select>
                  </td>
                  {TEMPLATE_LANGUAGES.map((l) => (
                    <td key={l}>
                      <select
                        value={level.templates[l]}
                        onChange={(e) =>
                          setForm(
                            changeLevel(form, index, {
                              templates: { ...level.templates, [l]: e.target.value },
                            }),
                          )
                        }
                        aria-label={t("dunningPolicy.templateOf", {
                          level: number,
                          language: t(`lang.${l}`),
                        })}
                        data-testid={`${id}-template-${l}`}
                      >
                        <option value="">{t("dunningPolicy.noTemplate")}</option>
                        {names.map((name) => (
                          <option key={name} value={name}>
                            {name}
                          </option>
                        ))}
                      </select>
                    </td>
                  ))}
                  <td>
                    <input
                      className="medium"
                      value={level.fees}
                      onChange={(e) => setForm(changeLevel(form, index, { fees: e.target.value }))}
                      placeholder="5.00 EUR"
                      aria-label={t("dunningPolicy.feesOf", { level: number })}
                      aria-invalid={problems[`level-${index}-fees`] ? true : undefined}
                      data-testid={`${id}-fees`}
                    />
                    {problemOf(`level-${index}-fees`)}
                  </td>
                  <td>
                    <input
                      className="short"
                      inputMode="decimal"
                      value={level.feePercent}
                      onChange={(e) =>
                        setForm(changeLevel(form, index, { feePercent: e.target.value }))
                      }
                      aria-label={t("dunningPolicy.feePercentOf", { level: number })}
                      aria-invalid={problems[`level-${index}-feePercent`] ? true : undefined}
                      data-testid={`${id}-fee-percent`}
                    />
                    {problemOf(`level-${index}-feePercent`)}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      checked={level.interest}
                      onChange={(e) =>
                        setForm(changeLevel(form, index, { interest: e.target.checked }))
                      }
                      aria-label={t("dunningPolicy.interestOf", { level: number })}
                      data-testid={`${id}-interest`}
                    />
                  </td>
                  <td>
                    {CONSEQUENCES.map((consequence) => (
                      <label key={consequence} className="field-check">
                        <input
                          type="checkbox"
                          checked={level.consequences.includes(consequence)}
                          onChange={() => toggleConsequence(index, consequence)}
                          data-testid={`${id}-${consequence}`}
                        />
                        {consequenceName(consequence, i18n)}
                      </label>
                    ))}
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="quiet"
                      onClick={() => setForm(removeLevel(form, index))}
                      aria-label={t("dunningPolicy.removeLevel", { level: number })}
                      data-testid={`${id}-remove`}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="button-row">
        <button
          type="button"
          onClick={() => setForm(addLevel(form))}
          data-testid={`${prefix}-add-level`}
        >
          {t("dunningPolicy.addLevel")}
        </button>
      </div>
      <div className="schedule-row">
        <FormField
          id={`${prefix}-minimums`}
          label={t("dunningPolicy.minimums")}
          hint={t("dunningPolicy.minimumsHint")}
          value={form.minimums}
          onChange={(v) => setForm({ ...form, minimums: v })}
          problem={problems.minimums}
          size="medium"
          testId={`${prefix}-minimums`}
        />
        <FormField
          id={`${prefix}-gap`}
          label={t("dunningPolicy.gap")}
          hint={t("dunningPolicy.gapHint")}
          value={form.gapDays}
          onChange={(v) => setForm({ ...form, gapDays: v })}
          problem={problems.gapDays}
          size="short"
          inputMode="numeric"
          testId={`${prefix}-gap`}
        />
      </div>
      {status.kind === "error" ? (
        <div className="notice notice-error" role="alert" data-testid="error-message">
          {status.error.message.split("\n").map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
      ) : null}
      <div className="button-row">
        <button
          type="submit"
          className="primary"
          disabled={status.kind === "busy"}
          data-testid={`${prefix}-save`}
        >
          {t("dunningPolicy.save")}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            {t("app.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** A customer's own policy, edited from its page (starting from the one it follows). */
export function PolicyEditorDialog({
  customer,
  policy,
  onClose,
  onSaved,
}: {
  customer: string;
  policy: DunningPolicy;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog
      title={t("dunningPolicy.customerTitle", { customer })}
      open
      onClose={onClose}
      testId="customer-policy-dialog"
      wide
    >
      <PolicyEditor customer={customer} policy={policy} onSaved={onSaved} onCancel={onClose} />
    </Dialog>
  );
}

export function DunningPolicySection() {
  const { t } = useI18n();
  const load = useLoad(() => api.dunningPolicy({ customer: null }), []);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [preset, setPreset] = useState<Preset>("firm");
  const [version, setVersion] = useState(0);

  const usePreset = async () => {
    setStatus({ kind: "busy" });
    try {
      const saved = await api.setDunningPolicy({
        customer: null,
        policy: { kind: "preset", preset },
      });
      setStatus({ kind: "done", message: saved.message });
      setVersion((v) => v + 1);
      load.reload();
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  return (
    <section aria-labelledby="dunning-policy" data-testid="dunning-policy">
      <h2 id="dunning-policy">{t("dunningPolicy.title")}</h2>
      <p className="hint">{t("dunningPolicy.intro")}</p>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {load.data ? <p data-testid="dunning-policy-message">{load.data.message}</p> : null}
      <div className="toolbar">
        <label className="field-inline" htmlFor="dunning-preset">
          {t("dunningPolicy.presetLabel")}
          <select
            id="dunning-preset"
            value={preset}
            onChange={(e) => setPreset(e.target.value as Preset)}
            data-testid="dunning-preset"
          >
            <option value="firm">{t("dunningPolicy.preset.firm")}</option>
            <option value="gentle">{t("dunningPolicy.preset.gentle")}</option>
          </select>
        </label>
        <button
          type="button"
          disabled={status.kind === "busy"}
          onClick={() => void usePreset()}
          data-testid="dunning-use-preset"
        >
          {t("dunningPolicy.usePreset")}
        </button>
      </div>
      <Outcome status={status} testId="dunning-policy-saved" />
      {load.data ? (
        <PolicyEditor
          key={`${version}-${load.data.policy.name}`}
          customer={null}
          policy={load.data.policy}
          onSaved={(message) => {
            setStatus({ kind: "done", message });
            load.reload();
          }}
        />
      ) : null}
    </section>
  );
}

export function LetterTemplatesSection() {
  const { t } = useI18n();
  const lines = useLoad(() => api.letterTemplates(), []);
  const placeholders = useLoad(() => api.templatePlaceholders(), []);
  const [name, setName] = useState("reminder");
  const [language, setLanguage] = useState<Language>("en");
  const [newName, setNewName] = useState("");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const all = lines.data ?? [];
  const names = [...new Set(all.map((line) => line.name))];
  const current = all.find((line) => line.name === name && line.language === language) ?? null;
  const creating = name === "";

  useEffect(() => {
    setSubject(current?.subject ?? "");
    setBody(current?.body ?? "");
  }, [current?.subject, current?.body, name, language]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: "busy" });
    try {
      const saved = await api.saveLetterTemplate({
        name: creating ? newName : name,
        language,
        subject,
        body,
      });
      setStatus({ kind: "done", message: t("templates.saved", { name: saved.name }) });
      if (creating) {
        setName(saved.name);
        setNewName("");
      }
      lines.reload();
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const reset = async () => {
    setStatus({ kind: "busy" });
    try {
      const answer = await api.resetLetterTemplate({ name, language });
      setStatus({ kind: "done", message: answer.message });
      lines.reload();
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  return (
    <section aria-labelledby="letter-templates" data-testid="letter-templates">
      <h2 id="letter-templates">{t("templates.title")}</h2>
      <p className="hint">{t("templates.intro")}</p>
      {lines.status === "error" ? <ErrorNotice error={lines.error} onRetry={lines.reload} /> : null}
      <div className="template-editor">
        <form className="form" onSubmit={save} noValidate data-testid="template-form">
          <div className="schedule-row">
            <div className="field">
              <label htmlFor="template-name">{t("templates.name")}</label>
              <select
                id="template-name"
                value={name}
                onChange={(e) => {
                  setStatus({ kind: "idle" });
                  setName(e.target.value);
                }}
                data-testid="template-name"
              >
                {names.map((each) => (
                  <option key={each} value={each}>
                    {each}
                  </option>
                ))}
                <option value="">{t("templates.new")}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="template-language">{t("templates.language")}</label>
              <select
                id="template-language"
                value={language}
                onChange={(e) => {
                  setStatus({ kind: "idle" });
                  setLanguage(e.target.value as Language);
                }}
                data-testid="template-language"
              >
                {TEMPLATE_LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {t(`lang.${l}`)}
                  </option>
                ))}
              </select>
            </div>
            {creating ? (
              <FormField
                id="template-new-name"
                label={t("templates.newName")}
                hint={t("templates.newNameHint")}
                value={newName}
                onChange={setNewName}
                size="medium"
                testId="template-new-name"
              />
            ) : null}
          </div>
          <p className="hint" data-testid="template-origin">
            {creating
              ? t("templates.originNew")
              : current === null
                ? t("templates.originNone")
                : current.edited
                  ? t("templates.originEdited")
                  : t("templates.originShipped")}
          </p>
          <div className="field">
            <label htmlFor="template-subject">{t("templates.subject")}</label>
            <input
              id="template-subject"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              data-testid="template-subject"
            />
          </div>
          <div className="field">
            <label htmlFor="template-body">{t("templates.body")}</label>
            <textarea
              id="template-body"
              rows={14}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              data-testid="template-body"
            />
          </div>
          <Outcome status={status} testId="template-saved" />
          <div className="button-row">
            <button
              type="submit"
              className="primary"
              disabled={status.kind === "busy"}
              data-testid="template-save"
            >
              {t("templates.save")}
            </button>
            <button
              type="button"
              disabled={status.kind === "busy" || creating || !current?.edited}
              onClick={() => void reset()}
              data-testid="template-reset"
            >
              {t("templates.reset")}
            </button>
          </div>
        </form>
        <aside aria-labelledby="placeholders-heading" data-testid="template-placeholders">
          <h3 id="placeholders-heading">{t("templates.placeholders")}</h3>
          <p className="hint">{t("templates.placeholdersHint")}</p>
          <dl className="placeholders">
            {(placeholders.data ?? []).map((placeholder: Placeholder) => (
              <div key={placeholder}>
                <dt>
                  <code>{`{${placeholder}}`}</code>
                </dt>
                <dd>{t(`templates.placeholder.${placeholder}`)}</dd>
              </div>
            ))}
          </dl>
        </aside>
      </div>
    </section>
  );
}
