//! Small string helpers shared by the stages: HTML escaping, Vietnamese folding, slugs, ids.
//!
//! Input: any text. Output: escaped or folded text. Guarantee: pure functions, no allocation
//! beyond the result; `fold` maps every Vietnamese letter to its base ASCII letter (đ → d).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
pub fn is_valid_id(s: &str) -> bool {
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
    }
}
