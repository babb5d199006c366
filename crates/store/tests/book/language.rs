//! The store's sentences in Simplified Chinese: every error a person can see and the conflicts
//! an import reports, word for word, with the values quoted as the English quotes them.

use std::path::PathBuf;

use creditdesk_core::allocate::AllocationError;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::text::{has_chinese, Language};
use creditdesk_core::MoneyError;
use creditdesk_store::{Book, StoreError, WriteOutcome};

use crate::support::*;

fn in_chinese(err: &StoreError) -> String {
    Language::SimplifiedChinese.during(|| err.to_string())
}

fn acme() -> PathBuf {
    PathBuf::from("/books/acme.creditdesk")
}

/// One error of every kind, with what it says in Chinese.
fn every_error() -> Vec<(StoreError, &'static str)> {
    let denied = || std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied");
    vec![
        (
            StoreError::AlreadyExists { path: acme() },
            "/books/acme.creditdesk 已存在；请为新账簿另选一个文件名，或打开现有账簿。",
        ),
        (
            StoreError::NotFound { path: acme() },
            "/books/acme.creditdesk 不存在；请检查路径，或在该位置新建账簿。",
        ),
        (
            StoreError::CannotCreate {
                path: acme(),
                source: denied(),
            },
            "无法创建 /books/acme.creditdesk：permission denied。请确认文件夹存在，并且您有权限写入。",
        ),
        (
            StoreError::NotABook { path: acme() },
            "/books/acme.creditdesk 不是 CreditDesk 账簿。请打开由 CreditDesk 创建的文件，或新建\
             账簿。",
        ),
        (
            StoreError::NewerBook { found: 9, known: 3 },
            "此账簿由较新版本的 CreditDesk 写入（数据结构版本 9）；当前版本只能读取数据结构版本 3 \
             及以下的账簿。请安装较新版本的 CreditDesk 后再打开。",
        ),
        (
            StoreError::Migration {
                version: 3,
                source: rusqlite::Error::QueryReturnedNoRows,
            },
            "账簿无法升级到数据结构版本 3：Query returned no rows。账簿未作任何更改；请报告此错误，\
             并注明账簿的数据结构版本。",
        ),
        (
            StoreError::BrokenReferences { count: 2 },
            "账簿无法升级：其中有 2 行引用了账簿中不存在的行。账簿未作任何更改；它可能在 \
             CreditDesk 之外被修改过，请从备份中恢复。",
        ),
        (
            StoreError::InvoiceNotFound("INV-404".into()),
            "账簿中没有编号为 INV-404 的发票；请核对发票号。",
        ),
        (
            StoreError::CustomerNotFound("C-404".into()),
            "账簿中没有编号为 C-404 的客户；请核对客户编号。",
        ),
        (
            StoreError::DateOutOfRange(date("2024-06-30")),
            "无法保存日期 2024-06-30：账簿只能保存 0001-01-01 至 9999-12-31 之间的日期。",
        ),
        (
            StoreError::ReportInterrupted,
            "报表未能完成；请重新运行，如果问题仍然存在，请报告此错误。",
        ),
        (
            StoreError::Unreadable("“2024-13-01”不是日期".into()),
            "账簿中有一个无法读取的值：“2024-13-01”不是日期。账簿可能在 CreditDesk 之外被修改过；\
             请从备份中恢复。",
        ),
        (
            StoreError::Money(MoneyError::NoParts(0)),
            "无法将金额拆分为 0 份；请至少拆分为一份。",
        ),
        (
            StoreError::Allocation(AllocationError::DuplicateKey { key: 7 }),
            "第 7 期在未结分期中出现了两次；每个未结分期只能列出一次。",
        ),
        (
            StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows),
            "无法读取或写入账簿：Query returned no rows。",
        ),
    ]
}

/// A new variant fails to compile here until it is added to [`every_error`].
fn listed(err: &StoreError) -> bool {
    match err {
        StoreError::AlreadyExists { .. }
        | StoreError::NotFound { .. }
        | StoreError::CannotCreate { .. }
        | StoreError::NotABook { .. }
        | StoreError::NewerBook { .. }
        | StoreError::Migration { .. }
        | StoreError::BrokenReferences { .. }
        | StoreError::InvoiceNotFound(_)
        | StoreError::CustomerNotFound(_)
        | StoreError::DateOutOfRange(_)
        | StoreError::ReportInterrupted
        | StoreError::Unreadable(_)
        | StoreError::Money(_)
        | StoreError::Allocation(_)
        | StoreError::Sqlite(_) => true,
    }
}

#[test]
fn every_store_error_reads_in_chinese() {
    let errors = every_error();
    assert_eq!(errors.len(), 15, "one of each of the 15 kinds");
    for (err, expected) in &errors {
        assert!(listed(err));
        assert_eq!(in_chinese(err), *expected);
    }
}

#[test]
fn no_store_error_is_left_in_english_under_chinese() {
    for (err, _) in every_error() {
        let said = in_chinese(&err);
        assert!(has_chinese(&said), "left in English: {said}");
        assert_ne!(said, err.to_string(), "the same in both languages: {said}");
    }
}

#[test]
fn a_book_that_is_not_there_is_refused_in_the_language_of_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.creditdesk");

    let err = Language::SimplifiedChinese
        .during(|| Book::open(&path).err())
        .unwrap();

    // The error keeps no language of its own: it is displayed in the language of the thread
    // that shows it.
    assert_eq!(
        in_chinese(&err),
        format!(
            "{} 不存在；请检查路径，或在该位置新建账簿。",
            path.display()
        )
    );
    assert_eq!(
        err.to_string(),
        format!(
            "{} does not exist; check the path, or create a new book there.",
            path.display()
        )
    );
}

fn conflict(outcome: WriteOutcome) -> String {
    match outcome {
        WriteOutcome::Conflict(message) => message,
        other => panic!("not a conflict: {other:?}"),
    }
}

#[test]
fn conflicts_of_an_import_read_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let mut book = book();
    let posted = invoice("INV-401", "C-1", "2024-05-01", "50.00 EUR", "2024-05-31");
    post(
        &mut book,
        &[
            customer("C-1", "Pine Hollow Crafts"),
            customer("C-2", "Ostrander Marine"),
        ],
        std::slice::from_ref(&posted),
        &[payment(
            "R-1",
            "C-1",
            "2024-06-03",
            "20.00 EUR",
            Some("INV-401"),
        )],
    );
    let mut tx = book.begin_import().unwrap();

    let mut changed = posted.clone();
    changed.total = money("55.00 EUR");
    changed.terms.instalments[0].amount = money("55.00 EUR");
    assert_eq!(
        conflict(tx.invoice(&changed).unwrap()),
        "发票 INV-401 已在账簿中，但发票金额不同：账簿中为 50.00 EUR，文件中为 55.00 EUR。导入不会\
         修改已入账的发票；请更正文件，或就差额登记一张贷项通知单。"
    );
    let mut moved = posted.clone();
    moved.terms.instalments[0].due_date = date("2024-06-01");
    assert_eq!(
        conflict(tx.invoice(&moved).unwrap()),
        "发票 INV-401 已在账簿中，但第 1 期到期日不同：账簿中为 2024-05-31，文件中为 \
         2024-06-01。导入不会修改已入账的发票；请更正文件，或就差额登记一张贷项通知单。"
    );

    let mut repaid = payment("R-1", "C-1", "2024-06-03", "25.00 EUR", Some("INV-401"));
    assert_eq!(
        conflict(tx.settlement(&repaid).unwrap()),
        "收款 R-1 已在账簿中，但金额不同：账簿中为 20.00 EUR，文件中为 25.00 EUR。导入不会修改\
         已登记的核销单据；请更正文件，或以新的单号登记一笔更正。"
    );
    repaid.invoice_number = None;
    repaid.amount = money("20.00 EUR");
    assert_eq!(
        conflict(tx.settlement(&repaid).unwrap()),
        "收款 R-1 已在账簿中，但发票不同：账簿中为 INV-401，文件中为 无。导入不会修改已登记的\
         核销单据；请更正文件，或以新的单号登记一笔更正。"
    );

    let orphan = invoice("INV-9", "C-404", "2024-01-01", "10.00 EUR", "2024-01-31");
    assert_eq!(
        conflict(tx.invoice(&orphan).unwrap()),
        "发票 INV-9 指定的客户 C-404 不在账簿中；请先导入或添加该客户。"
    );
    let unknown = payment("R-77", "C-1", "2024-02-10", "5.00 EUR", Some("INV-501"));
    assert_eq!(
        conflict(tx.settlement(&unknown).unwrap()),
        "收款 R-77 指定的发票 INV-501 不在账簿中；请先导入该发票，或不指定发票，以便日后按到期日\
         从早到晚自动分配。"
    );
    let dollars = payment("R-78", "C-1", "2024-02-10", "5.00 USD", Some("INV-401"));
    assert_eq!(
        conflict(tx.settlement(&dollars).unwrap()),
        "收款 R-78 以 USD 计价，但发票 INV-401 以 EUR 计价；请按发票币种 EUR 填写金额，并将实际\
         支付的金额作为外币金额连同汇率一并填写。"
    );
    let stranger = payment("R-79", "C-2", "2024-02-10", "5.00 EUR", Some("INV-401"));
    assert_eq!(
        conflict(tx.settlement(&stranger).unwrap()),
        "收款 R-79 来自客户 C-2，但发票 INV-401 属于客户 C-1；请更正客户或发票号。"
    );
    let too_much = settlement(
        SettlementKind::WriteOff,
        "WO-1",
        "C-1",
        "2024-07-01",
        "40.00 EUR",
        Some("INV-401"),
    );
    assert_eq!(
        conflict(tx.settlement(&too_much).unwrap()),
        "坏账核销 WO-1 的金额 40.00 EUR 超过了发票 INV-401 的未结金额 30.00 EUR；核销金额不能超过\
         未结金额。"
    );

    let kept = invoice("000777", "C-1", "2024-05-01", "7.00 EUR", "2024-05-31");
    post_in(&mut tx, &[], &[kept], &[]);
    let other = invoice("777", "C-1", "2024-05-01", "50.00 EUR", "2024-05-31");
    assert_eq!(
        conflict(tx.invoice(&other).unwrap()),
        "发票 777 与账簿中的 000777 仅相差前导零，但发票金额不同：账簿中为 7.00 EUR，文件中为 \
         50.00 EUR。账簿不能同时保存两者，因为电子表格删去前导零后会把它们当成同一个编号；请更正\
         文件中的编号。"
    );
    let short = instalment_invoice(
        "INV-502",
        "C-1",
        "2024-01-01",
        "100.00 EUR",
        &[("2024-02-01", "50.00 EUR"), ("2024-03-01", "40.00 EUR")],
    );
    assert_eq!(
        conflict(tx.invoice(&short).unwrap()),
        "发票 INV-502 各期合计为 90.00 EUR，但发票金额为 100.00 EUR；各期金额之和必须与发票金额\
         完全相等。"
    );
    let negative = invoice("INV-503", "C-1", "2024-01-01", "-5.00 EUR", "2024-01-31");
    assert_eq!(
        conflict(tx.invoice(&negative).unwrap()),
        "发票 INV-503 的金额为负数（-5.00 EUR）；请改为登记一张金额为正数的贷项通知单。"
    );
}
