/**
 * Settings: the company's details and letterhead logo (kept in the book), the outgoing mail
 * account with a test mail (the password goes once to the shell, which keeps it in the system
 * keychain and never sends it back), the UI language, the book's credit policy and exchange
 * rates, the reference rate tables of statutory interest, and its dunning policy and letter
 * templates.
 */

import { useEffect, useState, type FormEvent } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type CompanyDetails,
  type SmtpSecurity,
  type SmtpSettings,
} from "../api";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useLoad } from "../app/useLoad";
import { ErrorNotice } from "../components/ErrorNotice";
import { Page } from "../components/Page";
import { useI18n } from "../i18n/context";
import { CreditPolicySection, ExchangeRatesSection } from "./CreditSettings";
import { DunningPolicySection, LetterTemplatesSection } from "./DunningSettings";
import { ReferenceRatesSection } from "./ReferenceRates";

type OptionalCompanyField =
  "country" | "email" | "phone" | "tax_id" | "bank_name" | "iban" | "account_number" | "bic";

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

export function Settings() {
  const { t } = useI18n();
  return (
    <Page title={t("settings.title")} testId="settings">
      <section aria-labelledby="ui-language">
        <h2 id="ui-language">{t("settings.uiLanguage")}</h2>
        <LanguageSwitch id="settings-language" testId="settings-language" />
      </section>
      <div className="two-columns">
        <CompanySection />
        <SmtpSection />
      </div>
      <div className="two-columns">
        <CreditPolicySection />
        <ExchangeRatesSection />
      </div>
      <ReferenceRatesSection />
      <DunningPolicySection />
      <LetterTemplatesSection />
    </Page>
  );
}

function TextField({
  id,
  label,
  value,
  onChange,
  type = "text",
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
      />
    </div>
  );
}

function CompanySection() {
  const { t } = useI18n();
  const load = useLoad(() => api.companySettings(), []);
  const [company, setCompany] = useState<CompanyDetails | null>(null);
  const [address, setAddress] = useState("");
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  useEffect(() => {
    if (load.data) {
      setCompany(load.data);
      setAddress(load.data.address_lines.join("\n"));
    }
  }, [load.data]);

  if (!company) {
    return load.status === "error" ? (
      <ErrorNotice error={load.error} onRetry={load.reload} />
    ) : (
      <p role="status">{t("app.loading")}</p>
    );
  }
  const set = <K extends keyof CompanyDetails>(key: K, value: CompanyDetails[K]) =>
    setCompany({ ...company, [key]: value });
  // Optional details are absent (null) rather than empty text.
  const optional = (key: OptionalCompanyField) => ({
    value: company[key] ?? "",
    onChange: (v: string) => set(key, v.trim() === "" ? null : v),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus({ kind: "busy" });
    const lines = address
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "");
    try {
      const kept = await api.saveCompanySettings({ ...company, address_lines: lines });
      setCompany(kept);
      setAddress(kept.address_lines.join("\n"));
      setStatus({ kind: "done", message: t("app.saved") });
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const pickLogo = async () => {
    try {
      const logo = await api.pickLogo();
      if (logo) {
        setCompany({ ...company, logo });
      }
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  return (
    <section aria-labelledby="company">
      <h2 id="company">{t("settings.company")}</h2>
      <form className="form" onSubmit={save} data-testid="company-form">
        <TextField
          id="company-legal-name"
          label={t("settings.legalName")}
          value={company.legal_name}
          onChange={(v) => set("legal_name", v)}
          autoComplete="organization"
        />
        <div className="field">
          <label htmlFor="company-address">{t("settings.address")}</label>
          <textarea
            id="company-address"
            rows={4}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            data-testid="company-address"
          />
        </div>
        <TextField id="company-country" label={t("settings.country")} {...optional("country")} />
        <TextField
          id="company-email"
          type="email"
          label={t("settings.email")}
          {...optional("email")}
        />
        <TextField
          id="company-phone"
          type="tel"
          label={t("settings.phone")}
          {...optional("phone")}
        />
        <TextField id="company-tax-id" label={t("settings.taxId")} {...optional("tax_id")} />
        <TextField
          id="company-bank-name"
          label={t("settings.bankName")}
          {...optional("bank_name")}
        />
        <TextField id="company-iban" label={t("settings.iban")} {...optional("iban")} />
        <TextField
          id="company-account"
          label={t("settings.account")}
          {...optional("account_number")}
        />
        <TextField id="company-bic" label={t("settings.bic")} {...optional("bic")} />
        <div className="field">
          <label htmlFor="company-letter-language">{t("settings.letterLanguage")}</label>
          <select
            id="company-letter-language"
            value={company.letter_language}
            onChange={(e) =>
              set("letter_language", e.target.value as CompanyDetails["letter_language"])
            }
            data-testid="company-letter-language"
          >
            <option value="en">{t("lang.en")}</option>
            <option value="zh-CN">{t("lang.zh-CN")}</option>
          </select>
        </div>
        <div className="field">
          <span className="label">{t("settings.logo")}</span>
          {company.logo ? (
            <img
              className="logo-preview"
              src={company.logo}
              alt={t("settings.logoAlt")}
              data-testid="company-logo"
            />
          ) : (
            <p className="muted">{t("settings.noLogo")}</p>
          )}
          <div className="button-row">
            <button type="button" onClick={() => void pickLogo()} data-testid="company-pick-logo">
              {t("settings.pickLogo")}
            </button>
          </div>
        </div>
        <Outcome status={status} testId="company-saved" />
        <div className="button-row">
          <button
            type="submit"
            className="primary"
            disabled={status.kind === "busy"}
            data-testid="company-save"
          >
            {t("settings.saveCompany")}
          </button>
        </div>
      </form>
    </section>
  );
}

const SECURITIES: SmtpSecurity[] = ["starttls", "tls", "none"];

function SmtpSection() {
  const { t } = useI18n();
  const load = useLoad(() => api.smtpSettings(), []);
  const [smtp, setSmtp] = useState<SmtpSettings | null>(null);
  const [port, setPort] = useState("");
  const [password, setPassword] = useState("");
  const [portError, setPortError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [to, setTo] = useState("");
  const [test, setTest] = useState<Status>({ kind: "idle" });

  useEffect(() => {
    if (load.data) {
      setSmtp(load.data);
      setPort(String(load.data.port));
    }
  }, [load.data]);

  if (!smtp) {
    return load.status === "error" ? (
      <ErrorNotice error={load.error} onRetry={load.reload} />
    ) : (
      <p role="status">{t("app.loading")}</p>
    );
  }
  const set = <K extends keyof SmtpSettings>(key: K, value: SmtpSettings[K]) =>
    setSmtp({ ...smtp, [key]: value });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const portNumber = Number(port);
    if (!/^\d+$/.test(port.trim()) || portNumber < 1 || portNumber > 65535) {
      setPortError(t("settings.portInvalid", { value: port }));
      document.getElementById("smtp-port")?.focus();
      return;
    }
    setPortError(null);
    setStatus({ kind: "busy" });
    try {
      const kept = await api.saveSmtpSettings({
        settings: { ...smtp, port: portNumber },
        password: password === "" ? null : password,
      });
      // The password is now in the keychain; the UI forgets it at once.
      setPassword("");
      setSmtp(kept);
      setPort(String(kept.port));
      setStatus({ kind: "done", message: t("app.saved") });
    } catch (raw) {
      setStatus({ kind: "error", error: toApiError(raw) });
    }
  };

  const sendTest = async (event: FormEvent) => {
    event.preventDefault();
    setTest({ kind: "busy" });
    try {
      const report = await api.sendTestMail({ to: to.trim(), language: null });
      setTest({
        kind: "done",
        message: t("settings.testSent", {
          to: report.to,
          server: report.server,
          security: t(`settings.security.${report.security}`),
          reply: report.reply,
        }),
      });
    } catch (raw) {
      setTest({ kind: "error", error: toApiError(raw) });
    }
  };

  return (
    <section aria-labelledby="smtp">
      <h2 id="smtp">{t("settings.smtp")}</h2>
      <form className="form" onSubmit={save} data-testid="smtp-form">
        <TextField
          id="smtp-host"
          label={t("settings.host")}
          value={smtp.host}
          onChange={(v) => set("host", v)}
        />
        <div className="field">
          <label htmlFor="smtp-port">{t("settings.port")}</label>
          <input
            id="smtp-port"
            inputMode="numeric"
            className="short"
            value={port}
            onChange={(e) => setPort(e.target.value)}
            aria-invalid={portError !== null}
            aria-describedby={portError ? "smtp-port-error" : undefined}
            data-testid="smtp-port"
          />
          {portError ? (
            <p id="smtp-port-error" className="field-error" role="alert">
              {portError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="smtp-security">{t("settings.security")}</label>
          <select
            id="smtp-security"
            value={smtp.security}
            onChange={(e) => set("security", e.target.value as SmtpSecurity)}
            data-testid="smtp-security"
          >
            {SECURITIES.map((s) => (
              <option key={s} value={s}>
                {t(`settings.security.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="smtp-username"
          label={t("settings.username")}
          value={smtp.username ?? ""}
          onChange={(v) => set("username", v.trim() === "" ? null : v)}
          autoComplete="username"
        />
        <div className="field">
          <label htmlFor="smtp-password">{t("settings.password")}</label>
          <input
            id="smtp-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="smtp-password-hint"
            data-testid="smtp-password"
          />
          <p id="smtp-password-hint" className="hint" data-testid="smtp-password-state">
            {smtp.password_saved ? t("settings.passwordSaved") : t("settings.passwordNone")}{" "}
            {t("settings.passwordHint")}
          </p>
        </div>
        <TextField
          id="smtp-from-address"
          type="email"
          label={t("settings.fromAddress")}
          value={smtp.from_address}
          onChange={(v) => set("from_address", v)}
        />
        <TextField
          id="smtp-from-name"
          label={t("settings.fromName")}
          value={smtp.from_name ?? ""}
          onChange={(v) => set("from_name", v.trim() === "" ? null : v)}
        />
        <Outcome status={status} testId="smtp-saved" />
        <div className="button-row">
          <button
            type="submit"
            className="primary"
            disabled={status.kind === "busy"}
            data-testid="smtp-save"
          >
            {t("settings.saveSmtp")}
          </button>
        </div>
      </form>
      <form className="form" onSubmit={sendTest} data-testid="test-mail-form">
        <TextField
          id="test-mail-to"
          type="email"
          label={t("settings.testTo")}
          value={to}
          onChange={setTo}
        />
        <Outcome status={test} testId="test-mail-result" />
        <div className="button-row">
          <button
            type="submit"
            disabled={test.kind === "busy" || to.trim() === ""}
            data-testid="test-mail-send"
          >
            {test.kind === "busy" ? t("settings.sending") : t("settings.sendTest")}
          </button>
        </div>
      </form>
    </section>
  );
}
