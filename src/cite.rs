//! Citation parser: finds references to documents in running Vietnamese or English text.
//!
//! Input: any text (a task title, a note, a paragraph of a hosted resolution). Output: the
//! [`Reference`]s in it, each with its byte span, the document number normalised to a canonical
//! key, the type word, the date and the clause (điểm/khoản/mục/Điều…) when written; and an
//! [`Index`] that maps those keys (and dates) to document ids.
//! Guarantee: pure, linear-time (the `regex` crate never backtracks), never panics; spans are
//! on character boundaries of the input; lookalikes (dates, phone numbers, "2025-2030",
//! "16.000", "Thông tư 50/2020") are not references.
//!
//! The forms recognised, as the sources write them:
//! - Party documents `71-NQ/TW`, `02-CTr/TU` (any case: `05-Ctr/TU`), with a line break after
//!   the hyphen (`71-⏎NQ/TW`);
//! - state legal documents with the year in the number: `218/2025/QH15`, `142/2025/NĐ-CP`,
//!   `13/2016/TTLT-BYT-BGDĐT`, and the same with a dropped hyphen (`16/2025/NQHĐND`);
//! - administrative documents without a year: `2811/QĐ-BGDĐT`, `6165/BGDĐT-GDPT`. Their numbers
//!   restart every year, so a date written after them (`ngày 10/10/2025`, `ngày 22 tháng 8
//!   năm 2025`, `dated 10 October 2025`) is part of their identity;
//! - a type word before the number (`Nghị quyết số`, `Thông tư liên tịch`, `Decision No.`),
//!   optional `số`/`No.`, and a clause before that (`điểm d khoản 5 mục II`, `khoản 2 Điều 5`,
//!   `Article 3 of`);
//! - a clause alone (`Điều 3`, `khoản 2 Điều 5`, `mục II`, `Article 3`), which refers to the
//!   text it is written in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::model::DocType;

/// One part of a clause ("điểm d khoản 5 mục II" has three: điểm, khoản, mục).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClausePart {
    /// What the part is.
    pub kind: ClauseKind,
    /// Its label as written, normalised: roman numerals upper case, letters lower case.
    pub label: String,
}

/// Kinds of clause, from the largest to the smallest division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClauseKind {
    /// Phần (part).
    Part,
    /// Chương (chapter).
    Chapter,
    /// Mục (section).
    Section,
    /// Điều (article).
    Article,
    /// Tiểu mục (sub-section).
    SubSection,
    /// Khoản (clause).
    Clause,
    /// Điểm (point).
    Point,
}

impl ClauseKind {
    /// The anchor prefix of a division that starts an anchor (`dieu-3`, `muc-ii`).
    fn anchor_word(self) -> Option<&'static str> {
        match self {
            ClauseKind::Part => Some("phan"),
            ClauseKind::Chapter => Some("chuong"),
            ClauseKind::Section => Some("muc"),
            ClauseKind::Article => Some("dieu"),
            _ => None,
        }
    }
}

/// A document number as written and its canonical key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// As written, with any line break inside it replaced by nothing (`71-NQ/TW`).
    pub text: String,
    /// Canonical key: upper case, without hyphens or spaces (`71NQ/TW`, `16/2025/NQHĐND`).
    pub key: String,
    /// Whether the year is part of the number (`218/2025/QH15`); otherwise the date is needed
    /// to tell documents apart.
    pub has_year: bool,
}

/// A reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Byte range of the reference in the text: from the clause or type word to the number.
    pub span: Range<usize>,
    /// The number; `None` for a clause alone ("Điều 3"), which refers to the text itself.
    pub number: Option<Number>,
    /// Type named by the type word, if written.
    pub doc_type: Option<DocType>,
    /// Date written after the number.
    pub date: Option<Date>,
    /// The parts of the clause in the order written; empty when none.
    pub clause: Vec<ClausePart>,
    /// The clause as written ("điểm d khoản 5 mục II").
    pub clause_text: Option<String>,
}

impl Reference {
    /// Anchors the clause may have in a hosted text, most precise first: "điểm d khoản 5 mục
    /// II" → `muc-ii-5-d`, `muc-ii-5`, `muc-ii`; "khoản 2 Điều 5" → `dieu-5-2`, `dieu-5`.
    pub fn anchor_candidates(&self) -> Vec<String> {
        anchor_candidates(&self.clause)
    }
}

/// See [`Reference::anchor_candidates`].
pub fn anchor_candidates(clause: &[ClausePart]) -> Vec<String> {
    // Outermost first (whatever order it was written in); the anchor starts at the first
    // division that has an anchor word.
    let mut outer_first: Vec<&ClausePart> = clause.iter().collect();
    outer_first.sort_by_key(|p| p.kind);
    let Some(start) = outer_first
        .iter()
        .position(|p| p.kind.anchor_word().is_some())
    else {
        return Vec::new();
    };
    let mut id = String::new();
    let mut out = Vec::new();
    for p in &outer_first[start..] {
        if !id.is_empty() {
            id.push('-');
        }
        if let Some(w) = p.kind.anchor_word() {
            id.push_str(w);
            id.push('-');
        }
        id.push_str(&crate::strings::slug(&p.label.replace('.', "-")));
        out.push(id.clone());
    }
    out.reverse();
    out
}

const CODE: &str = r"\p{Lu}[\p{L}\d]*";

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let hy = r"-[\x20\t\u{a0}]*(?:\n[\x20\t\u{a0}]*){0,2}";
    Regex::new(&format!(
        r"(?P<n>\d{{1,5}})(?:{hy}(?P<p>\p{{Lu}}\p{{L}}*/{CODE})|/(?P<y>(?:19|20)\d\d)/(?P<s>{CODE}(?:-{CODE})*)|/(?P<a>{CODE}(?:-{CODE})+))"
    ))
    .expect("number pattern")
});

/// Type words, Vietnamese and English, longest first where one is a prefix of another.
const TYPE_WORDS: &[(&str, DocType)] = &[
    (r"thông\s+tư\s+liên\s+tịch", DocType::JointCircular),
    (r"thông\s+tư", DocType::Circular),
    (r"nghị\s+quyết", DocType::Resolution),
    (r"nghị\s+định", DocType::Decree),
    (r"quyết\s+định", DocType::Decision),
    (r"chỉ\s+thị", DocType::Directive),
    (r"kết\s+luận", DocType::Conclusion),
    (r"chương\s+trình\s+hành\s+động", DocType::Programme),
    (r"chương\s+trình", DocType::Programme),
    (r"kế\s+hoạch", DocType::Plan),
    (r"công\s+văn", DocType::OfficialLetter),
    (r"đề\s+án", DocType::ProjectPlan),
    (r"luật", DocType::Law),
    (r"thông\s+báo", DocType::Notice),
    (r"báo\s+cáo", DocType::Report),
    (r"văn\s+bản\s+hợp\s+nhất", DocType::Other),
    (r"văn\s+bản", DocType::Other),
    (r"joint\s+circular", DocType::JointCircular),
    (r"circular", DocType::Circular),
    (r"resolution", DocType::Resolution),
    (r"decree", DocType::Decree),
    (r"decision", DocType::Decision),
    (r"directive", DocType::Directive),
    (r"conclusion", DocType::Conclusion),
    (r"action\s+programme", DocType::Programme),
    (r"action\s+program", DocType::Programme),
    (r"programme", DocType::Programme),
    (r"program", DocType::Programme),
    (r"plan", DocType::Plan),
    (r"official\s+letter", DocType::OfficialLetter),
    (r"official\s+dispatch", DocType::OfficialLetter),
    (r"dispatch", DocType::OfficialLetter),
    (r"scheme", DocType::ProjectPlan),
    (r"law", DocType::Law),
    (r"notice", DocType::Notice),
    (r"report", DocType::Report),
    (r"consolidated\s+text", DocType::Other),
];

/// A type word (with optional "số"/"No.") ending exactly where the number starts.
static TYPE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = TYPE_WORDS
        .iter()
        .enumerate()
        .map(|(i, (w, _))| format!("(?P<t{i}>{w})"))
        .collect();
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\d])(?P<type>{})[\s\u{{a0}}:]*(?:(?:số|no\.?|number)[\s\u{{a0}}:]*)?\z",
        alts.join("|")
    ))
    .expect("type pattern")
});

const CLAUSE_PART_VI: &str = r"(?:điểm\s+[a-zđ]|khoản\s+\d+|tiết\s+[a-zđ\d]+|tiểu\s+mục\s+\d+(?:\.\d+)*|mục\s+(?:[IVXLC]+|\d+)(?:\.\d+)*|điều\s+\d+|chương\s+(?:[IVXLC]+|\d+)|phần\s+(?:thứ\s+\p{L}+|[IVXLC]+|\d+))";
const CLAUSE_PART_EN: &str = r"(?:point\s+[a-z]|clause\s+\d+|section\s+(?:[IVXLC]+|\d+)(?:\.\d+)*|article\s+\d+|chapter\s+(?:[IVXLC]+|\d+)|part\s+(?:[IVXLC]+|\d+))";

/// A clause ending where the type word starts ("điểm d khoản 5 mục II ", "Article 3 of ").
static CLAUSE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\d])(?P<c>(?:{CLAUSE_PART_VI}|{CLAUSE_PART_EN})(?:[\s,]+(?:của\s+|of\s+)?(?:{CLAUSE_PART_VI}|{CLAUSE_PART_EN}))*)[\s,]+(?:(?:của|tại|theo|of\s+the|of|in)\s+)?\z"
    ))
    .expect("clause pattern")
});

/// One clause part, to split a clause into its parts.
static CLAUSE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<k>điểm|khoản|tiết|tiểu\s+mục|mục|điều|chương|phần|point|clause|section|article|chapter|part)\s+(?P<l>thứ\s+\p{L}+|[\p{L}\d]+(?:\.\d+)*)").expect("clause part")
});

/// A clause alone, which refers to the text it is written in: "khoản 2 Điều 5", "mục II".
static BARE_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:điểm\s+[a-zđ]|khoản\s+\d+)[\s,]+)*(?:Điều\s+\d+|[Mm]ục\s+[IVXLC]+(?:\.\d+)*|Article\s+\d+)")
        .expect("bare clause")
});

/// What follows a clause that names another, unnumbered text ("Điều 3 của Luật Đất đai").
static NAMES_OTHER_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<&str> = TYPE_WORDS.iter().map(|(w, _)| *w).collect();
    Regex::new(&format!(
        r"(?i)^[\s,]*(?:(?:của|tại|theo|of\s+the|of|in)\s+)?(?:{})",
        words.join("|")
    ))
    .expect("names other text")
});

static DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s\u{a0}]*,?[\s\u{a0}]*(?:ngày|dated|of|on)[\s\u{a0}]+(?:(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})|(?P<d3>\d{1,2})\s+(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<y3>\d{4}))",
    )
    .expect("date pattern")
});

/// How far before a number a type word and clause are looked for, in bytes.
const LOOK_BEHIND: usize = 160;

/// Finds every reference in `text`, in order of appearance, without overlaps.
pub fn parse(text: &str) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for m in NUMBER.captures_iter(text) {
        let whole = m.get(0).expect("group 0");
        if !left_boundary_ok(text, whole.start()) || !right_boundary_ok(text, whole.end()) {
            continue;
        }
        let (number, has_year) = if let Some(p) = m.name("p") {
            (format!("{}-{}", &m["n"], p.as_str()), false)
        } else if let Some(s) = m.name("s") {
            (format!("{}/{}/{}", &m["n"], &m["y"], s.as_str()), true)
        } else {
            (format!("{}/{}", &m["n"], &m["a"]), false)
        };
        let key = number_key(&number);
        let mut start = whole.start();
        let mut doc_type = None;
        let mut clause = Vec::new();
        let mut clause_text = None;
        let win = window_start(text, start);
        if let Some(t) = TYPE_BEFORE.captures(&text[win..start]) {
            let tm = t.name("type").expect("type group");
            doc_type = (0..TYPE_WORDS.len())
                .find(|i| t.name(&format!("t{i}")).is_some())
                .map(|i| TYPE_WORDS[i].1);
            start = win + tm.start();
            let win2 = window_start(text, start);
            if let Some(c) = CLAUSE_BEFORE.captures(&text[win2..start]) {
                let cm = c.name("c").expect("clause group");
                clause = split_clause(cm.as_str());
                clause_text = Some(squash_space(cm.as_str()));
                start = win2 + cm.start();
            }
        }
        let date = DATE_AFTER.captures(&text[whole.end()..]).and_then(|d| {
            let (dd, mm, yy) = if let Some(dd) = d.name("d") {
                (dd.as_str(), d["m"].parse::<i8>().ok()?, &d["y"])
            } else if let Some(dd) = d.name("d2") {
                (dd.as_str(), d["m2"].parse::<i8>().ok()?, &d["y2"])
            } else {
                let mon = d["mon"].to_lowercase();
                let mi = crate::strings::MONTHS_EN
                    .iter()
                    .position(|x| x.eq_ignore_ascii_case(&mon))? as i8
                    + 1;
                (d.name("d3")?.as_str(), mi, &d["y3"])
            };
            Date::new(yy.parse().ok()?, mm, dd.parse().ok()?).ok()
        });
        if out.last().is_some_and(|prev| prev.span.end > start) {
            continue;
        }
        out.push(Reference {
            span: start..whole.end(),
            number: Some(Number {
                text: number,
                key,
                has_year,
            }),
            doc_type,
            date,
            clause,
            clause_text,
        });
    }
    // Clauses alone, outside the references found above.
    let mut bare = Vec::new();
    for m in BARE_CLAUSE.find_iter(text) {
        if !left_boundary_ok(text, m.start()) || !right_boundary_ok(text, m.end()) {
            continue;
        }
        if out
            .iter()
            .any(|r| r.span.start < m.end() && m.start() < r.span.end)
        {
            continue;
        }
        if NAMES_OTHER_TEXT.is_match(&text[m.end()..]) {
            continue;
        }
        bare.push(Reference {
            span: m.range(),
            number: None,
            doc_type: None,
            date: None,
            clause: split_clause(m.as_str()),
            clause_text: Some(squash_space(m.as_str())),
        });
    }
    if !bare.is_empty() {
        out.extend(bare);
        out.sort_by_key(|r| r.span.start);
    }
    out
}

/// The canonical key of a number: upper case, without hyphens or white space.
pub fn number_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–'))
        .flat_map(char::to_uppercase)
        .collect()
}

fn window_start(text: &str, end: usize) -> usize {
    let mut s = end.saturating_sub(LOOK_BEHIND);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    s
}

fn left_boundary_ok(text: &str, start: usize) -> bool {
    match text[..start].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, '/' | '.' | ',' | '-' | '_')),
    }
}

fn right_boundary_ok(text: &str, end: usize) -> bool {
    match text[end..].chars().next() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, '/' | '_')),
    }
}

fn squash_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a clause as written ("điểm d khoản 5 mục II") into its parts.
pub(crate) fn split_clause(s: &str) -> Vec<ClausePart> {
    CLAUSE_PART
        .captures_iter(s)
        .filter_map(|c| {
            let k = c["k"].to_lowercase();
            let k = squash_space(&k);
            let kind = match k.as_str() {
                "phần" | "part" => ClauseKind::Part,
                "chương" | "chapter" => ClauseKind::Chapter,
                "mục" | "section" => ClauseKind::Section,
                "điều" | "article" => ClauseKind::Article,
                "tiểu mục" => ClauseKind::SubSection,
                "khoản" | "clause" => ClauseKind::Clause,
                "điểm" | "tiết" | "point" => ClauseKind::Point,
                _ => return None,
            };
            let label = normalise_label(kind, &c["l"]);
            Some(ClausePart { kind, label })
        })
        .collect()
}

fn normalise_label(kind: ClauseKind, label: &str) -> String {
    let label = squash_space(label);
    if let Some(ordinal) = label
        .strip_prefix("thứ ")
        .or_else(|| label.strip_prefix("Thứ "))
    {
        const ORD: [&str; 10] = [
            "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
        ];
        if let Some(i) = ORD.iter().position(|o| *o == ordinal.to_lowercase()) {
            return (i + 1).to_string();
        }
        return label;
    }
    let roman = label
        .chars()
        .all(|c| matches!(c.to_ascii_uppercase(), 'I' | 'V' | 'X' | 'L' | 'C'));
    if roman
        && matches!(
            kind,
            ClauseKind::Part | ClauseKind::Chapter | ClauseKind::Section
        )
    {
        label.to_uppercase()
    } else {
        label.to_lowercase()
    }
}

/// What a reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one document.
    Found(String),
    /// No document has this number.
    NotFound,
    /// Several documents have this number and the reference gives no date to choose.
    Ambiguous(Vec<String>),
    /// The one document with this number has another date.
    DateMismatch {
        /// The document with that number.
        id: String,
        /// Its date.
        recorded: Date,
    },
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    date: Option<Date>,
}

/// Document numbers (and other written forms) → document ids.
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_key: BTreeMap<String, Vec<Entry>>,
}

impl Index {
    /// Adds a document under its number and each other written form of it.
    pub fn add<'a>(
        &mut self,
        id: &str,
        numbers: impl IntoIterator<Item = &'a str>,
        date: Option<Date>,
    ) {
        for n in numbers {
            let list = self.by_key.entry(number_key(n)).or_default();
            if !list.iter().any(|e| e.id == id) {
                list.push(Entry {
                    id: id.to_owned(),
                    date,
                });
            }
        }
    }

    /// Resolves a numbered reference.
    pub fn resolve(&self, number: &Number, date: Option<Date>) -> Resolution {
        let Some(cands) = self.by_key.get(&number.key) else {
            return Resolution::NotFound;
        };
        if cands.len() == 1 {
            let e = &cands[0];
            return match (date, e.date) {
                (Some(d), Some(rec)) if d != rec && !number.has_year => Resolution::DateMismatch {
                    id: e.id.clone(),
                    recorded: rec,
                },
                _ => Resolution::Found(e.id.clone()),
            };
        }
        if let Some(d) = date {
            let same: Vec<&Entry> = cands.iter().filter(|e| e.date == Some(d)).collect();
            if same.len() == 1 {
                return Resolution::Found(same[0].id.clone());
            }
        }
        Resolution::Ambiguous(cands.iter().map(|e| e.id.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Reference {
        let r = parse(text);
        assert_eq!(r.len(), 1, "{text}: {r:?}");
        r.into_iter().next().unwrap()
    }

    fn linked<'a>(text: &'a str, r: &Reference) -> &'a str {
        &text[r.span.clone()]
    }

    fn num(r: &Reference) -> &str {
        &r.number.as_ref().unwrap().key
    }

    #[test]
    fn party_documents() {
        for (text, key, ty, written) in [
            (
                "thực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025",
                "71NQ/TW",
                DocType::Resolution,
                "Nghị quyết số 71-NQ/TW",
            ),
            (
                "Chương trình hành động số 02-CTr/TU,",
                "02CTR/TU",
                DocType::Programme,
                "Chương trình hành động số 02-CTr/TU",
            ),
            (
                "theo Kết luận số 91-KL/TW.",
                "91KL/TW",
                DocType::Conclusion,
                "Kết luận số 91-KL/TW",
            ),
            (
                "Chỉ thị số 37-CT/TW, ngày 10/7/2024",
                "37CT/TW",
                DocType::Directive,
                "Chỉ thị số 37-CT/TW",
            ),
            (
                "Chương trình hành động số 05-Ctr/TU ngày 06/11/2025",
                "05CTR/TU",
                DocType::Programme,
                "Chương trình hành động số 05-Ctr/TU",
            ),
            (
                "Đề án số 04-ĐA/TU",
                "04ĐA/TU",
                DocType::ProjectPlan,
                "Đề án số 04-ĐA/TU",
            ),
        ] {
            let r = one(text);
            assert_eq!(num(&r), key, "{text}");
            assert_eq!(r.doc_type, Some(ty), "{text}");
            assert_eq!(linked(text, &r), written);
            assert!(!r.number.as_ref().unwrap().has_year);
        }
        // The two spellings of 05-CTr/TU have one key.
        assert_eq!(number_key("05-Ctr/TU"), number_key("05-CTr/TU"));
    }

    #[test]
    fn state_legal_documents() {
        for (text, key, ty) in [
            (
                "Nghị quyết số 218/2025/QH15 của Quốc hội",
                "218/2025/QH15",
                Some(DocType::Resolution),
            ),
            (
                "Nghị định số 142/2025/NĐ-CP",
                "142/2025/NĐCP",
                Some(DocType::Decree),
            ),
            (
                "Thông tư liên tịch 13/2016/TTLT-BYT-BGDĐT về công tác y tế",
                "13/2016/TTLTBYTBGDĐT",
                Some(DocType::JointCircular),
            ),
            (
                "Nghị quyết số 16/2025/NQ-HĐND ngày 26/10/2025",
                "16/2025/NQHĐND",
                Some(DocType::Resolution),
            ),
            (
                "Luật số 34/2018/QH14 sửa đổi",
                "34/2018/QH14",
                Some(DocType::Law),
            ),
            (
                "Thông tư 02/2025/TT-BGDĐT",
                "02/2025/TTBGDĐT",
                Some(DocType::Circular),
            ),
        ] {
            let r = one(text);
            assert_eq!(num(&r), key, "{text}");
            assert_eq!(r.doc_type, ty, "{text}");
            assert!(r.number.as_ref().unwrap().has_year);
        }
    }

    #[test]
    fn dropped_hyphens_share_the_key() {
        let a = one("Nghị quyết số 16/2025/NQHĐND ngày 26/10/2025");
        let b = one("Nghị quyết số 16/2025/NQ-HĐND");
        assert_eq!(num(&a), num(&b));
        let c = one("Thông tư liên tịch 13/2016/TTLT-BYTBGDĐT");
        let d = one("Thông tư liên tịch 13/2016/TTLT-BYT-BGDĐT");
        assert_eq!(num(&c), num(&d));
    }

    #[test]
    fn administrative_documents_keep_their_date() {
        let r = one("Quyết định số 2811/QĐ-BGDĐT ngày 10/10/2025");
        assert_eq!(num(&r), "2811/QĐBGDĐT");
        assert_eq!(r.date, Some(Date::constant(2025, 10, 10)));
        assert!(!r.number.as_ref().unwrap().has_year);
        let r = one("Kế hoạch số 198/KH-UBND ngày 22 tháng 8 năm 2024 của UBND thành phố");
        assert_eq!(r.date, Some(Date::constant(2024, 8, 22)));
        assert_eq!(r.doc_type, Some(DocType::Plan));
        let r = one("Công văn số 6165/BGDĐT-GDPT ngày 02/10/2025");
        assert_eq!(num(&r), "6165/BGDĐTGDPT");
        assert_eq!(r.doc_type, Some(DocType::OfficialLetter));
        let r = one("Decision No. 2811/QĐ-BGDĐT dated 10 October 2025");
        assert_eq!(r.doc_type, Some(DocType::Decision));
        assert_eq!(r.date, Some(Date::constant(2025, 10, 10)));
        let r = one("văn bản hợp nhất: số 2021/VBHN-BLĐTBXH");
        assert_eq!(num(&r), "2021/VBHNBLĐTBXH");
        let r = one("Kế hoạch số 130/KH-BCĐTKNQ18 ngày 21/9/2025");
        assert_eq!(num(&r), "130/KHBCĐTKNQ18");
        // A date that cannot exist is not a date.
        assert_eq!(one("Quyết định số 1/QĐ-UBND ngày 31/2/2025").date, None);
    }

    #[test]
    fn clauses() {
        let t = "Căn cứ điểm d khoản 5 mục II Nghị quyết số 281/NQ-CP của Chính phủ";
        let r = one(t);
        assert_eq!(
            linked(t, &r),
            "điểm d khoản 5 mục II Nghị quyết số 281/NQ-CP"
        );
        assert_eq!(r.clause_text.as_deref(), Some("điểm d khoản 5 mục II"));
        assert_eq!(r.anchor_candidates(), ["muc-ii-5-d", "muc-ii-5", "muc-ii"]);
        let t = "theo khoản 2 Điều 5 của Luật số 34/2018/QH14";
        let r = one(t);
        assert_eq!(linked(t, &r), "khoản 2 Điều 5 của Luật số 34/2018/QH14");
        assert_eq!(r.anchor_candidates(), ["dieu-5-2", "dieu-5"]);
        let t = "point d, clause 5, section II of Resolution No. 281/NQ-CP";
        let r = one(t);
        assert_eq!(linked(t, &r), t);
        assert_eq!(r.anchor_candidates()[0], "muc-ii-5-d");
        let r = one("Phần thứ hai mục I Quyết định số 1/QĐ-UBND");
        assert_eq!(r.anchor_candidates(), ["phan-2-muc-i", "phan-2"]);
    }

    #[test]
    fn clauses_alone_refer_to_the_text_itself() {
        let t = "Như Điều 3;";
        let r = one(t);
        assert!(r.number.is_none());
        assert_eq!(linked(t, &r), "Điều 3");
        assert_eq!(r.anchor_candidates(), ["dieu-3"]);
        let t = "quy định tại khoản 2 Điều 5 và mục II.";
        let r = parse(t);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].anchor_candidates(), ["dieu-5-2", "dieu-5"]);
        assert_eq!(r[1].anchor_candidates(), ["muc-ii"]);
        assert_eq!(one("see Article 3.").anchor_candidates(), ["dieu-3"]);
        // A clause of another, unnumbered text is not a clause of this one.
        assert!(parse("theo Điều 3 của Luật Giáo dục").is_empty());
        assert!(parse("Điều 3 Luật Giáo dục năm 2019").is_empty());
        // "mục tiêu" (objective) is not a section.
        assert!(parse("các mục tiêu, mục đích").is_empty());
    }

    #[test]
    fn variants_seen_in_the_sources() {
        // Line break after the hyphen (003, 000).
        let t = "Nghị quyết số 71-\nNQ/TW, tạo sự thống nhất";
        let r = one(t);
        assert_eq!(num(&r), "71NQ/TW");
        assert_eq!(r.number.as_ref().unwrap().text, "71-NQ/TW");
        // "số" missing, no-break space before the number.
        let t = "Nghị quyết\u{a0}248/2025/QH15";
        let r = one(t);
        assert_eq!(linked(t, &r), t);
        let r = one("Nghị quyết 71-NQ/TW");
        assert_eq!(r.doc_type, Some(DocType::Resolution));
        // Line break inside the type word.
        let t = "triển khai Nghị\nquyết số 71-NQ/TW";
        assert_eq!(linked(t, &one(t)), "Nghị\nquyết số 71-NQ/TW");
        // Typographic quotes around the reference.
        let t = "“Nghị quyết số 71-NQ/TW”";
        assert_eq!(linked(t, &one(t)), "Nghị quyết số 71-NQ/TW");
        // A number without a type word is still a reference.
        let r = one("(gọi tắt là 71-NQ/TW)");
        assert_eq!(r.doc_type, None);
        // Lower case type word in running text.
        assert_eq!(
            one("các nghị quyết số 12-NQ/TU").doc_type,
            Some(DocType::Resolution)
        );
        // Two references joined by "và" and "; ".
        let t = "Quyết định số 2811/QĐ-BGDĐT ngày 10/10/2025 và Chương trình hành động số 05-Ctr/TU ngày 06/11/2025; Nghị quyết số 05-NQ/TU này 14/01/2026";
        let r = parse(t);
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].date, Some(Date::constant(2025, 11, 6)));
        assert_eq!(r[2].date, None);
    }

    #[test]
    fn lookalikes_are_not_references() {
        for t in [
            "ngày 22/8/2025",
            "giai đoạn 2025-2030",
            "giai đoạn 2025 - 2030",
            "điện thoại 0225.3842.123 hoặc 0912-345-678",
            "16.000 học sinh, tỷ lệ 1/2",
            "Thông tư 50/2020 của Bộ GDĐT",
            "COVID-19",
            "ISO 9001:2015",
            "NQ/TW",
            "năm học 2025 - 2026",
            "tỷ lệ 95%/năm",
            "https://example.vn/71-NQ/TW",
            "phòng 12-A/3",
        ] {
            assert!(parse(t).is_empty(), "{t}: {:?}", parse(t));
        }
    }

    #[test]
    fn spans_are_char_boundaries_on_any_input() {
        let t = "ữ71-NQ/TWữ Điều 3ữ ₫ 1/QĐ-ĐĐ ngày 1/1/2025 \u{a0}";
        for r in parse(t) {
            assert!(t.is_char_boundary(r.span.start) && t.is_char_boundary(r.span.end));
        }
        let long = "Điều 1 ".repeat(10_000) + &"ữ".repeat(500) + "Nghị quyết số 71-NQ/TW";
        assert_eq!(parse(&long).len(), 10_001);
    }

    #[test]
    fn index_resolves_by_number_and_date() {
        let mut ix = Index::default();
        ix.add("71", ["71-NQ/TW"], Some(Date::constant(2025, 8, 22)));
        ix.add(
            "6165",
            ["6165/BGDĐT-GDPT", "6165/BGDĐT-GDĐT"],
            Some(Date::constant(2025, 10, 2)),
        );
        ix.add("198a", ["198/KH-UBND"], Some(Date::constant(2024, 8, 22)));
        ix.add("198b", ["198/KH-UBND"], Some(Date::constant(2025, 1, 3)));
        ix.add("218", ["218/2025/QH13"], Some(Date::constant(2025, 6, 26)));
        let r = |t: &str| {
            let r = one(t);
            ix.resolve(r.number.as_ref().unwrap(), r.date)
        };
        assert_eq!(r("Nghị quyết 71-NQ/TW"), Resolution::Found("71".into()));
        assert_eq!(
            r("Công văn 6165/BGDĐT-GDĐT ngày 02/10/2025"),
            Resolution::Found("6165".into())
        );
        assert_eq!(
            r("Kế hoạch số 198/KH-UBND ngày 22/8/2024"),
            Resolution::Found("198a".into())
        );
        assert_eq!(
            r("Kế hoạch số 198/KH-UBND"),
            Resolution::Ambiguous(vec!["198a".into(), "198b".into()])
        );
        assert_eq!(
            r("Công văn 6165/BGDĐT-GDPT ngày 03/10/2024"),
            Resolution::DateMismatch {
                id: "6165".into(),
                recorded: Date::constant(2025, 10, 2)
            }
        );
        // The year is in the number: another date does not make it another document.
        assert_eq!(
            r("Nghị quyết 218/2025/QH13 ngày 27/6/2025"),
            Resolution::Found("218".into())
        );
        assert_eq!(r("Nghị quyết 218/2025/QH15"), Resolution::NotFound);
    }
}
