//! `/reindex` (administrators only): reload the corpus now instead of waiting for the poll.
//!
//! Discord hides the command from members without the Administrator permission
//! (default_member_permissions), but server owners can override that per role, so the
//! permission is checked again here from the member's resolved permissions.

use std::sync::Arc;

use serenity::model::application::CommandInteraction;

use crate::discord::failure::{error_id, Failure};
use crate::discord::locale::Words;
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;
use crate::lang::Lang;

use super::require_admin;
use super::spec::{Access, Spec};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "reindex",
        ja: "再読み込み",
        ru: "перезагрузка",
    },
    description: Words {
        en: "Reload the corpus articles now (administrators only)",
        ja: "記事を再読み込みします（管理者のみ）",
        ru: "Перечитать статьи корпуса (только администраторы)",
    },
    access: Access::Administrators,
    options: &[],
};

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
            info.footer(Lang::En),
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
