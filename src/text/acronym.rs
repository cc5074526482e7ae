//! Acronyms that are spelled like function words: "US" is a country where "us" is a pronoun,
//! "WHO" an organization where "who" asks a question. Lowercasing would merge them, and the
//! stopword list would then drop the country from every question and passage.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Marks a renamed acronym. The tokenizer only yields letters and digits, so no word of any
/// text can carry it: the renamed form never meets the pronoun.
const ACRONYM_MARK: char = '_';

/// Whether `word` is written as an acronym: two to five letters, all capitals ("US", "WHO").
pub fn is_acronym(word: &str) -> bool {
    (2..=5).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Rewrites an acronym that is spelled like a stopword ("US") into a word of its own ("us_"),
/// before lowercasing, so it survives as a content word in the index and in questions alike.
#[derive(Clone)]
pub struct AcronymFilter;

impl TokenFilter for AcronymFilter {
    type Tokenizer<T: Tokenizer> = AcronymTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> AcronymTokenizer<T> {
        AcronymTokenizer(tokenizer)
    }
}

#[derive(Clone)]
pub struct AcronymTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for AcronymTokenizer<T> {
    type TokenStream<'a> = AcronymTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AcronymTokenStream(self.0.token_stream(text))
    }
}

pub struct AcronymTokenStream<T>(T);

impl<T: TokenStream> TokenStream for AcronymTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        if is_acronym(text) && super::analyzer::is_listed_stopword(text) {
            text.make_ascii_lowercase();
            text.push(ACRONYM_MARK);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use crate::text::analyzer::{analyzer, content_stems, is_stopword};

    #[test]
    fn an_acronym_spelled_like_a_function_word_is_a_content_word() {
        let mut a = analyzer();
        let stems = content_stems(&mut a, "US forces told us, WHO said");
        assert_eq!(stems, ["us_", "forc", "told", "who_", "said"]);
        assert!(!is_stopword("US") && is_stopword("us") && is_stopword("Us"));
    }

    #[test]
    fn only_short_all_capital_words_are_acronyms() {
        assert!(super::is_acronym("US") && super::is_acronym("NATO"));
        assert!(!super::is_acronym("U") && !super::is_acronym("Us"));
        assert!(!super::is_acronym("BECAUSE") && !super::is_acronym("U.S."));
    }
}
