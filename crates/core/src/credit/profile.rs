//! What is known about a customer's credit: its profile, the security it has given, the credit
//! reports bought about it, its trade-credit insurance, and its orders not yet invoiced.
//!
//! Validity periods are inclusive at both ends: a guarantee expiring on 30 June still covers on
//! 30 June and no longer on 1 July; insurance valid to 31 December is valid on 31 December.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::CreditError;
use crate::money::Money;
use crate::text::Word;

/// Whether a customer may buy on credit at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CreditStatus {
    /// Orders within the profile's limits are approved.
    Active,
    /// Held for now (a query, a payment awaited): every order is held until the status changes.
    OnHold,
    /// No further credit; every order is held.
    Blocked,
    /// The customer pays before delivery; no order on credit is approved.
    PrepaymentOnly,
}

impl CreditStatus {
    pub fn word(&self) -> Word {
        match self {
            CreditStatus::Active => Word::new("active", "正常"),
            CreditStatus::OnHold => Word::new("on hold", "暂停"),
            CreditStatus::Blocked => Word::new("blocked", "冻结"),
            CreditStatus::PrepaymentOnly => Word::new("prepayment only", "仅限预付"),
        }
    }
}

/// The credit controller's grading of a customer, lowest risk first. It is recorded and shown;
/// the rules of this module do not change with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RiskClass {
    Low,
    Medium,
    High,
    VeryHigh,
}

/// The terms on which a customer buys on credit.
///
/// Invariants (see [`CreditFile::problems`]): the limit is not negative, the default terms are
/// not longer than the longest allowed, and the review interval is at least one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditProfile {
    pub customer_reference: String,
    /// The most the customer may owe, receivables and open orders together. Its currency is the
    /// currency exposure is measured in.
    pub limit: Money,
    /// Terms an order gets unless it says otherwise, in days after the invoice date.
    pub default_terms_days: u32,
    /// The longest terms an order may have without a hold.
    pub max_terms_days: u32,
    pub risk_class: RiskClass,
    pub status: CreditStatus,
    /// The day the profile is next to be reviewed; on the day after it, orders are held.
    pub review_date: NaiveDate,
    pub review_interval_months: u32,
    /// Whether the credit policy asks this customer for security before selling on credit.
    pub security_required: bool,
}

impl CreditProfile {
    /// The review date after a review done on `reviewed_on`: the interval later, the day clamped
    /// to the length of the month (a review on 31 January with a one-month interval is next due
    /// on the last day of February). `None` beyond the calendar.
    pub fn next_review(&self, reviewed_on: NaiveDate) -> Option<NaiveDate> {
        reviewed_on.checked_add_months(Months::new(self.review_interval_months))
    }
}

/// What a security is, and until when it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecurityKind {
    /// Cash paid in by the customer and held; it does not expire.
    Deposit,
    BankGuarantee {
        expires_on: NaiveDate,
    },
    LetterOfCredit {
        expires_on: NaiveDate,
    },
}

impl SecurityKind {
    pub fn word(&self) -> Word {
        match self {
            SecurityKind::Deposit => Word::new("deposit", "保证金"),
            SecurityKind::BankGuarantee { .. } => Word::new("bank guarantee", "银行保函"),
            SecurityKind::LetterOfCredit { .. } => Word::new("letter of credit", "信用证"),
        }
    }
}

/// Security a customer has given for its debts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Security {
    pub kind: SecurityKind,
    pub amount: Money,
    /// The bank of a guarantee or letter of credit; for a deposit, who paid it in.
    pub issuer: String,
}

impl Security {
    /// The last day the security holds; `None` for a deposit.
    pub fn expires_on(&self) -> Option<NaiveDate> {
        match self.kind {
            SecurityKind::Deposit => None,
            SecurityKind::BankGuarantee { expires_on }
            | SecurityKind::LetterOfCredit { expires_on } => Some(expires_on),
        }
    }

    /// Whether the security holds on `date`: always for a deposit, through the expiry date
    /// itself for the others.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.expires_on().is_none_or(|last| date <= last)
    }
}

/// One report about the customer bought from a credit agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditReport {
    pub agency: String,
    pub date: NaiveDate,
    /// The score or rating as the agency writes it: `72`, `480`, `BB+`.
    pub rating: String,
    /// The limit the agency recommends, when it gives one.
    pub recommended_limit: Option<Money>,
    pub note: String,
}

impl CreditReport {
    /// The rating as a number, when it is one (`72`, `3.5`); letter ratings have none, so two of
    /// them are not compared.
    pub fn score(&self) -> Option<Decimal> {
        self.rating.trim().parse().ok()
    }
}

/// An unpaid invoice reported to the trade-credit insurer: once reported, the invoice no longer
/// raises the reporting-deadline alerts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InsurerReport {
    pub invoice_number: String,
    pub reported_on: NaiveDate,
    /// The insurer's reference of the report; empty when it gave none.
    pub reference: String,
}

/// A trade-credit insurance policy's cover of this customer (the insured buyer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TradeCreditInsurance {
    pub insurer: String,
    pub policy_number: String,
    /// The insurer's reference of this customer as a buyer.
    pub buyer_reference: String,
    /// The limit the insurer has approved for this buyer.
    pub insured_limit: Money,
    pub valid_from: NaiveDate,
    /// The last day of cover, inclusive.
    pub valid_to: NaiveDate,
    /// The longest terms the insurer covers, in days after the invoice date.
    pub max_credit_period_days: u32,
    /// Days after the due date by which an unpaid invoice must be reported to the insurer.
    pub reporting_deadline_days: u32,
}

impl TradeCreditInsurance {
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && date <= self.valid_to
    }

    /// The last day an invoice due on `due_date`, still unpaid, may be reported to the insurer.
    pub fn report_unpaid_by(&self, due_date: NaiveDate) -> Option<NaiveDate> {
        due_date.checked_add_days(Days::new(u64::from(self.reporting_deadline_days)))
    }
}

/// Everything the credit rules read about one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditFile {
    pub profile: CreditProfile,
    pub security: Vec<Security>,
    pub insurance: Option<TradeCreditInsurance>,
    /// In any order; the rules sort by date where it matters.
    pub reports: Vec<CreditReport>,
}

impl CreditFile {
    /// Everything in the file that breaks an invariant, each as a sentence naming the value; an
    /// empty list when the file can be stored. Beyond the profile's invariants: a security has
    /// an amount above zero and an issuer; a credit report names its agency and rating, and a
    /// limit it recommends is not negative; no two reports of one agency carry one date (which
    /// of them is the latest could not be told); insurance names its insurer, policy and buyer
    /// reference, insures a limit above zero, and does not end before it starts.
    ///
    /// The whole file is checked, not only what changed: a write that adds one item or changes
    /// the profile is refused when the file it would leave breaks any of these.
    pub fn problems(&self) -> Vec<CreditError> {
        let profile = &self.profile;
        let mut problems = Vec::new();
        if profile.limit.is_negative() {
            problems.push(CreditError::NegativeLimit {
                limit: profile.limit,
            });
        }
        if profile.default_terms_days > profile.max_terms_days {
            problems.push(CreditError::DefaultTermsOverMaximum {
                default_days: profile.default_terms_days,
                max_days: profile.max_terms_days,
            });
        }
        if profile.review_interval_months == 0 {
            problems.push(CreditError::NoReviewInterval);
        }
        for security in &self.security {
            if security.amount.is_negative() || security.amount.is_zero() {
                problems.push(CreditError::SecurityNotPositive {
                    amount: security.amount,
                });
            }
            if is_blank(&security.issuer) {
                problems.push(CreditError::SecurityIssuerBlank {
                    kind: security.kind,
                    amount: security.amount,
                });
            }
        }
        for report in &self.reports {
            if is_blank(&report.agency) {
                problems.push(CreditError::ReportAgencyBlank { date: report.date });
            }
            if is_blank(&report.rating) {
                problems.push(CreditError::ReportRatingBlank { date: report.date });
            }
            if let Some(limit) = report.recommended_limit.filter(Money::is_negative) {
                problems.push(CreditError::RecommendedLimitNegative {
                    date: report.date,
                    limit,
                });
            }
        }
        let mut dated: Vec<(&str, NaiveDate)> = self
            .reports
            .iter()
            .map(|r| (r.agency.trim(), r.date))
            .collect();
        dated.sort_unstable();
        for pair in dated.windows(2).filter(|pair| pair[0] == pair[1]) {
            let (agency, date) = pair[1];
            let repeated = CreditError::ReportRepeated {
                agency: agency.to_string(),
                date,
            };
            if !problems.contains(&repeated) {
                problems.push(repeated);
            }
        }
        if let Some(insurance) = &self.insurance {
            if is_blank(&insurance.insurer) {
                problems.push(CreditError::InsurerBlank);
            }
            if is_blank(&insurance.policy_number) {
                problems.push(CreditError::PolicyNumberBlank);
            }
            if is_blank(&insurance.buyer_reference) {
                problems.push(CreditError::BuyerReferenceBlank);
            }
            let limit = insurance.insured_limit;
            if limit.is_negative() || limit.is_zero() {
                problems.push(CreditError::InsuredLimitNotPositive { limit });
            }
            if insurance.valid_to < insurance.valid_from {
                problems.push(CreditError::InsurancePeriodReversed {
                    valid_from: insurance.valid_from,
                    valid_to: insurance.valid_to,
                });
            }
        }
        problems
    }
}

/// Whether a name or reference is missing: empty, or only spaces.
fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Where an order stands. Only an open order adds to exposure: an invoiced one is counted as a
/// receivable, and a closed one not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    Open,
    Closed,
    Invoiced,
}

/// A sales order of the customer, on credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Order {
    /// Unique per book: a changed order keeps its reference.
    pub reference: String,
    pub customer_reference: String,
    /// The order's value and currency.
    pub amount: Money,
    /// Payment terms in days after the invoice date.
    pub terms_days: u32,
    pub date: NaiveDate,
    pub state: OrderState,
}
