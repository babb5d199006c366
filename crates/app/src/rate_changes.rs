//! How a reference rate table changed with a load or a reset, told day by day: the stretches of
//! days whose rate is different, the days no longer known and the days gained, with the
//! sentences the user reads. What takes something away is a warning; what only adds is a note.

use chrono::{Days, NaiveDate};
use creditdesk_core::interest::RatePeriod;
use creditdesk_core::say;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::reference_rates::RateTableView;

/// How many changed stretches of days are told one sentence each; the rest are counted in one.
const CHANGED_RATE_SENTENCES: usize = 10;

/// Days from `from` through `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Days that both tables know, with a different rate in each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangedRate {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub before: Decimal,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub after: Decimal,
}

/// How the table in force changed with a load or a reset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateTableChanges {
    pub first_day_before: NaiveDate,
    pub first_day_after: NaiveDate,
    pub known_until_before: NaiveDate,
    pub known_until_after: NaiveDate,
    /// Every stretch of days whose rate changed, in date order.
    pub changed_rates: Vec<ChangedRate>,
    /// Days the table knew before and no longer knows (at its start, at its end).
    pub days_lost: Vec<DayRange>,
    /// Days the table knows now and did not before.
    pub days_added: Vec<DayRange>,
    /// One sentence per change the user must look at: days lost, rates changed. Empty when
    /// the table only gained days or did not change.
    pub warnings: Vec<String>,
    /// Sentences on what was gained, or that nothing changed.
    pub notes: Vec<String>,
}

impl RateTableChanges {
    /// True when nothing was taken away: no day lost and no rate changed.
    pub fn only_adds(&self) -> bool {
        self.warnings.is_empty()
    }
}

fn next_day(day: NaiveDate) -> NaiveDate {
    day + Days::new(1)
}

fn previous_day(day: NaiveDate) -> NaiveDate {
    day - Days::new(1)
}

/// The stretches of days both period lists cover with different rates, adjacent stretches with
/// the same two rates joined. Both lists are contiguous and in order (the table invariant), so
/// one pass over both finds every overlap.
fn changed_rates(before: &[RatePeriod], after: &[RatePeriod]) -> Vec<ChangedRate> {
    let mut changed: Vec<ChangedRate> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < before.len() && j < after.len() {
        let (old, new) = (&before[i], &after[j]);
        let (from, to) = (old.from.max(new.from), old.to.min(new.to));
        if from <= to && old.percent != new.percent {
            match changed.last_mut() {
                Some(last)
                    if next_day(last.to) == from
                        && last.before == old.percent
                        && last.after == new.percent =>
                {
                    last.to = to;
                }
                _ => changed.push(ChangedRate {
                    from,
                    to,
                    before: old.percent,
                    after: new.percent,
                }),
            }
        }
        if old.to <= new.to {
            i += 1;
        }
        if new.to <= old.to {
            j += 1;
        }
    }
    changed
}

/// How `after` differs from `before`, with the sentences the user reads.
pub(crate) fn compare(before: &RateTableView, after: &RateTableView) -> RateTableChanges {
    let rate = before.source.word();
    let changed = changed_rates(&before.periods, &after.periods);
    let mut days_lost = Vec::new();
    let mut days_added = Vec::new();
    let mut warnings = Vec::new();
    let mut notes = Vec::new();

    let (old_first, new_first) = (before.first_day, after.first_day);
    if new_first > old_first {
        let days = (new_first - old_first).num_days();
        days_lost.push(DayRange {
            from: old_first,
            to: previous_day(new_first),
        });
        warnings.push(say!(
            en: "The {rate} table now starts on {new_first}, {days} day(s) later than before \
                 ({old_first}): interest for days before {new_first} is refused.",
            zh: "{rate}表现从 {new_first} 开始，比之前（{old_first}）晚 {days} 天：{new_first} \
                 之前各日的利息将被拒绝计算。",
        ));
    }
    let (old_last, new_last) = (before.known_until, after.known_until);
    if new_last < old_last {
        let days = (old_last - new_last).num_days();
        days_lost.push(DayRange {
            from: next_day(new_last),
            to: old_last,
        });
        warnings.push(say!(
            en: "The {rate} table now ends on {new_last}, {days} day(s) earlier than before \
                 ({old_last}): interest for days after {new_last} is refused until a table that \
                 covers them is loaded.",
            zh: "{rate}表现于 {new_last} 结束，比之前（{old_last}）早 {days} 天：在载入涵盖 \
                 {new_last} 之后各日的利率表之前，这些日子的利息将被拒绝计算。",
        ));
    }

    for change in changed.iter().take(CHANGED_RATE_SENTENCES) {
        let ChangedRate {
            from,
            to,
            before,
            after,
        } = change;
        warnings.push(say!(
            en: "From {from} through {to} the {rate} is now {after} %, where it was {before} %; \
                 interest computed from now on uses {after} %, and interest already claimed is \
                 not changed.",
            zh: "自 {from} 至 {to}，{rate}现为 {after}%，之前为 {before}%；此后计算的利息按 \
                 {after}% 计，已主张的利息不作更改。",
        ));
    }
    if changed.len() > CHANGED_RATE_SENTENCES {
        let more = changed.len() - CHANGED_RATE_SENTENCES;
        warnings.push(say!(
            en: "The rate changed in {more} more stretch(es) of days; compare the file with the \
                 published rates before you rely on it.",
            zh: "另有 {more} 段日期的利率有变化；请先将文件与已公布的利率核对后再使用。",
        ));
    }

    if new_first < old_first {
        let days = (old_first - new_first).num_days();
        days_added.push(DayRange {
            from: new_first,
            to: previous_day(old_first),
        });
        notes.push(say!(
            en: "Rates are now known from {new_first}, {days} day(s) earlier than before \
                 ({old_first}).",
            zh: "现已知自 {new_first} 起的利率，比之前（{old_first}）早 {days} 天。",
        ));
    }
    if new_last > old_last {
        let days = (new_last - old_last).num_days();
        days_added.push(DayRange {
            from: next_day(old_last),
            to: new_last,
        });
        notes.push(say!(
            en: "Rates are now known through {new_last}, {days} day(s) more than before \
                 ({old_last}).",
            zh: "现已知截至 {new_last} 的利率，比之前（{old_last}）多 {days} 天。",
        ));
    }
    if warnings.is_empty() && notes.is_empty() {
        notes.push(say!(
            en: "The days and rates are the same as before.",
            zh: "日期与利率均与之前相同。",
        ));
    }

    RateTableChanges {
        first_day_before: old_first,
        first_day_after: new_first,
        known_until_before: old_last,
        known_until_after: new_last,
        changed_rates: changed,
        days_lost,
        days_added,
        warnings,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use creditdesk_core::interest::{RateSource, RateTable};

    use super::*;

    fn periods(text: &str) -> Vec<RatePeriod> {
        RateTable::parse(RateSource::EcbReference, text)
            .unwrap()
            .periods()
            .to_vec()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn stretches_with_the_same_change_are_joined_across_differently_cut_periods() {
        let half_years = periods(
            "from,to,percent\n2025-01-01,2025-06-30,3.15\n2025-07-01,2025-12-31,2.15\n\
             2026-01-01,2026-06-30,2.15\n",
        );
        // One period for the whole of 2025 H2 and 2026 H1, at a different rate, and a new
        // period on from July.
        let year = periods(
            "from,to,percent\n2025-01-01,2025-06-30,3.15\n2025-07-01,2026-06-30,2.40\n\
             2026-07-01,2026-12-31,2.40\n",
        );
        assert_eq!(
            changed_rates(&half_years, &year),
            [ChangedRate {
                from: date("2025-07-01"),
                to: date("2026-06-30"),
                before: "2.15".parse().unwrap(),
                after: "2.40".parse().unwrap(),
            }]
        );
        assert_eq!(changed_rates(&half_years, &half_years), []);
    }

    #[test]
    fn the_same_rate_written_with_more_decimals_is_no_change() {
        let short = periods("from,to,percent\n2026-01-01,2026-06-30,2.5\n");
        let long = periods("from,to,percent\n2026-01-01,2026-06-30,2.50\n");
        assert_eq!(changed_rates(&short, &long), []);
    }

    /// A view of `text` as the German table, for `compare`.
    fn german(text: &str) -> RateTableView {
        let table = RateTable::parse(RateSource::GermanBaseRate, text).unwrap();
        let periods = table.periods().to_vec();
        RateTableView {
            source: RateSource::GermanBaseRate,
            code: "de-base".into(),
            name: "German base rate".into(),
            origin: crate::RateTableOrigin::Shipped,
            period_count: periods.len() as u32,
            first_day: periods[0].from,
            known_until: table.known_until(),
            periods,
        }
    }

    #[test]
    fn a_file_that_changes_many_rates_is_told_ten_and_the_rest_counted() {
        // Twelve months at 1 % and 2 % in turn, then the same months at 3 % and 4 %: twelve
        // stretches, none joined to the next (each changes from and to other rates).
        let months = |low: &str, high: &str| {
            let mut text = String::from("from,to,percent\n");
            for month in 1..=12u32 {
                let from = NaiveDate::from_ymd_opt(2025, month, 1).unwrap();
                let to = from + chrono::Months::new(1) - Days::new(1);
                let percent = if month % 2 == 1 { low } else { high };
                text.push_str(&format!("{from},{to},{percent}\n"));
            }
            text
        };
        let changes = compare(&german(&months("1", "2")), &german(&months("3", "4")));
        assert_eq!(changes.changed_rates.len(), 12);
        assert_eq!(changes.warnings.len(), 11);
        assert_eq!(
            changes.warnings[0],
            "From 2025-01-01 through 2025-01-31 the German base rate is now 3 %, where it was 1 %; \
             interest computed from now on uses 3 %, and interest already claimed is not changed."
        );
        assert_eq!(
            changes.warnings[10],
            "The rate changed in 2 more stretch(es) of days; compare the file with the published \
             rates before you rely on it."
        );
        assert_eq!(changes.notes, Vec::<String>::new());
    }
}
