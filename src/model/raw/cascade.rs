//! Raw content types of the cascade of plans: `content/plans/*.yaml` and
//! `content/commitments/*.yaml`, and a task's `implements`.
//!
//! Input: YAML text. Output: these structs, located like every raw type ([`super::S`]).
//! Guarantee: unknown keys are rejected; nothing is interpreted here.

use serde::Deserialize;

use super::{RawDeadline, RawNote, RawParty, RawSource, RawText, S};

/// `content/plans/*.yaml`: a plan of the cascade (resolution, action programme, plan…).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Permanent id.
    pub id: S<String>,
    /// `resolution`, `action_programme`, `plan`, `scheme` or `notice`.
    pub kind: S<String>,
    /// Title as the document names itself.
    pub title: RawText,
    /// Short label for tables and the cascade ("71-NQ/TW").
    pub short: RawText,
    /// The body that issued it, as written.
    pub issuer: RawText,
    /// The document record it is.
    pub document: S<String>,
    /// Plan ids this plan implements.
    #[serde(default)]
    pub implements: Vec<S<String>>,
    /// Plan ids this plan comments on or relates to without implementing them.
    #[serde(default)]
    pub relates_to: Vec<S<String>>,
    /// Horizon as written.
    #[serde(default)]
    pub horizon: Option<RawText>,
    /// The plan's own groups of commitments, in order.
    #[serde(default)]
    pub groups: Vec<RawPlanGroup>,
    /// Where the document states its title.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// A group of commitments of a plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanGroup {
    /// Permanent id, unique across the site.
    pub id: S<String>,
    /// Number as written.
    #[serde(default)]
    pub number: Option<S<String>>,
    /// Title as written.
    pub title: RawText,
    /// The primary plan's solution group (`content/groups/`) with the same title.
    #[serde(default)]
    pub task_group: Option<S<String>>,
    /// Where the group heading is.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// `content/commitments/*.yaml`: one commitment of a plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCommitment {
    /// Permanent id, unique across the site.
    pub id: S<String>,
    /// The plan it belongs to.
    pub plan: S<String>,
    /// A group id of that plan.
    #[serde(default)]
    pub group: Option<S<String>>,
    /// Number as written.
    #[serde(default)]
    pub number: Option<S<String>>,
    /// `task`, `target`, `organisation`, `directive`, `milestone`, `breakthrough` or `budget`.
    pub kind: S<String>,
    /// The text as written.
    pub text: RawText,
    /// Horizon as written.
    #[serde(default)]
    pub horizon: Option<RawText>,
    /// Deadline, where the text names one.
    #[serde(default)]
    pub deadline: Option<S<RawDeadline>>,
    /// Responsible parties, where the text names them.
    #[serde(default)]
    pub responsible: Vec<S<RawParty>>,
    /// Figures the text names.
    #[serde(default)]
    pub targets: Vec<RawFigure>,
    /// Higher-level commitments this one implements.
    #[serde(default)]
    pub implements: Vec<RawImplements>,
    /// Contradictions with another level.
    #[serde(default)]
    pub differs_from: Vec<RawDifference>,
    /// Where it is written.
    pub source: RawSource,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
}

/// A figure a commitment names, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    /// The figure as written.
    pub text: RawText,
}

/// An implementation link: the higher-level commitment and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImplements {
    /// The commitment implemented.
    pub commitment: S<String>,
    /// `same_wording`, `same_group` or `cited`.
    pub reason: S<String>,
    /// Why, in a sentence.
    #[serde(default)]
    pub note: Option<RawText>,
}

/// A contradiction with another level: an objective or a commitment, and what differs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDifference {
    /// The objective (indicator) that states it differently.
    #[serde(default)]
    pub objective: Option<S<String>>,
    /// The commitment that states it differently.
    #[serde(default)]
    pub commitment: Option<S<String>>,
    /// What differs.
    #[serde(default)]
    pub note: Option<RawText>,
}
