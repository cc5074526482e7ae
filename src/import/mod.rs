//! Import of raw scraped articles into clean corpus files.
//!
//! `import_text` reads one scraped page: the title is the first real line, site chrome is
//! dropped line by line (each with its reason), the date and source are read from their own
//! lines or from the prose, and the remaining lines become the article's paragraphs, copied
//! verbatim. `write_into` then stores the article in the corpus under an id made from its title.
//!
//! The importer never invents what the page does not say: a date without a year is reported
//! for the curator to finish, and nothing is rewritten inside a sentence.

mod captions;
pub(crate) mod dates;
mod headline;
mod lines;
mod report;
#[cfg(test)]
mod seed_tests;
mod slug;
pub(crate) mod source;
mod tail;
#[cfg(test)]
mod unseen_page_tests;
mod write;

use std::fs;
use std::path::{Path, PathBuf};

use crate::corpus::{Article, ArticleMeta};
use crate::error::Error;
use dates::{DateLine, SeenDate};

pub use report::{DateFinding, DropReason, DroppedLine, ImportReport, SourceFinding, SourceKind};
pub use write::write_into;

/// Titles longer than this are the first paragraph of a page that has no title line.
const MAX_TITLE_WORDS: usize = 40;

/// Reads and cleans one raw scraped article; `imported_from` is the file's name.
pub fn import_file(path: &Path) -> Result<ImportReport, Error> {
    let raw = fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    import_text(&raw, &origin).map_err(|e| match e {
        Error::Import { reason, .. } => Error::Import {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    })
}

/// What one non-blank raw line turned out to be.
enum Kind {
    Junk(DropReason),
    Date(DateLine),
    /// A line that only names the source, with the name.
    Source(String),
    Text,
}

/// Cleans the raw text of one scraped article. `origin` names where it came from (the file
/// name), for the article's provenance and for errors.
pub fn import_text(raw: &str, origin: &str) -> Result<ImportReport, Error> {
    let fail = |reason: &str| Error::Import {
        path: PathBuf::from(origin),
        reason: reason.to_string(),
    };
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let (text, stray) = tail::strip_stray_tail(raw);
    let all: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut kinds = classify_all(&all);

    let title_at = kinds
        .iter()
        .position(|k| matches!(k, Kind::Text))
        .ok_or_else(|| fail("no title: every line is blank or site chrome"))?;
    let title = all[title_at];
    if lines::word_count(title) > MAX_TITLE_WORDS {
        return Err(fail("no title: the first text line is a paragraph"));
    }
    for (line, kind) in all.iter().zip(kinds.iter_mut()).skip(title_at + 1) {
        if matches!(kind, Kind::Text) && *line == title {
            *kind = Kind::Junk(DropReason::RepeatedTitle);
        }
    }

    let mut dropped: Vec<(usize, DroppedLine)> = Vec::new();
    let mut date_lines: Vec<(usize, DateLine)> = Vec::new();
    let mut attributions: Vec<(String, String)> = Vec::new();
    // Body lines with their index in `all`, attribution tags already removed.
    let mut body: Vec<(usize, String)> = Vec::new();
    for (i, (line, kind)) in all.iter().zip(&kinds).enumerate() {
        let reason = match kind {
            Kind::Junk(reason) => *reason,
            Kind::Date(found) => {
                date_lines.push((i, *found));
                DropReason::DateLine
            }
            Kind::Text if i == title_at => continue,
            Kind::Source(name) => {
                attributions.push((name.clone(), line.to_string()));
                DropReason::SourceLine
            }
            Kind::Text => {
                let (clean, tags) = source::strip_tags(line);
                attributions.extend(
                    tags.into_iter()
                        .filter_map(|tag| Some((source::tag_name(&tag)?, tag))),
                );
                body.push((i, clean));
                continue;
            }
        };
        dropped.push((i, dropped_line(line, reason)));
    }

    let texts: Vec<&str> = body.iter().map(|(_, t)| t.as_str()).collect();
    // The line right under the title is the dek, never an intruder: page layouts drop other
    // articles' headlines between paragraphs or after the text, not above it.
    let intruders = headline::unrelated_headlines(title, &texts)
        .into_iter()
        .filter(|&k| k > 0)
        .collect::<Vec<_>>();
    for &k in intruders.iter().rev() {
        let (i, line) = body.remove(k);
        dropped.push((i, dropped_line(&line, DropReason::UnrelatedHeadline)));
    }
    dropped.sort_by_key(|(i, _)| *i);
    let mut dropped: Vec<DroppedLine> = dropped.into_iter().map(|(_, d)| d).collect();
    if let Some(stray) = stray {
        dropped.push(dropped_line(stray, DropReason::StrayCharacters));
    }

    let paragraphs: Vec<String> = body.into_iter().map(|(_, t)| t).collect();
    if paragraphs.is_empty() {
        return Err(fail("no article text below the title"));
    }
    let date = article_date(&all, &date_lines, &paragraphs);
    let source = source::best_source(&attributions, &paragraphs);
    let date_note = match &date {
        DateFinding::NoYear { month, day, .. } => Some(format!(
            "The page shows {} without a year; set the date by hand.",
            report::month_day(*month, *day)
        )),
        _ => None,
    };
    let article = Article {
        id: slug::slug(title),
        meta: ArticleMeta {
            title: title.to_string(),
            date: match &date {
                DateFinding::Dated { date, .. } => Some(*date),
                _ => None,
            },
            date_note,
            source: source.as_ref().map(|s| s.name.clone()),
            url: None,
            language: "en".to_string(),
            imported_from: Some(origin.to_string()),
        },
        text: paragraphs.join("\n\n"),
    };
    Ok(ImportReport {
        article,
        date,
        source,
        dropped,
    })
}

/// Classifies each line on its own, then by what other lines show: a bullet repeating a photo
/// caption is part of the caption, and short lines after a comment heading are form fields.
fn classify_all(all: &[&str]) -> Vec<Kind> {
    let mut kinds: Vec<Kind> =
        all.iter()
            .map(|line| match lines::classify(line) {
                Some(DropReason::Copyright) => source::source_line(line)
                    .map_or(Kind::Junk(DropReason::Copyright), Kind::Source),
                Some(reason) => Kind::Junk(reason),
                None => match source::source_line(line) {
                    Some(name) => Kind::Source(name),
                    None => dates::date_line(line).map_or(Kind::Text, Kind::Date),
                },
            })
            .collect();
    let text_or_menu: Vec<usize> = (0..all.len())
        .filter(|&i| matches!(kinds[i], Kind::Text | Kind::Junk(DropReason::Navigation)))
        .collect();
    for i in lines::leading_menu(all, &text_or_menu) {
        kinds[i] = Kind::Junk(DropReason::Navigation);
    }
    let captions: Vec<&str> = all
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| matches!(k, Kind::Junk(DropReason::PhotoCaption)))
        .map(|(line, _)| captions::caption_text(line))
        .collect();
    let mut in_comments = false;
    let mut in_links = false;
    for (line, kind) in all.iter().zip(kinds.iter_mut()) {
        if matches!(kind, Kind::Junk(DropReason::CommentForm)) && lines::opens_comment_section(line)
        {
            in_comments = true;
        }
        if matches!(kind, Kind::Junk(DropReason::ReadMore)) {
            in_links = lines::opens_link_list(line);
            continue;
        }
        if !matches!(kind, Kind::Text) {
            continue;
        }
        if in_links && lines::is_listed_link(line) {
            *kind = Kind::Junk(DropReason::ReadMore);
            continue;
        }
        in_links = false;
        let text = lines::debulleted(line);
        let repeats_caption = captions.iter().any(|c| {
            !c.is_empty() && (*c == text || (lines::is_bulleted(line) && c.starts_with(text)))
        });
        if repeats_caption {
            *kind = Kind::Junk(DropReason::PhotoCaption);
        } else if in_comments && lines::is_comment_field(line) {
            *kind = Kind::Junk(DropReason::CommentForm);
        }
    }
    kinds
}

/// The best date line (one with a year, then publication before update, then the first), or
/// failing that the date of a news-agency dateline.
fn article_date(
    all: &[&str],
    date_lines: &[(usize, DateLine)],
    paragraphs: &[String],
) -> DateFinding {
    let best = date_lines
        .iter()
        .min_by_key(|(i, d)| (!matches!(d.date, SeenDate::Full(_)), d.rank, *i));
    if let Some((i, d)) = best {
        return finding(d.date, all[*i].to_string());
    }
    let dateline = paragraphs.iter().take(3).find_map(|p| source::dateline(p));
    dateline
        .and_then(|d| {
            let (seen, _) = dates::find_date(d.date.as_deref()?)?;
            Some(finding(seen, d.evidence))
        })
        .unwrap_or(DateFinding::NotFound)
}

fn finding(seen: SeenDate, evidence: String) -> DateFinding {
    match seen {
        SeenDate::Full(date) => DateFinding::Dated { date, evidence },
        SeenDate::MonthDay { month, day } => DateFinding::NoYear {
            month,
            day,
            evidence,
        },
    }
}

fn dropped_line(line: &str, reason: DropReason) -> DroppedLine {
    DroppedLine {
        line: line.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_text_is_an_import_error_naming_it() {
        for raw in [
            "",
            "\n\n",
            "• Live\n-\nNews > Russia\n",
            "Only a title\n\nRead more →\n",
        ] {
            let err = import_text(raw, "empty.txt").unwrap_err();
            assert!(
                matches!(&err, Error::Import { path, .. } if path == Path::new("empty.txt")),
                "{err}"
            );
        }
    }

    #[test]
    fn import_file_names_the_file_and_reports_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("raw.txt");
        fs::write(&path, "\u{feff}A Title\r\n\r\nA sentence of text.\r\n").unwrap();
        let r = import_file(&path).unwrap();
        assert_eq!(r.article.meta.imported_from.as_deref(), Some("raw.txt"));
        assert_eq!(
            (r.article.meta.title.as_str(), r.article.text.as_str()),
            ("A Title", "A sentence of text.")
        );
        let err = import_file(&dir.path().join("missing.txt")).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err}");
    }

    #[test]
    fn dateline_date_is_the_fallback_and_body_dates_are_not_article_dates() {
        let raw = "Title of the story\n\nMOSCOW, March 4, 2024 (Reuters) - The envoy left on May 1, 2023.\n";
        let r = import_text(raw, "x.txt").unwrap();
        assert!(
            matches!(&r.date, DateFinding::Dated { date, .. } if date.to_string() == "2024-03-04")
        );
        assert_eq!(r.source.unwrap().kind, SourceKind::Dateline);
        let raw = "Title of the story\n\nThe envoy left on May 1, 2023, and returned in June.\n";
        assert_eq!(
            import_text(raw, "x.txt").unwrap().date,
            DateFinding::NotFound
        );
    }

    #[test]
    fn best_date_line_wins_and_all_date_lines_leave_the_body() {
        let raw =
            "Title of the story\nUpdated: March 9, 2024\nPublished March 4, 2024\nText here.\n";
        let r = import_text(raw, "x.txt").unwrap();
        assert!(
            matches!(&r.date, DateFinding::Dated { evidence, .. } if evidence.starts_with("Published"))
        );
        assert_eq!(r.article.text, "Text here.");
        assert_eq!(r.dropped.len(), 2);
    }

    #[test]
    fn a_short_dek_is_kept_and_a_headline_between_paragraphs_is_not() {
        let raw = "Tokyo weighs its options\nExperts see hard choices ahead\n\
                   Japan is weighing sanctions, officials said.\n\
                   Volcano Erupts Near Remote Pacific Village\n\
                   The cabinet will decide in May, they added.\n";
        let r = import_text(raw, "x.txt").unwrap();
        assert!(r
            .article
            .text
            .starts_with("Experts see hard choices ahead\n\n"));
        assert_eq!(r.dropped.len(), 1);
        assert_eq!(r.dropped[0].reason, DropReason::UnrelatedHeadline);
        assert_eq!(
            r.dropped[0].line,
            "Volcano Erupts Near Remote Pacific Village"
        );
    }

    #[test]
    fn a_masthead_above_the_title_is_a_source_not_the_title() {
        let r = import_text("TASS\nTalks stall again\nThe envoy spoke.\n", "x.txt").unwrap();
        assert_eq!(r.article.meta.title, "Talks stall again");
        assert_eq!(r.article.meta.source.as_deref(), Some("TASS"));
        assert_eq!(r.dropped[0].reason, DropReason::SourceLine);
    }

    #[test]
    fn source_lines_repeated_titles_and_comment_fields_are_dropped() {
        let raw = "Talks stall\nTalks stall\nThe envoy spoke.\nSource: Kyodo\n\
                   Leave a Reply\nComment *\nName *\nWebsite\n";
        let r = import_text(raw, "x.txt").unwrap();
        assert_eq!(r.article.text, "The envoy spoke.");
        let reasons: Vec<DropReason> = r.dropped.iter().map(|d| d.reason).collect();
        use DropReason::*;
        assert_eq!(
            reasons,
            [
                RepeatedTitle,
                SourceLine,
                CommentForm,
                CommentForm,
                CommentForm,
                CommentForm
            ]
        );
        let source = r.source.unwrap();
        assert_eq!(
            (source.name.as_str(), source.kind),
            ("Kyodo", SourceKind::Attribution)
        );
    }
}
