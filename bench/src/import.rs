//! Web import speed: `pages` generated wire-service pages, served by a local HTTP server on
//! 127.0.0.1 and listed in one JSON Feed, imported in one `follow` pass (fetch, extract,
//! relevance, duplicate check, write) into a fresh corpus directory.
//!
//! The server answers from memory at once, so what is timed is nichiro's own work plus
//! loopback HTTP, not a network's waits.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use nichiro::{follow_once, Config, FeedConfig, Fetcher, FollowOptions};
use serde::Serialize;

/// The page every generated page is cut from: the wire-service fixture of the web tests.
const TEMPLATE: &str = include_str!("../../tests/data/web/wire-tass.html");
const TEMPLATE_TITLE: &str = "Russia open to dialogue with Japan on peace treaty, ambassador says";
const TEMPLATE_PATH: &str = "/politics/1913541";

/// Words the generated paragraphs are drawn from: on topic, so every page passes relevance.
const WORDS: &[&str] = &[
    "envoy",
    "ministry",
    "fisheries",
    "quota",
    "delegation",
    "summit",
    "treaty",
    "islands",
    "sanctions",
    "trade",
    "energy",
    "pipeline",
    "visit",
    "statement",
    "protest",
    "drills",
    "coast",
    "guard",
    "vessel",
    "talks",
    "minister",
    "parliament",
    "budget",
    "embassy",
];

/// The import figures, flattened into the report's JSON.
#[derive(Debug, Clone, Serialize)]
pub struct ImportFigures {
    pub import_pages: usize,
    pub import_s: f64,
    pub import_pages_per_s: f64,
}

/// Serves `pages` pages and imports them into `work_dir/import-corpus` (emptied first).
pub fn measure(pages: usize, work_dir: &Path) -> Result<ImportFigures> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the import benchmark's runtime")?;
    runtime.block_on(async {
        let base = serve(pages).await?;
        let dir = work_dir.join("import");
        crate::store::remove_dir(&dir)?;
        let mut config = Config::default();
        config.engine.corpus_dir = dir.join("corpus");
        config.engine.index_dir = dir.join("index");
        config.follow.state_path = dir.join("follow.json");
        config.follow.max_items_per_feed = pages;
        config.feeds = vec![FeedConfig {
            url: format!("{base}/feed.json"),
            name: None,
        }];
        let options = FollowOptions::from_config(&config, &[]);
        let started = Instant::now();
        let summary = follow_once(&Fetcher::new(options.limits()), &options).await?;
        let import_s = started.elapsed().as_secs_f64();
        if summary.imported.len() != pages {
            return Err(anyhow!(
                "imported {} of {pages} pages; first skip: {:?}",
                summary.imported.len(),
                summary.skipped.first()
            ));
        }
        crate::store::remove_dir(&dir)?;
        Ok(ImportFigures {
            import_pages: pages,
            import_s,
            import_pages_per_s: pages as f64 / import_s.max(1e-9),
        })
    })
}

/// Starts the page server on the current runtime; returns its base url.
async fn serve(pages: usize) -> Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let app = Router::new()
        .route("/feed.json", get(feed))
        .route("/page/{n}", get(page))
        .with_state(Arc::new((base.clone(), pages)));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(base)
}

async fn feed(State(site): State<Arc<(String, usize)>>) -> Response {
    let (base, pages) = &*site;
    let items: Vec<String> = (0..*pages)
        .map(|n| format!(r#"{{"id":"bench-{n}","url":"{base}/page/{n}","title":"Story {n}"}}"#))
        .collect();
    let json = format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Bench","items":[{}]}}"#,
        items.join(",")
    );
    ([(header::CONTENT_TYPE, "application/feed+json")], json).into_response()
}

async fn page(UrlPath(n): UrlPath<usize>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page_html(n),
    )
        .into_response()
}

/// A wire-service page whose text differs from every other page (so none is a
/// near-duplicate), in the wire fixture's layout.
fn page_html(n: usize) -> String {
    let mut state = n as u64 * 2_654_435_761 + 1;
    let mut word = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        WORDS[(state % WORDS.len() as u64) as usize]
    };
    let paragraphs: String = (0..6)
        .map(|_| {
            let sentence: Vec<&str> = (0..40).map(|_| word()).collect();
            format!("<p>Russia and Japan {}.</p>\n", sentence.join(" "))
        })
        .collect();
    let page = TEMPLATE
        .replace(
            TEMPLATE_TITLE,
            &format!("Bench story number {n} on Russia and Japan"),
        )
        .replace(TEMPLATE_PATH, &format!("/page/{n}"));
    let start = page
        .find("<p>TOKYO")
        .expect("the wire fixture has a dateline paragraph");
    let end = page
        .find("<div class=\"tags\">")
        .expect("the wire fixture has tags");
    format!(
        "{}<div class=\"text-content\">{paragraphs}</div></article>{}",
        &page[..start],
        &page[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_differ_and_keep_the_wire_layout() {
        let (a, b) = (page_html(1), page_html(2));
        assert_ne!(a, b);
        assert!(a.contains("Bench story number 1 on Russia and Japan"));
        assert!(!a.contains(TEMPLATE_TITLE));
    }

    #[test]
    fn a_small_import_is_timed_and_every_page_lands() {
        let work = tempfile::tempdir().unwrap();
        let figures = measure(20, work.path()).unwrap();
        assert_eq!(figures.import_pages, 20);
        assert!(figures.import_pages_per_s > 0.0);
        assert!(
            !work.path().join("import").exists(),
            "the work corpus is removed"
        );
    }
}
