//! Reading the imported file into grids of cells, within limits.
//!
//! Input: the bytes of an `.xlsx`/`.xlsm` workbook or a UTF-8 CSV file (at most
//! [`MAX_FILE_BYTES`]). Output: one [`Grid`] per sheet (one for CSV) holding the non-empty
//! cells by position. Guarantee: no input makes the reading unbounded. A workbook is a zip
//! archive: before calamine opens it, every entry is checked against the sizes its header
//! declares and then by decompressing it into nothing, counting ([`MAX_UNPACKED_BYTES`] in all,
//! at most [`MAX_RATIO`] times its compressed size for an entry over 1 MiB), so a zip bomb or a
//! header that lies is refused before anything is parsed. Sheets are streamed cell by cell
//! (never as a dense rectangle, which a single far-away cell would make huge); at most
//! [`MAX_ROWS`] rows, [`MAX_COLUMNS`] columns and [`MAX_CELLS`] cells are read. These limits are
//! errors about the whole file (exit 1). A cell the row checks must refuse is kept as
//! [`Cell::Error`] with its message: an error value, a formula without a computed value, a text
//! over [`MAX_CELL_CHARS`] characters, a control character other than tab and line break.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Read as _};
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx, XlsxFormulaMetadata};

use super::{ImportError, Problem};
use crate::model::Date;
use crate::reports::date_dmy;

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest total size of a workbook's entries once decompressed, in bytes.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Largest ratio of decompressed to compressed size of an entry over 1 MiB.
pub const MAX_RATIO: u64 = 100;
/// Rows read per sheet (a cell further down is an error).
pub const MAX_ROWS: u32 = 100_000;
/// Columns read per sheet (a cell further right is an error).
pub const MAX_COLUMNS: u32 = 100;
/// Non-empty cells read in the whole file.
pub const MAX_CELLS: usize = 1_000_000;
/// Characters in one cell.
pub const MAX_CELL_CHARS: usize = 10_000;

const MIB: u64 = 1024 * 1024;

/// A cell value, whatever the file format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(f64),
    Date(Option<Date>),
    Bool(bool),
    /// A cell that cannot be imported: what is wrong with it, and what to do.
    Error(String, &'static str),
}

/// One sheet (or a CSV file): its non-empty cells by (row, column).
#[derive(Debug, Default)]
pub(crate) struct Grid {
    pub(crate) name: Option<String>,
    pub(crate) index: usize,
    pub(crate) cells: BTreeMap<(u32, u16), Cell>,
}

impl Grid {
    pub(crate) fn get(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    pub(crate) fn text(&self, row: u32, col: u16) -> Option<String> {
        self.get(row, col).map(cell_text)
    }

    pub(crate) fn problem(
        &self,
        cell: (u32, u16),
        message: impl Into<String>,
        help: Option<String>,
    ) -> Problem {
        Problem {
            sheet: self.name.clone(),
            sheet_index: self.index,
            cell: Some(cell),
            message: message.into(),
            help,
        }
    }

    pub(crate) fn max_row(&self) -> u32 {
        self.cells.keys().map(|(r, _)| *r).max().unwrap_or(0)
    }
}

/// The text of a cell as the row checks read it (line breaks as `\n`).
pub(crate) fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Date(Some(d)) => date_dmy(*d),
        Cell::Date(None) => String::new(),
        Cell::Bool(b) => b.to_string(),
        Cell::Error(e, _) => e.clone(),
    }
}

pub(super) fn file_problem(message: String, help: Option<String>) -> ImportError {
    ImportError::Rows(vec![Problem {
        sheet: None,
        sheet_index: 0,
        cell: None,
        message,
        help,
    }])
}

/// Reads the file, refusing one over [`MAX_FILE_BYTES`] without reading more than that.
pub(super) fn read_path(file: &Path) -> Result<Vec<u8>, ImportError> {
    let io_err = |e: io::Error| ImportError::Io(format!("cannot read {}: {e}", file.display()));
    // A FIFO or a device would block or never end: only a regular file is opened.
    if !std::fs::metadata(file).map_err(io_err)?.is_file() {
        return Err(ImportError::Io(format!(
            "cannot read {}: not a regular file; give the .xlsx or .csv file itself",
            file.display()
        )));
    }
    let f = std::fs::File::open(file).map_err(io_err)?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(over_file_limit());
    }
    Ok(bytes)
}

/// The problem of a file over [`MAX_FILE_BYTES`].
fn over_file_limit() -> ImportError {
    file_problem(
        format!(
            "the file is over {} MiB, the most that is read",
            MAX_FILE_BYTES / MIB
        ),
        Some("split the reports over several files".into()),
    )
}

/// The bytes of `path` when it is a regular file within [`MAX_FILE_BYTES`] holding a zip
/// archive within the unpacking limits: safe to hand to calamine (`report-template` reads an
/// existing `--out` file this way before deciding whether it may replace it).
pub(crate) fn checked_workbook_bytes(path: &Path) -> Option<Vec<u8>> {
    let bytes = read_path(path).ok()?;
    check_zip(&bytes).ok()?;
    Some(bytes)
}

/// The grids of a file, by its extension.
pub(super) fn read_bytes(file: &Path, bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(over_file_limit());
    }
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(bytes),
        "xlsx" | "xlsm" => {
            check_zip(bytes)?;
            read_workbook(bytes)
        }
        _ => Err(ImportError::Io(format!(
            "{}: unsupported file type; give an .xlsx workbook or a .csv file (save other spreadsheets as .xlsx)",
            file.display()
        ))),
    }
}

fn unreadable(e: impl std::fmt::Display) -> ImportError {
    file_problem(
        format!("cannot read the workbook: {e}"),
        Some("save it again as an Excel workbook (.xlsx)".into()),
    )
}

fn too_big(what: String) -> ImportError {
    file_problem(
        format!("the workbook is refused: {what}"),
        Some(format!(
            "a report workbook unpacks to a few MiB at most; fill in a fresh workbook from `camket report-template` (up to {} MiB unpacked are read)",
            MAX_UNPACKED_BYTES / MIB
        )),
    )
}

/// Checks the zip archive's entries: declared sizes first (no decompression), then the
/// decompressed bytes counted, so that no header can lie about them.
fn check_zip(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(unreadable)?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        declared = declared.saturating_add(size);
        if declared > MAX_UNPACKED_BYTES {
            return Err(too_big(format!(
                "its parts unpack to more than {} MiB (`{}` alone is {} MiB)",
                MAX_UNPACKED_BYTES / MIB,
                name,
                size / MIB
            )));
        }
        if size > MIB && size / packed > MAX_RATIO {
            return Err(too_big(format!(
                "part `{}` unpacks {} times over ({} MiB from {} KiB), as a zip bomb does",
                name,
                size / packed,
                size / MIB,
                packed / 1024
            )));
        }
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(unreadable)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let size = f.size();
        let n = io::copy(
            &mut (&mut f).take(MAX_UNPACKED_BYTES - total + 1),
            &mut io::sink(),
        )
        .map_err(unreadable)?;
        total += n;
        if total > MAX_UNPACKED_BYTES || n > size {
            return Err(too_big(format!(
                "part `{name}` unpacks to more than its header says ({size} bytes)"
            )));
        }
    }
    Ok(())
}

/// Refuses a cell's text over the length limit or with a control character.
fn text_cell(s: &str) -> Cell {
    let n = s.chars().count();
    if n > MAX_CELL_CHARS {
        return Cell::Error(
            format!("the cell holds {n} characters; at most {MAX_CELL_CHARS} are read"),
            "shorten the text; put a long report in a document and give its link as evidence",
        );
    }
    if let Some(c) = s
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Cell::Error(
            format!(
                "the cell holds the control character U+{:04X}",
                u32::from(c)
            ),
            "delete it (retype the text, or paste it as plain text); only tabs and line breaks are kept",
        );
    }
    Cell::Text(s.to_owned())
}

/// A problem about where a cell is (too far down or right, or too many cells).
fn position_limit(g: &Grid, row: u32, col: u32, count: usize) -> Option<Problem> {
    let cell = (row.min(u32::MAX - 1), col.min(u16::MAX as u32) as u16);
    let limit = if row >= MAX_ROWS {
        format!(
            "the sheet has data in row {}; at most {MAX_ROWS} rows are read",
            row as u64 + 1
        )
    } else if col >= MAX_COLUMNS {
        format!(
            "the sheet has data in column {}; at most {MAX_COLUMNS} columns are read",
            col as u64 + 1
        )
    } else if count >= MAX_CELLS {
        format!("the file has more than {MAX_CELLS} filled cells, the most that is read")
    } else {
        return None;
    };
    Some(g.problem(
        cell,
        limit,
        Some("delete what is not a report, or split the reports over several files".into()),
    ))
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut grids = Vec::new();
    let mut count = 0usize;
    for (index, name) in wb.sheet_names().into_iter().enumerate() {
        let mut grid = Grid {
            name: Some(name.clone()),
            index,
            cells: BTreeMap::new(),
        };
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| file_problem(format!("cannot read sheet `{name}`: {e}"), None))?;
        while let Some(rec) = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| file_problem(format!("cannot read sheet `{name}`: {e}"), None))?
        {
            let (r, c) = rec.pos;
            let cell = match rec.value {
                DataRef::Empty => match &rec.formula {
                    None => continue,
                    Some(f) => {
                        let text = match f {
                            XlsxFormulaMetadata::Normal { formula }
                            | XlsxFormulaMetadata::Shared { formula, .. } => {
                                let short: String = formula.chars().take(40).collect();
                                let more = if short.len() < formula.len() {
                                    "…"
                                } else {
                                    ""
                                };
                                format!("the formula `={short}{more}`")
                            }
                            _ => "a formula".to_owned(),
                        };
                        Cell::Error(
                            format!("the cell holds {text} without a computed value"),
                            "type the value itself instead of a formula (or open the file in a spreadsheet program and save it, so the value is computed)",
                        )
                    }
                },
                DataRef::String(s) => text_cell(&s),
                DataRef::SharedString(s) => text_cell(s),
                DataRef::Int(i) => Cell::Number(i as f64),
                DataRef::Float(f) => Cell::Number(f),
                DataRef::Bool(b) => Cell::Bool(b),
                DataRef::DateTime(dt) if dt.is_datetime() => {
                    let (y, m, d, ..) = dt.to_ymd_hms_milli();
                    Cell::Date(Date::new(y as i16, m as i8, d as i8).ok())
                }
                DataRef::DateTime(_) | DataRef::DurationIso(_) => Cell::Error(
                    "the cell holds a duration, not a date".into(),
                    "type the value itself",
                ),
                DataRef::DateTimeIso(s) => Cell::Date(s.get(..10).and_then(|d| d.parse().ok())),
                DataRef::Error(e) => Cell::Error(
                    format!("the cell holds the error value {e}"),
                    "type the value itself",
                ),
            };
            if let Some(p) = position_limit(&grid, r, c, count) {
                return Err(ImportError::Rows(vec![p]));
            }
            count += 1;
            grid.cells.insert((r, c as u16), cell);
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut grid = Grid::default();
    let mut count = 0usize;
    for (r, rec) in reader.byte_records().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        let rec =
            rec.map_err(|e| file_problem(format!("the CSV file cannot be read: {e}"), None))?;
        for (c, field) in rec.iter().enumerate() {
            let field = if r == 0 && c == 0 {
                field.strip_prefix(b"\xef\xbb\xbf").unwrap_or(field)
            } else {
                field
            };
            match std::str::from_utf8(field) {
                Ok(s) if s.trim().is_empty() => {}
                Ok(s) => {
                    let c = u32::try_from(c).unwrap_or(u32::MAX);
                    if let Some(p) = position_limit(&grid, r, c, count) {
                        return Err(ImportError::Rows(vec![p]));
                    }
                    count += 1;
                    grid.cells.insert((r, c as u16), text_cell(s));
                }
                Err(_) => {
                    return Err(ImportError::Rows(vec![grid.problem(
                        (r, c.min(u16::MAX as usize) as u16),
                        "the file is not UTF-8 text (this is the first cell that is not)",
                        Some("save the file as “CSV UTF-8”; other encodings lose Vietnamese letters".into()),
                    )]));
                }
            }
        }
    }
    Ok(vec![grid])
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// A zip archive with one deflated entry of `size` spaces.
    fn zip_of(size: usize) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        w.write_all(&vec![b' '; size]).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_entry_larger_than_its_header_says_is_refused() {
        let mut bytes = zip_of(2 * 1024 * 1024);
        // Rewrite the declared uncompressed size (local header at 0, central directory entry
        // found by its signature) to 100 bytes.
        let lie = 100u32.to_le_bytes();
        bytes[22..26].copy_from_slice(&lie);
        let cd = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[cd + 24..cd + 28].copy_from_slice(&lie);
        let Err(ImportError::Rows(p)) = check_zip(&bytes) else {
            panic!("accepted a zip entry that lies about its size");
        };
        assert!(
            // zip itself notices while unpacking; the count is the second guard.
            p[0].message.contains("declared uncompressed size")
                || p[0]
                    .message
                    .contains("unpacks to more than its header says"),
            "{}",
            p[0].message
        );
        // Told the truth, the same entry is refused for its ratio; a small one passes.
        assert!(check_zip(&zip_of(2 * 1024 * 1024)).is_err());
        assert!(check_zip(&zip_of(1024)).is_ok());
    }

    #[test]
    fn cells_too_long_or_with_control_characters_are_refused() {
        assert_eq!(text_cell("Đã\txong\r\n"), Cell::Text("Đã\txong\r\n".into()));
        assert!(matches!(text_cell("a\u{1b}[31m"), Cell::Error(m, _) if m.contains("U+001B")));
        assert!(matches!(text_cell("\u{85}"), Cell::Error(m, _) if m.contains("U+0085")));
        assert!(matches!(
            text_cell(&"x".repeat(MAX_CELL_CHARS)),
            Cell::Text(_)
        ));
        assert!(matches!(
            text_cell(&"x".repeat(MAX_CELL_CHARS + 1)),
            Cell::Error(..)
        ));
    }
}
