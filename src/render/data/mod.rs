//! Open data: every kind of record as JSON and CSV, with a JSON Schema per kind.
//!
//! Input: the linked site and the render options. Output: the files under `data/` (one
//! `<kind>.json`, `<kind>.csv` and `<kind>.schema.json` per kind, and `data/<kind>/<id>.json`
//! per record; the indicators' series in `series`) and the field tables that the data dictionary page shows.
//! Guarantee: one table of fields per kind ([`tables`]) defines the CSV columns, the JSON keys,
//! the schema and the dictionary, so the four cannot disagree; both languages are separate
//! columns (`title_vi`, `title_en`; empty English means not yet translated); amounts are exact
//! decimal strings in billion VND; ids are the permanent record ids; output is deterministic.

use serde_json::{Map, Value as J, json};

use crate::link::LinkedSite;
use crate::model::*;
use crate::render::OutputFile;
use crate::render::route::{Route, Section};

mod cascade;
mod fields;
pub(crate) mod series;
pub use cascade::cascade_tables;
use fields::schema;
pub use fields::{Table, Ty, tables};

/// The tables of a site: every kind's, and the cascade's when the site has plans.
pub fn site_tables(site: &LinkedSite) -> Vec<Table> {
    let mut v = tables().to_vec();
    if !site.site.plans.is_empty() {
        v.extend(cascade_tables());
    }
    v
}

fn opt(s: Option<&str>) -> J {
    s.map_or(J::Null, |s| J::String(s.to_owned()))
}

fn en(t: &Text) -> J {
    opt(t.en.as_deref())
}

fn list<I: IntoIterator<Item = S>, S: Into<String>>(it: I) -> J {
    J::Array(it.into_iter().map(|s| J::String(s.into())).collect())
}

fn amount(a: Option<Amount>) -> J {
    a.map_or(J::Null, |a| J::String(a.0.normalize().to_string()))
}

/// The budget columns of a task or project: exact amount, as printed, funding in both languages.
fn money_columns(r: &mut Map<String, J>, m: &Option<Money>) {
    let m = m.as_ref();
    let funding = m.and_then(|b| b.funding.as_ref());
    r.insert(
        "budget_billion_vnd".into(),
        amount(m.and_then(|b| b.amount)),
    );
    r.insert(
        "budget_as_written".into(),
        opt(m.and_then(|b| b.as_written.as_deref())),
    );
    r.insert("funding_vi".into(), opt(funding.map(|x| x.vi.as_str())));
    r.insert("funding_en".into(), funding.map_or(J::Null, en));
}

fn phasing(ps: &[Phase]) -> J {
    list(ps.iter().map(|p| match p.to {
        Some(to) => format!("{}-{}/avg={}", p.year, to, p.amount.0.normalize()),
        None => format!("{}={}", p.year, p.amount.0.normalize()),
    }))
}

/// Builds every data file.
pub fn files(site: &LinkedSite, base_url: Option<&str>) -> Vec<OutputFile> {
    let mut out = Vec::new();
    files_to(site, base_url, &mut |f| out.push(f));
    out
}

/// [`files`], each handed to `put` as soon as it is made, so that the whole open data (tens
/// of MB for a large site) is never held in memory at once: only one table's records.
pub fn files_to(site: &LinkedSite, base_url: Option<&str>, put: &mut dyn FnMut(OutputFile)) {
    let s = &site.site;
    let url = |lang: Lang, section: Section, id: &str| {
        let path = Route::Record(lang, section, id.to_owned()).path();
        match base_url {
            Some(b) => format!("{b}{}", path.strip_suffix("index.html").unwrap_or(&path)),
            None => path,
        }
    };
    let names = |ps: &[crate::link::LParty], lang: Lang| -> J {
        list(ps.iter().map(|p| match p {
            crate::link::LParty::Agency(a) => s.agencies[*a].name.get(lang).0.to_owned(),
            crate::link::LParty::Text(t, _) => t.get(lang).0.to_owned(),
        }))
    };
    let agency_ids = |ps: &[crate::link::LParty]| -> J {
        list(ps.iter().filter_map(|p| match p {
            crate::link::LParty::Agency(a) | crate::link::LParty::Text(_, Some(a)) => {
                Some(s.agencies[*a].id.clone())
            }
            _ => None,
        }))
    };
    let doc_id = |d: usize| s.documents[d].id.clone();
    let common = |rec: &mut Map<String, J>, section: Section, id: &str, src: &Option<Source>| {
        rec.insert("url_vi".into(), J::String(url(Lang::Vi, section, id)));
        rec.insert("url_en".into(), J::String(url(Lang::En, section, id)));
        rec.insert(
            "source_document".into(),
            opt(src.as_ref().map(|x| x.document.as_str())),
        );
        rec.insert(
            "source_line".into(),
            src.as_ref()
                .and_then(|x| x.line)
                .map_or(J::Null, |l| json!(l)),
        );
    };

    let as_of = s.config.data_as_of.to_string();
    let meta = table_meta(&s.config);
    let [t_tasks, t_obj, t_proj, t_ag, t_doc, t_budget, t_topics] = tables();

    let mut rows = TableOut::new(t_tasks, &as_of, &meta);
    for &ti in &site.tasks_in_order {
        let (t, l) = (&s.tasks[ti], &site.tasks[ti]);
        let last = t.reports.last();
        let mut r = Map::new();
        r.insert("id".into(), json!(t.id));
        r.insert("number".into(), json!(t.number));
        r.insert("group".into(), json!(t.group));
        r.insert("title_vi".into(), json!(t.title.vi));
        r.insert("title_en".into(), en(&t.title));
        r.insert("lead".into(), agency_ids(&l.lead));
        r.insert("lead_vi".into(), names(&l.lead, Lang::Vi));
        r.insert("lead_en".into(), names(&l.lead, Lang::En));
        r.insert("coordinators_vi".into(), names(&l.coordinators, Lang::Vi));
        r.insert("coordinators_en".into(), names(&l.coordinators, Lang::En));
        r.insert(
            "result_vi".into(),
            opt(t.result.as_ref().map(|x| x.vi.as_str())),
        );
        r.insert("result_en".into(), t.result.as_ref().map_or(J::Null, en));
        r.insert(
            "deadline_vi".into(),
            opt(t.deadline.as_ref().map(|d| d.text.vi.as_str())),
        );
        r.insert(
            "deadline_en".into(),
            t.deadline.as_ref().map_or(J::Null, |d| en(&d.text)),
        );
        r.insert(
            "deadline_end".into(),
            opt(l.end_date.map(|d| d.to_string()).as_deref()),
        );
        money_columns(&mut r, &t.budget);
        r.insert(
            "basis".into(),
            list(l.basis.iter().map(|c| doc_id(c.document))),
        );
        r.insert(
            "basis_as_written".into(),
            list(l.basis.iter().filter_map(|c| c.as_written.clone())),
        );
        r.insert("in_approved_plan".into(), json!(t.in_approved_plan));
        r.insert(
            "draft_number".into(),
            opt(t.draft.as_ref().map(|d| d.number.as_str())),
        );
        r.insert("status".into(), json!(l.status.key()));
        r.insert(
            "last_report_date".into(),
            opt(last.map(|x| x.date.to_string()).as_deref()),
        );
        r.insert(
            "last_report_status".into(),
            opt(last.map(|x| x.status.key())),
        );
        r.insert(
            "last_report_percent".into(),
            last.and_then(|x| x.percent).map_or(J::Null, |p| json!(p)),
        );
        r.insert(
            "objectives".into(),
            list(l.objectives.iter().map(|&o| s.objectives[o].id.clone())),
        );
        r.insert(
            "projects".into(),
            list(l.projects.iter().map(|&p| s.projects[p].id.clone())),
        );
        r.insert(
            "topics".into(),
            list(l.topics.iter().map(|&k| s.topics[k].id.clone())),
        );
        r.insert(
            "implements".into(),
            list(t.implements.iter().map(|i| i.commitment.clone())),
        );
        r.insert(
            "budget_lines".into(),
            list(l.budget.iter().map(|&b| s.budget[b].id.clone())),
        );
        common(&mut r, Section::Tasks, &t.id, &t.source);
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);

    let mut rows = TableOut::new(t_obj, &as_of, &meta);
    for &oi in &site.objectives_in_order {
        let o = &s.objectives[oi];
        let mut r = Map::new();
        r.insert("id".into(), json!(o.id));
        r.insert("horizon".into(), json!(o.horizon));
        r.insert("number".into(), json!(o.number));
        r.insert("group".into(), opt(o.group.as_deref()));
        r.insert("parent".into(), opt(o.parent.as_deref()));
        r.insert("title_vi".into(), json!(o.title.vi));
        r.insert("title_en".into(), en(&o.title));
        r.insert(
            "unit_vi".into(),
            opt(o.unit.as_ref().map(|u| u.vi.as_str())),
        );
        r.insert("unit_en".into(), o.unit.as_ref().map_or(J::Null, en));
        r.insert(
            "target_vi".into(),
            opt(o.target.as_ref().map(|t| t.text.vi.as_str())),
        );
        r.insert(
            "target_en".into(),
            o.target.as_ref().map_or(J::Null, |t| en(&t.text)),
        );
        r.insert(
            "comparator".into(),
            o.target
                .as_ref()
                .and_then(|t| t.comparator)
                .map_or(J::Null, |c| serde_json::to_value(c).unwrap_or(J::Null)),
        );
        r.insert(
            "value".into(),
            amount(o.target.as_ref().and_then(|t| t.value).map(Amount)),
        );
        r.insert(
            "topics".into(),
            list(
                site.objectives[oi]
                    .topics
                    .iter()
                    .map(|&k| s.topics[k].id.clone()),
            ),
        );
        r.insert(
            "implements".into(),
            list(o.implements.iter().map(|i| i.commitment.clone())),
        );
        common(&mut r, Section::Objectives, &o.id, &o.source);
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);

    let mut rows = TableOut::new(t_proj, &as_of, &meta);
    for (pi, p) in s.projects.iter().enumerate() {
        let l = &site.projects[pi];
        let mut r = Map::new();
        r.insert("id".into(), json!(p.id));
        r.insert("number".into(), json!(p.number));
        r.insert("title_vi".into(), json!(p.title.vi));
        r.insert("title_en".into(), en(&p.title));
        r.insert("lead".into(), agency_ids(&l.lead));
        r.insert("lead_vi".into(), names(&l.lead, Lang::Vi));
        money_columns(&mut r, &p.budget);
        r.insert("phasing".into(), phasing(&p.phasing));
        r.insert(
            "tasks".into(),
            list(l.tasks.iter().map(|&t| s.tasks[t].id.clone())),
        );
        r.insert(
            "topics".into(),
            list(l.topics.iter().map(|&k| s.topics[k].id.clone())),
        );
        r.insert(
            "budget_lines".into(),
            list(l.budget.iter().map(|&b| s.budget[b].id.clone())),
        );
        common(&mut r, Section::Projects, &p.id, &p.source);
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);

    let mut rows = TableOut::new(t_ag, &as_of, &meta);
    for &ai in &site.agencies_by_name {
        let (a, l) = (&s.agencies[ai], &site.agencies[ai]);
        let mut r = Map::new();
        r.insert("id".into(), json!(a.id));
        r.insert("name_vi".into(), json!(a.name.vi));
        r.insert("name_en".into(), en(&a.name));
        r.insert(
            "short_name".into(),
            opt(a.short_name.as_ref().map(|x| x.vi.as_str())),
        );
        r.insert("kind".into(), json!(a.kind.key()));
        r.insert("aliases".into(), list(a.aliases.iter().cloned()));
        r.insert("website".into(), opt(a.url.as_deref()));
        r.insert(
            "leads".into(),
            list(l.leads.iter().map(|&t| s.tasks[t].id.clone())),
        );
        r.insert(
            "supports".into(),
            list(l.supports.iter().map(|&t| s.tasks[t].id.clone())),
        );
        common(&mut r, Section::Agencies, &a.id, &a.source);
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);

    let mut rows = TableOut::new(t_doc, &as_of, &meta);
    for &di in &site.documents_in_order {
        let (d, l) = (&s.documents[di], &site.documents[di]);
        let mut r = Map::new();
        r.insert("id".into(), json!(d.id));
        r.insert("number".into(), opt(d.number.as_deref()));
        r.insert("aliases".into(), list(d.aliases.iter().cloned()));
        r.insert("type".into(), json!(d.doc_type.key()));
        r.insert(
            "issuer_vi".into(),
            opt(d.issuer.as_ref().map(|x| x.vi.as_str())),
        );
        r.insert("issuer_en".into(), d.issuer.as_ref().map_or(J::Null, en));
        r.insert("date".into(), opt(d.date.map(|x| x.to_string()).as_deref()));
        r.insert(
            "title_vi".into(),
            opt(d.title.as_ref().map(|x| x.vi.as_str())),
        );
        r.insert("title_en".into(), d.title.as_ref().map_or(J::Null, en));
        r.insert("official_url".into(), opt(d.url.as_deref()));
        r.insert("hosted_text".into(), json!(d.text.vi.is_some()));
        let mut basis: Vec<String> = l
            .tasks
            .iter()
            .map(|(t, _)| s.tasks[*t].id.clone())
            .collect();
        basis.dedup();
        r.insert("basis_of_tasks".into(), list(basis));
        r.insert("cites".into(), list(l.cites.iter().map(|&c| doc_id(c))));
        r.insert(
            "cited_by".into(),
            list(l.cited_by.iter().map(|c| doc_id(c.document))),
        );
        common(&mut r, Section::Documents, &d.id, &d.source);
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);

    let mut rows = TableOut::new(t_budget, &as_of, &meta);
    for b in &s.budget {
        let mut r = Map::new();
        r.insert("id".into(), json!(b.id));
        r.insert("parent".into(), opt(b.parent.as_deref()));
        r.insert(
            "facet".into(),
            json!(match b.facet {
                Facet::Total => "total",
                Facet::Source => "source",
                Facet::Purpose => "purpose",
                Facet::Envelope => "envelope",
            }),
        );
        r.insert("title_vi".into(), json!(b.title.vi));
        r.insert("title_en".into(), en(&b.title));
        r.insert("group".into(), opt(b.group.as_deref()));
        r.insert("amount_billion_vnd".into(), amount(Some(b.amount)));
        r.insert("as_written".into(), opt(b.as_written.as_deref()));
        r.insert("phasing".into(), phasing(&b.phasing));
        r.insert("tasks".into(), list(b.tasks.iter().cloned()));
        r.insert("projects".into(), list(b.projects.iter().cloned()));
        for lang in Lang::ALL {
            let page = Route::List(lang, Section::Budget).path();
            let page = match base_url {
                Some(base) => format!("{base}{}", page.strip_suffix("index.html").unwrap_or(&page)),
                None => page,
            };
            r.insert(
                format!("url_{}", lang.code()),
                J::String(format!("{page}#{}", b.anchor())),
            );
        }
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);
    series::files_to(site, put);

    let mut rows = TableOut::new(t_topics, &as_of, &meta);
    for (t, l) in s.topics.iter().zip(&site.topics) {
        let mut r = Map::new();
        r.insert("id".into(), json!(t.id));
        r.insert("order".into(), json!(t.order));
        r.insert("title_vi".into(), json!(t.title.vi));
        r.insert("title_en".into(), en(&t.title));
        r.insert(
            "description_vi".into(),
            opt(t.description.as_ref().map(|x| x.vi.as_str())),
        );
        r.insert(
            "description_en".into(),
            t.description.as_ref().map_or(J::Null, en),
        );
        r.insert(
            "tasks".into(),
            list(l.tasks.iter().map(|&i| s.tasks[i].id.clone())),
        );
        r.insert(
            "objectives".into(),
            list(l.objectives.iter().map(|&i| s.objectives[i].id.clone())),
        );
        r.insert(
            "projects".into(),
            list(l.projects.iter().map(|&i| s.projects[i].id.clone())),
        );
        r.insert(
            "url_vi".into(),
            J::String(url(Lang::Vi, Section::Topics, &t.id)),
        );
        r.insert(
            "url_en".into(),
            J::String(url(Lang::En, Section::Topics, &t.id)),
        );
        rows.push(r, put);
    }
    rows.finish(put, &s.config.plan_kind);

    cascade::files_to(site, &url, put);
}

/// The files of one table, written record by record: `<kind>.json`, `<kind>.csv`, the schema,
/// and `<kind>/<id>.json` per record when the kind has pages. Only the table's JSON and CSV
/// text are held, not every record's JSON tree, and the bytes are those of serde_json's pretty
/// printing of the whole table.
struct TableOut<'a> {
    table: Table,
    as_of: &'a str,
    /// `<kind>.json` so far.
    json: String,
    records: usize,
    csv: csv::Writer<Vec<u8>>,
}

/// Who publishes the data and under which licence: in every table's JSON, before the records
/// (the citation's author and the terms of reuse).
fn table_meta(c: &SiteConfig) -> Vec<(&'static str, J)> {
    let text = |t: &Text| json!({"vi": t.vi, "en": t.en});
    let mut meta: Vec<(&str, J)> = vec![("publisher", text(&c.publisher))];
    if let Some(l) = &c.licence {
        meta.push(("licence", json!({"name": text(&l.name), "url": l.url})));
    }
    meta
}

impl<'a> TableOut<'a> {
    fn new(table: Table, as_of: &'a str, meta: &[(&str, J)]) -> Self {
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = csv.write_record(table.columns().iter().map(|c| c.name));
        let json = format!(
            "{{\n  \"$schema\": {},\n  \"data_as_of\": {},\n{}  \"records\": [",
            J::String(format!("{}.schema.json", table.kind)),
            J::String(as_of.to_owned()),
            meta.iter()
                .map(|(k, v)| format!(
                    "  {}: {},\n",
                    J::String((*k).to_owned()),
                    serde_json::to_string(v).unwrap_or_default()
                ))
                .collect::<String>(),
        );
        TableOut {
            table,
            as_of,
            json,
            records: 0,
            csv,
        }
    }

    /// Adds a record (every column of the table, by name).
    fn push(&mut self, r: Map<String, J>, put: &mut dyn FnMut(OutputFile)) {
        let columns = self.table.columns();
        debug_assert!(r.len() == columns.len());
        let row: Vec<String> = columns
            .iter()
            .map(|c| {
                let cell = match r.get(c.name).unwrap_or(&J::Null) {
                    J::Null => String::new(),
                    J::String(x) => x.clone(),
                    J::Array(xs) => xs
                        .iter()
                        .filter_map(J::as_str)
                        .collect::<Vec<_>>()
                        .join("; "),
                    other => other.to_string(),
                };
                match c.ty {
                    Ty::Str | Ty::OptStr | Ty::List => csv_text_cell(cell),
                    Ty::Decimal | Ty::Date | Ty::Int | Ty::Bool => cell,
                }
            })
            .collect();
        let _ = self.csv.write_record(&row);
        // In the table, the record is pretty-printed two levels in (JSON strings hold no line
        // breaks, so indenting each line is exact).
        let record = J::Object(r);
        self.json
            .push_str(if self.records == 0 { "\n" } else { ",\n" });
        let text = serde_json::to_string_pretty(&record).unwrap_or_default();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.json.push('\n');
            }
            self.json.push_str("    ");
            self.json.push_str(line);
        }
        self.records += 1;
        // One file per record, linked from its page.
        if self.table.has_pages {
            let id = record
                .get("id")
                .and_then(J::as_str)
                .unwrap_or_default()
                .to_owned();
            let mut one = Map::new();
            one.insert("data_as_of".into(), J::String(self.as_of.to_owned()));
            one.insert("record".into(), record);
            put(file(
                format!("data/{}/{id}.json", self.table.kind),
                pretty(&J::Object(one)),
            ));
        }
    }

    /// Hands the table's JSON, CSV and schema to `put`.
    fn finish(mut self, put: &mut dyn FnMut(OutputFile), plan_kind: &Text) {
        self.json.push_str(if self.records == 0 {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        put(file(format!("data/{}.json", self.table.kind), self.json));
        let mut csv_bytes = "\u{feff}".as_bytes().to_vec(); // BOM: spreadsheets read UTF-8
        csv_bytes.extend(self.csv.into_inner().unwrap_or_default());
        put(OutputFile {
            path: format!("data/{}.csv", self.table.kind),
            bytes: csv_bytes,
            kind: "data",
            lang: None,
        });
        put(file(
            format!("data/{}.schema.json", self.table.kind),
            pretty(&schema(&self.table, plan_kind)),
        ));
    }
}

/// A text cell as the CSV files write it, safe from formula injection (OWASP, "CSV
/// Injection"): a text a spreadsheet would run as a formula — one that starts with `=`, `+`,
/// `-` or `@`, after any leading whitespace, or starts with a tab or a carriage return — gets a
/// single quote `'` in front, which spreadsheets show as text; anything else is kept as it is.
/// Only text columns pass here: the number, decimal, date and boolean columns are written by
/// camket itself (`-5` stays a number), and the JSON files keep every text exactly.
pub fn csv_text_cell(text: String) -> String {
    let risky = |c: char| matches!(c, '=' | '+' | '-' | '@');
    let starts_risky = text.starts_with(['\t', '\r']) || text.trim_start().starts_with(risky);
    if starts_risky {
        format!("'{text}")
    } else {
        text
    }
}

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        bytes: text.into_bytes(),
        kind: "data",
        lang: None,
    }
}

fn pretty(v: &J) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_text_cells_that_start_a_formula_are_quoted() {
        let c = |t: &str| csv_text_cell(t.to_owned());
        assert_eq!(c("=1+1"), "'=1+1");
        assert_eq!(c("\t=1+1"), "'\t=1+1");
        assert_eq!(c("  @SUM(A1)"), "'  @SUM(A1)");
        assert_eq!(c("+84 24 3825 3536"), "'+84 24 3825 3536");
        assert_eq!(c("-5"), "'-5");
        assert_eq!(c("\rx"), "'\rx");
        assert_eq!(c("\tplain"), "'\tplain");
        assert_eq!(c("Kế hoạch = 1"), "Kế hoạch = 1");
        assert_eq!(c(""), "");
        assert_eq!(c("'=quoted"), "'=quoted");
    }

    use super::*;

    #[test]
    fn column_names_are_unique_and_bilingual_pairs_complete() {
        for t in tables().into_iter().chain(cascade_tables()) {
            let cols = t.columns();
            let mut names: Vec<&str> = cols.iter().map(|c| c.name).collect();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "{}: duplicate column", t.kind);
            for c in &cols {
                if let Some(stem) = c.name.strip_suffix("_en") {
                    assert!(
                        names.contains(&format!("{stem}_vi").as_str()),
                        "{}: {} without _vi",
                        t.kind,
                        c.name
                    );
                }
            }
        }
    }
}
