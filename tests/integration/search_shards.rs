//! Search shards and the search cache (issue 19), through the `camket` binary (the shard size
//! is set with `CAMKET_SEARCH_SHARD_RECORDS`, a measurement knob read by the search step).
//!
//! - `a_warm_build_writes_the_bytes_of_a_cold_one`: build, change one task, build again into
//!   the same output (unchanged shards read from `<out>.camket-search-cache/`), and compare
//!   with a cold build of the changed site into a new folder: byte for byte.
//! - `sharded_search_answers_like_one_bundle`: a generated corpus built with one bundle per
//!   language and in shards; `tests/browser/shards.mjs` types the same queries into both in
//!   Chromium and compares counts, filter counts and the first results.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::quality::{Server, browser_dir, run_node};
use super::{fixture, read_tree};

/// The command that writes the benchmark corpus: `<binary> <args…> --tasks N --out DIR`.
const GEN_BENCH: (&str, &[&str]) = (env!("CARGO_BIN_EXE_camket-bench"), &[]);

/// Runs `camket ARGS` with shards of `shard` records; returns its standard output.
fn camket(args: &[&str], shard: usize) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(args)
        .env("CAMKET_SEARCH_SHARD_RECORDS", shard.to_string())
        .output()
        .expect("camket runs");
    assert!(
        out.status.success(),
        "camket {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// "shards: X indexed, Y reused" of a build's summary.
fn shards(summary: &str) -> (usize, usize) {
    let line = summary
        .lines()
        .find(|l| l.contains("shards: "))
        .unwrap_or_else(|| panic!("no shard counts in:\n{summary}"));
    let nums: Vec<usize> = line
        .split("shards: ")
        .nth(1)
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (nums[0], nums[1])
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn a_warm_build_writes_the_bytes_of_a_cold_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let root_s = root.to_string_lossy().into_owned();
    let out = tmp.path().join("public");
    let out_s = out.to_string_lossy().into_owned();
    // 18 records a language in shards of about 5: 4 shards each.
    let build = |out: &str| camket(&["build", "--root", &root_s, "--out", out], 5);

    let (indexed, reused) = shards(&build(&out_s));
    assert_eq!(
        (indexed, reused),
        (8, 0),
        "a first build indexes every shard"
    );
    let cache = tmp.path().join("public.camket-search-cache");
    assert!(
        fs::read_to_string(cache.join("CACHEDIR.TAG"))
            .unwrap()
            .contains("camket"),
        "the cache beside the output is marked as camket's"
    );
    let first = read_tree(&out);
    assert_eq!(
        shards(&build(&out_s)),
        (0, 8),
        "nothing changed: every shard reused"
    );
    assert_eq!(read_tree(&out), first, "a rebuild without change");

    // One task's title changes: its shard in each language is indexed again, no other.
    let tasks = root.join("content/tasks/tasks.yaml");
    let yaml = fs::read_to_string(&tasks).unwrap();
    let changed = yaml.replacen(
        "Xây dựng kế hoạch tuyên truyền",
        "Xây dựng kế hoạch truyền thông",
        1,
    );
    assert_ne!(yaml, changed);
    fs::write(&tasks, changed).unwrap();
    let (indexed, reused) = shards(&build(&out_s));
    assert!(
        (1..8).contains(&indexed) && indexed + reused == 8,
        "{indexed} indexed, {reused} reused"
    );
    let warm = read_tree(&out);
    assert_ne!(
        warm.iter()
            .filter(|(p, _)| p.starts_with("pagefind/"))
            .collect::<Vec<_>>(),
        first
            .iter()
            .filter(|(p, _)| p.starts_with("pagefind/"))
            .collect::<Vec<_>>(),
        "the index changed"
    );
    let cold = tmp.path().join("cold");
    let (indexed, reused) = shards(&build(&cold.to_string_lossy()));
    assert_eq!((indexed, reused), (8, 0), "a new output has its own cache");
    let cold = read_tree(&cold);
    assert_eq!(
        warm.keys().collect::<Vec<_>>(),
        cold.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cold {
        assert!(&warm[path] == bytes, "{path} differs from a cold build");
    }
}

#[test]
fn sharded_search_answers_like_one_bundle() {
    let Some(dir) = browser_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let (bin, args) = GEN_BENCH;
    let status = Command::new(bin)
        .args(args)
        .args(["--tasks", "300", "--out"])
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("gen-bench runs");
    assert!(status.success());
    let www = tmp.path().join("www");
    let corpus = corpus.to_string_lossy().into_owned();
    let build = |name: &str, shard: usize| {
        let out = www.join(name).to_string_lossy().into_owned();
        camket(&["build", "--root", &corpus, "--out", &out], shard)
    };
    // One bundle per language (the small-site rule: here one for both), and shards of about
    // 110 records: 4 a language.
    build("one", usize::MAX);
    build("sharded", 110);
    assert!(
        www.join("sharded/pagefind/shard-3/pagefind-entry.json")
            .exists()
    );
    assert!(!www.join("one/pagefind/shard-1").exists());
    let server = Server::start(www);
    let url = |name: &str| format!("http://{}/{name}/", server.addr);
    run_node(&dir, &["shards.mjs", &url("one"), &url("sharded")]);
}
