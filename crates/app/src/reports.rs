//! Reports for an explicit as-of date: aging, receivables measures, and the paged lists of
//! customers and invoices. The store computes the sums in SQL; the measures are the core's.

use chrono::NaiveDate;
use creditdesk_core::aging::{AgingReport, Buckets};
use creditdesk_core::kpi::{self, Measures, PeriodFigures};
use creditdesk_core::{say, Currency};
use creditdesk_store::FiguresRow;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, CustomerSummary, InvoiceDetail, InvoiceSummary, OpenBook};

/// Months of history the countback DSO may walk back through.
const COUNTBACK_MONTHS: usize = 24;

/// Rows of figures from which the measures are computed on two threads.
const MEASURE_ON_TWO_THREADS_FROM: usize = 2000;

/// The longest page of invoices one call returns.
pub const MAX_PAGE: u32 = 10_000;

/// The receivables measures of one currency, for the book (no customer) or one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeasuresRow {
    pub customer_reference: Option<String>,
    pub currency: Currency,
    pub figures: PeriodFigures,
    pub measures: Measures,
}

/// The aging and the receivables measures of one as-of date: what a dashboard shows first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReceivablesOverview {
    pub aging: AgingReport,
    /// As [`OpenBook::measures`] returns them.
    pub measures: Vec<MeasuresRow>,
}

/// Which invoices to list, and which page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceQuery {
    pub as_of: NaiveDate,
    /// Only invoices with an instalment open and due before the as-of date.
    pub overdue_only: bool,
    pub customer: Option<String>,
    pub currency: Option<Currency>,
    pub disputed_only: bool,
    pub limit: u32,
    pub offset: u32,
}

impl OpenBook {
    /// Aging by due date of every open instalment at `as_of`.
    pub fn aging(&self, as_of: NaiveDate, buckets: &Buckets) -> AppResult<AgingReport> {
        self.book.aging(as_of, buckets).map_err(store_error)
    }

    /// DSO (standard and countback), best possible DSO, average days delinquent, CEI and
    /// turnover over the `period_days` days ending at `as_of`; the book's rows first (one per
    /// currency), then one per customer and currency.
    pub fn measures(&self, as_of: NaiveDate, period_days: u32) -> AppResult<Vec<MeasuresRow>> {
        check_period(period_days)?;
        let windows = kpi::month_windows(as_of, COUNTBACK_MONTHS);
        let rows = self
            .book
            .period_figures(as_of, period_days, &windows)
            .map_err(store_error)?;
        Ok(measure(rows))
    }

    /// [`OpenBook::aging`] and [`OpenBook::measures`] together, in little more than the time
    /// of one of them: both come from the same pass over the instalments.
    pub fn overview(
        &self,
        as_of: NaiveDate,
        buckets: &Buckets,
        period_days: u32,
    ) -> AppResult<ReceivablesOverview> {
        check_period(period_days)?;
        let windows = kpi::month_windows(as_of, COUNTBACK_MONTHS);
        let overview = self
            .book
            .overview(as_of, buckets, period_days, &windows)
            .map_err(store_error)?;
        Ok(ReceivablesOverview {
            aging: overview.aging,
            measures: measure(overview.figures),
        })
    }

    pub fn customers(&self, as_of: NaiveDate) -> AppResult<Vec<CustomerSummary>> {
        self.book.customers(as_of).map_err(store_error)
    }

    pub fn invoices(&self, query: &InvoiceQuery) -> AppResult<Vec<InvoiceSummary>> {
        if query.limit == 0 || query.limit > MAX_PAGE {
            let limit = query.limit;
            return Err(AppError::invalid(say!(
                en: "A page of {limit} invoices is not accepted; ask for between 1 and {MAX_PAGE}.",
                zh: "每页 {limit} 张发票不在允许的范围内；每页数量须在 1 到 {MAX_PAGE} 之间。",
            )));
        }
        let store_query = creditdesk_store::InvoiceQuery {
            as_of: query.as_of,
            overdue_only: query.overdue_only,
            customer: query.customer.clone(),
            currency: query.currency,
            disputed: query.disputed_only.then_some(true),
            limit: query.limit,
            offset: query.offset,
        };
        self.book.invoices(&store_query).map_err(store_error)
    }

    pub fn invoice(&self, number: &str) -> AppResult<InvoiceDetail> {
        self.book
            .invoice(number)
            .map_err(store_error)?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    say!(
                        en: "No invoice numbered {number} is in the book; check the number.",
                        zh: "账簿中没有编号为 {number} 的发票；请核对发票号。",
                    ),
                )
            })
    }
}

pub(crate) fn check_period(period_days: u32) -> AppResult<()> {
    if !(1..=3660).contains(&period_days) {
        return Err(AppError::invalid(say!(
            en: "The period of {period_days} days is not accepted; give between 1 and 3660 days \
                 (90 is usual).",
            zh: "统计期间 {period_days} 天不可接受；请填写 1 到 3660 天（通常为 90 天）。",
        )));
    }
    Ok(())
}

/// The measures of every row of figures, in the same order; a long list is measured in two
/// halves on two threads (each row's measures take a few exact divisions).
fn measure(mut rows: Vec<FiguresRow>) -> Vec<MeasuresRow> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if rows.len() < MEASURE_ON_TWO_THREADS_FROM || cores < 2 {
        return rows.into_iter().map(measure_row).collect();
    }
    let second_half = rows.split_off(rows.len() / 2);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| second_half.into_iter().map(measure_row).collect::<Vec<_>>());
        let mut measured: Vec<MeasuresRow> = rows.into_iter().map(measure_row).collect();
        match second.join() {
            Ok(second) => measured.extend(second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        measured
    })
}

fn measure_row(row: FiguresRow) -> MeasuresRow {
    MeasuresRow {
        customer_reference: row.customer_reference,
        currency: row.figures.receivables_end.currency(),
        measures: kpi::measures(&row.figures),
        figures: row.figures,
    }
}
