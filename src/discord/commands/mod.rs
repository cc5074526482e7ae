//! The slash commands: one module per command, holding its [`Spec`] (names, descriptions,
//! options and their localizations, written once) and its handler; here the list registered
//! with Discord and the dispatch, both driven by [`Command`].
//!
//! To add a command: write its module with a `SPEC` and a `run`, add a [`Command`] variant,
//! and give the variant its spec and its handler in [`Command::spec`] and [`run`].

pub mod ask;
mod help;
mod import;
mod reindex;
pub mod search;
pub mod sources;
mod spec;
mod subscribe;
pub mod timeline;

use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::CommandInteraction;

use crate::date::PartialDate;
use crate::discord::failure::Failure;
use crate::discord::render;
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;

pub use spec::Spec;

/// Every slash command the bot has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Ask,
    Search,
    Timeline,
    Sources,
    Help,
    Reindex,
    Import,
    Subscribe,
    Unsubscribe,
}

impl Command {
    /// In the order they are registered.
    pub const ALL: [Command; 9] = [
        Command::Ask,
        Command::Search,
        Command::Timeline,
        Command::Sources,
        Command::Help,
        Command::Reindex,
        Command::Import,
        Command::Subscribe,
        Command::Unsubscribe,
    ];

    pub fn spec(self) -> &'static Spec {
        match self {
            Command::Ask => &ask::SPEC,
            Command::Search => &search::SPEC,
            Command::Timeline => &timeline::SPEC,
            Command::Sources => &sources::SPEC,
            Command::Help => &help::SPEC,
            Command::Reindex => &reindex::SPEC,
            Command::Import => &import::SPEC,
            Command::Subscribe => &subscribe::SUBSCRIBE,
            Command::Unsubscribe => &subscribe::UNSUBSCRIBE,
        }
    }

    /// The command registered as `name`.
    pub fn parse(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.spec().name.en == name)
    }
}

/// Every command, as registered (globally, or in the development server).
pub fn definitions(state: &BotState) -> Vec<CreateCommand> {
    Command::ALL
        .iter()
        .map(|c| c.spec().register(state.max_question_chars()))
        .collect()
}

/// Runs the command `cmd` names. A name this bot does not know (a stale registration, or a
/// command from another version) gets a polite private note.
pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let Some(command) = Command::parse(&cmd.data.name) else {
        let note = render::unknown_command(r.lang(), &cmd.data.name);
        return r.send(&Reply::private(note)).await;
    };
    match command {
        Command::Ask => ask::run(state, cmd, r).await,
        Command::Search => search::run(state, cmd, r).await,
        Command::Timeline => timeline::run(state, cmd, r).await,
        Command::Sources => sources::run(state, r).await,
        Command::Help => help::run(state, r).await,
        Command::Reindex => reindex::run(state, cmd, r).await,
        Command::Import => import::run(state, cmd, r).await,
        Command::Subscribe => subscribe::subscribe(state, cmd, r).await,
        Command::Unsubscribe => subscribe::unsubscribe(state, cmd, r).await,
    }
}

/// Refuses, saying "Only server administrators can {action}.", anyone whose resolved
/// permissions lack Administrator.
fn require_admin(cmd: &CommandInteraction, action: &str) -> Result<(), Failure> {
    let admin = cmd
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.administrator());
    if admin {
        Ok(())
    } else {
        Err(Failure::User(format!(
            "Only server administrators can {action}."
        )))
    }
}

/// The date given for `option` (YYYY, YYYY-MM or YYYY-MM-DD); a value that is not one is the
/// person's mistake, explained in their language.
fn date(
    cmd: &CommandInteraction,
    option: &spec::Opt,
    r: &Responder,
) -> Result<Option<PartialDate>, Failure> {
    match option.text(cmd).map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| Failure::User(render::bad_date(r.lang(), option.name.en, text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back_to_its_command() {
        for command in Command::ALL {
            assert_eq!(Command::parse(command.spec().name.en), Some(command));
        }
        assert_eq!(Command::parse("frobnicate"), None);
    }

    #[test]
    fn localizations_respect_discord_rules() {
        let name_ok = |n: &str| {
            n.chars().count() <= 32
                && !n.is_empty()
                && n.to_lowercase() == n
                && n.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        };
        let description_ok = |d: &str| (1..=100).contains(&d.chars().count());
        for command in Command::ALL {
            let spec = command.spec();
            let names = spec.options.iter().map(|o| &o.name);
            let descriptions = spec.options.iter().map(|o| &o.description);
            for words in std::iter::once(&spec.name).chain(names) {
                for n in [words.en, words.ja, words.ru] {
                    assert!(name_ok(n), "{command:?}: {n}");
                }
            }
            for words in std::iter::once(&spec.description).chain(descriptions) {
                for d in [words.en, words.ja, words.ru] {
                    assert!(description_ok(d), "{command:?}: {d}");
                }
            }
        }
    }
}
