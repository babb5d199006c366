//! Letters per second: a one-page demand letter and a three-page reminder over 40 invoices
//! with their interest breakdown, in English and in Chinese, rendered one after another on one
//! core. Run with `cargo bench -p creditdesk-letters`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use creditdesk_letters::{render_dunning_letter, DunningLetter, Language};

#[path = "../tests/letters/fixtures.rs"]
mod fixtures;

/// Renders `letter` for at least `budget` and gives the letters per second and the pages.
fn measure(letter: &DunningLetter, budget: Duration) -> (f64, usize) {
    let pdf = render_dunning_letter(letter).expect("the letter renders");
    let pages = pdf.windows(11).filter(|w| w == b"/Type /Page").count()
        + pdf.windows(10).filter(|w| w == b"/Type/Page").count()
        - pdf.windows(12).filter(|w| w == b"/Type /Pages").count()
        - pdf.windows(11).filter(|w| w == b"/Type/Pages").count();
    let start = Instant::now();
    let mut letters = 0u32;
    while start.elapsed() < budget {
        black_box(render_dunning_letter(black_box(letter)).expect("the letter renders"));
        letters += 1;
    }
    (f64::from(letters) / start.elapsed().as_secs_f64(), pages)
}

fn main() {
    let budget = Duration::from_secs(3);
    println!("{:<28} {:>6} {:>16}", "letter", "pages", "letters/second");
    for language in [Language::English, Language::SimplifiedChinese] {
        let cases = [
            ("demand", fixtures::demand_letter(language)),
            (
                "reminder, 40 invoices",
                fixtures::long_reminder(language, 40, true),
            ),
        ];
        for (name, letter) in cases {
            let (rate, pages) = measure(&letter, budget);
            println!(
                "{:<28} {pages:>6} {rate:>16.1}",
                format!("{name} ({})", language.code())
            );
        }
    }
}
