//! End-to-end tests of the answer engine and its command line on the shipped corpus (and on
//! temporary copies of it that the tests change). One module per concern; the workspace and the
//! command runner they share are here.

mod cli;
mod dates;
mod index;
mod quality;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nichiro::{Answer, AskOptions, Engine, EngineConfig, SearchMode};

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A private copy of the shipped corpus with its own index, so tests can change it freely.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// The shipped corpus.
    pub fn shipped() -> Workspace {
        let ws = Workspace::empty();
        for entry in fs::read_dir(repo("corpus")).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, ws.corpus().join(path.file_name().unwrap())).unwrap();
        }
        ws
    }

    /// A corpus directory with nothing in it, for tests that write their own articles.
    pub fn empty() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("corpus")).unwrap();
        Workspace { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn config(&self) -> EngineConfig {
        EngineConfig {
            corpus_dir: self.corpus(),
            index_dir: self.index(),
            aliases: repo("config/aliases.toml"),
            // These tests are about the word engine and the index; tests/semantic.rs covers
            // the hybrid engine (and embedding the corpus for every workspace would be slow).
            mode: SearchMode::Words,
            ..EngineConfig::default()
        }
    }

    pub fn engine(&self) -> Engine {
        Engine::open(&self.config()).unwrap()
    }

    /// Writes a corpus file; `date` may be "" for an undated article.
    pub fn write_article(&self, id: &str, title: &str, date: &str, text: &str) {
        let date = if date.is_empty() {
            String::new()
        } else {
            format!("date = \"{date}\"\n")
        };
        fs::write(
            self.corpus().join(format!("{id}.md")),
            format!("+++\ntitle = \"{title}\"\n{date}source = \"Kyodo\"\n+++\n\n{text}\n"),
        )
        .unwrap();
    }

    /// Runs the `nichiro` binary on this workspace (word engine, the shipped aliases), with no
    /// setting inherited from the environment that runs the tests.
    pub fn nichiro(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// The command [`Self::nichiro`] runs, for tests that set more.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nichiro"));
        command
            .current_dir(self.dir.path())
            .env_remove("NICHIRO_CORPUS")
            .env_remove("NICHIRO_INDEX")
            .env("NICHIRO_ALIASES", repo("config/aliases.toml"))
            .env("NICHIRO_MODE", "words")
            .arg("--config")
            .arg(repo("config/nichiro.toml"))
            .arg("--corpus")
            .arg(self.corpus())
            .arg("--index")
            .arg(self.index());
        command
    }
}

pub fn ask(engine: &Engine, question: &str) -> Answer {
    engine.ask(question, &AskOptions::default()).unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}
