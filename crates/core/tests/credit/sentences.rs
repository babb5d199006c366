//! Every sentence the credit rules say, word for word in English, and a representative set in
//! Simplified Chinese: the same facts, the values quoted as they are, nothing left in English.

use creditdesk_core::credit::{
    CreditError, Decision, Ground, HoldReason, LimitChange, LimitSuggestion, ReviewItem,
    SecurityKind,
};
use creditdesk_core::text::{has_chinese, Language};
use rust_decimal::Decimal;

use crate::{currency, date, euros};

fn pct(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn hold(reasons: Vec<HoldReason>) -> Decision {
    Decision::Hold(reasons.try_into().unwrap())
}

/// Every hold reason, in each of its forms, with its English sentence.
fn hold_reasons() -> Vec<(HoldReason, &'static str)> {
    vec![
        (
            HoldReason::CustomerOnHold,
            "The customer's credit is on hold; no order is approved until the hold is lifted.",
        ),
        (
            HoldReason::CustomerBlocked,
            "The customer is blocked for credit; no order on credit is approved.",
        ),
        (
            HoldReason::PrepaymentOnly,
            "The customer buys on prepayment only; ask for payment before delivery instead of \
             selling on credit.",
        ),
        (
            HoldReason::OverLimit {
                exposure: euros("10,000.01"),
                limit: euros("10,000.00"),
                excess: euros("0.01"),
            },
            "With this order the exposure is 10000.01 EUR, over the credit limit of 10000.00 EUR \
             by 0.01 EUR.",
        ),
        (
            HoldReason::InsuredLimitExceeded {
                exposure: euros("8,500.00"),
                insured_limit: euros("8,000.00"),
                excess: euros("500.00"),
            },
            "With this order the exposure is 8500.00 EUR, over the insured limit of 8000.00 EUR \
             by 500.00 EUR; that part is not insured.",
        ),
        (
            HoldReason::Overdue {
                invoices: 1,
                amount: euros("500.00"),
                most_days: 16,
                grace_days: 15,
            },
            "1 invoice of 500.00 EUR is 16 days overdue, more than the grace period of 15 days.",
        ),
        (
            HoldReason::Overdue {
                invoices: 2,
                amount: euros("750.50"),
                most_days: 60,
                grace_days: 1,
            },
            "2 invoices of 750.50 EUR in all are overdue by more than the grace period of 1 day, \
             the oldest by 60 days.",
        ),
        (
            HoldReason::TermsTooLong {
                terms_days: 61,
                max_days: 60,
            },
            "The order's terms of 61 days are longer than the 60 days allowed for this customer.",
        ),
        (
            HoldReason::TermsBeyondInsurer {
                terms_days: 91,
                max_days: 90,
                insurer: "Northgate Credit".to_string(),
            },
            "The order's terms of 91 days are longer than the 90 days that Northgate Credit \
             covers; the invoice would not be insured.",
        ),
        (
            HoldReason::ReviewPassed {
                review_date: date("2024-06-29"),
            },
            "The credit review was due on 2024-06-29 and has not been done; review the profile \
             and set the next review date.",
        ),
        (
            HoldReason::SecurityMissing,
            "The credit policy asks this customer for security and none is held; take a deposit, \
             a bank guarantee or a letter of credit.",
        ),
        (
            HoldReason::SecurityExpired {
                expired_on: date("2024-06-29"),
            },
            "The credit policy asks this customer for security and the last security held \
             expired on 2024-06-29; renew it or take new security.",
        ),
    ]
}

fn decisions() -> Vec<(Decision, &'static str)> {
    vec![
        (Decision::Approve, "The order is approved."),
        (
            hold(vec![HoldReason::SecurityMissing]),
            "The order is on hold for 1 reason; resolve it or override the hold with a written \
             reason.",
        ),
        (
            hold(vec![
                HoldReason::SecurityMissing,
                HoldReason::CustomerBlocked,
            ]),
            "The order is on hold for 2 reasons; resolve them or override the hold with a \
             written reason.",
        ),
    ]
}

fn errors() -> Vec<(CreditError, &'static str)> {
    vec![
        (
            CreditError::MissingRate {
                from: currency("USD"),
                to: currency("EUR"),
                on: date("2024-06-30"),
            },
            "No exchange rate from USD to EUR dated on or before 2024-06-30 was given; enter the \
             rate (units of EUR for 1 USD) and try again.",
        ),
        (
            CreditError::RateNotPositive {
                from: currency("USD"),
                to: currency("EUR"),
                date: date("2024-06-28"),
                rate: pct("-0.9"),
            },
            "The exchange rate from USD to EUR of 2024-06-28 is -0.9, which is not accepted; give \
             a rate above zero.",
        ),
        (
            CreditError::OverrideWithoutReason,
            "An order on hold is released only with a reason; write why the order may go ahead.",
        ),
        (
            CreditError::NegativeLimit {
                limit: euros("-1.00"),
            },
            "The credit limit -1.00 EUR is not accepted; give zero or more.",
        ),
        (
            CreditError::DefaultTermsOverMaximum {
                default_days: 90,
                max_days: 60,
            },
            "The default terms of 90 days are longer than the longest terms allowed, 60 days; \
             shorten the default terms or allow longer terms.",
        ),
        (
            CreditError::NoReviewInterval,
            "The review interval of 0 months is not accepted; give at least 1 month.",
        ),
        (
            CreditError::SecurityNotPositive {
                amount: euros("0.00"),
            },
            "The security amount 0.00 EUR is not accepted; give an amount above zero.",
        ),
        (
            CreditError::InsurancePeriodReversed {
                valid_from: date("2024-12-31"),
                valid_to: date("2024-01-01"),
            },
            "The insurance cover ends on 2024-01-01, before it starts on 2024-12-31; check both \
             dates.",
        ),
        (
            CreditError::SecurityIssuerBlank {
                kind: SecurityKind::Deposit,
                amount: euros("1,500.00"),
            },
            "The deposit of 1500.00 EUR does not say who paid it in; enter the payer's name.",
        ),
        (
            CreditError::SecurityIssuerBlank {
                kind: SecurityKind::BankGuarantee {
                    expires_on: date("2024-12-31"),
                },
                amount: euros("5,000.00"),
            },
            "The bank guarantee of 5000.00 EUR has a blank issuer; enter the name of the bank \
             that issued it.",
        ),
        (
            CreditError::ReportAgencyBlank {
                date: date("2024-06-01"),
            },
            "The credit report of 2024-06-01 has a blank agency; enter the name of the credit \
             agency that issued it.",
        ),
        (
            CreditError::ReportRatingBlank {
                date: date("2024-06-01"),
            },
            "The credit report of 2024-06-01 has a blank rating; enter the score or rating as the \
             agency writes it, such as 72 or BB+.",
        ),
        (
            CreditError::RecommendedLimitNegative {
                date: date("2024-06-01"),
                limit: euros("-0.01"),
            },
            "The credit report of 2024-06-01 recommends a limit of -0.01 EUR, which is not \
             accepted; give zero or more, or leave it out if the agency recommends none.",
        ),
        (
            CreditError::InsurerBlank,
            "The insurance cover has a blank insurer; enter the name of the company that insures \
             this customer.",
        ),
        (
            CreditError::PolicyNumberBlank,
            "The insurance cover has a blank policy number; enter the number of the policy as the \
             insurer writes it.",
        ),
        (
            CreditError::BuyerReferenceBlank,
            "The insurance cover has a blank buyer reference; enter the insurer's reference for \
             this customer as a buyer.",
        ),
        (
            CreditError::InsuredLimitNotPositive {
                limit: euros("0.00"),
            },
            "The insured limit 0.00 EUR is not accepted; give the limit the insurer approved, \
             above zero.",
        ),
    ]
}

fn grounds() -> Vec<(Ground, &'static str)> {
    vec![
        (
            Ground::FirstOrderShare {
                order: euros("3,333.33"),
                percent: pct("50"),
                share: euros("1,666.67"),
            },
            "A new customer's first limit is 50% of its first order of 3333.33 EUR: 1666.67 EUR.",
        ),
        (
            Ground::SecurityCover {
                cover: euros("2,500.00"),
                share: euros("2,000.00"),
            },
            "Valid security covers 2500.00 EUR, more than 2000.00 EUR, so the first limit is what \
             the security covers.",
        ),
        (
            Ground::SecurityCover {
                cover: euros("2,000.00"),
                share: euros("2,000.00"),
            },
            "Valid security covers 2000.00 EUR, not more than 2000.00 EUR, so the first limit \
             stays at the share of the first order.",
        ),
        (
            Ground::NothingToBaseOn,
            "The customer has neither a first order nor valid security to base a first limit on, \
             so no credit is suggested until one of them is known.",
        ),
        (
            Ground::PaymentWorsening {
                recent_months: 3,
                recent_average_days: pct("15.5"),
                earlier_months: 12,
                earlier_average_days: pct("5.0"),
                threshold_days: 10,
            },
            "Invoices paid in the last 3 months were on average 15.5 days late, against 5.0 days \
             in the 12 months before, worse by more than 10 days.",
        ),
        (
            Ground::WorseReport {
                agency: "Atlas Ratings".to_string(),
                earlier_date: date("2023-12-01"),
                earlier_rating: "72".to_string(),
                latest_date: date("2024-06-01"),
                latest_rating: "70".to_string(),
            },
            "Atlas Ratings scored the customer 70 on 2024-06-01, worse than 72 on 2023-12-01.",
        ),
        (
            Ground::CleanRecord {
                months: 12,
                invoices: 2,
                tolerance_days: 15,
            },
            "No invoice paid in the last 12 months (2 in all) was more than 15 days late.",
        ),
        (
            Ground::TooRecent {
                since: date("2023-07-01"),
                months: 12,
            },
            "The customer has bought on credit only since 2023-07-01; a limit is raised after 12 \
             months at the earliest.",
        ),
        (
            Ground::NothingPaid { months: 1 },
            "No invoice was paid in the last 1 month, so there is no payment record to raise the \
             limit on.",
        ),
        (
            Ground::PaidLate {
                invoice_number: "INV-1".to_string(),
                days_late: 16,
                tolerance_days: 15,
                months: 12,
            },
            "Invoice INV-1 was paid 16 days late, more than 15 days, within the last 12 months, \
             so the limit is not raised.",
        ),
    ]
}

fn suggestion(current: Option<&str>, suggested: &str, change: LimitChange) -> LimitSuggestion {
    LimitSuggestion {
        current: current.map(euros),
        suggested: euros(suggested),
        change,
        grounds: Vec::new(),
        rates_used: Vec::new(),
    }
}

fn suggestions() -> Vec<(LimitSuggestion, &'static str)> {
    vec![
        (
            suggestion(None, "1,666.67", LimitChange::First),
            "Suggested first limit: 1666.67 EUR.",
        ),
        (
            suggestion(
                Some("10,000.00"),
                "12,500.00",
                LimitChange::Raise { percent: pct("25") },
            ),
            "Suggested limit: 12500.00 EUR, a raise of 25% from 10000.00 EUR.",
        ),
        (
            suggestion(
                Some("10,000.00"),
                "7,500.00",
                LimitChange::Cut { percent: pct("25") },
            ),
            "Suggested limit: 7500.00 EUR, a cut of 25% from 10000.00 EUR.",
        ),
        (
            suggestion(Some("10,000.00"), "10,000.00", LimitChange::Keep),
            "Suggested limit: unchanged at 10000.00 EUR.",
        ),
    ]
}

fn review_items() -> Vec<(ReviewItem, &'static str)> {
    let guarantee = SecurityKind::BankGuarantee {
        expires_on: date("2024-07-30"),
    };
    vec![
        (
            ReviewItem::ReviewDue {
                review_date: date("2024-06-30"),
                days_past: 0,
            },
            "The credit review is due today, 2024-06-30.",
        ),
        (
            ReviewItem::ReviewDue {
                review_date: date("2024-06-29"),
                days_past: 1,
            },
            "The credit review was due on 2024-06-29, 1 day ago.",
        ),
        (
            ReviewItem::SecurityExpiring {
                kind: guarantee,
                issuer: "Harbour Bank".to_string(),
                amount: euros("5,000.00"),
                expires_on: date("2024-07-30"),
                days_left: 30,
            },
            "The bank guarantee of 5000.00 EUR from Harbour Bank expires on 2024-07-30, in 30 \
             days.",
        ),
        (
            ReviewItem::SecurityExpiring {
                kind: SecurityKind::LetterOfCredit {
                    expires_on: date("2024-06-29"),
                },
                issuer: "Harbour Bank".to_string(),
                amount: euros("7,000.00"),
                expires_on: date("2024-06-29"),
                days_left: -1,
            },
            "The letter of credit of 7000.00 EUR from Harbour Bank expired on 2024-06-29; renew it \
             or remove it.",
        ),
        (
            ReviewItem::InsuranceExpiring {
                insurer: "Northgate Credit".to_string(),
                policy_number: "P-2024-118".to_string(),
                valid_to: date("2024-07-10"),
                days_left: 10,
            },
            "The cover of Northgate Credit under policy P-2024-118 ends on 2024-07-10, in 10 days.",
        ),
        (
            ReviewItem::InsuranceExpiring {
                insurer: "Northgate Credit".to_string(),
                policy_number: "P-2024-118".to_string(),
                valid_to: date("2024-06-20"),
                days_left: -10,
            },
            "The cover of Northgate Credit under policy P-2024-118 ended on 2024-06-20; renew it \
             or remove it.",
        ),
        (
            ReviewItem::ReportStale {
                agency: "Atlas".to_string(),
                date: date("2023-06-30"),
                age_days: 366,
            },
            "The latest credit report, from Atlas on 2023-06-30, is 366 days old; buy a new one.",
        ),
        (
            ReviewItem::NoReport,
            "There is no credit report on the customer; buy one.",
        ),
    ]
}

/// Every sentence, as it is said in this thread's language, with its English text.
fn every_sentence() -> Vec<(String, &'static str)> {
    let mut said = Vec::new();
    said.extend(hold_reasons().into_iter().map(|(r, e)| (r.to_string(), e)));
    said.extend(decisions().into_iter().map(|(d, e)| (d.to_string(), e)));
    said.extend(errors().into_iter().map(|(r, e)| (r.to_string(), e)));
    said.extend(grounds().into_iter().map(|(g, e)| (g.to_string(), e)));
    said.extend(suggestions().into_iter().map(|(s, e)| (s.to_string(), e)));
    said.extend(review_items().into_iter().map(|(i, e)| (i.to_string(), e)));
    said
}

#[test]
fn every_sentence_reads_word_for_word_in_english() {
    for (said, expected) in every_sentence() {
        assert_eq!(said, expected);
    }
}

#[test]
fn every_sentence_is_in_chinese_under_chinese() {
    for (said, english) in Language::SimplifiedChinese.during(every_sentence) {
        assert!(has_chinese(&said), "left in English: {said}");
        assert_ne!(said, english);
    }
}

#[test]
fn representative_sentences_read_word_for_word_in_chinese() {
    let in_chinese =
        |sentence: &dyn ToString| Language::SimplifiedChinese.during(|| sentence.to_string());
    let reasons = hold_reasons();
    let table: Vec<(String, &str)> = vec![
        (
            in_chinese(&reasons[3].0),
            "加上该订单后信用敞口为 10000.01 EUR，超出信用额度 10000.00 EUR 共 0.01 EUR。",
        ),
        (
            in_chinese(&reasons[6].0),
            "有 2 张发票（共 750.50 EUR）逾期超过了 1 天的宽限期，其中最久的已逾期 60 天。",
        ),
        (
            in_chinese(&reasons[8].0),
            "订单账期 91 天超过了 Northgate Credit 承保的最长信用期 90 天；该发票将不在承保范围内。",
        ),
        (
            in_chinese(&reasons[2].0),
            "该客户仅限预付；请在发货前收款，不予赊销。",
        ),
        (
            in_chinese(&reasons[11].0),
            "信用政策要求该客户提供担保，而最后一份担保已于 2024-06-29 到期；请续期或收取新的担保。",
        ),
        (
            in_chinese(&decisions()[2].0),
            "订单因 2 个原因被暂扣；请解决这些问题，或填写理由后解除暂扣。",
        ),
        (
            in_chinese(&errors()[0].0),
            "没有提供 2024-06-30 当日或之前的 USD 兑 EUR 汇率；请录入该汇率（1 USD 折合多少 EUR）\
             后重试。",
        ),
        (
            in_chinese(&errors()[2].0),
            "解除订单暂扣必须说明理由；请填写允许该订单继续的原因。",
        ),
        (
            in_chinese(&errors()[9].0),
            "5000.00 EUR 的银行保函未填写开具方；请填写开具该银行保函的银行名称。",
        ),
        (
            in_chinese(&errors()[8].0),
            "1500.00 EUR 的保证金未写明缴纳人；请填写缴纳人的名称。",
        ),
        (
            in_chinese(&errors()[10].0),
            "2024-06-01 的信用报告未填写信用机构；请填写出具该报告的信用机构名称。",
        ),
        (
            in_chinese(&errors()[11].0),
            "2024-06-01 的信用报告未填写评分或评级；请按信用机构的原文填写，例如 72 或 BB+。",
        ),
        (
            in_chinese(&errors()[12].0),
            "2024-06-01 的信用报告建议额度为 -0.01 EUR，不可接受；请填写零或更大的金额，\
             若信用机构未给出建议则留空。",
        ),
        (
            in_chinese(&errors()[13].0),
            "保险保障未填写保险公司；请填写为该客户承保的保险公司名称。",
        ),
        (
            in_chinese(&errors()[14].0),
            "保险保障未填写保单号；请按保险公司的写法填写保单号。",
        ),
        (
            in_chinese(&errors()[15].0),
            "保险保障未填写买方编号；请填写保险公司给该客户（作为买方）的编号。",
        ),
        (
            in_chinese(&errors()[16].0),
            "承保额度 0.00 EUR 不可接受；请填写保险公司批准的、大于零的额度。",
        ),
        (
            in_chinese(&grounds()[0].0),
            "新客户的首个额度为首笔订单 3333.33 EUR 的 50%：1666.67 EUR。",
        ),
        (
            in_chinese(&grounds()[4].0),
            "最近 3 个月内支付的发票平均逾期 15.5 天，此前 12 个月内为 5.0 天，恶化超过 10 天。",
        ),
        (
            in_chinese(&suggestions()[2].0),
            "建议额度：7500.00 EUR，在 10000.00 EUR 的基础上降低 25%。",
        ),
        (
            in_chinese(&review_items()[2].0),
            "Harbour Bank 提供的 5000.00 EUR 银行保函将于 2024-07-30 到期，还剩 30 天。",
        ),
        (
            in_chinese(&review_items()[6].0),
            "最新的信用报告（Atlas，2023-06-30）已有 366 天；请购买新的报告。",
        ),
    ];
    for (said, expected) in table {
        assert_eq!(said, expected);
    }
}

#[test]
fn reasons_and_errors_carry_stable_codes_for_a_ui() {
    let codes: Vec<&str> = hold_reasons().iter().map(|(r, _)| r.code()).collect();
    assert_eq!(
        codes,
        [
            "customer_on_hold",
            "customer_blocked",
            "prepayment_only",
            "over_limit",
            "insured_limit_exceeded",
            "overdue",
            "overdue",
            "terms_too_long",
            "terms_beyond_insurer",
            "review_passed",
            "security_missing",
            "security_expired",
        ]
    );
    let error_codes: Vec<&str> = errors().iter().map(|(e, _)| e.code()).collect();
    assert_eq!(
        error_codes,
        [
            "missing_rate",
            "rate_not_positive",
            "override_without_reason",
            "negative_limit",
            "default_terms_over_maximum",
            "no_review_interval",
            "security_not_positive",
            "insurance_period_reversed",
            "security_issuer_blank",
            "security_issuer_blank",
            "report_agency_blank",
            "report_rating_blank",
            "recommended_limit_negative",
            "insurer_blank",
            "policy_number_blank",
            "buyer_reference_blank",
            "insured_limit_not_positive",
        ]
    );
    let review_codes: Vec<&str> = review_items().iter().map(|(i, _)| i.code()).collect();
    assert_eq!(
        review_codes,
        [
            "review_due",
            "review_due",
            "security_expiring",
            "security_expiring",
            "insurance_expiring",
            "insurance_expiring",
            "report_stale",
            "no_report",
        ]
    );
}
