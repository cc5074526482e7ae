//! Any bytes as a raw scraped article: imported or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    if let Ok(report) = nichiro::import_text(&raw, "fuzz.txt") {
        assert!(!report.article.text.trim().is_empty());
        // What the importer writes reads back as the same article.
        let parsed = nichiro::Article::parse(&report.article.id, &report.article.render());
        assert!(parsed.is_ok(), "{parsed:?}");
    }
});
