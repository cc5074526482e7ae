//! Buttons under the bot's messages: More sources, Full passage, votes and their limit, page
//! turns, and forged custom ids.

use serde_json::json;

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_show_more_sources_full_passages_and_record_feedback() {
    let bot = Bot::start().await;
    let answered = bot.interact(ask(PORTS_QUESTION, Place::guild())).await;
    let buttons = answered.buttons();

    let full = buttons.iter().find(|b| b.starts_with("full:")).unwrap();
    let passage = bot.interact(click(full, Place::guild())).await;
    assert_eq!(passage.kind(), 4);
    assert!(passage.ephemeral());
    assert!(
        passage.description().contains("**"),
        "the excerpt is bold in its passage"
    );

    // Four passages answer the question: the fourth is one click away.
    let more = buttons
        .iter()
        .find(|b| b.starts_with("more:"))
        .expect("a More sources button");
    let next = bot.interact(click(more, Place::guild())).await;
    assert_eq!(next.kind(), 5);
    assert!(
        next.description().starts_with("> "),
        "{}",
        next.description()
    );
    assert!(
        next.description().contains("**4.**"),
        "{}",
        next.description()
    );
    assert!(
        next.buttons().iter().all(|b| !b.starts_with("more:")),
        "nothing after the fourth"
    );

    let up = buttons.iter().find(|b| b.ends_with(":up")).unwrap();
    let thanks = bot
        .interact(click(
            up,
            Place::Guild {
                user: 4242,
                permissions: 0,
            },
        ))
        .await;
    assert!(thanks.ephemeral());
    assert!(thanks.content().contains("Thanks"));
    let down = buttons.iter().find(|b| b.ends_with(":down")).unwrap();
    bot.interact(click(down, Place::guild())).await;
    let feedback = bot.feedback();
    assert_eq!(feedback.len(), 2);
    assert_eq!(feedback[0]["vote"], "up");
    assert_eq!(feedback[0]["user_id"], "4242");
    assert_eq!(feedback[0]["question"], PORTS_QUESTION);
    assert!(feedback[0]["answer"][0]["article_id"].is_string());
    assert!(feedback[0]["answer"][0]["excerpt"].is_string());
    assert!(feedback[0]["time"].is_string());
    assert_eq!(feedback[1]["vote"], "down");
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// Clicking 👍/👎 again and again on one answer keeps one vote, the last, in a file only its
/// owner can read; past the per-user limit, clicks get a polite private note.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_are_one_per_person_per_answer_and_clicks_are_rate_limited() {
    use std::os::unix::fs::PermissionsExt;
    // 3 questions a minute allow 6 button presses.
    let bot = Bot::start_with(|c| c.discord.questions_per_minute = 3).await;
    let answered = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    let buttons = answered.buttons();
    let up = buttons.iter().find(|b| b.ends_with(":up")).unwrap();
    let down = buttons.iter().find(|b| b.ends_with(":down")).unwrap();
    let message = 1_400_000_000_000_001;
    for i in 0..6 {
        let button = if i % 2 == 0 { up } else { down };
        let thanks = bot
            .interact(click_on(button, message, Place::guild()))
            .await;
        assert!(thanks.content().contains("Thanks"), "{}", thanks.content());
    }
    let refused = bot.interact(click_on(up, message, Place::guild())).await;
    assert!(refused.ephemeral());
    assert!(
        refused.content().contains("clicking quickly"),
        "{}",
        refused.content()
    );
    let feedback = bot.feedback();
    assert_eq!(feedback.len(), 1, "{feedback:?}");
    assert_eq!(feedback[0]["vote"], "down", "the last vote wins");
    assert_eq!(feedback[0]["message_id"], message.to_string());
    let path = &bot.config.discord.feedback_path;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    // Someone else may still click.
    let other = Place::Guild {
        user: 77,
        permissions: 0,
    };
    let thanks = bot.interact(click_on(up, message, other)).await;
    assert!(thanks.content().contains("Thanks"));
    assert_eq!(bot.feedback().len(), 2);
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// A forged or garbled custom id with a huge page or offset is an expired button, not a crash
/// or a huge search.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_numbers_in_button_ids_are_refused_politely() {
    let bot = Bot::start().await;
    let answered = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    let session = answered
        .buttons()
        .iter()
        .find(|b| b.ends_with(":up"))
        .unwrap()
        .split(':')
        .nth(1)
        .unwrap()
        .to_string();
    for id in [
        format!("vote:{session}:18446744073709551615:up"),
        format!("more:{session}:18446744073709551614"),
        format!("full:{session}:99999999"),
        "sources:0:18446744073709551615".to_string(),
        format!("search:{session}:4294967296"),
    ] {
        let reply = bot.interact(click(&id, Place::guild())).await;
        assert!(reply.ephemeral(), "{id}");
        assert!(
            reply.content().contains("ask again"),
            "{id}: {}",
            reply.content()
        );
    }
    assert!(bot.feedback().is_empty());
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_turn_with_buttons() {
    let bot = Bot::start_with(|c| {
        // Enough articles for several pages of /sources and /search.
        let extra: Vec<_> = (1..=25)
            .map(|i| {
                let mut a = corpus()[0].clone();
                a.id = format!("extra-{i:02}");
                a.meta.title = format!("Embassy note number {i}");
                a.meta.date = Some(format!("2022-{:02}", (i % 12) + 1).parse().unwrap());
                a.text = format!(
                    "Embassy note {i}: the embassy in Tokyo issued a note about consular services."
                );
                a
            })
            .collect();
        write_corpus(&c.engine.corpus_dir, &extra);
    })
    .await;
    let sources = bot.interact(slash("sources", &[], Place::guild())).await;
    let next = sources
        .buttons()
        .into_iter()
        .find(|b| b == "sources:0:1")
        .expect("a next page button");
    let page = bot.interact(click(&next, Place::guild())).await;
    assert_eq!(page.kind(), 7, "the message is updated in place");
    assert!(page.embed()["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Page 2 of 3"));

    let search = bot
        .interact(slash(
            "search",
            &[("query", json!("embassy note consular"))],
            Place::guild(),
        ))
        .await;
    let next = search
        .buttons()
        .into_iter()
        .find(|b| b.starts_with("search:") && b.ends_with(":1"))
        .expect("a next page button");
    let page = bot.interact(click(&next, Place::guild())).await;
    assert_eq!(
        page.kind(),
        6,
        "deferred update, then the same message edited"
    );
    assert!(
        page.description().starts_with("**5.**"),
        "{}",
        page.description()
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}
