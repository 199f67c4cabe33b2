//! The authority's file as a grid of cells: a worksheet of an .xlsx (through calamine) or a table
//! of a .docx (its XML), with merged areas spread over every cell they cover, so the layout rules
//! read both the same way.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::docs::ooxml::{self, Refusal, broken, child_w, is_w, w_val};

/// The largest form taken: a form is a page or two of cells, not a database.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Rows and columns looked at; a form's table starts near the top.
const MAX_ROWS: usize = 400;
const MAX_COLS: usize = 60;
/// Cell records read from one sheet at the most: a form has a few thousand; a compressed sheet
/// that unpacks to millions is not read to its end.
const MAX_RECORDS: usize = 1_000_000;

/// What kind of file the form is, told from its bytes (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    Xlsx,
    Docx,
}

impl Package {
    pub fn key(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Docx => "docx",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Xlsx, Self::Docx].into_iter().find(|p| p.key() == key)
    }
}

/// One cell of the grid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The text shown (a number as written); a merged area's text in each of its cells.
    pub text: String,
    /// The top-left cell of the merged area it belongs to (itself when not merged).
    pub origin: (usize, usize),
    /// Excel computes it.
    pub formula: bool,
}

/// A rectangle of cells, addressed (row, column) from 0 in the sheet or table.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
    /// A Word table's title block: the texts of the paragraphs above it, nearest first (the
    /// first is `paragraphs_beside(table, Side::Above).nth(0)`). A sheet's title block is in its rows.
    pub above: Vec<String>,
    /// A Word table's signature block: the texts of the paragraphs below it, nearest first.
    pub below: Vec<String>,
}

impl Grid {
    fn sized(rows: usize, cols: usize) -> Self {
        Grid {
            rows: (0..rows).map(|r| (0..cols).map(|c| Cell { origin: (r, c), ..Cell::default() }).collect()).collect(),
            above: Vec::new(),
            below: Vec::new(),
        }
    }

    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    /// The text at (row, col), trimmed; "" outside the grid.
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.cell(row, col).map_or("", |c| c.text.trim())
    }

    /// Whether (row, col) is the top-left of its area (a value can be written there).
    pub fn is_origin(&self, row: usize, col: usize) -> bool {
        self.cell(row, col).is_some_and(|c| c.origin == (row, col))
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn spread(&mut self, top: usize, left: usize, bottom: usize, right: usize) {
        let Some(first) = self.cell(top, left).cloned() else { return };
        for r in top..=bottom.min(self.rows.len().saturating_sub(1)) {
            for c in left..=right.min(self.rows[r].len().saturating_sub(1)) {
                self.rows[r][c] = Cell { text: first.text.clone(), origin: (top, left), formula: first.formula };
            }
        }
    }
}

/// Tells the package from its first bytes, with a sentence for what it is not.
pub fn sniff(bytes: &[u8]) -> Result<Package, Refusal> {
    if ooxml::is_ole(bytes) {
        // An Office file saved with a password is an OLE container holding the encrypted package.
        let encrypted = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
        return Err(if bytes.windows(encrypted.len()).any(|w| w == encrypted.as_slice()) {
            "tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel hoặc Word, gỡ mật khẩu \
             (Tệp → Thông tin → Bảo vệ → Mã hóa bằng mật khẩu, để trống) rồi lưu và chọn lại."
                .into()
        } else {
            "đây là tệp Excel hoặc Word đời cũ (.xls, .doc), dù tên có thể là .xlsx. Hãy mở bằng Excel \
             hoặc Word, chọn Lưu thành → Sổ làm việc Excel (.xlsx) hoặc Tài liệu Word (.docx), rồi chọn lại tệp mới."
                .into()
        });
    }
    if !ooxml::is_package(bytes) {
        let text = std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok();
        return Err(if text && bytes.iter().take(4096).any(|b| *b == b',' || *b == b';' || *b == b'\t') {
            "đây là tệp văn bản (CSV), không phải bảng tính Excel: nó không giữ được ô gộp, định dạng \
             và công thức của mẫu. Hãy dùng đúng tệp .xlsx hoặc .docx cơ quan quản lý gửi."
                .into()
        } else {
            "tệp không phải bảng tính Excel (.xlsx) hay văn bản Word (.docx).".into()
        });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken())?;
    if zip.by_name("xl/workbook.xml").is_ok() {
        Ok(Package::Xlsx)
    } else if zip.by_name("word/document.xml").is_ok() {
        Ok(Package::Docx)
    } else {
        Err("tệp nén này không phải bảng tính Excel (.xlsx) hay văn bản Word (.docx).".into())
    }
}

/// The worksheets of a workbook, by name, in their order. The cells are read one by one and only
/// the first `MAX_ROWS` × `MAX_COLS` kept: a stray value far down a sheet (XFD1048576) must not
/// make a grid of the whole sheet.
pub fn sheets(bytes: &[u8]) -> Result<Vec<(String, Grid)>, Refusal> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| broken())?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let Ok(mut cells) = book.worksheet_cells_reader(&name) else { continue };
        let mut kept: Vec<((usize, usize), String, bool)> = Vec::new();
        let mut records = 0;
        while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(|_| broken())? {
            records += 1;
            if records > MAX_RECORDS {
                break;
            }
            let (row, col) = (cell.pos.0 as usize, cell.pos.1 as usize);
            if row >= MAX_ROWS || col >= MAX_COLS {
                continue;
            }
            let text = match Data::from(cell.value) {
                Data::Empty => String::new(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
                d => d.to_string(),
            };
            kept.push(((row, col), text, cell.formula.is_some()));
        }
        let rows = kept.iter().map(|((r, _), _, _)| r + 1).max().unwrap_or(0);
        let cols = kept.iter().map(|((_, c), _, _)| c + 1).max().unwrap_or(0);
        let mut grid = Grid::sized(rows, cols);
        for ((r, c), text, formula) in kept {
            grid.rows[r][c].text = text;
            grid.rows[r][c].formula = formula;
        }
        for m in merged {
            grid.spread(m.start.0 as usize, m.start.1 as usize, m.end.0 as usize, m.end.1 as usize);
        }
        out.push((name, grid));
    }
    Ok(out)
}

/// The tables of a Word document (outermost ones, in order), as grids.
pub fn tables(document_xml: &str) -> Result<Vec<Grid>, Refusal> {
    let doc = roxmltree::Document::parse(document_xml).map_err(|_| broken())?;
    Ok(top_tables(&doc).map(|t| table_grid(t)).collect())
}

/// Tables not nested in another table, in document order.
pub fn top_tables<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(|n| is_w(*n, "tbl") && !n.ancestors().skip(1).any(|a| is_w(a, "tbl")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Above,
    Below,
}

/// The paragraphs right above or below a table, nearest first: its title or signature block,
/// written as lines or laid out in a borderless table of its own (at most `MAX_BESIDE` lines).
pub fn paragraphs_beside<'a, 'i>(tbl: roxmltree::Node<'a, 'i>, side: Side) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    let siblings = match side {
        Side::Above => tbl.prev_siblings(),
        Side::Below => tbl.next_siblings(),
    };
    siblings
        .skip(1)
        .flat_map(move |n| {
            let mut lines: Vec<_> = if is_w(n, "p") { vec![n] } else { n.descendants().filter(|p| is_w(*p, "p")).collect() };
            if side == Side::Above {
                lines.reverse();
            }
            lines
        })
        .take(MAX_BESIDE)
}

const MAX_BESIDE: usize = 12;

/// The text of a paragraph (its runs' texts).
fn paragraph_text(p: roxmltree::Node) -> String {
    p.descendants().filter(|t| is_w(*t, "t")).filter_map(|t| t.text()).collect()
}

/// A table's rows, in order, also those wrapped in a content control (`w:sdt`) or custom XML.
pub fn rows<'a, 'i>(tbl: roxmltree::Node<'a, 'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    unwrapped(tbl, "tr")
}

/// The `w:<name>` children of `node`, looking through the wrappers Word puts around rows and
/// cells: content controls (`w:sdt` → `w:sdtContent`) and custom XML.
fn unwrapped<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    let mut out = Vec::new();
    for c in node.children() {
        if is_w(c, name) {
            out.push(c);
        } else if is_w(c, "sdt") {
            out.extend(child_w(c, "sdtContent").map(|content| unwrapped(content, name)).unwrap_or_default());
        } else if is_w(c, "customXml") {
            out.extend(unwrapped(c, name));
        }
    }
    out
}

/// A table row's cells with the grid column each starts at and how many it spans.
pub fn row_cells<'a, 'i>(tr: roxmltree::Node<'a, 'i>) -> Vec<(usize, usize, roxmltree::Node<'a, 'i>)> {
    let before =
        child_w(tr, "trPr").and_then(|p| child_w(p, "gridBefore")).and_then(w_val).and_then(|v| v.parse().ok()).unwrap_or(0usize);
    let mut col = before;
    let mut out = Vec::new();
    for tc in unwrapped(tr, "tc") {
        let span = child_w(tc, "tcPr")
            .and_then(|p| child_w(p, "gridSpan"))
            .and_then(w_val)
            .and_then(|v| v.parse().ok())
            .unwrap_or(1usize)
            .clamp(1, MAX_COLS);
        out.push((col, span, tc));
        col += span;
    }
    out
}

fn table_grid(tbl: roxmltree::Node) -> Grid {
    let trs: Vec<_> = rows(tbl).into_iter().take(MAX_ROWS).collect();
    let width = trs.iter().map(|tr| row_cells(*tr).last().map_or(0, |(c, s, _)| c + s)).max().unwrap_or(0).min(MAX_COLS);
    let mut grid = Grid::sized(trs.len(), width);
    for (r, tr) in trs.iter().enumerate() {
        for (col, span, tc) in row_cells(*tr) {
            if col >= width {
                continue;
            }
            let continued =
                child_w(tc, "tcPr").and_then(|p| child_w(p, "vMerge")).is_some_and(|m| w_val(m).is_none_or(|v| v == "continue"));
            let cell = if continued && r > 0 {
                grid.rows[r - 1][col].clone()
            } else {
                let paragraphs: Vec<String> =
                    tc.children().filter(|p| is_w(*p, "p")).map(paragraph_text).filter(|t| !t.trim().is_empty()).collect();
                Cell { text: paragraphs.join(" "), origin: (r, col), formula: false }
            };
            for c in col..(col + span).min(width) {
                grid.rows[r][c] = cell.clone();
            }
        }
    }
    grid.above = paragraphs_beside(tbl, Side::Above).map(paragraph_text).collect();
    grid.below = paragraphs_beside(tbl, Side::Below).map(paragraph_text).collect();
    grid
}

/// "D7" for (6, 3).
pub fn a1(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 3), "D7");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn rows_and_cells_in_content_controls_are_read() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>
            <w:tr><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Số lượng</w:t></w:r></w:p></w:tc></w:tr>
            <w:sdt><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>Số buổi</w:t></w:r></w:p></w:tc>
              <w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt>
            </w:tbl></w:body></w:document>"#;
        let grid = tables(xml).unwrap().remove(0);
        assert_eq!(grid.rows.len(), 2);
        assert_eq!((grid.text(1, 0), grid.text(1, 1)), ("Số buổi", "3"));
    }

    #[test]
    fn what_is_not_a_form_is_said() {
        assert!(sniff(b"STT,Noi dung,So luong\n1,Hoat dong,3\n").unwrap_err().contains("CSV"));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(vec![0; 600]);
        assert!(sniff(&ole).unwrap_err().contains(".xls"));
        ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(sniff(&ole).unwrap_err().contains("mật khẩu"));
        assert!(sniff(b"PK\x03\x04broken").unwrap_err().contains("hỏng"));
    }
}
