//! What one import found: the clean article plus the evidence behind its date and source and
//! every line that was left out, so a curator can check the importer's work at a glance.

use std::collections::BTreeMap;
use std::fmt;

use crate::corpus::Article;
use crate::date::PartialDate;

/// The result of importing one raw file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// The clean article, ready for `write_into`. Its date is set only from a date with a year.
    pub article: Article,
    pub date: DateFinding,
    pub source: Option<SourceFinding>,
    /// Every non-blank line of the raw text that is not in the article, in file order (the
    /// title line excepted).
    pub dropped: Vec<DroppedLine>,
}

/// What the raw text says about the article's date.
#[derive(Debug, Clone, PartialEq)]
pub enum DateFinding {
    /// A date with a year, as precise as the page gives it.
    Dated {
        date: PartialDate,
        evidence: String,
    },
    /// A month and day without a year: the year is never guessed, so the curator must set it.
    NoYear {
        month: u32,
        day: u32,
        evidence: String,
    },
    NotFound,
}

/// Who published the article, and the text that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFinding {
    pub name: String,
    pub kind: SourceKind,
    pub evidence: String,
}

/// How the source was found, strongest evidence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    /// An explicit tag or line: "[Source: TASS]", "Source: Kyodo".
    Attribution,
    /// A news-agency dateline: "TOKYO, February 14. /TASS/.", "MOSCOW (Reuters) -".
    Dateline,
    /// The page's publisher or site name (JSON-LD publisher, `og:site_name`), or its host.
    SiteName,
    /// The text credits an outlet: "told RIA Novosti", "in an interview with TASS".
    Mention,
}

/// A raw line that is not in the article, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedLine {
    pub line: String,
    pub reason: DropReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DropReason {
    /// Menu entries and share links: "• Live", "• facebook".
    Navigation,
    /// "News > Russia".
    Breadcrumb,
    /// Lines without words: "-", "* * *".
    Separator,
    /// "By Nikolai Petrov": the author credit.
    Byline,
    /// Photo captions and credits, and bullets repeating a caption.
    PhotoCaption,
    /// The article's date line, parsed into the date.
    DateLine,
    /// A line that only names the source ("Source: TASS"), parsed into the source.
    SourceLine,
    /// The title printed again below itself.
    RepeatedTitle,
    /// Another article's headline dropped into the body by the page layout.
    UnrelatedHeadline,
    /// "Read more on the site →", "See also: ...".
    ReadMore,
    /// Advertising labels and calls to subscribe or follow.
    Promotion,
    /// The comment form: "Leave a Reply", "Required fields are marked *".
    CommentForm,
    /// Markup left at the very end of the text: `”}{`.
    StrayCharacters,
    /// "© 2025 Some Media. All rights reserved." (its owner, when a known outlet, is the source).
    Copyright,
}

impl DropReason {
    pub fn label(self) -> &'static str {
        match self {
            DropReason::Navigation => "navigation",
            DropReason::Breadcrumb => "breadcrumb",
            DropReason::Separator => "separator",
            DropReason::Byline => "byline",
            DropReason::PhotoCaption => "photo caption",
            DropReason::DateLine => "date line",
            DropReason::SourceLine => "source line",
            DropReason::RepeatedTitle => "repeated title",
            DropReason::UnrelatedHeadline => "unrelated headline",
            DropReason::ReadMore => "read-more link",
            DropReason::Promotion => "promotion",
            DropReason::CommentForm => "comment form",
            DropReason::StrayCharacters => "stray characters",
            DropReason::Copyright => "copyright notice",
        }
    }
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl SourceKind {
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Attribution => "attribution",
            SourceKind::Dateline => "dateline",
            SourceKind::SiteName => "site name",
            SourceKind::Mention => "mention",
        }
    }
}

/// "February 14".
pub(crate) fn month_day(month: u32, day: u32) -> String {
    let name = crate::date::MONTH_NAMES
        .get(month as usize - 1)
        .copied()
        .unwrap_or("?");
    format!("{name} {day}")
}

/// Evidence cut to a summary line's width; the report keeps it whole.
fn shorten(text: &str) -> String {
    const MAX_CHARS: usize = 100;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl ImportReport {
    /// How many lines were dropped for each reason, in a fixed order.
    pub fn dropped_counts(&self) -> BTreeMap<DropReason, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.dropped {
            *counts.entry(d.reason).or_insert(0) += 1;
        }
        counts
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "title:   {}", self.article.meta.title)?;
        match &self.date {
            DateFinding::Dated { date, evidence } => writeln!(
                f,
                "date:    {date} ({} precision), from {evidence:?}",
                date.precision()
            )?,
            DateFinding::NoYear {
                month,
                day,
                evidence,
            } => writeln!(
                f,
                "date:    no year: saw {} in {evidence:?}; set the date by hand",
                month_day(*month, *day)
            )?,
            DateFinding::NotFound => writeln!(f, "date:    no date found")?,
        }
        match &self.source {
            Some(s) => writeln!(
                f,
                "source:  {} ({}: {:?})",
                s.name,
                s.kind.label(),
                shorten(&s.evidence)
            )?,
            None => writeln!(f, "source:  none found")?,
        }
        let counts = self.dropped_counts();
        if counts.is_empty() {
            write!(f, "dropped: nothing")
        } else {
            let groups: Vec<String> = counts
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            let n = self.dropped.len();
            let lines = if n == 1 { "line" } else { "lines" };
            write!(f, "dropped: {n} {lines} ({})", groups.join(", "))
        }
    }
}
