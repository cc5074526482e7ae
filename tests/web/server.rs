//! The fixture server: files from tests/data/web/ with `{{BASE}}` and `{{PORT}}` filled in,
//! plus endpoints that misbehave (a 50 MB page, a page that never ends, a redirect loop, a page
//! in the wrong charset, a feed of 10,000 items).

use std::path::PathBuf;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream;

/// A running fixture server; `base` is `http://127.0.0.1:PORT`.
pub struct Server {
    pub base: String,
    pub port: u16,
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(name)).unwrap()
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/web")
}

/// Starts the server on the current tokio runtime.
pub async fn start() -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let app = Router::new()
        .route("/huge.html", get(huge))
        .route("/huge-chunked.html", get(huge_chunked))
        .route("/endless.html", get(endless))
        .route("/loop-a", get(|| async { Redirect::temporary("/loop-b") }))
        .route("/loop-b", get(|| async { Redirect::temporary("/loop-a") }))
        .route("/wrong-charset.html", get(wrong_charset))
        .route("/big-feed.xml", get(big_feed))
        .route("/{name}", get(file))
        .with_state(base.clone());
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server { base, port }
}

async fn file(State(base): State<String>, Path(name): Path<String>) -> Response {
    let Ok(text) = std::fs::read_to_string(fixtures_dir().join(&name)) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let port = base.rsplit(':').next().unwrap_or_default().to_string();
    let body = text.replace("{{BASE}}", &base).replace("{{PORT}}", &port);
    let kind = match name.rsplit('.').next() {
        Some("xml") => "application/rss+xml; charset=utf-8",
        Some("json") => "application/feed+json",
        _ => "text/html; charset=utf-8",
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

const MB: usize = 1 << 20;

async fn huge() -> Response {
    let chunks =
        stream::iter((0..50).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; MB]))));
    (
        [
            (header::CONTENT_TYPE, "text/html"),
            (header::CONTENT_LENGTH, "52428800"),
        ],
        Body::from_stream(chunks),
    )
        .into_response()
}

async fn huge_chunked() -> Response {
    let chunks =
        stream::iter((0..50).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; MB]))));
    (
        [(header::CONTENT_TYPE, "text/html")],
        Body::from_stream(chunks),
    )
        .into_response()
}

async fn endless() -> Response {
    let chunks = stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Some((
            Ok::<_, std::io::Error>(Bytes::from_static(b"<p>still going</p>")),
            (),
        ))
    });
    (
        [(header::CONTENT_TYPE, "text/html")],
        Body::from_stream(chunks),
    )
        .into_response()
}

async fn wrong_charset() -> Response {
    let page = "<html><head><title>日露関係</title></head><body><h1>日露関係</h1><p>日本とロシアの関係についての記事です。</p></body></html>".repeat(3);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&page);
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        sjis.into_owned(),
    )
        .into_response()
}

async fn big_feed(State(base): State<String>) -> Response {
    let items: String = (0..10_000)
        .map(|i| format!("<item><title>Item {i}</title><link>{base}/gone-{i}.html</link><guid>big-{i}</guid></item>"))
        .collect();
    let rss = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>{items}</channel></rss>");
    ([(header::CONTENT_TYPE, "application/rss+xml")], rss).into_response()
}
