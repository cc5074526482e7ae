//! The answer engine: the one public entry point every adapter (CLI, Discord, bench) uses.
//!
//! `Engine::open` loads the corpus, opens the index (rebuilding it when it is missing, stale or
//! corrupt) and keeps passage text in memory; the query methods are then read-only and `Sync`.

use crate::answer::{Answer, ArticleSummary, AskOptions, PassageHit, TimelineEntry};
use crate::config::EngineConfig;
use crate::corpus::SkippedFile;
use crate::date::PartialDate;
use crate::error::{Error, QuestionError};

/// A loaded corpus with its index, ready to answer.
pub struct Engine {
    _private: (),
}

impl Engine {
    /// Loads the corpus of `config` and opens (or builds) its index.
    pub fn open(config: &EngineConfig) -> Result<Engine, Error> {
        let _ = config;
        todo!("engine: open")
    }

    /// Answers `question` with up to `options.k` cited excerpts, or abstains.
    pub fn ask(&self, question: &str, options: &AskOptions) -> Result<Answer, QuestionError> {
        let _ = (question, options);
        todo!("engine: ask")
    }

    /// Ranked passages matching `query`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<PassageHit>, QuestionError> {
        let _ = (query, limit);
        todo!("engine: search")
    }

    /// Every article, newest first; undated articles last.
    pub fn sources(&self) -> Vec<ArticleSummary> {
        todo!("engine: sources")
    }

    /// The dated articles on `topic` (all dated articles without one), oldest first.
    pub fn timeline(&self, topic: Option<&str>) -> Result<Vec<TimelineEntry>, QuestionError> {
        let _ = topic;
        todo!("engine: timeline")
    }

    /// The date of the newest dated article.
    pub fn newest_date(&self) -> Option<PartialDate> {
        todo!("engine: newest_date")
    }

    /// Corpus files that failed to load.
    pub fn skipped(&self) -> &[SkippedFile] {
        todo!("engine: skipped")
    }

    /// Whether the corpus directory changed since this engine loaded it (cheap: file names,
    /// sizes and modification times).
    pub fn is_stale(&self) -> bool {
        todo!("engine: is_stale")
    }
}
