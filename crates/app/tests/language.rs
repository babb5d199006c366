//! Every sentence the use cases say to a person, in Simplified Chinese when the calling thread
//! speaks it: word for word, with the same code as in English, and none left in English.

mod support;

use std::path::Path;

use creditdesk_app::error::{AppError, ErrorCode};
use creditdesk_app::{
    CompanyDetails, CustomerInput, CustomerPageRequest, CustomerSort, DemoRequest, ImportRequest,
    InvoicePageRequest, InvoiceQuery, NewBook, OpenBook, ProfileChoice, SettlementInput,
    SmtpSecurity, SmtpSettings, TestMailRequest,
};
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::text::{has_chinese, Language};
use creditdesk_core::Currency;
use support::{book, date, invoice, payment};

fn code(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

/// The sentence of an error, after checking its code: the code is the same in every language.
fn said(result: Result<impl std::fmt::Debug, AppError>, expected: ErrorCode) -> String {
    let err = result.unwrap_err();
    assert_eq!(err.code, expected, "{}", err.message);
    assert!(
        has_chinese(&err.message),
        "left in English: {}",
        err.message
    );
    err.message
}

fn refused(result: Result<impl std::fmt::Debug, AppError>) -> String {
    said(result, ErrorCode::InvalidInput)
}

#[test]
fn books_and_files_are_refused_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.creditdesk");
    let unnamed = NewBook {
        name: " ".into(),
        currency: code("EUR"),
    };
    assert_eq!(
        refused(creditdesk_app::create_book(&path, &unnamed).map(|_| ())),
        "公司名称为空；请填写该账簿所记录应收账款的公司名称。"
    );
    book(dir.path());
    let again = NewBook {
        name: "Other".into(),
        currency: code("EUR"),
    };
    assert_eq!(
        said(
            creditdesk_app::create_book(&path, &again).map(|_| ()),
            ErrorCode::BookExists
        ),
        format!(
            "{} 已存在；请为新账簿另选一个文件名，或打开现有账簿。",
            path.display()
        )
    );

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not a database").unwrap();
    assert_eq!(
        said(OpenBook::open(&notes).map(|_| ()), ErrorCode::NotABook),
        format!(
            "{} 不是 CreditDesk 账簿。请打开由 CreditDesk 创建的文件，或新建账簿。",
            notes.display()
        )
    );

    let nothing = DemoRequest {
        seed: 1,
        customers: 0,
        invoices: 10,
        end: date("2024-12-31"),
        months: 12,
    };
    assert_eq!(
        refused(creditdesk_app::create_demo_book(
            &dir.path().join("demo.creditdesk"),
            &nothing
        )),
        "演示账簿至少需要一个客户、一张发票和一个月的历史数据；当前为 0 个客户、10 张发票和 12 个月。"
    );
    let small = DemoRequest {
        customers: 1,
        invoices: 1,
        months: 1,
        ..nothing
    };
    assert_eq!(
        said(
            creditdesk_app::write_demo_csv(&notes, &small),
            ErrorCode::Conflict
        ),
        format!(
            "{} 已存在；请为生成的账目文件另选一个文件名。",
            notes.display()
        )
    );
    let nowhere = dir.path().join("no-such-folder").join("ledger.csv");
    assert_eq!(
        said(
            creditdesk_app::write_demo_csv(&nowhere, &small),
            ErrorCode::Io
        ),
        format!(
            "无法写入 {}：No such file or directory (os error 2)。请检查路径及其权限。",
            nowhere.display()
        )
    );

    assert_eq!(
        said(Err::<(), _>(AppError::no_book()), ErrorCode::NoBook),
        "没有打开的账簿；请打开或新建一个账簿后重试。"
    );
}

fn import(file: &Path, profile: ProfileChoice) -> ImportRequest {
    ImportRequest {
        file: file.to_path_buf(),
        profile,
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: false,
    }
}

/// A change to a built-in profile's definition.
type Edit = fn(&mut creditdesk_app::ProfileDefinition);

fn generic() -> ProfileChoice {
    ProfileChoice::Builtin("generic".into())
}

#[test]
fn imports_and_profiles_are_refused_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());

    let missing = dir.path().join("missing.csv");
    assert_eq!(
        said(
            book.import_file(&import(&missing, generic()), &mut |_| true),
            ErrorCode::Io
        ),
        format!(
            "无法打开 {}：No such file or directory (os error 2)。请检查路径及其权限。",
            missing.display()
        )
    );
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    assert_eq!(
        said(
            creditdesk_app::peek_import_file(&folder, &generic()),
            ErrorCode::Io
        ),
        format!(
            "无法读取 {}：Is a directory (os error 21)。请检查路径及其权限。",
            folder.display()
        )
    );
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"number,date,amount\nM\xfcller,x,y\n").unwrap();
    let message = refused(creditdesk_app::peek_import_file(&latin1, &generic()));
    assert!(
        message.starts_with(&format!("无法显示 {} 的前几行：", latin1.display())),
        "{message}"
    );

    let names = creditdesk_import::builtin_names().join(", ");
    assert_eq!(
        refused(creditdesk_app::profile_definition("sage")),
        format!("没有名为“sage”的导入格式配置；请从以下配置中选择：{names}。")
    );
    let broken = dir.path().join("profile.json");
    std::fs::write(&broken, "{").unwrap();
    let message = refused(book.import_file(
        &import(&missing, ProfileChoice::File(broken.clone())),
        &mut |_| true,
    ));
    assert!(
        message.starts_with(&format!("{} 不是有效的导入格式配置：", broken.display()))
            && message.ends_with("。请以保存为 JSON 的内置配置为基础进行修改。"),
        "{message}"
    );

    let edited = |edit: Edit| {
        let mut definition = creditdesk_app::profile_definition("generic-de").unwrap();
        edit(&mut definition);
        refused(definition.to_profile())
    };
    let table: [(&str, Edit); 5] = [
        (
            "其分隔符“§”不是单个 ASCII 字符；请使用逗号、分号、制表符或其他 ASCII 符号",
            |d| d.delimiter = "§".into(),
        ),
        (
            "其小数点“,,”不是单个字符；请使用“.”或“,”",
            |d| d.decimal_mark = ",,".into(),
        ),
        (
            "其千位分隔符“..”不是单个字符；请使用单个字符，金额不分组时请留空",
            |d| d.grouping_mark = Some("..".into()),
        ),
        (
            "其列映射把列“rechnung”同时分配给了“customer_ref”和“number”；请为每个字段分配各自的列",
            |d| {
                d.columns.insert("customer_ref".into(), "Rechnung".into());
                d.columns.insert("number".into(), "rechnung".into());
            },
        ),
        (
            "其列映射为字段“date”指定了空的列名；请为其选择文件中的一列，或从映射中去掉该字段",
            |d| {
                d.columns.insert("date".into(), " ".into());
            },
        ),
    ];
    for (reason, edit) in table {
        assert_eq!(
            edited(edit),
            format!("格式配置“generic-de”无法使用：{reason}。")
        );
    }
    let mut xero = creditdesk_app::profile_definition("xero").unwrap();
    xero.columns.insert("Number".into(), "No".into());
    assert!(refused(xero.to_profile()).starts_with(
        "格式配置“xero”无法使用：其列映射指定了字段“Number”，但 xero 布局没有该字段；请使用以下\
         字段之一："
    ));
    let mut unnamed = creditdesk_app::profile_definition("generic").unwrap();
    unnamed.name = " ".into();
    assert_eq!(
        refused(unnamed.to_profile()),
        "编辑后的导入格式配置没有名称；请为其命名，例如沿用其所基于的内置配置的名称。"
    );
}

/// The reading side of an import runs on a thread of its own, and writes its row problems in
/// the language of the thread that asked for the import.
#[test]
fn the_rows_of_an_import_are_judged_in_the_callers_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        "customer_ref,number,date,due_date,amount\nHARBOUR,000123,2024-01-05,2024-02-04,80.00\n",
    )
    .unwrap();
    book.import_file(&import(&first, generic()), &mut |_| true)
        .unwrap();

    let second = dir.path().join("second.csv");
    std::fs::write(
        &second,
        "customer_ref,number,date,due_date,terms,amount\n\
         HARBOUR,123,2024-01-05,2024-02-04,,80.00\n\
         HARBOUR,124,2024-01-06,,net 4000,10.00\n",
    )
    .unwrap();
    let report = Language::SimplifiedChinese
        .during(|| book.import_file(&import(&second, generic()), &mut |_| true))
        .unwrap();

    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(
        report.warnings[0].message,
        "被视为 000123：账簿中已有该单据，客户、日期和金额均相同（前导零已丢失）；未写入任何数据。"
    );
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(
        report.problems[0].message,
        "付款条件“net 4000”中的天数 4000 不可接受；请填写 0 到 3650 天。",
        "written on the reading thread, in the language of the caller"
    );
}

#[test]
fn entering_and_settling_by_hand_is_answered_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());

    let decimal = |text: &str| text.parse().unwrap();
    let refusals = [
        (
            payment(" ", Some("10.00")),
            "单号为空；请填写收款、贷项通知单或坏账核销本身的单号，例如银行流水行。",
        ),
        (
            payment("P-1", None),
            "未填写金额；请填写金额，或填写实付金额及汇率。",
        ),
        (
            payment("P-1", Some("10.005")),
            "金额 10.005 EUR 的小数位数超过了 EUR 允许的 2 位；请按 EUR 的最小货币单位舍入。",
        ),
        (
            payment("P-1", Some("0.00")),
            "金额 0.00 EUR 不可接受；请填写大于零的金额，退款则填写小于零的金额。",
        ),
        (
            SettlementInput {
                kind: SettlementKind::WriteOff,
                ..payment("W-1", Some("-5.00"))
            },
            "金额 -5.00 EUR 不可接受；请填写大于零的金额。退还给客户的款项属于退款：请登记为金额\
             小于零的收款。",
        ),
        (
            SettlementInput {
                kind: SettlementKind::Discount,
                ..payment("D-1", Some("1.00"))
            },
            "折扣随享受折扣的收款一并入账；请登记该笔收款。",
        ),
        (
            SettlementInput {
                paid: Some((decimal("100.00"), code("USD"), decimal("0"))),
                ..payment("P-2", None)
            },
            "汇率 0 不可接受；请填写大于零的汇率，即每单位 USD 折合多少 EUR。",
        ),
        (
            SettlementInput {
                paid: Some((decimal("100.00"), code("EUR"), decimal("1"))),
                ..payment("P-2", None)
            },
            "实付金额以 EUR 计价，与发票币种相同；请直接填写为金额，无需汇率。",
        ),
        (
            SettlementInput {
                paid: Some((decimal("1.005"), code("USD"), decimal("0.9"))),
                ..payment("P-2", None)
            },
            "实付金额 1.005 USD 的小数位数超过了 USD 允许的 2 位；请按 USD 的最小货币单位舍入。",
        ),
        (
            SettlementInput {
                paid: Some((decimal("100.00"), code("USD"), decimal("0.91"))),
                ..payment("P-2", Some("90.00"))
            },
            "金额 90.00 EUR 与实付金额 100.00 USD 按汇率 0.91 换算的结果 91.00 EUR 不符；请只填写\
             实付金额和汇率，或更正其中一项。",
        ),
    ];
    for (input, expected) in refusals {
        assert_eq!(refused(book.record_settlement(&input)), expected);
    }
    assert_eq!(
        said(
            book.record_settlement(&payment("P-3", Some("10.00"))),
            ErrorCode::Conflict
        ),
        "收款 P-3 指定的客户 HARBOUR 不在账簿中；请先导入或添加该客户。"
    );

    let customer = CustomerInput {
        reference: " ".into(),
        name: "Harbour & Finch LLP".into(),
        country: None,
        email: None,
        channel: None,
    };
    assert_eq!(
        refused(book.save_customer(&customer)),
        "客户编号为空；请填写该客户在您的会计系统中的编码，或一个简称。"
    );
    let customer = CustomerInput {
        reference: "HARBOUR".into(),
        ..customer
    };
    assert_eq!(
        book.save_customer(&customer).unwrap(),
        "已添加客户 HARBOUR。"
    );
    assert_eq!(
        book.save_customer(&customer).unwrap(),
        "客户 HARBOUR 已在账簿中，内容与填写的一致。"
    );
    let moved = CustomerInput {
        name: "Harbour & Finch".into(),
        country: Some("GB".into()),
        ..customer
    };
    assert_eq!(
        book.save_customer(&moved).unwrap(),
        "已更新客户 HARBOUR：名称、国家/地区。"
    );

    let refusals = [
        (
            invoice(" ", "10.00", None),
            "发票号为空；请填写发票上印的编号。",
        ),
        (
            invoice("INV-1", "0", None),
            "金额 0.00 EUR 不可接受；发票金额必须大于零（应付给客户的款项请登记贷项通知单）。",
        ),
        (
            invoice("INV-1", "10.00", Some("net thirty")),
            "“net thirty”不是有效的付款条件。请使用以下格式之一：net 30、eom +1 month、30 days eom、\
             eom 30 days、30 days eom day 10 或 fixed 10-30；前面可以加上定金条款（例如“deposit \
             30% 0 days,”）和提前付款折扣（例如“2/10”），后面可以加上分期条款（例如“in 3 parts \
             every 1 month”）。",
        ),
    ];
    for (input, expected) in refusals {
        assert_eq!(refused(book.post_invoice(&input)), expected);
    }
    let good = invoice("INV-1", "1000.00", None);
    assert_eq!(
        book.post_invoice(&good).unwrap(),
        "发票 INV-1 已入账，金额 1000.00 EUR，到期日 2024-04-30。"
    );
    assert_eq!(
        book.post_invoice(&good).unwrap(),
        "账簿中已有内容相同的发票 INV-1；未写入任何数据。"
    );

    let against = SettlementInput {
        invoice: Some("INV-1".into()),
        ..payment("P-1", Some("100.00"))
    };
    assert_eq!(
        book.record_settlement(&against).unwrap(),
        "已登记收款 P-1（金额 100.00 EUR），冲抵发票 INV-1。"
    );
    assert_eq!(
        book.record_settlement(&against).unwrap(),
        "账簿中已有内容相同的收款 P-1；未写入任何数据。"
    );
    // INV-7 of 100.00: a payment of 150.00 settles it and leaves 50.00 unapplied.
    book.post_invoice(&invoice("INV-7", "100.00", None))
        .unwrap();
    let over = SettlementInput {
        invoice: Some("INV-7".into()),
        ..payment("P-9", Some("150.00"))
    };
    assert_eq!(
        book.record_settlement(&over).unwrap(),
        "已登记收款 P-9（金额 150.00 EUR）：其中 100.00 EUR 冲抵发票 INV-7，其余 50.00 EUR 在分配\
         之前保持未核销状态。"
    );
    let credit = SettlementInput {
        kind: SettlementKind::CreditNote,
        ..payment("CN-1", Some("5.00"))
    };
    assert_eq!(
        book.record_settlement(&credit).unwrap(),
        "已登记贷项通知单 CN-1（金额 5.00 EUR）；在分配之前，该款项保持未核销状态。"
    );
    let too_much = SettlementInput {
        kind: SettlementKind::WriteOff,
        invoice: Some("INV-1".into()),
        ..payment("W-1", Some("2000.00"))
    };
    assert_eq!(
        said(book.record_settlement(&too_much), ErrorCode::Conflict),
        "坏账核销 W-1 的金额 2000.00 EUR 超过了发票 INV-1 的未结金额 900.00 EUR；核销金额不能超过\
         未结金额。"
    );

    // A number entered again with other figures is refused in words for a person.
    assert_eq!(
        said(
            book.post_invoice(&invoice("INV-1", "1200.00", None)),
            ErrorCode::Conflict
        ),
        "发票 INV-1 已在账簿中，但发票金额不同：账簿中为 1000.00 EUR，您填写的是 1200.00 EUR。已入账\
         的发票不会被修改；请以其他编号登记这张发票，或就差额登记一张贷项通知单。"
    );
    let changed = SettlementInput {
        invoice: Some("INV-1".into()),
        ..payment("P-1", Some("120.00"))
    };
    assert_eq!(
        said(book.record_settlement(&changed), ErrorCode::Conflict),
        "收款 P-1 已在账簿中，但金额不同：账簿中为 100.00 EUR，您填写的是 120.00 EUR。已登记的\
         核销单据不会被修改；请以其他单号登记这一笔。"
    );
    assert_eq!(
        said(
            book.post_invoice(&invoice("0INV-7", "300.00", None)),
            ErrorCode::Conflict
        ),
        "发票 0INV-7 与账簿中的 INV-7 仅相差前导零，但发票金额不同：账簿中为 100.00 EUR，您填写的是 \
         300.00 EUR。账簿不能同时保存两者，因为电子表格删去前导零后会把它们当成同一个编号；请使用\
         其他编号。"
    );
}

#[test]
fn lists_and_reports_are_refused_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let customers = CustomerPageRequest {
        as_of: date("2024-04-15"),
        search: None,
        sort: CustomerSort::Name,
        descending: false,
        offset: 0,
        limit: 501,
    };
    assert_eq!(
        refused(book.customers_page(&customers)),
        "每页 501 个客户不在允许的范围内；每页数量须在 1 到 500 之间。"
    );
    let invoices = InvoicePageRequest {
        as_of: date("2024-04-15"),
        overdue_only: false,
        disputed_only: false,
        customer: None,
        currency: None,
        offset: 0,
        limit: 0,
    };
    assert_eq!(
        refused(book.invoices_page(&invoices)),
        "每页 0 张发票不在允许的范围内；每页数量须在 1 到 500 之间。"
    );
    let query = InvoiceQuery {
        as_of: date("2024-03-31"),
        overdue_only: false,
        customer: None,
        currency: None,
        disputed_only: false,
        limit: 0,
        offset: 0,
    };
    assert_eq!(
        refused(book.invoices(&query)),
        "每页 0 张发票不在允许的范围内；每页数量须在 1 到 10000 之间。"
    );
    assert_eq!(
        said(book.invoice("INV-404"), ErrorCode::NotFound),
        "账簿中没有编号为 INV-404 的发票；请核对发票号。"
    );
    assert_eq!(
        refused(book.measures(date("2024-03-31"), 0)),
        "统计期间 0 天不可接受；请填写 1 到 3660 天（通常为 90 天）。"
    );
    assert_eq!(
        said(
            book.customer_detail("NOBODY", date("2024-03-31")),
            ErrorCode::NotFound
        ),
        "账簿中没有编号为 NOBODY 的客户；请核对客户编号。"
    );
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn details() -> CompanyDetails {
    CompanyDetails {
        legal_name: "Acme Trading Ltd".into(),
        address_lines: vec!["1 Quay Street".into()],
        country: None,
        email: None,
        phone: None,
        tax_id: None,
        bank_name: None,
        iban: None,
        account_number: None,
        bic: None,
        letter_language: Language::English,
        logo: None,
    }
}

fn smtp() -> SmtpSettings {
    SmtpSettings {
        host: "smtp.acme.example".into(),
        port: 587,
        security: SmtpSecurity::Starttls,
        username: Some("accounts@acme.example".into()),
        from_address: "accounts@acme.example".into(),
        from_name: None,
        password_saved: false,
    }
}

#[test]
fn settings_are_refused_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let mut company = |change: &dyn Fn(&mut CompanyDetails)| {
        let mut details = details();
        change(&mut details);
        refused(book.save_company_settings(&details))
    };
    assert_eq!(
        company(&|d| d.legal_name = " ".into()),
        "法定名称为空；请按发票上的写法填写公司名称。"
    );
    assert_eq!(
        company(&|d| d.email = Some("accounts.acme.example".into())),
        "公司电子邮件地址“accounts.acme.example”不是有效的电子邮件地址；请按 name@example.com 的\
         格式填写，或留空。"
    );
    assert_eq!(
        company(&|d| d.iban = Some("GB82 WEST".into())),
        "“GB82 WEST”不是有效的 IBAN：IBAN 由两个字母的国家代码、两位校验码和最多 30 个字母或数字\
         组成，例如 DE89 3704 0044 0532 0130 00。请更正，或留空并改为填写银行账号。"
    );
    assert_eq!(
        company(&|d| d.iban = Some("GB82 WEST 1234 5698 7654 33".into())),
        "IBAN“GB82 WEST 1234 5698 7654 33”的校验码不正确，其中可能有字母或数字输入有误；请与银行\
         对账单核对。"
    );
    assert_eq!(
        company(&|d| d.bic = Some("WEST-GB".into())),
        "“WEST-GB”不是有效的 BIC（SWIFT 代码）：BIC 由 8 位或 11 位字母和数字组成，例如 DEUTDEFF \
         或 DEUTDEFF500。请更正，或留空。"
    );
    assert_eq!(
        company(&|d| d.logo = Some("data:image/gif;base64,R0lGODlhAQABAAAAACw=".into())),
        "信头标志不是 PNG 或 JPEG 图片；请选择 PNG 或 JPEG 文件。"
    );
    assert_eq!(
        company(&|d| d.logo = Some("data:image/png;base64,not base64!".into())),
        "无法读取信头标志：图片数据已损坏。请重新选择文件。"
    );
    let mut large = PNG.to_vec();
    large.resize(2 * 1024 * 1024 + 1, 0);
    assert_eq!(
        refused(creditdesk_app::logo_data_url(&large)),
        "信头标志大小为 2.1 MB，超过了 2 MB 的上限。请选择较小的图片，或以较低的分辨率重新保存。"
    );
    assert_eq!(
        refused(creditdesk_app::parse_language("fr")),
        "不支持语言“fr”；请选择 en（英语）或 zh-CN（简体中文）。"
    );

    let mut mail = |change: &dyn Fn(&mut SmtpSettings)| {
        let mut settings = smtp();
        change(&mut settings);
        refused(book.save_smtp_settings(&settings))
    };
    assert_eq!(
        mail(&|s| s.host = " ".into()),
        "邮件服务器为空；请填写邮件服务商提供的发信服务器（SMTP）主机名，例如 smtp.example.com。"
    );
    assert_eq!(
        mail(&|s| s.host = "smtp acme example".into()),
        "邮件服务器“smtp acme example”不是有效的主机名；请填写不含空格的名称，例如 \
         smtp.example.com。"
    );
    assert_eq!(
        mail(&|s| s.port = 0),
        "端口 0 不可接受；请填写 1 到 65535 之间的端口（STARTTLS 通常用 587，TLS 通常用 465）。"
    );
    assert_eq!(
        mail(&|s| s.from_address = "accounts".into()),
        "发件地址“accounts”不是有效的电子邮件地址；请按 name@example.com 的格式填写。"
    );

    let request = TestMailRequest {
        to: "controller@harbour.example".into(),
        language: None,
    };
    assert_eq!(
        refused(book.send_test_mail(None, &request)),
        "尚未设置邮件账户；请填写并保存邮件设置，然后再发送测试邮件。"
    );
    book.save_smtp_settings(&smtp()).unwrap();
    assert_eq!(
        refused(book.send_test_mail(None, &request)),
        "该账户以 accounts@acme.example 登录，但未提供密码；请在邮件设置中保存密码后重试。"
    );
    let wrong = TestMailRequest {
        to: "controller".into(),
        language: None,
    };
    assert_eq!(
        refused(book.send_test_mail(Some("s3cret"), &wrong)),
        "收件地址“controller”不是有效的电子邮件地址；请按 name@example.com 的格式填写。"
    );
}

#[test]
fn a_thread_that_never_chose_a_language_is_answered_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let chinese = Language::SimplifiedChinese.during(|| book.invoice("INV-404").unwrap_err());
    let english = book.invoice("INV-404").unwrap_err();
    assert_eq!(
        chinese.code, english.code,
        "the code is the same in every language"
    );
    assert_eq!(
        english.message,
        "No invoice numbered INV-404 is in the book; check the number."
    );
}

#[test]
fn a_rates_file_with_bad_rows_is_refused_in_chinese() {
    let _speaking = Language::SimplifiedChinese.speak();
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let file = dir.path().join("rates.csv");
    std::fs::write(&file, "date,from,to,rate\n2026-11-30,USD,EUR,0\n").unwrap();
    assert_eq!(
        said(book.import_exchange_rates(&file), ErrorCode::ImportRejected),
        "文件中有 1 行有误；未记录任何汇率。请更正后重新导入。\n\
         第 2 行，“rate”列：“0”不是汇率；请填写大于零、以小数点分隔的数字，例如 0.9412。"
    );
    assert!(book.exchange_rates(date("2026-12-31")).unwrap().is_empty());
}
