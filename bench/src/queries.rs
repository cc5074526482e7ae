//! The questions the bench times: the built-in set (`tests/data/bench-queries.txt`, compiled in
//! so the binary needs no file) or a file given with `--queries`, one question a line.

use std::path::Path;

use anyhow::{anyhow, Context, Result};

/// Where the built-in set lives in the repository, for tools that read it (the peer script).
pub const BUILTIN_PATH: &str = "tests/data/bench-queries.txt";

const BUILTIN: &str = include_str!("../../tests/data/bench-queries.txt");

/// The questions of `file`, or the built-in set.
pub fn load(file: Option<&Path>) -> Result<Vec<String>> {
    let Some(file) = file else {
        return Ok(parse(BUILTIN));
    };
    let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
    let queries = parse(&text);
    if queries.is_empty() {
        return Err(anyhow!(
            "{} has no questions (one a line; '#' starts a comment line)",
            file.display()
        ));
    }
    Ok(queries)
}

/// One question a line; blank lines and lines starting with `#` are skipped.
pub fn parse(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_set_mixes_the_kinds_of_question() {
        let queries = load(None).unwrap();
        assert!(queries.len() >= 60, "{} queries", queries.len());
        assert!(queries.iter().any(|q| q == "Nozdrev"));
        assert!(queries.iter().any(|q| q.len() > 300));
        assert!(queries
            .iter()
            .any(|q| q == "At which airport did Nikolai Nozdrev land?"));
        assert!(queries.iter().all(|q| !q.starts_with('#')));
    }

    #[test]
    fn a_file_without_questions_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.txt");
        std::fs::write(&path, "# only a comment\n\n").unwrap();
        assert!(load(Some(&path)).unwrap_err().to_string().contains("q.txt"));
        std::fs::write(&path, "one\n  two  \n").unwrap();
        assert_eq!(load(Some(&path)).unwrap(), ["one", "two"]);
    }
}
