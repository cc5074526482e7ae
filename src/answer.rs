//! What the engine returns: answers with cited, dated, verbatim excerpts, and the other views of
//! the corpus (passages, sources, timeline). Plain data, shared by every adapter.

use serde::Serialize;

use crate::date::PartialDate;
use crate::lang::{AbstainReason, Lang};

/// How to answer a question.
#[derive(Debug, Clone, PartialEq)]
pub struct AskOptions {
    /// How many citations at most.
    pub k: usize,
    /// Skip this many of the best citations (for "more sources").
    pub offset: usize,
    /// Only articles whose date may fall on or after this date.
    pub since: Option<PartialDate>,
    /// Only articles whose date may fall on or before this date.
    pub until: Option<PartialDate>,
}

impl Default for AskOptions {
    fn default() -> Self {
        Self {
            k: 3,
            offset: 0,
            since: None,
            until: None,
        }
    }
}

/// One cited excerpt: one to three consecutive sentences copied verbatim from an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// 1-based position among all citations of the answer (offset included).
    pub rank: usize,
    pub article_id: String,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub excerpt: String,
    pub score: f32,
    /// The whole passage the excerpt comes from, verbatim, for "full passage" views.
    #[serde(skip)]
    pub passage: String,
}

/// The engine's reply to a question: citations, or the reason there are none. The reason is
/// the one record of an abstention; adapters word it ([`Lang::abstention`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub question: String,
    /// Why there is no citation; `None` exactly when there are citations.
    pub abstain_reason: Option<AbstainReason>,
    /// The language of the framing words (the excerpts are always verbatim English).
    pub lang: Lang,
    pub citations: Vec<Citation>,
    /// Whether more citations exist past `offset + k`.
    pub has_more: bool,
}

impl Answer {
    /// Whether the engine abstained (said the articles do not cover the question).
    pub fn abstained(&self) -> bool {
        self.abstain_reason.is_some()
    }
}

/// A passage returned by plain search, ranked by relevance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageHit {
    pub rank: usize,
    pub article_id: String,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<PartialDate>,
    pub text: String,
    pub score: f32,
}

/// One article of the corpus, as listed by `sources`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub article_id: String,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub passages: usize,
}

/// One dated article on a topic, with the sentence that best says what it reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub date: PartialDate,
    pub article_id: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub key_sentence: String,
}

/// A newly imported article, as announced to a subscription: what it is, and the verbatim text
/// that best says what it reports on the subscribed topic (its lead sentence without a topic).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewsItem {
    pub article_id: String,
    pub title: String,
    pub source: Option<String>,
    /// `None` when the article is undated: never guessed.
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    /// One to three consecutive sentences of the article, verbatim; `None` when the article
    /// has no sentence to quote.
    pub key_sentence: Option<String>,
}
