//! Small string helpers shared by the stages: HTML escaping, Vietnamese folding, slugs, ids.
//!
//! Input: any text. Output: escaped or folded text. Guarantee: pure functions, no allocation
//! beyond the result; `fold` maps every Vietnamese letter to its base ASCII letter (đ → d).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// English month names, January first (dates in English text and pages).
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = write_escaped_html(&mut out, s);
    out
}

/// Writes `s` escaped for HTML (`& < > " '`) into `out`, copying the runs between special
/// characters whole (most text has none).
pub(crate) fn write_escaped_html<W: std::fmt::Write + ?Sized>(
    out: &mut W,
    s: &str,
) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[start..i])?;
        out.write_str(rep)?;
        start = i + 1;
    }
    out.write_str(&s[start..])
}

/// Trimmed and in Unicode NFC; text that is already NFC (nearly all) is copied as it is.
pub fn nfc(s: &str) -> String {
    let s = s.trim();
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Removes tone and vowel marks: "Đào tạo" → "Dao tao".
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect()
}

/// A URL-safe slug: folded, lower case, runs of other characters turned into `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `s` is a valid record id or anchor: 1–80 of `a-z`, `0-9`, `-`, not starting with `-`.
pub(crate) fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Sở Giáo dục và Đào tạo"), "So Giao duc va Dao tao");
        assert_eq!(slug("Điều 3. Hiệu lực"), "dieu-3-hieu-luc");
        assert_eq!(slug("71-NQ/TW"), "71-nq-tw");
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("71-nq-tw-2025"));
        assert!(!is_valid_id("a/b"));
        assert!(!is_valid_id("../x"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id("Sở"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            escape_html("Sở <b>Y tế</b> & 'x'"),
            "Sở &lt;b&gt;Y tế&lt;/b&gt; &amp; &#39;x&#39;"
        );
        assert_eq!(escape_html("không có gì"), "không có gì");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn normalises_to_nfc() {
        // "ộ" written as o + combining circumflex + combining dot below (NFD).
        let nfd = " To\u{302}\u{323}i ";
        assert_eq!(nfc(nfd), "Tội");
        assert_eq!(nfc(" Tội "), "Tội");
    }
}
