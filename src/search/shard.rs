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
//! - Each shard is one Pagefind run, one after the other: Pagefind keeps every word position
//!   of every record it was given until it writes the bundle, and finds a record's page by a
//!   linear search over all earlier ones, so a run's memory and time are bounded by the shard
//!   size. Shard `k` of every language is written to one folder (`pagefind/` for `k = 0`, with
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
pub async fn bundle(
    records: Vec<SearchRecord>,
    shard_records: usize,
    mut cache: Option<&mut Cache>,
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
    let mut built = Built::default();
    // Folder → (path in it → bytes), and the merged entry of each folder.
    let mut dirs: BTreeMap<usize, Folder> = BTreeMap::new();
    let mut shards_of: BTreeMap<&'static str, usize> = BTreeMap::new();
    if by_lang.is_empty() || (total <= ONE_INDEX_UP_TO && counts.values().all(|&c| c == 1)) {
        // Small: one index for both (without doing Pagefind's common work twice). No records:
        // Pagefind's bundle without a language (the script still loads).
        let records: Vec<SearchRecord> = by_lang.into_values().flatten().collect();
        let files = run(records, cache.as_deref_mut(), &mut built).await?;
        dirs.entry(0).or_default().add(files, true)?;
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
                let files = run(shard, cache.as_deref_mut(), &mut built).await?;
                dirs.entry(folder).or_default().add(files, folder == 0)?;
                folder += 1;
            }
            shards_of.insert(lang.code(), folder);
        }
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

/// One Pagefind run, or its files read back from the cache.
async fn run(
    records: Vec<SearchRecord>,
    cache: Option<&mut Cache>,
    built: &mut Built,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let inputs: Vec<Input> = records.into_iter().map(Input::from).collect();
    let Some(cache) = cache else {
        built.indexed += 1;
        return pagefind_run(inputs).await;
    };
    let key = cache_key(&inputs);
    if let Some(files) = cache.get(&key) {
        built.reused += 1;
        return Ok(files);
    }
    built.indexed += 1;
    let files = pagefind_run(inputs).await?;
    cache.put(&key, &files);
    Ok(files)
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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        runtime
            .block_on(bundle(records, shard_records, None))
            .expect("indexed")
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
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let mut folder = Folder::default();
        for lang in Lang::ALL {
            let rs: Vec<_> = records.iter().filter(|r| r.lang == lang).cloned().collect();
            let files = runtime
                .block_on(run(rs, None, &mut Built::default()))
                .expect("indexed");
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
