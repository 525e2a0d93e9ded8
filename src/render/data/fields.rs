//! The field tables of the open data: one table of columns per kind of record, and the JSON
//! Schema made from it.
//!
//! Input: nothing (constant tables). Output: [`tables`], read by the data files
//! (`super::files_to`), the data dictionary page and the theme's key check, and [`schema`].
//! Guarantee: a column is declared once, here; its CSV header, JSON key, schema entry and
//! dictionary row all come from that declaration. Most of this file is data (the tables).

use crate::model::{Lang, Text};
use serde_json::{Map, Value as J, json};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// Text, always present.
    Str,
    /// Text or null.
    OptStr,
    /// Exact decimal as a string (`"171.914"`), or null.
    Decimal,
    /// ISO date (`2025-08-22`), or null.
    Date,
    /// Integer, or null.
    Int,
    /// true / false.
    Bool,
    /// List of texts (in CSV: joined with `; `).
    List,
}

impl Ty {
    fn schema(self) -> J {
        match self {
            Ty::Str => json!({"type": "string"}),
            Ty::OptStr => json!({"type": ["string", "null"]}),
            Ty::Decimal => json!({"type": ["string", "null"], "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}),
            Ty::Date => json!({"type": ["string", "null"], "format": "date"}),
            Ty::Int => json!({"type": ["integer", "null"]}),
            Ty::Bool => json!({"type": "boolean"}),
            Ty::List => json!({"type": "array", "items": {"type": "string"}}),
        }
    }

    /// Short name shown in the data dictionary.
    pub fn name(self) -> &'static str {
        match self {
            Ty::Str => "text",
            Ty::OptStr => "text | null",
            Ty::Decimal => "decimal | null",
            Ty::Date => "date | null",
            Ty::Int => "integer | null",
            Ty::Bool => "boolean",
            Ty::List => "list",
        }
    }
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Column / key name.
    pub name: &'static str,
    /// Type.
    pub ty: Ty,
    /// Meaning, in Vietnamese.
    pub vi: &'static str,
    /// Meaning, in English.
    pub en: &'static str,
}

impl Field {
    /// The meaning in a language, with `{plan_kind}` replaced by the site's kind of plan.
    pub fn meaning(&self, lang: Lang, plan_kind: &Text) -> String {
        let m = if lang == Lang::Vi { self.vi } else { self.en };
        m.replace("{plan_kind}", plan_kind.get(lang).0)
    }
}

pub(super) const fn f(name: &'static str, ty: Ty, vi: &'static str, en: &'static str) -> Field {
    Field { name, ty, vi, en }
}

const COMMON_END: [Field; 4] = [
    f(
        "url_vi",
        Ty::Str,
        "Địa chỉ trang tiếng Việt",
        "Address of the Vietnamese page",
    ),
    f(
        "url_en",
        Ty::Str,
        "Địa chỉ trang tiếng Anh",
        "Address of the English page",
    ),
    f(
        "source_document",
        Ty::OptStr,
        "Mã văn bản nguồn",
        "Id of the source document",
    ),
    f(
        "source_line",
        Ty::Int,
        "Dòng trong văn bản nguồn",
        "Line in the source document",
    ),
];

const TASKS: &[Field] = &[
    f(
        "id",
        Ty::Str,
        "Mã cố định (không đổi khi đánh số lại)",
        "Permanent id (kept when renumbered)",
    ),
    f(
        "number",
        Ty::Str,
        "Số thứ tự như văn bản in",
        "Number as printed",
    ),
    f("group", Ty::Str, "Mã nhóm giải pháp", "Solution group id"),
    f(
        "title_vi",
        Ty::Str,
        "Tên nhiệm vụ (tiếng Việt)",
        "Title (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Tên nhiệm vụ (tiếng Anh; rỗng: chưa dịch)",
        "Title (English; empty: not yet translated)",
    ),
    f("lead", Ty::List, "Mã cơ quan chủ trì", "Lead agency ids"),
    f(
        "lead_vi",
        Ty::List,
        "Cơ quan chủ trì (tiếng Việt)",
        "Lead (Vietnamese)",
    ),
    f(
        "lead_en",
        Ty::List,
        "Cơ quan chủ trì (tiếng Anh)",
        "Lead (English)",
    ),
    f(
        "coordinators_vi",
        Ty::List,
        "Cơ quan phối hợp (tiếng Việt)",
        "Coordinators (Vietnamese)",
    ),
    f(
        "coordinators_en",
        Ty::List,
        "Cơ quan phối hợp (tiếng Anh)",
        "Coordinators (English)",
    ),
    f(
        "result_vi",
        Ty::OptStr,
        "Kết quả (tiếng Việt)",
        "Expected result (Vietnamese)",
    ),
    f(
        "result_en",
        Ty::OptStr,
        "Kết quả (tiếng Anh)",
        "Expected result (English)",
    ),
    f(
        "deadline_vi",
        Ty::OptStr,
        "Thời gian hoàn thành như văn bản ghi",
        "Deadline as written (Vietnamese)",
    ),
    f(
        "deadline_en",
        Ty::OptStr,
        "Thời gian hoàn thành (tiếng Anh)",
        "Deadline (English)",
    ),
    f(
        "deadline_end",
        Ty::Date,
        "Ngày cuối của thời hạn (suy ra)",
        "Last day of the deadline (derived)",
    ),
    f(
        "budget_billion_vnd",
        Ty::Decimal,
        "Kinh phí, tỷ đồng (chính xác)",
        "Budget, billion VND (exact)",
    ),
    f(
        "budget_as_written",
        Ty::OptStr,
        "Kinh phí như văn bản ghi",
        "Budget as printed",
    ),
    f(
        "funding_vi",
        Ty::OptStr,
        "Nguồn kinh phí (tiếng Việt)",
        "Funding source (Vietnamese)",
    ),
    f(
        "funding_en",
        Ty::OptStr,
        "Nguồn kinh phí (tiếng Anh)",
        "Funding source (English)",
    ),
    f(
        "basis",
        Ty::List,
        "Mã văn bản là cơ sở đề xuất",
        "Ids of the documents the task rests on",
    ),
    f(
        "basis_as_written",
        Ty::List,
        "Cơ sở đề xuất như văn bản ghi",
        "Basis as written",
    ),
    f(
        "in_approved_plan",
        Ty::Bool,
        "Có trong {plan_kind} đã phê duyệt",
        "In the approved plan",
    ),
    f(
        "draft_number",
        Ty::OptStr,
        "Số thứ tự trong dự thảo",
        "Number in the draft",
    ),
    f(
        "status",
        Ty::Str,
        "Tình trạng (suy ra từ báo cáo và thời hạn)",
        "Status (derived from reports and deadline)",
    ),
    f(
        "last_report_date",
        Ty::Date,
        "Ngày báo cáo gần nhất",
        "Date of the latest report",
    ),
    f(
        "last_report_status",
        Ty::OptStr,
        "Tình trạng trong báo cáo gần nhất",
        "Status in the latest report",
    ),
    f(
        "last_report_percent",
        Ty::Int,
        "Tỷ lệ hoàn thành trong báo cáo gần nhất (%)",
        "Percent done in the latest report",
    ),
    f(
        "objectives",
        Ty::List,
        "Mã chỉ tiêu liên quan",
        "Related indicator ids",
    ),
    f(
        "projects",
        Ty::List,
        "Mã dự án liên quan (dự án nêu nhiệm vụ, hoặc cùng một khoản kinh phí)",
        "Related project ids (the project names the task, or a budget line names both)",
    ),
    f(
        "budget_lines",
        Ty::List,
        "Mã các khoản kinh phí nêu nhiệm vụ (bảng budget)",
        "Ids of the budget lines that name the task (budget table)",
    ),
    f(
        "topics",
        Ty::List,
        "Mã chủ đề (xem topics.json)",
        "Topic ids (see topics.json)",
    ),
    f(
        "implements",
        Ty::List,
        "Mã các cam kết cấp trên mà nhiệm vụ thực hiện (data/commitments)",
        "Ids of the higher-level commitments the task implements (data/commitments)",
    ),
];

const OBJECTIVES: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f("horizon", Ty::Int, "Mốc năm", "Horizon year"),
    f(
        "number",
        Ty::Str,
        "Số thứ tự như văn bản in",
        "Number as printed",
    ),
    f(
        "group",
        Ty::OptStr,
        "Mã nhóm chỉ tiêu",
        "Indicator group id",
    ),
    f(
        "parent",
        Ty::OptStr,
        "Mã chỉ tiêu cha",
        "Parent indicator id",
    ),
    f(
        "title_vi",
        Ty::Str,
        "Tên chỉ tiêu (tiếng Việt)",
        "Indicator (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Tên chỉ tiêu (tiếng Anh)",
        "Indicator (English)",
    ),
    f(
        "unit_vi",
        Ty::OptStr,
        "Đơn vị tính (tiếng Việt)",
        "Unit (Vietnamese)",
    ),
    f(
        "unit_en",
        Ty::OptStr,
        "Đơn vị tính (tiếng Anh)",
        "Unit (English)",
    ),
    f(
        "target_vi",
        Ty::OptStr,
        "Chỉ tiêu như văn bản ghi",
        "Target as written",
    ),
    f(
        "target_en",
        Ty::OptStr,
        "Chỉ tiêu (tiếng Anh)",
        "Target (English)",
    ),
    f(
        "comparator",
        Ty::OptStr,
        "Phép so sánh (≥, >, <, ≤) khi là số",
        "Comparator (≥, >, <, ≤) when numeric",
    ),
    f(
        "value",
        Ty::Decimal,
        "Giá trị số (chính xác)",
        "Numeric value (exact)",
    ),
    f(
        "topics",
        Ty::List,
        "Mã chủ đề (xem topics.json)",
        "Topic ids (see topics.json)",
    ),
    f(
        "implements",
        Ty::List,
        "Mã các cam kết mục tiêu của văn bản cấp trên mà chỉ tiêu nêu lại (data/commitments)",
        "Ids of the higher-level target commitments the indicator states again (data/commitments)",
    ),
];

const PROJECTS: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f("number", Ty::Str, "Số thứ tự", "Number as printed"),
    f(
        "title_vi",
        Ty::Str,
        "Tên dự án (tiếng Việt)",
        "Project (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Tên dự án (tiếng Anh)",
        "Project (English)",
    ),
    f("lead", Ty::List, "Mã cơ quan chủ trì", "Lead agency ids"),
    f(
        "lead_vi",
        Ty::List,
        "Chủ đầu tư / chủ trì (tiếng Việt)",
        "Lead (Vietnamese)",
    ),
    f(
        "budget_billion_vnd",
        Ty::Decimal,
        "Tổng mức đầu tư, tỷ đồng",
        "Total investment, billion VND",
    ),
    f(
        "budget_as_written",
        Ty::OptStr,
        "Như văn bản ghi",
        "As printed",
    ),
    f(
        "funding_vi",
        Ty::OptStr,
        "Nguồn vốn (tiếng Việt)",
        "Funding (Vietnamese)",
    ),
    f(
        "funding_en",
        Ty::OptStr,
        "Nguồn vốn (tiếng Anh)",
        "Funding (English)",
    ),
    f(
        "phasing",
        Ty::List,
        "Phân kỳ theo năm: năm=tỷ đồng",
        "Yearly phasing: year=billion VND; first-last/avg=billion VND per year on average over those years",
    ),
    f(
        "tasks",
        Ty::List,
        "Mã nhiệm vụ liên quan (nhiệm vụ nêu dự án, hoặc cùng một khoản kinh phí)",
        "Related task ids (the task names the project, or a budget line names both)",
    ),
    f(
        "budget_lines",
        Ty::List,
        "Mã các khoản kinh phí nêu dự án (bảng budget)",
        "Ids of the budget lines that name the project (budget table)",
    ),
    f(
        "topics",
        Ty::List,
        "Mã chủ đề (xem topics.json)",
        "Topic ids (see topics.json)",
    ),
];

const AGENCIES: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f("name_vi", Ty::Str, "Tên (tiếng Việt)", "Name (Vietnamese)"),
    f("name_en", Ty::OptStr, "Tên (tiếng Anh)", "Name (English)"),
    f("short_name", Ty::OptStr, "Tên viết tắt", "Abbreviation"),
    f("kind", Ty::Str, "Loại cơ quan", "Kind of body"),
    f(
        "aliases",
        Ty::List,
        "Các cách viết khác trong văn bản",
        "Other spellings in the documents",
    ),
    f(
        "website",
        Ty::OptStr,
        "Trang thông tin chính thức",
        "Official website",
    ),
    f(
        "leads",
        Ty::List,
        "Mã nhiệm vụ chủ trì",
        "Ids of the tasks it leads",
    ),
    f(
        "supports",
        Ty::List,
        "Mã nhiệm vụ phối hợp",
        "Ids of the tasks it supports",
    ),
];

const DOCUMENTS: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f("number", Ty::OptStr, "Số, ký hiệu", "Number"),
    f(
        "aliases",
        Ty::List,
        "Các cách viết khác của số",
        "Other spellings of the number",
    ),
    f("type", Ty::Str, "Loại văn bản", "Type of document"),
    f(
        "issuer_vi",
        Ty::OptStr,
        "Cơ quan ban hành (tiếng Việt)",
        "Issuer (Vietnamese)",
    ),
    f(
        "issuer_en",
        Ty::OptStr,
        "Cơ quan ban hành (tiếng Anh)",
        "Issuer (English)",
    ),
    f("date", Ty::Date, "Ngày ban hành", "Date of issue"),
    f(
        "title_vi",
        Ty::OptStr,
        "Trích yếu (tiếng Việt)",
        "Subject (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Trích yếu (tiếng Anh)",
        "Subject (English)",
    ),
    f(
        "official_url",
        Ty::OptStr,
        "Văn bản chính thức",
        "Official text",
    ),
    f(
        "hosted_text",
        Ty::Bool,
        "Có toàn văn trên trang",
        "Full text on this site",
    ),
    f(
        "basis_of_tasks",
        Ty::List,
        "Mã nhiệm vụ lấy văn bản làm cơ sở đề xuất",
        "Ids of tasks based on it",
    ),
    f(
        "cites",
        Ty::List,
        "Mã văn bản mà văn bản này trích dẫn",
        "Ids of the documents it cites",
    ),
    f(
        "cited_by",
        Ty::List,
        "Mã văn bản trích dẫn văn bản này",
        "Ids of the documents citing it",
    ),
];

const BUDGET: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f("parent", Ty::OptStr, "Mã khoản cha", "Parent figure id"),
    f(
        "facet",
        Ty::Str,
        "Loại: total, source, purpose, envelope",
        "Kind: total, source, purpose, envelope",
    ),
    f(
        "title_vi",
        Ty::Str,
        "Nội dung (tiếng Việt)",
        "Label (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Nội dung (tiếng Anh)",
        "Label (English)",
    ),
    f(
        "group",
        Ty::OptStr,
        "Mã nhóm giải pháp",
        "Solution group id",
    ),
    f(
        "amount_billion_vnd",
        Ty::Decimal,
        "Số tiền, tỷ đồng (chính xác)",
        "Amount, billion VND (exact)",
    ),
    f("as_written", Ty::OptStr, "Như văn bản ghi", "As printed"),
    f(
        "phasing",
        Ty::List,
        "Phân kỳ theo năm: năm=tỷ đồng",
        "Yearly phasing: year=billion VND; first-last/avg=billion VND per year on average over those years",
    ),
    f(
        "tasks",
        Ty::List,
        "Mã nhiệm vụ liên quan",
        "Related task ids",
    ),
    f(
        "projects",
        Ty::List,
        "Mã dự án liên quan",
        "Related project ids",
    ),
    f(
        "url_vi",
        Ty::Str,
        "Địa chỉ của khoản trên trang kinh phí tiếng Việt",
        "Address of the line on the Vietnamese budget page",
    ),
    f(
        "url_en",
        Ty::Str,
        "Địa chỉ của khoản trên trang kinh phí tiếng Anh",
        "Address of the line on the English budget page",
    ),
];

const TOPICS: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f(
        "order",
        Ty::Int,
        "Thứ tự trong danh sách",
        "Position in the list",
    ),
    f(
        "title_vi",
        Ty::Str,
        "Tên chủ đề (tiếng Việt)",
        "Topic (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Tên chủ đề (tiếng Anh)",
        "Topic (English)",
    ),
    f(
        "description_vi",
        Ty::OptStr,
        "Mô tả (tiếng Việt)",
        "Description (Vietnamese)",
    ),
    f(
        "description_en",
        Ty::OptStr,
        "Mô tả (tiếng Anh)",
        "Description (English)",
    ),
    f(
        "tasks",
        Ty::List,
        "Mã các nhiệm vụ thuộc chủ đề",
        "Ids of the tasks with this topic",
    ),
    f(
        "objectives",
        Ty::List,
        "Mã các chỉ tiêu thuộc chủ đề",
        "Ids of the indicators with this topic",
    ),
    f(
        "projects",
        Ty::List,
        "Mã các dự án thuộc chủ đề",
        "Ids of the projects with this topic",
    ),
    f(
        "url_vi",
        Ty::Str,
        "Địa chỉ trang tiếng Việt",
        "Address of the Vietnamese page",
    ),
    f(
        "url_en",
        Ty::Str,
        "Địa chỉ trang tiếng Anh",
        "Address of the English page",
    ),
];

/// One kind of record: its section key, names and columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Section key and file stem (`tasks`).
    pub kind: &'static str,
    /// Columns, without the common ones at the end.
    pub fields: &'static [Field],
    /// Whether each record has a page (and the common url/source columns).
    pub has_pages: bool,
}

impl Table {
    /// Every column, in CSV order.
    pub fn columns(&self) -> Vec<Field> {
        let mut v = self.fields.to_vec();
        if self.has_pages {
            v.extend(COMMON_END);
        }
        v
    }
}

/// The tables, in the order the dictionary shows them.
pub fn tables() -> [Table; 7] {
    [
        Table {
            kind: "tasks",
            fields: TASKS,
            has_pages: true,
        },
        Table {
            kind: "objectives",
            fields: OBJECTIVES,
            has_pages: true,
        },
        Table {
            kind: "projects",
            fields: PROJECTS,
            has_pages: true,
        },
        Table {
            kind: "agencies",
            fields: AGENCIES,
            has_pages: true,
        },
        Table {
            kind: "documents",
            fields: DOCUMENTS,
            has_pages: true,
        },
        Table {
            kind: "budget",
            fields: BUDGET,
            has_pages: false,
        },
        // Topic pages exist, but a topic has no source columns nor a file of its own: its
        // page addresses are columns of this table.
        Table {
            kind: "topics",
            fields: TOPICS,
            has_pages: false,
        },
    ]
}

/// The JSON Schema of a kind's `<kind>.json`.
pub(super) fn schema(table: &Table, plan_kind: &Text) -> J {
    let columns = table.columns();
    let mut props = Map::new();
    for c in &columns {
        let mut p = c.ty.schema();
        p["description"] = json!(format!(
            "{} / {}",
            c.meaning(Lang::En, plan_kind),
            c.meaning(Lang::Vi, plan_kind)
        ));
        props.insert(c.name.to_owned(), p);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{}.schema.json", table.kind),
        "title": format!("camket open data: {}", table.kind),
        "type": "object",
        "required": ["data_as_of", "records"],
        "additionalProperties": false,
        "properties": {
            "$schema": {"type": "string"},
            "data_as_of": {"type": "string", "format": "date"},
            "publisher": {"type": "object", "description": "Who publishes the data (site.yaml `publisher`) / Đơn vị công bố", "properties": {"vi": {"type": "string"}, "en": {"type": ["string", "null"]}}},
            "licence": {"type": "object", "description": "Licence of the data (site.yaml `licence`) / Giấy phép dữ liệu", "properties": {"name": {"type": "object"}, "url": {"type": "string", "format": "uri"}}},
            "records": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": columns.iter().map(|c| c.name).collect::<Vec<_>>(),
                    "properties": props,
                }
            }
        }
    })
}
