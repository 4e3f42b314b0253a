//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/*`: the seeds and every crash
//! reproducer found so far) through the same functions the fuzz targets call, so a fixed
//! finding stays fixed in a plain `cargo test`, without libFuzzer or a nightly toolchain.

use std::path::PathBuf;

use seedance_assets::__fuzz;

fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("fuzz")
        .join("corpus")
        .join(target)
}

#[test]
fn every_committed_corpus_input_runs_clean() {
    let mut replayed = 0;
    for target in __fuzz::TARGETS {
        let dir = corpus_dir(target);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut count = 0;
        for entry in entries {
            let path = entry.expect("corpus entry").path();
            if !path.is_file() {
                continue;
            }
            let data = std::fs::read(&path).expect("corpus file");
            let outcome = std::panic::catch_unwind(|| __fuzz::run_target(target, &data));
            match outcome {
                Ok(known) => assert!(known, "unknown target {target}"),
                Err(_) => panic!("{target}: {} fails (see the panic above)", path.display()),
            }
            count += 1;
        }
        assert!(count > 0, "no corpus for {target} in {}", dir.display());
        replayed += count;
    }
    assert!(replayed >= __fuzz::TARGETS.len());
}

#[test]
fn targets_match_the_fuzz_crate() {
    let targets = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/fuzz_targets");
    for target in __fuzz::TARGETS {
        assert!(
            targets.join(format!("{target}.rs")).is_file(),
            "fuzz/fuzz_targets/{target}.rs missing"
        );
    }
}
