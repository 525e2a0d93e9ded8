//! Document pages: the list by document type and one page per document (its hosted text with
//! citation links, what rests on it and what it cites).
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: references into the document's own text are bare `#anchor` links.

use std::ops::Range;

use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::{Listing, rests_lens, rests_total, taken_lens, taken_total};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    pub(crate) fn document_list(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, Section::Documents);
        self.from = route.path();
        let mut groups: Vec<J> = Vec::new();
        let mut current: Option<DocType> = None;
        let mut rows: Vec<J> = Vec::new();
        for &di in &s.documents_in_order {
            let d = &s.site.documents[di];
            if current.is_some_and(|c| c != d.doc_type) {
                groups.push(json!({"type": self.ui(&format!("doctypes_{}", current.map(DocType::key).unwrap_or("other"))), "documents": std::mem::take(&mut rows)}));
            }
            current = Some(d.doc_type);
            let mut row = self.doc_label(di);
            row["tasks"] = json!(s.documents[di].tasks.len());
            row["hosted"] = json!(d.text.vi.is_some());
            rows.push(row);
        }
        if let Some(c) = current {
            groups.push(
                json!({"type": self.ui(&format!("doctypes_{}", c.key())), "documents": rows}),
            );
        }
        let ctx = json!({"groups": groups, "total": s.site.documents.len()});
        let v = self.frame(
            &route,
            self.ui("nav_documents"),
            vec![(self.ui("nav_documents"), None)],
            ctx,
        );
        (route, "document_list.html", v)
    }

    pub(crate) fn document(&mut self, di: usize) -> PageOut {
        let s = self.site;
        let d = &s.site.documents[di];
        let l = &s.documents[di];
        let route = Route::Record(self.lang, Section::Documents, d.id.clone());
        self.from = route.path();
        let text = match (self.lang, &d.text.en, &d.text.vi) {
            (Lang::En, Some(en), _) => Some((en, "en", false)),
            (_, _, Some(vi)) => Some((vi, "vi", self.lang == Lang::En)),
            _ => None,
        };
        let paging = &self.prep.paging;
        let (long_rests, long_taken) = paging.doc_lists(s, di);
        let rests_total = rests_total(s, di);
        let taken = taken_total(s, di);
        let size = paging.size;
        let rests = self.rests_lists(di, rests_lens(s, di).map(|n| 0..n.min(size)));
        let provenance = self.taken_lists(di, taken_lens(s, di).map(|n| 0..n.min(size)));
        let more = |this: &Self, long: bool, listing: Listing, key: &str, n: usize| {
            long.then(|| {
                json!({
                    "href": this.href(&this.listing_route(listing, 1)),
                    "label": this.ui(key).replace("{n}", &n.to_string()),
                    "shown": this.ui("doc_shown_first").replace("{shown}", &size.to_string()),
                })
            })
        };
        let rests_more = more(
            self,
            long_rests,
            Listing::CitedBy(di),
            "doc_rests_more",
            rests_total,
        );
        let taken_more = more(
            self,
            long_taken,
            Listing::TakenFrom(di),
            "doc_taken_more",
            taken,
        );
        let cites: Vec<J> = l.cites.iter().map(|&c| self.doc_label(c)).collect();
        let cited_as: Vec<J> = l
            .cited_as
            .iter()
            .map(|c| self.source(&Some(c.clone())))
            .collect();
        let ctx = json!({
            "document": {
                "label": self.doc_label(di),
                "number": d.number,
                "aliases": d.aliases,
                "type": self.ui(&format!("doctype_{}", d.doc_type.key())),
                "issuer": self.opt_text(&d.issuer),
                "date": d.date.map(|x| self.fmt.date(self.lang, x)),
                "title": self.opt_text(&d.title),
                "url": d.url,
                "validity": self.opt_text(&d.validity),
                "notes": self.notes(&d.notes),
                "rests": rests,
                "rests_total": rests_total,
                "rests_more": rests_more,
                "cites": cites,
                "cited_as": cited_as,
                "provenance": provenance,
                "taken_more": taken_more,
                "text": text.map(|(md, lang, missing)| json!({"html": self.markdown_html(md, Some(&d.id)), "toc": md.toc, "lang": lang, "missing": missing, "title": md.title})),
                "source_text": d.source_text.as_ref().map(|p| p.display().to_string()),
            }
        });
        let label = self.doc_label(di)["label"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let crumbs = vec![
            (
                self.ui("nav_documents"),
                Some(Route::List(self.lang, Section::Documents)),
            ),
            (label.clone(), None),
        ];
        let v = self.frame(&route, label, crumbs, ctx);
        (route, "document.html", v)
    }
}

impl Builder<'_> {
    /// The records resting on a document (basis of tasks, named in tasks, in objectives, in
    /// projects, documents citing it), the given range of each list, with each list's full
    /// count.
    fn rests_lists(&self, di: usize, ranges: [Range<usize>; 5]) -> J {
        let l = &self.site.documents[di];
        let lens = rests_lens(self.site, di);
        let [tasks, mentioned, objectives, projects, cited] = ranges;
        let tasks: Vec<J> = (l.tasks[tasks].iter())
            .map(|(t, clause)| {
                let mut row = self.task_row(*t);
                row["clause"] = json!(clause);
                row
            })
            .collect();
        let cited_by: Vec<J> = (l.cited_by[cited].iter())
            .map(|c| {
                let label = self.doc_label(c.document);
                let base = label["href"].as_str().unwrap_or("").to_owned();
                let places: Vec<J> = (c.places.iter())
                    .map(|a| {
                        let label = match a.strip_prefix('l').and_then(|n| n.parse::<u32>().ok()) {
                            Some(n) => format!("{} {n}", self.ui("line")),
                            None => format!("§ {a}"),
                        };
                        json!({"href": format!("{base}#{a}"), "label": label})
                    })
                    .collect();
                json!({"document": label, "places": places})
            })
            .collect();
        json!({
            "tasks": tasks,
            "mentioned_tasks": l.mentioned_by_tasks[mentioned].iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
            "objectives": l.mentioned_by_objectives[objectives].iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
            "projects": l.mentioned_by_projects[projects].iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
            "cited_by": cited_by,
            "counts": {"tasks": lens[0], "mentioned_tasks": lens[1], "objectives": lens[2], "projects": lens[3], "cited_by": lens[4]},
        })
    }

    /// The records taken from a document (tasks, objectives, projects), the given range of
    /// each list, with each list's full count.
    fn taken_lists(&self, di: usize, ranges: [Range<usize>; 3]) -> J {
        let (t, o, p) = &self.site.documents[di].provenance_of;
        let [rt, ro, rp] = ranges;
        json!({
            "tasks": t[rt].iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
            "objectives": o[ro].iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
            "projects": p[rp].iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
            "counts": {"tasks": t.len(), "objectives": o.len(), "projects": p.len()},
        })
    }

    /// Page `page` of the records resting on a document (`taken` false) or taken from it.
    pub(crate) fn document_records(&mut self, di: usize, taken: bool, page: usize) -> PageOut {
        let s = self.site;
        let listing = if taken {
            Listing::TakenFrom(di)
        } else {
            Listing::CitedBy(di)
        };
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let len = self.prep.paging.len(s, listing);
        let range = self.prep.paging.range(len, page);
        let lists = if taken {
            self.taken_lists(di, slices(taken_lens(s, di), range))
        } else {
            self.rests_lists(di, slices(rests_lens(s, di), range))
        };
        let pager = self.pager(listing, page, len);
        let label = self.doc_label(di);
        let doc = label["label"].as_str().unwrap_or("").to_owned();
        let heading = self
            .ui(if taken {
                "records_taken_title"
            } else {
                "records_rests_title"
            })
            .replace("{doc}", &doc);
        let ctx = json!({
            "taken": taken,
            "heading": heading,
            "document": label,
            "lists": lists,
            "total": len,
            "pager": pager,
        });
        let title = self.paged_title(heading.clone(), &pager);
        let doc_route = Route::Record(
            self.lang,
            Section::Documents,
            s.site.documents[di].id.clone(),
        );
        let crumbs = vec![
            (
                self.ui("nav_documents"),
                Some(Route::List(self.lang, Section::Documents)),
            ),
            (doc, Some(doc_route)),
            (
                self.ui(if taken {
                    "taken_from_this"
                } else {
                    "rests_on_this"
                }),
                None,
            ),
        ];
        let crumbs = self.paged_crumbs(crumbs, listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "document_records.html", v)
    }
}

/// Cuts `range` of a sequence made of lists of lengths `lens`, one after the other, into a
/// range of each list.
fn slices<const N: usize>(lens: [usize; N], range: Range<usize>) -> [Range<usize>; N] {
    let mut start = 0;
    lens.map(|len| {
        let (a, b) = (start, start + len);
        start = b;
        let lo = range.start.clamp(a, b) - a;
        let hi = range.end.clamp(a, b) - a;
        lo..hi.max(lo)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn slices_cut_a_range_across_lists() {
        assert_eq!(super::slices([3, 0, 4], 0..2), [0..2, 0..0, 0..0]);
        assert_eq!(super::slices([3, 0, 4], 2..5), [2..3, 0..0, 0..2]);
        assert_eq!(super::slices([3, 0, 4], 5..9), [3..3, 0..0, 2..4]);
    }
}
