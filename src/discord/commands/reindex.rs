//! `/reindex` (administrators only): reload the corpus now instead of waiting for the poll.
//!
//! Discord hides the command from members without the Administrator permission
//! (default_member_permissions), but server owners can override that per role, so the
//! permission is checked again here from the member's resolved permissions.

use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::{CommandInteraction, InteractionContext};
use serenity::model::permissions::Permissions;

use super::super::failure::error_id;
use super::super::failure::Failure;
use super::super::reply::Reply;
use super::super::respond::Responder;
use super::super::state::BotState;
use super::command;

pub fn definition() -> CreateCommand {
    command(
        "reindex",
        "Reload the corpus articles now (administrators only)",
    )
    .default_member_permissions(Permissions::ADMINISTRATOR)
    .contexts(vec![InteractionContext::Guild])
}

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let admin = cmd
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.administrator());
    if !admin {
        return Err(Failure::User(
            "Only server administrators can reload the corpus.".into(),
        ));
    }
    r.defer(true).await?;
    let previous = state.corpus().info.clone();
    let note = match state.reload().await {
        Ok(info) => format!(
            "Reloaded. {} (before: {} articles).",
            info.footer(),
            previous.articles
        ),
        Err(e) => {
            let id = error_id();
            tracing::error!(error_id = %id, error = %e, "reindex failed");
            format!(
                "The corpus could not be reloaded (error id `{id}`); I'm still answering from the previous {} articles.",
                previous.articles
            )
        }
    };
    r.send(&Reply::private(note)).await
}
