//! Layered configuration: built-in defaults, then `config/nichiro.toml` (or `--config PATH`),
//! then environment variables (a `.env` file is loaded into the environment by the binary).
//! Command-line flags, applied by the binary, come last.

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
    pub discord: DiscordConfig,
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
        }
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

    /// Applies the environment variables `var` knows, so tests can pass a map instead.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let invalid = |name: &str, reason: &str| Error::Config {
            path: PathBuf::from(format!("${name}")),
            reason: reason.to_string(),
        };
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
        if let Some(v) = set("DISCORD_GUILD_ID") {
            let id = v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|id| *id != 0)
                .ok_or_else(|| invalid("DISCORD_GUILD_ID", "expected a numeric server id"))?;
            self.discord.guild_id = Some(id);
        }
        if let Some(v) = set("DISCORD_HTTP_PROXY") {
            self.discord.http_proxy = Some(v.trim().trim_end_matches('/').to_string());
        }
        if let Some(v) = set("NICHIRO_FEEDBACK_PATH") {
            self.discord.feedback_path = v.into();
        }
        if let Some(v) = set("NICHIRO_QUESTIONS_PER_MINUTE") {
            self.discord.questions_per_minute = v
                .trim()
                .parse()
                .map_err(|_| invalid("NICHIRO_QUESTIONS_PER_MINUTE", "expected a number"))?;
        }
        if let Some(v) = set("NICHIRO_CORPUS_POLL_SECONDS") {
            self.discord.corpus_poll_seconds = v
                .trim()
                .parse()
                .map_err(|_| invalid("NICHIRO_CORPUS_POLL_SECONDS", "expected a number"))?;
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

        let env: HashMap<&str, &str> = [
            ("NICHIRO_CORPUS", "from-env"),
            ("DISCORD_GUILD_ID", "42"),
            ("DISCORD_HTTP_PROXY", "http://127.0.0.1:9/"),
        ]
        .into();
        config
            .apply_env(|k| env.get(k).map(|v| v.to_string()))
            .unwrap();
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
            .apply_env(|k| (k == "DISCORD_GUILD_ID").then(|| "abc".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("DISCORD_GUILD_ID"));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[engine]\ncorpus = 1\n").unwrap();
        let err = Config::from_file(&path).unwrap_err();
        assert!(err.to_string().contains("bad.toml"));
    }
}
