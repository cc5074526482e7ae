//! Writing an imported article into the corpus directory without ever overwriting another
//! article: a taken id gets `-2`, `-3`... and importing the same file twice is a no-op.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::report::ImportReport;
use crate::error::Error;

/// Gives up after this many taken ids rather than loop on a directory full of near-duplicates.
const MAX_SUFFIX: u32 = 1000;

/// Writes the imported article into `corpus_dir` (created if missing) as `<id>.md`, or under the
/// first free `<id>-N.md` when `<id>.md` holds other content. Returns the file written, or the
/// existing file when it already holds exactly this article.
pub fn write_into(corpus_dir: &Path, report: &ImportReport) -> Result<PathBuf, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    fs::create_dir_all(corpus_dir).map_err(io(corpus_dir))?;
    let content = report.article.render();
    let base = &report.article.id;
    for n in 1..=MAX_SUFFIX {
        let id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let path = corpus_dir.join(format!("{id}.md"));
        // create_new, so two imports racing for one id cannot overwrite each other.
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(content.as_bytes()).map_err(io(&path))?;
                return Ok(path);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                if fs::read_to_string(&path).map_err(io(&path))? == content {
                    return Ok(path);
                }
            }
            Err(e) => return Err(io(&path)(e)),
        }
    }
    Err(Error::Import {
        path: corpus_dir.join(format!("{base}.md")),
        reason: format!("ids {base} to {base}-{MAX_SUFFIX} are all taken"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_text;

    fn report(title: &str, body: &str) -> ImportReport {
        import_text(&format!("{title}\n\n{body}\n"), "raw.txt").unwrap()
    }

    #[test]
    fn writes_a_parseable_file_named_by_the_slug() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("new").join("corpus");
        let r = report("Talks Resume in Tokyo", "The envoys met on Monday.");
        let path = write_into(&corpus, &r).unwrap();
        assert_eq!(path, corpus.join("talks-resume-in-tokyo.md"));
        let parsed = crate::corpus::Article::parse(
            "talks-resume-in-tokyo",
            &fs::read_to_string(&path).unwrap(),
        )
        .unwrap();
        assert_eq!(parsed, r.article);
    }

    #[test]
    fn taken_ids_get_a_suffix_and_same_content_is_not_duplicated() {
        let dir = tempfile::tempdir().unwrap();
        let first = report("Talks Resume in Tokyo", "The envoys met on Monday.");
        let second = report("Talks Resume in Tokyo", "The envoys met again on Friday.");
        let third = report("Talks Resume in Tokyo", "A third meeting followed.");
        let p1 = write_into(dir.path(), &first).unwrap();
        let p2 = write_into(dir.path(), &second).unwrap();
        let p3 = write_into(dir.path(), &third).unwrap();
        assert!(p2.ends_with("talks-resume-in-tokyo-2.md"));
        assert!(p3.ends_with("talks-resume-in-tokyo-3.md"));
        assert_eq!(write_into(dir.path(), &second).unwrap(), p2);
        assert_eq!(fs::read_to_string(&p1).unwrap(), first.article.render());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn unwritable_directory_is_an_io_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        fs::write(&blocker, "not a directory").unwrap();
        let err = write_into(&blocker, &report("A Title Here", "Some text.")).unwrap_err();
        assert!(
            matches!(err, Error::Io { ref path, .. } if path == &blocker),
            "{err}"
        );
    }
}
