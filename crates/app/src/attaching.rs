//! Files attached to a credit report or a dispute, as a person handles them: attach a file from
//! disk, list what is attached, save one back to disk, remove one.
//!
//! A file is read whole into the book, so it is refused before reading when it is larger than
//! [`MAX_ATTACHMENT_BYTES`]. Its name is kept as the file system gives it, its content byte for
//! byte; a saved copy never overwrites an existing file.

use std::io::Write as _;
use std::path::Path;

use creditdesk_core::say;
use creditdesk_store::{AttachmentEntry, NewAttachment};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{io_error, store_error, FileStep, OpenBook};

/// The largest file that can be attached: 20 MB (20 × 1024 × 1024 bytes). A book is one file
/// that is backed up and mailed whole; larger evidence belongs in a document store.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;

/// Media types by file extension (lowercase), for the files a credit file or a dispute usually
/// holds; anything else is `application/octet-stream`.
const MEDIA_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("tif", "image/tiff"),
    ("tiff", "image/tiff"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("eml", "message/rfc822"),
    ("msg", "application/vnd.ms-outlook"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("zip", "application/zip"),
    ("xml", "application/xml"),
    ("json", "application/json"),
    ("html", "text/html"),
];

/// The media type of a file named `file_name` whose content starts with `content`: a PDF is
/// known by its signature whatever its name, anything else by its extension.
pub fn media_type_of(file_name: &str, content: &[u8]) -> &'static str {
    if content.starts_with(b"%PDF-") {
        return "application/pdf";
    }
    let extension = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    extension
        .and_then(|e| {
            MEDIA_TYPES
                .iter()
                .find(|(known, _)| *known == e)
                .map(|(_, media)| *media)
        })
        .unwrap_or("application/octet-stream")
}

impl OpenBook {
    /// Attaches the file at `path` to credit report `report` of customer `customer` (see
    /// [`OpenBook::credit_report_entries`]). Audited as `attach_file`.
    pub fn attach_to_credit_report(
        &mut self,
        customer: &str,
        report: i64,
        path: &Path,
    ) -> AppResult<AttachmentEntry> {
        let customer = customer.trim();
        self.credit_file(customer)?;
        let file = read_attachment(path)?;
        let found = self
            .book
            .attach_to_credit_report(customer, report, file.as_new())
            .map_err(store_error)?;
        found.ok_or_else(|| no_credit_report(customer, report))
    }

    /// Attaches the file at `path` to dispute `dispute` (see [`OpenBook::dispute_entries`]).
    /// Audited as `attach_file`.
    pub fn attach_to_dispute(&mut self, dispute: i64, path: &Path) -> AppResult<AttachmentEntry> {
        let file = read_attachment(path)?;
        let found = self
            .book
            .attach_to_dispute(dispute, file.as_new())
            .map_err(store_error)?;
        found.ok_or_else(|| no_dispute(dispute))
    }

    /// The files attached to credit report `report` of customer `customer`, oldest first,
    /// without their content.
    pub fn attachments_of_credit_report(
        &self,
        customer: &str,
        report: i64,
    ) -> AppResult<Vec<AttachmentEntry>> {
        let customer = customer.trim();
        let known = self.credit_report_entries(customer)?;
        if !known.iter().any(|entry| entry.id == report) {
            return Err(no_credit_report(customer, report));
        }
        self.book
            .credit_report_attachments(customer, report)
            .map_err(store_error)
    }

    /// The files attached to dispute `dispute`, oldest first, without their content.
    pub fn attachments_of_dispute(&self, dispute: i64) -> AppResult<Vec<AttachmentEntry>> {
        if !self.book.has_dispute(dispute).map_err(store_error)? {
            return Err(no_dispute(dispute));
        }
        self.book.dispute_attachments(dispute).map_err(store_error)
    }

    /// Attachment `id` as listed (name, type, size, date), without its content.
    pub fn attachment(&self, id: i64) -> AppResult<AttachmentEntry> {
        self.book
            .attachment(id)
            .map_err(store_error)?
            .ok_or_else(|| no_attachment(id))
    }

    /// Writes attachment `id` to `to`, byte for byte; refuses a path that already exists, so
    /// that no file is overwritten. Answers the attachment saved.
    pub fn save_attachment(&self, id: i64, to: &Path) -> AppResult<AttachmentEntry> {
        let (entry, content) = self
            .book
            .attachment_content(id)
            .map_err(store_error)?
            .ok_or_else(|| no_attachment(id))?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(to)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    let path = to.display();
                    AppError::new(
                        ErrorCode::Conflict,
                        say!(
                            en: "{path} already exists; choose another file name to save the \
                                 attachment to.",
                            zh: "{path} 已存在；请另选一个文件名来保存该附件。",
                        ),
                    )
                } else {
                    io_error(to, FileStep::Written, &e)
                }
            })?;
        let written = file.write_all(&content).and_then(|()| file.sync_all());
        if let Err(e) = written {
            drop(file);
            // A partial copy would pass for the attachment; leave none behind.
            let _ = std::fs::remove_file(to);
            return Err(io_error(to, FileStep::Written, &e));
        }
        Ok(entry)
    }

    /// Removes attachment `id`; answers what was removed. Audited as `remove_attachment`.
    pub fn remove_attachment(&mut self, id: i64) -> AppResult<AttachmentEntry> {
        self.book
            .remove_attachment(id)
            .map_err(store_error)?
            .ok_or_else(|| no_attachment(id))
    }
}

/// A file read for attaching, with what the book keeps about it.
struct FileToAttach {
    file_name: String,
    media_type: &'static str,
    sha256: String,
    content: Vec<u8>,
}

impl FileToAttach {
    fn as_new(&self) -> NewAttachment<'_> {
        NewAttachment {
            file_name: &self.file_name,
            media_type: self.media_type,
            sha256: &self.sha256,
            content: &self.content,
        }
    }
}

/// Reads the file at `path` whole, refusing a folder and a file over the limit before reading.
fn read_attachment(path: &Path) -> AppResult<FileToAttach> {
    let file_name = match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => {
            let path = path.display();
            return Err(AppError::invalid(say!(
                en: "{path} is not a file; choose the file to attach.",
                zh: "{path} 不是文件；请选择要附加的文件。",
            )));
        }
    };
    let metadata = std::fs::metadata(path).map_err(|e| io_error(path, FileStep::Read, &e))?;
    if !metadata.is_file() {
        let path = path.display();
        return Err(AppError::invalid(say!(
            en: "{path} is not a file; choose the file to attach.",
            zh: "{path} 不是文件；请选择要附加的文件。",
        )));
    }
    if metadata.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_large(&file_name, metadata.len()));
    }
    let content = std::fs::read(path).map_err(|e| io_error(path, FileStep::Read, &e))?;
    // The file may have grown between the two looks.
    if content.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(too_large(&file_name, content.len() as u64));
    }
    let sha256 = Sha256::digest(&content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(FileToAttach {
        media_type: media_type_of(&file_name, &content),
        file_name,
        sha256,
        content,
    })
}

fn too_large(file_name: &str, size: u64) -> AppError {
    let limit = MAX_ATTACHMENT_BYTES;
    AppError::invalid(say!(
        en: "{file_name} is {size} bytes, more than the {limit} bytes (20 MB) a file attached \
             to the book may have; attach a smaller or compressed copy.",
        zh: "{file_name} 大小为 {size} 字节，超过附件允许的上限 {limit} 字节（20 MB）；\
             请附加较小的或压缩后的副本。",
    ))
}

fn no_credit_report(customer: &str, report: i64) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        say!(
            en: "Customer {customer} has no credit report with id {report}; list the customer's \
                 credit reports to see the ids.",
            zh: "客户 {customer} 没有编号为 {report} 的信用报告；请列出该客户的信用报告以查看\
                 编号。",
        ),
    )
}

fn no_dispute(dispute: i64) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        say!(
            en: "No dispute with id {dispute} is in the book; list the disputes to find its id.",
            zh: "账簿中没有编号为 {dispute} 的争议；请列出争议以查找其编号。",
        ),
    )
}

fn no_attachment(id: i64) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        say!(
            en: "No attachment with id {id} is in the book; list the attachments of the credit \
                 report or the dispute to see the ids.",
            zh: "账簿中没有编号为 {id} 的附件；请列出该信用报告或争议的附件以查看编号。",
        ),
    )
}
