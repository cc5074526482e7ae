//! Hostile pages and feeds: each gets a clear reason, never a crash or a hang.

use std::time::{Duration, Instant};

use nichiro::web::{follow_once, FetchFailure, FetchLimits, Fetcher, Trust, WebError};

use super::server;

fn limits() -> FetchLimits {
    FetchLimits {
        max_bytes: 2 << 20,
        timeout: Duration::from_secs(2),
        ..FetchLimits::default()
    }
}

async fn failure(url: &str, trust: &Trust) -> FetchFailure {
    match Fetcher::new(limits()).import_page(url, trust).await {
        Err(WebError::Fetch { reason, .. }) => reason,
        other => panic!("{url}: expected a fetch failure, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_endless_looping_and_miscoded_pages_are_refused_with_reasons() {
    let s = server::start().await;
    let op = Trust::Operator;
    assert_eq!(
        failure(&format!("{}/huge.html", s.base), &op).await,
        FetchFailure::TooLarge { limit: 2 << 20 }
    );
    assert_eq!(
        failure(&format!("{}/huge-chunked.html", s.base), &op).await,
        FetchFailure::TooLarge { limit: 2 << 20 }
    );
    let started = Instant::now();
    assert!(matches!(
        failure(&format!("{}/endless.html", s.base), &op).await,
        FetchFailure::TimedOut(2)
    ));
    assert!(started.elapsed() < Duration::from_secs(5));
    let looped = failure(&format!("{}/loop-a", s.base), &op).await;
    assert!(
        matches!(&looped, FetchFailure::Redirect(r) if r.contains("redirect loop")),
        "{looped:?}"
    );
    let coded = failure(&format!("{}/wrong-charset.html", s.base), &op).await;
    assert!(
        coded.to_string().contains("not in the charset it declares"),
        "{coded}"
    );
    assert!(matches!(
        failure("file:///etc/passwd", &op).await,
        FetchFailure::Scheme(_)
    ));
    assert!(matches!(
        failure("not a url", &op).await,
        FetchFailure::BadUrl(_)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_items_may_not_reach_private_addresses_but_may_stay_on_their_feeds_host() {
    let s = server::start().await;
    let item = Trust::Restricted {
        hosts: vec!["news.example".into()],
    };
    for url in [
        format!("http://127.0.0.1:{}/wire-tass.html", s.port),
        format!("http://localhost:{}/wire-tass.html", s.port),
        "http://10.0.0.1/".to_string(),
        "http://[::1]/".to_string(),
    ] {
        assert!(
            matches!(failure(&url, &item).await, FetchFailure::PrivateAddress(_)),
            "{url}"
        );
    }
    let same_host = Trust::Restricted {
        hosts: vec!["127.0.0.1".into()],
    };
    let ok = Fetcher::new(limits())
        .import_page(&format!("{}/wire-tass.html", s.base), &same_host)
        .await;
    assert!(ok.is_ok(), "{ok:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_of_ten_thousand_items_is_cut_with_a_note() {
    let s = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut options = super::follow::options(dir.path(), &[format!("{}/big-feed.xml", s.base)]);
    options.follow.max_items_per_feed = 20;
    let started = Instant::now();
    let summary = follow_once(&Fetcher::new(options.limits()), &options)
        .await
        .unwrap();
    assert_eq!(summary.items_seen, 20);
    assert_eq!(summary.skipped.len(), 20);
    assert!(
        summary.notes[0].contains("lists 10000 items; read the first 20"),
        "{:?}",
        summary.notes
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}
