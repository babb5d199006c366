//! QuickBooks Online's invoice list, in the column names its invoice import maps automatically:
//! one row per line item, the invoice's number, customer and dates repeated on each.
//!
//! Consecutive rows with the same `*Invoice number` are one invoice whose total is the sum of
//! their `*Item Amount` cells. The list carries no tax amounts, only an `Item tax code` per
//! line: QuickBooks computes the tax from its own tax settings, which the file does not hold.
//! So the total is what the item amounts add up to, and an invoice with a taxable line (any
//! code but `NON`) is imported with a warning saying so, rather than with a guessed tax.

use creditdesk_core::say;
use rust_decimal::Decimal;

use super::{
    customer, group_by, identity_by_cell, invoice_or_credit_note, Built, Document, Identity,
    Mapping, TermsSource,
};
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

pub(crate) const COLUMNS: &[(&str, bool)] = &[
    ("*Invoice number", true),
    ("*Customer", true),
    ("*Invoice date", true),
    ("*Due date", false),
    ("Terms", false),
    ("*Item Amount", true),
    ("Item tax code", false),
];

/// The code QuickBooks gives a line that bears no tax.
const NOT_TAXABLE: &str = "NON";

const SHARED: &[&str] = &["*Customer", "*Invoice date", "*Due date", "Terms"];

pub(crate) struct QuickbooksOnline;

impl Mapping for QuickbooksOnline {
    fn group_key(&self, row: &Row, header: &Header) -> Option<String> {
        group_by(row, header, "*Invoice number")
    }

    fn shared_fields(&self) -> &'static [&'static str] {
        SHARED
    }

    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(
            first,
            header,
            context,
            "*Invoice number",
            "invoice",
            document::INVOICE,
        )
    }

    fn build<'r>(
        &self,
        rows: &'r [Row],
        header: &'r Header,
        context: &'r Context,
        _occurrence: u32,
    ) -> Built<'r> {
        let currency = context.options.default_currency;
        let mut problems = Vec::new();
        let mut sum = Some(Decimal::ZERO);
        let mut taxable = None;
        for (index, row) in rows.iter().enumerate() {
            let mut cells = Cells::new(row, header, context);
            let amount = cells.required_amount("*Item Amount", currency);
            sum = sum.zip(amount).map(|(sum, amount)| sum + amount.amount());
            let code = cells.text("Item tax code");
            if taxable.is_none() && code.is_some_and(|c| !c.eq_ignore_ascii_case(NOT_TAXABLE)) {
                taxable = Some(index);
            }
            problems.append(&mut cells.problems);
        }

        let mut cells = Cells::new(&rows[0], header, context);
        cells.problems = problems;
        let name = cells.required("*Customer", required::CUSTOMER);
        let number = cells.required("*Invoice number", required::INVOICE_NUMBER);
        let issue = cells.required_date("*Invoice date");
        let due = cells.date("*Due date");
        let total = sum.and_then(|sum| cells.exact("*Item Amount", sum, currency));
        let (Some(name), Some(number), Some(issue), Some(total)) = (name, number, issue, total)
        else {
            return Built::Failed(cells.problems);
        };
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }

        let text = cells.text("Terms");
        let terms = TermsSource::due_or_text(due, "*Due date", Some("Terms"), text);
        let document = Document {
            number,
            customer: name,
            issue,
            issue_field: "*Invoice date",
            total,
            terms,
            disputed: false,
        };
        let mut warnings = Vec::new();
        if let Some(index) = taxable {
            let line = Cells::new(&rows[index], header, context);
            let total = total.amount();
            let message = say!(
                en: "is a tax code, but this list carries no tax amounts: invoice {number} was \
                     imported with the sum of its item amounts, {total}, without tax.",
                zh: "是税码，但此清单不含税额：发票 {number} 已按各项金额之和 {total} 导入，\
                     未含税。",
            );
            warnings.push(line.note("Item tax code", true, message));
        }
        match invoice_or_credit_note(&mut cells, document, &mut warnings) {
            Some(record) => Built::Records {
                customer: Some(customer(name, name)),
                records: vec![record],
                warnings,
            },
            None => Built::Failed(cells.problems),
        }
    }
}
