//! Fuzz target: the content loader and validator on arbitrary bytes as a task file. A copy of
//! the minimal fixture site is made once in a temporary folder; each input replaces its
//! `content/tasks/tasks.yaml`. Loading and validating must never panic, whatever the bytes
//! (invalid UTF-8, broken YAML, wrong types, huge numbers…).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let dir = base.join(format!("camket-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        copy_dir(&fixture, &dir);
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let root = site();
    std::fs::write(root.join("content/tasks/tasks.yaml"), data).unwrap();
    if let Ok((raw, diags)) = camket::load::load(root) {
        let _ = diags.error_count();
        let _ = camket::validate::validate(&raw, Default::default());
    }
});
