//! The command line's contract: output shapes, exit statuses, one-line errors, settings.

use std::fs;

use crate::{repo, stderr, stdout, Workspace};

#[test]
fn cli_ask_json_follows_the_contract() {
    let ws = Workspace::shipped();
    let out = ws.nichiro(&[
        "ask",
        "--json",
        "-k",
        "2",
        "At which airport did Nikolai Nozdrev land?",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim().lines().count(), 1, "exactly one JSON object");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "abstain_reason",
            "abstained",
            "citations",
            "lang",
            "message",
            "question"
        ]
    );
    assert_eq!(json["abstained"], false);
    assert!(json["abstain_reason"].is_null());
    assert_eq!(json["lang"], "en");
    assert!(json["message"].is_null());
    let citations = json["citations"].as_array().unwrap();
    assert!(!citations.is_empty() && citations.len() <= 2);
    let first = citations[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "article_id",
            "date",
            "excerpt",
            "rank",
            "score",
            "source",
            "title",
            "url"
        ]
    );
    assert_eq!(first["rank"], 1);
    assert!(first["excerpt"].as_str().unwrap().contains("Haneda"));

    let out = ws.nichiro(&["ask", "--json", "What is the boiling point of water?"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["abstained"], true);
    assert!(json["message"].is_string());
    assert_eq!(json["citations"].as_array().unwrap().len(), 0);
}

/// Every refusal of unusable input is exit 2 and exactly one line on stderr, clap's own
/// errors (a malformed date, a count out of range, an unknown flag) included.
#[test]
fn cli_refuses_unusable_input_with_status_2_and_one_line() {
    let ws = Workspace::shipped();
    let long = "why ".repeat(3000);
    for args in [
        vec!["ask", "   "],
        vec!["ask", "--since", "March 2024", "peace treaty"],
        vec!["ask", "--since", "2025", "--until", "2024", "peace treaty"],
        vec!["ask", "-k", "0", "peace treaty"],
        vec!["ask", "-k", "26", "peace treaty"],
        vec!["search", "-n", "0", "peace treaty"],
        vec!["ask", "--frobnicate", "peace treaty"],
        vec!["ask", &long],
    ] {
        let out = ws.nichiro(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}

/// Failures that are not the asker's input are exit 1, one line, with the reason.
#[test]
fn cli_fails_with_status_1_and_the_reason_when_the_corpus_is_missing() {
    let ws = Workspace::shipped();
    fs::remove_dir_all(ws.corpus()).unwrap();
    let out = ws.nichiro(&["ask", "peace treaty"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("corpus"), "{err}");
}

/// A broken corpus file is named on stderr, once, and the answer still comes on stdout.
#[test]
fn cli_warns_about_a_broken_corpus_file_on_stderr_and_still_answers() {
    let ws = Workspace::shipped();
    fs::write(
        ws.corpus().join("broken.md"),
        "+++\ntitle = \"x\"\ndate = \"soon\"\n+++\n",
    )
    .unwrap();
    let out = ws.nichiro(&["ask", "At which airport did Nikolai Nozdrev land?"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.matches("broken.md").count(), 1, "{err}");
    assert!(stdout(&out).contains("Haneda"));
    assert!(!stdout(&out).contains("broken.md"));
}

/// Flags override the environment, which overrides the configuration file; `.env` in the
/// working directory counts as environment, and a real environment variable beats it.
#[test]
fn settings_come_from_flags_then_environment_then_file() {
    let ws = Workspace::empty();
    let base = ws.dir.path();
    for name in ["file", "env", "flag", "dotenv"] {
        let dir = base.join(format!("corpus-{name}"));
        fs::create_dir(&dir).unwrap();
        fs::write(
            dir.join(format!("from-{name}.md")),
            format!("+++\ntitle = \"From the {name}\"\ndate = \"2025\"\n+++\n\nText.\n"),
        )
        .unwrap();
    }
    fs::write(
        base.join("nichiro.toml"),
        "[engine]\ncorpus_dir = \"corpus-file\"\nindex_dir = \"index\"\n",
    )
    .unwrap();
    let sources = |env: Option<&str>, flag: Option<&str>| -> String {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_nichiro"));
        command
            .current_dir(base)
            .env_remove("NICHIRO_CORPUS")
            .env_remove("NICHIRO_INDEX")
            .env("NICHIRO_MODE", "words")
            .env("NICHIRO_ALIASES", repo("config/aliases.toml"))
            .args(["--config", "nichiro.toml"]);
        if let Some(env) = env {
            command.env("NICHIRO_CORPUS", env);
        }
        if let Some(flag) = flag {
            command.args(["--corpus", flag]);
        }
        let out = command.arg("sources").output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert!(sources(None, None).contains("From the file"));
    assert!(sources(Some("corpus-env"), None).contains("From the env"));
    assert!(sources(Some("corpus-env"), Some("corpus-flag")).contains("From the flag"));
    fs::write(base.join(".env"), "NICHIRO_CORPUS=corpus-dotenv\n").unwrap();
    assert!(sources(None, None).contains("From the dotenv"));
    assert!(sources(Some("corpus-env"), None).contains("From the env"));
}

/// `search`, `timeline` and `eval` print what the README shows.
#[test]
fn cli_search_timeline_and_eval_print_their_results() {
    let ws = Workspace::shipped();
    let out = ws.nichiro(&["search", "-n", "2", "Nozdrev Haneda"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Haneda"), "{text}");
    assert!(text.starts_with("1."), "ranked: {text}");
    assert!(!text.contains("\n3."), "at most two: {text}");

    let out = ws.nichiro(&["timeline", "peace treaty"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let years: Vec<u32> = text
        .lines()
        .filter_map(|l| l.split_once(" — ")?.0.rsplit(' ').next()?.parse().ok())
        .collect();
    assert!(years.len() >= 2, "{text}");
    assert!(
        years.windows(2).all(|w| w[0] <= w[1]),
        "oldest first: {text}"
    );

    let out = ws.nichiro(&["eval", repo("tests/data/dev.jsonl").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for figure in ["hit@1", "answer@3", "off-topic", "false abstentions"] {
        assert!(text.contains(figure), "{figure} missing: {text}");
    }
}

#[test]
fn cli_lists_sources_and_rebuilds_the_index() {
    let ws = Workspace::shipped();
    let out = ws.nichiro(&["sources"]);
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        listing.lines().count(),
        fs::read_dir(ws.corpus()).unwrap().count()
    );
    let out = ws.nichiro(&["index"]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("indexed "));
}

#[test]
fn cli_import_writes_into_the_corpus_in_use_and_the_next_answer_sees_it() {
    let ws = Workspace::shipped();
    for entry in fs::read_dir(ws.corpus()).unwrap() {
        let path = entry.unwrap().path();
        if fs::read_to_string(&path)
            .unwrap()
            .contains("002_fb73e6d43d6d6af0")
        {
            fs::remove_file(path).unwrap();
        }
    }
    let question = "What is the full name of the treaty discussed before the cooling?";
    let before = ws.nichiro(&["ask", "--json", question]);
    let before: serde_json::Value = serde_json::from_slice(&before.stdout).unwrap();
    let cites_new = |answer: &serde_json::Value| {
        answer["citations"].as_array().unwrap().iter().any(|c| {
            c["excerpt"]
                .as_str()
                .unwrap()
                .contains("good neighborliness")
        })
    };
    assert!(!cites_new(&before));

    let seed = repo("tests/data/seeds/002_fb73e6d43d6d6af0.txt");
    let out = ws.nichiro(&["import", seed.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("Russia-Japan Tensions Obstruct Peace Negotiations"),
        "{report}"
    );
    assert!(report.contains("2024-04-03"), "{report}");

    let after = ws.nichiro(&["ask", "--json", "-k", "5", question]);
    let after: serde_json::Value = serde_json::from_slice(&after.stdout).unwrap();
    assert!(cites_new(&after), "{after}");
}
