//! Scenarios of the letters CreditDesk prints, read back from the PDF as a reader would.

mod documents;
mod dunning;
mod embedding;
mod errors;
mod fixtures;
mod letterhead;
mod pdf;
