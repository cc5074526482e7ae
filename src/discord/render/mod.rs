//! Rendering: engine results and bot notes turned into [`Reply`](super::reply::Reply) values.
//!
//! Pure functions of their inputs (no Discord, no engine), so each view is unit-tested for its
//! content and for Discord's limits. Everything taken from articles or users is escaped for
//! Markdown before it is placed in a message.
//!
//! - `answer`: an answer, its abstention sentence, and a citation's full passage;
//! - `lists`: the paged `/search`, `/timeline` and `/sources` views;
//! - `digest`: what subscriptions post (one article, or a digest of a burst) and say;
//! - `notes`: `/help` and the short notes (rate limit, apology, expired button, bad input).
//!
//! This module holds what the views share: the corpus footer and how an article is cited.

mod answer;
mod digest;
mod lists;
mod notes;

pub use answer::{abstention, answer, full_passage, AnswerView};
pub use digest::{news_posts, not_a_channel_manager, subscribed, unsubscribed, DIGEST_AFTER};
pub use lists::{page_of, passages, sources, timeline, SEARCH_PAGE, SOURCES_PAGE, TIMELINE_PAGE};
pub use notes::{
    apology, bad_date, clicking_fast, empty_question, expired, help, rate_limited, unknown_command,
};

use crate::date::PartialDate;

use super::fit::{escape_markdown, fit};

/// How big and how recent the corpus is, for footers.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusInfo {
    pub articles: usize,
    pub newest: Option<PartialDate>,
}

impl CorpusInfo {
    /// "Corpus: 42 articles, newest 14 February 2026".
    pub fn footer(&self) -> String {
        let articles = match self.articles {
            1 => "1 article".to_string(),
            n => format!("{n} articles"),
        };
        match self.newest {
            Some(date) => format!("Corpus: {articles}, newest {}", date.human()),
            None => format!("Corpus: {articles}, none dated"),
        }
    }
}

/// An article's title (a link when it has a usable url), source and date.
fn article_line(
    title: &str,
    url: Option<&str>,
    source: Option<&str>,
    date: Option<PartialDate>,
) -> String {
    let title = fit(&escape_markdown(&one_line(title)), 200);
    let mut line = match url.and_then(safe_url) {
        Some(url) => format!("[{title}]({url})"),
        None => format!("**{title}**"),
    };
    if let Some(source) = source.filter(|s| !s.trim().is_empty()) {
        line.push_str(" · ");
        line.push_str(&fit(&escape_markdown(&one_line(source)), 80));
    }
    line.push_str(" · ");
    line.push_str(&date.map_or_else(|| "undated".to_string(), |d| d.human()));
    line
}

/// A url fit for a Markdown link: http(s), no whitespace, parentheses encoded, not absurdly long.
fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() <= 512
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| url.replace('(', "%28").replace(')', "%29"))
}

/// Text on one line: newlines and runs of whitespace become single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The corpus every view's tests put in their footers.
    pub(super) fn corpus() -> CorpusInfo {
        CorpusInfo {
            articles: 42,
            newest: Some("2026-02-14".parse().unwrap()),
        }
    }

    #[test]
    fn corpus_footer_counts_one_article_and_no_dates() {
        assert_eq!(
            CorpusInfo {
                articles: 1,
                newest: None
            }
            .footer(),
            "Corpus: 1 article, none dated"
        );
    }
}
