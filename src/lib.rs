//! nichiro answers questions about Russia–Japan relations from a curated corpus of news articles,
//! with cited, dated, verbatim excerpts.
//!
//! The core (`corpus`, `index`, `engine`) knows nothing of Discord; the CLI and the Discord bot
//! are thin adapters over [`Engine`].

pub mod answer;
pub mod bench;
pub mod config;
pub mod corpus;
pub mod date;
pub mod discord;
pub mod embed;
pub mod engine;
pub mod error;
pub mod eval;
pub mod import;
pub mod index;
pub mod lang;
pub mod passages;
pub mod query;
pub mod select;
pub mod semantic;
pub mod text;
pub mod web;

pub use answer::{Answer, ArticleSummary, AskOptions, Citation, PassageHit, TimelineEntry};
pub use config::Config;
pub use date::PartialDate;
pub use engine::Engine;
pub use error::{Error, QuestionError};
