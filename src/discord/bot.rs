//! Starting and stopping the bot: the HTTP client (optionally through a proxy that owns rate
//! limits), a token check, the corpus, the gateway connection, and a clean shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serenity::client::ClientBuilder;
use serenity::gateway::GatewayError;
use serenity::http::{Http, HttpBuilder};
use serenity::model::gateway::GatewayIntents;

use crate::config::{Config, Sharding, MAX_SHARDS};
use crate::error::causes;

use crate::discord::announce;
use crate::discord::builders::no_mentions;
use crate::discord::handler::Handler;
use crate::discord::state::BotState;
use crate::discord::token::Token;
use crate::discord::watch;
use crate::discord::BotError;

/// How long shards get to close their connections after a shutdown request.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The REST client. With a proxy, every request goes to it instead of discord.com, and
/// serenity's own rate limiter is off: the proxy owns rate limits (and serenity's limiter would
/// send its requests to discord.com, bypassing the proxy).
fn http(token: &Token, proxy: Option<&str>) -> Http {
    let builder = HttpBuilder::new(token.expose()).default_allowed_mentions(no_mentions());
    match proxy {
        Some(proxy) => builder.proxy(proxy).ratelimiter_disabled(true).build(),
        None => builder.build(),
    }
}

/// Runs the bot until `shutdown` completes (then returns `Ok`), or until Discord refuses it.
pub async fn serve(
    config: Config,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BotError> {
    config.discord.check().map_err(BotError::Config)?;
    let sharding = config.discord.sharding().map_err(BotError::Config)?;
    let http = http(&token, config.discord.http_proxy.as_deref());
    // Ask who we are before anything else: a rejected token fails fast with a clear line,
    // before the corpus is loaded and before any gateway connection.
    let me = http.get_current_user().await.map_err(|e| match e {
        serenity::Error::Http(ref h) if h.status_code().is_some_and(|s| s.as_u16() == 401) => {
            BotError::RejectedToken
        }
        other => BotError::Unreachable(causes(&other)),
    })?;
    tracing::info!(bot = %me.name, "token accepted");

    let feeds = config.clone();
    let state = BotState::open(config).await.map_err(BotError::Corpus)?;
    // Interactions need no intent; these two deliver mentions and DMs (their content comes
    // without the privileged MESSAGE_CONTENT intent for exactly those messages).
    let intents = GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    let mut client = ClientBuilder::new_with_http(http, intents)
        .event_handler(Handler::new(Arc::clone(&state)))
        .await
        .map_err(|e| BotError::Unreachable(causes(&e)))?;
    let poller = watch::spawn(Arc::clone(&state));
    let announcer = announce::spawn(Arc::clone(&state), Arc::clone(&client.http));
    // New articles land in the corpus directory, where the poller above picks them up.
    let follower = crate::web::follow::spawn(&feeds);
    let shards = Arc::clone(&client.shard_manager);

    let start = start(&mut client, sharding);
    tokio::pin!(start);
    let result = tokio::select! {
        result = &mut start => result,
        () = shutdown => {
            tracing::info!("shutting down");
            shards.shutdown_all().await;
            // start() returns once the shards have closed; don't wait forever for it.
            tokio::time::timeout(SHUTDOWN_GRACE, start).await.unwrap_or(Ok(()))
        }
    };
    for task in [poller, follower, Some(announcer)].into_iter().flatten() {
        task.abort();
    }
    result.map_err(|e| match e {
        serenity::Error::Gateway(GatewayError::InvalidAuthentication) => BotError::RejectedToken,
        serenity::Error::Gateway(
            GatewayError::DisallowedGatewayIntents | GatewayError::InvalidGatewayIntents,
        ) => BotError::Gateway("the gateway refused the bot's intents".into()),
        other => BotError::Gateway(other.to_string()),
    })
}

/// Connects the shards this process runs: as many as Discord recommends (`/gateway/bot`), or
/// the configured range of the configured total.
async fn start(client: &mut serenity::Client, sharding: Sharding) -> serenity::Result<()> {
    match sharding {
        Sharding::Auto => {
            // What `start_autosharded` does, with the recommendation bounded: a count from
            // outside (a proxy may answer for Discord) must neither underflow serenity's
            // `shards - 1` on 0 nor start millions of connections.
            let recommended = client.http.get_bot_gateway().await?.shards;
            let total = recommended.clamp(1, MAX_SHARDS);
            if total != recommended {
                tracing::warn!(
                    recommended,
                    total,
                    "Discord's shard recommendation is out of bounds; using {total}"
                );
            }
            client.start_shards(total).await
        }
        Sharding::Range { first, last, total } => {
            tracing::info!(
                first,
                last,
                total,
                "starting shards {first} to {last} of {total}"
            );
            // serenity's range is inclusive at both ends, despite its `Range` type.
            client.start_shard_range(first..last, total).await
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
