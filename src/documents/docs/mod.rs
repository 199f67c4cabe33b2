//! The document engine: one layout model for every document of the app (plan, ceremony script,
//! report), following Nghị định 30/2020/NĐ-CP, Phụ lục I. The same `Document` is written to .docx
//! (`docx`) and sent to the UI for the live preview, so the two can never drift apart.
//! All text entering a `Document` is cleaned here (NFC, no invisible or XML-invalid characters).

pub mod docx;
pub mod ooxml;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use ts_rs::TS;

use crate::school::SchoolProfile;
use crate::text::{clean_line, clean_piece, clean_text};

/// A document ready to be laid out: header block, title, body, recipients and signature.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Document {
    pub header: DocHeader,
    /// The document type in capitals: "KẾ HOẠCH", "BÁO CÁO".
    pub title: String,
    /// The summary line under the title: "Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2025".
    pub summary: String,
    pub body: Vec<Block>,
    pub recipients: Recipients,
    pub signature: Signature,
}

/// The "Nơi nhận:" block, its lines already in the "- …;" / "- …." form.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Recipients {
    /// "Nơi nhận:"
    pub label: String,
    pub lines: Vec<String>,
}

impl Recipients {
    pub fn of(items: &[String]) -> Self {
        Self { label: "Nơi nhận:".into(), lines: list_items(items) }
    }
}

/// The national name and motto at the top right of every document.
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The two-column header: issuer on the left, national motto and place-date on the right.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DocHeader {
    /// `NATION`, then the underlined `MOTTO`.
    pub nation: String,
    pub motto: String,
    /// "UBND XÃ VĨNH HÒA"
    pub authority_line: String,
    /// "TRƯỜNG TIỂU HỌC HÙNG TIẾN"
    pub issuer: String,
    /// "Số: 05/KH-THHT" or "Số:      /KH-THHT" while the number is not registered.
    pub number_line: String,
    /// "Vĩnh Hòa, ngày 01 tháng 10 năm 2025"
    pub place_date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Block {
    /// Level 1: "I. MỤC ĐÍCH, YÊU CẦU"; level 2: "1. Mục đích"; level 3: "a) …".
    Heading { level: u8, text: String },
    /// A justified body paragraph with a first-line indent.
    Paragraph { spans: Vec<Span> },
    /// A table with a header row (ceremony script, statistics).
    Table { columns: Vec<Column>, rows: Vec<Vec<String>> },
    /// Photos two per row with their captions (the report's annex). The bytes are fetched by id
    /// when the .docx is written, so the layout sent to the preview stays small.
    Photos { photos: Vec<PhotoRef> },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PhotoRef {
    #[ts(type = "number")]
    pub id: i64,
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Column {
    pub title: String,
    /// Relative width (the columns share the text width in proportion).
    pub weight: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Signature {
    /// "HIỆU TRƯỞNG", or "KT. HIỆU TRƯỞNG" / "PHÓ HIỆU TRƯỞNG".
    pub title_lines: Vec<String>,
    pub name: String,
}

impl Span {
    /// A run keeps its spaces: "Chủ đề: " is followed by the theme in another run.
    pub fn plain(text: &str) -> Self {
        Self { text: clean_piece(text), bold: false, italic: false }
    }
    pub fn bold_italic(text: &str) -> Self {
        Self { text: clean_piece(text), bold: true, italic: true }
    }
}

impl Document {
    /// Every photo of the document, in order.
    pub fn photos(&self) -> impl Iterator<Item = &PhotoRef> {
        self.body.iter().flat_map(|b| match b {
            Block::Photos { photos } => photos.as_slice(),
            _ => &[],
        })
    }
}

impl Block {
    pub fn heading(level: u8, text: &str) -> Self {
        Block::Heading { level, text: clean_line(text) }
    }
    pub fn paragraph(text: &str) -> Self {
        Block::Paragraph { spans: vec![Span { text: clean_text(text), bold: false, italic: false }] }
    }
    /// One body paragraph per non-empty line of `text`.
    pub fn paragraphs(text: &str) -> Vec<Self> {
        text.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(Block::paragraph).collect()
    }
    pub fn spans(spans: Vec<Span>) -> Self {
        Block::Paragraph { spans }
    }
    pub fn table(columns: &[(&str, u16)], rows: Vec<Vec<String>>) -> Self {
        Block::Table {
            columns: columns.iter().map(|(t, w)| Column { title: clean_line(t), weight: *w }).collect(),
            rows: rows.into_iter().map(|r| r.iter().map(|c| clean_text(c)).collect()).collect(),
        }
    }

    /// The plain text of the block (for checks and text extraction).
    pub fn text(&self) -> String {
        match self {
            Block::Heading { text, .. } => text.clone(),
            Block::Paragraph { spans } => spans.iter().map(|s| s.text.as_str()).collect(),
            Block::Table { columns, rows } => {
                let mut lines = vec![columns.iter().map(|c| c.title.as_str()).collect::<Vec<_>>().join(" | ")];
                lines.extend(rows.iter().map(|r| r.join(" | ")));
                lines.join("\n")
            }
            Block::Photos { photos } => photos.iter().map(|p| format!("[Ảnh] {}", p.caption)).collect::<Vec<_>>().join("\n"),
        }
    }
}

impl DocHeader {
    /// The header of a document of `kind` ("KH", "BC"…) issued by `school` on `date`.
    pub fn new(school: &SchoolProfile, kind: &str, number: &str, date: NaiveDate) -> Self {
        Self {
            nation: NATION.into(),
            motto: MOTTO.into(),
            authority_line: clean_line(&school.authority_line).to_uppercase(),
            issuer: school.issuer_line(),
            number_line: number_line(number, kind, &school.abbreviation),
            place_date: place_date(&school.place_name, date),
        }
    }
}

impl Signature {
    pub fn of(school: &SchoolProfile) -> Self {
        Self { title_lines: school.signature_lines(), name: clean_line(&school.signer_name) }
    }
}

/// "Số: 05/KH-THHT": numbers below 10 take a leading zero; a blank number leaves room to write
/// it by hand once the document is registered.
pub fn number_line(number: &str, kind: &str, abbreviation: &str) -> String {
    let number = clean_line(number);
    let symbol = format!("{kind}-{}", clean_line(abbreviation).to_uppercase());
    if number.is_empty() {
        return format!("Số:{}/{symbol}", "\u{00A0}".repeat(6));
    }
    let number = match number.parse::<u32>() {
        Ok(n) if n < 10 => format!("{n:02}"),
        _ => number,
    };
    format!("Số: {number}/{symbol}")
}

/// "Vĩnh Hòa, ngày 05 tháng 3 năm 2026": days below 10 and months 1 and 2 take a leading zero.
pub fn place_date(place: &str, date: NaiveDate) -> String {
    format!("{}, {}", clean_line(place), date_words(date))
}

/// "ngày 01 tháng 10 năm 2025" with the leading-zero rule of Nghị định 30/2020.
pub fn date_words(date: NaiveDate) -> String {
    let month = if date.month() <= 2 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

/// "01/10/2025"
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "thứ Tư", "Chủ nhật".
pub fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "thứ Hai",
        Weekday::Tue => "thứ Ba",
        Weekday::Wed => "thứ Tư",
        Weekday::Thu => "thứ Năm",
        Weekday::Fri => "thứ Sáu",
        Weekday::Sat => "thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// Items of a list, each "- …;" and the last "- ….": the "Nơi nhận" convention.
fn list_items(items: &[String]) -> Vec<String> {
    let cleaned: Vec<String> =
        items.iter().map(|i| clean_line(i).trim_end_matches([';', '.', ',']).to_owned()).filter(|i| !i.is_empty()).collect();
    let last = cleaned.len().saturating_sub(1);
    cleaned.iter().enumerate().map(|(n, i)| format!("- {i}{}", if n == last { "." } else { ";" })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn dates_follow_the_leading_zero_rule() {
        assert_eq!(date_words(d(2025, 10, 1)), "ngày 01 tháng 10 năm 2025");
        assert_eq!(date_words(d(2026, 1, 5)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(date_words(d(2026, 2, 28)), "ngày 28 tháng 02 năm 2026");
        assert_eq!(date_words(d(2026, 3, 15)), "ngày 15 tháng 3 năm 2026");
        assert_eq!(place_date(" Vĩnh  Hòa", d(2025, 10, 1)), "Vĩnh Hòa, ngày 01 tháng 10 năm 2025");
    }

    #[test]
    fn numbers_have_a_leading_zero_and_no_inner_spaces() {
        assert_eq!(number_line("5", "KH", "thht"), "Số: 05/KH-THHT");
        assert_eq!(number_line("125", "BC", "THHT"), "Số: 125/BC-THHT");
        assert_eq!(number_line(" ", "KH", "THHT"), "Số:\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/KH-THHT");
    }

    #[test]
    fn weekdays_and_lists() {
        assert_eq!(weekday_name(d(2025, 10, 1)), "thứ Tư");
        assert_eq!(weekday_name(d(2025, 10, 5)), "Chủ nhật");
        let items = list_items(&["Phòng VH-XH (để b/c);".into(), " ".into(), "Lưu: VT".into()]);
        assert_eq!(items, ["- Phòng VH-XH (để b/c);", "- Lưu: VT."]);
    }
}
