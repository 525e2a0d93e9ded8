//! Validate, whole-site checks: relations between records that no single record shows
//! (budget parent cycles, report dates after the data-as-of date).

use std::collections::BTreeMap;
use std::str::FromStr;

use crate::diagnostic::Pos;
use crate::load::Rec;
use crate::model::raw::*;
use crate::model::*;

use super::Validator;

impl Validator<'_> {
    pub(super) fn check_budget_cycles(&mut self, items: &[Rec<RawBudgetItem>]) {
        let parent: BTreeMap<&str, &str> = items
            .iter()
            .filter_map(|r| {
                r.value
                    .parent
                    .as_ref()
                    .map(|p| (r.value.id.value.as_str(), p.value.as_str()))
            })
            .collect();
        for r in items {
            let mut cur = r.value.id.value.as_str();
            for _ in 0..=items.len() {
                match parent.get(cur) {
                    Some(p) if *p == r.value.id.value => {
                        self.file = r.file.clone();
                        self.err(
                            Pos::of(&r.value.id),
                            format!("budget figure `{}` is its own ancestor", r.value.id.value),
                            "parents must form a tree",
                        );
                        break;
                    }
                    Some(p) => cur = p,
                    None => break,
                }
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
