//! The index may only ever live where nichiro can prove nothing else is lost.

use std::fs;

use crate::harness::*;

#[test]
fn a_directory_that_is_not_an_index_is_refused_and_left_alone() {
    let ws = Workspace::new();
    fs::write(ws.path("README"), "the project").unwrap();
    let docs = ws.path("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("notes.txt"), "notes").unwrap();
    for (args, what) in [
        (
            vec!["--index", "corpus", "ask", ANSWERABLE],
            "corpus directory",
        ),
        (
            vec!["--index", ".", "ask", ANSWERABLE],
            "cannot be the index",
        ),
        (vec!["--index", "corpus/..", "index"], "cannot be the index"),
        (vec!["--index", "/", "index"], "cannot be the index"),
        (vec!["--index", "docs", "index"], "not a nichiro index"),
        (
            vec!["--index", "docs", "ask", ANSWERABLE],
            "not a nichiro index",
        ),
        (
            vec!["--index", "README", "ask", ANSWERABLE],
            "not a directory",
        ),
    ] {
        let before = ws.snapshot(".");
        let out = ws.run(&args);
        let err = assert_one_line_error(&out, 2);
        assert!(err.contains(what), "{args:?}: {err}");
        assert_eq!(ws.snapshot("."), before, "{args:?} touched the workspace");
    }
}

#[test]
fn an_index_named_by_a_dotenv_in_a_parent_directory_is_ignored() {
    let ws = Workspace::new();
    let project = ws.path("project");
    fs::create_dir(&project).unwrap();
    fs::rename(ws.path("corpus"), project.join("corpus")).unwrap();
    fs::rename(ws.path("config"), project.join("config")).unwrap();
    // A .env above the working directory pointing at the project itself.
    fs::write(ws.path(".env"), "NICHIRO_INDEX=project\n").unwrap();
    let out = ws
        .command(&["ask", "--json", ANSWERABLE])
        .current_dir(&project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(project.join("corpus").is_dir() && project.join("config/aliases.toml").is_file());
    assert!(project.join(".nichiro/index/nichiro-fingerprint").is_file());
}

#[test]
fn a_dotenv_in_the_working_directory_is_read_and_still_checked() {
    let ws = Workspace::new();
    fs::write(ws.path(".env"), "NICHIRO_INDEX=corpus\n").unwrap();
    let before = ws.snapshot("corpus");
    let err = assert_one_line_error(&ws.run(&["ask", ANSWERABLE]), 2);
    assert!(err.contains("corpus"), "{err}");
    assert_eq!(ws.snapshot("corpus"), before);
}

#[test]
fn an_empty_directory_becomes_the_index_and_a_rebuild_keeps_foreign_files() {
    let ws = Workspace::new();
    fs::create_dir(ws.path("fresh")).unwrap();
    assert_answers(&ws, &["--index", "fresh"]);
    assert!(ws.path("fresh/nichiro-fingerprint").is_file());
    // Someone drops a file of theirs into the index; a forced rebuild must not delete it.
    fs::write(ws.path("fresh/mine.txt"), "keep me").unwrap();
    let out = ws.run(&["--index", "fresh", "index"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(ws.path("fresh/mine.txt")).unwrap(),
        "keep me"
    );
}
