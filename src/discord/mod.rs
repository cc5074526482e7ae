//! The Discord bot: a thin adapter from slash commands, buttons, mentions and DMs to the
//! [`Engine`](crate::Engine). No retrieval happens here, only calls to the engine.
//!
//! Layout, one job per module:
//! - `bot` starts and stops the client; `token` guards the secret; `handler` routes events;
//! - `commands/*` one module per slash command, each with its one definition (`Spec`: names,
//!   options, localizations) and its handler; `components` the buttons (`buttons` their ids);
//!   `mention` mentions and DMs; `question` strips Discord markup from what is asked;
//! - `render` (pure) turns results into [`reply::Reply`] values, in the asker's language with
//!   the words of `locale`; `fit` keeps them inside Discord's limits; `builders` turns them
//!   into requests with mentions disabled; `respond` acknowledges and delivers them;
//! - `failure` turns every error into a message; `state` holds the shared engine, with
//!   `ratelimit`, `sessions`, `feedback` and `watch` (corpus reloads);
//! - `subscriptions` keeps the channels subscribed to new articles, `announce` posts them.

mod announce;
mod bot;
mod builders;
mod buttons;
mod commands;
mod components;
mod failure;
mod feedback;
mod fit;
mod handler;
mod locale;
mod mention;
mod question;
mod ratelimit;
mod render;
mod reply;
mod respond;
mod sessions;
mod shared_file;
mod state;
mod subscriptions;
mod token;
mod watch;

// What the binary and the tests use; everything else stays inside the bot.
pub use bot::serve;
pub use token::Token;

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
    #[error("{0}")]
    Config(crate::error::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

/// The permissions the bot asks for when invited: Send Messages, Embed Links, Read Message
/// History (needed to reply to a message) and Use Application Commands.
fn invite_permissions() -> u64 {
    use serenity::model::permissions::Permissions;
    (Permissions::SEND_MESSAGES
        | Permissions::EMBED_LINKS
        | Permissions::READ_MESSAGE_HISTORY
        | Permissions::USE_APPLICATION_COMMANDS)
        .bits()
}

/// The URL that adds the bot to a server, with the `bot` and `applications.commands` scopes.
fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&scope=bot+applications.commands&permissions={}",
        invite_permissions()
    )
}

/// Runs the bot until SIGTERM or Ctrl-C, with the token from `DISCORD_TOKEN` and the Discord
/// settings from the environment (read here, so only the bot refuses a bad one). Builds its
/// own runtime.
pub fn run(mut config: Config) -> Result<(), BotError> {
    config
        .discord
        .apply_env(|name| std::env::var(name).ok())
        .map_err(BotError::Config)?;
    let token = Token::from_env()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("nichiro-bot")
        .build()
        .map_err(BotError::Runtime)?;
    runtime.block_on(serve(config, token, bot::signal()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invite_asks_for_the_documented_permissions() {
        // The README's invite URL quotes this number.
        assert_eq!(invite_permissions(), 2_147_567_616);
        assert_eq!(
            invite_url(42),
            "https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands&permissions=2147567616"
        );
    }
}
