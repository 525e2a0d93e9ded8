//! The content model.
//!
//! - [`raw`]: serde structs that mirror the YAML exactly (output of `load`).
//! - this module: the validated model (output of `validate`): every value parsed into its type
//!   (exact decimals, dates, structured deadlines), every text checked, every reference known to
//!   exist. References are still ids here; `link` resolves them.
//!
//! Guarantee: a value of these types is well-formed: ids are URL-safe, Vietnamese texts are
//! non-empty, amounts are exact decimals, dates are real dates.

mod agency;
mod cascade;
mod indicator;
mod markdown;
pub mod raw;
mod site;
mod status;

pub use agency::{Agency, AgencyKind, Duty, Group, GroupKind};
pub use cascade::{
    Commitment, CommitmentKind, Difference, DiffersWith, Implements, Plan, PlanGroup, PlanKind,
    Reason,
};
pub use indicator::{Baseline, ContextFigure, IndicatorValue};
pub use markdown::{
    CITE_CLOSE, CITE_MID, CITE_OPEN, CitationStats, CiteTarget, Markdown, MdCite, Mention,
    TextSection, TocEntry,
};
pub use site::{
    Coverage, DEFAULT_PAGE_SIZE, Licence, PAGE_SIZE_RANGE, Site, SiteConfig, SiteImage,
};
pub use status::{ReportStatus, Status};

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;
use serde::Serialize;

pub use jiff::civil::Date;

/// A record id: lower-case ASCII letters, digits and `-`.
pub type Id = String;

/// A site language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese, the language of the sources.
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Vietnamese first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// Bilingual text: Vietnamese always, English when translated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// Vietnamese (non-empty).
    pub vi: String,
    /// English; `None` means not yet translated.
    pub en: Option<String>,
}

impl Text {
    /// Text in both languages.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            vi: vi.into(),
            en: Some(en.into()),
        }
    }

    /// The text for a language, and whether it fell back to Vietnamese.
    pub fn get(&self, lang: Lang) -> (&str, bool) {
        match (lang, &self.en) {
            (Lang::Vi, _) => (&self.vi, false),
            (Lang::En, Some(en)) => (en, false),
            (Lang::En, None) => (&self.vi, true),
        }
    }
}

/// An amount of money in billion VND (tỷ đồng), exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub Decimal);

/// How a budget figure is printed and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// Exact amount, billion VND.
    pub amount: Option<Amount>,
    /// As printed in the source.
    pub as_written: Option<String>,
    /// Funding source.
    pub funding: Option<Text>,
}

/// One year of a phasing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// Year.
    pub year: i32,
    /// Last year of a span the amount is an average of (`per_year_average`), else `None`.
    pub to: Option<i32>,
    /// Whether `amount` is the average per year over `year`..=`to` ("bình quân mỗi năm"),
    /// not the amount of each of those years.
    pub per_year_average: bool,
    /// Exact amount, billion VND.
    pub amount: Amount,
    /// As printed.
    pub as_written: Option<String>,
    /// Remark.
    pub note: Option<Text>,
}

/// How often a recurring deadline recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// "Thường xuyên": carried out continuously.
    Continuous,
    /// "Hằng năm": every year.
    Annual,
}

/// The structured reading of a deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineKind {
    /// Only the wording; no structured reading.
    Wording,
    /// By the end of a year.
    Year(i32),
    /// By the end of a quarter.
    Quarter(i32, u8),
    /// By the end of a month.
    Month(i32, u8),
    /// Over a range of years.
    Range(i32, i32),
    /// Recurring.
    Recurring(Recurrence),
    /// When a condition is met.
    Conditional(Text),
}

/// A deadline: original wording plus its reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Wording as printed.
    pub text: Text,
    /// Structured reading.
    pub kind: DeadlineKind,
}

impl Deadline {
    /// The last day by which the task is due, where the deadline has one.
    pub fn end_date(&self) -> Option<Date> {
        let last_of_month = |y: i32, m: u8| {
            Date::new(y as i16, m as i8, 1)
                .ok()
                .map(|d| d.last_of_month())
        };
        match &self.kind {
            DeadlineKind::Year(y) | DeadlineKind::Range(_, y) => Date::new(*y as i16, 12, 31).ok(),
            DeadlineKind::Quarter(y, q) => last_of_month(*y, q * 3),
            DeadlineKind::Month(y, m) => last_of_month(*y, *m),
            DeadlineKind::Wording | DeadlineKind::Recurring(_) | DeadlineKind::Conditional(_) => {
                None
            }
        }
    }

    /// The year the deadline falls in, where it has one.
    pub fn year(&self) -> Option<i32> {
        self.end_date().map(|d| d.year() as i32)
    }
}

/// Where a record or value was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Source document id.
    pub document: Id,
    /// Line in the document's plain source text.
    pub line: Option<u32>,
    /// Anchor in the hosted text.
    pub anchor: Option<String>,
    /// Locator or remark.
    pub note: Option<Text>,
}

/// A remark with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The remark.
    pub text: Text,
    /// Where its facts come from.
    pub source: Option<Source>,
}

/// Who leads or coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// An agency record.
    Agency(Id),
    /// A collective kept as written, optionally standing for an agency record.
    Text {
        /// The wording.
        text: Text,
        /// The agency record it stands for.
        agency: Option<Id>,
    },
}

/// A document citation.
#[derive(Debug, Clone)]
pub struct Citation {
    /// Cited document.
    pub document: Id,
    /// Clause.
    pub clause: Option<String>,
    /// As written.
    pub as_written: Option<String>,
}

/// The fields a draft can differ in, as keys of [`Draft::changes`] (UI string `field_<key>`).
pub const DRAFT_FIELDS: [&str; 6] = [
    "title",
    "deadline",
    "result",
    "lead",
    "coordinators",
    "basis",
];

/// What the draft said.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Draft document id.
    pub document: Id,
    /// Number in the draft.
    pub number: String,
    /// Differences: field key (`title`, `deadline`, `result`, `lead`, `coordinators`, `basis`)
    /// → the draft's wording.
    pub changes: Vec<(&'static str, Text)>,
    /// Remark.
    pub note: Option<Text>,
}

/// Evidence for a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// A link.
    Url(String),
    /// A document record.
    Document(Id),
}

/// A dated progress report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Date.
    pub date: Date,
    /// Status.
    pub status: ReportStatus,
    /// Percent done.
    pub percent: Option<u8>,
    /// Note.
    pub note: Option<Text>,
    /// Evidence.
    pub evidence: Vec<Evidence>,
}

/// A task of the plan.
#[derive(Debug, Clone)]
pub struct Task {
    /// Permanent id.
    pub id: Id,
    /// Earlier ids.
    pub aliases: Vec<Id>,
    /// Number as printed.
    pub number: String,
    /// Solution group id.
    pub group: Id,
    /// Title.
    pub title: Text,
    /// Lead.
    pub lead: Vec<Party>,
    /// Coordinators.
    pub coordinators: Vec<Party>,
    /// Expected result.
    pub result: Option<Text>,
    /// Deadline: the table's (the overdue rule reads this one).
    pub deadline: Option<Deadline>,
    /// Deadlines the plan's body text sets for parts of the task, each with its line.
    pub deadlines_in_text: Vec<TextDeadline>,
    /// Basis.
    pub basis: Vec<Citation>,
    /// Budget.
    pub budget: Option<Money>,
    /// Related objectives.
    pub objectives: Vec<Id>,
    /// Related projects.
    pub projects: Vec<Id>,
    /// Topics (ids of [`Site::topics`]).
    pub topics: Vec<Id>,
    /// In the approved plan.
    pub in_approved_plan: bool,
    /// Draft differences.
    pub draft: Option<Draft>,
    /// Reports, oldest first.
    pub reports: Vec<Report>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Provenance.
    pub source: Option<Source>,
    /// Higher-level commitments it implements.
    pub implements: Vec<Implements>,
}

/// Comparator of a numeric target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    /// ≥
    #[serde(rename = "≥")]
    AtLeast,
    /// >
    #[serde(rename = ">")]
    MoreThan,
    /// <
    #[serde(rename = "<")]
    LessThan,
    /// ≤
    #[serde(rename = "≤")]
    AtMost,
    /// =
    #[serde(rename = "=")]
    Equal,
}

impl Comparator {
    /// Parses one of ≥ > < ≤ =.
    pub fn parse(s: &str) -> Option<Comparator> {
        Some(match s {
            "≥" => Comparator::AtLeast,
            ">" => Comparator::MoreThan,
            "<" => Comparator::LessThan,
            "≤" => Comparator::AtMost,
            "=" => Comparator::Equal,
            _ => return None,
        })
    }

    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::LessThan => "<",
            Comparator::AtMost => "≤",
            Comparator::Equal => "=",
        }
    }
}

/// A deadline the plan's body text sets (not the table's), quoted with its line.
#[derive(Debug, Clone)]
pub struct TextDeadline {
    /// The deadline: its words as written (`quý I năm 2026`) and their reading.
    pub when: Deadline,
    /// What it is set for, as written, or `None` when it is the whole task.
    pub about: Option<Text>,
    /// The line it is on.
    pub source: Source,
}

/// An indicator target.
#[derive(Debug, Clone)]
pub struct Target {
    /// As written.
    pub text: Text,
    /// Comparator, where numeric.
    pub comparator: Option<Comparator>,
    /// Exact value, where numeric.
    pub value: Option<Decimal>,
    /// Words after the number.
    pub scope: Option<Text>,
    /// How the plan's body text words the same target ("khoảng 18 trường", "tối thiểu 25…"),
    /// quoted exactly, with its line; `None` when the body adds nothing to the table.
    pub qualifier: Option<Qualifier>,
}

/// The body text's wording of a target, quoted exactly (Vietnamese only: it is a quotation).
#[derive(Debug, Clone)]
pub struct Qualifier {
    /// The words as written in the source line.
    pub as_written: String,
    /// The line they are on.
    pub source: Source,
}

/// A sub-target.
#[derive(Debug, Clone)]
pub struct Part {
    /// Wording.
    pub title: Text,
    /// Target.
    pub target: Option<Target>,
}

/// An objective / indicator.
#[derive(Debug, Clone)]
pub struct Objective {
    /// Permanent id.
    pub id: Id,
    /// TT as printed.
    pub number: String,
    /// Horizon year.
    pub horizon: u16,
    /// Group id.
    pub group: Option<Id>,
    /// Parent id.
    pub parent: Option<Id>,
    /// Title.
    pub title: Text,
    /// Unit.
    pub unit: Option<Text>,
    /// Target.
    pub target: Option<Target>,
    /// Sub-targets.
    pub parts: Vec<Part>,
    /// The plan's own figure for the same measure; `None`: not stated.
    pub baseline: Option<Baseline>,
    /// Reported values, oldest period first.
    pub values: Vec<IndicatorValue>,
    /// Lead.
    pub lead: Vec<Party>,
    /// Coordinators.
    pub coordinators: Vec<Party>,
    /// Topics (ids of [`Site::topics`]).
    pub topics: Vec<Id>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Provenance.
    pub source: Option<Source>,
    /// Target commitments of higher plans whose target it states again (the same measure).
    pub implements: Vec<Implements>,
}

/// An investment project.
#[derive(Debug, Clone)]
pub struct Project {
    /// Permanent id.
    pub id: Id,
    /// TT as printed.
    pub number: String,
    /// Title.
    pub title: Text,
    /// Lead.
    pub lead: Vec<Party>,
    /// Budget.
    pub budget: Option<Money>,
    /// Phasing.
    pub phasing: Vec<Phase>,
    /// Related tasks.
    pub tasks: Vec<Id>,
    /// Topics (ids of [`Site::topics`]).
    pub topics: Vec<Id>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Provenance.
    pub source: Option<Source>,
}

/// What a budget figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    /// A grand total.
    Total,
    /// A funding source.
    Source,
    /// What it pays for.
    Purpose,
    /// A solution's own budget paragraph.
    Envelope,
}

impl Facet {
    /// Every facet.
    pub const ALL: [Facet; 4] = [Facet::Total, Facet::Source, Facet::Purpose, Facet::Envelope];

    /// Stable key (UI string `facet_<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Facet::Total => "total",
            Facet::Source => "source",
            Facet::Purpose => "purpose",
            Facet::Envelope => "envelope",
        }
    }
}

/// One printed budget figure.
#[derive(Debug, Clone)]
pub struct BudgetItem {
    /// Permanent id.
    pub id: Id,
    /// Parent id.
    pub parent: Option<Id>,
    /// What it is.
    pub facet: Facet,
    /// Label.
    pub title: Text,
    /// Solution group.
    pub group: Option<Id>,
    /// Exact amount.
    pub amount: Amount,
    /// Investment the plan seeks to attract (private or other non-budget capital, "thu hút
    /// đầu tư"), not public spending: never added to public amounts without a label.
    pub attracted_investment: bool,
    /// As printed.
    pub as_written: Option<String>,
    /// Phasing.
    pub phasing: Vec<Phase>,
    /// Related tasks.
    pub tasks: Vec<Id>,
    /// Related projects.
    pub projects: Vec<Id>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// Provenance.
    pub source: Option<Source>,
}

impl BudgetItem {
    /// The line's anchor on the budget page: its permanent id, so a link to it stays valid
    /// when lines are added, moved or renumbered.
    pub fn anchor(&self) -> &str {
        &self.id
    }
}

/// Type of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// Nghị quyết.
    Resolution,
    /// Quyết định.
    Decision,
    /// Chương trình (hành động).
    Programme,
    /// Kế hoạch.
    Plan,
    /// A scheme (the document type named ĐA in Vietnamese numbers).
    ProjectPlan,
    /// Thông báo.
    Notice,
    /// Kết luận.
    Conclusion,
    /// Chỉ thị.
    Directive,
    /// Luật.
    Law,
    /// Nghị định.
    Decree,
    /// Thông tư.
    Circular,
    /// Thông tư liên tịch.
    JointCircular,
    /// Công văn.
    OfficialLetter,
    /// Chiến lược.
    Strategy,
    /// Hiến pháp.
    Constitution,
    /// Danh mục.
    List,
    /// Báo cáo: a report, e.g. an agency's report on its tasks.
    Report,
    /// Other.
    Other,
}

impl DocType {
    /// Every type with its YAML key.
    pub const KEYS: [(&'static str, DocType); 18] = [
        ("resolution", DocType::Resolution),
        ("decision", DocType::Decision),
        ("programme", DocType::Programme),
        ("plan", DocType::Plan),
        ("project_plan", DocType::ProjectPlan),
        ("notice", DocType::Notice),
        ("conclusion", DocType::Conclusion),
        ("directive", DocType::Directive),
        ("law", DocType::Law),
        ("decree", DocType::Decree),
        ("circular", DocType::Circular),
        ("joint_circular", DocType::JointCircular),
        ("official_letter", DocType::OfficialLetter),
        ("strategy", DocType::Strategy),
        ("constitution", DocType::Constitution),
        ("list", DocType::List),
        ("report", DocType::Report),
        ("other", DocType::Other),
    ];

    /// YAML key (also the UI string key suffix).
    pub fn key(self) -> &'static str {
        DocType::KEYS
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(s, _)| *s)
            .unwrap_or("other")
    }
}

/// A document's hosted full text.
#[derive(Debug, Clone, Default)]
pub struct HostedText {
    /// Vietnamese text.
    pub vi: Option<Markdown>,
    /// English text.
    pub en: Option<Markdown>,
}

/// A document (resolution, decision, plan…).
#[derive(Debug, Clone)]
pub struct Document {
    /// Permanent id.
    pub id: Id,
    /// Number as normally written.
    pub number: Option<String>,
    /// Other written forms.
    pub aliases: Vec<String>,
    /// Type.
    pub doc_type: DocType,
    /// Issuer as written.
    pub issuer: Option<Text>,
    /// Date of issue.
    pub date: Option<Date>,
    /// Subject.
    pub title: Option<Text>,
    /// Official text link.
    pub url: Option<String>,
    /// Validity.
    pub validity: Option<Text>,
    /// Where the sources cite it.
    pub cited_as: Vec<Source>,
    /// Remarks.
    pub notes: Vec<Note>,
    /// First citation.
    pub source: Option<Source>,
    /// Plain source text path, relative to `content/documents/`.
    pub source_text: Option<PathBuf>,
    /// Hosted full text.
    pub text: HostedText,
}

/// A free markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Id (file stem).
    pub id: Id,
    /// Vietnamese content.
    pub vi: Markdown,
    /// English content.
    pub en: Option<Markdown>,
}

/// A glossary entry.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    /// Vietnamese term.
    pub vi: String,
    /// English term.
    pub en: String,
    /// Remark.
    pub note: Option<String>,
}

/// A topic: a school level or theme (preschool, teachers, school buildings…) that tasks,
/// indicators and projects name, so that a reader can browse by what they care about.
#[derive(Debug, Clone)]
pub struct Topic {
    /// Permanent id (the topic page's URL).
    pub id: Id,
    /// Name.
    pub title: Text,
    /// What the topic covers.
    pub description: Option<Text>,
    /// Position in the list of topics.
    pub order: u32,
}
