// Generated from the Rust types by src-tauri/src/bindings.rs; do not edit.
// Regenerate: CREDITDESK_WRITE_BINDINGS=1 cargo test -p creditdesk-desktop --features ts --test bindings

import type { AddCreditReportRequest } from "./AddCreditReportRequest";
import type { AddSecurityRequest } from "./AddSecurityRequest";
import type { AddressInput } from "./AddressInput";
import type { AllocateRequest } from "./AllocateRequest";
import type { AllocationMade } from "./AllocationMade";
import type { AppError } from "./AppError";
import type { ApprovalAnswer } from "./ApprovalAnswer";
import type { ApproveRequest } from "./ApproveRequest";
import type { AsOfRequest } from "./AsOfRequest";
import type { AttachmentEntry } from "./AttachmentEntry";
import type { AttachmentRequest } from "./AttachmentRequest";
import type { AttachmentSaved } from "./AttachmentSaved";
import type { BadDebtReport } from "./BadDebtReport";
import type { BookInfo } from "./BookInfo";
import type { BreakPlanRequest } from "./BreakPlanRequest";
import type { CallOutcomeAnswer } from "./CallOutcomeAnswer";
import type { CallOutcomeInput } from "./CallOutcomeInput";
import type { ChangeOrderRequest } from "./ChangeOrderRequest";
import type { ChargeSettlementInput } from "./ChargeSettlementInput";
import type { ClaimDecisionInput } from "./ClaimDecisionInput";
import type { ClaimInput } from "./ClaimInput";
import type { ClaimLine } from "./ClaimLine";
import type { CommunicationRecord } from "./CommunicationRecord";
import type { CommunicationRequest } from "./CommunicationRequest";
import type { CompanyDetails } from "./CompanyDetails";
import type { CreditAlert } from "./CreditAlert";
import type { CreditCustomerRequest } from "./CreditCustomerRequest";
import type { CreditFile } from "./CreditFile";
import type { CreditPolicy } from "./CreditPolicy";
import type { CreditProfileInput } from "./CreditProfileInput";
import type { CreditReportRequest } from "./CreditReportRequest";
import type { CustomerCharges } from "./CustomerCharges";
import type { CustomerCollections } from "./CustomerCollections";
import type { CustomerDetail } from "./CustomerDetail";
import type { CustomerPage } from "./CustomerPage";
import type { CustomerPageRequest } from "./CustomerPageRequest";
import type { CustomerRequest } from "./CustomerRequest";
import type { CustomerRisk } from "./CustomerRisk";
import type { Dashboard } from "./Dashboard";
import type { DashboardRequest } from "./DashboardRequest";
import type { DecideOutboxRequest } from "./DecideOutboxRequest";
import type { DisputeAnswer } from "./DisputeAnswer";
import type { DisputeEntry } from "./DisputeEntry";
import type { DisputeInput } from "./DisputeInput";
import type { DisputeReport } from "./DisputeReport";
import type { DisputeRequest } from "./DisputeRequest";
import type { DisputeResolutionInput } from "./DisputeResolutionInput";
import type { DocumentOpened } from "./DocumentOpened";
import type { DocumentSaved } from "./DocumentSaved";
import type { DunningRunView } from "./DunningRunView";
import type { EnterOrderRequest } from "./EnterOrderRequest";
import type { ExchangeRate } from "./ExchangeRate";
import type { ExchangeRatesRequest } from "./ExchangeRatesRequest";
import type { ExecuteRequest } from "./ExecuteRequest";
import type { ExecutionReport } from "./ExecutionReport";
import type { Exposure } from "./Exposure";
import type { ExposureRequest } from "./ExposureRequest";
import type { FilePeek } from "./FilePeek";
import type { ForecastReport } from "./ForecastReport";
import type { ImportFinishedEvent } from "./ImportFinishedEvent";
import type { ImportProgressEvent } from "./ImportProgressEvent";
import type { InsurerReport } from "./InsurerReport";
import type { InvoiceDetail } from "./InvoiceDetail";
import type { InvoicePage } from "./InvoicePage";
import type { InvoicePageRequest } from "./InvoicePageRequest";
import type { InvoiceRequest } from "./InvoiceRequest";
import type { JobId } from "./JobId";
import type { JobRequest } from "./JobRequest";
import type { LanguageRequest } from "./LanguageRequest";
import type { LiftPauseRequest } from "./LiftPauseRequest";
import type { LimitDecision } from "./LimitDecision";
import type { LimitDecisionRequest } from "./LimitDecisionRequest";
import type { NewBookRequest } from "./NewBookRequest";
import type { Order } from "./Order";
import type { OrderResult } from "./OrderResult";
import type { OutboxEntry } from "./OutboxEntry";
import type { OutboxFinishedEvent } from "./OutboxFinishedEvent";
import type { OutboxProgressEvent } from "./OutboxProgressEvent";
import type { PauseInput } from "./PauseInput";
import type { PauseLine } from "./PauseLine";
import type { PaymentPlan } from "./PaymentPlan";
import type { PeekRequest } from "./PeekRequest";
import type { PeriodRequest } from "./PeriodRequest";
import type { PhoneTaskEntry } from "./PhoneTaskEntry";
import type { PhoneTasksRequest } from "./PhoneTasksRequest";
import type { PickedFile } from "./PickedFile";
import type { Placeholder } from "./Placeholder";
import type { PlanAgreementRequest } from "./PlanAgreementRequest";
import type { PlanInput } from "./PlanInput";
import type { PlanLine } from "./PlanLine";
import type { PolicyRequest } from "./PolicyRequest";
import type { PolicySaved } from "./PolicySaved";
import type { PolicyView } from "./PolicyView";
import type { ProfileDefinition } from "./ProfileDefinition";
import type { ProfileInfo } from "./ProfileInfo";
import type { ProfileRequest } from "./ProfileRequest";
import type { PromiseInput } from "./PromiseInput";
import type { PromiseLine } from "./PromiseLine";
import type { RateFileLoad } from "./RateFileLoad";
import type { RateSourceRequest } from "./RateSourceRequest";
import type { RateTableReset } from "./RateTableReset";
import type { RateTableView } from "./RateTableView";
import type { RatesImported } from "./RatesImported";
import type { RecentBook } from "./RecentBook";
import type { RecentBookRequest } from "./RecentBookRequest";
import type { RemoveEntryRequest } from "./RemoveEntryRequest";
import type { ReportEntry } from "./ReportEntry";
import type { ReviewEntry } from "./ReviewEntry";
import type { ReviewQueueRequest } from "./ReviewQueueRequest";
import type { RunRequest } from "./RunRequest";
import type { RunSummary } from "./RunSummary";
import type { SaveSmtpRequest } from "./SaveSmtpRequest";
import type { SecurityEntry } from "./SecurityEntry";
import type { SetInsuranceRequest } from "./SetInsuranceRequest";
import type { SetInterestRequest } from "./SetInterestRequest";
import type { SetPolicyRequest } from "./SetPolicyRequest";
import type { SettlementInput } from "./SettlementInput";
import type { SmtpSettings } from "./SmtpSettings";
import type { StartImportRequest } from "./StartImportRequest";
import type { StatementRequest } from "./StatementRequest";
import type { SuggestLimitRequest } from "./SuggestLimitRequest";
import type { SuggestedLimit } from "./SuggestedLimit";
import type { TemplateInput } from "./TemplateInput";
import type { TemplateLine } from "./TemplateLine";
import type { TemplateRequest } from "./TemplateRequest";
import type { TemplateReset } from "./TemplateReset";
import type { TestMailReport } from "./TestMailReport";
import type { TestMailRequest } from "./TestMailRequest";
import type { WriteOffRequest } from "./WriteOffRequest";

/** Every command: what it takes as `request` (`null`: nothing) and what it answers.
 * A failed command rejects with an `AppError`. */
export type Commands = {
  /** The language the web UI shows (`en` or `zh-CN`): the sentences of every later command (errors, what was recorded, dialog titles) come in it. Sent when the UI starts and at every switch. */
  set_language: { request: LanguageRequest; response: null };
  /** The recently used books whose files still exist, newest first. */
  recent_books: { request: null; response: Array<RecentBook> };
  /** The open book, if any. */
  current_book: { request: null; response: BookInfo | null };
  /** Creates a book where the user says in a save dialog; `null` when cancelled. */
  new_book: { request: NewBookRequest; response: BookInfo | null };
  /** Opens a book the user chooses in an open dialog; `null` when cancelled. */
  open_book: { request: null; response: BookInfo | null };
  open_recent_book: { request: RecentBookRequest; response: BookInfo };
  /** Opens the demo book, creating it first when it is missing. */
  open_demo_book: { request: null; response: BookInfo };
  close_book: { request: null; response: null };
  /** Receivables, aging, DSO trend, top overdue customers and alerts at one date. */
  dashboard: { request: DashboardRequest; response: Dashboard };
  /** A page of customers (searched, sorted) and how many the list holds. */
  customers_page: { request: CustomerPageRequest; response: CustomerPage };
  /** A customer's profile, balances, open items and timeline. */
  customer_detail: { request: CustomerRequest; response: CustomerDetail };
  /** A page of invoices (filtered) and how many the list holds. */
  invoices_page: { request: InvoicePageRequest; response: InvoicePage };
  invoice_detail: { request: InvoiceRequest; response: InvoiceDetail };
  /** Records a payment, credit note or write-off; answers with a sentence saying what was done. */
  record_payment: { request: SettlementInput; response: string };
  allocate_unapplied: { request: AllocateRequest; response: Array<AllocationMade> };
  import_profiles: { request: null; response: Array<ProfileInfo> };
  /** A built-in profile as an editable definition: its settings, its column map and the fields its layout reads. */
  profile_definition: { request: ProfileRequest; response: ProfileDefinition };
  /** Asks for a file to import in an open dialog; `null` when cancelled. */
  pick_import_file: { request: null; response: PickedFile | null };
  /** The header and the first 20 rows of a chosen file, read with a profile (the preamble skipped). */
  peek_import_file: { request: PeekRequest; response: FilePeek };
  /** Starts an import; its progress and outcome arrive as `import-progress` and `import-finished` events naming the returned job. */
  start_import: { request: StartImportRequest; response: JobId };
  /** Stops a running import; nothing of it is written. Safe at any time. */
  cancel_import: { request: JobRequest; response: null };
  /** The company's details for letters (the logo as a data URL). */
  company_settings: { request: null; response: CompanyDetails };
  /** Checks and saves the company's details; answers them as saved. */
  save_company_settings: { request: CompanyDetails; response: CompanyDetails };
  /** Asks for a letterhead logo in an open dialog; answers it as a data URL to put in the company details, or `null` when cancelled. */
  pick_logo: { request: null; response: string | null };
  /** The mail account, with whether its password is saved in the keychain. */
  smtp_settings: { request: null; response: SmtpSettings };
  /** Saves the mail account in the book and its password in the operating system's keychain. */
  save_smtp_settings: { request: SaveSmtpRequest; response: SmtpSettings };
  /** Sends a test message through the saved mail account. */
  send_test_mail: { request: TestMailRequest; response: TestMailReport };
  /** The customer's credit file (profile, security, credit reports, insurance); `null` when it has no credit profile yet. */
  credit_file: { request: CreditCustomerRequest; response: CreditFile | null };
  /** Sets the customer's credit profile (a field left `null` keeps what it was); answers the credit file as saved. */
  set_credit_profile: { request: CreditProfileInput; response: CreditFile };
  /** Adds security to the customer's credit file; answers the file as saved. */
  add_security: { request: AddSecurityRequest; response: CreditFile };
  /** Adds a credit report to the customer's credit file; answers the file as saved. */
  add_credit_report: { request: AddCreditReportRequest; response: CreditFile };
  /** Sets the customer's trade-credit insurance; answers the file as saved. */
  set_insurance: { request: SetInsuranceRequest; response: CreditFile };
  /** Records an exchange rate (units of `to` for one `from`, on `date`); one of the same pair and date is replaced. */
  set_exchange_rate: { request: ExchangeRate; response: null };
  /** The exchange rates in the book dated on or before `up_to`, by pair and date. */
  exchange_rates: { request: ExchangeRatesRequest; response: Array<ExchangeRate> };
  /** Asks for a CSV file of exchange rates in an open dialog and records all its rates, or none when a row is bad (the refusal lists every bad row); `null` when cancelled. */
  import_exchange_rates: { request: null; response: RatesImported | null };
  /** The four reference rate tables statutory interest is computed with in the open book, each with where it comes from (shipped, or the file loaded and when) and its periods. */
  reference_rates: { request: null; response: Array<RateTableView> };
  /** Asks for a newer rate file in an open dialog and loads it in place of the table of `source`: all of it, or nothing when a line is wrong (the answer then lists every problem by line). The answer says what the load changed; `null` when cancelled. */
  load_reference_rates: { request: RateSourceRequest; response: RateFileLoad | null };
  /** Goes back to the shipped table of `source`; the answer says what that changed. */
  reset_reference_rates: { request: RateSourceRequest; response: RateTableReset };
  /** The customer's security, each with the id it is removed by. */
  security_entries: { request: CreditCustomerRequest; response: Array<SecurityEntry> };
  /** The customer's credit reports, oldest first, each with the id it is removed by. */
  credit_report_entries: { request: CreditCustomerRequest; response: Array<ReportEntry> };
  /** Removes one of the customer's security by its id; answers the file as saved. */
  remove_security: { request: RemoveEntryRequest; response: CreditFile };
  /** Removes one of the customer's credit reports by its id; answers the file as saved. */
  remove_credit_report: { request: RemoveEntryRequest; response: CreditFile };
  /** Asks for a file in an open dialog and attaches it to one of the customer's credit reports; `null` when cancelled. */
  attach_to_credit_report: { request: CreditReportRequest; response: AttachmentEntry | null };
  /** The files attached to one of the customer's credit reports, oldest first (never their content). */
  credit_report_attachments: { request: CreditReportRequest; response: Array<AttachmentEntry> };
  /** Asks for a file in an open dialog and attaches it to a dispute; `null` when cancelled. */
  attach_to_dispute: { request: DisputeRequest; response: AttachmentEntry | null };
  /** The files attached to a dispute, oldest first (never their content). */
  dispute_attachments: { request: DisputeRequest; response: Array<AttachmentEntry> };
  /** Asks in a save dialog where to save an attached file and writes it there byte for byte, never over an existing file; `null` when cancelled. */
  save_attachment: { request: AttachmentRequest; response: AttachmentSaved | null };
  /** Removes an attached file from the book; answers what was removed. */
  remove_attachment: { request: AttachmentRequest; response: AttachmentEntry };
  /** The book's credit policy: the overdue hold's grace period, the review windows and the rules limits are suggested by (the defaults when the book never saved one). */
  credit_policy: { request: null; response: CreditPolicy };
  /** Saves the book's credit policy; refused, naming every setting outside what is accepted, when the limit rules cannot be used. */
  set_credit_policy: { request: CreditPolicy; response: PolicySaved };
  /** The limit the book's rules suggest for the customer on a date, with its grounds; nothing is written. */
  suggest_limit: { request: SuggestLimitRequest; response: SuggestedLimit };
  /** Sets the customer's limit to the suggestion and records the decision with its note. */
  accept_limit_suggestion: { request: LimitDecisionRequest; response: LimitDecision };
  /** Leaves the customer's limit as it is and records the rejected suggestion with its note. */
  reject_limit_suggestion: { request: LimitDecisionRequest; response: LimitDecision };
  /** The decisions taken on suggested limits for the customer, oldest first. */
  limit_decisions: { request: CreditCustomerRequest; response: Array<LimitDecision> };
  /** The customer's exposure on a date against its limit, insured limit and security, with every line and the exchange rates used. */
  credit_exposure: { request: ExposureRequest; response: Exposure };
  /** The customer's orders, in date and reference order. */
  customer_orders: { request: CreditCustomerRequest; response: Array<Order> };
  /** Enters an order and checks it: approved and saved, or held with every reason (and saved only with an override reason). */
  enter_order: { request: EnterOrderRequest; response: OrderResult };
  /** Closes, invoices, reopens or amends an order; reopening and raising its amount are checked like a new order. */
  change_order: { request: ChangeOrderRequest; response: OrderResult };
  /** The customers whose review is due, whose security or insurance expires within 30 days, or whose credit report is missing or more than a year old, on a date. */
  review_queue: { request: ReviewQueueRequest; response: Array<ReviewEntry> };
  /** Every credit alert of the book on a date (limit exceeded, rate missing, behaviour worsening, review due, security or insurance expiring or expired, an insurer report due or overdue), customers in reference order. */
  credit_alerts: { request: AsOfRequest; response: Array<CreditAlert> };
  /** The customer's risk score on a date (0 to 100) with every factor; `null` when it has no credit profile. */
  customer_risk: { request: ExposureRequest; response: CustomerRisk | null };
  /** Records that an unpaid invoice was reported to the trade-credit insurer, so that it no longer raises the reporting alerts. */
  report_to_insurer: { request: InsurerReport; response: null };
  /** The customer's invoices reported to the insurer. */
  insurer_reports: { request: CreditCustomerRequest; response: Array<InsurerReport> };
  /** Opens a dispute on an invoice, for all that is open or for an amount; answers the dispute with a sentence saying what was done. */
  open_dispute: { request: DisputeInput; response: DisputeAnswer };
  /** Resolves a dispute: accepted (a credit note is posted), rejected, or partly accepted. */
  resolve_dispute: { request: DisputeResolutionInput; response: DisputeAnswer };
  /** The disputes on record for an invoice, open or resolved, the oldest first. */
  invoice_disputes: { request: InvoiceRequest; response: Array<DisputeEntry> };
  /** The disputes open on a date, with totals by reason and by age. */
  disputes: { request: AsOfRequest; response: DisputeReport };
  /** Records a promise to pay; answers it with where it stands. */
  add_promise: { request: PromiseInput; response: PromiseLine };
  /** Every promise to pay made by a date, with where it stands then, by promised date. */
  promises: { request: AsOfRequest; response: Array<PromiseLine> };
  /** The customer's promises to pay made by a date, with where each stands then. */
  customer_promises: { request: ExposureRequest; response: Array<PromiseLine> };
  /** Records a write-off with the reason it was written off for; answers with a sentence saying what was done. */
  record_write_off: { request: WriteOffRequest; response: string };
  /** The write-offs of a period with their reasons, and the bad-debt ratio per currency. */
  bad_debt: { request: PeriodRequest; response: BadDebtReport };
  /** Every claim on trade-credit insurance, with what a decided one leaves. */
  claims: { request: null; response: Array<ClaimLine> };
  /** The receipts expected in the 13 weeks from the date (week 1 starts on it), per currency, with the customers' delays it used and one sentence per currency. */
  forecast: { request: AsOfRequest; response: ForecastReport };
  /** Every payment plan with where it stands on the date. */
  plans: { request: AsOfRequest; response: Array<PlanLine> };
  /** The customer's payment plans started by a date, with where each stands then. */
  customer_plans: { request: ExposureRequest; response: Array<PlanLine> };
  /** The payment plan a request would set up, with its instalments, checked as when it is set up; nothing is written. */
  preview_plan: { request: PlanInput; response: PaymentPlan };
  /** Sets up a payment plan over overdue invoices of one customer; answers it with a sentence saying what was done. */
  create_plan: { request: PlanInput; response: PlanLine };
  /** Records a payment plan broken when its standing on the date says it is: the rest of its balance falls due on the day it broke. */
  break_plan: { request: BreakPlanRequest; response: PlanLine };
  /** Records broken every plan broken on the date and not recorded so yet; answers those. */
  enforce_plans: { request: AsOfRequest; response: Array<PlanLine> };
  /** Files a claim with the trade-credit insurer for some of a customer's invoices. */
  file_claim: { request: ClaimInput; response: ClaimLine };
  /** Records the insurer's decision on a claim, once, with what it paid and when. */
  decide_claim: { request: ClaimDecisionInput; response: ClaimLine };
  /** The dunning policy of the book (`customer` null; the shipped "firm" while the book has none saved) or the one a customer follows, with whose it is. */
  dunning_policy: { request: PolicyRequest; response: PolicyView };
  /** Sets the book's policy or a customer's own, from a preset or as edited; refused with one sentence per problem (one a line) and nothing saved. */
  set_dunning_policy: { request: SetPolicyRequest; response: PolicyView };
  /** Puts a customer back on the book's policy. */
  clear_customer_policy: { request: CreditCustomerRequest; response: PolicyView };
  /** The customer's postal address, letter language, interest terms, the policy it follows and its pauses with whether each holds on the date. */
  customer_collections: { request: ExposureRequest; response: CustomerCollections };
  /** Records a pause in chasing a customer or one invoice. */
  add_pause: { request: PauseInput; response: PauseLine };
  /** Lifts a pause: chasing resumes on the day given. */
  lift_pause: { request: LiftPauseRequest; response: PauseLine };
  /** Every pause with whether it holds on the date, the latest start first. */
  pauses: { request: AsOfRequest; response: Array<PauseLine> };
  /** Every template a policy may name, in both languages, with the user's text when there is one (else the shipped text). */
  letter_templates: { request: null; response: Array<TemplateLine> };
  /** The values a template may name in braces, in the order the letters list them. */
  template_placeholders: { request: null; response: Array<Placeholder> };
  /** Saves the user's text of a template in one language; refused when the subject or the body is empty or names a value the letters do not know. */
  save_letter_template: { request: TemplateInput; response: TemplateLine };
  /** Removes the user's text of a template in one language; answers what applies now. */
  reset_letter_template: { request: TemplateRequest; response: TemplateReset };
  /** Changes the given fields of a customer's postal address and letter language; answers with a sentence saying what was done. */
  set_customer_address: { request: AddressInput; response: string };
  /** Sets or removes the late-payment interest a customer's invoices bear; answers with a sentence saying what applies now. */
  set_customer_interest: { request: SetInterestRequest; response: string };
  /** Proposes a dunning run for the date and saves it (a run of the same date not yet executed is replaced): its communications, what it left out and why, and what to allocate first. */
  propose_dunning: { request: AsOfRequest; response: DunningRunView };
  /** A dunning run as proposed, with where each of its communications stands. */
  dunning_run: { request: RunRequest; response: DunningRunView };
  /** Every dunning run, the newest first. */
  dunning_runs: { request: null; response: Array<RunSummary> };
  /** Approves the communications of a run given, or all of them; with a list, the others go back to proposed. */
  approve_dunning: { request: ApproveRequest; response: ApprovalAnswer };
  /** Executes the approved communications of a run: letters printed, emails queued in the outbox, phone tasks, charges and consequences, in one transaction. */
  execute_dunning: { request: ExecuteRequest; response: ExecutionReport };
  /** The communications sent to a customer, the latest first. */
  customer_communications: { request: CreditCustomerRequest; response: Array<CommunicationRecord> };
  /** The calls to make for phone levels (only those not done with `open_only`), by due day. */
  phone_tasks: { request: PhoneTasksRequest; response: Array<PhoneTaskEntry> };
  /** Records how a call went: a promise to pay or a dispute it brought is recorded with it. */
  complete_phone_task: { request: CallOutcomeInput; response: CallOutcomeAnswer };
  /** The fees and interest the customer's dunnings charged, with what was paid or waived of them and what is open on the date. */
  customer_charges: { request: ExposureRequest; response: CustomerCharges };
  /** Records money received toward an invoice's charges, or waives them; answers with a sentence saying what is still open. */
  settle_charges: { request: ChargeSettlementInput; response: string };
  /** Every message of the outbox with its state, the newest first. */
  outbox: { request: null; response: Array<OutboxEntry> };
  /** Prints a customer's statement of account and saves it where the user says in a save dialog; `null` when cancelled. */
  save_statement: { request: StatementRequest; response: DocumentSaved | null };
  /** Opens the letter of an executed communication (a letter, or the letter an email attached) in the system's PDF viewer, from a copy the app writes to its cache folder. */
  open_letter: { request: CommunicationRequest; response: DocumentOpened };
  /** Saves the letter of an executed communication where the user says in a save dialog; `null` when cancelled. */
  save_letter: { request: CommunicationRequest; response: DocumentSaved | null };
  /** Prints a payment plan's agreement and saves it where the user says in a save dialog; `null` when cancelled. */
  save_plan_agreement: { request: PlanAgreementRequest; response: DocumentSaved | null };
  /** Starts sending every message due through the book's mail account, with its password from the keychain; each message done arrives as an `outbox-progress` event and the end as `outbox-finished`, both naming the returned job. */
  send_outbox: { request: null; response: JobId };
  /** A person's word on a message: an unconfirmed one arrived (marked sent), or an unconfirmed or failed one is sent again (queued now); answers the message as it is now. */
  decide_outbox: { request: DecideOutboxRequest; response: OutboxEntry };
};

export type CommandName = keyof Commands;

/** What a failed command rejects with: a stable code and a sentence. */
export type CommandError = AppError;

/** The command names, in the order the shell declares them. */
export const COMMAND_NAMES = [
  "set_language",
  "recent_books",
  "current_book",
  "new_book",
  "open_book",
  "open_recent_book",
  "open_demo_book",
  "close_book",
  "dashboard",
  "customers_page",
  "customer_detail",
  "invoices_page",
  "invoice_detail",
  "record_payment",
  "allocate_unapplied",
  "import_profiles",
  "profile_definition",
  "pick_import_file",
  "peek_import_file",
  "start_import",
  "cancel_import",
  "company_settings",
  "save_company_settings",
  "pick_logo",
  "smtp_settings",
  "save_smtp_settings",
  "send_test_mail",
  "credit_file",
  "set_credit_profile",
  "add_security",
  "add_credit_report",
  "set_insurance",
  "set_exchange_rate",
  "exchange_rates",
  "import_exchange_rates",
  "reference_rates",
  "load_reference_rates",
  "reset_reference_rates",
  "security_entries",
  "credit_report_entries",
  "remove_security",
  "remove_credit_report",
  "attach_to_credit_report",
  "credit_report_attachments",
  "attach_to_dispute",
  "dispute_attachments",
  "save_attachment",
  "remove_attachment",
  "credit_policy",
  "set_credit_policy",
  "suggest_limit",
  "accept_limit_suggestion",
  "reject_limit_suggestion",
  "limit_decisions",
  "credit_exposure",
  "customer_orders",
  "enter_order",
  "change_order",
  "review_queue",
  "credit_alerts",
  "customer_risk",
  "report_to_insurer",
  "insurer_reports",
  "open_dispute",
  "resolve_dispute",
  "invoice_disputes",
  "disputes",
  "add_promise",
  "promises",
  "customer_promises",
  "record_write_off",
  "bad_debt",
  "claims",
  "forecast",
  "plans",
  "customer_plans",
  "preview_plan",
  "create_plan",
  "break_plan",
  "enforce_plans",
  "file_claim",
  "decide_claim",
  "dunning_policy",
  "set_dunning_policy",
  "clear_customer_policy",
  "customer_collections",
  "add_pause",
  "lift_pause",
  "pauses",
  "letter_templates",
  "template_placeholders",
  "save_letter_template",
  "reset_letter_template",
  "set_customer_address",
  "set_customer_interest",
  "propose_dunning",
  "dunning_run",
  "dunning_runs",
  "approve_dunning",
  "execute_dunning",
  "customer_communications",
  "phone_tasks",
  "complete_phone_task",
  "customer_charges",
  "settle_charges",
  "outbox",
  "save_statement",
  "open_letter",
  "save_letter",
  "save_plan_agreement",
  "send_outbox",
  "decide_outbox",
] as const satisfies readonly CommandName[];

/** Every event the shell emits, with its payload. */
export type Events = {
  "import-progress": ImportProgressEvent;
  "import-finished": ImportFinishedEvent;
  "outbox-progress": OutboxProgressEvent;
  "outbox-finished": OutboxFinishedEvent;
};

export type EventName = keyof Events;

/** The event names. */
export const EVENT_NAMES = [
  "import-progress",
  "import-finished",
  "outbox-progress",
  "outbox-finished",
] as const satisfies readonly EventName[];
