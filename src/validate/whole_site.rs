//! Validate, whole-site checks: relations between records that no single record shows
//! (cycles of `parent:` relations, report dates after the data-as-of date).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::Rec;
use crate::model::raw::*;
use crate::model::*;

use super::Validator;

/// A record's file, id and `parent:`.
type ParentLink<'r> = (&'r PathBuf, &'r S<String>, Option<&'r S<String>>);

impl Validator<'_> {
    /// Warns where the parts of a budget figure of one facet (its `source` parts, its
    /// `purpose` parts…) do not add up to it, with both figures, unless the figure says why
    /// with `sum_differs:`; and where `sum_differs:` is given but the parts do add up.
    pub(super) fn check_budget_sums(&mut self, budget: &[Rec<RawBudgetItem>]) {
        let amount =
            |r: &RawBudgetItem| rust_decimal::Decimal::from_str(r.amount.value.trim()).ok();
        let by_id: BTreeMap<&str, &Rec<RawBudgetItem>> = budget
            .iter()
            .map(|r| (r.value.id.value.as_str(), r))
            .collect();
        let mut parts: BTreeMap<(&str, &str), Vec<&RawBudgetItem>> = BTreeMap::new();
        for r in budget {
            if let Some(p) = &r.value.parent {
                (parts
                    .entry((p.value.as_str(), r.value.facet.value.as_str()))
                    .or_default())
                .push(&r.value);
            }
        }
        let mut summed = std::collections::BTreeSet::new();
        for ((parent, facet), kids) in parts {
            let Some(p) = by_id.get(parent) else { continue };
            let (Some(total), Some(sum)) = (
                amount(&p.value),
                kids.iter()
                    .map(|k| amount(k))
                    .sum::<Option<rust_decimal::Decimal>>(),
            ) else {
                continue;
            };
            summed.insert(parent);
            if total == sum || p.value.sum_differs.is_some() {
                continue;
            }
            let ids: Vec<&str> = kids.iter().map(|k| k.id.value.as_str()).collect();
            self.diags.push(
                Diagnostic::warning(
                    p.file.clone(),
                    Pos::of(&p.value.amount),
                    format!(
                        "budget figure `{parent}` is {} but its `{facet}` parts ({}) add up to {}",
                        total.normalize(),
                        ids.join(", "),
                        sum.normalize()
                    ),
                )
                .help("check both against the source; if the source itself prints figures that do not add up, keep them as printed and say why on this record with `sum_differs: \"…\"`"),
            );
        }
        for r in budget {
            if let Some(s) = &r.value.sum_differs
                && !summed.contains(r.value.id.value.as_str())
            {
                self.diags.push(Diagnostic::warning(
                    r.file.clone(),
                    Pos::of(s),
                    format!("`sum_differs` on budget figure `{}`, which has no parts", r.value.id.value),
                ).help("remove `sum_differs`; it explains parts that do not add up to their figure"));
            }
        }
    }

    /// Reports every cycle of the `parent:` relations (objectives, budget figures): each
    /// cycle once, at the `parent:` key of its first record in id order, naming the cycle.
    pub(super) fn check_parent_cycles(
        &mut self,
        objectives: &[Rec<RawObjective>],
        budget: &[Rec<RawBudgetItem>],
    ) {
        let edges = |recs: &[ParentLink]| {
            recs.iter()
                .filter_map(|(file, id, parent)| {
                    let p = (*parent)?;
                    Some((
                        id.value.clone(),
                        (p.value.clone(), (*file).clone(), Pos::of(p)),
                    ))
                })
                .collect::<BTreeMap<_, _>>()
        };
        let objectives: Vec<_> = objectives
            .iter()
            .map(|r| (&r.file, &r.value.id, r.value.parent.as_ref()))
            .collect();
        let budget: Vec<_> = budget
            .iter()
            .map(|r| (&r.file, &r.value.id, r.value.parent.as_ref()))
            .collect();
        for (kind, recs) in [("objective", objectives), ("budget figure", budget)] {
            let edges = edges(&recs);
            let parent_of: BTreeMap<&str, &str> = edges
                .iter()
                .map(|(id, (p, _, _))| (id.as_str(), p.as_str()))
                .collect();
            for cycle in parent_cycles(&parent_of) {
                // A record that is its own parent is reported where the record is checked.
                if kind == "objective" && cycle.len() == 1 {
                    continue;
                }
                let (_, file, pos) = &edges[cycle[0]];
                self.file = file.clone();
                let mut path: Vec<String> = cycle.iter().map(|id| format!("`{id}`")).collect();
                path.push(format!("`{}`", cycle[0]));
                self.err(
                    *pos,
                    format!("{kind} parents form a cycle: {}", path.join(" → ")),
                    "parents must form a tree: change the `parent:` of one of these records",
                );
            }
        }
    }

    pub(super) fn check_report_dates(&mut self, tasks: &[Rec<RawTask>], as_of: Date) {
        for r in tasks {
            self.file = r.file.clone();
            for rep in &r.value.reports {
                if let Ok(d) = Date::from_str(&rep.date.value)
                    && d > as_of
                {
                    self.err(
                        Pos::of(&rep.date),
                        format!("report dated {d} is after the data-as-of date {as_of}"),
                        "fix the date, or move data_as_of in content/site.yaml forward",
                    );
                }
            }
        }
    }
}

/// The cycles of a parent relation (child id → parent id), each once, as the ids along it
/// starting from its smallest id, in the order of those ids. Linear in the number of records:
/// each id is walked once.
pub(crate) fn parent_cycles<'a>(parent: &BTreeMap<&'a str, &'a str>) -> Vec<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        OnPath(usize),
        Done,
    }
    let mut seen: BTreeMap<&str, Seen> = BTreeMap::new();
    let mut cycles = Vec::new();
    for &start in parent.keys() {
        let mut path: Vec<&str> = Vec::new();
        let mut cur = start;
        loop {
            match seen.get(cur) {
                Some(Seen::Done) => break,
                Some(Seen::OnPath(i)) => {
                    let mut cycle = path[*i..].to_vec();
                    let min = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                    cycle.rotate_left(min);
                    cycles.push(cycle);
                    break;
                }
                None => {}
            }
            seen.insert(cur, Seen::OnPath(path.len()));
            path.push(cur);
            match parent.get(cur) {
                Some(&p) => cur = p,
                None => break,
            }
        }
        for id in path {
            seen.insert(id, Seen::Done);
        }
    }
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_cycle_once() {
        let parent: BTreeMap<&str, &str> = [
            ("b", "a"),
            ("a", "b"),
            ("c", "a"),
            ("x", "x"),
            ("p", "q"),
            ("q", "r"),
            ("r", "p"),
            ("s", "t"),
        ]
        .into();
        assert_eq!(
            parent_cycles(&parent),
            vec![vec!["a", "b"], vec!["p", "q", "r"], vec!["x"]]
        );
    }
}
