//! `nichiro follow`: one pass over the feeds (`--once`) or a pass every `feed_poll_minutes`,
//! each summarised as text or as one JSON object.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use nichiro::web::{follow_once, Fetcher, FollowOptions, FollowSummary};
use nichiro::Config;

use super::{emit, EXIT_USAGE};

pub fn run(config: &Config, once: bool, feeds: &[String], json: bool) -> anyhow::Result<ExitCode> {
    let options = FollowOptions::from_config(config, feeds);
    if options.feeds.is_empty() {
        eprintln!("error: no feeds to follow: add [[feeds]] tables to the configuration or pass --feed URL");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let fetcher = Fetcher::new(options.limits());
        loop {
            let summary = follow_once(&fetcher, &options).await?;
            if json {
                emit(&format!("{}\n", serde_json::to_string(&summary)?))?;
            } else {
                emit(&text(&summary))?;
            }
            if once {
                let none_read = summary.feeds_read == 0;
                return Ok(ExitCode::from(if none_read { 1 } else { 0 }));
            }
            let minutes = options.follow.feed_poll_minutes.max(1);
            tokio::time::sleep(Duration::from_secs(minutes * 60)).await;
        }
    })
}

fn text(s: &FollowSummary) -> String {
    let mut out = format!(
        "feeds read: {} of {}; items: {} ({} seen before); imported: {}; skipped: {}\n",
        s.feeds_read,
        s.feeds_read + s.feeds_failed.len(),
        s.items_seen,
        s.already_seen,
        s.imported.len(),
        s.skipped.len()
    );
    for f in &s.feeds_failed {
        out.push_str(&format!("feed failed: {}: {}\n", f.url, f.reason));
    }
    for note in &s.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for i in &s.imported {
        out.push_str(&format!(
            "imported {}: {} ({}, {})\n",
            i.id,
            i.title,
            i.source.as_deref().unwrap_or("source unknown"),
            i.date.as_deref().unwrap_or("undated")
        ));
    }
    for k in &s.skipped {
        out.push_str(&format!("skipped {}: {}\n", k.url, k.reason));
    }
    out
}
