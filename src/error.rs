//! The library's error types: what can go wrong, named so callers can tell users what to do.

use std::path::PathBuf;

/// Failures of the engine's setup and maintenance (corpus, index, configuration, import).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid configuration in {path}: {reason}")]
    Config { path: PathBuf, reason: String },
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    IndexLocation(#[from] crate::index::LocationError),
    #[error("invalid question set {path}{}: {reason}", line_suffix(*.line))]
    EvalSet {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("cannot import {path}: {reason}")]
    Import { path: PathBuf, reason: String },
    /// A bug, not the machine: the task loading the corpus panicked (its message is logged at
    /// debug level by the panic guard, never shown here).
    #[error("loading the corpus from {path} failed unexpectedly (an internal error)")]
    LoadPanicked { path: PathBuf },
}

/// Why a question got no answer: unusable input (each message fit to show to the person who
/// asked), or an index that failed while answering, which callers repair by rebuilding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    #[error("Please ask a question: the question is empty.")]
    Empty,
    #[error("That question is too long ({chars} characters); please keep it to {max} characters or fewer.")]
    TooLong { chars: usize, max: usize },
    #[error("The date range is empty: `since` ({since}) is after `until` ({until}).")]
    EmptyDateRange { since: String, until: String },
    #[error("The search index is damaged ({reason}); it needs a rebuild from the corpus.")]
    IndexDamaged { reason: String },
}

impl QuestionError {
    /// Whether the fault is the asker's input (rather than the index).
    pub fn is_input(&self) -> bool {
        !matches!(self, QuestionError::IndexDamaged { .. })
    }
}

fn line_suffix(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(", line {line}")
    }
}

/// An error and its causes on one line: HTTP clients' own messages for a failed request ("Error
/// while sending HTTP request.") hide the reason, which is in the source chain.
pub fn causes(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.truncate(line.trim_end_matches('.').len());
            line.push_str(": ");
            line.push_str(&text);
        }
        source = cause.source();
    }
    line.replace('\n', " ")
}
