//! A fake Discord on 127.0.0.1: the REST API under `/api/v10` and a plain `ws://` gateway,
//! enough of both for the unmodified serenity client to connect, register commands, receive
//! dispatches and answer them.
//!
//! Everything is written to a journal (requests from the bot, frames from the bot, dispatches
//! to the bot, connections), with the time it happened, so tests can wait for and inspect what
//! the bot did. Every message the bot sends is checked against Discord's limits and the empty
//! allowed-mentions rule; a breach is answered with HTTP 400, as Discord would, and listed in
//! [`FakeDiscord::violations`]. Faults can be injected: HTTP 500 on callbacks, a rejected
//! token, a gateway closed on IDENTIFY, a dropped connection.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

pub const APP_ID: u64 = 1_100_000_000_000_001;
pub const BOT_ID: u64 = 1_100_000_000_000_002;
pub const GUILD_ID: u64 = 1_100_000_000_000_003;
pub const CHANNEL_ID: u64 = 1_100_000_000_000_004;
pub const DM_CHANNEL_ID: u64 = 1_100_000_000_000_005;
pub const USER_ID: u64 = 1_100_000_000_000_006;
const HEARTBEAT_MS: u64 = 10_000;

/// What happened, in order.
#[derive(Debug, Clone)]
pub enum Event {
    /// A REST request from the bot and the status the fake answered.
    Http {
        method: String,
        path: String,
        body: Value,
        status: u16,
    },
    /// A gateway frame from the bot (IDENTIFY, RESUME, heartbeats...).
    FromBot {
        op: u64,
        d: Value,
    },
    /// A dispatch the fake sent (READY, INTERACTION_CREATE, ...).
    Dispatch {
        t: String,
        d: Value,
    },
    Connected,
    Disconnected,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub at: Instant,
    pub event: Event,
}

impl Entry {
    pub fn http(&self) -> Option<(&str, &str, &Value, u16)> {
        match &self.event {
            Event::Http {
                method,
                path,
                body,
                status,
            } => Some((method, path, body, *status)),
            _ => None,
        }
    }
}

/// Injected faults.
#[derive(Debug, Default)]
struct Faults {
    /// Answer this many interaction callbacks with HTTP 500.
    fail_callbacks: usize,
    /// Answer `GET /users/@me` with 401.
    reject_token: bool,
    /// Close the gateway with this code when the bot identifies.
    close_on_identify: Option<u16>,
    /// Answer messages posted to these channels with (HTTP status, Discord JSON code): a
    /// deleted channel (404, 10003) or one the bot lost access to (403, 50001 / 50013).
    refused_channels: std::collections::HashMap<u64, (u16, u64)>,
}

enum Outgoing {
    Frame(Value),
    /// Drop the TCP connection without a close handshake (a network failure).
    Drop,
}

struct Inner {
    addr: SocketAddr,
    journal: Mutex<Vec<Entry>>,
    changed: Notify,
    connection: Mutex<Option<mpsc::UnboundedSender<Outgoing>>>,
    /// The connection of each shard id that identified, to dispatch to one shard.
    shard_connections: Mutex<std::collections::HashMap<u64, mpsc::UnboundedSender<Outgoing>>>,
    seq: AtomicU64,
    next_id: AtomicU64,
    faults: Mutex<Faults>,
    violations: Mutex<Vec<String>>,
    /// The shard count `/gateway/bot` recommends.
    shards: AtomicU32,
}

impl Inner {
    fn record(&self, event: Event) {
        self.journal.lock().unwrap().push(Entry {
            at: Instant::now(),
            event,
        });
        self.changed.notify_waiters();
    }

    fn id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends a dispatch on the current connection, journaled first (so the bot's reaction can
    /// never appear before its cause).
    fn dispatch(&self, t: &str, d: Value) -> bool {
        let sender = self.connection.lock().unwrap().clone();
        self.dispatch_on(sender, t, d)
    }

    fn dispatch_on(
        &self,
        sender: Option<mpsc::UnboundedSender<Outgoing>>,
        t: &str,
        d: Value,
    ) -> bool {
        let Some(sender) = sender else {
            return false;
        };
        let s = self.seq.fetch_add(1, Ordering::Relaxed) + 1;
        self.record(Event::Dispatch {
            t: t.to_string(),
            d: d.clone(),
        });
        sender
            .send(Outgoing::Frame(json!({"op": 0, "t": t, "s": s, "d": d})))
            .is_ok()
    }
}

/// The running fake.
pub struct FakeDiscord {
    inner: Arc<Inner>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let inner = Arc::new(Inner {
            addr,
            journal: Mutex::new(Vec::new()),
            changed: Notify::new(),
            connection: Mutex::new(None),
            shard_connections: Mutex::new(std::collections::HashMap::new()),
            seq: AtomicU64::new(0),
            next_id: AtomicU64::new(1_200_000_000_000_000),
            faults: Mutex::new(Faults::default()),
            violations: Mutex::new(Vec::new()),
            shards: AtomicU32::new(1),
        });
        let app = Router::new()
            .route("/gateway", get(gateway))
            .fallback(rest)
            .with_state(Arc::clone(&inner));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeDiscord { inner, server }
    }

    /// The base URL standing in for `https://discord.com`.
    pub fn url(&self) -> String {
        format!("http://{}", self.inner.addr)
    }

    pub fn journal(&self) -> Vec<Entry> {
        self.inner.journal.lock().unwrap().clone()
    }

    /// The journal position now, to wait for what happens after it.
    pub fn mark(&self) -> usize {
        self.inner.journal.lock().unwrap().len()
    }

    /// Limit or allowed-mentions breaches seen so far.
    pub fn violations(&self) -> Vec<String> {
        self.inner.violations.lock().unwrap().clone()
    }

    /// Makes `/gateway/bot` recommend `n` shards.
    pub fn recommend_shards(&self, n: u32) {
        self.inner.shards.store(n, Ordering::Relaxed);
    }

    /// The `shard` of every IDENTIFY so far, as `[id, total]`.
    pub fn identified_shards(&self) -> Vec<Value> {
        self.journal()
            .iter()
            .filter_map(|e| match &e.event {
                Event::FromBot { op: 2, d } => Some(d["shard"].clone()),
                _ => None,
            })
            .collect()
    }

    pub fn fail_next_callbacks(&self, n: usize) {
        self.inner.faults.lock().unwrap().fail_callbacks = n;
    }

    pub fn reject_token(&self) {
        self.inner.faults.lock().unwrap().reject_token = true;
    }

    /// Makes `POST /channels/{channel}/messages` answer `status` with Discord error `code`.
    pub fn refuse_channel(&self, channel: u64, status: u16, code: u64) {
        self.inner
            .faults
            .lock()
            .unwrap()
            .refused_channels
            .insert(channel, (status, code));
    }

    pub fn close_on_identify(&self, code: u16) {
        self.inner.faults.lock().unwrap().close_on_identify = Some(code);
    }

    /// Sends a dispatch to the bot; panics when no gateway connection is open.
    pub fn dispatch(&self, t: &str, d: Value) {
        assert!(
            self.inner.dispatch(t, d),
            "no gateway connection to dispatch {t} on"
        );
    }

    /// Sends a dispatch on the connection of shard `shard`; panics when it never identified.
    pub fn dispatch_to_shard(&self, shard: u64, t: &str, d: Value) {
        let sender = self
            .inner
            .shard_connections
            .lock()
            .unwrap()
            .get(&shard)
            .cloned();
        assert!(
            self.inner.dispatch_on(sender, t, d),
            "no gateway connection for shard {shard}"
        );
    }

    /// Drops the gateway connection without a close handshake.
    pub fn drop_connection(&self) {
        let sender = self.inner.connection.lock().unwrap().take();
        if let Some(sender) = sender {
            let _ = sender.send(Outgoing::Drop);
        }
    }

    /// Waits until `find` matches an entry at or after `from`, and returns what it found.
    pub async fn wait_for<T>(
        &self,
        from: usize,
        timeout: Duration,
        mut find: impl FnMut(&Entry) -> Option<T>,
    ) -> T {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let journal = self.inner.journal.lock().unwrap();
                if let Some(found) = journal.iter().skip(from).find_map(&mut find) {
                    return found;
                }
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let journal = self.journal();
                let tail: Vec<String> = journal
                    .iter()
                    .skip(from)
                    .map(|e| format!("{:?}", e.event).chars().take(400).collect())
                    .collect();
                panic!(
                    "timed out after {timeout:?}; journal since {from}:\n{}",
                    tail.join("\n")
                );
            }
        }
    }

    /// Waits for a REST request matching `method` and a path predicate; returns its body.
    pub async fn wait_http(
        &self,
        from: usize,
        method: &str,
        path: impl Fn(&str) -> bool,
    ) -> (Value, u16, Instant) {
        self.wait_for(from, Duration::from_secs(20), |e| match e.http() {
            Some((m, p, body, status)) if m == method && path(p) => {
                Some((body.clone(), status, e.at))
            }
            _ => None,
        })
        .await
    }

    /// Waits for the bot's session to be ready (READY dispatched and commands registered).
    pub async fn wait_ready(&self) {
        self.wait_http(0, "PUT", |p| p.ends_with("/commands")).await;
    }
}

async fn gateway(ws: WebSocketUpgrade, State(inner): State<Arc<Inner>>) -> Response {
    ws.on_upgrade(move |socket| session(socket, inner))
}

/// One gateway connection: HELLO, then READY on IDENTIFY or RESUMED on RESUME, heartbeat
/// ACKs, and whatever the test dispatches.
async fn session(socket: WebSocket, inner: Arc<Inner>) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel();
    *inner.connection.lock().unwrap() = Some(tx.clone());
    inner.record(Event::Connected);
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}});
    if sink.send(text(&hello)).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            incoming = stream.next() => {
                let Some(Ok(message)) = incoming else { break };
                let frame: Value = match message {
                    Message::Text(t) => serde_json::from_str(t.as_str()).unwrap_or(Value::Null),
                    Message::Close(_) => {
                        // Complete the close handshake the bot started.
                        let _ = sink.close().await;
                        break;
                    }
                    _ => continue,
                };
                let op = frame["op"].as_u64().unwrap_or(u64::MAX);
                inner.record(Event::FromBot { op, d: frame["d"].clone() });
                match op {
                    1 => {
                        let _ = tx.send(Outgoing::Frame(json!({"op": 11})));
                    }
                    2 => {
                        let close = inner.faults.lock().unwrap().close_on_identify;
                        if let Some(code) = close {
                            let _ = sink
                                .send(Message::Close(Some(CloseFrame {
                                    code,
                                    reason: "Authentication failed.".into(),
                                })))
                                .await;
                            break;
                        }
                        if let Some(id) = frame["d"]["shard"][0].as_u64() {
                            inner.shard_connections.lock().unwrap().insert(id, tx.clone());
                        }
                        let mut d = ready(inner.addr);
                        d["shard"] = frame["d"]["shard"].clone();
                        inner.dispatch("READY", d);
                    }
                    6 => {
                        inner.dispatch("RESUMED", json!({}));
                    }
                    _ => {}
                }
            }
            outgoing = rx.recv() => {
                match outgoing {
                    Some(Outgoing::Frame(frame)) => {
                        if sink.send(text(&frame)).await.is_err() {
                            break;
                        }
                    }
                    Some(Outgoing::Drop) | None => break,
                }
            }
        }
    }
    {
        let mut connection = inner.connection.lock().unwrap();
        if connection.as_ref().is_some_and(|c| c.same_channel(&tx)) {
            *connection = None;
        }
    }
    inner.record(Event::Disconnected);
}

fn text(value: &Value) -> Message {
    Message::Text(value.to_string().into())
}

fn ready(addr: SocketAddr) -> Value {
    json!({
        "v": 10,
        "session_id": "fake-session",
        "resume_gateway_url": format!("ws://{addr}/gateway"),
        "guilds": [],
        "user": {"id": BOT_ID.to_string(), "username": "nichiro", "bot": true},
        "application": {"id": APP_ID.to_string(), "flags": 0},
    })
}

/// A message object as Discord returns it.
pub fn message(id: u64, channel_id: u64, author: Value, content: &str) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": "2026-02-14T10:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
    })
}

pub fn bot_user() -> Value {
    json!({"id": BOT_ID.to_string(), "username": "nichiro", "bot": true})
}

/// Every REST call: journaled, checked, and answered like Discord would.
async fn rest(State(inner): State<Arc<Inner>>, method: Method, uri: Uri, body: Bytes) -> Response {
    let path = uri.path().to_string();
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body)
            .unwrap_or_else(|_| json!({"unparsed": String::from_utf8_lossy(&body)}))
    };
    let segments: Vec<&str> = path.trim_start_matches("/api/v10/").split('/').collect();
    let (status, reply): (StatusCode, Option<Value>) = match (method.as_str(), segments.as_slice())
    {
        ("GET", ["gateway"]) => (
            StatusCode::OK,
            Some(json!({"url": format!("ws://{}/gateway", inner.addr)})),
        ),
        ("GET", ["gateway", "bot"]) => (
            StatusCode::OK,
            Some(json!({
                "url": format!("ws://{}/gateway", inner.addr),
                "shards": inner.shards.load(Ordering::Relaxed),
                "session_start_limit": {
                    "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1
                },
            })),
        ),
        ("GET", ["users", "@me"]) => {
            if inner.faults.lock().unwrap().reject_token {
                (
                    StatusCode::UNAUTHORIZED,
                    Some(json!({"message": "401: Unauthorized", "code": 0})),
                )
            } else {
                (StatusCode::OK, Some(bot_user()))
            }
        }
        ("PUT", ["applications", _, "commands"])
        | ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            let commands: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = json!(inner.id().to_string());
                    c["application_id"] = json!(APP_ID.to_string());
                    c["version"] = json!("1");
                    if c.get("type").is_none() {
                        c["type"] = json!(1);
                    }
                    c
                })
                .collect();
            (StatusCode::OK, Some(Value::Array(commands)))
        }
        ("POST", ["interactions", _, _, "callback"]) => {
            let fail = {
                let mut faults = inner.faults.lock().unwrap();
                let fail = faults.fail_callbacks > 0;
                faults.fail_callbacks = faults.fail_callbacks.saturating_sub(1);
                fail
            };
            let kind = body["type"].as_u64().unwrap_or(0);
            let problems = if matches!(kind, 4 | 7) {
                check_message(&body["data"])
            } else {
                Vec::new()
            };
            if fail {
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Some(json!({"message": "500: Internal Server Error", "code": 0})),
                )
            } else if !problems.is_empty() {
                inner.violations.lock().unwrap().extend(problems);
                (StatusCode::BAD_REQUEST, Some(invalid_form()))
            } else {
                (StatusCode::NO_CONTENT, None)
            }
        }
        ("POST", ["channels", channel, "messages"]) if refused(&inner, channel).is_some() => {
            let (status, code) = refused(&inner, channel).unwrap();
            (
                StatusCode::from_u16(status).unwrap(),
                Some(json!({"message": format!("{status}: refused by the test"), "code": code})),
            )
        }
        ("PATCH", ["webhooks", _, _, "messages", _])
        | ("POST", ["webhooks", _, _])
        | ("POST", ["channels", _, "messages"]) => {
            let problems = check_message(&body);
            if problems.is_empty() {
                let channel = match segments.as_slice() {
                    ["channels", channel, ..] => channel.parse().unwrap_or(CHANNEL_ID),
                    _ => CHANNEL_ID,
                };
                (
                    StatusCode::OK,
                    Some(message(inner.id(), channel, bot_user(), "")),
                )
            } else {
                inner.violations.lock().unwrap().extend(problems);
                (StatusCode::BAD_REQUEST, Some(invalid_form()))
            }
        }
        ("DELETE", ["webhooks", _, _, "messages", _]) => (StatusCode::NO_CONTENT, None),
        // Opening a DM: every person's DM with the bot is the one test DM channel.
        ("POST", ["users", "@me", "channels"]) => {
            let recipient = body["recipient_id"].to_string().replace('"', "");
            (
                StatusCode::OK,
                Some(json!({
                    "id": DM_CHANNEL_ID.to_string(),
                    "type": 1,
                    "last_message_id": null,
                    "recipients": [{"id": recipient, "username": "asker"}],
                })),
            )
        }
        ("POST", ["channels", _, "typing"]) => (StatusCode::NO_CONTENT, None),
        _ => (
            StatusCode::NOT_FOUND,
            Some(json!({"message": "404: Not Found", "code": 0})),
        ),
    };
    inner.record(Event::Http {
        method: method.to_string(),
        path,
        body,
        status: status.as_u16(),
    });
    match reply {
        Some(value) => (status, Json(value)).into_response(),
        None => status.into_response(),
    }
}

/// The refusal set for `channel` by [`FakeDiscord::refuse_channel`].
fn refused(inner: &Inner, channel: &str) -> Option<(u16, u64)> {
    let channel: u64 = channel.parse().ok()?;
    inner
        .faults
        .lock()
        .unwrap()
        .refused_channels
        .get(&channel)
        .copied()
}

fn invalid_form() -> Value {
    json!({"message": "Invalid Form Body", "code": 50035})
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// What Discord would refuse in a message body, plus any allowed mention.
pub fn check_message(body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut limit = |what: &str, len: usize, max: usize| {
        if len > max {
            problems.push(format!("{what}: {len} > {max}"));
        }
    };
    limit("content", chars(&body["content"]), 2000);
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    limit("embeds", embeds.len(), 10);
    for embed in &embeds {
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        limit("title", chars(&embed["title"]), 256);
        limit("description", chars(&embed["description"]), 4096);
        limit("fields", fields.len(), 25);
        limit("footer", chars(&embed["footer"]["text"]), 2048);
        let mut total = chars(&embed["title"])
            + chars(&embed["description"])
            + chars(&embed["footer"]["text"])
            + chars(&embed["author"]["name"]);
        for field in &fields {
            limit("field name", chars(&field["name"]), 256);
            limit("field value", chars(&field["value"]), 1024);
            total += chars(&field["name"]) + chars(&field["value"]);
        }
        limit("embed total", total, 6000);
    }
    let rows = body["components"].as_array().cloned().unwrap_or_default();
    limit("rows", rows.len(), 5);
    for row in &rows {
        let buttons = row["components"].as_array().cloned().unwrap_or_default();
        limit("buttons in a row", buttons.len(), 5);
        for button in &buttons {
            limit("label", chars(&button["label"]), 80);
            limit("custom_id", chars(&button["custom_id"]), 100);
        }
    }
    let mentions = &body["allowed_mentions"];
    let empty = |v: &Value| v.as_array().is_some_and(|a| a.is_empty());
    if !(empty(&mentions["parse"])
        && mentions.get("users").is_none_or(empty)
        && mentions.get("roles").is_none_or(empty)
        && mentions.get("replied_user").is_none_or(|r| r == false))
    {
        problems.push(format!("allowed_mentions not empty: {mentions}"));
    }
    problems
}
