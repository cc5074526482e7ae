//! Serenity's event handler: registers the commands on READY and routes interactions and
//! messages to their handlers.
//!
//! Each interaction runs in its own task with a [`Responder`]; whatever that task returns or
//! however it ends (an error, or a panic), the person hears back: errors and panics go through
//! [`Responder::fail`], the one central place that turns them into a message.

use std::sync::Arc;

use serenity::async_trait;
use serenity::client::{Context, EventHandler};
use serenity::model::application::{Command, Interaction};
use serenity::model::channel::Message;
use serenity::model::event::ResumedEvent;
use serenity::model::gateway::Ready;
use serenity::model::id::GuildId;

use crate::discord::commands;
use crate::discord::components;
use crate::discord::failure::{error_id, Failure};
use crate::discord::locale;
use crate::discord::mention;
use crate::discord::respond::Responder;
use crate::discord::state::BotState;

pub struct Handler {
    state: Arc<BotState>,
}

impl Handler {
    pub fn new(state: Arc<BotState>) -> Handler {
        Handler { state }
    }

    /// Registers every command: in the development server when one is configured (instant),
    /// otherwise globally. Done on the first READY; a failure is retried on the next one.
    async fn register(&self, ctx: &Context) {
        if !self.state.claim_registration() {
            return;
        }
        let definitions = commands::definitions(&self.state);
        let count = definitions.len();
        let result = match self.state.discord.guild_id {
            Some(guild) => GuildId::new(guild)
                .set_commands(&ctx.http, definitions)
                .await
                .map(|_| format!("in server {guild}")),
            None => Command::set_global_commands(&ctx.http, definitions)
                .await
                .map(|_| "globally".to_string()),
        };
        match result {
            Ok(scope) => tracing::info!(count, %scope, "commands registered"),
            Err(e) => {
                self.state.registration_failed();
                tracing::error!(error_id = %error_id(), error = %e, "command registration failed; will retry on the next connection");
            }
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        self.state.set_bot_user(ready.user.id.get());
        ctx.http.set_application_id(ready.application.id);
        tracing::info!(
            bot = %ready.user.name,
            guilds = ready.guilds.len(),
            invite = %crate::discord::invite_url(ready.application.id.get()),
            "connected to Discord"
        );
        self.register(&ctx).await;
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("gateway session resumed");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let (responder, origin) = match &interaction {
            Interaction::Command(cmd) => (
                Responder::new(
                    Arc::clone(&ctx.http),
                    cmd.id,
                    &cmd.token,
                    locale::of_locale(&cmd.locale),
                ),
                format!("/{} by user {}", cmd.data.name, cmd.user.id),
            ),
            Interaction::Component(click) => (
                Responder::new(
                    Arc::clone(&ctx.http),
                    click.id,
                    &click.token,
                    locale::of_locale(&click.locale),
                ),
                format!("button {} by user {}", click.data.custom_id, click.user.id),
            ),
            // Autocomplete and modals are not used by this bot.
            _ => return,
        };
        let state = Arc::clone(&self.state);
        let task_responder = responder.clone();
        // A task of its own, so a panic is caught here and still answered.
        let outcome = tokio::spawn(async move {
            match &interaction {
                Interaction::Command(cmd) => commands::run(&state, cmd, &task_responder).await,
                Interaction::Component(click) => {
                    components::run(&state, click, &task_responder).await
                }
                _ => Ok(()),
            }
        })
        .await;
        let failure = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(failure)) => failure,
            Err(join) => Failure::internal("command task", join),
        };
        responder.fail(&failure, &origin).await;
    }

    async fn message(&self, ctx: Context, msg: Message) {
        mention::handle(&self.state, &ctx, &msg).await;
    }
}
