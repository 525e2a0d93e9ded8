//! Link, cascade: the plans, their commitments and the implementation links, resolved once.
//!
//! Input: the validated site and the index maps and resolvers of `link`. Output: [`Cascade`]:
//! per plan its groups and commitments, what it implements and what implements it; per
//! commitment its plan, group, responsible parties, the commitments it implements and the
//! tasks and commitments that implement it (the reverse links), the indicators that state its
//! target again (apart: an indicator is not a task), its contradictions; per task and per
//! objective the commitments it implements; per agency the commitments it is responsible for. Guarantee:
//! infallible (validate proved every id exists); every list is in a fixed order (content order
//! of the records, tasks in the order of `tasks_in_order` applied by the pages).

use std::collections::BTreeMap;

use crate::link::{LParty, LSource, party_agency, push_once};
use crate::model::*;

/// A link to a higher-level commitment, resolved.
#[derive(Debug, Clone)]
pub struct LImplements {
    /// The commitment implemented (index into `site.commitments`).
    pub commitment: usize,
    /// Why.
    pub reason: Reason,
    /// Remark.
    pub note: Option<Text>,
}

/// What implements a commitment: a task of the primary plan or a commitment of another plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum By {
    /// A task (index into `site.tasks`).
    Task(usize),
    /// A commitment (index into `site.commitments`).
    Commitment(usize),
}

/// A reverse implementation link.
#[derive(Debug, Clone)]
pub struct Implementer {
    /// The implementing record.
    pub by: By,
    /// Why, as the implementing record says.
    pub reason: Reason,
    /// Remark.
    pub note: Option<Text>,
}

/// An indicator (objective) of the primary plan that states a commitment's target again.
#[derive(Debug, Clone)]
pub struct StatedBy {
    /// The objective (index into `site.objectives`).
    pub objective: usize,
    /// Why, as the objective says.
    pub reason: Reason,
    /// Remark.
    pub note: Option<Text>,
}

/// A contradiction, resolved.
#[derive(Debug, Clone)]
pub struct LDifference {
    /// The other record.
    pub with: LDiffersWith,
    /// What differs.
    pub note: Option<Text>,
}

/// The other side of a contradiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LDiffersWith {
    /// An objective (index).
    Objective(usize),
    /// A commitment (index).
    Commitment(usize),
}

/// A plan group's resolved links.
#[derive(Debug, Clone)]
pub struct PlanGroupLinks {
    /// Its commitments, in content order.
    pub commitments: Vec<usize>,
    /// The primary plan's solution group with the same title (index into `site.groups`).
    pub task_group: Option<usize>,
    /// Provenance.
    pub source: Option<LSource>,
}

/// A plan's resolved links.
#[derive(Debug, Clone)]
pub struct PlanLinks {
    /// Its document (index into `site.documents`).
    pub document: usize,
    /// Plans it implements.
    pub implements: Vec<usize>,
    /// Plans that implement it.
    pub implemented_by: Vec<usize>,
    /// Plans it relates to (comments on).
    pub relates_to: Vec<usize>,
    /// Plans that relate to it.
    pub related_by: Vec<usize>,
    /// Per group of `plan.groups`.
    pub groups: Vec<PlanGroupLinks>,
    /// Commitments without a group, in content order.
    pub ungrouped: Vec<usize>,
    /// Whether it is the site's primary plan (its document is the site's `plan:`).
    pub primary: bool,
    /// Provenance.
    pub source: Option<LSource>,
}

impl PlanLinks {
    /// Every commitment of the plan: by group, then the ungrouped ones.
    pub fn commitments(&self) -> impl Iterator<Item = usize> + '_ {
        (self.groups.iter())
            .flat_map(|g| g.commitments.iter().copied())
            .chain(self.ungrouped.iter().copied())
    }
}

/// A commitment's resolved links.
#[derive(Debug, Clone)]
pub struct CommitmentLinks {
    /// Its plan (index into `site.plans`).
    pub plan: usize,
    /// Its group (index into its plan's `groups`).
    pub group: Option<usize>,
    /// Responsible parties.
    pub responsible: Vec<LParty>,
    /// Higher-level commitments it implements.
    pub implements: Vec<LImplements>,
    /// Tasks and commitments that implement it: tasks first (in task order), then
    /// commitments (in content order).
    pub implemented_by: Vec<Implementer>,
    /// Indicators of the primary plan that state its target again (content order). Kept apart
    /// from `implemented_by`: an indicator is not a task.
    pub stated_by: Vec<StatedBy>,
    /// Its contradictions with other levels.
    pub differs: Vec<LDifference>,
    /// Commitments that name it in their `differs_from`.
    pub differed_by: Vec<usize>,
    /// Provenance.
    pub source: LSource,
    /// Notes' provenance.
    pub notes: Vec<Option<LSource>>,
}

/// The cascade, resolved.
#[derive(Debug, Clone, Default)]
pub struct Cascade {
    /// Per plan (the order of `site.plans`).
    pub plans: Vec<PlanLinks>,
    /// Per commitment.
    pub commitments: Vec<CommitmentLinks>,
    /// The primary plan (index), when the site has plans.
    pub primary: Option<usize>,
    /// Per task: the commitments it implements.
    pub task_implements: Vec<Vec<LImplements>>,
    /// Per agency: the commitments it is responsible for, in content order.
    pub agency_commitments: Vec<Vec<usize>>,
    /// Per objective: the commitments that state its target differently.
    pub objective_differences: Vec<Vec<usize>>,
    /// Per objective: the target commitments whose target it states again.
    pub objective_implements: Vec<Vec<LImplements>>,
    /// Per task: whether it is a task of the approved plan (a task only in the draft does not
    /// count as implementing a commitment in the coverage figures).
    pub approved_task: Vec<bool>,
}

impl Cascade {
    /// The plans whose commitments others implement (the ones the coverage table is about):
    /// plans implemented by another plan that have commitments, in site order.
    pub fn covered_plans(&self) -> Vec<usize> {
        (0..self.plans.len())
            .filter(|&p| {
                !self.plans[p].implemented_by.is_empty()
                    && self.plans[p].commitments().next().is_some()
            })
            .collect()
    }

    /// The label of a commitment in lists and titles: its plan's short label and its number,
    /// or its group's number when it has none (a dash bullet).
    pub fn label(&self, site: &Site, ci: usize, lang: Lang) -> String {
        let c = &site.commitments[ci];
        let l = &self.commitments[ci];
        let plan = &site.plans[l.plan];
        let short = plan.short.get(lang).0;
        let group = l.group.and_then(|g| plan.groups[g].number.as_deref());
        match (&c.number, group) {
            (Some(n), _) => format!("{short} {n}"),
            (None, Some(g)) => format!("{short} {g}"),
            (None, None) => short.to_owned(),
        }
    }

    /// Whether a commitment is implemented by at least one task of the primary plan as approved
    /// (a task found only in the draft does not count).
    pub fn has_task(&self, c: usize) -> bool {
        (self.commitments[c].implemented_by.iter())
            .any(|i| matches!(i.by, By::Task(t) if self.approved_task[t]))
    }

    /// Whether an indicator of the primary plan states a commitment's target again.
    pub fn has_indicator(&self, c: usize) -> bool {
        !self.commitments[c].stated_by.is_empty()
    }

    /// Whether a commitment is implemented by a task of the approved plan or by a commitment of
    /// another plan (an indicator stating its target is counted apart: [`Cascade::has_indicator`]).
    pub fn is_implemented(&self, c: usize) -> bool {
        self.has_task(c)
            || (self.commitments[c].implemented_by.iter())
                .any(|i| matches!(i.by, By::Commitment(_)))
    }
}

/// How a commitment is implemented: the categories of the list of commitments, kept apart
/// (never merged into one "implemented" figure). Its UI strings are `implemented_<key>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// A task of the approved primary plan implements it.
    Task,
    /// No task; an indicator of the primary plan states its target again.
    Indicator,
    /// No task nor indicator; a commitment of another plan implements it.
    Other,
    /// Nothing implements it, and its plan is one other plans implement.
    None,
    /// Nothing implements it, and no plan implements its plan: the question does not apply.
    NotTraced,
}

impl Coverage {
    /// Every category, in display order.
    pub const ALL: [Coverage; 5] = [
        Coverage::Task,
        Coverage::Indicator,
        Coverage::Other,
        Coverage::None,
        Coverage::NotTraced,
    ];

    /// The key (`data-status` of a row, suffix of the UI string).
    pub fn key(self) -> &'static str {
        match self {
            Coverage::Task => "task",
            Coverage::Indicator => "indicator",
            Coverage::Other => "other",
            Coverage::None => "none",
            Coverage::NotTraced => "not_traced",
        }
    }
}

impl Cascade {
    /// The category of a commitment (see [`Coverage`]).
    pub fn coverage(&self, c: usize) -> Coverage {
        if self.has_task(c) {
            Coverage::Task
        } else if self.has_indicator(c) {
            Coverage::Indicator
        } else if self.is_implemented(c) {
            Coverage::Other
        } else if !self.plans[self.commitments[c].plan]
            .implemented_by
            .is_empty()
        {
            Coverage::None
        } else {
            Coverage::NotTraced
        }
    }
}

/// Resolves the cascade. `source` and `party` are `link`'s resolvers; `tasks_in_order` sorts
/// the implementing tasks.
pub(crate) fn link(
    site: &Site,
    documents: &BTreeMap<String, usize>,
    groups: &BTreeMap<String, usize>,
    source: &dyn Fn(&Source) -> LSource,
    party: &dyn Fn(&Party) -> LParty,
    task_rank: &[usize],
) -> Cascade {
    let ix = |ids: Vec<&str>| -> BTreeMap<String, usize> {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| (id.to_owned(), i))
            .collect()
    };
    let plans_ix = ix(site.plans.iter().map(|p| p.id.as_str()).collect());
    let comm_ix = ix(site.commitments.iter().map(|c| c.id.as_str()).collect());
    let objectives = ix(site.objectives.iter().map(|o| o.id.as_str()).collect());
    let resolve = |ls: &[Implements]| -> Vec<LImplements> {
        ls.iter()
            .map(|l| LImplements {
                commitment: comm_ix[&l.commitment],
                reason: l.reason,
                note: l.note.clone(),
            })
            .collect()
    };

    let mut plans: Vec<PlanLinks> = site
        .plans
        .iter()
        .map(|p| PlanLinks {
            document: documents[&p.document],
            implements: p.implements.iter().map(|x| plans_ix[x]).collect(),
            implemented_by: Vec::new(),
            relates_to: p.relates_to.iter().map(|x| plans_ix[x]).collect(),
            related_by: Vec::new(),
            groups: (p.groups.iter())
                .map(|g| PlanGroupLinks {
                    commitments: Vec::new(),
                    task_group: g.task_group.as_ref().map(|t| groups[t]),
                    source: g.source.as_ref().map(source),
                })
                .collect(),
            ungrouped: Vec::new(),
            primary: p.document == site.config.plan,
            source: p.source.as_ref().map(source),
        })
        .collect();
    for pi in 0..plans.len() {
        for j in plans[pi].implements.clone() {
            push_once(&mut plans[j].implemented_by, pi);
        }
        for j in plans[pi].relates_to.clone() {
            push_once(&mut plans[j].related_by, pi);
        }
    }

    let mut agency_commitments = vec![Vec::new(); site.agencies.len()];
    let mut objective_differences = vec![Vec::new(); site.objectives.len()];
    let mut commitments: Vec<CommitmentLinks> = Vec::with_capacity(site.commitments.len());
    for (ci, c) in site.commitments.iter().enumerate() {
        let plan = plans_ix[&c.plan];
        let group = (c.group.as_ref())
            .and_then(|g| site.plans[plan].groups.iter().position(|x| &x.id == g));
        match group {
            Some(g) => plans[plan].groups[g].commitments.push(ci),
            None => plans[plan].ungrouped.push(ci),
        }
        let responsible: Vec<LParty> = c.responsible.iter().map(party).collect();
        for p in &responsible {
            if let Some(a) = party_agency(p) {
                push_once(&mut agency_commitments[a], ci);
            }
        }
        let differs = (c.differs_from.iter())
            .map(|d| LDifference {
                with: match &d.with {
                    DiffersWith::Objective(o) => LDiffersWith::Objective(objectives[o]),
                    DiffersWith::Commitment(x) => LDiffersWith::Commitment(comm_ix[x]),
                },
                note: d.note.clone(),
            })
            .collect::<Vec<_>>();
        for d in &differs {
            if let LDiffersWith::Objective(o) = d.with {
                push_once(&mut objective_differences[o], ci);
            }
        }
        commitments.push(CommitmentLinks {
            plan,
            group,
            responsible,
            implements: resolve(&c.implements),
            implemented_by: Vec::new(),
            stated_by: Vec::new(),
            differs,
            differed_by: Vec::new(),
            source: source(&c.source),
            notes: c
                .notes
                .iter()
                .map(|n| n.source.as_ref().map(source))
                .collect(),
        });
    }
    for ci in 0..commitments.len() {
        for l in commitments[ci].implements.clone() {
            commitments[l.commitment].implemented_by.push(Implementer {
                by: By::Commitment(ci),
                reason: l.reason,
                note: l.note,
            });
        }
        for d in commitments[ci].differs.clone() {
            if let LDiffersWith::Commitment(x) = d.with {
                push_once(&mut commitments[x].differed_by, ci);
            }
        }
    }
    let objective_implements: Vec<Vec<LImplements>> = (site.objectives.iter())
        .map(|o| resolve(&o.implements))
        .collect();
    for (oi, ls) in objective_implements.iter().enumerate() {
        for l in ls {
            commitments[l.commitment].stated_by.push(StatedBy {
                objective: oi,
                reason: l.reason,
                note: l.note.clone(),
            });
        }
    }
    let task_implements: Vec<Vec<LImplements>> =
        site.tasks.iter().map(|t| resolve(&t.implements)).collect();
    let mut by_task: Vec<Vec<(usize, Implementer)>> = vec![Vec::new(); commitments.len()];
    for (ti, ls) in task_implements.iter().enumerate() {
        for l in ls {
            by_task[l.commitment].push((
                task_rank[ti],
                Implementer {
                    by: By::Task(ti),
                    reason: l.reason,
                    note: l.note.clone(),
                },
            ));
        }
    }
    for (ci, mut ts) in by_task.into_iter().enumerate() {
        ts.sort_by_key(|(rank, _)| *rank);
        let rest = std::mem::take(&mut commitments[ci].implemented_by);
        commitments[ci].implemented_by = ts.into_iter().map(|(_, i)| i).chain(rest).collect();
    }
    Cascade {
        primary: plans.iter().position(|p| p.primary),
        plans,
        commitments,
        task_implements,
        agency_commitments,
        objective_differences,
        objective_implements,
        approved_task: site.tasks.iter().map(|t| t.in_approved_plan).collect(),
    }
}
