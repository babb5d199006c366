//! Generated books of realistic shape, for demonstrations and benchmarks.
//!
//! A [`DemoSpec`] fully determines its book: the same spec gives the same records in the same
//! order on every platform, because every random choice is drawn from one SplitMix64 stream and
//! every amount is computed in integers (no floating point, whose `exp` and `ln` differ between
//! math libraries).
//!
//! The book is produced as a stream ([`records`], [`write_generic_csv`]): all customers first,
//! then the invoices in issue-date order, each followed at once by its own settlements (whose
//! dates may lie after later invoices' dates). Only the customers' profiles are held, never the
//! invoices, so a book of a million invoices needs no more memory than one of a thousand.
//!
//! What makes it look like a real ledger:
//! - customers named in the style of their country (`… GmbH`, `… Ltd`, `… SARL`, `… Inc.`,
//!   `…有限公司`, `… K.K.`, `… s.r.o.`, `… S.r.l.`), billed mostly in EUR, then USD, GBP, CNY,
//!   JPY and CZK, with amounts in whole minor units (none for JPY);
//! - invoice amounts spread log-normally around each customer's own typical size, some of them
//!   round figures, on business days;
//! - a payment habit per customer (prompt, a bit late, chronically late, pays in pieces, takes
//!   the early-payment discount, stops paying) that decides when and whether each instalment is
//!   paid;
//! - partial credit notes (about 2% of invoices), disputed invoices (about 1%), payments that
//!   arrive without naming an invoice (about 1%), invoices simply never paid, and write-offs of
//!   what defaulters left open.
//!
//! Every settlement that names an invoice stays within it: credit notes, payments and
//! write-offs of one invoice never add up to more than its total. Nothing is dated after
//! [`DemoSpec::end`].

use std::collections::{HashSet, VecDeque};
use std::io::{self, BufWriter, Write};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use creditdesk_core::ledger::{
    Channel, CustomerRecord, InvoiceRecord, LedgerRecord, SettlementKind, SettlementRecord,
};
use creditdesk_core::terms::PaymentTerms;
use creditdesk_core::{Currency, Money};

use self::words::*;

/// What book to generate. Two equal specs always give the same book.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoSpec {
    /// Every random choice derives from this number.
    pub seed: u64,
    /// Customers in the book; at least one is generated when `invoices` is above zero.
    pub customers: usize,
    /// Invoices in the book, spread evenly over the business days of the history.
    pub invoices: usize,
    /// The last day of history: nothing in the book is dated after it.
    pub end: NaiveDate,
    /// Length of the history in months, ending on `end`; 0 counts as 1.
    pub months: u32,
}

impl DemoSpec {
    /// The seed of the shipped demo book.
    pub const DEFAULT_SEED: u64 = 2026;

    /// A small book that reads well in a demonstration: 60 customers and 2,500 invoices over the
    /// 18 months that end on `end`.
    pub fn demo(end: NaiveDate) -> DemoSpec {
        DemoSpec {
            seed: Self::DEFAULT_SEED,
            customers: 60,
            invoices: 2_500,
            end,
            months: 18,
        }
    }

    /// A benchmark book of `invoices` invoices over the three years that end on 2025-12-31, with
    /// one customer per 40 invoices (at least 50). Set `end` or `customers` afterwards for
    /// another shape.
    pub fn large(invoices: usize) -> DemoSpec {
        DemoSpec {
            seed: Self::DEFAULT_SEED,
            customers: (invoices / 40).max(50),
            invoices,
            end: NaiveDate::from_ymd_opt(2025, 12, 31).expect("2025-12-31 is a date"),
            months: 36,
        }
    }
}

/// The records of the book `spec` describes, streamed: customers, then each invoice followed by
/// its settlements, invoices in issue-date order.
///
/// # Panics
///
/// When `end` lies within a few years of the limits of chrono's calendar, where due dates can no
/// longer be computed.
pub fn records(spec: &DemoSpec) -> impl Iterator<Item = LedgerRecord> {
    BookStream::new(*spec)
}

/// The columns of the generic CSV layout, in order.
pub const GENERIC_CSV_HEADER: &str = "record,customer_ref,customer_name,number,date,due_date,\
terms,amount,currency,invoice,disputed,country,email,channel";

/// Writes the book of `spec` in the generic CSV layout, streaming, and returns the number of
/// records written (the header line not counted).
///
/// The layout: UTF-8, comma-separated, one `\n`-terminated line per record, `.` as decimal mark
/// without grouping, ISO dates; a field is quoted when it contains a comma, a quote, a line break
/// or leading or trailing spaces, with quotes inside doubled. `record` is `customer`, `invoice`,
/// `payment`, `credit_note` or `write_off`. A customer's row carries its name, country, email and
/// channel and comes before its first invoice. An invoice's row carries its number, issue date,
/// canonical terms text, total, currency and `disputed` (`yes`/`no`), with `due_date` left empty
/// so that the importer freezes the terms from the invoice date. A settlement's row carries its
/// reference in `number` and the invoice it names in `invoice` (empty when it names none).
/// Columns that do not apply to a record are empty.
pub fn write_generic_csv<W: Write>(spec: &DemoSpec, out: W) -> io::Result<u64> {
    let mut out = BufWriter::new(out);
    out.write_all(GENERIC_CSV_HEADER.as_bytes())?;
    out.write_all(b"\n")?;

    let mut line = String::new();
    let mut rows = 0;
    for record in records(spec) {
        line.clear();
        push_generic_csv_row(&record, &mut line);
        out.write_all(line.as_bytes())?;
        rows += 1;
    }

    out.flush()?;
    Ok(rows)
}

fn push_generic_csv_row(record: &LedgerRecord, line: &mut String) {
    match record {
        LedgerRecord::Customer(c) => {
            let channel = c.preferred_channel.map_or("", |ch| ch.as_str());
            let country = c.country.as_deref().unwrap_or("");
            let email = c.email.as_deref().unwrap_or("");
            let name = c.name.as_str();
            let reference = c.reference.as_str();
            push_fields(
                line,
                [
                    "customer", reference, name, "", "", "", "", "", "", "", "", country, email,
                    channel,
                ],
            );
        }
        LedgerRecord::Invoice(i) => {
            let date = i.issue_date.to_string();
            let amount = i.total.amount().to_string();
            let disputed = if i.disputed { "yes" } else { "no" };
            let currency = i.currency();
            push_fields(
                line,
                [
                    "invoice",
                    &i.customer_reference,
                    "",
                    &i.number,
                    &date,
                    "",
                    &i.terms.text,
                    &amount,
                    currency.code(),
                    "",
                    disputed,
                    "",
                    "",
                    "",
                ],
            );
        }
        LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
            // The generator never records foreign-currency receipts, so `paid_in` has no column.
            let date = s.date.to_string();
            let amount = s.amount.amount().to_string();
            let currency = s.amount.currency();
            let invoice = s.invoice_number.as_deref().unwrap_or("");
            push_fields(
                line,
                [
                    s.kind.as_str(),
                    &s.customer_reference,
                    "",
                    &s.reference,
                    &date,
                    "",
                    "",
                    &amount,
                    currency.code(),
                    invoice,
                    "",
                    "",
                    "",
                    "",
                ],
            );
        }
    }
}

fn push_fields(line: &mut String, fields: [&str; 14]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let needs_quotes = field.contains([',', '"', '\n', '\r'])
            || field.starts_with(' ')
            || field.ends_with(' ');
        if needs_quotes {
            line.push('"');
            line.push_str(&field.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(field);
        }
    }
    line.push('\n');
}

/// SplitMix64 (Steele, Lea and Flood, "Fast Splittable Pseudorandom Number Generators", 2014):
/// the state advances by the odd constant 0x9E3779B97F4A7C15 (2^64 divided by the golden ratio)
/// and each output is the state mixed by two xor-shift-multiply rounds. Integer arithmetic only,
/// so the sequence is the same on every platform. Not for anything that must be unpredictable.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by Lemire's multiply-and-shift; its bias of at most
    /// n / 2^64 is irrelevant here.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below(high.abs_diff(low) + 1) as i64
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for &(item, weight) in items {
            if roll < weight {
                return item;
            }
            roll -= weight;
        }
        items[items.len() - 1].0
    }

    /// An approximately standard normal number in thousandths: the sum of twelve uniform numbers
    /// has variance 1 (Irwin-Hall), so `sum - 6` has mean 0 and standard deviation 1.
    fn normal_milli(&mut self) -> i64 {
        (0..12).map(|_| self.below(1000) as i64).sum::<i64>() - 6000
    }
}

/// 10^(i/100) for i in 0..100, fixed point with nine decimals, built by repeated multiplication
/// with 10^0.01 = 1.023292992 in integers so that it is the same on every platform.
const POW10_HUNDREDTHS: [u64; 100] = {
    let mut table = [0u64; 100];
    let mut value: u128 = 1_000_000_000;
    let mut i = 0;
    while i < 100 {
        table[i] = value as u64;
        value = (value * 1_023_292_992 + 500_000_000) / 1_000_000_000;
        i += 1;
    }
    table
};

/// 10^(hundredths/100) as a whole number, for exponents up to 17.
fn pow10_hundredths(hundredths: u32) -> u64 {
    let whole = 10u64.pow(hundredths / 100);
    let fraction = u128::from(POW10_HUNDREDTHS[(hundredths % 100) as usize]);
    (u128::from(whole) * fraction / 1_000_000_000) as u64
}

/// The payment terms of the generated invoices in canonical text, with their weight among the
/// terms customers agree to and among the terms of one-off deals (12% of invoices): seasonal
/// dates, instalments and deposits are mostly negotiated deal by deal.
const TERMS_MIX: [(&str, u64, u64); 8] = [
    ("net 30", 36, 20),
    ("net 60", 14, 10),
    ("2/10 net 30", 12, 10),
    ("eom +1 month", 12, 5),
    ("30 days eom day 10", 10, 5),
    ("net 30 in 3 parts every 1 month", 6, 20),
    ("fixed 10-30", 0, 15),
    ("deposit 30% 0 days, net 30", 10, 15),
];
const DISCOUNT_TERMS: usize = 2;
const MONTH_END_TERMS: usize = 3;
const TENTH_OF_MONTH_TERMS: usize = 4;

/// Per mille of invoices that get a partial credit note, that are disputed, or that are simply
/// never paid; per mille of payments that arrive without naming their invoice; per mille of a
/// defaulter's unpaid invoices that are written off.
const CREDIT_NOTE_PER_MILLE: u64 = 20;
const DISPUTED_PER_MILLE: u64 = 10;
const FORGOTTEN_PER_MILLE: u64 = 5;
const UNAPPLIED_PER_MILLE: u64 = 10;
const WRITE_OFF_PER_MILLE: u64 = 550;

/// Minor units of each currency worth one euro, so that a customer's amounts are of the same
/// order whatever it is billed in. Round, illustrative, fixed rates.
const MINOR_UNITS_PER_EURO: [(&str, u64); 6] = [
    ("EUR", 100),
    ("USD", 108),
    ("GBP", 86),
    ("CNY", 780),
    ("JPY", 160),
    ("CZK", 2500),
];

/// How a customer pays; it decides the date of every payment and whether it comes at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Habit {
    /// Pays in the week before the due date, or a day or two after.
    Prompt,
    /// Pays three to 25 days late.
    SlightlyLate,
    /// Pays 25 to 110 days late.
    ChronicallyLate,
    /// Pays each instalment in two or three pieces, and sometimes never the last one.
    PaysInPieces,
    /// Pays within the discount period, less the discount, whenever terms offer one.
    TakesDiscount,
    /// Pays somewhat late until a day in the history, then pays nothing more.
    StopsPaying,
}

const HABITS: [(Habit, u64); 6] = [
    (Habit::Prompt, 33),
    (Habit::SlightlyLate, 24),
    (Habit::ChronicallyLate, 12),
    (Habit::PaysInPieces, 9),
    (Habit::TakesDiscount, 14),
    (Habit::StopsPaying, 8),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Country {
    Germany,
    Austria,
    France,
    Italy,
    UnitedKingdom,
    UnitedStates,
    China,
    Japan,
    Czechia,
}

const COUNTRIES: [(Country, u64); 9] = [
    (Country::Germany, 28),
    (Country::Austria, 4),
    (Country::France, 12),
    (Country::Italy, 6),
    (Country::UnitedKingdom, 12),
    (Country::UnitedStates, 15),
    (Country::China, 9),
    (Country::Japan, 6),
    (Country::Czechia, 8),
];

/// Words of company names, as written in the name. Where the email-domain form is not simply the
/// word without its accents (Chinese and Japanese), it follows after `|`. Laid out by hand, as
/// data.
#[rustfmt::skip]
mod words {
    pub(super) const DE_SURNAMES: [&str; 16] = [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer",
        "Koch", "Richter", "Wolf", "Neumann", "Zimmermann", "Krüger", "Hartmann", "Lange",
    ];
    pub(super) const DE_BRANDS: [&str; 8] = [
        "Nordlicht", "Alpenblick", "Rheintal", "Elbufer", "Sonnenhof", "Hansa", "Schwarzwald",
        "Isartal",
    ];
    pub(super) const DE_TRADES: [&str; 12] = [
        "Bau", "Maschinenbau", "Logistik", "Elektrotechnik", "Metallbau", "Holzhandel", "Druckerei",
        "Feinmechanik", "Haustechnik", "Kunststofftechnik", "Landtechnik", "Werkzeugbau",
    ];
    pub(super) const GB_PLACES: [&str; 12] = [
        "Brightwater", "Harrow", "Ashford", "Kingsley", "Whitmore", "Thornbury", "Pembroke",
        "Redhill", "Fairfax", "Bramley", "Ellingham", "Finch",
    ];
    pub(super) const GB_TRADES: [&str; 10] = [
        "Supplies", "Engineering", "Logistics", "Trading", "Fabrications", "Packaging",
        "Components", "Foods", "Textiles", "Joinery",
    ];
    pub(super) const FR_NAMES: [&str; 12] = [
        "Lumière", "Beaulieu", "Dupont", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine",
        "Chevalier", "Mercier", "Lambert", "Garnier",
    ];
    pub(super) const FR_TRADES: [&str; 8] = [
        "Distribution", "Transports", "Bâtiment", "Équipements", "Emballages", "Négoce",
        "Menuiserie", "Industrie",
    ];
    pub(super) const IT_NAMES: [&str; 8] = [
        "Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino",
    ];
    pub(super) const IT_TRADES: [&str; 6] = [
        "Forniture", "Meccanica", "Trasporti", "Imballaggi", "Costruzioni", "Alimentari",
    ];
    pub(super) const US_NAMES: [&str; 12] = [
        "Redwood", "Summit", "Lakeshore", "Pioneer", "Granite", "Bluebonnet", "Hudson", "Cascade",
        "Liberty", "Prairie", "Keystone", "Evergreen",
    ];
    pub(super) const US_TRADES: [&str; 8] = [
        "Logistics", "Tools", "Industries", "Supply Co.", "Manufacturing", "Foods", "Systems",
        "Materials",
    ];
    pub(super) const CN_CITIES: [&str; 8] = [
        "深圳|shenzhen", "上海|shanghai", "苏州|suzhou", "宁波|ningbo", "东莞|dongguan",
        "杭州|hangzhou", "青岛|qingdao", "广州|guangzhou",
    ];
    pub(super) const CN_BRANDS: [&str; 8] = [
        "华信|huaxin", "恒达|hengda", "东方|dongfang", "瑞丰|ruifeng", "金鼎|jinding",
        "天成|tiancheng", "宏远|hongyuan", "永安|yongan",
    ];
    pub(super) const CN_TRADES: [&str; 7] = [
        "精密机械|jingmi", "电子科技|dianzi", "贸易|maoyi", "包装材料|baozhuang", "五金制品|wujin",
        "纺织|fangzhi", "化工|huagong",
    ];
    // Japanese customers are written in the Latin script, as a European supplier's books
    // usually hold them; the letters' font covers Latin and GB2312 Chinese, not the kanji forms
    // of Japanese names.
    pub(super) const JP_NAMES: [&str; 10] = [
        "Yamada|yamada", "Sato|sato", "Suzuki|suzuki", "Takahashi|takahashi", "Tanaka|tanaka",
        "Nakamura|nakamura", "Kobayashi|kobayashi", "Yamato|yamato", "Fuji|fuji", "Toyo|toyo",
    ];
    pub(super) const JP_TRADES: [&str; 7] = [
        "Seiki|seiki", "Shoji|shoji", "Denki|denki", "Kogyo|kogyo", "Bussan|bussan",
        "Kagaku|kagaku", "Seisakusho|seisakusho",
    ];
    pub(super) const CZ_NAMES: [&str; 8] = [
        "Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý", "Horák",
    ];
    pub(super) const CZ_TRADES: [&str; 6] = [
        "Stavby", "Strojírna", "Logistika", "Elektro", "Obchod", "Kovovýroba",
    ];
}

impl Country {
    fn code(self) -> &'static str {
        match self {
            Country::Germany => "DE",
            Country::Austria => "AT",
            Country::France => "FR",
            Country::Italy => "IT",
            Country::UnitedKingdom => "GB",
            Country::UnitedStates => "US",
            Country::China => "CN",
            Country::Japan => "JP",
            Country::Czechia => "CZ",
        }
    }

    fn domain_suffix(self) -> &'static str {
        match self {
            Country::Germany => "de",
            Country::Austria => "at",
            Country::France => "fr",
            Country::Italy => "it",
            Country::UnitedKingdom => "co.uk",
            Country::UnitedStates => "com",
            Country::China => "cn",
            Country::Japan => "co.jp",
            Country::Czechia => "cz",
        }
    }

    /// The mailboxes an accounts-payable department of the country typically uses.
    fn mailboxes(self) -> &'static [&'static str] {
        match self {
            Country::Germany | Country::Austria => &["buchhaltung", "rechnungen"],
            Country::France => &["comptabilite", "factures"],
            Country::Italy => &["amministrazione"],
            Country::UnitedKingdom => &["accounts", "finance"],
            Country::UnitedStates => &["ap", "billing"],
            Country::China => &["caiwu"],
            Country::Japan => &["keiri"],
            Country::Czechia => &["ucetni", "faktury"],
        }
    }

    fn currency_code(self, rng: &mut SplitMix64) -> &'static str {
        match self {
            Country::Germany | Country::Austria | Country::France | Country::Italy => "EUR",
            Country::UnitedKingdom if rng.chance(150) => "EUR",
            Country::UnitedKingdom => "GBP",
            Country::UnitedStates => "USD",
            Country::China if rng.chance(300) => "USD",
            Country::China => "CNY",
            Country::Japan => "JPY",
            Country::Czechia if rng.chance(350) => "EUR",
            Country::Czechia => "CZK",
        }
    }

    /// A company name in the style of the country, and the label of its email domain.
    fn company_name(self, rng: &mut SplitMix64) -> (String, String) {
        match self {
            Country::Germany | Country::Austria => {
                let (surname, surname_label) = word(rng, &DE_SURNAMES);
                let (trade, trade_label) = word(rng, &DE_TRADES);
                let (brand, brand_label) = word(rng, &DE_BRANDS);
                match rng.below(20) {
                    0..=8 => named(
                        format!("{surname} {trade} GmbH"),
                        &surname_label,
                        &trade_label,
                    ),
                    9..=12 => {
                        let (other, other_label) = other_word(rng, &DE_SURNAMES, surname);
                        named(
                            format!("{surname} & {other} GmbH"),
                            &surname_label,
                            &other_label,
                        )
                    }
                    13..=18 => named(format!("{brand} {trade} GmbH"), &brand_label, &trade_label),
                    _ => named(
                        format!("{trade} \"{brand}\" GmbH"),
                        &trade_label,
                        &brand_label,
                    ),
                }
            }
            Country::UnitedKingdom => {
                let (place, place_label) = word(rng, &GB_PLACES);
                let (trade, trade_label) = word(rng, &GB_TRADES);
                match rng.below(20) {
                    0..=10 => named(format!("{place} {trade} Ltd"), &place_label, &trade_label),
                    11..=14 => {
                        let (other, other_label) = other_word(rng, &GB_PLACES, place);
                        named(format!("{place} & {other} Ltd"), &place_label, &other_label)
                    }
                    15..=16 => {
                        let (other, other_label) = other_word(rng, &GB_PLACES, place);
                        named(
                            format!("{place}, {other} & Sons Ltd"),
                            &place_label,
                            &other_label,
                        )
                    }
                    _ => named(
                        format!("{place} {trade} (UK) Ltd"),
                        &place_label,
                        &trade_label,
                    ),
                }
            }
            Country::France => {
                let (name, name_label) = word(rng, &FR_NAMES);
                let (trade, trade_label) = word(rng, &FR_TRADES);
                if rng.chance(600) {
                    named(format!("{name} {trade} SARL"), &name_label, &trade_label)
                } else {
                    named(format!("{trade} {name} SARL"), &trade_label, &name_label)
                }
            }
            Country::Italy => {
                let (name, name_label) = word(rng, &IT_NAMES);
                let (trade, trade_label) = word(rng, &IT_TRADES);
                named(format!("{name} {trade} S.r.l."), &name_label, &trade_label)
            }
            Country::UnitedStates => {
                let (name, name_label) = word(rng, &US_NAMES);
                let (trade, trade_label) = word(rng, &US_TRADES);
                let comma = if rng.chance(500) { "," } else { "" };
                named(
                    format!("{name} {trade}{comma} Inc."),
                    &name_label,
                    &trade_label,
                )
            }
            Country::China => {
                let (city, _) = word(rng, &CN_CITIES);
                let (brand, brand_label) = word(rng, &CN_BRANDS);
                let (trade, trade_label) = word(rng, &CN_TRADES);
                named(
                    format!("{city}{brand}{trade}有限公司"),
                    &brand_label,
                    &trade_label,
                )
            }
            Country::Japan => {
                let (name, name_label) = word(rng, &JP_NAMES);
                let (trade, trade_label) = word(rng, &JP_TRADES);
                named(format!("{name} {trade} K.K."), &name_label, &trade_label)
            }
            Country::Czechia => {
                let (name, name_label) = word(rng, &CZ_NAMES);
                let (trade, trade_label) = word(rng, &CZ_TRADES);
                named(format!("{name} {trade} s.r.o."), &name_label, &trade_label)
            }
        }
    }
}

fn named(name: String, first_label: &str, second_label: &str) -> (String, String) {
    (name, format!("{first_label}-{second_label}"))
}

/// A word of `words` as written, with its email-domain form.
fn word(rng: &mut SplitMix64, words: &[&'static str]) -> (&'static str, String) {
    let entry = *rng.pick(words);
    match entry.split_once('|') {
        Some((written, label)) => (written, label.to_string()),
        None => (entry, domain_label(entry)),
    }
}

/// A word other than `taken`, so that "Weber & Weber GmbH" does not happen.
fn other_word(rng: &mut SplitMix64, words: &[&'static str], taken: &str) -> (&'static str, String) {
    let others: Vec<&'static str> = words.iter().copied().filter(|w| *w != taken).collect();
    word(rng, &others)
}

/// The email-domain form of a Latin-script word: lower case, accents dropped (German umlauts as
/// ae, oe, ue), spaces as hyphens, other punctuation left out.
fn domain_label(written: &str) -> String {
    let mut label = String::new();
    for c in written.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => label.push(c),
            ' ' | '-' => label.push('-'),
            'ä' => label.push_str("ae"),
            'ö' => label.push_str("oe"),
            'ü' => label.push_str("ue"),
            'ß' => label.push_str("ss"),
            'à' | 'á' | 'â' => label.push('a'),
            'ç' | 'č' => label.push('c'),
            'è' | 'é' | 'ê' | 'ě' => label.push('e'),
            'í' | 'î' => label.push('i'),
            'ó' | 'ô' => label.push('o'),
            'ř' => label.push('r'),
            'š' => label.push('s'),
            'ú' | 'û' | 'ů' => label.push('u'),
            'ý' => label.push('y'),
            'ž' => label.push('z'),
            _ => {}
        }
    }
    label
}

/// What the generator remembers of a customer while it writes the invoices.
struct Profile {
    reference: String,
    currency: Currency,
    habit: Habit,
    /// Index into [`TERMS_MIX`] of the customer's agreed terms.
    terms: usize,
    /// The customer's typical invoice in euros, in hundredths of a power of ten: 300 is 1,000.
    size: i64,
    /// No invoice is issued to the customer before this day.
    since: NaiveDate,
    /// From this day on the customer pays nothing more (only for [`Habit::StopsPaying`]).
    stops_paying: Option<NaiveDate>,
}

impl Profile {
    /// A customer stays on account until 45 days after it stopped paying; then the credit
    /// controller puts it on hold and it is invoiced no more.
    fn may_be_invoiced_on(&self, date: NaiveDate) -> bool {
        let on_hold = matches!(self.stops_paying, Some(stop) if date > add_days(stop, 45));
        date >= self.since && !on_hold
    }
}

/// The stream behind [`records`]: a state machine that holds the customers' profiles and the
/// few settlements of the invoice just issued, never the invoices themselves.
struct BookStream {
    spec: DemoSpec,
    rng: SplitMix64,
    customer_count: usize,
    customers: Vec<Profile>,
    /// Names given so far, to avoid two customers of the same name; emptied once all exist.
    names: HashSet<String>,
    /// Running sums of the customers' order weights: a few customers place most orders.
    cumulative_weight: Vec<u64>,
    business_days: Vec<NaiveDate>,
    start: NaiveDate,
    terms: Vec<PaymentTerms>,
    issued: usize,
    references: References,
    pending: VecDeque<LedgerRecord>,
}

#[derive(Default)]
struct References {
    payments: u64,
    credit_notes: u64,
    write_offs: u64,
}

impl References {
    fn next(&mut self, kind: SettlementKind) -> String {
        let (counter, prefix) = match kind {
            SettlementKind::CreditNote => (&mut self.credit_notes, "CN"),
            SettlementKind::WriteOff => (&mut self.write_offs, "WO"),
            SettlementKind::Payment | SettlementKind::Discount => (&mut self.payments, "PAY"),
        };
        *counter += 1;
        format!("{prefix}-{:07}", *counter)
    }
}

impl BookStream {
    fn new(spec: DemoSpec) -> BookStream {
        let months = spec.months.max(1);
        let start = spec
            .end
            .checked_sub_months(Months::new(months))
            .map_or(spec.end, |d| add_days(d, 1));
        let mut business_days: Vec<NaiveDate> = start
            .iter_days()
            .take_while(|d| *d <= spec.end)
            .filter(is_business_day)
            .collect();
        if business_days.is_empty() {
            business_days.push(spec.end);
        }
        let terms = TERMS_MIX
            .iter()
            .map(|(text, _, _)| {
                PaymentTerms::parse(text).expect("the generator's terms are canonical")
            })
            .collect();
        let customer_count = if spec.invoices > 0 {
            spec.customers.max(1)
        } else {
            spec.customers
        };

        BookStream {
            spec,
            rng: SplitMix64::new(spec.seed),
            customer_count,
            customers: Vec::with_capacity(customer_count),
            names: HashSet::new(),
            cumulative_weight: Vec::with_capacity(customer_count),
            business_days,
            start,
            terms,
            issued: 0,
            references: References::default(),
            pending: VecDeque::new(),
        }
    }

    fn next_customer(&mut self) -> CustomerRecord {
        let rng = &mut self.rng;
        let country = rng.weighted(&COUNTRIES);

        // Names are not keys: after a dozen tries a large book accepts a duplicate.
        let (mut name, mut domain) = country.company_name(rng);
        for _ in 0..12 {
            if !self.names.contains(&name) {
                break;
            }
            (name, domain) = country.company_name(rng);
        }
        self.names.insert(name.clone());

        let email = rng.chance(900).then(|| {
            let mailbox = rng.pick(country.mailboxes());
            format!("{mailbox}@{domain}.{}", country.domain_suffix())
        });
        let channel = if email.is_some() && rng.chance(820) {
            Channel::Email
        } else {
            Channel::Paper
        };
        let currency = Currency::from_code(country.currency_code(rng)).expect("ISO 4217 code");
        let habit = rng.weighted(&HABITS);
        let terms = agreed_terms(rng, country, habit);
        let size = 290 + 45 * rng.normal_milli() / 1000;

        let history = (self.spec.end - self.start).num_days();
        let since = if rng.chance(700) {
            self.start
        } else {
            add_days(self.start, rng.below((history * 8 / 10) as u64))
        };
        let stops_paying = (habit == Habit::StopsPaying).then(|| {
            let span = (self.spec.end - since).num_days();
            add_days(since, (span * rng.between(30, 90) / 100) as u64)
        });
        let weight = pow10_hundredths(300 + rng.below(150) as u32);
        let previous = self.cumulative_weight.last().copied().unwrap_or(0);
        self.cumulative_weight.push(previous + weight);

        let reference = format!("CUST-{:05}", self.customers.len() + 1);
        self.customers.push(Profile {
            reference: reference.clone(),
            currency,
            habit,
            terms,
            size,
            since,
            stops_paying,
        });
        CustomerRecord {
            reference,
            name,
            country: Some(country.code().to_string()),
            email,
            preferred_channel: Some(channel),
        }
    }

    /// A customer that may be invoiced on `date`, chosen by order weight.
    fn pick_customer(&mut self, date: NaiveDate) -> usize {
        let total = *self
            .cumulative_weight
            .last()
            .expect("at least one customer");
        let mut chosen = 0;
        for _ in 0..16 {
            let roll = self.rng.below(total);
            chosen = self.cumulative_weight.partition_point(|&c| c <= roll);
            if self.customers[chosen].may_be_invoiced_on(date) {
                return chosen;
            }
        }
        // Rare: the weighted tries kept hitting customers not yet or no longer on account.
        (0..self.customers.len())
            .map(|i| (chosen + i) % self.customers.len())
            .find(|&i| self.customers[i].may_be_invoiced_on(date))
            .unwrap_or(chosen)
    }

    fn issue_next_invoice(&mut self) {
        let position = self.issued * self.business_days.len() / self.spec.invoices;
        let issue_date = self.business_days[position];
        let customer = self.pick_customer(issue_date);
        self.issued += 1;

        let profile = &self.customers[customer];
        let rng = &mut self.rng;
        let terms = if rng.chance(880) {
            profile.terms
        } else {
            rng.weighted(&one_off_terms_mix())
        };
        let total = Money::from_minor(invoice_amount(rng, profile), profile.currency);
        let frozen = self.terms[terms]
            .freeze(issue_date, total)
            .expect("the generated dates lie well within the calendar");
        let invoice = InvoiceRecord {
            number: format!("INV-{:06}", self.issued),
            customer_reference: profile.reference.clone(),
            issue_date,
            total,
            terms: frozen,
            disputed: rng.chance(DISPUTED_PER_MILLE),
        };

        let settlements = settlements(rng, profile, &invoice, self.spec.end, &mut self.references);
        self.pending.push_back(LedgerRecord::Invoice(invoice));
        self.pending
            .extend(settlements.into_iter().map(LedgerRecord::Settlement));
    }
}

impl Iterator for BookStream {
    type Item = LedgerRecord;

    fn next(&mut self) -> Option<LedgerRecord> {
        if let Some(record) = self.pending.pop_front() {
            return Some(record);
        }
        if self.customers.len() < self.customer_count {
            let customer = self.next_customer();
            if self.customers.len() == self.customer_count {
                self.names = HashSet::new();
            }
            return Some(LedgerRecord::Customer(customer));
        }
        if self.issued < self.spec.invoices {
            self.issue_next_invoice();
            return self.pending.pop_front();
        }
        None
    }
}

fn agreed_terms_mix() -> [(usize, u64); 8] {
    std::array::from_fn(|i| (i, TERMS_MIX[i].1))
}

fn one_off_terms_mix() -> [(usize, u64); 8] {
    std::array::from_fn(|i| (i, TERMS_MIX[i].2))
}

/// The terms a customer agreed to: discount takers ask for a discount, Japanese customers close
/// at month end and pay at the end of the next month, French and Italian ones often pay on the
/// 10th after month end; everyone else follows the general mix.
fn agreed_terms(rng: &mut SplitMix64, country: Country, habit: Habit) -> usize {
    if habit == Habit::TakesDiscount && rng.chance(750) {
        return DISCOUNT_TERMS;
    }
    match country {
        Country::Japan if rng.chance(700) => MONTH_END_TERMS,
        Country::France | Country::Italy if rng.chance(400) => TENTH_OF_MONTH_TERMS,
        _ => rng.weighted(&agreed_terms_mix()),
    }
}

/// An invoice total in minor units: log-normal around the customer's typical size (a standard
/// deviation of 0.35 powers of ten), converted at a fixed rate, and now and then a round figure.
fn invoice_amount(rng: &mut SplitMix64, profile: &Profile) -> i64 {
    let hundredths = (profile.size + 35 * rng.normal_milli() / 1000).clamp(130, 580);
    let euro_cents = pow10_hundredths(hundredths as u32 + 200);
    let per_euro = MINOR_UNITS_PER_EURO
        .iter()
        .find(|(code, _)| *code == profile.currency.code())
        .map_or(100, |(_, units)| *units);
    let mut minor = (euro_cents * per_euro / 100) as i64;

    let unit = 10i64.pow(profile.currency.minor_digits());
    if rng.chance(120) {
        let step = if minor >= 10_000 * unit {
            100 * unit
        } else {
            10 * unit
        };
        minor = (minor + step / 2) / step * step;
    }
    minor.max(unit)
}

/// A settlement before it gets its reference.
struct Planned {
    kind: SettlementKind,
    date: NaiveDate,
    minor: i64,
}

/// The settlements of one invoice, in date order: the credit notes the seller issued, the
/// payments the customer's habit makes, and the write-off of what a defaulter left. Only those
/// dated on or before `end` are kept. Their sum never exceeds the invoice total.
fn settlements(
    rng: &mut SplitMix64,
    profile: &Profile,
    invoice: &InvoiceRecord,
    end: NaiveDate,
    references: &mut References,
) -> Vec<SettlementRecord> {
    let total = minor_units(invoice.total);
    let mut owed: Vec<(NaiveDate, i64)> = invoice
        .terms
        .instalments
        .iter()
        .map(|i| (i.due_date, minor_units(i.amount)))
        .collect();
    let mut planned = Vec::new();

    let credited = rng.chance(CREDIT_NOTE_PER_MILLE);
    if credited {
        let date = on_business_day(add_days(invoice.issue_date, rng.between(3, 30) as u64));
        let credit = (total * rng.between(5, 40) / 100).max(1);
        planned.push(Planned {
            kind: SettlementKind::CreditNote,
            date,
            minor: credit,
        });
        reduce_from_last(&mut owed, credit);
    }

    let stopped = if invoice.disputed || rng.chance(FORGOTTEN_PER_MILLE) {
        false
    } else {
        plan_payments(rng, profile, invoice, &owed, credited, &mut planned)
    };

    if stopped && rng.chance(WRITE_OFF_PER_MILLE) {
        let last_due = owed.last().map_or(invoice.issue_date, |(due, _)| *due);
        let date = on_business_day(add_days(last_due, rng.between(120, 240) as u64));
        let left = total - planned.iter().map(|p| p.minor).sum::<i64>();
        if left > 0 {
            planned.push(Planned {
                kind: SettlementKind::WriteOff,
                date,
                minor: left,
            });
        }
    }

    planned.retain(|p| p.date <= end);
    planned.sort_by_key(|p| p.date);
    planned
        .into_iter()
        .map(|p| {
            let unapplied = p.kind == SettlementKind::Payment && rng.chance(UNAPPLIED_PER_MILLE);
            SettlementRecord {
                reference: references.next(p.kind),
                customer_reference: invoice.customer_reference.clone(),
                kind: p.kind,
                date: p.date,
                amount: Money::from_minor(p.minor, invoice.currency()),
                invoice_number: (!unapplied).then(|| invoice.number.clone()),
                paid_in: None,
            }
        })
        .collect()
}

/// Plans the payments of the instalments still `owed`, as the customer's habit has it. Returns
/// whether the customer stopped paying before the invoice was settled.
fn plan_payments(
    rng: &mut SplitMix64,
    profile: &Profile,
    invoice: &InvoiceRecord,
    owed: &[(NaiveDate, i64)],
    credited: bool,
    planned: &mut Vec<Planned>,
) -> bool {
    let issue = invoice.issue_date;
    let payment = |date: NaiveDate, minor: i64| Planned {
        kind: SettlementKind::Payment,
        date: on_business_day(date.max(issue)),
        minor,
    };

    // The discount is granted when the invoice is settled in one payment within the period.
    if let (Habit::TakesDiscount, Some(offer), [(_, amount)]) =
        (profile.habit, &invoice.terms.discount, owed)
    {
        if !credited && rng.chance(880) {
            let window = (offer.until - issue).num_days();
            let date = on_business_day_before(offset(issue, rng.between(window.min(2), window)));
            let paid = amount - minor_units(offer.amount);
            planned.push(Planned {
                kind: SettlementKind::Payment,
                date: date.max(issue),
                minor: paid,
            });
            return false;
        }
    }

    for &(due, amount) in owed.iter().filter(|(_, amount)| *amount > 0) {
        if profile.habit == Habit::PaysInPieces && amount > 1 {
            let mut date = offset(due, rng.between(0, 20));
            let mut left = amount;
            let pieces = rng.between(2, 3);
            for piece in 1..=pieces {
                if piece == pieces && rng.chance(250) {
                    break;
                }
                let part = if piece == pieces {
                    left
                } else {
                    (left * rng.between(30, 65) / 100).max(1)
                };
                planned.push(payment(date, part));
                left -= part;
                date = offset(date, rng.between(10, 35));
            }
            continue;
        }

        let mut delay = match profile.habit {
            Habit::Prompt => rng.between(-7, 2),
            Habit::SlightlyLate => rng.between(3, 25),
            Habit::ChronicallyLate => rng.between(25, 110),
            Habit::TakesDiscount => rng.between(-5, 3),
            Habit::StopsPaying | Habit::PaysInPieces => rng.between(5, 40),
        };
        if rng.chance(40) {
            delay += rng.between(20, 60);
        }
        let paid = payment(offset(due, delay), amount);
        if profile.stops_paying.is_some_and(|stop| paid.date > stop) {
            return true;
        }
        planned.push(paid);
    }
    false
}

/// Takes `credit` off the instalments, last first: a credit note lowers what is due latest.
fn reduce_from_last(owed: &mut [(NaiveDate, i64)], mut credit: i64) {
    for (_, amount) in owed.iter_mut().rev() {
        let taken = credit.min(*amount);
        *amount -= taken;
        credit -= taken;
    }
}

fn minor_units(money: Money) -> i64 {
    money
        .to_minor()
        .expect("generated amounts are whole minor units")
}

fn is_business_day(date: &NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Money arrives on a business day: a weekend date moves to the Monday after.
fn on_business_day(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => add_days(date, 2),
        Weekday::Sun => add_days(date, 1),
        _ => date,
    }
}

/// A payer aiming at a deadline pays on the Friday before a weekend, not the Monday after.
fn on_business_day_before(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => offset(date, -1),
        Weekday::Sun => offset(date, -2),
        _ => date,
    }
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

fn offset(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        add_days(date, days as u64)
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;

    fn day(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn small_book(seed: u64) -> DemoSpec {
        DemoSpec {
            seed,
            customers: 15,
            invoices: 400,
            end: day(2025, 6, 30),
            months: 12,
        }
    }

    fn demo_book() -> DemoSpec {
        DemoSpec::demo(day(2026, 11, 30))
    }

    fn csv_of(spec: &DemoSpec) -> String {
        let mut out = Vec::new();
        write_generic_csv(spec, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Splits one line of the generic layout, honouring quotes and doubled quotes.
    fn split_csv_line(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            let field = fields.last_mut().unwrap();
            match c {
                '"' if !quoted && field.is_empty() => quoted = true,
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' if quoted => quoted = false,
                ',' if !quoted => fields.push(String::new()),
                _ => field.push(c),
            }
        }
        fields
    }

    fn optional(field: &str) -> Option<String> {
        (!field.is_empty()).then(|| field.to_string())
    }

    fn money(amount: &str, currency: &str) -> Money {
        let currency = Currency::from_code(currency).unwrap();
        Money::exact(Decimal::from_str(amount).unwrap(), currency).unwrap()
    }

    #[test]
    fn splitmix64_gives_the_published_sequence() {
        // The reference sequence for seed 1234567; a platform that differs here would generate
        // another book from the same seed.
        let mut rng = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821
            ]
        );
    }

    #[test]
    fn powers_of_ten_are_computed_in_integers_close_to_the_real_value() {
        assert_eq!(pow10_hundredths(0), 1);
        assert_eq!(pow10_hundredths(300), 1_000);
        assert_eq!(pow10_hundredths(1_700), 100_000_000_000_000_000);
        // 10^2.5 = 316.23 and 10^3.99 = 9772.37: the integer parts.
        assert_eq!(pow10_hundredths(250), 316);
        assert_eq!(pow10_hundredths(399), 9_772);
    }

    #[test]
    fn the_same_seed_gives_the_same_book_and_another_seed_another_book() {
        assert!(records(&small_book(7)).eq(records(&small_book(7))));
        assert!(!records(&small_book(7)).eq(records(&small_book(8))));
        assert_eq!(csv_of(&small_book(7)), csv_of(&small_book(7)));
    }

    #[test]
    fn a_tiny_book_is_the_same_on_every_platform() {
        // Seed 2026, three customers, six invoices in the quarter to 2025-06-30. Any change here
        // means the same seed no longer gives the same book: a platform difference, or a change
        // of the generator that must be deliberate.
        let spec = DemoSpec {
            seed: 2026,
            customers: 3,
            invoices: 6,
            end: day(2025, 6, 30),
            months: 3,
        };
        let expected = "\
record,customer_ref,customer_name,number,date,due_date,terms,amount,currency,\
invoice,disputed,country,email,channel\n\
customer,CUST-00001,宁波天成贸易有限公司,,,,,,,,,CN,caiwu@tiancheng-maoyi.cn,paper\n\
customer,CUST-00002,Négoce Girard SARL,,,,,,,,,FR,,paper\n\
customer,CUST-00003,Kučera Kovovýroba s.r.o.,,,,,,,,,CZ,faktury@kucera-kovovyroba.cz,email\n\
invoice,CUST-00002,,INV-000001,2025-03-31,,net 60,1380.38,EUR,,no,,,\n\
payment,CUST-00002,,PAY-0000001,2025-06-05,,,690.19,EUR,INV-000001,,,,\n\
payment,CUST-00002,,PAY-0000002,2025-06-24,,,400.31,EUR,INV-000001,,,,\n\
invoice,CUST-00002,,INV-000002,2025-04-15,,net 60,1820.00,EUR,,no,,,\n\
payment,CUST-00002,,PAY-0000003,2025-06-30,,,546.00,EUR,INV-000002,,,,\n\
invoice,CUST-00001,,INV-000003,2025-04-30,,net 30,4592.95,CNY,,no,,,\n\
invoice,CUST-00002,,INV-000004,2025-05-15,,net 60,7244.35,EUR,,no,,,\n\
invoice,CUST-00001,,INV-000005,2025-05-30,,net 30,8552.46,CNY,,no,,,\n\
invoice,CUST-00003,,INV-000006,2025-06-16,,2/10 net 30,11693.25,CZK,,no,,,\n\
";
        assert_eq!(csv_of(&spec), expected);
    }

    #[test]
    fn every_instalment_schedule_adds_up_to_its_invoice_total() {
        for record in records(&demo_book()) {
            if let LedgerRecord::Invoice(invoice) = record {
                let sum = invoice
                    .terms
                    .instalments
                    .iter()
                    .try_fold(Money::zero(invoice.currency()), |sum, i| {
                        sum.checked_add(i.amount)
                    })
                    .unwrap();
                assert_eq!(sum, invoice.total, "schedule of {}", invoice.number);
                assert!(invoice
                    .terms
                    .instalments
                    .iter()
                    .all(|i| i.due_date >= invoice.issue_date));
            }
        }
    }

    #[test]
    fn nothing_is_dated_after_the_last_day_of_history_nor_settled_before_it_was_invoiced() {
        let spec = demo_book();
        let mut issued = HashMap::new();
        let mut last_issue = NaiveDate::MIN;
        for record in records(&spec) {
            match record {
                LedgerRecord::Customer(_) => {}
                LedgerRecord::Invoice(invoice) => {
                    assert!(
                        invoice.issue_date <= spec.end,
                        "{} after the end",
                        invoice.number
                    );
                    assert!(
                        invoice.issue_date >= last_issue,
                        "{} out of order",
                        invoice.number
                    );
                    last_issue = invoice.issue_date;
                    issued.insert(invoice.number, invoice.issue_date);
                }
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
                    assert!(
                        s.date <= spec.end,
                        "{} dated {} after the end",
                        s.reference,
                        s.date
                    );
                    if let Some(number) = &s.invoice_number {
                        assert!(s.date >= issued[number], "{} before {number}", s.reference);
                    }
                }
            }
        }
    }

    #[test]
    fn settlements_naming_an_invoice_never_exceed_its_total() {
        // invoice number -> (customer, total, credit notes + payments + write-offs naming it)
        let mut invoices: HashMap<String, (String, Money, Money)> = HashMap::new();
        for record in records(&demo_book()) {
            match record {
                LedgerRecord::Invoice(i) => {
                    let zero = Money::zero(i.currency());
                    invoices.insert(i.number.clone(), (i.customer_reference, i.total, zero));
                }
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
                    assert!(
                        !s.amount.is_negative() && !s.amount.is_zero(),
                        "{}",
                        s.reference
                    );
                    let Some(number) = &s.invoice_number else {
                        continue;
                    };
                    let (customer, total, settled) = invoices.get_mut(number).unwrap();
                    assert_eq!(
                        *customer, s.customer_reference,
                        "{} names {number}",
                        s.reference
                    );
                    *settled = settled.checked_add(s.amount).unwrap();
                    assert!(
                        settled.amount() <= total.amount(),
                        "{number} settled beyond its total"
                    );
                }
                LedgerRecord::Customer(_) => {}
            }
        }
    }

    #[test]
    fn references_are_unique_and_customers_come_before_their_invoices() {
        let mut customers = HashSet::new();
        let mut invoices = HashSet::new();
        let mut settlements = HashSet::new();
        for record in records(&demo_book()) {
            match record {
                LedgerRecord::Customer(c) => assert!(customers.insert(c.reference)),
                LedgerRecord::Invoice(i) => {
                    assert!(customers.contains(&i.customer_reference), "{}", i.number);
                    assert!(i.number.starts_with("INV-"));
                    assert!(invoices.insert(i.number));
                }
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
                    let prefix = match s.kind {
                        SettlementKind::Payment => "PAY-",
                        SettlementKind::CreditNote => "CN-",
                        SettlementKind::WriteOff => "WO-",
                        SettlementKind::Discount => panic!("discounts are granted, not recorded"),
                    };
                    assert!(s.reference.starts_with(prefix), "{}", s.reference);
                    assert!(settlements.insert(s.reference));
                }
            }
        }
        assert_eq!((customers.len(), invoices.len()), (60, 2_500));
    }

    #[test]
    fn the_demo_book_has_the_shape_of_a_real_ledger() {
        let mut stream = BookStream::new(demo_book());
        let mut names = HashSet::new();
        let mut countries = HashSet::new();
        let mut channels = HashSet::new();
        let mut currencies: HashMap<String, usize> = HashMap::new();
        let mut terms: HashMap<String, usize> = HashMap::new();
        let mut kinds: HashMap<SettlementKind, usize> = HashMap::new();
        let mut payments_per_invoice: HashMap<String, usize> = HashMap::new();
        let (mut disputed, mut unapplied, mut discounted) = (0, 0, 0);
        let mut discount_offers = HashMap::new();

        for record in stream.by_ref() {
            match record {
                LedgerRecord::Customer(c) => {
                    names.insert(c.name);
                    countries.insert(c.country.unwrap());
                    channels.insert(c.preferred_channel.unwrap().as_str());
                }
                LedgerRecord::Invoice(i) => {
                    *currencies
                        .entry(i.currency().code().to_string())
                        .or_default() += 1;
                    *terms.entry(i.terms.text.clone()).or_default() += 1;
                    disputed += usize::from(i.disputed);
                    if let Some(offer) = i.terms.discount {
                        discount_offers.insert(i.number.clone(), (i.total, offer));
                    }
                }
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
                    *kinds.entry(s.kind).or_default() += 1;
                    let Some(number) = s.invoice_number else {
                        unapplied += 1;
                        continue;
                    };
                    if s.kind == SettlementKind::Payment {
                        *payments_per_invoice.entry(number.clone()).or_default() += 1;
                        if let Some((total, offer)) = discount_offers.get(&number) {
                            let less_discount = total.checked_sub(offer.amount).unwrap();
                            discounted += usize::from(s.amount == less_discount);
                        }
                    }
                }
            }
        }

        // Sixty distinct customers from nine countries, mostly reached by email.
        assert_eq!(names.len(), 60);
        assert!(names.iter().any(|n| n.ends_with("有限公司")));
        assert!(names.iter().any(|n| n.ends_with(" K.K.")));
        assert!(names.iter().any(|n| n.ends_with(" GmbH")));
        assert_eq!(countries.len(), 9, "{countries:?}");
        assert_eq!(channels.len(), 2);
        let habits: HashSet<Habit> = stream.customers.iter().map(|c| c.habit).collect();
        assert_eq!(habits.len(), HABITS.len(), "every payment habit appears");

        // Mostly EUR, every currency present; every term of the mix used.
        assert_eq!(currencies.len(), 6, "{currencies:?}");
        assert!(
            currencies.values().all(|&n| n <= currencies["EUR"]),
            "{currencies:?}"
        );
        assert_eq!(terms.len(), TERMS_MIX.len(), "{terms:?}");

        // About 2% credit notes, 1% disputed, 1% payments without an invoice, a few write-offs,
        // discounts taken, and invoices paid in pieces.
        let credit_notes = kinds[&SettlementKind::CreditNote];
        assert!(
            (25..=90).contains(&credit_notes),
            "{credit_notes} credit notes"
        );
        assert!((10..=50).contains(&disputed), "{disputed} disputed");
        assert!((5..=100).contains(&unapplied), "{unapplied} unapplied");
        assert!(
            (1..=60).contains(&kinds[&SettlementKind::WriteOff]),
            "{kinds:?}"
        );
        assert!(discounted >= 20, "{discounted} discounts taken");
        assert!(payments_per_invoice.values().filter(|&&n| n >= 2).count() >= 100);
    }

    #[test]
    fn amounts_are_whole_minor_units_and_yen_has_none() {
        for record in records(&demo_book()) {
            let amount = match record {
                LedgerRecord::Invoice(i) => i.total,
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => s.amount,
                LedgerRecord::Customer(_) => continue,
            };
            assert_eq!(amount.amount().scale(), amount.currency().minor_digits());
            assert!(amount.to_minor().unwrap() > 0);
            if amount.currency().code() == "JPY" {
                assert!(!amount.to_string().contains('.'), "{amount}");
            }
        }
    }

    #[test]
    fn a_hundred_thousand_invoices_stream_through_a_small_buffer() {
        let mut stream = BookStream::new(DemoSpec::large(100_000));
        let (mut invoices, mut most_pending) = (0, 0);
        while let Some(record) = stream.next() {
            invoices += usize::from(matches!(record, LedgerRecord::Invoice(_)));
            most_pending = most_pending.max(stream.pending.len());
        }
        assert_eq!(invoices, 100_000);
        // One invoice's settlements at most, whatever the size of the book.
        assert!(most_pending <= 16, "{most_pending} records held");
        assert_eq!(stream.customers.len(), 2_500);
    }

    #[test]
    fn the_generic_csv_has_the_header_and_one_line_per_record() {
        let spec = small_book(11);
        let mut out = Vec::new();
        let rows = write_generic_csv(&spec, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();

        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "record,customer_ref,customer_name,number,date,due_date,terms,amount,currency,\
                 invoice,disputed,country,email,channel"
            )
        );
        assert_eq!(lines.count() as u64, rows);
        assert_eq!(rows, records(&spec).count() as u64);
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn the_generic_csv_parses_back_field_for_field() {
        let spec = demo_book();
        let text = csv_of(&spec);
        let mut lines = text.lines().skip(1);
        for record in records(&spec) {
            let line = lines.next().unwrap();
            let f = split_csv_line(line);
            assert_eq!(f.len(), 14, "{line}");
            match record {
                LedgerRecord::Customer(c) => {
                    assert_eq!(f[0], "customer");
                    let parsed = CustomerRecord {
                        reference: f[1].clone(),
                        name: f[2].clone(),
                        country: optional(&f[11]),
                        email: optional(&f[12]),
                        preferred_channel: Channel::parse(&f[13]),
                    };
                    assert_eq!(parsed, c);
                    assert!(f[3..=10].iter().all(String::is_empty), "{line}");
                }
                LedgerRecord::Invoice(i) => {
                    assert_eq!(f[0], "invoice");
                    let date = NaiveDate::from_str(&f[4]).unwrap();
                    let total = money(&f[7], &f[8]);
                    // The importer freezes the terms from the invoice date: the same schedule.
                    let frozen = PaymentTerms::parse(&f[6])
                        .unwrap()
                        .freeze(date, total)
                        .unwrap();
                    let parsed = InvoiceRecord {
                        number: f[3].clone(),
                        customer_reference: f[1].clone(),
                        issue_date: date,
                        total,
                        terms: frozen,
                        disputed: f[10] == "yes",
                    };
                    assert_eq!(parsed, i);
                    assert!(f[10] == "yes" || f[10] == "no");
                    assert!(
                        f[2].is_empty() && f[5].is_empty() && f[9].is_empty(),
                        "{line}"
                    );
                }
                LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
                    let parsed = SettlementRecord {
                        reference: f[3].clone(),
                        customer_reference: f[1].clone(),
                        kind: SettlementKind::parse(&f[0]).unwrap(),
                        date: NaiveDate::from_str(&f[4]).unwrap(),
                        amount: money(&f[7], &f[8]),
                        invoice_number: optional(&f[9]),
                        paid_in: None,
                    };
                    assert_eq!(parsed, s);
                    assert!(
                        f[2].is_empty() && f[5].is_empty() && f[6].is_empty(),
                        "{line}"
                    );
                }
            }
        }
        assert_eq!(lines.next(), None);
        assert!(text.contains(", Inc.\","), "a name with a comma was quoted");
    }

    #[test]
    fn names_with_commas_or_quotes_are_quoted_and_chinese_is_written_as_is() {
        let mut line = String::new();
        let mut fields = [""; 14];
        fields[0] = "customer";
        fields[2] = "Summit Tools, Inc.";
        fields[3] = "Holzhandel \"Nordlicht\" GmbH";
        fields[4] = "深圳华信精密机械有限公司";
        fields[5] = " padded ";
        push_fields(&mut line, fields);
        assert_eq!(
            line,
            "customer,,\"Summit Tools, Inc.\",\"Holzhandel \"\"Nordlicht\"\" GmbH\",\
             深圳华信精密机械有限公司,\" padded \",,,,,,,,\n"
        );
        assert_eq!(split_csv_line(line.trim_end())[2..=5], fields[2..=5]);
    }
}
