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
/// A brand colour as `#rrggbb` (lowercase; `#rgb` is expanded), if it is one and has a
/// contrast of at least 4.5:1 against white (WCAG 2 AA for text: white text on the header,
/// links on the white page); otherwise why not.
pub fn brand_colour(s: &str) -> Result<String, String> {
    let hex = s.trim().strip_prefix('#').unwrap_or("");
    let hex = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => hex.to_owned(),
        _ => String::new(),
    };
    if hex.is_empty() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("is not a colour written `#rrggbb`".into());
    }
    let hex = hex.to_ascii_lowercase();
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    let contrast = 1.05 / (luminance + 0.05);
    if contrast < 4.5 {
        return Err(format!(
            "has a contrast of {:.2}:1 against white, below 4.5:1",
            (contrast * 100.0).floor() / 100.0
        ));
    }
    Ok(format!("#{hex}"))
}

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
    fn brand_colours_need_contrast_against_white() {
        assert_eq!(brand_colour("#0B4F8A").as_deref(), Ok("#0b4f8a"));
        assert_eq!(brand_colour("#000").as_deref(), Ok("#000000"));
        assert!(brand_colour("#ffcc00").unwrap_err().contains("contrast"));
        // #767676 is the lightest grey with 4.5:1 on white; #777777 is just below.
        assert!(brand_colour("#767676").is_ok());
        assert!(brand_colour("#777777").is_err());
        for bad in ["0b4f8a", "#0b4f8", "#gggggg", "blue", ""] {
            assert!(brand_colour(bad).is_err(), "{bad}");
        }
    }

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
