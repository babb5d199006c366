//! Unpaid invoices reported to the trade-credit insurer.
//!
//! An insured customer's unpaid invoice must be reported to the insurer by a deadline after its
//! due date (see `TradeCreditInsurance::report_unpaid_by`); until it is, the credit alerts say
//! so. Recording the report here ends those alerts. A report is made once per invoice and cannot
//! be changed or deleted (the schema refuses both); recording it is audited as
//! `report_to_insurer`.

use chrono::NaiveDate;
use creditdesk_core::credit::InsurerReport;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};
use serde_json::json;

use crate::audit;
use crate::book::Book;
use crate::codec::customer_id;
use crate::codec::{parse_date, text, DateText};
use crate::error::Result;

/// What recording a report did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportRecorded {
    Recorded,
    /// The invoice had been reported already; nothing was written.
    AlreadyReported(InsurerReport),
    /// The book has no invoice with that number (leading zeros ignored).
    NoSuchInvoice,
}

impl Book {
    /// Records that an invoice was reported unpaid to the insurer, in one transaction with its
    /// audit entry.
    pub fn record_insurer_report(&mut self, report: &InsurerReport) -> Result<ReportRecorded> {
        let reported_on = DateText::new(report.reported_on)?;
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let invoice: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, number FROM invoice WHERE number_key = ltrim(?1, '0')",
                [&report.invoice_number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((invoice_id, number)) = invoice else {
            return Ok(ReportRecorded::NoSuchInvoice);
        };
        let earlier = tx
            .query_row(
                "SELECT reported_on, reference FROM insurer_report WHERE invoice_id = ?1",
                [invoice_id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        if let Some((reported_on, reference)) = earlier {
            return Ok(ReportRecorded::AlreadyReported(InsurerReport {
                invoice_number: number,
                reported_on: parse_date(&reported_on)?,
                reference,
            }));
        }
        tx.execute(
            "INSERT INTO insurer_report (invoice_id, reported_on, reference) VALUES (?1, ?2, ?3)",
            (invoice_id, reported_on, report.reference.trim()),
        )?;
        let detail = json!({
            "reported_on": report.reported_on, "reference": report.reference.trim(),
        });
        audit::append(&tx, "report_to_insurer", "invoice", &number, &detail)?;
        tx.commit()?;
        Ok(ReportRecorded::Recorded)
    }

    /// The customer's invoices reported to the insurer, by report date and invoice number.
    pub fn insurer_reports(&self, customer: &str) -> Result<Vec<InsurerReport>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.number, r.reported_on, r.reference
             FROM insurer_report r
             JOIN invoice v ON v.id = r.invoice_id
             JOIN customer c ON c.id = v.customer_id
             WHERE c.reference = ?1
             ORDER BY r.reported_on, v.number",
        )?;
        let mut rows = stmt.query([customer])?;
        let mut reports = Vec::new();
        while let Some(r) = rows.next()? {
            reports.push(InsurerReport {
                invoice_number: r.get(0)?,
                reported_on: parse_date(text(r, 1)?)?,
                reference: r.get(2)?,
            });
        }
        if reports.is_empty() {
            // Tell an unknown customer from one without reports.
            customer_id(self.conn(), customer)?;
        }
        Ok(reports)
    }

    /// The numbers of the invoices reported to the insurer on or before `up_to`, of every
    /// customer: what the credit alerts leave out.
    pub(crate) fn reported_invoices(&self, up_to: NaiveDate) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.customer_id, v.number FROM insurer_report r JOIN invoice v ON v.id = r.invoice_id
             WHERE r.reported_on <= ?1",
        )?;
        let rows = stmt.query_map([DateText::new(up_to)?], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
