//! Any bytes as a question (and date options) against the shipped corpus: an answer, an
//! abstention or an input error, never a panic; every excerpt verbatim.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nichiro::EngineConfig;
use nichiro::{AskOptions, Engine, PartialDate};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let index = tempfile::tempdir().unwrap();
        let engine = Engine::open(&EngineConfig {
            corpus_dir: root.join("corpus"),
            index_dir: index.path().join("index"),
            aliases: root.join("config/aliases.toml"),
            // The word engine: analysis, retrieval and excerpt choice at thousands of runs a
            // second (the hybrid path adds a ~70 ms embedding per question).
            mode: nichiro::SearchMode::Words,
            ..EngineConfig::default()
        })
        .unwrap();
        (index, engine)
    });
    engine
}

fuzz_target!(|data: &[u8]| {
    let Some((&options, text)) = data.split_first() else {
        return;
    };
    let question = String::from_utf8_lossy(text);
    let year = |bits: u8| PartialDate::year(1 + i32::from(bits) * 39);
    let ask = AskOptions {
        k: 1 + usize::from(options % 5),
        offset: usize::from(options >> 6),
        since: (options & 0x08 != 0).then(|| year(options)).flatten(),
        until: (options & 0x10 != 0).then(|| year(options.rotate_left(3))).flatten(),
    };
    match engine().ask(&question, &ask) {
        Ok(answer) => {
            for c in &answer.citations {
                assert!(c.passage.contains(&c.excerpt));
            }
        }
        Err(err) => assert!(err.is_input(), "{err}"),
    }
    let _ = engine().search(&question, 5);
    let _ = engine().timeline(Some(&question));
});
