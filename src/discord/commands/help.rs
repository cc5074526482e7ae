//! `/help`: what the bot does and how to ask, in the asker's language (English, Japanese or
//! Russian), privately.

use std::sync::Arc;

use serenity::builder::CreateCommand;
use serenity::model::application::CommandInteraction;

use super::super::failure::Failure;
use super::super::locale::Lang;
use super::super::render;
use super::super::respond::Responder;
use super::super::state::BotState;
use super::command;

pub fn definition() -> CreateCommand {
    command("help", "What this bot does and how to ask it")
}

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let corpus = state.corpus();
    r.send(&render::help(Lang::from_locale(&cmd.locale), &corpus.info))
        .await
}
