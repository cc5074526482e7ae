//! A damaged index is found, reported once and rebuilt from the corpus; never a panic, never a
//! silent abstention.

use std::fs;
use std::path::PathBuf;

use crate::harness::*;

fn index_files(ws: &Workspace, extension: &str) -> Vec<PathBuf> {
    fs::read_dir(ws.index())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect()
}

#[test]
fn one_changed_byte_in_any_index_file_is_repaired() {
    let ws = Workspace::new();
    assert_answers(&ws, &[]);
    let kinds = ["idx", "pos", "term", "store", "fast", "fieldnorm"];
    let mut damaged = 0;
    for kind in kinds {
        // Every position class: the start, the middle and the footer. A repair writes new
        // files, so each round damages whichever file of the kind exists now.
        for share in [0.0, 0.5, 1.0] {
            let Some(file) = index_files(&ws, kind)
                .into_iter()
                .max_by_key(|f| fs::metadata(f).unwrap().len())
            else {
                continue;
            };
            let mut bytes = fs::read(&file).unwrap();
            if bytes.is_empty() {
                continue;
            }
            let at = ((bytes.len() - 1) as f64 * share) as usize;
            bytes[at] ^= 0x5a;
            fs::write(&file, &bytes).unwrap();
            let out = ws.run(&["ask", "--json", ANSWERABLE]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(0), "{kind} at {at}: {err}");
            assert!(!err.contains("panicked"), "{kind} at {at}: {err}");
            assert!(
                stdout(&out).contains("Haneda"),
                "{kind} at {at}: {}",
                stdout(&out)
            );
            assert!(
                err.contains("damaged"),
                "one warning expected for {kind}: {err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
            damaged += 1;
        }
    }
    assert!(damaged >= kinds.len(), "only {damaged} damaged files tried");
    // And the next run finds nothing to repair.
    let out = ws.run(&["ask", ANSWERABLE]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn a_truncated_or_missing_meta_file_is_rebuilt() {
    let ws = Workspace::new();
    assert_answers(&ws, &[]);
    fs::write(ws.index().join("meta.json"), "{").unwrap();
    assert_answers(&ws, &[]);
    fs::remove_file(ws.index().join("meta.json")).unwrap();
    assert_answers(&ws, &[]);
    for file in index_files(&ws, "idx") {
        fs::remove_file(file).unwrap();
    }
    assert_answers(&ws, &[]);
}

#[test]
fn a_damaged_index_with_no_corpus_to_rebuild_from_is_exit_1_with_the_reason() {
    let ws = Workspace::new();
    assert_answers(&ws, &[]);
    let file = index_files(&ws, "term").pop().unwrap();
    let mut bytes = fs::read(&file).unwrap();
    bytes[0] ^= 0xff;
    fs::write(&file, bytes).unwrap();
    // The corpus is gone: nothing to rebuild from.
    fs::rename(ws.path("corpus"), ws.path("gone")).unwrap();
    let out = ws.run(&["ask", ANSWERABLE]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("corpus"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}
