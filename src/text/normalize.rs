//! Unicode normalization, applied the same way to questions and to article text, so "Nozdrëv"
//! typed with a combining diaeresis finds the article that spells it with a precomposed one.
//!
//! NFC rather than NFKC: NFC only joins canonically equivalent sequences, so article text stays
//! verbatim (the same characters, as any reader sees them), where NFKC would rewrite full-width
//! letters, ligatures and superscripts that the source printed.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `text` in Unicode Normalization Form C; borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => {
            let normalized: String = text.nfc().collect();
            if normalized == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(normalized)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_and_precomposed_spellings_meet() {
        assert_eq!(nfc("Nozdre\u{0308}v"), "Nozdr\u{00eb}v");
        assert_eq!(
            nfc("の\u{3099}"),
            "\u{306e}\u{3099}".nfc().collect::<String>()
        );
        assert!(matches!(nfc("plain ASCII"), Cow::Borrowed(_)));
        // Compatibility forms are kept as printed.
        assert_eq!(nfc("ＴＡＳＳ"), "ＴＡＳＳ");
    }
}
