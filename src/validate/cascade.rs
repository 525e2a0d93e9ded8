//! Validate, cascade: the plans of `content/plans/`, the commitments of
//! `content/commitments/`, the `plans:` list of `site.yaml` and every `implements` link (of a
//! commitment or a task).
//!
//! Input: the raw plans, commitments and site settings. Output: [`Plan`] and [`Commitment`]
//! values and the ids they define. Guarantee: plan, plan group and commitment ids are valid
//! and unique site-wide; every plan, group, commitment, objective and agency named exists;
//! kinds and reasons are from their closed lists; a commitment's group is one of its plan's;
//! no commitment implements itself, directly or through others; when the site has plans,
//! `site.yaml` lists each once and one of them is the site's primary plan (its `document` is
//! the site's `plan:`). A site without `content/plans/` is checked exactly as before.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostic::Pos;
use crate::load::{RawSite, Rec};
use crate::model::raw::*;
use crate::model::*;
use crate::strings::is_valid_id;

use super::Validator;

impl Validator<'_> {
    /// Collects plan, plan group and commitment ids (after the other kinds' ids).
    pub(super) fn collect_cascade_ids(&mut self, raw: &RawSite) {
        let mut first: BTreeMap<String, (PathBuf, Pos)> = BTreeMap::new();
        let mut define = |v: &mut Validator, file: &PathBuf, id: &S<String>, kind: &str| -> bool {
            v.file = file.clone();
            let pos = Pos::of(id);
            if !is_valid_id(&id.value) {
                v.err(pos, format!("{kind} id `{}` is not a valid id", id.value),
                    "ids use only lower-case a-z, 0-9 and '-', at most 80 characters (they become URLs)");
                return false;
            }
            if let Some((f, p)) = first.get(&id.value) {
                v.err(
                    pos,
                    format!(
                        "duplicate id `{}` (first defined at {}:{}:{})",
                        id.value,
                        f.display(),
                        p.line,
                        p.col
                    ),
                    "plans, their groups and commitments share one set of ids: give each its own",
                );
                return false;
            }
            first.insert(id.value.clone(), (file.clone(), pos));
            true
        };
        for r in &raw.plans {
            if define(self, &r.file, &r.value.id, "plan") {
                self.ids.plans.insert(r.value.id.value.clone());
            }
            for g in &r.value.groups {
                if define(self, &r.file, &g.id, "plan group") {
                    (self.ids.plan_groups).insert(g.id.value.clone(), r.value.id.value.clone());
                }
            }
        }
        for r in &raw.commitments {
            if define(self, &r.file, &r.value.id, "commitment") {
                self.ids.commitments.insert(r.value.id.value.clone());
                (self.ids.commitment_kinds)
                    .insert(r.value.id.value.clone(), r.value.kind.value.clone());
            }
        }
    }

    /// `plans:` of site.yaml: plan ids, each once.
    pub(super) fn site_plans(&mut self, list: &Option<S<Vec<S<String>>>>) -> Vec<Id> {
        let mut out: Vec<Id> = Vec::new();
        for p in list.iter().flat_map(|l| &l.value) {
            if out.contains(&p.value) {
                self.err(
                    Pos::of(p),
                    format!("plan `{}` is listed twice in `plans:`", p.value),
                    "list each plan once, in the order the site shows them",
                );
            } else if let Some(id) = self.reference(p, "plan") {
                out.push(id);
            }
        }
        out
    }

    /// `implements:` of a commitment or a task.
    pub(super) fn implements(&mut self, links: &[RawImplements]) -> Vec<Implements> {
        links
            .iter()
            .filter_map(|i| {
                let reason = Reason::parse(&i.reason.value);
                if reason.is_none() {
                    let keys: Vec<&str> = Reason::KEYS.iter().map(|(k, _)| *k).collect();
                    self.err(
                        Pos::of(&i.reason),
                        format!("unknown reason `{}`", i.reason.value),
                        format!(
                            "say why the link holds with one of: {} (same wording, same group and subject, cited by number)",
                            keys.join(", ")
                        ),
                    );
                }
                let commitment = self.reference(&i.commitment, "commitment");
                Some(Implements {
                    commitment: commitment?,
                    reason: reason?,
                    note: self.opt_text(&i.note),
                })
            })
            .collect()
    }

    /// `implements:` of an indicator: as [`Self::implements`], and each commitment named is a
    /// target (an indicator states a target again; a task implements the other kinds).
    pub(super) fn objective_implements(
        &mut self,
        objective: &str,
        links: &[RawImplements],
    ) -> Vec<Implements> {
        for i in links {
            let id = &i.commitment.value;
            let kind = self.ids.commitment_kinds.get(id).cloned();
            if let Some(kind) = kind.filter(|k| k != "target") {
                self.err(
                    Pos::of(&i.commitment),
                    format!(
                        "indicator `{objective}` names commitment `{id}`, which is a `{kind}` commitment, not a target"
                    ),
                    "an indicator may only name the targets it states again (kind `target`); a task implements the other kinds: move the link to the task, or remove it",
                );
            }
        }
        self.implements(links)
    }

    pub(super) fn plan(&mut self, p: &RawPlan) -> Option<Plan> {
        let kind = PlanKind::parse(&p.kind.value);
        if kind.is_none() {
            let keys: Vec<&str> = PlanKind::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&p.kind),
                format!("unknown plan kind `{}`", p.kind.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let plan_refs = |v: &mut Self, list: &[S<String>]| -> Vec<Id> {
            list.iter()
                .filter_map(|r| {
                    if r.value == p.id.value {
                        v.err(
                            Pos::of(r),
                            format!("plan `{}` names itself", r.value),
                            "name the other plans: the one it implements or comments on",
                        );
                        return None;
                    }
                    v.reference(r, "plan")
                })
                .collect()
        };
        let implements = plan_refs(self, &p.implements);
        let relates_to = plan_refs(self, &p.relates_to);
        let groups = p
            .groups
            .iter()
            .map(|g| PlanGroup {
                id: g.id.value.clone(),
                number: g.number.as_ref().map(|n| n.value.trim().to_owned()),
                title: self.text(&g.title),
                task_group: g
                    .task_group
                    .as_ref()
                    .and_then(|t| self.group_ref(t, GroupKind::Task)),
                source: self.opt_source(&g.source),
            })
            .collect();
        let document = self.reference(&p.document, "document");
        Some(Plan {
            id: p.id.value.clone(),
            kind: kind?,
            title: self.text(&p.title),
            short: self.text(&p.short),
            issuer: self.text(&p.issuer),
            document: document?,
            implements,
            relates_to,
            horizon: self.opt_text(&p.horizon),
            groups,
            source: self.opt_source(&p.source),
        })
    }

    pub(super) fn commitment(&mut self, c: &RawCommitment) -> Option<Commitment> {
        let kind = CommitmentKind::parse(&c.kind.value);
        if kind.is_none() {
            let keys: Vec<&str> = CommitmentKind::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&c.kind),
                format!("unknown commitment kind `{}`", c.kind.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let plan = self.reference(&c.plan, "plan");
        let group = c.group.as_ref().and_then(|g| {
            match (self.ids.plan_groups.get(&g.value), &plan) {
                (Some(owner), Some(plan)) if owner == plan => Some(g.value.clone()),
                (Some(owner), Some(plan)) => {
                    let msg = format!("group `{}` is a group of plan `{owner}`, not of `{plan}`", g.value);
                    self.err(Pos::of(g), msg, "name a group of the commitment's own plan (its `groups:` in content/plans/)");
                    None
                }
                (Some(_), None) => None,
                (None, _) if self.failed.contains("plans") => None,
                (None, _) => {
                    self.err(
                        Pos::of(g),
                        format!("unknown plan group `{}`", g.value),
                        "add the group to its plan's `groups:` in content/plans/, or fix the id",
                    );
                    None
                }
            }
        });
        let implements = self.implements(&c.implements);
        for i in &c.implements {
            if i.commitment.value == c.id.value {
                self.err(
                    Pos::of(&i.commitment),
                    format!("commitment `{}` implements itself", c.id.value),
                    "name the higher-level commitment it implements",
                );
            }
        }
        let differs_from = c
            .differs_from
            .iter()
            .filter_map(|d| {
                let with = match (&d.objective, &d.commitment) {
                    (Some(o), None) => DiffersWith::Objective(self.reference(o, "objective")?),
                    (None, Some(x)) => DiffersWith::Commitment(self.reference(x, "commitment")?),
                    _ => {
                        self.err(
                            Pos::of(&c.id),
                            "a `differs_from` entry names neither or both of an objective and a commitment",
                            "give one of `objective: <id>` or `commitment: <id>` per entry",
                        );
                        return None;
                    }
                };
                Some(Difference {
                    with,
                    note: self.opt_text(&d.note),
                })
            })
            .collect();
        let source = self.source(&c.source);
        Some(Commitment {
            id: c.id.value.clone(),
            plan: plan?,
            group,
            number: c.number.as_ref().map(|n| n.value.trim().to_owned()),
            kind: kind?,
            text: self.text(&c.text),
            horizon: self.opt_text(&c.horizon),
            deadline: c.deadline.as_ref().and_then(|d| self.deadline(d)),
            responsible: self.parties(&c.responsible),
            targets: c.targets.iter().map(|t| self.text(&t.text)).collect(),
            implements,
            differs_from,
            source: source?,
            notes: self.notes(&c.notes),
        })
    }

    /// Checks over the whole cascade: `plans:` lists every plan, the primary plan has a
    /// record, and no chain of `implements` comes back to where it started.
    pub(super) fn check_cascade(
        &mut self,
        raw: &RawSite,
        config: Option<&SiteConfig>,
        plans: &[Plan],
    ) {
        let Some(config) = config else { return };
        let Some(site) = &raw.site else { return };
        self.file = site.file.clone();
        if !raw.plans.is_empty() && site.value.plans.is_none() {
            self.err(
                Pos::of(&site.value.plan),
                "the site has plans in content/plans/ but site.yaml does not list them",
                "add `plans: [<plan ids>]` to site.yaml, in the order the site shows them",
            );
        }
        if let Some(list) = &site.value.plans {
            for p in plans {
                if !config.plans.contains(&p.id) {
                    self.err(
                        Pos::of(list),
                        format!("plan `{}` is not listed in `plans:`", p.id),
                        "list every plan of content/plans/ in `plans:`",
                    );
                }
            }
            if !plans.is_empty() && !plans.iter().any(|p| p.document == config.plan) {
                self.err(
                    Pos::of(&site.value.plan),
                    format!(
                        "no plan in content/plans/ is the site's plan (a plan with `document: {}`)",
                        config.plan
                    ),
                    "add a plan record whose `document:` is the site's `plan:`; it is the plan whose tasks the site publishes",
                );
            }
        }
        self.check_implements_cycles(&raw.commitments);
    }

    /// Reports each commitment that closes a chain of `implements` links back to itself
    /// (a link of a commitment to itself is reported where it is written).
    fn check_implements_cycles(&mut self, recs: &[Rec<RawCommitment>]) {
        let index: BTreeMap<&str, usize> = (recs.iter().enumerate())
            .map(|(i, r)| (r.value.id.value.as_str(), i))
            .collect();
        let edges: Vec<Vec<usize>> = recs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (r.value.implements.iter())
                    .filter_map(|l| index.get(l.commitment.value.as_str()).copied())
                    .filter(|&j| j != i)
                    .collect()
            })
            .collect();
        // Iterative depth-first search: 0 unvisited, 1 on the path, 2 done.
        let mut state = vec![0u8; recs.len()];
        let mut closing: BTreeSet<usize> = BTreeSet::new();
        for start in 0..recs.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some(&mut (n, ref mut next)) = stack.last_mut() {
                if let Some(&m) = edges[n].get(*next) {
                    *next += 1;
                    match state[m] {
                        0 => {
                            state[m] = 1;
                            stack.push((m, 0));
                        }
                        1 => {
                            closing.insert(n);
                        }
                        _ => {}
                    }
                } else {
                    state[n] = 2;
                    stack.pop();
                }
            }
        }
        for i in closing {
            let r = &recs[i];
            self.file = r.file.clone();
            self.err(
                Pos::of(&r.value.id),
                format!(
                    "commitment `{}` is part of a loop of `implements` links",
                    r.value.id.value
                ),
                "an `implements` link goes up to a higher-level commitment: remove the link that points back down",
            );
        }
    }
}
