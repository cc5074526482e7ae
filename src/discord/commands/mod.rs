//! The slash commands: one module per command (its definition and its handler), and here the
//! list registered with Discord, the dispatch by name, and option reading.

pub mod ask;
pub mod help;
pub mod import;
pub mod reindex;
pub mod search;
pub mod sources;
pub mod subscribe;
pub mod timeline;

use std::sync::Arc;

use serenity::builder::{CreateCommand, CreateCommandOption};
use serenity::model::application::{
    CommandDataOptionValue, CommandInteraction, InteractionContext,
};

use serenity::model::permissions::Permissions;

use crate::date::PartialDate;

use super::failure::Failure;
use super::locale;
use super::render;
use super::reply::Reply;
use super::respond::Responder;
use super::state::BotState;

/// Every command, as registered (globally, or in the development server).
pub fn definitions(state: &BotState) -> Vec<CreateCommand> {
    vec![
        ask::definition(state.max_question_chars()),
        search::definition(),
        timeline::definition(),
        sources::definition(),
        help::definition(),
        reindex::definition(),
        import::definition(),
        subscribe::subscribe_definition(),
        subscribe::unsubscribe_definition(),
    ]
}

/// Runs the command `cmd` names. A name this bot does not know (a stale registration, or a
/// command from another version) gets a polite private note.
pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    match cmd.data.name.as_str() {
        "ask" => ask::run(state, cmd, r).await,
        "search" => search::run(state, cmd, r).await,
        "timeline" => timeline::run(state, cmd, r).await,
        "sources" => sources::run(state, cmd, r).await,
        "help" => help::run(state, cmd, r).await,
        "reindex" => reindex::run(state, cmd, r).await,
        "import" => import::run(state, cmd, r).await,
        "subscribe" => subscribe::subscribe(state, cmd, r).await,
        "unsubscribe" => subscribe::unsubscribe(state, cmd, r).await,
        other => {
            r.send(&Reply::private(render::unknown_command(other)))
                .await
        }
    }
}

/// A server command only administrators see and use. Discord hides it from others
/// (default_member_permissions), but server owners can override that per role, so `run` checks
/// again with [`require_admin`].
fn admin_command(name: &str, description: &str) -> CreateCommand {
    command(name, description)
        .default_member_permissions(Permissions::ADMINISTRATOR)
        .contexts(vec![InteractionContext::Guild])
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

/// A command usable in servers and in DMs with the bot, with its localizations.
fn command(name: &str, description: &str) -> CreateCommand {
    let mut out = CreateCommand::new(name)
        .description(description)
        .contexts(vec![InteractionContext::Guild, InteractionContext::BotDm]);
    if let Some(l) = locale::name(name) {
        out = out.name_localized("ja", l.ja).name_localized("ru", l.ru);
    }
    if let Some(l) = locale::description(name) {
        out = out
            .description_localized("ja", l.ja)
            .description_localized("ru", l.ru);
    }
    out
}

/// An option of command `command`, with its localizations.
fn option(
    command: &str,
    kind: serenity::model::application::CommandOptionType,
    name: &str,
    description: &str,
) -> CreateCommandOption {
    let mut out = CreateCommandOption::new(kind, name, description);
    if let Some(l) = locale::name(name) {
        out = out.name_localized("ja", l.ja).name_localized("ru", l.ru);
    }
    if let Some(l) = locale::description(&format!("{command}.{name}")) {
        out = out
            .description_localized("ja", l.ja)
            .description_localized("ru", l.ru);
    }
    out
}

/// The string option `name`, if given.
fn string<'a>(cmd: &'a CommandInteraction, name: &str) -> Option<&'a str> {
    cmd.data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| match &o.value {
            CommandDataOptionValue::String(s) => Some(s.as_str()),
            _ => None,
        })
}

/// The boolean option `name`, if given.
fn boolean(cmd: &CommandInteraction, name: &str) -> Option<bool> {
    cmd.data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| match o.value {
            CommandDataOptionValue::Boolean(b) => Some(b),
            _ => None,
        })
}

/// The date option `name` (YYYY, YYYY-MM or YYYY-MM-DD); a value that is not one is the
/// person's mistake, explained.
fn date(cmd: &CommandInteraction, name: &str) -> Result<Option<PartialDate>, Failure> {
    match string(cmd, name).map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| Failure::User(render::bad_date(name, text))),
    }
}
