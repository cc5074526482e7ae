//! Rendering: engine results and bot notes turned into [`Reply`](super::reply::Reply) values.
//!
//! Pure functions of their inputs (no Discord, no engine), so each view is unit-tested for its
//! content and for Discord's limits. Everything taken from articles or users is escaped for
//! Markdown before it is placed in a message.
//!
//! - `answer`: an answer, its abstention sentence, and a citation's full passage;
//! - `lists`: the paged `/search`, `/timeline` and `/sources` views;
//! - `digest`: what subscriptions post (one article, or a digest of a burst) and say;
//! - `notes`: `/help` and the notes that quote what the person typed.
//!
//! This module holds what the views share: the corpus footer and how an article is cited.

mod answer;
mod digest;
mod lists;
mod notes;

pub use answer::{answer, full_passage, AnswerView};
pub use digest::{news_posts, not_a_channel_manager, subscribed, unsubscribed};
pub use lists::{passages, sources, timeline, PageView};
pub use notes::{bad_date, help, unknown_command};

use crate::date::PartialDate;
use crate::lang::Lang;

use crate::discord::fit::{escape_markdown, fit};
use crate::discord::locale;

/// How big and how recent the corpus is, for footers.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusInfo {
    pub articles: usize,
    pub newest: Option<PartialDate>,
}

impl CorpusInfo {
    /// "Corpus: 42 articles, newest 14 February 2026", in `lang`.
    pub fn footer(&self, lang: Lang) -> String {
        locale::corpus_footer(lang, self.articles, self.newest)
    }
}

/// An article's title (a link when it has a usable url), source and date ("undated" in
/// `lang` when unknown).
fn article_line(
    lang: Lang,
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
    line.push_str(&locale::date_or_undated(lang, date));
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
            .footer(Lang::En),
            "Corpus: 1 article, none dated"
        );
    }
}
