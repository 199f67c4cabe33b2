//! The statistics table of the report (Mẫu tổng hợp): a template kept as data says what each row
//! counts or sums in the activity log; values are computed, and a manual correction is stored beside
//! the computed value and always shown as such.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Utc};
use rusqlite::params;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{self, Activity, ActivityFilter};
use crate::exports::{self, DocKind, Export};
use crate::store::{DataDir, Store, write_file_atomic};
use crate::text::clean_text;
use crate::{Error, FieldError, Result, campaign, school};

const DEFAULT: &str = include_str!("../../assets/stats_template.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Measure {
    /// Number of activities, of one kind when given.
    Count(Option<String>),
    /// Sum of a field over the activities.
    Sum(String),
    /// Something the log does not record (banners, people commended, library loans): typed by hand.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateRow {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub measure: Measure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Template {
    pub name: String,
    pub rows: Vec<TemplateRow>,
}

const FIELDS: &[&str] = &[
    "staff",
    "pupils",
    "community",
    "participants",
    "books",
    "documents",
    "gifts",
    "gift_value",
    "funding_state",
    "funding_private",
    "funding_total",
    "links",
];

fn field(a: &Activity, name: &str) -> i64 {
    match name {
        "staff" => a.staff,
        "pupils" => a.pupils,
        "community" => a.community,
        "participants" => a.participants(),
        "books" => a.books,
        "documents" => a.documents,
        "gifts" => a.gifts,
        "gift_value" => a.gift_value,
        "funding_state" => a.funding_state,
        "funding_private" => a.funding_private,
        "funding_total" => a.funding_state + a.funding_private,
        "links" => a.links.len() as i64,
        _ => 0,
    }
}

impl Template {
    /// Parses and checks a template file: unique keys, known fields and kinds.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let bad = |reason: String| Error::DataFile { path: path.to_path_buf(), reason };
        let t: Template = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let kinds = activity::kinds()?;
        if t.rows.is_empty() || t.rows.len() > 200 {
            return Err(bad("mẫu phải có từ 1 đến 200 dòng".into()));
        }
        let mut keys = std::collections::HashSet::new();
        for r in &t.rows {
            if r.key.is_empty() || !keys.insert(r.key.as_str()) {
                return Err(bad(format!("mã dòng «{}» bị trống hoặc trùng", r.key)));
            }
            match &r.measure {
                Measure::Sum(f) if !FIELDS.contains(&f.as_str()) => return Err(bad(format!("không biết cách cộng «{f}»"))),
                Measure::Count(Some(k)) if !kinds.iter().any(|x| &x.key == k) => {
                    return Err(bad(format!("không có loại hoạt động «{k}»")));
                }
                _ => {}
            }
        }
        Ok(t)
    }

    /// The data folder's template if the school imported one, else the default.
    pub fn load(dir: &DataDir) -> Result<Self> {
        let own = dir.stats_template();
        match std::fs::read_to_string(&own) {
            Ok(text) => Self::parse(&text, &own),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::parse(DEFAULT, Path::new("assets/stats_template.json")),
            Err(e) => Err(Error::DataFile { path: own, reason: e.to_string() }),
        }
    }

    /// Checks `file` and makes it the template of this data folder.
    pub fn import(dir: &DataDir, file: &Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(file).map_err(|e| Error::DataFile { path: file.to_path_buf(), reason: e.to_string() })?;
        let t = Self::parse(&text, file)?;
        let pretty = serde_json::to_string_pretty(&t)?;
        write_file_atomic(&dir.stats_template(), pretty.as_bytes())?;
        Ok(t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatRow {
    pub key: String,
    pub label: String,
    pub unit: String,
    /// The value used in the report: the correction when there is one.
    #[ts(type = "number")]
    pub value: i64,
    /// What the activity log gives.
    #[ts(type = "number")]
    pub computed: i64,
    pub corrected: bool,
    /// The log cannot give this row: its value is typed by hand (0 until then).
    pub typed: bool,
    pub note: String,
}

/// The table of `year` with the template of the data folder.
pub fn table(store: &Store, year: i32) -> Result<(Template, Vec<StatRow>)> {
    let template = Template::load(store.dir())?;
    let activities = activity::list(store, year, &ActivityFilter::default())?;
    let mut stmt = store.conn().prepare("SELECT key, value, note FROM stats_correction WHERE year = ?1")?;
    let corrections = stmt
        .query_map([year], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let rows = template
        .rows
        .iter()
        .map(|row| {
            let computed = match &row.measure {
                Measure::Count(kind) => activities.iter().filter(|a| kind.as_ref().is_none_or(|k| &a.kind == k)).count() as i64,
                Measure::Sum(f) => activities.iter().map(|a| field(a, f)).sum(),
                Measure::Manual => 0,
            };
            let correction = corrections.iter().find(|(k, _, _)| k == &row.key);
            StatRow {
                key: row.key.clone(),
                label: row.label.clone(),
                unit: row.unit.clone(),
                value: correction.map_or(computed, |c| c.1),
                computed,
                corrected: correction.is_some(),
                typed: row.measure == Measure::Manual,
                note: correction.map(|c| c.2.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok((template, rows))
}

/// Sets (Some) or removes (None) the manual value of one row.
pub fn correct(store: &mut Store, year: i32, key: &str, value: Option<i64>, note: &str) -> Result<()> {
    let template = Template::load(store.dir())?;
    if !template.rows.iter().any(|r| r.key == key) {
        return Err(Error::Validation(vec![FieldError::new("key", format!("Mẫu tổng hợp không có dòng «{key}»."))]));
    }
    if value.is_some_and(|v| v < 0) {
        return Err(Error::Validation(vec![FieldError::new("value", "Số liệu không được âm.")]));
    }
    let note = clean_text(note);
    store.write(|tx| {
        match value {
            Some(v) => tx.execute(
                "INSERT INTO stats_correction (year, key, value, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (year, key) DO UPDATE SET value = excluded.value, note = excluded.note, updated_at = excluded.updated_at",
                params![year, key, v, note, Utc::now().to_rfc3339()],
            )?,
            None => tx.execute("DELETE FROM stats_correction WHERE year = ?1 AND key = ?2", params![year, key])?,
        };
        Ok(())
    })
}

/// Writes the statistics workbook of `year` into `exports/<year>/` (or `target`), atomically.
pub fn export(store: &Store, year: i32, target: Option<PathBuf>) -> Result<Export> {
    let school = school::require(store)?;
    let made_from = exports::fingerprint(store, DocKind::Stats, year)?;
    let bytes = workbook(store, year)?;
    exports::write(store, DocKind::Stats, year, &school, target, &bytes, &made_from)
}

/// The workbook: sheet "Thống kê" holds the report's table with the same values (corrections
/// highlighted, the computed value beside them); sheet "Hoạt động" lists the log, one row per
/// activity, with totals as formulas whose cached results are the database sums.
pub fn workbook(store: &Store, year: i32) -> Result<Vec<u8>> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let (template, rows) = table(store, year)?;
    let activities = activity::list(store, year, &ActivityFilter::default())?;
    let kinds = activity::kinds()?;
    let built = (|| -> std::result::Result<Vec<u8>, XlsxError> {
        let base = Format::new().set_font_name("Times New Roman").set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let head = cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xE8EEF4));
        let number = cell.clone().set_num_format("#,##0");
        let marked = number.clone().set_background_color(Color::RGB(0xFFF2CC));
        let date = cell.clone().set_num_format("dd/mm/yyyy");
        let sum_cell = head.clone().set_num_format("#,##0");
        let title = base.clone().set_bold().set_font_size(14).set_align(FormatAlign::Center);

        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Thống kê")?;
        sheet.set_paper_size(9).set_portrait().set_print_fit_to_pages(1, 0);
        sheet.write_string_with_format(0, 0, school.name.to_uppercase(), &base.clone().set_bold())?;
        let heading = format!("SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {}", campaign.year);
        sheet.merge_range(1, 0, 1, 5, &heading, &title)?;
        sheet.merge_range(
            2,
            0,
            2,
            5,
            &format!("({})", template.name),
            &base.clone().set_italic().set_align(FormatAlign::Center),
        )?;
        let header = ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Tính từ sổ hoạt động", "Ghi chú"];
        sheet.set_row_height(4, 32)?;
        for (c, (text, width)) in header.iter().zip([5, 44, 12, 13, 13, 24]).enumerate() {
            sheet.set_column_width(c as u16, width)?;
            sheet.write_string_with_format(4, c as u16, *text, &head)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let row = 5 + i as u32;
            sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell.clone().set_align(FormatAlign::Center))?;
            sheet.write_string_with_format(row, 1, &r.label, &cell)?;
            sheet.write_string_with_format(row, 2, &r.unit, &cell)?;
            sheet.write_number_with_format(row, 3, r.value as f64, if r.corrected { &marked } else { &number })?;
            sheet.write_number_with_format(row, 4, r.computed as f64, &number)?;
            let note = if r.corrected { format!("Sửa tay. {}", r.note).trim().to_owned() } else { String::new() };
            sheet.write_string_with_format(row, 5, &note, &cell)?;
        }
        sheet.set_freeze_panes(5, 0)?;

        let log = book.add_worksheet().set_name("Hoạt động")?;
        log.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
        log.set_row_height(0, 32)?;
        let columns: [(&str, u16, Option<&str>); 16] = [
            ("Ngày", 11, None),
            ("Hoạt động", 36, None),
            ("Loại", 18, None),
            ("Địa điểm", 18, None),
            ("Đơn vị phụ trách", 16, None),
            ("CB, GV, NV", 9, Some("staff")),
            ("Học sinh", 9, Some("pupils")),
            ("Cộng đồng", 9, Some("community")),
            ("Tổng lượt người", 10, Some("participants")),
            ("Sách (cuốn)", 9, Some("books")),
            ("Tài liệu", 9, Some("documents")),
            ("Suất quà", 9, Some("gifts")),
            ("Giá trị quà (đồng)", 14, Some("gift_value")),
            ("Ngân sách (đồng)", 14, Some("funding_state")),
            ("Xã hội hóa (đồng)", 14, Some("funding_private")),
            ("Tin, bài", 8, Some("links")),
        ];
        for (c, (text, width, _)) in columns.iter().enumerate() {
            log.set_column_width(c as u16, *width)?;
            log.write_string_with_format(0, c as u16, *text, &head)?;
        }
        for (i, a) in activities.iter().enumerate() {
            let row = 1 + i as u32;
            let day = ExcelDateTime::from_ymd(a.date.year() as u16, a.date.month() as u8, a.date.day() as u8)?;
            log.write_datetime_with_format(row, 0, &day, &date)?;
            log.write_string_with_format(row, 1, &a.title, &cell)?;
            let kind = kinds.iter().find(|k| k.key == a.kind).map_or(a.kind.as_str(), |k| k.label.as_str());
            log.write_string_with_format(row, 2, kind, &cell)?;
            log.write_string_with_format(row, 3, &a.place, &cell)?;
            log.write_string_with_format(row, 4, &a.organiser, &cell)?;
            for (c, (_, _, value)) in columns.iter().enumerate() {
                if let Some(name) = value {
                    log.write_number_with_format(row, c as u16, field(a, name) as f64, &number)?;
                }
            }
        }
        let total = 1 + activities.len() as u32;
        log.merge_range(total, 0, total, 4, "Tổng cộng", &head)?;
        for (c, (_, _, value)) in columns.iter().enumerate() {
            if let Some(name) = value {
                let sum: i64 = activities.iter().map(|a| field(a, name)).sum();
                let letter = column_letter(c as u16);
                let formula = if activities.is_empty() { "=0".to_owned() } else { format!("=SUM({letter}2:{letter}{total})") };
                log.write_formula_with_format(total, c as u16, Formula::new(formula).set_result(sum.to_string()), &sum_cell)?;
            }
        }
        log.set_freeze_panes(1, 2)?;
        book.save_to_buffer()
    })();
    built.map_err(|e| Error::WorkbookWrite(e.to_string()))
}

/// "A".."Z": the log sheet has 16 columns.
fn column_letter(col: u16) -> char {
    char::from(b'A' + col as u8)
}
