//! `/search query`: the passages that match, a page at a time with ◀/▶ buttons.

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

/// Passages fetched per search (pages are cut from these).
pub const LIMIT: usize = 20;

pub fn definition() -> CreateCommand {
    command("search", "Show the article passages that match some words").add_option(
        option(
            "search",
            CommandOptionType::String,
            "query",
            "Words to look for",
        )
        .required(true)
        .max_length(1000),
    )
}

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let query = question::clean(string(cmd, "query").unwrap_or_default());
    state.check_rate(cmd.user.id.get())?;
    r.defer(false).await?;
    let session = state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(Session::Search {
            query: query.clone(),
        });
    r.send(&results(state, query, session, 0).await?).await
}

/// Another page of a remembered search (the ◀/▶ buttons): the button's message is edited.
pub async fn page(
    state: &Arc<BotState>,
    session: u64,
    query: String,
    page: usize,
    r: &Responder,
) -> Result<(), Failure> {
    r.defer_update().await?;
    r.send(&results(state, query, session, page).await?).await
}

async fn results(
    state: &Arc<BotState>,
    query: String,
    session: u64,
    page: usize,
) -> Result<Reply, Failure> {
    let asked = query.clone();
    let (hits, corpus) = state
        .with_corpus(move |c| (c.engine.search(&asked, LIMIT), c.info.clone()))
        .await?;
    Ok(render::passages(&query, &hits?, page, session, &corpus))
}
