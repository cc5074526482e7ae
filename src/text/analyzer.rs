//! The one word analyzer used everywhere: the index, queries and sentence scoring must agree on
//! what a word is, or a sentence could match in the index and not in the excerpt (or the reverse).

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer, TokenStream,
};

use super::acronym::{is_acronym, AcronymFilter};

/// The name the analyzer is registered under in the tantivy index.
pub const ANALYZER_NAME: &str = "nichiro_en";

/// Lowercased, ASCII-folded, English-stemmed words; overlong tokens (unsegmented scripts, junk)
/// are dropped.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(AcronymFilter)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analyzer without its stemmer: the lowercased, folded surface form of each word.
fn surface_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(AcronymFilter)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Content stems of large amounts of text, fast: each distinct surface word is checked against
/// the stopwords and stemmed once, then looked up. Gives the same stems as `content_stems`.
pub struct StemCache {
    surface: TextAnalyzer,
    stemmer: TextAnalyzer,
    /// Surface word → its stem's id, or `None` for a stopword.
    known: FxHashMap<String, Option<u32>>,
}

impl Default for StemCache {
    fn default() -> Self {
        Self {
            surface: surface_analyzer(),
            // The surface word is already one lowercased, folded token: stem it whole, since
            // tokenizing it again would split a renamed acronym ("us_").
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
            known: FxHashMap::default(),
        }
    }
}

impl StemCache {
    /// Calls `visit` with the id of each content word of `text` (ids come from `intern`, called
    /// once per distinct stem); returns how many words `text` has, stopwords included.
    pub fn content_ids(
        &mut self,
        text: &str,
        intern: &mut impl FnMut(&str) -> u32,
        mut visit: impl FnMut(u32),
    ) -> usize {
        let mut count = 0;
        let mut stream = self.surface.token_stream(text);
        while stream.advance() {
            count += 1;
            let word = stream.token().text.as_str();
            let id = match self.known.get(word) {
                Some(id) => *id,
                None => {
                    let id = if is_stopword(word) {
                        None
                    } else {
                        let mut stems = self.stemmer.token_stream(word);
                        stems.advance().then(|| intern(&stems.token().text))
                    };
                    self.known.insert(word.to_string(), id);
                    id
                }
            };
            if let Some(id) = id {
                visit(id);
            }
        }
        count
    }
}

/// A word of a text: its stem and its byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub stem: String,
    pub start: usize,
    pub end: usize,
}

/// Every word of `text`, stopwords included, in order.
pub fn words(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Word> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push(Word {
            stem: token.text.clone(),
            start: token.offset_from,
            end: token.offset_to,
        });
    }
    out
}

/// The stems of `text` that carry meaning (stopwords and question words removed), in order.
pub fn content_stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    words(analyzer, text)
        .into_iter()
        .filter(|w| !is_stopword(&text[w.start..w.end]))
        .map(|w| w.stem)
        .collect()
}

/// Function words and question words: they say how something is asked, not what about. An
/// acronym spelled like one ("US") is a name, not a function word.
pub fn is_stopword(word: &str) -> bool {
    !is_acronym(word) && is_listed_stopword(word)
}

/// Sorted, for binary search.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "either",
    "else",
    "ever",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "kind",
    "let",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "please",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "tell",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "whatever",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
];

/// Whether `word`, in any case, is on the stopword list.
pub(crate) fn is_listed_stopword(word: &str) -> bool {
    let lower = word.to_lowercase();
    STOPWORDS.binary_search(&lower.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_list_is_sorted_for_binary_search() {
        assert!(
            STOPWORDS.windows(2).all(|pair| pair[0] < pair[1]),
            "STOPWORDS must be sorted and unique, or binary search misses words"
        );
        assert!(STOPWORDS.iter().all(|w| is_stopword(w)));
        assert!(is_stopword("the") && is_stopword("Which") && is_stopword("your"));
        assert!(!is_stopword("treaty") && !is_stopword("Japan"));
    }

    #[test]
    fn stems_and_folds_words() {
        let mut a = analyzer();
        assert_eq!(
            content_stems(&mut a, "Which islands did the Russians dispute?"),
            ["island", "russian", "disput"]
        );
        assert_eq!(
            content_stems(&mut a, "landed"),
            content_stems(&mut a, "land")
        );
    }

    #[test]
    fn stem_cache_agrees_with_content_stems() {
        let text =
            "The US and the Southern Kurils were seized; Nozdrev’s arrival at Haneda, 9-10% of LNG. «Мир»";
        let mut vocabulary: Vec<String> = Vec::new();
        let mut intern = |stem: &str| {
            vocabulary.push(stem.to_string());
            vocabulary.len() as u32 - 1
        };
        let mut ids = Vec::new();
        let mut cache = StemCache::default();
        let count = cache.content_ids(text, &mut intern, |id| ids.push(id));
        let _ = cache.content_ids(text, &mut intern, |_| {});
        let stems: Vec<String> = ids
            .iter()
            .map(|&id| vocabulary[id as usize].clone())
            .collect();
        let mut a = analyzer();
        assert_eq!(stems, content_stems(&mut a, text));
        assert_eq!(count, words(&mut a, text).len());
        assert_eq!(vocabulary.len(), stems.len(), "each stem interned once");
    }

    #[test]
    fn word_spans_point_into_the_text() {
        let mut a = analyzer();
        let text = "Nozdrev’s arrival — 9-10% «мир» 平和";
        for w in words(&mut a, text) {
            assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
        }
        let stems: Vec<String> = words(&mut a, text).into_iter().map(|w| w.stem).collect();
        assert!(stems.contains(&"nozdrev".to_string()));
        assert!(stems.contains(&"мир".to_string()));
    }
}
