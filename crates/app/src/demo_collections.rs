//! The collections side of the demo book: the company's letterhead and bank details, a postal
//! address and letter language for every customer, and late-payment interest by the law of the
//! customer's country where one applies, so that a first dunning run on the demo book prints
//! and mails real letters.
//!
//! Addresses are made from the customer's reference, so the same ledger gives the same
//! addresses; the streets and postcodes are ordinary ones of each country's cities, not the
//! customers' real ones (the customers are invented).

use creditdesk_core::text::Language;
use creditdesk_store::{CustomerInterest, CustomerSort};
use rust_decimal::Decimal;

use crate::browsing::{CustomerPageRequest, MAX_SCREEN_PAGE};
use crate::collecting::{AddressInput, LetterLanguageChoice};
use crate::error::AppResult;
use crate::OpenBook;

/// A street (with `{n}` for the number) and a postcode with its city, per country.
fn places(country: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match country {
        "DE" => (
            &["Hafenstraße {n}", "Industriestraße {n}", "Gewerbering {n}"],
            &[
                "20457 Hamburg",
                "50667 Köln",
                "80331 München",
                "04109 Leipzig",
            ],
        ),
        "AT" => (
            &["Mariahilfer Straße {n}", "Landstraße {n}"],
            &["1010 Wien", "8010 Graz", "4020 Linz"],
        ),
        "FR" => (
            &["{n} rue de la République", "{n} avenue Jean Jaurès"],
            &["69002 Lyon", "75011 Paris", "13001 Marseille"],
        ),
        "IT" => (
            &["Via Roma {n}", "Corso Venezia {n}"],
            &["20121 Milano", "10121 Torino", "40121 Bologna"],
        ),
        "GB" => (
            &["{n} Station Road", "{n} Mill Lane"],
            &["Leeds LS1 4DY", "Bristol BS1 5TR", "Manchester M1 2AB"],
        ),
        "US" => (
            &["{n} Main Street", "{n} Commerce Drive"],
            &[
                "Columbus, OH 43215",
                "Austin, TX 78701",
                "Springfield, IL 62701",
            ],
        ),
        "CN" => (
            &["张江路 {n} 号", "人民路 {n} 号"],
            &[
                "上海市浦东新区 201203",
                "苏州市工业园区 215021",
                "深圳市南山区 518057",
            ],
        ),
        "JP" => (
            &[
                "{n}-1 Marunouchi, Chiyoda-ku",
                "{n}-3 Nishi-Shinjuku, Shinjuku-ku",
            ],
            &["Tokyo 100-0005", "Tokyo 163-0801"],
        ),
        "CZ" => (
            &["Národní {n}", "Vinohradská {n}"],
            &["110 00 Praha 1", "602 00 Brno"],
        ),
        _ => (&["{n} Harbour Road"], &["Rotterdam 3011 AA"]),
    }
}

/// A number from `text`, the same every time (FNV-1a).
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The interest the law of `country` gives a business creditor, where the shipped rate tables
/// have it; the demo charges it from the formal demand on.
fn statutory_interest(country: &str) -> Option<CustomerInterest> {
    match country {
        "DE" => Some(CustomerInterest::GermanyBgb288 { consumer: false }),
        "GB" => Some(CustomerInterest::UkLatePayment),
        "AT" | "FR" | "IT" | "CZ" => Some(CustomerInterest::EuDirective {
            margin_points: Decimal::from(8),
        }),
        _ => None,
    }
}

impl OpenBook {
    /// Gives the demo book's company a letterhead (when none is saved) and every customer an
    /// address, a letter language (Chinese for customers in China) and the statutory interest
    /// of its country. Returns how many customers were given an address.
    pub(crate) fn add_demo_collection_files(&mut self, end: chrono::NaiveDate) -> AppResult<usize> {
        let mut company = self.company_settings()?;
        if company.address_lines.is_empty() {
            company.address_lines = vec!["Am Sandtorkai 50".into(), "20457 Hamburg".into()];
            company.country = Some("DE".into());
            company.email = Some("accounts@demo-company.example".into());
            company.phone = Some("+49 40 1234 5678".into());
            company.tax_id = Some("DE123456789".into());
            company.bank_name = Some("Hanseatic Demo Bank".into());
            company.iban = Some("DE89 3704 0044 0532 0130 00".into());
            company.bic = Some("COBADEFFXXX".into());
            self.save_company_settings(&company)?;
        }

        let mut offset = 0;
        let mut given = 0;
        loop {
            let page = self.customers_page(&CustomerPageRequest {
                as_of: end,
                search: None,
                sort: CustomerSort::Reference,
                descending: false,
                offset,
                limit: MAX_SCREEN_PAGE,
            })?;
            for customer in &page.rows {
                let country = customer.country.as_deref().unwrap_or("");
                let (streets, cities) = places(country);
                let hash = stable_hash(&customer.reference);
                let street = streets[(hash % streets.len() as u64) as usize]
                    .replace("{n}", &(1 + (hash >> 8) % 180).to_string());
                let city = cities[((hash >> 16) % cities.len() as u64) as usize];
                self.set_customer_address(&AddressInput {
                    customer: customer.reference.clone(),
                    lines: Some(vec![street, city.to_string()]),
                    country: None,
                    letter_language: Some(LetterLanguageChoice::Own(if country == "CN" {
                        Language::SimplifiedChinese
                    } else {
                        Language::English
                    })),
                })?;
                if let Some(interest) = statutory_interest(country) {
                    self.set_customer_interest(&customer.reference, Some(interest))?;
                }
                given += 1;
            }
            offset += MAX_SCREEN_PAGE;
            if u64::from(offset) >= page.total {
                break;
            }
        }
        Ok(given)
    }
}
