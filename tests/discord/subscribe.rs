//! `/subscribe` and `/unsubscribe` end to end: the real serenity client against the fake
//! Discord, new article files dropped into the corpus directory and picked up by the poll, and
//! the posts the bot makes in the subscribed channels.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::fake::{FakeDiscord, APP_ID, CHANNEL_ID, USER_ID};
use super::harness::*;
use nichiro::Article;

const OTHER_CHANNEL: u64 = 1_100_000_000_000_104;
const DELETED_CHANNEL: u64 = 1_100_000_000_000_105;
const CLOSED_CHANNEL: u64 = 1_100_000_000_000_106;

fn admin() -> Place {
    Place::Guild {
        user: USER_ID,
        permissions: 8,
    }
}

/// A member with Manage Channels (16) only.
fn channel_manager() -> Place {
    Place::Guild {
        user: USER_ID,
        permissions: 16,
    }
}

/// `interaction`, as if used in `channel`.
fn in_channel(mut interaction: Value, channel: u64) -> Value {
    interaction["channel_id"] = json!(channel.to_string());
    interaction
}

fn subscribe(topic: Option<&str>, place: Place, channel: u64) -> Value {
    let options: Vec<(&str, Value)> = topic.map(|t| ("topic", json!(t))).into_iter().collect();
    in_channel(slash("subscribe", &options, place), channel)
}

fn unsubscribe(place: Place, channel: u64) -> Value {
    in_channel(slash("unsubscribe", &[], place), channel)
}

fn new_article(id: &str, title: &str, date: Option<&str>, source: &str, text: &str) -> Article {
    let mut a = corpus()[1].clone();
    a.id = id.into();
    a.meta.title = title.into();
    a.meta.date = date.map(|d| d.parse().unwrap());
    a.meta.source = Some(source.into());
    a.meta.url = Some(format!("https://example.org/{id}"));
    a.text = text.into();
    a
}

fn visas() -> Article {
    new_article(
        "kuril-visas",
        "Kurils Visa-Free Exchanges Suspended",
        Some("2025-06"),
        "Kyodo",
        "Officials met in Sapporo on Monday. The visa-free exchange programme for former residents of the Kuril islands remained suspended.",
    )
}

/// Drops `articles` into the corpus directory `corpus` the way an importer would land them at
/// once: written beside it, then renamed in, so a poll never sees half a file or half a burst.
fn drop_in(corpus: &Path, articles: &[Article]) {
    let staging = corpus.with_file_name("staging");
    write_corpus(&staging, articles);
    for a in articles {
        let name = format!("{}.md", a.id);
        std::fs::rename(staging.join(&name), corpus.join(&name)).unwrap();
    }
}

fn bot_config(data: &Path) -> impl FnOnce(&mut nichiro::Config) + '_ {
    move |c| {
        c.discord.corpus_poll_seconds = 1;
        c.discord.feedback_path = data.join("feedback.jsonl");
    }
}

/// Posts the bot made in `channel` at or after journal position `from`: (body, status).
fn posts(fake: &FakeDiscord, from: usize, channel: u64) -> Vec<(Value, u16)> {
    let path = format!("/api/v10/channels/{channel}/messages");
    fake.journal()
        .iter()
        .skip(from)
        .filter_map(|e| e.http())
        .filter(|(m, p, _, _)| *m == "POST" && *p == path)
        .map(|(_, _, body, status)| (body.clone(), status))
        .collect()
}

/// Waits for a post in `channel` after `from`; returns its body and status.
async fn next_post(fake: &FakeDiscord, from: usize, channel: u64) -> (Value, u16) {
    let path = format!("/api/v10/channels/{channel}/messages");
    let (body, status, _) = fake.wait_http(from, "POST", |p| p == path).await;
    (body, status)
}

/// Longer than a poll plus the bot's settle time: anything more would have been posted.
async fn quiet_period() {
    tokio::time::sleep(Duration::from_secs(4)).await;
}

/// The channels in the subscriptions file.
fn subscribed_channels(data: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(data.join("subscriptions.json")).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    file["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["channel_id"].as_str().unwrap().to_string())
        .collect()
}

/// What the bot logs at warn level and above, in this test binary (a global subscriber: lines
/// from other tests running at the same time may be there too, so callers look for their own).
fn captured_log() -> &'static std::sync::Mutex<Vec<u8>> {
    static LOG: std::sync::OnceLock<std::sync::Mutex<Vec<u8>>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        struct Sink;
        impl std::io::Write for Sink {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                captured_log().lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("nichiro=warn"))
            .with_ansi(false)
            .with_writer(|| Sink)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
        std::sync::Mutex::new(Vec::new())
    })
}

fn log_lines_naming(channel: u64) -> Vec<String> {
    String::from_utf8_lossy(&captured_log().lock().unwrap())
        .lines()
        .filter(|l| l.contains(&channel.to_string()))
        .map(str::to_string)
        .collect()
}

fn assert_clean(bot: &Bot) {
    assert_eq!(bot.fake.violations(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribe_is_for_channel_managers_and_says_what_it_did() {
    let data = tempfile::tempdir().unwrap();
    let bot = Bot::start_with(bot_config(data.path())).await;
    let (body, _, _) = bot
        .fake
        .wait_http(0, "PUT", |p| {
            p == format!("/api/v10/applications/{APP_ID}/commands")
        })
        .await;
    for name in ["subscribe", "unsubscribe"] {
        let command = body
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} not registered"));
        assert_eq!(
            command["default_member_permissions"], "16",
            "Manage Channels"
        );
        assert_eq!(command["contexts"], json!([0]), "servers only");
        assert!(command["name_localizations"]["ja"].is_string());
        assert!(command["description_localizations"]["ru"].is_string());
    }

    // A member without the permission is refused, even if the server shows them the command.
    let refused = bot
        .interact(subscribe(None, Place::guild(), CHANNEL_ID))
        .await;
    assert!(refused.ephemeral());
    assert!(
        refused.content().contains("manage channels"),
        "{}",
        refused.content()
    );
    assert!(!data.path().join("subscriptions.json").exists());
    let refused = bot.interact(unsubscribe(Place::guild(), CHANNEL_ID)).await;
    assert!(refused.content().contains("manage channels"));

    // Nothing to stop yet, said so.
    let nothing = bot
        .interact(unsubscribe(channel_manager(), CHANNEL_ID))
        .await;
    assert!(nothing.ephemeral());
    assert!(
        nothing.content().contains("nothing to stop"),
        "{}",
        nothing.content()
    );

    let done = bot
        .interact(subscribe(Some("fisheries"), channel_manager(), CHANNEL_ID))
        .await;
    assert!(done.ephemeral());
    assert!(
        done.content().contains("each new article on “fisheries”"),
        "{}",
        done.content()
    );
    // Subscribing again replaces the topic, in the member's language.
    let mut again = subscribe(None, admin(), CHANNEL_ID);
    again["locale"] = json!("ja");
    let replaced = bot.interact(again).await;
    assert!(
        replaced.content().contains("すべての新着記事") && replaced.content().contains("fisheries"),
        "{}",
        replaced.content()
    );
    assert_eq!(subscribed_channels(data.path()), [CHANNEL_ID.to_string()]);
    let mut bye = unsubscribe(admin(), CHANNEL_ID);
    bye["locale"] = json!("ru");
    let ended = bot.interact(bye).await;
    assert!(
        ended.content().contains("Подписка отменена"),
        "{}",
        ended.content()
    );
    assert!(subscribed_channels(data.path()).is_empty());
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_articles_on_the_topic_are_posted_across_a_restart_until_unsubscribed() {
    let data = tempfile::tempdir().unwrap();
    let bot = Bot::start_with(bot_config(data.path())).await;
    let start = bot.fake.mark();
    let done = bot
        .interact(subscribe(Some("visa-free exchanges"), admin(), CHANNEL_ID))
        .await;
    assert!(
        done.content().starts_with("Subscribed"),
        "{}",
        done.content()
    );

    // One article on the topic and one off it arrive in the corpus directory.
    let off_topic = new_article(
        "lng-cargo",
        "LNG Cargo Leaves Prigorodnoye",
        None,
        "Nikkei",
        "A liquefied natural gas cargo left the Prigorodnoye terminal for Japan.",
    );
    drop_in(&bot.config.engine.corpus_dir, &[visas(), off_topic]);
    let (post, status) = next_post(&bot.fake, start, CHANNEL_ID).await;
    assert_eq!(status, 200);
    let embed = &post["embeds"][0];
    assert_eq!(embed["title"], "New article on “visa-free exchanges”");
    let description = embed["description"].as_str().unwrap();
    assert_eq!(
        description,
        "[Kurils Visa-Free Exchanges Suspended](https://example.org/kuril-visas) · Kyodo · June 2025\n\
         > The visa-free exchange programme for former residents of the Kuril islands remained suspended."
    );
    assert_eq!(post["allowed_mentions"]["parse"], json!([]));
    quiet_period().await;
    assert_eq!(
        posts(&bot.fake, start, CHANNEL_ID).len(),
        1,
        "the off-topic article and the articles present at startup are not posted"
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();

    // A restart on the same data directory keeps the subscription; a second channel takes
    // every new article.
    let bot = Bot::start_with(bot_config(data.path())).await;
    let start = bot.fake.mark();
    let other = bot.interact(subscribe(None, admin(), OTHER_CHANNEL)).await;
    assert!(
        other.content().contains("every new article"),
        "{}",
        other.content()
    );
    let undated = new_article(
        "visa-talks",
        "Visa-Free Exchanges May Resume",
        None,
        "TASS",
        "Moscow said visa-free exchanges with Japan could resume if Tokyo lifted its sanctions.",
    );
    drop_in(&bot.config.engine.corpus_dir, &[undated]);
    let (post, _) = next_post(&bot.fake, start, CHANNEL_ID).await;
    let description = post["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description.contains(" · TASS · undated\n> Moscow said visa-free exchanges"),
        "{description}"
    );
    next_post(&bot.fake, start, OTHER_CHANNEL).await;

    // Unsubscribed: the next article reaches the other channel only.
    let ended = bot.interact(unsubscribe(admin(), CHANNEL_ID)).await;
    assert!(
        ended
            .content()
            .contains("no more new articles on “visa-free exchanges”"),
        "{}",
        ended.content()
    );
    let from = bot.fake.mark();
    let later = new_article(
        "visa-later",
        "Visa-Free Exchanges Still Suspended",
        Some("2025-07-01"),
        "Kyodo",
        "The visa-free exchanges stayed suspended through July.",
    );
    drop_in(&bot.config.engine.corpus_dir, &[later]);
    let (post, _) = next_post(&bot.fake, from, OTHER_CHANNEL).await;
    assert!(post["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("1 July 2025"));
    quiet_period().await;
    assert!(posts(&bot.fake, from, CHANNEL_ID).is_empty());
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_five_articles_is_one_digest() {
    let data = tempfile::tempdir().unwrap();
    let bot = Bot::start_with(bot_config(data.path())).await;
    bot.interact(subscribe(None, admin(), CHANNEL_ID)).await;
    let start = bot.fake.mark();
    let burst: Vec<Article> = (1..=5)
        .map(|n| {
            new_article(
                &format!("round-{n}"),
                &format!("Fisheries Talks Round {n}"),
                Some(&format!("2025-0{n}-10")),
                "Kyodo",
                &format!("Negotiators met for round {n} of the salmon fisheries talks."),
            )
        })
        .collect();
    drop_in(&bot.config.engine.corpus_dir, &burst);
    let (post, status) = next_post(&bot.fake, start, CHANNEL_ID).await;
    assert_eq!(status, 200);
    let embed = &post["embeds"][0];
    assert_eq!(embed["title"], "5 new articles");
    let description = embed["description"].as_str().unwrap();
    for n in 1..=5 {
        assert!(
            description.contains(&format!(
                "[Fisheries Talks Round {n}](https://example.org/round-{n}) · Kyodo · 10 "
            )) && description.contains(&format!("> Negotiators met for round {n} of the salmon")),
            "{description}"
        );
    }
    quiet_period().await;
    assert_eq!(
        posts(&bot.fake, start, CHANNEL_ID).len(),
        1,
        "one digest, not a flood"
    );
    assert_clean(&bot);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_channel_or_a_lost_permission_ends_the_subscription() {
    captured_log();
    let data = tempfile::tempdir().unwrap();
    let bot = Bot::start_with(bot_config(data.path())).await;
    bot.fake.refuse_channel(DELETED_CHANNEL, 404, 10003);
    bot.fake.refuse_channel(CLOSED_CHANNEL, 403, 50013);
    for channel in [DELETED_CHANNEL, CLOSED_CHANNEL, CHANNEL_ID] {
        bot.interact(subscribe(None, admin(), channel)).await;
    }
    let start = bot.fake.mark();
    drop_in(&bot.config.engine.corpus_dir, &[visas()]);
    next_post(&bot.fake, start, CHANNEL_ID).await;
    assert_eq!(next_post(&bot.fake, start, DELETED_CHANNEL).await.1, 404);
    assert_eq!(next_post(&bot.fake, start, CLOSED_CHANNEL).await.1, 403);
    // The refusals are handled once the batch is through; give the file a moment.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while subscribed_channels(data.path()).len() > 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            subscribed_channels(data.path())
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(subscribed_channels(data.path()), [CHANNEL_ID.to_string()]);
    // One log line each, with the channel and Discord's code, and no secret.
    let deleted = log_lines_naming(DELETED_CHANNEL);
    assert_eq!(deleted.len(), 1, "{deleted:?}");
    assert!(
        deleted[0].contains("unsubscribed: the channel was deleted")
            && deleted[0].contains("discord_code=10003"),
        "{deleted:?}"
    );
    let closed = log_lines_naming(CLOSED_CHANNEL);
    assert_eq!(closed.len(), 1, "{closed:?}");
    assert!(
        closed[0].contains("lost access") && closed[0].contains("discord_code=50013"),
        "{closed:?}"
    );
    for line in deleted.iter().chain(&closed) {
        assert!(
            !line.contains(TOKEN) && !line.contains("fake.test-token"),
            "{line}"
        );
    }

    // The next article goes to the healthy channel only.
    let from = bot.fake.mark();
    let mut next = visas();
    next.id = "kuril-visas-2".into();
    drop_in(&bot.config.engine.corpus_dir, &[next]);
    next_post(&bot.fake, from, CHANNEL_ID).await;
    quiet_period().await;
    assert!(posts(&bot.fake, from, DELETED_CHANNEL).is_empty());
    assert!(posts(&bot.fake, from, CLOSED_CHANNEL).is_empty());
    assert_clean(&bot);
    bot.stop().await.unwrap();
}
