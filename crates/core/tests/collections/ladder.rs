//! The dunning ladder: the shipped presets, a customer's own policy, and what a policy refuses.

use creditdesk_core::dunning::{
    BookPolicies, Consequence, ContactChannel, DunningPolicy, Pause, PauseScope, PolicyError,
    Preset,
};
use creditdesk_core::text::Language;
use rust_decimal::Decimal;

use crate::{both, case_ladder, currency, date, euros};

#[test]
fn the_firm_preset_reminds_at_7_calls_at_15_demands_at_30_and_hands_over_at_60() {
    let firm = DunningPolicy::preset(Preset::Firm);
    assert!(firm.problems().is_empty());
    let ladder: Vec<(u32, ContactChannel, bool)> = firm
        .levels
        .iter()
        .map(|l| (l.days_overdue, l.channel, l.charge_interest))
        .collect();
    assert_eq!(
        ladder,
        vec![
            (7, ContactChannel::EmailReminder, false),
            (15, ContactChannel::PhoneTask, false),
            (30, ContactChannel::PrintedLetter, true),
            (60, ContactChannel::Handover, true),
        ]
    );
    assert_eq!(
        firm.levels[3].consequences,
        vec![Consequence::CreditHold, Consequence::LegalCollection]
    );
    assert_eq!(
        firm.levels[0].template(Language::SimplifiedChinese),
        Some("reminder")
    );
}

#[test]
fn the_gentle_preset_reminds_at_30_demands_at_60_and_hands_over_at_90() {
    let gentle = DunningPolicy::preset(Preset::Gentle);
    assert!(gentle.problems().is_empty());
    let days: Vec<u32> = gentle.levels.iter().map(|l| l.days_overdue).collect();
    assert_eq!(days, vec![30, 60, 90]);
    assert_eq!(gentle.levels[2].channel, ContactChannel::Handover);
}

#[test]
fn a_customer_with_its_own_policy_uses_it_and_the_others_use_the_books() {
    let policies = BookPolicies {
        book: DunningPolicy::preset(Preset::Firm),
        customers: vec![(
            "OLD-FRIEND".to_string(),
            DunningPolicy::preset(Preset::Gentle),
        )],
    };
    assert_eq!(policies.for_customer("OLD-FRIEND").name, "gentle");
    assert_eq!(policies.for_customer("ANYONE").name, "firm");
}

#[test]
fn a_broken_policy_is_refused_with_every_problem_named() {
    let mut policy = case_ladder();
    policy.name = " ".to_string();
    policy.levels[0].days_overdue = 0;
    policy.levels[2].days_overdue = 21;
    policy.levels[1].fees = vec![
        euros("0.00"),
        creditdesk_core::Money::new("10.005".parse().unwrap(), currency("USD")),
        euros("5.00"),
    ];
    policy.levels[1].fee_percent = Some(Decimal::from(120));
    policy.levels[3].templates[0].name = String::new();
    let blank = policy.levels[3].templates[0].clone();
    policy.levels[3].templates.push(blank);
    policy.minimum_amounts = vec![euros("-1.00")];
    policy.minimum_gap_days = 0;
    let sentences: Vec<String> = policy.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        sentences,
        vec![
            "The dunning policy has no name; give it a name such as \"Standard\".",
            "Level 1 applies at 0 days overdue, when nothing is late yet; give at least 1 day.",
            "The fee 0.00 EUR of level 2 is not accepted; give a fee above zero, or remove it \
             for no fee.",
            "The fee 10.005 USD of level 2 has more than the 2 decimals its currency allows; \
             round it to 2 decimals.",
            "Level 2 has two fees in EUR; keep one fee per currency.",
            "The fee of 120 % of level 2 is not accepted; give a percentage above 0 and at most \
             100.",
            "Level 3 applies at 21 days overdue, not later than the level before it at 21 days; \
             give each level more days than the one before.",
            "Level 4 has a blank template name for en; choose a template or remove the line.",
            "Level 4 has a blank template name for en; choose a template or remove the line.",
            "Level 4 has two templates for en; keep one template per language.",
            "The minimum amount -1.00 EUR is below zero; give zero or more.",
            "The minimum gap between two contacts is 0 days; give at least 1 day, so that a \
             customer is contacted at most once a day.",
        ]
    );
}

#[test]
fn a_pause_needs_a_reason_and_an_end_on_or_after_its_start() {
    let pause = Pause {
        scope: PauseScope::Customer {
            customer_reference: "MARIGOLD".to_string(),
        },
        reason: String::new(),
        from: date("2024-06-10"),
        until: date("2024-06-01"),
    };
    let problems = pause.problems();
    assert_eq!(
        problems.iter().map(both).collect::<Vec<_>>(),
        vec![
            (
                "The pause gives no reason; write why chasing is paused.".to_string(),
                "暂停未写明原因；请写明暂停催收的原因。".to_string()
            ),
            (
                "The pause ends on 2024-06-01, before it starts on 2024-06-10; give an end date \
                 on or after 2024-06-10."
                    .to_string(),
                "暂停的结束日 2024-06-01 早于开始日 2024-06-10；请填写 2024-06-10 当日或之后的日期。"
                    .to_string()
            ),
        ]
    );
    assert_eq!(problems[1].code(), "pause_ends_before_start");
    assert!(matches!(problems[0], PolicyError::PauseReasonBlank));
}
