//! `/timeline [topic]`: the dated articles on a topic (or all of them), oldest first, paged.

use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::{CommandInteraction, CommandOptionType};

use super::super::failure::Failure;
use super::super::question;
use super::super::render;
use super::super::reply::Reply;
use super::super::respond::Responder;
use super::super::sessions::Session;
use super::super::state::BotState;
use super::{command, option, string};

pub fn definition() -> CreateCommand {
    command("timeline", "Articles on a topic in date order").add_option(
        option(
            "timeline",
            CommandOptionType::String,
            "topic",
            "A topic, such as peace treaty or fisheries (all articles without one)",
        )
        .max_length(300),
    )
}

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let topic = string(cmd, "topic")
        .map(question::clean)
        .filter(|t| !t.is_empty());
    state.check_rate(cmd.user.id.get())?;
    r.defer(false).await?;
    let session = state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(Session::Timeline {
            topic: topic.clone(),
        });
    r.send(&entries(state, topic, session, 0).await?).await
}

/// Another page of a remembered timeline: the button's message is edited.
pub async fn page(
    state: &Arc<BotState>,
    session: u64,
    topic: Option<String>,
    page: usize,
    r: &Responder,
) -> Result<(), Failure> {
    r.defer_update().await?;
    r.send(&entries(state, topic, session, page).await?).await
}

async fn entries(
    state: &Arc<BotState>,
    topic: Option<String>,
    session: u64,
    page: usize,
) -> Result<Reply, Failure> {
    let asked = topic.clone();
    let (entries, corpus) = state
        .with_corpus(move |c| (c.engine.timeline(asked.as_deref()), c.info.clone()))
        .await?;
    Ok(render::timeline(
        topic.as_deref(),
        &entries?,
        page,
        session,
        &corpus,
    ))
}
