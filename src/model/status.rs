//! The one status table: where a task stands ([`Status`]) and what a progress report can say
//! ([`ReportStatus`]), each with its stable key and UI string key.
//!
//! Input: none (constants). Output: [`Status`], [`ReportStatus`] and their keys. Guarantee:
//! every status has exactly one row of [`STATUS_TABLE`] (checked by a unit test), so a key is
//! never guessed or defaulted; the renderer, the search index, validation and the report
//! spreadsheets all read their keys from here.

use serde::Serialize;

/// Where a task stands, as far as the data says: the five statuses a progress report can give,
/// and three derived when no report says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Latest report: completed on time.
    CompletedOnTime,
    /// Latest report: completed late.
    CompletedLate,
    /// Latest report: in progress within the deadline.
    InProgress,
    /// Latest report: overdue, not completed.
    Overdue,
    /// Latest report: ongoing (recurring task).
    Ongoing,
    /// Deadline passed and no completion reported.
    PastDeadlineNoReport,
    /// No report yet.
    NoReport,
    /// Only in the draft: the approved plan does not include it, so no status applies.
    NotInPlan,
}

/// The one status table: every status in display order, with its stable key (YAML value of a
/// report's `status`, CSS class, search filter) and its UI string key (`status_<key>`).
/// [`Status`], [`ReportStatus`], the renderer and the report spreadsheets all read it.
const STATUS_TABLE: [(Status, &str, &str); 8] = [
    (
        Status::CompletedOnTime,
        "completed_on_time",
        "status_completed_on_time",
    ),
    (
        Status::CompletedLate,
        "completed_late",
        "status_completed_late",
    ),
    (Status::InProgress, "in_progress", "status_in_progress"),
    (Status::Ongoing, "ongoing", "status_ongoing"),
    (Status::Overdue, "overdue", "status_overdue"),
    (
        Status::PastDeadlineNoReport,
        "past_deadline_no_report",
        "status_past_deadline_no_report",
    ),
    (Status::NoReport, "no_report", "status_no_report"),
    (Status::NotInPlan, "not_in_plan", "status_not_in_plan"),
];

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 8] = {
        let mut all = [Status::NoReport; 8];
        let mut i = 0;
        while i < STATUS_TABLE.len() {
            all[i] = STATUS_TABLE[i].0;
            i += 1;
        }
        all
    };

    /// The status's row of [`STATUS_TABLE`] (every status has one: `Status as usize` is not
    /// its position, so it is looked up).
    const fn row(self) -> &'static (Status, &'static str, &'static str) {
        let mut i = 0;
        while i < STATUS_TABLE.len() {
            if STATUS_TABLE[i].0 as u8 == self as u8 {
                return &STATUS_TABLE[i];
            }
            i += 1;
        }
        // Unreachable: the table has a row per variant (checked by a unit test).
        &STATUS_TABLE[0]
    }

    /// Stable key (a report's YAML value, CSS class).
    pub const fn key(self) -> &'static str {
        self.row().1
    }

    /// Its UI string key (`status_<key>`).
    pub const fn ui_key(self) -> &'static str {
        self.row().2
    }
}

/// Status vocabulary of progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Hoàn thành đúng hạn.
    CompletedOnTime,
    /// Hoàn thành quá hạn.
    CompletedLate,
    /// Đang thực hiện trong hạn.
    InProgress,
    /// Quá hạn chưa hoàn thành.
    Overdue,
    /// Recurring task, carried out regularly.
    Ongoing,
}

impl ReportStatus {
    /// Every status with its YAML key (from the status table).
    pub const KEYS: [(&'static str, ReportStatus); 5] = [
        (Status::CompletedOnTime.key(), ReportStatus::CompletedOnTime),
        (Status::CompletedLate.key(), ReportStatus::CompletedLate),
        (Status::InProgress.key(), ReportStatus::InProgress),
        (Status::Overdue.key(), ReportStatus::Overdue),
        (Status::Ongoing.key(), ReportStatus::Ongoing),
    ];

    /// The task status this report gives.
    pub const fn status(self) -> Status {
        match self {
            ReportStatus::CompletedOnTime => Status::CompletedOnTime,
            ReportStatus::CompletedLate => Status::CompletedLate,
            ReportStatus::InProgress => Status::InProgress,
            ReportStatus::Overdue => Status::Overdue,
            ReportStatus::Ongoing => Status::Ongoing,
        }
    }

    /// The YAML key.
    pub const fn key(self) -> &'static str {
        self.status().key()
    }

    /// Its UI string key (`status_<key>`).
    pub const fn ui_key(self) -> &'static str {
        self.status().ui_key()
    }

    /// Whether the task is done.
    pub fn is_completion(self) -> bool {
        matches!(
            self,
            ReportStatus::CompletedOnTime | ReportStatus::CompletedLate
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The status table has one row per status, with distinct keys, and the report statuses
    /// read their keys from it.
    #[test]
    fn one_status_table_covers_every_status() {
        let mut keys = std::collections::BTreeSet::new();
        for s in Status::ALL {
            assert_eq!(s.row().0, s, "{s:?} has no row of its own");
            assert!(keys.insert(s.key()), "{} twice", s.key());
            assert_eq!(s.ui_key(), format!("status_{}", s.key()));
        }
        assert_eq!(keys.len(), STATUS_TABLE.len());
        for (key, r) in ReportStatus::KEYS {
            assert_eq!(r.key(), key);
            assert_eq!(r.status().key(), key);
        }
        assert_eq!(ReportStatus::Ongoing.key(), "ongoing");
        assert_eq!(Status::NotInPlan.key(), "not_in_plan");
    }
}
