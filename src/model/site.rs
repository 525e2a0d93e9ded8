//! The validated site: its settings ([`SiteConfig`]) and every record ([`Site`], the output of
//! `validate` and `compile`).
//!
//! Input: built by `validate` from the raw model. Output: the types below. Guarantee: as the
//! whole model's (every value well-formed, every reference known to exist).

use super::*;

/// Site settings.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Title.
    pub title: Text,
    /// Description.
    pub description: Text,
    /// Plan document id.
    pub plan: Id,
    /// The kind of plan as it names itself (`Kế hoạch` / `Plan`…), put into the UI strings
    /// for `{plan_kind}`.
    pub plan_kind: Text,
    /// The plan's short name (`{plan_short}` in UI strings); `plan_kind` when not given.
    pub plan_short: Text,
    /// Absolute base URL ending in `/`, if published at a known address.
    pub base_url: Option<String>,
    /// Data-as-of date.
    pub data_as_of: Date,
    /// Publisher.
    pub publisher: Text,
    /// Theme name.
    pub theme: String,
    /// Text at the top of the objectives list.
    pub objectives_intro: Option<Text>,
    /// Most items on one page of a list (`page_size`, default [`DEFAULT_PAGE_SIZE`]); a
    /// longer list is split into pages.
    pub page_size: usize,
    /// The plans of the cascade, in display order (empty on a site of one plan).
    pub plans: Vec<Id>,
    /// Brand colour, `#rrggbb` (lowercase), with at least 4.5:1 contrast against white.
    pub brand_colour: Option<String>,
    /// Licence of the open data.
    pub licence: Option<Licence>,
    /// Where readers report an error (an http(s) or `mailto:` URL).
    pub contact: Option<String>,
    /// Emblem or logo for the header.
    pub logo: Option<SiteImage>,
    /// The site's icon, replacing the theme's.
    pub favicon: Option<SiteImage>,
}

/// An image named in `site.yaml` (logo, favicon), copied to the output.
#[derive(Debug, Clone)]
pub struct SiteImage {
    /// Its path in the output (`assets/site/emblem.svg`).
    pub path: String,
    /// Its media type (`image/svg+xml`…).
    pub mime: &'static str,
    /// Its bytes.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// The licence of the open data.
#[derive(Debug, Clone)]
pub struct Licence {
    /// Its name.
    pub name: Text,
    /// Its text (absolute http(s) URL).
    pub url: String,
}

/// Items on one page of a list when `site.yaml` does not say.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// The smallest and largest `page_size` accepted.
pub const PAGE_SIZE_RANGE: (usize, usize) = (2, 10_000);

/// Translation coverage of one kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Bilingual fields.
    pub fields: usize,
    /// Of which translated.
    pub translated: usize,
}

/// The whole validated content.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub config: SiteConfig,
    /// Groups, by `order`.
    pub groups: Vec<Group>,
    /// Agencies.
    pub agencies: Vec<Agency>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Objectives.
    pub objectives: Vec<Objective>,
    /// Projects.
    pub projects: Vec<Project>,
    /// Budget figures.
    pub budget: Vec<BudgetItem>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Free pages.
    pub pages: Vec<Page>,
    /// Glossary.
    pub glossary: Vec<GlossaryEntry>,
    /// Context figures of the plan's assessment.
    pub context: Vec<ContextFigure>,
    /// Topics, by `order` then id.
    pub topics: Vec<Topic>,
    /// Plans of the cascade, in the order of `config.plans`.
    pub plans: Vec<Plan>,
    /// Commitments of the plans, in file order.
    pub commitments: Vec<Commitment>,
    /// Translation coverage per kind (`tasks`, `agencies`…).
    pub coverage: BTreeMap<&'static str, Coverage>,
    /// Document references found in plain text fields, by the text they were found in (the
    /// same text always has the same references). Texts without references are absent. Only
    /// looked up, never iterated (a hash map: every text shown is looked up, and the long texts
    /// of a large site made the comparisons of an ordered map costly).
    pub mentions: std::collections::HashMap<String, Vec<Mention>>,
    /// Counts of the auto-linker.
    pub citations: CitationStats,
}
