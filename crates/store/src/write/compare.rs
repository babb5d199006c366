//! Checking a record against itself and against what the book already holds, and the sentences
//! that say what is wrong.
//!
//! A difference is reported as the first field that differs, in a fixed order, with the book's
//! value and the file's value, so the same two records always give the same message.

use chrono::NaiveDate;
use creditdesk_core::ledger::{DiscountOffer, InvoiceRecord, SettlementKind, SettlementRecord};
use creditdesk_core::text::{pick, Word};
use creditdesk_core::{say, Money};

use crate::codec::storable;

/// The word a sentence starts with for an invoice.
pub(crate) const INVOICE: Word = Word::new("Invoice", "发票");

/// One field that differs between the book and the file.
pub(crate) struct Difference {
    pub field: String,
    pub book: String,
    pub file: String,
}

impl Difference {
    fn of(field: impl Into<String>, book: impl ToString, file: impl ToString) -> Difference {
        Difference {
            field: field.into(),
            book: book.to_string(),
            file: file.to_string(),
        }
    }
}

/// The word a sentence starts with for a settlement of `kind`, in this thread's language.
pub(crate) fn kind_label(kind: SettlementKind) -> &'static str {
    match kind {
        SettlementKind::Payment => pick("Payment", "收款"),
        SettlementKind::CreditNote => pick("Credit note", "贷项通知单"),
        SettlementKind::WriteOff => pick("Write-off", "坏账核销"),
        SettlementKind::Discount => pick("Discount", "折扣"),
    }
}

/// What a sentence shows for a value that is not there.
fn none() -> String {
    pick("none", "无").to_string()
}

fn discount_text(offer: &Option<DiscountOffer>) -> String {
    match offer {
        None => none(),
        Some(o) => {
            let (percent, until, amount) = (o.percent.normalize(), o.until, o.amount);
            say!(
                en: "{percent}% until {until} ({amount})",
                zh: "{percent}%，截至 {until}（{amount}）",
            )
        }
    }
}

/// The first difference between an invoice in the book and the same number in a file. The
/// disputed flag is not compared: once imported, the book's flag is the one the user keeps.
pub(crate) fn invoice_difference(book: &InvoiceRecord, file: &InvoiceRecord) -> Option<Difference> {
    if book.customer_reference != file.customer_reference {
        return Some(Difference::of(
            pick("customer", "客户"),
            &book.customer_reference,
            &file.customer_reference,
        ));
    }
    if book.issue_date != file.issue_date {
        return Some(Difference::of(
            pick("issue date", "开票日期"),
            book.issue_date,
            file.issue_date,
        ));
    }
    if book.total != file.total || book.total.currency() != file.total.currency() {
        return Some(Difference::of(
            pick("total", "发票金额"),
            book.total,
            file.total,
        ));
    }
    if book.terms.text != file.terms.text {
        let quoted = |text: &str| pick(format!("\"{text}\""), format!("“{text}”"));
        return Some(Difference::of(
            pick("payment terms", "付款条件"),
            quoted(&book.terms.text),
            quoted(&file.terms.text),
        ));
    }
    let (ours, theirs) = (&book.terms.instalments, &file.terms.instalments);
    if ours.len() != theirs.len() {
        return Some(Difference::of(
            pick("number of instalments", "分期数"),
            ours.len(),
            theirs.len(),
        ));
    }
    for (a, b) in ours.iter().zip(theirs) {
        let seq = a.seq;
        if a.due_date != b.due_date {
            return Some(Difference::of(
                say!(en: "due date of instalment {seq}", zh: "第 {seq} 期到期日"),
                a.due_date,
                b.due_date,
            ));
        }
        if a.amount != b.amount {
            return Some(Difference::of(
                say!(en: "amount of instalment {seq}", zh: "第 {seq} 期金额"),
                a.amount,
                b.amount,
            ));
        }
    }
    if book.terms.discount != file.terms.discount {
        return Some(Difference::of(
            pick("early-payment discount", "提前付款折扣"),
            discount_text(&book.terms.discount),
            discount_text(&file.terms.discount),
        ));
    }
    None
}

pub(crate) fn invoice_conflict(number: &str, d: &Difference, by_hand: bool) -> String {
    let Difference { field, book, file } = d;
    if by_hand {
        return say!(
            en: "Invoice {number} is already in the book with a different {field}: the book has \
                 {book}, you gave {file}. A posted invoice is never changed; post this one under \
                 another number, or record a credit note for the difference.",
            zh: "发票 {number} 已在账簿中，但{field}不同：账簿中为 {book}，您填写的是 {file}。已入账\
                 的发票不会被修改；请以其他编号登记这张发票，或就差额登记一张贷项通知单。",
        );
    }
    say!(
        en: "Invoice {number} is already in the book with a different {field}: the book has \
             {book}, the file has {file}. An import never changes a posted invoice; correct the \
             file, or record a credit note for the difference.",
        zh: "发票 {number} 已在账簿中，但{field}不同：账簿中为 {book}，文件中为 {file}。导入不会\
             修改已入账的发票；请更正文件，或就差额登记一张贷项通知单。",
    )
}

/// The first difference between a settlement in the book and the same reference in a file.
/// The named invoice is compared without leading zeros, as it was matched.
pub(crate) fn settlement_difference(
    book: &SettlementRecord,
    file: &SettlementRecord,
) -> Option<Difference> {
    if book.customer_reference != file.customer_reference {
        return Some(Difference::of(
            pick("customer", "客户"),
            &book.customer_reference,
            &file.customer_reference,
        ));
    }
    if book.date != file.date {
        return Some(Difference::of(pick("date", "日期"), book.date, file.date));
    }
    if book.amount != file.amount || book.amount.currency() != file.amount.currency() {
        return Some(Difference::of(
            pick("amount", "金额"),
            book.amount,
            file.amount,
        ));
    }
    let key = |n: &Option<String>| {
        n.as_deref()
            .map(crate::codec::number_key)
            .map(str::to_string)
    };
    if key(&book.invoice_number) != key(&file.invoice_number) {
        let text = |n: &Option<String>| n.clone().unwrap_or_else(none);
        return Some(Difference::of(
            pick("invoice", "发票"),
            text(&book.invoice_number),
            text(&file.invoice_number),
        ));
    }
    if book.paid_in != file.paid_in {
        let text = |p: &Option<creditdesk_core::ledger::ForeignAmount>| match p {
            None => none(),
            Some(f) => {
                let (paid, rate) = (f.paid, f.rate.normalize());
                say!(en: "{paid} at {rate}", zh: "{paid}，汇率 {rate}")
            }
        };
        return Some(Difference::of(
            pick("amount paid", "实付金额"),
            text(&book.paid_in),
            text(&file.paid_in),
        ));
    }
    None
}

pub(crate) fn settlement_conflict(
    record: &SettlementRecord,
    d: &Difference,
    by_hand: bool,
) -> String {
    let (label, reference) = (kind_label(record.kind), &record.reference);
    let Difference { field, book, file } = d;
    if by_hand {
        return say!(
            en: "{label} {reference} is already in the book with a different {field}: the book \
                 has {book}, you gave {file}. A recorded settlement is never changed; record this \
                 one under another reference.",
            zh: "{label} {reference} 已在账簿中，但{field}不同：账簿中为 {book}，您填写的是 \
                 {file}。已登记的核销单据不会被修改；请以其他单号登记这一笔。",
        );
    }
    say!(
        en: "{label} {reference} is already in the book with a different {field}: the book has \
             {book}, the file has {file}. An import never changes a recorded settlement; correct \
             the file, or record a correction under a new reference.",
        zh: "{label} {reference} 已在账簿中，但{field}不同：账簿中为 {book}，文件中为 {file}。\
             导入不会修改已登记的核销单据；请更正文件，或以新的单号登记一笔更正。",
    )
}

/// The sentence for a date a book cannot hold. `what` and `field` name the record and the date,
/// and are only written out for such a date: this check runs on every record of an import.
fn date_problem(
    date: NaiveDate,
    what: impl FnOnce() -> String,
    field: impl FnOnce() -> String,
) -> Option<String> {
    (!storable(date)).then(|| {
        let (what, field) = (what(), field());
        say!(
            en: "{what} has {field} {date}, which a book cannot hold; give a date from 0001-01-01 \
                 to 9999-12-31.",
            zh: "{what} 的{field}为 {date}，账簿无法保存该日期；请填写 0001-01-01 至 9999-12-31 \
                 之间的日期。",
        )
    })
}

/// What makes an invoice record impossible to hold, whatever the book contains.
pub(crate) fn invoice_problem(record: &InvoiceRecord) -> Option<String> {
    let number = &record.number;
    let total = record.total;
    let what = || format!("{INVOICE} {number}");
    let mut problems = std::iter::once(date_problem(record.issue_date, what, || {
        pick("issue date", "开票日期").to_string()
    }))
    .chain(record.terms.instalments.iter().map(|i| {
        date_problem(i.due_date, what, || {
            let seq = i.seq;
            say!(en: "due date of instalment {seq}", zh: "第 {seq} 期到期日")
        })
    }))
    .chain(record.terms.discount.iter().map(|d| {
        date_problem(d.until, what, || {
            pick("discount deadline", "折扣截止日期").to_string()
        })
    }));
    if let Some(problem) = problems.find_map(|p| p) {
        return Some(problem);
    }
    if total.is_negative() {
        return Some(say!(
            en: "Invoice {number} has a negative total of {total}; record it as a credit note with \
                 a positive amount instead.",
            zh: "发票 {number} 的金额为负数（{total}）；请改为登记一张金额为正数的贷项通知单。",
        ));
    }
    if let Err(err) = total.to_minor() {
        return Some(say!(en: "Invoice {number}: {err}", zh: "发票 {number}：{err}"));
    }
    let instalments = &record.terms.instalments;
    if instalments.is_empty() {
        return Some(say!(
            en: "Invoice {number} has no instalments; give at least one due date.",
            zh: "发票 {number} 没有分期；请至少给出一个到期日。",
        ));
    }
    if instalments
        .iter()
        .enumerate()
        .any(|(i, inst)| inst.seq as usize != i + 1)
    {
        let seqs: Vec<String> = instalments.iter().map(|i| i.seq.to_string()).collect();
        let seqs = seqs.join(", ");
        return Some(say!(
            en: "Invoice {number} numbers its instalments {seqs}; number them 1, 2, 3 and so on, \
                 in order.",
            zh: "发票 {number} 的分期编号为 {seqs}；请按顺序编号为 1、2、3，依此类推。",
        ));
    }
    let mut sum = Money::zero(total.currency());
    for inst in instalments {
        let (seq, amount) = (inst.seq, inst.amount);
        if amount.currency() != total.currency() {
            let (currency, total_currency) = (amount.currency(), total.currency());
            return Some(say!(
                en: "Invoice {number} has instalment {seq} in {currency}, but its total is in \
                     {total_currency}; every instalment is in the invoice's currency.",
                zh: "发票 {number} 的第 {seq} 期以 {currency} 计价，但发票金额以 \
                     {total_currency} 计价；每一期都必须使用发票的币种。",
            ));
        }
        if amount.is_negative() {
            return Some(say!(
                en: "Invoice {number} has instalment {seq} of {amount}; an instalment is zero or \
                     more.",
                zh: "发票 {number} 的第 {seq} 期金额为 {amount}；分期金额不能小于零。",
            ));
        }
        if let Err(err) = amount.to_minor() {
            return Some(say!(
                en: "Invoice {number}, instalment {seq}: {err}",
                zh: "发票 {number} 第 {seq} 期：{err}",
            ));
        }
        sum = Money::new(sum.amount() + inst.amount.amount(), total.currency());
    }
    if sum != total {
        return Some(say!(
            en: "Invoice {number} has instalments that add up to {sum}, but its total is {total}; \
                 the instalments must add up to the total exactly.",
            zh: "发票 {number} 各期合计为 {sum}，但发票金额为 {total}；各期金额之和必须与发票金额\
                 完全相等。",
        ));
    }
    if let Some(offer) = &record.terms.discount {
        if offer.amount.currency() != total.currency() || offer.amount.to_minor().is_err() {
            let (discount, currency) = (offer.amount, total.currency());
            return Some(say!(
                en: "Invoice {number} offers an early-payment discount of {discount}, which is not \
                     an amount of {currency}; give the discount in the invoice's currency.",
                zh: "发票 {number} 的提前付款折扣为 {discount}，不是有效的 {currency} 金额；请以\
                     发票币种填写折扣。",
            ));
        }
    }
    None
}

/// What makes a settlement record impossible to hold, whatever the book contains.
pub(crate) fn settlement_problem(record: &SettlementRecord) -> Option<String> {
    let reference = &record.reference;
    let what = || format!("{} {reference}", kind_label(record.kind));
    let date = || pick("date", "日期").to_string();
    if let Some(problem) = date_problem(record.date, what, date) {
        return Some(problem);
    }
    if let Err(err) = record.amount.to_minor() {
        let label = kind_label(record.kind);
        return Some(say!(en: "{label} {reference}: {err}", zh: "{label} {reference}：{err}"));
    }
    if let Some(foreign) = &record.paid_in {
        if let Err(err) = foreign.paid.to_minor() {
            let label = kind_label(record.kind);
            return Some(say!(
                en: "{label} {reference}, amount paid: {err}",
                zh: "{label} {reference} 的实付金额：{err}",
            ));
        }
    }
    None
}

/// A number the book holds with other leading zeros, on a record that is not the same. `what`
/// is the word the sentence starts with ([`INVOICE`] or a [`kind_label`]).
pub(crate) fn zeros_conflict(
    what: &str,
    number: &str,
    existing: &str,
    d: &Difference,
    by_hand: bool,
) -> String {
    let Difference { field, book, file } = d;
    if by_hand {
        return say!(
            en: "{what} {number} differs only by leading zeros from {existing}, which is in the \
                 book with a different {field}: the book has {book}, you gave {file}. A book \
                 cannot hold both, because a spreadsheet that drops leading zeros would make them \
                 one; use another number.",
            zh: "{what} {number} 与账簿中的 {existing} 仅相差前导零，但{field}不同：账簿中为 \
                 {book}，您填写的是 {file}。账簿不能同时保存两者，因为电子表格删去前导零后会把\
                 它们当成同一个编号；请使用其他编号。",
        );
    }
    say!(
        en: "{what} {number} differs only by leading zeros from {existing}, which is in the book \
             with a different {field}: the book has {book}, the file has {file}. A book cannot \
             hold both, because a spreadsheet that drops leading zeros would make them one; \
             correct the number in the file.",
        zh: "{what} {number} 与账簿中的 {existing} 仅相差前导零，但{field}不同：账簿中为 {book}，\
             文件中为 {file}。账簿不能同时保存两者，因为电子表格删去前导零后会把它们当成同一个\
             编号；请更正文件中的编号。",
    )
}

/// `what` is the word the sentence starts with ([`INVOICE`] or a [`kind_label`]).
pub(crate) fn missing_customer(what: &str, reference: &str, customer: &str) -> String {
    say!(
        en: "{what} {reference} names customer {customer}, which is not in the book; import or \
             add the customer first.",
        zh: "{what} {reference} 指定的客户 {customer} 不在账簿中；请先导入或添加该客户。",
    )
}
