//! `/reindex` (administrators only): reload the corpus now instead of waiting for the poll.
//!
//! Discord hides the command from members without the Administrator permission
//! (default_member_permissions), but server owners can override that per role, so the
//! permission is checked again here from the member's resolved permissions.

use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::CommandInteraction;

use super::super::failure::error_id;
use super::super::failure::Failure;
use super::super::reply::Reply;
use super::super::respond::Responder;
use super::super::state::BotState;
use super::{admin_command, require_admin};

pub fn definition() -> CreateCommand {
    admin_command(
        "reindex",
        "Reload the corpus articles now (administrators only)",
    )
}

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    require_admin(cmd, "reload the corpus")?;
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
