//! Fuzz target: `import-reports` reading and checking arbitrary bytes, as an `.xlsx` workbook
//! and as a CSV file, against the minimal fixture site (loaded once, read only). It calls the
//! pure [`camket::reports::import::check_bytes`]: nothing is written anywhere. It must never
//! panic, whatever the bytes (broken zip archives, zip bombs, huge or far-away cells, invalid
//! UTF-8, broken CSV quoting…), and every problem must be located in the file.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use camket::reports::LoadedSite;
use camket::reports::import::{ImportError, check_bytes};
use libfuzzer_sys::fuzz_target;

fn site() -> &'static LoadedSite {
    static SITE: OnceLock<LoadedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        LoadedSite::load(&root).expect("the minimal fixture loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(today) = camket::model::Date::new(2026, 6, 30) else { return };
    for name in ["fuzz.xlsx", "fuzz.csv"] {
        match check_bytes(site(), Path::new(name), data, today) {
            Ok(_) | Err(ImportError::Io(_)) | Err(ImportError::Content(..)) => {}
            Err(ImportError::Rows(problems)) => {
                assert!(!problems.is_empty());
                let _ = camket::reports::import::render_problems(name, &problems);
            }
        }
    }
});
