//! The importer on the five raw seeds: what each yields, pinned line by line, and the two
//! promises every import keeps (no junk in the text, every paragraph verbatim from the page).

use super::*;
use crate::date::{PartialDate, Precision};

const SEED_000: &str = include_str!("../../tests/data/seeds/000_d5d6321a18d2597a.txt");
const SEED_001: &str = include_str!("../../tests/data/seeds/001_fbe9138bab79b481.txt");
const SEED_002: &str = include_str!("../../tests/data/seeds/002_fb73e6d43d6d6af0.txt");
const SEED_003: &str = include_str!("../../tests/data/seeds/003_ecd116461c24dfcc.txt");
const SEED_004: &str = include_str!("../../tests/data/seeds/004_ddda338cfb54461b.txt");

fn import(raw: &str, name: &str) -> ImportReport {
    import_text(raw, name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn paragraphs(report: &ImportReport) -> Vec<&str> {
    report.article.text.split("\n\n").collect()
}

/// Every paragraph is one raw line, trimmed, less the attribution `tags` it carried.
fn assert_verbatim(raw: &str, report: &ImportReport, tags: &[&str]) {
    let raw_lines: Vec<String> = raw
        .lines()
        .map(|l| {
            let l = tags.iter().fold(l.to_string(), |acc, t| acc.replace(t, ""));
            l.trim().to_string()
        })
        .collect();
    for p in paragraphs(report) {
        assert!(
            !p.is_empty() && !p.contains('\n'),
            "malformed paragraph {p:?}"
        );
        assert!(
            raw_lines.iter().any(|l| l == p || l.starts_with(p)),
            "not verbatim from the raw file: {p:?}"
        );
    }
}

fn assert_dropped(report: &ImportReport, want: &[(&str, DropReason)]) {
    let got: Vec<(&str, DropReason)> = report
        .dropped
        .iter()
        .map(|d| (d.line.as_str(), d.reason))
        .collect();
    assert_eq!(got, want);
    // Short junk ("-") can occur inside prose; longer junk must be gone from the text.
    for (line, _) in want {
        let left = if line.chars().count() < 10 {
            paragraphs(report).contains(line)
        } else {
            report.article.text.contains(line)
        };
        assert!(!left, "dropped line still in the text: {line:?}");
    }
}

fn assert_dated(report: &ImportReport, date: &str, precision: Precision, evidence: &str) {
    let want: PartialDate = date.parse().unwrap();
    assert_eq!(
        report.date,
        DateFinding::Dated {
            date: want,
            evidence: evidence.to_string()
        }
    );
    assert_eq!(want.precision(), precision);
    assert_eq!(report.article.meta.date, Some(want));
}

fn assert_source(report: &ImportReport, name: &str, kind: SourceKind, evidence_part: &str) {
    let source = report.source.as_ref().expect("a source");
    assert_eq!((source.name.as_str(), source.kind), (name, kind));
    assert!(
        source.evidence.contains(evidence_part),
        "{:?}",
        source.evidence
    );
    assert_eq!(report.article.meta.source.as_deref(), Some(name));
}

#[test]
fn seed_000_dated_by_its_update_line_comment_form_dropped() {
    let r = import(SEED_000, "000_d5d6321a18d2597a.txt");
    assert_eq!(
        r.article.meta.title,
        "Russian Ambassador’s Arrival in Japan Signals Thaw in Diplomatic Freeze"
    );
    assert_eq!(
        r.article.id,
        "russian-ambassadors-arrival-in-japan-signals-thaw"
    );
    assert_eq!(
        r.article.meta.imported_from.as_deref(),
        Some("000_d5d6321a18d2597a.txt")
    );
    assert_dated(
        &r,
        "2024-03-04",
        Precision::Day,
        "Last Updated on March 4, 2024 1:20 pm",
    );
    assert_eq!(r.source, None);
    assert_dropped(
        &r,
        &[
            (
                "Last Updated on March 4, 2024 1:20 pm",
                DropReason::DateLine,
            ),
            ("Leave a Reply", DropReason::CommentForm),
            (
                "Your email address will not be published. Required fields are marked *",
                DropReason::CommentForm,
            ),
        ],
    );
    let ps = paragraphs(&r);
    assert_eq!(ps.len(), 7);
    assert!(ps[0].starts_with("Breaking a yearlong hiatus"));
    assert!(ps[6].ends_with("a more constructive diplomatic relationship."));
    assert_verbatim(SEED_000, &r, &[]);
}

#[test]
fn seed_001_attribution_tags_stripped_and_stray_tail_cut() {
    let r = import(SEED_001, "001_fbe9138bab79b481.txt");
    assert_eq!(
        r.article.meta.title,
        "Russia and Japan: Diplomatic Strains and the Call for Reevaluation"
    );
    assert_eq!(r.date, DateFinding::NotFound);
    assert_eq!(
        (r.article.meta.date, &r.article.meta.date_note),
        (None, &None)
    );
    assert_source(&r, "TASS", SourceKind::Attribution, "[Source: TASS]");
    assert_dropped(&r, &[("”}{", DropReason::StrayCharacters)]);
    let ps = paragraphs(&r);
    assert_eq!(ps.len(), 7);
    assert!(ps[0].contains("carried by the Russian news agency TASS."));
    assert!(ps[6].ends_with("unilateral signals of estrangement."));
    for junk in ["[Source", "}", "{", "”}"] {
        assert!(!r.article.text.contains(junk), "{junk:?} left in the text");
    }
    assert_verbatim(SEED_001, &r, &[" [Source: TASS]"]);
}

#[test]
fn seed_002_chrome_captions_and_unrelated_headline_dropped() {
    let r = import(SEED_002, "002_fb73e6d43d6d6af0.txt");
    assert_eq!(
        r.article.meta.title,
        "Russia-Japan Tensions Obstruct Peace Negotiations: Nozdrev"
    );
    assert_dated(&r, "2024-04-03", Precision::Day, "Published 3 April 2024");
    assert_source(
        &r,
        "TASS",
        SourceKind::Mention,
        "During an interview with Russia's TASS news agency",
    );
    let caption = "Russian ship in a military drill in the Sea of Japan, 2024.";
    let bullet = format!("• {caption}");
    let credited = format!("{caption} | Photo: X/ @SALPO96");
    assert_dropped(
        &r,
        &[
            ("• Live", DropReason::Navigation),
            ("• Audio Only", DropReason::Navigation),
            ("• google plus", DropReason::Navigation),
            ("• facebook", DropReason::Navigation),
            ("• twitter", DropReason::Navigation),
            ("News > Russia", DropReason::Breadcrumb),
            (&bullet, DropReason::PhotoCaption),
            (&credited, DropReason::PhotoCaption),
            ("Published 3 April 2024", DropReason::DateLine),
            (
                "Putin Bans Wastewater Discharge Into Lake Baikal",
                DropReason::UnrelatedHeadline,
            ),
            ("Post with no comments.", DropReason::CommentForm),
        ],
    );
    let ps = paragraphs(&r);
    assert_eq!(ps.len(), 11);
    assert_eq!(
        ps[0],
        "Moscow and Tokyo have failed to sign a peace treaty due to their rival claims to four islands."
    );
    assert!(ps[10].ends_with("Organization's sectoral dialogue."));
    for junk in ["Putin", "Baikal", "Photo", "•", "News >", "comments"] {
        assert!(!r.article.text.contains(junk), "{junk:?} left in the text");
    }
    assert_verbatim(SEED_002, &r, &[]);
}

#[test]
fn seed_003_dek_and_subheadings_kept_caption_dropped() {
    let r = import(SEED_003, "003_ecd116461c24dfcc.txt");
    assert_eq!(
        r.article.meta.title,
        "Russia-Japan diplomatic rift grows amid NATO, Ukraine disputes"
    );
    assert_eq!(r.date, DateFinding::NotFound);
    assert_source(
        &r,
        "RIA Novosti",
        SourceKind::Mention,
        "In remarks to RIA Novosti",
    );
    let caption = "An official photo of Ambassador Extraordinary and Plenipotentiary of the \
                   Russian Federation to Japan, Nikolay Nozdrev (The Embassy of the Russian \
                   Federation in Japan)";
    assert_dropped(
        &r,
        &[
            ("-", DropReason::Separator),
            (caption, DropReason::PhotoCaption),
        ],
    );
    let ps = paragraphs(&r);
    assert_eq!(ps.len(), 16);
    assert!(ps[0].starts_with("Russia warns Japan of lasting consequences"));
    for heading in [
        "Militarization of Japan may threaten Russia’s security",
        "Direct air traffic blocked by political tensions",
    ] {
        assert!(ps.contains(&heading), "subheading {heading:?} lost");
    }
    assert!(!r.article.text.contains("official photo"));
    assert_verbatim(SEED_003, &r, &[]);
}

#[test]
fn seed_004_no_year_reported_dateline_names_tass() {
    let r = import(SEED_004, "004_ddda338cfb54461b.txt");
    assert_eq!(
        r.article.meta.title,
        "Normalization of Russian-Japanese ties possible in near future"
    );
    assert_eq!(
        r.date,
        DateFinding::NoYear {
            month: 2,
            day: 14,
            evidence: "World February 14, 8:04".to_string()
        }
    );
    assert_eq!(r.article.meta.date, None);
    assert!(r
        .article
        .meta
        .date_note
        .as_deref()
        .is_some_and(|n| n.contains("February 14 without a year")));
    assert_source(
        &r,
        "TASS",
        SourceKind::Dateline,
        "TOKYO, February 14. /TASS/.",
    );
    assert_dropped(
        &r,
        &[
            ("World February 14, 8:04", DropReason::DateLine),
            ("Read more on the site →", DropReason::ReadMore),
        ],
    );
    let ps = paragraphs(&r);
    assert_eq!(ps.len(), 14);
    assert!(ps[0].starts_with("Japanese expert on Russia Taisuke Abiru opined"));
    assert!(ps[1].starts_with("TOKYO, February 14. /TASS/. Normalization"));
    assert!(ps.contains(&"Current cooperation projects remain"));
    assert!(ps[13].ends_with("critical \"point of no return.\""));
    assert_verbatim(SEED_004, &r, &[]);
}

#[test]
fn summaries_say_what_was_found() {
    let shown = import(SEED_004, "004.txt").to_string();
    assert!(shown.contains("no year: saw February 14"), "{shown}");
    assert!(shown.contains("set the date by hand"), "{shown}");
    assert!(shown.contains("TASS (dateline"), "{shown}");
    let shown = import(SEED_002, "002.txt").to_string();
    assert!(shown.contains("2024-04-03 (day precision)"), "{shown}");
    assert!(
        shown.contains("dropped: 11 lines (5 navigation, 1 breadcrumb, 2 photo caption"),
        "{shown}"
    );
    assert!(shown.contains("1 unrelated headline"), "{shown}");
    let shown = import(SEED_001, "001.txt").to_string();
    assert!(shown.contains("no date found"), "{shown}");
    let shown = import(SEED_000, "000.txt").to_string();
    assert!(shown.contains("source:  none found"), "{shown}");
}

#[test]
fn importing_is_deterministic_and_round_trips_through_the_corpus_format() {
    for (raw, name) in [(SEED_002, "002.txt"), (SEED_004, "004.txt")] {
        let r = import(raw, name);
        assert_eq!(r, import(raw, name));
        let parsed = crate::corpus::Article::parse(&r.article.id, &r.article.render()).unwrap();
        assert_eq!(parsed, r.article);
    }
}

/// The shipped corpus is the importer's output with only the front matter curated: same ids,
/// same text, same source, and every article dated.
#[test]
fn shipped_corpus_is_the_import_of_the_seeds_with_curated_dates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = crate::corpus::Corpus::load(&root.join("corpus")).unwrap();
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    assert_eq!(corpus.articles.len(), 5);
    for article in &corpus.articles {
        let seed = article.meta.imported_from.as_deref().expect("provenance");
        let r = import_file(&root.join("tests/data/seeds").join(seed)).unwrap();
        assert_eq!(article.id, r.article.id, "{seed}");
        assert_eq!(article.text, r.article.text, "{seed}");
        assert_eq!(article.meta.title, r.article.meta.title, "{seed}");
        assert_eq!(article.meta.source, r.article.meta.source, "{seed}");
        assert!(article.meta.date.is_some(), "{seed} is undated");
        if let Some(found) = r.article.meta.date {
            assert_eq!(
                article.meta.date,
                Some(found),
                "{seed}: the page's date was changed"
            );
        } else {
            let note = article.meta.date_note.as_deref().unwrap_or_default();
            assert!(
                note.contains("curator"),
                "{seed}: a curated date needs its reason"
            );
        }
    }
}
