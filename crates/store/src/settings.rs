//! The company's own details, the account its mail goes through and its credit policy, kept in
//! the book so that a book carries its letterhead and its rules wherever it is opened.
//!
//! Each is one row, written whole: saving compares the new values with the stored ones, writes
//! only when something changed, and names the changed fields in the audit trail in the same
//! transaction. The values are checked by the application layer before they get here; the
//! schema only refuses what would make a row unreadable. No password is ever stored here: the
//! shell keeps the mail password in the operating system's keychain.

use creditdesk_core::credit::{CheckPolicy, LimitRules, ReviewWindows};
use creditdesk_core::say;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::json;

use crate::audit;
use crate::book::Book;
use crate::codec::parse_decimal;
use crate::error::{Result, StoreError};

/// The company's letterhead details as stored. `letter_language` is `en` or `zh-CN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyRecord {
    pub legal_name: String,
    pub address_lines: Vec<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tax_id: Option<String>,
    pub bank_name: Option<String>,
    pub iban: Option<String>,
    pub account_number: Option<String>,
    pub bic: Option<String>,
    pub letter_language: String,
    pub logo: Option<StoredLogo>,
}

/// A letterhead logo: the image file's bytes and its media type (`image/png`, `image/jpeg`).
#[derive(Clone, PartialEq, Eq)]
pub struct StoredLogo {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for StoredLogo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "StoredLogo({}, {} bytes)",
            self.media_type,
            self.bytes.len()
        )
    }
}

/// The mail account as stored, without its password. `security` is `none`, `starttls` or
/// `tls`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpRecord {
    pub host: String,
    pub port: u16,
    pub security: String,
    pub username: Option<String>,
    pub from_address: String,
    pub from_name: Option<String>,
}

impl CompanyRecord {
    /// The fields by name, as the audit trail shows them; the logo by type and size only.
    fn fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![
            ("legal_name", json!(self.legal_name)),
            ("address_lines", json!(self.address_lines)),
            ("country", json!(self.country)),
            ("email", json!(self.email)),
            ("phone", json!(self.phone)),
            ("tax_id", json!(self.tax_id)),
            ("bank_name", json!(self.bank_name)),
            ("iban", json!(self.iban)),
            ("account_number", json!(self.account_number)),
            ("bic", json!(self.bic)),
            ("letter_language", json!(self.letter_language)),
            (
                "logo",
                json!(self
                    .logo
                    .as_ref()
                    .map(|l| json!({ "media_type": l.media_type, "bytes": l.bytes.len() }))),
            ),
        ]
    }
}

impl SmtpRecord {
    fn fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![
            ("host", json!(self.host)),
            ("port", json!(self.port)),
            ("security", json!(self.security)),
            ("username", json!(self.username)),
            ("from_address", json!(self.from_address)),
            ("from_name", json!(self.from_name)),
        ]
    }
}

/// The book's credit policy as stored: the check's grace period, the review queue's windows and
/// the rules of limit suggestions. `None` from [`Book::credit_policy`] means never saved, and
/// every rule has its default.
pub type StoredCreditPolicy = (CheckPolicy, ReviewWindows, LimitRules);

/// The policy's settings by name, as the audit trail shows them.
fn policy_fields(policy: &StoredCreditPolicy) -> Vec<(&'static str, serde_json::Value)> {
    let (check, windows, rules) = policy;
    vec![
        ("grace_days", json!(check.grace_days)),
        ("expiring_within_days", json!(windows.expiring_within_days)),
        ("report_max_age_days", json!(windows.report_max_age_days)),
        (
            "first_order_percent",
            json!(rules.first_order_percent.to_string()),
        ),
        ("clean_months", json!(rules.clean_months)),
        ("late_tolerance_days", json!(rules.late_tolerance_days)),
        ("raise_percent", json!(rules.raise_percent.to_string())),
        ("recent_months", json!(rules.recent_months)),
        ("earlier_months", json!(rules.earlier_months)),
        ("worsening_days", json!(rules.worsening_days)),
        ("cut_percent", json!(rules.cut_percent.to_string())),
        (
            "higher_score_is_better",
            json!(rules.higher_score_is_better),
        ),
    ]
}

/// The fields whose values differ, with their new values; every field when nothing was stored.
/// (The logo compares by its bytes, not by the size the trail shows.)
fn changes(
    old: Option<Vec<(&'static str, serde_json::Value)>>,
    new: Vec<(&'static str, serde_json::Value)>,
    logo_changed: bool,
) -> serde_json::Map<String, serde_json::Value> {
    let mut changed = serde_json::Map::new();
    for (index, (name, value)) in new.into_iter().enumerate() {
        let differs = match &old {
            None => true,
            Some(_) if name == "logo" => logo_changed,
            Some(old) => old[index].1 != value,
        };
        if differs {
            changed.insert(name.to_string(), value);
        }
    }
    changed
}

impl Book {
    /// The company's details, or `None` when they were never saved.
    pub fn company(&self) -> Result<Option<CompanyRecord>> {
        read_company(self.conn())
    }

    /// Saves the company's details; returns whether anything changed. An unchanged save writes
    /// nothing; a changed one is audited as `save_company` with the changed fields.
    pub fn save_company(&mut self, record: &CompanyRecord) -> Result<bool> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let old = read_company(&tx)?;
        if old.as_ref() == Some(record) {
            return Ok(false);
        }
        let logo_changed = old.as_ref().map(|o| &o.logo) != Some(&record.logo);
        let changed = changes(
            old.as_ref().map(CompanyRecord::fields),
            record.fields(),
            logo_changed,
        );
        let lines = serde_json::to_string(&record.address_lines).map_err(|e| {
            StoreError::Unreadable(say!(en: "address lines: {e}", zh: "地址行：{e}"))
        })?;
        let logo = record.logo.as_ref();
        tx.execute(
            "INSERT OR REPLACE INTO company (id, legal_name, address_lines, country, email, phone,
                 tax_id, bank_name, iban, account_number, bic, letter_language, logo_type, logo)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            rusqlite::params![
                record.legal_name,
                lines,
                record.country,
                record.email,
                record.phone,
                record.tax_id,
                record.bank_name,
                record.iban,
                record.account_number,
                record.bic,
                record.letter_language,
                logo.map(|l| l.media_type.as_str()),
                logo.map(|l| l.bytes.as_slice()),
            ],
        )?;
        let detail = json!({ "changed": changed });
        audit::append(&tx, "save_company", "settings", "company", &detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// The mail account, or `None` when it was never saved.
    pub fn smtp_account(&self) -> Result<Option<SmtpRecord>> {
        read_smtp(self.conn())
    }

    /// Saves the mail account; returns whether anything changed. Audited as
    /// `save_smtp_account` with the changed fields.
    pub fn save_smtp_account(&mut self, record: &SmtpRecord) -> Result<bool> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let old = read_smtp(&tx)?;
        if old.as_ref() == Some(record) {
            return Ok(false);
        }
        let changed = changes(old.as_ref().map(SmtpRecord::fields), record.fields(), false);
        tx.execute(
            "INSERT OR REPLACE INTO smtp_account (id, host, port, security, username,
                 from_address, from_name)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                record.host,
                record.port,
                record.security,
                record.username,
                record.from_address,
                record.from_name,
            ],
        )?;
        let detail = json!({ "changed": changed });
        audit::append(
            &tx,
            "save_smtp_account",
            "settings",
            "smtp_account",
            &detail,
        )?;
        tx.commit()?;
        Ok(true)
    }
}

impl Book {
    /// The credit policy, or `None` when it was never saved.
    pub fn credit_policy(&self) -> Result<Option<StoredCreditPolicy>> {
        read_policy(self.conn())
    }

    /// Saves the credit policy; returns whether anything changed. The values are checked by the
    /// application layer first. An unchanged save writes nothing; a changed one is audited as
    /// `save_credit_policy` with the changed settings (every setting on the first save).
    pub fn save_credit_policy(&mut self, policy: &StoredCreditPolicy) -> Result<bool> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let old = read_policy(&tx)?;
        if old.as_ref() == Some(policy) {
            return Ok(false);
        }
        let changed = changes(
            old.as_ref().map(policy_fields),
            policy_fields(policy),
            false,
        );
        let (check, windows, rules) = policy;
        tx.execute(
            "INSERT OR REPLACE INTO credit_policy (id, grace_days, expiring_within_days,
                 report_max_age_days, first_order_percent, clean_months, late_tolerance_days,
                 raise_percent, recent_months, earlier_months, worsening_days, cut_percent,
                 higher_score_is_better)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            rusqlite::params![
                check.grace_days,
                windows.expiring_within_days,
                windows.report_max_age_days,
                rules.first_order_percent.to_string(),
                rules.clean_months,
                rules.late_tolerance_days,
                rules.raise_percent.to_string(),
                rules.recent_months,
                rules.earlier_months,
                rules.worsening_days,
                rules.cut_percent.to_string(),
                rules.higher_score_is_better,
            ],
        )?;
        let detail = json!({ "changed": changed });
        audit::append(
            &tx,
            "save_credit_policy",
            "settings",
            "credit_policy",
            &detail,
        )?;
        tx.commit()?;
        Ok(true)
    }
}

fn read_policy(conn: &Connection) -> Result<Option<StoredCreditPolicy>> {
    let mut stmt = conn.prepare_cached(
        "SELECT grace_days, expiring_within_days, report_max_age_days, first_order_percent,
                clean_months, late_tolerance_days, raise_percent, recent_months, earlier_months,
                worsening_days, cut_percent, higher_score_is_better
         FROM credit_policy WHERE id = 1",
    )?;
    let mut rows = stmt.query([])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let check = CheckPolicy {
        grace_days: r.get(0)?,
    };
    let windows = ReviewWindows {
        expiring_within_days: r.get(1)?,
        report_max_age_days: r.get(2)?,
    };
    let rules = LimitRules {
        first_order_percent: parse_decimal(&r.get::<_, String>(3)?)?,
        clean_months: r.get(4)?,
        late_tolerance_days: r.get(5)?,
        raise_percent: parse_decimal(&r.get::<_, String>(6)?)?,
        recent_months: r.get(7)?,
        earlier_months: r.get(8)?,
        worsening_days: r.get(9)?,
        cut_percent: parse_decimal(&r.get::<_, String>(10)?)?,
        higher_score_is_better: r.get(11)?,
    };
    Ok(Some((check, windows, rules)))
}

fn read_company(conn: &Connection) -> Result<Option<CompanyRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT legal_name, address_lines, country, email, phone, tax_id, bank_name, iban,
                account_number, bic, letter_language, logo_type, logo
         FROM company WHERE id = 1",
    )?;
    let row = stmt
        .query_row([], |r| {
            let logo = match (
                r.get::<_, Option<String>>(11)?,
                r.get::<_, Option<Vec<u8>>>(12)?,
            ) {
                (Some(media_type), Some(bytes)) => Some(StoredLogo { media_type, bytes }),
                _ => None,
            };
            Ok((
                CompanyRecord {
                    legal_name: r.get(0)?,
                    address_lines: Vec::new(),
                    country: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    tax_id: r.get(5)?,
                    bank_name: r.get(6)?,
                    iban: r.get(7)?,
                    account_number: r.get(8)?,
                    bic: r.get(9)?,
                    letter_language: r.get(10)?,
                    logo,
                },
                r.get::<_, String>(1)?,
            ))
        })
        .optional()?;
    let Some((mut record, lines)) = row else {
        return Ok(None);
    };
    record.address_lines = serde_json::from_str(&lines).map_err(|_| {
        StoreError::Unreadable(say!(en: "address lines {lines}", zh: "地址行 {lines}"))
    })?;
    Ok(Some(record))
}

fn read_smtp(conn: &Connection) -> Result<Option<SmtpRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT host, port, security, username, from_address, from_name
         FROM smtp_account WHERE id = 1",
    )?;
    Ok(stmt
        .query_row([], |r| {
            Ok(SmtpRecord {
                host: r.get(0)?,
                port: r.get(1)?,
                security: r.get(2)?,
                username: r.get(3)?,
                from_address: r.get(4)?,
                from_name: r.get(5)?,
            })
        })
        .optional()?)
}
