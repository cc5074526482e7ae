//! Button clicks: "More sources", "Full passage", 👍/👎 and the ◀/▶ pagers.
//!
//! A click carries only its custom id ([`ButtonId`]); the question or query it belongs to is
//! looked up in the remembered sessions. A click on a button the bot no longer remembers, or
//! not its own, gets a polite private note.

use std::sync::Arc;

use serenity::model::application::ComponentInteraction;

use super::buttons::ButtonId;
use super::commands::{ask, search, sources, timeline};
use super::failure::Failure;
use super::feedback::{now_rfc3339, Feedback, FeedbackCitation};
use super::render;
use super::reply::Reply;
use super::respond::Responder;
use super::sessions::{AskSession, Session};
use super::state::BotState;

pub async fn run(
    state: &Arc<BotState>,
    click: &ComponentInteraction,
    r: &Responder,
) -> Result<(), Failure> {
    let expired = || Reply::private(render::expired());
    let Some(id) = ButtonId::parse(&click.data.custom_id) else {
        return r.send(&expired()).await;
    };
    state.check_click_rate(click.user.id.get())?;
    let remembered = |session: u64| {
        state
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(session)
            .cloned()
    };
    match id {
        ButtonId::More { session, offset } => match remembered(session) {
            Some(Session::Ask(asked)) => {
                r.defer(asked.private).await?;
                let reply = ask::more_sources(state, session, asked, offset).await?;
                r.send(&reply).await
            }
            _ => r.send(&expired()).await,
        },
        ButtonId::Full { session, rank } => match remembered(session) {
            Some(Session::Ask(asked)) => match asked.citations.get(&rank) {
                Some(citation) => r.send(&render::full_passage(citation)).await,
                None => r.send(&expired()).await,
            },
            _ => r.send(&expired()).await,
        },
        ButtonId::Vote {
            session,
            offset,
            up,
        } => match remembered(session) {
            Some(Session::Ask(asked)) => vote(state, click, asked, offset, up, r).await,
            _ => r.send(&expired()).await,
        },
        ButtonId::SearchPage { session, page } => match remembered(session) {
            Some(Session::Search { query }) => search::page(state, session, query, page, r).await,
            _ => r.send(&expired()).await,
        },
        ButtonId::TimelinePage { session, page } => match remembered(session) {
            Some(Session::Timeline { topic }) => {
                timeline::page(state, session, topic, page, r).await
            }
            _ => r.send(&expired()).await,
        },
        ButtonId::SourcesPage { page } => sources::page(state, page, r).await,
    }
}

/// Records a 👍/👎 on the citations the voted message showed (replacing the voter's earlier
/// vote on that message), and thanks the voter privately.
async fn vote(
    state: &Arc<BotState>,
    click: &ComponentInteraction,
    asked: AskSession,
    offset: usize,
    up: bool,
    r: &Responder,
) -> Result<(), Failure> {
    let shown = offset.saturating_add(1)..=offset.saturating_add(ask::CITATIONS);
    let feedback = Feedback {
        time: now_rfc3339(),
        vote: if up { "up" } else { "down" },
        user_id: click.user.id.to_string(),
        message_id: click.message.id.to_string(),
        question: asked.question,
        since: asked.since.map(|d| d.to_string()),
        until: asked.until.map(|d| d.to_string()),
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
        "Thanks! Your 👍 is recorded and helps evaluate the answers."
    } else {
        "Thanks! Your 👎 is recorded and helps improve the answers."
    };
    r.send(&Reply::private(thanks)).await
}
