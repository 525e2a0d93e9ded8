//! What a search index of camket's own would cost, against Pagefind, on the same records.
//!
//! Input: a content root (`cargo run --release --example search_index_cost -- ROOT`).
//! Output: the time and size of (a) the records `camket build` gives Pagefind, (b) Pagefind
//! on them (as `camket build` runs it), (c) a plain inverted index of the same records:
//! every word folded (no tone marks, `đ` → `d`, lower case), postings of (record, weight)
//! in JSON files by the word's first two letters, plus the records' title, URL, filters and
//! text (for excerpts) in files of 100 records. (c) is a cost estimate for the decision in
//! docs/performance.md, not a search engine: no ranking, no browser side.
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use camket::model::Lang;
use camket::search::{SearchRecord, records};
use camket::strings::fold;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: search_index_cost ROOT");
    let t = Instant::now();
    // The build's own preparation (load, validate, link, theme, render options).
    let cfg = camket::config::BuildConfig::new(root);
    let (renderer, _) = camket::build::prepare(&cfg, &mut camket::load::LoadCache::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let (site, theme, opts) = (renderer.site(), renderer.theme(), renderer.options());
    eprintln!("prepare: {:?}", t.elapsed());

    let t = Instant::now();
    let recs = records(site, theme, opts);
    let text: usize = recs.iter().map(|r| r.title.len() + r.content.len()).sum();
    eprintln!(
        "records: {} ({} MB of text) in {:?}",
        recs.len(),
        text / 1_000_000,
        t.elapsed()
    );

    let which = std::env::args().nth(2).unwrap_or_else(|| "own".into());
    let t = Instant::now();
    let (files, bytes) = if which == "pagefind" {
        let index = camket::search::index(site, theme, opts, None).expect("index");
        (
            index.files.len(),
            index.files.iter().map(|f| f.bytes.len()).sum::<usize>(),
        )
    } else {
        own_index(&recs)
    };
    eprintln!(
        "{which} index: {files} files, {:.1} MB, in {:?}",
        bytes as f64 / 1e6,
        t.elapsed()
    );
}

/// Word → (record, weight) of one language.
type Postings = HashMap<String, Vec<(u32, u32)>>;
/// The words of one file of the index (a two-letter prefix) and their postings.
type Shard<'a> = BTreeMap<&'a str, &'a [(u32, u32)]>;

fn own_index(recs: &[SearchRecord]) -> (usize, usize) {
    let mut files = 0;
    let mut bytes = 0;
    for lang in Lang::ALL {
        let mine: Vec<&SearchRecord> = recs.iter().filter(|r| r.lang == lang).collect();
        let mut postings: Postings = HashMap::new();
        for (i, r) in mine.iter().enumerate() {
            let mut words: HashMap<String, u32> = HashMap::new();
            let fields = [
                (r.title.as_str(), 5),
                (r.number.as_deref().unwrap_or(""), 20),
                (r.content.as_str(), 1),
            ];
            for (field, weight) in fields {
                for w in field
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    *words.entry(fold(w).to_lowercase()).or_default() += weight;
                }
            }
            for (w, n) in words {
                postings.entry(w).or_default().push((i as u32, n));
            }
        }
        let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
        for (w, p) in &postings {
            let prefix: String = w.chars().take(2).collect();
            shards.entry(prefix).or_default().insert(w, p);
        }
        for shard in shards.values() {
            bytes += serde_json::to_vec(shard).expect("json").len();
            files += 1;
        }
        for chunk in mine.chunks(100) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|r| (&r.url, &r.title, &r.filters, &r.content))
                .collect();
            bytes += serde_json::to_vec(&rows).expect("json").len();
            files += 1;
        }
    }
    (files, bytes)
}
