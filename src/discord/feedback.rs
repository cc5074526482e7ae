//! 👍/👎 feedback, appended to a JSON-lines file to become evaluation data.
//!
//! One object a line: `time` (RFC 3339, UTC), `vote` ("up"/"down"), `user_id`, `question`, the
//! date filters, whether the engine abstained, and the answer as shown (rank, article id,
//! title, excerpt). Lines are written whole under a lock, so concurrent votes never interleave.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use crate::error::Error;

/// One vote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Feedback {
    pub time: String,
    pub vote: &'static str,
    pub user_id: String,
    pub question: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub abstained: bool,
    pub answer: Vec<FeedbackCitation>,
}

/// A citation as the voter saw it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeedbackCitation {
    pub rank: usize,
    pub article_id: String,
    pub title: String,
    pub excerpt: String,
}

/// The feedback file.
#[derive(Debug)]
pub struct FeedbackLog {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FeedbackLog {
    pub fn new(path: impl Into<PathBuf>) -> FeedbackLog {
        FeedbackLog {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `feedback` as one line, creating the file and its directory when needed.
    /// Blocking: call it off the async threads.
    pub fn append(&self, feedback: &Feedback) -> Result<(), Error> {
        let io = |source| Error::Io {
            path: self.path.clone(),
            source,
        };
        let mut line = serde_json::to_string(feedback).expect("feedback always serializes");
        line.push('\n');
        let _guard = self
            .lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        file.write_all(line.as_bytes()).map_err(io)
    }
}

/// Now, as RFC 3339 in UTC with seconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_one_json_object_a_line_creating_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let log = FeedbackLog::new(dir.path().join("nested/feedback.jsonl"));
        let vote = Feedback {
            time: now_rfc3339(),
            vote: "up",
            user_id: "42".into(),
            question: "Where did Nozdrev land?\nAt @everyone?".into(),
            since: Some("2024".into()),
            until: None,
            abstained: false,
            answer: vec![FeedbackCitation {
                rank: 1,
                article_id: "thaw".into(),
                title: "Thaw".into(),
                excerpt: "He landed at Haneda.".into(),
            }],
        };
        log.append(&vote).unwrap();
        log.append(&Feedback {
            vote: "down",
            ..vote.clone()
        })
        .unwrap();
        let text = std::fs::read_to_string(log.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["vote"], "up");
        assert_eq!(lines[1]["vote"], "down");
        assert_eq!(lines[0]["answer"][0]["article_id"], "thaw");
        assert_eq!(lines[0]["user_id"], "42");
        assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
    }

    #[test]
    fn an_unwritable_path_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be.
        let log = FeedbackLog::new(dir.path());
        let err = log
            .append(&Feedback {
                time: now_rfc3339(),
                vote: "up",
                user_id: "1".into(),
                question: "q".into(),
                since: None,
                until: None,
                abstained: true,
                answer: Vec::new(),
            })
            .unwrap_err();
        assert!(err.to_string().contains(&dir.path().display().to_string()));
    }
}
