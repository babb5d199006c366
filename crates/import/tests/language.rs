//! Every sentence an import says to a person, in Simplified Chinese when the reading thread
//! speaks it: the row problems and warnings of every kind, the faults of a whole file and the
//! refused profiles, word for word, with the file's own values (lines, columns, cells) as the
//! file writes them; and a file full of bad rows, read to the end, with nothing left in English.

mod common;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{options, try_import};
use creditdesk_core::text::{has_chinese, Language};
use creditdesk_import::{builtin, open, peek, FileError, Profile, RowOutcome};
use encoding_rs::GB18030;

/// A file written for one test in the system's temporary folder, removed when dropped.
struct TempFile(PathBuf);

/// Numbers the files of this process: tests run at the same time, several with one profile.
static FILES_WRITTEN: AtomicUsize = AtomicUsize::new(0);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let number = FILES_WRITTEN.fetch_add(1, Ordering::Relaxed);
        let unique = format!(
            "creditdesk-import-language-{}-{number}-{name}",
            std::process::id()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }

    fn open(&self) -> BufReader<File> {
        BufReader::new(File::open(&self.0).unwrap())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The problems and the warnings of `text` read with the builtin profile `profile`, as the user
/// reads them, in Chinese.
fn said_in_chinese(
    profile: &str,
    text: &str,
    options: &creditdesk_import::ImportOptions,
) -> (Vec<String>, Vec<String>) {
    let file = TempFile::new(&format!("{profile}.csv"), text.as_bytes());
    Language::SimplifiedChinese.during(|| {
        let profile = builtin(profile).unwrap();
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        for outcome in open(&profile, file.open(), options).unwrap() {
            match outcome.unwrap() {
                RowOutcome::Problem(problem) => problems.push(problem.to_string()),
                RowOutcome::Warning(warning) => warnings.push(warning.to_string()),
                RowOutcome::Records { .. } => {}
            }
        }
        (problems, warnings)
    })
}

/// The sentence of a file that cannot be imported, in Chinese.
fn refused_in_chinese(profile: &Profile, bytes: &[u8]) -> String {
    Language::SimplifiedChinese.during(|| {
        let outcomes = open(profile, bytes, &options("EUR"));
        match outcomes.and_then(|reader| reader.collect::<Result<Vec<_>, _>>()) {
            Ok(outcomes) => panic!("the file was read: {outcomes:?}"),
            Err(err) => err.to_string(),
        }
    })
}

#[test]
fn bad_cells_of_an_invoice_file_are_explained_in_chinese() {
    let file = "number,date,due_date,terms,amount,currency,disputed,customer_ref\n\
                A-1,,,,10.00,,,C1\n\
                A-2,15.03.2024,,,10.00,,,C1\n\
                A-3,2024-02-30,,,10.00,,,C1\n\
                A-4,2024-03-15,,,\"1,000.50\",,,C1\n\
                A-5,2024-03-15,,,€10.00,USD,,C1\n\
                A-6,2024-03-15,,,10.005,EUR,,C1\n\
                A-7,2024-03-15,,,10.00,EURO,,C1\n\
                A-8,2024-03-15,,,10.00,,maybe,C1\n\
                A-9,2024-03-15,,,10.00,,,C1,extra\n\
                A-10,2024-03-15,,,,,,C1\n\
                ,2024-03-15,,,10.00,,,C1\n\
                A-11,2024-03-15,,,99999999999999999999999999999,,,C1\n\
                A-12,2024-03-15,,,20000000000000.00,,,C1\n\
                A-13,2024-03-15,,,10.00,CHF,,C1\n\
                A-14,2024-03-15,,,$10.00,CHF,,C1\n\
                A-15,2024-03-15,,net thirty,10.00,,,C1\n\
                A-16,2024-03-15,,net 4000,10.00,,,C1\n\
                A-17,2024-03-15,10.00\n";
    let (problems, warnings) = said_in_chinese("generic", file, &options("EUR"));

    assert_eq!(
        problems,
        [
            "第 2 行，“date”列：单元格为空，但此处必须填写日期；请填写，或删除该行。",
            "第 3 行，“date”列：“15.03.2024”不是本格式配置所用日期格式 YYYY-MM-DD 的日期（例如 \
             2024-03-15）；请按该格式填写日期，或选择日期格式与文件相符的格式配置。",
            "第 4 行，“date”列：“2024-02-30”不是本格式配置所用日期格式 YYYY-MM-DD（例如 \
             2024-03-15）下的有效日历日期：该日期不存在；请更正日期，或选择日期格式与文件相符的\
             格式配置。",
            "第 5 行，“amount”列：“1,000.50”不是本格式配置所用数字格式（小数点“.”，无千位\
             分隔符）的金额：请写成 1234.56 或 -1234.56 的形式，可以带货币符号（$、€、£、¥），\
             负数也可以写在括号内；或选择数字格式与文件相符的格式配置。",
            "第 6 行，“amount”列：“€10.00”带有符号 €，但该金额以 USD 计价，USD 的符号是 $；\
             请改用 $ 或去掉符号，或设置该金额实际所用的币种。",
            "第 7 行，“amount”列：“10.005”小数位数超过了 EUR 允许的 2 位；请更正金额或币种。",
            "第 8 行，“currency”列：“EURO”不是货币代码；请使用三个字母的 ISO 4217 货币代码，\
             例如 EUR、USD 或 CNY；或将单元格留空，使用本次导入的默认币种 EUR。",
            "第 9 行，“disputed”列：“maybe”不是“是/否”值；请填写 yes、no、true、false、1 或 0，\
             留空表示否。",
            "第 10 行：该行有 9 个单元格，但第 1 行的表头有 8 个；可能有单元格含有分隔符却未加\
             引号，请更正该行。",
            "第 11 行，“amount”列：单元格为空，但此处必须填写金额；请填写，或删除该行。",
            "第 12 行，“number”列：单元格为空，但此处必须填写发票号；请填写，或删除该行。",
            "第 13 行，“amount”列：“99999999999999999999999999999”数值过大，不能作为金额；\
             请更正。",
            "第 14 行，“amount”列：20000000000000.00 EUR 超出了账簿可记录的范围；单笔金额最多\
             为 10^15 个 EUR 最小货币单位。请更正金额。",
            "第 16 行，“amount”列：“$10.00”带有符号 $，但该金额以 CHF 计价，CHF 不使用 $、€、\
             £、¥ 中的任何符号；请去掉符号，或设置该金额实际所用的币种。",
            "第 17 行，“terms”列：“net thirty”不是有效的付款条件：请使用 net 30、2/10 net 30、\
             eom +1 month、30 days eom 或 fixed 10-30 等格式，或改为填写到期日。",
            "第 18 行，“terms”列：付款条件“net 4000”中的天数 4000 不可接受；请填写 0 到 3650 天。",
            "第 19 行：该行有 3 个单元格，但第 1 行的表头有 8 个；缺少单元格（空单元格也需要保留\
             分隔符），请更正该行。",
        ]
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn duplicates_conflicts_and_odd_dates_are_reported_in_chinese() {
    let file = "number,date,due_date,amount,customer_ref\n\
                A-1,2024-03-15,,10.00,C1\n\
                A-1,2024-03-15,,10.00,C1\n\
                A-1,2024-03-16,,10.00,C1\n\
                A-2,2024-03-15,2024-03-01,10.00,C1\n";
    let (problems, warnings) = said_in_chinese("generic", file, &options("EUR"));

    assert_eq!(
        problems,
        [
            "第 4 行，“number”列：“A-1”已被第 2 行的发票使用，两者的单元格内容不同；此发票未导入。\
          请确保各发票的编号互不相同，或删除过时的行。"
        ]
    );
    assert_eq!(
        warnings,
        [
            "第 3 行：与第 2 行完全相同（每个单元格都一样），已作为重复行跳过。",
            "第 5 行，“due_date”列：“2024-03-01”早于开票日期 2024-03-15；发票已按此到期日原样\
             导入，因此自该日起即为逾期。",
        ]
    );
}

#[test]
fn the_rows_of_one_invoice_are_held_together_in_chinese() {
    let file = "Client,Email,Invoice Number,Amount,Status,Invoice Date,Due Date,Partial/Deposit,\
                Item Cost\n\
                Acme,a@acme.test,7,$1200.00,Sent,2020-01-10,2020-02-09,,700\n\
                Acme,a@acme.test,7,$1200.00,Sent,2020-01-10,2020-02-09,,500\n\
                Acme,a@acme.test,8,$50.00,Draft,2020-01-11,2020-02-10,,50\n\
                Acme,a@acme.test,7,$1200.00,Sent,2020-01-10,2020-02-09,,700\n\
                Acme,a@acme.test,7,$1200.00,Sent,2020-01-10,2020-02-09,,500\n\
                Acme,a@acme.test,9,$80.00,Sent,2020-01-12,2020-02-11,,80\n\
                Acme,a@acme.test,9,$85.00,Sent,2020-01-12,2020-02-11,,5\n\
                Acme,a@acme.test,10,$10.00,Sent,2020-01-12,2020-02-11,,5,00\n\
                Acme,a@acme.test,10,$10.00,Sent,2020-01-12,2020-02-11,,5\n\
                Acme,a@acme.test,11,$300.00,Sent,2020-01-10,2020-02-09,$400.00,300\n";
    let (problems, warnings) = said_in_chinese("invoiceninja-v4", file, &options("USD"));

    assert_eq!(
        problems,
        [
            "第 8 行，“Amount”列：“$85.00”与同一发票第一行（第 7 行）的“$80.00”不同；同一发票的\
             每一行都必须重复相同的“Amount”。",
            "第 9 行：该行有 10 个单元格，但第 1 行的表头有 9 个；可能有单元格含有分隔符却未加\
             引号，请更正该行。同一发票的其他行也未导入。",
            "第 11 行，“Partial/Deposit”列：“$400.00”不是该发票可以收取的定金：定金是发票 \
             Amount 300.00 的一部分，须大于零且不超过全额；请更正导出文件。",
        ]
    );
    assert_eq!(
        warnings,
        [
            "第 4 行，“Status”列：“Draft”是不予导入的发票状态（草稿、作废或已删除的发票不构成\
             欠款）；已跳过发票 8。",
            "第 5 行：从本行起的 2 行与从第 2 行起的各行完全相同（每个单元格都一样），已作为\
             重复行跳过。",
        ]
    );
}

#[test]
fn zoho_write_offs_are_judged_in_chinese() {
    let file = "Invoice Date,Invoice Number,Invoice Status,Customer Name,Total,Balance,\
                WriteOff Date,WriteOff Amount\n\
                2021-01-28,INV-1,Closed,Highlander,100.00,50.00,2021-03-01,50.01\n\
                2021-01-28,INV-3,Closed,Highlander,100.00,50.00,,50.00\n";
    let (problems, warnings) = said_in_chinese("zoho-invoice", file, &options("USD"));
    assert_eq!(
        problems,
        [
            "第 2 行，“WriteOff Amount”列：“50.01”不在该发票已不再欠付的金额（Total - Balance = \
             50.00）之内；核销金额须大于零且不超过该金额，请更正导出文件。",
            "第 3 行，“WriteOff Date”列：单元格为空，但该发票已核销 50.00 USD；请在导入选项中\
             填写导出日期，以便为这笔核销确定日期，然后重新导入。",
        ]
    );
    assert!(warnings.is_empty());
}

#[test]
fn a_quickbooks_tax_code_is_explained_in_chinese() {
    let file = "*Invoice number,*Customer,*Invoice date,*Due date,Item tax code,*Item Amount\n\
                2001,Blue Hill Farm,01/15/2024,02/14/2024,TAX,50.00\n";
    let (problems, warnings) = said_in_chinese("quickbooks-online", file, &options("USD"));
    assert!(problems.is_empty());
    assert_eq!(
        warnings,
        ["第 2 行，“Item tax code”列：“TAX”是税码，但此清单不含税额：发票 2001 已按各项金额之和 \
          50.00 导入，未含税。"]
    );
}

#[test]
fn rows_of_the_generic_layout_are_judged_in_chinese() {
    let file = "record,customer_ref,customer_name,number,date,amount,channel\n\
                receipt,C1,,R-1,2024-03-15,10.00,\n\
                payment,C1,,P-1,2024-03-15,0.00,\n\
                credit_note,C1,,CN-1,2024-03-15,-5.00,\n\
                write_off,C1,,W-1,2024-03-15,0,\n\
                customer,C2,Acme,,,,fax\n\
                invoice,,,I-1,2024-03-15,10.00,\n\
                payment,C1,,,2024-03-15,10.00,\n\
                customer,C3,Birch,,,,\n\
                customer,C3,Birch Ltd,,,,\n";
    let (problems, warnings) = said_in_chinese("generic", file, &options("EUR"));

    assert_eq!(
        problems,
        [
            "第 2 行，“record”列：“receipt”不是记录类型；请填写 invoice、payment、credit_note、\
             write_off 或 customer。",
            "第 3 行，“amount”列：“0.00”为零，但收款记录的金额必须大于零（退款时小于零）；请填写\
             实际核销的金额，或删除该行。",
            "第 4 行，“amount”列：“-5.00”为负数，但贷项通知单记录的金额必须大于零，因为它会减少\
             客户的欠款；请去掉金额前的负号；如果该行会增加欠款，请将其改为发票记录。",
            "第 5 行，“amount”列：“0”为零，但坏账核销记录的金额必须大于零；请填写实际核销的金额，\
             或删除该行。",
            "第 6 行，“channel”列：“fax”不是联系方式；请填写 paper（纸质信函）或 email（电子\
             邮件），或将单元格留空。",
            "第 7 行：该行未指定客户；请填写 customer_ref 或 customer_name，或在导入选项中指定\
             整个文件的客户。",
            "第 8 行，“number”列：单元格为空，但此处必须填写单号；请填写，或删除该行。",
            "第 10 行，“customer_ref”列：“C3”已被第 9 行的客户使用，两者的单元格内容不同；此客户\
             未导入。请确保各客户的编号互不相同，或删除过时的行。",
        ]
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn vendor_exports_are_explained_in_chinese() {
    let ibm = "countryCode,customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,\
               SettledDate,PaperlessBill\n\
               391,,0000611365,1/2/2013,2/1/2013,55.94,No,,Fax\n";
    assert_eq!(
        said_in_chinese("ibm-late-payment", ibm, &options("USD")).0,
        [
            "第 2 行，“customerID”列：单元格为空，但此处必须填写客户编号；请填写，或删除该行。",
            "第 2 行，“PaperlessBill”列：“Fax”不是账单寄送方式；此导出文件中该列的值只能是 \
             Electronic 或 Paper。",
        ]
    );

    let xero = "ContactName,InvoiceNumber,InvoiceDate,Total,InvoiceAmountPaid,Type,Status\n\
                Harbour Cafe,INV-1,19/02/2024,230.00,230.00,Sales invoice,Paid\n\
                NICHECO,016083,1/7/2026,99.00,,Bill,\n\
                Harbour Cafe,INV-2,19/02/2024,10.00,,Sales overpayment,Paid\n\
                Harbour Cafe,INV-3,19/02/2024,10.00,,Sales invoice,Voided\n\
                ,INV-4,19/02/2024,10.00,,Sales invoice,Awaiting Payment\n";
    let (problems, warnings) = said_in_chinese("xero", xero, &options("NZD"));
    assert_eq!(
        problems,
        [
            "第 2 行，“InvoiceAmountPaid”列：“230.00”是已付金额，但导出文件没有给出付款日期；\
             请在导入选项中填写导出日期，以便为这笔付款确定日期，然后重新导入。",
            "第 3 行，“Type”列：“Bill”不是本格式配置读取的单据类型；本配置只读取 Sales invoice \
             和 Sales credit note。",
            "第 6 行，“ContactName”列：单元格为空，但此处必须填写联系人名称；请填写，或删除该行。",
        ]
    );
    assert_eq!(
        warnings,
        [
            "第 4 行，“Type”列：“Sales overpayment”是收款事项，不是单据；此导出文件中的超额收款\
             和预收款不予读取，请将其登记为收款。",
            "第 5 行，“Status”列：“Voided”是不予导入的发票状态（草稿、作废或已删除的发票不构成\
             欠款）；已跳过发票 INV-3。",
        ]
    );

    let zoho = "Invoice Date,Invoice Number,Invoice Status,Customer Name,Total,Balance,\
                Last Payment Date\n\
                2021-01-28,INV-9,Sent,Highlander,100.00,120.00,\n\
                2021-01-28,INV-10,Sent,Highlander,400.00,100.00,\n\
                2021-01-28,INV-11,Sent,,400.00,100.00,\n";
    assert_eq!(
        said_in_chinese("zoho-invoice", zoho, &options("USD")).0,
        [
            "第 2 行，“Balance”列：“120.00”大于发票的 Total 100.00；未结余额不能超过开票金额，\
             请更正导出文件。",
            "第 3 行，“Last Payment Date”列：单元格为空，但该发票已付 300.00 USD；请在导入选项\
             中填写导出日期，以便为这笔付款确定日期，然后重新导入。",
            "第 4 行，“Customer Name”列：单元格为空，但此处必须填写客户名称；请填写，或删除该行。",
        ]
    );

    let contacts = "Display Name,Customer ID,Customer Name,EmailID,Contact Type\n\
                    Paper Supplies,77,Paper Supplies,sales@paper.example,vendor\n\
                    ,78,,,customer\n";
    let (problems, warnings) = said_in_chinese("zoho-contacts", contacts, &options("USD"));
    assert_eq!(
        problems,
        ["第 3 行，“Display Name”列：单元格为空，但此处必须填写名称；请填写，或删除该行。"]
    );
    assert_eq!(
        warnings,
        ["第 2 行，“Contact Type”列：“vendor”不是客户，已跳过该联系人。"]
    );

    let freshbooks = "Client Name,Invoice #,Date Issued,Invoice Status,Date Paid,Line Total,\
                      Currency\n\
                      Acme,0000003,2021-02-02,partial,,40.00,CAD\n\
                      ,0000004,2021-02-02,sent,,40.00,CAD\n";
    let (problems, warnings) = said_in_chinese("freshbooks", freshbooks, &options("USD"));
    assert_eq!(
        problems,
        ["第 3 行，“Client Name”列：单元格为空，但此处必须填写客户名称；请填写，或删除该行。"]
    );
    assert_eq!(
        warnings,
        [
            "第 2 行，“Invoice Status”列：“partial”表示发票 0000003 已部分付款，但导出文件没有给出\
          付款金额；该发票已按未付款导入，请另行导入其付款记录。"
        ]
    );

    let clients = "Organization,First Name,Last Name,Email\n,,,nobody@example.test\n";
    assert_eq!(
        said_in_chinese("freshbooks-clients", clients, &options("USD")).0,
        [
            "第 2 行，“Organization”列：单元格为空，但此处必须填写单位名称或个人姓名；请填写，或\
          删除该行。"
        ]
    );

    let quickbooks = "*Invoice number,*Customer,*Invoice date,*Due date,Terms,*Item Amount\n\
                      1001,,1/5/2024,,,10.00\n";
    assert_eq!(
        said_in_chinese("quickbooks-online", quickbooks, &options("USD")).0,
        ["第 2 行，“*Customer”列：单元格为空，但此处必须填写客户；请填写，或删除该行。"]
    );

    let payments = "Client,Invoice Number,Amount,Date\n\
                    ,17,$250.00,3/1/2020\n\
                    Acme,17,$10.00,3/1/2020\n";
    assert_eq!(
        said_in_chinese("invoiceninja-v4-payments", payments, &options("USD")).0,
        ["第 2 行，“Client”列：单元格为空，但此处必须填写客户；请填写，或删除该行。"]
    );

    let ninja_clients = "Name,Balance,Paid to Date,Email\n\
                         Acme,$0.00,$0.00,a@acme.test\n\
                         Acme,$5.00,$0.00,a@acme.test\n";
    assert_eq!(
        said_in_chinese("invoiceninja-v4-clients", ninja_clients, &options("USD")).0,
        [
            "第 3 行，“Name”列：“Acme”已被第 2 行的客户使用，两者的单元格内容不同；此客户未导入。\
          请确保各客户的编号互不相同，或删除过时的行。"
        ]
    );
}

/// A reader that fails as a disk that went away does.
struct Failing;

impl Read for Failing {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("the device is gone"))
    }
}

#[test]
fn files_that_cannot_be_imported_are_refused_in_chinese() {
    let generic = builtin("generic").unwrap();
    let unreadable = Language::SimplifiedChinese.during(|| {
        open(&generic, Failing, &options("EUR"))
            .err()
            .unwrap()
            .to_string()
    });
    assert_eq!(
        unreadable,
        "无法读取该文件（the device is gone）。请确认文件存在且未被其他程序占用，然后重试。"
    );

    assert_eq!(
        refused_in_chinese(&builtin("xero").unwrap(), b"Name,Amount\nAcme,10.00\n"),
        "在文件的前 20 行中没有找到格式配置“xero”的表头行：表头应包含列 ContactName, \
         InvoiceNumber, InvoiceDate, Total。请选择与导出文件相符的格式配置，或在文件中加上表头行。"
    );
    assert_eq!(
        refused_in_chinese(
            &generic,
            b"number,date,amount\nA-1,2024-01-05,10.00\nM\xfcller,x,y\n"
        ),
        "第 3 行不是有效的 UTF-8 文本。请选择与文件编码相符的格式配置，或将文件另存为 UTF-8 \
         编码后重新导入。"
    );
    assert_eq!(
        refused_in_chinese(
            &builtin("generic-gb18030").unwrap(),
            "\u{feff}number,date,amount\n".as_bytes()
        ),
        "第 1 行以 UTF-8 字节顺序标记（字节 EF BB BF）开头，说明该文件是 UTF-8 文本，但格式配置\
         “generic-gb18030”按 GB18030 读取。请选择按 UTF-8 读取的格式配置（例如用“generic”代替\
         “generic-gb18030”），然后重新导入该文件。"
    );
    assert_eq!(
        refused_in_chinese(
            &builtin("generic-gb18030").unwrap(),
            "number,date,amount\nA-1,2024-01-05,10.00\n宁波天成贸易公司,x,y\n".as_bytes()
        ),
        "该文件是 UTF-8 文本，而不是 GB18030：文件中的每个字节都是有效的 UTF-8，且从第 3 行起含有以 \
         UTF-8 方式书写的重音字母或中文字符，按 GB18030 读取会变成乱码。请选择按 UTF-8 读取的格式\
         配置（例如用“generic”代替“generic-gb18030”），然后重新导入该文件。（如果在文本编辑器中按 \
         GB18030 打开时名称显示正确，请在编辑器中将其另存为 UTF-8，再用“generic”导入。）"
    );
    assert_eq!(
        refused_in_chinese(&generic, b"number,date,amount,type,curency\n"),
        "文件中有格式配置“generic”不读取的列：“type”（第 1 行）、“curency”（第 1 行）。请将这些列\
         改为以下列名之一：record, customer_ref, customer_name, number, date, due_date, terms, \
         amount, currency, invoice, disputed, country, email, channel；或将其删除。"
    );

    let mut options = options("EUR");
    options.default_terms = Some("net thirty".to_string());
    let terms = Language::SimplifiedChinese
        .during(|| try_import("generic", b"number,date,amount\n", &options).unwrap_err())
        .to_string();
    assert!(
        terms.starts_with("The default terms"),
        "a file error is said in the language of the thread that shows it: {terms}"
    );
    assert_eq!(
        Language::SimplifiedChinese.during(|| {
            try_import("generic", b"number,date,amount\n", &options)
                .unwrap_err()
                .to_string()
        }),
        "本次导入的默认付款条件无法使用：“net thirty”不是有效的付款条件。请使用以下格式之一：\
         net 30、eom +1 month、30 days eom、eom 30 days、30 days eom day 10 或 fixed 10-30；\
         前面可以加上定金条款（例如“deposit 30% 0 days,”）和提前付款折扣（例如“2/10”），后面\
         可以加上分期条款（例如“in 3 parts every 1 month”）。"
    );
}

#[test]
fn a_gb18030_file_is_refused_in_chinese_where_its_bytes_break() {
    let (mut bytes, _, _) = GB18030.encode("number,date,amount,customer_name\n");
    bytes
        .to_mut()
        .extend_from_slice(b"A-1,2024-01-05,10.00,\x81\n");
    assert_eq!(
        refused_in_chinese(&builtin("generic-gb18030").unwrap(), &bytes),
        "第 2 行不是有效的 GB18030 文本。请选择与文件编码相符的格式配置，或将文件另存为 GB18030 \
         编码后重新导入。"
    );
}

/// A change to a builtin profile that makes it unusable.
type Spoil = fn(&mut Profile);

#[test]
fn profiles_that_cannot_be_used_are_refused_in_chinese() {
    let table: [(&str, Spoil); 5] = [
        (
            "其分隔符（字节 120）不是 ASCII 标点符号；请使用逗号、分号、制表符或其他 ASCII 符号",
            |p| p.delimiter = b'x',
        ),
        (
            "其小数点“-”是数字、正负号或货币符号；请使用“.”或“,”",
            |p| p.decimal_mark = '-',
        ),
        (
            "其千位分隔符“,”与小数点相同，或是数字、正负号或货币符号；请改用其他字符，或不使用千位\
             分隔符",
            |p| p.grouping_mark = Some(','),
        ),
        ("其表头查找行数为 0；请至少设为 1", |p| {
            p.header_search_rows = 0
        }),
        (
            "其列映射指定了字段“nummer”，但 generic 布局没有该字段；请使用以下字段之一：record, \
             customer_ref, customer_name, number, date, due_date, terms, amount, currency, \
             invoice, disputed, country, email, channel",
            |p| {
                p.columns.insert("nummer".into(), "Rechnungsnummer".into());
            },
        ),
    ];
    for (reason, spoil) in table {
        let mut profile = builtin("generic-de").unwrap();
        spoil(&mut profile);
        let expected = format!("格式配置“generic-de”无法使用：{reason}。");
        let checked = Language::SimplifiedChinese.during(|| {
            let checked = profile.check().unwrap_err().to_string();
            let opened = open(&profile, &b""[..], &options("EUR")).err().unwrap();
            let peeked = peek(&profile, &b""[..], 20).unwrap_err();
            assert!(matches!(opened, FileError::Profile(_)));
            assert_eq!(opened.to_string(), checked, "the file error says the same");
            assert_eq!(peeked.to_string(), checked, "so does a look at the file");
            checked
        });
        assert_eq!(checked, expected);
    }

    let json = r#"{"name": "odd", "delimiter": "||", "decimal_mark": ".", "grouping_mark": null,
        "date_format": "YYYY-MM-DD", "encoding": "utf-8", "layout": "generic"}"#;
    let refused = Language::SimplifiedChinese.during(|| {
        serde_json::from_str::<Profile>(json)
            .unwrap_err()
            .to_string()
    });
    assert!(
        refused.starts_with("分隔符“||”不是单个 ASCII 字符；请使用“,”、“;”或“\\t”"),
        "{refused}"
    );
}

#[test]
fn the_number_format_is_named_in_chinese() {
    let format = builtin("generic-de").unwrap().number_format();
    assert_eq!(
        Language::SimplifiedChinese.during(|| format.to_string()),
        "小数点“,”，千位分隔符“.”"
    );
    assert_eq!(
        format.to_string(),
        "decimal mark \",\", grouping mark \".\"",
        "English everywhere else"
    );
}

/// Every kind of bad row in one file, read to the end as a dry run reads it: whatever is said
/// about it, problem or warning, has Chinese in it, and its line and value are the file's.
#[test]
fn a_file_full_of_bad_rows_is_reported_without_a_word_of_english() {
    let generic = "record,customer_ref,customer_name,number,date,due_date,terms,amount,currency,\
                   invoice,disputed,channel\n\
                   invoice,C1,Acme,A-1,,,,10.00,,,,\n\
                   invoice,C1,Acme,A-2,2024/03/15,,,10.00,,,,\n\
                   invoice,C1,Acme,A-3,2024-02-30,,,10.00,,,,\n\
                   invoice,C1,Acme,A-4,2024-03-15,,,1.000.50,,,,\n\
                   invoice,C1,Acme,A-5,2024-03-15,,,£10.00,EUR,,,\n\
                   invoice,C1,Acme,A-6,2024-03-15,,,10.001,EUR,,,\n\
                   invoice,C1,Acme,A-7,2024-03-15,,,10.00,ZZZZ,,,\n\
                   invoice,C1,Acme,A-8,2024-03-15,,,10.00,,,perhaps,\n\
                   invoice,C1,Acme,A-9,2024-03-15,,,10.00,,,,,\n\
                   invoice,C1,Acme,A-10,2024-03-15,,,10.00,,,,\n\
                   invoice,C1,Acme,A-10,2024-03-15,,,10.00,,,,\n\
                   invoice,C1,Acme,A-10,2024-03-16,,,10.00,,,,\n\
                   invoice,C1,Acme,A-11,2024-03-15,2024-03-01,,10.00,,,,\n\
                   invoice,C1,Acme,A-12,2024-03-15,,net thirty,10.00,,,,\n\
                   invoice,C1,Acme,A-13,2024-03-15,,eom +200 months,10.00,,,,\n\
                   invoice,C1,Acme,A-14,2024-03-15,,,99999999999999999999999999999,,,,\n\
                   invoice,C1,Acme,A-15,2024-03-15,,,20000000000000.00,,,,\n\
                   invoice,C1,Acme,,2024-03-15,,,10.00,,,,\n\
                   invoice,C1,Acme,A-16,2024-03-15,,,,,,,\n\
                   bill,C1,Acme,A-17,2024-03-15,,,10.00,,,,\n\
                   payment,C1,Acme,P-1,2024-03-15,,,0,,,,\n\
                   write_off,C1,Acme,W-1,2024-03-15,,,-1.00,,,,\n\
                   customer,C2,Birch,,,,,,,,,pigeon\n\
                   invoice,,,A-18,2024-03-15,,,10.00,,,,\n";
    let file = TempFile::new("bad-rows.csv", generic.as_bytes());
    let outcomes = Language::SimplifiedChinese.during(|| {
        let profile = builtin("generic").unwrap();
        let reader = open(&profile, file.open(), &options("EUR")).unwrap();
        reader.collect::<Result<Vec<_>, _>>().unwrap()
    });

    let said: Vec<_> = outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            RowOutcome::Problem(p) | RowOutcome::Warning(p) => Some(p),
            RowOutcome::Records { .. } => None,
        })
        .collect();
    assert_eq!(
        said.len(),
        23,
        "every bad row but the first of A-10 is said: {said:#?}"
    );
    for problem in &said {
        assert!(
            has_chinese(&problem.message),
            "left in English: {}",
            problem.message
        );
        let shown = Language::SimplifiedChinese.during(|| problem.to_string());
        assert!(
            shown.starts_with(&format!("第 {} 行", problem.line)),
            "{shown}"
        );
        if let Some(value) = &problem.value {
            assert!(
                generic.contains(value.as_str()),
                "{value} is the file's own"
            );
        }
    }
}
