//! The hybrid answer path: candidates from both the word ranking and the meaning ranking,
//! excerpts chosen by words, meaning and the kind of answer asked for, the two rankings fused,
//! and the best candidate weighed for answerability before anything is cited.

use std::collections::HashSet;

use super::{Candidate, Engine, COVERAGE_SHARE, EXTRA_CANDIDATES};
use crate::date::PartialDate;
use crate::error::QuestionError;
use crate::lang::{AbstainReason, Lang};
use crate::query::AnalyzedQuestion;
use crate::select::ExcerptPicker;
use crate::semantic::answerable::{judge, Evidence};
use crate::semantic::direction::{self, Direction};
use crate::semantic::fusion::{CosineScale, Signals, DEFAULT_FUSION};
use crate::semantic::kind::AnswerKind;
use crate::semantic::Semantic;

/// Passages taken from the meaning ranking, beyond those the words retrieve.
const DENSE_CANDIDATES: usize = 20;
/// Weight of a sentence's closeness in meaning when choosing the excerpt.
const SENTENCE_MEANING_SHARE: f32 = 0.3;
/// Bonus for a sentence that holds the kind of answer asked for (a figure, a date...).
const ANSWER_KIND_BONUS: f32 = 0.25;
/// Added to a passage whose excerpt holds the kind of answer asked for: among passages about
/// the question, the one with the figure answers "how many".
const ANSWER_KIND_SCORE: f32 = 0.1;
/// Added to a sentence that states the envoy direction the question asks about; taken from a
/// sentence, and its passage, that states only the opposite one.
const DIRECTION_BONUS: f32 = 0.15;
const DIRECTION_PENALTY: f32 = 0.3;
/// How far below the best a candidate may score and still be listed for "latest" questions.
const RECENT_MARGIN: f32 = 0.25;
/// Weight of the excerpt's own closeness in meaning in the passage's final score.
const EXCERPT_MEANING_SHARE: f32 = 0.2;

/// What the hybrid path decided for one question.
pub(super) struct HybridOutcome {
    pub candidates: Vec<Candidate>,
    pub abstain: Option<AbstainReason>,
}

/// One scored candidate and what answerability needs to know about its excerpt.
struct Scored {
    candidate: Candidate,
    /// Cosine of the question with the excerpt's closest sentence.
    sentence_cosine: f32,
    /// The excerpt holds the kind of answer asked for.
    kind_found: bool,
}

impl Engine {
    /// Candidates by words and meaning, or `None` when the question could not be embedded
    /// (the caller then answers by words alone); an error when the index is damaged.
    pub(super) fn hybrid_candidates(
        &self,
        semantic: &Semantic,
        text: &str,
        question: &AnalyzedQuestion,
        lang: Lang,
        range: (Option<PartialDate>, Option<PartialDate>),
        wanted: usize,
    ) -> Result<Option<HybridOutcome>, QuestionError> {
        let query = match semantic.embed_query(text) {
            Ok(query) => query,
            Err(err) => {
                tracing::warn!(%err, "question not embedded; answering by words");
                return Ok(None);
            }
        };
        let cosines = semantic.passage_scores(&query);
        let scale = CosineScale::of(&cosines);
        let (since, until) = range;
        let mut by_meaning: Vec<usize> = (0..cosines.len())
            .filter(|&p| self.in_range(p, since, until))
            .collect();
        by_meaning.sort_by(|&a, &b| cosines[b].total_cmp(&cosines[a]));
        let words = if question.names_a_known_topic() {
            self.retrieve(question, since, until, wanted + EXTRA_CANDIDATES)?
        } else {
            Vec::new()
        };
        let top_bm25 = words.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
        let mut pool: Vec<usize> = by_meaning.iter().take(DENSE_CANDIDATES).copied().collect();
        pool.extend(words.iter().map(|&(_, p)| p));
        let mut seen = HashSet::new();
        pool.retain(|p| seen.insert(*p));

        let kind = AnswerKind::of_question(text);
        // Whose envoy matters when the question asks who holds the post; "what did the
        // Russian ambassador say" is answered by what he said, wherever it is stated.
        let asks_who = text.trim_start().to_lowercase().starts_with("who");
        let asked: Option<Direction> = (lang == Lang::En && asks_who)
            .then(|| direction::of_question(text))
            .flatten();
        let picker = ExcerptPicker::new(question);
        let mut scored: Vec<Scored> = pool
            .into_iter()
            .filter_map(|passage| {
                let p = &self.store.passages[passage];
                let article_text = &self.article_of(passage).text;
                let first = p.sentences.start as usize;
                let sentences = self.store.sentences_of(p);
                // A dateline is short and says nothing, so it sits close to any question.
                let meaning: Vec<f32> = (first..p.sentences.end as usize)
                    .map(|s| {
                        if self.store.sentences[s].dateline {
                            -1.0
                        } else {
                            semantic.sentence_score(&query, s)
                        }
                    })
                    .collect();
                let fits: Vec<bool> = sentences
                    .iter()
                    .map(|s| kind.found_in(&article_text[s.range.clone()], text))
                    .collect();
                let stance: Vec<f32> = sentences
                    .iter()
                    .map(|s| {
                        let sentence = &article_text[s.range.clone()];
                        if direction::agrees(asked, sentence) {
                            DIRECTION_BONUS
                        } else if direction::contradicts(asked, sentence) {
                            -DIRECTION_PENALTY
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let bonus: Vec<f32> = (0..sentences.len())
                    .map(|i| {
                        SENTENCE_MEANING_SHARE * scale.rescale(meaning[i]).clamp(-1.0, 1.5)
                            + if fits[i] { ANSWER_KIND_BONUS } else { 0.0 }
                            + stance[i]
                    })
                    .collect();
                let excerpt = picker.best_excerpt_with(&self.store, p, &bonus)?;
                let window = excerpt.first_sentence - first
                    ..excerpt.first_sentence - first + excerpt.sentences;
                let excerpt_meaning = meaning[window.clone()]
                    .iter()
                    .copied()
                    .fold(f32::MIN, f32::max);
                let kind_found = fits[window.clone()].iter().any(|&f| f);
                // Only a contradiction moves the passage: agreeing is what any passage naming
                // the right envoy does, and must not outweigh what the question asks of it.
                let stance = if stance[window.clone()].iter().all(|&s| s <= 0.0)
                    && stance[window].iter().any(|&s| s < 0.0)
                {
                    -DIRECTION_PENALTY
                } else {
                    0.0
                };
                let bm25 = words
                    .iter()
                    .find(|&&(_, q)| q == passage)
                    .map_or(0.0, |&(score, _)| score / top_bm25);
                let signals = Signals {
                    dense: scale.rescale(cosines[passage]),
                    word: COVERAGE_SHARE * excerpt.coverage + (1.0 - COVERAGE_SHARE) * bm25,
                };
                let score = DEFAULT_FUSION.score(&signals)
                    + EXCERPT_MEANING_SHARE * scale.rescale(excerpt_meaning)
                    + if kind_found { ANSWER_KIND_SCORE } else { 0.0 }
                    + stance;
                Some(Scored {
                    candidate: Candidate {
                        passage,
                        excerpt,
                        score,
                    },
                    sentence_cosine: excerpt_meaning,
                    kind_found,
                })
            })
            .collect();
        scored.sort_by(|a, b| b.candidate.score.total_cmp(&a.candidate.score));
        if question.wants_recent {
            // The caller lists "latest" answers newest first: only among good ones, or a
            // passing mention in a newer article would outrank the answer.
            let floor = scored.first().map_or(0.0, |s| s.candidate.score) - RECENT_MARGIN;
            scored.retain(|s| s.candidate.score >= floor);
        }
        let mut texts = HashSet::new();
        scored.retain(|s| texts.insert(self.excerpt_text(&s.candidate).to_string()));

        let abstain = match scored.first() {
            None => Some(AbstainReason::OffTopic),
            Some(best) => {
                let evidence = Evidence {
                    lang,
                    sentence_cosine: best.sentence_cosine,
                    words_known: question.corpus_coverage(),
                    excerpt_coverage: best.candidate.excerpt.coverage,
                    names_known: question.names_a_known_topic(),
                    names_unknown: !question.unknown_names.is_empty(),
                    kind_missing: kind.required() && !best.kind_found,
                };
                tracing::debug!(?evidence, question = text, "answerability");
                judge(&evidence)
            }
        };
        Ok(Some(HybridOutcome {
            candidates: scored.into_iter().map(|s| s.candidate).collect(),
            abstain,
        }))
    }

    /// Whether a passage's article may fall in the date range (undated ones only without one).
    fn in_range(
        &self,
        passage: usize,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> bool {
        if since.is_none() && until.is_none() {
            return true;
        }
        let Some(date) = self.article_of(passage).meta.date else {
            return false;
        };
        since.is_none_or(|s| date.last_day() >= s.first_day())
            && until.is_none_or(|u| date.first_day() <= u.last_day())
    }
}
