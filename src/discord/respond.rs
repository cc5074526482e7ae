//! Answering one interaction: acknowledge it at once, then deliver the reply, and deliver a
//! failure in whichever way the interaction's state still allows.
//!
//! Discord gives 3 seconds to acknowledge an interaction, then 15 minutes to edit the
//! acknowledged response. A [`Responder`] remembers how the interaction was acknowledged so
//! that [`Responder::send`] and [`Responder::fail`] pick the right request (response, edit of
//! the original, or follow-up). It is cheap to clone so the panic guard in `handler` can still
//! report a failure after the command's task died.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Instant;

use serenity::builder::{Builder, CreateInteractionResponse, CreateInteractionResponseMessage};
use serenity::http::Http;
use serenity::model::id::InteractionId;

use crate::discord::builders;
use crate::discord::failure::Failure;
use crate::discord::reply::Reply;
use crate::lang::Lang;

const NOT_ACKNOWLEDGED: u8 = 0;
/// Type 5 without the ephemeral flag: a public "thinking…" message to edit.
const DEFERRED_PUBLIC: u8 = 1;
/// Type 5 with the ephemeral flag.
const DEFERRED_PRIVATE: u8 = 2;
/// Type 6 on a button: the button's message is edited later.
const DEFERRED_UPDATE: u8 = 3;
/// A message was sent (type 4 or 7); anything more is a follow-up.
const REPLIED: u8 = 4;

/// One interaction's reply channel.
#[derive(Clone)]
pub struct Responder {
    http: Arc<Http>,
    id: InteractionId,
    token: Arc<str>,
    state: Arc<AtomicU8>,
    received: Instant,
    /// The language of the person's Discord client, for notes and failures.
    lang: Lang,
}

impl Responder {
    pub fn new(http: Arc<Http>, id: InteractionId, token: &str, lang: Lang) -> Responder {
        Responder {
            http,
            id,
            token: token.into(),
            state: Arc::new(AtomicU8::new(NOT_ACKNOWLEDGED)),
            received: Instant::now(),
            lang,
        }
    }

    /// The language of the person's Discord client (English for any the bot does not speak).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn state(&self) -> u8 {
        self.state.load(Ordering::Acquire)
    }

    async fn respond(&self, response: CreateInteractionResponse, next: u8) -> Result<(), Failure> {
        let first = self.state() == NOT_ACKNOWLEDGED;
        response.execute(&self.http, (self.id, &self.token)).await?;
        self.state.store(next, Ordering::Release);
        if first {
            tracing::debug!(
                interaction = %self.id,
                ack_ms = self.received.elapsed().as_secs_f64() * 1000.0,
                "acknowledged"
            );
        }
        Ok(())
    }

    /// "Thinking…": the answer follows as an edit. `private` makes the answer ephemeral; it
    /// can only be chosen here.
    pub async fn defer(&self, private: bool) -> Result<(), Failure> {
        let message = CreateInteractionResponseMessage::new().ephemeral(private);
        let next = if private {
            DEFERRED_PRIVATE
        } else {
            DEFERRED_PUBLIC
        };
        self.respond(CreateInteractionResponse::Defer(message), next)
            .await
    }

    /// Acknowledges a button click whose message is edited afterwards (paging).
    pub async fn defer_update(&self) -> Result<(), Failure> {
        self.respond(CreateInteractionResponse::Acknowledge, DEFERRED_UPDATE)
            .await
    }

    /// Replaces the message a button is on, at once (paging that needs no engine call).
    pub async fn update(&self, reply: &Reply) -> Result<(), Failure> {
        let message = builders::response_message(reply);
        self.respond(CreateInteractionResponse::UpdateMessage(message), REPLIED)
            .await
    }

    /// Delivers `reply`: as the response when nothing was sent yet, as the edit of a deferred
    /// response, or as a follow-up.
    pub async fn send(&self, reply: &Reply) -> Result<(), Failure> {
        match self.state() {
            NOT_ACKNOWLEDGED => {
                let message = builders::response_message(reply);
                self.respond(CreateInteractionResponse::Message(message), REPLIED)
                    .await
            }
            DEFERRED_PUBLIC | DEFERRED_PRIVATE | DEFERRED_UPDATE => {
                builders::edit(reply)
                    .execute(&self.http, &self.token)
                    .await?;
                Ok(())
            }
            _ => {
                builders::followup(reply)
                    .execute(&self.http, (None, &self.token))
                    .await?;
                Ok(())
            }
        }
    }

    /// Tells the person about `failure` privately, whatever state the interaction is in, and
    /// logs a delivery problem instead of failing again.
    pub async fn fail(&self, failure: &Failure, origin: &str) {
        let note = Reply::private(failure.explain(origin, self.lang));
        let delivered = match self.state() {
            NOT_ACKNOWLEDGED => self.send(&note).await,
            // An ephemeral placeholder can simply become the note.
            DEFERRED_PRIVATE => self.send(&note).await,
            // A public placeholder would show the note to everyone: remove it, then tell the
            // person privately.
            DEFERRED_PUBLIC => {
                if let Err(e) = self
                    .http
                    .delete_original_interaction_response(&self.token)
                    .await
                {
                    tracing::debug!(error = %e, "could not delete the placeholder");
                }
                self.followup(&note).await
            }
            _ => self.followup(&note).await,
        };
        if let Err(e) = delivered {
            tracing::warn!(%origin, failure = ?e, "could not tell the user about a failure");
        }
    }

    async fn followup(&self, reply: &Reply) -> Result<(), Failure> {
        builders::followup(reply)
            .execute(&self.http, (None, &self.token))
            .await?;
        Ok(())
    }
}
