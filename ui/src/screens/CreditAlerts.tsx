/**
 * The dashboard's credit alerts at the as-of date, each written in the UI language and leading
 * to the customer's credit tab, or to the invoice when it must be reported to the insurer;
 * such an invoice can be recorded as reported from here.
 */

import { useState } from "react";

import * as api from "../api";
import type { CreditAlert, InsurerReport } from "../api";
import { routeHref } from "../app/route";
import { useSession } from "../app/session";
import { useLoad } from "../app/useLoad";
import { DateField } from "../components/DateField";
import { ErrorNotice } from "../components/ErrorNotice";
import { FormField } from "../components/FormField";
import { useI18n } from "../i18n/context";
import { Reader } from "../model/creditForms";
import { alertInvoice, alertRoute, creditAlertSentence } from "../model/followupText";
import { FormDialog, useCreditForm } from "./CreditDialogs";

export function CreditAlertsSection() {
  const i18n = useI18n();
  const { t } = i18n;
  const { asOf } = useSession();
  const load = useLoad(() => api.creditAlerts({ as_of: asOf }), [asOf]);
  const [reporting, setReporting] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section aria-labelledby="credit-alerts" data-testid="credit-alerts-section">
      <h2 id="credit-alerts">{t("dashboard.creditAlerts")}</h2>
      {load.status === "error" ? <ErrorNotice error={load.error} onRetry={load.reload} /> : null}
      {notice ? (
        <p role="status" data-testid="credit-alerts-notice">
          {notice}
        </p>
      ) : null}
      {load.data && load.data.length === 0 ? <p>{t("dashboard.noCreditAlerts")}</p> : null}
      {load.data && load.data.length > 0 ? (
        <ul className="alerts" data-testid="credit-alerts">
          {load.data.map((alert: CreditAlert, i) => {
            const invoice = alertInvoice(alert.alert);
            return (
              <li
                key={i}
                data-testid={`credit-alert-${i}`}
                data-kind={alert.alert.kind}
                data-customer={alert.customer}
              >
                <a href={routeHref(alertRoute(alert))}>
                  <strong>
                    {alert.customer_name} <span className="muted">({alert.customer})</span>
                  </strong>
                  {": "}
                  {creditAlertSentence(alert.alert, i18n)}
                </a>
                {invoice !== null ? (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="link-button"
                      data-testid={`credit-alert-report-${i}`}
                      onClick={() => {
                        setNotice(null);
                        setReporting(invoice);
                      }}
                    >
                      {t("dashboard.reportToInsurer")}
                    </button>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {reporting !== null ? (
        <InsurerReportDialog
          invoice={reporting}
          onClose={() => setReporting(null)}
          onSaved={(report) => {
            setReporting(null);
            setNotice(
              t("insurerReport.saved", {
                invoice: report.invoice_number,
                date: i18n.date(report.reported_on),
              }),
            );
            load.reload();
          }}
        />
      ) : null}
    </section>
  );
}

type ReportField = "date";

/** Records that an invoice was reported to the insurer, with the day and its reference. */
export function InsurerReportDialog({
  invoice,
  onClose,
  onSaved,
}: {
  invoice: string;
  onClose: () => void;
  onSaved: (report: InsurerReport) => void;
}) {
  const { t, language } = useI18n();
  const { asOf } = useSession();
  const [date, setDate] = useState(asOf);
  const [reference, setReference] = useState("");
  const form = useCreditForm(
    () => {
      const read = new Reader<ReportField>(language);
      return read.answer<InsurerReport>({
        invoice_number: invoice,
        reported_on: read.date("date", date),
        reference: reference.trim(),
      });
    },
    async (report) => {
      await api.reportToInsurer(report);
      return report;
    },
    onSaved,
  );
  return (
    <FormDialog
      title={t("insurerReport.title", { invoice })}
      testId="insurer-report-dialog"
      onClose={onClose}
      onSubmit={form.submit}
      error={form.error}
      busy={form.busy}
      submitLabel={t("insurerReport.save")}
    >
      <DateField
        id="insurer-report-date"
        label={t("insurerReport.date")}
        value={date}
        onChange={setDate}
        required
        testId="insurer-report-date"
      />
      <FormField
        id="insurer-report-reference"
        label={t("insurerReport.reference")}
        hint={t("insurerReport.referenceHint")}
        value={reference}
        onChange={setReference}
        testId="insurer-report-reference"
      />
    </FormDialog>
  );
}
