//! The inserts an import runs for every row it writes, prepared and bound through SQLite's C
//! interface.
//!
//! An import binds some twenty-five values for each row of the file. Bound through rusqlite,
//! every text is copied into memory SQLite allocates (and frees at the next bind), and every
//! value goes through a trait object and two result checks: about a tenth of the writing
//! thread's work on a large import. Here a statement's values are bound where they lie, for the
//! one run of the statement that reads them, and their results are checked once.
//!
//! Invariant: SQLite holds a bound text only while [`Insert::run`] runs, which borrows it for
//! that long; the bindings are cleared before it returns, whatever happened.

use std::ffi::{c_int, CStr};
use std::marker::PhantomData;
use std::ptr::NonNull;

use rusqlite::{ffi, Connection};

use crate::error::Result;

/// One insert statement, prepared for the life of an import.
pub(crate) struct Insert<'c> {
    conn: &'c Connection,
    statement: NonNull<ffi::sqlite3_stmt>,
    /// The values it binds.
    parameters: c_int,
}

/// The values of one run of an [`Insert`], bound in parameter order; the texts must live as
/// long as `'r`, the run.
pub(crate) struct Values<'r> {
    statement: *mut ffi::sqlite3_stmt,
    next: c_int,
    /// The first code other than `SQLITE_OK` a bind returned.
    failed: c_int,
    _texts: PhantomData<&'r str>,
}

impl<'c> Insert<'c> {
    /// Prepares `sql` on `conn`.
    pub(crate) fn prepare(conn: &'c Connection, sql: &str) -> Result<Insert<'c>> {
        let length = c_int::try_from(sql.len()).expect("an insert of the import is short");
        let mut statement = std::ptr::null_mut();
        // SAFETY: the connection's handle is valid while `conn` is borrowed, and so for the
        // statement's life; `sql` is valid for `length` bytes.
        let code = unsafe {
            ffi::sqlite3_prepare_v3(
                conn.handle(),
                sql.as_ptr().cast(),
                length,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut statement,
                std::ptr::null_mut(),
            )
        };
        let Some(statement) = NonNull::new(statement).filter(|_| code == ffi::SQLITE_OK) else {
            return Err(failure(conn, code));
        };
        // SAFETY: a statement just prepared.
        let parameters = unsafe { ffi::sqlite3_bind_parameter_count(statement.as_ptr()) };
        Ok(Insert {
            conn,
            statement,
            parameters,
        })
    }

    /// Binds the values `bind` gives, in parameter order, runs the statement once to its end
    /// and clears the bindings. Every parameter must be bound.
    pub(crate) fn run<'r>(&mut self, bind: impl FnOnce(&mut Values<'r>)) -> Result<()> {
        let statement = self.statement.as_ptr();
        let mut values = Values {
            statement,
            next: 1,
            failed: ffi::SQLITE_OK,
            _texts: PhantomData,
        };
        bind(&mut values);
        let bound = values.next - 1;

        let code = if bound != self.parameters {
            ffi::SQLITE_RANGE
        } else if values.failed != ffi::SQLITE_OK {
            values.failed
        } else {
            // SAFETY: a valid statement whose texts are borrowed for `'r`, which outlives this
            // call.
            match unsafe { ffi::sqlite3_step(statement) } {
                ffi::SQLITE_DONE => ffi::SQLITE_OK,
                code => code,
            }
        };
        let result = if code == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(failure(self.conn, code))
        };
        // SAFETY: a valid statement. The message above was read before the reset; the texts
        // borrowed for `'r` are no longer held once the bindings are cleared.
        unsafe {
            ffi::sqlite3_reset(statement);
            ffi::sqlite3_clear_bindings(statement);
        }
        // A statement bound in part is a fault of the writer, not of the file.
        assert_eq!(
            bound, self.parameters,
            "every parameter of the insert is bound"
        );
        result
    }
}

impl Drop for Insert<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared on a connection that is still open (it is
        // borrowed for the statement's life) and is finalized once.
        unsafe {
            ffi::sqlite3_finalize(self.statement.as_ptr());
        }
    }
}

impl<'r> Values<'r> {
    fn note(&mut self, code: c_int) {
        if self.failed == ffi::SQLITE_OK {
            self.failed = code;
        }
        self.next += 1;
    }

    pub(crate) fn int(&mut self, value: i64) {
        // SAFETY: a valid statement; a parameter out of range is reported, not undefined.
        let code = unsafe { ffi::sqlite3_bind_int64(self.statement, self.next, value) };
        self.note(code);
    }

    /// Binds `text` without copying it: SQLite reads it while the run lasts.
    pub(crate) fn text(&mut self, text: &'r str) {
        let length = c_int::try_from(text.len()).unwrap_or(c_int::MAX);
        // SAFETY: `text` is valid for `length` bytes for `'r`, longer than SQLite holds it
        // (see the module's invariant).
        let code = unsafe {
            ffi::sqlite3_bind_text(
                self.statement,
                self.next,
                text.as_ptr().cast(),
                length,
                ffi::SQLITE_STATIC(),
            )
        };
        self.note(code);
    }

    pub(crate) fn null(&mut self) {
        // SAFETY: a valid statement.
        let code = unsafe { ffi::sqlite3_bind_null(self.statement, self.next) };
        self.note(code);
    }

    pub(crate) fn maybe_int(&mut self, value: Option<i64>) {
        match value {
            Some(value) => self.int(value),
            None => self.null(),
        }
    }

    pub(crate) fn maybe_text(&mut self, text: Option<&'r str>) {
        match text {
            Some(text) => self.text(text),
            None => self.null(),
        }
    }
}

/// The error SQLite reports for `code`, with the connection's message.
fn failure(conn: &Connection, code: c_int) -> crate::error::StoreError {
    // SAFETY: the handle is valid while `conn` is borrowed; the message is copied at once.
    let message = unsafe {
        let text = ffi::sqlite3_errmsg(conn.handle());
        (!text.is_null()).then(|| CStr::from_ptr(text).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), message).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_bound_where_they_lie_are_written_and_a_refused_row_says_why() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            .unwrap();
        let mut insert = Insert::prepare(&conn, "INSERT INTO note VALUES (?, ?), (?, ?)").unwrap();
        let texts = [String::from("first"), String::new()];
        insert
            .run(|values| {
                for (id, text) in texts.iter().enumerate() {
                    values.int(id as i64 + 1);
                    values.text(text);
                }
            })
            .unwrap();
        let written: Vec<(i64, String)> = conn
            .prepare("SELECT id, text FROM note ORDER BY id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(written, [(1, "first".into()), (2, String::new())]);

        let refused = insert.run(|values| {
            values.int(3);
            values.maybe_text(None);
            values.int(4);
            values.text("fourth");
        });
        let message = refused.unwrap_err().to_string();
        assert!(
            message.contains("NOT NULL constraint failed: note.text"),
            "{message}"
        );

        // The statement runs again after a failure.
        insert
            .run(|values| {
                values.int(3);
                values.text("third");
                values.maybe_int(Some(4));
                values.text("fourth");
            })
            .unwrap();
        let count: i64 = conn
            .query_row("SELECT count(*) FROM note", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, 4);
    }
}
