//! Writing settlements and allocating them to instalments.
//!
//! A settlement that names an invoice is allocated to it at once; one that does not stays
//! unapplied until the user allocates it. A refund (a settlement below zero) that names an
//! invoice is allocated to it below zero: it takes back what the invoice had settled. Allocations
//! are what make an instalment's open amount change over time, so each carries the day it was
//! applied.

use chrono::NaiveDate;
use creditdesk_core::allocate::{
    allocate_to, reverse_latest_due_first, Allocation, AllocationResult, OpenInstalment,
};
use creditdesk_core::ledger::{ForeignAmount, SettlementKind, SettlementRecord};
use creditdesk_core::terms::settlement_discount;
use creditdesk_core::{say, Money};
use rust_decimal::Decimal;

use super::compare::{
    kind_label, missing_customer, settlement_conflict, settlement_difference, settlement_problem,
    zeros_conflict,
};
use super::rows::{AllocationRow, SettlementRow};
use super::writer::{InvoiceAccount, PendingAllocation, Writer};
use super::WriteOutcome;
use crate::codec::{
    date_of_day, day_number, money, number_key, parse_currency, parse_date, parse_decimal, text,
    DateText,
};
use crate::error::{Result, StoreError};

/// Where an instalment is in the book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InstalmentRef {
    pub customer_id: i64,
    pub invoice_id: i64,
    pub seq: u32,
}

/// Open instalments for the core's allocation: `open[i].key == i` and `places[i]` says which
/// instalment it is; for those of one invoice account, `positions[i]` is its position there.
#[derive(Default)]
pub(crate) struct OpenInstalments {
    pub open: Vec<OpenInstalment>,
    pub places: Vec<InstalmentRef>,
    pub positions: Vec<usize>,
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

    /// Adds instalment `position` of `account`, with `minor` in place of its open amount.
    fn push_of(&mut self, account: &InvoiceAccount, position: usize, minor: i64) {
        let state = &account.instalments[position];
        let place = InstalmentRef {
            customer_id: account.customer_id,
            invoice_id: account.id,
            seq: state.seq,
        };
        self.push(
            place,
            state.due_date,
            Money::from_minor(minor, account.currency),
        );
        self.positions.push(position);
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

/// The instalments of an invoice with something open, in due order (due day, then sequence),
/// as the book would list them.
fn open_instalments(account: &InvoiceAccount) -> OpenInstalments {
    let mut order: Vec<usize> = (0..account.instalments.len())
        .filter(|&i| {
            let state = &account.instalments[i];
            state.settled_minor < state.amount_minor
        })
        .collect();
    order.sort_by_key(|&i| (account.instalments[i].due_day, account.instalments[i].seq));
    let mut open = OpenInstalments::default();
    for position in order {
        let state = &account.instalments[position];
        open.push_of(account, position, state.amount_minor - state.settled_minor);
    }
    open
}

/// The instalments of an invoice that have settled something, each with what it settled in
/// place of an open amount: what a refund naming the invoice can take back.
fn settled_instalments(account: &InvoiceAccount) -> OpenInstalments {
    let mut settled = OpenInstalments::default();
    for (position, state) in account.instalments.iter().enumerate() {
        if state.settled_minor > 0 {
            settled.push_of(account, position, state.settled_minor);
        }
    }
    settled
}

/// What can be taken back on `day` of an instalment from `paid`, the money paid on it and
/// taken back, by the day it was applied: what stays paid on that day and every day after it.
fn can_take_back(paid: &[(i64, i64)], day: i64) -> i64 {
    let mut days: Vec<i64> = paid.iter().map(|&(d, _)| d).filter(|&d| d > day).collect();
    days.push(day);
    days.iter()
        .map(|&at| {
            paid.iter()
                .filter(|&&(d, _)| d <= at)
                .map(|&(_, m)| m)
                .sum::<i64>()
        })
        .min()
        .unwrap_or(0)
}

/// The allocation columns a new settlement is inserted with: the sum of its allocations, and
/// the first and last day they were applied (0 when there are none), as the triggers keep them.
#[derive(Clone, Copy)]
pub(crate) struct Applied {
    pub minor: i64,
    pub first_day: i64,
    pub last_day: i64,
}

impl Applied {
    const NONE: Applied = Applied {
        minor: 0,
        first_day: 0,
        last_day: 0,
    };

    /// These columns with `more` allocated too; either may be [`Applied::NONE`].
    fn and(self, more: Applied) -> Applied {
        let none = |a: &Applied| a.minor == 0 && a.first_day == 0 && a.last_day == 0;
        match (none(&self), none(&more)) {
            (true, _) => more,
            (_, true) => self,
            _ => Applied {
                minor: self.minor + more.minor,
                first_day: self.first_day.min(more.first_day),
                last_day: self.last_day.max(more.last_day),
            },
        }
    }

    fn of(allocations: &[Allocation], day: i64) -> Result<Applied> {
        let mut minor = 0;
        for allocation in allocations {
            minor += allocation.amount.to_minor()?;
        }
        Ok(if allocations.is_empty() {
            Applied::NONE
        } else {
            Applied {
                minor,
                first_day: day,
                last_day: day,
            }
        })
    }
}

/// Positions of an invoice's instalments, as a set.
#[derive(Clone, Default)]
struct Touched(Vec<bool>);

impl Touched {
    fn insert(&mut self, position: usize) {
        if self.0.len() <= position {
            self.0.resize(position + 1, false);
        }
        self.0[position] = true;
    }

    fn contains(&self, position: usize) -> bool {
        self.0.get(position).copied().unwrap_or(false)
    }
}

impl std::ops::BitOrAssign for Touched {
    fn bitor_assign(&mut self, other: Touched) {
        for (position, touched) in other.0.into_iter().enumerate() {
            if touched {
                self.insert(position);
            }
        }
    }
}

/// What a refund takes back of one invoice, in parts applied on days in order.
struct TakenBack {
    parts: Vec<TakenPart>,
    /// The early-payment discount granted on the invoice before the refund.
    discount: Money,
}

/// A part of a refund applied on one day: the invoice's instalments with what could be taken
/// back of each that day (keys of the allocations), and the allocations below zero.
struct TakenPart {
    settled: OpenInstalments,
    result: AllocationResult,
    applied_on: NaiveDate,
}

impl TakenBack {
    fn is_empty(&self) -> bool {
        self.parts.iter().all(|p| p.result.allocations.is_empty())
    }

    /// The first day something was taken back.
    fn first_day(&self) -> Option<NaiveDate> {
        self.parts
            .iter()
            .find(|p| !p.result.allocations.is_empty())
            .map(|p| p.applied_on)
    }

    /// The allocation columns of the refund's settlement for what this takes back.
    fn applied(&self) -> Result<Applied> {
        let mut applied = Applied::NONE;
        for part in &self.parts {
            let day = day_number(part.applied_on);
            applied = applied.and(Applied::of(&part.result.allocations, day)?);
        }
        Ok(applied)
    }
}

/// A refund naming an invoice with something left to take back.
struct WaitingRefund {
    id: i64,
    reference: String,
    date: NaiveDate,
    /// Below zero.
    left: Money,
    applied: Applied,
    invoice_number: String,
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
    /// What the invoice cannot take stays unapplied. A refund naming an invoice takes back what
    /// it settled once the writes are done (see [`Writer::apply_waiting_refunds`]). A settlement
    /// that names no invoice stays unapplied
    /// until [`Book::allocate_unapplied`](crate::Book::allocate_unapplied).
    ///
    /// Only a writer that keeps the allocation columns writes settlements: it inserts each
    /// settlement with its allocated amount and applied days, and updates each instalment it
    /// allocates to once, to what the allocation triggers would have left.
    pub(crate) fn settlement(&mut self, record: &SettlementRecord) -> Result<WriteOutcome> {
        assert!(
            self.keeps_allocation_columns,
            "settlements are written with the triggers off"
        );
        let names_pending = match (&record.invoice_number, &self.pending) {
            (Some(number), Some(pending)) => number_key(number) == pending.key,
            _ => false,
        };
        if !names_pending {
            self.write_pending()?;
        }
        let label = kind_label(record.kind);
        if let Some(problem) = settlement_problem(record) {
            return Ok(WriteOutcome::Conflict(problem));
        }
        let Some(customer_id) = self.customer_id(&record.customer_reference)? else {
            let message = missing_customer(label, &record.reference, &record.customer_reference);
            return Ok(WriteOutcome::Conflict(message));
        };

        // A reference the book already holds is found by the insert, which the unique index on
        // kind and reference refuses; every check before it only reads.
        let Some(number) = &record.invoice_number else {
            let inserted = self.insert_settlement(record, customer_id, None, Applied::NONE)?;
            return match inserted {
                Some(_) => Ok(WriteOutcome::Inserted),
                None => self.known(record, customer_id),
            };
        };
        if self.accounts.get(number_key(number)).is_none() {
            // An invoice of an earlier import: its settlements are often of an earlier import
            // too (a file imported again), which one read of the reference finds at once.
            if let Some(existing) = self.settlement_by_key(record.kind, &record.reference)? {
                return Ok(known_settlement(
                    existing,
                    record,
                    customer_id,
                    self.by_hand,
                ));
            }
        }
        if let Err(message) = self.named_invoice(record, number, customer_id)? {
            return self.known_or(record, customer_id, WriteOutcome::Conflict(message));
        }
        let key = number_key(number);
        let account = self
            .accounts
            .get(key)
            .expect("named_invoice keeps the account");
        let (invoice_id, issue_date, invoice_number) =
            (account.id, account.issue_date, account.number.clone());
        let mut open = open_instalments(account);
        let discount = match (&account.discount, record.kind) {
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
                let (reference, discount) = (&record.reference, &d.reference);
                let message = say!(
                    en: "{label} {reference} earns an early-payment discount on invoice \
                         {invoice_number}, but a discount with reference {discount} is already in \
                         the book; give this payment another reference.",
                    zh: "{label} {reference} 可享受发票 {invoice_number} 的提前付款折扣，但账簿中\
                         已有单号为 {discount} 的折扣；请为这笔收款另设一个单号。",
                );
                return self.known_or(record, customer_id, WriteOutcome::Conflict(message));
            }
        }

        // Nothing to allocate now: zero, or a refund, which is written unapplied and takes back
        // when the writes of the transaction are done (see `apply_waiting_refunds`), with the
        // other refunds in date order, so that every payment of the transaction is allocated
        // first, whatever the order of the rows.
        if record.amount.is_zero() || record.amount.is_negative() {
            let inserted =
                self.insert_settlement(record, customer_id, Some(invoice_id), Applied::NONE)?;
            return match inserted {
                Some(_) => Ok(WriteOutcome::Inserted),
                None => self.known(record, customer_id),
            };
        }
        // A payment received before its invoice was issued (a prepayment) settles the invoice
        // from the issue date on; until then it is unapplied money of the customer.
        let applied_on = record.date.max(issue_date);
        let day = day_number(applied_on);
        let result = allocate_to(record.amount, &open.open)?;
        if record.kind == SettlementKind::WriteOff && !result.unapplied.is_zero() {
            // A write-off gives up a debt; more than the debt would become credit that later
            // settles other invoices.
            let (reference, amount) = (&record.reference, record.amount);
            let open_amount = open.total(record.amount);
            let message = say!(
                en: "Write-off {reference} of {amount} is more than the {open_amount} open on \
                     invoice {invoice_number}; write off at most the open amount.",
                zh: "坏账核销 {reference} 的金额 {amount} 超过了发票 {invoice_number} 的未结金额 \
                     {open_amount}；核销金额不能超过未结金额。",
            );
            return self.known_or(record, customer_id, WriteOutcome::Conflict(message));
        }
        let applied = Applied::of(&result.allocations, day)?;
        let Some(settlement_id) =
            self.insert_settlement(record, customer_id, Some(invoice_id), applied)?
        else {
            return self.known(record, customer_id);
        };
        self.allocate(settlement_id, &open, &result.allocations, applied_on)?;
        let mut touched = self.settle_account(key, &open, &result.allocations, day)?;
        if let Some(d) = discount {
            open.take(&result.allocations);
            let result = allocate_to(d.amount, &open.open)?;
            let applied = Applied::of(&result.allocations, day)?;
            let discount_id = self
                .insert_settlement(&d, customer_id, Some(invoice_id), applied)?
                .expect("the discount reference was checked to be free");
            self.allocate(discount_id, &open, &result.allocations, applied_on)?;
            touched |= self.settle_account(key, &open, &result.allocations, day)?;
        }
        if self.pending.is_none() {
            self.write_instalment_states(key, touched)?;
        }
        Ok(WriteOutcome::Inserted)
    }

    /// Writes what an export says was settled on an invoice by the record's date, in all (see
    /// [`LedgerRecord::SettledToDate`](creditdesk_core::ledger::LedgerRecord::SettledToDate)).
    /// The amount is compared with every settlement of the record's kind that names the
    /// invoice, whatever its reference or day: payments entered by hand count, and so do
    /// refunds, which leave less paid. Only what is more is written, dated the record's day:
    /// under the record's own reference (`<invoice>-paid`) the first time, afterwards as
    /// `<reference>-<date>` (`-2`, `-3`... after it when that is taken). No more than the book
    /// holds is unchanged: an export that shows less paid takes no money back (a refund does),
    /// and an older export imported after a newer one does not move what the newer one wrote.
    pub(crate) fn settled_to_date(&mut self, record: &SettlementRecord) -> Result<WriteOutcome> {
        // Anything the rules of a settlement refuse is refused by them, in their words.
        let (Some(number), Some(customer_id)) = (
            &record.invoice_number,
            self.customer_id(&record.customer_reference)?,
        ) else {
            return self.settlement(record);
        };
        let currency = record.amount.currency();
        let invoice_id = match self.account(number)? {
            Some(account) if account.customer_id == customer_id && account.currency == currency => {
                account.id
            }
            _ => return self.settlement(record),
        };
        // The invoice's settlements are read from the book.
        self.write_held()?;
        let held: i64 = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(amount_minor), 0) FROM settlement
                 WHERE invoice_id = ?1 AND kind = ?2",
            )?
            .query_row((invoice_id, record.kind.as_str()), |r| r.get(0))?;
        let more = record.amount.to_minor()? - held;
        if more <= 0 {
            return Ok(WriteOutcome::Unchanged);
        }
        let (base, date) = (&record.reference, record.date);
        let mut reference = base.clone();
        let mut n = 1;
        while self.settlement_by_key(record.kind, &reference)?.is_some() {
            reference = match n {
                1 => format!("{base}-{date}"),
                _ => format!("{base}-{date}-{n}"),
            };
            n += 1;
        }
        let increase = SettlementRecord {
            reference,
            amount: Money::from_minor(more, currency),
            ..record.clone()
        };
        self.settlement(&increase)
    }

    /// What a refund of `amount` (below zero) dated `date` takes back of the invoice of account
    /// `key`: money paid on its instalments (payments, less what refunds took back; not credit
    /// notes, write-offs or discounts), the latest due first, so that they are open again from the
    /// day after it. Money paid on the invoice that it could not take (an overpayment,
    /// unapplied) is refunded first, and takes nothing back.
    ///
    /// A refund cannot take back money before it was paid: what was paid by the refund's date
    /// (or the issue date, when later) is taken back on that day, and the rest from the
    /// payments after it, each on the day it was applied. What is taken back on a day is no
    /// more than what stays paid on every later day, refunds written already included, so the
    /// parts do not depend on the order in which the payments and refunds were written.
    /// `refund` is the refund's id when it is in the book already.
    fn take_back(
        &mut self,
        key: &str,
        amount: Money,
        date: NaiveDate,
        refund: Option<i64>,
    ) -> Result<TakenBack> {
        // The invoice's allocations are read from the book.
        self.write_held()?;
        let account = self
            .accounts
            .get(key)
            .expect("the account of a refund's invoice is kept");
        // What the other settlements naming the invoice, received by the refund's day, leave
        // unapplied: overpayments, less what other refunds of it still wait to take back (money
        // that came in later cannot be what was paid back); and the early-payment discount
        // granted.
        let (unapplied, discount): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(CASE WHEN day <= ?5 THEN amount_minor - allocated_minor END), 0),
                        coalesce(sum(CASE WHEN kind = 'discount' THEN allocated_minor END), 0)
                 FROM settlement
                 WHERE customer_id = ?1 AND currency = ?2 AND invoice_id = ?3 AND id IS NOT ?4",
            )?
            .query_row(
                (
                    account.customer_id,
                    account.currency.code(),
                    account.id,
                    refund,
                    day_number(date),
                ),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        let currency = account.currency;
        let overpaid = Money::from_minor(unapplied.max(0), currency);
        let to_take = amount.checked_add(overpaid)?.amount().min(Decimal::ZERO);
        let mut left = -Money::new(to_take, currency).to_minor()?;

        // Money paid on each instalment (its position in the account), day by day: payments,
        // and what refunds of any kind took back (a lost discount takes back no money).
        let mut paid: Vec<Vec<(i64, i64)>> = vec![Vec::new(); account.instalments.len()];
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.seq, a.applied_day, sum(a.amount_minor)
                 FROM allocation a JOIN settlement s ON s.id = a.settlement_id
                 WHERE a.invoice_id = ?1
                   AND (s.kind = 'payment' OR (a.amount_minor < 0 AND s.kind != 'discount'))
                 GROUP BY a.seq, a.applied_day",
            )?;
            let mut rows = stmt.query([account.id])?;
            while let Some(r) = rows.next()? {
                let (seq, day, minor): (u32, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                if let Some(at) = account.instalments.iter().position(|i| i.seq == seq) {
                    paid[at].push((day, minor));
                }
            }
        }
        let first = day_number(date.max(account.issue_date));
        let mut days: Vec<i64> = paid.iter().flatten().map(|&(day, _)| day).collect();
        days.retain(|&day| day > first);
        days.push(first);
        days.sort_unstable();
        days.dedup();

        // Never more than an instalment has settled in all, whatever settled it.
        let mut room: Vec<i64> = account
            .instalments
            .iter()
            .map(|i| i.settled_minor)
            .collect();
        let mut parts = Vec::new();
        for day in days {
            if left <= 0 {
                break;
            }
            let mut settled = OpenInstalments::default();
            for position in 0..account.instalments.len() {
                let can = can_take_back(&paid[position], day).min(room[position]);
                if can > 0 {
                    settled.push_of(account, position, can);
                }
            }
            if settled.open.is_empty() {
                continue;
            }
            let result =
                reverse_latest_due_first(Money::from_minor(-left, currency), &settled.open)?;
            for allocation in &result.allocations {
                let minor = allocation.amount.to_minor()?;
                let position = settled.positions[allocation.key as usize];
                left += minor;
                room[position] += minor;
                paid[position].push((day, minor));
            }
            let applied_on = date_of_day(day).ok_or_else(|| {
                let number = &account.number;
                StoreError::Unreadable(say!(
                    en: "an allocation of invoice {number} has day {day}, which is no date",
                    zh: "发票 {number} 的一笔核销记录的日期编号 {day} 不是有效日期",
                ))
            })?;
            parts.push(TakenPart {
                settled,
                result,
                applied_on,
            });
        }
        Ok(TakenBack {
            parts,
            discount: Money::from_minor(discount, currency),
        })
    }

    /// Writes the allocations of a refund's [`TakenBack`] and what they leave on its invoice.
    fn record_taken_back(
        &mut self,
        settlement_id: i64,
        key: &str,
        taken: &TakenBack,
    ) -> Result<()> {
        let mut touched = Touched::default();
        for part in &taken.parts {
            let allocations = &part.result.allocations;
            self.allocate(settlement_id, &part.settled, allocations, part.applied_on)?;
            let day = day_number(part.applied_on);
            touched |= self.settle_account(key, &part.settled, allocations, day)?;
        }
        if self.pending.is_none() {
            self.write_instalment_states(key, touched)?;
        }
        Ok(())
    }

    /// Takes back the early-payment discount of the invoice of account `key` when refund
    /// `reference` took back money and left the invoice open: the discount was granted for
    /// settling the invoice, which the refunded money no longer does. Recorded as a discount
    /// below zero, `<reference>-discount`, allocated like the refund.
    fn lose_discount(
        &mut self,
        key: &str,
        reference: &str,
        date: NaiveDate,
        taken: &TakenBack,
    ) -> Result<()> {
        let account = self.accounts.get(key).expect("kept");
        let open = account
            .instalments
            .iter()
            .any(|state| state.settled_minor < state.amount_minor);
        let granted = taken.discount.amount() > Decimal::ZERO;
        let Some(applied_on) = taken.first_day().filter(|_| granted && open) else {
            return Ok(());
        };
        let record = SettlementRecord {
            reference: format!("{reference}-discount"),
            customer_reference: account.customer_reference.clone(),
            kind: SettlementKind::Discount,
            date,
            amount: Money::new(-taken.discount.amount(), account.currency),
            invoice_number: Some(account.number.clone()),
            paid_in: None,
        };
        let (customer_id, invoice_id) = (account.customer_id, account.id);
        let settled = settled_instalments(account);
        let result = reverse_latest_due_first(record.amount, &settled.open)?;
        let lost = TakenBack {
            parts: vec![TakenPart {
                settled,
                result,
                applied_on,
            }],
            discount: Money::zero(account.currency),
        };
        let applied = lost.applied()?;
        // A reference already taken (by a discount of the same name) leaves the discount as it
        // is rather than refuse the refund.
        if let Some(id) = self.insert_settlement(&record, customer_id, Some(invoice_id), applied)? {
            self.record_taken_back(id, key, &lost)?;
        }
        Ok(())
    }

    /// Applies what it can of every refund that names an invoice and still waits for something
    /// to take back: a refund written before the payment it refunds (earlier in a file, or in
    /// an earlier import) stays unapplied until then. Called when the writes of a transaction
    /// are done, so that neither the order of a file's rows nor that of the files changes what
    /// a book ends up with. Only the refunds of `customer`, when given.
    pub(crate) fn apply_waiting_refunds(&mut self, customer: Option<i64>) -> Result<()> {
        assert!(
            self.keeps_allocation_columns,
            "refunds are applied with the triggers off"
        );
        self.write_held()?;
        let mut waiting = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT s.id, s.reference, s.date, s.currency,
                        s.amount_minor - s.allocated_minor, s.allocated_minor,
                        s.first_applied_day, s.last_applied_day, v.number
                 FROM settlement s JOIN invoice v ON v.id = s.invoice_id
                 WHERE s.allocated_minor != s.amount_minor AND s.amount_minor < s.allocated_minor
                   AND s.kind != 'discount' AND (?1 IS NULL OR s.customer_id = ?1)
                 ORDER BY s.day, s.id",
            )?;
            let mut rows = stmt.query([customer])?;
            while let Some(r) = rows.next()? {
                waiting.push(WaitingRefund {
                    id: r.get(0)?,
                    reference: r.get(1)?,
                    date: parse_date(text(r, 2)?)?,
                    left: money(r.get(4)?, text(r, 3)?)?,
                    applied: Applied {
                        minor: r.get(5)?,
                        first_day: r.get(6)?,
                        last_day: r.get(7)?,
                    },
                    invoice_number: r.get(8)?,
                });
            }
        }
        for refund in waiting {
            if self.account(&refund.invoice_number)?.is_none() {
                continue;
            }
            let key = number_key(&refund.invoice_number).to_string();
            let taken = self.take_back(&key, refund.left, refund.date, Some(refund.id))?;
            if taken.is_empty() {
                continue;
            }
            self.record_taken_back(refund.id, &key, &taken)?;
            let applied = refund.applied.and(taken.applied()?);
            self.conn
                .prepare_cached(
                    "UPDATE settlement SET allocated_minor = ?2, first_applied_day = ?3,
                         last_applied_day = ?4
                     WHERE id = ?1",
                )?
                .execute((
                    refund.id,
                    applied.minor,
                    applied.first_day,
                    applied.last_day,
                ))?;
            self.lose_discount(&key, &refund.reference, refund.date, &taken)?;
        }
        self.write_held()?;
        Ok(())
    }

    /// Checks the invoice a settlement names and keeps its account; or the sentence saying why
    /// it cannot be used.
    fn named_invoice(
        &mut self,
        record: &SettlementRecord,
        number: &str,
        customer_id: i64,
    ) -> Result<std::result::Result<(), String>> {
        let label = kind_label(record.kind);
        let reference = &record.reference;
        let Some(invoice) = self.account(number)? else {
            if record.amount.is_negative() {
                return Ok(Err(say!(
                    en: "{label} {reference} is a refund of invoice {number}, which is not in \
                         the book; import the invoice first, or leave the invoice out so that the \
                         refund stays unapplied.",
                    zh: "{label} {reference} 是对发票 {number} 的退款，但该发票不在账簿中；请先\
                         导入该发票，或不指定发票，使该退款保持未核销状态。",
                )));
            }
            return Ok(Err(say!(
                en: "{label} {reference} names invoice {number}, which is not in the book; import \
                     the invoice first, or leave the invoice out so that the settlement is \
                     allocated later, oldest due first.",
                zh: "{label} {reference} 指定的发票 {number} 不在账簿中；请先导入该发票，或不指定\
                     发票，以便日后按到期日从早到晚自动分配。",
            )));
        };
        if invoice.customer_id != customer_id {
            let (customer, owner) = (&record.customer_reference, &invoice.customer_reference);
            let invoice = &invoice.number;
            return Ok(Err(say!(
                en: "{label} {reference} is from customer {customer}, but invoice {invoice} \
                     belongs to customer {owner}; correct the customer or the invoice number.",
                zh: "{label} {reference} 来自客户 {customer}，但发票 {invoice} 属于客户 {owner}；\
                     请更正客户或发票号。",
            )));
        }
        let currency = invoice.currency;
        if record.amount.currency() != currency {
            let (paid_in, invoice) = (record.amount.currency(), &invoice.number);
            return Ok(Err(say!(
                en: "{label} {reference} is in {paid_in}, but invoice {invoice} is in {currency}; \
                     give the amount in {currency}, the invoice's currency, and what was actually \
                     paid as the foreign amount with its rate.",
                zh: "{label} {reference} 以 {paid_in} 计价，但发票 {invoice} 以 {currency} 计价；\
                     请按发票币种 {currency} 填写金额，并将实际支付的金额作为外币金额连同汇率\
                     一并填写。",
            )));
        }
        Ok(Ok(()))
    }

    /// Writes the allocation rows of a settlement to the named invoice, or keeps them with the
    /// pending invoice when it is that one (only then is an invoice pending here).
    fn allocate(
        &mut self,
        settlement_id: i64,
        open: &OpenInstalments,
        allocations: &[Allocation],
        applied_on: NaiveDate,
    ) -> Result<()> {
        let Some(pending) = &mut self.pending else {
            return self.insert_allocations(settlement_id, open, allocations, applied_on);
        };
        let applied_on = DateText::new(applied_on)?;
        for allocation in allocations {
            pending.allocations.push(PendingAllocation {
                settlement_id,
                seq: open.places[allocation.key as usize].seq,
                amount_minor: allocation.amount.to_minor()?,
                applied_on,
            });
        }
        Ok(())
    }

    /// Applies `allocations` (keys into `open`) to the kept account of invoice `key`; returns
    /// the instalments touched as a bit set of positions in the account.
    fn settle_account(
        &mut self,
        key: &str,
        open: &OpenInstalments,
        allocations: &[Allocation],
        day: i64,
    ) -> Result<Touched> {
        let account = self
            .accounts
            .get_mut(key)
            .expect("the account of the named invoice is kept while it is settled");
        let mut touched = Touched::default();
        for allocation in allocations {
            let position = open.positions[allocation.key as usize];
            account.instalments[position].allocate(allocation.amount.to_minor()?, day);
            touched.insert(position);
        }
        Ok(touched)
    }

    /// Writes the allocation columns of the `touched` instalments of invoice `key`.
    fn write_instalment_states(&mut self, key: &str, touched: Touched) -> Result<()> {
        let account = self
            .accounts
            .get(key)
            .expect("the account of the named invoice is kept while it is settled");
        for (position, state) in account.instalments.iter().enumerate() {
            if touched.contains(position) {
                self.st.update_instalment(account, state)?;
            }
        }
        Ok(())
    }

    /// The outcome for a settlement whose reference the book holds.
    fn known(&mut self, record: &SettlementRecord, customer_id: i64) -> Result<WriteOutcome> {
        let existing = self
            .settlement_by_key(record.kind, &record.reference)?
            .expect("an insert refused on the reference means the reference is taken");
        Ok(known_settlement(
            existing,
            record,
            customer_id,
            self.by_hand,
        ))
    }

    /// The outcome for a settlement whose reference the book holds, else `otherwise`.
    fn known_or(
        &mut self,
        record: &SettlementRecord,
        customer_id: i64,
        otherwise: WriteOutcome,
    ) -> Result<WriteOutcome> {
        Ok(
            match self.settlement_by_key(record.kind, &record.reference)? {
                Some(existing) => known_settlement(existing, record, customer_id, self.by_hand),
                None => otherwise,
            },
        )
    }

    /// The settlement of `kind` whose reference equals `reference` once leading zeros are
    /// stripped.
    fn settlement_by_key(
        &mut self,
        kind: SettlementKind,
        reference: &str,
    ) -> Result<Option<StoredSettlement>> {
        if let Some(settlements) = self.st.held_settlements() {
            if !settlements
                .known
                .may_hold((kind.as_str(), number_key(reference)))
            {
                return Ok(None);
            }
            settlements.rows.write()?;
        }
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

    /// Inserts the settlement with its allocation columns and answers its id, or does nothing
    /// and answers `None` when the book holds its kind and reference (leading zeros ignored).
    fn insert_settlement(
        &mut self,
        record: &SettlementRecord,
        customer_id: i64,
        invoice_id: Option<i64>,
        applied: Applied,
    ) -> Result<Option<i64>> {
        let row = SettlementRow::new(record, customer_id, invoice_id, applied)?;
        let key = (record.kind.as_str(), number_key(&record.reference));
        let Some(settlements) = self.st.held_settlements() else {
            let inserted = self.st.insert_settlement.execute(row.values().as_slice())? == 1;
            return Ok(inserted.then(|| self.conn.last_insert_rowid()));
        };
        let maybe_known = settlements.known.may_hold(key);
        if maybe_known
            && self
                .settlement_by_key(record.kind, &record.reference)?
                .is_some()
        {
            return Ok(None);
        }
        let settlements = self
            .st
            .held_settlements()
            .expect("the settlements are held");
        settlements.known.add(key);
        Ok(Some(settlements.rows.hold(row)?))
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
            self.st.insert_allocation(AllocationRow {
                settlement_id,
                customer_id: place.customer_id,
                currency: allocation.amount.currency().code(),
                invoice_id: place.invoice_id,
                seq: place.seq,
                amount_minor: allocation.amount.to_minor()?,
                applied_on,
            })?;
        }
        Ok(())
    }
}

/// The outcome for a settlement whose reference (leading zeros ignored) the book holds.
fn known_settlement(
    existing: StoredSettlement,
    record: &SettlementRecord,
    customer_id: i64,
    by_hand: bool,
) -> WriteOutcome {
    let difference = settlement_difference(&existing.record, record);
    let same_reference = existing.record.reference == record.reference;
    match difference {
        None if same_reference => WriteOutcome::Unchanged,
        Some(d) if same_reference => {
            WriteOutcome::Conflict(settlement_conflict(record, &d, by_hand))
        }
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
            by_hand,
        )),
    }
}
