//! Logging to stderr, filtered by `NICHIRO_LOG`, with secrets kept out at every level.
//!
//! The bot token must never reach the log, whatever filter a person sets (`NICHIRO_LOG=trace`
//! included), and neither may the per-interaction tokens that let anyone answer as the bot for
//! 15 minutes. Two guards, because libraries print payloads in forms a pattern cannot foresee:
//!
//! 1. A fixed filter, applied after the person's: the targets that dump raw websocket frames or
//!    connection bytes (tungstenite's frame traces print the IDENTIFY payload hex-encoded,
//!    reqwest's verbose connection log prints request headers, serenity's websocket module
//!    prints undecodable payloads as byte lists) are capped below the level that dumps them.
//! 2. A writer that redacts what is still printed: the bot token (from `DISCORD_TOKEN`) raw,
//!    in hex, base64 and as a byte list, and any token in a webhook or interaction URL or in a
//!    `token` field (serenity's request spans and gateway events print those in Debug form).

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use base64::Engine as _;
use regex::Regex;
use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, EnvFilter, FilterExt};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The filter when `NICHIRO_LOG` is unset or invalid.
const DEFAULT_FILTER: &str = "warn,nichiro=info";
/// What stands in for a secret in the log.
const REDACTED: &str = "<redacted>";

/// Installs the global subscriber: `NICHIRO_LOG` (or the default), the fixed caps, and the
/// redacting stderr writer. Call after `.env` is loaded, so the token is known.
pub fn init() {
    let filter =
        EnvFilter::try_from_env("NICHIRO_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let token = std::env::var("DISCORD_TOKEN").unwrap_or_default();
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let writer = Redacting::new(Redactor::new(&[bot_token(&token)]), std::io::stderr);
    // Ignore a second initialization; the first subscriber stays.
    let _ = tracing_subscriber::registry()
        .with(layer(filter, writer, ansi))
        .try_init();
}

/// The formatting layer, filtered by `filter` and then by the fixed caps.
fn layer<S, W>(filter: EnvFilter, writer: W, ansi: bool) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + 'static,
{
    tracing_subscriber::fmt::layer()
        .with_ansi(ansi)
        .with_writer(writer)
        .with_target(false)
        .with_filter(filter.and(filter_fn(|meta| !dumps_payloads(meta))))
}

/// Whether `meta` belongs to a target that, at its level, prints raw frames or bytes: never
/// logged, whatever the person's filter says.
fn dumps_payloads(meta: &Metadata<'_>) -> bool {
    let target = meta.target();
    let under = |prefix: &str| {
        target == prefix
            || target
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with("::"))
    };
    let level = *meta.level();
    if under("reqwest::connect::verbose") {
        return true;
    }
    if under("tungstenite") || under("tokio_tungstenite") {
        return level > Level::DEBUG;
    }
    if under("serenity::gateway::ws") {
        return level > Level::INFO;
    }
    false
}

/// The token as serenity sends it: without a leading "Bot " and surrounding space.
fn bot_token(raw: &str) -> &str {
    let raw = raw.trim();
    raw.strip_prefix("Bot ").unwrap_or(raw).trim()
}

/// Replaces secrets in log lines.
#[derive(Debug)]
pub struct Redactor {
    /// Literal forms of the known secrets, longest first.
    literals: Vec<String>,
    /// Tokens in webhook and interaction URLs, and in `token` fields.
    patterns: Vec<Regex>,
}

impl Redactor {
    /// A redactor for `secrets` (empty ones are ignored) and for interaction tokens.
    pub fn new(secrets: &[&str]) -> Redactor {
        let mut literals: Vec<String> = secrets
            .iter()
            .filter(|s| s.len() >= 4)
            .flat_map(|s| encodings(s.as_bytes()))
            .collect();
        literals.sort_by_key(|l| std::cmp::Reverse(l.len()));
        literals.dedup();
        let patterns = [
            // /webhooks/{application}/{token}/..., /interactions/{id}/{token}/callback
            r"(/(?:webhooks|interactions)/[0-9]+/)[A-Za-z0-9._~%\-]+",
            // token: "…" (Debug), "token":"…" (JSON), token=… (fields, queries)
            r#"(?i)(\btoken(?:\\?")?\s*[:=]\s*(?:\\?")?)[A-Za-z0-9._~%\-]{8,}"#,
        ]
        .iter()
        .map(|p| Regex::new(p).expect("the redaction patterns are valid"))
        .collect();
        Redactor { literals, patterns }
    }

    /// `line` with every secret replaced.
    pub fn redact<'a>(&self, line: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(line);
        for literal in &self.literals {
            if out.contains(literal.as_str()) {
                out = Cow::Owned(out.replace(literal.as_str(), REDACTED));
            }
        }
        for pattern in &self.patterns {
            if pattern.is_match(&out) {
                out = Cow::Owned(
                    pattern
                        .replace_all(&out, format!("${{1}}{REDACTED}"))
                        .into_owned(),
                );
            }
        }
        out
    }
}

/// The forms a secret takes in library logs: itself, hex (both cases), base64 (standard and
/// URL-safe, at each of the three alignments it can have inside a longer encoded payload), and
/// the `[77, 84, ...]` list that `Debug` prints for bytes.
fn encodings(secret: &[u8]) -> Vec<String> {
    let mut forms = vec![String::from_utf8_lossy(secret).into_owned()];
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    forms.push(hex.to_uppercase());
    forms.push(hex);
    for engine in [
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ] {
        for offset in 0..3usize {
            // Encode behind `offset` filler bytes, then keep the characters that depend on the
            // secret alone: skip those mixed with the filler, and the last two (mixed with
            // whatever follows the secret in the payload).
            let mut bytes = vec![0u8; offset];
            bytes.extend_from_slice(secret);
            let encoded = engine.encode(&bytes);
            let skip = [0, 2, 3][offset];
            let end = encoded.len().saturating_sub(2);
            if end > skip + 8 {
                forms.push(encoded[skip..end].to_string());
            }
        }
    }
    forms.push(
        secret
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    );
    forms
}

/// A [`MakeWriter`] whose writers redact each log line before it reaches `inner`.
pub struct Redacting<M> {
    redactor: Arc<Redactor>,
    inner: M,
}

impl<M> Redacting<M> {
    pub fn new(redactor: Redactor, inner: M) -> Redacting<M> {
        Redacting {
            redactor: Arc::new(redactor),
            inner,
        }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            redactor: Arc::clone(&self.redactor),
            inner: self.inner.make_writer(),
            line: Vec::new(),
        }
    }
}

/// Collects one log line and writes it, redacted, when dropped: the formatter makes one writer
/// per line, so a secret is never split between two writes.
pub struct RedactingWriter<W: Write> {
    redactor: Arc<Redactor>,
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.line.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        if self.line.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(&self.line);
        let clean = self.redactor.redact(&text);
        // Nowhere to report a failure to write the log.
        let _ = self.inner.write_all(clean.as_bytes());
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    const TOKEN: &str = "MTEwMDAwMDAwMDAwMDAwMDAy.fake.test-token-do-not-log";

    /// Log lines captured in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    /// Runs `f` under the real layer with `filter`, and returns what was logged.
    fn logged(filter: &str, f: impl FnOnce()) -> String {
        let captured = Captured::default();
        let writer = Redacting::new(Redactor::new(&[TOKEN]), captured.clone());
        let subscriber =
            tracing_subscriber::registry().with(layer(EnvFilter::new(filter), writer, false));
        tracing::subscriber::with_default(subscriber, f);
        captured.text()
    }

    #[test]
    fn frame_dumps_are_dropped_whatever_the_filter() {
        let frame = format!(r#"{{"op":2,"d":{{"token":"Bot {TOKEN}"}}}}"#);
        let hex: String = frame.bytes().map(|b| format!("{b:02x}")).collect();
        for filter in [
            "trace",
            "tungstenite=trace",
            "tungstenite::protocol=trace,trace",
        ] {
            let text = logged(filter, || {
                tracing::trace!(target: "tungstenite::protocol::frame", "writing frame payload: 0x{hex}");
                tracing::trace!(target: "tokio_tungstenite", "Sending frame: {:?}", frame.as_bytes());
                tracing::trace!(target: "reqwest::connect::verbose", "write: authorization: Bot {TOKEN}");
                tracing::debug!(target: "serenity::gateway::ws", "Failing bytes: {:?}", frame.as_bytes());
                tracing::debug!(target: "tungstenite::protocol", "Received close frame");
                tracing::trace!(target: "nichiro", "still here");
            });
            assert!(!text.contains("writing frame"), "{filter}: {text}");
            assert!(!text.contains("Sending frame"), "{filter}: {text}");
            assert!(!text.contains("authorization"), "{filter}: {text}");
            assert!(!text.contains("Failing bytes"), "{filter}: {text}");
            assert!(!text.contains(&hex[..40]), "{filter}: {text}");
        }
        let text = logged("trace", || {
            tracing::debug!(target: "tungstenite::protocol", "Received close frame");
            tracing::trace!(target: "nichiro", "still here");
        });
        assert!(text.contains("Received close frame"), "{text}");
        assert!(text.contains("still here"), "{text}");
    }

    #[test]
    fn the_token_is_redacted_in_every_encoding() {
        let redactor = Redactor::new(&[TOKEN]);
        let payload = format!(r#"{{"op":2,"d":{{"token":"Bot {TOKEN}","intents":1}}}}"#);
        let hex: String = payload.bytes().map(|b| format!("{b:02x}")).collect();
        let mut lines = vec![
            format!("raw {TOKEN} end"),
            format!("hex 0x{hex}"),
            format!("HEX 0x{}", hex.to_uppercase()),
            format!("bytes {:?}", payload.as_bytes()),
        ];
        // base64 of the payload at each alignment, in both alphabets.
        for prefix in ["", "x", "xy"] {
            let bytes = format!("{prefix}{payload}");
            lines.push(base64::engine::general_purpose::STANDARD.encode(&bytes));
            lines.push(base64::engine::general_purpose::URL_SAFE.encode(&bytes));
        }
        let token_hex: String = TOKEN.bytes().map(|b| format!("{b:02x}")).collect();
        for line in &lines {
            let clean = redactor.redact(line);
            assert!(clean.contains(REDACTED), "{line}");
            assert!(!clean.contains(TOKEN), "{clean}");
            assert!(!clean.contains(&token_hex), "{clean}");
            assert!(!clean.contains(&token_hex.to_uppercase()), "{clean}");
            // No long piece of the secret's encodings survives either.
            for form in encodings(TOKEN.as_bytes()) {
                assert!(!clean.contains(&form), "{form} in {clean}");
            }
        }
        assert_eq!(redactor.redact("token accepted"), "token accepted");
    }

    #[test]
    fn interaction_tokens_in_urls_and_fields_are_redacted() {
        let redactor = Redactor::new(&[]);
        for (line, secret) in [
            (
                "POST http://127.0.0.1:9/api/v10/interactions/123/aW50ZXJhY3Rpb246MTIz.abc-_/callback",
                "aW50ZXJhY3Rpb246MTIz",
            ),
            (
                "PATCH /api/v10/webhooks/456/itoken-1300000000000007/messages/@original",
                "itoken-1300000000000007",
            ),
            (
                r#"req=Request { route: WebhookMessage { application_id: 1, token: "itoken-99999999", message_id: 2 } }"#,
                "itoken-99999999",
            ),
            (r#"{"token":"itoken-88888888","type":2}"#, "itoken-88888888"),
            (r#"event={\"token\": \"itoken-77777777\"}"#, "itoken-77777777"),
        ] {
            let clean = redactor.redact(line);
            assert!(!clean.contains(secret), "{clean}");
            assert!(clean.contains(REDACTED), "{clean}");
        }
        // What is not a secret stays readable.
        let line = "POST /api/v10/interactions/123/<redacted>/callback";
        assert_eq!(redactor.redact(line), line);
    }

    #[test]
    fn a_token_with_its_prefix_is_known_without_it() {
        assert_eq!(bot_token("  Bot abc.def  "), "abc.def");
        assert_eq!(bot_token("abc.def"), "abc.def");
        assert_eq!(bot_token(""), "");
    }
}
