//! Any bytes as a corpus file: parsed or refused with a reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(article) = nichiro::Article::parse("fuzz", text) {
            assert!(!article.meta.title.trim().is_empty());
            for (offset, paragraph) in article.paragraphs() {
                assert_eq!(&article.text[offset..offset + paragraph.len()], paragraph);
            }
        }
    }
});
