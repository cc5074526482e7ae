//! Import of raw scraped articles into clean corpus files. (Being written; see issue 2.)

use std::fmt;
use std::path::{Path, PathBuf};

use crate::corpus::Article;
use crate::error::Error;

/// What the importer found in one raw file.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub article: Article,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.article.meta.title)
    }
}

/// Reads and cleans one raw scraped article.
pub fn import_file(path: &Path) -> Result<ImportReport, Error> {
    Err(Error::Import {
        path: path.to_path_buf(),
        reason: "the importer is not written yet".into(),
    })
}

/// Writes the imported article into `corpus_dir` under a fresh id; returns the file written.
pub fn write_into(corpus_dir: &Path, report: &ImportReport) -> Result<PathBuf, Error> {
    let _ = (corpus_dir, report);
    unimplemented!()
}
