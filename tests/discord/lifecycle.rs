//! The binary's life: serving through the proxy and a clean exit on SIGTERM, no secret in a
//! trace-level log, and sharding in one process or across two.

use std::time::Duration;

use serde_json::{json, Value};

use crate::fake;
use crate::harness::*;

/// The binary runs against the fake through DISCORD_HTTP_PROXY, answers, and exits 0 on
/// SIGTERM; the token appears nowhere in its output, even at debug level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_through_the_proxy_and_exits_cleanly_on_sigterm() {
    let fake = fake::FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let bot = BotProcess::spawn(&fake, dir.path(), None, Some("debug"));
    fake.wait_ready().await;
    let answer = answer_of(
        &fake,
        0,
        ask("At which airport did Nozdrev land?", Place::guild()),
    )
    .await;
    assert!(description_of(&answer).contains("Haneda"));

    let (status, stderr) = bot.stop().await;
    assert!(status.success(), "exit {status:?}\n{stderr}");
    assert!(
        !stderr.contains("test-token-do-not-log"),
        "the token leaked into the log"
    );
    assert!(stderr.contains("shutting down"), "{stderr}");
}

/// The token never reaches the log, at trace level and with a filter that asks for the
/// websocket frame dumps by name: not raw, not hex, not base64, and no interaction token either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_trace_level_no_token_reaches_the_log() {
    use base64::Engine as _;
    let fake = fake::FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let bot = BotProcess::spawn(
        &fake,
        dir.path(),
        None,
        Some("trace,tungstenite=trace,tokio_tungstenite=trace,reqwest=trace,serenity=trace"),
    );
    fake.wait_ready().await;
    let question = ask("At which airport did Nozdrev land?", Place::guild());
    let mut interaction_tokens = vec![question["token"].as_str().unwrap().to_string()];
    let body = answer_of(&fake, 0, question).await;
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
    let (status, stderr) = bot.stop().await;
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
        let body = answer_of(&bot.fake, shard, question).await;
        assert!(description_of(&body).contains("Haneda"));
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
        let body = answer_of(&first.fake, shard, question).await;
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
