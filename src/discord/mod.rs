//! The Discord bot: a thin adapter from slash commands, mentions and DMs to the engine.
//! (Being written; see issue 3.)

use crate::config::Config;

/// Why the bot could not start or stopped with an error; one line, fit for stderr.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("DISCORD_TOKEN is not set: put the bot token in the environment or in .env")]
    MissingToken,
}

/// Runs the bot until SIGTERM or Ctrl-C.
pub fn run(config: Config) -> Result<(), BotError> {
    let _ = config;
    Err(BotError::MissingToken)
}
