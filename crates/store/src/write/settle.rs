//! Writing settlements and allocating them to instalments.
//!
//! A settlement that names an invoice is allocated to it at once; one that does not stays
//! unapplied until the user allocates it. Allocations are what make an instalment's open
//! amount change over time, so each carries the day it was applied.

use chrono::NaiveDate;
use creditdesk_core::allocate::{allocate_to, Allocation, OpenInstalment};
use creditdesk_core::ledger::{ForeignAmount, SettlementKind, SettlementRecord};
use creditdesk_core::terms::settlement_discount;
use creditdesk_core::Money;

use super::compare::{
    kind_label, missing_customer, settlement_conflict, settlement_difference, settlement_problem,
    zeros_conflict,
};
use super::writer::{StoredInvoice, Writer};
use super::WriteOutcome;
use crate::codec::{money, parse_currency, parse_date, parse_decimal, text, DateText};
use crate::error::Result;

/// Where an instalment is in the book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InstalmentRef {
    pub customer_id: i64,
    pub invoice_id: i64,
    pub seq: u32,
}

/// Open instalments for the core's allocation: `open[i].key == i` and `places[i]` says which
/// instalment it is.
#[derive(Default)]
pub(crate) struct OpenInstalments {
    pub open: Vec<OpenInstalment>,
    pub places: Vec<InstalmentRef>,
}

impl OpenInstalments {
    pub(crate) fn push(&mut self, place: InstalmentRef, due_date: NaiveDate, open: Money) {
        let key = self.open.len() as i64;
        self.open.push(OpenInstalment {
            key,
            due_date,
            open,
        });
        self.places.push(place);
    }

    pub(crate) fn total(&self, zero: Money) -> Money {
        let sum = self.open.iter().map(|i| i.open.amount()).sum();
        Money::new(sum, zero.currency())
    }

    /// Reduces the open amounts by what was just allocated to them.
    pub(crate) fn take(&mut self, allocations: &[Allocation]) {
        for allocation in allocations {
            let instalment = &mut self.open[allocation.key as usize];
            let left = instalment.open.amount() - allocation.amount.amount();
            instalment.open = Money::new(left, instalment.open.currency());
        }
    }
}

struct StoredSettlement {
    customer_id: i64,
    record: SettlementRecord,
}

impl Writer<'_> {
    /// Writes a settlement. When it names an invoice (by its number, leading zeros ignored),
    /// it is allocated to that invoice's instalments in due order, and a payment that settles
    /// the invoice within its early-payment discount also records the discount (reference
    /// `<reference>-discount`) and allocates it. Allocations are applied on the settlement
    /// date, or on the invoice's issue date when the settlement is older than the invoice.
    /// What the invoice cannot take stays unapplied. A settlement that names no invoice stays
    /// unapplied until [`Book::allocate_unapplied`](crate::Book::allocate_unapplied).
    pub(crate) fn settlement(&mut self, record: &SettlementRecord) -> Result<WriteOutcome> {
        let label = kind_label(record.kind);
        if let Some(problem) = settlement_problem(record) {
            return Ok(WriteOutcome::Conflict(problem));
        }
        let Some(customer_id) = self.customer_id(&record.customer_reference)? else {
            let message = missing_customer(label, &record.reference, &record.customer_reference);
            return Ok(WriteOutcome::Conflict(message));
        };
        if let Some(existing) = self.settlement_by_key(record.kind, &record.reference)? {
            return Ok(known_settlement(existing, record, customer_id));
        }

        let invoice = match &record.invoice_number {
            None => None,
            Some(number) => match self.named_invoice(record, number, customer_id)? {
                Ok(invoice) => Some(invoice),
                Err(message) => return Ok(WriteOutcome::Conflict(message)),
            },
        };
        let Some(invoice) = invoice else {
            self.insert_settlement(record, customer_id, None)?;
            return Ok(WriteOutcome::Inserted);
        };

        let mut open = self.open_instalments_of(&invoice)?;
        let discount = match (&invoice.discount, record.kind) {
            (Some(offer), SettlementKind::Payment) => {
                settlement_discount(offer, record.date, record.amount, open.total(record.amount))
            }
            _ => None,
        };
        let discount = discount.map(|amount| SettlementRecord {
            reference: format!("{}-discount", record.reference),
            customer_reference: record.customer_reference.clone(),
            kind: SettlementKind::Discount,
            date: record.date,
            amount,
            invoice_number: record.invoice_number.clone(),
            paid_in: None,
        });
        if let Some(d) = &discount {
            if self.settlement_by_key(d.kind, &d.reference)?.is_some() {
                return Ok(WriteOutcome::Conflict(format!(
                    "{label} {} earns an early-payment discount on invoice {}, but a discount \
                     with reference {} is already in the book; give this payment another \
                     reference.",
                    record.reference, invoice.number, d.reference
                )));
            }
        }

        let settlement_id = self.insert_settlement(record, customer_id, Some(invoice.id))?;
        if record.amount.is_negative() || record.amount.is_zero() {
            // TODO(#2): a refund that names an invoice should reverse its allocations; for now
            // it stays unapplied.
            return Ok(WriteOutcome::Inserted);
        }
        // A payment received before its invoice was issued (a prepayment) settles the invoice
        // from the issue date on; until then it is unapplied money of the customer.
        let applied_on = record.date.max(invoice.issue_date);
        let result = allocate_to(record.amount, &open.open)?;
        self.insert_allocations(settlement_id, &open, &result.allocations, applied_on)?;
        if let Some(d) = discount {
            open.take(&result.allocations);
            let discount_id = self.insert_settlement(&d, customer_id, Some(invoice.id))?;
            let result = allocate_to(d.amount, &open.open)?;
            self.insert_allocations(discount_id, &open, &result.allocations, applied_on)?;
        }
        Ok(WriteOutcome::Inserted)
    }

    /// The invoice a settlement names, or the sentence saying why it cannot be used.
    fn named_invoice(
        &mut self,
        record: &SettlementRecord,
        number: &str,
        customer_id: i64,
    ) -> Result<Result<StoredInvoice, String>> {
        let label = kind_label(record.kind);
        let Some(invoice) = self.invoice_by_key(number)? else {
            return Ok(Err(format!(
                "{label} {} names invoice {number}, which is not in the book; import the invoice \
                 first, or leave the invoice out so that the settlement is allocated later, \
                 oldest due first.",
                record.reference
            )));
        };
        if invoice.customer_id != customer_id {
            return Ok(Err(format!(
                "{label} {} is from customer {}, but invoice {} belongs to customer {}; correct \
                 the customer or the invoice number.",
                record.reference,
                record.customer_reference,
                invoice.number,
                invoice.customer_reference
            )));
        }
        let currency = invoice.total.currency();
        if record.amount.currency() != currency {
            return Ok(Err(format!(
                "{label} {} is in {}, but invoice {} is in {currency}; give the amount in \
                 {currency}, the invoice's currency, and what was actually paid as the foreign \
                 amount with its rate.",
                record.reference,
                record.amount.currency(),
                invoice.number
            )));
        }
        Ok(Ok(invoice))
    }

    /// The instalments of an invoice with something open, in due order.
    fn open_instalments_of(&mut self, invoice: &StoredInvoice) -> Result<OpenInstalments> {
        let currency = invoice.total.currency();
        let key = (invoice.customer_id, currency.code(), invoice.id);
        let mut rows = self.st.open_instalments_of.query(key)?;
        let mut open = OpenInstalments::default();
        while let Some(r) = rows.next()? {
            let place = InstalmentRef {
                customer_id: invoice.customer_id,
                invoice_id: invoice.id,
                seq: r.get(0)?,
            };
            open.push(
                place,
                parse_date(text(r, 1)?)?,
                Money::from_minor(r.get(2)?, currency),
            );
        }
        Ok(open)
    }

    /// The settlement of `kind` whose reference equals `reference` once leading zeros are
    /// stripped.
    fn settlement_by_key(
        &mut self,
        kind: SettlementKind,
        reference: &str,
    ) -> Result<Option<StoredSettlement>> {
        let mut rows = self
            .st
            .settlement_by_key
            .query((kind.as_str(), reference))?;
        let Some(r) = rows.next()? else {
            return Ok(None);
        };
        let currency = parse_currency(text(r, 4)?)?;
        let paid_in = match (
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<i64>>(8)?,
            r.get::<_, Option<String>>(9)?,
        ) {
            (Some(code), Some(minor), Some(rate)) => Some(ForeignAmount {
                paid: money(minor, &code)?,
                rate: parse_decimal(&rate)?,
            }),
            _ => None,
        };
        Ok(Some(StoredSettlement {
            customer_id: r.get(0)?,
            record: SettlementRecord {
                reference: r.get(1)?,
                customer_reference: r.get(2)?,
                kind,
                date: parse_date(text(r, 3)?)?,
                amount: Money::from_minor(r.get(5)?, currency),
                invoice_number: r.get(6)?,
                paid_in,
            },
        }))
    }

    fn insert_settlement(
        &mut self,
        record: &SettlementRecord,
        customer_id: i64,
        invoice_id: Option<i64>,
    ) -> Result<i64> {
        let paid = record.paid_in.as_ref();
        self.st.insert_settlement.execute((
            record.kind.as_str(),
            &record.reference,
            customer_id,
            DateText::new(record.date)?,
            record.amount.currency().code(),
            record.amount.to_minor()?,
            &record.invoice_number,
            invoice_id,
            paid.map(|p| p.paid.currency().code().to_string()),
            paid.map(|p| p.paid.to_minor()).transpose()?,
            paid.map(|p| p.rate.to_string()),
        ))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records `allocations` of the settlement, whose keys index `open`.
    pub(crate) fn insert_allocations(
        &mut self,
        settlement_id: i64,
        open: &OpenInstalments,
        allocations: &[Allocation],
        applied_on: NaiveDate,
    ) -> Result<()> {
        let applied_on = DateText::new(applied_on)?;
        for allocation in allocations {
            let place = open.places[allocation.key as usize];
            self.st.insert_allocation.execute((
                settlement_id,
                place.customer_id,
                allocation.amount.currency().code(),
                place.invoice_id,
                place.seq,
                allocation.amount.to_minor()?,
                applied_on,
            ))?;
        }
        Ok(())
    }
}

/// The outcome for a settlement whose reference (leading zeros ignored) the book holds.
fn known_settlement(
    existing: StoredSettlement,
    record: &SettlementRecord,
    customer_id: i64,
) -> WriteOutcome {
    let difference = settlement_difference(&existing.record, record);
    let same_reference = existing.record.reference == record.reference;
    match difference {
        None if same_reference => WriteOutcome::Unchanged,
        Some(d) if same_reference => WriteOutcome::Conflict(settlement_conflict(record, &d)),
        _ if existing.customer_id == customer_id
            && existing.record.date == record.date
            && existing.record.amount == record.amount
            && existing.record.amount.currency() == record.amount.currency() =>
        {
            WriteOutcome::Matched {
                existing_number: existing.record.reference,
            }
        }
        _ => WriteOutcome::Conflict(zeros_conflict(
            kind_label(record.kind),
            &record.reference,
            &existing.record.reference,
            &difference.expect("a different customer, date or amount is a difference"),
        )),
    }
}
