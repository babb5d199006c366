//! Every command the web UI may call, each in one place: its name, its request, its response
//! and its body. A body takes the session, converts the request, calls a use case of
//! `creditdesk-app` and returns its result; errors are [`AppError`]s (a code and a sentence).
//!
//! The [`commands!`] macro turns the table into the Tauri handlers (each body runs on a
//! blocking thread, never on the thread that draws the window, in the language the web UI set
//! with `set_language`), the list of command names that the capability file must allow, and,
//! with the `ts` feature, the command signatures from which `ui/src/api/generated/commands.ts`
//! is generated. A command therefore cannot be called, allowed or typed differently in one of
//! these places than in the others.

use chrono::Local;
use creditdesk_app::error::{AppError, AppResult};
use creditdesk_app::{
    AddressInput, ApprovalAnswer, CallOutcomeAnswer, CallOutcomeInput, ChargeSettlementInput,
    CommunicationRecord, CustomerCharges, DunningRunView, ExecutionReport, OutboxEntry, PauseInput,
    PauseLine, PhoneTaskEntry, PolicyView, RunSummary, TemplateLine,
};
use creditdesk_app::{
    AllocationSummary, CompanyDetails, CustomerDetail, CustomerPage, CustomerPageRequest,
    CustomerRequest, Dashboard, DashboardRequest, FilePeek, InvoiceDetail, InvoicePage,
    InvoicePageRequest, ProfileDefinition, ProfileInfo, SettlementInput, SmtpSettings,
    TestMailReport, TestMailRequest,
};
use creditdesk_app::{
    AttachmentEntry, CreditPolicy, CreditProfileInput, LimitDecision, ReportEntry, SecurityEntry,
};
use creditdesk_app::{
    BadDebtReport, ClaimDecisionInput, ClaimInput, ClaimLine, CreditAlert, CustomerRisk,
    DisputeAnswer, DisputeEntry, DisputeInput, DisputeReport, DisputeResolutionInput,
    ForecastReport, PlanInput, PlanLine, PromiseInput, PromiseLine,
};
use creditdesk_app::{RateFileLoad, RateTableReset, RateTableView};
use creditdesk_core::credit::{CreditFile, ExchangeRate, Exposure, InsurerReport, Order};
use creditdesk_core::dunning::templates::Placeholder;
use creditdesk_core::plans::PaymentPlan;
use creditdesk_core::say;
use creditdesk_core::text::Language;

use crate::api::{
    AllocateRequest, BookInfo, InvoiceRequest, JobId, JobRequest, LanguageRequest, NewBookRequest,
    PeekRequest, PickedFile, ProfileRequest, RecentBook, RecentBookRequest, SaveSmtpRequest,
    StartImportRequest,
};
use crate::attaching::{
    attach_chosen_to_credit_report, attach_chosen_to_dispute, save_attachment_as,
    AttachmentRequest, AttachmentSaved, CreditReportRequest, DisputeRequest,
};
use crate::collections::{
    collections_of, reset_template, ApproveRequest, CommunicationRequest, CustomerCollections,
    ExecuteRequest, LiftPauseRequest, PhoneTasksRequest, PolicyRequest, RunRequest,
    SetInterestRequest, SetPolicyRequest, TemplateInput, TemplateRequest, TemplateReset,
};
use crate::credit::{
    import_rates, optional_file, AddCreditReportRequest, AddSecurityRequest, ChangeOrderRequest,
    CreditCustomerRequest, EnterOrderRequest, ExchangeRatesRequest, ExposureRequest,
    LimitDecisionRequest, OrderResult, PolicySaved, RatesImported, RemoveEntryRequest, ReviewEntry,
    ReviewQueueRequest, SetInsuranceRequest, SuggestLimitRequest, SuggestedLimit,
};
use crate::documents::{DocumentOpened, DocumentSaved, PlanAgreementRequest, StatementRequest};
use crate::followup::{
    disputes_of, optional_risk, plans_of, promises_of, AsOfRequest, BreakPlanRequest,
    PeriodRequest, WriteOffRequest,
};
use crate::importing::failed_unexpectedly;
use crate::reference_rates::{load_chosen_rate_file, RateSourceRequest};
use crate::sending::DecideOutboxRequest;
use crate::session::Session;

/// Declares the commands; see the module documentation.
///
/// Each entry reads `fn name(session[, request: Request]) -> Response { body }`, where the body
/// evaluates to `AppResult<Response>` with `session: &Session` and the request in scope.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($session:ident $(, $request:ident: $req:ty)?) -> $resp:ty $body:block
    )*) => {
        /// The Tauri handlers of the commands, generated from the table in `commands.rs`.
        pub mod handlers {
            #[allow(unused_imports)]
            use super::*;

            $(
                $(#[doc = $doc])*
                #[tauri::command]
                pub async fn $name(
                    session: tauri::State<'_, Session>,
                    $($request: $req)?
                ) -> Result<$resp, AppError> {
                    let $session = session.inner().clone();
                    let language = $session.language();
                    run_blocking(stringify!($name), language, move || {
                        #[allow(unused_variables)]
                        let $session = &$session;
                        $body
                    })
                    .await
                }
            )*
        }

        /// The name of every command, in the order of the table.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Routes the web UI's calls to [`handlers`].
        pub fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(handlers::$name),*]
        }

        /// The request and response types of every command, for the TypeScript bindings.
        #[cfg(feature = "ts")]
        pub fn signatures() -> Vec<crate::bindings::Signature> {
            vec![$(
                crate::bindings::Signature::new::<$resp>(
                    stringify!($name),
                    concat!("" $(, $doc, "\n")*),
                )
                $(.with_request::<$req>())?
            ),*]
        }
    };
}

commands! {
    /// The language the web UI shows (`en` or `zh-CN`): the sentences of every later command
    /// (errors, what was recorded, dialog titles) come in it. Sent when the UI starts and at
    /// every switch.
    fn set_language(session, request: LanguageRequest) -> () {
        session.set_language(request.language);
        Ok(())
    }

    /// The recently used books whose files still exist, newest first.
    fn recent_books(session) -> Vec<RecentBook> {
        Ok(session.recent_books())
    }

    /// The open book, if any.
    fn current_book(session) -> Option<BookInfo> {
        session.current_book()
    }

    /// Creates a book where the user says in a save dialog; `null` when cancelled.
    fn new_book(session, request: NewBookRequest) -> Option<BookInfo> {
        session.new_book(request)
    }

    /// Opens a book the user chooses in an open dialog; `null` when cancelled.
    fn open_book(session) -> Option<BookInfo> {
        session.open_book()
    }

    fn open_recent_book(session, request: RecentBookRequest) -> BookInfo {
        session.open_recent_book(request.id)
    }

    /// Opens the demo book, creating it first when it is missing.
    fn open_demo_book(session) -> BookInfo {
        session.open_demo_book(Local::now().date_naive())
    }

    fn close_book(session) -> () {
        session.close_book()
    }

    /// Receivables, aging, DSO trend, top overdue customers and alerts at one date.
    fn dashboard(session, request: DashboardRequest) -> Dashboard {
        session.with_book(move |book| book.dashboard(request.as_of, request.period_days))
    }

    /// A page of customers (searched, sorted) and how many the list holds.
    fn customers_page(session, request: CustomerPageRequest) -> CustomerPage {
        session.with_book(move |book| book.customers_page(&request))
    }

    /// A customer's profile, balances, open items and timeline.
    fn customer_detail(session, request: CustomerRequest) -> CustomerDetail {
        session.with_book(move |book| book.customer_detail(&request.reference, request.as_of))
    }

    /// A page of invoices (filtered) and how many the list holds.
    fn invoices_page(session, request: InvoicePageRequest) -> InvoicePage {
        session.with_book(move |book| book.invoices_page(&request))
    }

    fn invoice_detail(session, request: InvoiceRequest) -> InvoiceDetail {
        session.with_book(move |book| book.invoice(&request.number))
    }

    /// Records a payment, credit note or write-off; answers with a sentence saying what was
    /// done.
    fn record_payment(session, request: SettlementInput) -> String {
        session.with_book(move |book| book.record_settlement(&request))
    }

    fn allocate_unapplied(session, request: AllocateRequest) -> Vec<AllocationSummary> {
        session.with_book(move |book| book.allocate_unapplied(&request.customer, request.as_of))
    }

    fn import_profiles(session) -> Vec<ProfileInfo> {
        Ok(creditdesk_app::import_profiles())
    }

    /// A built-in profile as an editable definition: its settings, its column map and the
    /// fields its layout reads.
    fn profile_definition(session, request: ProfileRequest) -> ProfileDefinition {
        creditdesk_app::profile_definition(&request.name)
    }

    /// Asks for a file to import in an open dialog; `null` when cancelled.
    fn pick_import_file(session) -> Option<PickedFile> {
        session.pick_import_file()
    }

    /// The header and the first 20 rows of a chosen file, read with a profile (the preamble
    /// skipped).
    fn peek_import_file(session, request: PeekRequest) -> FilePeek {
        session.peek_import_file(request)
    }

    /// Starts an import; its progress and outcome arrive as `import-progress` and
    /// `import-finished` events naming the returned job.
    fn start_import(session, request: StartImportRequest) -> JobId {
        session.start_import(request)
    }

    /// Stops a running import; nothing of it is written. Safe at any time.
    fn cancel_import(session, request: JobRequest) -> () {
        session.cancel_import(request.job);
        Ok(())
    }

    /// The company's details for letters (the logo as a data URL).
    fn company_settings(session) -> CompanyDetails {
        session.with_book(|book| book.company_settings())
    }

    /// Checks and saves the company's details; answers them as saved.
    fn save_company_settings(session, request: CompanyDetails) -> CompanyDetails {
        session.with_book(move |book| book.save_company_settings(&request))
    }

    /// Asks for a letterhead logo in an open dialog; answers it as a data URL to put in the
    /// company details, or `null` when cancelled.
    fn pick_logo(session) -> Option<String> {
        session.pick_logo()
    }

    /// The mail account, with whether its password is saved in the keychain.
    fn smtp_settings(session) -> SmtpSettings {
        session.smtp_settings()
    }

    /// Saves the mail account in the book and its password in the operating system's keychain.
    fn save_smtp_settings(session, request: SaveSmtpRequest) -> SmtpSettings {
        session.save_smtp_settings(request)
    }

    /// Sends a test message through the saved mail account.
    fn send_test_mail(session, request: TestMailRequest) -> TestMailReport {
        session.send_test_mail(request)
    }

    /// The customer's credit file (profile, security, credit reports, insurance); `null` when
    /// it has no credit profile yet.
    fn credit_file(session, request: CreditCustomerRequest) -> Option<CreditFile> {
        session.with_book(move |book| optional_file(book.credit_file(&request.customer)))
    }

    /// Sets the customer's credit profile (a field left `null` keeps what it was); answers the
    /// credit file as saved.
    fn set_credit_profile(session, request: CreditProfileInput) -> CreditFile {
        let today = Local::now().date_naive();
        session.with_book(move |book| book.set_credit_profile(&request, today))
    }

    /// Adds security to the customer's credit file; answers the file as saved.
    fn add_security(session, request: AddSecurityRequest) -> CreditFile {
        session.with_book(move |book| {
            book.add_security(&request.customer, &request.security)?;
            book.credit_file(&request.customer)
        })
    }

    /// Adds a credit report to the customer's credit file; answers the file as saved.
    fn add_credit_report(session, request: AddCreditReportRequest) -> CreditFile {
        session.with_book(move |book| {
            book.add_credit_report(&request.customer, &request.report)?;
            book.credit_file(&request.customer)
        })
    }

    /// Sets the customer's trade-credit insurance; answers the file as saved.
    fn set_insurance(session, request: SetInsuranceRequest) -> CreditFile {
        session.with_book(move |book| {
            book.set_insurance(&request.customer, &request.insurance)?;
            book.credit_file(&request.customer)
        })
    }

    /// Records an exchange rate (units of `to` for one `from`, on `date`); one of the same pair
    /// and date is replaced.
    fn set_exchange_rate(session, request: ExchangeRate) -> () {
        session.with_book(move |book| book.set_exchange_rate(&request))
    }

    /// The exchange rates in the book dated on or before `up_to`, by pair and date.
    fn exchange_rates(session, request: ExchangeRatesRequest) -> Vec<ExchangeRate> {
        session.with_book(move |book| book.exchange_rates(request.up_to))
    }

    /// Asks for a CSV file of exchange rates in an open dialog and records all its rates, or
    /// none when a row is bad (the refusal lists every bad row); `null` when cancelled.
    fn import_exchange_rates(session) -> Option<RatesImported> {
        import_rates(session)
    }

    /// The four reference rate tables statutory interest is computed with in the open book,
    /// each with where it comes from (shipped, or the file loaded and when) and its periods.
    fn reference_rates(session) -> Vec<RateTableView> {
        session.with_book(|book| book.reference_rates())
    }

    /// Asks for a newer rate file in an open dialog and loads it in place of the table of
    /// `source`: all of it, or nothing when a line is wrong (the answer then lists every
    /// problem by line). The answer says what the load changed; `null` when cancelled.
    fn load_reference_rates(session, request: RateSourceRequest) -> Option<RateFileLoad> {
        load_chosen_rate_file(session, request.source)
    }

    /// Goes back to the shipped table of `source`; the answer says what that changed.
    fn reset_reference_rates(session, request: RateSourceRequest) -> RateTableReset {
        session.with_book(move |book| book.reset_rate_table(request.source))
    }

    /// The customer's security, each with the id it is removed by.
    fn security_entries(session, request: CreditCustomerRequest) -> Vec<SecurityEntry> {
        session.with_book(move |book| book.security_entries(&request.customer))
    }

    /// The customer's credit reports, oldest first, each with the id it is removed by.
    fn credit_report_entries(session, request: CreditCustomerRequest) -> Vec<ReportEntry> {
        session.with_book(move |book| book.credit_report_entries(&request.customer))
    }

    /// Removes one of the customer's security by its id; answers the file as saved.
    fn remove_security(session, request: RemoveEntryRequest) -> CreditFile {
        session.with_book(move |book| {
            book.remove_security(&request.customer, request.id)?;
            book.credit_file(&request.customer)
        })
    }

    /// Removes one of the customer's credit reports by its id; answers the file as saved.
    fn remove_credit_report(session, request: RemoveEntryRequest) -> CreditFile {
        session.with_book(move |book| {
            book.remove_credit_report(&request.customer, request.id)?;
            book.credit_file(&request.customer)
        })
    }

    /// Asks for a file in an open dialog and attaches it to one of the customer's credit
    /// reports; `null` when cancelled.
    fn attach_to_credit_report(session, request: CreditReportRequest) -> Option<AttachmentEntry> {
        attach_chosen_to_credit_report(session, request)
    }

    /// The files attached to one of the customer's credit reports, oldest first (never their
    /// content).
    fn credit_report_attachments(session, request: CreditReportRequest) -> Vec<AttachmentEntry> {
        session.with_book(move |book| {
            book.attachments_of_credit_report(&request.customer, request.report)
        })
    }

    /// Asks for a file in an open dialog and attaches it to a dispute; `null` when cancelled.
    fn attach_to_dispute(session, request: DisputeRequest) -> Option<AttachmentEntry> {
        attach_chosen_to_dispute(session, request)
    }

    /// The files attached to a dispute, oldest first (never their content).
    fn dispute_attachments(session, request: DisputeRequest) -> Vec<AttachmentEntry> {
        session.with_book(move |book| book.attachments_of_dispute(request.dispute))
    }

    /// Asks in a save dialog where to save an attached file and writes it there byte for byte,
    /// never over an existing file; `null` when cancelled.
    fn save_attachment(session, request: AttachmentRequest) -> Option<AttachmentSaved> {
        save_attachment_as(session, request)
    }

    /// Removes an attached file from the book; answers what was removed.
    fn remove_attachment(session, request: AttachmentRequest) -> AttachmentEntry {
        session.with_book(move |book| book.remove_attachment(request.id))
    }

    /// The book's credit policy: the overdue hold's grace period, the review windows and the
    /// rules limits are suggested by (the defaults when the book never saved one).
    fn credit_policy(session) -> CreditPolicy {
        session.with_book(|book| book.credit_policy())
    }

    /// Saves the book's credit policy; refused, naming every setting outside what is accepted,
    /// when the limit rules cannot be used.
    fn set_credit_policy(session, request: CreditPolicy) -> PolicySaved {
        session.with_book(move |book| {
            let changed = book.set_credit_policy(&request)?;
            Ok(PolicySaved {
                policy: book.credit_policy()?,
                changed,
            })
        })
    }

    /// The limit the book's rules suggest for the customer on a date, with its grounds; nothing
    /// is written.
    fn suggest_limit(session, request: SuggestLimitRequest) -> SuggestedLimit {
        session.with_book(move |book| {
            book.suggest_limit(&request.customer, request.as_of, request.first_order)
                .map(SuggestedLimit::from)
        })
    }

    /// Sets the customer's limit to the suggestion and records the decision with its note.
    fn accept_limit_suggestion(session, request: LimitDecisionRequest) -> LimitDecision {
        session.with_book(move |book| {
            let note = request.note.as_deref();
            book.accept_limit_suggestion(&request.customer, request.as_of, request.first_order, note)
        })
    }

    /// Leaves the customer's limit as it is and records the rejected suggestion with its note.
    fn reject_limit_suggestion(session, request: LimitDecisionRequest) -> LimitDecision {
        session.with_book(move |book| {
            let note = request.note.as_deref();
            book.reject_limit_suggestion(&request.customer, request.as_of, request.first_order, note)
        })
    }

    /// The decisions taken on suggested limits for the customer, oldest first.
    fn limit_decisions(session, request: CreditCustomerRequest) -> Vec<LimitDecision> {
        session.with_book(move |book| book.limit_decisions(&request.customer))
    }

    /// The customer's exposure on a date against its limit, insured limit and security, with
    /// every line and the exchange rates used.
    fn credit_exposure(session, request: ExposureRequest) -> Exposure {
        session.with_book(move |book| book.exposure(&request.customer, request.as_of))
    }

    /// The customer's orders, in date and reference order.
    fn customer_orders(session, request: CreditCustomerRequest) -> Vec<Order> {
        session.with_book(move |book| book.orders(&request.customer))
    }

    /// Enters an order and checks it: approved and saved, or held with every reason (and saved
    /// only with an override reason).
    fn enter_order(session, request: EnterOrderRequest) -> OrderResult {
        session.with_book(move |book| {
            let reason = request.override_reason.as_deref();
            book.enter_order(&request.order, request.as_of, reason)
                .map(OrderResult::from)
        })
    }

    /// Closes, invoices, reopens or amends an order; reopening and raising its amount are
    /// checked like a new order.
    fn change_order(session, request: ChangeOrderRequest) -> OrderResult {
        session.with_book(move |book| {
            let reason = request.override_reason.as_deref();
            book.change_order(&request.reference, &request.change, request.as_of, reason)
                .map(OrderResult::from)
        })
    }

    /// The customers whose review is due, whose security or insurance expires within 30 days,
    /// or whose credit report is missing or more than a year old, on a date.
    fn review_queue(session, request: ReviewQueueRequest) -> Vec<ReviewEntry> {
        session.with_book(move |book| {
            let queue = book.review_queue(request.as_of)?;
            Ok(queue.into_iter().map(ReviewEntry::from).collect())
        })
    }

    /// Every credit alert of the book on a date (limit exceeded, rate missing, behaviour
    /// worsening, review due, security or insurance expiring or expired, an insurer report due
    /// or overdue), customers in reference order.
    fn credit_alerts(session, request: AsOfRequest) -> Vec<CreditAlert> {
        session.with_book(move |book| book.credit_alerts(request.as_of))
    }

    /// The customer's risk score on a date (0 to 100) with every factor; `null` when it has no
    /// credit profile.
    fn customer_risk(session, request: ExposureRequest) -> Option<CustomerRisk> {
        session.with_book(move |book| optional_risk(book.risk(&request.customer, request.as_of)))
    }

    /// Records that an unpaid invoice was reported to the trade-credit insurer, so that it no
    /// longer raises the reporting alerts.
    fn report_to_insurer(session, request: InsurerReport) -> () {
        session.with_book(move |book| book.report_to_insurer(&request))
    }

    /// The customer's invoices reported to the insurer.
    fn insurer_reports(session, request: CreditCustomerRequest) -> Vec<InsurerReport> {
        session.with_book(move |book| book.insurer_reports(&request.customer))
    }

    /// Opens a dispute on an invoice, for all that is open or for an amount; answers the
    /// dispute with a sentence saying what was done.
    fn open_dispute(session, request: DisputeInput) -> DisputeAnswer {
        session.with_book(move |book| book.open_dispute(&request))
    }

    /// Resolves a dispute: accepted (a credit note is posted), rejected, or partly accepted.
    fn resolve_dispute(session, request: DisputeResolutionInput) -> DisputeAnswer {
        session.with_book(move |book| book.resolve_dispute(&request))
    }

    /// The disputes on record for an invoice, open or resolved, the oldest first.
    fn invoice_disputes(session, request: InvoiceRequest) -> Vec<DisputeEntry> {
        session.with_book(move |book| {
            let invoice = book.invoice(&request.number)?;
            Ok(disputes_of(book.dispute_entries()?, &invoice.number))
        })
    }

    /// The disputes open on a date, with totals by reason and by age.
    fn disputes(session, request: AsOfRequest) -> DisputeReport {
        session.with_book(move |book| book.disputes(request.as_of))
    }

    /// Records a promise to pay; answers it with where it stands.
    fn add_promise(session, request: PromiseInput) -> PromiseLine {
        session.with_book(move |book| book.add_promise(&request))
    }

    /// Every promise to pay made by a date, with where it stands then, by promised date.
    fn promises(session, request: AsOfRequest) -> Vec<PromiseLine> {
        session.with_book(move |book| book.promises(request.as_of))
    }

    /// The customer's promises to pay made by a date, with where each stands then.
    fn customer_promises(session, request: ExposureRequest) -> Vec<PromiseLine> {
        session.with_book(move |book| {
            let customer = request.customer.trim();
            Ok(promises_of(book.promises(request.as_of)?, customer))
        })
    }

    /// Records a write-off with the reason it was written off for; answers with a sentence
    /// saying what was done.
    fn record_write_off(session, request: WriteOffRequest) -> String {
        session.with_book(move |book| book.record_write_off(&request.settlement, &request.reason))
    }

    /// The write-offs of a period with their reasons, and the bad-debt ratio per currency.
    fn bad_debt(session, request: PeriodRequest) -> BadDebtReport {
        session.with_book(move |book| book.bad_debt(request.from, request.to))
    }

    /// Every claim on trade-credit insurance, with what a decided one leaves.
    fn claims(session) -> Vec<ClaimLine> {
        session.with_book(|book| book.claims())
    }

    /// The receipts expected in the 13 weeks from the date (week 1 starts on it), per
    /// currency, with the customers' delays it used and one sentence per currency.
    fn forecast(session, request: AsOfRequest) -> ForecastReport {
        session.with_book(move |book| book.forecast(request.as_of))
    }

    /// Every payment plan with where it stands on the date.
    fn plans(session, request: AsOfRequest) -> Vec<PlanLine> {
        session.with_book(move |book| book.plans(request.as_of))
    }

    /// The customer's payment plans started by a date, with where each stands then.
    fn customer_plans(session, request: ExposureRequest) -> Vec<PlanLine> {
        session.with_book(move |book| {
            let customer = request.customer.trim();
            Ok(plans_of(book.plans(request.as_of)?, customer))
        })
    }

    /// The payment plan a request would set up, with its instalments, checked as when it is
    /// set up; nothing is written.
    fn preview_plan(session, request: PlanInput) -> PaymentPlan {
        session.with_book(move |book| book.preview_plan(&request))
    }

    /// Sets up a payment plan over overdue invoices of one customer; answers it with a
    /// sentence saying what was done.
    fn create_plan(session, request: PlanInput) -> PlanLine {
        session.with_book(move |book| book.create_plan(&request))
    }

    /// Records a payment plan broken when its standing on the date says it is: the rest of its
    /// balance falls due on the day it broke.
    fn break_plan(session, request: BreakPlanRequest) -> PlanLine {
        session.with_book(move |book| book.break_plan(request.id, request.as_of))
    }

    /// Records broken every plan broken on the date and not recorded so yet; answers those.
    fn enforce_plans(session, request: AsOfRequest) -> Vec<PlanLine> {
        session.with_book(move |book| book.enforce_plans(request.as_of))
    }

    /// Files a claim with the trade-credit insurer for some of a customer's invoices.
    fn file_claim(session, request: ClaimInput) -> ClaimLine {
        session.with_book(move |book| book.file_claim(&request))
    }

    /// Records the insurer's decision on a claim, once, with what it paid and when.
    fn decide_claim(session, request: ClaimDecisionInput) -> ClaimLine {
        session.with_book(move |book| book.decide_claim(&request))
    }

    /// The dunning policy of the book (`customer` null; the shipped "firm" while the book has
    /// none saved) or the one a customer follows, with whose it is.
    fn dunning_policy(session, request: PolicyRequest) -> PolicyView {
        session.with_book(move |book| book.dunning_policy(request.customer.as_deref()))
    }

    /// Sets the book's policy or a customer's own, from a preset or as edited; refused with one
    /// sentence per problem (one a line) and nothing saved.
    fn set_dunning_policy(session, request: SetPolicyRequest) -> PolicyView {
        session.with_book(move |book| {
            book.set_dunning_policy(request.customer.as_deref(), &request.policy.choice())
        })
    }

    /// Puts a customer back on the book's policy.
    fn clear_customer_policy(session, request: CreditCustomerRequest) -> PolicyView {
        session.with_book(move |book| book.clear_customer_policy(&request.customer))
    }

    /// The customer's postal address, letter language, interest terms, the policy it follows
    /// and its pauses with whether each holds on the date.
    fn customer_collections(session, request: ExposureRequest) -> CustomerCollections {
        session.with_book(move |book| collections_of(book, &request.customer, request.as_of))
    }

    /// Records a pause in chasing a customer or one invoice.
    fn add_pause(session, request: PauseInput) -> PauseLine {
        session.with_book(move |book| book.add_pause(&request))
    }

    /// Lifts a pause: chasing resumes on the day given.
    fn lift_pause(session, request: LiftPauseRequest) -> PauseLine {
        session.with_book(move |book| book.lift_pause(request.id, request.on))
    }

    /// Every pause with whether it holds on the date, the latest start first.
    fn pauses(session, request: AsOfRequest) -> Vec<PauseLine> {
        session.with_book(move |book| book.pauses(request.as_of))
    }

    /// Every template a policy may name, in both languages, with the user's text when there is
    /// one (else the shipped text).
    fn letter_templates(session) -> Vec<TemplateLine> {
        session.with_book(|book| book.letter_templates())
    }

    /// The values a template may name in braces, in the order the letters list them.
    fn template_placeholders(session) -> Vec<Placeholder> {
        Ok(Placeholder::ALL.to_vec())
    }

    /// Saves the user's text of a template in one language; refused when the subject or the
    /// body is empty or names a value the letters do not know.
    fn save_letter_template(session, request: TemplateInput) -> TemplateLine {
        session.with_book(move |book| {
            book.save_letter_template(&request.name, request.language, &request.subject, &request.body)
        })
    }

    /// Removes the user's text of a template in one language; answers what applies now.
    fn reset_letter_template(session, request: TemplateRequest) -> TemplateReset {
        session.with_book(move |book| reset_template(book, &request.name, request.language))
    }

    /// Changes the given fields of a customer's postal address and letter language; answers
    /// with a sentence saying what was done.
    fn set_customer_address(session, request: AddressInput) -> String {
        session.with_book(move |book| book.set_customer_address(&request))
    }

    /// Sets or removes the late-payment interest a customer's invoices bear; answers with a
    /// sentence saying what applies now.
    fn set_customer_interest(session, request: SetInterestRequest) -> String {
        session.with_book(move |book| book.set_customer_interest(&request.customer, request.interest))
    }

    /// Proposes a dunning run for the date and saves it (a run of the same date not yet
    /// executed is replaced): its communications, what it left out and why, and what to
    /// allocate first.
    fn propose_dunning(session, request: AsOfRequest) -> DunningRunView {
        session.with_book(move |book| book.propose_dunning(request.as_of))
    }

    /// A dunning run as proposed, with where each of its communications stands.
    fn dunning_run(session, request: RunRequest) -> DunningRunView {
        session.with_book(move |book| book.dunning_run(request.id))
    }

    /// Every dunning run, the newest first.
    fn dunning_runs(session) -> Vec<RunSummary> {
        session.with_book(|book| book.dunning_runs())
    }

    /// Approves the communications of a run given, or all of them; with a list, the others go
    /// back to proposed.
    fn approve_dunning(session, request: ApproveRequest) -> ApprovalAnswer {
        session.with_book(move |book| book.approve_dunning(request.run, request.communications.as_deref()))
    }

    /// Executes the approved communications of a run: letters printed, emails queued in the
    /// outbox, phone tasks, charges and consequences, in one transaction.
    fn execute_dunning(session, request: ExecuteRequest) -> ExecutionReport {
        session.with_book(move |book| book.execute_dunning(request.run, request.today))
    }

    /// The communications sent to a customer, the latest first.
    fn customer_communications(session, request: CreditCustomerRequest) -> Vec<CommunicationRecord> {
        session.with_book(move |book| book.sent_communications(Some(&request.customer)))
    }

    /// The calls to make for phone levels (only those not done with `open_only`), by due day.
    fn phone_tasks(session, request: PhoneTasksRequest) -> Vec<PhoneTaskEntry> {
        session.with_book(move |book| book.phone_tasks(request.open_only))
    }

    /// Records how a call went: a promise to pay or a dispute it brought is recorded with it.
    fn complete_phone_task(session, request: CallOutcomeInput) -> CallOutcomeAnswer {
        session.with_book(move |book| book.complete_phone_task(&request))
    }

    /// The fees and interest the customer's dunnings charged, with what was paid or waived of
    /// them and what is open on the date.
    fn customer_charges(session, request: ExposureRequest) -> CustomerCharges {
        session.with_book(move |book| book.charges(&request.customer, request.as_of))
    }

    /// Records money received toward an invoice's charges, or waives them; answers with a
    /// sentence saying what is still open.
    fn settle_charges(session, request: ChargeSettlementInput) -> String {
        session.with_book(move |book| book.settle_charges(&request))
    }

    /// Every message of the outbox with its state, the newest first.
    fn outbox(session) -> Vec<OutboxEntry> {
        session.with_book(|book| book.outbox())
    }

    /// Prints a customer's statement of account and saves it where the user says in a save
    /// dialog; `null` when cancelled.
    fn save_statement(session, request: StatementRequest) -> Option<DocumentSaved> {
        session.save_statement(request)
    }

    /// Opens the letter of an executed communication (a letter, or the letter an email
    /// attached) in the system's PDF viewer, from a copy the app writes to its cache folder.
    fn open_letter(session, request: CommunicationRequest) -> DocumentOpened {
        session.open_letter(request.id)
    }

    /// Saves the letter of an executed communication where the user says in a save dialog;
    /// `null` when cancelled.
    fn save_letter(session, request: CommunicationRequest) -> Option<DocumentSaved> {
        session.save_letter(request.id)
    }

    /// Prints a payment plan's agreement and saves it where the user says in a save dialog;
    /// `null` when cancelled.
    fn save_plan_agreement(session, request: PlanAgreementRequest) -> Option<DocumentSaved> {
        session.save_plan_agreement(request)
    }

    /// Starts sending every message due through the book's mail account, with its password
    /// from the keychain; each message done arrives as an `outbox-progress` event and the end
    /// as `outbox-finished`, both naming the returned job.
    fn send_outbox(session) -> JobId {
        session.start_sending()
    }

    /// A person's word on a message: an unconfirmed one arrived (marked sent), or an
    /// unconfirmed or failed one is sent again (queued now); answers the message as it is now.
    fn decide_outbox(session, request: DecideOutboxRequest) -> OutboxEntry {
        session.decide_outbox(request)
    }
}

/// Runs a command's body on the blocking thread pool, in `language`, so that a long query or a
/// dialog never holds up the window or the other commands.
async fn run_blocking<T: Send + 'static>(
    command: &'static str,
    language: Language,
    body: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let result = match tauri::async_runtime::spawn_blocking(move || language.during(body)).await {
        Ok(result) => result,
        Err(err) => {
            tracing::warn!(command, %err, "a command failed unexpectedly");
            Err(language.during(|| {
                failed_unexpectedly(&say!(
                    en: "the command {command}",
                    zh: "执行命令 {command} ",
                ))
            }))
        }
    };
    if let Err(err) = &result {
        tracing::debug!(
            command,
            code = err.code.as_str(),
            "command answered with an error"
        );
    }
    result
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use creditdesk_app::error::{AppError, ErrorCode};
    use creditdesk_core::text::Language;

    use super::{run_blocking, COMMAND_NAMES};

    #[test]
    fn a_command_runs_in_the_language_the_ui_set() {
        let answer = tauri::async_runtime::block_on(run_blocking(
            "dashboard",
            Language::SimplifiedChinese,
            || Err::<(), _>(AppError::no_book()),
        ));
        assert_eq!(
            answer,
            Err(AppError::new(
                ErrorCode::NoBook,
                "没有打开的账簿；请打开或新建一个账簿后重试。"
            ))
        );

        let failed = tauri::async_runtime::block_on(run_blocking(
            "dashboard",
            Language::SimplifiedChinese,
            || -> Result<(), AppError> { panic!("a failing use case") },
        ));
        assert_eq!(
            failed.unwrap_err().message,
            "CreditDesk 在执行命令 dashboard 时意外出错；这部分工作未向账簿写入任何内容。请重试；\
             如果问题再次出现，请重新启动应用。"
        );

        let english =
            tauri::async_runtime::block_on(run_blocking("dashboard", Language::English, || {
                Ok(Language::current())
            }));
        assert_eq!(english, Ok(Language::English));
    }

    /// The capability must allow every command, and nothing the shell does not define: a
    /// command it leaves out is refused to the web UI.
    #[test]
    fn the_capability_allows_exactly_the_app_commands() {
        let text = include_str!("../capabilities/default.json");
        let capability: serde_json::Value = serde_json::from_str(text).unwrap();
        let allowed: BTreeSet<String> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|command| command.replace('-', "_"))
            .collect();
        let defined: BTreeSet<String> = COMMAND_NAMES.iter().map(|c| c.to_string()).collect();

        let missing: Vec<_> = defined.difference(&allowed).collect();
        let unknown: Vec<_> = allowed.difference(&defined).collect();
        assert!(
            missing.is_empty() && unknown.is_empty(),
            "src-tauri/capabilities/default.json must list \"allow-<command>\" (with dashes) for \
             every command: missing {missing:?}, not a command {unknown:?}"
        );
    }

    #[test]
    fn the_capability_grants_no_shell_file_system_or_dialog_access() {
        let text = include_str!("../capabilities/default.json");
        let capability: serde_json::Value = serde_json::from_str(text).unwrap();
        let plugin_permissions: Vec<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| p.contains(':'))
            .collect();

        assert_eq!(
            plugin_permissions,
            ["core:event:allow-listen", "core:event:allow-unlisten"]
        );
    }
}
