//! `/search query`: the passages that match, a page at a time with ◀/▶ buttons.

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

/// Passages fetched per search (pages are cut from these).
const LIMIT: usize = 20;

const QUERY: Opt = Opt {
    name: Words {
        en: "query",
        ja: "キーワード",
        ru: "запрос",
    },
    description: Words {
        en: "Words to look for",
        ja: "探す語句",
        ru: "Слова для поиска",
    },
    kind: Kind::Text {
        max: MaxLength::Chars(1000),
    },
    required: true,
};

pub const SPEC: Spec = Spec {
    name: Words {
        en: "search",
        ja: "検索",
        ru: "поиск",
    },
    description: Words {
        en: "Show the article passages that match some words",
        ja: "語句に一致する記事の段落を表示します",
        ru: "Абзацы статей, подходящие под запрос",
    },
    access: Access::Everyone,
    options: &[&QUERY],
};

pub async fn run(
    state: &Arc<BotState>,
    cmd: &CommandInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let query = question::clean(QUERY.text(cmd).unwrap_or_default());
    let lang = locale::for_question(Some(&cmd.locale), &query);
    state.check_rate(cmd.user.id.get())?;
    r.defer(false).await?;
    let session = state.remember(Session::Search {
        query: query.clone(),
        lang,
    });
    r.send(&page(state, query, session, 0, lang).await?).await
}

/// Page `page` of the passages matching `query`, with buttons for the session `session`.
pub async fn page(
    state: &Arc<BotState>,
    query: String,
    session: u64,
    page: usize,
    lang: Lang,
) -> Result<Reply, Failure> {
    let asked = query.clone();
    let (hits, corpus) = state
        .with_corpus(move |c| (c.engine.search(&asked, LIMIT), c.info.clone()))
        .await?;
    let view = PageView {
        page,
        session,
        corpus: &corpus,
        lang,
    };
    Ok(render::passages(&query, &hits?, view))
}
