//! Writing the values into the authority's own file. The package is copied entry by entry as it
//! is (compressed bytes untouched); only the worksheet or document part that holds the value
//! cells is rewritten, and in it only those cells: each edit replaces the byte range of one cell
//! (or inserts one where the sheet had none), every other byte of the part stays as it was.
//! A workbook with formulas is told to compute them again when opened (`fullCalcOnLoad`).

use std::collections::BTreeMap;
use std::io::{Cursor, Write as _};

use roxmltree::{Document, Node};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::grid::{self, Package, Side, a1};
use crate::docs::ooxml;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A value for one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(i64),
    Text(String),
}

/// Why the values could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The cell (A1 name, or row and column of the table) holds a formula.
    Formula(String),
    /// The package is not as it was read.
    Broken(String),
}

type Edits = Vec<(std::ops::Range<usize>, String)>;

/// A line of a Word table's title or signature block, the paragraph `index` on that `side` of
/// the table (0: the nearest, as `grid::paragraphs_beside`), rewritten as «label: text» (the
/// school's name after the line's words) or as `text` (the date line).
pub struct Line {
    pub side: Side,
    pub index: usize,
    pub label: Option<String>,
    pub text: String,
}

/// The file with `values` written at their (row, column) of sheet `place` (xlsx) or of the
/// table numbered `place` (docx), and the `lines` beside a Word table.
pub fn fill(
    bytes: &[u8],
    package: Package,
    place: &str,
    values: &[((usize, usize), Value)],
    lines: &[Line],
) -> Result<Vec<u8>, Problem> {
    let broken = |why: &str| Problem::Broken(why.to_owned());
    let mut changed = BTreeMap::new();
    match package {
        Package::Xlsx => {
            let workbook = ooxml::part(bytes, "xl/workbook.xml").map_err(|e| broken(&e))?;
            let rels = ooxml::part(bytes, "xl/_rels/workbook.xml.rels").map_err(|e| broken(&e))?;
            let sheet_path = sheet_part(&workbook, &rels, place).ok_or_else(|| broken("không thấy trang tính của mẫu"))?;
            if !lines.is_empty() {
                return Err(broken("trang tính không có dòng văn bản phía trên bảng"));
            }
            let sheet = ooxml::part(bytes, &sheet_path).map_err(|e| broken(&e))?;
            let (filled, has_formulas) = fill_sheet(&sheet, values)?;
            changed.insert(sheet_path, filled);
            if has_formulas {
                changed.insert("xl/workbook.xml".to_owned(), calc_on_load(&workbook).map_err(|e| broken(&e))?);
            }
        }
        Package::Docx => {
            let document = ooxml::part(bytes, "word/document.xml").map_err(|e| broken(&e))?;
            let table: usize = place.parse().map_err(|_| broken("không thấy bảng của mẫu"))?;
            changed.insert("word/document.xml".to_owned(), fill_table(&document, table, values, lines)?);
        }
    }
    repack(bytes, &changed).map_err(|e| broken(&e))
}

/// Every entry copied as stored, except the `changed` parts.
fn repack(bytes: &[u8], changed: &BTreeMap<String, String>) -> Result<Vec<u8>, String> {
    let fail = |e: zip::result::ZipError| e.to_string();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(fail)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(fail)?;
        match changed.get(entry.name()) {
            Some(text) => {
                let name = entry.name().to_owned();
                drop(entry);
                out.start_file(name, SimpleFileOptions::default().compression_method(CompressionMethod::Deflated))
                    .map_err(fail)?;
                out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
            }
            None => out.raw_copy_file(entry).map_err(fail)?,
        }
    }
    Ok(out.finish().map_err(fail)?.into_inner())
}

/// The part of the sheet named `name`: workbook.xml names it, its relationships say where it is.
fn sheet_part(workbook: &str, rels: &str, name: &str) -> Option<String> {
    let book = Document::parse(workbook).ok()?;
    let id = book
        .descendants()
        .find(|n| n.tag_name().name() == "sheet" && n.attribute("name") == Some(name))?
        .attribute((REL, "id"))?;
    let rels = Document::parse(rels).ok()?;
    let target = rels
        .descendants()
        .find(|n| n.tag_name().name() == "Relationship" && n.attribute("Id") == Some(id))?
        .attribute("Target")?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    })
}

fn apply(text: &str, mut edits: Edits) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The element's name as written ("c", "x:c") and its prefix with the colon ("", "x:").
fn qname<'a>(xml: &'a str, node: Node) -> (&'a str, &'a str) {
    let start = node.range().start + 1;
    let end = xml[start..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').map_or(start, |i| start + i);
    let name = &xml[start..end];
    (name, name.rfind(':').map_or("", |i| &name[..=i]))
}

/// The opening tag without its closing `>` or `/>`, and whether the element was self-closing.
fn opening<'a>(xml: &'a str, node: Node) -> (&'a str, bool) {
    let after = node.attributes().map(|a| a.range().end).max().unwrap_or(node.range().start + 1 + qname(xml, node).0.len());
    let gt = xml[after..].find('>').map_or(after, |i| after + i);
    let self_closing = xml[..gt].ends_with('/');
    (&xml[node.range().start..if self_closing { gt - 1 } else { gt }], self_closing)
}

/// "D7" → (6, 3).
fn position(r: &str) -> Option<(usize, usize)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let col = letters.bytes().try_fold(0usize, |n, b| b.is_ascii_uppercase().then(|| n * 26 + usize::from(b - b'A') + 1))?;
    Some((digits.parse::<usize>().ok()?.checked_sub(1)?, col.checked_sub(1)?))
}

fn cell_xml(p: &str, open: &str, value: &Value) -> String {
    match value {
        Value::Number(n) => format!("{open}><{p}v>{n}</{p}v></{p}c>"),
        Value::Text(t) => {
            format!("{open} t=\"inlineStr\"><{p}is><{p}t xml:space=\"preserve\">{}</{p}t></{p}is></{p}c>", escape(t))
        }
    }
}

/// The sheet with the values in their cells, and whether it has formulas.
fn fill_sheet(xml: &str, values: &[((usize, usize), Value)]) -> Result<(String, bool), Problem> {
    let doc = Document::parse(xml).map_err(|e| Problem::Broken(e.to_string()))?;
    let has_formulas = doc.descendants().any(|n| n.tag_name().name() == "f");
    let data = doc
        .descendants()
        .find(|n| n.tag_name().name() == "sheetData")
        .ok_or_else(|| Problem::Broken("trang tính không có vùng dữ liệu".into()))?;
    let (_, p) = qname(xml, data);
    let mut by_row: BTreeMap<usize, Vec<(usize, &Value)>> = BTreeMap::new();
    for ((r, c), v) in values {
        by_row.entry(*r).or_default().push((*c, v));
    }
    let rows: Vec<(usize, Node)> = {
        let mut next = 0;
        data.children()
            .filter(|n| n.tag_name().name() == "row")
            .map(|n| {
                let r = n.attribute("r").and_then(|r| r.parse::<usize>().ok()).map_or(next, |r| r - 1);
                next = r + 1;
                (r, n)
            })
            .collect()
    };
    let mut edits: Edits = Vec::new();
    for (r, mut cells) in by_row {
        cells.sort_by_key(|(c, _)| *c);
        let new_cell = |c: usize, v: &Value| cell_xml(p, &format!("<{p}c r=\"{}\"", a1(r, c)), v);
        match rows.iter().find(|(n, _)| *n == r) {
            Some((_, row)) => {
                let (open, self_closing) = opening(xml, *row);
                if self_closing {
                    let inner: String = cells.iter().map(|(c, v)| new_cell(*c, v)).collect();
                    edits.push((row.range(), format!("{open}>{inner}</{p}row>")));
                    continue;
                }
                // A cell's reference is optional: without one it follows the cell before it.
                let existing: Vec<(usize, Node)> = {
                    let mut next = 0;
                    row.children()
                        .filter(|n| n.tag_name().name() == "c")
                        .map(|n| {
                            let c = n.attribute("r").and_then(position).map_or(next, |(_, c)| c);
                            next = c + 1;
                            (c, n)
                        })
                        .collect()
                };
                for (c, v) in cells {
                    match existing.iter().find(|(col, _)| *col == c) {
                        Some((_, cell)) => {
                            if cell.children().any(|n| n.tag_name().name() == "f") {
                                return Err(Problem::Formula(a1(r, c)));
                            }
                            let (open, _) = opening(xml, *cell);
                            let open = match cell.attributes().find(|a| a.name() == "t") {
                                Some(t) => {
                                    let start = xml[..t.range().start].trim_end().len();
                                    format!(
                                        "{}{}",
                                        &xml[cell.range().start..start],
                                        &xml[t.range().end..cell.range().start + open.len()]
                                    )
                                }
                                None => open.to_owned(),
                            };
                            edits.push((cell.range(), cell_xml(p, &open, v)));
                        }
                        None => {
                            let at = existing
                                .iter()
                                .find(|(col, _)| *col > c)
                                .map_or_else(|| closing_start(xml, *row), |(_, n)| n.range().start);
                            edits.push((at..at, new_cell(c, v)));
                        }
                    }
                }
            }
            None => {
                let inner: String = cells.iter().map(|(c, v)| new_cell(*c, v)).collect();
                let text = format!("<{p}row r=\"{}\">{inner}</{p}row>", r + 1);
                match rows.iter().find(|(n, _)| *n > r) {
                    Some((_, next)) => edits.push((next.range().start..next.range().start, text)),
                    None => {
                        let (open, self_closing) = opening(xml, data);
                        if self_closing {
                            edits.push((data.range(), format!("{open}>{text}</{p}sheetData>")));
                        } else {
                            let at = closing_start(xml, data);
                            edits.push((at..at, text));
                        }
                    }
                }
            }
        }
    }
    Ok((apply(xml, edits), has_formulas))
}

/// Where the element's closing tag starts.
fn closing_start(xml: &str, node: Node) -> usize {
    let end = node.range().end;
    xml[..end].rfind("</").unwrap_or(end)
}

/// workbook.xml with `fullCalcOnLoad="1"` on its calculation properties.
fn calc_on_load(xml: &str) -> Result<String, String> {
    let doc = Document::parse(xml).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let (_, p) = qname(xml, root);
    if let Some(calc) = root.children().find(|n| n.tag_name().name() == "calcPr") {
        if let Some(a) = calc.attributes().find(|a| a.name() == "fullCalcOnLoad") {
            return Ok(apply(xml, vec![(a.range(), "fullCalcOnLoad=\"1\"".into())]));
        }
        let at = calc.range().start + 1 + qname(xml, calc).0.len();
        return Ok(apply(xml, vec![(at..at, " fullCalcOnLoad=\"1\"".into())]));
    }
    // calcPr follows the sheets, function groups, external references and defined names.
    let before = ["sheets", "functionGroups", "externalReferences", "definedNames"];
    let after =
        root.children().rfind(|n| before.contains(&n.tag_name().name())).ok_or("sổ làm việc không có danh sách trang tính")?;
    let at = after.range().end;
    Ok(apply(xml, vec![(at..at, format!("<{p}calcPr fullCalcOnLoad=\"1\"/>"))]))
}

/// document.xml with the values written in the first paragraph of their cells of table `table`,
/// in the paragraph's own alignment and the font of the cell (or of its row), and the `lines`
/// beside the table: a label in the font of its words, the text in the font of the dots it
/// replaces.
fn fill_table(xml: &str, table: usize, values: &[((usize, usize), Value)], lines: &[Line]) -> Result<String, Problem> {
    let broken = |why: &str| Problem::Broken(why.to_owned());
    let doc = Document::parse(xml).map_err(|e| broken(&e.to_string()))?;
    let tbl = grid::top_tables(&doc).nth(table).ok_or_else(|| broken("không thấy bảng của mẫu"))?;
    let trs = grid::rows(tbl);
    let mut edits: Edits = Vec::new();
    for ((r, c), value) in values {
        let where_ = || Problem::Broken(format!("bảng không có ô ở dòng {}, cột {}", r + 1, c + 1));
        let tr = trs.get(*r).ok_or_else(where_)?;
        let (_, _, tc) =
            grid::row_cells(*tr).into_iter().find(|(col, span, _)| (*col..col + span).contains(c)).ok_or_else(where_)?;
        let p_node = tc.children().find(|n| ooxml::is_w(*n, "p")).ok_or_else(where_)?;
        let ppr = ooxml::child_w(p_node, "pPr");
        // The run looks like the cell's own (an empty run left in it), else its paragraph mark,
        // else the text beside it in the row.
        let rpr = p_node
            .children()
            .find(|n| ooxml::is_w(*n, "r"))
            .and_then(|r| ooxml::child_w(r, "rPr"))
            .or_else(|| ppr.and_then(|n| ooxml::child_w(n, "rPr")).filter(|n| n.has_children()))
            .or_else(|| tr.descendants().find(|n| is_text_run(*n)).and_then(|r| ooxml::child_w(r, "rPr")));
        let text = match value {
            Value::Number(n) => crate::money::figures(n.unsigned_abs()),
            Value::Text(t) => t.clone(),
        };
        edits.push((p_node.range(), paragraph(xml, p_node, &[(rpr, &text)])));
    }
    for line in lines {
        let p_node = grid::paragraphs_beside(tbl, line.side)
            .nth(line.index)
            .ok_or_else(|| broken("không thấy dòng cần điền bên cạnh bảng"))?;
        let runs: Vec<Node> = p_node.descendants().filter(|n| is_text_run(*n)).collect();
        let text = match &line.label {
            Some(label) => {
                let words = runs.iter().find(|r| r.descendants().any(|t| t.text().is_some_and(|t| t.contains(':'))));
                paragraph(xml, p_node, &[(rpr(words.or(runs.first())), &format!("{label}: ")), (rpr(runs.last()), &line.text)])
            }
            None => paragraph(xml, p_node, &[(rpr(runs.first()), &line.text)]),
        };
        edits.push((p_node.range(), text));
    }
    Ok(apply(xml, edits))
}

/// A run's properties, if any.
fn rpr<'a, 'i>(run: Option<&Node<'a, 'i>>) -> Option<Node<'a, 'i>> {
    run.and_then(|r| ooxml::child_w(*r, "rPr"))
}

fn is_text_run(n: Node) -> bool {
    ooxml::is_w(n, "r") && n.children().any(|t| ooxml::is_w(t, "t"))
}

/// The paragraph `p` with its own properties and these runs (each with its run properties).
fn paragraph(xml: &str, p: Node, runs: &[(Option<Node>, &str)]) -> String {
    let (_, w) = qname(xml, p);
    let (open, _) = opening(xml, p);
    let ppr = ooxml::child_w(p, "pPr").map_or("", |n| &xml[n.range()]);
    let runs: String = runs
        .iter()
        .map(|(rpr, text)| {
            let rpr = rpr.map_or("", |n| &xml[n.range()]);
            format!("<{w}r>{rpr}<{w}t xml:space=\"preserve\">{}</{w}t></{w}r>", escape(text))
        })
        .collect();
    format!("{open}>{ppr}{runs}</{w}p>")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &str = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="2" spans="1:4"><c r="A2" s="1" t="s"><v>0</v></c><c r="D2" s="3"/></row><row r="4"/><row r="6"><c r="D6"><f>SUM(D2:D5)</f><v>0</v></c></row></sheetData></worksheet>"#;

    #[test]
    fn only_the_value_cells_change() {
        let values = vec![
            ((1, 3), Value::Number(12)),
            ((1, 2), Value::Number(5)),
            ((3, 1), Value::Text("Trường <A> & B".into())),
            ((4, 0), Value::Number(7)),
        ];
        let (out, formulas) = fill_sheet(SHEET, &values).unwrap();
        assert!(formulas);
        assert!(
            out.contains(r#"<c r="A2" s="1" t="s"><v>0</v></c><c r="C2"><v>5</v></c><c r="D2" s="3"><v>12</v></c></row>"#),
            "{out}"
        );
        assert!(out.contains(r#"<row r="4"><c r="B4" t="inlineStr"><is><t xml:space="preserve">Trường &lt;A&gt; &amp; B</t></is></c></row><row r="5"><c r="A5"><v>7</v></c></row><row r="6">"#), "{out}");
        assert!(Document::parse(&out).is_ok());
    }

    #[test]
    fn cells_without_a_reference_are_placed_by_their_order() {
        let sheet = r#"<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c s="2"/></row><row><c><f>SUM(C1)</f></c></row></sheetData></worksheet>"#;
        let (out, _) = fill_sheet(sheet, &[((0, 2), Value::Number(9)), ((0, 4), Value::Number(1))]).unwrap();
        assert!(out.contains(r#"<c t="s"><v>1</v></c><c s="2"><v>9</v></c><c r="E1"><v>1</v></c></row>"#), "{out}");
        assert_eq!(fill_sheet(sheet, &[((1, 0), Value::Number(1))]).unwrap_err(), Problem::Formula("A2".into()));
    }

    #[test]
    fn a_formula_is_never_overwritten() {
        assert_eq!(fill_sheet(SHEET, &[((5, 3), Value::Number(1))]).unwrap_err(), Problem::Formula("D6".into()));
    }

    #[test]
    fn a_text_cell_becomes_a_number() {
        let (out, _) = fill_sheet(SHEET, &[((1, 0), Value::Number(3))]).unwrap();
        assert!(out.contains(r#"<c r="A2" s="1"><v>3</v></c>"#), "{out}");
    }

    #[test]
    fn a_row_in_a_content_control_is_filled() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:sdt><w:sdtContent><w:tr><w:tc><w:p><w:r><w:t>Số buổi</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl></w:body></w:document>"#;
        let out = fill_table(xml, 0, &[((1, 1), Value::Number(1200))], &[]).unwrap();
        assert!(
            out.contains(r#"<w:tc><w:p><w:r><w:t xml:space="preserve">1.200</w:t></w:r></w:p></w:tc></w:tr></w:sdtContent>"#),
            "{out}"
        );
    }

    #[test]
    fn calculation_on_opening() {
        let book = r#"<workbook xmlns="m"><sheets><sheet name="A"/></sheets><definedNames/><extLst/></workbook>"#;
        assert_eq!(
            calc_on_load(book).unwrap(),
            r#"<workbook xmlns="m"><sheets><sheet name="A"/></sheets><definedNames/><calcPr fullCalcOnLoad="1"/><extLst/></workbook>"#
        );
        let book = r#"<workbook><sheets/><calcPr calcId="191029"/></workbook>"#;
        assert_eq!(calc_on_load(book).unwrap(), r#"<workbook><sheets/><calcPr fullCalcOnLoad="1" calcId="191029"/></workbook>"#);
    }
}
