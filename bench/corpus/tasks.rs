//! The corpus's tasks, projects, budget, glossary and about page (the second half of [`Gen`]).
//!
//! Input: the generator and the records already written (agencies, documents). Output: YAML files
//! under `content/`. Guarantee: deterministic (draws only from the generator's seeded `Rng`).

use std::fmt::Write as _;
use std::io;

use super::words::*;
use super::{Doc, Gen, TASKS_PER_FILE, fix_list_item, lower_first, q, text};

impl Gen {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn tasks(
        &mut self,
        n: usize,
        n_groups: usize,
        agencies: &[String],
        docs: &[Doc],
        objectives: &[String],
        n_projects: usize,
    ) -> io::Result<Vec<String>> {
        let mut ids = Vec::with_capacity(n);
        let mut per_group = vec![0usize; n_groups];
        let busy = (agencies.len() / 100).max(1);
        let mut file = String::new();
        let mut file_no = 0;
        for i in 0..n {
            if i % TASKS_PER_FILE == 0 {
                if i > 0 {
                    file_no += 1;
                    let body = std::mem::take(&mut file);
                    self.write(&format!("tasks/nhiem-vu-{file_no:03}.yaml"), &body)?;
                }
                file.push_str("# Tasks (synthetic).\n");
            }
            let g = (i * n_groups) / n;
            per_group[g] += 1;
            let id = format!("nv-{:05}", i + 1);
            let s = &mut file;
            let _ = writeln!(s, "- id: {id}");
            if i % 50 == 7 {
                let _ = writeln!(s, "  aliases: [nv-cu-{:05}]", i + 1);
            }
            let _ = writeln!(s, "  number: \"{}.{}\"", ROMAN[g], per_group[g]);
            let _ = writeln!(s, "  group: nhom-{}", g + 1);
            if self.cascade && i % 5 < 3 {
                let k = 1 + (per_group[g] * 7) % self.per_group;
                let _ = writeln!(
                    s,
                    "  implements:\n    - commitment: ct-{}-{k}\n      reason: same_group",
                    g + 1
                );
            }
            let (vvi, ven) = *self.rng.pick(&VERBS);
            let (ovi, oen) = *self.rng.pick(&OBJECTS);
            let (qvi, qen) = *self.rng.pick(&QUALIFIERS);
            let cite = &docs[self.rng.below(docs.len())];
            let (tvi, ten) = if i % 4 == 0 {
                (
                    format!(
                        "{vvi} {ovi} {qvi} theo {} số {}",
                        cite.vi_type.to_lowercase(),
                        cite.number
                    ),
                    format!(
                        "{ven} {oen} {qen} under {} No. {}",
                        cite.en_type, cite.number
                    ),
                )
            } else {
                (format!("{vvi} {ovi} {qvi}"), format!("{ven} {oen} {qen}"))
            };
            text(s, "  ", "title", &tvi, &ten);
            let lead = if self.rng.chance(30) {
                &agencies[self.rng.below(busy)]
            } else {
                self.rng.pick(agencies)
            };
            let _ = writeln!(s, "  lead:\n    - {lead}");
            let mut coord: Vec<&String> = Vec::new();
            for _ in 0..self.rng.below(4) {
                let a = self.rng.pick(agencies);
                if a != lead && !coord.contains(&a) {
                    coord.push(a);
                }
            }
            if !coord.is_empty() || i % 9 == 0 {
                s.push_str("  coordinators:\n");
                for a in coord {
                    let _ = writeln!(s, "    - {a}");
                }
                if i % 9 == 0 {
                    s.push_str("    - ");
                    text(
                        s,
                        "",
                        "text",
                        "Các sở, ban, ngành; UBND các xã, phường, đặc khu",
                        "Departments, boards and sectors; People's Committees of communes, wards and special zones",
                    );
                    fix_list_item(s);
                }
            }
            let (rvi, ren) = *self.rng.pick(&RESULTS);
            text(s, "  ", "result", rvi, ren);
            self.deadline(s, i);
            s.push_str("  basis:\n");
            let mut cited: Vec<&Doc> = vec![cite];
            for _ in 0..self.rng.below(3) {
                let d = &docs[self.rng.below(docs.len())];
                if !cited.iter().any(|c| c.id == d.id) {
                    cited.push(d);
                }
            }
            for (k, d) in cited.into_iter().enumerate() {
                let _ = writeln!(s, "    - document: {}", d.id);
                if self.rng.chance(40) {
                    let _ = writeln!(
                        s,
                        "      clause: \"điểm {} khoản {} mục II\"",
                        ["a", "b", "c", "d", "đ"][k % 5],
                        1 + self.rng.below(9)
                    );
                }
                let _ = writeln!(
                    s,
                    "      as_written: {}",
                    q(&format!(
                        "{} số {} ngày {:02}/{:02}/{}",
                        d.vi_type, d.number, d.date.2, d.date.1, d.date.0
                    ))
                );
            }
            if self.rng.chance(60) {
                let whole = 1 + self.rng.below(900);
                let frac = self.rng.below(1000);
                let _ = writeln!(
                    s,
                    "  budget:\n    amount: \"{whole}.{frac:03}\"\n    as_written: \"{whole},{frac:03} tỷ đồng\""
                );
                text(
                    s,
                    "    ",
                    "funding",
                    "NSNN, nguồn xã hội hóa",
                    "State budget, private and community contributions",
                );
            }
            if !objectives.is_empty() && self.rng.chance(50) {
                let _ = writeln!(s, "  objectives:\n    - {}", self.rng.pick(objectives));
            }
            if i % 100 == 3 {
                let _ = writeln!(
                    s,
                    "  projects:\n    - du-an-{:04}",
                    1 + i / 100 % n_projects
                );
            }
            if i % 40 == 39 {
                s.push_str("  in_approved_plan: false\n");
            }
            if i % 5 == 0 || i % 40 == 39 {
                let _ = writeln!(
                    s,
                    "  draft:\n    document: {}\n    number: \"{}.{}\"",
                    docs[docs.len().min(2) - 1].id,
                    ROMAN[g],
                    per_group[g] + 1
                );
                if i % 10 == 0 {
                    text(s, "    ", "deadline", "Năm 2025", "2025");
                }
            }
            if i % 6 == 1 {
                s.push_str("  reports:\n");
                let status = *self.rng.pick(&[
                    "completed_on_time",
                    "completed_late",
                    "in_progress",
                    "overdue",
                    "ongoing",
                ]);
                let _ = writeln!(
                    s,
                    "    - date: \"2026-0{}-15\"\n      status: {status}\n      percent: {}",
                    1 + self.rng.below(6),
                    self.rng.below(101)
                );
                text(
                    s,
                    "      ",
                    "note",
                    SENTENCES[i % SENTENCES.len()].0,
                    SENTENCES[i % SENTENCES.len()].1,
                );
            }
            // The task's description: a few paragraphs, one note each, naming documents.
            s.push_str("  notes:\n");
            for p in 0..2 + self.rng.below(2) {
                let d = &docs[self.rng.below(docs.len())];
                let (a, b) = (
                    SENTENCES[(i + p) % SENTENCES.len()],
                    SENTENCES[(i + p + 4) % SENTENCES.len()],
                );
                let vi = format!(
                    "{} Theo {} số {} ngày {:02}/{:02}/{}, {}",
                    a.0,
                    d.vi_type.to_lowercase(),
                    d.number,
                    d.date.2,
                    d.date.1,
                    d.date.0,
                    lower_first(b.0),
                );
                let en = format!(
                    "{} Under {} No. {} of {:02}/{:02}/{}, {}",
                    a.1,
                    d.en_type,
                    d.number,
                    d.date.2,
                    d.date.1,
                    d.date.0,
                    lower_first(b.1),
                );
                s.push_str("    - ");
                text(s, "", "text", &vi, &en);
                // re-indent the two lines written by `text` under the list item
                fix_list_item(s);
                if p == 0 {
                    let _ = writeln!(
                        s,
                        "      source:\n        document: {}\n        line: {}",
                        docs[0].id,
                        10 + i
                    );
                }
            }
            let _ = writeln!(
                s,
                "  source:\n    document: {}\n    line: {}\n    anchor: nhom-{}",
                docs[0].id,
                1000 + i,
                g + 1
            );
            ids.push(id);
        }
        file_no += 1;
        self.write(&format!("tasks/nhiem-vu-{file_no:03}.yaml"), &file)?;
        self.stats.tasks = n;
        Ok(ids)
    }

    fn deadline(&mut self, s: &mut String, i: usize) {
        let y = 2025 + self.rng.below(6);
        match i % 8 {
            0..=2 => {
                s.push_str("  deadline:\n");
                text(s, "    ", "text", &format!("Năm {y}"), &y.to_string());
                let _ = writeln!(s, "    year: {y}");
            }
            3 => {
                let qn = 1 + self.rng.below(4);
                let roman = ROMAN[qn - 1];
                s.push_str("  deadline:\n");
                text(
                    s,
                    "    ",
                    "text",
                    &format!("Quý {roman} năm {y}"),
                    &format!("Q{qn} {y}"),
                );
                let _ = writeln!(s, "    year: {y}\n    quarter: {qn}");
            }
            4 => {
                let m = 1 + self.rng.below(12);
                s.push_str("  deadline:\n");
                text(
                    s,
                    "    ",
                    "text",
                    &format!("Tháng {m}/{y}"),
                    &format!("{} {y}", camket::strings::MONTHS_EN[m - 1]),
                );
                let _ = writeln!(s, "    year: {y}\n    month: {m}");
            }
            5 => {
                s.push_str("  deadline:\n");
                text(s, "    ", "text", "Giai đoạn 2026 - 2030", "2026–2030");
                s.push_str("    from: 2026\n    to: 2030\n");
            }
            6 => {
                s.push_str("  deadline:\n");
                if i % 16 == 6 {
                    text(s, "    ", "text", "Thường xuyên", "Continuous");
                    s.push_str("    recurring: continuous\n");
                } else {
                    text(s, "    ", "text", "Hằng năm", "Every year");
                    s.push_str("    recurring: annual\n");
                }
            }
            _ => {
                if i % 16 == 7 {
                    s.push_str("  deadline:\n");
                    text(
                        s,
                        "    ",
                        "text",
                        "Sau khi Chính phủ ban hành Nghị định",
                        "After the Government issues the Decree",
                    );
                    text(
                        s,
                        "    ",
                        "condition",
                        "Sau khi Chính phủ ban hành Nghị định",
                        "After the Government issues the Decree",
                    );
                }
            }
        }
    }

    pub(super) fn projects(
        &mut self,
        count: usize,
        agencies: &[String],
        tasks: &[String],
        plan: &str,
    ) -> io::Result<()> {
        let mut s = String::from("# Investment projects (synthetic).\n");
        for i in 0..count {
            let _ = writeln!(s, "- id: du-an-{:04}", i + 1);
            let _ = writeln!(s, "  number: \"{}\"", i + 1);
            let province = PROVINCES[i % PROVINCES.len()];
            text(
                &mut s,
                "  ",
                "title",
                &format!(
                    "Xây dựng trường trung học phổ thông chuyên tỉnh {province}, cơ sở {}",
                    i + 1
                ),
                &format!(
                    "Building the specialised upper secondary school of {province}, campus {}",
                    i + 1
                ),
            );
            let _ = writeln!(s, "  lead:\n    - {}", self.rng.pick(agencies));
            let whole = 50 + self.rng.below(900);
            let _ = writeln!(
                s,
                "  budget:\n    amount: \"{whole}.5\"\n    as_written: \"{whole},5 tỷ đồng\""
            );
            text(
                &mut s,
                "    ",
                "funding",
                "Ngân sách tỉnh",
                "Provincial budget",
            );
            let _ = writeln!(
                s,
                "  phasing:\n    - year: 2026\n      amount: \"{}\"\n    - year: 2027\n      amount: \"{}.5\"",
                whole / 2,
                whole - whole / 2
            );
            let _ = writeln!(s, "  tasks:\n    - {}", self.rng.pick(tasks));
            let _ = writeln!(s, "  source:\n    document: {plan}\n    line: {}", 5000 + i);
        }
        self.stats.projects = count;
        self.write("projects/du-an.yaml", &s)
    }

    pub(super) fn budget(
        &mut self,
        n_groups: usize,
        n_projects: usize,
        plan: &str,
    ) -> io::Result<()> {
        let mut s = String::from("# Budget figures (synthetic).\n- id: tong\n  facet: total\n");
        text(&mut s, "  ", "title", "Tổng kinh phí", "Total funding");
        let _ = writeln!(
            s,
            "  amount: \"{}.5\"\n  as_written: \"{},5 tỷ đồng\"",
            n_groups * 1000,
            n_groups * 1000
        );
        s.push_str("  projects:\n");
        for p in 0..n_projects.min(5) {
            let _ = writeln!(s, "    - du-an-{:04}", p + 1);
        }
        let _ = writeln!(s, "  source:\n    document: {plan}\n    anchor: nhom-1");
        for (k, (vi, en)) in [
            ("Ngân sách nhà nước", "State budget"),
            ("Nguồn xã hội hóa", "Private and community sources"),
        ]
        .iter()
        .enumerate()
        {
            let _ = writeln!(s, "- id: nguon-{}\n  parent: tong\n  facet: source", k + 1);
            text(&mut s, "  ", "title", vi, en);
            // The parts add up to the total (…000.5), as camket checks.
            let half = if k == 1 { ".5" } else { "" };
            let _ = writeln!(s, "  amount: \"{}{half}\"", n_groups * 500);
        }
        for (g, roman) in ROMAN.iter().enumerate().take(n_groups) {
            let _ = writeln!(
                s,
                "- id: nhom-{}-kinh-phi\n  facet: envelope\n  group: nhom-{}",
                g + 1,
                g + 1
            );
            text(
                &mut s,
                "  ",
                "title",
                &format!("Kinh phí nhóm giải pháp {roman}"),
                &format!("Funding of solution group {roman}"),
            );
            let _ = writeln!(s, "  amount: \"{}.25\"", 100 + g * 37);
        }
        self.write("budget/kinh-phi.yaml", &s)
    }

    pub(super) fn glossary(&mut self) -> io::Result<()> {
        let mut s = String::from("# Glossary (synthetic).\n");
        for b in BODIES {
            let _ = writeln!(s, "- vi: {}\n  en: {}", q(b.0), q(b.1));
        }
        for (vi, en) in OBJECTS.iter().take(8) {
            let _ = writeln!(s, "- vi: {}\n  en: {}", q(vi), q(en));
        }
        self.write("glossary.yaml", &s)
    }

    pub(super) fn about(&mut self, n: usize, plan: &Doc) -> io::Result<()> {
        self.write(
            "pages/about.vi.md",
            &format!(
                "# Giới thiệu\n\nĐây là bộ dữ liệu thử gồm {n} nhiệm vụ, do `camket-bench` tạo ra để đo tốc độ. Dữ liệu **không có thật**.\n\n## Cấu trúc {{#cau-truc}}\n\n- nhiệm vụ, cơ quan, văn bản, chỉ tiêu;\n- văn bản được trích dẫn theo số hiệu, như {} số {}.\n",
                plan.vi_type, plan.number
            ),
        )?;
        self.write(
            "pages/about.en.md",
            &format!(
                "# About\n\nThis is a test data set of {n} tasks, made by `camket-bench` to measure speed. The data is **not real**.\n\n## Structure {{#structure}}\n\n- tasks, agencies, documents, indicators;\n- documents are cited by number, as in {} No. {}.\n",
                plan.en_type, plan.number
            ),
        )
    }
}
