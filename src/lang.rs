//! The asker's language: English, Japanese or Russian, told from the question's script (or a
//! Discord locale), and why an answer has no citation. The words said around excerpts in each
//! language are the adapters' (`framing`).

use serde::Serialize;

/// A language the engine can speak its framing words in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
    Ru,
}

/// Why an answer has no citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AbstainReason {
    /// The question is about something the articles are not about at all.
    OffTopic,
    /// The articles are about the question's topic but do not say what it asks.
    NotCovered,
    /// Articles cover the question, but none in the date range asked for.
    DateRange,
}

impl Lang {
    /// The language of a question, by its script: any kana or CJK ideograph is Japanese; more
    /// Cyrillic words than Latin ones is Russian (a Russian question may name "G7" or
    /// "Nozdrev", an English one "Ноздрев"); anything else English.
    pub fn of_text(text: &str) -> Lang {
        let is_japanese = |c: char| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}');
        if text.chars().any(is_japanese) {
            return Lang::Ja;
        }
        let (mut cyrillic, mut latin) = (0usize, 0usize);
        for word in text.split_whitespace() {
            match word.chars().find(|c| c.is_alphabetic()) {
                Some('\u{0400}'..='\u{04FF}') => cyrillic += 1,
                Some(c) if c.is_ascii_alphabetic() => latin += 1,
                _ => {}
            }
        }
        if cyrillic > latin {
            Lang::Ru
        } else {
            Lang::En
        }
    }

    /// The language of a Discord locale ("ja", "ru", "en-US", ...), or of a `--lang` value.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" | "jp" => Some(Lang::Ja),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ru => "ru",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tells_the_language() {
        assert_eq!(Lang::of_text("北方領土問題について教えて"), Lang::Ja);
        assert_eq!(Lang::of_text("ノズドレフ大使は"), Lang::Ja);
        assert_eq!(
            Lang::of_text("Что Россия говорит о мирном договоре с Японией?"),
            Lang::Ru
        );
        assert_eq!(Lang::of_text("Что говорил Nozdrev о G7?"), Lang::Ru);
        assert_eq!(Lang::of_text("Who is Russia's ambassador?"), Lang::En);
        assert_eq!(Lang::of_text("Who is Ноздрев?"), Lang::En);
        assert_eq!(Lang::of_text("2024?"), Lang::En);
    }

    #[test]
    fn codes_and_locales() {
        assert_eq!(Lang::from_code("ja"), Some(Lang::Ja));
        assert_eq!(Lang::from_code("ru"), Some(Lang::Ru));
        assert_eq!(Lang::from_code("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }
}
