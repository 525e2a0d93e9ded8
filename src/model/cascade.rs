//! The cascade of plans: plans (resolution → action programme → plans and schemes), their
//! commitments, and the links by which a commitment or a task implements a higher-level
//! commitment.
//!
//! Input: nothing (types). Output: the validated types of `content/plans/` and
//! `content/commitments/` and of a task's `implements`. Guarantee: the vocabularies (kinds of
//! plan and commitment, reasons of a link) are closed enums with one table of keys each; their
//! UI strings are `plan_kind_<key>`, `commitment_kind_<key>` and `reason_<key>`.

use super::{Deadline, Id, Note, Party, Source, Text};

/// Declares a closed vocabulary: the enum, its keys table and `key()`/`parse()`.
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $key:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $var,)* }
        impl $name {
            /// Every value with its YAML key, in display order.
            pub const KEYS: &'static [(&'static str, $name)] = &[$(($key, $name::$var),)*];
            /// The YAML key (also the suffix of its UI string).
            pub fn key(self) -> &'static str {
                match self { $($name::$var => $key,)* }
            }
            /// The value of a YAML key.
            pub fn parse(s: &str) -> Option<$name> {
                Self::KEYS.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
            }
        }
    };
}

vocabulary! {
    /// The kind of a plan.
    PlanKind {
        /// Nghị quyết.
        Resolution = "resolution",
        /// Chương trình hành động.
        ActionProgramme = "action_programme",
        /// Kế hoạch.
        Plan = "plan",
        /// A scheme (a plan of projects and tasks approved by a decision).
        Scheme = "scheme",
        /// Thông báo (opinions, conclusions).
        Notice = "notice",
    }
}

vocabulary! {
    /// The kind of a commitment.
    CommitmentKind {
        /// A task or solution.
        Task = "task",
        /// A target figure.
        Target = "target",
        /// A point on organising the implementation.
        Organisation = "organisation",
        /// A directive.
        Directive = "directive",
        /// A dated milestone.
        Milestone = "milestone",
        /// A breakthrough.
        Breakthrough = "breakthrough",
        /// Money.
        Budget = "budget",
    }
}

vocabulary! {
    /// Why a commitment or task is said to implement a higher one.
    Reason {
        /// The lower text repeats the higher one's words.
        SameWording = "same_wording",
        /// Same group and subject.
        SameGroup = "same_group",
        /// The lower text cites the higher one by number.
        Cited = "cited",
    }
}

/// A plan of the cascade.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Permanent id.
    pub id: Id,
    /// Kind.
    pub kind: PlanKind,
    /// Title as the document names itself.
    pub title: Text,
    /// Short label.
    pub short: Text,
    /// Issuing body as written.
    pub issuer: Text,
    /// The document it is.
    pub document: Id,
    /// Plans it implements.
    pub implements: Vec<Id>,
    /// Plans it comments on or relates to.
    pub relates_to: Vec<Id>,
    /// Horizon as written.
    pub horizon: Option<Text>,
    /// Its groups of commitments, in order.
    pub groups: Vec<PlanGroup>,
    /// Where the document states its title.
    pub source: Option<Source>,
}

/// A group of commitments of a plan.
#[derive(Debug, Clone)]
pub struct PlanGroup {
    /// Permanent id.
    pub id: Id,
    /// Number as written.
    pub number: Option<String>,
    /// Title.
    pub title: Text,
    /// The primary plan's solution group with the same title.
    pub task_group: Option<Id>,
    /// Where the heading is.
    pub source: Option<Source>,
}

/// An implementation link.
#[derive(Debug, Clone)]
pub struct Implements {
    /// The commitment implemented.
    pub commitment: Id,
    /// Why.
    pub reason: Reason,
    /// Remark.
    pub note: Option<Text>,
}

/// What a contradiction is with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffersWith {
    /// An objective (indicator) of the primary plan.
    Objective(Id),
    /// A commitment of another plan.
    Commitment(Id),
}

/// A contradiction between two levels.
#[derive(Debug, Clone)]
pub struct Difference {
    /// The record that states it differently.
    pub with: DiffersWith,
    /// What differs.
    pub note: Option<Text>,
}

/// A commitment of a plan.
#[derive(Debug, Clone)]
pub struct Commitment {
    /// Permanent id.
    pub id: Id,
    /// Plan id.
    pub plan: Id,
    /// Group id (of the plan's groups).
    pub group: Option<Id>,
    /// Number as written.
    pub number: Option<String>,
    /// Kind.
    pub kind: CommitmentKind,
    /// Text as written.
    pub text: Text,
    /// Horizon as written.
    pub horizon: Option<Text>,
    /// Deadline.
    pub deadline: Option<Deadline>,
    /// Responsible parties.
    pub responsible: Vec<Party>,
    /// Figures named, as written.
    pub targets: Vec<Text>,
    /// Higher-level commitments it implements.
    pub implements: Vec<Implements>,
    /// Contradictions with other levels.
    pub differs_from: Vec<Difference>,
    /// Where it is written.
    pub source: Source,
    /// Remarks.
    pub notes: Vec<Note>,
}
