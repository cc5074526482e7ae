//! Layered configuration: built-in defaults, then `config/nichiro.toml` (or `--config PATH`),
//! then environment variables (a `.env` file is loaded into the environment by the binary).
//! Command-line flags, applied by the binary, come last.
//!
//! The file is one document for the whole program, so [`Config`] holds the settings of every
//! part, the bot's and the feeds' too; they are plain data. The engine reads only
//! [`EngineConfig`], and nothing here depends on serenity or an HTTP client.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The configuration file read when no `--config` is given and it exists.
pub const DEFAULT_CONFIG_PATH: &str = "config/nichiro.toml";

/// Everything nichiro can be configured with.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub engine: EngineConfig,
    /// A mistake in this table is kept for the bot to report, so it cannot stop the CLI.
    #[serde(deserialize_with = "discord_table")]
    pub discord: DiscordConfig,
    pub follow: FollowConfig,
    /// The feeds `nichiro follow` and the bot read (`[[feeds]]` tables).
    pub feeds: Vec<FeedConfig>,
}

/// One feed to follow.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub url: String,
    pub name: Option<String>,
}

/// How feeds are followed and pages fetched.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowConfig {
    /// How often the bot reads the feeds, in minutes (0 turns it off).
    pub feed_poll_minutes: u64,
    /// What was already seen, so a second pass imports nothing.
    pub state_path: PathBuf,
    /// Items read per feed and pass; a longer feed is cut, with a note.
    pub max_items_per_feed: usize,
    /// Largest page or feed fetched, in bytes.
    pub max_page_bytes: usize,
    /// Longest fetch, from connecting to the last byte, in seconds.
    pub fetch_timeout_seconds: u64,
    pub relevance: RelevanceConfig,
}

/// Which feed items are kept: `mode = "russia-japan"` (both sides named, or a shared topic) or
/// `"all"`; the lists add names to the built-in ones.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelevanceConfig {
    pub mode: String,
    pub russia: Vec<String>,
    pub japan: Vec<String>,
    pub topics: Vec<String>,
}

impl Default for FollowConfig {
    fn default() -> Self {
        Self {
            feed_poll_minutes: 30,
            state_path: PathBuf::from(".nichiro/follow.json"),
            max_items_per_feed: 100,
            max_page_bytes: 5 * 1024 * 1024,
            fetch_timeout_seconds: 20,
            relevance: RelevanceConfig::default(),
        }
    }
}

impl Default for RelevanceConfig {
    fn default() -> Self {
        Self {
            mode: "russia-japan".into(),
            russia: Vec::new(),
            japan: Vec::new(),
            topics: Vec::new(),
        }
    }
}

/// Where the corpus and index live and how questions are handled.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineConfig {
    pub corpus_dir: PathBuf,
    pub index_dir: PathBuf,
    /// The alias table: groups of names for the same thing.
    pub aliases: PathBuf,
    /// Longer questions are refused with a message saying so.
    pub max_question_chars: usize,
    /// `hybrid` (words and meaning; the default) or `words` (the word-only engine).
    pub mode: SearchMode,
    /// The embedding model file (default: where the build fetched it; `NICHIRO_MODEL` wins).
    pub model: Option<PathBuf>,
}

/// Which answer engine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    /// Words and meaning (falls back to words, with one warning, when the model is missing).
    #[default]
    Hybrid,
    /// Words only: BM25 with the alias table.
    Words,
}

/// The Discord bot's settings. The token is read from `DISCORD_TOKEN` only, never from a file
/// that could be committed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register commands in this guild only (instant, for development); globally otherwise.
    pub guild_id: Option<u64>,
    /// Base URL standing in for `https://discord.com` (a shared rate-limit proxy).
    pub http_proxy: Option<String>,
    /// Where 👍/👎 feedback is appended, one JSON object a line.
    pub feedback_path: PathBuf,
    /// Questions one user may ask per minute.
    pub questions_per_minute: u32,
    /// How often the corpus directory is checked for changes, in seconds (0 turns it off).
    pub corpus_poll_seconds: u64,
    /// Shards the bot runs as in all (`NICHIRO_SHARDS`); Discord's recommendation when unset.
    pub shards: Option<u32>,
    /// The shards this process runs, `FIRST..LAST` inclusive (`NICHIRO_SHARD_RANGE`); all of
    /// them when unset. Needs `shards`.
    pub shard_range: Option<String>,
    /// Why the file's `[discord]` table could not be read, reported by [`Self::check`].
    #[serde(skip)]
    pub file_error: Option<String>,
}

/// The most questions a minute a person may be allowed: more is no limit at all (use 0).
pub const MAX_QUESTIONS_PER_MINUTE: u32 = 1000;
/// The longest corpus poll interval: a day (use 0 to turn the poll off).
pub const MAX_CORPUS_POLL_SECONDS: u64 = 86_400;
/// The most shards a bot may be split into; each is a gateway connection started 5 s apart.
pub const MAX_SHARDS: u32 = 1024;

/// How the gateway connection is split into shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharding {
    /// As many as Discord recommends, all in this process.
    Auto,
    /// Shards `first..=last` of `total` in this process (all of them: `0..=total-1`).
    Range { first: u32, last: u32, total: u32 },
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            corpus_dir: PathBuf::from("corpus"),
            index_dir: PathBuf::from(".nichiro/index"),
            aliases: PathBuf::from("config/aliases.toml"),
            max_question_chars: 1000,
            mode: SearchMode::default(),
            model: None,
        }
    }
}

impl Default for DiscordConfig {
    fn default() -> Self {
        Self {
            guild_id: None,
            http_proxy: None,
            feedback_path: PathBuf::from(".nichiro/feedback.jsonl"),
            questions_per_minute: 10,
            corpus_poll_seconds: 5,
            shards: None,
            shard_range: None,
            file_error: None,
        }
    }
}

impl DiscordConfig {
    /// Applies the bot's environment variables (`DISCORD_GUILD_ID`, `NICHIRO_SHARDS`, ...), and
    /// checks every Discord setting, from the file too, against its bounds.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
        let set = |name: &str| set(&var, name);
        if let Some(v) = set("DISCORD_GUILD_ID") {
            let id = v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|id| *id != 0)
                .ok_or_else(|| invalid("DISCORD_GUILD_ID", "expected a numeric server id"))?;
            self.guild_id = Some(id);
        }
        if let Some(v) = set("DISCORD_HTTP_PROXY") {
            self.http_proxy = Some(v.trim().trim_end_matches('/').to_string());
        }
        if let Some(v) = set("NICHIRO_FEEDBACK_PATH") {
            self.feedback_path = v.into();
        }
        if let Some(v) = set("NICHIRO_QUESTIONS_PER_MINUTE") {
            self.questions_per_minute = v.trim().parse().map_err(|_| {
                invalid(
                    "NICHIRO_QUESTIONS_PER_MINUTE",
                    &format!("expected a number from 0 to {MAX_QUESTIONS_PER_MINUTE}"),
                )
            })?;
        }
        if let Some(v) = set("NICHIRO_CORPUS_POLL_SECONDS") {
            self.corpus_poll_seconds = v.trim().parse().map_err(|_| {
                invalid(
                    "NICHIRO_CORPUS_POLL_SECONDS",
                    &format!("expected a number of seconds from 0 to {MAX_CORPUS_POLL_SECONDS}"),
                )
            })?;
        }
        if let Some(v) = set("NICHIRO_SHARDS") {
            let shards = v.trim().parse().map_err(|_| {
                invalid(
                    "NICHIRO_SHARDS",
                    &format!("expected a number of shards from 1 to {MAX_SHARDS}"),
                )
            })?;
            self.shards = Some(shards);
        }
        if let Some(v) = set("NICHIRO_SHARD_RANGE") {
            self.shard_range = Some(v.trim().to_string());
        }
        self.check()
    }

    /// Refuses values out of bounds, naming the setting.
    pub fn check(&self) -> Result<(), Error> {
        if let Some(reason) = &self.file_error {
            return Err(Error::Config {
                path: PathBuf::from("[discord]"),
                reason: reason.clone(),
            });
        }
        if self.questions_per_minute > MAX_QUESTIONS_PER_MINUTE {
            return Err(invalid(
                "NICHIRO_QUESTIONS_PER_MINUTE",
                &format!(
                    "{} is more than {MAX_QUESTIONS_PER_MINUTE}; use 0 for no limit",
                    self.questions_per_minute
                ),
            ));
        }
        if self.corpus_poll_seconds > MAX_CORPUS_POLL_SECONDS {
            return Err(invalid(
                "NICHIRO_CORPUS_POLL_SECONDS",
                &format!(
                    "{} is more than a day ({MAX_CORPUS_POLL_SECONDS}); use 0 to turn the poll off",
                    self.corpus_poll_seconds
                ),
            ));
        }
        self.sharding().map(|_| ())
    }

    /// The shards this process runs, from `shards` and `shard_range`.
    pub fn sharding(&self) -> Result<Sharding, Error> {
        let total = match self.shards {
            None if self.shard_range.is_some() => {
                return Err(invalid(
                    "NICHIRO_SHARD_RANGE",
                    "needs NICHIRO_SHARDS, the number of shards in all",
                ))
            }
            None => return Ok(Sharding::Auto),
            Some(total) if !(1..=MAX_SHARDS).contains(&total) => {
                return Err(invalid(
                    "NICHIRO_SHARDS",
                    &format!("{total} is not a number of shards from 1 to {MAX_SHARDS}"),
                ))
            }
            Some(total) => total,
        };
        let Some(range) = self.shard_range.as_deref() else {
            return Ok(Sharding::Range {
                first: 0,
                last: total - 1,
                total,
            });
        };
        let bad = |why: &str| invalid("NICHIRO_SHARD_RANGE", why);
        let (first, last) = range
            .split_once("..")
            .and_then(|(a, b)| Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?)))
            .ok_or_else(|| bad("expected FIRST..LAST, such as 0..1 (both included)"))?;
        if first > last || last >= total {
            return Err(bad(&format!(
                "{first}..{last} is not a range of shards within 0..{} (NICHIRO_SHARDS is {total})",
                total - 1
            )));
        }
        Ok(Sharding::Range { first, last, total })
    }
}

/// The `[discord]` table, or the defaults and the reason it could not be read.
fn discord_table<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DiscordConfig, D::Error> {
    let table = toml::Table::deserialize(d)?;
    Ok(
        DiscordConfig::deserialize(table).unwrap_or_else(|e| DiscordConfig {
            file_error: Some(e.message().to_string()),
            ..DiscordConfig::default()
        }),
    )
}

/// The variable `name`, unless unset or blank.
fn set(var: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    var(name).filter(|v| !v.trim().is_empty())
}

/// An invalid value of the setting `name`.
fn invalid(name: &str, reason: &str) -> Error {
    Error::Config {
        path: PathBuf::from(format!("${name}")),
        reason: reason.to_string(),
    }
}

impl Config {
    /// Defaults, then the TOML file (`path`, or `config/nichiro.toml` when present), then the
    /// environment. A file named explicitly must exist.
    pub fn load(path: Option<&Path>) -> Result<Config, Error> {
        let mut config = match path {
            Some(path) => Self::from_file(path)?,
            None if Path::new(DEFAULT_CONFIG_PATH).is_file() => {
                Self::from_file(Path::new(DEFAULT_CONFIG_PATH))?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    fn from_file(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })
    }

    /// Applies the environment variables `var` knows, so tests can pass a map instead. The
    /// Discord settings are left to [`DiscordConfig::apply_env`], read by the bot only, so a
    /// mistake in one of them cannot stop `ask` or `search`.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
        let set = |name: &str| set(&var, name);
        if let Some(v) = set("NICHIRO_CORPUS") {
            self.engine.corpus_dir = v.into();
        }
        if let Some(v) = set("NICHIRO_INDEX") {
            self.engine.index_dir = v.into();
        }
        if let Some(v) = set("NICHIRO_ALIASES") {
            self.engine.aliases = v.into();
        }
        if let Some(v) = set("NICHIRO_MODE") {
            self.engine.mode = match v.trim() {
                "hybrid" => SearchMode::Hybrid,
                "words" => SearchMode::Words,
                _ => return Err(invalid("NICHIRO_MODE", "expected hybrid or words")),
            };
        }
        if let Some(v) = set("NICHIRO_FEED_POLL_MINUTES") {
            self.follow.feed_poll_minutes = v
                .trim()
                .parse()
                .map_err(|_| invalid("NICHIRO_FEED_POLL_MINUTES", "expected a number"))?;
        }
        if let Some(v) = set("NICHIRO_FOLLOW_STATE") {
            self.follow.state_path = v.into();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn file_overrides_defaults_and_env_overrides_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nichiro.toml");
        std::fs::write(
            &path,
            "[engine]\ncorpus_dir = \"from-file\"\n[discord]\nquestions_per_minute = 3\n",
        )
        .unwrap();
        let mut config = Config::from_file(&path).unwrap();
        assert_eq!(config.engine.corpus_dir, PathBuf::from("from-file"));
        assert_eq!(config.engine.index_dir, PathBuf::from(".nichiro/index"));
        assert_eq!(config.discord.questions_per_minute, 3);
        assert!(config.feeds.is_empty());
        std::fs::write(
            &path,
            "[follow]\nfeed_poll_minutes = 5\n[[feeds]]\nurl = \"https://a.example/rss\"\n\
             [[feeds]]\nurl = \"https://b.example/atom\"\nname = \"B\"\n",
        )
        .unwrap();
        let feeds = Config::from_file(&path).unwrap();
        assert_eq!(feeds.follow.feed_poll_minutes, 5);
        assert_eq!(feeds.feeds.len(), 2);
        assert_eq!(feeds.feeds[1].name.as_deref(), Some("B"));

        let env: HashMap<&str, &str> = [
            ("NICHIRO_CORPUS", "from-env"),
            ("DISCORD_GUILD_ID", "42"),
            ("DISCORD_HTTP_PROXY", "http://127.0.0.1:9/"),
        ]
        .into();
        let var = |k: &str| env.get(k).map(|v| v.to_string());
        config.apply_env(var).unwrap();
        assert_eq!(
            config.discord.guild_id, None,
            "the bot reads its own settings"
        );
        config.discord.apply_env(var).unwrap();
        assert_eq!(config.engine.corpus_dir, PathBuf::from("from-env"));
        assert_eq!(config.discord.guild_id, Some(42));
        assert_eq!(
            config.discord.http_proxy.as_deref(),
            Some("http://127.0.0.1:9")
        );
    }

    #[test]
    fn invalid_values_are_named() {
        let mut config = Config::default();
        let err = config
            .discord
            .apply_env(|k| (k == "DISCORD_GUILD_ID").then(|| "abc".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("DISCORD_GUILD_ID"));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[engine]\ncorpus = 1\n").unwrap();
        let err = Config::from_file(&path).unwrap_err();
        assert!(err.to_string().contains("bad.toml"));
    }

    fn discord_env(pairs: &[(&str, &str)]) -> Result<DiscordConfig, Error> {
        let env: HashMap<&str, &str> = pairs.iter().copied().collect();
        let mut discord = DiscordConfig::default();
        discord.apply_env(|k| env.get(k).map(|v| v.to_string()))?;
        Ok(discord)
    }

    #[test]
    fn a_bad_discord_setting_does_not_stop_the_other_commands() {
        let env: HashMap<&str, &str> = [
            ("NICHIRO_QUESTIONS_PER_MINUTE", "abc"),
            ("DISCORD_GUILD_ID", "x"),
            ("NICHIRO_CORPUS_POLL_SECONDS", "-1"),
            ("NICHIRO_SHARDS", "many"),
            ("NICHIRO_SHARD_RANGE", "all"),
            ("NICHIRO_CORPUS", "elsewhere"),
        ]
        .into();
        let mut config = Config::default();
        config
            .apply_env(|k| env.get(k).map(|v| v.to_string()))
            .unwrap();
        assert_eq!(config.engine.corpus_dir, PathBuf::from("elsewhere"));
        // Only the bot refuses them.
        assert!(config
            .discord
            .apply_env(|k| env.get(k).map(|v| v.to_string()))
            .is_err());
    }

    #[test]
    fn discord_counts_from_outside_are_bounded() {
        for (name, value) in [
            ("NICHIRO_QUESTIONS_PER_MINUTE", "1001"),
            ("NICHIRO_QUESTIONS_PER_MINUTE", "99999999999999999999"),
            ("NICHIRO_CORPUS_POLL_SECONDS", "18446744073709551615"),
            ("NICHIRO_CORPUS_POLL_SECONDS", "86401"),
            ("NICHIRO_SHARDS", "0"),
            ("NICHIRO_SHARDS", "1025"),
            ("NICHIRO_SHARDS", "4294967296"),
        ] {
            let err = discord_env(&[(name, value)]).unwrap_err().to_string();
            assert!(err.contains(name), "{name}={value}: {err}");
        }
        let ok = discord_env(&[
            ("NICHIRO_QUESTIONS_PER_MINUTE", "1000"),
            ("NICHIRO_CORPUS_POLL_SECONDS", "86400"),
        ])
        .unwrap();
        assert_eq!(ok.questions_per_minute, 1000);
        // The file's values are checked too.
        let from_file = DiscordConfig {
            questions_per_minute: u32::MAX,
            ..DiscordConfig::default()
        };
        assert!(from_file.check().is_err());
    }

    #[test]
    fn shards_are_automatic_all_or_a_range() {
        assert_eq!(
            discord_env(&[]).unwrap().sharding().unwrap(),
            Sharding::Auto
        );
        assert_eq!(
            discord_env(&[("NICHIRO_SHARDS", "4")])
                .unwrap()
                .sharding()
                .unwrap(),
            Sharding::Range {
                first: 0,
                last: 3,
                total: 4
            }
        );
        assert_eq!(
            discord_env(&[("NICHIRO_SHARDS", "4"), ("NICHIRO_SHARD_RANGE", " 2..3 ")])
                .unwrap()
                .sharding()
                .unwrap(),
            Sharding::Range {
                first: 2,
                last: 3,
                total: 4
            }
        );
        for (shards, range) in [
            (None, "0..1"),
            (Some("4"), "3..2"),
            (Some("4"), "0..4"),
            (Some("4"), "1"),
            (Some("4"), "a..b"),
            (Some("4"), "-1..2"),
        ] {
            let mut pairs = vec![("NICHIRO_SHARD_RANGE", range)];
            if let Some(shards) = shards {
                pairs.push(("NICHIRO_SHARDS", shards));
            }
            let err = discord_env(&pairs).unwrap_err().to_string();
            assert!(err.contains("NICHIRO_SHARD_RANGE"), "{range}: {err}");
        }
    }

    #[test]
    fn a_bad_discord_table_in_the_file_stops_only_the_bot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nichiro.toml");
        std::fs::write(
            &path,
            "[engine]\ncorpus_dir = \"mine\"\n[discord]\nquestions_per_minute = \"abc\"\n",
        )
        .unwrap();
        let config = Config::from_file(&path).unwrap();
        assert_eq!(config.engine.corpus_dir, PathBuf::from("mine"));
        let err = config.discord.check().unwrap_err().to_string();
        assert!(err.contains("[discord]"), "{err}");
        assert!(
            err.contains("questions_per_minute") || err.contains("invalid type"),
            "{err}"
        );
        // A good table still reads as before.
        std::fs::write(&path, "[discord]\nguild_id = 5\nshards = 2\n").unwrap();
        let config = Config::from_file(&path).unwrap();
        assert_eq!(config.discord.guild_id, Some(5));
        assert_eq!(config.discord.shards, Some(2));
        assert!(config.discord.check().is_ok());
    }
}
