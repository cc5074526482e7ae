//! What goes wrong and how the bot says so: a failed callback, a failure inside a command, a
//! dropped gateway connection, a rejected, missing or malformed token, an unreachable Discord,
//! and a bad Discord setting.

use std::time::Duration;

use crate::fake;
use crate::harness::*;

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

/// The binary's contract: `nichiro bot` without DISCORD_TOKEN (or with a blank one) prints one
/// line naming it and exits with status 1, as the README says.
#[test]
fn missing_token_is_one_line_on_stderr_and_a_failure_exit() {
    let dir = tempfile::tempdir().unwrap();
    for token in [None, Some("   ")] {
        let mut command = nichiro(dir.path());
        command.arg("bot");
        if let Some(token) = token {
            command.env("DISCORD_TOKEN", token);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{token:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("DISCORD_TOKEN"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
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
            nichiro(dir.path())
                .args(args)
                .env(name, value)
                .env("DISCORD_TOKEN", TOKEN)
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
