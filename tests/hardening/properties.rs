//! Property tests: whatever text arrives (questions, raw articles, corpus files), the answer is
//! an answer, an abstention or a clear error, never a panic. Bounded so `cargo test` stays
//! quick; the fuzz targets in `fuzz/` run the same entry points for longer.

use std::sync::OnceLock;

use nichiro::Article;
use nichiro::EngineConfig;
use nichiro::{AskOptions, Engine, PartialDate};
use proptest::prelude::*;

use crate::harness::*;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(Workspace, Engine)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| {
        let ws = Workspace::new();
        let engine = Engine::open(&EngineConfig {
            corpus_dir: ws.path("corpus"),
            index_dir: ws.path("index"),
            aliases: ws.path("config/aliases.toml"),
            mode: nichiro::SearchMode::Words,
            ..EngineConfig::default()
        })
        .unwrap();
        (ws, engine)
    });
    engine
}

/// Text that mixes the corpus's own words with anything at all, so questions reach retrieval
/// and excerpt choice, not only the analyzer.
fn question() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Nozdrev",
        "peace",
        "treaty",
        "Kuril",
        "islands",
        "Tokyo",
        "Moscow",
        "2024",
        "5",
        "sanctions",
        "AND",
        "\"",
        "*",
        "-",
        "(",
        "北方領土",
        "договор",
        "e\u{301}",
        "US",
        "latest",
        "\u{0}",
        "\u{202e}",
        "🇯🇵",
    ]);
    prop_oneof![
        prop::collection::vec(words, 0..12).prop_map(|w| w.join(" ")),
        any::<String>(),
        "\\PC{0,1200}",
    ]
}

fn date() -> impl Strategy<Value = Option<PartialDate>> {
    prop_oneof![
        Just(None),
        (1..=9999i32).prop_map(PartialDate::year),
        (1..=9999i32, 1..=12u32).prop_map(|(y, m)| PartialDate::month(y, m)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_question_gets_an_answer_an_abstention_or_an_input_error(
        q in question(), since in date(), until in date(), k in 1usize..=25, offset in 0usize..30,
    ) {
        let options = AskOptions { k, offset, since, until };
        match engine().ask(&q, &options) {
            Ok(answer) => {
                prop_assert!(answer.citations.len() <= k);
                if answer.abstained() {
                    prop_assert!(answer.citations.is_empty());
                }
                for c in &answer.citations {
                    prop_assert!(c.passage.contains(&c.excerpt));
                    if let (Some(since), Some(date)) = (since, c.date) {
                        prop_assert!(date.last_day() >= since.first_day());
                    }
                    if let (Some(until), Some(date)) = (until, c.date) {
                        prop_assert!(date.first_day() <= until.last_day());
                    }
                }
            }
            Err(err) => prop_assert!(err.is_input(), "{err}"),
        }
        prop_assert!(engine().search(&q, 25).map_or_else(|e| e.is_input(), |hits| hits.len() <= 25));
        prop_assert!(engine().timeline(Some(&q)).map_or_else(|e| e.is_input(), |_| true));
    }

    #[test]
    fn any_raw_article_imports_or_is_refused(raw in prop_oneof![any::<String>(), "\\PC{0,3000}"]) {
        if let Ok(report) = nichiro::import_text(&raw, "prop.txt") {
            prop_assert!(!report.article.text.trim().is_empty());
            prop_assert!(!report.article.meta.title.trim().is_empty());
        }
    }

    #[test]
    fn any_corpus_file_parses_or_is_refused(
        front in "\\PC{0,200}", body in "\\PC{0,400}", fence in prop::bool::ANY,
    ) {
        let content = if fence { format!("+++\n{front}\n+++\n{body}") } else { format!("{front}{body}") };
        if let Ok(article) = Article::parse("x", &content) {
            prop_assert!(!article.text.trim().is_empty());
            prop_assert!(!article.meta.title.trim().is_empty());
        }
    }

    #[test]
    fn rendered_articles_parse_back_to_themselves(
        title in "\\PC{1,80}", text in "\\PC{1,400}", date in date(),
    ) {
        prop_assume!(!title.trim().is_empty() && !text.trim().is_empty());
        let mut article = Article::new("x", &title, &text);
        article.meta.date = date;
        if let Ok(parsed) = Article::parse("x", &article.render()) {
            prop_assert_eq!(parsed.meta.date, date);
            prop_assert_eq!(parsed.meta.title, nichiro_nfc(&title));
        }
    }
}

fn nichiro_nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}
