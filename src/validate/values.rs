//! Validate, values: bilingual texts (Vietnamese required, English counted for coverage),
//! dates, amounts, years, sources, notes, parties and reference lists.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::diagnostic::Pos;
use crate::model::raw::*;
use crate::model::*;
use crate::strings::nfc;

use super::Validator;

impl Validator<'_> {
    pub(super) fn text(&mut self, t: &RawText) -> Text {
        let vi: String = nfc(&t.vi.value);
        if vi.is_empty() {
            self.err(
                Pos::of(&t.vi),
                "Vietnamese text is empty",
                "write the Vietnamese text as the source gives it",
            );
        }
        let en =
            t.en.as_ref()
                .map(|e| nfc(&e.value))
                .filter(|e| !e.is_empty());
        let c = self.coverage.entry(self.kind).or_default();
        c.fields += 1;
        if en.is_some() {
            c.translated += 1;
        } else if self.strict {
            self.err(
                Pos::of(&t.vi),
                "missing English translation (--strict)",
                "add `en:` beside `vi:`, or build without --strict",
            );
        }
        self.scan_text(&vi, Pos::of(&t.vi));
        if let (Some(e), Some(raw_en)) = (&en, &t.en) {
            self.scan_text(e, Pos::of(raw_en));
        }
        Text { vi, en }
    }

    pub(super) fn opt_text(&mut self, t: &Option<RawText>) -> Option<Text> {
        t.as_ref().map(|t| self.text(t))
    }

    pub(super) fn date(&mut self, s: &S<String>) -> Option<Date> {
        let ok =
            s.value.len() == 10 && s.value.as_bytes()[4] == b'-' && s.value.as_bytes()[7] == b'-';
        match Date::from_str(&s.value) {
            Ok(d) if ok => Some(d),
            _ => {
                self.err(
                    Pos::of(s),
                    format!("`{}` is not a valid date", s.value),
                    "write dates as YYYY-MM-DD, e.g. 2025-08-22, and check the day exists",
                );
                None
            }
        }
    }

    pub(super) fn amount(&mut self, s: &S<String>) -> Option<Amount> {
        let text = s.value.trim();
        let shape_ok = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && text.bytes().filter(|&b| b == b'.').count() <= 1
            && !text.starts_with('.')
            && !text.ends_with('.');
        match Decimal::from_str_exact(text) {
            Ok(d) if shape_ok => Some(Amount(d)),
            _ if text.starts_with('-') => {
                self.err(
                    Pos::of(s),
                    format!("amount `{}` is negative", s.value),
                    "amounts are non-negative billions of VND",
                );
                None
            }
            _ => {
                self.err(Pos::of(s), format!("amount `{}` is not an exact decimal", s.value),
                    "write billions of VND with a dot as decimal separator and no thousands separator: \"21.325,7201 tỷ đồng\" → \"21325.7201\"");
                None
            }
        }
    }

    pub(super) fn money(&mut self, b: &RawBudget) -> Money {
        Money {
            amount: b.amount.as_ref().and_then(|a| self.amount(a)),
            as_written: b.as_written.as_ref().map(|s| nfc(s)),
            funding: self.opt_text(&b.funding),
        }
    }

    pub(super) fn phases(&mut self, phases: &[RawPhase]) -> Vec<Phase> {
        let mut out = Vec::new();
        for p in phases {
            let year = self.year(&p.year);
            let amount = self.amount(&p.amount);
            let note = self.opt_text(&p.note);
            let to = p.to.as_ref().and_then(|t| self.year(t));
            let average = p.per_year_average.as_ref().is_some_and(|a| a.value);
            match (to, average, year) {
                (Some(t), true, Some(y)) if t > y => {}
                (None, false, _) => {}
                _ => {
                    let pos = match (&p.to, &p.per_year_average) {
                        (Some(t), _) => Pos::of(t),
                        (None, Some(a)) => Pos::of(a),
                        (None, None) => Pos::of(&p.year),
                    };
                    self.err(
                        pos,
                        "an averaged phase needs both `to:` (a later year) and `per_year_average: true`",
                        "for “từ năm 2027 đến năm 2030 bình quân mỗi năm: 33,95” write `year: 2027, to: 2030, per_year_average: true, amount: \"33.95\"`",
                    );
                }
            }
            if let (Some(year), Some(amount)) = (year, amount) {
                out.push(Phase {
                    year,
                    to: to.filter(|_| average),
                    per_year_average: average && to.is_some(),
                    amount,
                    as_written: p.as_written.clone(),
                    note,
                });
            }
        }
        out
    }

    pub(super) fn year(&mut self, y: &S<i32>) -> Option<i32> {
        if (1900..=2200).contains(&y.value) {
            Some(y.value)
        } else {
            self.err(
                Pos::of(y),
                format!("year {} is out of range", y.value),
                "years are between 1900 and 2200",
            );
            None
        }
    }

    pub(super) fn source(&mut self, s: &RawSource) -> Option<Source> {
        let document = self.reference(&s.document, "document")?;
        if let Some(a) = &s.anchor {
            // Checked by `compile`, once the hosted texts are compiled.
            self.note_anchor(&document, a);
        }
        if let Some(l) = &s.line
            && l.value == 0
        {
            self.err(
                Pos::of(l),
                "line numbers start at 1",
                "give the line number in the document's plain source text",
            );
        }
        Some(Source {
            document,
            line: s.line.as_ref().map(|l| l.value),
            anchor: s.anchor.as_ref().map(|a| a.value.clone()),
            note: self.opt_text(&s.note),
        })
    }

    pub(super) fn opt_source(&mut self, s: &Option<RawSource>) -> Option<Source> {
        s.as_ref().and_then(|s| self.source(s))
    }

    pub(super) fn notes(&mut self, notes: &[RawNote]) -> Vec<Note> {
        notes
            .iter()
            .map(|n| Note {
                text: self.text(&n.text),
                source: self.opt_source(&n.source),
            })
            .collect()
    }

    pub(super) fn party(&mut self, p: &S<RawParty>) -> Option<Party> {
        match &p.value {
            RawParty::Agency(id) => {
                let spanned = S {
                    value: id.clone(),
                    referenced: p.referenced,
                    defined: p.defined,
                };
                self.reference(&spanned, "agency").map(Party::Agency)
            }
            RawParty::Text(t) => {
                let text = self.text(&t.text);
                let agency = t.agency.as_ref().and_then(|a| self.reference(a, "agency"));
                Some(Party::Text { text, agency })
            }
        }
    }

    pub(super) fn parties(&mut self, ps: &[S<RawParty>]) -> Vec<Party> {
        ps.iter().filter_map(|p| self.party(p)).collect()
    }

    pub(super) fn refs(&mut self, rs: &[S<String>], kind: &str) -> Vec<String> {
        rs.iter().filter_map(|r| self.reference(r, kind)).collect()
    }
}
