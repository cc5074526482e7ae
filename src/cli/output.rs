//! Human-readable rendering of the engine's results for a terminal.

use std::fmt::Write;

use nichiro::Lang;
use nichiro::{Answer, ArticleSummary, PartialDate, PassageHit, TimelineEntry};

fn date(date: Option<PartialDate>) -> String {
    date_in(Lang::En, date)
}

fn date_in(lang: Lang, date: Option<PartialDate>) -> String {
    date.map_or_else(|| lang.undated().to_string(), |d| d.human())
}

fn source(source: Option<&str>) -> &str {
    source_in(Lang::En, source)
}

fn source_in(lang: Lang, source: Option<&str>) -> &str {
    source.unwrap_or(lang.source_unknown())
}

pub fn answer(answer: &Answer) -> String {
    let mut out = String::new();
    if let Some(reason) = answer.abstain_reason {
        let _ = writeln!(out, "{}", answer.lang.abstention(reason));
        return out;
    }
    if let Some(note) = answer.lang.quoted_in_english() {
        let _ = writeln!(out, "{note}\n");
    }
    for c in &answer.citations {
        let _ = writeln!(out, "[{}] “{}”", c.rank, c.excerpt);
        let _ = writeln!(
            out,
            "    — {}, {}, {}{}\n",
            c.title,
            source_in(answer.lang, c.source.as_deref()),
            date_in(answer.lang, c.date),
            c.url
                .as_deref()
                .map(|u| format!(" <{u}>"))
                .unwrap_or_default()
        );
    }
    out
}

pub fn passages(hits: &[PassageHit]) -> String {
    if hits.is_empty() {
        return "No passage matches.\n".to_string();
    }
    let mut out = String::new();
    for h in hits {
        let _ = writeln!(
            out,
            "{}. {} ({}, {}) score {:.2}\n{}\n",
            h.rank,
            h.title,
            source(h.source.as_deref()),
            date(h.date),
            h.score,
            h.text
        );
    }
    out
}

pub fn sources(articles: &[ArticleSummary]) -> String {
    let mut out = String::new();
    for a in articles {
        let _ = writeln!(
            out,
            "{:<16} {:<14} {}  [{}]",
            date(a.date),
            source(a.source.as_deref()),
            a.title,
            a.article_id
        );
    }
    out
}

pub fn timeline(entries: &[TimelineEntry]) -> String {
    if entries.is_empty() {
        return "No dated article covers this topic.\n".to_string();
    }
    let mut out = String::new();
    for e in entries {
        let _ = writeln!(
            out,
            "{} — {} ({})\n    {}\n",
            e.date.human(),
            e.title,
            source(e.source.as_deref()),
            e.key_sentence
        );
    }
    out
}

/// `text` with control characters (other than newline and tab) and bidirectional overrides
/// replaced by U+FFFD, so article text cannot move the cursor, recolour or reorder the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if text.chars().any(unsafe_char) {
        text.chars()
            .map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `ask --json`: one object with the contract's keys; `message` is the abstention worded in the
/// answer's language, `null` with citations.
pub fn answer_json(answer: &Answer) -> serde_json::Value {
    serde_json::json!({
        "question": answer.question,
        "abstained": answer.abstained(),
        "message": answer.abstain_reason.map(|r| answer.lang.abstention(r)),
        "abstain_reason": answer.abstain_reason,
        "lang": answer.lang,
        "citations": answer.citations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(
            printable("a\u{1b}[31mb\u{7}\u{202E}c\nd\te"),
            "a\u{FFFD}[31mb\u{FFFD}\u{FFFD}c\nd\te"
        );
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
