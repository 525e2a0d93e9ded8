//! The search index cache: Pagefind's files of each shard, kept between builds.
//!
//! Input: the folder beside the output ([`dir_for`]: `public` → `public.camket-search-cache`),
//! cache keys (a BLAKE3 hash of exactly what a Pagefind run is given, with camket's and
//! Pagefind's versions: `shard::cache_key`) and the files of runs. Output: the files of a run
//! whose key was kept by the previous build.
//!
//! Layout: `CACHEDIR.TAG` (the standard marker, which also tells backup tools to skip the
//! folder; its comment names camket), `lock`, and `shards/<key>`: one file per shard, its
//! files one after the other (path length, path, length, bytes) and the BLAKE3 hash of all
//! that at the end. One file per shard, not per index file: this disk creates files slowly
//! (docs/performance.md, "The disk"), and the real site's one bundle is 158 files.
//!
//! Guarantee: an entry is read back only if its hash matches (checked on every read), so a
//! damaged cache gives a new Pagefind run, never other bytes. camket uses a folder only if it
//! made it (the marker), and never deletes anything outside it. Two builds into the same output
//! take turns (`lock`). Nothing is written before the build has written its output (a failed
//! build leaves no cache folder); then the entries it did not use are deleted, so the cache
//! holds one build's shards. Every error (a full disk, a read-only folder) only turns the
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

/// The files of a Pagefind run: (path in the bundle, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

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
    /// New entries, written by `save`.
    pending: Vec<(String, Files)>,
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
            pending: Vec::new(),
        })
    }

    /// The files kept under `key`, if its entry is there and whole.
    pub fn get(&mut self, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
        self.lock.as_ref()?;
        let bytes = fs::read(self.dir.join("shards").join(key)).ok()?;
        let files = decode(&bytes)?;
        self.keys.insert(key.to_owned());
        Some(files)
    }

    /// Keeps `files` under `key`, written by [`Cache::save`].
    pub fn put(&mut self, key: &str, files: &[(String, Vec<u8>)]) {
        self.pending.push((key.to_owned(), files.to_vec()));
    }

    /// Writes the new entries (making the folder and its marker if needed), then deletes the
    /// entries this build did not use, and files left by an interrupted write. Nothing
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
        let Ok(entries) = fs::read_dir(self.dir.join("shards")) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            if !self.keys.contains(name.to_string_lossy().as_ref()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }

    fn write_entry(&mut self, key: &str, files: &[(String, Vec<u8>)]) {
        if write_atomic(&self.dir.join("shards").join(key), &encode(files)).is_ok() {
            self.keys.insert(key.to_owned());
        }
    }
}

/// An entry: each file as path length (u32 LE), path, length (u64 LE), bytes; then the
/// BLAKE3 hash of all that.
fn encode(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        out.extend_from_slice(&(path.len() as u32).to_le_bytes());
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    let hash = blake3::hash(&out);
    out.extend_from_slice(hash.as_bytes());
    out
}

/// The files of an entry, or `None` if it is damaged.
fn decode(entry: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let body_len = entry.len().checked_sub(32)?;
    let (body, hash) = entry.split_at(body_len);
    if blake3::hash(body).as_bytes() != hash {
        return None;
    }
    let mut files = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (n, r) = rest.split_at_checked(4)?;
        let n = u32::from_le_bytes(n.try_into().ok()?) as usize;
        let (path, r) = r.split_at_checked(n)?;
        let (len, r) = r.split_at_checked(8)?;
        let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
        let (bytes, r) = r.split_at_checked(len)?;
        files.push((String::from_utf8(path.to_vec()).ok()?, bytes.to_vec()));
        rest = r;
    }
    Some(files)
}

/// Makes the cache's subfolders and takes its lock (waiting for another build's).
fn lock(dir: &Path) -> Option<File> {
    fs::create_dir_all(dir.join("shards")).ok()?;
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
        // k2 was not used by the second build: gone.
        let mut c = Cache::open(&dir).expect("reopened");
        assert!(c.get("k2").is_none());
        assert_eq!(c.get("k1").as_deref(), Some(&files[..]));
        // A damaged entry is a miss, not other bytes.
        let entry = dir.join("shards").join("k1");
        let mut bytes = fs::read(&entry).unwrap();
        bytes[10] ^= 1;
        fs::write(&entry, &bytes).unwrap();
        assert!(c.get("k1").is_none());
        fs::write(&entry, &bytes[..bytes.len() - 40]).unwrap();
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
