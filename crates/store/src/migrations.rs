//! The schema of a book as an append-only list of SQL steps, and how a book is brought up to
//! date.
//!
//! Invariants: step N takes a book from schema version N-1 to N and is never edited once
//! released (a change is a new step at the end); the version is `PRAGMA user_version`; all
//! pending steps run in one transaction, so a book is either fully upgraded or untouched; a book
//! with a higher version than [`SCHEMA_VERSION`] is refused before anything is written to it.

use rusqlite::Transaction;

use crate::error::{Result, StoreError};

/// `PRAGMA application_id` of every book: "CDSK" in ASCII. A SQLite file without it is not a
/// book, whatever tables it has.
pub(crate) const APPLICATION_ID: i32 = 0x4344_534B;

/// The schema version this build writes and the highest it reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Step N (1-based) upgrades a book from version N-1 to N.
pub(crate) const MIGRATIONS: &[&str] = &[
    SCHEMA_1, SCHEMA_2, SCHEMA_3, SCHEMA_4, SCHEMA_5, SCHEMA_6, SCHEMA_7, SCHEMA_8, SCHEMA_9,
    SCHEMA_10, SCHEMA_11, SCHEMA_12,
];

const SCHEMA_1: &str = r#"
CREATE TABLE book (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT,
    email TEXT,
    channel TEXT CHECK (channel IN ('paper', 'email'))
) STRICT;

CREATE TABLE invoice (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL GENERATED ALWAYS AS (ltrim(number, '0')) VIRTUAL,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    issue_date TEXT NOT NULL CHECK (issue_date IS date(issue_date)),
    issue_day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(issue_date) / 86400) VIRTUAL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
    terms TEXT NOT NULL,
    discount_percent TEXT,
    discount_until TEXT CHECK (discount_until IS date(discount_until)),
    discount_minor INTEGER,
    disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
    CHECK ((discount_percent IS NULL) = (discount_until IS NULL)
        AND (discount_until IS NULL) = (discount_minor IS NULL))
) STRICT;
-- Two numbers that differ only by leading zeros are one invoice: a spreadsheet that dropped
-- the zeros must find the original, so the stripped number is unique (and so is the number).
CREATE UNIQUE INDEX invoice_by_number ON invoice (number_key);

-- Clustered by customer and currency, so that every report reads this table in one sequential
-- pass with no sort and no other index; an invoice's instalments are found by the key prefix
-- (customer, currency, invoice), which the invoice row gives. Customer, currency, issue day and
-- disputed are copies of the invoice's (written with the instalment; the trigger below keeps
-- `disputed`). `due_day` is NOT NULL, so a due date that is not `YYYY-MM-DD` is refused.
-- settled_minor and the applied days cache the allocations and are kept by the allocation
-- triggers; days 0 with settled_minor 0 mean "nothing applied".
CREATE TABLE instalment (
    customer_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    due_date TEXT NOT NULL CHECK (length(due_date) = 10),
    due_day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(due_date) / 86400) STORED,
    issue_day INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    disputed INTEGER NOT NULL CHECK (disputed IN (0, 1)),
    settled_minor INTEGER NOT NULL DEFAULT 0,
    first_applied_day INTEGER NOT NULL DEFAULT 0,
    last_applied_day INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, currency, invoice_id, seq),
    CHECK (settled_minor BETWEEN 0 AND amount_minor)
) STRICT, WITHOUT ROWID;

CREATE TABLE settlement (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'credit_note', 'write_off', 'discount')),
    reference TEXT NOT NULL,
    reference_key TEXT NOT NULL GENERATED ALWAYS AS (ltrim(reference, '0')) VIRTUAL,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    date TEXT NOT NULL CHECK (date IS date(date)),
    day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(date) / 86400) STORED,
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    amount_minor INTEGER NOT NULL,
    invoice_number TEXT,
    invoice_id INTEGER REFERENCES invoice (id),
    paid_currency TEXT,
    paid_minor INTEGER,
    paid_rate TEXT,
    allocated_minor INTEGER NOT NULL DEFAULT 0,
    first_applied_day INTEGER NOT NULL DEFAULT 0,
    last_applied_day INTEGER NOT NULL DEFAULT 0,
    CHECK ((paid_currency IS NULL) = (paid_minor IS NULL)
        AND (paid_minor IS NULL) = (paid_rate IS NULL)),
    CHECK (allocated_minor BETWEEN 0 AND max(amount_minor, 0))
) STRICT;
-- Unique by kind and reference, leading zeros ignored, as invoices are by number.
CREATE UNIQUE INDEX settlement_by_reference ON settlement (kind, reference_key);
-- Covers the unapplied amounts of the reports, so that they never read the table.
CREATE INDEX settlement_by_customer ON settlement (
    customer_id, currency, day, amount_minor, allocated_minor, first_applied_day, last_applied_day
);

CREATE TABLE allocation (
    id INTEGER PRIMARY KEY,
    settlement_id INTEGER NOT NULL REFERENCES settlement (id),
    customer_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    invoice_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    applied_on TEXT NOT NULL CHECK (applied_on IS date(applied_on)),
    applied_day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(applied_on) / 86400) STORED,
    FOREIGN KEY (customer_id, currency, invoice_id, seq)
        REFERENCES instalment (customer_id, currency, invoice_id, seq)
) STRICT;
CREATE INDEX allocation_by_instalment ON allocation (invoice_id, seq, applied_day, amount_minor);
CREATE INDEX allocation_by_settlement ON allocation (settlement_id, applied_day, amount_minor);

CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    profile TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    matched INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    reference TEXT NOT NULL,
    detail TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: an entry cannot be changed.');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: an entry cannot be deleted.');
END;

CREATE TRIGGER invoice_posting_is_fixed
BEFORE UPDATE OF number, customer_id, currency, issue_date, total_minor ON invoice
BEGIN
    SELECT RAISE(ABORT, 'A posted invoice keeps its number, customer, currency, date and total.');
END;
CREATE TRIGGER invoice_dispute_reaches_instalments AFTER UPDATE OF disputed ON invoice
BEGIN
    UPDATE instalment SET disputed = NEW.disputed
    WHERE customer_id = NEW.customer_id AND currency = NEW.currency AND invoice_id = NEW.id;
END;

CREATE TRIGGER allocation_keeps_one_currency BEFORE INSERT ON allocation
WHEN (SELECT currency FROM settlement WHERE id = NEW.settlement_id) IS NOT NEW.currency
BEGIN
    SELECT RAISE(ABORT, 'An allocation joins a settlement and an instalment of one currency.');
END;
CREATE TRIGGER allocation_is_never_edited BEFORE UPDATE ON allocation
BEGIN
    SELECT RAISE(ABORT, 'An allocation is never changed; remove it and allocate again.');
END;
CREATE TRIGGER allocation_added AFTER INSERT ON allocation
BEGIN
    UPDATE instalment SET
        settled_minor = settled_minor + NEW.amount_minor,
        first_applied_day = CASE WHEN settled_minor = 0 OR NEW.applied_day < first_applied_day
            THEN NEW.applied_day ELSE first_applied_day END,
        last_applied_day = CASE WHEN settled_minor = 0 OR NEW.applied_day > last_applied_day
            THEN NEW.applied_day ELSE last_applied_day END
    WHERE customer_id = NEW.customer_id AND currency = NEW.currency
        AND invoice_id = NEW.invoice_id AND seq = NEW.seq;
    UPDATE settlement SET
        allocated_minor = allocated_minor + NEW.amount_minor,
        first_applied_day = CASE WHEN allocated_minor = 0 OR NEW.applied_day < first_applied_day
            THEN NEW.applied_day ELSE first_applied_day END,
        last_applied_day = CASE WHEN allocated_minor = 0 OR NEW.applied_day > last_applied_day
            THEN NEW.applied_day ELSE last_applied_day END
    WHERE id = NEW.settlement_id;
END;
CREATE TRIGGER allocation_removed AFTER DELETE ON allocation
BEGIN
    UPDATE instalment SET
        settled_minor = settled_minor - OLD.amount_minor,
        first_applied_day = coalesce((SELECT min(applied_day) FROM allocation
            WHERE invoice_id = OLD.invoice_id AND seq = OLD.seq), 0),
        last_applied_day = coalesce((SELECT max(applied_day) FROM allocation
            WHERE invoice_id = OLD.invoice_id AND seq = OLD.seq), 0)
    WHERE customer_id = OLD.customer_id AND currency = OLD.currency
        AND invoice_id = OLD.invoice_id AND seq = OLD.seq;
    UPDATE settlement SET
        allocated_minor = allocated_minor - OLD.amount_minor,
        first_applied_day = coalesce(
            (SELECT min(applied_day) FROM allocation WHERE settlement_id = OLD.settlement_id), 0),
        last_applied_day = coalesce(
            (SELECT max(applied_day) FROM allocation WHERE settlement_id = OLD.settlement_id), 0)
    WHERE id = OLD.settlement_id;
END;
"#;

/// Version 2: what the desktop screens read and keep.
///
/// - Two indexes let a list of invoices in issue-date and number order reach a page at any
///   offset by walking an index alone: the first carries the columns the list filters on, the
///   second holds only the disputed invoices (about one in a hundred).
/// - Two small indexes hold the only settlements that can have something unapplied at a date:
///   those not fully allocated now, and those allocated after their own date. The reports read
///   them instead of every settlement.
/// - `import_customer` names the customers each import wrote to, for a customer's timeline.
/// - `company` and `smtp_account` hold the company's letterhead details and the account mail is
///   sent through, one row each once saved. The mail password is never stored in a book.
const SCHEMA_2: &str = r#"
CREATE INDEX invoice_by_issue ON invoice (issue_date, number, currency, disputed);
CREATE INDEX invoice_disputed_by_issue ON invoice (issue_date, number) WHERE disputed = 1;

CREATE INDEX settlement_unapplied ON settlement (
    customer_id, currency, day, amount_minor, allocated_minor, first_applied_day, last_applied_day
) WHERE allocated_minor != amount_minor;
CREATE INDEX settlement_applied_late ON settlement (last_applied_day)
    WHERE last_applied_day > day;

CREATE TABLE import_customer (
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    batch_id INTEGER NOT NULL REFERENCES import_batch (id),
    PRIMARY KEY (customer_id, batch_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE company (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    legal_name TEXT NOT NULL,
    address_lines TEXT NOT NULL
        CHECK (json_valid(address_lines) AND json_type(address_lines) = 'array'),
    country TEXT,
    email TEXT,
    phone TEXT,
    tax_id TEXT,
    bank_name TEXT,
    iban TEXT,
    account_number TEXT,
    bic TEXT,
    letter_language TEXT NOT NULL CHECK (letter_language IN ('en', 'zh-CN')),
    logo_type TEXT CHECK (logo_type IN ('image/png', 'image/jpeg')),
    logo BLOB,
    CHECK ((logo IS NULL) = (logo_type IS NULL))
) STRICT;

CREATE TABLE smtp_account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security TEXT NOT NULL CHECK (security IN ('none', 'starttls', 'tls')),
    username TEXT,
    from_address TEXT NOT NULL,
    from_name TEXT
) STRICT;
"#;

/// Version 3: the checks every imported row paid for, made cheap.
///
/// Dates and currency codes are written only by the store, from typed values (a calendar date,
/// a `Currency`), so checking each one again with an SQL function (`d IS date(d)`,
/// `length(currency) = 3`) bought nothing but time: about a twentieth of the work of writing an
/// invoice row, measured by instruction counts. A settlement's
/// kind is checked by comparisons instead of `IN (...)`, which built a temporary index for every
/// row. The day numbers are still generated by SQLite from the dates, and a date it cannot read
/// still fails the `NOT NULL` of the stored day columns of settlements and allocations.
/// The three tables are rebuilt (SQLite cannot change a check in place) with their ids, so every
/// reference to them holds; the indexes and triggers on them (those of version 2 included) are
/// made again as they were.
const SCHEMA_3: &str = r#"
PRAGMA legacy_alter_table = ON;

CREATE TABLE invoice_v3 (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL GENERATED ALWAYS AS (ltrim(number, '0')) VIRTUAL,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    currency TEXT NOT NULL,
    issue_date TEXT NOT NULL,
    issue_day INTEGER GENERATED ALWAYS AS (unixepoch(issue_date) / 86400) VIRTUAL,
    total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
    terms TEXT NOT NULL,
    discount_percent TEXT,
    discount_until TEXT,
    discount_minor INTEGER,
    disputed INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
    CHECK ((discount_percent IS NULL) = (discount_until IS NULL)
        AND (discount_until IS NULL) = (discount_minor IS NULL))
) STRICT;
INSERT INTO invoice_v3 (id, number, customer_id, currency, issue_date, total_minor, terms,
    discount_percent, discount_until, discount_minor, disputed)
SELECT id, number, customer_id, currency, issue_date, total_minor, terms,
    discount_percent, discount_until, discount_minor, disputed
FROM invoice ORDER BY id;
DROP TABLE invoice;
ALTER TABLE invoice_v3 RENAME TO invoice;
CREATE UNIQUE INDEX invoice_by_number ON invoice (number_key);
CREATE INDEX invoice_by_issue ON invoice (issue_date, number, currency, disputed);
CREATE INDEX invoice_disputed_by_issue ON invoice (issue_date, number) WHERE disputed = 1;
CREATE TRIGGER invoice_posting_is_fixed
BEFORE UPDATE OF number, customer_id, currency, issue_date, total_minor ON invoice
BEGIN
    SELECT RAISE(ABORT, 'A posted invoice keeps its number, customer, currency, date and total.');
END;
CREATE TRIGGER invoice_dispute_reaches_instalments AFTER UPDATE OF disputed ON invoice
BEGIN
    UPDATE instalment SET disputed = NEW.disputed
    WHERE customer_id = NEW.customer_id AND currency = NEW.currency AND invoice_id = NEW.id;
END;

CREATE TABLE settlement_v3 (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind = 'payment' OR kind = 'credit_note' OR kind = 'write_off'
        OR kind = 'discount'),
    reference TEXT NOT NULL,
    reference_key TEXT NOT NULL GENERATED ALWAYS AS (ltrim(reference, '0')) VIRTUAL,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    date TEXT NOT NULL,
    day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(date) / 86400) STORED,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    invoice_number TEXT,
    invoice_id INTEGER REFERENCES invoice (id),
    paid_currency TEXT,
    paid_minor INTEGER,
    paid_rate TEXT,
    allocated_minor INTEGER NOT NULL DEFAULT 0,
    first_applied_day INTEGER NOT NULL DEFAULT 0,
    last_applied_day INTEGER NOT NULL DEFAULT 0,
    CHECK ((paid_currency IS NULL) = (paid_minor IS NULL)
        AND (paid_minor IS NULL) = (paid_rate IS NULL)),
    CHECK (allocated_minor BETWEEN 0 AND max(amount_minor, 0))
) STRICT;
INSERT INTO settlement_v3 (id, kind, reference, customer_id, date, currency, amount_minor,
    invoice_number, invoice_id, paid_currency, paid_minor, paid_rate, allocated_minor,
    first_applied_day, last_applied_day)
SELECT id, kind, reference, customer_id, date, currency, amount_minor,
    invoice_number, invoice_id, paid_currency, paid_minor, paid_rate, allocated_minor,
    first_applied_day, last_applied_day
FROM settlement ORDER BY id;
DROP TABLE settlement;
ALTER TABLE settlement_v3 RENAME TO settlement;
CREATE UNIQUE INDEX settlement_by_reference ON settlement (kind, reference_key);
CREATE INDEX settlement_by_customer ON settlement (
    customer_id, currency, day, amount_minor, allocated_minor, first_applied_day, last_applied_day
);
CREATE INDEX settlement_unapplied ON settlement (
    customer_id, currency, day, amount_minor, allocated_minor, first_applied_day, last_applied_day
) WHERE allocated_minor != amount_minor;
CREATE INDEX settlement_applied_late ON settlement (last_applied_day)
    WHERE last_applied_day > day;

CREATE TABLE allocation_v3 (
    id INTEGER PRIMARY KEY,
    settlement_id INTEGER NOT NULL REFERENCES settlement (id),
    customer_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    invoice_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    applied_on TEXT NOT NULL,
    applied_day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(applied_on) / 86400) STORED,
    FOREIGN KEY (customer_id, currency, invoice_id, seq)
        REFERENCES instalment (customer_id, currency, invoice_id, seq)
) STRICT;
INSERT INTO allocation_v3 (id, settlement_id, customer_id, currency, invoice_id, seq,
    amount_minor, applied_on)
SELECT id, settlement_id, customer_id, currency, invoice_id, seq, amount_minor, applied_on
FROM allocation ORDER BY id;
DROP TABLE allocation;
ALTER TABLE allocation_v3 RENAME TO allocation;
CREATE INDEX allocation_by_instalment ON allocation (invoice_id, seq, applied_day, amount_minor);
CREATE INDEX allocation_by_settlement ON allocation (settlement_id, applied_day, amount_minor);
CREATE TRIGGER allocation_keeps_one_currency BEFORE INSERT ON allocation
WHEN (SELECT currency FROM settlement WHERE id = NEW.settlement_id) IS NOT NEW.currency
BEGIN
    SELECT RAISE(ABORT, 'An allocation joins a settlement and an instalment of one currency.');
END;
CREATE TRIGGER allocation_is_never_edited BEFORE UPDATE ON allocation
BEGIN
    SELECT RAISE(ABORT, 'An allocation is never changed; remove it and allocate again.');
END;
CREATE TRIGGER allocation_added AFTER INSERT ON allocation
BEGIN
    UPDATE instalment SET
        settled_minor = settled_minor + NEW.amount_minor,
        first_applied_day = CASE WHEN settled_minor = 0 OR NEW.applied_day < first_applied_day
            THEN NEW.applied_day ELSE first_applied_day END,
        last_applied_day = CASE WHEN settled_minor = 0 OR NEW.applied_day > last_applied_day
            THEN NEW.applied_day ELSE last_applied_day END
    WHERE customer_id = NEW.customer_id AND currency = NEW.currency
        AND invoice_id = NEW.invoice_id AND seq = NEW.seq;
    UPDATE settlement SET
        allocated_minor = allocated_minor + NEW.amount_minor,
        first_applied_day = CASE WHEN allocated_minor = 0 OR NEW.applied_day < first_applied_day
            THEN NEW.applied_day ELSE first_applied_day END,
        last_applied_day = CASE WHEN allocated_minor = 0 OR NEW.applied_day > last_applied_day
            THEN NEW.applied_day ELSE last_applied_day END
    WHERE id = NEW.settlement_id;
END;
CREATE TRIGGER allocation_removed AFTER DELETE ON allocation
BEGIN
    UPDATE instalment SET
        settled_minor = settled_minor - OLD.amount_minor,
        first_applied_day = coalesce((SELECT min(applied_day) FROM allocation
            WHERE invoice_id = OLD.invoice_id AND seq = OLD.seq), 0),
        last_applied_day = coalesce((SELECT max(applied_day) FROM allocation
            WHERE invoice_id = OLD.invoice_id AND seq = OLD.seq), 0)
    WHERE customer_id = OLD.customer_id AND currency = OLD.currency
        AND invoice_id = OLD.invoice_id AND seq = OLD.seq;
    UPDATE settlement SET
        allocated_minor = allocated_minor - OLD.amount_minor,
        first_applied_day = coalesce(
            (SELECT min(applied_day) FROM allocation WHERE settlement_id = OLD.settlement_id), 0),
        last_applied_day = coalesce(
            (SELECT max(applied_day) FROM allocation WHERE settlement_id = OLD.settlement_id), 0)
    WHERE id = OLD.settlement_id;
END;

PRAGMA legacy_alter_table = OFF;
"#;

/// Version 4: credit decisions.
///
/// - `credit_profile`: one row per customer with a credit profile: limit (minor units and its
///   currency, the currency exposure is measured in), default and longest terms, risk class,
///   status, next review date and interval, and whether security is required.
/// - `credit_security`: deposits, bank guarantees and letters of credit given by a customer; a
///   deposit has no expiry date, the others have one.
/// - `credit_report`: reports bought from credit agencies, with the rating as the agency writes
///   it and the limit it recommends, if any.
/// - `credit_insurance`: the trade-credit insurance cover of a customer, at most one.
/// - `sales_order`: orders on credit not yet invoiced, unique by reference across the book
///   (`order` is an SQL keyword, hence the name).
/// - `exchange_rate`: units of `to_currency` for one `from_currency`, as published on a date,
///   decimal text read back exactly; one per pair and date.
/// - `credit_override`: every held order let go ahead anyway, with the hold's reasons as JSON
///   and the reason written for going ahead. Like the audit trail it cannot be changed.
const SCHEMA_4: &str = r#"
CREATE TABLE credit_profile (
    customer_id INTEGER PRIMARY KEY REFERENCES customer (id),
    limit_minor INTEGER NOT NULL CHECK (limit_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    default_terms_days INTEGER NOT NULL CHECK (default_terms_days >= 0),
    max_terms_days INTEGER NOT NULL CHECK (max_terms_days >= default_terms_days),
    risk_class TEXT NOT NULL
        CHECK (risk_class IN ('low', 'medium', 'high', 'very_high')),
    status TEXT NOT NULL
        CHECK (status IN ('active', 'on_hold', 'blocked', 'prepayment_only')),
    review_date TEXT NOT NULL CHECK (review_date IS date(review_date)),
    review_interval_months INTEGER NOT NULL CHECK (review_interval_months >= 1),
    security_required INTEGER NOT NULL CHECK (security_required IN (0, 1))
) STRICT;

CREATE TABLE credit_security (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    kind TEXT NOT NULL CHECK (kind IN ('deposit', 'bank_guarantee', 'letter_of_credit')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    issuer TEXT NOT NULL,
    expires_on TEXT CHECK (expires_on IS date(expires_on)),
    CHECK ((kind = 'deposit') = (expires_on IS NULL))
) STRICT;
CREATE INDEX credit_security_by_customer ON credit_security (customer_id);

CREATE TABLE credit_report (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    agency TEXT NOT NULL,
    date TEXT NOT NULL CHECK (date IS date(date)),
    rating TEXT NOT NULL,
    recommended_minor INTEGER CHECK (recommended_minor >= 0),
    recommended_currency TEXT CHECK (length(recommended_currency) = 3),
    note TEXT NOT NULL,
    CHECK ((recommended_minor IS NULL) = (recommended_currency IS NULL))
) STRICT;
CREATE INDEX credit_report_by_customer ON credit_report (customer_id, date);

CREATE TABLE credit_insurance (
    customer_id INTEGER PRIMARY KEY REFERENCES customer (id),
    insurer TEXT NOT NULL,
    policy_number TEXT NOT NULL,
    buyer_reference TEXT NOT NULL,
    insured_minor INTEGER NOT NULL CHECK (insured_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    valid_from TEXT NOT NULL CHECK (valid_from IS date(valid_from)),
    valid_to TEXT NOT NULL CHECK (valid_to IS date(valid_to)),
    max_credit_period_days INTEGER NOT NULL CHECK (max_credit_period_days >= 0),
    reporting_deadline_days INTEGER NOT NULL CHECK (reporting_deadline_days >= 0),
    CHECK (valid_from <= valid_to)
) STRICT;

CREATE TABLE sales_order (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    terms_days INTEGER NOT NULL CHECK (terms_days >= 0),
    date TEXT NOT NULL CHECK (date IS date(date)),
    state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'invoiced'))
) STRICT;
CREATE INDEX sales_order_by_customer ON sales_order (customer_id, date);

CREATE TABLE exchange_rate (
    from_currency TEXT NOT NULL CHECK (length(from_currency) = 3),
    to_currency TEXT NOT NULL CHECK (length(to_currency) = 3),
    date TEXT NOT NULL CHECK (date IS date(date)),
    rate TEXT NOT NULL,
    PRIMARY KEY (from_currency, to_currency, date)
) STRICT, WITHOUT ROWID;

CREATE TABLE credit_override (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES sales_order (id),
    held_for TEXT NOT NULL
        CHECK (json_valid(held_for) AND json_type(held_for) = 'array'
            AND json_array_length(held_for) > 0),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX credit_override_by_order ON credit_override (order_id);
CREATE TRIGGER credit_override_is_append_only_update BEFORE UPDATE ON credit_override
BEGIN
    SELECT RAISE(ABORT, 'The override log is append-only: an entry cannot be changed.');
END;
CREATE TRIGGER credit_override_is_append_only_delete BEFORE DELETE ON credit_override
BEGIN
    SELECT RAISE(ABORT, 'The override log is append-only: an entry cannot be deleted.');
END;
"#;

/// Version 5: the book's credit policy and the decisions on suggested limits.
///
/// - `credit_policy`: one row once saved: the grace period of the overdue hold, the review
///   queue's windows (days ahead for expiring security and cover, the oldest a credit report may
///   be) and the rules of limit suggestions (percentages as decimal text, read back exactly).
///   Without a row every rule has its default.
/// - `credit_limit_decision`: every suggested limit the owner accepted or rejected, with the
///   suggestion as JSON (its grounds and the rates it used), the limit it would give, the limit
///   before it and a note. Like the override log it cannot be changed.
const SCHEMA_5: &str = r#"
CREATE TABLE credit_policy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    grace_days INTEGER NOT NULL CHECK (grace_days >= 0),
    expiring_within_days INTEGER NOT NULL CHECK (expiring_within_days >= 0),
    report_max_age_days INTEGER NOT NULL CHECK (report_max_age_days >= 0),
    first_order_percent TEXT NOT NULL,
    clean_months INTEGER NOT NULL CHECK (clean_months >= 1),
    late_tolerance_days INTEGER NOT NULL CHECK (late_tolerance_days >= 0),
    raise_percent TEXT NOT NULL,
    recent_months INTEGER NOT NULL CHECK (recent_months >= 1),
    earlier_months INTEGER NOT NULL CHECK (earlier_months >= 1),
    worsening_days INTEGER NOT NULL CHECK (worsening_days >= 0),
    cut_percent TEXT NOT NULL,
    higher_score_is_better INTEGER NOT NULL CHECK (higher_score_is_better IN (0, 1))
) STRICT;

CREATE TABLE credit_limit_decision (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    as_of TEXT NOT NULL CHECK (as_of IS date(as_of)),
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
    current_minor INTEGER CHECK (current_minor >= 0),
    suggested_minor INTEGER NOT NULL CHECK (suggested_minor >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    suggestion TEXT NOT NULL
        CHECK (json_valid(suggestion) AND json_type(suggestion) = 'object'),
    note TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX credit_limit_decision_by_customer ON credit_limit_decision (customer_id, id);
CREATE TRIGGER credit_limit_decision_is_append_only_update
BEFORE UPDATE ON credit_limit_decision
BEGIN
    SELECT RAISE(ABORT, 'The limit decisions are append-only: a decision cannot be changed.');
END;
CREATE TRIGGER credit_limit_decision_is_append_only_delete
BEFORE DELETE ON credit_limit_decision
BEGIN
    SELECT RAISE(ABORT, 'The limit decisions are append-only: a decision cannot be deleted.');
END;
"#;

/// Version 6: unpaid invoices reported to the trade-credit insurer.
///
/// - `insurer_report`: at most one row per invoice: the day the owner reported it unpaid to the
///   insurer and the insurer's reference of the report, if any. A reported invoice no longer
///   raises the reporting-deadline alerts. The row can be neither changed nor deleted: a report
///   once made cannot be unmade.
const SCHEMA_6: &str = r#"
CREATE TABLE insurer_report (
    invoice_id INTEGER PRIMARY KEY REFERENCES invoice (id),
    reported_on TEXT NOT NULL CHECK (reported_on IS date(reported_on)),
    reference TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE TRIGGER insurer_report_is_append_only_update
BEFORE UPDATE ON insurer_report
BEGIN
    SELECT RAISE(ABORT, 'A report to the insurer cannot be changed.');
END;
CREATE TRIGGER insurer_report_is_append_only_delete
BEFORE DELETE ON insurer_report
BEGIN
    SELECT RAISE(ABORT, 'A report to the insurer cannot be deleted.');
END;
"#;

/// Version 7: what happens between overdue and paid: disputes, promises to pay, the reasons of
/// write-offs and claims on trade-credit insurance.
///
/// - `dispute`: an invoice contested in whole or in part: the amount (fixed when opened), the
///   line, a reason from a closed list, a note, the day it was opened and, once resolved, the
///   outcome, the day, a note, the amount credited and the credit note posted for it. The
///   invoice's `disputed` flag stays set while any of its disputes is open.
/// - `promise` and `promise_invoice`: a customer's promise to pay an amount by a date, who made
///   it and how, the dunning level chasing stopped at, and the invoices it covers.
/// - `write_off_reason`: why a write-off recorded by hand was written off, keyed by the
///   settlement.
/// - `insurance_claim` and `claim_invoice`: what was claimed from the insurer for which
///   invoices, the insurer's decision and payment, and whether the retention is a loss.
const SCHEMA_7: &str = r#"
CREATE TABLE dispute (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    whole_invoice INTEGER NOT NULL CHECK (whole_invoice IN (0, 1)),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    line TEXT,
    reason TEXT NOT NULL CHECK (reason IN
        ('price', 'quantity', 'quality', 'not_received', 'duplicate', 'other')),
    note TEXT NOT NULL,
    opened_on TEXT NOT NULL CHECK (opened_on IS date(opened_on)),
    outcome TEXT CHECK (outcome IN ('accepted', 'rejected', 'partly')),
    resolved_on TEXT CHECK (resolved_on IS date(resolved_on)),
    resolution_note TEXT,
    credited_minor INTEGER CHECK (credited_minor BETWEEN 0 AND amount_minor),
    credit_note_id INTEGER REFERENCES settlement (id),
    CHECK ((outcome IS NULL) = (resolved_on IS NULL)
        AND (outcome IS NULL) = (resolution_note IS NULL)
        AND (outcome IS NULL) = (credited_minor IS NULL)),
    CHECK (resolved_on IS NULL OR resolved_on >= opened_on),
    CHECK (reason <> 'other' OR length(trim(note)) > 0)
) STRICT;
CREATE INDEX dispute_by_invoice ON dispute (invoice_id, resolved_on);

CREATE TABLE promise (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    made_on TEXT NOT NULL CHECK (made_on IS date(made_on)),
    promised_on TEXT NOT NULL CHECK (promised_on IS date(promised_on)),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    promised_by TEXT NOT NULL CHECK (length(trim(promised_by)) > 0),
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'letter')),
    dunning_level INTEGER CHECK (dunning_level BETWEEN 0 AND 255),
    CHECK (promised_on >= made_on)
) STRICT;
CREATE INDEX promise_by_customer ON promise (customer_id, promised_on);
CREATE TABLE promise_invoice (
    promise_id INTEGER NOT NULL REFERENCES promise (id),
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    PRIMARY KEY (promise_id, invoice_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE write_off_reason (
    settlement_id INTEGER PRIMARY KEY REFERENCES settlement (id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
) STRICT;

CREATE TABLE insurance_claim (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    filed_on TEXT NOT NULL CHECK (filed_on IS date(filed_on)),
    claimed_minor INTEGER NOT NULL CHECK (claimed_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    decision TEXT NOT NULL CHECK (decision IN ('pending', 'accepted', 'partly', 'refused')),
    decided_on TEXT CHECK (decided_on IS date(decided_on)),
    paid_minor INTEGER CHECK (paid_minor BETWEEN 0 AND claimed_minor),
    paid_on TEXT CHECK (paid_on IS date(paid_on)),
    retention TEXT NOT NULL CHECK (retention IN ('loss', 'recoverable')),
    CHECK ((paid_minor IS NULL) = (paid_on IS NULL)),
    CHECK ((decision = 'pending') = (decided_on IS NULL))
) STRICT;
CREATE INDEX insurance_claim_by_customer ON insurance_claim (customer_id, filed_on);
CREATE TABLE claim_invoice (
    claim_id INTEGER NOT NULL REFERENCES insurance_claim (id),
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    PRIMARY KEY (claim_id, invoice_id)
) STRICT, WITHOUT ROWID;
"#;

/// Version 8: payment plans.
///
/// - `payment_plan`: a customer's overdue items turned into a schedule. The items are settled by
///   credit notes `PLAN-<id>/<invoice>` dated the start day (`plan_item`), and the schedule is
///   the invoice `PLAN-<id>` (`invoice_id`), whose instalments are the plan's; so aging,
///   exposure and the reports see the plan's instalments as the open items, each at its due
///   date, with nothing counted twice. The start day, down payment, annual rate (decimal text,
///   percent), interest and its days, grace days, and the state: `active`, or `broken` once a
///   broken plan was recorded as such (with the day it broke and the instalment missed).
/// - `plan_instalment`: the schedule as agreed, principal and interest apart; the invoice's
///   instalments keep the same amounts, and once the plan is broken their due dates say when
///   the balance fell due.
/// - `plan_item`: the instalments taken into the plan, with what was open on each and the
///   credit note that settled its invoice.
const SCHEMA_8: &str = r#"
CREATE TABLE payment_plan (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    invoice_id INTEGER NOT NULL UNIQUE REFERENCES invoice (id),
    start_on TEXT NOT NULL CHECK (start_on IS date(start_on)),
    total_minor INTEGER NOT NULL CHECK (total_minor > 0),
    down_payment_minor INTEGER NOT NULL
        CHECK (down_payment_minor >= 0 AND down_payment_minor < total_minor),
    annual_rate TEXT,
    interest_days INTEGER NOT NULL CHECK (interest_days >= 0),
    interest_minor INTEGER NOT NULL CHECK (interest_minor >= 0),
    grace_days INTEGER NOT NULL CHECK (grace_days >= 0),
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'broken')),
    broken_on TEXT CHECK (broken_on IS date(broken_on)),
    missed_seq INTEGER,
    CHECK ((state = 'broken') = (broken_on IS NOT NULL)
        AND (broken_on IS NULL) = (missed_seq IS NULL)),
    CHECK (broken_on IS NULL OR broken_on > start_on)
) STRICT;
CREATE INDEX payment_plan_by_customer ON payment_plan (customer_id, start_on);
CREATE TABLE plan_instalment (
    plan_id INTEGER NOT NULL REFERENCES payment_plan (id),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    due_date TEXT NOT NULL CHECK (due_date IS date(due_date)),
    principal_minor INTEGER NOT NULL CHECK (principal_minor > 0),
    interest_minor INTEGER NOT NULL CHECK (interest_minor >= 0),
    down_payment INTEGER NOT NULL CHECK (down_payment IN (0, 1)),
    PRIMARY KEY (plan_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE plan_item (
    plan_id INTEGER NOT NULL REFERENCES payment_plan (id),
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    seq INTEGER NOT NULL,
    due_date TEXT NOT NULL CHECK (due_date IS date(due_date)),
    open_minor INTEGER NOT NULL CHECK (open_minor > 0),
    credit_note_id INTEGER NOT NULL REFERENCES settlement (id),
    PRIMARY KEY (plan_id, invoice_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX plan_item_by_credit_note ON plan_item (credit_note_id);
"#;

/// Step 9: files attached to credit reports and to disputes (`attachments.rs`).
///
/// - `attachment`: one file, kept byte for byte in `content`, with the name it was given (any
///   Unicode), its media type, its size and SHA-256 (hex) as it was attached, and when. It
///   belongs to exactly one credit report or one dispute: one table with two nullable owner
///   columns and a CHECK that exactly one is set, rather than a link table per owner, so that an
///   attachment's id is unique across the book and one statement reads, saves or removes it.
///   The size always equals the content's length. Removing a credit report removes its
///   attachments with it (`ON DELETE CASCADE`); disputes are never removed.
const SCHEMA_9: &str = r#"
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    credit_report_id INTEGER REFERENCES credit_report (id) ON DELETE CASCADE,
    dispute_id INTEGER REFERENCES dispute (id),
    file_name TEXT NOT NULL CHECK (length(file_name) > 0),
    media_type TEXT NOT NULL CHECK (length(media_type) > 0),
    size INTEGER NOT NULL CHECK (size = length(content)),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    content BLOB NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((credit_report_id IS NULL) <> (dispute_id IS NULL))
) STRICT;
CREATE INDEX attachment_by_credit_report ON attachment (credit_report_id)
    WHERE credit_report_id IS NOT NULL;
CREATE INDEX attachment_by_dispute ON attachment (dispute_id) WHERE dispute_id IS NOT NULL;
"#;

/// Step 10: collections (dunning), see `dunning/`.
///
/// - `customer_address`: a customer's postal address (lines as a JSON array, and the country it
///   is in when it differs from the customer's), and the language letters to it are written in
///   (NULL: the company's letter language).
/// - `customer_interest`: the late-payment interest a customer's invoices bear: a contractual
///   rate (`annual` or `daily`, percent as decimal text) or a statutory rule (`eu`, `uk`, `de`,
///   `de_consumer`, `cn`; `percent` is the EU margin in points). No row: no interest.
/// - `dunning_policy` (one row once set; none means the shipped preset "firm") and
///   `customer_dunning_policy`: the book's ladder and the customers that have their own, as the
///   JSON of the core's `DunningPolicy`.
/// - `dunning_pause`: chasing held back for a customer or one invoice (exactly one of the two),
///   with a reason, from a day through a day, and the day it was lifted, if it was.
/// - `letter_template`: the texts a user wrote for a template name and language; a missing row
///   means the shipped text.
/// - `dunning_run`, `dunning_communication`, `dunning_item`: each proposal for an as-of date
///   with what it left out (JSON), its communications (one per customer, level and currency,
///   the core's `Communication` as JSON) and their items. A communication is proposed, then
///   approved or skipped, then executed once, when it gets its reference, the letter as sent
///   (JSON), the channel it actually went by and, for an email, its outbox message. The items
///   of executed communications are the contact history the next run reads.
/// - `dunning_charge` and `charge_settlement`: the fees, interest and compensation a dunning
///   claimed on an invoice, and what was paid or waived of them; they stay owed after the
///   invoice itself is paid (case B19).
/// - `phone_task`: a call to make for a phone level, and its outcome once done.
/// - `dunning_consequence`: what a level did to a customer's credit standing (credit hold,
///   prepayment only, legal collection), with the credit status before and after it.
/// - `outbox`: mail waiting to be sent, being sent, sent or failed, with its attempts; an
///   attachment without bytes is rendered from its communication when it is sent.
const SCHEMA_10: &str = r#"
CREATE TABLE customer_address (
    customer_id INTEGER PRIMARY KEY REFERENCES customer (id),
    lines TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lines) AND json_type(lines) = 'array'),
    country TEXT,
    letter_language TEXT CHECK (letter_language IN ('en', 'zh-CN'))
) STRICT;

CREATE TABLE customer_interest (
    customer_id INTEGER PRIMARY KEY REFERENCES customer (id),
    rule TEXT NOT NULL
        CHECK (rule IN ('annual', 'daily', 'eu', 'uk', 'de', 'de_consumer', 'cn')),
    percent TEXT,
    day_count TEXT NOT NULL DEFAULT 'actual365' CHECK (day_count IN ('actual365', 'actual360')),
    CHECK ((rule IN ('annual', 'daily')) <= (percent IS NOT NULL))
) STRICT;

CREATE TABLE dunning_policy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    policy TEXT NOT NULL CHECK (json_valid(policy) AND json_type(policy) = 'object')
) STRICT;

CREATE TABLE customer_dunning_policy (
    customer_id INTEGER PRIMARY KEY REFERENCES customer (id),
    policy TEXT NOT NULL CHECK (json_valid(policy) AND json_type(policy) = 'object')
) STRICT;

CREATE TABLE dunning_pause (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customer (id),
    invoice_id INTEGER REFERENCES invoice (id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    from_date TEXT NOT NULL CHECK (from_date IS date(from_date)),
    until_date TEXT NOT NULL CHECK (until_date IS date(until_date)),
    lifted_on TEXT CHECK (lifted_on IS date(lifted_on)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((customer_id IS NULL) <> (invoice_id IS NULL)),
    CHECK (until_date >= from_date)
) STRICT;

CREATE TABLE letter_template (
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    language TEXT NOT NULL CHECK (language IN ('en', 'zh-CN')),
    subject TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (name, language)
) STRICT, WITHOUT ROWID;

CREATE TABLE dunning_run (
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL CHECK (as_of IS date(as_of)),
    proposed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    state TEXT NOT NULL DEFAULT 'proposed'
        CHECK (state IN ('proposed', 'executed', 'superseded')),
    executed_on TEXT CHECK (executed_on IS date(executed_on)),
    left_out TEXT NOT NULL CHECK (json_valid(left_out) AND json_type(left_out) = 'array'),
    allocation_tasks TEXT NOT NULL
        CHECK (json_valid(allocation_tasks) AND json_type(allocation_tasks) = 'array'),
    problems TEXT NOT NULL CHECK (json_valid(problems) AND json_type(problems) = 'array'),
    CHECK ((state = 'executed') = (executed_on IS NOT NULL))
) STRICT;
CREATE INDEX dunning_run_by_as_of ON dunning_run (as_of, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    communication_id INTEGER REFERENCES dunning_communication (id),
    to_addresses TEXT NOT NULL CHECK (json_valid(to_addresses)
        AND json_type(to_addresses) = 'array' AND json_array_length(to_addresses) > 0),
    cc_addresses TEXT NOT NULL DEFAULT '[]'
        CHECK (json_valid(cc_addresses) AND json_type(cc_addresses) = 'array'),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment BLOB,
    message_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unconfirmed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt INTEGER NOT NULL,
    last_error TEXT,
    server_reply TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    sent_at TEXT,
    CHECK ((attachment_name IS NULL) = (attachment_type IS NULL)),
    CHECK (attachment IS NULL OR attachment_name IS NOT NULL),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL))
) STRICT;
CREATE INDEX outbox_by_state ON outbox (state, next_attempt);

CREATE TABLE dunning_communication (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES dunning_run (id),
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 255),
    channel TEXT NOT NULL
        CHECK (channel IN ('email_reminder', 'printed_letter', 'phone_task', 'handover')),
    state TEXT NOT NULL DEFAULT 'proposed'
        CHECK (state IN ('proposed', 'approved', 'executed', 'skipped')),
    communication TEXT NOT NULL
        CHECK (json_valid(communication) AND json_type(communication) = 'object'),
    total_minor INTEGER NOT NULL,
    executed_on TEXT CHECK (executed_on IS date(executed_on)),
    sent_on TEXT CHECK (sent_on IS date(sent_on)),
    reference TEXT UNIQUE,
    sent_by TEXT
        CHECK (sent_by IN ('email_reminder', 'printed_letter', 'phone_task', 'handover')),
    note TEXT,
    letter TEXT CHECK (letter IS NULL OR json_valid(letter)),
    document BLOB,
    outbox_id INTEGER REFERENCES outbox (id),
    CHECK ((state = 'executed') = (executed_on IS NOT NULL)
        AND (executed_on IS NULL) = (sent_on IS NULL)
        AND (executed_on IS NULL) = (reference IS NULL)
        AND (executed_on IS NULL) = (sent_by IS NULL))
) STRICT;
CREATE INDEX dunning_communication_by_run ON dunning_communication (run_id, id);
CREATE INDEX dunning_communication_sent ON dunning_communication (customer_id, sent_on)
    WHERE state = 'executed';

CREATE TABLE dunning_item (
    communication_id INTEGER NOT NULL REFERENCES dunning_communication (id),
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    PRIMARY KEY (communication_id, invoice_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE dunning_charge (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    communication_id INTEGER REFERENCES dunning_communication (id),
    kind TEXT NOT NULL CHECK (kind IN ('fee', 'interest', 'compensation')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    charged_on TEXT NOT NULL CHECK (charged_on IS date(charged_on)),
    level INTEGER CHECK (level BETWEEN 1 AND 255)
) STRICT;
CREATE INDEX dunning_charge_by_invoice ON dunning_charge (invoice_id, charged_on);

CREATE TABLE charge_settlement (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    date TEXT NOT NULL CHECK (date IS date(date)),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    waived INTEGER NOT NULL CHECK (waived IN (0, 1)),
    note TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX charge_settlement_by_invoice ON charge_settlement (invoice_id, date);

CREATE TABLE phone_task (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    communication_id INTEGER NOT NULL UNIQUE REFERENCES dunning_communication (id),
    due_on TEXT NOT NULL CHECK (due_on IS date(due_on)),
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    outcome TEXT CHECK (outcome IN ('reached', 'promised', 'disputed', 'no_answer')),
    note TEXT,
    done_on TEXT CHECK (done_on IS date(done_on)),
    done_at TEXT,
    promise_id INTEGER REFERENCES promise (id),
    CHECK ((state = 'done') = (outcome IS NOT NULL)
        AND (outcome IS NULL) = (done_on IS NULL)
        AND (outcome IS NULL) = (done_at IS NULL)),
    CHECK (promise_id IS NULL OR outcome = 'promised')
) STRICT;
CREATE INDEX phone_task_by_state ON phone_task (state, due_on);

CREATE TABLE dunning_consequence (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    communication_id INTEGER NOT NULL REFERENCES dunning_communication (id),
    consequence TEXT NOT NULL
        CHECK (consequence IN ('credit_hold', 'prepayment_only', 'legal_collection')),
    applied_on TEXT NOT NULL CHECK (applied_on IS date(applied_on)),
    status_before TEXT,
    status_after TEXT,
    UNIQUE (communication_id, consequence)
) STRICT;
CREATE INDEX dunning_consequence_by_customer ON dunning_consequence (customer_id, applied_on);
"#;

/// Step 11: reference rate tables a user loaded (`reference_rates.rs`).
///
/// - `reference_rate_table`: per rate source (the JSON name of the core's `RateSource`), the
///   whole text of the file that replaces the shipped table, the file's name and when it was
///   loaded. No row: the shipped table applies.
const SCHEMA_11: &str = r#"
CREATE TABLE reference_rate_table (
    source TEXT PRIMARY KEY CHECK (source IN ('ecb_reference', 'bank_of_england_reference',
        'german_base_rate', 'china_loan_prime_rate')),
    file_name TEXT NOT NULL CHECK (length(trim(file_name)) > 0),
    content TEXT NOT NULL CHECK (length(trim(content)) > 0),
    loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT, WITHOUT ROWID;
"#;

/// Version 12: refunds that name an invoice take back what it settled.
///
/// A refund (a settlement below zero) naming an invoice is allocated to it with allocations
/// below zero, so an allocation may now be below zero (never zero), and a settlement's
/// allocated amount lies between zero and its amount on whichever side of zero that is.
///
/// An instalment's settled amount can now return to zero with allocations on record, so it no
/// longer says by itself that nothing was applied: the allocation trigger takes the applied days
/// as unset only when the settled amount and both days are zero. (That also covers allocations
/// that all fell on day zero and came to nothing: the settled amount was zero on every day, as
/// with none.) A settlement's allocations all have its sign (a new trigger says so), so its own
/// mark is unchanged.
///
/// The two tables are rebuilt as in version 3, with their ids, indexes and triggers.
const SCHEMA_12: &str = r#"
PRAGMA legacy_alter_table = ON;

CREATE TABLE settlement_v12 (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind = 'payment' OR kind = 'credit_note' OR kind = 'write_off'
        OR kind = 'discount'),
    reference TEXT NOT NULL,
    reference_key TEXT NOT NULL GENERATED ALWAYS AS (ltrim(reference, '0')) VIRTUAL,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    date TEXT NOT NULL,
    day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(date) / 86400) STORED,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    invoice_number TEXT,
    invoice_id INTEGER REFERENCES invoice (id),
    paid_currency TEXT,
    paid_minor INTEGER,
    paid_rate TEXT,
    allocated_minor INTEGER NOT NULL DEFAULT 0,
    first_applied_day INTEGER NOT NULL DEFAULT 0,
    last_applied_day INTEGER NOT NULL DEFAULT 0,
    CHECK ((paid_currency IS NULL) = (paid_minor IS NULL)
        AND (paid_minor IS NULL) = (paid_rate IS NULL)),
    CHECK (allocated_minor BETWEEN min(amount_minor, 0) AND max(amount_minor, 0))
) STRICT;
INSERT INTO settlement_v12 (id, kind, reference, customer_id, date, currency, amount_minor,
    invoice_number, invoice_id, paid_currency, paid_minor, paid_rate, allocated_minor,
    first_applied_day, last_applied_day)
SELECT id, kind, reference, customer_id, date, currency, amount_minor,
    invoice_number, invoice_id, paid_currency, paid_minor, paid_rate, allocated_minor,
    first_applied_day, last_applied_day
FROM settlement ORDER BY id;
DROP TABLE settlement;
ALTER TABLE settlement_v12 RENAME TO settlement;
CREATE UNIQUE INDEX settlement_by_reference ON settlement (kind, reference_key);
CREATE INDEX settlement_by_customer ON settlement (
    customer_id, currency, day, amount_minor, allocated_minor, first_applied_day, last_applied_day
);
CREATE INDEX settlement_unapplied ON settlement (
    customer_id, currency, day, amount_minor, allocated_minor, first_applied_day, last_applied_day
) WHERE allocated_minor != amount_minor;
CREATE INDEX settlement_applied_late ON settlement (last_applied_day)
    WHERE last_applied_day > day;

CREATE TABLE allocation_v12 (
    id INTEGER PRIMARY KEY,
    settlement_id INTEGER NOT NULL REFERENCES settlement (id),
    customer_id INTEGER NOT NULL,
    currency TEXT NOT NULL,
    invoice_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor != 0),
    applied_on TEXT NOT NULL,
    applied_day INTEGER NOT NULL GENERATED ALWAYS AS (unixepoch(applied_on) / 86400) STORED,
    FOREIGN KEY (customer_id, currency, invoice_id, seq)
        REFERENCES instalment (customer_id, currency, invoice_id, seq)
) STRICT;
INSERT INTO allocation_v12 (id, settlement_id, customer_id, currency, invoice_id, seq,
    amount_minor, applied_on)
SELECT id, settlement_id, customer_id, currency, invoice_id, seq, amount_minor, applied_on
FROM allocation ORDER BY id;
DROP TABLE allocation;
ALTER TABLE allocation_v12 RENAME TO allocation;
CREATE INDEX allocation_by_instalment ON allocation (invoice_id, seq, applied_day, amount_minor);
CREATE INDEX allocation_by_settlement ON allocation (settlement_id, applied_day, amount_minor);
CREATE TRIGGER allocation_keeps_one_currency BEFORE INSERT ON allocation
WHEN (SELECT currency FROM settlement WHERE id = NEW.settlement_id) IS NOT NEW.currency
BEGIN
    SELECT RAISE(ABORT, 'An allocation joins a settlement and an instalment of one currency.');
END;
CREATE TRIGGER allocation_has_the_sign_of_its_settlement BEFORE INSERT ON allocation
WHEN (SELECT amount_minor FROM settlement WHERE id = NEW.settlement_id) * NEW.amount_minor < 0
BEGIN
    SELECT RAISE(ABORT, 'An allocation has the sign of its settlement: a refund only takes back.');
END;
CREATE TRIGGER allocation_is_never_edited BEFORE UPDATE ON allocation
BEGIN
    SELECT RAISE(ABORT, 'An allocation is never changed; remove it and allocate again.');
END;
CREATE TRIGGER allocation_added AFTER INSERT ON allocation
BEGIN
    UPDATE instalment SET
        settled_minor = settled_minor + NEW.amount_minor,
        first_applied_day = CASE
            WHEN (settled_minor = 0 AND first_applied_day = 0 AND last_applied_day = 0)
                OR NEW.applied_day < first_applied_day
            THEN NEW.applied_day ELSE first_applied_day END,
        last_applied_day = CASE
            WHEN (settled_minor = 0 AND first_applied_day = 0 AND last_applied_day = 0)
                OR NEW.applied_day > last_applied_day
            THEN NEW.applied_day ELSE last_applied_day END
    WHERE customer_id = NEW.customer_id AND currency = NEW.currency
        AND invoice_id = NEW.invoice_id AND seq = NEW.seq;
    UPDATE settlement SET
        allocated_minor = allocated_minor + NEW.amount_minor,
        first_applied_day = CASE WHEN allocated_minor = 0 OR NEW.applied_day < first_applied_day
            THEN NEW.applied_day ELSE first_applied_day END,
        last_applied_day = CASE WHEN allocated_minor = 0 OR NEW.applied_day > last_applied_day
            THEN NEW.applied_day ELSE last_applied_day END
    WHERE id = NEW.settlement_id;
END;
CREATE TRIGGER allocation_removed AFTER DELETE ON allocation
BEGIN
    UPDATE instalment SET
        settled_minor = settled_minor - OLD.amount_minor,
        first_applied_day = coalesce((SELECT min(applied_day) FROM allocation
            WHERE invoice_id = OLD.invoice_id AND seq = OLD.seq), 0),
        last_applied_day = coalesce((SELECT max(applied_day) FROM allocation
            WHERE invoice_id = OLD.invoice_id AND seq = OLD.seq), 0)
    WHERE customer_id = OLD.customer_id AND currency = OLD.currency
        AND invoice_id = OLD.invoice_id AND seq = OLD.seq;
    UPDATE settlement SET
        allocated_minor = allocated_minor - OLD.amount_minor,
        first_applied_day = coalesce(
            (SELECT min(applied_day) FROM allocation WHERE settlement_id = OLD.settlement_id), 0),
        last_applied_day = coalesce(
            (SELECT max(applied_day) FROM allocation WHERE settlement_id = OLD.settlement_id), 0)
    WHERE id = OLD.settlement_id;
END;

PRAGMA legacy_alter_table = OFF;
"#;

/// Applies the steps of `steps` that the book in `tx` has not had yet, and records the new
/// version. The caller commits; dropping `tx` instead leaves the book exactly as it was.
///
/// Taking the steps as an argument lets a test inject a failing step.
pub(crate) fn apply_pending(tx: &Transaction<'_>, steps: &[&str]) -> Result<()> {
    let found: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let known = steps.len() as i64;
    if found > known {
        return Err(StoreError::NewerBook { found, known });
    }

    for (index, step) in steps.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        tracing::debug!(version, "applying schema step");
        tx.execute_batch(step)
            .map_err(|source| StoreError::Migration { version, source })?;
    }

    if found < known {
        // The steps run with foreign keys unchecked, so that a table can be rebuilt; every
        // reference must hold again before the new version is recorded.
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })?;
        if broken > 0 {
            return Err(StoreError::BrokenReferences { count: broken });
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", known)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::{Connection, TransactionBehavior};

    use super::*;

    /// Everything that defines a book's state: its schema objects, its version and its rows.
    fn snapshot(conn: &Connection) -> Vec<String> {
        let mut out = Vec::new();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        let app: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        out.push(format!("user_version={version} application_id={app}"));
        let mut stmt = conn
            .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
            .unwrap();
        let objects: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for (kind, name, sql) in objects {
            out.push(format!("{kind} {name}: {sql}"));
            if kind == "table" {
                let mut rows = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
                let width = rows.column_count();
                let dump: Vec<String> = rows
                    .query_map([], |r| {
                        let cells: Vec<String> = (0..width)
                            .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                            .collect();
                        Ok(cells.join("|"))
                    })
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                out.extend(dump);
            }
        }
        out
    }

    fn migrate(conn: &mut Connection, steps: &[&str]) -> Result<()> {
        conn.pragma_update(None, "foreign_keys", false)?;
        let tx = Transaction::new(conn, TransactionBehavior::Immediate)?;
        apply_pending(&tx, steps)?;
        tx.commit()?;
        Ok(())
    }

    #[test]
    fn an_empty_file_is_brought_to_the_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("book.sqlite")).unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        let snap = snapshot(&conn);
        assert_eq!(
            snap[0],
            format!("user_version={SCHEMA_VERSION} application_id={APPLICATION_ID}")
        );
        for table in [
            "book",
            "customer",
            "invoice",
            "instalment",
            "settlement",
            "allocation",
        ] {
            assert!(
                snap.iter()
                    .any(|l| l.starts_with(&format!("table {table}:"))),
                "{table}"
            );
        }
    }

    #[test]
    fn a_failing_step_leaves_a_fresh_file_without_any_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before = snapshot(&conn);
        let steps = [
            SCHEMA_1,
            "CREATE TABLE reminder (id INTEGER PRIMARY KEY); SELECT nope();",
        ];
        let err = migrate(&mut conn, &steps).unwrap_err();
        assert!(
            matches!(err, StoreError::Migration { version: 2, .. }),
            "{err}"
        );
        assert_eq!(snapshot(&conn), before, "not even step 1 may remain");
    }

    #[test]
    fn a_failing_step_leaves_an_existing_book_exactly_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn.execute(
            "INSERT INTO book (id, name, currency) VALUES (1, 'Acme', 'EUR')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO customer (reference, name) VALUES ('C-1', 'Pine Hollow')",
            [],
        )
        .unwrap();
        let before = snapshot(&conn);

        // A good step that adds a table and changes rows, then a step that fails halfway.
        let mut steps = MIGRATIONS.to_vec();
        steps.push(
            "CREATE TABLE reminder (id INTEGER PRIMARY KEY); UPDATE customer SET name = 'x';",
        );
        steps.push("ALTER TABLE customer ADD COLUMN risk TEXT; INSERT INTO missing VALUES (1);");
        let err = migrate(&mut conn, &steps).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Migration {
                    version: MIGRATIONS_PLUS_TWO,
                    ..
                }
            ),
            "{err}"
        );
        drop(conn);

        let conn = Connection::open(&path).unwrap();
        assert_eq!(snapshot(&conn), before);
    }

    /// The rows of a table, every column (generated ones included), in id order.
    fn rows(conn: &Connection, table: &str, columns: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("SELECT {columns} FROM {table} ORDER BY 1, 2, 3"))
            .unwrap();
        let width = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..width)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    }

    const VERSION_1_LEDGER: &str = "
        INSERT INTO book (id, name, currency) VALUES (1, 'Acme', 'EUR');
        INSERT INTO customer (id, reference, name) VALUES (1, 'C-1', 'Pine Hollow');
        INSERT INTO invoice (id, number, customer_id, currency, issue_date, total_minor, terms,
            discount_percent, discount_until, discount_minor)
        VALUES (7, '0042', 1, 'EUR', '2024-01-15', 30000, '2/10 net 30', '2', '2024-01-25', 600);
        INSERT INTO instalment (customer_id, currency, invoice_id, seq, due_date, issue_day,
            amount_minor, disputed)
        VALUES (1, 'EUR', 7, 1, '2024-02-14', 19737, 30000, 0);
        INSERT INTO settlement (id, kind, reference, customer_id, date, currency, amount_minor,
            invoice_number, invoice_id)
        VALUES (3, 'payment', 'P-1', 1, '2024-02-20', 'EUR', 10000, '42', 7),
               (4, 'credit_note', 'CN-1', 1, '2024-02-21', 'EUR', 5000, NULL, NULL);
        INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
            amount_minor, applied_on)
        VALUES (3, 1, 'EUR', 7, 1, 10000, '2024-02-20');
    ";

    #[test]
    fn a_version_1_book_keeps_every_row_and_rule_through_the_rebuilt_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..1]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let invoice_columns = "id, number, number_key, customer_id, currency, issue_date, \
            issue_day, total_minor, terms, discount_percent, discount_until, discount_minor, \
            disputed";
        let settlement_columns = "id, kind, reference, reference_key, customer_id, date, day, \
            currency, amount_minor, invoice_number, invoice_id, allocated_minor, \
            first_applied_day, last_applied_day";
        let allocation_columns = "id, settlement_id, invoice_id, seq, amount_minor, applied_on, \
            applied_day";
        let before = [
            rows(&conn, "invoice", invoice_columns),
            rows(&conn, "settlement", settlement_columns),
            rows(&conn, "allocation", allocation_columns),
            rows(&conn, "instalment", "*"),
        ];

        migrate(&mut conn, MIGRATIONS).unwrap();
        let after = [
            rows(&conn, "invoice", invoice_columns),
            rows(&conn, "settlement", settlement_columns),
            rows(&conn, "allocation", allocation_columns),
            rows(&conn, "instalment", "*"),
        ];
        assert_eq!(after, before);

        // The rules of the rebuilt tables still hold: triggers, uniqueness, checks, references.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (4, 1, 'EUR', 7, 1, 5000, '2024-02-21');
             UPDATE invoice SET disputed = 1 WHERE id = 7;",
        )
        .unwrap();
        assert_eq!(
            rows(
                &conn,
                "instalment",
                "settled_minor, disputed, last_applied_day"
            ),
            ["Integer(15000)|Integer(1)|Integer(19774)"]
        );
        let refused = [
            "UPDATE invoice SET total_minor = 1 WHERE id = 7",
            "INSERT INTO invoice (number, customer_id, currency, issue_date, total_minor, terms)
             VALUES ('42', 1, 'EUR', '2024-03-01', 100, 'net 30')",
            "INSERT INTO settlement (kind, reference, customer_id, date, currency, amount_minor)
             VALUES ('gift', 'G-1', 1, '2024-03-01', 'EUR', 100)",
            "INSERT INTO settlement (kind, reference, customer_id, date, currency, amount_minor)
             VALUES ('payment', 'P-9', 1, '2024-3-1', 'EUR', 100)",
            "INSERT INTO settlement (kind, reference, customer_id, date, currency, amount_minor)
             VALUES ('payment', 'P-9', 99, '2024-03-01', 'EUR', 100)",
            "UPDATE allocation SET amount_minor = 1",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_book_whose_rows_refer_to_missing_rows_is_not_upgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &MIGRATIONS[..1]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        conn.execute("UPDATE settlement SET customer_id = 99 WHERE id = 4", [])
            .unwrap();
        let before = snapshot(&conn);

        let err = migrate(&mut conn, MIGRATIONS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The book could not be upgraded: 1 of its rows refer to rows that are not in it. The \
             book was left unchanged; it may have been edited outside CreditDesk, so restore it \
             from a backup."
        );
        drop(conn);
        assert_eq!(snapshot(&Connection::open(&path).unwrap()), before);
    }

    const MIGRATIONS_PLUS_TWO: i64 = SCHEMA_VERSION + 2;

    #[test]
    fn a_version_1_book_keeps_its_rows_when_it_gains_the_settings_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..1]).unwrap();
        conn.execute_batch(
            "INSERT INTO book (id, name, currency) VALUES (1, 'Acme', 'EUR');
             INSERT INTO customer (reference, name) VALUES ('C-1', 'Pine Hollow');
             INSERT INTO invoice (number, customer_id, currency, issue_date, total_minor, terms)
                 VALUES ('INV-1', 1, 'EUR', '2024-03-01', 10000, 'net 30');",
        )
        .unwrap();
        let rows_before: Vec<String> = snapshot(&conn)
            .into_iter()
            .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
            .collect();

        migrate(&mut conn, &MIGRATIONS[..2]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=2 application_id={APPLICATION_ID}")
        );
        for object in [
            "index invoice_by_issue:",
            "index invoice_disputed_by_issue:",
            "table import_customer:",
            "table company:",
            "table smtp_account:",
        ] {
            assert!(after.iter().any(|l| l.starts_with(object)), "{object}");
        }
        let rows_after: Vec<String> = after
            .into_iter()
            .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
            .collect();
        assert_eq!(rows_after, rows_before, "no row changes and none is added");
    }

    #[test]
    fn an_empty_file_reaches_version_4_with_the_credit_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..4]).unwrap();
        let snap = snapshot(&conn);
        assert_eq!(
            snap[0],
            format!("user_version=4 application_id={APPLICATION_ID}")
        );
        for table in [
            "credit_profile",
            "credit_security",
            "credit_report",
            "credit_insurance",
            "sales_order",
            "exchange_rate",
            "credit_override",
        ] {
            let object = format!("table {table}:");
            assert!(snap.iter().any(|l| l.starts_with(&object)), "{table}");
        }
    }

    #[test]
    fn a_version_3_book_keeps_every_row_when_it_gains_the_credit_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..3]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        conn.execute_batch(
            "INSERT INTO company (id, legal_name, address_lines, letter_language)
                 VALUES (1, 'Acme GmbH', '[\"Hafenstrasse 1\"]', 'en');
             INSERT INTO audit (action, entity, reference, detail)
                 VALUES ('create_book', 'book', 'Acme', '{}');",
        )
        .unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));
        assert!(before.len() > 5, "the ledger is in the book: {before:?}");

        migrate(&mut conn, &MIGRATIONS[..4]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=4 application_id={APPLICATION_ID}")
        );
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // The new tables refer to the customers that were there.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO credit_profile (customer_id, limit_minor, currency, default_terms_days,
                 max_terms_days, risk_class, status, review_date, review_interval_months,
                 security_required)
             VALUES (1, 1000000, 'EUR', 30, 60, 'medium', 'active', '2025-01-31', 12, 0);
             INSERT INTO sales_order (reference, customer_id, amount_minor, currency, terms_days,
                 date, state)
             VALUES ('SO-1', 1, 300000, 'EUR', 30, '2024-08-01', 'open');",
        )
        .unwrap();
        let refused = [
            "INSERT INTO sales_order (reference, customer_id, amount_minor, currency, terms_days,
                 date, state) VALUES ('SO-1', 1, 100, 'EUR', 30, '2024-08-01', 'open')",
            "INSERT INTO sales_order (reference, customer_id, amount_minor, currency, terms_days,
                 date, state) VALUES ('SO-2', 99, 100, 'EUR', 30, '2024-08-01', 'open')",
            "INSERT INTO credit_override (order_id, held_for, reason) VALUES (1, '[]', 'ok')",
            "INSERT INTO credit_override (order_id, held_for, reason)
                 VALUES (1, '[{\"code\":\"customer_blocked\"}]', '  ')",
            "INSERT INTO credit_security (customer_id, kind, amount_minor, currency, issuer)
                 VALUES (1, 'bank_guarantee', 100, 'EUR', 'Hausbank')",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_version_4_book_keeps_every_row_when_it_gains_the_credit_policy_and_limit_decisions() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..4]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        conn.execute_batch(
            "INSERT INTO credit_profile (customer_id, limit_minor, currency, default_terms_days,
                 max_terms_days, risk_class, status, review_date, review_interval_months,
                 security_required)
             VALUES (1, 1000000, 'EUR', 30, 60, 'medium', 'active', '2025-01-31', 12, 0);",
        )
        .unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..5]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=5 application_id={APPLICATION_ID}")
        );
        for object in ["table credit_policy:", "table credit_limit_decision:"] {
            assert!(after.iter().any(|l| l.starts_with(object)), "{object}");
        }
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // A decision refers to a customer that exists, and once written stays as it is.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO credit_limit_decision (customer_id, as_of, outcome, current_minor,
                 suggested_minor, currency, suggestion, note)
             VALUES (1, '2024-08-01', 'accepted', 1000000, 1250000, 'EUR', '{}', '');",
        )
        .unwrap();
        let refused = [
            "INSERT INTO credit_limit_decision (customer_id, as_of, outcome, suggested_minor,
                 currency, suggestion, note)
             VALUES (99, '2024-08-01', 'rejected', 0, 'EUR', '{}', '')",
            "INSERT INTO credit_limit_decision (customer_id, as_of, outcome, suggested_minor,
                 currency, suggestion, note)
             VALUES (1, '2024-08-01', 'maybe', 0, 'EUR', '{}', '')",
            "UPDATE credit_limit_decision SET note = 'changed'",
            "DELETE FROM credit_limit_decision",
            "INSERT INTO credit_policy (id, grace_days, expiring_within_days, report_max_age_days,
                 first_order_percent, clean_months, late_tolerance_days, raise_percent,
                 recent_months, earlier_months, worsening_days, cut_percent,
                 higher_score_is_better)
             VALUES (1, 15, 30, 365, '50', 0, 15, '25', 3, 12, 10, '25', 1)",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_version_5_book_keeps_every_row_when_it_gains_the_insurer_reports() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..5]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..6]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=6 application_id={APPLICATION_ID}")
        );
        assert!(after.iter().any(|l| l.starts_with("table insurer_report:")));
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let invoice: i64 = conn
            .query_row("SELECT min(id) FROM invoice", [], |r| r.get(0))
            .unwrap();
        conn.execute(
            "INSERT INTO insurer_report (invoice_id, reported_on, reference)
             VALUES (?1, '2024-08-01', 'NOA-1')",
            [invoice],
        )
        .unwrap();
        let refused = [
            format!(
                "INSERT INTO insurer_report (invoice_id, reported_on, reference)
                 VALUES ({invoice}, '2024-08-02', '')"
            ),
            "INSERT INTO insurer_report (invoice_id, reported_on, reference)
                 VALUES (99999, '2024-08-02', '')"
                .to_string(),
            "UPDATE insurer_report SET reference = 'changed'".to_string(),
            "DELETE FROM insurer_report".to_string(),
        ];
        for sql in refused {
            assert!(conn.execute(&sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_book_keeps_every_row_when_it_gains_disputes_promises_and_claims() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..6]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..7]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=7 application_id={APPLICATION_ID}")
        );
        for object in [
            "table dispute:",
            "table promise:",
            "table promise_invoice:",
            "table write_off_reason:",
            "table insurance_claim:",
            "table claim_invoice:",
        ] {
            assert!(after.iter().any(|l| l.starts_with(object)), "{object}");
        }
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // The new rows refer to the invoices and customers that were there.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO dispute (invoice_id, whole_invoice, amount_minor, currency, reason, note,
                 opened_on)
             VALUES (7, 0, 100, 'EUR', 'price', '', '2024-08-01');
             INSERT INTO promise (customer_id, made_on, promised_on, amount_minor, currency,
                 promised_by, channel)
             VALUES (1, '2024-08-01', '2024-08-15', 100, 'EUR', 'Ms Lind', 'phone');
             INSERT INTO promise_invoice (promise_id, invoice_id) VALUES (1, 7);
             INSERT INTO insurance_claim (customer_id, filed_on, claimed_minor, currency,
                 decision, retention)
             VALUES (1, '2024-08-01', 100, 'EUR', 'pending', 'recoverable');",
        )
        .unwrap();
        let refused = [
            "INSERT INTO dispute (invoice_id, whole_invoice, amount_minor, currency, reason, note,
                 opened_on) VALUES (99, 0, 100, 'EUR', 'price', '', '2024-08-01')",
            "INSERT INTO dispute (invoice_id, whole_invoice, amount_minor, currency, reason, note,
                 opened_on) VALUES (7, 0, 100, 'EUR', 'other', ' ', '2024-08-01')",
            "UPDATE dispute SET outcome = 'accepted', resolved_on = '2024-07-01',
                 resolution_note = '', credited_minor = 100",
            "UPDATE dispute SET outcome = 'accepted', resolved_on = '2024-08-02',
                 resolution_note = '', credited_minor = 101",
            "INSERT INTO promise (customer_id, made_on, promised_on, amount_minor, currency,
                 promised_by, channel)
             VALUES (1, '2024-08-01', '2024-07-15', 100, 'EUR', 'Ms Lind', 'phone')",
            "INSERT INTO promise_invoice (promise_id, invoice_id) VALUES (1, 99)",
            "INSERT INTO write_off_reason (settlement_id, reason) VALUES (99, 'gone')",
            "UPDATE insurance_claim SET paid_minor = 50",
            "UPDATE insurance_claim SET decision = 'accepted'",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_book_keeps_every_row_when_it_gains_payment_plans() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..7]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..8]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=8 application_id={APPLICATION_ID}")
        );
        for object in [
            "table payment_plan:",
            "table plan_instalment:",
            "table plan_item:",
        ] {
            assert!(after.iter().any(|l| l.starts_with(object)), "{object}");
        }
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // A plan refers to an invoice, a customer and a credit note that are there.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let credit_note: i64 = conn
            .query_row("SELECT min(id) FROM settlement", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO payment_plan (customer_id, currency, invoice_id, start_on, total_minor,
                 down_payment_minor, interest_days, interest_minor, grace_days)
             VALUES (1, 'EUR', 7, '2024-08-01', 1000, 100, 60, 0, 5);
             INSERT INTO plan_instalment (plan_id, seq, due_date, principal_minor, interest_minor,
                 down_payment)
             VALUES (1, 1, '2024-08-01', 100, 0, 1);
             INSERT INTO plan_item (plan_id, invoice_id, seq, due_date, open_minor,
                 credit_note_id)
             VALUES (1, 7, 1, '2024-06-30', 1000, {credit_note});"
        ))
        .unwrap();
        let refused = [
            "INSERT INTO payment_plan (customer_id, currency, invoice_id, start_on, total_minor,
                 down_payment_minor, interest_days, interest_minor, grace_days)
             VALUES (1, 'EUR', 7, '2024-08-01', 1000, 0, 60, 0, 5)",
            "INSERT INTO payment_plan (customer_id, currency, invoice_id, start_on, total_minor,
                 down_payment_minor, interest_days, interest_minor, grace_days)
             VALUES (99, 'EUR', 99, '2024-08-01', 1000, 0, 60, 0, 5)",
            "UPDATE payment_plan SET down_payment_minor = 1000",
            "UPDATE payment_plan SET state = 'broken'",
            "UPDATE payment_plan SET state = 'broken', broken_on = '2024-07-01', missed_seq = 1",
            "INSERT INTO plan_instalment (plan_id, seq, due_date, principal_minor,
                 interest_minor, down_payment) VALUES (1, 2, '2024-09-01', 0, 0, 0)",
            "INSERT INTO plan_item (plan_id, invoice_id, seq, due_date, open_minor,
                 credit_note_id) VALUES (1, 7, 2, '2024-06-30', 10, 99999)",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        conn.execute(
            "UPDATE payment_plan SET state = 'broken', broken_on = '2024-09-06', missed_seq = 2",
            [],
        )
        .unwrap();
    }

    #[test]
    fn a_book_keeps_every_row_when_it_gains_attachments() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..8]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..9]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=9 application_id={APPLICATION_ID}")
        );
        assert!(after.iter().any(|l| l.starts_with("table attachment:")));
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // A report with a file attached; the file goes when the report is removed.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let hash = "0".repeat(64);
        conn.execute_batch(&format!(
            "INSERT INTO credit_report (id, customer_id, agency, date, rating, note)
             VALUES (1, 1, 'Creditreform', '2024-05-02', '72', '');
             INSERT INTO attachment (credit_report_id, file_name, media_type, size, sha256,
                 content)
             VALUES (1, '报告.pdf', 'application/pdf', 4, '{hash}', x'25504446');"
        ))
        .unwrap();
        let refused = [
            format!(
                "INSERT INTO attachment (file_name, media_type, size, sha256, content)
                 VALUES ('a.pdf', 'application/pdf', 1, '{hash}', x'00')"
            ),
            format!(
                "INSERT INTO attachment (credit_report_id, dispute_id, file_name, media_type,
                     size, sha256, content)
                 VALUES (1, 1, 'a.pdf', 'application/pdf', 1, '{hash}', x'00')"
            ),
            format!(
                "INSERT INTO attachment (credit_report_id, file_name, media_type, size, sha256,
                     content)
                 VALUES (1, 'a.pdf', 'application/pdf', 2, '{hash}', x'00')"
            ),
            format!(
                "INSERT INTO attachment (credit_report_id, file_name, media_type, size, sha256,
                     content)
                 VALUES (99, 'a.pdf', 'application/pdf', 1, '{hash}', x'00')"
            ),
            format!(
                "INSERT INTO attachment (dispute_id, file_name, media_type, size, sha256, content)
                 VALUES (99, 'a.pdf', 'application/pdf', 1, '{hash}', x'00')"
            ),
        ];
        for sql in &refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        conn.execute("DELETE FROM credit_report WHERE id = 1", [])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM attachment", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0, "the report's file went with it");
    }

    #[test]
    fn a_book_keeps_every_row_when_it_gains_collections() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..9]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..10]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=10 application_id={APPLICATION_ID}")
        );
        for object in [
            "table customer_address:",
            "table customer_interest:",
            "table dunning_policy:",
            "table customer_dunning_policy:",
            "table dunning_pause:",
            "table letter_template:",
            "table dunning_run:",
            "table dunning_communication:",
            "table dunning_item:",
            "table dunning_charge:",
            "table charge_settlement:",
            "table phone_task:",
            "table dunning_consequence:",
            "table outbox:",
        ] {
            assert!(after.iter().any(|l| l.starts_with(object)), "{object}");
        }
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // A run with one executed communication, its item, a charge, a phone task and a mail.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO customer_address (customer_id, lines, country, letter_language)
             VALUES (1, '[\"Hafenstrasse 1\", \"20457 Hamburg\"]', 'DE', 'en');
             INSERT INTO customer_interest (customer_id, rule, percent) VALUES (1, 'annual', '8');
             INSERT INTO dunning_policy (id, policy) VALUES (1, '{\"name\": \"firm\"}');
             INSERT INTO dunning_pause (customer_id, reason, from_date, until_date)
             VALUES (1, 'Owner in hospital', '2024-08-01', '2024-08-31');
             INSERT INTO letter_template (name, language, subject, body)
             VALUES ('reminder', 'en', 'Reminder {reference}', 'Dear {customer_name}');
             INSERT INTO dunning_run (id, as_of, left_out, allocation_tasks, problems)
             VALUES (1, '2024-08-01', '[]', '[]', '[]');
             INSERT INTO dunning_communication (id, run_id, customer_id, currency, level, channel,
                 communication, total_minor)
             VALUES (1, 1, 1, 'EUR', 1, 'email_reminder', '{}', 15000);
             INSERT INTO dunning_item (communication_id, invoice_id, seq) VALUES (1, 7, 1);
             INSERT INTO outbox (id, communication_id, to_addresses, subject, body, message_id,
                 next_attempt)
             VALUES (1, 1, '[\"ap@pine.example\"]', 'Reminder', 'Dear Pine Hollow', '<a@b>', 0);
             UPDATE dunning_communication SET state = 'executed', executed_on = '2024-08-01',
                 sent_on = '2024-08-01', reference = 'D-2024-000001',
                 sent_by = 'email_reminder', outbox_id = 1
             WHERE id = 1;
             INSERT INTO dunning_charge (invoice_id, communication_id, kind, amount_minor,
                 currency, charged_on, level)
             VALUES (7, 1, 'fee', 1500, 'EUR', '2024-08-01', 1);
             INSERT INTO charge_settlement (invoice_id, date, amount_minor, currency, waived, note)
             VALUES (7, '2024-08-20', 1500, 'EUR', 1, 'goodwill');
             INSERT INTO phone_task (customer_id, communication_id, due_on)
             VALUES (1, 1, '2024-08-01');
             INSERT INTO dunning_consequence (customer_id, communication_id, consequence,
                 applied_on)
             VALUES (1, 1, 'credit_hold', '2024-08-01');",
        )
        .unwrap();
        let refused = [
            "INSERT INTO customer_address (customer_id, lines) VALUES (99, '[]')",
            "INSERT INTO customer_address (customer_id, lines) VALUES (1, '\"one line\"')",
            "INSERT INTO customer_interest (customer_id, rule) VALUES (1, 'daily')",
            "INSERT INTO customer_interest (customer_id, rule) VALUES (1, 'mars')",
            "INSERT INTO dunning_pause (customer_id, invoice_id, reason, from_date, until_date)
             VALUES (1, 7, 'both', '2024-08-01', '2024-08-31')",
            "INSERT INTO dunning_pause (customer_id, reason, from_date, until_date)
             VALUES (1, ' ', '2024-08-01', '2024-08-31')",
            "INSERT INTO dunning_pause (customer_id, reason, from_date, until_date)
             VALUES (1, 'late', '2024-08-31', '2024-08-01')",
            "INSERT INTO letter_template (name, language, subject, body)
             VALUES ('reminder', 'fr', 'Rappel', 'Madame')",
            "UPDATE dunning_communication SET executed_on = NULL",
            "INSERT INTO dunning_item (communication_id, invoice_id, seq) VALUES (1, 99, 1)",
            "INSERT INTO dunning_charge (invoice_id, kind, amount_minor, currency, charged_on)
             VALUES (7, 'fee', 0, 'EUR', '2024-08-01')",
            "INSERT INTO outbox (to_addresses, subject, body, message_id, next_attempt)
             VALUES ('[]', 's', 'b', '<c@d>', 0)",
            "INSERT INTO outbox (to_addresses, subject, body, message_id, next_attempt)
             VALUES ('[\"x@y\"]', 's', 'b', '<a@b>', 0)",
            "UPDATE outbox SET state = 'sent'",
            "UPDATE phone_task SET state = 'done'",
            "INSERT INTO dunning_consequence (customer_id, communication_id, consequence,
                 applied_on)
             VALUES (1, 1, 'credit_hold', '2024-08-02')",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        conn.execute(
            "UPDATE phone_task SET state = 'done', outcome = 'no_answer', done_on = '2024-08-02',
                 done_at = '2024-08-02T09:00:00.000Z'",
            [],
        )
        .unwrap();
    }

    #[test]
    fn a_book_keeps_every_row_when_it_gains_reference_rate_tables() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..10]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let before = rows_of(snapshot(&conn));

        migrate(&mut conn, &MIGRATIONS[..11]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=11 application_id={APPLICATION_ID}")
        );
        assert!(after
            .iter()
            .any(|l| l.starts_with("table reference_rate_table:")));
        assert_eq!(rows_of(after), before, "no row changes and none is added");

        // One table per source, from a named file with some text in it.
        conn.execute_batch(
            "INSERT INTO reference_rate_table (source, file_name, content)
             VALUES ('german_base_rate', 'basiszins-2026.csv',
                 'from,to,percent\n2026-07-01,2026-12-31,1.52\n');",
        )
        .unwrap();
        let refused = [
            "INSERT INTO reference_rate_table (source, file_name, content)
             VALUES ('german_base_rate', 'again.csv', 'from,to,percent')",
            "INSERT INTO reference_rate_table (source, file_name, content)
             VALUES ('fed_funds', 'fed.csv', 'from,to,percent')",
            "INSERT INTO reference_rate_table (source, file_name, content)
             VALUES ('ecb_reference', ' ', 'from,to,percent')",
            "INSERT INTO reference_rate_table (source, file_name, content)
             VALUES ('ecb_reference', 'ecb.csv', '')",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
        let loaded_at: String = conn
            .query_row("SELECT loaded_at FROM reference_rate_table", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            loaded_at.len(),
            "2026-07-02T09:30:00.123Z".len(),
            "{loaded_at}"
        );
    }

    #[test]
    fn a_book_keeps_every_row_when_refunds_may_take_back_what_an_invoice_settled() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &MIGRATIONS[..11]).unwrap();
        conn.execute_batch(VERSION_1_LEDGER).unwrap();
        let before = snapshot(&conn);
        let rows_of = |snap: Vec<String>| -> Vec<String> {
            snap.into_iter()
                .filter(|line| !line.contains(": ") && !line.starts_with("user_version"))
                .collect()
        };
        let objects = |snap: &[String]| -> Vec<String> {
            let mut found: Vec<String> = snap
                .iter()
                .filter_map(|line| line.split_once(": ").map(|(object, _)| object.to_string()))
                .collect();
            found.sort();
            found
        };

        migrate(&mut conn, &MIGRATIONS[..12]).unwrap();
        let after = snapshot(&conn);
        assert_eq!(
            after[0],
            format!("user_version=12 application_id={APPLICATION_ID}")
        );
        let mut expected = objects(&before);
        expected.push("trigger allocation_has_the_sign_of_its_settlement".into());
        expected.sort();
        assert_eq!(objects(&after), expected, "every index and trigger again");
        assert_eq!(
            rows_of(after),
            rows_of(before),
            "no row changes and none is added"
        );

        // P-1 (100.00 of the 300.00 invoice, on 2024-02-20) is taken back by a refund on
        // 2024-03-01: nothing is settled, and the applied days still span both.
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.execute_batch(
            "INSERT INTO settlement (id, kind, reference, customer_id, date, currency,
                 amount_minor, invoice_number, invoice_id)
             VALUES (5, 'payment', 'P-1-R', 1, '2024-03-01', 'EUR', -10000, '42', 7);
             INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (5, 1, 'EUR', 7, 1, -10000, '2024-03-01');",
        )
        .unwrap();
        let days = "settled_minor, first_applied_day, last_applied_day";
        assert_eq!(
            rows(&conn, "instalment", days),
            ["Integer(0)|Integer(19773)|Integer(19783)"]
        );
        // Money allocated later keeps the first day: the payment counted before its refund.
        conn.execute(
            "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (4, 1, 'EUR', 7, 1, 5000, '2024-03-10')",
            [],
        )
        .unwrap();
        assert_eq!(
            rows(&conn, "instalment", days),
            ["Integer(5000)|Integer(19773)|Integer(19792)"]
        );
        let refused = [
            // An allocation of nothing, more taken back than settled, a refund allocated above
            // zero, and a payment allocated below zero.
            "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (3, 1, 'EUR', 7, 1, 0, '2024-03-02')",
            "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (5, 1, 'EUR', 7, 1, -10000, '2024-03-02')",
            "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (5, 1, 'EUR', 7, 1, 20000, '2024-03-02')",
            "INSERT INTO allocation (settlement_id, customer_id, currency, invoice_id, seq,
                 amount_minor, applied_on)
             VALUES (3, 1, 'EUR', 7, 1, -100, '2024-03-02')",
        ];
        for sql in refused {
            assert!(conn.execute(sql, []).is_err(), "{sql}");
        }
    }

    #[test]
    fn a_book_from_a_newer_version_is_refused_without_being_written() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let before = snapshot(&conn);
        let err = migrate(&mut conn, MIGRATIONS).unwrap_err();
        assert!(matches!(err, StoreError::NewerBook { .. }));
        assert_eq!(snapshot(&conn), before);
    }
}
