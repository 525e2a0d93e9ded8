//! The remaining pages: the language choice at the root, the not-found page, the open data
//! dictionary, the budget, the glossary and the free pages.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: the root and not-found pages carry both languages' strings.

use minijinja::Value;
use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section, relative};

impl Builder<'_> {
    /// The language choice at the root.
    pub(crate) fn root(&mut self) -> PageOut {
        self.from = Route::Root.path();
        let ctx = json!({
            "site": self.site_ctx(),
            "vi": {"href": self.href(&Route::Home(Lang::Vi)), "title": self.site.site.config.title.vi},
            "en": {"href": self.href(&Route::Home(Lang::En)), "title": self.site.site.config.title.get(Lang::En).0},
            "css": self.asset("style.css"),
            "ui_vi": self.theme.strings.get(&Lang::Vi),
            "ui_en": self.theme.strings.get(&Lang::En),
        });
        (Route::Root, "root.html", Value::from_serialize(&ctx))
    }

    /// The not-found page at the root.
    pub(crate) fn not_found(&mut self) -> PageOut {
        self.from = Route::NotFound.path();
        let abs = self.opts.base_url.is_some();
        let ctx = json!({
            "site": self.site_ctx(),
            "vi": {"href": self.href_abs(&Route::Home(Lang::Vi), abs)},
            "en": {"href": self.href_abs(&Route::Home(Lang::En), abs)},
            "css": if abs { format!("{}assets/style.css", self.opts.base_url.as_deref().unwrap_or("")) } else { self.asset("style.css") },
            "ui_vi": self.theme.strings.get(&Lang::Vi),
            "ui_en": self.theme.strings.get(&Lang::En),
        });
        (Route::NotFound, "404.html", Value::from_serialize(&ctx))
    }

    pub(crate) fn data_page(&mut self) -> PageOut {
        let route = Route::List(self.lang, Section::Data);
        self.from = route.path();
        let tables: Vec<J> = crate::render::data::site_tables(self.site)
            .iter()
            .map(|t| {
                let link =
                    |ext: &str| relative(&self.from, &format!("data/{}.{ext}", t.kind), false);
                json!({
                    "kind": t.kind,
                    "label": self.ui(&format!("nav_{}", t.kind)),
                    "json": link("json"),
                    "csv": link("csv"),
                    "schema": link("schema.json"),
                    "per_record": t.has_pages,
                    "fields": t.columns().iter().map(|f| json!({
                        "name": f.name,
                        "type": f.ty.name(),
                        "meaning": f.meaning(self.lang, &self.site.site.config.plan_kind),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let series = json!({
            "csv": relative(&self.from, "data/indicator-series.csv", false),
            "json": relative(&self.from, "data/indicator-series.json", false),
            "columns": crate::render::data::series::COLUMNS,
        });
        let ctx = json!({"tables": tables, "series": series});
        let title = self.ui("data_title");
        let v = self.frame(&route, title.clone(), vec![(title, None)], ctx);
        (route, "data.html", v)
    }

    pub(crate) fn budget(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, Section::Budget);
        self.from = route.path();
        fn item(b: &Builder, bi: usize, depth: usize, out: &mut Vec<J>) {
            let it = &b.site.site.budget[bi];
            let l = &b.site.budget[bi];
            out.push(json!({
                "depth": depth,
                "anchor": it.anchor(),
                "permalink_label": format!("{}: {}", b.ui("budget_permalink"), it.title.get(b.lang).0),
                "title": b.text(&it.title),
                "amount": b.amount(it.amount),
                "as_written": b.as_written_if_new(it.as_written.as_deref(), Some(it.amount)),
                "facet": b.ui(&format!("facet_{}", it.facet.key())),
                "group": l.group.map(|g| json!({"number": b.site.site.groups[g].number, "title": b.text(&b.site.site.groups[g].title)})),
                "phasing": b.phases(&it.phasing),
                "tasks": l.tasks.iter().map(|&t| b.task_row(t)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| b.project_row(p)).collect::<Vec<_>>(),
                "notes": b.notes(&it.notes),
                "source": b.source(&l.source),
            }));
            for &c in &l.children {
                item(b, c, depth + 1, out);
            }
        }
        let mut tree = Vec::new();
        let mut envelopes = Vec::new();
        for (bi, b) in s.site.budget.iter().enumerate() {
            if b.parent.is_none() {
                if b.facet == Facet::Envelope {
                    item(self, bi, 0, &mut envelopes);
                } else {
                    item(self, bi, 0, &mut tree);
                }
            }
        }
        let ctx = json!({"tree": tree, "envelopes": envelopes});
        let v = self.frame(
            &route,
            self.ui("nav_budget"),
            vec![(self.ui("nav_budget"), None)],
            ctx,
        );
        (route, "budget.html", v)
    }

    pub(crate) fn glossary(&mut self) -> PageOut {
        let route = Route::List(self.lang, Section::Glossary);
        self.from = route.path();
        let collator = crate::link::vi_collator();
        let mut entries: Vec<&GlossaryEntry> = self.site.site.glossary.iter().collect();
        entries.sort_by(|a, b| collator.compare(&a.vi, &b.vi));
        let rows: Vec<J> = entries
            .iter()
            .map(|e| json!({"vi": e.vi, "en": e.en, "note": e.note}))
            .collect();
        let ctx = json!({"entries": rows});
        let v = self.frame(
            &route,
            self.ui("nav_glossary"),
            vec![(self.ui("nav_glossary"), None)],
            ctx,
        );
        (route, "glossary.html", v)
    }

    pub(crate) fn page(&mut self, pi: usize) -> PageOut {
        let p = &self.site.site.pages[pi];
        let route = Route::Record(self.lang, Section::Pages, p.id.clone());
        self.from = route.path();
        let (md, lang, missing) = match (self.lang, &p.en) {
            (Lang::En, Some(en)) => (en, "en", false),
            (Lang::En, None) => (&p.vi, "vi", true),
            _ => (&p.vi, "vi", false),
        };
        let title = md.title.clone().unwrap_or_default();
        let ctx = json!({"content": {"html": self.markdown_html(md, None), "lang": lang, "missing": missing, "title": title}});
        let v = self.frame(&route, title.clone(), vec![(title.clone(), None)], ctx);
        (route, "page.html", v)
    }
}
