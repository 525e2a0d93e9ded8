//! Document pages: the list by document type and one page per document (its hosted text with
//! citation links, what rests on it and what it cites).
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: references into the document's own text are bare `#anchor` links.

use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::context::{Builder, PageOut};
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
        let tasks: Vec<J> = l
            .tasks
            .iter()
            .map(|(t, clause)| {
                let mut row = self.task_row(*t);
                row["clause"] = json!(clause);
                row
            })
            .collect();
        let cited_by: Vec<J> = l
            .cited_by
            .iter()
            .map(|c| {
                let label = self.doc_label(c.document);
                let base = label["href"].as_str().unwrap_or("").to_owned();
                let places: Vec<J> = c
                    .places
                    .iter()
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
        let mentioned_tasks: Vec<J> = l
            .mentioned_by_tasks
            .iter()
            .map(|&t| self.task_row(t))
            .collect();
        let objectives: Vec<J> = l
            .mentioned_by_objectives
            .iter()
            .map(|&o| self.objective_row(o))
            .collect();
        let projects: Vec<J> = l
            .mentioned_by_projects
            .iter()
            .map(|&p| self.project_row(p))
            .collect();
        let rests_total = tasks.len()
            + mentioned_tasks.len()
            + objectives.len()
            + projects.len()
            + cited_by.len();
        let cites: Vec<J> = l.cites.iter().map(|&c| self.doc_label(c)).collect();
        let cited_as: Vec<J> = l
            .cited_as
            .iter()
            .map(|c| self.source(&Some(c.clone())))
            .collect();
        let (prov_t, prov_o, prov_p) = &l.provenance_of;
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
                "tasks": tasks,
                "mentioned_tasks": mentioned_tasks,
                "objectives": objectives,
                "projects": projects,
                "rests_total": rests_total,
                "cited_by": cited_by,
                "cites": cites,
                "cited_as": cited_as,
                "provenance": {
                    "tasks": prov_t.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                    "objectives": prov_o.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                    "projects": prov_p.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
                },
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
