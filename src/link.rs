//! Stage 3, `link`: resolves every reference once and derives what pages need.
//!
//! Input: the validated [`Site`]. Output: [`LinkedSite`]: the site plus, for every record, its
//! references as indices (never ids), the reverse links (what an agency leads and supports,
//! what rests on a document, what records each topic holds), derived task status against the
//! data-as-of date, and every list order (agencies by Vietnamese collation); the cascade of plans
//! and commitments (`link/cascade.rs`). A budget line that names tasks and projects ties them to
//! each other too: the task lists the line and its projects, the project the line and its tasks
//! (resolved here once, for the pages and the open data alike). Guarantee: infallible (validate
//! proved every id exists); deterministic (every list has a total order).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

use crate::cite;
use crate::model::*;

mod cascade;
pub use cascade::{
    By, Cascade, CommitmentLinks, Coverage, Implementer, LDifference, LDiffersWith, LImplements,
    PlanGroupLinks, PlanLinks, StatedBy,
};

/// A party with its agency resolved.
#[derive(Debug, Clone)]
pub enum LParty {
    /// An agency (index into `site.agencies`).
    Agency(usize),
    /// A collective as written, maybe standing for an agency.
    Text(Text, Option<usize>),
}

/// Where a record came from, resolved.
#[derive(Debug, Clone)]
pub struct LSource {
    /// Document index.
    pub document: usize,
    /// Line in its plain text.
    pub line: Option<u32>,
    /// Anchor to link to in its hosted text (explicit, or the block holding the line).
    pub anchor: Option<String>,
    /// Locator.
    pub note: Option<Text>,
}

/// Where a task stands: defined with the one status table, in [`crate::model`].
pub use crate::model::Status;

/// A task's resolved references and derived facts.
#[derive(Debug, Clone)]
pub struct TaskLinks {
    /// Solution group index.
    pub group: usize,
    /// Lead.
    pub lead: Vec<LParty>,
    /// Coordinators.
    pub coordinators: Vec<LParty>,
    /// Basis: the documents cited, with clause and anchor.
    pub basis: Vec<LCitation>,
    /// Related objectives.
    pub objectives: Vec<usize>,
    /// Related projects: those the task or the project names, and those a budget line names
    /// together with the task (in index order).
    pub projects: Vec<usize>,
    /// Topics (indices into `site.topics`).
    pub topics: Vec<usize>,
    /// Budget lines (figures) that name the task, in content order.
    pub budget: Vec<usize>,
    /// Draft document index.
    pub draft_document: Option<usize>,
    /// Derived status.
    pub status: Status,
    /// Derived end date.
    pub end_date: Option<Date>,
    /// Provenance.
    pub source: Option<LSource>,
    /// Notes' provenance.
    pub notes: Vec<Option<LSource>>,
}

/// The documents (indices) that the given texts mention, in either language, in order.
fn mentioned<'t>(
    site: &Site,
    documents: &BTreeMap<String, usize>,
    texts: impl IntoIterator<Item = &'t Text>,
) -> Vec<usize> {
    let mut out = Vec::new();
    for t in texts {
        for s in std::iter::once(&t.vi).chain(&t.en) {
            for m in site.mentions.get(s).into_iter().flatten() {
                if let Some(target) = &m.target {
                    push_once(&mut out, documents[&target.document]);
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// Every reader-facing text of a task.
fn task_texts(t: &Task) -> Vec<&Text> {
    let mut v = vec![&t.title];
    v.extend(&t.result);
    v.extend(t.notes.iter().map(|n| &n.text));
    v.extend(t.reports.iter().filter_map(|r| r.note.as_ref()));
    if let Some(d) = &t.draft {
        v.extend(d.changes.iter().map(|(_, x)| x));
        v.extend(&d.note);
    }
    v
}

/// Every reader-facing text of an objective.
fn objective_texts(o: &Objective) -> Vec<&Text> {
    let mut v = vec![&o.title];
    v.extend(o.target.as_ref().map(|t| &t.text));
    v.extend(o.notes.iter().map(|n| &n.text));
    v
}

/// A task's basis citation, resolved.
#[derive(Debug, Clone)]
pub struct LCitation {
    /// Document index.
    pub document: usize,
    /// Clause as written.
    pub clause: Option<String>,
    /// The clause's anchor in the document's hosted text, when both exist.
    pub anchor: Option<String>,
    /// The citation as written in the source.
    pub as_written: Option<String>,
}

/// Another document citing a document: where in its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CitedBy {
    /// The citing document.
    pub document: usize,
    /// Anchors in the citing document's hosted text where it cites (first occurrence of each
    /// block); empty when it cites it in its title or the place is not hosted.
    pub places: Vec<String>,
}

/// An agency's reverse links.
#[derive(Debug, Clone, Default)]
pub struct AgencyLinks {
    /// Tasks it leads.
    pub leads: Vec<usize>,
    /// Tasks it coordinates.
    pub supports: Vec<usize>,
    /// Objectives it leads.
    pub objectives_led: Vec<usize>,
    /// Objectives it coordinates.
    pub objectives_supported: Vec<usize>,
    /// Projects it leads.
    pub projects: Vec<usize>,
    /// Provenance of its duties.
    pub duties: Vec<Option<LSource>>,
    /// Provenance.
    pub source: Option<LSource>,
}

/// A document's links both ways.
#[derive(Debug, Clone, Default)]
pub struct DocumentLinks {
    /// Tasks that name it as their basis, with the clause.
    pub tasks: Vec<(usize, Option<String>)>,
    /// Tasks that mention it in their texts (title, result, notes…) but not as basis.
    pub mentioned_by_tasks: Vec<usize>,
    /// Objectives (indicators) that mention it.
    pub mentioned_by_objectives: Vec<usize>,
    /// Projects that mention it.
    pub mentioned_by_projects: Vec<usize>,
    /// Documents that cite it: in their hosted text, their title, or per `cited_as`.
    pub cited_by: Vec<CitedBy>,
    /// Documents it cites (in its hosted text or title), in order of index.
    pub cites: Vec<usize>,
    /// Records whose provenance is this document: tasks, objectives, projects.
    pub provenance_of: (Vec<usize>, Vec<usize>, Vec<usize>),
    /// `cited_as` resolved.
    pub cited_as: Vec<LSource>,
}

/// An objective's resolved references.
#[derive(Debug, Clone)]
pub struct ObjectiveLinks {
    /// Group index.
    pub group: Option<usize>,
    /// Parent index.
    pub parent: Option<usize>,
    /// Child rows.
    pub children: Vec<usize>,
    /// Lead.
    pub lead: Vec<LParty>,
    /// Coordinators.
    pub coordinators: Vec<LParty>,
    /// Tasks related to it.
    pub tasks: Vec<usize>,
    /// Topics (indices into `site.topics`).
    pub topics: Vec<usize>,
    /// Provenance.
    pub source: Option<LSource>,
}

/// A project's resolved references.
#[derive(Debug, Clone)]
pub struct ProjectLinks {
    /// Lead.
    pub lead: Vec<LParty>,
    /// Related tasks: those the project or the task names, and those a budget line names
    /// together with the project (in index order).
    pub tasks: Vec<usize>,
    /// Budget figures that name it, in content order.
    pub budget: Vec<usize>,
    /// Topics (indices into `site.topics`).
    pub topics: Vec<usize>,
    /// Provenance.
    pub source: Option<LSource>,
}

/// A budget figure's resolved references.
#[derive(Debug, Clone)]
pub struct BudgetLinks {
    /// Parent index.
    pub parent: Option<usize>,
    /// Children, in content order.
    pub children: Vec<usize>,
    /// Group index.
    pub group: Option<usize>,
    /// Related tasks.
    pub tasks: Vec<usize>,
    /// Related projects.
    pub projects: Vec<usize>,
    /// Provenance.
    pub source: Option<LSource>,
}

/// A topic's records, each list in its kind's order (tasks: plan order, the approved plan's
/// first; objectives: by horizon; projects: as in content).
#[derive(Debug, Clone, Default)]
pub struct TopicLinks {
    /// Tasks that name the topic.
    pub tasks: Vec<usize>,
    /// Objectives (indicators) that name it.
    pub objectives: Vec<usize>,
    /// Projects that name it.
    pub projects: Vec<usize>,
}

/// The site with every reference resolved.
#[derive(Debug)]
pub struct LinkedSite {
    /// The validated content.
    pub site: Site,
    /// Per task.
    pub tasks: Vec<TaskLinks>,
    /// Per agency.
    pub agencies: Vec<AgencyLinks>,
    /// Per document.
    pub documents: Vec<DocumentLinks>,
    /// Per objective.
    pub objectives: Vec<ObjectiveLinks>,
    /// Per project.
    pub projects: Vec<ProjectLinks>,
    /// Per budget figure.
    pub budget: Vec<BudgetLinks>,
    /// Per topic (in `site.topics` order).
    pub topics: Vec<TopicLinks>,
    /// Plan document index.
    pub plan: usize,
    /// Agencies in Vietnamese collation order of their names.
    pub agencies_by_name: Vec<usize>,
    /// Agencies in English order of their names.
    pub agencies_by_name_en: Vec<usize>,
    /// Tasks by group order then number.
    pub tasks_in_order: Vec<usize>,
    /// Objectives by horizon, then source order.
    pub objectives_in_order: Vec<usize>,
    /// Documents by type, then date, then number.
    pub documents_in_order: Vec<usize>,
    /// Plans, commitments and the implementation links (empty on a site without plans).
    pub cascade: Cascade,
}

/// Resolves references and derives statuses.
pub fn link(site: Site) -> LinkedSite {
    let ix = |ids: Vec<&str>| -> BTreeMap<String, usize> {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| (id.to_owned(), i))
            .collect()
    };
    let groups = ix(site.groups.iter().map(|g| g.id.as_str()).collect());
    let agencies = ix(site.agencies.iter().map(|a| a.id.as_str()).collect());
    let tasks_ix = ix(site.tasks.iter().map(|t| t.id.as_str()).collect());
    let objectives = ix(site.objectives.iter().map(|o| o.id.as_str()).collect());
    let projects = ix(site.projects.iter().map(|p| p.id.as_str()).collect());
    let budget_ix = ix(site.budget.iter().map(|b| b.id.as_str()).collect());
    let documents = ix(site.documents.iter().map(|d| d.id.as_str()).collect());
    let topics_ix = ix(site.topics.iter().map(|t| t.id.as_str()).collect());
    // In the topics' order (`site.topics` is sorted by `order`), whatever the record's.
    let topic_list = |ids: &[Id]| -> Vec<usize> {
        let mut v: Vec<usize> = ids.iter().map(|t| topics_ix[t]).collect();
        v.sort_unstable();
        v
    };

    let party = |p: &Party| match p {
        Party::Agency(id) => LParty::Agency(agencies[id]),
        Party::Text { text, agency } => {
            LParty::Text(text.clone(), agency.as_ref().map(|a| agencies[a]))
        }
    };
    let source = |s: &Source| {
        let doc = &site.documents[documents[&s.document]];
        let anchor = s.anchor.clone().or_else(|| {
            let md = doc.text.vi.as_ref()?;
            s.line
                .and_then(|l| md.anchor_for_line(l))
                .map(str::to_owned)
        });
        LSource {
            document: documents[&s.document],
            line: s.line,
            anchor,
            note: s.note.clone(),
        }
    };
    let opt_source = |s: &Option<Source>| s.as_ref().map(source);
    let as_of = site.config.data_as_of;

    let mut agency_links = vec![AgencyLinks::default(); site.agencies.len()];
    let mut doc_links = vec![DocumentLinks::default(); site.documents.len()];
    let mut objective_tasks: Vec<Vec<usize>> = vec![Vec::new(); site.objectives.len()];
    let mut project_tasks: Vec<Vec<usize>> = vec![Vec::new(); site.projects.len()];

    let mut tasks = Vec::with_capacity(site.tasks.len());
    for (ti, t) in site.tasks.iter().enumerate() {
        let lead: Vec<LParty> = t.lead.iter().map(party).collect();
        let coordinators: Vec<LParty> = t.coordinators.iter().map(party).collect();
        for p in &lead {
            if let Some(a) = party_agency(p) {
                push_once(&mut agency_links[a].leads, ti);
            }
        }
        for p in &coordinators {
            if let Some(a) = party_agency(p) {
                push_once(&mut agency_links[a].supports, ti);
            }
        }
        let basis: Vec<LCitation> = t
            .basis
            .iter()
            .map(|c| {
                let document = documents[&c.document];
                let anchor = c.clause.as_ref().and_then(|cl| {
                    let anchors = &site.documents[document].text.vi.as_ref()?.anchors;
                    cite::anchor_candidates(&cite::split_clause(cl))
                        .into_iter()
                        .find(|a| anchors.contains(a))
                });
                LCitation {
                    document,
                    clause: c.clause.clone(),
                    anchor,
                    as_written: c.as_written.clone(),
                }
            })
            .collect();
        for c in &basis {
            doc_links[c.document].tasks.push((ti, c.clause.clone()));
        }
        for d in mentioned(&site, &documents, task_texts(t)) {
            if !basis.iter().any(|c| c.document == d) {
                push_once(&mut doc_links[d].mentioned_by_tasks, ti);
            }
        }
        let objs: Vec<usize> = t.objectives.iter().map(|o| objectives[o]).collect();
        for &o in &objs {
            push_once(&mut objective_tasks[o], ti);
        }
        let projs: Vec<usize> = t.projects.iter().map(|p| projects[p]).collect();
        for &p in &projs {
            push_once(&mut project_tasks[p], ti);
        }
        let end_date = t.deadline.as_ref().and_then(Deadline::end_date);
        let src = opt_source(&t.source);
        if let Some(s) = &src {
            doc_links[s.document].provenance_of.0.push(ti);
        }
        tasks.push(TaskLinks {
            group: groups[&t.group],
            lead,
            coordinators,
            basis,
            objectives: objs,
            projects: projs,
            topics: topic_list(&t.topics),
            budget: Vec::new(),
            draft_document: t.draft.as_ref().map(|d| documents[&d.document]),
            status: status(t, end_date, as_of),
            end_date,
            source: src,
            notes: t.notes.iter().map(|n| opt_source(&n.source)).collect(),
        });
    }

    let mut objective_links = Vec::with_capacity(site.objectives.len());
    for (oi, o) in site.objectives.iter().enumerate() {
        let lead: Vec<LParty> = o.lead.iter().map(party).collect();
        let coordinators: Vec<LParty> = o.coordinators.iter().map(party).collect();
        for p in &lead {
            if let Some(a) = party_agency(p) {
                push_once(&mut agency_links[a].objectives_led, oi);
            }
        }
        for p in &coordinators {
            if let Some(a) = party_agency(p) {
                push_once(&mut agency_links[a].objectives_supported, oi);
            }
        }
        let src = opt_source(&o.source);
        if let Some(s) = &src {
            doc_links[s.document].provenance_of.1.push(oi);
        }
        for d in mentioned(&site, &documents, objective_texts(o)) {
            push_once(&mut doc_links[d].mentioned_by_objectives, oi);
        }
        objective_links.push(ObjectiveLinks {
            group: o.group.as_ref().map(|g| groups[g]),
            parent: o.parent.as_ref().map(|p| objectives[p]),
            children: Vec::new(),
            lead,
            coordinators,
            tasks: std::mem::take(&mut objective_tasks[oi]),
            topics: topic_list(&o.topics),
            source: src,
        });
    }
    for oi in 0..objective_links.len() {
        if let Some(p) = objective_links[oi].parent {
            objective_links[p].children.push(oi);
        }
    }

    let mut budget_links: Vec<BudgetLinks> = site
        .budget
        .iter()
        .map(|b| BudgetLinks {
            parent: b.parent.as_ref().map(|p| budget_ix[p]),
            children: Vec::new(),
            group: b.group.as_ref().map(|g| groups[g]),
            tasks: b.tasks.iter().map(|t| tasks_ix[t]).collect(),
            projects: b.projects.iter().map(|p| projects[p]).collect(),
            source: opt_source(&b.source),
        })
        .collect();
    for bi in 0..budget_links.len() {
        if let Some(p) = budget_links[bi].parent {
            budget_links[p].children.push(bi);
        }
    }
    // A budget line ties its tasks and its projects: each task gets the line and the line's
    // projects, each project the line's tasks.
    for (bi, b) in budget_links.iter().enumerate() {
        for &ti in &b.tasks {
            push_once(&mut tasks[ti].budget, bi);
            for &pi in &b.projects {
                push_once(&mut tasks[ti].projects, pi);
                push_once(&mut project_tasks[pi], ti);
            }
        }
    }

    let mut project_links = Vec::with_capacity(site.projects.len());
    for (pi, p) in site.projects.iter().enumerate() {
        let lead: Vec<LParty> = p.lead.iter().map(party).collect();
        for l in &lead {
            if let Some(a) = party_agency(l) {
                push_once(&mut agency_links[a].projects, pi);
            }
        }
        let mut tasks_of = std::mem::take(&mut project_tasks[pi]);
        for t in &p.tasks {
            push_once(&mut tasks_of, tasks_ix[t]);
        }
        tasks_of.sort_unstable();
        let src = opt_source(&p.source);
        if let Some(s) = &src {
            doc_links[s.document].provenance_of.2.push(pi);
        }
        let mut texts = vec![&p.title];
        texts.extend(p.notes.iter().map(|n| &n.text));
        for d in mentioned(&site, &documents, texts) {
            push_once(&mut doc_links[d].mentioned_by_projects, pi);
        }
        let budget: Vec<usize> = budget_links
            .iter()
            .enumerate()
            .filter(|(_, b)| b.projects.contains(&pi))
            .map(|(i, _)| i)
            .collect();
        project_links.push(ProjectLinks {
            lead,
            tasks: tasks_of,
            budget,
            topics: topic_list(&p.topics),
            source: src,
        });
    }

    // A project that names a task is a project of that task too.
    for (pi, p) in project_links.iter().enumerate() {
        for &ti in &p.tasks {
            push_once(&mut tasks[ti].projects, pi);
        }
    }
    for t in &mut tasks {
        t.projects.sort_unstable();
    }

    for (ai, a) in site.agencies.iter().enumerate() {
        agency_links[ai].duties = a.duties.iter().map(|d| opt_source(&d.source)).collect();
        agency_links[ai].source = opt_source(&a.source);
    }

    // Documents citing documents: `cited_as` records, hosted texts, titles.
    let mut cites: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for (di, d) in site.documents.iter().enumerate() {
        let cited_as: Vec<LSource> = d.cited_as.iter().map(source).collect();
        for s in &cited_as {
            if s.document != di {
                let places = cites.entry((s.document, di)).or_default();
                if let Some(a) = &s.anchor {
                    push_once(places, a.clone());
                }
            }
        }
        doc_links[di].cited_as = cited_as;
        for md in [&d.text.vi, &d.text.en].into_iter().flatten() {
            for c in &md.cites {
                let Some(t) = &c.target else { continue };
                let target = documents[&t.document];
                if target != di {
                    let places = cites.entry((di, target)).or_default();
                    if let Some(a) = &c.anchor {
                        push_once(places, a.clone());
                    }
                }
            }
        }
        if let Some(title) = &d.title {
            for target in mentioned(&site, &documents, [title]) {
                if target != di {
                    cites.entry((di, target)).or_default();
                }
            }
        }
    }
    for ((from, to), places) in cites {
        doc_links[from].cites.push(to);
        doc_links[to].cited_by.push(CitedBy {
            document: from,
            places,
        });
    }
    for dl in &mut doc_links {
        dl.tasks.sort();
        dl.mentioned_by_tasks.sort_unstable();
        dl.mentioned_by_objectives.sort_unstable();
        dl.mentioned_by_projects.sort_unstable();
    }

    let collator = vi_collator();
    let mut agencies_by_name: Vec<usize> = (0..site.agencies.len()).collect();
    agencies_by_name.sort_by(|&a, &b| {
        collator
            .compare(&site.agencies[a].name.vi, &site.agencies[b].name.vi)
            .then_with(|| site.agencies[a].id.cmp(&site.agencies[b].id))
    });
    let mut agencies_by_name_en: Vec<usize> = (0..site.agencies.len()).collect();
    agencies_by_name_en.sort_by(|&a, &b| {
        let (an, bn) = (
            site.agencies[a].name.get(Lang::En).0,
            site.agencies[b].name.get(Lang::En).0,
        );
        collator
            .compare(an, bn)
            .then_with(|| site.agencies[a].id.cmp(&site.agencies[b].id))
    });

    let mut tasks_in_order: Vec<usize> = (0..site.tasks.len()).collect();
    tasks_in_order.sort_by(|&a, &b| {
        let (ta, tb) = (&site.tasks[a], &site.tasks[b]);
        (tb.in_approved_plan, site.groups[tasks[a].group].order)
            .cmp(&(ta.in_approved_plan, site.groups[tasks[b].group].order))
            .then_with(|| number_cmp(&ta.number, &tb.number))
            .then_with(|| ta.id.cmp(&tb.id))
    });
    let mut objectives_in_order: Vec<usize> = (0..site.objectives.len()).collect();
    objectives_in_order.sort_by(|&a, &b| {
        let (oa, ob) = (&site.objectives[a], &site.objectives[b]);
        oa.horizon
            .cmp(&ob.horizon)
            .then_with(|| number_cmp(&oa.number, &ob.number))
            .then_with(|| oa.id.cmp(&ob.id))
    });
    let mut documents_in_order: Vec<usize> = (0..site.documents.len()).collect();
    documents_in_order.sort_by(|&a, &b| {
        let (da, db) = (&site.documents[a], &site.documents[b]);
        da.doc_type
            .cmp(&db.doc_type)
            .then_with(|| db.date.cmp(&da.date))
            .then_with(|| {
                collator.compare(
                    da.number.as_deref().unwrap_or(""),
                    db.number.as_deref().unwrap_or(""),
                )
            })
            .then_with(|| da.id.cmp(&db.id))
    });

    let mut topic_links = vec![TopicLinks::default(); site.topics.len()];
    for &t in &tasks_in_order {
        for &k in &tasks[t].topics {
            topic_links[k].tasks.push(t);
        }
    }
    for &o in &objectives_in_order {
        for &k in &objective_links[o].topics {
            topic_links[k].objectives.push(o);
        }
    }
    for (p, pl) in project_links.iter().enumerate() {
        for &k in &pl.topics {
            topic_links[k].projects.push(p);
        }
    }
    let mut task_rank = vec![0; site.tasks.len()];
    for (rank, &t) in tasks_in_order.iter().enumerate() {
        task_rank[t] = rank;
    }
    let cascade = cascade::link(&site, &documents, &groups, &source, &party, &task_rank);

    LinkedSite {
        cascade,
        plan: documents[&site.config.plan],
        topics: topic_links,
        tasks,
        agencies: agency_links,
        documents: doc_links,
        objectives: objective_links,
        projects: project_links,
        budget: budget_links,
        agencies_by_name,
        agencies_by_name_en,
        tasks_in_order,
        objectives_in_order,
        documents_in_order,
        site,
    }
}

pub(crate) fn party_agency(p: &LParty) -> Option<usize> {
    match p {
        LParty::Agency(a) => Some(*a),
        LParty::Text(_, a) => *a,
    }
}

pub(crate) fn push_once<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// The task's status from its latest report and its deadline.
fn status(t: &Task, end: Option<Date>, as_of: Date) -> Status {
    if !t.in_approved_plan {
        return Status::NotInPlan;
    }
    let past = end.is_some_and(|e| e < as_of);
    match t.reports.last() {
        Some(r) => match r.status {
            ReportStatus::CompletedOnTime => Status::CompletedOnTime,
            ReportStatus::CompletedLate => Status::CompletedLate,
            ReportStatus::Overdue => Status::Overdue,
            ReportStatus::InProgress if past => Status::PastDeadlineNoReport,
            ReportStatus::InProgress => Status::InProgress,
            ReportStatus::Ongoing => Status::Ongoing,
        },
        None if past => Status::PastDeadlineNoReport,
        None => Status::NoReport,
    }
}

/// The Vietnamese collator (tone-aware alphabetical order: a ă â b c d đ e ê …).
pub fn vi_collator() -> CollatorBorrowed<'static> {
    Collator::try_new(locale!("vi").into(), CollatorOptions::default())
        .expect("compiled collation data for Vietnamese is built in")
}

/// Orders printed numbers such as "II.10" after "II.9" and "4.7.1" after "4.7".
pub fn number_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(u32, String)> {
        s.split('.')
            .map(|p| match roman(p).or_else(|| p.trim().parse().ok()) {
                Some(n) => (n, String::new()),
                None => (u32::MAX, p.to_owned()),
            })
            .collect()
    };
    parts(a).cmp(&parts(b))
}

fn roman(s: &str) -> Option<u32> {
    let v = match s.trim() {
        "I" => 1,
        "II" => 2,
        "III" => 3,
        "IV" => 4,
        "V" => 5,
        "VI" => 6,
        "VII" => 7,
        "VIII" => 8,
        "IX" => 9,
        "X" => 10,
        _ => return None,
    };
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_naturally() {
        let mut v = vec!["VII.10", "VII.2", "II.1", "VIII.1", "VII.9"];
        v.sort_by(|a, b| number_cmp(a, b));
        assert_eq!(v, ["II.1", "VII.2", "VII.9", "VII.10", "VIII.1"]);
        assert_eq!(number_cmp("4.7", "4.7.1"), Ordering::Less);
    }

    #[test]
    fn vietnamese_collation_is_not_byte_order() {
        let c = vi_collator();
        let mut v = vec!["Ủy ban", "Sở Y tế", "Đại học", "Ban Tuyên giáo", "Công an"];
        v.sort_by(|a, b| c.compare(a, b));
        assert_eq!(
            v,
            ["Ban Tuyên giáo", "Công an", "Đại học", "Sở Y tế", "Ủy ban"]
        );
    }
}
