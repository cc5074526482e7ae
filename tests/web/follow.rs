//! Following feeds: imports, skips with reasons, duplicates, a second pass importing nothing,
//! the new stories answerable, and the `nichiro follow` command's contract.

use std::path::Path;

use nichiro::web::{follow_once, Fetcher, FollowOptions, FollowSummary};
use nichiro::FeedConfig;
use nichiro::{AskOptions, Config, Engine};

use super::server::{self, Server};

pub fn options(dir: &Path, feeds: &[String]) -> FollowOptions {
    let mut config = Config::default();
    config.engine.corpus_dir = dir.join("corpus");
    config.engine.index_dir = dir.join("index");
    config.engine.aliases = dir.join("no-aliases.toml");
    config.follow.state_path = dir.join(".nichiro/follow.json");
    config.follow.fetch_timeout_seconds = 3;
    config.feeds = feeds
        .iter()
        .map(|url| FeedConfig {
            url: url.clone(),
            name: None,
        })
        .collect();
    FollowOptions::from_config(&config, &[])
}

fn feeds(server: &Server) -> Vec<String> {
    ["rss-wire.xml", "atom-daily.xml", "feed.json"]
        .iter()
        .map(|f| format!("{}/{f}", server.base))
        .collect()
}

fn reason<'a>(summary: &'a FollowSummary, url_part: &str) -> &'a str {
    summary
        .skipped
        .iter()
        .find(|p| p.url.contains(url_part))
        .map(|p| p.reason.as_str())
        .unwrap_or_else(|| panic!("no skip for {url_part}: {summary:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_pass_imports_the_relevant_stories_once_and_says_why_it_skipped_the_rest() {
    let server = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let options = options(dir.path(), &feeds(&server));
    let fetcher = Fetcher::new(options.limits());
    let summary = follow_once(&fetcher, &options).await.unwrap();

    assert_eq!(summary.feeds_read, 3, "{summary:#?}");
    assert_eq!(summary.items_seen, 12);
    let mut titles: Vec<&str> = summary.imported.iter().map(|i| i.title.as_str()).collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Japan-Russia Foreign Ministers' Telephone Talk",
            "Kremlin and Tokyo trade accusations over drills",
            "Russia open to dialogue with Japan on peace treaty, ambassador says",
            "Tokyo weighs new sanctions as Moscow warns of response",
        ],
        "{summary:#?}"
    );
    let wire = summary
        .imported
        .iter()
        .find(|i| i.title.starts_with("Russia open"))
        .unwrap();
    assert_eq!(
        (wire.date.as_deref(), wire.source.as_deref()),
        (Some("2025-02-14"), Some("TASS"))
    );
    assert_eq!(wire.url, format!("{}/politics/1913541", server.base));

    assert!(reason(&summary, "offtopic-sport").starts_with("off-topic"));
    assert!(reason(&summary, "aggregator-copy").contains("near-identical text"));
    assert!(reason(&summary, "utm_campaign").starts_with("duplicate"));
    assert!(reason(&summary, "gone.html").contains("HTTP 404"));
    assert!(reason(&summary, "file:///etc/passwd").contains("file://"));
    assert!(reason(&summary, "169.254.169.254").contains("private or loopback"));
    assert!(reason(&summary, "localhost").contains("private or loopback"));
    assert!(summary.skipped.iter().any(|p| p
        .reason
        .contains("\"Editor's note: corrections policy\" links to no page")));
    assert_eq!(summary.skipped.len(), 8, "{summary:#?}");

    let files: Vec<_> = std::fs::read_dir(dir.path().join("corpus"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 4);
    assert!(dir.path().join(".nichiro/follow.json").is_file());

    let again = follow_once(&fetcher, &options).await.unwrap();
    assert!(again.imported.is_empty(), "{again:#?}");
    assert!(again.skipped.is_empty(), "{again:#?}");
    assert_eq!(again.already_seen, 12);

    // The new stories are answerable, with their dates.
    let mut config = Config::default();
    config.engine.corpus_dir = dir.path().join("corpus");
    config.engine.index_dir = dir.path().join("index");
    config.engine.aliases = dir.path().join("no-aliases.toml");
    let engine = Engine::open(&config.engine).unwrap();
    let answer = engine
        .ask(
            "What did Nozdrev say about the peace treaty?",
            &AskOptions::default(),
        )
        .unwrap();
    let top = answer.citations.first().expect("an answer");
    assert_eq!(
        top.title,
        "Russia open to dialogue with Japan on peace treaty, ambassador says"
    );
    assert_eq!(
        top.date.map(|d| d.to_string()).as_deref(),
        Some("2025-02-14")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_that_cannot_be_read_is_reported_and_the_others_still_run() {
    let server = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let feeds = vec![
        format!("{}/no-such-feed.xml", server.base),
        format!("{}/wire-tass.html", server.base),
        format!("{}/atom-daily.xml", server.base),
    ];
    let options = options(dir.path(), &feeds);
    let summary = follow_once(&Fetcher::new(options.limits()), &options)
        .await
        .unwrap();
    assert_eq!(summary.feeds_read, 1);
    assert_eq!(summary.feeds_failed.len(), 2);
    assert!(summary.feeds_failed[0].reason.contains("HTTP 404"));
    assert!(summary.feeds_failed[1]
        .reason
        .contains("not a readable feed"));
    assert_eq!(summary.imported.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_corpus_file_is_never_overwritten() {
    let server = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let mine = corpus.join("tokyo-weighs-new-sanctions-as-moscow-warns-of-response.md");
    let hand = "+++\ntitle = \"Tokyo weighs new sanctions as Moscow warns of response\"\n+++\n\nA curator's own summary of a different story about a budget.\n";
    std::fs::write(&mine, hand).unwrap();
    let options = options(dir.path(), &[format!("{}/atom-daily.xml", server.base)]);
    let summary = follow_once(&Fetcher::new(options.limits()), &options)
        .await
        .unwrap();
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), hand);
    let ids: Vec<&str> = summary.imported.iter().map(|i| i.id.as_str()).collect();
    assert!(
        ids.contains(&"tokyo-weighs-new-sanctions-as-moscow-warns-of-response-2"),
        "{ids:?}"
    );
}

/// Runs the binary in `dir` off the async threads, so the fixture server keeps serving.
async fn nichiro(dir: &Path, args: &[&str]) -> std::process::Output {
    let dir = dir.to_path_buf();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"))
            .current_dir(dir)
            .env_remove("NICHIRO_CORPUS")
            .env_remove("NICHIRO_FOLLOW_STATE")
            .args(args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_follow_command_prints_one_json_summary_and_exits_by_the_contract() {
    let server = server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let feed = format!("{}/feed.json", server.base);
    let out = nichiro(dir.path(), &["follow", "--once", "--json", "--feed", &feed]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["feeds_read"], 1);
    assert_eq!(json["imported"].as_array().unwrap().len(), 2, "{json}");
    assert!(
        dir.path().join("corpus").is_dir() && dir.path().join(".nichiro/follow.json").is_file()
    );

    let dead = format!("{}/no-such-feed.xml", server.base);
    let out = nichiro(dir.path(), &["follow", "--once", "--feed", &dead]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("HTTP 404"),
        "{out:?}"
    );

    let page = format!("{}/daily-wordpress.html", server.base);
    let out = nichiro(dir.path(), &["import", &page]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("The Tokyo Ledger"));
}
