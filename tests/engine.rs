//! End-to-end tests of the answer engine and its command line on the shipped corpus (and on
//! temporary copies of it that the tests change).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use nichiro::config::{EngineConfig, SearchMode};
use nichiro::corpus::Corpus;
use nichiro::eval::{evaluate, load_cases};
use nichiro::{AskOptions, Engine, PartialDate, QuestionError};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A private copy of the shipped corpus with its own index, so tests can change it freely.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("corpus")).unwrap();
        for entry in fs::read_dir(repo("corpus")).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(
                &path,
                dir.path().join("corpus").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        Workspace { dir }
    }

    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn config(&self) -> EngineConfig {
        EngineConfig {
            corpus_dir: self.corpus(),
            index_dir: self.dir.path().join("index"),
            aliases: repo("config/aliases.toml"),
            // These tests are about the word engine and the index; tests/semantic.rs covers
            // the hybrid engine (and embedding the corpus for every workspace would be slow).
            mode: SearchMode::Words,
            ..EngineConfig::default()
        }
    }

    fn engine(&self) -> Engine {
        Engine::open(&self.config()).unwrap()
    }
}

fn ask(engine: &Engine, question: &str) -> nichiro::Answer {
    engine.ask(question, &AskOptions::default()).unwrap()
}

#[test]
fn dev_set_meets_the_bar() {
    let ws = Workspace::new();
    let report = evaluate(
        &ws.engine(),
        &load_cases(&repo("tests/data/dev.jsonl")).unwrap(),
    );
    println!("{report}");
    assert!(report.answerable >= 20 && report.off_topic >= 5);
    assert!(report.hit_at_1 >= 0.9, "hit@1 {}", report.hit_at_1);
    assert!(report.answer_at_3 >= 0.9, "answer@3 {}", report.answer_at_3);
    assert_eq!(report.off_topic_abstention, 1.0, "{report}");
    assert_eq!(report.false_abstentions, 0, "{report}");
}

/// Questions made from the corpus itself: a few rare words of each paragraph.
fn questions_from_corpus(corpus: &Corpus) -> Vec<String> {
    let mut questions = Vec::new();
    for article in &corpus.articles {
        for (_, paragraph) in article.paragraphs() {
            let words: Vec<&str> = paragraph
                .split_whitespace()
                .filter(|w| w.len() > 6)
                .take(4)
                .collect();
            if words.len() >= 2 {
                questions.push(format!("What about {}?", words.join(" ")));
            }
        }
    }
    questions
}

#[test]
fn every_excerpt_is_verbatim_short_and_unrepeated() {
    let ws = Workspace::new();
    let engine = ws.engine();
    let corpus = Corpus::load(&ws.corpus()).unwrap();
    let mut questions: Vec<String> = load_cases(&repo("tests/data/dev.jsonl"))
        .unwrap()
        .into_iter()
        .map(|c| c.question)
        .collect();
    questions.extend(questions_from_corpus(&corpus));
    assert!(questions.len() > 40);
    let mut answered = 0;
    for question in &questions {
        let options = AskOptions {
            k: 6,
            ..AskOptions::default()
        };
        let answer = engine.ask(question, &options).unwrap();
        answered += usize::from(!answer.abstained);
        let mut sentences_seen = std::collections::HashSet::new();
        for citation in &answer.citations {
            let article = corpus
                .articles
                .iter()
                .find(|a| a.id == citation.article_id)
                .expect("cited article exists");
            assert!(
                article.text.contains(&citation.excerpt),
                "not verbatim for {question:?}: {:?}",
                citation.excerpt
            );
            assert!(citation.passage.contains(&citation.excerpt));
            assert_eq!(citation.title, article.meta.title);
            assert_eq!(citation.date, article.meta.date);
            let sentences = nichiro::text::sentences::split(&citation.excerpt);
            assert!(
                (1..=3).contains(&sentences.len()),
                "{} sentences: {:?}",
                sentences.len(),
                citation.excerpt
            );
            for range in sentences {
                let sentence = citation.excerpt[range].to_string();
                assert!(
                    sentences_seen.insert(sentence.clone()),
                    "sentence repeated for {question:?}: {sentence:?}"
                );
            }
        }
    }
    assert!(
        answered * 10 >= questions.len() * 9,
        "answered {answered} of {}",
        questions.len()
    );
}

#[test]
fn off_topic_questions_abstain_with_a_plain_sentence() {
    let ws = Workspace::new();
    let engine = ws.engine();
    for question in [
        "What is the capital of France?",
        "zxcvbnm",
        "How do I bake sourdough bread?",
        "Who won the football World Cup?",
        "What is the speed of light?",
        "Explain quantum computing to me",
        "What time is it?",
        "🙂🙂🙂",
    ] {
        let answer = ask(&engine, question);
        assert!(
            answer.abstained,
            "{question:?} cited {:?}",
            answer.citations
        );
        assert!(answer.citations.is_empty());
        assert!(answer
            .message
            .as_deref()
            .unwrap_or_default()
            .contains("do not cover"));
    }
}

#[test]
fn bad_input_gets_a_clear_error_and_nothing_crashes() {
    let ws = Workspace::new();
    let engine = ws.engine();
    let options = AskOptions::default();
    assert_eq!(engine.ask("", &options), Err(QuestionError::Empty));
    assert_eq!(engine.ask(" \n\t ", &options), Err(QuestionError::Empty));
    let huge = "peace treaty ".repeat(800);
    let err = engine.ask(&huge, &options).unwrap_err();
    assert!(matches!(err, QuestionError::TooLong { .. }));
    assert!(err.to_string().contains("too long"));
    for odd in [
        "title:foo AND (",
        "\"",
        "*",
        "-",
        "NOT",
        "peace treaty\" OR *:* -Nozdrev",
        "@everyone <@123456> what about Nozdrev?",
        "Что сказал Նоздрев о мирном договоре?",
        "ノズドレフ大使は平和条約について何と言いましたか",
        "🇷🇺🇯🇵 sanctions?",
        "a\u{0}b\u{202e}c",
    ] {
        let answer = engine.ask(odd, &options);
        assert!(answer.is_ok(), "{odd:?}: {answer:?}");
        assert!(engine.search(odd, 5).is_ok());
        assert!(engine.timeline(Some(odd)).is_ok());
    }
    let answer = engine
        .ask("Nozdrev \"arrival\" AND (Haneda -airport*", &options)
        .unwrap();
    assert!(!answer.abstained, "query syntax is just text");
}

#[test]
fn capitalized_function_words_are_names_only_where_the_corpus_uses_them() {
    let ws = Workspace::new();
    let engine = ws.engine();
    // "US" is the country in these articles; "us" would be a stopword.
    let answer = ask(&engine, "What about cooperation with US forces?");
    assert!(
        answer.citations[0].excerpt.contains("US forces"),
        "{:?}",
        answer.citations
    );
    // "NOT" and a shouted question are the function words they spell.
    let plain = ask(&engine, "Where did Nozdrev land?");
    for variant in ["Where did Nozdrev NOT land?", "WHERE DID NOZDREV LAND?"] {
        let answer = ask(&engine, variant);
        assert_eq!(
            answer.citations[0].excerpt, plain.citations[0].excerpt,
            "{variant}"
        );
    }
}

#[test]
fn date_filters_restrict_by_article_date() {
    let ws = Workspace::new();
    let engine = ws.engine();
    let date = |s: &str| Some(s.parse::<PartialDate>().unwrap());
    let question = "What did Nozdrev say about Japan?";
    let all = engine
        .ask(
            question,
            &AskOptions {
                k: 10,
                ..AskOptions::default()
            },
        )
        .unwrap();
    assert!(!all.abstained);
    let since = AskOptions {
        k: 10,
        since: date("2025"),
        ..AskOptions::default()
    };
    let recent = engine.ask(question, &since).unwrap();
    assert!(!recent.citations.is_empty());
    for c in &recent.citations {
        assert!(
            c.date.unwrap().last_day() >= date("2025").unwrap().first_day(),
            "{c:?}"
        );
    }
    let until = AskOptions {
        k: 10,
        until: date("2024-03"),
        ..AskOptions::default()
    };
    for c in &engine.ask(question, &until).unwrap().citations {
        assert!(
            c.date.unwrap().first_day() <= date("2024-03").unwrap().last_day(),
            "{c:?}"
        );
    }
    let nothing = AskOptions {
        since: date("1990"),
        until: date("1991"),
        ..AskOptions::default()
    };
    let answer = engine.ask(question, &nothing).unwrap();
    assert!(answer.abstained && answer.message.unwrap().contains("date range"));
    let backwards = AskOptions {
        since: date("2025"),
        until: date("2024"),
        ..AskOptions::default()
    };
    assert!(matches!(
        engine.ask(question, &backwards),
        Err(QuestionError::EmptyDateRange { .. })
    ));
}

#[test]
fn latest_questions_prefer_recent_articles() {
    let ws = Workspace::new();
    let engine = ws.engine();
    let answer = ask(&engine, "What is the latest on the peace treaty?");
    let dates: Vec<_> = answer.citations.iter().map(|c| c.date).collect();
    assert!(dates.len() >= 2);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(dates[0], engine.newest_date());
}

fn write_article(dir: &Path, id: &str, title: &str, date: &str, text: &str) {
    fs::write(
        dir.join(format!("{id}.md")),
        format!("+++\ntitle = \"{title}\"\ndate = \"{date}\"\nsource = \"Kyodo\"\n+++\n\n{text}\n"),
    )
    .unwrap();
}

#[test]
fn a_changed_corpus_rebuilds_the_index() {
    let ws = Workspace::new();
    let question = "What did the Hokkaido crab fishermen ask the Sakhalin governor?";
    let before = ws.engine();
    assert!(ask(&before, question).abstained);
    write_article(
        &ws.corpus(),
        "crab-fishery-talks",
        "Hokkaido fishermen press Sakhalin on crab quotas",
        "2026-03",
        "Crab fishermen from Nemuro in Hokkaido asked the Sakhalin governor to restore the joint crab quota that lapsed last year. The governor said the request would be studied.",
    );
    assert!(before.is_stale());
    let after = ws.engine();
    assert!(!after.is_stale());
    assert!(after.index_build_time().is_some(), "the index was rebuilt");
    let answer = ask(&after, question);
    assert!(!answer.abstained);
    assert_eq!(answer.citations[0].article_id, "crab-fishery-talks");
    assert_eq!(answer.citations[0].date.unwrap().to_string(), "2026-03");
    // An unchanged corpus reuses the index.
    assert!(ws.engine().index_build_time().is_none());
}

#[test]
fn a_corrupt_index_is_rebuilt() {
    let ws = Workspace::new();
    drop(ws.engine());
    let index = ws.dir.path().join("index");
    for entry in fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "nichiro-fingerprint" {
            fs::write(&path, b"garbage").unwrap();
        }
    }
    let engine = ws.engine();
    assert!(engine.index_build_time().is_some());
    assert!(!ask(&engine, "At which airport did Nikolai Nozdrev land?").abstained);
}

#[test]
fn broken_corpus_files_are_skipped_and_named() {
    let ws = Workspace::new();
    fs::write(
        ws.corpus().join("broken.md"),
        "+++\ntitle = \"x\"\ndate = \"soon\"\n+++\ntext",
    )
    .unwrap();
    fs::write(ws.corpus().join("binary.md"), [0xff, 0xfe, 0x00]).unwrap();
    let engine = ws.engine();
    let skipped: Vec<String> = engine
        .skipped()
        .iter()
        .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["binary.md", "broken.md"]);
    assert!(!ask(&engine, "At which airport did Nikolai Nozdrev land?").abstained);
}

#[test]
fn sources_and_timeline_are_ordered_and_honest_about_dates() {
    let ws = Workspace::new();
    write_article(
        &ws.corpus(),
        "undated-piece",
        "An undated piece on sanctions",
        "2024",
        "Sanctions were discussed.",
    );
    let text = fs::read_to_string(ws.corpus().join("undated-piece.md")).unwrap();
    fs::write(
        ws.corpus().join("undated-piece.md"),
        text.replace("date = \"2024\"\n", ""),
    )
    .unwrap();
    let engine = ws.engine();
    let sources = engine.sources();
    let dated: Vec<_> = sources.iter().filter_map(|s| s.date).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(sources.last().unwrap().date, None, "undated last");
    let timeline = engine.timeline(Some("peace treaty")).unwrap();
    assert!(timeline.len() >= 2);
    assert!(timeline.windows(2).all(|w| w[0].date <= w[1].date));
    assert!(timeline.iter().all(|e| e.article_id != "undated-piece"));
    let everything = engine.timeline(None).unwrap();
    assert_eq!(everything.len(), dated.len());
}

fn nichiro(ws: &Workspace, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nichiro"))
        .current_dir(ws.dir.path())
        .env_remove("NICHIRO_CORPUS")
        .env_remove("NICHIRO_INDEX")
        .arg("--config")
        .arg(repo("config/nichiro.toml"))
        .arg("--corpus")
        .arg(ws.corpus())
        .arg("--index")
        .arg(ws.dir.path().join("index"))
        .args(args)
        .env("NICHIRO_ALIASES", repo("config/aliases.toml"))
        .env("NICHIRO_MODE", "words")
        .output()
        .unwrap()
}

#[test]
fn cli_ask_json_follows_the_contract() {
    let ws = Workspace::new();
    let out = nichiro(
        &ws,
        &[
            "ask",
            "--json",
            "-k",
            "2",
            "At which airport did Nikolai Nozdrev land?",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim().lines().count(), 1, "exactly one JSON object");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "abstain_reason",
            "abstained",
            "citations",
            "lang",
            "message",
            "question"
        ]
    );
    assert_eq!(json["abstained"], false);
    assert!(json["abstain_reason"].is_null());
    assert_eq!(json["lang"], "en");
    assert!(json["message"].is_null());
    let citations = json["citations"].as_array().unwrap();
    assert!(!citations.is_empty() && citations.len() <= 2);
    let first = citations[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "article_id",
            "date",
            "excerpt",
            "rank",
            "score",
            "source",
            "title",
            "url"
        ]
    );
    assert_eq!(first["rank"], 1);
    assert!(first["excerpt"].as_str().unwrap().contains("Haneda"));

    let out = nichiro(
        &ws,
        &["ask", "--json", "What is the boiling point of water?"],
    );
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["abstained"], true);
    assert!(json["message"].is_string());
    assert_eq!(json["citations"].as_array().unwrap().len(), 0);
}

#[test]
fn cli_refuses_unusable_input_with_status_2_and_one_line() {
    let ws = Workspace::new();
    for args in [
        vec!["ask", "   "],
        vec!["ask", "--since", "March 2024", "peace treaty"],
        vec!["ask", "--since", "2025", "--until", "2024", "peace treaty"],
    ] {
        let out = nichiro(&ws, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.trim_start().starts_with("error"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let long = "why ".repeat(3000);
    let out = nichiro(&ws, &["ask", &long]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .trim()
            .lines()
            .count(),
        1
    );
}

#[test]
fn cli_lists_sources_and_rebuilds_the_index() {
    let ws = Workspace::new();
    let out = nichiro(&ws, &["sources"]);
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        listing.lines().count(),
        fs::read_dir(ws.corpus()).unwrap().count()
    );
    let out = nichiro(&ws, &["index"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("indexed "));
}

#[test]
fn cli_import_writes_into_the_corpus_in_use_and_the_next_answer_sees_it() {
    let ws = Workspace::new();
    for entry in fs::read_dir(ws.corpus()).unwrap() {
        let path = entry.unwrap().path();
        if fs::read_to_string(&path)
            .unwrap()
            .contains("002_fb73e6d43d6d6af0")
        {
            fs::remove_file(path).unwrap();
        }
    }
    let question = "What is the full name of the treaty discussed before the cooling?";
    let before = nichiro(&ws, &["ask", "--json", question]);
    let before: serde_json::Value = serde_json::from_slice(&before.stdout).unwrap();
    let cites_new = |answer: &serde_json::Value| {
        answer["citations"].as_array().unwrap().iter().any(|c| {
            c["excerpt"]
                .as_str()
                .unwrap()
                .contains("good neighborliness")
        })
    };
    assert!(!cites_new(&before));

    let seed = repo("tests/data/seeds/002_fb73e6d43d6d6af0.txt");
    let out = nichiro(&ws, &["import", seed.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("Russia-Japan Tensions Obstruct Peace Negotiations"),
        "{report}"
    );
    assert!(report.contains("2024-04-03"), "{report}");

    let after = nichiro(&ws, &["ask", "--json", "-k", "5", question]);
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert!(cites_new(&after), "{after}");
}
