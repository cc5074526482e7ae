//! Choosing the excerpt: the one to three consecutive sentences of a passage that cover the most
//! of the question, weighted by how informative each part of the question is.

use crate::passages::{Passage, PassageStore};
use crate::query::AnalyzedQuestion;

/// Longest excerpt, in sentences.
pub const MAX_EXCERPT_SENTENCES: usize = 3;
/// A concept found only in the article's title counts for this share.
const TITLE_MATCH_SHARE: f32 = 0.5;
/// Each extra sentence must earn its place: ties go to the shorter excerpt.
const EXTRA_SENTENCE_COST: f32 = 0.03;

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
                let in_window = |id: u32| {
                    window
                        .iter()
                        .any(|s| store.sentence_terms(s).binary_search(&id).is_ok())
                };
                if found(&in_window) {
                    covered += concept.weight;
                } else if found(&|id| title.binary_search(&id).is_ok()) {
                    covered += concept.weight * TITLE_MATCH_SHARE;
                }
            }
            let coverage = covered / total;
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
