//! Button clicks: "More sources", "Full passage", 👍/👎 and the ◀/▶ pagers.
//!
//! A click carries only its custom id ([`ButtonId`]); the question or query it belongs to is
//! looked up in the remembered sessions. A click on a button the bot no longer remembers, or
//! not its own, gets a polite private note.

use std::future::Future;
use std::sync::Arc;

use serenity::model::application::ComponentInteraction;

use crate::discord::buttons::ButtonId;
use crate::discord::commands::{ask, search, sources, timeline};
use crate::discord::failure::Failure;
use crate::discord::feedback::{now_rfc3339, Feedback, FeedbackCitation};
use crate::discord::locale;
use crate::discord::render;
use crate::discord::reply::Reply;
use crate::discord::respond::Responder;
use crate::discord::sessions::{AskSession, Session};
use crate::discord::state::BotState;

pub async fn run(
    state: &Arc<BotState>,
    click: &ComponentInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let expired = || expired(r);
    let Some(id) = ButtonId::parse(&click.data.custom_id) else {
        return expired().await;
    };
    state.check_click_rate(click.user.id.get())?;
    match id {
        ButtonId::More { session, offset } => match state.recall(session) {
            Some(Session::Ask(asked)) => {
                let question = asked.question;
                r.defer(question.private).await?;
                let reply = ask::answer(state, question, Some(session), offset).await?;
                r.send(&reply).await
            }
            _ => expired().await,
        },
        ButtonId::Full { session, rank } => match state.recall(session) {
            Some(Session::Ask(asked)) => match asked.citations.get(&rank) {
                Some(citation) => {
                    let lang = asked.question.lang;
                    r.send(&render::full_passage(citation, lang)).await
                }
                None => expired().await,
            },
            _ => expired().await,
        },
        ButtonId::Vote {
            session,
            offset,
            up,
        } => match state.recall(session) {
            Some(Session::Ask(asked)) => vote(state, click, asked, offset, up, r).await,
            _ => expired().await,
        },
        ButtonId::SearchPage { session, page } => match state.recall(session) {
            Some(Session::Search { query, lang }) => {
                turn_page(r, search::page(state, query, session, page, lang)).await
            }
            _ => expired().await,
        },
        ButtonId::TimelinePage { session, page } => match state.recall(session) {
            Some(Session::Timeline { topic, lang }) => {
                turn_page(r, timeline::page(state, topic, session, page, lang)).await
            }
            _ => expired().await,
        },
        // The list is in memory: the button's message is replaced in the response itself.
        ButtonId::SourcesPage { page } => r.update(&sources::page(state, page, r)).await,
    }
}

/// A button the bot no longer remembers, or never made.
async fn expired(r: &Responder) -> Result<(), Failure> {
    r.send(&Reply::private(locale::EXPIRED.get(r.lang()))).await
}

/// A page that needs the engine: the click is acknowledged at once, then the button's own
/// message is edited into the new page.
async fn turn_page(
    r: &Responder,
    page: impl Future<Output = Result<Reply, Failure>>,
) -> Result<(), Failure> {
    r.defer_update().await?;
    r.send(&page.await?).await
}

/// Records a 👍/👎 on the citations the voted message showed (replacing the voter's earlier
/// vote on that message), and thanks the voter privately, in the answer's language.
async fn vote(
    state: &Arc<BotState>,
    click: &ComponentInteraction,
    asked: AskSession,
    offset: usize,
    up: bool,
    r: &Responder,
) -> Result<(), Failure> {
    let shown = offset.saturating_add(1)..=offset.saturating_add(ask::CITATIONS);
    let question = asked.question;
    let feedback = Feedback {
        time: now_rfc3339(),
        vote: if up { "up" } else { "down" },
        user_id: click.user.id.to_string(),
        message_id: click.message.id.to_string(),
        question: question.text,
        since: question.since.map(|d| d.to_string()),
        until: question.until.map(|d| d.to_string()),
        abstained: asked.abstained,
        answer: asked
            .citations
            .range(shown)
            .map(|(&rank, c)| FeedbackCitation {
                rank,
                article_id: c.article_id.clone(),
                title: c.title.clone(),
                excerpt: c.excerpt.clone(),
            })
            .collect(),
    };
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || state.feedback.record(&feedback))
        .await?
        .map_err(|e| Failure::internal("feedback", e))?;
    let thanks = if up {
        locale::THANKS_UP
    } else {
        locale::THANKS_DOWN
    };
    r.send(&Reply::private(thanks.get(question.lang))).await
}
