//! `/timeline [topic]`: the dated articles on a topic (or all of them), oldest first, paged.

use std::sync::Arc;

use serenity::model::application::CommandInteraction;

use crate::discord::failure::Failure;
use crate::discord::locale::{self, Words};
use crate::discord::question;
use crate::discord::render::{self, PageView};
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::sessions::Session;
use crate::discord::state::BotState;
use crate::lang::Lang;

use super::spec::{Access, Kind, MaxLength, Opt, Spec};

const TOPIC: Opt = Opt {
    name: Words {
        en: "topic",
        ja: "話題",
        ru: "тема",
    },
    description: Words {
        en: "A topic, such as peace treaty or fisheries (all articles without one)",
        ja: "話題（省略するとすべての記事）",
        ru: "Тема (без темы — все статьи)",
    },
    kind: Kind::Text {
        max: MaxLength::Chars(300),
    },
    required: false,
};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "timeline",
        ja: "年表",
        ru: "хронология",
    },
    description: Words {
        en: "Articles on a topic in date order",
        ja: "話題に関する記事を日付順に表示します",
        ru: "Статьи по теме в порядке дат",
    },
    access: Access::Everyone,
    options: &[&TOPIC],
};

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let topic = TOPIC
        .text(cmd)
        .map(question::clean)
        .filter(|t| !t.is_empty());
    let lang = locale::for_question(Some(&cmd.locale), topic.as_deref().unwrap_or_default());
    state.check_rate(cmd.user.id.get())?;
    r.defer(false).await?;
    let session = state.remember(Session::Timeline {
        topic: topic.clone(),
        lang,
    });
    r.send(&page(state, topic, session, 0, lang).await?).await
}

/// Page `page` of the timeline on `topic`, with buttons for the session `session`.
pub async fn page(
    state: &Arc<BotState>,
    topic: Option<String>,
    session: u64,
    page: usize,
    lang: Lang,
) -> Result<Reply, Failure> {
    let asked = topic.clone();
    let (entries, corpus) = state
        .with_corpus(move |c| (c.engine.timeline(asked.as_deref()), c.info.clone()))
        .await?;
    let view = PageView {
        page,
        session,
        corpus: &corpus,
        lang,
    };
    Ok(render::timeline(topic.as_deref(), &entries?, view))
}
