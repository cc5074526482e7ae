//! 👍/👎 feedback, kept in a JSON-lines file to become evaluation data.
//!
//! One object a line: `time` (RFC 3339, UTC), `vote` ("up"/"down"), `user_id`, `message_id`
//! (the answer voted on), `question`, the date filters, whether the engine abstained, and the
//! answer as shown (rank, article id, title, excerpt).
//!
//! One vote per person per answer: a new vote replaces that person's earlier vote on the same
//! message, so clicking 300 times leaves one line. Each vote rewrites the file whole, locked,
//! private and crash-safe (`shared_file`), so two bot processes sharing the file (shards side
//! by side) never lose each other's votes. A file whose lines are not feedback is refused,
//! never rewritten.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::discord::shared_file::{self, FileError, SharedFile};

/// One vote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Feedback {
    pub time: String,
    pub vote: &'static str,
    pub user_id: String,
    /// The message that showed the answer: with `user_id`, the key of a vote.
    pub message_id: String,
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

/// Why a vote could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error(transparent)]
    Io(#[from] FileError),
    #[error("{} is not a feedback file (line {line} is not a vote); it was left untouched", path.display())]
    Foreign { path: PathBuf, line: usize },
}

/// The feedback file.
#[derive(Debug)]
pub struct FeedbackLog {
    file: SharedFile,
}

impl FeedbackLog {
    pub fn new(path: impl Into<PathBuf>) -> FeedbackLog {
        FeedbackLog {
            file: SharedFile::new(path),
        }
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Records `feedback`, replacing the same person's earlier vote on the same message.
    /// Creates the file and its directory when needed. Blocking: call it off the async threads.
    pub fn record(&self, feedback: &Feedback) -> Result<(), FeedbackError> {
        let line = serde_json::to_string(feedback).expect("feedback always serializes");
        self.file.locked(|file| rewrite_with(file, &line, feedback))
    }
}

/// Reads the votes in `file`, replaces or adds `line`, and renames the new file over the old.
fn rewrite_with(file: &Path, line: &str, vote: &Feedback) -> Result<(), FeedbackError> {
    let old = shared_file::read_if_any(file)?.unwrap_or_default();
    let key = (vote.user_id.as_str(), vote.message_id.as_str());
    let mut kept = Vec::new();
    for (n, old_line) in old.lines().enumerate() {
        if old_line.trim().is_empty() {
            continue;
        }
        let parsed = vote_key(old_line).ok_or_else(|| FeedbackError::Foreign {
            path: file.to_path_buf(),
            line: n + 1,
        })?;
        if parsed.as_ref().map(|(u, m)| (u.as_str(), m.as_str())) != Some(key) {
            kept.push(old_line);
        }
    }
    kept.push(line);
    let mut text = kept.join("\n");
    text.push('\n');
    Ok(shared_file::replace(file, text.as_bytes())?)
}

/// The (user id, message id) of a vote line; `Some(None)` for a vote written before votes had
/// a message id (kept as it is); `None` when the line is not a vote at all.
fn vote_key(line: &str) -> Option<Option<(String, String)>> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let user = value.get("user_id")?.as_str()?;
    value.get("vote")?.as_str()?;
    Some(
        value
            .get("message_id")
            .and_then(|m| m.as_str())
            .map(|m| (user.to_string(), m.to_string())),
    )
}

/// Now, as RFC 3339 in UTC with seconds.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The distinct (user, message) keys of a feedback file's text, for tests and tools.
#[cfg(test)]
fn keys(text: &str) -> std::collections::HashSet<(String, String)> {
    text.lines().filter_map(|l| vote_key(l).flatten()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn vote(user: &str, message: &str, up: bool) -> Feedback {
        Feedback {
            time: now_rfc3339(),
            vote: if up { "up" } else { "down" },
            user_id: user.into(),
            message_id: message.into(),
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
        }
    }

    fn lines(log: &FeedbackLog) -> Vec<serde_json::Value> {
        std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn one_json_object_a_line_in_a_private_file_and_directory() {
        let dir = tempfile::tempdir().unwrap();
        let log = FeedbackLog::new(dir.path().join("nested/deeper/feedback.jsonl"));
        log.record(&vote("42", "900", true)).unwrap();
        log.record(&vote("42", "901", false)).unwrap();
        let lines = lines(&log);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["vote"], "up");
        assert_eq!(lines[1]["vote"], "down");
        assert_eq!(lines[0]["answer"][0]["article_id"], "thaw");
        assert_eq!(lines[0]["user_id"], "42");
        assert_eq!(lines[0]["message_id"], "900");
        assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
        assert_eq!(mode(log.path()), 0o600);
        assert_eq!(mode(&dir.path().join("nested")), 0o700);
        assert_eq!(mode(&dir.path().join("nested/deeper")), 0o700);
        assert_eq!(mode(&shared_file::sibling(log.path(), ".lock")), 0o600);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("nested/deeper"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn three_hundred_clicks_leave_one_vote_per_person_per_answer_the_last_one() {
        let dir = tempfile::tempdir().unwrap();
        let log = FeedbackLog::new(dir.path().join("feedback.jsonl"));
        for i in 0..300 {
            log.record(&vote("7", "500", i % 2 == 0)).unwrap();
        }
        log.record(&vote("8", "500", true)).unwrap();
        let lines = lines(&log);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["user_id"], "7");
        assert_eq!(lines[0]["vote"], "down", "the 300th click (odd) was 👎");
        assert_eq!(lines[1]["user_id"], "8");
    }

    #[test]
    fn an_existing_file_is_tightened_and_old_votes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feedback.jsonl");
        // A vote from before votes had a message id, in a world-readable file.
        std::fs::write(
            &path,
            "{\"vote\":\"up\",\"user_id\":\"1\",\"question\":\"q\"}\n\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let log = FeedbackLog::new(&path);
        log.record(&vote("1", "2", false)).unwrap();
        let lines = lines(&log);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["question"], "q");
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_symbolic_link_is_followed_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("disk")).unwrap();
        let real = dir.path().join("disk/votes.jsonl");
        std::fs::write(&real, "").unwrap();
        let link = dir.path().join("feedback.jsonl");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let log = FeedbackLog::new(&link);
        log.record(&vote("1", "2", true)).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap().lines().count(), 1);
        // A link to nothing is an error, and stays a link.
        std::fs::remove_file(&real).unwrap();
        assert!(log.record(&vote("1", "3", true)).is_err());
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn a_file_that_is_not_feedback_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        std::fs::write(&path, "# My project\n\nNotes.\n").unwrap();
        let log = FeedbackLog::new(&path);
        let err = log.record(&vote("1", "2", true)).unwrap_err();
        assert!(
            matches!(err, FeedbackError::Foreign { line: 1, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("README.md"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "# My project\n\nNotes.\n"
        );
    }

    #[test]
    fn concurrent_writers_lose_no_vote() {
        // Two logs on one file stand for two bot processes (the file lock is per open file,
        // so it serializes them just as it serializes processes).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feedback.jsonl");
        let a = std::sync::Arc::new(FeedbackLog::new(&path));
        let b = std::sync::Arc::new(FeedbackLog::new(&path));
        let threads: Vec<_> = [a, b]
            .into_iter()
            .enumerate()
            .map(|(w, log)| {
                std::thread::spawn(move || {
                    for i in 0..40 {
                        log.record(&vote(&format!("{w}"), &format!("{i}"), true))
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(keys(&text).len(), 80);
        assert_eq!(text.lines().count(), 80);
    }

    #[test]
    fn an_unwritable_path_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        let log = FeedbackLog::new(&path);
        let err = log.record(&vote("1", "2", true)).unwrap_err();
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
    }
}
