//! The Discord bot: a thin adapter from slash commands, buttons, mentions and DMs to the
//! [`Engine`](crate::Engine). No retrieval happens here, only calls to the engine.
//!
//! Layout, one job per module:
//! - `bot` starts and stops the client; `token` guards the secret; `handler` routes events;
//! - `commands/*` one module per slash command; `components` the buttons; `mention` mentions
//!   and DMs;
//! - `render` (pure) turns results into [`reply::Reply`] values, `fit` keeps them inside
//!   Discord's limits, `builders` turns them into requests with mentions disabled, `respond`
//!   acknowledges and delivers them;
//! - `failure` turns every error into a message; `state` holds the shared engine, with
//!   `ratelimit`, `sessions`, `feedback` and `watch` (corpus reloads).

mod bot;
mod builders;
mod buttons;
mod commands;
mod components;
mod failure;
mod feedback;
pub mod fit;
mod handler;
mod locale;
mod mention;
mod question;
mod ratelimit;
pub mod render;
pub mod reply;
mod respond;
mod sessions;
mod state;
mod token;
mod watch;

pub use bot::{serve, signal};
pub use token::{Token, TOKEN_VAR};

use crate::config::Config;

/// Why the bot could not start or stopped with an error; one line, fit for stderr. No variant
/// carries the token.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("DISCORD_TOKEN is not set: put the bot token in the environment or in .env")]
    MissingToken,
    #[error("DISCORD_TOKEN is malformed: a bot token is one word of printable ASCII")]
    MalformedToken,
    #[error("Discord rejected DISCORD_TOKEN: check the bot token in the Discord developer portal")]
    RejectedToken,
    #[error("cannot reach Discord: {0}")]
    Unreachable(String),
    #[error("cannot load the corpus: {0}")]
    Corpus(crate::error::Error),
    #[error("the Discord gateway stopped the bot: {0}")]
    Gateway(String),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// Runs the bot until SIGTERM or Ctrl-C, with the token from `DISCORD_TOKEN`. Builds its own
/// runtime.
pub fn run(config: Config) -> Result<(), BotError> {
    let token = Token::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("nichiro-bot")
        .build()
        .map_err(BotError::Runtime)?;
    runtime.block_on(serve(config, token, signal()))
}
