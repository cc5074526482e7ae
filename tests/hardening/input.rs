//! Input from outside: counts, dates, odd text and files, each answered, refused in one line,
//! or reported, never a crash.

use std::fs;

use crate::harness::*;

#[test]
fn counts_from_the_command_line_are_bounded() {
    let ws = Workspace::new();
    for args in [
        vec!["search", "-n", "2147483648", "Nozdrev"],
        vec!["search", "-n", "18446744073709551615", "Nozdrev"],
        vec!["search", "-n", "0", "Nozdrev"],
        vec!["search", "-n", "-1", "Nozdrev"],
        vec!["ask", "-k", "0", "Nozdrev"],
        vec!["ask", "-k", "100000", "Nozdrev"],
    ] {
        assert_one_line_error(&ws.run(&args), 2);
    }
    let out = ws.run(&["search", "-n", "1000", "Nozdrev"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ws.run(&["search", "-n", "1", "Nozdrev"]);
    assert_eq!(stdout(&out).matches("score").count(), 1, "{}", stdout(&out));
}

fn citation_dates(ws: &Workspace, args: &[&str]) -> Vec<String> {
    let out = ws.run(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    answer["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap_or("undated").to_string())
        .collect()
}

#[test]
fn date_filters_hold_for_every_year_from_1_to_9999() {
    let ws = Workspace::new();
    for (id, date) in [("far-future", "3000-06-01"), ("long-ago", "1500")] {
        fs::write(
            ws.path(&format!("corpus/{id}.md")),
            format!("+++\ntitle = \"Nozdrev {id}\"\ndate = \"{date}\"\n+++\n\nNozdrev spoke about the peace treaty in {id} times.\n"),
        )
        .unwrap();
    }
    let q = "What did Nozdrev say about the peace treaty?";
    let dates = |extra: &[&str]| {
        let mut args = vec!["ask", "--json", "-k", "10"];
        args.extend(extra);
        args.push(q);
        citation_dates(&ws, &args)
    };
    assert_eq!(dates(&["--since", "9999"]), Vec::<String>::new());
    assert_eq!(dates(&["--until", "1400"]), Vec::<String>::new());
    assert_eq!(dates(&["--since", "2500"]), vec!["3000-06-01"]);
    assert_eq!(dates(&["--until", "1600"]), vec!["1500"]);
    let modern = dates(&["--since", "1600", "--until", "2900"]);
    assert!(!modern.is_empty());
    assert!(modern.iter().all(|d| d.starts_with("202")), "{modern:?}");
    for bad in ["0000", "10000", "99999"] {
        assert_one_line_error(&ws.run(&["ask", "--since", bad, q]), 2);
    }
}

#[test]
fn a_decomposed_accent_finds_what_the_precomposed_one_finds() {
    let ws = Workspace::new();
    let composed = citation_dates(&ws, &["ask", "--json", "Nozdr\u{eb}v"]);
    assert!(!composed.is_empty());
    assert_eq!(
        citation_dates(&ws, &["ask", "--json", "Nozdre\u{308}v"]),
        composed
    );
}

#[test]
fn a_stray_number_is_not_a_topic_and_a_year_is_a_hint() {
    let ws = Workspace::new();
    for question in ["Nozdrev 5", "What did Nozdrev say in 2024?", "Nozdrev 2"] {
        let out = ws.run(&["ask", "--json", question]);
        assert_eq!(out.status.code(), Some(0));
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(answer["abstained"], false, "{question}: {answer}");
        let first = answer["citations"][0]["excerpt"]
            .as_str()
            .unwrap()
            .to_lowercase();
        assert!(first.contains("nozdr"), "{question}: {first}");
    }
}

#[test]
fn errors_are_one_line_and_say_each_cause_once() {
    let ws = Workspace::new();
    fs::write(ws.path("plain-file"), "x").unwrap();
    let err = assert_one_line_error(&ws.run(&["--corpus", "plain-file/sub", "sources"]), 1);
    let cause = "Not a directory";
    assert!(err.matches(cause).count() <= 1, "{err}");
    let err = assert_one_line_error(&ws.run(&["ask", "--since", "March", "peace"]), 2);
    assert!(err.contains("March"), "{err}");
    let long = "why ".repeat(300);
    let err = assert_one_line_error(&ws.run(&["ask", &long]), 2);
    assert!(err.contains("1000 characters or fewer"), "{err}");
    // Exactly 1,000 characters is allowed.
    let exact = format!("Nozdrev {}", "a".repeat(992));
    assert_eq!(exact.chars().count(), 1000);
    assert_eq!(ws.run(&["ask", &exact]).status.code(), Some(0));
}

#[test]
fn eval_refuses_an_empty_or_malformed_set_by_line() {
    let ws = Workspace::new();
    fs::write(ws.path("empty.jsonl"), "\n\n").unwrap();
    let err = assert_one_line_error(&ws.run(&["eval", "empty.jsonl"]), 2);
    assert!(err.contains("no question"), "{err}");
    fs::write(
        ws.path("bad.jsonl"),
        "{\"id\":\"a\",\"question\":\"Nozdrev?\",\"abstain\":false}\n{not json\n",
    )
    .unwrap();
    let err = assert_one_line_error(&ws.run(&["eval", "bad.jsonl"]), 2);
    assert!(
        err.contains("line 2") && !err.contains("configuration"),
        "{err}"
    );
}

#[test]
fn import_goes_on_past_a_bad_file_and_says_which() {
    let ws = Workspace::new();
    let good = repo("tests/data/seeds");
    let seed = fs::read_dir(&good).unwrap().next().unwrap().unwrap().path();
    fs::write(ws.path("empty.txt"), "").unwrap();
    let seed = seed.to_str().unwrap();
    std::fs::create_dir_all(ws.path("incoming")).unwrap();
    let out = ws.run(&[
        "--corpus",
        "incoming",
        "import",
        "empty.txt",
        "missing.txt",
        seed,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("empty.txt") && err.contains("missing.txt"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("written:"),
        "the good file was imported: {}",
        stdout(&out)
    );
}

#[test]
fn control_characters_in_a_title_never_reach_the_terminal() {
    let ws = Workspace::new();
    fs::write(
        ws.path("corpus/escape.md"),
        "+++\ntitle = \"Nozdrev \\u001b[2J\\u0007 cleared\"\n+++\n\nNozdrev cleared the screen.\n",
    )
    .unwrap();
    let out = ws.run(&["sources"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("Nozdrev \u{FFFD}[2J\u{FFFD} cleared"),
        "{text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}
