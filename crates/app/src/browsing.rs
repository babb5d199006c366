//! Browsing the book page by page: the lists of customers and invoices a screen scrolls
//! through, and one customer in full. Pages are cut in SQL (see the store's `pages.rs`), so a
//! screen never holds more than the rows it shows.

use chrono::NaiveDate;
use creditdesk_core::text::Word;
use creditdesk_core::{say, Currency};
use creditdesk_store::{CustomerDetail, CustomerPage, CustomerQuery, CustomerSort, InvoicePage};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::{store_error, OpenBook};

/// The longest page a screen may ask for.
pub const MAX_SCREEN_PAGE: u32 = 500;

/// Which customers to list, and which page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerPageRequest {
    /// The date balances are taken at.
    pub as_of: NaiveDate,
    /// Part of the reference or the name, in any case; empty lists every customer.
    pub search: Option<String>,
    pub sort: CustomerSort,
    pub descending: bool,
    pub offset: u32,
    /// 1 to [`MAX_SCREEN_PAGE`].
    pub limit: u32,
}

/// One customer, with balances and open items as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerRequest {
    pub reference: String,
    pub as_of: NaiveDate,
}

/// Which invoices to list, and which page: invoices issued by `as_of`, by issue date and
/// number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoicePageRequest {
    pub as_of: NaiveDate,
    /// Only invoices with an instalment open and due before `as_of`.
    pub overdue_only: bool,
    pub disputed_only: bool,
    /// A customer reference.
    pub customer: Option<String>,
    pub currency: Option<Currency>,
    pub offset: u32,
    /// 1 to [`MAX_SCREEN_PAGE`].
    pub limit: u32,
}

const CUSTOMERS: Word = Word::new("customers", "个客户");
const INVOICES: Word = Word::new("invoices", "张发票");

/// `what` counts the rows: in Chinese with its measure word (`个客户`).
fn check_limit(limit: u32, what: Word) -> AppResult<()> {
    if limit == 0 || limit > MAX_SCREEN_PAGE {
        return Err(AppError::invalid(say!(
            en: "A page of {limit} {what} is not accepted; ask for between 1 and \
                 {MAX_SCREEN_PAGE}.",
            zh: "每页 {limit} {what}不在允许的范围内；每页数量须在 1 到 {MAX_SCREEN_PAGE} 之间。",
        )));
    }
    Ok(())
}

impl OpenBook {
    /// A page of customers with their balances, and how many customers the list holds.
    ///
    /// Sorting by reference or name pages in SQL directly; sorting by open or overdue amount
    /// orders by the amount in the book's own currency (a customer with none counts as zero,
    /// equal amounts by reference), computed once for the list and kept while the book is
    /// unchanged, so that the next pages cost only their own rows.
    pub fn customers_page(&self, request: &CustomerPageRequest) -> AppResult<CustomerPage> {
        check_limit(request.limit, CUSTOMERS)?;
        let query = CustomerQuery {
            as_of: request.as_of,
            search: request.search.clone(),
            sort: request.sort,
            descending: request.descending,
            offset: request.offset,
            limit: request.limit,
        };
        self.book.customer_page(&query).map_err(store_error)
    }

    /// A customer's profile, balances and open invoices as of `as_of`, and its timeline: every
    /// invoice, settlement, allocation, dispute, profile change and import, newest first.
    pub fn customer_detail(&self, reference: &str, as_of: NaiveDate) -> AppResult<CustomerDetail> {
        self.book
            .customer_detail(reference.trim(), as_of)
            .map_err(store_error)
    }

    /// A page of invoices with their open amounts as of `request.as_of`, and how many invoices
    /// the list holds. Without the overdue filter only the page's invoices get their open
    /// amounts computed, at any offset.
    pub fn invoices_page(&self, request: &InvoicePageRequest) -> AppResult<InvoicePage> {
        check_limit(request.limit, INVOICES)?;
        let query = creditdesk_store::InvoiceQuery {
            as_of: request.as_of,
            overdue_only: request.overdue_only,
            customer: request
                .customer
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            currency: request.currency,
            disputed: request.disputed_only.then_some(true),
            limit: request.limit,
            offset: request.offset,
        };
        self.book.invoice_page(&query).map_err(store_error)
    }
}
