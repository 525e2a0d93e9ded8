//! Shards: which Pagefind bundle a record goes to, and the bundles themselves.
//!
//! Input: the records of both languages, the shard size, and optionally the [`Cache`].
//! Output: the files of `pagefind/` (paths relative to it) and how many Pagefind runs were
//! made or read back from the cache.
//!
//! - Up to [`ONE_INDEX_UP_TO`] records in all, with each language within one shard: one
//!   Pagefind index of both languages (the real site; the browser loads one bundle).
//! - Above: per language, `shard_count(n)` shards (a power of two, about `n /
//!   shard_records` rounded up), a record's shard being a hash of its URL modulo that count.
//!   So a record's shard depends on its URL and on the size class of its language, never on
//!   its position: adding or editing a record changes one shard; the count changes only when
//!   a language doubles or halves (then each shard splits in two, or two merge).
//! - Each shard is one Pagefind run, up to one per core at once (`index_all`): Pagefind
//!   keeps every word position of every record it was given until it writes the bundle, and
//!   finds a record's page by a linear search over all earlier ones, so a run's memory and
//!   time are bounded by the shard size. Shard `k` of every language is written to one folder (`pagefind/` for `k = 0`, with
//!   Pagefind's scripts and WebAssembly; `pagefind/shard-k/` for the others, with only their
//!   index files), the `pagefind-entry.json` of the folder listing its languages: byte for byte
//!   what one Pagefind run of those records for all languages would write.
//! - [`SHARDS_FILE`] lists the number of folders of each language; the search page merges
//!   `shard-1/` … with Pagefind's `mergeIndex`. Pagefind's browser side adds up the filter
//!   counts of merged indexes and sorts the results of all by score; each shard scores with
//!   its own statistics (BM25's page count and average length), which a hash spreads alike.
//!
//! Guarantee: the files depend only on the records (their order within a shard is theirs in
//! the input), so a shard read from the cache gives the bytes a new run would.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::cache::Cache;
use super::{MAX_FRAGMENT_FILES, SearchRecord};
use crate::model::Lang;

/// Up to this many records (both languages), one Pagefind index takes them all.
pub const ONE_INDEX_UP_TO: usize = 5_000;

/// A language's shards hold about this many records each (at most this many on average; a
/// hash spreads them, so one shard may hold a few percent more). Chosen by measurement, see
/// docs/performance.md: Pagefind needs ~90 KB per record while it builds, so 2,500 records
/// are about 220 MB, and smaller shards cost the reader more requests per query.
pub const SHARD_RECORDS: usize = 2_500;

/// The number of shards of a language per folder: `{"en": 4, "vi": 4}`.
pub const SHARDS_FILE: &str = "camket-shards.json";

/// Pagefind's list of the languages of a bundle.
pub(crate) const ENTRY_FILE: &str = "pagefind-entry.json";

/// The version of Pagefind camket is built with (part of the cache key; a test checks it
/// against the version Pagefind writes in its entry file).
pub(crate) const PAGEFIND_VERSION: &str = "1.6.0";

/// The folder (relative to `pagefind/`) of shard `k`.
pub(crate) fn shard_dir(k: usize) -> String {
    if k == 0 {
        String::new()
    } else {
        format!("shard-{k}/")
    }
}

/// The number of shards of a language of `records` records: 1 up to `shard_records`, then
/// `records / shard_records` rounded up to a power of two.
pub(crate) fn shard_count(records: usize, shard_records: usize) -> usize {
    if records <= shard_records.max(1) {
        1
    } else {
        records.div_ceil(shard_records.max(1)).next_power_of_two()
    }
}

/// The shard of a record of URL `url` among `count`: BLAKE3 of the URL, modulo the count.
pub(crate) fn shard_of(url: &str, count: usize) -> usize {
    let hash = blake3::hash(url.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    (u64::from_le_bytes(first) % count.max(1) as u64) as usize
}

/// A run's files: (path in the bundle, bytes), in no fixed order.
type Files = Vec<(String, Vec<u8>)>;

/// The files of `pagefind/`, and what it took.
#[derive(Debug, Default)]
pub struct Built {
    /// (path relative to `pagefind/`, bytes), sorted by path.
    pub files: Vec<(String, Vec<u8>)>,
    /// Pagefind runs made.
    pub indexed: usize,
    /// Runs read back from the cache.
    pub reused: usize,
}

/// Builds the bundles of `records` (see the module doc).
pub fn bundle(
    records: Vec<SearchRecord>,
    shard_records: usize,
    cache: Option<&mut Cache>,
) -> Result<Built, String> {
    let total = records.len();
    let mut by_lang: BTreeMap<Lang, Vec<SearchRecord>> = BTreeMap::new();
    for r in records {
        by_lang.entry(r.lang).or_default().push(r);
    }
    let counts: BTreeMap<Lang, usize> = by_lang
        .iter()
        .map(|(l, rs)| (*l, shard_count(rs.len(), shard_records)))
        .collect();
    // The runs to make, in order: (folder, records).
    let mut jobs: Vec<(usize, Vec<SearchRecord>)> = Vec::new();
    let mut shards_of: BTreeMap<&'static str, usize> = BTreeMap::new();
    if by_lang.is_empty() || (total <= ONE_INDEX_UP_TO && counts.values().all(|&c| c == 1)) {
        // Small: one index for both (without doing Pagefind's common work twice). No records:
        // Pagefind's bundle without a language (the script still loads).
        let records: Vec<SearchRecord> = by_lang.into_values().flatten().collect();
        jobs.push((0, records));
        for l in counts.keys() {
            shards_of.insert(l.code(), 1);
        }
    } else {
        for (lang, records) in by_lang {
            let count = counts[&lang];
            let mut shards: Vec<Vec<SearchRecord>> = vec![Vec::new(); count];
            for r in records {
                let k = shard_of(&r.url, count);
                shards[k].push(r);
            }
            // An empty shard (improbable: a few hundred records or more per shard) is left
            // out; the folders of a language are numbered without gaps.
            let mut folder = 0;
            for shard in shards.into_iter().filter(|s| !s.is_empty()) {
                jobs.push((folder, shard));
                folder += 1;
            }
            shards_of.insert(lang.code(), folder);
        }
    }
    let mut built = Built::default();
    let (folders, shards): (Vec<usize>, Vec<Vec<SearchRecord>>) = jobs.into_iter().unzip();
    let runs = runs(shards, cache, &mut built)?;
    // Folder → (path in it → bytes), and the merged entry of each folder.
    let mut dirs: BTreeMap<usize, Folder> = BTreeMap::new();
    for (folder, files) in folders.into_iter().zip(runs) {
        dirs.entry(folder).or_default().add(files, folder == 0)?;
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, folder) in dirs {
        let dir = shard_dir(k);
        if let Some(e) = folder.entry {
            let bytes = serde_json::to_vec(&e).map_err(|e| e.to_string())?;
            files.push((format!("{dir}{ENTRY_FILE}"), bytes));
        }
        files.extend(
            folder
                .files
                .into_iter()
                .map(|(p, b)| (format!("{dir}{p}"), b)),
        );
    }
    let manifest = serde_json::to_vec(&shards_of).map_err(|e| e.to_string())?;
    files.push((SHARDS_FILE.to_owned(), manifest));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    built.files = files;
    Ok(built)
}

/// The files of one folder being assembled from Pagefind runs.
#[derive(Default)]
struct Folder {
    files: BTreeMap<String, Vec<u8>>,
    entry: Option<Entry>,
}

impl Folder {
    /// Adds a run's files: `pagefind-entry.json` merged, Pagefind's scripts and WebAssembly
    /// kept only in the first folder (`common`), where the search page loads them from.
    fn add(&mut self, files: Vec<(String, Vec<u8>)>, common: bool) -> Result<(), String> {
        for (path, bytes) in files {
            if path == ENTRY_FILE {
                let e: Entry = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("unexpected {ENTRY_FILE}: {e}"))?;
                match &mut self.entry {
                    Some(all) => all.languages.extend(e.languages),
                    None => self.entry = Some(e),
                }
            } else if common || is_index_file(&path) {
                self.files.insert(path, bytes);
            }
        }
        Ok(())
    }
}

/// A file of a bundle's index (metadata, word index, filters, fragments), as opposed to
/// Pagefind's scripts and WebAssembly, the same in every bundle.
fn is_index_file(path: &str) -> bool {
    path.starts_with("index/")
        || path.starts_with("filter/")
        || path.starts_with("fragment/")
        || path.ends_with(".pf_meta")
}

/// `pagefind-entry.json`, field for field and in Pagefind's order, so that the merged file is
/// byte for byte the one Pagefind writes for all languages at once.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

/// One language of `pagefind-entry.json`.
#[derive(serde::Serialize, serde::Deserialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// The files of the Pagefind runs of `shards`, in their order: each read back from the cache
/// when it holds the run, the others indexed by [`index_all`].
fn runs(
    shards: Vec<Vec<SearchRecord>>,
    mut cache: Option<&mut Cache>,
    built: &mut Built,
) -> Result<Vec<Files>, String> {
    let mut out: Vec<Option<Files>> = Vec::new();
    // The runs to index: their place in `out` and cache key, and their inputs.
    let mut places: Vec<(usize, Option<String>)> = Vec::new();
    let mut todo: Vec<Vec<Input>> = Vec::new();
    for (i, shard) in shards.into_iter().enumerate() {
        let inputs: Vec<Input> = shard.into_iter().map(Input::from).collect();
        let key = cache.as_ref().map(|_| cache_key(&inputs));
        let cached = match (&mut cache, &key) {
            (Some(c), Some(k)) => c.get(k),
            _ => None,
        };
        if cached.is_some() {
            built.reused += 1;
        } else {
            places.push((i, key));
            todo.push(inputs);
        }
        out.push(cached);
    }
    built.indexed += todo.len();
    for ((i, key), files) in places.into_iter().zip(index_all(todo, parallel_runs())?) {
        if let (Some(c), Some(k)) = (&mut cache, key) {
            c.put(&k, &files);
        }
        out[i] = Some(files);
    }
    Ok(out.into_iter().flatten().collect())
}

/// Pagefind runs of `runs`, their files in the same order. The runs are independent, so they
/// are shared among up to `threads` threads of their own ([`parallel_runs`] in a build),
/// each driving its runs one after the other on a single-threaded tokio runtime: Pagefind adds a run's records one by
/// one, so one run keeps about one core busy, and a large site's shards index side by side
/// instead of leaving the other cores idle once its pages are written. Memory grows with the
/// runs at once (about 220 MB per shard of [`SHARD_RECORDS`], see the constant), not with the
/// site. The threads are plain threads, never rayon workers (see `build.rs`: Pagefind uses
/// rayon inside its runtime).
fn index_all(runs: Vec<Vec<Input>>, threads: usize) -> Result<Vec<Files>, String> {
    let n = runs.len();
    let threads = threads.min(n);
    if threads <= 1 {
        let runtime = runtime()?;
        return runs
            .into_iter()
            .map(|r| runtime.block_on(pagefind_run(r)))
            .collect();
    }
    let queue = std::sync::Mutex::new(runs.into_iter().enumerate());
    let done: std::sync::Mutex<Vec<Option<Result<_, String>>>> =
        std::sync::Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let runtime = runtime();
                loop {
                    let next = queue.lock().map(|mut q| q.next()).unwrap_or(None);
                    let Some((i, inputs)) = next else { break };
                    let result = match &runtime {
                        Ok(r) => r.block_on(pagefind_run(inputs)),
                        Err(e) => Err(e.clone()),
                    };
                    if let Ok(mut d) = done.lock() {
                        d[i] = Some(result);
                    }
                }
            });
        }
    });
    let done = done
        .into_inner()
        .map_err(|_| "an indexing thread failed".to_owned())?;
    done.into_iter()
        .map(|r| r.unwrap_or_else(|| Err("an indexing thread failed".to_owned())))
        .collect()
}

/// How many Pagefind runs go at once: the machine's cores, at most 4 (each run holds its
/// shard's index in memory).
fn parallel_runs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

/// A single-threaded tokio runtime, which Pagefind's API needs.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))
}

/// Exactly what camket gives Pagefind for one record.
struct Input {
    url: String,
    content: String,
    lang: &'static str,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

impl From<SearchRecord> for Input {
    fn from(r: SearchRecord) -> Self {
        Input {
            meta: r.meta(),
            url: r.url,
            content: r.content,
            lang: r.lang.code(),
            filters: r.filters,
        }
    }
}

/// Bump when camket gives Pagefind anything else than [`Input`] and the constants hashed in
/// [`cache_key`] (its options, how a run's files are filtered).
const CACHE_FORMAT: &str = "camket search shard v1";

/// The cache key of a run: BLAKE3 of the format, camket's and Pagefind's versions, the
/// options, and every input of every record in order, each field length-prefixed.
fn cache_key(inputs: &[Input]) -> String {
    let mut h = blake3::Hasher::new();
    let mut field = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    field(CACHE_FORMAT);
    field(env!("CARGO_PKG_VERSION"));
    field(PAGEFIND_VERSION);
    field(&MAX_FRAGMENT_FILES.to_string());
    field(&inputs.len().to_string());
    for i in inputs {
        field(&i.url);
        field(&i.content);
        field(i.lang);
        field(&i.meta.len().to_string());
        for (k, v) in &i.meta {
            field(k);
            field(v);
        }
        field(&i.filters.len().to_string());
        for (k, vs) in &i.filters {
            field(k);
            field(&vs.len().to_string());
            for v in vs {
                field(v);
            }
        }
    }
    h.finalize().to_hex().to_string()
}

/// Pagefind files the site does not use (the stock UIs and the playground): the search page
/// has its own small script on Pagefind's search API.
fn wanted(path: &str) -> bool {
    !(path.starts_with("pagefind-ui.")
        || path.starts_with("pagefind-modular-ui.")
        || path.starts_with("pagefind-component-ui.")
        || path.starts_with("pagefind-highlight.")
        || path.starts_with("playground/"))
}

/// One Pagefind run over some records (a shard of one language, or a small site's all);
/// returns (path in the bundle, bytes) of the files the site uses.
async fn pagefind_run(inputs: Vec<Input>) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Fragments (a record's text, fetched per result shown) bundled into at most 64 files per
    // language instead of one file per record: 6 records a file on the real site, so a site
    // of a few hundred files more rather than a thousand, at a few KiB more per fetch.
    let config = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .max_fragments(MAX_FRAGMENT_FILES)
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    for i in inputs {
        index
            .add_custom_record(
                i.url,
                i.content,
                i.lang.to_owned(),
                Some(i.meta),
                Some(i.filters),
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .filter(|(p, _)| wanted(p))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::RenderOptions;
    use crate::search::records;
    use crate::search::test_site::minimal;

    fn bundle_of(records: Vec<SearchRecord>, shard_records: usize) -> Built {
        bundle(records, shard_records, None).expect("indexed")
    }

    /// A shard of each language in one folder writes exactly the files of one index of both:
    /// the minimal fixture with one shard per language and the small-site rule off.
    #[test]
    fn languages_indexed_apart_give_the_same_bundle() {
        let (site, theme) = minimal();
        let records = records(&site, &theme, &RenderOptions::default());
        assert!(records.iter().any(|r| r.lang == Lang::En));
        let together = bundle_of(records.clone(), usize::MAX);
        assert_eq!(together.indexed, 1);
        // Apart: the same run per language as a large site makes (shard 0 of each).
        let mut folder = Folder::default();
        let per_lang = Lang::ALL
            .iter()
            .map(|&lang| records.iter().filter(|r| r.lang == lang).cloned().collect())
            .collect();
        for files in runs(per_lang, None, &mut Built::default()).expect("indexed") {
            folder.add(files, true).expect("merged");
        }
        let mut apart: Vec<(String, Vec<u8>)> = folder.files.into_iter().collect();
        let entry = serde_json::to_vec(&folder.entry.expect("entry")).expect("json");
        apart.push((ENTRY_FILE.to_owned(), entry));
        apart.sort();
        let mut together: Vec<_> = together
            .files
            .into_iter()
            .filter(|(p, _)| p != SHARDS_FILE)
            .collect();
        together.sort();
        assert!(together.iter().any(|(p, _)| p == ENTRY_FILE));
        assert_eq!(together, apart);
    }

    /// Runs indexed side by side come back in their order, each with the files it has alone.
    #[test]
    fn runs_on_several_threads_give_the_files_of_runs_one_by_one() {
        let (site, theme) = minimal();
        let records = records(&site, &theme, &RenderOptions::default());
        let shards = || -> Vec<Vec<Input>> {
            let mut shards: Vec<Vec<Input>> = (0..5).map(|_| Vec::new()).collect();
            for r in records.iter().filter(|r| r.lang == Lang::Vi) {
                shards[shard_of(&r.url, 5)].push(Input::from(r.clone()));
            }
            shards
        };
        // Pagefind lists a run's files in no fixed order (the bundle sorts them).
        let sorted = |runs: Vec<Vec<(String, Vec<u8>)>>| {
            runs.into_iter()
                .map(|mut files| {
                    files.sort();
                    files
                })
                .collect::<Vec<_>>()
        };
        let alone = sorted(index_all(shards(), 1).expect("indexed"));
        let together = sorted(index_all(shards(), 3).expect("indexed"));
        assert_eq!(alone.len(), 5);
        let meta = |files: &Vec<(String, Vec<u8>)>| {
            files
                .iter()
                .find(|(p, _)| p.ends_with(".pf_meta"))
                .map(|(p, _)| p.clone())
        };
        // Distinct shards give distinct indexes, so a swap of two would show.
        assert_ne!(meta(&alone[0]), meta(&alone[1]));
        assert!(alone == together, "the same files in the same order");
    }

    #[test]
    fn the_entry_file_names_the_pagefind_version_of_the_cache_key() {
        let built = bundle_of(Vec::new(), SHARD_RECORDS);
        let entry = &built.files.iter().find(|(p, _)| p == ENTRY_FILE).unwrap().1;
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        assert_eq!(entry["version"], PAGEFIND_VERSION);
    }

    /// Sharded: every record in exactly one shard, the folders as the manifest says, each with
    /// its entry; Pagefind's scripts only in the first.
    #[test]
    fn shards_split_each_language_and_the_manifest_lists_them() {
        let (site, theme) = minimal();
        let records = records(&site, &theme, &RenderOptions::default());
        let per_lang = records.iter().filter(|r| r.lang == Lang::Vi).count();
        let built = bundle_of(records, 5);
        let count = shard_count(per_lang, 5);
        assert_eq!(count, 4, "{per_lang} records");
        let file = |p: &str| built.files.iter().find(|(q, _)| q == p).map(|(_, b)| b);
        let manifest: BTreeMap<String, usize> =
            serde_json::from_slice(file(SHARDS_FILE).unwrap()).unwrap();
        let mut pages = 0;
        for k in 0..manifest["vi"] {
            let entry: serde_json::Value =
                serde_json::from_slice(file(&format!("{}{ENTRY_FILE}", shard_dir(k))).unwrap())
                    .unwrap();
            pages += entry["languages"]["vi"]["page_count"].as_u64().unwrap();
            assert_eq!(
                file(&format!("{}pagefind.js", shard_dir(k))).is_some(),
                k == 0
            );
        }
        assert_eq!(pages as usize, per_lang, "every record in one shard");
        assert_eq!(manifest["vi"], manifest["en"]);
    }

    #[test]
    fn a_record_keeps_its_shard_while_the_count_stays() {
        assert_eq!(shard_count(1, 2_500), 1);
        assert_eq!(shard_count(2_500, 2_500), 1);
        assert_eq!(shard_count(2_501, 2_500), 2);
        assert_eq!(shard_count(13_800, 2_500), 8);
        // Fixed: BLAKE3 of the URL, the same on every machine and in every build (BLAKE3 of
        // the empty string starts af1349b9f5f9a1a6: 0xa6a1f9f5b94913af little-endian).
        assert_eq!(shard_of("", 8), 7);
        assert_eq!(shard_of("", 1000), 863);
        // Doubling the count splits a shard in two: k goes to k or k + count.
        for i in 0..200 {
            let url = format!("/vi/nhiem-vu/nv-{i:05}/index.html");
            let k = shard_of(&url, 4);
            assert!([k, k + 4].contains(&shard_of(&url, 8)));
        }
    }
}
