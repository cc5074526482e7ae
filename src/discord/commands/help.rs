//! `/help`: what the bot does and how to ask, in the asker's language (English, Japanese or
//! Russian), privately.

use std::sync::Arc;

use crate::discord::failure::Failure;
use crate::discord::locale::Words;
use crate::discord::render;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;

use super::spec::{Access, Spec};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "help",
        ja: "ヘルプ",
        ru: "помощь",
    },
    description: Words {
        en: "What this bot does and how to ask it",
        ja: "このボットの使い方",
        ru: "Что умеет бот и как задавать вопросы",
    },
    access: Access::Everyone,
    options: &[],
};

pub async fn run(state: &Arc<BotState>, r: &Responder) -> Result<(), Failure> {
    let corpus = state.corpus();
    r.send(&render::help(r.lang(), &corpus.info)).await
}
