//! Compile, markdown: compiles the hosted document texts and the pages, and reports their
//! problems (unknown document, missing Vietnamese text, page without a title).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::TextFile;
use crate::markdown;
use crate::model::*;
use crate::strings::is_valid_id;

use super::Compiler;

impl Compiler<'_> {
    pub(super) fn markdown(&mut self, f: &TextFile) -> Markdown {
        let label = match f.lang {
            Lang::Vi => "Liên kết đến mục này",
            Lang::En => "Link to this section",
        };
        let (md, issues) = markdown::compile(&f.text, label);
        for i in issues {
            self.diags.push(
                Diagnostic::error(
                    f.file.clone(),
                    Pos {
                        line: i.line,
                        col: i.col,
                    },
                    i.message,
                )
                .help(i.help),
            );
        }
        md
    }

    pub(super) fn compile_texts(&mut self, files: &[TextFile]) -> BTreeMap<String, HostedText> {
        let mut out: BTreeMap<String, HostedText> = BTreeMap::new();
        for f in files {
            if !self.documents.contains(&f.id) {
                self.diags.push(
                    Diagnostic::error(f.file.clone(), Pos::default(), format!("text for unknown document `{}`", f.id))
                        .help("name the file <document id>.vi.md after a record in content/documents/*.yaml"),
                );
                continue;
            }
            let md = self.markdown(f);
            let slot = out.entry(f.id.clone()).or_default();
            match f.lang {
                Lang::Vi => slot.vi = Some(md),
                Lang::En => slot.en = Some(md),
            }
        }
        for (id, t) in &out {
            if t.vi.is_none() {
                self.diags.push(
                    Diagnostic::error(
                        PathBuf::from(format!("content/documents/{id}.en.md")),
                        Pos::default(),
                        "English text without a Vietnamese text",
                    )
                    .help(format!(
                        "add content/documents/{id}.vi.md: the Vietnamese text is the reference"
                    )),
                );
            }
        }
        out
    }

    pub(super) fn pages(&mut self, files: &[TextFile]) -> Vec<Page> {
        let mut by_id: BTreeMap<&str, (Option<Markdown>, Option<Markdown>, &Path)> =
            BTreeMap::new();
        for f in files {
            if !is_valid_id(&f.id) {
                self.diags.push(
                    Diagnostic::error(
                        f.file.clone(),
                        Pos::default(),
                        format!("page name `{}` is not a valid id", f.id),
                    )
                    .help("page names use a-z, 0-9 and '-'"),
                );
                continue;
            }
            let mut md = self.markdown(f);
            self.resolve_markdown(&mut md, &f.file, None);
            let slot = by_id.entry(&f.id).or_insert((None, None, &f.file));
            match f.lang {
                Lang::Vi => slot.0 = Some(md),
                Lang::En => slot.1 = Some(md),
            }
        }
        let mut out = Vec::new();
        for (id, (vi, en, file)) in by_id {
            let c = self.page_coverage.get_or_insert_default();
            c.fields += 1;
            c.translated += usize::from(en.is_some());
            match vi {
                Some(vi) => {
                    if vi.title.is_none() {
                        self.diags.push(
                            Diagnostic::error(
                                file.to_path_buf(),
                                Pos { line: 1, col: 1 },
                                "page has no title",
                            )
                            .help("start the page with a `# Title` line"),
                        );
                    }
                    if en.is_none() && self.strict {
                        self.diags.push(
                            Diagnostic::error(
                                file.to_path_buf(),
                                Pos::default(),
                                "missing English page (--strict)",
                            )
                            .help(format!("add content/pages/{id}.en.md")),
                        );
                    }
                    out.push(Page {
                        id: id.to_owned(),
                        vi,
                        en,
                    });
                }
                None => self.diags.push(
                    Diagnostic::error(
                        file.to_path_buf(),
                        Pos::default(),
                        "English page without a Vietnamese page",
                    )
                    .help(format!("add content/pages/{id}.vi.md")),
                ),
            }
        }
        out
    }
}
