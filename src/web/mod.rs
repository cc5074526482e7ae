//! Following the news on the web: fetching pages and feeds over HTTP, extracting the article
//! from a page's HTML, and the `follow` pass that imports each new feed item once.
//!
//! This layer sits beside the core: the corpus, index and engine never see HTTP. Extraction
//! from an HTML string (`extract`) is pure, so it is tested without a network; everything that
//! touches the network goes through `fetch`, which enforces the size, time and address limits.

mod charset;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod follow;
mod furniture;
mod meta;
pub mod relevance;
mod resolve;
pub mod simhash;
pub mod state;
pub mod urls;

use std::path::Path;

pub use fetch::{FetchFailure, FetchLimits, Fetcher, Trust};
pub use follow::{follow_once, FollowOptions, FollowSummary};

use crate::import::ImportReport;

/// Failures of web import and following, each naming what failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("{url}: {reason}")]
    Fetch { url: String, reason: FetchFailure },
    #[error("{url}: not a readable feed: {reason}")]
    Feed { url: String, reason: String },
    #[error(transparent)]
    Core(#[from] crate::Error),
}

/// Whether `arg` names a web page rather than a file.
pub fn is_web_url(arg: &str) -> bool {
    let lower = arg.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Imports one `nichiro import` argument: an http(s) URL (fetched, trusted as the operator
/// named it), a saved HTML page (recognised by its content), or a raw text file.
pub fn import_any(arg: &Path, limits: &FetchLimits) -> Result<ImportReport, WebError> {
    if let Some(url) = arg.to_str().filter(|s| is_web_url(s)) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|source| crate::Error::Io {
                path: arg.to_path_buf(),
                source,
            })?;
        return runtime.block_on(async {
            let fetcher = Fetcher::new(limits.clone());
            fetcher.import_page(url.trim(), &Trust::Operator).await
        });
    }
    let bytes = std::fs::read(arg).map_err(|source| crate::Error::Io {
        path: arg.to_path_buf(),
        source,
    })?;
    if !extract::looks_like_html(&bytes) {
        return Ok(crate::import::import_file(arg)?);
    }
    let origin = arg.file_name().map_or_else(
        || arg.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let html = charset::decode(&bytes, None).map_err(|reason| crate::Error::Import {
        path: arg.to_path_buf(),
        reason,
    })?;
    Ok(extract::extract(&html, None, &origin)?)
}
