//! Japanese and Russian clients: the articles' English quoted verbatim, and the words around the
//! quotes in the asker's language.

use serde_json::{json, Value};

use crate::harness::*;

/// Japanese and Russian client locales: the same verbatim English excerpts, and the words
/// around them (here the abstention sentence) in the asker's language. The hybrid engine runs
/// when the build has the model; the word engine abstains on a Japanese question.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_and_russian_locales_get_english_quotes_and_their_own_framing() {
    let bot = Bot::start_with(|c| c.engine.mode = nichiro::SearchMode::Hybrid).await;
    let ja = bot
        .interact(slash_in(
            "ask",
            &[(
                "question",
                json!("ノズドレフ大使はどの空港に到着しましたか？"),
            )],
            Place::guild(),
            "ja",
        ))
        .await;
    let said = format!("{}{}", ja.content(), ja.description());
    let hybrid = nichiro::model_path(None).is_some_and(|p| p.is_file());
    if hybrid {
        assert!(said.contains("Haneda Airport"), "{said}");
    } else {
        assert!(said.contains("引用できるものはありません"), "{said}");
    }
    let ru = bot
        .interact(slash_in(
            "ask",
            &[("question", json!("Какая температура кипения воды?"))],
            Place::guild(),
            "ru",
        ))
        .await;
    let content = ru.content();
    assert!(content.contains("цитировать нечего"), "{content}");
    assert!(content.contains("Попробуйте другие слова"), "{content}");
    assert!(
        !content.contains("You could try"),
        "no English framing: {content}"
    );
    bot.stop().await.unwrap();
}

/// The labels of the buttons of `message`.
fn labels(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["label"].as_str().map(str::to_string))
        .collect()
}

/// With the word engine (no model needed): a Japanese and a Russian client get the English
/// excerpt verbatim under a line saying it is quoted in English, "undated", dates, footers,
/// buttons and the abstention in their language; "More sources" and the other buttons keep the
/// answer's language even when the click comes from an English client.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_and_russian_clients_see_undated_and_the_abstention_in_their_language() {
    let bot = Bot::start().await;
    let ask_in = |question: &str, locale: &str| {
        slash_in(
            "ask",
            &[("question", json!(question))],
            Place::guild(),
            locale,
        )
    };
    for (locale, note, undated, footer, helpful, abstention, try_other) in [
        (
            "ja",
            "記事の原文（英語）をそのまま引用します：",
            "**Salmon Fishing Talks off Hokkaido Continue** · 日付不明",
            "コーパス：記事4件、最新は2024年4月3日",
            "役に立った",
            "コーパスの記事はこの質問を扱っていないため、引用できるものはありません。",
            "別の言葉で質問するか",
        ),
        (
            "ru",
            "Цитаты из статей приводятся в оригинале, на английском:",
            "**Salmon Fishing Talks off Hokkaido Continue** · без даты",
            "Корпус: 4 статьи, самая новая — 3 апреля 2024",
            "Полезно",
            "Статьи корпуса не отвечают на этот вопрос, поэтому цитировать нечего.",
            "Попробуйте другие слова",
        ),
    ] {
        let answered = bot
            .interact(ask_in(
                "What are the salmon catch quotas off Hokkaido?",
                locale,
            ))
            .await;
        let description = answered.description();
        assert!(description.starts_with(note), "{description}");
        // The article's own words, untranslated.
        assert!(
            description.contains("> Fisheries officials from both countries met to set the salmon and trout catch quotas for Japanese boats fishing off Hokkaido."),
            "{description}"
        );
        assert!(description.contains(undated), "{description}");
        assert!(!description.contains("undated"), "{description}");
        assert_eq!(answered.embed()["footer"]["text"], footer);
        assert!(
            labels(answered.message()).iter().any(|l| l == helpful),
            "{:?}",
            labels(answered.message())
        );

        let declined = bot
            .interact(ask_in("What is the boiling point of water?", locale))
            .await;
        assert!(declined.embed().is_null());
        let content = declined.content();
        assert!(content.starts_with(abstention), "{content}");
        assert!(content.contains(try_other), "{content}");
        assert!(!content.contains("You could try"), "{content}");
        assert!(labels(declined.message()).iter().any(|l| l == helpful));
    }

    // A date range in Russian, with the month in the form the preposition wants.
    let narrowed = bot
        .interact(slash_in(
            "ask",
            &[
                ("question", json!("At which airport did Nozdrev land?")),
                ("since", json!("2025-06")),
            ],
            Place::guild(),
            "ru",
        ))
        .await;
    let content = narrowed.content();
    assert!(
        content.starts_with("Ни одна статья за указанный период не отвечает"),
        "{content}"
    );
    assert!(content.contains("за период с июня 2025"), "{content}");

    // The answer's language is kept in its session: an English client's click on a Japanese
    // answer gets Japanese framing, not the clicker's.
    let answered = bot.interact(ask_in(PORTS_QUESTION, "ja")).await;
    let buttons = answered.buttons();
    let more = buttons.iter().find(|b| b.starts_with("more:")).unwrap();
    let next = bot.interact(click(more, Place::guild())).await;
    let description = next.description();
    assert!(
        description.starts_with("記事の原文（英語）をそのまま引用します："),
        "{description}"
    );
    assert!(description.contains("**4.**"), "{description}");
    assert!(
        description.contains("· Nikkei · 2023年7月"),
        "{description}"
    );
    let full = buttons.iter().find(|b| b.starts_with("full:")).unwrap();
    let passage = bot.interact(click(full, Place::guild())).await;
    assert_eq!(passage.embed()["footer"]["text"], "Nikkei · 2023年7月");
    let up = buttons.iter().find(|b| b.ends_with(":up")).unwrap();
    let thanks = bot.interact(click(up, Place::guild())).await;
    assert!(
        thanks.content().starts_with("ありがとうございます"),
        "{}",
        thanks.content()
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}
