//! Validate, records: checks each kind of record (groups, agencies, tasks and their reports, objectives, projects, budget figures, documents, glossary) and builds its
//! model value.

use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::diagnostic::Pos;
use crate::model::raw::*;
use crate::model::*;
use crate::strings::nfc;

use super::Validator;

impl Validator<'_> {
    pub(super) fn group(&mut self, g: &RawGroup) -> Option<Group> {
        let kind = match g.kind.value.as_str() {
            "task" => GroupKind::Task,
            "objective" => GroupKind::Objective,
            other => {
                self.err(
                    Pos::of(&g.kind),
                    format!("unknown group kind `{other}`"),
                    "use `task` (a solution group) or `objective` (an indicator group)",
                );
                return None;
            }
        };
        Some(Group {
            id: g.id.value.clone(),
            kind,
            number: g.number.value.trim().to_owned(),
            horizon: g.horizon.as_ref().map(|h| h.value),
            title: self.text(&g.title),
            order: g.order.value,
            source: self.opt_source(&g.source),
        })
    }

    pub(super) fn agency(&mut self, a: &RawAgency) -> Option<Agency> {
        let kind = AgencyKind::KEYS
            .iter()
            .find(|(k, _)| *k == a.kind.value)
            .map(|(_, k)| *k);
        if kind.is_none() {
            let keys: Vec<&str> = AgencyKind::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&a.kind),
                format!("unknown agency kind `{}`", a.kind.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let url = a.url.as_ref().map(|u| self.url(u));
        let duties = a
            .duties
            .iter()
            .map(|d| Duty {
                label: d.label.clone().unwrap_or_default(),
                text: self.text(&d.text),
                source: self.opt_source(&d.source),
            })
            .collect();
        Some(Agency {
            id: a.id.value.clone(),
            name: self.text(&a.name),
            short_name: self.opt_text(&a.short_name),
            aliases: a.aliases.iter().map(|s| nfc(s)).collect(),
            kind: kind?,
            duties,
            url: url.flatten(),
            notes: self.notes(&a.notes),
            source: self.opt_source(&a.source),
        })
    }

    pub(super) fn url(&mut self, u: &S<String>) -> Option<String> {
        let v = u.value.trim();
        if v.starts_with("https://") || v.starts_with("http://") {
            Some(v.to_owned())
        } else {
            self.err(
                Pos::of(u),
                format!("`{v}` is not an http(s) URL"),
                "links must start with https:// or http://",
            );
            None
        }
    }

    pub(super) fn deadline(&mut self, d: &S<RawDeadline>) -> Option<Deadline> {
        let r = &d.value;
        let text = self.text(&r.text);
        let pos = Pos::of(d);
        let year = r.year.as_ref().and_then(|y| self.year(y));
        let readings = [
            r.year.is_some(),
            r.from.is_some() || r.to.is_some(),
            r.recurring.is_some(),
            r.condition.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if readings > 1 {
            self.err(
                pos,
                "a deadline has more than one reading",
                "give only one of: year (with quarter or month), from + to, recurring, condition",
            );
            return None;
        }
        if r.quarter.is_some() && r.month.is_some() {
            self.err(
                pos,
                "a deadline has both a quarter and a month",
                "keep the one the wording says",
            );
            return None;
        }
        let kind = if let Some(q) = &r.quarter {
            if !(1..=4).contains(&q.value) {
                self.err(
                    Pos::of(q),
                    format!("quarter {} does not exist", q.value),
                    "quarters are 1 to 4",
                );
                return None;
            }
            let Some(y) = year else {
                self.err(Pos::of(q), "a quarter needs a year", "add `year:`");
                return None;
            };
            DeadlineKind::Quarter(y, q.value)
        } else if let Some(m) = &r.month {
            if !(1..=12).contains(&m.value) {
                self.err(
                    Pos::of(m),
                    format!("month {} does not exist", m.value),
                    "months are 1 to 12",
                );
                return None;
            }
            let Some(y) = year else {
                self.err(Pos::of(m), "a month needs a year", "add `year:`");
                return None;
            };
            DeadlineKind::Month(y, m.value)
        } else if let Some(y) = year {
            DeadlineKind::Year(y)
        } else if r.year.is_some() {
            return None;
        } else if r.from.is_some() || r.to.is_some() {
            let (Some(f), Some(t)) = (&r.from, &r.to) else {
                self.err(
                    pos,
                    "a year range needs both `from` and `to`",
                    "write e.g. `from: 2025` and `to: 2030`",
                );
                return None;
            };
            let (f, t) = (self.year(f)?, self.year(t)?);
            if f > t {
                self.err(
                    pos,
                    format!("the range {f}–{t} ends before it starts"),
                    "swap `from` and `to`",
                );
                return None;
            }
            DeadlineKind::Range(f, t)
        } else if let Some(rec) = &r.recurring {
            match rec.value.as_str() {
                "continuous" => DeadlineKind::Recurring(Recurrence::Continuous),
                "annual" => DeadlineKind::Recurring(Recurrence::Annual),
                other => {
                    self.err(
                        Pos::of(rec),
                        format!("unknown recurrence `{other}`"),
                        "use `continuous` (Thường xuyên) or `annual` (Hằng năm)",
                    );
                    return None;
                }
            }
        } else if let Some(c) = &r.condition {
            DeadlineKind::Conditional(self.text(c))
        } else {
            DeadlineKind::Wording
        };
        Some(Deadline { text, kind })
    }

    pub(super) fn task(&mut self, t: &RawTask) -> Option<Task> {
        let group = self.group_ref(&t.group, GroupKind::Task);
        if t.lead.value.is_empty() {
            self.err(
                Pos::of(&t.lead),
                "a task needs at least one lead",
                "name the lead agency (Cơ quan chủ trì)",
            );
        }
        // Required for publication (docs/content.md): every task says where the plan prints it.
        // Without --strict a task may lack it, so that a site can be previewed while its
        // sources are being found.
        if t.source.is_none() && self.strict {
            self.err(
                Pos::of(&t.id),
                format!("task `{}` has no `source` (--strict)", t.id.value),
                "add where the plan prints the task: `source: {document: <id>, anchor: <anchor>}` or `{document: <id>, line: <n>}`",
            );
        }
        let lead = self.parties(&t.lead.value);
        let coordinators = self.parties(&t.coordinators);
        let deadline = t.deadline.as_ref().and_then(|d| self.deadline(d));
        let deadlines_in_text = t
            .deadlines_in_text
            .iter()
            .filter_map(|d| {
                let when = self.deadline(&d.when);
                let about = self.opt_text(&d.about);
                let source = self.source(&d.source);
                if source.as_ref().is_some_and(|s| s.line.is_none()) {
                    self.err(
                        Pos::of(&d.when),
                        "a deadline from the body text needs the line it is on",
                        "add `line:` to its `source:`",
                    );
                }
                Some(TextDeadline {
                    when: when?,
                    about,
                    source: source?,
                })
            })
            .collect();
        let basis = t
            .basis
            .iter()
            .filter_map(|c| {
                let as_written: Option<String> = c.as_written.as_ref().map(|s| nfc(s));
                if let Some(w) = &as_written {
                    self.scan_text(w, Pos::of(&c.document));
                }
                Some(Citation {
                    document: self.reference(&c.document, "document")?,
                    clause: c.clause.clone(),
                    as_written,
                })
            })
            .collect();
        let draft = t.draft.as_ref().and_then(|d| {
            let document = self.reference(&d.document, "document")?;
            let mut changes = Vec::new();
            for (key, field) in [
                ("title", &d.title),
                ("deadline", &d.deadline),
                ("result", &d.result),
                ("lead", &d.lead),
                ("coordinators", &d.coordinators),
                ("basis", &d.basis),
            ] {
                if let Some(f) = field {
                    changes.push((key, self.text(f)));
                }
            }
            Some(Draft {
                document,
                number: d.number.trim().to_owned(),
                changes,
                note: self.opt_text(&d.note),
            })
        });
        let reports = t
            .reports
            .iter()
            .filter_map(|r| self.report(r))
            .collect::<Vec<_>>();
        let mut reports = reports;
        reports.sort_by_key(|r| r.date);
        Some(Task {
            id: t.id.value.clone(),
            aliases: t.aliases.iter().map(|a| a.value.clone()).collect(),
            number: t.number.value.trim().to_owned(),
            group: group?,
            title: self.text(&t.title),
            lead,
            coordinators,
            result: self.opt_text(&t.result),
            deadline,
            deadlines_in_text,
            basis,
            budget: t.budget.as_ref().map(|b| self.money(b)),
            objectives: self.refs(&t.objectives, "objective"),
            projects: self.refs(&t.projects, "project"),
            topics: self.topic_refs(&t.topics),
            in_approved_plan: t.in_approved_plan.unwrap_or(true),
            draft,
            reports,
            notes: self.notes(&t.notes),
            source: self.opt_source(&t.source),
            implements: self.implements(&t.implements),
        })
    }

    pub(super) fn report(&mut self, r: &RawReport) -> Option<Report> {
        let date = self.date(&r.date);
        let status = ReportStatus::KEYS
            .iter()
            .find(|(k, _)| *k == r.status.value)
            .map(|(_, s)| *s);
        if status.is_none() {
            let keys: Vec<&str> = ReportStatus::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&r.status),
                format!("unknown report status `{}`", r.status.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let percent = match &r.percent {
            Some(p) if (0..=100).contains(&p.value) => Some(p.value as u8),
            Some(p) => {
                self.err(
                    Pos::of(p),
                    format!("percent {} is out of range", p.value),
                    "percent is between 0 and 100",
                );
                None
            }
            None => None,
        };
        let mut evidence = Vec::new();
        for e in &r.evidence {
            match (&e.url, &e.document) {
                (Some(u), None) => evidence.extend(self.url(u).map(Evidence::Url)),
                (None, Some(d)) => {
                    evidence.extend(self.reference(d, "document").map(Evidence::Document))
                }
                (Some(u), Some(_)) => self.err(
                    Pos::of(u),
                    "evidence has both a url and a document",
                    "give one per evidence entry",
                ),
                (None, None) => self.err(
                    Pos::of(&r.date),
                    "evidence entry is empty",
                    "give `url:` or `document:`",
                ),
            }
        }
        Some(Report {
            date: date?,
            status: status?,
            percent,
            note: self.opt_text(&r.note),
            evidence,
        })
    }

    pub(super) fn target(&mut self, t: &RawTarget) -> Target {
        let comparator = t.comparator.as_ref().and_then(|c| {
            let parsed = Comparator::parse(c.value.trim());
            if parsed.is_none() {
                self.err(
                    Pos::of(c),
                    format!("unknown comparator `{}`", c.value),
                    "use one of ≥ > < ≤ =",
                );
            }
            parsed
        });
        let value = t.value.as_ref().and_then(|v| match Decimal::from_str_exact(v.value.trim()) {
            Ok(d) => Some(d),
            Err(_) => {
                self.err(Pos::of(v), format!("target value `{}` is not an exact decimal", v.value), "write the number with a dot as decimal separator: \"0,82\" → \"0.82\", \"16.000\" → \"16000\"");
                None
            }
        });
        let text = self.text(&t.text);
        if let (Some(c), Some(raw)) = (comparator, &t.comparator)
            && !text.vi.contains(c.symbol())
        {
            self.err(
                Pos::of(raw),
                format!(
                    "comparator `{}` is not written in the target “{}”",
                    c.symbol(),
                    text.vi
                ),
                "remove `comparator:`: a page shows a comparator only where the table writes one",
            );
        }
        let qualifier = t.qualifier.as_ref().and_then(|q| {
            let source = self.source(&q.source)?;
            Some(Qualifier {
                as_written: q.as_written.value.clone(),
                source,
            })
        });
        Target {
            text,
            comparator,
            value,
            scope: self.opt_text(&t.scope),
            qualifier,
        }
    }

    pub(super) fn objective(&mut self, o: &RawObjective) -> Option<Objective> {
        let horizon = if (1900..=2200).contains(&o.horizon.value) {
            Some(o.horizon.value)
        } else {
            self.err(
                Pos::of(&o.horizon),
                format!("horizon {} is out of range", o.horizon.value),
                "the horizon is a year such as 2030",
            );
            None
        };
        let group = o
            .group
            .as_ref()
            .and_then(|g| self.group_ref(g, GroupKind::Objective));
        let parent = o.parent.as_ref().and_then(|p| {
            if p.value == o.id.value {
                self.err(
                    Pos::of(p),
                    "an objective cannot be its own parent",
                    "point at the row this one is a sub-row of",
                );
                None
            } else {
                self.reference(p, "objective")
            }
        });
        let parts = o
            .parts
            .iter()
            .map(|p| Part {
                title: self.text(&p.title),
                target: p.target.as_ref().map(|t| self.target(t)),
            })
            .collect();
        let unit = self.opt_text(&o.unit);
        let baseline = o.baseline.as_ref().and_then(|b| self.baseline(b));
        let values = self.indicator_values(o, unit.as_ref());
        Some(Objective {
            id: o.id.value.clone(),
            number: o.number.value.trim().to_owned(),
            horizon: horizon?,
            group,
            parent,
            title: self.text(&o.title),
            unit,
            target: o.target.as_ref().map(|t| self.target(t)),
            parts,
            baseline,
            values,
            lead: self.parties(&o.lead),
            coordinators: self.parties(&o.coordinators),
            topics: self.topic_refs(&o.topics),
            notes: self.notes(&o.notes),
            source: self.opt_source(&o.source),
            implements: self.objective_implements(&o.id.value, &o.implements),
        })
    }

    pub(super) fn project(&mut self, p: &RawProject) -> Option<Project> {
        Some(Project {
            id: p.id.value.clone(),
            number: p.number.value.trim().to_owned(),
            title: self.text(&p.title),
            lead: self.parties(&p.lead),
            budget: p.budget.as_ref().map(|b| self.money(b)),
            phasing: self.phases(&p.phasing),
            tasks: self.refs(&p.tasks, "task"),
            topics: self.topic_refs(&p.topics),
            notes: self.notes(&p.notes),
            source: self.opt_source(&p.source),
        })
    }

    pub(super) fn budget_item(&mut self, b: &RawBudgetItem) -> Option<BudgetItem> {
        let facet = match b.facet.value.as_str() {
            "total" => Some(Facet::Total),
            "source" => Some(Facet::Source),
            "purpose" => Some(Facet::Purpose),
            "envelope" => Some(Facet::Envelope),
            other => {
                self.err(
                    Pos::of(&b.facet),
                    format!("unknown budget facet `{other}`"),
                    "use total, source, purpose or envelope",
                );
                None
            }
        };
        let parent = b.parent.as_ref().and_then(|p| self.reference(p, "budget"));
        let group = b
            .group
            .as_ref()
            .and_then(|g| self.group_ref(g, GroupKind::Task));
        let amount = self.amount(&b.amount);
        Some(BudgetItem {
            id: b.id.value.clone(),
            parent,
            facet: facet?,
            title: self.text(&b.title),
            group,
            amount: amount?,
            attracted_investment: b.attracted_investment,
            as_written: b.as_written.as_ref().map(|s| nfc(s)),
            phasing: self.phases(&b.phasing),
            tasks: self.refs(&b.tasks, "task"),
            projects: self.refs(&b.projects, "project"),
            notes: self.notes(&b.notes),
            source: self.opt_source(&b.source),
        })
    }

    pub(super) fn document(&mut self, d: &RawDocument) -> Option<Document> {
        let doc_type = DocType::KEYS
            .iter()
            .find(|(k, _)| *k == d.doc_type.value)
            .map(|(_, t)| *t);
        if doc_type.is_none() {
            let keys: Vec<&str> = DocType::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&d.doc_type),
                format!("unknown document type `{}`", d.doc_type.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let date = d.date.as_ref().and_then(|x| self.date(x));
        let url = d.url.as_ref().and_then(|u| self.url(u));
        let source_text = d.source_text.as_ref().and_then(|s| {
            let p = PathBuf::from(&s.value);
            let safe = p
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !safe {
                self.err(
                    Pos::of(s),
                    format!(
                        "source_text `{}` must be a path inside content/documents/",
                        s.value
                    ),
                    "write a relative path such as sources/001_….txt",
                );
                None
            } else if !self.plain.contains_key(&p) {
                self.err(
                    Pos::of(s),
                    format!("source text `{}` not found in content/documents/", s.value),
                    "put the plain .txt file there, or fix the path",
                );
                None
            } else {
                Some(p)
            }
        });
        let cited_as = d.cited_as.iter().filter_map(|s| self.source(s)).collect();
        Some(Document {
            id: d.id.value.clone(),
            number: d.number.as_ref().map(|n| nfc(n)),
            aliases: d.aliases.iter().map(|s| nfc(s)).collect(),
            doc_type: doc_type?,
            issuer: self.opt_text(&d.issuer),
            date,
            title: self.opt_text(&d.title),
            url,
            validity: self.opt_text(&d.validity),
            cited_as,
            notes: self.notes(&d.notes),
            source: self.opt_source(&d.source),
            source_text,
            text: HostedText::default(),
        })
    }

    pub(super) fn topic(&mut self, t: &RawTopic) -> Option<Topic> {
        Some(Topic {
            id: t.id.value.clone(),
            title: self.text(&t.title),
            description: self.opt_text(&t.description),
            order: t.order.value,
        })
    }

    pub(super) fn glossary_entry(&mut self, g: &RawGlossaryEntry) -> Option<GlossaryEntry> {
        for s in [&g.vi, &g.en] {
            if s.value.trim().is_empty() {
                self.err(
                    Pos::of(s),
                    "glossary term is empty",
                    "write both the Vietnamese term and its English translation",
                );
            }
        }
        Some(GlossaryEntry {
            vi: nfc(&g.vi.value),
            en: g.en.value.trim().to_owned(),
            note: g.note.clone(),
        })
    }
}
