//! Fuzz target: the citation parser on arbitrary text. It must not panic, and every span must
//! be a non-empty range on character boundaries, in order, without overlaps.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let refs = camket::cite::parse(text);
    let mut end = 0;
    for r in &refs {
        assert!(r.span.start < r.span.end && r.span.end <= text.len());
        assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
        assert!(r.span.start >= end, "overlapping references");
        end = r.span.end;
        let _ = r.anchor_candidates();
        if let Some(n) = &r.number {
            assert!(!n.key.is_empty());
        }
    }
    // Compiling the same text as markdown must not panic either.
    let _ = camket::markdown::compile(text, "#");
});
