//! Choosing the excerpt: the one to three consecutive sentences of a passage that cover the most
//! of the question, weighted by how informative each part of the question is.

use crate::passages::{Passage, PassageStore, Sentence};
use crate::query::AnalyzedQuestion;

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

/// The best excerpt of a passage: sentence indexes (into the store) and its coverage in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Excerpt {
    pub first_sentence: usize,
    pub sentences: usize,
    pub coverage: f32,
}

/// Finds the best excerpt of `passage` for `question`, if the passage has a sentence at all.
pub fn best_excerpt(
    store: &PassageStore,
    passage: &Passage,
    question: &AnalyzedQuestion,
) -> Option<Excerpt> {
    let total = question.total_weight();
    if total <= 0.0 {
        return None;
    }
    let title = &store.title_terms[passage.article as usize];
    let first = passage.sentences.start as usize;
    let sentences = store.sentences_of(passage);
    let mut best: Option<(f32, Excerpt)> = None;
    for start in 0..sentences.len() {
        if sentences[start].heading {
            continue;
        }
        for len in 1..=MAX_EXCERPT_SENTENCES.min(sentences.len() - start) {
            let window = &sentences[start..start + len];
            if window.iter().any(|s| s.heading) {
                break;
            }
            let mut covered = 0.0;
            for concept in &question.concepts {
                let found = |within: &dyn Fn(u32) -> bool| {
                    concept
                        .alternative_ids
                        .iter()
                        .flatten()
                        .any(|ids| ids.iter().all(|&id| within(id)))
                };
                let in_window =
                    |id: u32| window.iter().any(|s| store.sentence_terms(s).contains(&id));
                if found(&in_window) {
                    covered += concept.weight;
                } else if found(&|id| title.binary_search(&id).is_ok()) {
                    covered += concept.weight * TITLE_MATCH_SHARE;
                }
            }
            let coverage = covered / total + WORD_ORDER_BONUS * word_order(store, window, question);
            let rank = coverage - EXTRA_SENTENCE_COST * (len - 1) as f32;
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

/// Share of the question's neighbouring concept pairs that some sentence of the window says in
/// the same order, close together.
fn word_order(store: &PassageStore, window: &[Sentence], question: &AnalyzedQuestion) -> f32 {
    let concepts = &question.concepts;
    if concepts.len() < 2 {
        return 0.0;
    }
    let ids = |i: usize| concepts[i].alternative_ids.iter().flatten().flatten();
    let in_order = |first: usize, second: usize| {
        window.iter().any(|sentence| {
            let terms = store.sentence_terms(sentence);
            terms.iter().enumerate().any(|(at, term)| {
                ids(first).any(|id| id == term)
                    && terms[at + 1..]
                        .iter()
                        .take(WORD_ORDER_SLACK + 1)
                        .any(|next| ids(second).any(|id| id == next))
            })
        })
    };
    let pairs = concepts.len() - 1;
    let matched = (0..pairs).filter(|&i| in_order(i, i + 1)).count();
    matched as f32 / pairs as f32
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
        let excerpt = best_excerpt(&store, passage, &question)?;
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
