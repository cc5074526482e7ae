//! Slash commands: registration with their localizations, `/ask` in servers and DMs, date filters
//! and bad input, limits, `/search`, `/timeline`, `/sources`, `/help`, the per-user limit, and
//! the administrators' `/reindex` and `/import`.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::fake::{APP_ID, GUILD_ID, USER_ID};
use crate::harness::*;

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
        [
            "ask",
            "search",
            "timeline",
            "sources",
            "help",
            "reindex",
            "import",
            "subscribe",
            "unsubscribe"
        ]
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

/// Three excerpts of three long sentences each do not fit one embed: each is cut, at the end
/// of a sentence, and marked; the fourth citation is one "More sources" away, and every full
/// passage fits too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_answer_stays_within_discord_limits() {
    let bot = Bot::start().await;
    let answered = bot.interact(ask(PORTS_QUESTION, Place::guild())).await;
    let embed = answered.embed();
    let description = embed["description"].as_str().unwrap();
    assert!(description.chars().count() <= 4096);
    assert!(embed["title"].as_str().unwrap().chars().count() <= 256);
    let quotes: Vec<&str> = description
        .lines()
        .filter(|l| l.starts_with("> "))
        .collect();
    assert_eq!(quotes.len(), 3, "{description}");
    for quote in &quotes {
        // Cut (the excerpt is three sentences, ~1,500 characters, against a share of ~1,300),
        // and cut where a sentence ends.
        let kept = quote
            .strip_suffix(" …")
            .unwrap_or_else(|| panic!("not cut: {quote}"));
        assert!(kept.ends_with("in the summer."), "{quote}");
        assert!(kept.contains("Sakhalin-2"), "{quote}");
    }
    let more = answered
        .buttons()
        .into_iter()
        .find(|b| b.starts_with("more:"))
        .expect("the article has a fourth passage: a More sources button");
    let next = bot.interact(click(&more, Place::guild())).await;
    let more_text = next.description();
    assert!(more_text.contains("**4.**"), "{more_text}");
    assert!(more_text.chars().count() <= 4096);
    for full in answered
        .buttons()
        .into_iter()
        .filter(|b| b.starts_with("full:"))
    {
        let passage = bot.interact(click(&full, Place::guild())).await;
        assert!(passage.ephemeral());
        assert!(passage.description().contains("Korsakov"));
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

/// A new article in the corpus directory: `/reindex` (administrators only) makes it answerable
/// at once, while the poll is an hour away; with a one-second poll, it appears by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_is_for_administrators_and_the_poll_picks_up_new_articles() {
    let new = {
        let mut new = corpus()[1].clone();
        new.id = "new-article".into();
        new.meta.title = "Kurils Visa-Free Exchanges Suspended".into();
        new.meta.date = Some("2025-06-01".parse().unwrap());
        new.text = "The visa-free exchange programme for former residents of the Kuril islands remained suspended.".into();
        new
    };
    let shows_new = |sources: &Answered| sources.description().contains("Visa-Free");

    let bot = Bot::start_with(|c| c.discord.corpus_poll_seconds = 3600).await;
    let refused = bot.interact(slash("reindex", &[], Place::guild())).await;
    assert!(refused.ephemeral());
    assert!(
        refused.content().contains("administrators"),
        "{}",
        refused.content()
    );
    write_corpus(&bot.config.engine.corpus_dir, std::slice::from_ref(&new));
    let before = bot.interact(slash("sources", &[], Place::guild())).await;
    assert!(!shows_new(&before), "nothing reloads before /reindex");
    let admin = Place::Guild {
        user: USER_ID,
        permissions: 8,
    };
    let reloaded = bot.interact(slash("reindex", &[], admin)).await;
    assert_eq!(reloaded.kind(), 5);
    assert!(reloaded.ephemeral());
    assert!(
        reloaded.content().contains("Reloaded")
            && reloaded.content().contains("before: 4 articles"),
        "{}",
        reloaded.content()
    );
    let after = bot.interact(slash("sources", &[], Place::guild())).await;
    assert!(shows_new(&after), "{}", after.description());
    assert!(after.embed()["footer"]["text"]
        .as_str()
        .unwrap()
        .contains("5 articles, newest 1 June 2025"));
    assert_clean(&bot);
    bot.stop().await.unwrap();

    // The poll swaps the engine without a restart and without /reindex.
    let bot = Bot::start_with(|c| c.discord.corpus_poll_seconds = 1).await;
    write_corpus(&bot.config.engine.corpus_dir, &[new]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let sources = bot.interact(slash("sources", &[], Place::guild())).await;
        if shows_new(&sources) {
            break;
        }
        assert!(Instant::now() < deadline, "the new article never appeared");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
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
        c.feeds = vec![nichiro::FeedConfig {
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
