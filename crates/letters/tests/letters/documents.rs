//! Huang Precision Parts' statement of account on 5 December 2026, and the payment plan that
//! takes its two overdue invoices over: EUR 200 down and three monthly instalments.

use creditdesk_letters::{render_plan_agreement, render_statement, Language};

use crate::fixtures::{plan_agreement, statement};
use crate::pdf::{assert_line, lines, page_lines};

#[test]
fn the_statement_runs_from_the_opening_to_the_closing_balance() {
    let pdf = render_statement(&statement(Language::English)).unwrap();
    let lines = lines(&pdf);
    for expected in [
        "Statement date: 2026-12-05",
        "Reference: ST-2026-12-0042",
        "Statement of account as of 2026-12-05",
        "Date Type Reference Due Debit (EUR) Credit (EUR) Balance (EUR)",
        "Opening balance 250.00",
        "2026-08-03 Invoice INV-2026-0412 2026-09-02 1,000.64 1,250.64",
        "2026-08-20 Payment PAY-7781 250.00 1,000.64",
        "2026-11-18 Credit note CN-2026-0019 80.00 3,563.86",
        "2026-11-20 Charge FEE-2026-0042 2026-12-04 40.00 3,603.86",
        "Closing balance 3,983.86 630.00 3,603.86",
        "Current 1-30 31-60 61-90 Over 90 Total (EUR)",
        "2,400.00 40.00 0.00 163.22 1,000.64 3,603.86",
        "Of which overdue 1,203.86",
        "Closing balance (EUR) 3,603.86",
        "Overdue now: EUR 1,203.86",
        "Page 1 of 1",
    ] {
        assert_line(&lines, expected);
    }
}

#[test]
fn the_chinese_statement_names_its_lines_in_chinese() {
    let pdf = render_statement(&statement(Language::SimplifiedChinese)).unwrap();
    let lines = lines(&pdf);
    for expected in [
        "对账日期：2026年12月5日",
        "截至2026年12月5日的对账单",
        "期初余额 250.00",
        "2026年11月18日 贷项通知单 CN-2026-0019 80.00 3,563.86",
        "2026年11月20日 费用 FEE-2026-0042 2026年12月4日 40.00 3,603.86",
        "期末余额 3,983.86 630.00 3,603.86",
        "其中逾期 1,203.86",
        "目前逾期金额：1,203.86 欧元",
        "请核对本对账单，如与贵方记录不符，请及时告知我们。",
    ] {
        assert_line(&lines, expected);
    }
}

#[test]
fn a_statement_with_nothing_overdue_asks_for_no_payment() {
    let mut statement = statement(Language::English);
    statement.overdue = crate::fixtures::eur("0.00");
    let lines = lines(&render_statement(&statement).unwrap());
    assert_line(&lines, "Of which overdue 0.00");
    assert!(
        !lines.iter().any(|l| l.starts_with("Overdue now")),
        "{lines:#?}"
    );
}

#[test]
fn money_received_and_not_yet_allocated_has_its_own_column_so_the_aging_adds_up() {
    // PAY-7802's 300.00 stays unallocated: the invoices are open for 300.00 more than the
    // closing balance, and the aging says where the difference is.
    let mut statement = statement(Language::English);
    statement.aging[4].1 = crate::fixtures::eur("1300.64");
    statement.unapplied = crate::fixtures::eur("300.00");
    let lines = lines(&render_statement(&statement).unwrap());
    assert_line(
        &lines,
        "Current 1-30 31-60 61-90 Over 90 Received, not yet allocated Total (EUR)",
    );
    assert_line(
        &lines,
        "2,400.00 40.00 0.00 163.22 1,300.64 -300.00 3,603.86",
    );
    assert_line(&lines, "Closing balance (EUR) 3,603.86");

    let mut chinese = statement.clone();
    chinese.language = Language::SimplifiedChinese;
    let lines = lines_of(&chinese);
    assert!(
        lines.iter().any(|l| l.contains("已收款未核销")),
        "{lines:#?}"
    );
}

#[test]
fn money_paid_back_beyond_what_was_received_is_named_as_such() {
    // A refund of 100.00 that named no invoice, and nothing else unapplied: the customer owes
    // the invoices and the 100.00 paid back.
    let mut statement = statement(Language::English);
    statement.aging[4].1 = crate::fixtures::eur("900.64");
    statement.unapplied = crate::fixtures::eur("-100.00");
    let lines = lines(&render_statement(&statement).unwrap());
    assert_line(
        &lines,
        "Current 1-30 31-60 61-90 Over 90 Paid back, not yet matched Total (EUR)",
    );
    assert_line(&lines, "2,400.00 40.00 0.00 163.22 900.64 100.00 3,603.86");
}

fn lines_of(statement: &creditdesk_letters::Statement) -> Vec<String> {
    lines(&render_statement(statement).unwrap())
}

#[test]
fn the_plan_agreement_lists_the_invoices_the_schedule_and_both_signatures() {
    let pdf = render_plan_agreement(&plan_agreement(Language::English)).unwrap();
    let pages = page_lines(&pdf);
    assert_eq!(pages.len(), 1, "a three-instalment plan fits one page");
    let lines = &pages[0];
    for expected in [
        "Payment plan agreement PLAN-12",
        "Invoices replaced by this plan",
        "Invoice Open amount taken into the plan (EUR)",
        "INV-2026-0412 1,000.64",
        "INV-2026-0467 163.22",
        "Total 1,163.86",
        "Instalment Due date Amount (EUR)",
        "Down payment 2026-12-15 200.00",
        "1 2027-01-15 328.33",
        "3 2027-03-15 328.34",
        "Total 1,185.00",
        "The total payable is the open amount of EUR 1,163.86 taken into the plan plus interest \
         of EUR 21.14.",
        "If an instalment is more than 14 days late, the whole remaining balance becomes due at \
         once.",
        "Total payable: EUR 1,185.00",
        "For the creditor: Brightwater Tools Ltd For the debtor: Huang Precision Parts Co.",
        "Signature Signature",
        "Name: Alice Moreton Name:",
        "Date: Date:",
    ] {
        assert_line(lines, expected);
    }
}

#[test]
fn the_chinese_plan_agreement_reads_as_a_chinese_contract() {
    let pdf = render_plan_agreement(&plan_agreement(Language::SimplifiedChinese)).unwrap();
    let lines = lines(&pdf);
    for expected in [
        "分期还款协议 PLAN-12",
        "本计划替代的发票",
        "首付款 2026年12月15日 200.00",
        "2 2027年2月15日 328.33",
        "合计 1,185.00",
        "应付总额为纳入计划的未付金额 1,163.86 欧元加利息 21.14 欧元。",
        "任何一期逾期超过14天的，剩余全部款项立即到期。",
        "应付总额：1,185.00 欧元",
        "债权人：Brightwater Tools Ltd 债务人：Huang Precision Parts Co.",
        "签字 签字",
        "姓名： Alice Moreton 姓名：",
        "日期： 日期：",
    ] {
        assert_line(&lines, expected);
    }
}
