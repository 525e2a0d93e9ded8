//! Validate, ids: collects the ids of every kind (valid, unique in their kind) and the task
//! aliases, and resolves references to them, with a "did you mean" for a likely typo.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostic::Pos;
use crate::load::{RawSite, Rec};
use crate::model::raw::*;
use crate::model::*;
use crate::strings::is_valid_id;

use super::{Ids, Validator};

impl Validator<'_> {
    pub(super) fn collect_ids(&mut self, raw: &RawSite, tasks: &[Rec<RawTask>]) {
        fn collect<R>(
            v: &mut Validator,
            recs: &[Rec<R>],
            kind: &str,
            id_of: impl Fn(&R) -> &S<String>,
            set: &mut BTreeSet<String>,
        ) {
            let mut first: BTreeMap<String, (PathBuf, Pos)> = BTreeMap::new();
            for r in recs {
                v.file = r.file.clone();
                let id = id_of(&r.value);
                let pos = Pos::of(id);
                if !is_valid_id(&id.value) {
                    v.err(pos, format!("{kind} id `{}` is not a valid id", id.value),
                        "ids use only lower-case a-z, 0-9 and '-', at most 80 characters (they become URLs), e.g. `so-giao-duc-dao-tao`");
                    continue;
                }
                if let Some((f, p)) = first.get(&id.value) {
                    let msg = format!(
                        "duplicate {kind} id `{}` (first defined at {}:{}:{})",
                        id.value,
                        f.display(),
                        p.line,
                        p.col
                    );
                    v.err(pos, msg, "give each record its own id");
                } else {
                    first.insert(id.value.clone(), (r.file.clone(), pos));
                    set.insert(id.value.clone());
                }
            }
        }
        let mut ids = Ids::default();
        // Plans and commitments are collected after (`collect_cascade_ids`).
        let mut groups = BTreeSet::new();
        collect(self, &raw.groups, "group", |r| &r.id, &mut groups);
        for g in &raw.groups {
            let kind = match g.value.kind.value.as_str() {
                "objective" => GroupKind::Objective,
                _ => GroupKind::Task,
            };
            if groups.contains(&g.value.id.value) {
                ids.groups.insert(g.value.id.value.clone(), kind);
            }
        }
        collect(self, &raw.agencies, "agency", |r| &r.id, &mut ids.agencies);
        collect(self, tasks, "task", |r| &r.id, &mut ids.tasks);
        collect(
            self,
            &raw.objectives,
            "objective",
            |r| &r.id,
            &mut ids.objectives,
        );
        collect(self, &raw.projects, "project", |r| &r.id, &mut ids.projects);
        collect(self, &raw.budget, "budget", |r| &r.id, &mut ids.budget);
        collect(
            self,
            &raw.documents,
            "document",
            |r| &r.id,
            &mut ids.documents,
        );
        collect(self, &raw.topics, "topic", |r| &r.id, &mut ids.topics);
        // Task aliases: unique and not another task's id.
        let mut aliases: BTreeSet<String> = BTreeSet::new();
        for r in tasks {
            self.file = r.file.clone();
            for a in &r.value.aliases {
                if !is_valid_id(&a.value) {
                    self.err(
                        Pos::of(a),
                        format!("alias `{}` is not a valid id", a.value),
                        "aliases are earlier ids: lower-case a-z, 0-9 and '-'",
                    );
                } else if ids.tasks.contains(&a.value) || !aliases.insert(a.value.clone()) {
                    self.err(
                        Pos::of(a),
                        format!("alias `{}` is already used by another task", a.value),
                        "an old id can redirect to one task only",
                    );
                }
            }
        }
        self.ids = ids;
    }

    pub(super) fn reference(&mut self, r: &S<String>, kind: &str) -> Option<String> {
        let set = match kind {
            "plan" => &self.ids.plans,
            "commitment" => &self.ids.commitments,
            "agency" => &self.ids.agencies,
            "task" => &self.ids.tasks,
            "objective" => &self.ids.objectives,
            "project" => &self.ids.projects,
            "budget" => &self.ids.budget,
            "document" => &self.ids.documents,
            _ => unreachable!("unknown reference kind"),
        };
        let folder = match kind {
            "plan" => "plans",
            "commitment" => "commitments",
            "agency" => "agencies",
            "task" => "tasks",
            "objective" => "objectives",
            "project" => "projects",
            "budget" => "budget",
            _ => "documents",
        };
        if set.contains(&r.value) {
            Some(r.value.clone())
        } else if self.failed.contains(folder) {
            None
        } else {
            let help = match suggest(&r.value, set) {
                Some(s) => {
                    format!("did you mean `{s}`? Every {kind} id must match a record in content/")
                }
                None => format!("add a {kind} record with this id, or fix the reference"),
            };
            self.err(Pos::of(r), format!("unknown {kind} `{}`", r.value), help);
            None
        }
    }

    /// A record's `topics` list: each id must be a topic of `content/topics.yaml`, and named
    /// once.
    pub(super) fn topic_refs(&mut self, rs: &[S<String>]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in rs {
            if out.contains(&r.value) {
                self.err(
                    Pos::of(r),
                    format!("topic `{}` is listed twice", r.value),
                    "name each topic once in `topics:`",
                );
            } else if self.ids.topics.contains(&r.value) {
                out.push(r.value.clone());
            } else if !self.failed.contains("topics") {
                let known: Vec<&str> = self.ids.topics.iter().map(String::as_str).collect();
                let help = match suggest(&r.value, &self.ids.topics) {
                    Some(s) => format!("did you mean `{s}`? Topics are defined in content/topics.yaml"),
                    None if known.is_empty() => "define the topic in content/topics.yaml (id, title {vi, en}, order), or remove it from `topics:`".to_owned(),
                    None => format!(
                        "the topics of content/topics.yaml are: {}; add one there or fix the id",
                        known.join(", ")
                    ),
                };
                self.err(Pos::of(r), format!("unknown topic `{}`", r.value), help);
            }
        }
        out
    }

    pub(super) fn group_ref(&mut self, r: &S<String>, want: GroupKind) -> Option<String> {
        match self.ids.groups.get(&r.value) {
            Some(k) if *k == want => Some(r.value.clone()),
            Some(_) => {
                let kind = if want == GroupKind::Task {
                    "task"
                } else {
                    "objective"
                };
                self.err(
                    Pos::of(r),
                    format!("group `{}` is not a group of kind `{kind}`", r.value),
                    "point at a group with the right kind",
                );
                None
            }
            None if self.failed.contains("groups") => None,
            None => {
                self.err(
                    Pos::of(r),
                    format!("unknown group `{}`", r.value),
                    "add the group to content/groups/ or fix the reference",
                );
                None
            }
        }
    }
}

/// The known id closest to a mistyped one, if it is close enough to be a likely typo.
fn suggest<'s>(wrong: &str, known: &'s BTreeSet<String>) -> Option<&'s str> {
    known
        .iter()
        .map(|k| (levenshtein(wrong, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 5))
        .min()
        .map(|(_, k)| k.as_str())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        let known: BTreeSet<String> =
            ["so-giao-duc-dao-tao".to_owned(), "so-y-te".to_owned()].into();
        assert_eq!(
            suggest("so-giao-duc-dao-tai", &known),
            Some("so-giao-duc-dao-tao")
        );
        assert_eq!(suggest("cong-an", &known), None);
    }
}
