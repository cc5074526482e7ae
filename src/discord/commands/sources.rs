//! `/sources`: the corpus's articles, newest first, paged. The list is computed once per
//! corpus load, so this answers at once without deferring.

use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::CommandInteraction;

use super::super::failure::Failure;
use super::super::render;
use super::super::respond::Responder;
use super::super::state::BotState;
use super::command;

pub fn definition() -> CreateCommand {
    command("sources", "List the articles in the corpus, newest first")
}

pub async fn run(
    state: &Arc<BotState>,
    _cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let corpus = state.corpus();
    r.send(&render::sources(&corpus.sources, 0, &corpus.info))
        .await
}

/// Another page (the ◀/▶ buttons): the button's message is replaced in the response itself.
pub async fn page(state: &Arc<BotState>, page: usize, r: &Responder) -> Result<(), Failure> {
    let corpus = state.corpus();
    r.update(&render::sources(&corpus.sources, page, &corpus.info))
        .await
}
