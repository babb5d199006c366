//! The company's letterhead details and the mail account, kept in the book: checked here, with
//! a sentence for every value refused, and audited by the store.
//!
//! The letterhead logo travels as a data URL (`data:image/png;base64,...`), which a web view
//! shows as it is; it is stored as the image file's bytes. The mail password never passes
//! through here into the book: the shell keeps it in the operating system's keychain and hands
//! it to [`send_test_mail`] when a message is sent.

use std::path::Path;

use base64::Engine;
use creditdesk_core::say;
use creditdesk_core::text::Word;
use creditdesk_mail::{Connection, Language, SmtpAccount, SmtpSecurity, TestMailReport};
use creditdesk_store::{CompanyRecord, SmtpRecord, StoredLogo};
use serde::{Deserialize, Serialize};

use crate::documents::{printable, printable_lines};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{io_error, store_error, FileStep, OpenBook};

/// The largest letterhead logo accepted: 2 MB (2 × 1024 × 1024 bytes).
pub const MAX_LOGO_BYTES: u64 = 2 * 1024 * 1024;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = b"\xff\xd8\xff";

/// The company's details as its letters show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyDetails {
    /// The company's name as registered; never empty.
    pub legal_name: String,
    /// The postal address, one line each; empty lines are dropped.
    pub address_lines: Vec<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// VAT or tax registration number.
    pub tax_id: Option<String>,
    pub bank_name: Option<String>,
    /// Kept in groups of four (`DE89 3704 0044 0532 0130 00`), checked by its check digits.
    pub iban: Option<String>,
    /// For accounts without an IBAN.
    pub account_number: Option<String>,
    /// BIC (SWIFT code), upper case.
    pub bic: Option<String>,
    /// The language letters are written in.
    pub letter_language: Language,
    /// The letterhead logo as a data URL of a PNG or JPEG image, at most 2 MB.
    pub logo: Option<String>,
}

/// The account mail is sent through. It carries no password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SmtpSettings {
    /// The server's host name, e.g. `smtp.example.com`; empty until an account is set up.
    pub host: String,
    /// 1 to 65535.
    pub port: u32,
    pub security: SmtpSecurity,
    /// The user name to log in with; none for a server that takes mail without a login.
    pub username: Option<String>,
    pub from_address: String,
    pub from_name: Option<String>,
    /// Whether a password for this account is saved. The book never knows: it always answers
    /// `false`, and the shell sets it from the operating system's keychain.
    pub password_saved: bool,
}

/// A test message to send through the saved account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TestMailRequest {
    pub to: String,
    /// The letters' language when absent.
    pub language: Option<Language>,
}

/// The language of the BCP 47 tag `code`, for values that arrive as text.
pub fn parse_language(code: &str) -> AppResult<Language> {
    Language::from_code(code.trim()).ok_or_else(|| {
        AppError::invalid(say!(
            en: "The language \"{code}\" is not offered; choose en (English) or zh-CN (Simplified \
                 Chinese).",
            zh: "不支持语言“{code}”；请选择 en（英语）或 zh-CN（简体中文）。",
        ))
    })
}

/// A logo file as the data URL [`CompanyDetails::logo`] takes; refuses a file that is not a
/// PNG or JPEG image or is larger than 2 MB, without reading a larger one.
pub fn logo_from_file(path: &Path) -> AppResult<String> {
    let size = std::fs::metadata(path)
        .map_err(|e| io_error(path, FileStep::Read, &e))?
        .len();
    if size > MAX_LOGO_BYTES {
        return Err(logo_too_large(size));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, FileStep::Read, &e))?;
    logo_data_url(&bytes)
}

/// Image bytes as a data URL; refuses what is not a PNG or JPEG image, or is larger than 2 MB.
pub fn logo_data_url(bytes: &[u8]) -> AppResult<String> {
    let media_type = logo_type(bytes)?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!("data:{media_type};base64,{encoded}"))
}

fn logo_type(bytes: &[u8]) -> AppResult<&'static str> {
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(logo_too_large(bytes.len() as u64));
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        Ok("image/png")
    } else if bytes.starts_with(JPEG_SIGNATURE) {
        Ok("image/jpeg")
    } else {
        Err(not_an_image())
    }
}

fn not_an_image() -> AppError {
    AppError::invalid(say!(
        en: "The logo is not a PNG or JPEG image; choose a PNG or JPEG file.",
        zh: "信头标志不是 PNG 或 JPEG 图片；请选择 PNG 或 JPEG 文件。",
    ))
}

fn logo_too_large(bytes: u64) -> AppError {
    // Megabytes to one decimal place, rounded up, so that a logo just over the limit never
    // reads as exactly 2 MB.
    let mib = 1024 * 1024;
    let tenths = (bytes * 10).div_ceil(mib);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    AppError::invalid(say!(
        en: "The logo is {whole}.{tenth} MB; a letterhead logo may be at most 2 MB. Choose a \
             smaller image, or save it at a lower resolution.",
        zh: "信头标志大小为 {whole}.{tenth} MB，超过了 2 MB 的上限。请选择较小的图片，或以较低的\
             分辨率重新保存。",
    ))
}

/// The image of a data URL, checked as [`logo_data_url`] checks bytes.
fn logo_bytes(url: &str) -> AppResult<StoredLogo> {
    let (header, data) = url.trim().split_once(',').ok_or_else(not_an_image)?;
    let declared = header
        .strip_prefix("data:")
        .and_then(|h| h.strip_suffix(";base64"))
        .ok_or_else(not_an_image)?;
    if !["image/png", "image/jpeg"].contains(&declared) {
        return Err(not_an_image());
    }
    // Four characters of base64 carry three bytes: refuse a huge text before decoding it.
    if data.len() as u64 / 4 * 3 > MAX_LOGO_BYTES + 3 {
        return Err(logo_too_large(data.len() as u64 / 4 * 3));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| {
            AppError::invalid(say!(
                en: "The logo could not be read: its data is damaged. Choose the file again.",
                zh: "无法读取信头标志：图片数据已损坏。请重新选择文件。",
            ))
        })?;
    let media_type = logo_type(&bytes)?;
    Ok(StoredLogo {
        media_type: media_type.to_string(),
        bytes,
    })
}

/// `text` trimmed, or `None` when nothing is left.
fn given(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// An IBAN in groups of four, after checking its shape and its check digits (ISO 13616: the
/// number with its first four characters moved to the end, letters as 10 to 35, leaves 1 when
/// divided by 97).
fn iban(text: &str) -> AppResult<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let shaped = (15..=34).contains(&compact.len())
        && compact.is_ascii()
        && compact[..2].chars().all(|c| c.is_ascii_uppercase())
        && compact[2..4].chars().all(|c| c.is_ascii_digit())
        && compact[4..].chars().all(|c| c.is_ascii_alphanumeric());
    if !shaped {
        return Err(AppError::invalid(say!(
            en: "The IBAN \"{text}\" is not an IBAN: it has a two-letter country code, two check \
                 digits and up to 30 letters and digits, e.g. DE89 3704 0044 0532 0130 00. \
                 Correct it, or leave it empty and give the account number instead.",
            zh: "“{text}”不是有效的 IBAN：IBAN 由两个字母的国家代码、两位校验码和最多 30 个字母或\
                 数字组成，例如 DE89 3704 0044 0532 0130 00。请更正，或留空并改为填写银行账号。",
        )));
    }
    let rearranged = compact[4..].chars().chain(compact[..4].chars());
    let remainder = rearranged.fold(0u32, |rest, c| {
        let value = c.to_digit(36).unwrap_or(0);
        if value < 10 {
            (rest * 10 + value) % 97
        } else {
            (rest * 100 + value) % 97
        }
    });
    if remainder != 1 {
        return Err(AppError::invalid(say!(
            en: "The IBAN \"{text}\" has wrong check digits, so a letter or digit in it is \
                 probably mistyped; compare it with a bank statement.",
            zh: "IBAN“{text}”的校验码不正确，其中可能有字母或数字输入有误；请与银行对账单核对。",
        )));
    }
    let groups: Vec<String> = compact
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect();
    Ok(groups.join(" "))
}

/// A BIC in upper case, after checking its shape: bank (4 letters), country (2 letters),
/// location (2 letters or digits), and an optional branch (3 letters or digits).
fn bic(text: &str) -> AppResult<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let shaped = (compact.len() == 8 || compact.len() == 11)
        && compact.is_ascii()
        && compact[..6].chars().all(|c| c.is_ascii_uppercase())
        && compact[6..].chars().all(|c| c.is_ascii_alphanumeric());
    if !shaped {
        return Err(AppError::invalid(say!(
            en: "The BIC \"{text}\" is not a BIC (SWIFT code): it has 8 or 11 letters and \
                 digits, e.g. DEUTDEFF or DEUTDEFF500. Correct it, or leave it empty.",
            zh: "“{text}”不是有效的 BIC（SWIFT 代码）：BIC 由 8 位或 11 位字母和数字组成，例如 \
                 DEUTDEFF 或 DEUTDEFF500。请更正，或留空。",
        )));
    }
    Ok(compact)
}

const COMPANY_EMAIL: Word = Word::new("company email address", "公司电子邮件地址");
const LEGAL_NAME: Word = Word::new("legal name", "法定名称");
const COMPANY_ADDRESS: Word = Word::new("company address", "公司地址");
const COMPANY_COUNTRY: Word = Word::new("company country", "公司所在国家");
const COMPANY_PHONE: Word = Word::new("company phone number", "公司电话");
const COMPANY_TAX_ID: Word = Word::new("tax ID", "税号");
const BANK_NAME: Word = Word::new("bank name", "开户银行");
const ACCOUNT_NUMBER: Word = Word::new("account number", "银行账号");

fn email(text: Option<String>, field: Word) -> AppResult<Option<String>> {
    match text {
        Some(address) if !creditdesk_mail::is_email_address(&address) => {
            Err(AppError::invalid(say!(
                en: "The {field} \"{address}\" is not an email address; write it as \
                     name@example.com, or leave it empty.",
                zh: "{field}“{address}”不是有效的电子邮件地址；请按 name@example.com 的格式填写，\
                     或留空。",
            )))
        }
        other => Ok(other),
    }
}

impl CompanyDetails {
    /// The details checked and brought to the form the book keeps.
    fn checked(&self) -> AppResult<CompanyRecord> {
        let legal_name = self.legal_name.trim();
        if legal_name.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The legal name is empty; give the company's name as it appears on its \
                     invoices.",
                zh: "法定名称为空；请按发票上的写法填写公司名称。",
            )));
        }
        let record = CompanyRecord {
            legal_name: legal_name.to_string(),
            address_lines: self
                .address_lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            country: given(&self.country),
            email: email(given(&self.email), COMPANY_EMAIL)?,
            phone: given(&self.phone),
            tax_id: given(&self.tax_id),
            bank_name: given(&self.bank_name),
            iban: given(&self.iban).map(|i| iban(&i)).transpose()?,
            account_number: given(&self.account_number),
            bic: given(&self.bic).map(|b| bic(&b)).transpose()?,
            letter_language: self.letter_language.code().to_string(),
            logo: self
                .logo
                .as_deref()
                .filter(|l| !l.trim().is_empty())
                .map(logo_bytes)
                .transpose()?,
        };
        // Every letter prints these: refused now rather than when a letter is printed.
        printable(LEGAL_NAME, &record.legal_name)?;
        printable_lines(
            COMPANY_ADDRESS,
            record.address_lines.iter().map(String::as_str),
        )?;
        let optional = [
            (COMPANY_COUNTRY, &record.country),
            (COMPANY_EMAIL, &record.email),
            (COMPANY_PHONE, &record.phone),
            (COMPANY_TAX_ID, &record.tax_id),
            (BANK_NAME, &record.bank_name),
            (ACCOUNT_NUMBER, &record.account_number),
        ];
        for (field, value) in optional {
            if let Some(value) = value {
                printable(field, value)?;
            }
        }
        Ok(record)
    }

    fn from_record(record: CompanyRecord) -> AppResult<CompanyDetails> {
        Ok(CompanyDetails {
            legal_name: record.legal_name,
            address_lines: record.address_lines,
            country: record.country,
            email: record.email,
            phone: record.phone,
            tax_id: record.tax_id,
            bank_name: record.bank_name,
            iban: record.iban,
            account_number: record.account_number,
            bic: record.bic,
            letter_language: parse_language(&record.letter_language)?,
            logo: record.logo.map(|l| {
                let encoded = base64::engine::general_purpose::STANDARD.encode(&l.bytes);
                format!("data:{};base64,{encoded}", l.media_type)
            }),
        })
    }
}

impl SmtpSettings {
    /// The account these settings describe, after checking them.
    pub fn account(&self) -> AppResult<SmtpAccount> {
        let host = self.host.trim();
        if host.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The mail server is empty; give the host name your mail provider gives for \
                     sending mail (SMTP), e.g. smtp.example.com.",
                zh: "邮件服务器为空；请填写邮件服务商提供的发信服务器（SMTP）主机名，例如 \
                     smtp.example.com。",
            )));
        }
        if host.chars().any(char::is_whitespace) {
            return Err(AppError::invalid(say!(
                en: "The mail server \"{host}\" is not a host name; give a name such as \
                     smtp.example.com, without spaces.",
                zh: "邮件服务器“{host}”不是有效的主机名；请填写不含空格的名称，例如 \
                     smtp.example.com。",
            )));
        }
        let port = u16::try_from(self.port)
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| {
                let port = self.port;
                AppError::invalid(say!(
                    en: "The port {port} is not accepted; give a port between 1 and 65535 (587 \
                         for STARTTLS, 465 for TLS).",
                    zh: "端口 {port} 不可接受；请填写 1 到 65535 之间的端口（STARTTLS 通常用 587，\
                         TLS 通常用 465）。",
                ))
            })?;
        let from_address = self.from_address.trim();
        if !creditdesk_mail::is_email_address(from_address) {
            return Err(AppError::invalid(say!(
                en: "The sender address \"{from_address}\" is not an email address; write it as \
                     name@example.com.",
                zh: "发件地址“{from_address}”不是有效的电子邮件地址；请按 name@example.com 的格式\
                     填写。",
            )));
        }
        Ok(SmtpAccount {
            host: host.to_string(),
            port,
            security: self.security,
            username: given(&self.username),
            from_address: from_address.to_string(),
            from_name: given(&self.from_name),
        })
    }

    /// What a book without a saved account shows: nothing filled in, STARTTLS on port 587.
    fn unset() -> SmtpSettings {
        SmtpSettings {
            host: String::new(),
            port: 587,
            security: SmtpSecurity::Starttls,
            username: None,
            from_address: String::new(),
            from_name: None,
            password_saved: false,
        }
    }

    fn from_record(record: SmtpRecord) -> AppResult<SmtpSettings> {
        let security = SmtpSecurity::parse(&record.security).ok_or_else(|| {
            let security = &record.security;
            store_error(creditdesk_store::StoreError::Unreadable(say!(
                en: "mail security \"{security}\"",
                zh: "邮件加密方式“{security}”",
            )))
        })?;
        Ok(SmtpSettings {
            host: record.host,
            port: u32::from(record.port),
            security,
            username: record.username,
            from_address: record.from_address,
            from_name: record.from_name,
            password_saved: false,
        })
    }
}

/// Sends a test message through the account `settings` describes, to `to`, in `language`.
/// Blocks until the server has answered (at most 20 seconds per step).
pub fn send_test_mail(
    settings: &SmtpSettings,
    password: Option<&str>,
    to: &str,
    language: Language,
) -> AppResult<TestMailReport> {
    send_test_mail_with(settings, password, to, language, &Connection::default())
}

/// [`send_test_mail`] over a connection made as `connection` says (a company's own certificate
/// authority, a shorter wait).
pub fn send_test_mail_with(
    settings: &SmtpSettings,
    password: Option<&str>,
    to: &str,
    language: Language,
    connection: &Connection,
) -> AppResult<TestMailReport> {
    let account = settings.account()?;
    creditdesk_mail::send_test_mail_with(&account, password, to, language, connection).map_err(
        |err| {
            let code = match err {
                creditdesk_mail::MailError::InvalidAddress { .. }
                | creditdesk_mail::MailError::MissingPassword { .. } => ErrorCode::InvalidInput,
                _ => ErrorCode::Mail,
            };
            if code == ErrorCode::Mail {
                tracing::warn!(error = %err, "a test message was not sent");
            }
            AppError::new(code, err.to_string())
        },
    )
}

impl OpenBook {
    /// The company's details; before they are first saved, the book's company name and
    /// English letters.
    pub fn company_settings(&self) -> AppResult<CompanyDetails> {
        match self.book.company().map_err(store_error)? {
            Some(record) => CompanyDetails::from_record(record),
            None => Ok(CompanyDetails {
                legal_name: self.settings()?.name,
                address_lines: Vec::new(),
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
            }),
        }
    }

    /// Checks and saves the company's details; returns them as saved (trimmed, the IBAN in
    /// groups of four, the BIC in upper case). A change is audited with the fields it changed.
    pub fn save_company_settings(&mut self, details: &CompanyDetails) -> AppResult<CompanyDetails> {
        let record = details.checked()?;
        self.book.save_company(&record).map_err(store_error)?;
        CompanyDetails::from_record(record)
    }

    /// The mail account; before one is saved, empty settings for STARTTLS on port 587.
    pub fn smtp_settings(&self) -> AppResult<SmtpSettings> {
        match self.book.smtp_account().map_err(store_error)? {
            Some(record) => SmtpSettings::from_record(record),
            None => Ok(SmtpSettings::unset()),
        }
    }

    /// Checks and saves the mail account (never a password); returns it as saved.
    pub fn save_smtp_settings(&mut self, settings: &SmtpSettings) -> AppResult<SmtpSettings> {
        let account = settings.account()?;
        let record = SmtpRecord {
            host: account.host,
            port: account.port,
            security: account.security.as_str().to_string(),
            username: account.username,
            from_address: account.from_address,
            from_name: account.from_name,
        };
        self.book.save_smtp_account(&record).map_err(store_error)?;
        SmtpSettings::from_record(record)
    }

    /// Sends a test message through the saved mail account, in the language asked for or else
    /// the letters' language. `password` comes from the keychain; `None` for an account without
    /// a login.
    pub fn send_test_mail(
        &self,
        password: Option<&str>,
        request: &TestMailRequest,
    ) -> AppResult<TestMailReport> {
        let (settings, language) = self.test_mail_setup(request)?;
        send_test_mail(&settings, password, &request.to, language)
    }

    /// What [`OpenBook::send_test_mail`] reads from the book: the saved mail account and the
    /// language of the message. A shell that must not hold the book while a mail server answers
    /// (up to the connection timeout at each step) reads these, then calls [`send_test_mail`].
    pub fn test_mail_setup(
        &self,
        request: &TestMailRequest,
    ) -> AppResult<(SmtpSettings, Language)> {
        let Some(record) = self.book.smtp_account().map_err(store_error)? else {
            return Err(AppError::invalid(say!(
                en: "No mail account is set up yet; fill in the mail settings and save them, then \
                     send a test mail.",
                zh: "尚未设置邮件账户；请填写并保存邮件设置，然后再发送测试邮件。",
            )));
        };
        let settings = SmtpSettings::from_record(record)?;
        let language = match request.language {
            Some(language) => language,
            None => self.company_settings()?.letter_language,
        };
        Ok((settings, language))
    }
}
