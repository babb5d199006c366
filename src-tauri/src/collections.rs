//! The requests and answers of the collections commands: the dunning policy (the book's and a
//! customer's own), pauses, the letter templates, a customer's postal address, letter language
//! and interest terms, dunning runs from proposal to execution, phone tasks and charges.
//!
//! The answers are mostly the application layer's own types, which carry their sentences in the
//! language of the command. What is added here gathers what one screen shows in one answer (a
//! customer's collections set-up) or gives the web UI a typed request where the use case takes
//! text (a policy edited level by level, which the use case reads as JSON).

use chrono::NaiveDate;
use creditdesk_app::error::AppResult;
use creditdesk_app::{
    interest_words, CustomerAddress, CustomerInterest, OpenBook, PauseLine, PolicyChoice,
    PolicyView, TemplateLine,
};
use creditdesk_core::dunning::{DunningPolicy, Preset};
use creditdesk_core::text::Language;
use serde::{Deserialize, Serialize};

/// Whose dunning policy: the book's (`customer` null) or the one a customer follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyRequest {
    pub customer: Option<String>,
}

/// A dunning policy as the settings screen or a customer's page saves it: one of the shipped
/// presets, or a policy edited level by level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyEdit {
    Preset { preset: Preset },
    Edited { policy: DunningPolicy },
}

impl PolicyEdit {
    /// The choice the use case takes. An edited policy goes as the JSON it reads policies from:
    /// written here from the typed policy, it always has the shape the use case expects, so
    /// only the policy's own problems can refuse it.
    pub fn choice(&self) -> PolicyChoice {
        match self {
            PolicyEdit::Preset { preset } => PolicyChoice::Preset { preset: *preset },
            PolicyEdit::Edited { policy } => PolicyChoice::Json {
                json: serde_json::to_string(policy).expect("a policy is plain data"),
            },
        }
    }
}

/// Sets the book's policy (`customer` null) or a customer's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetPolicyRequest {
    pub customer: Option<String>,
    pub policy: PolicyEdit,
}

/// Lifts pause `id`: chasing resumes on `on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LiftPauseRequest {
    pub id: i64,
    pub on: NaiveDate,
}

/// One template in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateRequest {
    pub name: String,
    pub language: Language,
}

/// The user's own text of a template in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateInput {
    pub name: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
}

/// What resetting a template did, and the text that applies now (`null` when the name has no
/// text left in the language: a template of the user's own that was removed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateReset {
    pub message: String,
    pub template: Option<TemplateLine>,
}

/// Sets (or with `interest` null removes) the late-payment interest a customer's invoices bear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetInterestRequest {
    pub customer: String,
    pub interest: Option<CustomerInterest>,
}

/// What a customer's page shows of its collections set-up on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerCollections {
    pub customer: String,
    pub address: CustomerAddress,
    pub interest: Option<CustomerInterest>,
    /// The interest terms in words, in the language of the command; `null` without interest.
    pub interest_words: Option<String>,
    /// The policy the customer follows: its own, or the book's (`inherited`).
    pub policy: PolicyView,
    /// The pauses of the customer and of its invoices, the latest start first, each with
    /// whether it holds on the date.
    pub pauses: Vec<PauseLine>,
}

/// One dunning run, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunRequest {
    pub id: i64,
}

/// Approves the communications of a run given (`null`: all of them); with a list, the others
/// go back to proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApproveRequest {
    pub run: i64,
    pub communications: Option<Vec<i64>>,
}

/// Executes the approved communications of a run on `today` (not before the run's as-of date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExecuteRequest {
    pub run: i64,
    pub today: NaiveDate,
}

/// The phone tasks: only those not done yet with `open_only`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhoneTasksRequest {
    pub open_only: bool,
}

/// One executed communication, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommunicationRequest {
    pub id: i64,
}

/// The customer's collections set-up on `as_of`: address, letter language, interest terms,
/// the policy it follows and its pauses.
pub fn collections_of(
    book: &OpenBook,
    customer: &str,
    as_of: NaiveDate,
) -> AppResult<CustomerCollections> {
    let customer = customer.trim();
    let address = book.customer_address(customer)?;
    let interest = book.customer_interest(customer)?;
    let policy = book.dunning_policy(Some(customer))?;
    let pauses = book
        .pauses(as_of)?
        .into_iter()
        .filter(|line| line.entry.customer_reference == customer)
        .collect();
    Ok(CustomerCollections {
        customer: customer.to_string(),
        address,
        interest_words: interest.as_ref().map(interest_words),
        interest,
        policy,
        pauses,
    })
}

/// Resets template `name` in `language` and answers the text that applies now.
pub fn reset_template(
    book: &mut OpenBook,
    name: &str,
    language: Language,
) -> AppResult<TemplateReset> {
    let message = book.reset_letter_template(name, language)?;
    let template = book.letter_template(name, language).ok();
    Ok(TemplateReset { message, template })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_policy_goes_to_the_use_case_as_the_json_it_reads() {
        let policy = DunningPolicy::preset(Preset::Gentle);
        let edit = PolicyEdit::Edited {
            policy: policy.clone(),
        };

        let PolicyChoice::Json { json } = edit.choice() else {
            panic!("an edited policy goes as JSON");
        };

        let read: DunningPolicy = serde_json::from_str(&json).unwrap();
        assert_eq!(read, policy);
        assert_eq!(
            PolicyEdit::Preset {
                preset: Preset::Firm
            }
            .choice(),
            PolicyChoice::Preset {
                preset: Preset::Firm
            }
        );
    }
}
