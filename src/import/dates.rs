//! Date lines: recognising a line that is mainly the article's date ("Last Updated on March 4,
//! 2024 1:20 pm", "Published 3 April 2024", "World February 14, 8:04") and reading the date
//! in it, as precise as it is and never with a guessed year.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::date::PartialDate;

/// A date as written on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenDate {
    Full(PartialDate),
    /// Month and day only; the page gives no year.
    MonthDay {
        month: u32,
        day: u32,
    },
}

/// A line that is mainly a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLine {
    pub date: SeenDate,
    /// Lower is a better article date: publication before a bare date before an update.
    pub rank: u8,
}

const MONTH: &str = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?";
const ORDINAL: &str = r"(?:st|nd|rd|th)?";

/// The date forms, most specific first; each names its parts so one reader serves them all.
static FORMS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:\b|T)".to_string(),
        r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b".to_string(),
        format!(r"\b(?P<mn>{MONTH})\s+(?P<d>\d{{1,2}}){ORDINAL},?\s+(?P<y>\d{{4}})\b"),
        format!(r"\b(?P<d>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<mn>{MONTH}),?\s+(?P<y>\d{{4}})\b"),
        format!(r"\b(?P<mn>{MONTH}),?\s+(?P<y>\d{{4}})\b"),
        format!(r"\b(?P<mn>{MONTH})\s+(?P<d>\d{{1,2}}){ORDINAL}\b"),
        format!(r"\b(?P<d>\d{{1,2}}){ORDINAL}\s+(?P<mn>{MONTH})"),
    ]
    .iter()
    .map(|p| Regex::new(&format!("(?i){p}")).expect("date form compiles"))
    .collect()
});

/// Clock times and time zones that may follow a date on a date line.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\b\.?)?|\b(?:gmt|utc|msk|jst|est|edt|pst|cet|cest|bst)\b(?:\s*[+-]\s*\d{1,2})?",
    )
    .expect("time regex compiles")
});

/// Words that label a date rather than say anything: "Last Updated on", "Published:".
const LABELS: &[&str] = &[
    "at",
    "date",
    "first",
    "last",
    "modified",
    "on",
    "posted",
    "published",
    "time",
    "updated",
    "update",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
];

/// Reads the line as a date line: short, holding a date, and little else besides labels, a
/// time, and at most two other words (a section name such as "World"); or a date stamp set
/// off by bars from short credits ("By Staff Writer | Sept. 12, 2024 09:15 JST").
pub fn date_line(line: &str) -> Option<DateLine> {
    let segments: Vec<&str> = line
        .split(['|', '·'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if segments.len() < 2 {
        return stamp(line);
    }
    const MAX_CREDIT_WORDS: usize = 5;
    let mut found = None;
    for segment in segments {
        match stamp(segment) {
            Some(date) => {
                found.get_or_insert(date);
            }
            None if segment.split_whitespace().count() > MAX_CREDIT_WORDS
                || segment.ends_with(['.', '!', '?']) =>
            {
                return None
            }
            None => {}
        }
    }
    found
}

/// One date stamp: a date with little else besides labels, a time and a section name.
fn stamp(line: &str) -> Option<DateLine> {
    if line.chars().count() > 80 {
        return None;
    }
    let (date, span) = find_date(line)?;
    let mut rest = format!("{} {}", &line[..span.start], &line[span.end..]);
    // A second date is the same stamp's update: "05.10.2024 14:30 (updated: 05.10.2024 16:02)".
    while let Some((_, more)) = find_date(&rest) {
        rest.replace_range(more, " ");
    }
    let has_time = TIME.is_match(&rest);
    let rest = TIME.replace_all(&rest, " ");
    let lower = rest.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let others = words.iter().filter(|w| !LABELS.contains(w)).count();
    if others > 2 || words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    // Other words beside a bare "March 4" make a heading ("Talks on March 4"), unless a time,
    // a year or a real label shows the line is the page's date stamp ("World February 14, 8:04").
    let labelled = words
        .iter()
        .any(|w| LABELS.contains(w) && !matches!(*w, "on" | "at"));
    if others > 0 && !(has_time || labelled || matches!(date, SeenDate::Full(_))) {
        return None;
    }
    let rank = if lower.contains("publish") || lower.contains("posted") {
        0
    } else if lower.contains("updat") || lower.contains("modified") {
        2
    } else {
        1
    };
    Some(DateLine { date, rank })
}

/// The first date written in `text` by the most specific form that matches, and its span.
pub fn find_date(text: &str) -> Option<(SeenDate, std::ops::Range<usize>)> {
    FORMS.iter().find_map(|form| {
        form.captures_iter(text).find_map(|caps| {
            let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
            let month =
                number("m").or_else(|| caps.name("mn").and_then(|m| month_number(m.as_str())))?;
            let day = number("d");
            let span = caps.get(0)?.range();
            let date = match (caps.name("y"), day) {
                (Some(y), Some(d)) => SeenDate::Full(plausible(PartialDate::day(
                    y.as_str().parse().ok()?,
                    month,
                    d,
                ))?),
                (Some(y), None) => SeenDate::Full(plausible(PartialDate::month(
                    y.as_str().parse().ok()?,
                    month,
                ))?),
                // A leap year, so that February 29 without a year is still a real day.
                (None, Some(d)) => {
                    NaiveDate::from_ymd_opt(2000, month, d)?;
                    SeenDate::MonthDay { month, day: d }
                }
                (None, None) => return None,
            };
            Some((date, span))
        })
    })
}

/// News articles are dated within the era of the web; anything else is a misread number.
fn plausible(date: Option<PartialDate>) -> Option<PartialDate> {
    date.filter(|d| (1990..=2100).contains(&d.year_value()))
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    const PREFIXES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    PREFIXES
        .iter()
        .position(|p| lower.starts_with(p))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(line: &str) -> String {
        match date_line(line)
            .unwrap_or_else(|| panic!("{line:?} is a date line"))
            .date
        {
            SeenDate::Full(d) => d.to_string(),
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    #[test]
    fn reads_the_seed_date_lines() {
        assert_eq!(full("Last Updated on March 4, 2024 1:20 pm"), "2024-03-04");
        assert_eq!(full("Published 3 April 2024"), "2024-04-03");
        assert_eq!(
            date_line("World February 14, 8:04").unwrap().date,
            SeenDate::MonthDay { month: 2, day: 14 }
        );
    }

    #[test]
    fn reads_common_forms() {
        assert_eq!(full("2024-03-04"), "2024-03-04");
        assert_eq!(full("2024-03-04T10:15:00Z"), "2024-03-04");
        assert_eq!(full("March 4, 2024"), "2024-03-04");
        assert_eq!(full("4 March 2024"), "2024-03-04");
        assert_eq!(full("Mar. 4, 2024"), "2024-03-04");
        assert_eq!(full("Sept. 30th, 2023"), "2023-09-30");
        assert_eq!(full("Updated: 04.03.2024 10:15 MSK"), "2024-03-04");
        assert_eq!(full("Posted on Monday, 4th of March 2024"), "2024-03-04");
        assert_eq!(full("Published: March 2024"), "2024-03");
        assert_eq!(
            full("By Staff Writer | Sept. 12, 2024 09:15 JST"),
            "2024-09-12"
        );
        assert_eq!(full("Politics · 12 September 2024"), "2024-09-12");
    }

    #[test]
    fn ranks_publication_before_update() {
        let published = date_line("Published 3 April 2024").unwrap().rank;
        let plain = date_line("3 April 2024").unwrap().rank;
        let updated = date_line("Updated: 5 April 2024").unwrap().rank;
        assert!(published < plain && plain < updated);
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(date_line("February 30, 2024"), None);
        assert_eq!(date_line("2024-13-01"), None);
        assert_eq!(date_line("Room 12, floor 3"), None);
        assert!(find_date("June 31").is_none());
        assert_eq!(
            find_date("February 29").map(|(d, _)| d),
            Some(SeenDate::MonthDay { month: 2, day: 29 })
        );
    }

    #[test]
    fn sentences_with_dates_are_not_date_lines() {
        assert_eq!(
            date_line("Galuzin left Tokyo in November 2022, the embassy said."),
            None
        );
        assert_eq!(
            date_line("TOKYO, February 14. /TASS/. Normalization of relations is possible soon."),
            None
        );
        assert_eq!(date_line("Japan's defense budget for 2024"), None);
        assert_eq!(date_line("Since 2022, invitations were not sent."), None);
        assert_eq!(date_line("Talks on March 4"), None);
        assert_eq!(
            date_line("Tokyo kept its embassy open after the vote. | March 4, 2024"),
            None
        );
        assert!(date_line("Posted on March 4").is_some());
    }
}
