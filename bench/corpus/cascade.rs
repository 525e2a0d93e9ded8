//! The corpus's cascade of plans, in the proportions of the real site: a root resolution with
//! no commitments, an action programme with `n / 2` commitments in groups that match the
//! solution groups, the site's plan (whose tasks implement the programme: about 60 % of the
//! tasks name one commitment, set in `tasks.rs`), a second plan with `n / 4` commitments that
//! implement the programme's, and a notice with `n / 20` directives. Every text is in both
//! languages; every link names its reason.

use std::fmt::Write as _;
use std::io;

use super::words::*;
use super::{Doc, Gen, RECORDS_PER_FILE, fix_list_item, q, text};

impl Gen {
    /// Programme commitments per solution group (the tasks' `implements` point at them).
    pub(super) fn commitments_per_group(n: usize, n_groups: usize) -> usize {
        (n / (2 * n_groups)).max(1)
    }

    pub(super) fn cascade(
        &mut self,
        n: usize,
        n_groups: usize,
        agencies: &[String],
        docs: &[Doc],
    ) -> io::Result<()> {
        let per_group = Self::commitments_per_group(n, n_groups);
        let mut s = String::from("# Plans of the cascade (synthetic).\n");
        let plans = [
            ("nghi-quyet", "resolution", &docs[1], "", ""),
            (
                "chuong-trinh",
                "action_programme",
                &docs[2],
                "nghi-quyet",
                "",
            ),
            ("ke-hoach", "plan", &docs[0], "chuong-trinh", ""),
            ("ke-hoach-dang-uy", "plan", &docs[3], "chuong-trinh", ""),
            ("thong-bao", "notice", &docs[4], "", "ke-hoach"),
        ];
        for (id, kind, doc, implements, relates) in plans {
            let _ = writeln!(s, "- id: {id}\n  kind: {kind}");
            text(
                &mut s,
                "  ",
                "title",
                &format!("{} số {}", doc.vi_type, doc.number),
                &format!("{} No. {}", doc.en_type, doc.number),
            );
            text(&mut s, "  ", "short", &doc.number, &doc.number);
            text(
                &mut s,
                "  ",
                "issuer",
                "Ủy ban nhân dân tỉnh",
                "Provincial People's Committee",
            );
            let _ = writeln!(s, "  document: {}", doc.id);
            if !implements.is_empty() {
                let _ = writeln!(s, "  implements: [{implements}]");
            }
            if !relates.is_empty() {
                let _ = writeln!(s, "  relates_to: [{relates}]");
            }
            text(
                &mut s,
                "  ",
                "horizon",
                "đến năm 2030, tầm nhìn đến năm 2045",
                "to 2030, with a vision to 2045",
            );
            if id == "chuong-trinh" || id == "ke-hoach-dang-uy" {
                s.push_str("  groups:\n");
                for (g, (vi, en)) in GROUPS.iter().enumerate().take(n_groups) {
                    let _ = writeln!(
                        s,
                        "    - id: {id}-nhom-{}\n      number: {}",
                        g + 1,
                        q(ROMAN[g])
                    );
                    text(&mut s, "      ", "title", vi, en);
                    let _ = writeln!(s, "      task_group: nhom-{}", g + 1);
                }
            }
            let _ = writeln!(s, "  source:\n    document: {}\n    line: 1", doc.id);
        }
        self.write("plans/plans.yaml", &s)?;

        // The programme: `per_group` commitments in each group.
        let mut records: Vec<String> = Vec::new();
        for g in 0..n_groups {
            for k in 1..=per_group {
                let mut s = String::new();
                let _ = writeln!(
                    s,
                    "- id: ct-{}-{k}\n  plan: chuong-trinh\n  group: chuong-trinh-nhom-{}",
                    g + 1,
                    g + 1
                );
                let target = k % 7 == 3;
                let _ = writeln!(s, "  kind: {}", if target { "target" } else { "task" });
                let (vvi, ven) = *self.rng.pick(&VERBS);
                let (ovi, oen) = *self.rng.pick(&OBJECTS);
                text(
                    &mut s,
                    "  ",
                    "text",
                    &format!("{vvi} {ovi}"),
                    &format!("{ven} {oen}"),
                );
                text(&mut s, "  ", "horizon", "đến năm 2030", "by 2030");
                if target {
                    s.push_str("  targets:\n    - ");
                    text(
                        &mut s,
                        "",
                        "text",
                        &format!("đạt {}%", 50 + k % 50),
                        &format!("{}%", 50 + k % 50),
                    );
                    fix_list_item(&mut s);
                }
                if self.rng.chance(50) {
                    let _ = writeln!(s, "  responsible:\n    - {}", self.rng.pick(agencies));
                }
                let _ = writeln!(
                    s,
                    "  source:\n    document: {}\n    line: {}",
                    docs[2].id,
                    10 + records.len()
                );
                records.push(s);
            }
        }
        self.write_records("commitments/chuong-trinh", &records)?;

        // The second plan: `n / 4` commitments, each implementing one of the programme's.
        let mut records: Vec<String> = Vec::new();
        for i in 0..(n / 4).max(1) {
            let g = i % n_groups;
            let mut s = String::new();
            let _ = writeln!(
                s,
                "- id: du-{}\n  plan: ke-hoach-dang-uy\n  group: ke-hoach-dang-uy-nhom-{}\n  kind: task",
                i + 1,
                g + 1
            );
            let (vvi, ven) = *self.rng.pick(&VERBS);
            let (ovi, oen) = *self.rng.pick(&OBJECTS);
            text(
                &mut s,
                "  ",
                "text",
                &format!("{vvi} {ovi}"),
                &format!("{ven} {oen}"),
            );
            let _ = writeln!(s, "  responsible:\n    - {}", self.rng.pick(agencies));
            let k = 1 + self.rng.below(per_group);
            let _ = writeln!(
                s,
                "  implements:\n    - commitment: ct-{}-{k}\n      reason: same_group",
                g + 1
            );
            let _ = writeln!(
                s,
                "  source:\n    document: {}\n    line: {}",
                docs[3].id,
                10 + i
            );
            records.push(s);
        }
        self.write_records("commitments/ke-hoach-dang-uy", &records)?;

        // The notice: `n / 20` directives.
        let mut records: Vec<String> = Vec::new();
        for i in 0..(n / 20).max(1) {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "- id: tb-{}\n  plan: thong-bao\n  number: \"2.{}\"\n  kind: directive",
                i + 1,
                i + 1
            );
            let (vvi, ven) = *self.rng.pick(&VERBS);
            let (ovi, oen) = *self.rng.pick(&OBJECTS);
            text(
                &mut s,
                "  ",
                "text",
                &format!("{vvi} {ovi}"),
                &format!("{ven} {oen}"),
            );
            let _ = writeln!(
                s,
                "  source:\n    document: {}\n    line: {}",
                docs[4].id,
                5 + i
            );
            records.push(s);
        }
        self.write_records("commitments/thong-bao", &records)
    }

    /// Writes records into files of [`RECORDS_PER_FILE`]: `<stem>-001.yaml`…
    fn write_records(&mut self, stem: &str, records: &[String]) -> io::Result<()> {
        for (k, chunk) in records.chunks(RECORDS_PER_FILE).enumerate() {
            let body = format!("# Commitments (synthetic).\n{}", chunk.concat());
            self.write(&format!("{stem}-{:03}.yaml", k + 1), &body)?;
        }
        Ok(())
    }
}
