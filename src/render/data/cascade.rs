//! Open data of the cascade: `plans`, `commitments` and `coverage` (JSON, CSV and JSON
//! Schema, and a JSON file per plan and per commitment), written only on a site with plans.
//!
//! Input: the linked site. Output: the three tables, through the same writer as the other
//! kinds ([`super::TableOut`]). Guarantee: the columns are declared once ([`cascade_tables`]);
//! `coverage` has one row per commitment of the plans others implement (the coverage page's
//! rows), with the implementing tasks' ids and statuses, so the page's figures can be
//! recounted from the CSV.

use serde_json::{Map, Value as J, json};

use super::fields::{Field, Table, Ty, f};
use super::{TableOut, en, list, opt};
use crate::link::{By, LParty, LinkedSite};
use crate::model::*;
use crate::render::OutputFile;
use crate::render::route::Section;

const PLANS: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f(
        "kind",
        Ty::Str,
        "Loại văn bản (resolution, action_programme, plan, scheme, notice)",
        "Kind (resolution, action_programme, plan, scheme, notice)",
    ),
    f(
        "short_vi",
        Ty::Str,
        "Tên ngắn (tiếng Việt)",
        "Short label (Vietnamese)",
    ),
    f(
        "short_en",
        Ty::OptStr,
        "Tên ngắn (tiếng Anh)",
        "Short label (English)",
    ),
    f(
        "title_vi",
        Ty::Str,
        "Tên văn bản (tiếng Việt)",
        "Title (Vietnamese)",
    ),
    f(
        "title_en",
        Ty::OptStr,
        "Tên văn bản (tiếng Anh)",
        "Title (English)",
    ),
    f(
        "issuer_vi",
        Ty::Str,
        "Cơ quan ban hành (tiếng Việt)",
        "Issued by (Vietnamese)",
    ),
    f(
        "issuer_en",
        Ty::OptStr,
        "Cơ quan ban hành (tiếng Anh)",
        "Issued by (English)",
    ),
    f("document", Ty::Str, "Mã văn bản", "Document id"),
    f(
        "primary",
        Ty::Bool,
        "Là {plan_kind} mà trang theo dõi",
        "Is the {plan_kind} the site tracks",
    ),
    f(
        "implements",
        Ty::List,
        "Mã các văn bản mà văn bản này thực hiện",
        "Ids of the plans it implements",
    ),
    f(
        "relates_to",
        Ty::List,
        "Mã các văn bản mà văn bản này góp ý",
        "Ids of the plans it comments on",
    ),
    f(
        "horizon_vi",
        Ty::OptStr,
        "Thời hạn, tầm nhìn (tiếng Việt)",
        "Horizon (Vietnamese)",
    ),
    f(
        "horizon_en",
        Ty::OptStr,
        "Thời hạn, tầm nhìn (tiếng Anh)",
        "Horizon (English)",
    ),
    f(
        "groups",
        Ty::List,
        "Mã các nhóm cam kết",
        "Ids of its groups of commitments",
    ),
    f(
        "commitments",
        Ty::List,
        "Mã các cam kết",
        "Ids of its commitments",
    ),
];

const COMMITMENTS: &[Field] = &[
    f("id", Ty::Str, "Mã cố định", "Permanent id"),
    f("plan", Ty::Str, "Mã văn bản chứa cam kết", "Id of its plan"),
    f("group", Ty::OptStr, "Mã nhóm", "Group id"),
    f(
        "group_number",
        Ty::OptStr,
        "Số hiệu nhóm như văn bản ghi",
        "Group number as written",
    ),
    f(
        "number",
        Ty::OptStr,
        "Số hiệu như văn bản ghi",
        "Number as written",
    ),
    f(
        "kind",
        Ty::Str,
        "Loại (task, target, organisation, directive, milestone, breakthrough, budget)",
        "Kind (task, target, organisation, directive, milestone, breakthrough, budget)",
    ),
    f(
        "text_vi",
        Ty::Str,
        "Nguyên văn (tiếng Việt)",
        "Text as written (Vietnamese)",
    ),
    f(
        "text_en",
        Ty::OptStr,
        "Nội dung (tiếng Anh)",
        "Text (English)",
    ),
    f(
        "horizon_vi",
        Ty::OptStr,
        "Thời hạn, tầm nhìn (tiếng Việt)",
        "Horizon (Vietnamese)",
    ),
    f(
        "horizon_en",
        Ty::OptStr,
        "Thời hạn, tầm nhìn (tiếng Anh)",
        "Horizon (English)",
    ),
    f(
        "deadline_vi",
        Ty::OptStr,
        "Thời hạn như văn bản ghi (tiếng Việt)",
        "Deadline as written (Vietnamese)",
    ),
    f(
        "deadline_en",
        Ty::OptStr,
        "Thời hạn (tiếng Anh)",
        "Deadline (English)",
    ),
    f("deadline_year", Ty::Int, "Năm đến hạn", "Year due"),
    f(
        "responsible",
        Ty::List,
        "Mã cơ quan chịu trách nhiệm",
        "Ids of the responsible agencies",
    ),
    f(
        "responsible_vi",
        Ty::List,
        "Cơ quan chịu trách nhiệm (tiếng Việt)",
        "Responsible (Vietnamese)",
    ),
    f(
        "responsible_en",
        Ty::List,
        "Cơ quan chịu trách nhiệm (tiếng Anh)",
        "Responsible (English)",
    ),
    f(
        "targets_vi",
        Ty::List,
        "Chỉ tiêu văn bản nêu (tiếng Việt)",
        "Targets named (Vietnamese)",
    ),
    f(
        "targets_en",
        Ty::List,
        "Chỉ tiêu văn bản nêu (tiếng Anh)",
        "Targets named (English)",
    ),
    f(
        "implements",
        Ty::List,
        "Mã cam kết cấp trên mà cam kết này thực hiện",
        "Ids of the higher-level commitments it implements",
    ),
    f(
        "implements_reasons",
        Ty::List,
        "Căn cứ của từng liên kết (same_wording, same_group, cited)",
        "Reason of each link (same_wording, same_group, cited)",
    ),
    f(
        "implemented_by_tasks",
        Ty::List,
        "Mã nhiệm vụ của {plan_kind} thực hiện cam kết",
        "Ids of the tasks of the {plan_kind} that implement it",
    ),
    f(
        "implemented_by_commitments",
        Ty::List,
        "Mã cam kết của văn bản khác thực hiện cam kết",
        "Ids of other plans' commitments that implement it",
    ),
    f(
        "stated_by_objectives",
        Ty::List,
        "Mã chỉ tiêu của {plan_kind} nêu lại mục tiêu này (không phải nhiệm vụ)",
        "Ids of the indicators of the {plan_kind} that state this target again (not tasks)",
    ),
    f(
        "differs_from",
        Ty::List,
        "Mã chỉ tiêu hoặc cam kết nêu khác (objective:… hoặc commitment:…)",
        "Ids of the indicators or commitments that state it differently (objective:… or commitment:…)",
    ),
];

const COVERAGE: &[Field] = &[
    f("plan", Ty::Str, "Mã văn bản", "Plan id"),
    f("commitment", Ty::Str, "Mã cam kết", "Commitment id"),
    f(
        "number",
        Ty::OptStr,
        "Số hiệu như văn bản ghi",
        "Number as written",
    ),
    f("group_number", Ty::OptStr, "Số hiệu nhóm", "Group number"),
    f("kind", Ty::Str, "Loại cam kết", "Kind of commitment"),
    f(
        "text_vi",
        Ty::Str,
        "Nguyên văn (tiếng Việt)",
        "Text as written (Vietnamese)",
    ),
    f(
        "text_en",
        Ty::OptStr,
        "Nội dung (tiếng Anh)",
        "Text (English)",
    ),
    f(
        "tasks",
        Ty::List,
        "Mã nhiệm vụ thực hiện",
        "Ids of the implementing tasks",
    ),
    f(
        "task_statuses",
        Ty::List,
        "Tình trạng của từng nhiệm vụ đó",
        "Status of each of those tasks",
    ),
    f(
        "commitments",
        Ty::List,
        "Mã cam kết của văn bản khác thực hiện",
        "Ids of other plans' implementing commitments",
    ),
    f(
        "objectives",
        Ty::List,
        "Mã chỉ tiêu của {plan_kind} nêu lại mục tiêu này (tính riêng, không phải nhiệm vụ)",
        "Ids of the indicators of the {plan_kind} that state this target again (counted apart: not tasks)",
    ),
    f(
        "implemented_by_task",
        Ty::Bool,
        "Có ít nhất một nhiệm vụ của kế hoạch đã phê duyệt thực hiện (nhiệm vụ chỉ có trong dự thảo không tính)",
        "Implemented by at least one task of the approved plan (a task only in the draft does not count)",
    ),
    f(
        "implemented",
        Ty::Bool,
        "Có nhiệm vụ hoặc cam kết thực hiện",
        "Implemented by a task or a commitment",
    ),
];

/// The cascade's tables, in the order the dictionary shows them.
pub fn cascade_tables() -> [Table; 3] {
    [
        Table {
            kind: "plans",
            fields: PLANS,
            has_pages: true,
        },
        Table {
            kind: "commitments",
            fields: COMMITMENTS,
            has_pages: true,
        },
        Table {
            kind: "coverage",
            fields: COVERAGE,
            has_pages: false,
        },
    ]
}

/// Writes the cascade's tables (nothing on a site without plans).
pub(super) fn files_to(
    site: &LinkedSite,
    url: &dyn Fn(Lang, Section, &str) -> String,
    put: &mut dyn FnMut(OutputFile),
) {
    let s = &site.site;
    if s.plans.is_empty() {
        return;
    }
    let c = &site.cascade;
    let as_of = s.config.data_as_of.to_string();
    let meta = super::table_meta(&s.config);
    let kind = &s.config.plan_kind;
    let [t_plans, t_comm, t_cov] = cascade_tables();
    let common = |r: &mut Map<String, J>, section: Section, id: &str, src: Option<&Source>| {
        r.insert("url_vi".into(), J::String(url(Lang::Vi, section, id)));
        r.insert("url_en".into(), J::String(url(Lang::En, section, id)));
        r.insert(
            "source_document".into(),
            opt(src.map(|x| x.document.as_str())),
        );
        r.insert(
            "source_line".into(),
            src.and_then(|x| x.line).map_or(J::Null, |l| json!(l)),
        );
    };
    let names = |ps: &[LParty], lang: Lang| -> J {
        list(ps.iter().map(|p| match p {
            LParty::Agency(a) => s.agencies[*a].name.get(lang).0.to_owned(),
            LParty::Text(t, _) => t.get(lang).0.to_owned(),
        }))
    };
    let agency_ids = |ps: &[LParty]| -> J {
        list(ps.iter().filter_map(|p| match p {
            LParty::Agency(a) | LParty::Text(_, Some(a)) => Some(s.agencies[*a].id.clone()),
            LParty::Text(_, None) => None,
        }))
    };
    let opt_vi = |t: &Option<Text>| opt(t.as_ref().map(|x| x.vi.as_str()));
    let opt_en = |t: &Option<Text>| t.as_ref().map_or(J::Null, en);

    let mut rows = TableOut::new(t_plans, &as_of, &meta);
    for (pi, p) in s.plans.iter().enumerate() {
        let l = &c.plans[pi];
        let mut r = Map::new();
        r.insert("id".into(), json!(p.id));
        r.insert("kind".into(), json!(p.kind.key()));
        r.insert("short_vi".into(), json!(p.short.vi));
        r.insert("short_en".into(), en(&p.short));
        r.insert("title_vi".into(), json!(p.title.vi));
        r.insert("title_en".into(), en(&p.title));
        r.insert("issuer_vi".into(), json!(p.issuer.vi));
        r.insert("issuer_en".into(), en(&p.issuer));
        r.insert("document".into(), json!(p.document));
        r.insert("primary".into(), json!(l.primary));
        r.insert("implements".into(), list(p.implements.iter().cloned()));
        r.insert("relates_to".into(), list(p.relates_to.iter().cloned()));
        r.insert("horizon_vi".into(), opt_vi(&p.horizon));
        r.insert("horizon_en".into(), opt_en(&p.horizon));
        r.insert("groups".into(), list(p.groups.iter().map(|g| g.id.clone())));
        r.insert(
            "commitments".into(),
            list(l.commitments().map(|x| s.commitments[x].id.clone())),
        );
        common(&mut r, Section::Plans, &p.id, p.source.as_ref());
        rows.push(r, put);
    }
    rows.finish(put, kind);

    let implementers = |ci: usize, task: bool| -> Vec<usize> {
        (c.commitments[ci].implemented_by.iter())
            .filter_map(|i| match (i.by, task) {
                (By::Task(t), true) | (By::Commitment(t), false) => Some(t),
                _ => None,
            })
            .collect()
    };
    let mut rows = TableOut::new(t_comm, &as_of, &meta);
    for (ci, cm) in s.commitments.iter().enumerate() {
        let l = &c.commitments[ci];
        let group = l.group.map(|g| &s.plans[l.plan].groups[g]);
        let mut r = Map::new();
        r.insert("id".into(), json!(cm.id));
        r.insert("plan".into(), json!(cm.plan));
        r.insert("group".into(), opt(cm.group.as_deref()));
        r.insert(
            "group_number".into(),
            opt(group.and_then(|g| g.number.as_deref())),
        );
        r.insert("number".into(), opt(cm.number.as_deref()));
        r.insert("kind".into(), json!(cm.kind.key()));
        r.insert("text_vi".into(), json!(cm.text.vi));
        r.insert("text_en".into(), en(&cm.text));
        r.insert("horizon_vi".into(), opt_vi(&cm.horizon));
        r.insert("horizon_en".into(), opt_en(&cm.horizon));
        let dl = cm.deadline.as_ref().map(|d| d.text.clone());
        r.insert("deadline_vi".into(), opt_vi(&dl));
        r.insert("deadline_en".into(), opt_en(&dl));
        r.insert(
            "deadline_year".into(),
            cm.deadline
                .as_ref()
                .and_then(Deadline::year)
                .map_or(J::Null, |y| json!(y)),
        );
        r.insert("responsible".into(), agency_ids(&l.responsible));
        r.insert("responsible_vi".into(), names(&l.responsible, Lang::Vi));
        r.insert("responsible_en".into(), names(&l.responsible, Lang::En));
        r.insert(
            "targets_vi".into(),
            list(cm.targets.iter().map(|t| t.vi.clone())),
        );
        r.insert(
            "targets_en".into(),
            list(cm.targets.iter().map(|t| t.get(Lang::En).0.to_owned())),
        );
        r.insert(
            "implements".into(),
            list(cm.implements.iter().map(|i| i.commitment.clone())),
        );
        r.insert(
            "implements_reasons".into(),
            list(cm.implements.iter().map(|i| i.reason.key())),
        );
        r.insert(
            "implemented_by_tasks".into(),
            list(
                implementers(ci, true)
                    .into_iter()
                    .map(|t| s.tasks[t].id.clone()),
            ),
        );
        r.insert(
            "implemented_by_commitments".into(),
            list(
                implementers(ci, false)
                    .into_iter()
                    .map(|x| s.commitments[x].id.clone()),
            ),
        );
        r.insert(
            "stated_by_objectives".into(),
            list(
                (c.commitments[ci].stated_by.iter()).map(|x| s.objectives[x.objective].id.clone()),
            ),
        );
        r.insert(
            "differs_from".into(),
            list(cm.differs_from.iter().map(|d| match &d.with {
                DiffersWith::Objective(o) => format!("objective:{o}"),
                DiffersWith::Commitment(x) => format!("commitment:{x}"),
            })),
        );
        common(&mut r, Section::Commitments, &cm.id, Some(&cm.source));
        rows.push(r, put);
    }
    rows.finish(put, kind);

    let mut rows = TableOut::new(t_cov, &as_of, &meta);
    for p in c.covered_plans() {
        for ci in c.plans[p].commitments() {
            let cm = &s.commitments[ci];
            let l = &c.commitments[ci];
            let tasks = implementers(ci, true);
            let others = implementers(ci, false);
            let mut r = Map::new();
            r.insert("plan".into(), json!(s.plans[p].id));
            r.insert("commitment".into(), json!(cm.id));
            r.insert("number".into(), opt(cm.number.as_deref()));
            r.insert(
                "group_number".into(),
                opt(l.group.and_then(|g| s.plans[p].groups[g].number.as_deref())),
            );
            r.insert("kind".into(), json!(cm.kind.key()));
            r.insert("text_vi".into(), json!(cm.text.vi));
            r.insert("text_en".into(), en(&cm.text));
            r.insert(
                "tasks".into(),
                list(tasks.iter().map(|&t| s.tasks[t].id.clone())),
            );
            r.insert(
                "task_statuses".into(),
                list(tasks.iter().map(|&t| site.tasks[t].status.key())),
            );
            r.insert(
                "commitments".into(),
                list(others.iter().map(|&x| s.commitments[x].id.clone())),
            );
            r.insert(
                "objectives".into(),
                list((l.stated_by.iter()).map(|x| s.objectives[x.objective].id.clone())),
            );
            r.insert("implemented_by_task".into(), json!(c.has_task(ci)));
            r.insert("implemented".into(), json!(c.is_implemented(ci)));
            rows.push(r, put);
        }
    }
    rows.finish(put, kind);
}
