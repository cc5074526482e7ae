//! A private workspace (a copy of the shipped corpus, its own index) and a way to run the
//! `nichiro` binary in it with no setting leaking in from the developer's environment.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("corpus")).unwrap();
        for entry in fs::read_dir(repo("corpus")).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(
                &path,
                dir.path().join("corpus").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        fs::create_dir(dir.path().join("config")).unwrap();
        fs::copy(
            repo("config/aliases.toml"),
            dir.path().join("config/aliases.toml"),
        )
        .unwrap();
        fs::copy(
            repo("config/nichiro.toml"),
            dir.path().join("config/nichiro.toml"),
        )
        .unwrap();
        Workspace { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The default index location, as the shipped configuration names it.
    pub fn index(&self) -> PathBuf {
        self.path(".nichiro/index")
    }

    /// `nichiro ARGS` started in the workspace with a clean environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nichiro"));
        command.current_dir(self.dir.path()).args(args);
        for (name, _) in std::env::vars() {
            if name.starts_with("NICHIRO_") || name.starts_with("DISCORD_") {
                command.env_remove(name);
            }
        }
        // The word engine: these tests are about the index and the input, and embedding the
        // corpus in every workspace would take minutes (tests/semantic.rs covers the model).
        command.env("NICHIRO_MODE", "words");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Every file under the workspace with its bytes, to prove nothing was touched.
    pub fn snapshot(&self, relative: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![self.path(relative)];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push((path.clone(), fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the one-line error contract: status `code`, one line on stderr starting with
/// "error:", nothing on stdout.
pub fn assert_one_line_error(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    assert!(out.stdout.is_empty(), "stdout: {}", stdout(out));
    err
}

pub const ANSWERABLE: &str = "At which airport did Nikolai Nozdrev land?";

/// Asks the answerable question and checks the answer names Haneda.
pub fn assert_answers(ws: &Workspace, extra: &[&str]) {
    let mut args = extra.to_vec();
    args.extend(["ask", "--json", ANSWERABLE]);
    let out = ws.run(&args);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["abstained"], false, "{answer}");
    assert!(answer.to_string().contains("Haneda"), "{answer}");
}
