//! Benchmarks of the engine on a synthetic corpus. (Being written; see issue 4.)

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::Error;

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub passages: usize,
    pub queries: Option<PathBuf>,
}

/// The figures of one bench run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub passages: usize,
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "passages: {}", self.passages)
    }
}

/// Builds a synthetic corpus and index and measures them.
pub fn run(options: &BenchOptions) -> Result<BenchReport, Error> {
    let _ = options;
    unimplemented!()
}
