//! The importer on pages it was not written against (not the seeds): other sites' layouts must
//! be cleaned by the same general rules.

use super::*;

#[test]
fn a_page_unlike_the_seeds_is_cleaned_by_the_same_rules() {
    let raw = include_str!("../../tests/data/raw/kyodo-fisheries.txt");
    let report = import_text(raw, "kyodo-fisheries.txt").unwrap();
    let article = &report.article;
    assert_eq!(
        article.meta.title,
        "Japan, Russia agree to hold fisheries talks on salmon quota"
    );
    assert_eq!(article.meta.date.unwrap().to_string(), "2025-05-12");
    assert_eq!(article.meta.source.as_deref(), Some("Kyodo"));
    for junk in [
        "Home |",
        "Staff Writer",
        "Share on",
        "Email",
        "Photo shows",
        "Toyota",
        "Related coverage",
        "crab quotas",
        "Subscribe",
        "©",
    ] {
        assert!(!article.text.contains(junk), "{junk:?} left in the text");
    }
    assert!(article
        .text
        .starts_with("TOKYO (Kyodo) -- Japan and Russia agreed Monday"));
    assert!(article.text.ends_with("Russia's war in Ukraine."));
}

#[test]
fn a_site_menu_above_the_headline_and_a_copyright_footer_are_not_the_article() {
    let raw = include_str!("../../tests/data/raw/nhk-flights.txt");
    let report = import_text(raw, "nhk-flights.txt").unwrap();
    let article = &report.article;
    assert_eq!(
        article.meta.title,
        "Japan, Russia discuss resuming direct flights between Tokyo and Moscow"
    );
    assert_eq!(article.meta.date.unwrap().to_string(), "2025-11-03");
    assert_eq!(article.meta.source.as_deref(), Some("NHK"));
    assert!(article
        .text
        .starts_with("Officials from Japan and Russia held talks"));
    assert!(article
        .text
        .ends_with("invasion of Ukraine in February 2022."));
    for junk in [
        "Business",
        "Tweet",
        "Photo:",
        "Related Articles",
        "Lavrov",
        "Copyright",
    ] {
        assert!(!article.text.contains(junk), "{junk:?} left in the text");
    }
}

#[test]
fn one_short_line_above_the_text_can_still_be_the_headline() {
    let raw = "Sakhalin LNG\nJapan keeps its stake in the project, the ministry said on Monday.\n";
    let report = import_text(raw, "short.txt").unwrap();
    assert_eq!(report.article.meta.title, "Sakhalin LNG");
}

#[test]
fn a_copyright_footer_of_an_unknown_owner_is_dropped_without_naming_a_source() {
    let raw = "Talks resume\nThe two sides met in Moscow on Monday.\n\u{a9} 2025 Example Media Group. All rights reserved.\n";
    let report = import_text(raw, "footer.txt").unwrap();
    assert!(!report.article.text.contains("Example Media"));
    assert_eq!(report.article.meta.source, None);
}

#[test]
fn a_section_label_and_a_day_first_date_with_its_update_stamp() {
    let raw = include_str!("../../tests/data/raw/ria-kurils.txt");
    let report = import_text(raw, "ria-kurils.txt").unwrap();
    let article = &report.article;
    assert_eq!(
        article.meta.title,
        "Lavrov: Russia will not discuss the Kurils' status with Japan"
    );
    assert_eq!(article.meta.date.unwrap().to_string(), "2024-10-05");
    assert_eq!(article.meta.source.as_deref(), Some("RIA Novosti"));
    assert!(article.text.starts_with("MOSCOW, October 5 - RIA Novosti."));
    assert!(article
        .text
        .ends_with("talks on a peace treaty impossible."));
    for junk in ["Politics", "Subscribe", "Read also", "drills", "Tags:", "©"] {
        assert!(!article.text.contains(junk), "{junk:?} left in the text");
    }
}

#[test]
fn a_byline_beside_the_date_and_a_caption_credited_after_a_bar() {
    let raw = include_str!("../../tests/data/raw/drills-bylined.txt");
    let report = import_text(raw, "drills-bylined.txt").unwrap();
    let article = &report.article;
    assert_eq!(article.meta.date.unwrap().to_string(), "2024-09-12");
    assert!(article.text.starts_with("Japan lodged a formal protest"));
    assert!(article
        .text
        .ends_with("an internal affair of the Russian Federation."));
    for junk in [
        "Staff Writer",
        "| Reuters",
        "soldiers during drills",
        "Typhoon",
        "©",
    ] {
        assert!(!article.text.contains(junk), "{junk:?} left in the text");
    }
}
