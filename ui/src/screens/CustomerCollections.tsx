/**
 * A customer's collections tab: the communications sent to it (each letter or email to open or
 * save as it was sent), the fees and interest its dunnings charged with what was paid or waived
 * ("Record payment of charges…", "Waive…"), where letters go and in which language, the
 * late-payment interest its invoices bear, its pauses ("Pause dunning…", "Lift"), the dunning
 * policy it follows (the book's or its own), and "Statement…" to save its statement of account
 * as a PDF.
 */

import { useState } from "react";

import * as api from "../api";
import {
  toApiError,
  type ApiError,
  type CustomerCollections as Collections,
  type InvoiceClaim,
  type Language,
  type Preset,
} from "../api";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { PrintChoices } from "../components/PrintChoices";
import { isZeroDecimal } from "../format/decimal";
import { useI18n } from "../i18n/context";
import { channelName, hasLetter } from "../model/collections";
import {
  INTEREST_RULES,
  addressForm,
  addressInput,
  chargeInput,
  emptyPauseForm,
  interestForm,
  interestInput,
  needsPercent,
  pauseInput,
  statementInput,
  type AddressForm,
  type ChargeForm,
  type InterestForm,
  type InterestRule,
  type PauseForm,
  type StatementForm,
} from "../model/customerCollections";
import { FormDialog, useCreditForm } from "./CreditDialogs";
import { LevelsTable, PolicyEditorDialog } from "./DunningSettings";
import { LetterActions } from "./LetterActions";

export function CustomerCollections({
  customer,
  name,
  currencies,
  openInvoices,
}: {
  customer: string;
  name: string;
  /** The currencies the customer deals in, for its statement. */
  currencies: string[];
  /** Its open invoices, earliest due first, to pause one of them. */
  openInvoices: string[];
}) {
  const { asOf } = useSession();
  const setup = useLoad(() => api.customerCollections({ customer, as_of: asOf }), [customer, asOf]);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (message: string) => {
    setNotice(message);
    setup.reload();
  };
  return (
    <div data-testid="customer-collections">
      {notice ? (
        <p className="notice notice-ok" role="status" data-testid="collections-notice">
          {notice}
        </p>
      ) : null}
      {setup.status === "error" ? <ErrorNotice error={setup.error} onRetry={setup.reload} /> : null}
      <StatementSection customer={customer} name={name} currencies={currencies} />
      <CommunicationsLog customer={customer} />
      <ChargesSection customer={customer} onChanged={setNotice} />
      {setup.data ? (
        <div className="two-columns">
          <AddressSection setup={setup.data} name={name} onChanged={changed} />
          <InterestSection setup={setup.data} name={name} onChanged={changed} />
        </div>
      ) : null}
      {setup.data ? (
        <PausesSection
          setup={setup.data}
          name={name}
          openInvoices={openInvoices}
          onChanged={changed}
        />
      ) : null}
      {setup.data ? <CustomerPolicySection setup={setup.data} onChanged={changed} /> : null}
    </div>
  );
}

function CommunicationsLog({ customer }: { customer: string }) {
  const i18n = useI18n();
  const { t, money, date } = i18n;
  const log = useLoad(() => api.customerCommunications({ customer }), [customer]);
  return (
    <section aria-labelledby="communications-heading" data-testid="communications-log">
      <h2 id="communications-heading">{t("customerDunning.communications")}</h2>
      {log.status === "error" ? <ErrorNotice error={log.error} onRetry={log.reload} /> : null}
      {log.data && log.data.length === 0 ? <p>{t("customerDunning.noCommunications")}</p> : null}
      {log.data && log.data.length > 0 ? (
        <div className="table-scroll">
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t("customerDunning.sentOn")}</th>
                <th scope="col">{t("calls.reference")}</th>
                <th scope="col" className="num">
                  {t("dunning.level")}
                </th>
                <th scope="col">{t("dunning.channel")}</th>
                <th scope="col" className="num">
                  {t("dunning.total")}
                </th>
                <th scope="col">{t("customerDunning.letter")}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((record) => (
                <tr key={record.id} data-testid={`communication-${record.id}`}>
                  <th scope="row">{date(record.executed_on ?? record.sent_on ?? record.as_of)}</th>
                  <td>{record.reference ?? t("app.none")}</td>
                  <td className="num">{record.communication.level}</td>
                  <td>
                    {channelName(record.sent_by ?? record.communication.channel, i18n)}
                    {record.note ? <div className="hint">{record.note}</div> : null}
                  </td>
                  <td className="num">{money(record.communication.total)}</td>
                  <td>
                    {hasLetter(record) && record.reference ? (
                      <LetterActions id={record.id} reference={record.reference} />
                    ) : (
                      t("app.none")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function ChargesSection({
  customer,
  onChanged,
}: {
  customer: string;
  onChanged: (message: string) => void;
}) {
  const { t, money, date } = useI18n();
  const { asOf } = useSession();
  const charges = useLoad(() => api.customerCharges({ customer, as_of: asOf }), [customer, asOf]);
  const [settling, setSettling] = useState<{ claim: InvoiceClaim; waived: boolean } | null>(null);
  const claims = charges.data?.invoices ?? [];
  return (
    <section aria-labelledby="charges-heading" data-testid="customer-charges">
      <h2 id="charges-heading">{t("customerDunning.charges")}</h2>
      {charges.status === "error" ? (
        <ErrorNotice error={charges.error} onRetry={charges.reload} />
      ) : null}
      {charges.data && claims.length === 0 ? <p>{t("customerDunning.noCharges")}</p> : null}
      {claims.length > 0 ? (
        <div className="table-scroll">
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t("dunning.invoice")}</th>
                <th scope="col">{t("customerDunning.claimedCharges")}</th>
                <th scope="col" className="num">
                  {t("customerDunning.charged")}
                </th>
                <th scope="col" className="num">
                  {t("customerDunning.paid")}
                </th>
                <th scope="col" className="num">
                  {t("customerDunning.waived")}
                </th>
                <th scope="col" className="num">
                  {t("customerDunning.openCharges")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("plan.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {claims.map((claim) => (
                <tr key={claim.invoice_number} data-testid={`charges-${claim.invoice_number}`}>
                  <th scope="row">{claim.invoice_number}</th>
                  <td>
                    <ul className="review-items">
                      {claim.charges.map((charge, i) => (
                        <li key={i}>
                          {t(`customerDunning.kind.${charge.kind}`)} {money(charge.amount)} (
                          {charge.level !== null
                            ? t("customerDunning.chargedAtLevel", {
                                level: charge.level,
                                date: date(charge.charged_on),
                              })
                            : t("customerDunning.accruedTo", { date: date(charge.charged_on) })}
                          )
                        </li>
                      ))}
                    </ul>
                    {claim.notes.map((note, i) => (
                      <p key={i} className="hint" role="note">
                        {note}
                      </p>
                    ))}
                  </td>
                  <td className="num">{money(claim.standing.charged)}</td>
                  <td className="num">{money(claim.standing.charges_paid)}</td>
                  <td className="num">{money(claim.standing.charges_waived)}</td>
                  <td
                    className="num"
                    data-testid={`charges-open-${claim.invoice_number}`}
                    data-amount={claim.standing.charges_open.amount}
                  >
                    <strong>{money(claim.standing.charges_open)}</strong>
                  </td>
                  <td className="actions">
                    {!isZeroDecimal(claim.standing.charges_open.amount) ? (
                      <>
                        <button
                          type="button"
                          onClick={() => setSettling({ claim, waived: false })}
                          data-testid={`charges-pay-${claim.invoice_number}`}
                        >
                          {t("customerDunning.recordPayment")}
                        </button>
                        <button
                          type="button"
                          onClick={() => setSettling({ claim, waived: true })}
                          data-testid={`charges-waive-${claim.invoice_number}`}
                        >
                          {t("customerDunning.waive")}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {settling ? (
        <ChargeDialog
          claim={settling.claim}
          waived={settling.waived}
          onClose={() => setSettling(null)}
          onSaved={(message) => {
            setSettling(null);
            charges.reload();
            onChanged(message);
          }}
        />
      ) : null}
    </section>
  );
}

function ChargeDialog({
  claim,
  waived,
  onClose,
  onSaved,
}: {
  claim: InvoiceClaim;
  waived: boolean;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t, language, money } = useI18n();
  const { asOf } = useSession();
  const [form, setForm] = useState<ChargeForm>({
    invoice: claim.invoice_number,
    date: asOf,
    amount: "",
    note: "",
  });
  const set = <K extends keyof ChargeForm>(key: K, value: ChargeForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => chargeInput(form, waived, language),
    api.settleCharges,
    onSaved,
  );
  const open = money(claim.standing.charges_open);
  return (
    <FormDialog
      title={
        waived
          ? t("customerDunning.waiveTitle", { invoice: claim.invoice_number })
          : t("customerDunning.payTitle", { invoice: claim.invoice_number })
      }
      testId="charge-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={waived ? t("customerDunning.waiveSave") : t("customerDunning.paySave")}
    >
      <p className="hint">{t("customerDunning.openNow", { amount: open })}</p>
      <DateField
        id="charge-date"
        label={waived ? t("customerDunning.waivedOn") : t("customerDunning.receivedOn")}
        value={form.date}
        onChange={(v) => set("date", v)}
        required
        testId="charge-date"
      />
      <FormField
        id="charge-amount"
        label={t("promise.amount")}
        hint={t("customerDunning.amountHint", { amount: open })}
        value={form.amount}
        onChange={(v) => set("amount", v)}
        problem={problems.amount}
        size="medium"
        inputMode="decimal"
        testId="charge-amount"
      />
      <div className="field">
        <label htmlFor="charge-note">{t("calls.note")}</label>
        <textarea
          id="charge-note"
          rows={2}
          value={form.note}
          onChange={(e) => set("note", e.target.value)}
          data-testid="charge-note"
        />
      </div>
    </FormDialog>
  );
}

function AddressSection({
  setup,
  name,
  onChanged,
}: {
  setup: Collections;
  name: string;
  onChanged: (message: string) => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const address = setup.address;
  return (
    <section aria-labelledby="address-heading" data-testid="customer-address">
      <h2 id="address-heading">{t("customerDunning.address")}</h2>
      {address.lines.length === 0 ? (
        <p data-testid="address-missing">{t("customerDunning.noAddress")}</p>
      ) : (
        <address data-testid="address-lines">
          {address.lines.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
          {address.country ? <div>{address.country}</div> : null}
        </address>
      )}
      <p data-testid="letter-language">
        {address.letter_language
          ? t("customerDunning.letterLanguage", { language: t(`lang.${address.letter_language}`) })
          : t("customerDunning.companyLanguage")}
      </p>
      <div className="button-row">
        <button type="button" onClick={() => setEditing(true)} data-testid="address-edit">
          {t("customerDunning.editAddress")}
        </button>
      </div>
      {editing ? (
        <AddressDialog
          setup={setup}
          name={name}
          onClose={() => setEditing(false)}
          onSaved={(message) => {
            setEditing(false);
            onChanged(message);
          }}
        />
      ) : null}
    </section>
  );
}

function AddressDialog({
  setup,
  name,
  onClose,
  onSaved,
}: {
  setup: Collections;
  name: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState<AddressForm>(() => addressForm(setup.address));
  const { error, busy, submit } = useCreditForm(
    () => ({ ok: true, request: addressInput(setup.customer, form) }),
    api.setCustomerAddress,
    onSaved,
  );
  return (
    <FormDialog
      title={t("customerDunning.addressTitle", { customer: name })}
      testId="address-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("app.save")}
    >
      <div className="field">
        <label htmlFor="address-lines">{t("customerDunning.addressLines")}</label>
        <textarea
          id="address-lines"
          rows={5}
          value={form.lines}
          onChange={(e) => setForm({ ...form, lines: e.target.value })}
          aria-describedby="address-lines-hint"
          data-testid="address-lines-input"
        />
        <span id="address-lines-hint" className="hint">
          {t("customerDunning.addressHint")}
        </span>
      </div>
      <FormField
        id="address-country"
        label={t("customerDunning.addressCountry")}
        hint={t("customerDunning.addressCountryHint")}
        value={form.country}
        onChange={(v) => setForm({ ...form, country: v })}
        size="short"
        maxLength={2}
        testId="address-country"
      />
      <div className="field">
        <label htmlFor="address-language">{t("customerDunning.letterLanguageLabel")}</label>
        <select
          id="address-language"
          value={form.letterLanguage}
          onChange={(e) => setForm({ ...form, letterLanguage: e.target.value as Language | "" })}
          data-testid="address-language"
        >
          <option value="">{t("customerDunning.companyLanguageOption")}</option>
          <option value="en">{t("lang.en")}</option>
          <option value="zh-CN">{t("lang.zh-CN")}</option>
        </select>
      </div>
    </FormDialog>
  );
}

function InterestSection({
  setup,
  name,
  onChanged,
}: {
  setup: Collections;
  name: string;
  onChanged: (message: string) => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="interest-heading" data-testid="customer-interest">
      <h2 id="interest-heading">{t("customerDunning.interest")}</h2>
      <p data-testid="interest-terms">{setup.interest_words ?? t("customerDunning.noInterest")}</p>
      <div className="button-row">
        <button type="button" onClick={() => setEditing(true)} data-testid="interest-edit">
          {t("customerDunning.editInterest")}
        </button>
      </div>
      {editing ? (
        <InterestDialog
          setup={setup}
          name={name}
          onClose={() => setEditing(false)}
          onSaved={(message) => {
            setEditing(false);
            onChanged(message);
          }}
        />
      ) : null}
    </section>
  );
}

function InterestDialog({
  setup,
  name,
  onClose,
  onSaved,
}: {
  setup: Collections;
  name: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const [form, setForm] = useState<InterestForm>(() => interestForm(setup.interest));
  const { problems, error, busy, submit } = useCreditForm(
    () => {
      const checked = interestInput(form, language);
      return checked.ok
        ? { ok: true as const, request: { customer: setup.customer, interest: checked.request } }
        : checked;
    },
    api.setCustomerInterest,
    onSaved,
  );
  return (
    <FormDialog
      title={t("customerDunning.interestTitle", { customer: name })}
      testId="interest-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("app.save")}
    >
      <div className="field">
        <label htmlFor="interest-rule">{t("customerDunning.interestRule")}</label>
        <select
          id="interest-rule"
          value={form.rule}
          onChange={(e) => setForm({ ...form, rule: e.target.value as InterestRule })}
          data-testid="interest-rule"
        >
          {INTEREST_RULES.map((rule) => (
            <option key={rule} value={rule}>
              {t(`customerDunning.rule.${rule}`)}
            </option>
          ))}
        </select>
      </div>
      {needsPercent(form.rule) ? (
        <FormField
          id="interest-percent"
          label={
            form.rule === "eu_directive"
              ? t("customerDunning.margin")
              : form.rule === "daily"
                ? t("customerDunning.dailyRate")
                : t("customerDunning.annualRate")
          }
          value={form.percent}
          onChange={(v) => setForm({ ...form, percent: v })}
          problem={problems.percent}
          size="short"
          inputMode="decimal"
          testId="interest-percent"
        />
      ) : null}
      {form.rule === "annual" ? (
        <div className="field">
          <label htmlFor="interest-day-count">{t("customerDunning.dayCount")}</label>
          <select
            id="interest-day-count"
            value={form.dayCount}
            onChange={(e) =>
              setForm({ ...form, dayCount: e.target.value as InterestForm["dayCount"] })
            }
            data-testid="interest-day-count"
          >
            <option value="actual365">{t("customerDunning.actual365")}</option>
            <option value="actual360">{t("customerDunning.actual360")}</option>
          </select>
        </div>
      ) : null}
    </FormDialog>
  );
}

function PausesSection({
  setup,
  name,
  openInvoices,
  onChanged,
}: {
  setup: Collections;
  name: string;
  openInvoices: string[];
  onChanged: (message: string) => void;
}) {
  const { t, date } = useI18n();
  const { asOf } = useSession();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const lift = async (id: number) => {
    setError(null);
    try {
      onChanged((await api.liftPause({ id, on: asOf })).message);
    } catch (raw) {
      setError(toApiError(raw));
    }
  };
  return (
    <section aria-labelledby="pauses-heading" data-testid="customer-pauses">
      <h2 id="pauses-heading">{t("customerDunning.pauses")}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {setup.pauses.length === 0 ? <p>{t("customerDunning.noPauses")}</p> : null}
      {setup.pauses.length > 0 ? (
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">{t("customerDunning.pauseOf")}</th>
              <th scope="col">{t("customerDunning.pauseFrom")}</th>
              <th scope="col">{t("customerDunning.pauseUntil")}</th>
              <th scope="col">{t("customerDunning.pauseReason")}</th>
              <th scope="col">{t("dunning.state")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("plan.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {setup.pauses.map((line) => {
              const pause = line.entry.pause;
              return (
                <tr key={line.entry.id} data-testid={`pause-${line.entry.id}`}>
                  <th scope="row">
                    {pause.scope.scope === "invoice"
                      ? t("customerDunning.pauseInvoice", { invoice: pause.scope.invoice_number })
                      : t("customerDunning.pauseCustomer")}
                  </th>
                  <td>{date(pause.from)}</td>
                  <td>{date(pause.until)}</td>
                  <td>{pause.reason}</td>
                  <td>
                    {line.entry.lifted_on
                      ? t("customerDunning.liftedOn", { date: date(line.entry.lifted_on) })
                      : line.holds
                        ? t("customerDunning.holds")
                        : t("customerDunning.notHolding")}
                  </td>
                  <td className="actions">
                    {line.entry.lifted_on === null && pause.until >= asOf ? (
                      <button
                        type="button"
                        onClick={() => void lift(line.entry.id)}
                        data-testid={`pause-lift-${line.entry.id}`}
                      >
                        {t("customerDunning.lift")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="button-row">
        <button type="button" onClick={() => setAdding(true)} data-testid="pause-add">
          {t("customerDunning.pause")}
        </button>
      </div>
      {adding ? (
        <PauseDialog
          customer={setup.customer}
          name={name}
          openInvoices={openInvoices}
          onClose={() => setAdding(false)}
          onSaved={(message) => {
            setAdding(false);
            onChanged(message);
          }}
        />
      ) : null}
    </section>
  );
}

function PauseDialog({
  customer,
  name,
  openInvoices,
  onClose,
  onSaved,
}: {
  customer: string;
  name: string;
  openInvoices: string[];
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const { asOf } = useSession();
  const [form, setForm] = useState<PauseForm>(() => emptyPauseForm(asOf));
  const set = <K extends keyof PauseForm>(key: K, value: PauseForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { problems, error, busy, submit } = useCreditForm(
    () => pauseInput(customer, form, language),
    api.addPause,
    (line) => onSaved(line.message),
  );
  return (
    <FormDialog
      title={t("customerDunning.pauseTitle", { customer: name })}
      testId="pause-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      submitLabel={t("customerDunning.pauseSave")}
    >
      <div className="field">
        <label htmlFor="pause-scope">{t("customerDunning.pauseOf")}</label>
        <select
          id="pause-scope"
          value={form.invoice}
          onChange={(e) => set("invoice", e.target.value)}
          data-testid="pause-scope"
        >
          <option value="">{t("customerDunning.pauseCustomer")}</option>
          {openInvoices.map((number) => (
            <option key={number} value={number}>
              {t("customerDunning.pauseInvoice", { invoice: number })}
            </option>
          ))}
        </select>
      </div>
      <FormField
        id="pause-reason"
        label={t("customerDunning.pauseReason")}
        value={form.reason}
        onChange={(v) => set("reason", v)}
        problem={problems.reason}
        testId="pause-reason"
      />
      <DateField
        id="pause-from"
        label={t("customerDunning.pauseFrom")}
        value={form.from}
        onChange={(v) => set("from", v)}
        required
        testId="pause-from"
      />
      <DateField
        id="pause-until"
        label={t("customerDunning.pauseUntil")}
        value={form.until}
        onChange={(v) => set("until", v)}
        required
        testId="pause-until"
      />
      {problems.until ? (
        <p className="field-error" role="alert" data-testid="pause-until-error">
          {t("field.required")}
        </p>
      ) : null}
    </FormDialog>
  );
}

function CustomerPolicySection({
  setup,
  onChanged,
}: {
  setup: Collections;
  onChanged: (message: string) => void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [preset, setPreset] = useState<Preset>("firm");
  const [error, setError] = useState<ApiError | null>(null);
  const view = setup.policy;

  const act = async (work: () => Promise<{ message: string }>) => {
    setError(null);
    try {
      onChanged((await work()).message);
    } catch (raw) {
      setError(toApiError(raw));
    }
  };

  return (
    <section aria-labelledby="customer-policy-heading" data-testid="customer-policy">
      <h2 id="customer-policy-heading">{t("customerDunning.policy")}</h2>
      <p data-testid="customer-policy-message" data-inherited={String(view.inherited)}>
        {view.message}
      </p>
      <LevelsTable policy={view.policy} />
      {error ? <ErrorNotice error={error} /> : null}
      <div className="button-row">
        {!view.inherited ? (
          <button
            type="button"
            onClick={() => void act(() => api.clearCustomerPolicy({ customer: setup.customer }))}
            data-testid="customer-policy-clear"
          >
            {t("customerDunning.useBookPolicy")}
          </button>
        ) : null}
        <label className="field-inline" htmlFor="customer-policy-preset">
          {t("customerDunning.preset")}
          <select
            id="customer-policy-preset"
            value={preset}
            onChange={(e) => setPreset(e.target.value as Preset)}
            data-testid="customer-policy-preset"
          >
            <option value="firm">{t("dunningPolicy.preset.firm")}</option>
            <option value="gentle">{t("dunningPolicy.preset.gentle")}</option>
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            void act(() =>
              api.setDunningPolicy({
                customer: setup.customer,
                policy: { kind: "preset", preset },
              }),
            )
          }
          data-testid="customer-policy-use-preset"
        >
          {t("customerDunning.usePreset")}
        </button>
        <button type="button" onClick={() => setEditing(true)} data-testid="customer-policy-edit">
          {t("customerDunning.editOwnPolicy")}
        </button>
      </div>
      {editing ? (
        <PolicyEditorDialog
          customer={setup.customer}
          policy={view.policy}
          onClose={() => setEditing(false)}
          onSaved={(message) => {
            setEditing(false);
            onChanged(message);
          }}
        />
      ) : null}
    </section>
  );
}

function StatementSection({
  customer,
  name,
  currencies,
}: {
  customer: string;
  name: string;
  currencies: string[];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <div className="button-row">
      <button
        type="button"
        onClick={() => {
          setSaved(null);
          setOpen(true);
        }}
        data-testid="statement-open"
      >
        {t("statement.action")}
      </button>
      {saved ? (
        <span role="status" className="hint" data-testid="statement-saved">
          {t("letter.saved", { name: saved })}
        </span>
      ) : null}
      {open ? (
        <StatementDialog
          customer={customer}
          name={name}
          currencies={currencies}
          onClose={() => setOpen(false)}
          onSaved={(file) => {
            setOpen(false);
            setSaved(file);
          }}
        />
      ) : null}
    </div>
  );
}

function StatementDialog({
  customer,
  name,
  currencies,
  onClose,
  onSaved,
}: {
  customer: string;
  name: string;
  currencies: string[];
  onClose: () => void;
  onSaved: (file: string) => void;
}) {
  const { t, language } = useI18n();
  const { asOf } = useSession();
  const [form, setForm] = useState<StatementForm>({
    from: "",
    to: asOf,
    currency: currencies.length === 1 ? (currencies[0] ?? "") : "",
    paper: "a4",
    language: "",
  });
  const [cancelled, setCancelled] = useState(false);
  const set = <K extends keyof StatementForm>(key: K, value: StatementForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const { error, busy, submit } = useCreditForm(
    () => statementInput(customer, form, language),
    api.saveStatement,
    (saved) => {
      if (saved) {
        onSaved(saved.saved_as);
      } else {
        setCancelled(true);
      }
    },
  );
  return (
    <FormDialog
      title={t("statement.title", { customer: name })}
      testId="statement-dialog"
      onClose={onClose}
      onSubmit={(event) => {
        setCancelled(false);
        submit(event);
      }}
      error={error}
      busy={busy}
      submitLabel={t("statement.save")}
    >
      <DateField
        id="statement-from"
        label={t("statement.from")}
        value={form.from}
        onChange={(v) => set("from", v)}
        testId="statement-from"
      />
      <p className="hint">{t("statement.fromHint")}</p>
      <DateField
        id="statement-to"
        label={t("statement.to")}
        value={form.to}
        onChange={(v) => set("to", v)}
        required
        testId="statement-to"
      />
      <div className="field">
        <label htmlFor="statement-currency">{t("statement.currency")}</label>
        <select
          id="statement-currency"
          value={form.currency}
          onChange={(e) => set("currency", e.target.value)}
          data-testid="statement-currency"
        >
          {currencies.length !== 1 ? <option value="">{t("statement.onlyCurrency")}</option> : null}
          {currencies.map((currency) => (
            <option key={currency} value={currency}>
              {currency}
            </option>
          ))}
        </select>
      </div>
      <PrintChoices
        idPrefix="statement"
        paper={form.paper}
        language={form.language}
        onPaper={(v) => set("paper", v)}
        onLanguage={(v) => set("language", v)}
      />
      {cancelled ? <p className="hint">{t("statement.cancelled")}</p> : null}
    </FormDialog>
  );
}
