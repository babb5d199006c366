//! The aging computed in SQL equals the reference aging of the core on generated ledgers:
//! random instalments, payments, credit notes and refunds (named or unapplied), allocations made
//! later, and as-of dates before, between and after all of them.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use creditdesk_core::aging::{age, Buckets, OpenItem};
use creditdesk_core::ledger::{
    CustomerRecord, FrozenTerms, Instalment, InvoiceRecord, SettlementKind, SettlementRecord,
};
use creditdesk_core::{Currency, Money};
use creditdesk_store::{Book, InvoiceQuery, WriteOutcome};
use proptest::prelude::*;

use crate::support::{book, currency};

const CURRENCIES: [&str; 3] = ["EUR", "USD", "JPY"];

#[derive(Clone, Debug)]
struct GenInvoice {
    customer: usize,
    currency: usize,
    issued: u64,
    /// (days after issue, possibly negative as exports have them; minor units)
    parts: Vec<(i64, i64)>,
    disputed: bool,
}

#[derive(Clone, Debug)]
struct GenSettlement {
    customer: usize,
    currency: usize,
    credit_note: bool,
    on: u64,
    minor: i64,
    invoice: Option<usize>,
}

#[derive(Clone, Debug)]
struct Ledger {
    invoices: Vec<GenInvoice>,
    settlements: Vec<GenSettlement>,
    /// (customer, day) of later allocation runs.
    allocations: Vec<(usize, u64)>,
    as_of: Vec<i64>,
    buckets: Vec<i64>,
}

fn ledger() -> impl Strategy<Value = Ledger> {
    let invoice = (
        0..3usize,
        0..3usize,
        0..120u64,
        prop::collection::vec((-10..90i64, 0..100_000i64), 1..4),
        any::<bool>(),
    )
        .prop_map(|(customer, currency, issued, parts, disputed)| GenInvoice {
            customer,
            currency,
            issued,
            parts,
            disputed,
        });
    // Small amounts naming a few invoices, so that instalments are often paid in several parts
    // on several days; about one in four is a refund, taking back what its invoice settled.
    let settlement = (
        0..3usize,
        0..3usize,
        any::<bool>(),
        0..150u64,
        -13_000..40_000i64,
        prop::option::of(0..6usize),
    )
        .prop_map(
            |(customer, currency, credit_note, on, minor, invoice)| GenSettlement {
                customer,
                currency,
                credit_note,
                on,
                minor,
                invoice,
            },
        );
    let buckets = prop::sample::select(vec![
        vec![30, 60, 90],
        vec![7, 14],
        vec![1],
        vec![30, 60, 90, 120],
    ]);
    (
        prop::collection::vec(invoice, 1..12),
        prop::collection::vec(settlement, 0..16),
        prop::collection::vec((0..3usize, 0..160u64), 0..4),
        prop::collection::vec(-10..200i64, 1..4),
        buckets,
    )
        .prop_map(
            |(invoices, settlements, allocations, as_of, buckets)| Ledger {
                invoices,
                settlements,
                allocations,
                as_of,
                buckets,
            },
        )
}

fn day(offset: i64) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    if offset >= 0 {
        base + Days::new(offset as u64)
    } else {
        base - Days::new(offset.unsigned_abs())
    }
}

fn money(minor: i64, index: usize) -> Money {
    Money::from_minor(minor, currency(CURRENCIES[index]))
}

/// Writes the generated ledger; returns the settlements that made it into the book.
fn write(book: &mut Book, l: &Ledger) -> Vec<SettlementRecord> {
    let mut tx = book.begin_import().unwrap();
    for c in 0..3 {
        let record = CustomerRecord {
            reference: format!("C-{c}"),
            name: format!("Customer {c}"),
            country: None,
            email: None,
            preferred_channel: None,
        };
        tx.customer(&record).unwrap();
    }
    for (n, inv) in l.invoices.iter().enumerate() {
        let issued = day(inv.issued as i64);
        let instalments: Vec<Instalment> = inv
            .parts
            .iter()
            .enumerate()
            .map(|(i, (due, minor))| Instalment {
                seq: i as u32 + 1,
                due_date: day(inv.issued as i64 + due),
                amount: money(*minor, inv.currency),
            })
            .collect();
        let total: i64 = inv.parts.iter().map(|p| p.1).sum();
        let record = InvoiceRecord {
            number: format!("INV-{n}"),
            customer_reference: format!("C-{}", inv.customer),
            issue_date: issued,
            total: money(total, inv.currency),
            terms: FrozenTerms {
                text: "generated".into(),
                instalments,
                discount: None,
            },
            disputed: inv.disputed,
        };
        assert_eq!(tx.invoice(&record).unwrap(), WriteOutcome::Inserted);
    }
    let mut written = Vec::new();
    for (n, s) in l.settlements.iter().enumerate() {
        // A settlement naming an invoice is valid only for the invoice's customer and currency.
        let named = s.invoice.filter(|&i| i < l.invoices.len());
        let (customer, currency) = match named {
            Some(i) => (l.invoices[i].customer, l.invoices[i].currency),
            None => (s.customer, s.currency),
        };
        let record = SettlementRecord {
            reference: format!("S-{n}"),
            customer_reference: format!("C-{customer}"),
            kind: if s.credit_note {
                SettlementKind::CreditNote
            } else {
                SettlementKind::Payment
            },
            date: day(s.on as i64),
            amount: money(s.minor, currency),
            invoice_number: named.map(|i| format!("INV-{i}")),
            paid_in: None,
        };
        assert_eq!(tx.settlement(&record).unwrap(), WriteOutcome::Inserted);
        written.push(record);
    }
    tx.commit().unwrap();
    for (customer, on) in &l.allocations {
        book.allocate_unapplied(&format!("C-{customer}"), day(*on as i64))
            .unwrap();
    }
    written
}

/// The open items and unapplied amounts as of `as_of`, computed in Rust from what the book
/// recorded: instalment amounts and every allocation with its date.
fn reference_inputs(
    book: &Book,
    l: &Ledger,
    settlements: &[SettlementRecord],
    as_of: NaiveDate,
) -> (Vec<OpenItem>, Vec<(String, Money)>) {
    let mut items = Vec::new();
    let mut applied: HashMap<(SettlementKind, String), Money> = HashMap::new();
    for n in 0..l.invoices.len() {
        let detail = book.invoice(&format!("INV-{n}")).unwrap().unwrap();
        for inst in &detail.instalments {
            let mut open = inst.amount;
            for a in &inst.allocations {
                if a.applied_on <= as_of {
                    open = open.checked_sub(a.amount).unwrap();
                    let key = (a.settlement_kind, a.settlement_reference.clone());
                    let sum = applied
                        .entry(key)
                        .or_insert(Money::zero(a.amount.currency()));
                    *sum = sum.checked_add(a.amount).unwrap();
                }
            }
            if detail.issue_date <= as_of && !open.is_zero() {
                items.push(OpenItem {
                    customer_reference: detail.customer_reference.clone(),
                    due_date: inst.due_date,
                    open,
                    disputed: detail.disputed,
                });
            }
        }
    }
    let mut unapplied = Vec::new();
    for s in settlements.iter().filter(|s| s.date <= as_of) {
        let used = applied.get(&(s.kind, s.reference.clone())).copied();
        let left = match used {
            Some(used) => s.amount.checked_sub(used).unwrap(),
            None => s.amount,
        };
        if !left.is_zero() {
            unapplied.push((s.customer_reference.clone(), left));
        }
    }
    (items, unapplied)
}

/// The as-of dates to check: the generated ones, and each one moved onto the nearest day on
/// which something happened (a settlement, an allocation run, an issue or due date) or the day
/// before or after it, where off-by-one faults show.
fn as_of_days(l: &Ledger) -> Vec<NaiveDate> {
    let mut events: Vec<i64> = l.settlements.iter().map(|s| s.on as i64).collect();
    events.extend(l.allocations.iter().map(|(_, on)| *on as i64));
    for inv in &l.invoices {
        events.push(inv.issued as i64);
        events.extend(inv.parts.iter().map(|(due, _)| inv.issued as i64 + due));
    }
    let mut days = Vec::new();
    for (i, offset) in l.as_of.iter().enumerate() {
        days.push(day(*offset));
        let event = events[offset.unsigned_abs() as usize % events.len()];
        days.push(day(event + (i as i64 % 3) - 1));
    }
    days
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn reports_in_sql_equal_the_reference_aging(l in ledger()) {
        let mut book = book();
        let settlements = write(&mut book, &l);
        let buckets = Buckets::new(l.buckets.clone()).unwrap();
        let names = |reference: &str| Some(format!("Customer {}", &reference[2..]));

        for as_of in as_of_days(&l) {
            let (items, unapplied) = reference_inputs(&book, &l, &settlements, as_of);
            let expected = age(as_of, &buckets, &items, &unapplied, &names);
            let actual = book.aging(as_of, &buckets).unwrap();
            prop_assert_eq!(&actual, &expected, "as of {}", as_of);

            // Each invoice of the list is open by the sum of its open items.
            let listed = book.invoices(&InvoiceQuery { limit: 1000, ..InvoiceQuery::as_of(as_of) }).unwrap();
            for invoice in &listed {
                let detail = book.invoice(&invoice.number).unwrap().unwrap();
                let open: i64 = detail
                    .instalments
                    .iter()
                    .map(|i| {
                        let applied: i64 = i
                            .allocations
                            .iter()
                            .filter(|a| a.applied_on <= as_of)
                            .map(|a| a.amount.to_minor().unwrap())
                            .sum();
                        i.amount.to_minor().unwrap() - applied
                    })
                    .sum();
                prop_assert_eq!(invoice.open.to_minor().unwrap(), open, "{} as of {}", invoice.number, as_of);
            }
            let issued = l.invoices.iter().filter(|i| day(i.issued as i64) <= as_of).count();
            prop_assert_eq!(listed.len(), issued);

            // Customer balances are the aging rows' totals.
            for customer in book.customers(as_of).unwrap() {
                for balance in &customer.balances {
                    let row = actual.customers.iter().find(|r| {
                        r.customer_reference.as_deref() == Some(customer.reference.as_str())
                            && r.currency == balance.currency
                    });
                    let row = row.unwrap();
                    prop_assert_eq!(balance.open, row.open_total);
                    prop_assert_eq!(balance.unapplied, row.unapplied);
                    let current = row.buckets[0];
                    prop_assert_eq!(balance.overdue, row.open_total.checked_sub(current).unwrap());
                }
            }

            // The period figures see the same receivables at both ends of a 30-day period.
            let figures = book.period_figures(as_of, 30, &[]).unwrap();
            let begin = book.aging(as_of - Days::new(30), &buckets).unwrap();
            for total in actual.totals.iter().filter(|t| !t.open_total.is_zero()) {
                let row = figures
                    .iter()
                    .find(|f| f.customer_reference.is_none() && f.figures.receivables_end.currency() == total.currency)
                    .unwrap();
                prop_assert_eq!(row.figures.receivables_end, total.open_total);
                let begin_total = begin.totals.iter().find(|t| t.currency == total.currency).map(|t| t.open_total);
                prop_assert_eq!(row.figures.receivables_begin, begin_total.unwrap_or(Money::zero(total.currency)));
            }
        }
    }
}

#[test]
fn currencies_of_the_generator_are_known() {
    for code in CURRENCIES {
        assert!(Currency::from_code(code).is_ok());
    }
}
