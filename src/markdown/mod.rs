//! Markdown to safe HTML, with stable anchors.
//!
//! Input: markdown text (a document's full text or a free page). Output: [`Markdown`]: an HTML
//! fragment, its title (first `#` heading, removed from the body), a table of contents, every
//! anchor defined, the line-marker anchors, the document references and the text as plain-text
//! sections for search (`sections.rs`). Guarantee: the HTML is safe to embed: raw HTML in
//! the markdown is shown as text, links keep only `http:`, `https:`, `mailto:`, relative and
//! `#` targets, images only relative sources; every heading gets a unique id (explicit
//! `{#id}` or derived from its text) and a visible "link to this section" anchor.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::cite;
use crate::model::{CITE_CLOSE, CITE_MID, CITE_OPEN, Markdown, MdCite, TocEntry};
use crate::strings::{escape_html, is_valid_id, slug};

mod sections;

/// A problem found while compiling markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownIssue {
    /// 1-based line of the markdown file.
    pub line: u32,
    /// 1-based column (in characters) on that line.
    pub col: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: &'static str,
}

const ANCHOR_HELP: &str = "anchors must be unique and use a-z, 0-9 and '-'";

/// Deepest nesting of block quotes and lists a markdown text may have.
pub const MAX_NESTING: usize = 100;

/// The first line nested deeper than [`MAX_NESTING`] block quotes and list items, if any.
/// Cheap (one pass over the line starts): it runs before the markdown parser, whose time
/// grows with the square of the depth.
fn nesting_issue(text: &str) -> Option<MarkdownIssue> {
    for (i, line) in text.split('\n').enumerate() {
        let b = line.as_bytes();
        let (mut at, mut depth) = (0, 0);
        loop {
            // Indentation: two columns of it are one level of list nesting.
            let mut indent = 0;
            while at < b.len() && matches!(b[at], b' ' | b'\t') {
                indent += if b[at] == b'\t' { 4 } else { 1 };
                at += 1;
            }
            depth += indent / 2;
            let rest = &b[at..];
            let spaced = |n: usize| rest.len() == n || matches!(rest[n], b' ' | b'\t');
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            let marker = match rest.first() {
                Some(b'>') => 1,
                Some(b'-' | b'*' | b'+') if spaced(1) => 1,
                Some(_)
                    if (1..=9).contains(&digits)
                        && matches!(rest.get(digits), Some(b'.' | b')'))
                        && spaced(digits + 1) =>
                {
                    digits + 1
                }
                _ => 0,
            };
            if marker == 0 {
                break;
            }
            depth += 1;
            at += marker;
            if depth > MAX_NESTING {
                return Some(MarkdownIssue {
                    line: i as u32 + 1,
                    col: line[..at].chars().count() as u32,
                    message: format!(
                        "block quotes and lists are nested more than {MAX_NESTING} levels deep"
                    ),
                    help: "flatten the quotes or lists: a document needs a few levels at most",
                });
            }
        }
    }
    None
}

/// Compiles markdown. `self_link_label` is the accessible label of the section links. A text
/// nested deeper than [`MAX_NESTING`] levels is not compiled: its only issue says so.
pub fn compile(text: &str, self_link_label: &str) -> (Markdown, Vec<MarkdownIssue>) {
    if let Some(issue) = nesting_issue(text) {
        // Not compiled; the empty title keeps a follow-on "page has no title" from showing.
        let md = Markdown {
            title: Some(String::new()),
            ..Markdown::default()
        };
        return (md, vec![issue]);
    }
    // The citation marks are private-use characters: none may come from the input.
    let cleaned;
    let text = if text.contains([CITE_OPEN, CITE_MID, CITE_CLOSE]) {
        cleaned = text.replace([CITE_OPEN, CITE_MID, CITE_CLOSE], "\u{FFFD}");
        cleaned.as_str()
    } else {
        text
    };
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) as u32;
    // A problem at a byte offset of the text, with its line and column.
    let issue_at = |offset: usize, message: String, help: &'static str| {
        let line = line_of(offset);
        let start = line_starts[line as usize - 1];
        let col = text.get(start..offset).map_or(0, |p| p.chars().count()) as u32 + 1;
        MarkdownIssue {
            line,
            col,
            message,
            help,
        }
    };

    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(text, opts).into_offset_iter().collect();
    // Each output event with the source offset it came from (to locate citations).
    let mut out: Vec<(Event, usize)> = Vec::with_capacity(events.len());
    // Anchors by the index in `out` where they start (to tell where each citation is).
    let mut anchor_at: Vec<(usize, String)> = Vec::new();
    // The level and anchor of each heading made, in order (for the plain-text sections).
    let mut headings: Vec<(u8, String)> = Vec::new();
    let mut md = Markdown::default();
    let mut issues = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut block_start = false;
    let mut skip_link_end: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                // Gather the heading's inline events up to its end.
                let mut j = i + 1;
                let mut inner = Vec::new();
                let mut plain = String::new();
                while j < events.len() {
                    if let Event::End(TagEnd::Heading(_)) = events[j].0 {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                        plain.push_str(t);
                    }
                    inner.push((sanitize_inline(events[j].0.clone()), events[j].1.start));
                    j += 1;
                }
                let plain = plain.trim().to_owned();
                if *level == HeadingLevel::H1 && md.title.is_none() {
                    md.title = Some(plain);
                    i = j + 1;
                    continue;
                }
                let wanted = match id {
                    Some(explicit) if is_valid_id(explicit) => explicit.to_string(),
                    Some(explicit) => {
                        issues.push(MarkdownIssue {
                            line: line_of(range.start),
                            col: 1,
                            help: ANCHOR_HELP,
                            message: format!(
                                "heading anchor `{explicit}` may only use a-z, 0-9 and -"
                            ),
                        });
                        slug(&plain)
                    }
                    None => slug(&plain),
                };
                let wanted = if wanted.is_empty() {
                    "muc".to_owned()
                } else {
                    wanted
                };
                let hid = unique(
                    &mut used,
                    &wanted,
                    id.is_some(),
                    line_of(range.start),
                    &mut issues,
                );
                let n = heading_number(*level);
                md.anchors.insert(hid.clone());
                if n <= 4 {
                    md.toc.push(TocEntry {
                        level: n,
                        id: hid.clone(),
                        text: plain,
                    });
                }
                anchor_at.push((out.len(), hid.clone()));
                headings.push((n, hid.clone()));
                out.push((
                    Event::Html(format!("<h{n} id=\"{hid}\">").into()),
                    range.start,
                ));
                out.extend(inner);
                out.push((
                    Event::Html(
                        format!(
                            " <a class=\"self-link\" href=\"#{hid}\" aria-label=\"{}\">#</a></h{n}>\n",
                            escape_html(self_link_label)
                        )
                        .into(),
                    ),
                    range.start,
                ));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                block_start = true;
                out.push((ev.clone(), range.start));
            }
            Event::Text(t) if block_start => {
                block_start = false;
                let (markers, rest) = take_markers(t);
                for m in &markers {
                    let aid = unique(&mut used, m, true, line_of(range.start), &mut issues);
                    if let Some(n) = m.strip_prefix('l').and_then(|n| n.parse::<u32>().ok()) {
                        md.lines.insert(n, aid.clone());
                    }
                    md.anchors.insert(aid.clone());
                    // Line markers are many and silent; a section, article or row anchor gets a
                    // visible "link to this section".
                    let html = if m.starts_with('l') && m[1..].bytes().all(|b| b.is_ascii_digit()) {
                        format!("<span class=\"anchor\" id=\"{aid}\"></span>")
                    } else {
                        format!(
                            "<a class=\"anchor self-link\" id=\"{aid}\" href=\"#{aid}\" aria-label=\"{}\">§</a> ",
                            escape_html(self_link_label)
                        )
                    };
                    anchor_at.push((out.len(), aid.clone()));
                    out.push((Event::InlineHtml(html.into()), range.start));
                }
                if !rest.is_empty() {
                    out.push((Event::Text(CowStr::from(rest.to_owned())), range.start));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                block_start = false;
                if safe_link(dest_url) {
                    skip_link_end.push(false);
                    out.push((ev.clone(), range.start));
                } else {
                    issues.push(issue_at(
                        range.start,
                        format!("link to `{}` is not allowed", clip(dest_url)),
                        "links may go to http:, https: or mailto: addresses, to a relative path or to an #anchor",
                    ));
                    skip_link_end.push(true);
                }
            }
            Event::End(TagEnd::Link) => {
                if !skip_link_end.pop().unwrap_or(false) {
                    out.push((ev.clone(), range.start));
                }
            }
            Event::Start(Tag::Image {
                dest_url,
                title,
                id,
                link_type,
            }) => {
                block_start = false;
                let keep = !dest_url.contains(':') && !dest_url.starts_with("//");
                if !keep {
                    issues.push(issue_at(
                        range.start,
                        format!("image from `{}` is not allowed", clip(dest_url)),
                        "images must be files of this site, given by a relative path",
                    ));
                }
                let tag = if keep {
                    Tag::Image {
                        link_type: *link_type,
                        dest_url: dest_url.clone(),
                        title: title.clone(),
                        id: id.clone(),
                    }
                } else {
                    Tag::Image {
                        link_type: LinkType::Inline,
                        dest_url: "".into(),
                        title: title.clone(),
                        id: id.clone(),
                    }
                };
                out.push((Event::Start(tag), range.start));
            }
            other => {
                if !matches!(other, Event::Start(_)) {
                    block_start = false;
                }
                if let Event::InlineHtml(h) | Event::Html(h) = other
                    && (matches!(other, Event::InlineHtml(_))
                        || !matches!(events.get(i.wrapping_sub(1)), Some((Event::Html(_), _))))
                {
                    issues.push(issue_at(
                        range.start,
                        format!(
                            "raw HTML `{}` is not allowed in content",
                            clip(h.trim_end())
                        ),
                        "write the text in markdown; to show a `<` as text, write `\\<`",
                    ));
                }
                out.push((sanitize_inline(other.clone()), range.start));
            }
        }
        i += 1;
    }
    let out = mark_citations(out, &anchor_at, &line_of, &mut md.cites);
    md.sections = sections::sections(&out, &headings);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    md.html = sanitize(&html);
    (md, issues)
}

/// The last line of defence: the HTML goes through ammonia (a whitelist sanitizer built on a
/// real HTML parser), which keeps only the tags and attributes markdown produces and safe link
/// schemes. Raw HTML in the input was already turned into text above; this makes sure nothing
/// else slips through.
fn sanitize(html: &str) -> String {
    use std::collections::HashSet;
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut b = ammonia::Builder::default();
            b.add_generic_attributes(["id", "class", "lang", "aria-label"])
                .add_tags(["section"])
                .url_schemes(HashSet::from(["http", "https", "mailto"]))
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(None)
                .add_tag_attributes("img", ["src", "alt", "title"]);
            b
        });
    CLEANER.clean(html).to_string()
}

/// Finds document references in runs of text (outside links, images and code) and wraps each
/// in a citation mark ([`CITE_OPEN`] index [`CITE_MID`] text [`CITE_CLOSE`]); records them in
/// `cites`. A reference may span a soft line break ("71-⏎NQ/TW").
fn mark_citations<'a>(
    events: Vec<(Event<'a>, usize)>,
    anchor_at: &[(usize, String)],
    line_of: &dyn Fn(usize) -> u32,
    cites: &mut Vec<MdCite>,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut run: Vec<(Event<'a>, usize)> = Vec::new();
    let mut skip_depth = 0usize;
    let mut anchors = anchor_at.iter().peekable();
    let mut current: Option<String> = None;
    let flush = |run: &mut Vec<(Event<'a>, usize)>,
                 out: &mut Vec<Event<'a>>,
                 cites: &mut Vec<MdCite>,
                 current: &Option<String>| {
        if run.is_empty() {
            return;
        }
        let mut merged = String::new();
        for (ev, _) in run.iter() {
            match ev {
                Event::Text(t) => merged.push_str(t),
                _ => merged.push('\n'),
            }
        }
        let refs = cite::parse(&merged);
        if refs.is_empty() {
            out.extend(run.drain(..).map(|(e, _)| e));
            return;
        }
        let first_line = line_of(run[0].1);
        let emit = |s: &str, out: &mut Vec<Event<'a>>| {
            for (k, piece) in s.split('\n').enumerate() {
                if k > 0 {
                    out.push(Event::SoftBreak);
                }
                if !piece.is_empty() {
                    out.push(Event::Text(CowStr::from(piece.to_owned())));
                }
            }
        };
        let mut pos = 0;
        for r in refs {
            emit(&merged[pos..r.span.start], out);
            let end = r.span.end;
            let written = &merged[r.span.clone()];
            let line = first_line + merged[..r.span.start].matches('\n').count() as u32;
            out.push(Event::InlineHtml(
                format!("{CITE_OPEN}{}{CITE_MID}", cites.len()).into(),
            ));
            emit(written, out);
            out.push(Event::InlineHtml(CITE_CLOSE.to_string().into()));
            cites.push(MdCite {
                line,
                anchor: current.clone(),
                text: written.split_whitespace().collect::<Vec<_>>().join(" "),
                reference: r,
                target: None,
            });
            pos = end;
        }
        emit(&merged[pos..], out);
        run.clear();
    };
    for (i, (ev, off)) in events.into_iter().enumerate() {
        if anchors.peek().is_some_and(|(at, _)| *at == i) {
            flush(&mut run, &mut out, cites, &current);
            while let Some((_, a)) = anchors.next_if(|(at, _)| *at == i) {
                current = Some(a.clone());
            }
        }
        match &ev {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                flush(&mut run, &mut out, cites, &current);
                skip_depth += 1;
                out.push(ev);
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                flush(&mut run, &mut out, cites, &current);
                skip_depth = skip_depth.saturating_sub(1);
                out.push(ev);
            }
            // Headings are only made by `compile` (input HTML became text): no links there.
            Event::Html(h) if h.starts_with("<h") => {
                flush(&mut run, &mut out, cites, &current);
                skip_depth += 1;
                out.push(ev);
            }
            Event::Html(h) if h.contains("</h") => {
                flush(&mut run, &mut out, cites, &current);
                skip_depth = skip_depth.saturating_sub(1);
                out.push(ev);
            }
            Event::Text(_) | Event::SoftBreak if skip_depth == 0 => run.push((ev, off)),
            _ => {
                flush(&mut run, &mut out, cites, &current);
                out.push(ev);
            }
        }
    }
    flush(&mut run, &mut out, cites, &current);
    out
}

/// Raw HTML becomes visible text.
fn sanitize_inline(ev: Event) -> Event {
    match ev {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    }
}

/// At most 60 characters of a user's text, for a message.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Makes an anchor unique in the text. An explicit duplicate is a content problem.
fn unique(
    used: &mut BTreeSet<String>,
    wanted: &str,
    explicit: bool,
    line: u32,
    issues: &mut Vec<MarkdownIssue>,
) -> String {
    if used.insert(wanted.to_owned()) {
        return wanted.to_owned();
    }
    if explicit {
        issues.push(MarkdownIssue {
            line,
            col: 1,
            help: ANCHOR_HELP,
            message: format!("anchor `{wanted}` is defined twice"),
        });
    }
    let mut n = 2;
    loop {
        let candidate = format!("{wanted}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Splits leading `{#name}` markers off a block's first text.
fn take_markers(s: &str) -> (Vec<String>, &str) {
    let mut markers = Vec::new();
    let mut rest = s;
    while let Some(after) = rest.strip_prefix("{#") {
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !is_valid_id(name) {
            break;
        }
        markers.push(name.to_owned());
        rest = &after[end + 1..];
    }
    if markers.is_empty() {
        (markers, s)
    } else {
        (markers, rest.trim_start())
    }
}

/// Whether a link target is safe to keep.
fn safe_link(dest: &str) -> bool {
    let d = dest.trim();
    let lower = d.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return true;
    }
    // Relative: no scheme before the first '/', '?' or '#'.
    let head = d.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':') && !d.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_and_toc() {
        let (md, issues) = compile(
            "# Tiêu đề\n\n## Điều 1 {#dieu-1}\n\ntext\n\n## Phạm vi áp dụng\n",
            "link",
        );
        assert!(issues.is_empty());
        assert_eq!(md.title.as_deref(), Some("Tiêu đề"));
        assert!(
            md.html
                .contains("<h2 id=\"dieu-1\">Điều 1 <a class=\"self-link\" href=\"#dieu-1\"")
        );
        assert!(md.html.contains("id=\"pham-vi-ap-dung\""));
        assert_eq!(md.toc.len(), 2);
        assert!(!md.html.contains("Tiêu đề"));
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let (md, issues) = compile(
            "<script>alert(1)</script>\n\nA [bad](javascript:alert(1)) and [good](https://x.vn) <b onclick=\"x\">b</b>\n\n![i](http://evil/x.png)",
            "link",
        );
        // Each is reported where it is (and neutralised all the same).
        let found: Vec<(u32, u32, &str)> = issues
            .iter()
            .map(|i| (i.line, i.col, i.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    1,
                    1,
                    "raw HTML `<script>alert(1)</script>` is not allowed in content"
                ),
                (3, 3, "link to `javascript:alert(1)` is not allowed"),
                (
                    3,
                    55,
                    "raw HTML `<b onclick=\"x\">` is not allowed in content"
                ),
                (3, 71, "raw HTML `</b>` is not allowed in content"),
                (5, 1, "image from `http://evil/x.png` is not allowed"),
            ]
        );
        assert!(!md.html.contains("<script"), "{}", md.html);
        assert!(md.html.contains("&lt;script&gt;"));
        assert!(!md.html.contains("javascript:"));
        assert!(md.html.contains("href=\"https://x.vn\""));
        assert!(!md.html.contains("<b onclick"));
        assert!(!md.html.contains("http://evil"));
    }

    #[test]
    fn sanitizer_drops_what_markdown_cannot_produce() {
        let dirty = "<p id=\"a\" onclick=\"x()\" style=\"color:red\">t<script>alert(1)</script><a href=\"javascript:alert(1)\">j</a><a href=\"../x/index.html#y\">ok</a><iframe src=\"https://evil\"></iframe></p>";
        let clean = sanitize(dirty);
        assert_eq!(
            clean,
            "<p id=\"a\">t<a>j</a><a href=\"../x/index.html#y\">ok</a></p>"
        );
    }

    #[test]
    fn block_markers_become_anchors() {
        let text = "{#l10} Đoạn một.\n\n- {#l12}{#pc-1} mục\n\n| TT | Tên |\n|---|---|\n| {#l20}{#nv-v-3} 3 | Nhiệm vụ |\n";
        let (md, issues) = compile(text, "link");
        assert!(issues.is_empty(), "{issues:?}");
        assert!(
            md.html
                .contains("<span class=\"anchor\" id=\"l10\"></span>Đoạn một.")
        );
        // Row and section anchors get a visible "link to this section".
        assert!(md.html.contains(
            "<a class=\"anchor self-link\" id=\"nv-v-3\" href=\"#nv-v-3\" aria-label=\"link\">§</a>"
        ));
        assert_eq!(md.anchor_for_line(11), Some("l10"));
        assert_eq!(md.anchor_for_line(25), Some("l20"));
        assert!(md.anchors.contains("pc-1"));
    }

    #[test]
    fn citations_are_marked_outside_links_code_and_headings() {
        let text = "{#l5} Căn cứ Nghị quyết số 71-\nNQ/TW và [Nghị quyết số 57-NQ/TW](https://x.vn).\n\n## Nghị quyết số 29-NQ/TW {#muc-i}\n\n`Nghị quyết số 45-NQ/TW`\n\n    Nghị quyết số 30-NQ/TW\n\n![Nghị quyết số 19-NQ/TW](a.png)\n\nNhư Điều 3.\n";
        let (md, issues) = compile(text, "link");
        assert!(issues.is_empty(), "{issues:?}");
        let found: Vec<(&str, u32, Option<&str>)> = md
            .cites
            .iter()
            .map(|c| (c.text.as_str(), c.line, c.anchor.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("Nghị quyết số 71- NQ/TW", 1, Some("l5")),
                ("Điều 3", 12, Some("muc-i"))
            ]
        );
        // The mark wraps the text across the soft break; the text is still escaped HTML.
        assert!(
            md.html
                .contains("\u{E000}0\u{E001}Nghị quyết số 71-\nNQ/TW\u{E002}"),
            "{}",
            md.html
        );
        // Marks in the input cannot forge a citation.
        let (md, _) = compile("a \u{E000}0\u{E001}b\u{E002}", "link");
        assert!(md.cites.is_empty());
        assert!(!md.html.contains('\u{E000}'));
    }

    #[test]
    fn duplicate_explicit_anchor_is_reported() {
        let (_, issues) = compile("## A {#x}\n\n## B {#x}\n", "link");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].line, 3);
    }
}
