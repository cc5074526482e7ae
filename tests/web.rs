//! Web import and feed following against a local HTTP server on 127.0.0.1 serving the
//! fixtures in tests/data/web/ (and a few hostile endpoints). Nothing here reaches the internet.

#[path = "web/server.rs"]
mod server;

#[path = "web/pages.rs"]
mod pages;

#[path = "web/follow.rs"]
mod follow;

#[path = "web/hostile.rs"]
mod hostile;

#[path = "web/bench.rs"]
mod bench;
