//! nichiro answers questions about Russia–Japan relations from a curated corpus of news articles,
//! with cited, dated, verbatim excerpts.
//!
//! # Module map
//!
//! A question flows down this list; each module has one job:
//!
//! - `text`: normalization (NFC), the word analyzer shared by index and questions, sentences.
//! - `corpus`, `date`, `passages`: the article files, their partial dates, paragraph passages.
//! - `import`: raw article text (or a page's extracted text) into a corpus file.
//! - `query`: a question into weighted words, alias groups, a date hint and a kind.
//! - `index`: the tantivy index of passages, its directory and its lock.
//! - `embed`, `semantic`: sentence embeddings (e5), their cache, fusion and answerability.
//! - `select`: the 1–3 sentence excerpt of a passage that answers the question.
//! - `engine`: the one entry point, [`Engine`]: ask, search, timeline, sources.
//! - `answer`, `lang`, `error`: what the engine returns, in which language, or why not;
//!   `framing`: the words the adapters put around excerpts in that language.
//! - `eval`: hit@1 / answer@3 / abstention figures on labelled question sets.
//! - adapters over the engine: [`web`] (page and feed import) and [`discord`] (the bot); the
//!   command line is the binary (`src/cli`). The core above never imports serenity or HTTP.
//!
//! What the binary, the tests and the benchmark need is re-exported below; everything else is
//! private, so the compiler reports what nothing uses.

mod answer;
mod config;
mod corpus;
mod date;
mod embed;
mod engine;
mod error;
mod eval;
mod framing;
mod import;
mod index;
mod lang;
mod passages;
mod query;
mod select;
mod semantic;
mod text;

pub mod discord;
pub mod web;

pub use answer::{Answer, ArticleSummary, AskOptions, Citation, PassageHit, TimelineEntry};
pub use config::{Config, EngineConfig, FeedConfig, SearchMode};
pub use corpus::{corpus_files, Article, ArticleMeta, Corpus};
pub use date::PartialDate;
pub use embed::model_path;
pub use engine::Engine;
pub use error::{Error, QuestionError};
pub use eval::{evaluate, load_cases};
pub use framing::ABSTAIN_MESSAGE;
pub use import::{import_text, write_into, DateFinding, ImportReport, SourceKind};
pub use lang::{AbstainReason, Lang};
pub use semantic::cache_path as vectors_path;
pub use text::analyzer::{analyzer as text_analyzer, ANALYZER_NAME};
pub use text::sentences::split as split_sentences;
pub use web::{follow_once, Fetcher, FollowOptions};
