//! Markdown, sections: a compiled text as plain text, split at its headings, for search.
//!
//! Input: the events `compile` hands to the HTML writer (headings already made into HTML by
//! `compile`, input HTML already made into text) and the level and anchor of each heading it
//! made, in order. Output: [`TextSection`]s: the text before the first section heading, then
//! one per heading of level 2 to 4 (its anchor, its text, the plain text up to the next one).
//! Guarantee: the text is what the HTML shows, white space squashed: no tags, no entities, no
//! citation marks, no "link to this section" signs (`#`, `§`), no image sources or alternative
//! texts; footnote numbers as the HTML writer numbers them. A section with neither an anchor
//! nor text is left out.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::model::TextSection;

/// Splits `events` into plain-text sections. `headings`: the level and anchor of each heading
/// `compile` made, in the order of their `Event::Html` pairs (opening tag, then the self-link
/// and closing tag).
pub(super) fn sections<'e>(events: &'e [Event<'e>], headings: &[(u8, String)]) -> Vec<TextSection> {
    let mut out = vec![TextSection::default()];
    // Text since the last section or heading boundary.
    let mut buf = String::new();
    let mut headings = headings.iter();
    // The heading being read: whether it starts a section.
    let mut heading: Option<bool> = None;
    // Nesting inside an image (its alternative text is not shown as text).
    let mut image = 0usize;
    // Footnote numbers, given as the HTML writer gives them: in order of first mention.
    let mut footnotes: HashMap<&str, usize> = HashMap::new();
    for ev in events {
        if image > 0 {
            match ev {
                Event::Start(_) => image += 1,
                Event::End(_) => image -= 1,
                Event::FootnoteReference(name) => {
                    number(name, &mut footnotes);
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Text(t) | Event::Code(t) => buf.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => buf.push(' '),
            Event::FootnoteReference(name) => {
                buf.push_str(&number(name, &mut footnotes).to_string());
            }
            Event::Start(Tag::Image { .. }) => image = 1,
            Event::Start(Tag::FootnoteDefinition(name)) => {
                buf.push(' ');
                buf.push_str(&number(name, &mut footnotes).to_string());
            }
            Event::Start(tag) if !is_inline(tag) => buf.push(' '),
            Event::End(tag) if !is_inline_end(tag) => buf.push(' '),
            // Opening and closing of a heading `compile` made.
            Event::Html(_) => match heading.take() {
                None => {
                    let starts_section = headings
                        .next()
                        .filter(|(level, _)| (2..=4).contains(level))
                        .map(|(_, id)| id);
                    match starts_section {
                        Some(id) => {
                            if let Some(last) = out.last_mut() {
                                last.text = squash(&buf);
                            }
                            buf.clear();
                            out.push(TextSection {
                                anchor: Some(id.clone()),
                                ..TextSection::default()
                            });
                            heading = Some(true);
                        }
                        None => {
                            buf.push(' ');
                            heading = Some(false);
                        }
                    }
                }
                Some(true) => {
                    if let Some(last) = out.last_mut() {
                        last.heading = squash(&buf);
                    }
                    buf.clear();
                }
                Some(false) => buf.push(' '),
            },
            // Anchors and citation marks: no text of their own (a space after a § anchor).
            Event::InlineHtml(h) if h.ends_with(' ') => buf.push(' '),
            _ => {}
        }
    }
    if let Some(last) = out.last_mut() {
        last.text = squash(&buf);
    }
    out.retain(|s| s.anchor.is_some() || !s.text.is_empty());
    out
}

/// The number of a footnote: the next one at its first mention (a reference or the note).
fn number<'e>(name: &'e str, numbers: &mut HashMap<&'e str, usize>) -> usize {
    let next = numbers.len() + 1;
    *numbers.entry(name).or_insert(next)
}

/// Tags written inside a line (no white space around them in the HTML).
fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::compile;

    #[test]
    fn sections_split_a_hosted_text_at_its_headings() {
        let md = "# Tiêu đề\n\nLời mở &amp; đầu.\n\n## Điều 1. Phạm vi {#dieu-1}\n\nNội dung *điều* 1.\n\n### Khoản 2 {#k-2}\n\n- Một\n- Hai\n";
        let (md, issues) = crate::markdown::compile(md, "liên kết");
        assert!(issues.is_empty(), "{issues:?}");
        let s = &md.sections;
        assert_eq!(s.len(), 3, "{s:#?}");
        assert_eq!(s[0].anchor, None);
        assert_eq!(
            s[0].text, "Lời mở & đầu.",
            "the title (h1) is the page's, not text"
        );
        assert_eq!(s[1].anchor.as_deref(), Some("dieu-1"));
        assert_eq!(
            s[1].heading, "Điều 1. Phạm vi",
            "the self-link # is not text"
        );
        assert_eq!(s[1].text, "Nội dung điều 1.");
        assert_eq!(
            (s[2].heading.as_str(), s[2].text.as_str()),
            ("Khoản 2", "Một Hai")
        );
    }

    #[test]
    fn sections_hold_the_text_the_html_shows() {
        let md = "{#l1} Theo Nghị quyết số 71-NQ/TW[^b] và ![ảnh](a.png) x.\n\n\
                  ## Điều 2 {#dieu-2}\n\n- {#pc-1} Mục `mã` &lt;b&gt;\n\n\
                  ##### Nhỏ\n\nHết.\n\n[^b]: Ghi chú.\n";
        let (md, issues) = compile(md, "liên kết");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(md.cites.len(), 1, "the reference is marked in the HTML");
        let s = &md.sections;
        assert_eq!(s.len(), 2, "{s:#?}");
        // No citation mark, no image text; the footnote's number as the HTML shows it.
        assert_eq!(s[0].text, "Theo Nghị quyết số 71-NQ/TW1 và x.");
        assert_eq!(s[1].heading, "Điều 2");
        // No § sign; a level-5 heading is text of its section; the note with its number.
        assert_eq!(s[1].text, "Mục mã <b> Nhỏ Hết. 1 Ghi chú.");
    }
}
