//! Agencies and the groups they belong to, as the model holds them.
//!
//! Input: nothing (types). Output: [`Agency`], its kind, duties and groups. Guarantee: the
//! same as the model's (`super`): references are ids known to exist; moved out of
//! `model/mod.rs` unchanged.

use serde::Serialize;

use super::{Id, Note, Source, Text};

/// What a group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A solution group of tasks.
    Task,
    /// A group of indicators.
    Objective,
}

/// A solution group or an indicator group.
#[derive(Debug, Clone)]
pub struct Group {
    /// Permanent id.
    pub id: Id,
    /// Tasks or indicators.
    pub kind: GroupKind,
    /// Number as printed.
    pub number: String,
    /// Horizon year of an indicator group.
    pub horizon: Option<u16>,
    /// Title.
    pub title: Text,
    /// List position.
    pub order: u32,
    /// Provenance.
    pub source: Option<Source>,
}

/// Kind of body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// Sở (department of the city).
    Department,
    /// Ủy ban nhân dân.
    PeopleCommittee,
    /// Party body.
    PartyBody,
    /// University.
    University,
    /// School.
    School,
    /// Police.
    Police,
    /// Project management board.
    ProjectBoard,
    /// Mass organisation (Mặt trận Tổ quốc…).
    MassOrganization,
    /// Ministry.
    Ministry,
    /// Government, Prime Minister, National Assembly.
    Government,
    /// A group of bodies.
    Collective,
    /// Anything else.
    Other,
}

impl AgencyKind {
    /// Every kind with its YAML key.
    pub const KEYS: [(&'static str, AgencyKind); 12] = [
        ("department", AgencyKind::Department),
        ("people_committee", AgencyKind::PeopleCommittee),
        ("party_body", AgencyKind::PartyBody),
        ("university", AgencyKind::University),
        ("school", AgencyKind::School),
        ("police", AgencyKind::Police),
        ("project_board", AgencyKind::ProjectBoard),
        ("mass_organization", AgencyKind::MassOrganization),
        ("ministry", AgencyKind::Ministry),
        ("government", AgencyKind::Government),
        ("collective", AgencyKind::Collective),
        ("other", AgencyKind::Other),
    ];

    /// The YAML key (also the UI string key suffix).
    pub fn key(self) -> &'static str {
        AgencyKind::KEYS
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(s, _)| *s)
            .unwrap_or("other")
    }
}

/// A duty assigned by the plan.
#[derive(Debug, Clone)]
pub struct Duty {
    /// Printed letter, possibly empty.
    pub label: String,
    /// The duty.
    pub text: Text,
    /// Provenance.
    pub source: Option<Source>,
}

/// An agency or body.
#[derive(Debug, Clone)]
pub struct Agency {
    /// Permanent id.
    pub id: Id,
    /// Official name.
    pub name: Text,
    /// Abbreviation.
    pub short_name: Option<Text>,
    /// Other spellings in the documents.
    pub aliases: Vec<String>,
    /// Kind of body.
    pub kind: AgencyKind,
    /// Duties.
    pub duties: Vec<Duty>,
    /// Official website.
    pub url: Option<String>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Provenance.
    pub source: Option<Source>,
}
