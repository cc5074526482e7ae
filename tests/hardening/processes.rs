//! Several processes on one index: one builds while the others wait, a killed build leaves
//! nothing that stops the next run, and no staging directory survives.

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::harness::*;

fn leftovers(ws: &Workspace) -> Vec<String> {
    fs::read_dir(ws.path(".nichiro"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.contains(".building-") || name.contains(".retired-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ten_processes_at_once_on_a_fresh_index_all_succeed() {
    let ws = Workspace::new();
    let children: Vec<_> = (0..10)
        .map(|i| {
            let args: &[&str] = if i % 3 == 0 {
                &["index"]
            } else {
                &["ask", "--json", ANSWERABLE]
            };
            ws.command(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
        assert!(!stdout(&out).is_empty());
    }
    assert_eq!(leftovers(&ws), Vec::<String>::new());
    assert_answers(&ws, &[]);
}

/// A corpus big enough that building its index takes a while, so a build can be killed midway.
fn grow_corpus(ws: &Workspace, articles: usize) {
    let paragraph = "Officials in Tokyo and Moscow discussed fisheries quotas, energy projects \
        and the long-delayed peace treaty while diplomats compared notes on sanctions. ";
    for n in 0..articles {
        let text = format!(
            "+++\ntitle = \"Filler report {n}\"\ndate = \"2023-05\"\n+++\n\n{}\n\n{}\n",
            paragraph.repeat(6),
            paragraph.repeat(4)
        );
        fs::write(ws.path(&format!("corpus/filler-{n:05}.md")), text).unwrap();
    }
}

#[test]
fn a_build_killed_midway_leaves_the_next_run_answering() {
    let ws = Workspace::new();
    assert_answers(&ws, &[]);
    grow_corpus(&ws, 3000);
    let mut killed_while_building = false;
    for after_ms in [0, 30, 120] {
        let mut child = ws
            .command(&["index"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the build to start writing its staging directory, then SIGKILL it.
        let started = Instant::now();
        while leftovers(&ws).is_empty()
            && started.elapsed() < Duration::from_secs(60)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(after_ms));
        killed_while_building |= child.try_wait().unwrap().is_none() && !leftovers(&ws).is_empty();
        child.kill().unwrap();
        child.wait().unwrap();
        // Whatever the kill left, the next run answers, and clears the leftovers.
        assert_answers(&ws, &[]);
        assert_eq!(leftovers(&ws), Vec::<String>::new());
    }
    assert!(
        killed_while_building,
        "no kill landed during a build; grow the corpus"
    );
}
