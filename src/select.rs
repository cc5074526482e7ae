//! Choosing the excerpt: the one to three consecutive sentences of a passage that cover the most
//! of the question, weighted by how informative each part of the question is.

use fixedbitset::FixedBitSet;

use crate::passages::{Passage, PassageStore};
use crate::query::{AnalyzedQuestion, Concept};

/// Longest excerpt, in sentences.
pub const MAX_EXCERPT_SENTENCES: usize = 3;
/// A concept found only in the article's title counts for this share.
const TITLE_MATCH_SHARE: f32 = 0.5;
/// Each extra sentence must earn its place: ties go to the shorter excerpt.
const EXTRA_SENTENCE_COST: f32 = 0.03;
/// Bonus for an excerpt that says the question's neighbouring words in the question's order
/// ("Russia's ambassador to Japan" is not "Japan's envoy to Russia"), at most this much.
const WORD_ORDER_BONUS: f32 = 0.25;
/// How many content words may stand between two neighbouring question words.
const WORD_ORDER_SLACK: usize = 3;
/// When the words of a window say nothing of the question (a Japanese or Russian question
/// over English text), a second sentence close in meaning adds this share of its bonus: the
/// model finds the right neighbourhood more surely than the right sentence across languages,
/// and the answer is often the neighbour of the closest sentence.
const NEIGHBOUR_MEANING_SHARE: f32 = 0.5;

/// The best excerpt of a passage: sentence indexes (into the store) and its coverage in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Excerpt {
    pub first_sentence: usize,
    pub sentences: usize,
    pub coverage: f32,
}

/// Picks excerpts for one question. The question's content words are numbered once, so that
/// what a sentence says about the question is a small bit set computed once per sentence,
/// rather than rescanned for every window.
pub struct ExcerptPicker<'q> {
    question: &'q AnalyzedQuestion,
    /// Distinct word ids of every way of saying every concept, sorted.
    ids: Vec<u32>,
    /// For each word of `ids`, the concepts it belongs to.
    concepts_of: Vec<FixedBitSet>,
    /// For each concept, the words each of its known ways needs.
    ways: Vec<Vec<FixedBitSet>>,
    total_weight: f32,
}

/// What one sentence says: which question words, and which neighbouring concept pairs in order.
struct SentenceMatch {
    words: FixedBitSet,
    pairs_in_order: FixedBitSet,
}

impl<'q> ExcerptPicker<'q> {
    pub fn new(question: &'q AnalyzedQuestion) -> Self {
        let known_ways = |concept: &'q Concept| concept.alternative_ids.iter().flatten();
        let mut ids: Vec<u32> = question
            .concepts
            .iter()
            .flat_map(|c| known_ways(c).flatten().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut concepts_of = vec![FixedBitSet::with_capacity(question.concepts.len()); ids.len()];
        let mut ways = Vec::with_capacity(question.concepts.len());
        for (index, concept) in question.concepts.iter().enumerate() {
            let mut concept_ways = Vec::new();
            for way in known_ways(concept) {
                let mut words = FixedBitSet::with_capacity(ids.len());
                for id in way {
                    let word = ids.binary_search(id).expect("every way's word is numbered");
                    words.insert(word);
                    concepts_of[word].insert(index);
                }
                concept_ways.push(words);
            }
            ways.push(concept_ways);
        }
        ExcerptPicker {
            question,
            ids,
            concepts_of,
            ways,
            total_weight: question.total_weight(),
        }
    }

    /// The best excerpt of `passage`, if it has a sentence that is not a heading.
    pub fn best_excerpt(&self, store: &PassageStore, passage: &Passage) -> Option<Excerpt> {
        self.best_excerpt_with(store, passage, &[])
    }

    /// Like [`Self::best_excerpt`], with a bonus for each sentence of the passage (what the words
    /// cannot see: closeness in meaning, the kind of answer asked for); a window counts its
    /// best sentence's bonus. With bonuses, a question with no word the corpus knows (in
    /// another language) still gets an excerpt.
    pub fn best_excerpt_with(
        &self,
        store: &PassageStore,
        passage: &Passage,
        bonus: &[f32],
    ) -> Option<Excerpt> {
        if self.total_weight <= 0.0 && bonus.is_empty() {
            return None;
        }
        let title = self.words_in(&store.title_terms[passage.article as usize]);
        let first = passage.sentences.start as usize;
        let sentences = store.sentences_of(passage);
        let matches: Vec<SentenceMatch> = sentences
            .iter()
            .map(|s| self.sentence_match(store.sentence_terms(s)))
            .collect();
        let pairs = self.question.concepts.len().saturating_sub(1);
        let mut best: Option<(f32, Excerpt)> = None;
        for start in 0..sentences.len() {
            if sentences[start].heading {
                continue;
            }
            let mut words = FixedBitSet::with_capacity(self.ids.len());
            let mut pairs_in_order = FixedBitSet::with_capacity(pairs);
            let mut window_bonus = f32::MIN;
            let mut second_bonus = f32::MIN;
            for len in 1..=MAX_EXCERPT_SENTENCES.min(sentences.len() - start) {
                let end = start + len - 1;
                if sentences[end].heading {
                    break;
                }
                words.union_with(&matches[end].words);
                pairs_in_order.union_with(&matches[end].pairs_in_order);
                let mut covered = 0.0;
                for (concept, ways) in self.question.concepts.iter().zip(&self.ways) {
                    if ways.iter().any(|way| words.is_superset(way)) {
                        covered += concept.weight;
                    } else if ways.iter().any(|way| title.is_superset(way)) {
                        covered += concept.weight * TITLE_MATCH_SHARE;
                    }
                }
                let word_order = if pairs == 0 {
                    0.0
                } else {
                    pairs_in_order.count_ones(..) as f32 / pairs as f32
                };
                let coverage = if self.total_weight > 0.0 {
                    covered / self.total_weight + WORD_ORDER_BONUS * word_order
                } else {
                    0.0
                };
                if let Some(&b) = bonus.get(end) {
                    second_bonus = second_bonus.max(b.min(window_bonus));
                    window_bonus = window_bonus.max(b);
                }
                let extra = if bonus.is_empty() {
                    0.0
                } else if covered <= 0.0 && second_bonus > 0.0 {
                    window_bonus + NEIGHBOUR_MEANING_SHARE * second_bonus
                } else {
                    window_bonus
                };
                // A dateline may open an excerpt, but alone it answers nothing.
                if sentences[start..=end].iter().all(|s| s.dateline) {
                    continue;
                }
                let rank = coverage + extra - EXTRA_SENTENCE_COST * (len - 1) as f32;
                if best.is_none_or(|(r, _)| rank > r) {
                    best = Some((
                        rank,
                        Excerpt {
                            first_sentence: first + start,
                            sentences: len,
                            coverage,
                        },
                    ));
                }
            }
        }
        best.map(|(_, excerpt)| excerpt)
    }

    /// Which question words `terms` contains.
    fn words_in(&self, terms: &[u32]) -> FixedBitSet {
        let mut words = FixedBitSet::with_capacity(self.ids.len());
        for term in terms {
            if let Ok(word) = self.ids.binary_search(term) {
                words.insert(word);
            }
        }
        words
    }

    /// The question words a sentence says, and the neighbouring concept pairs (first and
    /// second, third and fourth...) it says in the question's order, close together.
    fn sentence_match(&self, terms: &[u32]) -> SentenceMatch {
        let concepts = self.question.concepts.len();
        let mut words = FixedBitSet::with_capacity(self.ids.len());
        let mut pairs_in_order = FixedBitSet::with_capacity(concepts.saturating_sub(1));
        let word_at: Vec<Option<usize>> = terms
            .iter()
            .map(|term| self.ids.binary_search(term).ok())
            .collect();
        for (at, word) in word_at.iter().enumerate() {
            let Some(word) = *word else { continue };
            words.insert(word);
            for concept in self.concepts_of[word].ones() {
                if concept + 1 == concepts || pairs_in_order.contains(concept) {
                    continue;
                }
                let close_after = word_at[at + 1..].iter().take(WORD_ORDER_SLACK + 1);
                if close_after
                    .flatten()
                    .any(|&next| self.concepts_of[next].contains(concept + 1))
                {
                    pairs_in_order.insert(concept);
                }
            }
        }
        SentenceMatch {
            words,
            pairs_in_order,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;
    use crate::query::{AliasTable, QuestionAnalyzer};
    use crate::text::analyzer;

    fn excerpt_for(text: &str, question: &str) -> Option<String> {
        let article = Article::new("a", "Unrelated heading words", text);
        let store = PassageStore::build(std::slice::from_ref(&article));
        let question = QuestionAnalyzer::new(AliasTable::default()).analyze(
            &mut analyzer::analyzer(),
            &store,
            question,
        );
        let passage = &store.passages[0];
        let excerpt = ExcerptPicker::new(&question).best_excerpt(&store, passage)?;
        let first = &store.sentences[excerpt.first_sentence];
        let last = &store.sentences[excerpt.first_sentence + excerpt.sentences - 1];
        Some(article.text[first.range.start..last.range.end].to_string())
    }

    #[test]
    fn picks_the_sentence_that_answers_not_the_first() {
        let text = "The weather was mild in Tokyo. Talks went on all day. \
                    The envoy landed at Haneda airport on Sunday. Reporters waited outside.";
        assert_eq!(
            excerpt_for(text, "Which airport did the envoy land at?").unwrap(),
            "The envoy landed at Haneda airport on Sunday."
        );
    }

    #[test]
    fn joins_neighbouring_sentences_when_they_complete_the_answer() {
        let text = "Nozdrev spoke on Monday. He said the treaty talks had stopped. \
                    Fishing was not mentioned. Nor was trade.";
        let excerpt = excerpt_for(text, "What did Nozdrev say about treaty talks?").unwrap();
        assert_eq!(
            excerpt,
            "Nozdrev spoke on Monday. He said the treaty talks had stopped."
        );
    }

    #[test]
    fn word_order_tells_whose_ambassador() {
        let text = "Japan named Kozuki ambassador to Russia in 2016. \
                    Later, Russia appointed Nozdrev ambassador to Japan.";
        assert_eq!(
            excerpt_for(text, "Who is Russia's ambassador to Japan?").unwrap(),
            "Later, Russia appointed Nozdrev ambassador to Japan."
        );
        assert_eq!(
            excerpt_for(text, "Who is Japan's ambassador to Russia?").unwrap(),
            "Japan named Kozuki ambassador to Russia in 2016."
        );
    }

    #[test]
    fn never_cites_a_heading_or_more_than_three_sentences() {
        let text = "Haneda airport arrival\nOne. Two. Three. Four about Haneda airport arrival.";
        let excerpt = excerpt_for(text, "Haneda airport arrival").unwrap();
        assert_eq!(excerpt, "Four about Haneda airport arrival.");
    }
}
