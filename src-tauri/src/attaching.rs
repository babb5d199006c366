//! The requests and answers of the commands that attach files to credit reports and disputes.
//!
//! The file to attach and the place a saved copy goes are chosen in the native dialogs, opened
//! here in Rust (see `choosing.rs`): the web UI asks for "attach a file to this report" or "save
//! this attachment" and never names a path. The answers carry file names only, never folders.

use creditdesk_app::error::AppResult;
use creditdesk_app::AttachmentEntry;
use serde::{Deserialize, Serialize};

use crate::choosing::Purpose;
use crate::session::Session;

/// One credit report of a customer, by the id the report entries give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditReportRequest {
    pub customer: String,
    pub report: i64,
}

/// One dispute, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeRequest {
    pub dispute: i64,
}

/// One attachment, by its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttachmentRequest {
    pub id: i64,
}

/// An attachment saved to disk, and the name of the file it was saved as (without its folder).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttachmentSaved {
    pub attachment: AttachmentEntry,
    pub saved_as: String,
}

/// Asks for a file in an open dialog and attaches it to the customer's credit report; `None`
/// when the user cancelled.
pub fn attach_chosen_to_credit_report(
    session: &Session,
    request: CreditReportRequest,
) -> AppResult<Option<AttachmentEntry>> {
    let Some(path) = session.choose(Purpose::Attachment) else {
        return Ok(None);
    };
    session
        .with_book(move |book| {
            book.attach_to_credit_report(&request.customer, request.report, &path)
        })
        .map(Some)
}

/// Asks for a file in an open dialog and attaches it to the dispute; `None` when the user
/// cancelled.
pub fn attach_chosen_to_dispute(
    session: &Session,
    request: DisputeRequest,
) -> AppResult<Option<AttachmentEntry>> {
    let Some(path) = session.choose(Purpose::Attachment) else {
        return Ok(None);
    };
    session
        .with_book(move |book| book.attach_to_dispute(request.dispute, &path))
        .map(Some)
}

/// Asks in a save dialog, suggesting the attachment's own name, where to save it, and writes it
/// there byte for byte (never over an existing file); `None` when the user cancelled.
pub fn save_attachment_as(
    session: &Session,
    request: AttachmentRequest,
) -> AppResult<Option<AttachmentSaved>> {
    let suggested = session.with_book(move |book| {
        let listed = book.attachment(request.id)?;
        Ok(listed.file_name)
    })?;
    let Some(path) = session.choose_named(Purpose::SaveAttachment, &suggested) else {
        return Ok(None);
    };
    let saved_as = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let attachment = session.with_book(move |book| book.save_attachment(request.id, &path))?;
    Ok(Some(AttachmentSaved {
        attachment,
        saved_as,
    }))
}
