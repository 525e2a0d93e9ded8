//! Search records of the cascade: one per plan and one per commitment.
//!
//! Input: the [`Recorder`] of a language. Output: the records, in site order (plans as
//! `site.yaml` lists them, commitments in content order). Guarantee: the kind filter is the
//! localised `search_kind_plan` / `search_kind_commitment`; a commitment's responsible agencies
//! are its `agency` filter, as a task's leads are.

use super::{Content, Recorder};
use crate::render::{Route, Section as Sec};
use crate::search::SearchRecord;

impl Recorder<'_> {
    pub(super) fn cascade(&self, out: &mut Vec<SearchRecord>) {
        let s = self.site;
        for (pi, p) in s.site.plans.iter().enumerate() {
            let route = Route::Record(self.lang, Sec::Plans, p.id.clone());
            let mut c = Content::default();
            c.push(self.t(&p.short));
            c.push(self.t(&p.title));
            c.push(self.ui(&format!("plan_kind_{}", p.kind.key())));
            c.push(self.t(&p.issuer));
            if let Some(h) = &p.horizon {
                c.push(self.t(h));
            }
            c.push(self.doc_label(s.cascade.plans[pi].document));
            for g in &p.groups {
                c.push(g.number.as_deref().unwrap_or(""));
                c.push(self.t(&g.title));
            }
            let title = format!("{} — {}", self.t(&p.short), self.t(&p.title));
            out.push(self.record(&route, None, "search_kind_plan", title, c));
        }
        for (ci, cm) in s.site.commitments.iter().enumerate() {
            let l = &s.cascade.commitments[ci];
            let plan = &s.site.plans[l.plan];
            let route = Route::Record(self.lang, Sec::Commitments, cm.id.clone());
            let mut c = Content::default();
            c.push(self.t(&cm.text));
            c.push(self.t(&plan.short));
            c.push(cm.number.as_deref().unwrap_or(""));
            c.push(self.ui(&format!("commitment_kind_{}", cm.kind.key())));
            if let Some(g) = l.group.map(|g| &plan.groups[g]) {
                c.push(self.t(&g.title));
            }
            for t in &cm.targets {
                c.push(self.t(t));
            }
            for party in &l.responsible {
                c.push(self.party_name(party));
            }
            if let Some(d) = &cm.deadline {
                c.push(self.t(&d.text));
            }
            for n in &cm.notes {
                c.push(self.t(&n.text));
            }
            let label = s.cascade.label(&s.site, ci, self.lang);
            let title = format!("{label} — {}", self.t(&cm.text));
            let mut rec = self.record(&route, None, "search_kind_commitment", title, c);
            rec.number = cm.number.clone();
            let agencies = self.agencies(&l.responsible);
            if !agencies.is_empty() {
                rec.filters.insert("agency".into(), agencies);
            }
            out.push(rec);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Lang;
    use crate::render::RenderOptions;

    #[test]
    fn plans_and_commitments_are_search_records_with_their_filters() {
        let (site, theme) = crate::search::test_site::fixture("cascade");
        let records = super::super::records(&site, &theme, &RenderOptions { base_url: None });
        let count = |lang: Lang, kind: &str| {
            (records.iter())
                .filter(|r| r.lang == lang && r.filters["kind"] == [kind.to_owned()])
                .count()
        };
        assert_eq!(count(Lang::En, "Plan"), 5);
        assert_eq!(count(Lang::En, "Commitment"), 6);
        assert_eq!(count(Lang::Vi, "Cam kết"), 6);
        let r = (records.iter())
            .find(|r| r.url == "/en/commitments/du-tuyen-truyen/index.html")
            .expect("a record of the commitment");
        assert_eq!(r.filters["agency"], ["City Police".to_owned()]);
        assert!(
            r.title.starts_with("3-KH/ĐU 1 — Organise communication"),
            "{}",
            r.title
        );
    }
}
