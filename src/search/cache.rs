//! The search index cache: Pagefind's files of each shard, kept between builds.
//!
//! Input: the folder beside the output ([`dir_for`]: `public` → `public.camket-search-cache`),
//! cache keys (a BLAKE3 hash of exactly what a Pagefind run is given, with camket's and
//! Pagefind's versions: `shard::cache_key`) and the files of runs. Output: the files of a run
//! whose key was kept by the previous build.
//!
//! Layout: `CACHEDIR.TAG` (the standard marker, which also tells backup tools to skip the
//! folder; its comment names camket), `lock`, `shards/<key>` (one line per file: the BLAKE3
//! hash of its bytes, a space, its path) and `blobs/<hash>` (the bytes; the scripts and
//! WebAssembly every shard has are stored once).
//!
//! Guarantee: a file read back has the hash it was stored under (checked on every read), so a
//! damaged cache gives a new Pagefind run, never other bytes. camket uses a folder only if it
//! made it (the marker), and never deletes anything outside it. Two builds into the same output
//! take turns (`lock`). Nothing is written before the build has written its output (a failed
//! build leaves no cache folder); then the keys and blobs it did not use are deleted, so the
//! cache holds one build's shards. Every error (a full disk, a read-only folder) only turns the
//! cache off for the build: the index is built in full.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The cache folder of the output folder `out`: a sibling named `<out>.camket-search-cache`.
/// `None` when `out` has no name (`/`, `..`).
pub fn dir_for(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?;
    let mut cache = name.to_os_string();
    cache.push(".camket-search-cache");
    Some(out.with_file_name(cache))
}

/// The marker file, and the words that make it camket's.
const MARKER: &str = "CACHEDIR.TAG";
const MARKER_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# camket search index cache: the Pagefind files of each shard of the last build,\n\
# reused when its records are unchanged. Made by camket; safe to delete.\n";
const MARKER_WORDS: &str = "# camket search index cache";

/// An open cache (locked, when its folder exists, until dropped). New entries are kept in
/// memory until [`Cache::save`], which the build calls once the output is written: a failed
/// build leaves no cache folder behind and the previous one as it was.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    lock: Option<File>,
    /// Keys read or written by this build.
    keys: BTreeSet<String>,
    /// Blobs those keys refer to.
    blobs: BTreeSet<String>,
    /// New entries, written by `save`.
    pending: Vec<(String, Vec<(String, Vec<u8>)>)>,
}

impl Cache {
    /// Opens the cache folder `dir` (made only by [`Cache::save`]). `None` when the folder
    /// exists and is not camket's cache, or cannot be locked.
    pub fn open(dir: &Path) -> Option<Cache> {
        let lock = match fs::read_to_string(dir.join(MARKER)) {
            Ok(text) if text.contains(MARKER_WORDS) => Some(lock(dir)?),
            Ok(_) => return None,
            Err(_) if dir.exists() => return None,
            Err(_) => None,
        };
        Some(Cache {
            dir: dir.to_owned(),
            lock,
            keys: BTreeSet::new(),
            blobs: BTreeSet::new(),
            pending: Vec::new(),
        })
    }

    /// The files kept under `key`, if all of them are there with the hash they were kept
    /// under.
    pub fn get(&mut self, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
        self.lock.as_ref()?;
        let list = fs::read_to_string(self.dir.join("shards").join(key)).ok()?;
        let mut files = Vec::new();
        let mut hashes = Vec::new();
        for line in list.lines() {
            let (hash, path) = line.split_once(' ')?;
            let bytes = fs::read(self.dir.join("blobs").join(hash)).ok()?;
            if blake3::hash(&bytes).to_hex().as_str() != hash {
                return None;
            }
            hashes.push(hash.to_owned());
            files.push((path.to_owned(), bytes));
        }
        self.keys.insert(key.to_owned());
        self.blobs.extend(hashes);
        Some(files)
    }

    /// Keeps `files` under `key`, written by [`Cache::save`].
    pub fn put(&mut self, key: &str, files: &[(String, Vec<u8>)]) {
        self.pending.push((key.to_owned(), files.to_vec()));
    }

    /// Writes the new entries (making the folder and its marker if needed), then deletes the
    /// keys and blobs this build did not use, and files left by an interrupted write. Nothing
    /// is reported: a cache that cannot be written only makes the next build index again.
    pub fn save(mut self) {
        if self.lock.is_none() {
            if self.dir.exists()
                || fs::create_dir_all(&self.dir).is_err()
                || write_atomic(&self.dir.join(MARKER), MARKER_TEXT.as_bytes()).is_err()
            {
                return;
            }
            match lock(&self.dir) {
                Some(l) => self.lock = Some(l),
                None => return,
            }
        }
        for (key, files) in std::mem::take(&mut self.pending) {
            self.write_entry(&key, &files);
        }
        for (sub, keep) in [("shards", &self.keys), ("blobs", &self.blobs)] {
            let Ok(entries) = fs::read_dir(self.dir.join(sub)) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name();
                if !keep.contains(name.to_string_lossy().as_ref()) {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }

    fn write_entry(&mut self, key: &str, files: &[(String, Vec<u8>)]) {
        let mut list = String::new();
        let mut hashes = Vec::new();
        for (path, bytes) in files {
            let hash = blake3::hash(bytes).to_hex().to_string();
            let blob = self.dir.join("blobs").join(&hash);
            if !blob.exists() && write_atomic(&blob, bytes).is_err() {
                return;
            }
            list.push_str(&hash);
            list.push(' ');
            list.push_str(path);
            list.push('\n');
            hashes.push(hash);
        }
        if write_atomic(&self.dir.join("shards").join(key), list.as_bytes()).is_ok() {
            self.keys.insert(key.to_owned());
            self.blobs.extend(hashes);
        }
    }
}

/// Makes the cache's subfolders and takes its lock (waiting for another build's).
fn lock(dir: &Path) -> Option<File> {
    fs::create_dir_all(dir.join("shards")).ok()?;
    fs::create_dir_all(dir.join("blobs")).ok()?;
    let lock = File::create(dir.join("lock")).ok()?;
    lock.lock().ok()?;
    Some(lock)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_folder_sits_beside_the_output() {
        assert_eq!(
            dir_for(Path::new("site/public")),
            Some(PathBuf::from("site/public.camket-search-cache"))
        );
        assert_eq!(dir_for(Path::new("/")), None);
    }

    #[test]
    fn kept_files_come_back_and_unused_ones_go() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out.camket-search-cache");
        let files = vec![
            ("index/a.pf_index".to_owned(), b"abc".to_vec()),
            ("pagefind.js".to_owned(), b"js".to_vec()),
        ];
        let mut c = Cache::open(&dir).expect("opened");
        assert!(c.get("k1").is_none());
        c.put("k1", &files);
        c.put("k2", &files[1..]);
        assert!(
            !dir.exists(),
            "nothing written before save (a failed build)"
        );
        c.save();
        let mut c = Cache::open(&dir).expect("reopened");
        assert_eq!(c.get("k1").as_deref(), Some(&files[..]));
        c.save();
        // k2 was not used by the second build: gone; the blob k1 shares with it stays.
        let mut c = Cache::open(&dir).expect("reopened");
        assert!(c.get("k2").is_none());
        assert_eq!(c.get("k1").as_deref(), Some(&files[..]));
        // A damaged blob is a miss, not other bytes.
        let blob = dir
            .join("blobs")
            .join(blake3::hash(b"abc").to_hex().as_str());
        fs::write(&blob, b"abd").unwrap();
        assert!(c.get("k1").is_none());
    }

    #[test]
    fn a_folder_camket_did_not_make_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("mine");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("notes.txt"), "keep").unwrap();
        assert!(Cache::open(&dir).is_none());
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }
}
