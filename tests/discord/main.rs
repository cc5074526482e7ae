//! End-to-end tests of the Discord bot: the unmodified serenity client, started through the
//! library, against a fake Discord on 127.0.0.1 (REST + gateway). Nothing reaches the internet.
//!
//! The burst test is ignored in the normal run; run it by hand with
//! `cargo test --release --test discord -- --ignored --nocapture`.

#[path = "discord/fake.rs"]
mod fake;
#[path = "discord/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use fake::{APP_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, USER_ID};
use harness::*;

/// Every request the bot sent was within Discord's limits and allowed no mention.
fn assert_clean(bot: &Bot) {
    assert_eq!(bot.fake.violations(), Vec::<String>::new());
}

fn assert_no_mentions(body: &Value) {
    let m = &body["allowed_mentions"];
    assert_eq!(m["parse"], json!([]), "{body}");
    assert_eq!(m["users"], json!([]), "{body}");
    assert_eq!(m["roles"], json!([]), "{body}");
    assert_eq!(m["replied_user"], json!(false), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_registered_globally_with_localizations() {
    let bot = Bot::start().await;
    let (body, status, _) = bot
        .fake
        .wait_http(0, "PUT", |p| {
            p == format!("/api/v10/applications/{APP_ID}/commands")
        })
        .await;
    assert_eq!(status, 200);
    let commands = body.as_array().unwrap();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["ask", "search", "timeline", "sources", "help", "reindex", "import"]
    );
    for command in commands {
        assert!(command["name_localizations"]["ja"].is_string(), "{command}");
        assert!(command["name_localizations"]["ru"].is_string(), "{command}");
        assert!(
            command["description_localizations"]["ja"].is_string(),
            "{command}"
        );
        assert!(
            command["description_localizations"]["ru"].is_string(),
            "{command}"
        );
    }
    let ask = &commands[0];
    assert_eq!(ask["name_localizations"]["ja"], "質問");
    assert_eq!(ask["name_localizations"]["ru"], "спросить");
    assert_eq!(ask["contexts"], json!([0, 1]), "usable in servers and DMs");
    let question = &ask["options"][0];
    assert_eq!(question["name"], "question");
    assert_eq!(question["type"], 3);
    assert_eq!(question["required"], true);
    assert_eq!(question["max_length"], 1000);
    assert_eq!(
        question["description_localizations"]["ru"],
        "Ваш вопрос, обычными словами"
    );
    let options: Vec<&str> = ask["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(options, ["question", "since", "until", "private"]);
    for admin_only in [&commands[5], &commands[6]] {
        assert_eq!(admin_only["default_member_permissions"], "8");
        assert_eq!(admin_only["contexts"], json!([0]));
    }
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guild_id_registers_the_commands_in_that_server_only() {
    let bot = Bot::start_with(|c| c.discord.guild_id = Some(GUILD_ID)).await;
    let registrations: Vec<String> = bot
        .fake
        .journal()
        .iter()
        .filter_map(|e| e.http())
        .filter(|(m, p, _, _)| *m == "PUT" && p.ends_with("/commands"))
        .map(|(_, p, _, _)| p.to_string())
        .collect();
    assert_eq!(
        registrations,
        [format!(
            "/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
        )]
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guild_ask_is_deferred_then_answered_with_the_right_citation() {
    let bot = Bot::start().await;
    let answered = bot
        .interact(ask(
            "At which airport did Nikolai Nozdrev land?",
            Place::guild(),
        ))
        .await;
    assert_eq!(answered.kind(), 5, "deferred");
    assert!(!answered.ephemeral());
    let description = answered.description();
    assert!(description.contains("Haneda Airport"), "{description}");
    assert!(
        description.contains(
            "[Russian Ambassador's Arrival in Japan Signals Thaw in Diplomatic Freeze](https://example.org/thaw) · Japan Forward · 4 March 2024"
        ),
        "{description}"
    );
    assert!(
        description.starts_with("> "),
        "the excerpt is a quote: {description}"
    );
    assert_eq!(
        answered.embed()["footer"]["text"],
        "Corpus: 4 articles, newest 3 April 2024"
    );
    let buttons = answered.buttons();
    assert!(buttons
        .iter()
        .any(|b| b.starts_with("vote:") && b.ends_with(":up")));
    assert!(buttons.iter().any(|b| b.starts_with("full:")));
    assert_no_mentions(answered.message());
    println!("interaction → ack: {:?}", answered.ack);
    assert!(answered.ack < Duration::from_secs(3));
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_ask_answers_privately_when_asked_and_shows_undated_articles() {
    let bot = Bot::start().await;
    let answered = bot
        .interact(slash(
            "ask",
            &[
                (
                    "question",
                    json!("Why did the peace treaty negotiations stall?"),
                ),
                ("private", json!(true)),
            ],
            Place::dm(),
        ))
        .await;
    assert_eq!(answered.kind(), 5);
    assert!(answered.ephemeral(), "private answers are ephemeral");
    let description = answered.description();
    assert!(description.contains("peace treaty"), "{description}");
    assert!(
        description.contains(
            "**Russia-Japan Tensions Obstruct Peace Negotiations: Nozdrev** · TASS · 3 April 2024"
        ),
        "{description}"
    );

    let undated = bot
        .interact(ask(
            "What are the salmon catch quotas off Hokkaido?",
            Place::dm(),
        ))
        .await;
    assert!(
        undated
            .description()
            .contains("**Salmon Fishing Talks off Hokkaido Continue** · undated"),
        "{}",
        undated.description()
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn date_filters_narrow_the_answer_and_bad_input_is_explained_privately() {
    let bot = Bot::start().await;
    let filtered = bot
        .interact(slash(
            "ask",
            &[
                ("question", json!("At which airport did Nozdrev land?")),
                ("since", json!("2024-04")),
            ],
            Place::guild(),
        ))
        .await;
    // The landing was reported in March: from April on, only the later article is cited.
    let description = filtered.description();
    assert!(!description.contains("Signals Thaw"), "{description}");
    assert!(
        description.contains("Obstruct Peace Negotiations"),
        "{description}"
    );
    let footer = filtered.embed()["footer"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        footer.starts_with("Articles dated since April 2024 · Corpus"),
        "{footer}"
    );

    let nothing = bot
        .interact(slash(
            "ask",
            &[
                ("question", json!("At which airport did Nozdrev land?")),
                ("since", json!("2025")),
            ],
            Place::guild(),
        ))
        .await;
    let content = nothing.content();
    assert!(content.contains("date range"), "{content}");
    assert!(content.contains("since 2025"), "{content}");

    let bad = bot
        .interact(slash(
            "ask",
            &[
                ("question", json!("At which airport did Nozdrev land?")),
                ("until", json!("March 2024")),
            ],
            Place::guild(),
        ))
        .await;
    assert_eq!(bad.kind(), 4, "answered at once");
    assert!(bad.ephemeral());
    assert!(bad.content().contains("YYYY-MM"), "{}", bad.content());

    // Refused by the engine after the public defer: the placeholder is deleted and the
    // explanation goes to the asker alone.
    let from = bot.fake.mark();
    let reversed = bot
        .interact(slash(
            "ask",
            &[
                ("question", json!("At which airport did Nozdrev land?")),
                ("since", json!("2025")),
                ("until", json!("2024")),
            ],
            Place::guild(),
        ))
        .await;
    assert_eq!(reversed.kind(), 5);
    assert_eq!(reversed.message()["flags"], 64, "an ephemeral follow-up");
    assert!(
        reversed.content().contains("date range is empty"),
        "{}",
        reversed.content()
    );
    bot.fake
        .wait_http(from, "DELETE", |p| p.ends_with("/messages/@original"))
        .await;
    let empty = bot
        .interact(ask("<@123456789012345678>", Place::guild()))
        .await;
    assert!(empty.content().contains("empty"), "{}", empty.content());
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_in_a_channel_and_a_dm_are_answered_as_replies() {
    let bot = Bot::start().await;
    let bot_id = bot_id();

    // A channel message mentioning the bot.
    let from = bot.fake.mark();
    let question = chat(
        &format!("<@{bot_id}> what did Nozdrev say about the peace treaty negotiations?"),
        USER_ID,
        false,
        true,
        true,
    );
    let question_id = question["id"].as_str().unwrap().to_string();
    bot.fake.dispatch("MESSAGE_CREATE", question);
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let (reply, status, _) = bot.fake.wait_http(from, "POST", |p| p == path).await;
    assert_eq!(status, 200);
    assert_eq!(
        reply["message_reference"]["message_id"],
        question_id.as_str()
    );
    assert_no_mentions(&reply);
    let description = reply["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description.contains("peace treaty negotiations cannot resume"),
        "{description}"
    );

    // A direct message, no mention needed.
    let from = bot.fake.mark();
    let dm = chat(
        "At which airport did Nozdrev land?",
        USER_ID,
        false,
        false,
        false,
    );
    let dm_id = dm["id"].as_str().unwrap().to_string();
    bot.fake.dispatch("MESSAGE_CREATE", dm);
    let path = format!("/api/v10/channels/{DM_CHANNEL_ID}/messages");
    let (reply, _, _) = bot.fake.wait_http(from, "POST", |p| p == path).await;
    assert_eq!(reply["message_reference"]["message_id"], dm_id.as_str());
    assert!(reply["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Haneda"));

    // Not addressed, or from a bot: ignored. A marker DM afterwards proves the bot read them.
    let from = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat("the peace treaty, anyone?", USER_ID, false, false, true),
    );
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat(
            &format!("<@{bot_id}> peace treaty?"),
            999_999_999_999,
            true,
            true,
            true,
        ),
    );
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat("Haneda?", fake::BOT_ID, true, false, false),
    );
    let marker = chat(&format!("<@{bot_id}>"), USER_ID, false, true, true);
    let marker_id = marker["id"].as_str().unwrap().to_string();
    bot.fake.dispatch("MESSAGE_CREATE", marker);
    let (reply, _, _) = bot
        .fake
        .wait_http(from, "POST", |p| p.ends_with("/messages"))
        .await;
    assert_eq!(
        reply["message_reference"]["message_id"],
        marker_id.as_str(),
        "the first reply is to the marker: the others were ignored"
    );
    assert!(reply["content"]
        .as_str()
        .unwrap()
        .contains("Ask me a question"));
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_and_user_mentions_in_a_question_never_ping() {
    let bot = Bot::start().await;
    let question =
        "@everyone <@123456789012345678> <@&223456789012345678> at which airport did Nozdrev land?";
    let answered = bot.interact(ask(question, Place::guild())).await;
    // The defer and the answer both allow no mention.
    assert_no_mentions(&answered.callback["data"]);
    assert_no_mentions(answered.message());
    let title = answered.embed()["title"].as_str().unwrap();
    assert!(title.contains("@everyone"), "shown, not pinged: {title}");

    // An abstention is plain content, the riskiest place for a ping.
    let answered = bot
        .interact(ask(
            "@everyone @here what is the weather on Mars?",
            Place::guild(),
        ))
        .await;
    assert!(answered.embed().is_null());
    assert_no_mentions(answered.message());

    // The same through a mention.
    let from = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        chat(
            &format!(
                "<@{}> @everyone at which airport did Nozdrev land?",
                bot_id()
            ),
            USER_ID,
            false,
            true,
            true,
        ),
    );
    let (reply, _, _) = bot
        .fake
        .wait_http(from, "POST", |p| p.ends_with("/messages"))
        .await;
    assert_no_mentions(&reply);
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_answer_stays_within_discord_limits() {
    let bot = Bot::start().await;
    let long_question = format!(
        "What happened to Sakhalin-2 liquefied natural gas shipments to Japanese utilities under long-term contracts? {}",
        "Please include the trading houses Mitsui and Mitsubishi and the presidential decree. ".repeat(10)
    );
    assert!(long_question.chars().count() < 1000);
    let answered = bot.interact(ask(&long_question, Place::guild())).await;
    let embed = answered.embed();
    let description = embed["description"].as_str().unwrap();
    assert!(description.contains("Sakhalin"), "{description}");
    assert!(description.chars().count() <= 4096);
    assert!(embed["title"].as_str().unwrap().chars().count() <= 256);
    // Every quoted excerpt ends at a word boundary (cut ones with " …").
    for line in description.lines().filter(|l| l.starts_with("> ")) {
        let last = line.trim_end_matches(" …").chars().last().unwrap();
        assert!(last.is_alphanumeric() || ".!?\"')".contains(last), "{line}");
    }
    // More sources, and everything they show, fits too.
    let more = answered
        .buttons()
        .into_iter()
        .find(|b| b.starts_with("more:"));
    if let Some(more) = more {
        let next = bot.interact(click(&more, Place::guild())).await;
        assert!(next.message.is_some());
    }
    for full in answered
        .buttons()
        .into_iter()
        .filter(|b| b.starts_with("full:"))
    {
        let passage = bot.interact(click(&full, Place::guild())).await;
        assert!(passage.ephemeral());
        assert!(passage.description().chars().count() <= 4096);
    }
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_command_gets_a_polite_private_reply() {
    let bot = Bot::start().await;
    let answered = bot.interact(slash("frobnicate", &[], Place::guild())).await;
    assert_eq!(answered.kind(), 4);
    assert!(answered.ephemeral());
    let content = answered.content();
    assert!(
        content.contains("/frobnicate") && content.contains("/help"),
        "{content}"
    );
    // So does a button the bot never made.
    let answered = bot.interact(click("something:else", Place::guild())).await;
    assert!(answered.ephemeral());
    assert!(answered.content().contains("ask again"));
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_gateway_connection_is_resumed_and_answers_continue() {
    let bot = Bot::start().await;
    let first = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    assert!(first.description().contains("Haneda"));

    let from = bot.fake.mark();
    bot.fake.drop_connection();
    // The bot reconnects by itself and resumes its session (op 6).
    bot.fake
        .wait_for(from, Duration::from_secs(30), |e| match &e.event {
            fake::Event::Dispatch { t, .. } if t == "RESUMED" || t == "READY" => Some(()),
            _ => None,
        })
        .await;
    let again = bot
        .interact(ask("At which airport did Nozdrev land?", Place::dm()))
        .await;
    assert!(again.description().contains("Haneda"));
    let connections = bot
        .fake
        .journal()
        .iter()
        .filter(|e| matches!(e.event, fake::Event::Connected))
        .count();
    assert_eq!(connections, 2);
    let resumed = bot
        .fake
        .journal()
        .iter()
        .any(|e| matches!(&e.event, fake::Event::FromBot { op: 6, d } if d["session_id"] == "fake-session"));
    assert!(resumed, "the session was resumed, not started over");
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_callback_leaves_the_bot_up_for_the_next_question() {
    let bot = Bot::start().await;
    bot.fake.fail_next_callbacks(1);
    let interaction = ask("At which airport did Nozdrev land?", Place::guild());
    let callback = format!(
        "/api/v10/interactions/{}/{}/callback",
        interaction["id"].as_str().unwrap(),
        interaction["token"].as_str().unwrap()
    );
    let from = bot.fake.mark();
    let failed = bot.interact(interaction).await;
    assert_eq!(failed.status, 500);
    // The bot does not go silent: it tries once more, with a private apology.
    let retried = bot
        .fake
        .wait_for(from, Duration::from_secs(10), |e| match e.http() {
            Some(("POST", p, body, 204)) if p == callback => Some(body.clone()),
            _ => None,
        })
        .await;
    assert_eq!(retried["type"], 4);
    assert_eq!(retried["data"]["flags"], 64);
    assert!(retried["data"]["content"]
        .as_str()
        .unwrap()
        .contains("error id"));

    let next = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    assert_eq!(next.status, 204);
    assert!(next.description().contains("Haneda"));
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_show_more_sources_full_passages_and_record_feedback() {
    let bot = Bot::start().await;
    let answered = bot
        .interact(ask("What did Nozdrev say about Japan?", Place::guild()))
        .await;
    let buttons = answered.buttons();

    let full = buttons.iter().find(|b| b.starts_with("full:")).unwrap();
    let passage = bot.interact(click(full, Place::guild())).await;
    assert_eq!(passage.kind(), 4);
    assert!(passage.ephemeral());
    assert!(
        passage.description().contains("**"),
        "the excerpt is bold in its passage"
    );

    if let Some(more) = buttons.iter().find(|b| b.starts_with("more:")) {
        let next = bot.interact(click(more, Place::guild())).await;
        assert_eq!(next.kind(), 5);
        assert!(next.message.is_some());
    }

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
    assert_eq!(feedback[0]["question"], "What did Nozdrev say about Japan?");
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
async fn search_timeline_sources_and_help() {
    let bot = Bot::start().await;
    let search = bot
        .interact(slash(
            "search",
            &[("query", json!("Nozdrev"))],
            Place::guild(),
        ))
        .await;
    assert_eq!(search.kind(), 5);
    assert!(search.embed()["title"]
        .as_str()
        .unwrap()
        .contains("Nozdrev"));
    assert!(search.description().contains("**1.**"));

    let timeline = bot.interact(slash("timeline", &[], Place::guild())).await;
    let description = timeline.description();
    let sakhalin = description.find("**July 2023**").expect(&description);
    let thaw = description.find("**4 March 2024**").expect(&description);
    assert!(sakhalin < thaw, "oldest first");

    let sources = bot.interact(slash("sources", &[], Place::dm())).await;
    assert_eq!(sources.kind(), 4, "answered at once");
    let description = sources.description();
    let treaty = description.find("Tensions Obstruct").unwrap();
    let thaw = description.find("Signals Thaw").unwrap();
    let undated = description.find("Salmon Fishing").unwrap();
    assert!(
        treaty < thaw && thaw < undated,
        "newest first, undated last"
    );

    let help = bot
        .interact(slash_in("help", &[], Place::guild(), "ja"))
        .await;
    assert!(help.ephemeral());
    assert!(
        help.description().contains("日露関係"),
        "{}",
        help.description()
    );
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_too_fast_gets_a_polite_private_note() {
    let bot = Bot::start_with(|c| c.discord.questions_per_minute = 1).await;
    let first = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    assert_eq!(first.kind(), 5);
    let second = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    assert_eq!(second.kind(), 4);
    assert!(second.ephemeral());
    assert!(
        second.content().contains("1 questions a minute")
            || second.content().contains("try again in")
    );
    // Someone else may still ask.
    let other = bot
        .interact(ask(
            "At which airport did Nozdrev land?",
            Place::Guild {
                user: 77,
                permissions: 0,
            },
        ))
        .await;
    assert_eq!(other.kind(), 5);
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// Mentions past the limit get one note, then silence: a flood of mentions in a channel cannot
/// make the bot flood it with notes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_mentions_gets_one_answer_and_one_note() {
    let bot = Bot::start_with(|c| c.discord.questions_per_minute = 1).await;
    let from = bot.fake.mark();
    for _ in 0..6 {
        let text = format!("<@{}> At which airport did Nozdrev land?", bot_id());
        bot.fake
            .dispatch("MESSAGE_CREATE", chat(&text, USER_ID, false, true, true));
    }
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    let replies = || {
        bot.fake
            .journal()
            .iter()
            .skip(from)
            .filter_map(|e| match e.http() {
                Some(("POST", p, body, _)) if p == path => Some(body.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while replies().len() < 2 {
        assert!(Instant::now() < deadline, "{:?}", replies());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Time for any further reply to show up.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let replies = replies();
    assert_eq!(replies.len(), 2, "{replies:?}");
    let notes = replies
        .iter()
        .filter(|r| {
            r["content"]
                .as_str()
                .is_some_and(|c| c.contains("asking quickly"))
        })
        .count();
    assert_eq!(notes, 1, "{replies:?}");
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_inside_a_command_is_an_apology_with_an_error_id() {
    // The feedback "file" is a directory: recording a vote fails.
    let bot = Bot::start_with(|c| {
        let dir = c.engine.corpus_dir.parent().unwrap().join("not-a-file");
        std::fs::create_dir_all(&dir).unwrap();
        c.discord.feedback_path = dir;
    })
    .await;
    let answered = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    let up = answered
        .buttons()
        .into_iter()
        .find(|b| b.ends_with(":up"))
        .unwrap();
    let sorry = bot.interact(click(&up, Place::guild())).await;
    assert!(sorry.ephemeral());
    let content = sorry.content();
    assert!(content.starts_with("Sorry"), "{content}");
    assert!(content.contains("error id `E"), "{content}");
    // Still up.
    let again = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    assert!(again.description().contains("Haneda"));
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_is_for_administrators_and_the_poll_picks_up_new_articles() {
    let bot = Bot::start_with(|c| c.discord.corpus_poll_seconds = 1).await;
    let refused = bot.interact(slash("reindex", &[], Place::guild())).await;
    assert!(refused.ephemeral());
    assert!(
        refused.content().contains("administrators"),
        "{}",
        refused.content()
    );

    // A new article appears; the poll swaps the engine without a restart.
    let mut new = corpus()[1].clone();
    new.id = "new-article".into();
    new.meta.title = "Kurils Visa-Free Exchanges Suspended".into();
    new.meta.date = Some("2025-06-01".parse().unwrap());
    new.text = "The visa-free exchange programme for former residents of the Kuril islands remained suspended.".into();
    write_corpus(&bot.config.engine.corpus_dir, &[new]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let sources = bot.interact(slash("sources", &[], Place::guild())).await;
        if sources.description().contains("Visa-Free") {
            assert!(sources.embed()["footer"]["text"]
                .as_str()
                .unwrap()
                .contains("5 articles, newest 1 June 2025"));
            break;
        }
        assert!(Instant::now() < deadline, "the new article never appeared");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    let admin = Place::Guild {
        user: USER_ID,
        permissions: 8,
    };
    let reloaded = bot.interact(slash("reindex", &[], admin)).await;
    assert_eq!(reloaded.kind(), 5);
    assert!(reloaded.ephemeral());
    assert!(
        reloaded.content().contains("Reloaded"),
        "{}",
        reloaded.content()
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// Serves tests/data/web/wire-tass.html at `/wire.html` on 127.0.0.1; returns the base url.
async fn page_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let page = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/web/wire-tass.html"),
    )
    .unwrap();
    let app = axum::Router::new().route(
        "/wire.html",
        axum::routing::get(move || async move { axum::response::Html(page) }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_is_for_administrators_and_fetches_only_public_or_feed_hosts() {
    let base = page_server().await;
    let feed = format!("{base}/feed.xml");
    let bot = Bot::start_with(|c| {
        c.feeds = vec![nichiro::config::FeedConfig {
            url: feed,
            name: None,
        }];
        c.follow.feed_poll_minutes = 0;
    })
    .await;
    let url = |u: &str| vec![("url", json!(u))];
    let page = format!("{base}/wire.html");
    let refused = bot
        .interact(slash("import", &url(&page), Place::guild()))
        .await;
    assert!(refused.ephemeral());
    assert!(
        refused.content().contains("administrators"),
        "{}",
        refused.content()
    );

    let admin = || Place::Guild {
        user: USER_ID,
        permissions: 8,
    };
    // The same server under another name is not a configured feed's host.
    let port = base.rsplit(':').next().unwrap();
    let elsewhere = format!("http://localhost:{port}/wire.html");
    let private = bot
        .interact(slash("import", &url(&elsewhere), admin()))
        .await;
    assert!(private.ephemeral());
    assert!(
        private.content().contains("private or loopback"),
        "{}",
        private.content()
    );

    let done = bot.interact(slash("import", &url(&page), admin())).await;
    assert!(done.ephemeral());
    assert!(
        done.content().starts_with("Imported **Russia open to dialogue with Japan on peace treaty, ambassador says** (TASS, 2025-02-14)"),
        "{}",
        done.content()
    );
    let sources = bot.interact(slash("sources", &[], Place::guild())).await;
    assert!(
        sources.description().contains("Russia open to dialogue"),
        "{}",
        sources.description()
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_is_one_clear_error() {
    // HTTP 401 on the first request.
    let fake = fake::FakeDiscord::start().await;
    fake.reject_token();
    let dir = tempfile::tempdir().unwrap();
    write_corpus(&dir.path().join("corpus"), &corpus());
    let result = nichiro::discord::serve(
        config(dir.path(), &fake.url()),
        nichiro::discord::Token::new(TOKEN).unwrap(),
        std::future::pending(),
    )
    .await;
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("DISCORD_TOKEN") && message.contains("rejected"),
        "{message}"
    );
    assert!(!message.contains(TOKEN));
    assert!(
        !fake
            .journal()
            .iter()
            .any(|e| matches!(e.event, fake::Event::Connected)),
        "no gateway connection with a rejected token"
    );

    // Gateway close 4004 on IDENTIFY.
    let fake = fake::FakeDiscord::start().await;
    fake.close_on_identify(4004);
    let dir = tempfile::tempdir().unwrap();
    write_corpus(&dir.path().join("corpus"), &corpus());
    let result = tokio::time::timeout(
        Duration::from_secs(20),
        nichiro::discord::serve(
            config(dir.path(), &fake.url()),
            nichiro::discord::Token::new(TOKEN).unwrap(),
            std::future::pending(),
        ),
    )
    .await
    .expect("serve should stop on 4004");
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("DISCORD_TOKEN") && message.contains("rejected"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_discord_is_one_clear_error() {
    // A port nobody listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let result = nichiro::discord::serve(
        config(dir.path(), &format!("http://127.0.0.1:{port}")),
        nichiro::discord::Token::new(TOKEN).unwrap(),
        std::future::pending(),
    )
    .await;
    let message = result.unwrap_err().to_string();
    assert!(message.starts_with("cannot reach Discord"), "{message}");
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(
        !message.contains(TOKEN) && !message.contains('\n'),
        "{message}"
    );
}

/// The binary's contract: `nichiro bot` without DISCORD_TOKEN prints one line naming it and
/// exits non-zero.
#[test]
fn missing_token_is_one_line_on_stderr_and_a_failure_exit() {
    let dir = tempfile::tempdir().unwrap();
    for token in [None, Some("   ")] {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"));
        command
            .arg("bot")
            .current_dir(dir.path())
            .env_remove("DISCORD_TOKEN")
            .env_remove("NICHIRO_LOG")
            .env_remove("RUST_BACKTRACE");
        if let Some(token) = token {
            command.env("DISCORD_TOKEN", token);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("DISCORD_TOKEN"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// The binary runs against the fake through DISCORD_HTTP_PROXY, answers, and exits 0 on
/// SIGTERM; the token appears nowhere in its output, even at debug level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_through_the_proxy_and_exits_cleanly_on_sigterm() {
    let fake = fake::FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let child = spawn_bot_binary(&fake, dir.path(), "debug");
    fake.wait_ready().await;
    let from = fake.mark();
    let interaction = ask("At which airport did Nozdrev land?", Place::guild());
    let token = interaction["token"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", interaction);
    let (body, _, _) = fake.wait_http(from, "PATCH", |p| p.contains(&token)).await;
    assert!(body["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Haneda"));

    let (status, stderr) = stop_bot_binary(child, dir.path()).await;
    assert!(status.success(), "exit {status:?}\n{stderr}");
    assert!(
        !stderr.contains("test-token-do-not-log"),
        "the token leaked into the log"
    );
    assert!(stderr.contains("shutting down"), "{stderr}");
}

/// `nichiro bot` on a fresh copy of the test corpus in `dir`, against `fake`, with the log
/// filter `log` and stderr going to `dir/stderr.log`.
fn spawn_bot_binary(fake: &fake::FakeDiscord, dir: &std::path::Path, log: &str) -> KillOnDrop {
    write_corpus(&dir.join("corpus"), &corpus());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"))
        .arg("bot")
        .current_dir(dir)
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_HTTP_PROXY", fake.url())
        .env("NICHIRO_MODE", "words")
        .env("DISCORD_GUILD_ID", GUILD_ID.to_string())
        .env("NICHIRO_CORPUS", dir.join("corpus"))
        .env("NICHIRO_INDEX", dir.join("index"))
        .env("NICHIRO_LOG", log)
        .stdout(std::process::Stdio::null())
        // A file, not a pipe: nobody reads a pipe while the bot runs, and debug logging
        // would fill it and block the bot.
        .stderr(std::fs::File::create(dir.join("stderr.log")).unwrap())
        .spawn()
        .unwrap();
    KillOnDrop(Some(child))
}

/// Sends SIGTERM to a bot started by [`spawn_bot_binary`] and returns how it exited and what
/// it logged.
async fn stop_bot_binary(
    child: KillOnDrop,
    dir: &std::path::Path,
) -> (std::process::ExitStatus, String) {
    let pid = child.0.as_ref().unwrap().id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(
        Duration::from_secs(20),
        tokio::task::spawn_blocking(move || child.take().wait()),
    )
    .await
    .expect("the bot did not exit on SIGTERM")
    .unwrap()
    .unwrap();
    (
        status,
        std::fs::read_to_string(dir.join("stderr.log")).unwrap(),
    )
}

/// Kills the child process if a test fails before it exits.
struct KillOnDrop(Option<std::process::Child>);

impl KillOnDrop {
    fn take(mut self) -> std::process::Child {
        self.0.take().unwrap()
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The token never reaches the log, at trace level and with a filter that asks for the
/// websocket frame dumps by name: not raw, not hex, not base64, and no interaction token either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_trace_level_no_token_reaches_the_log() {
    use base64::Engine as _;
    let fake = fake::FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let child = spawn_bot_binary(
        &fake,
        dir.path(),
        "trace,tungstenite=trace,tokio_tungstenite=trace,reqwest=trace,serenity=trace",
    );
    fake.wait_ready().await;
    let question = ask("At which airport did Nozdrev land?", Place::guild());
    let mut interaction_tokens = vec![question["token"].as_str().unwrap().to_string()];
    let from = fake.mark();
    fake.dispatch("INTERACTION_CREATE", question);
    let (body, _, _) = fake
        .wait_http(from, "PATCH", |p| p.contains(&interaction_tokens[0]))
        .await;
    let up = buttons_of(&body)
        .into_iter()
        .find(|id| id.ends_with(":up"))
        .unwrap();
    let vote = click(&up, Place::guild());
    interaction_tokens.push(vote["token"].as_str().unwrap().to_string());
    let from = fake.mark();
    fake.dispatch("INTERACTION_CREATE", vote);
    fake.wait_http(from, "POST", |p| p.contains(&interaction_tokens[1]))
        .await;
    let (status, stderr) = stop_bot_binary(child, dir.path()).await;
    assert!(status.success(), "exit {status:?}");
    assert!(
        stderr.contains("TRACE"),
        "the log is at trace level: {}",
        &stderr[..stderr.len().min(2000)]
    );
    let hex: String = TOKEN.bytes().map(|b| format!("{b:02x}")).collect();
    let mut forbidden = vec![TOKEN.to_string(), hex.to_uppercase(), hex];
    for engine in [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::URL_SAFE,
    ] {
        forbidden.push(engine.encode(TOKEN));
        forbidden.push(engine.encode(format!("Bot {TOKEN}")));
    }
    forbidden.push(
        TOKEN
            .bytes()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    forbidden.extend(interaction_tokens);
    for secret in &forbidden {
        if let Some(at) = stderr.find(secret.as_str()) {
            let start = stderr[..at].rfind('\n').map_or(0, |n| n + 1);
            panic!(
                "a secret leaked into the log: {}",
                &stderr[start..(at + 200).min(stderr.len())]
            );
        }
    }
}

/// A bad Discord-only setting stops `nichiro bot` with one line naming it, and no other
/// command.
#[test]
fn a_bad_discord_setting_stops_only_the_bot() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(&dir.path().join("corpus"), &corpus());
    for (name, value) in [
        ("NICHIRO_QUESTIONS_PER_MINUTE", "abc"),
        ("DISCORD_GUILD_ID", "x"),
        ("NICHIRO_SHARDS", "0"),
        ("NICHIRO_SHARD_RANGE", "3..1"),
    ] {
        let run = |args: &[&str]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"))
                .args(args)
                .current_dir(dir.path())
                .env(name, value)
                .env("NICHIRO_MODE", "words")
                .env("DISCORD_TOKEN", TOKEN)
                .env("NICHIRO_INDEX", dir.path().join("index"))
                .env(
                    "NICHIRO_ALIASES",
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aliases.toml"),
                )
                .env_remove("NICHIRO_LOG")
                .output()
                .unwrap()
        };
        let sources = run(&["sources"]);
        assert!(
            sources.status.success(),
            "{name}={value}: {}",
            String::from_utf8_lossy(&sources.stderr)
        );
        let asked = run(&["ask", "At which airport did Nozdrev land?"]);
        assert!(String::from_utf8_lossy(&asked.stdout).contains("Haneda"));
        let bot = run(&["bot"]);
        let stderr = String::from_utf8_lossy(&bot.stderr);
        assert_eq!(bot.status.code(), Some(1), "{name}={value}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(name), "{stderr}");
    }
}

/// Discord recommends two shards: the bot connects both (IDENTIFY with [0, 2] and [1, 2]),
/// registers its commands once, and answers on each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_recommended_shards_both_connect_and_answer() {
    let fake = fake::FakeDiscord::start().await;
    fake.recommend_shards(2);
    let bot = Bot::spawn_on(fake, |_| {}).await;
    wait_for_ready_shards(&bot.fake, 2).await;
    let mut shards = bot.fake.identified_shards();
    shards.sort_by_key(|s| s[0].as_u64());
    assert_eq!(shards, vec![json!([0, 2]), json!([1, 2])]);
    for shard in [0, 1] {
        let question = ask("At which airport did Nozdrev land?", Place::guild());
        let token = question["token"].as_str().unwrap().to_string();
        let from = bot.fake.mark();
        bot.fake
            .dispatch_to_shard(shard, "INTERACTION_CREATE", question);
        let (body, _, _) = bot
            .fake
            .wait_http(from, "PATCH", |p| p.contains(&token))
            .await;
        assert!(body["embeds"][0]["description"]
            .as_str()
            .unwrap()
            .contains("Haneda"));
    }
    let registrations = bot
        .fake
        .journal()
        .iter()
        .filter(|e| matches!(e.http(), Some(("PUT", p, _, _)) if p.ends_with("/commands")))
        .count();
    assert_eq!(registrations, 1);
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// A recommendation of 0 shards (from a proxy answering for Discord) is not a crash: the bot
/// runs one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recommendation_of_zero_shards_runs_one() {
    let fake = fake::FakeDiscord::start().await;
    fake.recommend_shards(0);
    let bot = Bot::spawn_on(fake, |_| {}).await;
    bot.fake.wait_ready().await;
    assert_eq!(bot.fake.identified_shards(), vec![json!([0, 1])]);
    let answered = bot
        .interact(ask("At which airport did Nozdrev land?", Place::guild()))
        .await;
    assert!(answered.description().contains("Haneda"));
    bot.stop().await.unwrap();
}

/// Two processes side by side, each running one shard of two (NICHIRO_SHARDS=2 with
/// NICHIRO_SHARD_RANGE=0..0 and 1..1), on one corpus, one index and one feedback file: each
/// answers on its shard and both votes are kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_each_run_a_range_of_shards_on_one_index() {
    let first = Bot::start_with(|c| {
        c.discord.shards = Some(2);
        c.discord.shard_range = Some("0..0".into());
    })
    .await;
    assert_eq!(first.fake.identified_shards(), vec![json!([0, 2])]);
    let mut config = first.config.clone();
    config.discord.shard_range = Some("1..1".into());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let second = tokio::spawn(nichiro::discord::serve(
        config,
        nichiro::discord::Token::new(TOKEN).unwrap(),
        async move {
            let _ = stopped.await;
        },
    ));
    wait_for_ready_shards(&first.fake, 2).await;
    let mut shards = first.fake.identified_shards();
    shards.sort_by_key(|s| s[0].as_u64());
    assert_eq!(shards, vec![json!([0, 2]), json!([1, 2])]);

    for (shard, user) in [(0, 501), (1, 502)] {
        let place = Place::Guild {
            user,
            permissions: 0,
        };
        let question = ask("At which airport did Nozdrev land?", place);
        let token = question["token"].as_str().unwrap().to_string();
        let from = first.fake.mark();
        first
            .fake
            .dispatch_to_shard(shard, "INTERACTION_CREATE", question);
        let (body, _, _) = first
            .fake
            .wait_http(from, "PATCH", |p| p.contains(&token))
            .await;
        let up = buttons_of(&body)
            .into_iter()
            .find(|id| id.ends_with(":up"))
            .unwrap();
        // The click comes back on the shard of the message's server, as on Discord.
        let vote = click(&up, place);
        let token = vote["token"].as_str().unwrap().to_string();
        let from = first.fake.mark();
        first
            .fake
            .dispatch_to_shard(shard, "INTERACTION_CREATE", vote);
        let (body, _, _) = first
            .fake
            .wait_http(from, "POST", |p| p.contains(&token))
            .await;
        assert_eq!(body["type"], 4, "{body}");
        assert!(body["data"]["content"].as_str().unwrap().contains("Thanks"));
    }
    let voters: Vec<Value> = first
        .feedback()
        .iter()
        .map(|v| v["user_id"].clone())
        .collect();
    assert_eq!(voters, vec![json!("501"), json!("502")]);
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(20), second)
        .await
        .expect("the second process did not stop")
        .unwrap()
        .unwrap();
    first.stop().await.unwrap();
}

/// Waits until the fake has sent `n` READY dispatches (one per shard; serenity starts shards
/// 5 seconds apart).
async fn wait_for_ready_shards(fake: &fake::FakeDiscord, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let ready = || {
        fake.journal()
            .iter()
            .filter(|e| matches!(&e.event, fake::Event::Dispatch { t, .. } if t == "READY"))
            .count()
    };
    while ready() < n {
        assert!(Instant::now() < deadline, "only {} shards ready", ready());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// 200 `/ask` interactions dispatched at once: every one acknowledged and answered. Prints the
/// time from dispatch to acknowledgement (p50/p99/max). Run by hand, in release:
/// `cargo test --release --test discord -- --ignored --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn burst_of_200_asks_is_acknowledged_and_answered() {
    const N: usize = 200;
    let bot = Bot::start().await;
    let questions = [
        "At which airport did Nikolai Nozdrev land?",
        "Why did the peace treaty negotiations stall?",
        "What are the salmon catch quotas off Hokkaido?",
        "What happened to Sakhalin-2 gas shipments to Japan?",
    ];

    // First, the normal case: one question at a time.
    let mut normal = Vec::new();
    for i in 0..20 {
        let answered = bot
            .interact(ask(questions[i % questions.len()], Place::guild()))
            .await;
        assert!(answered.message.is_some());
        normal.push(answered.ack);
    }
    normal.sort();
    println!(
        "one at a time, 20 /ask: dispatch → ack p50 {:?}, max {:?}",
        percentile(&normal, 50.0),
        normal.last().unwrap()
    );

    let from = bot.fake.mark();
    let mut pending = Vec::with_capacity(N);
    for i in 0..N {
        // Distinct users, as in a real burst (the per-user limit stays realistic).
        let place = Place::Guild {
            user: 10_000 + i as u64,
            permissions: 0,
        };
        let interaction = ask(questions[i % questions.len()], place);
        pending.push((
            interaction["id"].as_str().unwrap().to_string(),
            interaction["token"].as_str().unwrap().to_string(),
        ));
        bot.fake.dispatch("INTERACTION_CREATE", interaction);
    }
    let started = Instant::now();
    // Wait until every interaction has its answer (the edit of its deferred response).
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let journal = bot.fake.journal();
        let answered: std::collections::HashSet<&str> = journal
            .iter()
            .skip(from)
            .filter_map(|e| match e.http() {
                Some(("PATCH", p, _, 200)) => p.split('/').nth(5),
                _ => None,
            })
            .collect();
        if pending
            .iter()
            .all(|(_, token)| answered.contains(token.as_str()))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {} of {N} answered",
            answered.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let all_answered = started.elapsed();
    let journal = bot.fake.journal();
    let mut acks = Vec::with_capacity(N);
    for (id, token) in &pending {
        let dispatched = journal
            .iter()
            .find(|e| matches!(&e.event, fake::Event::Dispatch { d, .. } if d["id"] == id.as_str()))
            .unwrap()
            .at;
        let acked = journal
            .iter()
            .find(|e| {
                matches!(e.http(), Some(("POST", p, _, 204)) if p == format!("/api/v10/interactions/{id}/{token}/callback"))
            })
            .expect("every interaction is acknowledged")
            .at;
        acks.push(acked.saturating_duration_since(dispatched));
    }
    acks.sort();
    let p50 = percentile(&acks, 50.0);
    let p99 = percentile(&acks, 99.0);
    let max = *acks.last().unwrap();
    println!(
        "burst of {N} /ask: dispatch → ack p50 {p50:?}, p99 {p99:?}, max {max:?}; all answered {all_answered:?} after the last dispatch"
    );
    assert!(
        max < Duration::from_secs(3),
        "an interaction missed Discord's 3 s window"
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

/// Issue 4's memory target: the bot, idle after one answer on the shipped corpus, stays small.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_bot_on_the_shipped_corpus_stays_under_60_mb() {
    let fake = fake::FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"))
        .arg("bot")
        .current_dir(dir.path())
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_HTTP_PROXY", fake.url())
        .env("NICHIRO_MODE", "words")
        .env("NICHIRO_CORPUS", &shipped)
        .env("NICHIRO_INDEX", dir.path().join("index"))
        .env(
            "NICHIRO_ALIASES",
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aliases.toml"),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let child = KillOnDrop(Some(child));
    fake.wait_ready().await;
    let from = fake.mark();
    let interaction = ask("At which airport did Nozdrev land?", Place::guild());
    let token = interaction["token"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", interaction);
    let (body, _, _) = fake.wait_http(from, "PATCH", |p| p.contains(&token)).await;
    assert!(body["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Haneda"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = child.0.as_ref().unwrap().id();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let rss_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    eprintln!("idle bot resident memory: {:.1} MB", rss_kb as f64 / 1024.0);
    assert!(rss_kb < 60 * 1024, "idle bot uses {rss_kb} kB");
}

/// Japanese and Russian client locales: the same verbatim English excerpts, and the words
/// around them (here the abstention sentence) in the asker's language. The hybrid engine runs
/// when the build has the model; the word engine abstains on a Japanese question.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn japanese_and_russian_locales_get_english_quotes_and_their_own_framing() {
    let bot = Bot::start_with(|c| c.engine.mode = nichiro::config::SearchMode::Hybrid).await;
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
    let hybrid = nichiro::embed::model_path(None).is_some_and(|p| p.is_file());
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
