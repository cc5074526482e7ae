//! The index follows the corpus: rebuilt when an article is added, edited or deleted, or when
//! the index is corrupt; broken corpus files are skipped and named.

use std::fs;

use crate::{ask, Workspace};

#[test]
fn a_changed_corpus_rebuilds_the_index() {
    let ws = Workspace::shipped();
    let question = "What did the Hokkaido crab fishermen ask the Sakhalin governor?";
    let before = ws.engine();
    assert!(ask(&before, question).abstained());
    ws.write_article("crab-fishery-talks",
        "Hokkaido fishermen press Sakhalin on crab quotas",
        "2026-03",
        "Crab fishermen from Nemuro in Hokkaido asked the Sakhalin governor to restore the joint crab quota that lapsed last year. The governor said the request would be studied.",
    );
    assert!(before.is_stale());
    let after = ws.engine();
    assert!(!after.is_stale());
    assert!(after.index_build_time().is_some(), "the index was rebuilt");
    let answer = ask(&after, question);
    assert!(!answer.abstained());
    assert_eq!(answer.citations[0].article_id, "crab-fishery-talks");
    assert_eq!(answer.citations[0].date.unwrap().to_string(), "2026-03");
    // An unchanged corpus reuses the index.
    assert!(ws.engine().index_build_time().is_none());

    // Edited: the next open answers from the new text.
    let edited = ws.corpus().join("crab-fishery-talks.md");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(
        &edited,
        text.replace(
            "said the request would be studied",
            "refused the request outright",
        ),
    )
    .unwrap();
    assert!(after.is_stale());
    let answer = ask(&ws.engine(), question);
    assert!(
        answer.citations[0]
            .passage
            .contains("refused the request outright"),
        "{:?}",
        answer.citations
    );

    // Deleted: the article is gone from answers.
    fs::remove_file(&edited).unwrap();
    let engine = ws.engine();
    assert!(engine.index_build_time().is_some());
    let answer = ask(&engine, question);
    assert!(
        answer
            .citations
            .iter()
            .all(|c| c.article_id != "crab-fishery-talks"),
        "{:?}",
        answer.citations
    );
}

#[test]
fn a_corrupt_index_is_rebuilt() {
    let ws = Workspace::shipped();
    drop(ws.engine());
    let index = ws.index();
    for entry in fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "nichiro-fingerprint" {
            fs::write(&path, b"garbage").unwrap();
        }
    }
    let engine = ws.engine();
    assert!(engine.index_build_time().is_some());
    assert!(!ask(&engine, "At which airport did Nikolai Nozdrev land?").abstained());
}

#[test]
fn broken_corpus_files_are_skipped_and_named() {
    let ws = Workspace::shipped();
    fs::write(
        ws.corpus().join("broken.md"),
        "+++\ntitle = \"x\"\ndate = \"soon\"\n+++\ntext",
    )
    .unwrap();
    fs::write(ws.corpus().join("binary.md"), [0xff, 0xfe, 0x00]).unwrap();
    let engine = ws.engine();
    let skipped: Vec<String> = engine
        .skipped()
        .iter()
        .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(skipped, ["binary.md", "broken.md"]);
    assert!(!ask(&engine, "At which airport did Nikolai Nozdrev land?").abstained());
}
