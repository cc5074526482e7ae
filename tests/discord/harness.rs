//! Test harness: a small corpus in a temporary directory; the bot started through the library
//! (`nichiro::discord::serve`) or as the `nichiro` binary against the fake Discord; builders for
//! the gateway payloads a test dispatches (slash commands, button clicks, messages); and the
//! asserts every test shares.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use nichiro::discord::{serve, BotError, Token};
use nichiro::Config;
use nichiro::{Article, ArticleMeta};
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::oneshot;

use super::fake::{
    self, FakeDiscord, APP_ID, BOT_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, USER_ID,
};

pub const TOKEN: &str = "MTEwMDAwMDAwMDAwMDAwMDAy.fake.test-token-do-not-log";

/// The articles every test corpus has, by id.
pub const THAW: &str = "russian-ambassador-arrival-thaw";
pub const TREATY: &str = "tensions-obstruct-peace-negotiations";
pub const FISHERIES: &str = "salmon-fishing-talks";
pub const SAKHALIN: &str = "sakhalin-lng-long-read";

/// Asks about all three ports of the long article: every excerpt is three long sentences, more
/// than a citation's share of an embed, and the article has more passages than one answer shows.
pub const PORTS_QUESTION: &str =
    "What happened to Sakhalin-2 cargoes at Vostochny, Kholmsk and Korsakov?";

fn article(
    id: &str,
    title: &str,
    date: Option<&str>,
    source: Option<&str>,
    url: Option<&str>,
    text: &str,
) -> Article {
    Article {
        id: id.to_string(),
        meta: ArticleMeta {
            title: title.to_string(),
            date: date.map(|d| d.parse().unwrap()),
            date_note: None,
            source: source.map(str::to_string),
            url: url.map(str::to_string),
            language: "en".to_string(),
            imported_from: None,
        },
        text: text.to_string(),
    }
}

/// A small corpus in the real corpus format: two dated articles, one undated, and one with
/// very long sentences (for the limits), each naming one of three ports in turn.
pub fn corpus() -> Vec<Article> {
    let long_sentence = |n: usize| {
        let port = ["Vostochny", "Kholmsk", "Korsakov"][n % 3];
        format!(
            "Sakhalin-2 liquefied natural gas cargoes for Japanese utilities were loaded at {port} in quarter {n} under long-term contracts, \
             even as Tokyo weighed the energy security of its northern neighbour against sanctions imposed by the Group of Seven, \
             and the Mitsui and Mitsubishi trading houses kept their stakes in the project operated from Yuzhno-Sakhalinsk, where \
             the harbour pilots, the customs officers and the shipping agents watched every tanker leave, after \
             the Russian government transferred the operator to a new domestic company by presidential decree in the summer."
        )
    };
    let sakhalin_text = (1..=12).map(long_sentence).collect::<Vec<_>>().join(" ");
    vec![
        article(
            THAW,
            "Russian Ambassador's Arrival in Japan Signals Thaw in Diplomatic Freeze",
            Some("2024-03-04"),
            Some("Japan Forward"),
            Some("https://example.org/thaw"),
            "Breaking a yearlong hiatus in diplomatic relations, Nikolai Nozdrev, Russia's recently appointed ambassador to Japan, has landed in the country.\n\n\
             Nozdrev's arrival at Haneda Airport on Sunday marked the end of the prolonged absence of an ambassador in Japan since the departure of Mikhail Galuzin in November 2022. The Russian Embassy in Tokyo has not provided any immediate comments.\n\n\
             Chief Cabinet Secretary Yoshimasa Hayashi confirmed Japan's commitment to maintaining sanctions on Russia.",
        ),
        article(
            TREATY,
            "Russia-Japan Tensions Obstruct Peace Negotiations: Nozdrev",
            Some("2024-04-03"),
            Some("TASS"),
            None,
            "Moscow and Tokyo have failed to sign a peace treaty due to their rival claims to four islands.\n\n\
             Ambassador Nozdrev said the peace treaty negotiations cannot resume while Japan keeps its hostile course and its sanctions against Russia.",
        ),
        article(
            FISHERIES,
            "Salmon Fishing Talks off Hokkaido Continue",
            None,
            None,
            None,
            "Fisheries officials from both countries met to set the salmon and trout catch quotas for Japanese boats fishing off Hokkaido.",
        ),
        article(
            SAKHALIN,
            "Sakhalin-2 Gas Keeps Flowing to Japan",
            Some("2023-07"),
            Some("Nikkei"),
            Some("https://example.org/sakhalin"),
            &sakhalin_text,
        ),
    ]
}

/// Writes `articles` into `dir` as corpus files.
pub fn write_corpus(dir: &std::path::Path, articles: &[Article]) {
    std::fs::create_dir_all(dir).unwrap();
    for a in articles {
        std::fs::write(dir.join(format!("{}.md", a.id)), a.render()).unwrap();
    }
}

/// A configuration for a bot in `dir` talking to `fake`.
pub fn config(dir: &std::path::Path, fake_url: &str) -> Config {
    let mut config = Config::default();
    config.engine.corpus_dir = dir.join("corpus");
    config.engine.index_dir = dir.join("index");
    config.engine.aliases = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/aliases.toml");
    // The word engine: these tests are about Discord, and embedding every test's corpus would
    // take minutes (tests/semantic.rs covers the hybrid engine).
    config.engine.mode = nichiro::SearchMode::Words;
    config.discord.http_proxy = Some(fake_url.to_string());
    config.discord.feedback_path = dir.join("data/feedback.jsonl");
    config.discord.questions_per_minute = 0;
    config.discord.corpus_poll_seconds = 0;
    config
}

/// A bot running against its own fake Discord, on its own corpus.
pub struct Bot {
    pub fake: FakeDiscord,
    /// The corpus, index and feedback file; removed when the bot is dropped.
    _dir: TempDir,
    pub config: Config,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), BotError>>>,
}

impl Bot {
    pub async fn start() -> Bot {
        Bot::start_with(|_| {}).await
    }

    /// Starts a bot after `adjust` changed its configuration, and waits until it is ready.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Bot {
        let bot = Bot::spawn(adjust).await;
        bot.fake.wait_ready().await;
        bot
    }

    /// Starts a bot without waiting for it.
    pub async fn spawn(adjust: impl FnOnce(&mut Config)) -> Bot {
        Bot::spawn_on(FakeDiscord::start().await, adjust).await
    }

    /// Starts a bot against `fake` (set up beforehand) without waiting for it.
    pub async fn spawn_on(fake: FakeDiscord, adjust: impl FnOnce(&mut Config)) -> Bot {
        let dir = tempfile::tempdir().unwrap();
        write_corpus(&dir.path().join("corpus"), &corpus());
        let mut config = config(dir.path(), &fake.url());
        adjust(&mut config);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(
            config.clone(),
            Token::new(TOKEN).unwrap(),
            async move {
                let _ = stopped.await;
            },
        ));
        Bot {
            fake,
            _dir: dir,
            config,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Asks the bot to shut down and returns how `serve` ended.
    pub async fn stop(mut self) -> Result<(), BotError> {
        let _ = self.stop.take().unwrap().send(());
        self.finished().await
    }

    /// How `serve` ended (waits for it).
    pub async fn finished(&mut self) -> Result<(), BotError> {
        tokio::time::timeout(Duration::from_secs(20), self.task.take().unwrap())
            .await
            .expect("the bot did not stop")
            .expect("the bot task panicked")
    }

    /// Dispatches `interaction` and waits for the bot to answer it: the callback, and for a
    /// deferred callback the edit of the original response.
    pub async fn interact(&self, interaction: Value) -> Answered {
        let from = self.fake.mark();
        let id = interaction["id"].as_str().unwrap().to_string();
        let token = interaction["token"].as_str().unwrap().to_string();
        let dispatched = Instant::now();
        self.fake.dispatch("INTERACTION_CREATE", interaction);
        let callback_path = format!("/api/v10/interactions/{id}/{token}/callback");
        let (callback, status, acked_at) = self
            .fake
            .wait_http(from, "POST", |p| p == callback_path)
            .await;
        let kind = callback["type"].as_u64().unwrap();
        let message = if status >= 300 {
            None
        } else if matches!(kind, 5 | 6) {
            // The edit of the deferred response, or a follow-up (how failures after a public
            // defer are told privately).
            let original = format!("/api/v10/webhooks/{APP_ID}/{token}/messages/@original");
            let followup = format!("/api/v10/webhooks/{APP_ID}/{token}");
            let body = self
                .fake
                .wait_for(from, Duration::from_secs(20), |e| match e.http() {
                    Some(("PATCH", p, body, _)) if p == original => Some(body.clone()),
                    Some(("POST", p, body, _)) if p == followup => Some(body.clone()),
                    _ => None,
                })
                .await;
            Some(body)
        } else {
            Some(callback["data"].clone())
        };
        Answered {
            callback,
            status,
            message,
            ack: acked_at.saturating_duration_since(dispatched),
        }
    }

    /// The feedback file's lines.
    pub fn feedback(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.config.discord.feedback_path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// How the bot answered one interaction.
#[derive(Debug)]
pub struct Answered {
    /// The callback body (`type`, `data`).
    pub callback: Value,
    pub status: u16,
    /// The message shown: the callback's data, or the edit of a deferred response.
    pub message: Option<Value>,
    /// Dispatch → callback received.
    pub ack: Duration,
}

impl Answered {
    pub fn kind(&self) -> u64 {
        self.callback["type"].as_u64().unwrap()
    }

    pub fn ephemeral(&self) -> bool {
        self.callback["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0
    }

    pub fn message(&self) -> &Value {
        self.message.as_ref().expect("the bot sent no message")
    }

    pub fn content(&self) -> String {
        self.message()["content"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn embed(&self) -> &Value {
        &self.message()["embeds"][0]
    }

    pub fn description(&self) -> String {
        self.embed()["description"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The custom ids of the message's buttons.
    pub fn buttons(&self) -> Vec<String> {
        buttons_of(self.message())
    }
}

/// The custom ids of the buttons of `message` (a message body the bot sent).
pub fn buttons_of(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
        .collect()
}

static NEXT: AtomicU64 = AtomicU64::new(1_300_000_000_000_000);

fn next_id() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn user(id: u64) -> Value {
    json!({"id": id.to_string(), "username": format!("user{}", id % 1000)})
}

/// Where an interaction happens.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    /// In the test server, by a member with these permissions (bit set, as Discord sends it).
    Guild { user: u64, permissions: u64 },
    /// In a DM with the bot.
    Dm { user: u64 },
}

impl Place {
    pub fn guild() -> Place {
        Place::Guild {
            user: USER_ID,
            permissions: 0,
        }
    }

    pub fn dm() -> Place {
        Place::Dm { user: USER_ID }
    }
}

fn interaction(kind: u64, data: Value, place: Place, locale: &str) -> Value {
    let id = next_id();
    let mut d = json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "token": format!("itoken-{id}"),
        "version": 1,
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": 8_388_608,
        "data": data,
    });
    match place {
        Place::Guild {
            user: u,
            permissions,
        } => {
            d["guild_id"] = json!(GUILD_ID.to_string());
            d["channel_id"] = json!(CHANNEL_ID.to_string());
            d["member"] = json!({
                "user": user(u),
                "roles": [],
                "deaf": false,
                "mute": false,
                "flags": 0,
                "joined_at": "2025-01-01T00:00:00.000000+00:00",
                "permissions": permissions.to_string(),
            });
        }
        Place::Dm { user: u } => {
            d["channel_id"] = json!(DM_CHANNEL_ID.to_string());
            d["user"] = user(u);
        }
    }
    d
}

/// A slash command with `options` as (name, value) pairs: strings become type 3, booleans 5.
pub fn slash(name: &str, options: &[(&str, Value)], place: Place) -> Value {
    slash_in(name, options, place, "en-US")
}

pub fn slash_in(name: &str, options: &[(&str, Value)], place: Place, locale: &str) -> Value {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, v)| {
            let kind = if v.is_boolean() { 5 } else { 3 };
            json!({"name": n, "type": kind, "value": v})
        })
        .collect();
    interaction(
        2,
        json!({"id": next_id().to_string(), "name": name, "type": 1, "options": options}),
        place,
        locale,
    )
}

/// `/ask question:<question>`.
pub fn ask(question: &str, place: Place) -> Value {
    slash("ask", &[("question", json!(question))], place)
}

/// A click on the button `custom_id`.
pub fn click(custom_id: &str, place: Place) -> Value {
    click_on(custom_id, next_id(), place)
}

/// A click on the button `custom_id` of the message `message_id`.
pub fn click_on(custom_id: &str, message_id: u64, place: Place) -> Value {
    let mut d = interaction(
        3,
        json!({"custom_id": custom_id, "component_type": 2}),
        place,
        "en-US",
    );
    let channel = d["channel_id"].as_str().unwrap().parse().unwrap();
    d["message"] = fake::message(message_id, channel, fake::bot_user(), "");
    d
}

/// A MESSAGE_CREATE from `author` (a user id; `bot` marks a bot account).
pub fn chat(content: &str, author: u64, bot: bool, mentions_bot: bool, in_guild: bool) -> Value {
    let channel = if in_guild { CHANNEL_ID } else { DM_CHANNEL_ID };
    let mut author_json = user(author);
    author_json["bot"] = json!(bot);
    let mut d = fake::message(next_id(), channel, author_json, content);
    if mentions_bot {
        d["mentions"] = json!([fake::bot_user()]);
    }
    if in_guild {
        d["guild_id"] = json!(GUILD_ID.to_string());
    }
    d
}

/// Every request the bot sent was within Discord's limits and allowed no mention.
pub fn assert_clean(bot: &Bot) {
    assert_eq!(bot.fake.violations(), Vec::<String>::new());
}

/// A message body that allows no mention at all.
pub fn assert_no_mentions(body: &Value) {
    let m = &body["allowed_mentions"];
    assert_eq!(m["parse"], json!([]), "{body}");
    assert_eq!(m["users"], json!([]), "{body}");
    assert_eq!(m["roles"], json!([]), "{body}");
    assert_eq!(m["replied_user"], json!(false), "{body}");
}

/// Dispatches `interaction` (on `shard`) and returns the answer: the edit of its deferred
/// response, as the binary under test sends it.
pub async fn answer_of(fake: &FakeDiscord, shard: u64, interaction: Value) -> Value {
    let token = interaction["token"].as_str().unwrap().to_string();
    let from = fake.mark();
    fake.dispatch_to_shard(shard, "INTERACTION_CREATE", interaction);
    let (body, _, _) = fake.wait_http(from, "PATCH", |p| p.contains(&token)).await;
    body
}

/// The text of an answer's embed.
pub fn description_of(message: &Value) -> &str {
    message["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
}

/// Waits until the fake has sent `n` READY dispatches (one per shard; serenity starts shards
/// 5 seconds apart).
pub async fn wait_for_ready_shards(fake: &FakeDiscord, n: usize) {
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

/// The repository's alias table.
fn aliases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aliases.toml")
}

/// The `nichiro` binary, to run in `dir`: the word engine, the repository's aliases, the index
/// in `dir/index`, and nothing inherited from the shell that runs the tests (a token, a log
/// filter, a backtrace setting) that would change what it does or prints.
pub fn nichiro(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nichiro"));
    command
        .current_dir(dir)
        .env("NICHIRO_MODE", "words")
        .env("NICHIRO_ALIASES", aliases())
        .env("NICHIRO_INDEX", dir.join("index"))
        .env_remove("DISCORD_TOKEN")
        .env_remove("NICHIRO_LOG")
        .env_remove("RUST_BACKTRACE");
    command
}

/// `nichiro bot` running as a child process against a fake Discord; killed if a test fails
/// before it exits.
pub struct BotProcess {
    child: Option<Child>,
    stderr: PathBuf,
}

impl BotProcess {
    /// Starts `nichiro bot` in `dir` against `fake` on the corpus `corpus` (a fresh copy of the
    /// test corpus in `dir/corpus` when `None`), with the log filter `log` (the default when
    /// `None`); stderr goes to `dir/stderr.log`.
    pub fn spawn(
        fake: &FakeDiscord,
        dir: &Path,
        corpus_dir: Option<&Path>,
        log: Option<&str>,
    ) -> BotProcess {
        Self::spawn_with(fake, dir, corpus_dir, log, &[])
    }

    /// [`BotProcess::spawn`] with environment variables set over the harness's own (the
    /// engine mode, say).
    pub fn spawn_with(
        fake: &FakeDiscord,
        dir: &Path,
        corpus_dir: Option<&Path>,
        log: Option<&str>,
        env: &[(&str, &str)],
    ) -> BotProcess {
        let corpus_dir = match corpus_dir {
            Some(shipped) => shipped.to_path_buf(),
            None => {
                write_corpus(&dir.join("corpus"), &corpus());
                dir.join("corpus")
            }
        };
        let stderr = dir.join("stderr.log");
        let mut command = nichiro(dir);
        command
            .arg("bot")
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_HTTP_PROXY", fake.url())
            .env("DISCORD_GUILD_ID", GUILD_ID.to_string())
            .env("NICHIRO_CORPUS", corpus_dir)
            .stdout(Stdio::null())
            // A file, not a pipe: nobody reads a pipe while the bot runs, and debug logging
            // would fill it and block the bot.
            .stderr(std::fs::File::create(&stderr).unwrap());
        if let Some(log) = log {
            command.env("NICHIRO_LOG", log);
        }
        command.envs(env.iter().copied());
        BotProcess {
            child: Some(command.spawn().unwrap()),
            stderr,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// Sends SIGTERM and returns how the bot exited and what it logged.
    pub async fn stop(mut self) -> (ExitStatus, String) {
        let killed = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let mut child = self.child.take().unwrap();
        let status = tokio::time::timeout(
            Duration::from_secs(20),
            tokio::task::spawn_blocking(move || child.wait()),
        )
        .await
        .expect("the bot did not exit on SIGTERM")
        .unwrap()
        .unwrap();
        (status, std::fs::read_to_string(&self.stderr).unwrap())
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Percentile of `sorted` (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn bot_id() -> u64 {
    BOT_ID
}
