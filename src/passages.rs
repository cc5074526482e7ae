//! Passages: the unit the index retrieves, kept in memory with their sentences and word ids so an
//! answer never has to fetch stored documents or re-analyze text on the hot path.
//!
//! A passage is a run of consecutive sentences of one article: paragraphs are joined until the
//! passage has enough words to stand on its own (a heading joins the paragraph under it), and an
//! overlong paragraph is cut at sentence boundaries.

use rustc_hash::FxHashMap;
use std::ops::Range;

use crate::corpus::Article;
use crate::import::source;
use crate::text::analyzer::StemCache;
use crate::text::sentences;

/// Passages shorter than this (in words) absorb the next paragraph.
const MIN_PASSAGE_WORDS: usize = 40;
/// Passages are cut at the next sentence boundary past this many words.
const MAX_PASSAGE_WORDS: usize = 220;

/// Interned word stems: ids are dense, so per-passage statistics are plain vectors.
#[derive(Debug, Default)]
pub struct Vocabulary {
    ids: FxHashMap<String, u32>,
}

impl Vocabulary {
    pub fn id(&self, stem: &str) -> Option<u32> {
        self.ids.get(stem).copied()
    }

    fn intern(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(stem.to_string(), id);
        id
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }
}

/// One sentence: its byte range in the article text and its content word ids, in text order.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub range: Range<usize>,
    pub terms: Range<u32>,
    /// A line without a closing stop: a heading or a caption, never part of an excerpt.
    pub heading: bool,
    /// Part of an agency's dateline ("TOKYO, February 14. /TASS/."): it says where and when,
    /// not what, so it may open an excerpt but never make one alone, nor sum up an article.
    pub dateline: bool,
}

impl Sentence {
    /// Whether the sentence states something, so it can sum up its article (a digest's or a
    /// timeline's key sentence): neither a heading nor a dateline.
    pub fn states_something(&self) -> bool {
        !self.heading && !self.dateline
    }
}

/// One passage: its article, its byte range in the article text, and its sentences.
#[derive(Debug, Clone)]
pub struct Passage {
    pub article: u32,
    pub range: Range<usize>,
    pub sentences: Range<u32>,
}

/// Every passage of the corpus with the statistics the answer engine scores with.
#[derive(Debug, Default)]
pub struct PassageStore {
    pub passages: Vec<Passage>,
    pub sentences: Vec<Sentence>,
    term_pool: Vec<u32>,
    pub vocabulary: Vocabulary,
    /// In how many passages each word id occurs.
    pub passage_freq: Vec<u32>,
    /// Content word ids of each article's title (sorted, unique).
    pub title_terms: Vec<Vec<u32>>,
    /// Total bytes of article text, for throughput figures.
    pub text_bytes: usize,
}

impl PassageStore {
    pub fn build(articles: &[Article]) -> PassageStore {
        let mut stems = StemCache::default();
        let mut store = PassageStore::default();
        for (index, article) in articles.iter().enumerate() {
            store.add_article(&mut stems, index as u32, article);
        }
        store.passage_freq.resize(store.vocabulary.len(), 0);
        store
    }

    pub fn sentence_terms(&self, sentence: &Sentence) -> &[u32] {
        &self.term_pool[sentence.terms.start as usize..sentence.terms.end as usize]
    }

    pub fn sentences_of(&self, passage: &Passage) -> &[Sentence] {
        &self.sentences[passage.sentences.start as usize..passage.sentences.end as usize]
    }

    /// How many passages mention a word; 0 for words the corpus never uses.
    pub fn frequency(&self, stem: &str) -> u32 {
        self.vocabulary
            .id(stem)
            .and_then(|id| self.passage_freq.get(id as usize).copied())
            .unwrap_or(0)
    }

    fn add_article(&mut self, stems: &mut StemCache, index: u32, article: &Article) {
        self.text_bytes += article.text.len();
        let mut title = Vec::new();
        let vocabulary = &mut self.vocabulary;
        stems.content_ids(&article.meta.title, &mut |s| vocabulary.intern(s), |id| {
            title.push(id)
        });
        title.sort_unstable();
        title.dedup();
        self.title_terms.push(title);

        let mut passage_start: Option<usize> = None;
        let mut words_in_passage = 0;
        let mut previous_end = 0;
        let mut dateline_end = 0;
        for span in sentences::split(&article.text) {
            let starts_paragraph =
                previous_end == 0 || article.text[previous_end..span.start].contains('\n');
            if starts_paragraph {
                dateline_end = source::dateline(&article.text[span.start..])
                    .map_or(0, |d| span.start + d.evidence.len());
            }
            if let Some(start) = passage_start {
                let closes = (starts_paragraph && words_in_passage >= MIN_PASSAGE_WORDS)
                    || words_in_passage >= MAX_PASSAGE_WORDS;
                if closes {
                    self.close_passage(index, start);
                    passage_start = None;
                    words_in_passage = 0;
                }
            }
            passage_start.get_or_insert(self.sentences.len());
            words_in_passage += self.add_sentence(stems, &article.text, span.clone());
            if span.end <= dateline_end {
                if let Some(sentence) = self.sentences.last_mut() {
                    sentence.dateline = true;
                }
            }
            previous_end = span.end;
        }
        if let Some(start) = passage_start {
            self.close_passage(index, start);
        }
    }

    /// Adds one sentence; returns its word count.
    fn add_sentence(&mut self, stems: &mut StemCache, text: &str, range: Range<usize>) -> usize {
        let sentence_text = &text[range.clone()];
        let mut terms = Vec::new();
        let vocabulary = &mut self.vocabulary;
        let words = stems.content_ids(sentence_text, &mut |s| vocabulary.intern(s), |id| {
            terms.push(id)
        });
        let start = self.term_pool.len() as u32;
        self.term_pool.extend_from_slice(&terms);
        let heading = !sentence_text
            .trim_end()
            .ends_with(['.', '!', '?', '…', '"', '”', '’', '\'', ')', ']', ':', ';']);
        self.sentences.push(Sentence {
            range,
            terms: start..self.term_pool.len() as u32,
            heading,
            dateline: false,
        });
        words
    }

    fn close_passage(&mut self, article: u32, first_sentence: usize) {
        let sentences = &self.sentences[first_sentence..];
        let range = sentences[0].range.start..sentences[sentences.len() - 1].range.end;
        let mut seen: Vec<u32> = sentences
            .iter()
            .flat_map(|s| &self.term_pool[s.terms.start as usize..s.terms.end as usize])
            .copied()
            .collect();
        seen.sort_unstable();
        seen.dedup();
        if self.passage_freq.len() < self.vocabulary.len() {
            self.passage_freq.resize(self.vocabulary.len(), 0);
        }
        for id in seen {
            self.passage_freq[id as usize] += 1;
        }
        self.passages.push(Passage {
            article,
            range,
            sentences: first_sentence as u32..self.sentences.len() as u32,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article::new("a", "Talks on the peace treaty", text)
    }

    fn sentence_of(words: usize, word: &str) -> String {
        let mut s = vec![word; words].join(" ");
        s.push('.');
        s
    }

    #[test]
    fn short_paragraphs_and_headings_join_the_next_paragraph() {
        let long = sentence_of(45, "treaty");
        let text = format!("A heading here\n\nShort one.\n\n{long}\n\n{long}");
        let store = PassageStore::build(&[article(&text)]);
        assert_eq!(store.passages.len(), 2);
        let first = &store.passages[0];
        let a = &article(&text);
        assert!(a.text[first.range.clone()].starts_with("A heading here"));
        assert!(store.sentences_of(first)[0].heading);
        assert!(!store.sentences_of(first)[1].heading);
    }

    #[test]
    fn an_agency_dateline_is_marked() {
        let long = sentence_of(45, "treaty");
        let text = format!(
            "TOKYO, February 14. /TASS/. Talks on the {long}\n\nMOSCOW, March 2. Talks resumed."
        );
        let a = article(&text);
        let store = PassageStore::build(std::slice::from_ref(&a));
        let flags: Vec<(&str, bool)> = store
            .sentences
            .iter()
            .map(|s| (&a.text[s.range.clone()], s.dateline))
            .collect();
        assert_eq!(flags[0], ("TOKYO, February 14.", true));
        assert_eq!(flags[1], ("/TASS/.", true));
        assert!(!flags[2].1);
        // Without an agency, a place and a date open an ordinary sentence.
        assert!(flags
            .iter()
            .all(|(text, dateline)| !text.starts_with("MOSCOW") || !dateline));
    }

    #[test]
    fn overlong_paragraphs_are_cut_at_sentences() {
        let text = (0..30)
            .map(|_| sentence_of(20, "Sanctions"))
            .collect::<Vec<_>>()
            .join(" ");
        let store = PassageStore::build(&[article(&text)]);
        assert!(store.passages.len() >= 2);
        for p in &store.passages {
            assert!(store.sentences_of(p).len() <= 12);
        }
    }

    #[test]
    fn statistics_count_passages_and_skip_stopwords() {
        let long = sentence_of(45, "treaty");
        let text = format!("{long}\n\nThe islands and the treaty. {long}");
        let store = PassageStore::build(&[article(&text)]);
        assert_eq!(store.frequency("treati"), 2);
        assert_eq!(store.frequency("island"), 1);
        assert_eq!(store.frequency("the"), 0);
        assert_eq!(store.frequency("unknown"), 0);
        assert_eq!(store.title_terms[0].len(), 3);
    }
}
