//! Import speed: 1,000 generated wire-service pages served from 127.0.0.1, imported through one
//! feed in one `follow` pass (fetch, extract, relevance, duplicate check, write).
//! Run with `cargo test --test web -- --ignored --nocapture bench`.

use std::time::Instant;

use nichiro::web::{follow_once, Fetcher};

use super::server::{self, BENCH_PAGES};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark; run explicitly"]
async fn bench_import_of_a_thousand_pages() {
    let s = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut options = super::follow::options(dir.path(), &[format!("{}/bench/feed.json", s.base)]);
    options.follow.max_items_per_feed = BENCH_PAGES;
    let started = Instant::now();
    let summary = follow_once(&Fetcher::new(options.limits()), &options)
        .await
        .unwrap();
    let took = started.elapsed().as_secs_f64();
    assert_eq!(
        summary.imported.len(),
        BENCH_PAGES,
        "{:?}",
        summary.skipped.first()
    );
    let rate = BENCH_PAGES as f64 / took;
    println!("imported {BENCH_PAGES} pages in {took:.2} s: {rate:.0} pages/s");
    assert!(rate >= 100.0, "{rate:.0} pages/s");
}
