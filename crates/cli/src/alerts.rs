//! `creditdesk credit alerts` and `creditdesk credit risk`: what needs acting on across every
//! credit file, and one customer's risk score with the factors that make it up.

use chrono::NaiveDate;
use creditdesk_app::error::AppResult;
use creditdesk_app::{CreditAlert, CustomerRisk, OpenBook};
use serde_json::json;

use crate::output::{print_json, Format, Table};

/// Every credit alert as of `as_of`, as a table of customer, kind and sentence, or as JSON.
pub fn alerts(book: &OpenBook, as_of: NaiveDate, format: Format) -> AppResult<()> {
    let alerts = book.credit_alerts(as_of)?;
    match format {
        Format::Table => alert_table(&alerts, as_of),
        _ => print_json(&json!(alerts)),
    }
    Ok(())
}

/// The risk score of `customer` as of `as_of`, factor by factor, or as JSON.
pub fn risk(book: &OpenBook, customer: &str, as_of: NaiveDate, format: Format) -> AppResult<()> {
    let risk = book.risk(customer, as_of)?;
    match format {
        Format::Table => risk_table(&risk),
        _ => print_json(&json!(risk)),
    }
    Ok(())
}

fn alert_table(alerts: &[CreditAlert], as_of: NaiveDate) {
    if alerts.is_empty() {
        outln!("No credit alerts as of {as_of}.");
        return;
    }
    let mut table = Table::new(&["customer", "alert", "what it is"], 3);
    for alert in alerts {
        table.push(vec![
            alert.customer.clone(),
            alert.alert.kind().to_string(),
            alert.message.clone(),
        ]);
    }
    table.print(Format::Table);
    let mut customers: Vec<&str> = alerts.iter().map(|a| a.customer.as_str()).collect();
    customers.dedup();
    let (count, customers) = (alerts.len(), customers.len());
    let (alert_word, customer_word) = (
        if count == 1 { "alert" } else { "alerts" },
        if customers == 1 {
            "customer"
        } else {
            "customers"
        },
    );
    outln!("{count} {alert_word} for {customers} {customer_word} as of {as_of}.");
}

fn risk_table(risk: &CustomerRisk) {
    let score = &risk.score;
    outln!(
        "{} ({}): {}",
        risk.customer,
        risk.customer_name,
        risk.message
    );
    let mut table = Table::new(&["factor", "why", "value", "points"], 2);
    for scored in &risk.factors {
        let factor = &scored.factor;
        table.push(vec![
            factor.code().to_string(),
            scored.message.clone(),
            factor
                .value()
                .map_or_else(|| "-".to_string(), |v| v.to_string()),
            factor.points().to_string(),
        ]);
    }
    table.push(vec![
        "score".to_string(),
        String::new(),
        String::new(),
        format!("{} / {}", score.score, score.max_score),
    ]);
    table.print(Format::Table);
    outln!(
        "Exposure {} against a limit of {} as of {}.",
        risk.exposure.total,
        risk.exposure.limit,
        score.as_of
    );
}
