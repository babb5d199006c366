//! Writing records to a book: an import transaction for whole files, and the single writes a
//! user makes by hand (a payment, an allocation, a dispute flag).
//!
//! Every write is idempotent by natural key: a record already in the book with the same content
//! is `Unchanged`, one with different content is a `Conflict` that names the field and both
//! values, and an invoice whose number lost its leading zeros in a spreadsheet is `Matched` to
//! the one the book holds. Nothing a conflict names is written. Every write path appends to the
//! audit trail in its own transaction; an import appends one summary entry per batch.
//!
//! Settlements are written with the schema's triggers off (see [`TriggersOff`]): the writer
//! computes the allocation columns the triggers would keep, which spares each allocation the
//! triggers' reads and updates. Every other write keeps the triggers on.
//!
//! An import holds its allocations back, and its invoices and settlements when the book has
//! none yet, and writes them many rows to a statement (see `held.rs`, bound as `insert.rs`
//! says); the book it leaves, ids included, is the one writing each row at once gives. A large
//! import into a book without invoices or settlements writes the book in place under a rollback
//! journal instead of through the write-ahead log, when nothing else has the book open (see
//! `journal.rs`).

mod compare;
mod held;
mod insert;
mod journal;
mod known;
mod rows;
mod settle;
mod single;
mod staged;
mod writer;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use creditdesk_core::ledger::{CustomerRecord, InvoiceRecord, LedgerRecord, SettlementRecord};

use crate::audit;
use crate::book::Book;
use crate::error::Result;
use journal::RollbackJournal;
pub use single::AllocationMade;
pub(crate) use writer::Writer;

/// What writing one record did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WriteOutcome {
    /// The record was new and is now in the book.
    Inserted,
    /// A customer already in the book got the new values of these fields (customer master
    /// data follows the latest file; a field the file leaves empty keeps the book's value).
    Updated { fields: Vec<String> },
    /// The book already holds the record with the same content; nothing was written.
    Unchanged,
    /// The record's number, stripped of leading zeros, matches a record of the same customer,
    /// date and amount that the book holds under `existing_number` (an invoice number or a
    /// settlement reference); nothing was written.
    Matched { existing_number: String },
    /// The record cannot be written as it stands; the message says why and what to do.
    /// Nothing of the record was written.
    Conflict(String),
    /// The book holds the record and keeps it as it is, though the file says one thing more that
    /// an import does not change (an invoice marked disputed in the file only); `note` says
    /// what and what to do, as a warning that continues the sentence after the row's number.
    Kept { note: String },
}

/// What the importer read from the file, besides the records it handed over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileCounts {
    /// Data rows read from the file.
    pub rows_read: u64,
    /// Rows the importer refused before they reached the book.
    pub rows_rejected: u64,
}

/// How many records of one kind had each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WriteTally {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub matched: u64,
    pub conflicts: u64,
}

impl WriteTally {
    fn count(&mut self, outcome: &WriteOutcome) {
        let slot = match outcome {
            WriteOutcome::Inserted => &mut self.inserted,
            WriteOutcome::Updated { .. } => &mut self.updated,
            WriteOutcome::Unchanged => &mut self.unchanged,
            WriteOutcome::Matched { .. } => &mut self.matched,
            WriteOutcome::Kept { .. } => &mut self.unchanged,
            WriteOutcome::Conflict(_) => &mut self.conflicts,
        };
        *slot += 1;
    }

    fn plus(self, other: WriteTally) -> WriteTally {
        WriteTally {
            inserted: self.inserted + other.inserted,
            updated: self.updated + other.updated,
            unchanged: self.unchanged + other.unchanged,
            matched: self.matched + other.matched,
            conflicts: self.conflicts + other.conflicts,
        }
    }
}

/// The outcomes of one import, per kind of record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportTally {
    pub customers: WriteTally,
    pub invoices: WriteTally,
    pub settlements: WriteTally,
}

/// While alive, the schema's triggers do not fire on the connection.
///
/// Only for a transaction whose writes go through a [`Writer`] that keeps the allocation columns
/// (`settled_minor`, `allocated_minor` and the applied days) itself; none of its writes needs
/// another trigger: it never updates or deletes audit entries, allocations or invoices.
/// Dropping it turns the triggers back on.
pub(crate) struct TriggersOff<'c> {
    conn: &'c Connection,
}

impl<'c> TriggersOff<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<TriggersOff<'c>> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        Ok(TriggersOff { conn })
    }
}

impl Drop for TriggersOff<'_> {
    fn drop(&mut self) {
        if let Err(err) = self
            .conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true)
        {
            tracing::warn!(error = %err, "the book's triggers could not be turned back on");
        }
    }
}

/// While alive, the connection keeps the larger page cache of an import.
///
/// Made before the import's transaction begins, it also leaves the connection's temporary
/// storage in memory with no temporary database open: SQLite then keeps the undo journal of
/// each multi-row insert (see `held.rs`) in memory, where as files those journals wrote
/// gigabytes for a large import, and the index builds at commit can still sort in temporary
/// files (see [`DeferredIndexes::rebuild`]).
pub(crate) struct ImportCache<'c> {
    conn: &'c Connection,
}

impl<'c> ImportCache<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<ImportCache<'c>> {
        conn.pragma_update(None, "cache_size", -crate::book::IMPORT_CACHE_KIB)?;
        // Changing the setting closes the temporary database that creating or upgrading a book
        // opens (SQLite's ALTER TABLE reads it); inside a transaction it could not be changed
        // while that database is open.
        conn.pragma_update(None, "temp_store", "FILE")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(ImportCache { conn })
    }
}

impl Drop for ImportCache<'_> {
    fn drop(&mut self) {
        let reading = -crate::book::READING_CACHE_KIB;
        let _ = self.conn.pragma_update(None, "temp_store", "MEMORY");
        if let Err(err) = self.conn.pragma_update(None, "cache_size", reading) {
            tracing::warn!(error = %err, "the book's page cache could not be made smaller again");
        }
    }
}

/// While alive, the connection does not check foreign keys.
///
/// Only for a transaction whose writes all go through a [`Writer`]: every id it writes into a
/// referencing column is one it has just read from or inserted into the book in the same
/// transaction, so the checks (a lookup per row) could never fail. The setting cannot change
/// inside a transaction, so the guard is made before the transaction begins and dropped after it
/// ends. Tests run `PRAGMA foreign_key_check` after such writes.
pub(crate) struct ForeignKeysOff<'c> {
    conn: &'c Connection,
}

impl<'c> ForeignKeysOff<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Result<ForeignKeysOff<'c>> {
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(ForeignKeysOff { conn })
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        if let Err(err) = self.conn.pragma_update(None, "foreign_keys", true) {
            tracing::warn!(error = %err, "the book's foreign key checks could not be turned back on");
        }
    }
}

struct BatchInfo {
    profile: String,
    file_name: String,
    sha256: String,
    counts: FileCounts,
}

/// One import: every record written in a single transaction with prepared statements.
///
/// Nothing is visible to other readers of the book until [`ImportTx::commit`]; dropping the
/// value instead rolls everything back. After a method returns `Err`, drop the transaction:
/// the failed record may be half written.
pub struct ImportTx<'b> {
    // Declared before `tx` so that the statements are finalised before the rollback on drop,
    // and `triggers` after it so that they are back on only once the transaction has ended.
    writer: Writer<'b>,
    tally: ImportTally,
    batch: Option<BatchInfo>,
    /// Set for a record entered by hand: the audit entry that names it.
    entry: Option<AuditNote>,
    /// The customers a record was inserted or changed for; kept with the batch.
    touched: Touched,
    /// The secondary indexes dropped for a bulk import, built again at commit.
    deferred: DeferredIndexes,
    tx: Transaction<'b>,
    triggers: TriggersOff<'b>,
    // After `tx`: the setting can change only once the transaction has ended.
    _foreign_keys: ForeignKeysOff<'b>,
    _cache: ImportCache<'b>,
    _journal: Option<RollbackJournal<'b>>,
}

/// The customers an import wrote to, one bit per customer id: customer ids are dense, so a
/// million customers take 125 KB however many rows the import writes for them.
#[derive(Default)]
struct Touched {
    bits: Vec<u64>,
}

impl Touched {
    fn insert(&mut self, customer_id: i64) {
        let Ok(id) = usize::try_from(customer_id) else {
            return;
        };
        let (word, bit) = (id / 64, id % 64);
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << bit;
    }

    /// The ids, in ascending order.
    fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.bits.iter().enumerate().flat_map(|(word, bits)| {
            (0..64)
                .filter(move |bit| bits & (1 << bit) != 0)
                .map(move |bit| (word * 64 + bit) as i64)
        })
    }

    /// Names the customers in `import_customer` under `batch_id`.
    fn name_in(&self, conn: &Connection, batch_id: i64) -> Result<()> {
        let mut named = conn.prepare_cached(
            "INSERT INTO import_customer (customer_id, batch_id) VALUES (?1, ?2)",
        )?;
        for customer_id in self.ids() {
            named.execute((customer_id, batch_id))?;
        }
        Ok(())
    }
}

/// What the audit trail says of a record entered by hand.
struct AuditNote {
    action: String,
    entity: String,
    reference: String,
    detail: serde_json::Value,
}

/// How an import keeps the book's secondary indexes (those the reports and lists read, as
/// opposed to the unique indexes and keys that the import itself looks records up by).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexUpkeep {
    /// Every row goes into every index as it is written: the cheapest for an import that is
    /// small beside the book.
    RowByRow,
    /// The secondary indexes are dropped when the import begins and built again, each in one
    /// sorted pass, when it commits: for an import that is large beside the book (a first
    /// import of a ledger), this writes its rows in well under half the time. A rollback
    /// brings the indexes back as they were. The instalments, too, are held back and written
    /// in batches sorted by the book's key (see `staged.rs`), and a book without invoices or
    /// settlements is written under a rollback journal (see `journal.rs`).
    Rebuilt,
}

/// The secondary indexes dropped by an import under [`IndexUpkeep::Rebuilt`], with the
/// statements that create them again.
#[derive(Default)]
struct DeferredIndexes {
    created_by: Vec<String>,
}

/// Threads that sort an index's entries while it is built again, besides the connection's own:
/// the reading thread of an import has finished by then, so its core would otherwise be idle.
const SORT_THREADS: i64 = 1;

/// The page cache while the indexes are built again, in KiB, which is also how much of an
/// index's entries SQLite sorts in memory at a time. Smaller runs keep both threads sorting:
/// measured on an import of a million rows, the four builds took 0.72 s with 4 MiB against
/// 0.82 s with 8 MiB and over 1.0 s with 32 or 64 MiB (one run sorted by one thread), and the
/// import's peak memory fell by 4 MB.
const SORT_CACHE_KIB: i64 = 4 * 1024;

/// The tables an import writes.
const IMPORTED_TABLES: &str = "'customer', 'invoice', 'instalment', 'settlement', 'allocation'";

impl DeferredIndexes {
    /// Drops the indexes on the imported tables that are neither unique, partial nor
    /// automatic. A partial index holds only some of its table's rows, usually few (the
    /// disputed invoices, the settlements not fully allocated): keeping it costs the import a
    /// comparison a row and an insert for each row it holds, where building it again would cost
    /// a scan of its table.
    ///
    /// Invariant: the import's own statements ([`Writer`]) look rows up only by primary and
    /// unique keys, so dropping these indexes never turns one of its lookups into a scan.
    fn drop_secondary(conn: &Connection) -> Result<DeferredIndexes> {
        let mut statement = conn.prepare(&format!(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({IMPORTED_TABLES})
                 AND NOT EXISTS (SELECT 1 FROM pragma_index_list(tbl_name) l
                                 WHERE l.name = sqlite_schema.name
                                     AND (l.\"unique\" OR l.partial))
             ORDER BY name"
        ))?;
        let indexes = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut deferred = DeferredIndexes::default();
        for (name, sql) in indexes {
            conn.execute(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")), [])?;
            deferred.created_by.push(sql);
        }
        Ok(deferred)
    }

    /// Creates the indexes again. Each build sorts in memory up to the connection's page cache
    /// before it spills to temporary files, so the cache is made small first: the peak memory
    /// of a large import then stays what its writing needed (the import's cache guard restores
    /// the reading cache afterwards).
    ///
    /// A book keeps temporary storage in memory, where a build would hold its whole sort, so
    /// the builds put it in files (see [`ImportCache`] for why it stays in memory until then).
    /// Should SQLite refuse the change, because something opened a temporary database during
    /// the import, the indexes are built in memory all the same: correct, only larger.
    fn rebuild(&self, conn: &Connection) -> Result<()> {
        if self.created_by.is_empty() {
            return Ok(());
        }
        conn.pragma_update(None, "cache_size", -SORT_CACHE_KIB)?;
        if let Err(err) = conn.pragma_update(None, "temp_store", "FILE") {
            tracing::warn!(error = %err, "the indexes of an import are sorted in memory");
        }
        conn.pragma_update(None, "threads", SORT_THREADS)?;
        let built = self
            .created_by
            .iter()
            .try_for_each(|sql| conn.execute(sql, []).map(drop));
        // Back to the book's settings whether or not the builds succeeded (the import's cache
        // guard sets the temporary storage again once the transaction has ended).
        conn.pragma_update(None, "threads", 0)?;
        let _ = conn.pragma_update(None, "temp_store", "MEMORY");
        built?;
        Ok(())
    }
}

impl Book {
    /// Starts an import that keeps every index row by row. Holds the book's write lock until
    /// committed or dropped.
    pub fn begin_import(&mut self) -> Result<ImportTx<'_>> {
        self.begin_import_with(IndexUpkeep::RowByRow)
    }

    /// Starts an import that keeps the secondary indexes as `upkeep` says.
    pub fn begin_import_with(&mut self, upkeep: IndexUpkeep) -> Result<ImportTx<'_>> {
        self.begin_import_holding(upkeep, true)
    }

    /// Starts an import whose writer holds rows back for multi-row inserts (see `held.rs`) when
    /// `holds`, or writes each row at once; tests compare the two.
    pub(crate) fn begin_import_holding(
        &mut self,
        upkeep: IndexUpkeep,
        holds: bool,
    ) -> Result<ImportTx<'_>> {
        let conn = &*self.conn_mut();
        let cache = ImportCache::new(conn)?;
        let foreign_keys = ForeignKeysOff::new(conn)?;
        let journal = match upkeep {
            IndexUpkeep::RowByRow => None,
            IndexUpkeep::Rebuilt => Some(RollbackJournal::for_first_import(conn)?),
        };
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let deferred = match upkeep {
            IndexUpkeep::RowByRow => DeferredIndexes::default(),
            IndexUpkeep::Rebuilt => DeferredIndexes::drop_secondary(conn)?,
        };
        let triggers = TriggersOff::new(conn)?;
        let stages = upkeep == IndexUpkeep::Rebuilt;
        let mut writer = Writer::keeping_allocation_columns(conn, &triggers, stages)?;
        if holds {
            writer.hold_rows()?;
        }
        Ok(ImportTx {
            writer,
            tally: ImportTally::default(),
            batch: None,
            entry: None,
            touched: Touched::default(),
            deferred,
            tx,
            triggers,
            _foreign_keys: foreign_keys,
            _cache: cache,
            _journal: journal,
        })
    }
}

impl<'b> ImportTx<'b> {
    pub fn customer(&mut self, record: &CustomerRecord) -> Result<WriteOutcome> {
        let outcome = self.writer.customer(record)?;
        self.tally.customers.count(&outcome);
        self.touch(&record.reference, &outcome)?;
        Ok(outcome)
    }

    pub fn invoice(&mut self, record: &InvoiceRecord) -> Result<WriteOutcome> {
        let outcome = self.writer.invoice(record)?;
        self.tally.invoices.count(&outcome);
        self.touch(&record.customer_reference, &outcome)?;
        Ok(outcome)
    }

    /// Writes a settlement. When it names an invoice (by its number, leading zeros ignored),
    /// it is allocated to that invoice's instalments in due order, up to their open amounts,
    /// applied on the settlement date (or the invoice's issue date, for a payment older than
    /// its invoice); a payment that settles the invoice within its early-payment discount also
    /// records the discount as a settlement `<reference>-discount` and allocates it (case B04).
    /// What the invoice cannot take, and a settlement that names no invoice, stays unapplied
    /// until [`Book::allocate_unapplied`]. The currency must be the invoice's; `paid_in` keeps
    /// what was actually paid (case B22).
    pub fn settlement(&mut self, record: &SettlementRecord) -> Result<WriteOutcome> {
        let outcome = self.writer.settlement(record)?;
        self.tally.settlements.count(&outcome);
        self.touch(&record.customer_reference, &outcome)?;
        Ok(outcome)
    }

    /// Writes what an export says was paid on an invoice by a day (see
    /// [`LedgerRecord::SettledToDate`]): the first time as the payment it is, afterwards only what
    /// is more than the book holds from such records of the invoice, as a payment
    /// `<reference>-<date>`; no more than that changes nothing.
    pub fn settled_to_date(&mut self, record: &SettlementRecord) -> Result<WriteOutcome> {
        let outcome = self.writer.settled_to_date(record)?;
        self.tally.settlements.count(&outcome);
        self.touch(&record.customer_reference, &outcome)?;
        Ok(outcome)
    }

    /// Remembers the customer of a record that changed the book. The writer has just looked the
    /// customer up, so finding its id again costs a comparison with the last one.
    fn touch(&mut self, customer_reference: &str, outcome: &WriteOutcome) -> Result<()> {
        if matches!(
            outcome,
            WriteOutcome::Inserted | WriteOutcome::Updated { .. }
        ) {
            if let Some(id) = self.writer.customer_id(customer_reference)? {
                self.touched.insert(id);
            }
        }
        Ok(())
    }

    /// Writes any record read from a file, by its kind.
    pub fn record(&mut self, record: &LedgerRecord) -> Result<WriteOutcome> {
        match record {
            LedgerRecord::Customer(c) => self.customer(c),
            LedgerRecord::Invoice(i) => self.invoice(i),
            LedgerRecord::Settlement(s) => self.settlement(s),
            LedgerRecord::SettledToDate(s) => self.settled_to_date(s),
        }
    }

    /// Names the file this import came from; written with the outcome counts at commit.
    pub fn record_batch(
        &mut self,
        profile: &str,
        file_name: &str,
        sha256: &str,
        counts: FileCounts,
    ) {
        self.batch = Some(BatchInfo {
            profile: profile.to_string(),
            file_name: file_name.to_string(),
            sha256: sha256.to_string(),
            counts,
        });
    }

    /// Marks the records of this transaction as entered by hand: a conflict with the book says
    /// what the person gave, not what a file has.
    pub fn by_hand(&mut self) {
        self.writer.by_hand = true;
    }

    /// Marks this transaction as one record entered by hand: the audit trail then names the
    /// action and the record (`post_invoice`, `invoice`, `INV-0404`, its content) instead of
    /// summarising an import.
    pub fn describe_entry(
        &mut self,
        action: &str,
        entity: &str,
        reference: &str,
        detail: serde_json::Value,
    ) {
        self.entry = Some(AuditNote {
            action: action.to_string(),
            entity: entity.to_string(),
            reference: reference.to_string(),
            detail,
        });
    }

    /// The outcomes so far.
    pub fn tally(&self) -> ImportTally {
        self.tally
    }

    /// Writes the batch row (when [`ImportTx::record_batch`] named the file) and one audit
    /// entry summarising the import, then commits.
    pub fn commit(self) -> Result<ImportTally> {
        let ImportTx {
            writer,
            tally,
            batch,
            entry,
            touched,
            deferred,
            tx,
            triggers,
            _foreign_keys: foreign_keys,
            _cache: cache,
            _journal: journal,
        } = self;
        // The transaction ends inside, committed or rolled back, before the guards are dropped.
        let committed = ImportTx::finish(writer, tally, batch, entry, touched, deferred, tx);
        drop(triggers);
        drop(foreign_keys);
        drop(cache);
        drop(journal);
        committed
    }

    fn finish(
        writer: Writer<'b>,
        tally: ImportTally,
        batch: Option<BatchInfo>,
        entry: Option<AuditNote>,
        touched: Touched,
        deferred: DeferredIndexes,
        tx: Transaction<'b>,
    ) -> Result<ImportTally> {
        let mut writer = writer;
        // Refunds written before the payments they refund take them back now that all are in.
        writer.apply_waiting_refunds(None)?;
        drop(writer);
        deferred.rebuild(&tx)?;

        let all = tally.customers.plus(tally.invoices).plus(tally.settlements);
        let file_name = batch.as_ref().map_or("", |b| b.file_name.as_str());
        let mut detail = json!({
            "customers": tally.customers,
            "invoices": tally.invoices,
            "settlements": tally.settlements,
        });
        if let Some(batch) = &batch {
            tx.execute(
                "INSERT INTO import_batch (profile, file_name, sha256, rows_read, rows_rejected,
                     inserted, updated, unchanged, matched, conflicts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                (
                    &batch.profile,
                    &batch.file_name,
                    &batch.sha256,
                    batch.counts.rows_read as i64,
                    batch.counts.rows_rejected as i64,
                    all.inserted as i64,
                    all.updated as i64,
                    all.unchanged as i64,
                    all.matched as i64,
                    all.conflicts as i64,
                ),
            )?;
            let batch_id = tx.last_insert_rowid();
            touched.name_in(&tx, batch_id)?;
            detail["batch"] = json!(batch_id);
            detail["profile"] = json!(batch.profile);
            detail["sha256"] = json!(batch.sha256);
            detail["rows_read"] = json!(batch.counts.rows_read);
            detail["rows_rejected"] = json!(batch.counts.rows_rejected);
        }
        match &entry {
            Some(note) => audit::append(
                &tx,
                &note.action,
                &note.entity,
                &note.reference,
                &note.detail,
            )?,
            None => audit::append(&tx, "import", "import_batch", file_name, &detail)?,
        }
        tx.commit()?;
        Ok(tally)
    }
}

#[cfg(test)]
mod tests {
    use creditdesk_core::ledger::CustomerRecord;
    use creditdesk_core::Currency;

    use crate::book::{Book, BookSettings};

    fn foreign_keys_enforced(book: &Book) -> bool {
        book.conn()
            .query_row("PRAGMA foreign_keys", [], |row| row.get::<_, bool>(0))
            .unwrap()
    }

    fn acme() -> CustomerRecord {
        CustomerRecord {
            reference: "C-1".into(),
            name: "Acme".into(),
            country: None,
            email: None,
            preferred_channel: None,
        }
    }

    fn cache_kib(book: &Book) -> i64 {
        -book
            .conn()
            .query_row("PRAGMA cache_size", [], |row| row.get::<_, i64>(0))
            .unwrap()
    }

    /// 0 default, 1 files, 2 memory.
    fn temp_store(book: &Book) -> i64 {
        book.conn()
            .query_row("PRAGMA temp_store", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn a_large_import_sorts_its_indexes_in_files_and_leaves_temporary_storage_in_memory() {
        let settings = BookSettings {
            name: "Acme Trading Ltd".into(),
            currency: Currency::from_code("EUR").unwrap(),
        };
        // Creating the book opened SQLite's temporary database (its ALTER TABLE reads it),
        // which would keep the import from sorting in files.
        let mut book = Book::open_in_memory(&settings).unwrap();
        for commit in [false, true] {
            let mut tx = book.begin_import_with(super::IndexUpkeep::Rebuilt).unwrap();
            tx.customer(&acme()).unwrap();
            let files = tx.tx.pragma_update(None, "temp_store", "FILE");
            assert!(files.is_ok(), "inside the import: {files:?}");
            tx.tx.pragma_update(None, "temp_store", "MEMORY").unwrap();
            if commit {
                tx.commit().unwrap();
            } else {
                drop(tx);
            }
            assert_eq!(temp_store(&book), 2);
        }
    }

    #[test]
    fn an_import_has_the_larger_page_cache_only_while_it_runs() {
        let settings = BookSettings {
            name: "Acme Trading Ltd".into(),
            currency: Currency::from_code("EUR").unwrap(),
        };
        let mut book = Book::open_in_memory(&settings).unwrap();
        assert_eq!(cache_kib(&book), crate::book::READING_CACHE_KIB);
        for commit in [false, true] {
            let mut tx = book.begin_import().unwrap();
            tx.customer(&acme()).unwrap();
            if commit {
                tx.commit().unwrap();
            } else {
                drop(tx);
            }
            assert_eq!(cache_kib(&book), crate::book::READING_CACHE_KIB);
        }
    }

    #[test]
    fn foreign_keys_are_enforced_again_after_every_import_committed_or_not() {
        let settings = BookSettings {
            name: "Acme Trading Ltd".into(),
            currency: Currency::from_code("EUR").unwrap(),
        };
        let mut book = Book::open_in_memory(&settings).unwrap();
        assert!(foreign_keys_enforced(&book));

        let mut tx = book.begin_import().unwrap();
        tx.customer(&acme()).unwrap();
        drop(tx);
        assert!(foreign_keys_enforced(&book), "after a rollback");

        let mut tx = book.begin_import().unwrap();
        tx.customer(&acme()).unwrap();
        tx.commit().unwrap();
        assert!(foreign_keys_enforced(&book), "after a commit");

        let orphan = book.conn().execute(
            "INSERT INTO invoice (number, customer_id, currency, issue_date, total_minor, terms)
             VALUES ('INV-1', 99, 'EUR', '2024-01-01', 100, 'net 30')",
            [],
        );
        assert!(orphan.is_err(), "an invoice of no customer is refused");
    }
}
