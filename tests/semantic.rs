//! The hybrid engine end to end, with the real embedding model: Japanese and Russian questions,
//! answerability, the vector cache, and the figures on the labelled question sets.
//!
//! The model is fetched by the build (build.rs); a build that could not fetch it has no hybrid
//! engine, and these tests say so and check the word-only fallback instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nichiro::EngineConfig;
use nichiro::{evaluate, load_cases};
use nichiro::{AbstainReason, Lang};
use nichiro::{AskOptions, Engine};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Index (and vector cache) of the shipped corpus, kept between test runs so the corpus is
/// embedded once.
fn shared_index() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("semantic-index")
}

fn config(corpus: &Path, index: &Path) -> EngineConfig {
    EngineConfig {
        corpus_dir: corpus.to_path_buf(),
        index_dir: index.to_path_buf(),
        aliases: repo("config/aliases.toml"),
        ..EngineConfig::default()
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::open(&config(&repo("corpus"), &shared_index())).unwrap())
}

/// Whether the model is here; when not, the caller's test has nothing semantic to check.
fn hybrid() -> bool {
    if !engine().is_hybrid() {
        eprintln!("no embedding model in this build: semantic checks skipped");
    }
    engine().is_hybrid()
}

fn ask(question: &str) -> nichiro::Answer {
    engine().ask(question, &AskOptions::default()).unwrap()
}

#[test]
fn japanese_and_russian_questions_get_verbatim_english_excerpts() {
    if !hybrid() {
        return;
    }
    let corpus: String = fs::read_dir(repo("corpus"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for (question, lang, expected) in [
        (
            "ノズドレフ大使はどの空港に到着しましたか？",
            Lang::Ja,
            "Haneda",
        ),
        (
            "В каком аэропорту приземлился Николай Ноздрев?",
            Lang::Ru,
            "Haneda",
        ),
    ] {
        let answer = ask(question);
        assert_eq!(answer.lang, lang);
        assert!(!answer.abstained(), "{question}: {answer:?}");
        assert!(
            answer
                .citations
                .iter()
                .any(|c| c.excerpt.contains(expected)),
            "{question}: {:?}",
            answer.citations
        );
        for citation in &answer.citations {
            assert!(
                corpus.contains(&citation.excerpt),
                "not verbatim: {citation:?}"
            );
        }
    }
}

#[test]
fn abstentions_speak_the_askers_language_and_say_why() {
    if !hybrid() {
        return;
    }
    let answer = ask("おいしいラーメンの作り方を教えてください");
    assert!(answer.abstained());
    assert_eq!(answer.lang, Lang::Ja);
    let reason = answer.abstain_reason.unwrap();
    assert_ne!(reason, AbstainReason::DateRange);
    assert!(answer
        .lang
        .abstention(reason)
        .contains("引用できるものはありません"));
    let answer = ask("Какая температура кипения воды?");
    assert!(answer.abstained() && answer.lang == Lang::Ru);
    let reason = answer.abstain_reason.unwrap();
    assert!(answer.lang.abstention(reason).contains("цитировать нечего"));

    let hokkaido = ask("How many people live in Hokkaido?");
    assert!(
        matches!(
            hokkaido.abstain_reason,
            Some(AbstainReason::OffTopic | AbstainReason::NotCovered)
        ),
        "{hokkaido:?}"
    );
    let answered = ask("Who is Russia's ambassador to Japan?");
    assert!(!answered.abstained());
    // Whose envoy: the first citation is Russia's ambassador, not Japan's envoy to Russia.
    assert!(
        answered.citations[0].excerpt.contains("Nozdrev"),
        "{:?}",
        answered.citations
    );
    let answered = ask("Who is the Japanese ambassador in Moscow now?");
    assert!(
        answered.citations[0].excerpt.contains("Muto"),
        "{:?}",
        answered.citations
    );
}

/// The engine shares each matmul with helper threads (src/embed/kernel.c): questions embedded
/// from many threads at once get exactly the vectors they get one at a time.
#[test]
fn embeddings_are_the_same_from_many_threads_at_once() {
    if !hybrid() {
        return;
    }
    let embedder = engine().embedder().unwrap();
    let questions = [
        "Can planes fly directly from Moscow to Tokyo?",
        "北方領土問題について教えて",
        "Что Россия говорит о мирном договоре с Японией?",
        "Who replaced Kozuki in Moscow?",
    ];
    let alone: Vec<Vec<f32>> = questions
        .iter()
        .map(|q| embedder.embed_query(q).unwrap())
        .collect();
    for vector in &alone {
        let norm: f32 = vector.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-3, "not a unit vector: {norm}");
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|i| {
                let alone = &alone;
                scope.spawn(move || {
                    for round in 0..3 {
                        let q = (i + round) % questions.len();
                        assert_eq!(embedder.embed_query(questions[q]).unwrap(), alone[q]);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
    });
    let batch = embedder.embed_passages(&questions).unwrap();
    assert_eq!(batch.len(), questions.len() * embedder.dim());
}

#[test]
fn a_date_range_that_excludes_the_answer_says_so() {
    if !hybrid() {
        return;
    }
    let options = AskOptions {
        until: Some("2023".parse().unwrap()),
        ..AskOptions::default()
    };
    let answer = engine()
        .ask("Where did Nozdrev land when he arrived in Japan?", &options)
        .unwrap();
    assert!(answer.abstained());
    assert_eq!(answer.abstain_reason, Some(AbstainReason::DateRange));
}

#[test]
fn questions_asking_for_a_figure_or_a_successor_get_one() {
    if !hybrid() {
        return;
    }
    let answer = ask("How many rounds of sanctions has Tokyo introduced against Moscow?");
    assert!(
        answer.citations.iter().any(|c| c.excerpt.contains("25")),
        "{:?}",
        answer.citations
    );
    let answer = ask("Who replaced Kozuki in Moscow?");
    assert!(
        answer.citations.iter().any(|c| c.excerpt.contains("Muto")),
        "{:?}",
        answer.citations
    );
}

#[test]
fn an_age_a_share_or_a_sum_is_not_answered_without_one_nor_a_stranger_by_name() {
    if !hybrid() {
        return;
    }
    for question in [
        "How old is Russia's new ambassador to Japan?",
        "What share of the seats did the LDP win in the Lower House?",
        "How much is Japan's trade with Russia worth?",
        "What did Shoigu tell Japan about the disputed islands?",
    ] {
        let answer = ask(question);
        assert!(answer.abstained(), "{question}: {:?}", answer.citations);
    }
    // The same subjects, asked for what the articles do say, are answered.
    for question in [
        "Who is Russia's new ambassador to Japan?",
        "What did the LDP win in the Lower House?",
        "What did Zakharova tell Japan about the peace treaty?",
    ] {
        assert!(!ask(question).abstained(), "{question}");
    }
}

#[test]
fn restart_embeds_nothing_and_a_new_article_only_its_own_text() {
    if !hybrid() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    for entry in fs::read_dir(repo("corpus")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let index = dir.path().join("index");
    // The shared engine's cache holds every vector of the shipped corpus.
    let _ = engine();
    fs::copy(
        nichiro::vectors_path(&shared_index()),
        nichiro::vectors_path(&index),
    )
    .unwrap();
    let opened = Engine::open(&config(&corpus, &index)).unwrap();
    assert_eq!(opened.embedded_on_open(), 0);
    drop(opened);

    fs::write(
        corpus.join("new.md"),
        "+++\ntitle = \"Ferry service\"\ndate = \"2025-05-01\"\n+++\n\n\
         A ferry line between Wakkanai and Korsakov will not resume this year. \
         Operators cited the sanctions.\n",
    )
    .unwrap();
    let opened = Engine::open(&config(&corpus, &index)).unwrap();
    // One passage and its two sentences.
    assert_eq!(opened.embedded_on_open(), 3);
}

/// The figures on every labelled set, per language (printed for the record; `cargo test --
/// --nocapture`). The bars are today's figures less a margin, and today's count of false
/// answers, so a change that loses answers or answers more it should not fails here; they are
/// below the targets (see README, "Hybrid retrieval"). The sets still hold near-domain
/// questions the articles do not cover and the engine answers: the abstention limits trade
/// those against false abstentions (src/semantic/answerable.rs).
#[test]
fn labelled_sets_meet_the_bar() {
    if !hybrid() {
        return;
    }
    for (file, hit, answer, false_answers) in [
        ("tests/data/dev.jsonl", 0.85, 0.9, 0),
        ("tests/data/paraphrase.jsonl", 0.85, 0.85, 0),
        ("tests/data/dev-jaru.jsonl", 0.8, 0.75, 0),
        ("tests/data/heldout.jsonl", 0.9, 0.8, 0),
        ("tests/data/heldout-jaru.jsonl", 0.7, 0.7, 0),
        ("tests/data/heldout2.jsonl", 0.84, 0.8, 3),
        ("tests/data/heldout2-jaru.jsonl", 0.85, 0.85, 4),
        ("tests/data/heldout3.jsonl", 0.83, 0.87, 6),
        ("tests/data/heldout3-jaru.jsonl", 0.8, 0.55, 3),
        ("tests/data/heldout4.jsonl", 0.9, 0.85, 5),
        ("tests/data/heldout4-jaru.jsonl", 0.9, 0.65, 2),
        ("tests/data/heldout5.jsonl", 0.73, 0.83, 5),
        ("tests/data/heldout5-jaru.jsonl", 0.55, 0.65, 5),
        ("tests/data/heldout6.jsonl", 0.73, 0.73, 5),
        ("tests/data/heldout6-jaru.jsonl", 0.7, 0.65, 6),
    ] {
        let report = evaluate(engine(), &load_cases(&repo(file)).unwrap());
        println!("== {file}\n{report}\n");
        assert!(report.hit_at_1 >= hit, "{file}\n{report}");
        assert!(report.answer_at_3 >= answer, "{file}\n{report}");
        assert!(report.false_answers <= false_answers, "{file}\n{report}");
    }
}

#[test]
fn cli_answers_in_the_questions_language_and_lang_forces_it() {
    if !hybrid() {
        return;
    }
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"))
            .env_remove("NICHIRO_MODE")
            .arg("--corpus")
            .arg(repo("corpus"))
            .arg("--index")
            .arg(shared_index())
            .args(args)
            .env("NICHIRO_ALIASES", repo("config/aliases.toml"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    // The shared index and its vectors exist before the binary runs.
    let _ = engine();
    let json: serde_json::Value =
        serde_json::from_str(&run(&["ask", "--json", "Какая температура кипения воды?"])).unwrap();
    assert_eq!(json["lang"], "ru");
    assert_eq!(json["abstain_reason"], "off_topic");
    let text = run(&["ask", "--lang", "ja", "Where did Nozdrev land?"]);
    assert!(text.contains("Haneda"), "{text}");
    assert!(
        text.contains("英語"),
        "the Japanese note says the quotes are English: {text}"
    );
    let words = run(&[
        "--mode",
        "words",
        "ask",
        "--json",
        "北方領土問題について教えて",
    ]);
    assert!(words.contains("\"abstained\":true"), "{words}");
}

/// The framing language (a Discord locale, `--lang`) changes the words around the excerpts,
/// never which excerpts answer: an English question is judged by the English limits.
#[test]
fn the_framing_language_does_not_change_what_answers() {
    if !hybrid() {
        return;
    }
    let options = AskOptions::default();
    for question in [
        "Who is Russia's ambassador to Japan?",
        "What is the population of Tokyo?",
        "Can planes fly directly from Moscow to Tokyo?",
    ] {
        let en = engine().ask_as(question, &options, Lang::En).unwrap();
        for lang in [Lang::Ja, Lang::Ru] {
            let framed = engine().ask_as(question, &options, lang).unwrap();
            assert_eq!(framed.citations, en.citations, "{question} in {lang:?}");
            assert_eq!(framed.abstain_reason, en.abstain_reason, "{question}");
            assert_eq!(framed.lang, lang);
        }
    }
}
