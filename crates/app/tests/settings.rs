//! The company's letterhead details and the mail account, kept in the book: what is accepted,
//! the form it is kept in, and every sentence said about a value that is refused.

use std::path::Path;

use creditdesk_app::error::{AppError, ErrorCode};
use creditdesk_app::{
    CompanyDetails, Language, NewBook, OpenBook, SmtpSecurity, SmtpSettings, TestMailRequest,
};
use creditdesk_core::Currency;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF";

fn book(dir: &Path) -> OpenBook {
    let new = NewBook {
        name: "Acme Trading Ltd".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap()
}

fn details() -> CompanyDetails {
    CompanyDetails {
        legal_name: " Acme Trading Ltd ".into(),
        address_lines: vec![
            "1 Quay Street".into(),
            "  ".into(),
            " Bristol BS1 4DJ".into(),
        ],
        country: Some("United Kingdom".into()),
        email: Some("accounts@acme.example".into()),
        phone: Some("".into()),
        tax_id: Some("GB123456789".into()),
        bank_name: Some("Harbour Bank".into()),
        iban: Some("gb82 west 1234 5698 7654 32".into()),
        account_number: None,
        bic: Some("westgb2l".into()),
        letter_language: Language::SimplifiedChinese,
        logo: Some(creditdesk_app::logo_data_url(PNG).unwrap()),
    }
}

fn refused(err: AppError) -> String {
    assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
    err.message
}

#[test]
fn company_details_are_kept_in_the_form_letters_print_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let before = book.company_settings().unwrap();
    assert_eq!(
        before.legal_name, "Acme Trading Ltd",
        "the book's name until saved"
    );
    assert_eq!(before.letter_language, Language::English);

    let saved = book.save_company_settings(&details()).unwrap();
    assert_eq!(saved.legal_name, "Acme Trading Ltd");
    assert_eq!(saved.address_lines, ["1 Quay Street", "Bristol BS1 4DJ"]);
    assert_eq!(saved.phone, None);
    assert_eq!(saved.iban.as_deref(), Some("GB82 WEST 1234 5698 7654 32"));
    assert_eq!(saved.bic.as_deref(), Some("WESTGB2L"));
    assert_eq!(
        saved.logo.as_deref(),
        Some("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==")
    );
    drop(book);

    let book = OpenBook::open(&dir.path().join("book.creditdesk")).unwrap();
    assert_eq!(book.company_settings().unwrap(), saved);
    let entry = &book.audit_trail(1).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.entity.as_str()),
        ("save_company", "settings")
    );
    assert_eq!(entry.detail["changed"]["logo"]["bytes"], 16);
}

#[test]
fn every_refused_company_detail_is_named_with_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let mut save = |change: &dyn Fn(&mut CompanyDetails)| {
        let mut details = details();
        change(&mut details);
        refused(book.save_company_settings(&details).unwrap_err())
    };

    assert_eq!(
        save(&|d| d.legal_name = "  ".into()),
        "The legal name is empty; give the company's name as it appears on its invoices."
    );
    assert_eq!(
        save(&|d| d.email = Some("accounts.acme.example".into())),
        "The company email address \"accounts.acme.example\" is not an email address; write it \
         as name@example.com, or leave it empty."
    );
    assert_eq!(
        save(&|d| d.iban = Some("GB82 WEST".into())),
        "The IBAN \"GB82 WEST\" is not an IBAN: it has a two-letter country code, two check \
         digits and up to 30 letters and digits, e.g. DE89 3704 0044 0532 0130 00. Correct it, \
         or leave it empty and give the account number instead."
    );
    assert_eq!(
        save(&|d| d.iban = Some("GB82 WEST 1234 5698 7654 33".into())),
        "The IBAN \"GB82 WEST 1234 5698 7654 33\" has wrong check digits, so a letter or digit in \
         it is probably mistyped; compare it with a bank statement."
    );
    assert_eq!(
        save(&|d| d.bic = Some("WEST-GB".into())),
        "The BIC \"WEST-GB\" is not a BIC (SWIFT code): it has 8 or 11 letters and digits, e.g. \
         DEUTDEFF or DEUTDEFF500. Correct it, or leave it empty."
    );
    assert_eq!(
        save(&|d| d.logo = Some("data:image/gif;base64,R0lGODlhAQABAAAAACw=".into())),
        "The logo is not a PNG or JPEG image; choose a PNG or JPEG file."
    );
    assert_eq!(
        save(&|d| d.logo = Some("data:image/png;base64,aGVsbG8gd29ybGQ=".into())),
        "The logo is not a PNG or JPEG image; choose a PNG or JPEG file.",
        "the bytes must be the image the data URL says"
    );
    assert_eq!(
        save(&|d| d.logo = Some("data:image/png;base64,not base64!".into())),
        "The logo could not be read: its data is damaged. Choose the file again."
    );

    let mut large = PNG.to_vec();
    large.resize(2 * 1024 * 1024 + 1, 0);
    let err = creditdesk_app::logo_data_url(&large).unwrap_err();
    assert_eq!(
        refused(err),
        "The logo is 2.1 MB; a letterhead logo may be at most 2 MB. Choose a smaller image, or \
         save it at a lower resolution."
    );
    large.truncate(2 * 1024 * 1024);
    assert!(
        creditdesk_app::logo_data_url(&large).is_ok(),
        "2 MB exactly is accepted"
    );

    let err = creditdesk_app::parse_language("fr").unwrap_err();
    assert_eq!(
        refused(err),
        "The language \"fr\" is not offered; choose en (English) or zh-CN (Simplified Chinese)."
    );
    assert_eq!(
        creditdesk_app::parse_language("zh-CN").unwrap(),
        Language::SimplifiedChinese
    );
}

#[test]
fn a_logo_file_is_read_only_when_it_is_a_small_enough_image() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = dir.path().join("logo.jpg");
    std::fs::write(&jpeg, JPEG).unwrap();
    assert_eq!(
        creditdesk_app::logo_from_file(&jpeg).unwrap(),
        "data:image/jpeg;base64,/9j/4AAQSkZJRg=="
    );

    let huge = dir.path().join("poster.png");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(3 * 1024 * 1024).unwrap();
    assert_eq!(
        refused(creditdesk_app::logo_from_file(&huge).unwrap_err()),
        "The logo is 3.0 MB; a letterhead logo may be at most 2 MB. Choose a smaller image, or \
         save it at a lower resolution."
    );
}

fn smtp() -> SmtpSettings {
    SmtpSettings {
        host: " smtp.acme.example ".into(),
        port: 587,
        security: SmtpSecurity::Starttls,
        username: Some("accounts@acme.example".into()),
        from_address: "accounts@acme.example".into(),
        from_name: Some("Acme Accounts".into()),
        password_saved: true,
    }
}

#[test]
fn the_mail_account_is_kept_without_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    assert_eq!(
        book.smtp_settings().unwrap(),
        SmtpSettings {
            host: String::new(),
            port: 587,
            security: SmtpSecurity::Starttls,
            username: None,
            from_address: String::new(),
            from_name: None,
            password_saved: false,
        }
    );

    let saved = book.save_smtp_settings(&smtp()).unwrap();
    assert_eq!(saved.host, "smtp.acme.example");
    assert!(
        !saved.password_saved,
        "only the shell knows whether the keychain has the password"
    );
    assert_eq!(book.smtp_settings().unwrap(), saved);
    let entry = &book.audit_trail(1).unwrap()[0];
    assert_eq!(entry.action, "save_smtp_account");
    assert!(!entry.detail.to_string().contains("password"));
}

#[test]
fn every_refused_mail_setting_is_named_with_what_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let mut save = |change: &dyn Fn(&mut SmtpSettings)| {
        let mut settings = smtp();
        change(&mut settings);
        refused(book.save_smtp_settings(&settings).unwrap_err())
    };
    assert_eq!(
        save(&|s| s.host = " ".into()),
        "The mail server is empty; give the host name your mail provider gives for sending \
         mail (SMTP), e.g. smtp.example.com."
    );
    assert_eq!(
        save(&|s| s.host = "smtp acme example".into()),
        "The mail server \"smtp acme example\" is not a host name; give a name such as \
         smtp.example.com, without spaces."
    );
    for port in [0, 65_536] {
        assert_eq!(
            save(&|s| s.port = port),
            format!(
                "The port {port} is not accepted; give a port between 1 and 65535 (587 for \
                 STARTTLS, 465 for TLS)."
            )
        );
    }
    assert_eq!(
        save(&|s| s.from_address = "accounts".into()),
        "The sender address \"accounts\" is not an email address; write it as name@example.com."
    );
}

#[test]
fn a_test_mail_needs_a_saved_account_and_says_where_it_failed() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let request = TestMailRequest {
        to: "controller@harbour.example".into(),
        language: None,
    };
    assert_eq!(
        refused(book.send_test_mail(None, &request).unwrap_err()),
        "No mail account is set up yet; fill in the mail settings and save them, then send a \
         test mail."
    );

    book.save_smtp_settings(&smtp()).unwrap();
    assert_eq!(
        refused(book.send_test_mail(None, &request).unwrap_err()),
        "The account logs in as accounts@acme.example, but no password was given; save the \
         password in the mail settings, then try again."
    );

    // A server that is not there: nothing listens on a port that was free a moment ago.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut local = smtp();
    local.host = "127.0.0.1".into();
    local.port = u32::from(port);
    local.security = SmtpSecurity::None;
    local.username = None;
    book.save_smtp_settings(&local).unwrap();
    let err = book.send_test_mail(None, &request).unwrap_err();
    assert_eq!(err.code, ErrorCode::Mail);
    assert!(
        err.message.starts_with(&format!(
            "The mail server 127.0.0.1:{port} could not be reached: "
        )),
        "{}",
        err.message
    );
    assert!(
        err.message
            .ends_with(". Check the server name and the port, and that this computer is online."),
        "{}",
        err.message
    );

    let wrong = TestMailRequest {
        to: "controller".into(),
        language: Some(Language::English),
    };
    assert_eq!(
        refused(book.send_test_mail(None, &wrong).unwrap_err()),
        "The recipient address \"controller\" is not an email address; write it as \
         name@example.com."
    );
}
