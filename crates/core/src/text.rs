//! The language of the sentences CreditDesk shows to people, and the [`say!`](crate::say) macro
//! that writes each sentence with its English and its Simplified Chinese side by side.
//!
//! Which language a sentence comes out in is a property of the thread that writes it: every
//! thread speaks English until told otherwise, so the command line, the tests and any caller that
//! never chooses a language get the English sentences. A shell that shows another language sets
//! it with [`Language::speak`] around each call into the use cases.
//!
//! Invariants:
//! - The language is per thread and never leaks into another one. Work handed to another thread
//!   (a thread of its own for an import, a worker that owns a resource) takes the language of the
//!   thread that hands it over explicitly: read [`Language::current`] before handing the work
//!   over, and [`Language::speak`] it on the other side.
//! - Only sentences for people change with the language. Codes, identifiers, the values a
//!   sentence quotes (numbers, amounts, dates, references) and anything stored in a book are the
//!   same in every language.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

/// The language a message to a person is written in: English or Simplified Chinese.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::English) };
}

impl Language {
    /// Every language CreditDesk writes in.
    pub const ALL: [Language; 2] = [Language::English, Language::SimplifiedChinese];

    /// `en`, `zh-CN`: the BCP 47 tags.
    pub fn code(&self) -> &'static str {
        match self {
            Language::English => "en",
            Language::SimplifiedChinese => "zh-CN",
        }
    }

    /// The language of a BCP 47 tag CreditDesk writes in (`en`, `zh-CN`).
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "en" => Some(Language::English),
            "zh-CN" => Some(Language::SimplifiedChinese),
            _ => None,
        }
    }

    /// The language this thread writes its sentences in; English unless [`Language::speak`]
    /// said otherwise.
    pub fn current() -> Language {
        CURRENT.with(Cell::get)
    }

    /// Makes `self` this thread's language until the returned guard is dropped, when the
    /// language before it comes back (also when the thread unwinds from a panic).
    #[must_use = "the language goes back as soon as the guard is dropped"]
    pub fn speak(self) -> Speaking {
        Speaking {
            previous: CURRENT.with(|current| current.replace(self)),
            _this_thread: PhantomData,
        }
    }

    /// Runs `work` with `self` as this thread's language.
    pub fn during<T>(self, work: impl FnOnce() -> T) -> T {
        let _speaking = self.speak();
        work()
    }

    /// `en` or `zh`, whichever is in this language.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Language::English => en,
            Language::SimplifiedChinese => zh,
        }
    }
}

/// `en` or `zh`, whichever is in this thread's language: for a word inside a sentence.
pub fn pick<T>(en: T, zh: T) -> T {
    Language::current().pick(en, zh)
}

/// This thread's language while it lives: see [`Language::speak`]. It cannot be sent to another
/// thread, so the language it restores is always that of the thread that set it.
#[derive(Debug)]
pub struct Speaking {
    previous: Language,
    _this_thread: PhantomData<*const ()>,
}

impl Drop for Speaking {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
    }
}

/// A word or a short phrase that a sentence quotes (a field's name, a kind of document), in
/// both languages; shown in the language of the thread that displays it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Word {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Word {
    pub const fn new(en: &'static str, zh: &'static str) -> Word {
        Word { en, zh }
    }

    /// The word in this thread's language.
    pub fn get(self) -> &'static str {
        pick(self.en, self.zh)
    }
}

impl fmt::Display for Word {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

/// A sentence for a person, written in this thread's language (see [`Language::current`]), as a
/// `String`.
///
/// Both sentences stand side by side at the place that says them, each a `format!` string over
/// the same arguments; both must use every argument (by position, name or inline capture), so a
/// value the English quotes cannot be left out of the Chinese by mistake.
///
/// ```
/// use creditdesk_core::say;
/// use creditdesk_core::text::Language;
///
/// let number = "INV-7";
/// let sentence = || {
///     say!(
///         en: "No invoice numbered {number} is in the book; check the number.",
///         zh: "账簿中没有编号为 {number} 的发票；请核对发票号。",
///     )
/// };
/// assert_eq!(sentence(), "No invoice numbered INV-7 is in the book; check the number.");
/// assert_eq!(
///     Language::SimplifiedChinese.during(sentence),
///     "账簿中没有编号为 INV-7 的发票；请核对发票号。"
/// );
/// // A language given explicitly, for code that holds a `Language` value.
/// assert_eq!(
///     say!(in Language::SimplifiedChinese; en: "{} rows", zh: "{} 行", 3),
///     "3 行"
/// );
/// ```
#[macro_export]
macro_rules! say {
    (in $language:expr; en: $en:literal, zh: $zh:literal $(, $($argument:tt)*)?) => {{
        #[allow(clippy::useless_format)]
        let sentence: ::std::string::String = match $language {
            $crate::text::Language::English => ::std::format!($en $(, $($argument)*)?),
            $crate::text::Language::SimplifiedChinese => ::std::format!($zh $(, $($argument)*)?),
        };
        sentence
    }};
    (en: $en:literal, zh: $zh:literal $(, $($argument:tt)*)?) => {
        $crate::say!(
            in $crate::text::Language::current(); en: $en, zh: $zh $(, $($argument)*)?
        )
    };
}

/// Whether `text` has a Chinese character in it (CJK Unified Ideographs): the check tests use to
/// find a sentence left in English under [`Language::SimplifiedChinese`].
pub fn has_chinese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thread_speaks_english_until_told_otherwise() {
        assert_eq!(Language::current(), Language::English);
        let on_another_thread = Language::SimplifiedChinese.during(|| {
            std::thread::spawn(Language::current)
                .join()
                .expect("the thread ends")
        });
        assert_eq!(
            on_another_thread,
            Language::English,
            "a new thread does not inherit the language by itself"
        );
    }

    #[test]
    fn the_language_before_comes_back_when_the_guard_goes() {
        let outer = Language::SimplifiedChinese.speak();
        {
            let _inner = Language::English.speak();
            assert_eq!(Language::current(), Language::English);
        }
        assert_eq!(Language::current(), Language::SimplifiedChinese);
        drop(outer);
        assert_eq!(Language::current(), Language::English);
    }

    #[test]
    fn a_panic_does_not_leave_the_thread_in_another_language() {
        let caught = std::panic::catch_unwind(|| {
            Language::SimplifiedChinese.during(|| panic!("a failing use case"))
        });
        assert!(caught.is_err());
        assert_eq!(Language::current(), Language::English);
    }

    #[test]
    fn a_sentence_takes_its_arguments_in_either_language() {
        let reference = "PAY-1";
        let amount = "100.00 EUR";
        let sentence = || {
            say!(
                en: "Recorded payment {reference} of {}.",
                zh: "已登记收款 {reference}，金额 {}。",
                amount
            )
        };
        assert_eq!(sentence(), "Recorded payment PAY-1 of 100.00 EUR.");
        assert_eq!(
            Language::SimplifiedChinese.during(sentence),
            "已登记收款 PAY-1，金额 100.00 EUR。"
        );
    }

    #[test]
    fn a_word_is_shown_in_the_language_of_the_thread_that_shows_it() {
        const AMOUNT: Word = Word::new("amount", "金额");
        assert_eq!(AMOUNT.to_string(), "amount");
        assert_eq!(
            Language::SimplifiedChinese.during(|| AMOUNT.to_string()),
            "金额"
        );
    }

    #[test]
    fn languages_are_named_by_their_bcp47_tags() {
        for language in Language::ALL {
            assert_eq!(Language::from_code(language.code()), Some(language));
        }
        assert_eq!(Language::from_code("zh"), None);
    }

    #[test]
    fn chinese_characters_are_told_from_latin_ones() {
        assert!(has_chinese("账簿"));
        assert!(!has_chinese("No book is open; 2024-06-30, 1,000.00 EUR."));
    }
}
