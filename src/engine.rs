//! The answer engine: the one public entry point every adapter (CLI, Discord, bench) uses.
//!
//! `Engine::open` loads the corpus, builds the in-memory passages, and opens the index
//! (rebuilding it when it is missing, stale or corrupt); the query methods are then read-only,
//! and the engine is `Send + Sync`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::SystemTime;

use chrono::Datelike;

use tantivy::collector::TopDocs;
use tantivy::tokenizer::TextAnalyzer;

mod browse;
mod hybrid;
mod load;
mod news;

use crate::answer::{Answer, AskOptions, Citation};
use crate::config::EngineConfig;
use crate::corpus::{Article, Corpus, SkippedFile};
use crate::date::PartialDate;
use crate::embed::Embedder;
use crate::error::{Error, QuestionError};
use crate::index::{contain_panics, PassageIndex, Rebuild};
use crate::lang::{AbstainReason, Lang};
use crate::passages::PassageStore;
use crate::query::{retrieval_passes, AnalyzedQuestion, QuestionAnalyzer};
use crate::select::{Excerpt, ExcerptPicker};
use crate::semantic::Semantic;

/// Below this share of its weight known to the corpus, a question is off-topic.
const MIN_CORPUS_COVERAGE: f32 = 0.5;
/// An excerpt must cover at least this share of the question to be cited.
const MIN_EXCERPT_COVERAGE: f32 = 0.2;
/// How much the excerpt's coverage of the question counts against the passage's BM25 rank.
const COVERAGE_SHARE: f32 = 0.8;
/// Passages retrieved beyond those shown, to choose excerpts from.
const EXTRA_CANDIDATES: usize = 7;
/// Added to the score of a passage of a year the question names.
const YEAR_BONUS: f32 = 0.15;
/// The most passages one search returns, whatever a caller asks for.
pub const MAX_SEARCH_HITS: usize = 1000;

/// A loaded corpus with its index, ready to answer.
pub struct Engine {
    corpus: Corpus,
    store: PassageStore,
    index: PassageIndex,
    questions: QuestionAnalyzer,
    analyzer: TextAnalyzer,
    max_question_chars: usize,
    corpus_dir: PathBuf,
    file_stamps: Vec<FileStamp>,
    /// Passage and sentence vectors, when the hybrid engine runs.
    semantic: Option<Semantic>,
    /// A search failed: the index on disk is damaged and the next load must rebuild it.
    damaged: std::sync::atomic::AtomicBool,
}

type FileStamp = (PathBuf, u64, Option<SystemTime>);

/// A passage chosen to answer, with its excerpt and final score.
struct Candidate {
    passage: usize,
    excerpt: Excerpt,
    score: f32,
}

impl Engine {
    /// Loads the corpus of `config` and opens (or builds) its index.
    pub fn open(config: &EngineConfig) -> Result<Engine, Error> {
        Self::open_with(config, Rebuild::IfNeeded)
    }

    /// Loads the corpus of `config` and builds its index anew, whatever is on disk.
    pub fn rebuild(config: &EngineConfig) -> Result<Engine, Error> {
        Self::open_with(config, Rebuild::Always)
    }

    /// Answers `question` with up to `options.k` cited excerpts, or abstains; the framing
    /// words are in the question's language (by its script).
    pub fn ask(&self, question: &str, options: &AskOptions) -> Result<Answer, QuestionError> {
        self.ask_as(question, options, Lang::of_text(question))
    }

    /// Whether answers use meaning as well as words (the model is loaded).
    pub fn is_hybrid(&self) -> bool {
        self.semantic.is_some()
    }

    /// How many passages and sentences this open had to embed (0 when all were cached).
    pub fn embedded_on_open(&self) -> usize {
        self.semantic.as_ref().map_or(0, |s| s.embedded)
    }

    /// The embedding model, when loaded (for benchmarks).
    pub fn embedder(&self) -> Option<&Embedder> {
        self.semantic.as_ref().map(Semantic::embedder)
    }

    /// Like [`Self::ask`], with the framing words in `lang` (a Discord locale, `--lang`). The
    /// question is still judged in its own language: answerability limits are per language,
    /// and an English question from a Japanese client is an English question.
    pub fn ask_as(
        &self,
        question: &str,
        options: &AskOptions,
        lang: Lang,
    ) -> Result<Answer, QuestionError> {
        let text = self.validate(question)?;
        check_range(options.since, options.until)?;
        let analyzed = self.analyze(text);
        let wanted = options.offset + options.k;
        let range = (options.since, options.until);
        let (mut candidates, mut reason) =
            self.answer_candidates(text, &analyzed, range, wanted)?;
        if reason.is_some() && (options.since.is_some() || options.until.is_some()) {
            // Say "not in that date range" only when the whole corpus would have answered.
            let (_, unbounded) = self.answer_candidates(text, &analyzed, (None, None), wanted)?;
            if unbounded.is_none() {
                reason = Some(AbstainReason::DateRange);
            }
        }
        if reason.is_some() {
            candidates.clear();
        }
        if analyzed.wants_recent {
            // Newest first; undated last; relevance breaks ties.
            candidates.sort_by(|a, b| {
                let date = |c: &Candidate| self.article_of(c.passage).meta.date;
                date(b).cmp(&date(a)).then(b.score.total_cmp(&a.score))
            });
        }
        let abstained = candidates.is_empty();
        let reason = abstained.then(|| reason.unwrap_or(AbstainReason::NotCovered));
        let has_more = candidates.len() > wanted;
        let citations = candidates
            .into_iter()
            .enumerate()
            .skip(options.offset)
            .take(options.k)
            .map(|(position, c)| self.citation(position + 1, &c))
            .collect();
        Ok(Answer {
            question: text.to_string(),
            abstain_reason: reason,
            lang,
            citations,
            has_more,
        })
    }

    /// The date of the newest dated article.
    pub fn newest_date(&self) -> Option<PartialDate> {
        self.corpus
            .articles
            .iter()
            .filter_map(|a| a.meta.date)
            .max()
    }

    /// How many articles and passages are loaded.
    pub fn size(&self) -> (usize, usize) {
        (self.corpus.articles.len(), self.store.passages.len())
    }

    /// Corpus files that failed to load.
    pub fn skipped(&self) -> &[SkippedFile] {
        &self.corpus.skipped
    }

    /// Whether this open had to build the index, and how long that took.
    pub fn index_build_time(&self) -> Option<std::time::Duration> {
        self.index.built_in
    }

    /// Whether the corpus directory changed since this engine loaded it (cheap: file names,
    /// sizes and modification times). A directory that cannot be read is not reported as a
    /// change: reloading from it would fail, and this engine can still answer.
    pub fn is_stale(&self) -> bool {
        self.is_damaged()
            || load::file_stamps(&self.corpus_dir).is_ok_and(|now| now != self.file_stamps)
    }

    /// Whether a search found the index damaged; the next load should use [`Engine::rebuild`].
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn validate<'q>(&self, question: &'q str) -> Result<&'q str, QuestionError> {
        let text = question.trim();
        if text.is_empty() {
            return Err(QuestionError::Empty);
        }
        let chars = text.chars().count();
        if chars > self.max_question_chars {
            return Err(QuestionError::TooLong {
                chars,
                max: self.max_question_chars,
            });
        }
        Ok(text)
    }

    fn analyze(&self, text: &str) -> AnalyzedQuestion {
        let text = crate::text::normalize::nfc(text);
        self.questions
            .analyze(&mut self.analyzer.clone(), &self.store, &text)
    }

    /// BM25-ranked passage numbers with their scores.
    fn retrieve(
        &self,
        question: &AnalyzedQuestion,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
        limit: usize,
    ) -> Result<Vec<(f32, usize)>, QuestionError> {
        let passes = retrieval_passes(question, &self.store, &self.index.fields, since, until);
        let last = passes.len().saturating_sub(1);
        for (pass, query) in passes.iter().enumerate() {
            let hits = self.top_passages(&**query, limit)?;
            if hits.len() >= limit || pass == last {
                return Ok(hits);
            }
        }
        Ok(Vec::new())
    }

    /// The best `limit` passages for `query`, with their scores. A search that fails or panics
    /// means the index is damaged: that is an error, never an empty result.
    fn top_passages(
        &self,
        query: &dyn tantivy::query::Query,
        limit: usize,
    ) -> Result<Vec<(f32, usize)>, QuestionError> {
        let collector = TopDocs::with_limit(limit.max(1)).order_by_score();
        let searched = contain_panics(|| self.index.searcher().search(query, &collector))
            .and_then(|result| result.map_err(|err| err.to_string()));
        match searched {
            Ok(hits) => Ok(hits
                .into_iter()
                .map(|(score, address)| (score, self.index.passage(address)))
                .collect()),
            Err(reason) => {
                tracing::error!(%reason, "index search failed");
                self.damaged
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                Err(QuestionError::IndexDamaged { reason })
            }
        }
    }

    /// Passages that answer, best first, and why there are none: by words and meaning when the
    /// model is loaded, by words otherwise. Answerability is judged in the question's own
    /// language, whatever language the answer is framed in.
    fn answer_candidates(
        &self,
        text: &str,
        question: &AnalyzedQuestion,
        range: (Option<PartialDate>, Option<PartialDate>),
        wanted: usize,
    ) -> Result<(Vec<Candidate>, Option<AbstainReason>), QuestionError> {
        if let Some(semantic) = &self.semantic {
            let lang = Lang::of_text(text);
            if let Some(outcome) =
                self.hybrid_candidates(semantic, text, question, lang, range, wanted)?
            {
                return Ok((outcome.candidates, outcome.abstain));
            }
        }
        let candidates = self.candidates(question, range.0, range.1, wanted)?;
        let reason = candidates.is_empty().then(|| {
            if self.is_off_topic(question) {
                AbstainReason::OffTopic
            } else {
                AbstainReason::NotCovered
            }
        });
        Ok((candidates, reason))
    }

    fn is_off_topic(&self, question: &AnalyzedQuestion) -> bool {
        !question.names_a_known_topic()
            || !question.unknown_names.is_empty()
            || question.corpus_coverage() < MIN_CORPUS_COVERAGE
    }

    /// Passages that answer, best first, with repeated excerpts removed; empty when the corpus
    /// does not cover the question.
    fn candidates(
        &self,
        question: &AnalyzedQuestion,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
        wanted: usize,
    ) -> Result<Vec<Candidate>, QuestionError> {
        if self.is_off_topic(question) {
            return Ok(Vec::new());
        }
        let hits = self.retrieve(question, since, until, wanted + EXTRA_CANDIDATES)?;
        let top = hits
            .first()
            .map_or(1.0, |(score, _)| score.max(f32::EPSILON));
        let picker = ExcerptPicker::new(question);
        let mut candidates: Vec<Candidate> = hits
            .into_iter()
            .filter_map(|(bm25, passage)| {
                let excerpt = picker.best_excerpt(&self.store, &self.store.passages[passage])?;
                (excerpt.coverage >= MIN_EXCERPT_COVERAGE).then(|| Candidate {
                    passage,
                    excerpt,
                    score: COVERAGE_SHARE * excerpt.coverage
                        + (1.0 - COVERAGE_SHARE) * bm25 / top
                        + self.year_bonus(question, passage),
                })
            })
            .collect();
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut seen = HashSet::new();
        candidates.retain(|c| seen.insert(self.excerpt_text(c).to_string()));
        Ok(candidates)
    }

    /// A passage from an article dated in a year the question names, or that names the year
    /// itself, is preferred.
    fn year_bonus(&self, question: &AnalyzedQuestion, passage: usize) -> f32 {
        let article = self.article_of(passage);
        let text = &article.text[self.store.passages[passage].range.clone()];
        let matches = question.years.iter().any(|&year| {
            article
                .meta
                .date
                .is_some_and(|d| d.first_day().year() <= year && year <= d.last_day().year())
                || text.contains(&year.to_string())
        });
        if matches {
            YEAR_BONUS
        } else {
            0.0
        }
    }

    fn citation(&self, rank: usize, candidate: &Candidate) -> Citation {
        let passage = &self.store.passages[candidate.passage];
        let article = self.article_of(candidate.passage);
        Citation {
            rank,
            article_id: article.id.clone(),
            title: article.meta.title.clone(),
            source: article.meta.source.clone(),
            date: article.meta.date,
            url: article.meta.url.clone(),
            excerpt: self.excerpt_text(candidate).to_string(),
            score: (candidate.score * 1000.0).round() / 1000.0,
            passage: article.text[passage.range.clone()].to_string(),
        }
    }

    fn article_of(&self, passage: usize) -> &Article {
        &self.corpus.articles[self.store.passages[passage].article as usize]
    }

    fn excerpt_range(&self, excerpt: &Excerpt) -> std::ops::Range<usize> {
        let first = &self.store.sentences[excerpt.first_sentence];
        let last = &self.store.sentences[excerpt.first_sentence + excerpt.sentences - 1];
        first.range.start..last.range.end
    }

    fn excerpt_text(&self, candidate: &Candidate) -> &str {
        &self.article_of(candidate.passage).text[self.excerpt_range(&candidate.excerpt)]
    }
}

fn check_range(
    since: Option<PartialDate>,
    until: Option<PartialDate>,
) -> Result<(), QuestionError> {
    match (since, until) {
        (Some(s), Some(u)) if s.first_day() > u.last_day() => Err(QuestionError::EmptyDateRange {
            since: s.to_string(),
            until: u.to_string(),
        }),
        _ => Ok(()),
    }
}
