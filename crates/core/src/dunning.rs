//! Collections: the dunning policy (a ladder of levels and what holds chasing back), the dunning
//! run that proposes communications from open items, and the charges a dunning claims (fees,
//! interest, compensation), which stay owed after the principal is paid; and the texts of the
//! letters, emails and call scripts a run's communications are written with.

pub mod charges;
pub mod policy;
pub mod run;
pub mod templates;

pub use charges::{claim_standing, Charge, ChargeKind, ChargeSettlement, ClaimStanding};
pub use policy::{
    BookPolicies, Consequence, ContactChannel, DunningLevel, DunningPolicy, LevelTemplate, Pause,
    PauseScope, PolicyError, Preset,
};
pub use run::{
    propose, AllocationTask, Communication, Contact, DisputedInvoice, DunningItem, DunningProposal,
    ItemRef, LeftOut, LeftOutReason, PlanHold, PromiseHold, ProposedItem, RunInput, RunProblem,
    UnappliedCash,
};
pub use templates::{
    fill, LetterFacts, Placeholder, TemplateError, TemplateText, TemplateValues, SHIPPED_TEMPLATES,
};
