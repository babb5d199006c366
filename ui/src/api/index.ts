/**
 * The one typed door from the UI to the desktop shell.
 *
 * Every command of the shell has one function here, named as the command in camel case; each
 * sends its argument as `{ request }` and answers with the typed response, or throws an
 * [`ApiError`] whose `code` the screens branch on and whose `message` they show. Nothing else
 * in the UI calls `invoke` or listens to the shell's events. Requests and responses are typed
 * by the generated `Commands` map of the shell.
 */

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

import type { Commands, Events } from "./generated";
import type { AppError, ErrorCode } from "./types";

export type * from "./types";

export type CommandName = keyof Commands;
type RequestOf<C extends CommandName> = Commands[C]["request"];
type ResponseOf<C extends CommandName> = Commands[C]["response"];

/** Codes of the backend, plus `unexpected` for a failure that did not come as an `AppError`. */
export type ApiErrorCode = ErrorCode | "unexpected";

/** A failed command: a stable code for the program, a sentence for the person. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Whatever a command threw, as an [`ApiError`]. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) {
    return raw;
  }
  if (isAppError(raw)) {
    return new ApiError(raw.code, raw.message);
  }
  if (typeof raw === "string") {
    return new ApiError("unexpected", raw);
  }
  if (raw instanceof Error) {
    return new ApiError("unexpected", raw.message);
  }
  return new ApiError("unexpected", String(raw));
}

/** How commands reach the shell: Tauri's IPC in the app, a stand-in in tests and previews. */
export interface Transport {
  invoke(command: string, args?: Record<string, unknown>): Promise<unknown>;
  listen<T>(event: string, handler: (payload: T) => void): Promise<() => void>;
}

const tauriTransport: Transport = {
  invoke: (command, args) => invoke(command, args),
  listen: <T>(event: string, handler: (payload: T) => void) =>
    listen<T>(event, (e) => handler(e.payload)),
};

let transport: Transport = tauriTransport;

/** Replaces the transport (tests, and the browser preview of the UI during development). */
export function setTransport(next: Transport): void {
  transport = next;
}

async function call<C extends CommandName>(
  command: C,
  ...request: RequestOf<C> extends null ? [] : [RequestOf<C>]
): Promise<ResponseOf<C>> {
  try {
    const args = request.length === 0 ? undefined : { request: request[0] };
    return (await transport.invoke(command, args)) as ResponseOf<C>;
  } catch (raw) {
    throw toApiError(raw);
  }
}

function on<E extends keyof Events>(event: E, handler: (payload: Events[E]) => void) {
  return transport.listen<Events[E]>(event, handler);
}

// Interface
/** Tells the shell the UI's language, so that its sentences (errors, results) come in it. */
export const setLanguage = (request: RequestOf<"set_language">) => call("set_language", request);

// Book
export const recentBooks = () => call("recent_books");
export const currentBook = () => call("current_book");
export const newBook = (request: RequestOf<"new_book">) => call("new_book", request);
export const openBook = () => call("open_book");
export const openRecentBook = (request: RequestOf<"open_recent_book">) =>
  call("open_recent_book", request);
export const openDemoBook = () => call("open_demo_book");
export const closeBook = () => call("close_book");

// Reports and lists
export const dashboard = (request: RequestOf<"dashboard">) => call("dashboard", request);
export const customersPage = (request: RequestOf<"customers_page">) =>
  call("customers_page", request);
export const customerDetail = (request: RequestOf<"customer_detail">) =>
  call("customer_detail", request);
export const invoicesPage = (request: RequestOf<"invoices_page">) => call("invoices_page", request);
export const invoiceDetail = (request: RequestOf<"invoice_detail">) =>
  call("invoice_detail", request);

// Payments
export const recordPayment = (request: RequestOf<"record_payment">) =>
  call("record_payment", request);
export const allocateUnapplied = (request: RequestOf<"allocate_unapplied">) =>
  call("allocate_unapplied", request);

// Import
export const importProfiles = () => call("import_profiles");
export const profileDefinition = (request: RequestOf<"profile_definition">) =>
  call("profile_definition", request);
export const pickImportFile = () => call("pick_import_file");
export const peekImportFile = (request: RequestOf<"peek_import_file">) =>
  call("peek_import_file", request);
/** Starts an import or a dry run, with a built-in profile or an edited one. */
export const startImport = (request: RequestOf<"start_import">) => call("start_import", request);
export const cancelImport = (request: RequestOf<"cancel_import">) => call("cancel_import", request);

/** Listens to `import-progress`; resolves to a function that stops listening. */
export const onImportProgress = (handler: (event: Events["import-progress"]) => void) =>
  on("import-progress", handler);

/** Listens to `import-finished`; resolves to a function that stops listening. */
export const onImportFinished = (handler: (event: Events["import-finished"]) => void) =>
  on("import-finished", handler);

// Settings
export const companySettings = () => call("company_settings");
export const saveCompanySettings = (request: RequestOf<"save_company_settings">) =>
  call("save_company_settings", request);
export const pickLogo = () => call("pick_logo");
export const smtpSettings = () => call("smtp_settings");
export const saveSmtpSettings = (request: RequestOf<"save_smtp_settings">) =>
  call("save_smtp_settings", request);
export const sendTestMail = (request: RequestOf<"send_test_mail">) =>
  call("send_test_mail", request);

// Credit
export const creditFile = (request: RequestOf<"credit_file">) => call("credit_file", request);
export const setCreditProfile = (request: RequestOf<"set_credit_profile">) =>
  call("set_credit_profile", request);
export const addSecurity = (request: RequestOf<"add_security">) => call("add_security", request);
export const addCreditReport = (request: RequestOf<"add_credit_report">) =>
  call("add_credit_report", request);
export const setInsurance = (request: RequestOf<"set_insurance">) => call("set_insurance", request);
export const setExchangeRate = (request: RequestOf<"set_exchange_rate">) =>
  call("set_exchange_rate", request);
export const creditExposure = (request: RequestOf<"credit_exposure">) =>
  call("credit_exposure", request);
export const customerOrders = (request: RequestOf<"customer_orders">) =>
  call("customer_orders", request);
/** Enters an order; answers the credit check's result and whether the order was saved. */
export const enterOrder = (request: RequestOf<"enter_order">) => call("enter_order", request);
/** Closes, invoices, reopens or amends an order; raising the risk is checked again. */
export const changeOrder = (request: RequestOf<"change_order">) => call("change_order", request);
export const reviewQueue = (request: RequestOf<"review_queue">) => call("review_queue", request);
export const exchangeRates = (request: RequestOf<"exchange_rates">) =>
  call("exchange_rates", request);
/** Opens a native dialog for a CSV file of rates and records them; `null` when cancelled. */
export const importExchangeRates = () => call("import_exchange_rates");
/** The four reference rate tables of statutory interest, with where each comes from. */
export const referenceRates = () => call("reference_rates");
/**
 * Opens a native dialog for a newer rate file and loads it in place of a table: all of it, or
 * nothing with every problem by line; `null` when cancelled.
 */
export const loadReferenceRates = (request: RequestOf<"load_reference_rates">) =>
  call("load_reference_rates", request);
/** Goes back to the shipped table of a source. */
export const resetReferenceRates = (request: RequestOf<"reset_reference_rates">) =>
  call("reset_reference_rates", request);
export const securityEntries = (request: RequestOf<"security_entries">) =>
  call("security_entries", request);
export const creditReportEntries = (request: RequestOf<"credit_report_entries">) =>
  call("credit_report_entries", request);
export const removeSecurity = (request: RequestOf<"remove_security">) =>
  call("remove_security", request);
export const removeCreditReport = (request: RequestOf<"remove_credit_report">) =>
  call("remove_credit_report", request);
/** Opens a native dialog for a file and attaches it to the credit report; `null` when cancelled. */
export const attachToCreditReport = (request: RequestOf<"attach_to_credit_report">) =>
  call("attach_to_credit_report", request);
export const creditReportAttachments = (request: RequestOf<"credit_report_attachments">) =>
  call("credit_report_attachments", request);
/** Opens a native dialog for a file and attaches it to the dispute; `null` when cancelled. */
export const attachToDispute = (request: RequestOf<"attach_to_dispute">) =>
  call("attach_to_dispute", request);
export const disputeAttachments = (request: RequestOf<"dispute_attachments">) =>
  call("dispute_attachments", request);
/** Opens a native save dialog and writes the attached file there; `null` when cancelled. */
export const saveAttachment = (request: RequestOf<"save_attachment">) =>
  call("save_attachment", request);
export const removeAttachment = (request: RequestOf<"remove_attachment">) =>
  call("remove_attachment", request);
export const creditPolicy = () => call("credit_policy");
export const setCreditPolicy = (request: RequestOf<"set_credit_policy">) =>
  call("set_credit_policy", request);
/** The limit the book's rules suggest, with its grounds; nothing is written. */
export const suggestLimit = (request: RequestOf<"suggest_limit">) => call("suggest_limit", request);
export const acceptLimitSuggestion = (request: RequestOf<"accept_limit_suggestion">) =>
  call("accept_limit_suggestion", request);
export const rejectLimitSuggestion = (request: RequestOf<"reject_limit_suggestion">) =>
  call("reject_limit_suggestion", request);
export const limitDecisions = (request: RequestOf<"limit_decisions">) =>
  call("limit_decisions", request);

// Watching credit and following invoices up
/** Every credit alert of the book on a date, customers in reference order. */
export const creditAlerts = (request: RequestOf<"credit_alerts">) => call("credit_alerts", request);
/** The customer's risk score with its factors; `null` without a credit profile. */
export const customerRisk = (request: RequestOf<"customer_risk">) => call("customer_risk", request);
export const reportToInsurer = (request: RequestOf<"report_to_insurer">) =>
  call("report_to_insurer", request);
export const insurerReports = (request: RequestOf<"insurer_reports">) =>
  call("insurer_reports", request);
export const openDispute = (request: RequestOf<"open_dispute">) => call("open_dispute", request);
export const resolveDispute = (request: RequestOf<"resolve_dispute">) =>
  call("resolve_dispute", request);
export const invoiceDisputes = (request: RequestOf<"invoice_disputes">) =>
  call("invoice_disputes", request);
/** The disputes open on a date, with totals by reason and by age. */
export const disputes = (request: RequestOf<"disputes">) => call("disputes", request);
export const addPromise = (request: RequestOf<"add_promise">) => call("add_promise", request);
export const promises = (request: RequestOf<"promises">) => call("promises", request);
export const customerPromises = (request: RequestOf<"customer_promises">) =>
  call("customer_promises", request);
/** Records a write-off with its reason; answers what was done in a sentence. */
export const recordWriteOff = (request: RequestOf<"record_write_off">) =>
  call("record_write_off", request);
export const badDebt = (request: RequestOf<"bad_debt">) => call("bad_debt", request);
export const claims = () => call("claims");
/** The receipts expected in the 13 weeks from a date, per currency, with a summary. */
export const forecast = (request: RequestOf<"forecast">) => call("forecast", request);
/** Every payment plan with where it stands on a date. */
export const plans = (request: RequestOf<"plans">) => call("plans", request);
/** The customer's payment plans started by a date, with where each stands then. */
export const customerPlans = (request: RequestOf<"customer_plans">) =>
  call("customer_plans", request);
/** The plan a request would set up, with its instalments; nothing is written. */
export const previewPlan = (request: RequestOf<"preview_plan">) => call("preview_plan", request);
export const createPlan = (request: RequestOf<"create_plan">) => call("create_plan", request);
/** Records a plan broken, when its standing on the date says it is. */
export const breakPlan = (request: RequestOf<"break_plan">) => call("break_plan", request);
/** Records broken every plan broken and unrecorded on the date; answers those. */
export const enforcePlans = (request: RequestOf<"enforce_plans">) => call("enforce_plans", request);
export const fileClaim = (request: RequestOf<"file_claim">) => call("file_claim", request);
/** Records the insurer's decision on a claim, once. */
export const decideClaim = (request: RequestOf<"decide_claim">) => call("decide_claim", request);

// Collections: the dunning policy, pauses, letter templates, a customer's collections set-up
/** The book's policy (`customer` null) or the one a customer follows, with whose it is. */
export const dunningPolicy = (request: RequestOf<"dunning_policy">) =>
  call("dunning_policy", request);
/** Saves a preset or an edited policy; refused with one sentence per problem, one a line. */
export const setDunningPolicy = (request: RequestOf<"set_dunning_policy">) =>
  call("set_dunning_policy", request);
export const clearCustomerPolicy = (request: RequestOf<"clear_customer_policy">) =>
  call("clear_customer_policy", request);
/** A customer's address, letter language, interest terms, policy and pauses on a date. */
export const customerCollections = (request: RequestOf<"customer_collections">) =>
  call("customer_collections", request);
export const addPause = (request: RequestOf<"add_pause">) => call("add_pause", request);
export const liftPause = (request: RequestOf<"lift_pause">) => call("lift_pause", request);
export const pauses = (request: RequestOf<"pauses">) => call("pauses", request);
export const letterTemplates = () => call("letter_templates");
export const templatePlaceholders = () => call("template_placeholders");
export const saveLetterTemplate = (request: RequestOf<"save_letter_template">) =>
  call("save_letter_template", request);
export const resetLetterTemplate = (request: RequestOf<"reset_letter_template">) =>
  call("reset_letter_template", request);
export const setCustomerAddress = (request: RequestOf<"set_customer_address">) =>
  call("set_customer_address", request);
export const setCustomerInterest = (request: RequestOf<"set_customer_interest">) =>
  call("set_customer_interest", request);

// Collections: dunning runs, calls, charges
/** Proposes and saves a run for a date (replacing one of that date not yet executed). */
export const proposeDunning = (request: RequestOf<"propose_dunning">) =>
  call("propose_dunning", request);
export const dunningRun = (request: RequestOf<"dunning_run">) => call("dunning_run", request);
export const dunningRuns = () => call("dunning_runs");
/** Approves the communications given, or all (`null`); the others go back to proposed. */
export const approveDunning = (request: RequestOf<"approve_dunning">) =>
  call("approve_dunning", request);
export const executeDunning = (request: RequestOf<"execute_dunning">) =>
  call("execute_dunning", request);
export const customerCommunications = (request: RequestOf<"customer_communications">) =>
  call("customer_communications", request);
export const phoneTasks = (request: RequestOf<"phone_tasks">) => call("phone_tasks", request);
export const completePhoneTask = (request: RequestOf<"complete_phone_task">) =>
  call("complete_phone_task", request);
export const customerCharges = (request: RequestOf<"customer_charges">) =>
  call("customer_charges", request);
/** Records money received toward an invoice's charges, or waives them. */
export const settleCharges = (request: RequestOf<"settle_charges">) =>
  call("settle_charges", request);

// Documents
/** Opens a native save dialog and writes the statement there; `null` when cancelled. */
export const saveStatement = (request: RequestOf<"save_statement">) =>
  call("save_statement", request);
/** Opens an executed communication's letter in the system's PDF viewer. */
export const openLetter = (request: RequestOf<"open_letter">) => call("open_letter", request);
/** Opens a native save dialog and writes the letter there; `null` when cancelled. */
export const saveLetter = (request: RequestOf<"save_letter">) => call("save_letter", request);
/** Opens a native save dialog and writes the plan's agreement there; `null` when cancelled. */
export const savePlanAgreement = (request: RequestOf<"save_plan_agreement">) =>
  call("save_plan_agreement", request);

// Outbox
export const outbox = () => call("outbox");
/** Starts sending the messages due; progress and the end arrive as events naming the job. */
export const sendOutbox = () => call("send_outbox");
/** An unconfirmed message arrived, or an unconfirmed or failed one is sent again. */
export const decideOutbox = (request: RequestOf<"decide_outbox">) => call("decide_outbox", request);

/** Listens to `outbox-progress`; resolves to a function that stops listening. */
export const onOutboxProgress = (handler: (event: Events["outbox-progress"]) => void) =>
  on("outbox-progress", handler);

/** Listens to `outbox-finished`; resolves to a function that stops listening. */
export const onOutboxFinished = (handler: (event: Events["outbox-finished"]) => void) =>
  on("outbox-finished", handler);
