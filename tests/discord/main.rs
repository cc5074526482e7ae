//! End-to-end tests of the Discord bot: the unmodified serenity client, started through the
//! library or as the `nichiro` binary, against a fake Discord on 127.0.0.1 (REST + gateway).
//! Nothing reaches the internet.
//!
//! `fake` is the fake Discord, `harness` starts bots and builds what a test dispatches; the
//! other modules are the tests, by area. The burst test in `load` is ignored in the normal
//! run; run it by hand with `cargo test --release --test discord -- --ignored --nocapture`.

mod fake;
mod harness;

mod buttons;
mod commands;
mod faults;
mod languages;
mod lifecycle;
mod load;
mod messages;
mod subscribe;
