//! The list of recently used books, kept as JSON in the app's config folder so that the app can
//! offer them on the book chooser and reopen the last one when it starts.
//!
//! Invariants: newest first, at most [`MAX_RECENT`] entries, one entry per file; an entry keeps
//! its id while it stays in the list. Files that no longer exist are left out when the list is
//! read. A list that cannot be read is treated as empty (it is a convenience, not data).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::RecentBook;

/// Books the list remembers.
pub const MAX_RECENT: usize = 10;

/// The file name of the list in the config folder.
pub const RECENT_FILE: &str = "recent-books.json";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Stored {
    next_id: u32,
    books: Vec<StoredBook>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredBook {
    id: u32,
    path: PathBuf,
    name: String,
    last_opened: String,
}

/// The recently used books, read from and written to one file.
pub struct RecentBooks {
    file: PathBuf,
}

impl RecentBooks {
    pub fn in_folder(config_dir: &Path) -> RecentBooks {
        RecentBooks {
            file: config_dir.join(RECENT_FILE),
        }
    }

    /// The books whose files still exist, newest first.
    pub fn list(&self) -> Vec<RecentBook> {
        self.read()
            .books
            .into_iter()
            .filter(|book| book.path.is_file())
            .map(|book| RecentBook {
                id: book.id,
                name: book.name,
                location: book.path.display().to_string(),
                last_opened: book.last_opened,
            })
            .collect()
    }

    /// The file of the entry `id`, if it is in the list and still exists.
    pub fn path_of(&self, id: u32) -> Option<PathBuf> {
        self.read()
            .books
            .into_iter()
            .find(|book| book.id == id && book.path.is_file())
            .map(|book| book.path)
    }

    /// The most recently opened book that still exists.
    pub fn last(&self) -> Option<PathBuf> {
        self.read()
            .books
            .into_iter()
            .map(|book| book.path)
            .find(|path| path.is_file())
    }

    /// Puts the book at the top of the list, opened at `opened_at`.
    pub fn opened(&self, path: &Path, name: &str, opened_at: &str) {
        let mut stored = self.read();
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let id = match stored.books.iter().position(|book| book.path == path) {
            Some(index) => stored.books.remove(index).id,
            None => {
                stored.next_id += 1;
                stored.next_id
            }
        };
        stored.books.insert(
            0,
            StoredBook {
                id,
                path,
                name: name.to_string(),
                last_opened: opened_at.to_string(),
            },
        );
        stored.books.retain(|book| book.path.is_file());
        stored.books.truncate(MAX_RECENT);
        self.write(&stored);
    }

    fn read(&self) -> Stored {
        let Ok(text) = std::fs::read_to_string(&self.file) else {
            return Stored::default();
        };
        serde_json::from_str(&text).unwrap_or_else(|err| {
            tracing::warn!(file = %self.file.display(), %err, "the recent books list is unreadable; starting a new one");
            Stored::default()
        })
    }

    /// Writes the whole list to a temporary file and renames it, so a crash never leaves half
    /// a list behind.
    fn write(&self, stored: &Stored) {
        let text = serde_json::to_string_pretty(stored).expect("the list is plain data");
        let temporary = self.file.with_extension("json.new");
        let written = self
            .file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temporary, text))
            .and_then(|()| std::fs::rename(&temporary, &self.file));
        if let Err(err) = written {
            tracing::warn!(file = %self.file.display(), %err, "the recent books list was not saved");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book_file(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, b"").unwrap();
        std::fs::canonicalize(path).unwrap()
    }

    #[test]
    fn the_last_opened_book_comes_first_and_keeps_its_id() {
        let dir = tempfile::tempdir().unwrap();
        let recent = RecentBooks::in_folder(&dir.path().join("config"));
        let acme = book_file(dir.path(), "acme.creditdesk");
        let umbrella = book_file(dir.path(), "umbrella.creditdesk");

        recent.opened(&acme, "Acme GmbH", "2026-03-01T08:00:00Z");
        recent.opened(&umbrella, "Umbrella Ltd", "2026-03-02T08:00:00Z");
        recent.opened(&acme, "Acme GmbH", "2026-03-03T08:00:00Z");

        let list = recent.list();
        let names: Vec<_> = list.iter().map(|b| (b.id, b.name.as_str())).collect();
        assert_eq!(names, [(1, "Acme GmbH"), (2, "Umbrella Ltd")]);
        assert_eq!(list[0].last_opened, "2026-03-03T08:00:00Z");
        assert_eq!(list[0].location, acme.display().to_string());
        assert_eq!(recent.last(), Some(acme.clone()));
        assert_eq!(recent.path_of(2), Some(umbrella));
    }

    #[test]
    fn books_whose_files_are_gone_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let recent = RecentBooks::in_folder(dir.path());
        let kept = book_file(dir.path(), "kept.creditdesk");
        let deleted = book_file(dir.path(), "deleted.creditdesk");
        recent.opened(&kept, "Kept", "2026-03-01T08:00:00Z");
        recent.opened(&deleted, "Deleted", "2026-03-02T08:00:00Z");

        std::fs::remove_file(&deleted).unwrap();

        let names: Vec<_> = recent.list().into_iter().map(|b| b.name).collect();
        assert_eq!(names, ["Kept"]);
        assert_eq!(recent.last(), Some(kept));
        assert_eq!(recent.path_of(2), None);
    }

    #[test]
    fn at_most_ten_books_are_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let recent = RecentBooks::in_folder(dir.path());
        for n in 1..=12 {
            let path = book_file(dir.path(), &format!("book-{n}.creditdesk"));
            recent.opened(&path, &format!("Book {n}"), "2026-03-01T08:00:00Z");
        }

        let list = recent.list();

        assert_eq!(list.len(), MAX_RECENT);
        assert_eq!(list[0].name, "Book 12");
        assert_eq!(list[9].name, "Book 3");
    }

    #[test]
    fn an_unreadable_list_counts_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RECENT_FILE), "not json").unwrap();
        let recent = RecentBooks::in_folder(dir.path());

        assert!(recent.list().is_empty());
        assert_eq!(recent.last(), None);
    }
}
