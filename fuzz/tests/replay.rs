//! Replays the committed inputs in `regressions/<target>/` through the same
//! code the fuzz targets run, as an ordinary test (no libFuzzer involved).

use std::fs;
use std::path::{Path, PathBuf};

/// The files of `regressions/<target>/`, sorted by name.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `check` on every input of `target`; returns how many ran.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let files = inputs(target);
    for path in &files {
        let data = fs::read(path).unwrap();
        eprintln!("replaying {} ({} bytes)", path.display(), data.len());
        check(&data);
    }
    files.len()
}

#[test]
fn replay_ops_regressions() {
    let n = replay("ops", shardring_fuzz::ops);
    assert!(n > 0, "no inputs in regressions/ops");
}

#[test]
fn replay_diff_regressions() {
    let n = replay("diff", shardring_fuzz::diff);
    assert!(n > 0, "no inputs in regressions/diff");
}
