//! Extraction from pages shaped like real news sites: title, date, source, url, language, and
//! a body without page furniture.

use nichiro::web::extract::extract;
use nichiro::web::{import_any, FetchLimits, Fetcher, Trust};
use nichiro::{DateFinding, SourceKind};

use super::server::{self, fixture};

fn date_of(r: &nichiro::ImportReport) -> String {
    match &r.date {
        DateFinding::Dated { date, .. } => date.to_string(),
        other => panic!("no date: {other:?}"),
    }
}

fn assert_absent(text: &str, furniture: &[&str]) {
    for f in furniture {
        assert!(!text.contains(f), "{f:?} leaked into the body:\n{text}");
    }
}

#[test]
fn a_wire_story_keeps_its_dateline_source_and_drops_the_furniture() {
    let r = extract(
        &fixture("wire-tass.html"),
        Some("https://tass.example/politics/1913541?utm_source=rss"),
        "wire",
    )
    .unwrap();
    let meta = &r.article.meta;
    assert_eq!(
        meta.title,
        "Russia open to dialogue with Japan on peace treaty, ambassador says"
    );
    assert_eq!(date_of(&r), "2025-02-14");
    assert_eq!(meta.source.as_deref(), Some("TASS"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://tass.example/politics/1913541")
    );
    assert_eq!(meta.language, "en");
    let text = &r.article.text;
    assert!(
        text.starts_with("TOKYO, February 14. /TASS/. Normalization"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "contacts between the two countries' business communities are also being maintained."
        ),
        "{text}"
    );
    assert_absent(
        text,
        &[
            "Read also",
            "militarization threatens",
            "Facebook",
            "Most read",
            "Hockey",
            "cookies",
            "All rights reserved",
            "Politics",
            "Home",
        ],
    );
}

#[test]
fn a_wordpress_daily_gives_json_ld_date_publisher_and_clean_paragraphs() {
    let r = extract(
        &fixture("daily-wordpress.html"),
        Some("https://tokyoledger.example/?p=4821"),
        "daily",
    )
    .unwrap();
    let meta = &r.article.meta;
    assert_eq!(
        meta.title,
        "Tokyo weighs new sanctions as Moscow warns of response"
    );
    assert!(
        matches!(&r.date, DateFinding::Dated { evidence, .. } if evidence.starts_with("JSON-LD"))
    );
    assert_eq!(date_of(&r), "2024-09-12");
    assert_eq!(meta.source.as_deref(), Some("The Tokyo Ledger"));
    assert_eq!(r.source.as_ref().unwrap().kind, SourceKind::SiteName);
    assert_eq!(
        meta.url.as_deref(),
        Some("https://tokyoledger.example/2024/09/12/tokyo-weighs-new-sanctions")
    );
    let paragraphs: Vec<&str> = r.article.text.split("\n\n").collect();
    assert_eq!(
        paragraphs,
        [
            "The Japanese government is considering a new round of sanctions against Russian banks, officials said on Thursday, as Moscow warned it would respond to any \u{201c}unfriendly steps.\u{201d}",
            "Chief Cabinet Secretary Yoshimasa Hayashi told reporters that Japan would act in step with the Group of Seven.",
            "Russian Foreign Ministry spokeswoman Maria Zakharova said Moscow would take retaliatory measures if Tokyo went ahead.",
            "Trade between the two countries has fallen sharply since 2022.",
        ]
    );
}

#[test]
fn a_ministry_release_takes_its_visible_date_and_the_site_name_from_its_title() {
    let r = extract(
        &fixture("ministry-press.html"),
        Some("https://www.mofa.example/erp/rss/northern/page1e_000001.html"),
        "mofa",
    )
    .unwrap();
    let meta = &r.article.meta;
    assert_eq!(meta.title, "Japan-Russia Foreign Ministers' Telephone Talk");
    assert_eq!(date_of(&r), "2024-03-04");
    assert_eq!(
        meta.source.as_deref(),
        Some("Ministry of Foreign Affairs of Japan")
    );
    let text = &r.article.text;
    assert!(text.contains("Minister Kamikawa stated that Japan's position regarding the Northern Territories issue remains unchanged"), "{text}");
    assert!(text.contains("exchanged views on the situation in the Korean Peninsula."));
    assert_absent(
        text,
        &[
            "Back to Top",
            "Site Policy",
            "Kasumigaseki",
            "Press Releases",
            "Countries",
            "Related Information",
        ],
    );
}

#[test]
fn a_republished_wire_story_is_credited_to_the_agency_not_the_aggregator() {
    let r = extract(
        &fixture("aggregator-copy.html"),
        Some("https://worldnewshub.example/story/88213"),
        "hub",
    )
    .unwrap();
    assert_eq!(r.article.meta.source.as_deref(), Some("TASS"));
    assert_eq!(r.source.as_ref().unwrap().kind, SourceKind::Dateline);
    assert_eq!(date_of(&r), "2025-02-14");
    assert_absent(
        &r.article.text,
        &[
            "Advertisement",
            "Trending",
            "Celebrity",
            "subscribe",
            "partner agencies",
            "min read",
        ],
    );
}

#[test]
fn broken_html_still_gives_its_text() {
    let r = extract(&fixture("broken.html"), None, "broken.html").unwrap();
    assert_eq!(
        r.article.meta.title,
        "Kremlin and Tokyo trade accusations over drills"
    );
    assert_eq!(r.article.meta.source.as_deref(), Some("Reuters"));
    assert!(r.article.text.contains("the drills were routine."));
    assert!(
        r.article.text.contains("had been larger"),
        "{}",
        r.article.text
    );
    assert_eq!(r.article.meta.date, None, "no date is invented");
    assert_eq!(r.article.meta.url, None);
}

#[test]
fn pages_without_a_headline_or_text_are_clear_errors() {
    for html in ["", "<html><body></body></html>", "<html><head><title>Only a title</title></head><body><nav><a href='/'>Home</a></nav></body></html>"] {
        let err = extract(html, None, "empty.html").unwrap_err();
        assert!(err.to_string().contains("empty.html"), "{err}");
    }
}

#[test]
fn import_detects_html_files_by_content_and_keeps_text_files_working() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("saved-page.txt");
    std::fs::write(&saved, fixture("wire-tass.html")).unwrap();
    let r = import_any(&saved, &FetchLimits::default()).unwrap();
    assert_eq!(r.article.meta.source.as_deref(), Some("TASS"));
    assert_eq!(
        r.article.meta.imported_from.as_deref(),
        Some("saved-page.txt")
    );
    let text = dir.path().join("raw.html");
    std::fs::write(
        &text,
        "Talks resume\n\nMOSCOW (Reuters) - The envoy spoke.\n",
    )
    .unwrap();
    assert_eq!(
        import_any(&text, &FetchLimits::default())
            .unwrap()
            .article
            .meta
            .title,
        "Talks resume"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_named_url_is_fetched_from_loopback() {
    let server = server::start().await;
    let fetcher = Fetcher::new(FetchLimits::default());
    let r = fetcher
        .import_page(&format!("{}/wire-tass.html", server.base), &Trust::Operator)
        .await
        .unwrap();
    assert_eq!(
        r.article.meta.url,
        Some(format!("{}/politics/1913541", server.base))
    );
    assert_eq!(r.article.meta.source.as_deref(), Some("TASS"));
    let err = fetcher
        .import_page(&format!("{}/gone.html", server.base), &Trust::Operator)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("HTTP 404"), "{err}");
}
