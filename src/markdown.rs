//! Markdown to safe HTML, with stable anchors.
//!
//! Input: markdown text (a document's full text or a free page). Output: [`Markdown`]: an HTML
//! fragment, its title (first `#` heading, removed from the body), a table of contents, every
//! anchor defined and the line-marker anchors. Guarantee: the HTML is safe to embed: raw HTML in
//! the markdown is shown as text, links keep only `http:`, `https:`, `mailto:`, relative and
//! `#` targets, images only relative sources; every heading gets a unique id (explicit
//! `{#id}` or derived from its text) and a visible "link to this section" anchor.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::{Markdown, TocEntry};
use crate::strings::{escape_html, is_valid_id, slug};

/// A problem found while compiling markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownIssue {
    /// 1-based line of the markdown file.
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

/// Compiles markdown. `self_link_label` is the accessible label of the section links.
pub fn compile(text: &str, self_link_label: &str) -> (Markdown, Vec<MarkdownIssue>) {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) as u32;

    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(text, opts).into_offset_iter().collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
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
                    inner.push(sanitize_inline(events[j].0.clone()));
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
                out.push(Event::Html(format!("<h{n} id=\"{hid}\">").into()));
                out.extend(inner);
                out.push(Event::Html(
                    format!(
                        " <a class=\"self-link\" href=\"#{hid}\" aria-label=\"{}\">#</a></h{n}>\n",
                        escape_html(self_link_label)
                    )
                    .into(),
                ));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                block_start = true;
                out.push(ev.clone());
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
                    out.push(Event::InlineHtml(
                        format!("<span class=\"anchor\" id=\"{aid}\"></span>").into(),
                    ));
                }
                if !rest.is_empty() {
                    out.push(Event::Text(CowStr::from(rest.to_owned())));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                block_start = false;
                if safe_link(dest_url) {
                    skip_link_end.push(false);
                    out.push(ev.clone());
                } else {
                    skip_link_end.push(true);
                }
            }
            Event::End(TagEnd::Link) => {
                if !skip_link_end.pop().unwrap_or(false) {
                    out.push(ev.clone());
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
                out.push(Event::Start(tag));
            }
            other => {
                if !matches!(other, Event::Start(_)) {
                    block_start = false;
                }
                out.push(sanitize_inline(other.clone()));
            }
        }
        i += 1;
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    md.html = html;
    (md, issues)
}

/// Raw HTML becomes visible text.
fn sanitize_inline(ev: Event) -> Event {
    match ev {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    }
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
        let (md, _) = compile(
            "<script>alert(1)</script>\n\nA [bad](javascript:alert(1)) and [good](https://x.vn) <b onclick=\"x\">b</b>\n\n![i](http://evil/x.png)",
            "link",
        );
        assert!(!md.html.contains("<script"), "{}", md.html);
        assert!(md.html.contains("&lt;script&gt;"));
        assert!(!md.html.contains("javascript:"));
        assert!(md.html.contains("href=\"https://x.vn\""));
        assert!(!md.html.contains("<b onclick"));
        assert!(!md.html.contains("http://evil"));
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
        assert!(md.html.contains("id=\"nv-v-3\""));
        assert_eq!(md.anchor_for_line(11), Some("l10"));
        assert_eq!(md.anchor_for_line(25), Some("l20"));
        assert!(md.anchors.contains("pc-1"));
    }

    #[test]
    fn duplicate_explicit_anchor_is_reported() {
        let (_, issues) = compile("## A {#x}\n\n## B {#x}\n", "link");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].line, 3);
    }
}
