//! Collections: the dunning policy (a ladder of levels and what holds chasing back), the dunning
//! run that proposes communications from open items, and the charges a dunning claims (fees,
//! interest, compensation), which stay owed after the principal is paid.

pub mod charges;
pub mod policy;
pub mod run;

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
