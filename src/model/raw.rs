//! Raw content types: serde structs that mirror the YAML files under `content/` exactly.
//!
//! Input: YAML text. Output: these structs, with the source location of every id, reference
//! and text kept (`Spanned`) so that later stages can point at the exact line and column.
//! Guarantee: unknown keys are rejected (`deny_unknown_fields`); nothing is interpreted here
//! (amounts, dates and deadlines are still strings/numbers as written). `docs/content.md`
//! describes the same fields for content authors.

use serde::Deserialize;
use serde_saphyr::Spanned;

mod cascade;
pub use cascade::*;

/// A value with the line and column it was read from.
pub type S<T> = Spanned<T>;

/// Bilingual text as written in YAML: `{vi: "…", en: "…"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    /// Vietnamese text; required and non-empty.
    pub vi: S<String>,
    /// English text; absent means "not yet translated".
    #[serde(default)]
    pub en: Option<S<String>>,
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteConfig {
    /// Site title shown in every page header.
    pub title: RawText,
    /// One-paragraph description (home page, meta description).
    pub description: RawText,
    /// Id of the document the site publishes (the plan).
    pub plan: S<String>,
    /// The kind of plan as it names itself (`{vi: "Kế hoạch", en: "Plan"}`): the UI says it.
    pub plan_kind: RawText,
    /// A shorter name for the plan, where the UI names it in a few words; defaults to
    /// `plan_kind`.
    #[serde(default)]
    pub plan_short: Option<RawText>,
    /// Absolute URL the site is published at, ending in `/`; empty for relative links.
    #[serde(default)]
    pub base_url: Option<S<String>>,
    /// Languages; must be `[vi, en]`.
    pub languages: S<Vec<String>>,
    /// The language `/` sends to; must be `vi`.
    pub default_language: S<String>,
    /// Date the data is current as of (`YYYY-MM-DD`).
    pub data_as_of: S<String>,
    /// Who publishes the site.
    pub publisher: RawText,
    /// Theme folder name under `themes/`.
    #[serde(default)]
    pub theme: Option<S<String>>,
    /// Text shown at the top of the objectives list (e.g. how the indicators are counted).
    #[serde(default)]
    pub objectives_intro: Option<RawText>,
    /// Most items on one page of a list; longer lists are split into pages.
    #[serde(default)]
    pub page_size: Option<S<i64>>,
    /// The site's plans (`content/plans/`), in display order; absent on a site of one plan.
    #[serde(default)]
    pub plans: Option<S<Vec<S<String>>>>,
    /// The site's brand colour (`#0b4f8a`): header and links; at least 4.5:1 against white.
    #[serde(default)]
    pub brand_colour: Option<S<String>>,
    /// The licence of the open data: `{name: {vi, en}, url: "https://…"}`.
    #[serde(default)]
    pub licence: Option<RawLicence>,
    /// Where readers report an error or ask for a correction: an `https://` page or a
    /// `mailto:` address.
    #[serde(default)]
    pub contact: Option<S<String>>,
    /// An emblem or logo shown small in the header: a file under `content/assets/` (SVG, PNG,
    /// WebP or JPEG), as a path relative to `content/` (`assets/emblem.svg`).
    #[serde(default)]
    pub logo: Option<S<String>>,
    /// The site's icon, a file under `content/assets/` (SVG, PNG or ICO); the theme's
    /// `favicon.svg` when absent.
    #[serde(default)]
    pub favicon: Option<S<String>>,
}

/// `licence:` of `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLicence {
    /// The licence's name (`Creative Commons Attribution 4.0`).
    pub name: RawText,
    /// Its text, an absolute http(s) URL.
    pub url: S<String>,
}

/// Where a record or value was taken from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Id of the source document.
    pub document: S<String>,
    /// Line number in that document's plain source text.
    #[serde(default)]
    pub line: Option<S<u32>>,
    /// Anchor in the document's hosted text.
    #[serde(default)]
    pub anchor: Option<S<String>>,
    /// Free-text locator or remark.
    #[serde(default)]
    pub note: Option<RawText>,
}

/// A remark on a record, with where it comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    /// The remark.
    pub text: RawText,
    /// Where the remark's facts come from.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// A party that leads or coordinates: an agency id, or a collective kept as written.
///
/// In YAML either a plain string (the agency id) or a mapping `{text: {vi, en}, agency: id}`.
#[derive(Debug, Clone)]
pub enum RawParty {
    /// An agency id.
    Agency(String),
    /// Free text exactly as written, optionally linked to a (collective) agency.
    Text(Box<RawPartyText>),
}

/// The free-text form of a party.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPartyText {
    /// The wording exactly as written.
    pub text: RawText,
    /// Agency record this wording stands for, if any.
    #[serde(default)]
    pub agency: Option<S<String>>,
}

impl<'de> Deserialize<'de> for RawParty {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{MapAccess, Visitor, value::MapAccessDeserializer};
        struct PartyVisitor;
        impl<'de> Visitor<'de> for PartyVisitor {
            type Value = RawParty;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an agency id, or a mapping {text: {vi: …, en: …}, agency: …}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawParty, E> {
                Ok(RawParty::Agency(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<RawParty, A::Error> {
                RawPartyText::deserialize(MapAccessDeserializer::new(m))
                    .map(|t| RawParty::Text(Box::new(t)))
            }
        }
        d.deserialize_any(PartyVisitor)
    }
}

/// `content/groups/*.yaml`: a solution group or an indicator group.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    /// Permanent id.
    pub id: S<String>,
    /// `task` or `objective`.
    pub kind: S<String>,
    /// Number as printed.
    pub number: S<String>,
    /// Horizon year (indicator groups).
    #[serde(default)]
    pub horizon: Option<S<u16>>,
    /// Title as printed.
    pub title: RawText,
    /// Position in lists.
    pub order: S<u32>,
    /// Where the group row is.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// One duty of an agency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDuty {
    /// Printed letter (a, b, c, d, đ) or empty.
    #[serde(default)]
    pub label: Option<String>,
    /// The duty.
    pub text: RawText,
    /// Where it is written.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// `content/agencies/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgency {
    /// Permanent id.
    pub id: S<String>,
    /// Full official name.
    pub name: RawText,
    /// Abbreviation.
    #[serde(default)]
    pub short_name: Option<RawText>,
    /// Other spellings found in the documents.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Kind of body.
    pub kind: S<String>,
    /// Duties assigned by the plan.
    #[serde(default)]
    pub duties: Vec<RawDuty>,
    /// Official website, where a document gives it.
    #[serde(default)]
    pub url: Option<S<String>>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// Where the body's duties entry is.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// A task deadline: the wording plus one structured reading.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadline {
    /// Wording as printed.
    pub text: RawText,
    /// A single year.
    #[serde(default)]
    pub year: Option<S<i32>>,
    /// Quarter 1–4 (with `year`).
    #[serde(default)]
    pub quarter: Option<S<u8>>,
    /// Month 1–12 (with `year`).
    #[serde(default)]
    pub month: Option<S<u8>>,
    /// First year of a range.
    #[serde(default)]
    pub from: Option<S<i32>>,
    /// Last year of a range.
    #[serde(default)]
    pub to: Option<S<i32>>,
    /// `continuous` or `annual`.
    #[serde(default)]
    pub recurring: Option<S<String>>,
    /// A condition instead of a date.
    #[serde(default)]
    pub condition: Option<RawText>,
}

/// A citation of a document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    /// Cited document id.
    pub document: S<String>,
    /// Clause cited ("điểm d khoản 5 mục II").
    #[serde(default)]
    pub clause: Option<String>,
    /// The citation exactly as written.
    #[serde(default)]
    pub as_written: Option<String>,
}

/// A budget figure attached to a task or project.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    /// Exact decimal, billion VND.
    #[serde(default)]
    pub amount: Option<S<String>>,
    /// As printed.
    #[serde(default)]
    pub as_written: Option<String>,
    /// Funding source.
    #[serde(default)]
    pub funding: Option<RawText>,
}

/// One year of a phasing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    /// Year (the first one of an averaged span).
    pub year: S<i32>,
    /// Last year of an averaged span (with `per_year_average: true`).
    #[serde(default)]
    pub to: Option<S<i32>>,
    /// The amount is an average per year over `year`..=`to`.
    #[serde(default)]
    pub per_year_average: Option<S<bool>>,
    /// Exact decimal, billion VND.
    pub amount: S<String>,
    /// As printed.
    #[serde(default)]
    pub as_written: Option<String>,
    /// Remark.
    #[serde(default)]
    pub note: Option<RawText>,
}

/// What the draft said where it differs from the approved plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDraft {
    /// Id of the draft document.
    pub document: S<String>,
    /// The task's number in the draft.
    pub number: String,
    /// Draft title.
    #[serde(default)]
    pub title: Option<RawText>,
    /// Draft deadline wording.
    #[serde(default)]
    pub deadline: Option<RawText>,
    /// Draft result.
    #[serde(default)]
    pub result: Option<RawText>,
    /// Draft lead.
    #[serde(default)]
    pub lead: Option<RawText>,
    /// Draft coordinators.
    #[serde(default)]
    pub coordinators: Option<RawText>,
    /// Draft basis.
    #[serde(default)]
    pub basis: Option<RawText>,
    /// Remark on the change.
    #[serde(default)]
    pub note: Option<RawText>,
}

/// Evidence of a progress report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// Link to the evidence.
    #[serde(default)]
    pub url: Option<S<String>>,
    /// Document id.
    #[serde(default)]
    pub document: Option<S<String>>,
}

/// A dated progress report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReport {
    /// Report date.
    pub date: S<String>,
    /// Status key.
    pub status: S<String>,
    /// Percent done, 0–100.
    #[serde(default)]
    pub percent: Option<S<i64>>,
    /// Note.
    #[serde(default)]
    pub note: Option<RawText>,
    /// Evidence.
    #[serde(default)]
    pub evidence: Vec<RawEvidence>,
}

/// `content/tasks/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTask {
    /// Permanent id.
    pub id: S<String>,
    /// Earlier ids.
    #[serde(default)]
    pub aliases: Vec<S<String>>,
    /// Number as printed.
    pub number: S<String>,
    /// Solution group id.
    pub group: S<String>,
    /// Title.
    pub title: RawText,
    /// Lead parties.
    pub lead: S<Vec<S<RawParty>>>,
    /// Coordinating parties.
    #[serde(default)]
    pub coordinators: Vec<S<RawParty>>,
    /// Expected result.
    #[serde(default)]
    pub result: Option<RawText>,
    /// Deadline.
    #[serde(default)]
    pub deadline: Option<S<RawDeadline>>,
    /// Deadlines the body text sets: `[{when: Deadline, about: Text, source: Source}]`.
    #[serde(default)]
    pub deadlines_in_text: Vec<RawTextDeadline>,
    /// Citations.
    #[serde(default)]
    pub basis: Vec<RawCitation>,
    /// Budget.
    #[serde(default)]
    pub budget: Option<RawBudget>,
    /// Related objective ids.
    #[serde(default)]
    pub objectives: Vec<S<String>>,
    /// Related project ids.
    #[serde(default)]
    pub projects: Vec<S<String>>,
    /// Topic ids (`content/topics.yaml`).
    #[serde(default)]
    pub topics: Vec<S<String>>,
    /// In the approved plan (default true).
    #[serde(default)]
    pub in_approved_plan: Option<bool>,
    /// Draft differences.
    #[serde(default)]
    pub draft: Option<RawDraft>,
    /// Progress reports.
    #[serde(default)]
    pub reports: Vec<RawReport>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// Table row it comes from.
    #[serde(default)]
    pub source: Option<RawSource>,
    /// Higher-level commitments this task implements.
    #[serde(default)]
    pub implements: Vec<RawImplements>,
}

/// A deadline the body text sets for (part of) a task.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTextDeadline {
    /// Its words as written and their reading.
    pub when: S<RawDeadline>,
    /// What it is set for, as written.
    #[serde(default)]
    pub about: Option<RawText>,
    /// The line it is on.
    pub source: RawSource,
}

/// An indicator target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    /// Cell as written.
    pub text: RawText,
    /// One of ≥ > < ≤ =.
    #[serde(default)]
    pub comparator: Option<S<String>>,
    /// Exact decimal.
    #[serde(default)]
    pub value: Option<S<String>>,
    /// Words after the number.
    #[serde(default)]
    pub scope: Option<RawText>,
    /// The body text's wording of the same target, quoted exactly.
    #[serde(default)]
    pub qualifier: Option<RawQualifier>,
}

/// The body text's wording of a target: `{as_written, source}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQualifier {
    /// The words exactly as the source line writes them.
    pub as_written: S<String>,
    /// The line they are on.
    pub source: RawSource,
}

/// A sub-target of a row that packs several.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    /// Sub-target wording.
    pub title: RawText,
    /// Its target, if the cell gives one.
    #[serde(default)]
    pub target: Option<RawTarget>,
}

/// `content/objectives/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// Permanent id.
    pub id: S<String>,
    /// TT as printed.
    pub number: S<String>,
    /// Horizon year.
    pub horizon: S<u16>,
    /// Indicator group id.
    #[serde(default)]
    pub group: Option<S<String>>,
    /// Parent objective id.
    #[serde(default)]
    pub parent: Option<S<String>>,
    /// Title.
    pub title: RawText,
    /// Unit.
    #[serde(default)]
    pub unit: Option<RawText>,
    /// Target.
    #[serde(default)]
    pub target: Option<RawTarget>,
    /// Sub-targets.
    #[serde(default)]
    pub parts: Vec<RawPart>,
    /// The value the plan's own assessment gives for the same measure; absent: not stated.
    #[serde(default)]
    pub baseline: Option<RawBaseline>,
    /// Reported values over time (written by `import-reports` from the indicators sheet).
    #[serde(default)]
    pub values: Vec<RawIndicatorValue>,
    /// Lead parties.
    #[serde(default)]
    pub lead: Vec<S<RawParty>>,
    /// Coordinating parties.
    #[serde(default)]
    pub coordinators: Vec<S<RawParty>>,
    /// Topic ids (`content/topics.yaml`).
    #[serde(default)]
    pub topics: Vec<S<String>>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// Table row.
    #[serde(default)]
    pub source: Option<RawSource>,
    /// Target commitments of higher plans whose target this indicator states again.
    #[serde(default)]
    pub implements: Vec<RawImplements>,
}

/// An indicator's baseline: a figure of the plan's assessment, quoted as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBaseline {
    /// The figure exactly as the source line writes it (`0,38%`).
    pub as_written: S<String>,
    /// Its exact reading (`"0.38"`), dot as decimal separator.
    #[serde(default)]
    pub value: Option<S<String>>,
    /// The year or period as the source writes it; absent when the line states none.
    #[serde(default)]
    pub period: Option<RawText>,
    /// The year the figure is placed at on the chart.
    pub year: S<i32>,
    /// The line it is on (document and line required).
    pub source: RawSource,
    /// Remark.
    #[serde(default)]
    pub note: Option<RawText>,
}

/// A reported value of an indicator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicatorValue {
    /// `YYYY` or a school year `YYYY-YYYY`.
    pub period: S<String>,
    /// Exact decimal, dot as decimal separator.
    pub value: S<String>,
    /// The unit the reporter wrote; must be the indicator's unit.
    #[serde(default)]
    pub unit: Option<S<String>>,
    /// Where the value is published: a link.
    #[serde(default)]
    pub url: Option<S<String>>,
    /// Where the value is published: a document id.
    #[serde(default)]
    pub document: Option<S<String>>,
    /// Remark.
    #[serde(default)]
    pub note: Option<RawText>,
}

/// `content/context.yaml`: a key figure of the plan's assessment that no indicator measures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContextFigure {
    /// Permanent id.
    pub id: S<String>,
    /// What the figure is.
    pub label: RawText,
    /// The figure exactly as the source line writes it.
    pub as_written: S<String>,
    /// The year or period as the source writes it.
    #[serde(default)]
    pub period: Option<RawText>,
    /// The line it is on.
    pub source: RawSource,
    /// Indicators it concerns.
    #[serde(default)]
    pub objectives: Vec<S<String>>,
}

/// `content/projects/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    /// Permanent id.
    pub id: S<String>,
    /// TT as printed.
    pub number: S<String>,
    /// Title.
    pub title: RawText,
    /// Lead parties.
    #[serde(default)]
    pub lead: Vec<S<RawParty>>,
    /// Budget.
    #[serde(default)]
    pub budget: Option<RawBudget>,
    /// Yearly phasing.
    #[serde(default)]
    pub phasing: Vec<RawPhase>,
    /// Related task ids.
    #[serde(default)]
    pub tasks: Vec<S<String>>,
    /// Topic ids (`content/topics.yaml`).
    #[serde(default)]
    pub topics: Vec<S<String>>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// Table row.
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// `content/budget/*.yaml`: one printed budget figure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudgetItem {
    /// Permanent id.
    pub id: S<String>,
    /// Parent figure id.
    #[serde(default)]
    pub parent: Option<S<String>>,
    /// `total`, `source`, `purpose` or `envelope`.
    pub facet: S<String>,
    /// Label as printed.
    pub title: RawText,
    /// Solution group id.
    #[serde(default)]
    pub group: Option<S<String>>,
    /// Investment the plan seeks to attract, not public spending.
    #[serde(default)]
    pub attracted_investment: bool,
    /// Exact decimal, billion VND.
    pub amount: S<String>,
    /// As printed.
    #[serde(default)]
    pub as_written: Option<String>,
    /// Yearly phasing.
    #[serde(default)]
    pub phasing: Vec<RawPhase>,
    /// Related task ids.
    #[serde(default)]
    pub tasks: Vec<S<String>>,
    /// Related project ids.
    #[serde(default)]
    pub projects: Vec<S<String>>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// Where it is printed.
    /// Why the parts of this figure, as the source prints them, do not add up to it (quoting
    /// the source); silences the warning that says so.
    #[serde(default)]
    pub sum_differs: Option<S<String>>,
    #[serde(default)]
    pub source: Option<RawSource>,
}

/// `content/documents/*.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocument {
    /// Permanent id.
    pub id: S<String>,
    /// Number as normally written.
    #[serde(default)]
    pub number: Option<String>,
    /// Other written forms of the number.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Document type key.
    #[serde(rename = "type")]
    pub doc_type: S<String>,
    /// Issuing body as written.
    #[serde(default)]
    pub issuer: Option<RawText>,
    /// Date of issue.
    #[serde(default)]
    pub date: Option<S<String>>,
    /// Subject (trích yếu).
    #[serde(default)]
    pub title: Option<RawText>,
    /// Link to the official text.
    #[serde(default)]
    pub url: Option<S<String>>,
    /// Validity.
    #[serde(default)]
    pub validity: Option<RawText>,
    /// Places where the sources cite it.
    #[serde(default)]
    pub cited_as: Vec<RawSource>,
    /// Remarks.
    #[serde(default)]
    pub notes: Vec<RawNote>,
    /// First citation.
    #[serde(default)]
    pub source: Option<RawSource>,
    /// Plain text the hosted text was made from.
    #[serde(default)]
    pub source_text: Option<S<String>>,
}

/// One glossary entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGlossaryEntry {
    /// Vietnamese term.
    pub vi: S<String>,
    /// English term.
    pub en: S<String>,
    /// Remark.
    #[serde(default)]
    pub note: Option<String>,
}

/// One topic of `content/topics.yaml`: a school level or theme that tasks, indicators and
/// projects name in their `topics` list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    /// Permanent id (the topic page's URL).
    pub id: S<String>,
    /// Name.
    pub title: RawText,
    /// One or two sentences saying what the topic covers.
    #[serde(default)]
    pub description: Option<RawText>,
    /// Position in the list of topics.
    pub order: S<u32>,
}
