//! Writes a `Document` as .docx following Nghị định 30/2020 Phụ lục I: A4 portrait, margins
//! 20/20/30/15 mm, Times New Roman in every font slot (ASCII, high ANSI, East Asian, complex
//! script), header table without borders, page numbers centred at the top from page 2.

use std::io::{Read, Write};

use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Header, InstrPAGE, InstrText, LineSpacing, PageMargin, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts, SpecialIndentType, Table, TableAlignmentType,
    TableBorders, TableCell, TableLayoutType, TableRow, WidthType,
};

use super::{Block, DocHeader, Document, PhotoRef, Span};
use crate::text::clean_piece;
use crate::{Error, Result};

const FONT: &str = "Times New Roman";
/// A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 20 mm top and bottom, 30 mm left, 15 mm right; the header sits 10 mm from the top edge.
const MARGIN_TOP: i32 = 1134;
const MARGIN_BOTTOM: i32 = 1134;
const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 851;
const HEADER_DISTANCE: i32 = 567;
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// The header table reaches a little into both margins so that the national motto fits on
/// one line at 13 pt, as in common practice; columns about 40/60.
const HEADER_INDENT: i32 = -500;
const HEADER_LEFT_W: usize = 4400;
const HEADER_RIGHT_W: usize = 5900;
/// First-line indent of body paragraphs: 1.27 cm.
const FIRST_LINE: i32 = 720;

/// Font sizes in half-points.
const PT11: usize = 22;
const PT12: usize = 24;
const PT13: usize = 26;
const PT14: usize = 28;

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

/// Every text run goes through here; cleaning again is cheap and keeps the XML valid even if a
/// caller forgot to clean its text. A run keeps its spaces (runs are pieces of a line).
fn run(text: &str, size: usize) -> Run {
    Run::new().add_text(clean_piece(text)).size(size).fonts(fonts())
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

fn centered(text: &str, size: usize) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(0, 0)).add_run(run(text, size))
}

fn centered_bold(text: &str, size: usize) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(0, 0)).add_run(run(text, size).bold())
}

/// A solid horizontal line drawn as the bottom border of an empty, tiny paragraph, shortened by
/// equal left and right indents: used under the issuer and under the summary line.
fn short_line(width: usize, line_len: usize, after: u32) -> Paragraph {
    let side = ((width.saturating_sub(line_len)) / 2) as i32;
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .size(2)
        .line_spacing(spacing(0, after).line(100).line_rule(docx_rs::LineSpacingType::Exact))
        .add_run(Run::new().size(2));
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(6).space(0).color("000000");
    p.property = p.property.set_borders(ParagraphBorders::with_empty().set(border));
    p
}

fn borderless(table: Table) -> Table {
    table.set_borders(TableBorders::with_empty()).layout(TableLayoutType::Fixed)
}

fn header_table(h: &DocHeader) -> Table {
    let left = TableCell::new()
        .width(HEADER_LEFT_W, WidthType::Dxa)
        .add_paragraph(centered(&h.authority_line, PT13))
        .add_paragraph(centered_bold(&h.issuer, PT13))
        .add_paragraph(short_line(HEADER_LEFT_W - 216, (HEADER_LEFT_W - 216) / 3, 0))
        .add_paragraph(centered(&h.number_line, PT13).line_spacing(spacing(120, 0)));
    // The motto is underlined over its whole length: the line is exactly as long as the text.
    let motto = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(spacing(0, 0))
        .add_run(run(&h.motto, PT14).bold().underline("single"));
    let right = TableCell::new()
        .width(HEADER_RIGHT_W, WidthType::Dxa)
        .add_paragraph(centered_bold(&h.nation, PT13))
        .add_paragraph(motto)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(spacing(240, 0))
                .add_run(run(&h.place_date, PT14).italic()),
        );
    borderless(Table::new(vec![TableRow::new(vec![left, right])]))
        .set_grid(vec![HEADER_LEFT_W, HEADER_RIGHT_W])
        .width(HEADER_LEFT_W + HEADER_RIGHT_W, WidthType::Dxa)
        .indent(HEADER_INDENT)
}

fn body_paragraph(spans: &[Span]) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(spacing(120, 0).line(288).line_rule(docx_rs::LineSpacingType::Auto));
    for s in spans {
        let mut r = run(&s.text, PT14);
        if s.bold {
            r = r.bold();
        }
        if s.italic {
            r = r.italic();
        }
        p = p.add_run(r);
    }
    p
}

fn heading(level: u8, text: &str) -> Paragraph {
    let r = run(text, PT14);
    let r = if level >= 3 { r.italic() } else { r.bold() };
    Paragraph::new()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(spacing(120, 0).line(288).line_rule(docx_rs::LineSpacingType::Auto))
        .keep_next(true)
        .add_run(r)
}

fn data_table(columns: &[super::Column], rows: &[Vec<String>]) -> Table {
    let total: usize = columns.iter().map(|c| c.weight.max(1) as usize).sum::<usize>().max(1);
    let widths: Vec<usize> = columns.iter().map(|c| TEXT_W * c.weight.max(1) as usize / total).collect();
    let cell = |text: &str, width: usize, bold: bool| {
        let mut cell = TableCell::new().width(width, WidthType::Dxa);
        for line in text.split('\n') {
            let r = run(line, PT13);
            let p = Paragraph::new().line_spacing(spacing(40, 40)).add_run(if bold { r.bold() } else { r });
            cell = cell.add_paragraph(if bold { p.align(AlignmentType::Center) } else { p });
        }
        cell
    };
    let mut table_rows = vec![TableRow::new(columns.iter().zip(&widths).map(|(c, w)| cell(&c.title, *w, true)).collect())];
    for row in rows {
        table_rows
            .push(TableRow::new(widths.iter().enumerate().map(|(i, w)| cell(row.get(i).map_or("", |s| s), *w, false)).collect()));
    }
    Table::new(table_rows)
        .set_grid(widths)
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
}

fn closing_table(doc: &Document) -> Table {
    let mut left = TableCell::new()
        .width(HEADER_LEFT_W, WidthType::Dxa)
        .add_paragraph(Paragraph::new().line_spacing(spacing(240, 0)).add_run(run(&doc.recipients.label, PT12).bold().italic()));
    for item in &doc.recipients.lines {
        left = left.add_paragraph(Paragraph::new().line_spacing(spacing(0, 0)).add_run(run(item, PT11)));
    }
    let mut right = TableCell::new().width(HEADER_RIGHT_W, WidthType::Dxa);
    for (i, line) in doc.signature.title_lines.iter().enumerate() {
        let p = centered_bold(line, PT14);
        right = right.add_paragraph(if i == 0 { p.line_spacing(spacing(240, 0)) } else { p });
    }
    // Room for the signature and the seal.
    for _ in 0..4 {
        right = right.add_paragraph(centered("", PT14));
    }
    right = right.add_paragraph(centered_bold(&doc.signature.name, PT14));
    borderless(Table::new(vec![TableRow::new(vec![left, right]).cant_split()]))
        .set_grid(vec![HEADER_LEFT_W, HEADER_RIGHT_W])
        .width(HEADER_LEFT_W + HEADER_RIGHT_W, WidthType::Dxa)
        .indent(HEADER_INDENT)
}

fn page_number_header() -> Header {
    let number = Run::new()
        .size(PT14)
        .fonts(fonts())
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("2")
        .add_field_char(FieldCharType::End, false);
    Header::new().add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(number))
}

/// EMU per twip (1 twip = 635 EMU).
const EMU_PER_TWIP: u64 = 635;

/// Marks the media part of photo number N: docx-rs packs (and deflates) what it is given, so it
/// gets this marker and the JPEG bytes go in, uncompressed, when the package is rewritten.
fn placeholder(n: usize) -> Vec<u8> {
    format!("{PLACEHOLDER}{n}").into_bytes()
}
const PLACEHOLDER: &str = "tuanle-photo:";

fn photo_table(photos: &[PhotoRef], photo_bytes: &dyn Fn(i64) -> Result<Vec<u8>>, jpegs: &mut Vec<Vec<u8>>) -> Result<Table> {
    let cell_w = TEXT_W / 2;
    let max_w_emu = (cell_w as u64 - 300) * EMU_PER_TWIP;
    let max_h_emu = 5 * 360_000u64; // 5 cm: two rows of photos fit on a page
    let mut rows = Vec::new();
    for pair in photos.chunks(2) {
        let mut cells = Vec::new();
        for p in pair {
            let bytes = photo_bytes(p.id)?;
            let (w, h) = image::ImageReader::new(std::io::Cursor::new(&bytes))
                .with_guessed_format()
                .ok()
                .and_then(|r| r.into_dimensions().ok())
                .ok_or_else(|| Error::DocumentWrite(format!("ảnh số {} không đọc được", p.id)))?;
            if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
                return Err(Error::DocumentWrite(format!("ảnh số {} không phải JPEG", p.id)));
            }
            let scale = (max_w_emu as f64 / w as f64).min(max_h_emu as f64 / h as f64);
            let pic = Pic::new_with_dimensions(placeholder(jpegs.len()), w, h)
                .size((w as f64 * scale) as u32, (h as f64 * scale) as u32);
            jpegs.push(bytes);
            cells.push(
                TableCell::new()
                    .width(cell_w, WidthType::Dxa)
                    .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(Run::new().add_image(pic)))
                    .add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .line_spacing(spacing(0, 160))
                            .add_run(run(&p.caption, PT12).italic()),
                    ),
            );
        }
        if cells.len() == 1 {
            cells.push(TableCell::new().width(cell_w, WidthType::Dxa).add_paragraph(Paragraph::new()));
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    Ok(borderless(Table::new(rows)).set_grid(vec![cell_w, cell_w]).width(TEXT_W, WidthType::Dxa))
}

/// docx-rs names every picture `media/<id>.png`; the photos are JPEG (as PNG they would be several
/// times larger). The package is rewritten once: each placeholder part gets its JPEG bytes, stored
/// without compression (JPEG does not deflate), under a `.jpeg` name declared in
/// `[Content_Types].xml`, and the relationships follow the new names.
fn put_jpegs(packed: Vec<u8>, jpegs: Vec<Vec<u8>>) -> Result<Vec<u8>> {
    if jpegs.is_empty() {
        return Ok(packed);
    }
    let fail = |e: String| Error::DocumentWrite(e);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(packed)).map_err(|e| fail(e.to_string()))?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| fail(e.to_string()))?;
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| fail(e.to_string()))?;
        parts.push((f.name().to_owned(), data));
    }
    let mut jpegs: Vec<Option<Vec<u8>>> = jpegs.into_iter().map(Some).collect();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in &mut parts {
        let n = std::str::from_utf8(data).ok().and_then(|t| t.strip_prefix(PLACEHOLDER)).and_then(|t| t.parse::<usize>().ok());
        if let Some(n) = n
            && name.starts_with("word/media/")
        {
            let jpeg = jpegs.get_mut(n).and_then(Option::take).ok_or_else(|| fail(format!("ảnh {n} bị lặp")))?;
            let old = name.trim_start_matches("word/").to_owned();
            let new = old.replace(".png", ".jpeg");
            *name = format!("word/{new}");
            *data = jpeg;
            renamed.push((old, new));
        }
    }
    if jpegs.iter().any(Option::is_some) {
        return Err(fail("docx-rs không ghi đủ ảnh".into()));
    }
    for (name, data) in parts {
        let mut data = data;
        if name.ends_with(".rels") {
            let mut text = String::from_utf8(data).map_err(|e| fail(e.to_string()))?;
            for (old, new) in &renamed {
                text = text.replace(&format!("\"{old}\""), &format!("\"{new}\""));
            }
            data = text.into_bytes();
        }
        let options = if name.ends_with(".jpeg") { stored } else { deflated };
        out.start_file(name, options).map_err(|e| fail(e.to_string()))?;
        out.write_all(&data).map_err(|e| fail(e.to_string()))?;
    }
    Ok(out.finish().map_err(|e| fail(e.to_string()))?.into_inner())
}

/// The .docx bytes of a document without photos.
pub fn write(doc: &Document) -> Result<Vec<u8>> {
    write_with_photos(doc, &|id| Err(Error::PhotoNotFound(id)))
}

/// The .docx bytes of `doc`; `image` gives the JPEG bytes of each photo of a `Photos` block.
pub fn write_with_photos(doc: &Document, photo_bytes: &dyn Fn(i64) -> Result<Vec<u8>>) -> Result<Vec<u8>> {
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(HEADER_DISTANCE)
                .footer(HEADER_DISTANCE)
                .gutter(0),
        )
        .default_fonts(fonts())
        .default_size(PT14)
        .header(page_number_header())
        .first_header(Header::new())
        .title_pg()
        .add_table(header_table(&doc.header))
        .add_paragraph(centered_bold(&doc.title, PT14).line_spacing(spacing(360, 0)))
        .add_paragraph(centered_bold(&doc.summary, PT14))
        .add_paragraph(short_line(TEXT_W, TEXT_W / 4, 120));
    let mut jpegs = Vec::new();
    for block in &doc.body {
        docx = match block {
            Block::Heading { level, text } => docx.add_paragraph(heading(*level, text)),
            Block::Paragraph { spans } => docx.add_paragraph(body_paragraph(spans)),
            Block::Table { columns, rows } => docx.add_table(data_table(columns, rows)).add_paragraph(Paragraph::new()),
            Block::Photos { photos } => docx.add_table(photo_table(photos, photo_bytes, &mut jpegs)?),
        };
    }
    docx = docx.add_table(closing_table(doc));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| Error::DocumentWrite(e.to_string()))?;
    put_jpegs(bytes.into_inner(), jpegs)
}
