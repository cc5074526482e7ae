//! What the operating system says about the process and the disk: resident memory (Linux
//! `/proc`) and the size of a directory tree.

use std::fs;
use std::path::Path;

/// The process's peak resident set size (`VmHWM`) in kilobytes, where `/proc` has it.
pub fn peak_rss_kb() -> Option<u64> {
    status_field("VmHWM:")
}

/// Resets the peak resident set size to the current one, so the peak of a later phase can be
/// told apart from an earlier, larger one (Linux 4.0+; a no-op where it is refused).
pub fn reset_peak_rss() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn status_field(name: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

/// The 1-minute load average: above the number of cores, other work competed for the CPU
/// and the figures of the run are pessimistic.
pub fn load_average() -> Option<f64> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Cores this process may run on.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// User plus system CPU time of the whole process (all threads) so far, in seconds, from
/// `/proc/self/stat` (clock ticks of 1/100 s, as on every Linux configuration in use).
pub fn cpu_seconds() -> Option<f64> {
    const TICKS_PER_SECOND: f64 = 100.0;
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / TICKS_PER_SECOND)
}

/// Bytes of all regular files under `dir`, recursively; 0 when it does not exist.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => dir_size(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// Kilobytes to megabytes (MiB), to one decimal.
pub fn kb_to_mb(kb: u64) -> f64 {
    (kb as f64 / 1024.0 * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_read_from_proc() {
        if Path::new("/proc/self/status").exists() {
            let peak = peak_rss_kb().expect("VmHWM");
            let now = status_field("VmRSS:").expect("VmRSS");
            assert!(peak >= now && now > 0);
        }
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let Some(before) = cpu_seconds() else {
            return;
        };
        let started = std::time::Instant::now();
        let mut x = 0u64;
        while started.elapsed().as_millis() < 150 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        let spent = cpu_seconds().unwrap() - before;
        assert!((0.05..5.0).contains(&spent), "{spent}");
    }

    #[test]
    fn dir_size_adds_up_nested_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), [0u8; 100]).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub").join("b"), [0u8; 23]).unwrap();
        assert_eq!(dir_size(dir.path()), 123);
        assert_eq!(dir_size(&dir.path().join("missing")), 0);
    }
}
