//! Web import and feed following against a local HTTP server on 127.0.0.1 serving the
//! fixtures in tests/data/web/ (and a few hostile endpoints). Nothing here reaches the internet.

mod follow;
mod hostile;
mod pages;
mod server;
