//! Answer quality on labelled question sets and the excerpt contract: verbatim, short,
//! unrepeated, abstaining plainly, never thrown by odd input.

use nichiro::{evaluate, load_cases, AskOptions, Corpus, QuestionError};

use crate::{ask, repo, Workspace};

/// Runs a labelled set on the shipped corpus and checks the bar every set must meet.
fn meets_the_bar(set: &str) {
    let ws = Workspace::shipped();
    let report = evaluate(&ws.engine(), &load_cases(&repo(set)).unwrap());
    println!("{set}: {report}");
    assert!(report.answerable >= 15 && report.off_topic >= 5, "{report}");
    assert!(report.hit_at_1 >= 0.9, "hit@1 {}", report.hit_at_1);
    assert!(report.answer_at_3 >= 0.9, "answer@3 {}", report.answer_at_3);
    assert_eq!(report.off_topic_abstention, 1.0, "{report}");
    assert!(report.false_abstentions <= 1, "{report}");
}

#[test]
fn dev_set_meets_the_bar() {
    meets_the_bar("tests/data/dev.jsonl");
}

/// Paraphrases written apart from the development set (the word engine was not tuned on them).
#[test]
fn paraphrase_set_meets_the_bar() {
    meets_the_bar("tests/data/paraphrase.jsonl");
}

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
    let ws = Workspace::shipped();
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
        answered += usize::from(!answer.abstained());
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
            let sentences = nichiro::split_sentences(&citation.excerpt);
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
    let ws = Workspace::shipped();
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
            answer.abstained(),
            "{question:?} cited {:?}",
            answer.citations
        );
        assert!(answer.citations.is_empty());
        let reason = answer.abstain_reason.unwrap();
        assert!(answer.lang.abstention(reason).contains("do not cover"));
    }
}

#[test]
fn bad_input_gets_a_clear_error_and_nothing_crashes() {
    let ws = Workspace::shipped();
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
    assert!(!answer.abstained(), "query syntax is just text");
}

#[test]
fn capitalized_function_words_are_names_only_where_the_corpus_uses_them() {
    let ws = Workspace::shipped();
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

/// "US" decides the answer: without it a denser sentence on the same words wins, so the
/// acronym must reach the index as a name for the question to find the other one.
#[test]
fn an_acronym_that_spells_a_function_word_changes_the_answer() {
    let ws = Workspace::empty();
    ws.write_article(
        "drills-decoy",
        "Coast guard drills",
        "2025-04",
        "Joint drills with naval forces were held off Hokkaido. The naval forces drills \
         included coast guard vessels and naval forces from three ports.",
    );
    ws.write_article(
        "drills-us",
        "Drills with the US",
        "2025-05",
        "Japan held separate drills with US forces near Okinawa, Moscow said.",
    );
    let engine = ws.engine();
    let without = ask(&engine, "What about drills with naval forces?");
    assert_eq!(without.citations[0].article_id, "drills-decoy");
    let with = ask(&engine, "What about drills with US forces?");
    assert_eq!(
        with.citations[0].article_id, "drills-us",
        "{:?}",
        with.citations
    );
    assert!(with.citations[0].excerpt.contains("US forces"));
    // Lowercase, it is the stopword "us" and no longer a name.
    let lower = ask(&engine, "What about drills with us forces?");
    assert!(
        lower
            .citations
            .first()
            .is_none_or(|c| c.article_id != "drills-us"),
        "{:?}",
        lower.citations
    );
}
