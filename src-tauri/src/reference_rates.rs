//! The reference rates part of the Settings screen: the four tables statutory interest is
//! computed with, a newer rate file chosen in an open dialog and loaded in place of one, and the
//! way back to the shipped table. The path of the file never leaves the shell; the web UI learns
//! the file's name, the problems of a refused file by line, and what a load or a reset changed.

use creditdesk_app::error::AppResult;
use creditdesk_app::RateFileLoad;
use creditdesk_core::interest::RateSource;
use serde::{Deserialize, Serialize};

use crate::choosing::Purpose;
use crate::session::Session;

/// One reference rate table, by its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateSourceRequest {
    pub source: RateSource,
}

/// Asks for a rate file in an open dialog and loads it as the open book's table of `source`
/// (all of it, or nothing when a line is wrong: the answer then lists every problem by line);
/// `None` when the user cancelled.
pub fn load_chosen_rate_file(
    session: &Session,
    source: RateSource,
) -> AppResult<Option<RateFileLoad>> {
    let Some(path) = session.choose(Purpose::ReferenceRatesFile) else {
        return Ok(None);
    };
    session
        .with_book(move |book| book.load_rate_file(source, &path))
        .map(Some)
}
