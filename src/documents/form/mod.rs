//! The authority's statistics form («Mẫu tổng hợp» of its letter) as the school received it: an
//! .xlsx workbook or a table in a .docx. Its items are found where a secretary finds them
//! (`layout`), each is matched to a row of the statistics table or left to be typed by hand, the
//! school confirms, and the values are written into the authority's own file (`fill`), which
//! becomes one of the exported documents. The mapping is kept per year and offered again when a
//! form with the same items comes the next year.

mod fill;
mod grid;
mod layout;

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, ToSql, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::docs::ooxml;
use crate::exports::{self, DocKind, Export, Freshness};
use crate::stats::{self, Template};
use crate::store::{Store, sha256_hex};
use crate::text::{clean_line, windows_safe};
use crate::{Error, FieldError, Result, campaign, docs, report, school};

use fill::Value;
use grid::{MAX_BYTES, Package, Side};
use layout::{At, DateLine, Found, Layout, NameCell, fold};

/// Where an item's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
#[ts(export)]
pub enum Mapping {
    /// A row of the statistics table (its key).
    Stat(String),
    /// A number the school types (none yet: `None`).
    Typed(#[ts(type = "number | null")] Option<i64>),
    /// Not chosen yet.
    Unset,
}

/// One item of the form as the report step shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormItem {
    pub position: u32,
    pub label: String,
    /// The item it details, or its column group.
    pub context: String,
    pub unit: String,
    /// Where its value goes: «D12» in a workbook, «dòng 5, cột 4» in a Word table.
    pub cell: String,
    /// That cell as (row, column) from 0.
    #[serde(skip)]
    #[ts(skip)]
    at: (usize, usize),
    /// Excel computes it: never written.
    pub formula: bool,
    pub mapping: Mapping,
    /// Why the mapping was suggested («theo chữ "học sinh"», «như mẫu năm 2025»).
    pub hint: String,
    pub confirmed: bool,
    /// The number that will be written, when there is one.
    #[ts(type = "number | null")]
    pub value: Option<i64>,
}

impl FormItem {
    /// Needs the school: a value cell without a confirmed source or a typed number.
    fn unsettled(&self) -> bool {
        let settled = self.confirmed && matches!(&self.mapping, Mapping::Stat(_) | Mapping::Typed(Some(_)));
        !(self.formula || settled)
    }
}

/// A row of the statistics table an item may take its value from.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Source {
    pub key: String,
    pub label: String,
    pub unit: String,
    #[ts(type = "number")]
    pub value: i64,
}

/// The form of a year, for the report step and the command line.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormView {
    pub year: i32,
    /// The file as received («Mau-tong-hop-2025.xlsx»); `None`: no form imported.
    pub file_name: Option<String>,
    pub authority: String,
    /// «bảng tính Excel, trang "Biểu 01"» or «bảng số 2 của văn bản Word».
    pub place: String,
    /// «mỗi mục một dòng» or «mỗi đơn vị một dòng».
    pub layout: String,
    /// Where the school's name goes: «ô A2» (a per-school form's empty row, or the «Trường: ……»
    /// line above the table), «dòng «Đơn vị báo cáo: ……» phía trên bảng» (a Word form's title).
    pub name_place: Option<String>,
    /// Where the date of signing goes (the report's date): the signature block's «…, ngày …
    /// tháng … năm …» line, «ô A31» or «dòng «An Bình, ngày … tháng … năm …» dưới bảng».
    pub date_place: Option<String>,
    pub items: Vec<FormItem>,
    /// Items still waiting for the school.
    pub unsettled: u32,
    pub sources: Vec<Source>,
    /// An earlier year whose form can be used again («Dùng lại mẫu năm 2025»).
    pub reusable_year: Option<i32>,
    /// The authority that sent that year's form (it may not be this year's: since 2025 the
    /// commune's office receives what the district's did).
    pub reusable_from: String,
    /// The filled file's state among the exported documents.
    pub freshness: Option<Freshness>,
}

/// What a form dropped on the window became: the form read, or why not (the window's import
/// answers through a channel, where an error cannot travel as a rejected call).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Dropped {
    pub view: Option<FormView>,
    pub error: Option<crate::ErrorPayload>,
}

struct Stored {
    file_name: String,
    package: Package,
    place: String,
    name_cell: Option<NameCell>,
    date_line: Option<DateLine>,
    content: Vec<u8>,
}

fn stored(store: &Store, year: i32) -> Result<Option<Stored>> {
    let row = store
        .conn()
        .query_row(
            "SELECT file_name, package, place, name_at, name_label, date_at, date_locality, content FROM authority_form
             WHERE year = ?1",
            [year],
            |r| {
                let (name_cell, date_line) = name_and_date(r, 3)?;
                Ok(Stored {
                    file_name: r.get(0)?,
                    package: Package::from_key(&r.get::<_, String>(1)?).unwrap_or(Package::Xlsx),
                    place: r.get(2)?,
                    name_cell,
                    date_line,
                    content: r.get(7)?,
                })
            },
        )
        .optional()?;
    Ok(row)
}

/// Where the name and the date go, from the columns name_at, name_label, date_at, date_locality
/// of `row` (from its column `first`).
fn name_and_date(row: &rusqlite::Row, first: usize) -> rusqlite::Result<(Option<NameCell>, Option<DateLine>)> {
    let (name_at, label): (Option<At>, Option<String>) = (row.get(first)?, row.get(first + 1)?);
    let (date_at, locality): (Option<At>, Option<String>) = (row.get(first + 2)?, row.get(first + 3)?);
    Ok((name_at.map(|at| NameCell { at, label }), date_at.map(|at| DateLine { at, locality })))
}

impl ToSql for At {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for At {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Self::from_key(value.as_str()?).ok_or(FromSqlError::InvalidType)
    }
}

/// Where a line of text goes, for the school: «ô A2», «ô ở dòng 3, cột 2», «dòng «Đơn vị báo
/// cáo: ……» phía trên bảng», «dòng «An Bình, ngày … tháng … năm …» dưới bảng».
fn line_place(package: Package, at: At, words: &str) -> String {
    match at {
        At::Cell { row, col } if package == Package::Docx => format!("ô ở {}", cell_name(package, row, col)),
        At::Cell { row, col } => format!("ô {}", cell_name(package, row, col)),
        At::Above(_) => format!("dòng «{words}» phía trên bảng"),
        At::Below(_) => format!("dòng «{words}» dưới bảng"),
    }
}

fn name_place(package: Package, name: &NameCell) -> String {
    line_place(package, name.at, &format!("{}: ……", name.label.as_deref().unwrap_or_default()))
}

fn date_place(package: Package, date: &DateLine) -> String {
    line_place(package, date.at, &format!("{}, ngày … tháng … năm …", date.locality.as_deref().unwrap_or("……")))
}

fn cell_name(package: Package, row: usize, col: usize) -> String {
    match package {
        Package::Xlsx => grid::a1(row, col),
        Package::Docx => format!("dòng {}, cột {}", row + 1, col + 1),
    }
}

fn items(store: &Store, year: i32, package: Package, sources: &[Source]) -> Result<Vec<FormItem>> {
    let mut stmt = store.conn().prepare(
        "SELECT position, label, context, unit, cell_row, cell_col, formula, source, manual, typed, hint, confirmed
         FROM authority_form_item WHERE year = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([year], |r| {
        let source: Option<String> = r.get(7)?;
        let manual: bool = r.get(8)?;
        let typed: Option<i64> = r.get(9)?;
        let mapping = match (source, manual) {
            (Some(key), _) => Mapping::Stat(key),
            (None, true) => Mapping::Typed(typed),
            (None, false) => Mapping::Unset,
        };
        let value = match &mapping {
            Mapping::Stat(key) => sources.iter().find(|s| &s.key == key).map(|s| s.value),
            Mapping::Typed(v) => *v,
            Mapping::Unset => None,
        };
        let at = (r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize);
        Ok(FormItem {
            position: r.get(0)?,
            label: r.get(1)?,
            context: r.get(2)?,
            unit: r.get(3)?,
            cell: cell_name(package, at.0, at.1),
            at,
            formula: r.get(6)?,
            mapping,
            hint: r.get(10)?,
            confirmed: r.get(11)?,
            value,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The form's items with the numbers they take now (none without a form), and the statistics
/// rows they may take them from.
fn items_now(store: &Store, year: i32) -> Result<(Vec<FormItem>, Vec<Source>)> {
    let sources = sources(store, year)?;
    let items = match exports::form_kind(store, year)? {
        Some(DocKind::FormTable) => items(store, year, Package::Docx, &sources)?,
        Some(_) => items(store, year, Package::Xlsx, &sources)?,
        None => Vec::new(),
    };
    Ok((items, sources))
}

fn sources(store: &Store, year: i32) -> Result<Vec<Source>> {
    let (_, rows) = stats::table(store, year)?;
    Ok(rows.into_iter().map(|r| Source { key: r.key, label: r.label, unit: r.unit, value: r.value }).collect())
}

/// The latest year before `year` with a form.
fn earlier_year(store: &Store, year: i32) -> Result<Option<i32>> {
    Ok(store.conn().query_row("SELECT MAX(year) FROM authority_form WHERE year < ?1", [year], |r| r.get(0))?)
}

pub fn view(store: &Store, year: i32) -> Result<FormView> {
    campaign::get(store, year)?;
    let sources = sources(store, year)?;
    type Head = (String, String, String, String, String, Option<NameCell>, Option<DateLine>);
    let head: Option<Head> = store
        .conn()
        .query_row(
            "SELECT file_name, authority, package, place, layout, name_at, name_label, date_at, date_locality
             FROM authority_form WHERE year = ?1",
            [year],
            |r| {
                let (name, date) = name_and_date(r, 5)?;
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, name, date))
            },
        )
        .optional()?;
    let reusable_year = earlier_year(store, year)?;
    let reusable_from: String = match reusable_year {
        Some(y) => store.conn().query_row("SELECT authority FROM authority_form WHERE year = ?1", [y], |r| r.get(0))?,
        None => String::new(),
    };
    let Some((file_name, authority, package_key, place, layout_key, name, date)) = head else {
        return Ok(FormView {
            year,
            file_name: None,
            authority: String::new(),
            place: String::new(),
            layout: String::new(),
            name_place: None,
            date_place: None,
            items: Vec::new(),
            unsettled: 0,
            sources,
            reusable_year,
            reusable_from,
            freshness: None,
        });
    };
    let package = Package::from_key(&package_key).unwrap_or(Package::Xlsx);
    let items = items(store, year, package, &sources)?;
    let school = school::require(store)?;
    Ok(FormView {
        year,
        file_name: Some(file_name),
        authority,
        place: match package {
            Package::Xlsx => format!("bảng tính Excel, trang «{place}»"),
            Package::Docx => format!("bảng thứ {} của văn bản Word", place.parse::<usize>().unwrap_or(0) + 1),
        },
        layout: match Layout::from_key(&layout_key) {
            Some(Layout::Units) => "mỗi đơn vị một dòng, mỗi mục một cột".into(),
            _ => "mỗi mục một dòng".into(),
        },
        name_place: name.map(|n| name_place(package, &n)),
        date_place: date.map(|d| date_place(package, &d)),
        unsettled: items.iter().filter(|i| i.unsettled()).count() as u32,
        items,
        sources,
        reusable_year,
        reusable_from,
        freshness: match exports::form_kind(store, year)? {
            Some(kind) => Some(exports::freshness(store, kind, year, &school)?),
            None => None,
        },
    })
}

/// A choice the school confirmed for an item of a form.
struct Remembered {
    /// The item's context and label, folded.
    words: String,
    source: Option<String>,
    manual: bool,
    typed: Option<i64>,
    year: i32,
}

/// An item's source as imported, and why.
struct Choice {
    source: Option<String>,
    manual: bool,
    /// The number typed by hand, kept when this year's form is imported again.
    typed: Option<i64>,
    hint: String,
    confirmed: bool,
}

/// What the school chose for items of that wording before: this year's form first (imported
/// again), then the latest earlier year's.
fn remembered(store: &Store, year: i32) -> Result<Vec<Remembered>> {
    let mut stmt = store.conn().prepare(
        "SELECT i.context, i.label, i.source, i.manual, i.typed, i.year FROM authority_form_item i
         WHERE i.confirmed = 1 AND (i.year = ?1 OR i.year = (SELECT MAX(year) FROM authority_form WHERE year < ?1))
         ORDER BY i.year = ?1 DESC",
    )?;
    let rows = stmt.query_map([year], |r| {
        Ok(Remembered {
            words: format!("{} | {}", fold(&r.get::<_, String>(0)?), fold(&r.get::<_, String>(1)?)),
            source: r.get(2)?,
            manual: r.get(3)?,
            typed: r.get(4)?,
            year: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Reads `bytes` (a file named `file_name`) as the authority's form of `year` and keeps it with
/// a suggested source for each item; a form already there is replaced (its confirmed choices
/// are offered again for items of the same wording). Nothing changes when the file is refused.
pub fn import(store: &mut Store, year: i32, file_name: &str, bytes: &[u8]) -> Result<FormView> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let name = windows_safe(file_name);
    let refuse = |reason: String| Error::FormUnreadable { name: name.clone(), reason };
    if bytes.len() as u64 > MAX_BYTES {
        return Err(refuse(too_big(bytes.len() as u64)));
    }
    let package = grid::sniff(bytes).map_err(refuse)?;
    let grids: Vec<(String, grid::Grid)> = match package {
        Package::Xlsx => grid::sheets(bytes).map_err(refuse)?,
        Package::Docx => {
            let xml = ooxml::part(bytes, "word/document.xml").map_err(refuse)?;
            grid::tables(&xml).map_err(refuse)?.into_iter().enumerate().map(|(i, g)| (i.to_string(), g)).collect()
        }
    };
    if grids.iter().all(|(_, g)| g.rows.is_empty()) {
        return Err(refuse(match package {
            Package::Xlsx => "bảng tính trống, không có ô nào có chữ.".into(),
            Package::Docx => "văn bản không có bảng nào. Mẫu số liệu phải là một bảng (Chèn → Bảng trong Word).".into(),
        }));
    }
    let mut first_reason = None;
    let mut reading = None;
    for (place, g) in &grids {
        match layout::read(g, &school.name) {
            Ok(r) => {
                reading = Some((place.clone(), r));
                break;
            }
            Err(why) => {
                first_reason.get_or_insert(why);
            }
        }
    }
    let Some((place, reading)) = reading else {
        return Err(refuse(first_reason.unwrap_or_default()));
    };

    let template = Template::load(store.dir())?;
    let keys: Vec<&str> = template.rows.iter().map(|r| r.key.as_str()).collect();
    let remembered = remembered(store, year)?;
    let chosen: Vec<Choice> = reading.items.iter().map(|item| choose(item, &keys, &remembered, year)).collect();
    let now = Utc::now().to_rfc3339();
    store.write(|tx| {
        tx.execute("DELETE FROM authority_form WHERE year = ?1", [year])?;
        tx.execute(
            "INSERT INTO authority_form (year, authority, file_name, package, place, layout, name_at, name_label, date_at,
                                         date_locality, content, sha256, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                year,
                campaign.authority_name,
                name,
                package.key(),
                place,
                reading.layout.key(),
                reading.name_cell.as_ref().map(|n| n.at),
                reading.name_cell.as_ref().and_then(|n| n.label.clone()),
                reading.date_line.as_ref().map(|d| d.at),
                reading.date_line.as_ref().and_then(|d| d.locality.clone()),
                bytes,
                sha256_hex(bytes),
                now
            ],
        )?;
        for (i, (item, choice)) in reading.items.iter().zip(&chosen).enumerate() {
            tx.execute(
                "INSERT INTO authority_form_item (year, position, label, context, unit, cell_row, cell_col, formula, source, manual, typed, hint, confirmed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    year,
                    i as i64,
                    clean_line(&item.label),
                    clean_line(&item.context),
                    clean_line(&item.unit),
                    item.row as i64,
                    item.col as i64,
                    item.formula,
                    choice.source,
                    choice.manual,
                    choice.typed,
                    choice.hint,
                    choice.confirmed
                ],
            )?;
        }
        Ok(())
    })?;
    view(store, year)
}

/// An item's source: what the school chose for the same words before (kept confirmed when it is
/// this year's form again), else the suggestion by its words; a formula gets none.
fn choose(item: &Found, keys: &[&str], remembered: &[Remembered], year: i32) -> Choice {
    if item.formula {
        return Choice {
            source: None, manual: false, typed: None, hint: "ô công thức: Excel tự tính".into(), confirmed: false
        };
    }
    let words = format!("{} | {}", fold(&item.context), fold(&item.label));
    if let Some(r) = remembered.iter().find(|r| r.words == words && r.source.as_ref().is_none_or(|s| keys.contains(&s.as_str())))
    {
        // This year's choice (the form imported again) stands, typed number included; an earlier
        // year's is offered, its numbers were that year's.
        let this_year = r.year == year;
        let hint = if this_year { "như đã chọn trước".to_owned() } else { format!("như mẫu năm {}", r.year) };
        let typed = r.typed.filter(|_| this_year);
        return Choice { source: r.source.clone(), manual: r.manual, typed, hint, confirmed: this_year };
    }
    match layout::suggest(item, keys) {
        Some((key, word)) => {
            Choice {
                source: Some(key), manual: false, typed: None, hint: format!("gợi ý theo chữ «{word}»"), confirmed: false
            }
        }
        None => Choice { source: None, manual: false, typed: None, hint: String::new(), confirmed: false },
    }
}

fn too_big(size: u64) -> String {
    format!(
        "tệp nặng {:.1} MB, quá giới hạn {} MB của một biểu mẫu. Hãy xóa các trang tính, hình ảnh thừa rồi lưu lại.",
        size as f64 / 1_048_576.0,
        MAX_BYTES / 1_048_576
    )
}

/// Reads the file at `path` and imports it (see `import`).
pub fn import_file(store: &mut Store, year: i32, path: &Path) -> Result<FormView> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let size = std::fs::metadata(path).map_err(|e| Error::DataFile { path: path.to_path_buf(), reason: e.to_string() })?.len();
    if size > MAX_BYTES {
        // Refused before reading it whole.
        return Err(Error::FormUnreadable { name: windows_safe(&name), reason: too_big(size) });
    }
    let bytes = std::fs::read(path).map_err(|e| Error::DataFile { path: path.to_path_buf(), reason: e.to_string() })?;
    import(store, year, &name, &bytes)
}

/// Sets where the item at `position` takes its value from; the school's choice is confirmed.
pub fn map(store: &mut Store, year: i32, position: u32, mapping: &Mapping) -> Result<FormView> {
    campaign::get(store, year)?;
    let (items, sources) = items_now(store, year)?;
    let item = items
        .iter()
        .find(|i| i.position == position)
        .ok_or_else(|| Error::Validation(vec![FieldError::new("position", format!("Mẫu không có mục số {position}."))]))?;
    if item.formula && *mapping != Mapping::Unset {
        return Err(Error::FormFormulaCell(item.cell.clone()));
    }
    let (source, manual, typed) = match mapping {
        Mapping::Stat(key) if sources.iter().any(|s| &s.key == key) => (Some(key.clone()), false, None),
        Mapping::Stat(key) => {
            return Err(Error::Validation(vec![FieldError::new("source", format!("Bảng số liệu không có dòng «{key}»."))]));
        }
        Mapping::Typed(Some(v)) if *v < 0 => {
            return Err(Error::Validation(vec![FieldError::new("value", "Số liệu không được âm.")]));
        }
        Mapping::Typed(v) => (None, true, *v),
        Mapping::Unset => (None, false, None),
    };
    let confirmed = *mapping != Mapping::Unset;
    store.write(|tx| {
        tx.execute(
            "UPDATE authority_form_item SET source = ?3, manual = ?4, typed = ?5, confirmed = ?6,
                    hint = CASE WHEN ?6 THEN 'do trường chọn' ELSE '' END
             WHERE year = ?1 AND position = ?2",
            params![year, position, source, manual, typed, confirmed],
        )?;
        Ok(())
    })?;
    view(store, year)
}

/// Confirms every suggestion not confirmed yet (items without one are left).
pub fn confirm_suggestions(store: &mut Store, year: i32) -> Result<FormView> {
    campaign::get(store, year)?;
    store.write(|tx| {
        tx.execute(
            "UPDATE authority_form_item SET confirmed = 1 WHERE year = ?1 AND formula = 0 AND source IS NOT NULL",
            [year],
        )?;
        Ok(())
    })?;
    view(store, year)
}

/// Takes the latest earlier year's form for `year`: the same file and the same sources, confirmed
/// as they were; numbers typed by hand are that year's and are left empty.
pub fn reuse(store: &mut Store, year: i32) -> Result<FormView> {
    let campaign = campaign::get(store, year)?;
    let from = earlier_year(store, year)?
        .ok_or_else(|| Error::Validation(vec![FieldError::new("year", "Chưa có mẫu số liệu của năm nào trước để dùng lại.")]))?;
    let now = Utc::now().to_rfc3339();
    store.write(|tx| {
        tx.execute("DELETE FROM authority_form WHERE year = ?1", [year])?;
        tx.execute(
            "INSERT INTO authority_form (year, authority, file_name, package, place, layout, name_at, name_label, date_at,
                                         date_locality, content, sha256, imported_at)
             SELECT ?1, ?3, file_name, package, place, layout, name_at, name_label, date_at, date_locality, content, sha256, ?4
             FROM authority_form WHERE year = ?2",
            params![year, from, campaign.authority_name, now],
        )?;
        tx.execute(
            "INSERT INTO authority_form_item (year, position, label, context, unit, cell_row, cell_col, formula, source, manual, typed, hint, confirmed)
             SELECT ?1, position, label, context, unit, cell_row, cell_col, formula, source, manual, NULL,
                    CASE WHEN confirmed = 1 THEN 'như mẫu năm ' || ?2 ELSE hint END,
                    confirmed AND source IS NOT NULL
             FROM authority_form_item WHERE year = ?2",
            params![year, from],
        )?;
        Ok(())
    })?;
    view(store, year)
}

/// Removes the form of `year` (the statistics table and the exported files stay).
pub fn clear(store: &mut Store, year: i32) -> Result<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM authority_form WHERE year = ?1", [year])?;
        Ok(())
    })
}

/// The authority's file with this year's values in its cells.
pub fn filled(store: &Store, year: i32) -> Result<Vec<u8>> {
    let form = stored(store, year)?.ok_or(Error::NoForm(year))?;
    let (items, _) = items_now(store, year)?;
    let unsettled: Vec<String> = items.iter().filter(|i| i.unsettled()).map(|i| i.label.clone()).collect();
    if !unsettled.is_empty() {
        return Err(Error::FormUnsettled(unsettled));
    }
    let mut values: Vec<((usize, usize), Value)> =
        items.iter().filter(|i| !i.formula).filter_map(|i| Some((i.at, Value::Number(i.value?)))).collect();
    let school = school::require(store)?;
    let mut lines = Vec::new();
    let mut put = |at: At, label: Option<&str>, text: &str| match at {
        At::Cell { row, col } => {
            values.push(((row, col), Value::Text(label.map_or_else(|| text.to_owned(), |l| format!("{l}: {text}")))));
        }
        At::Above(index) => {
            lines.push(fill::Line { side: Side::Above, index, label: label.map(str::to_owned), text: text.to_owned() })
        }
        At::Below(index) => {
            lines.push(fill::Line { side: Side::Below, index, label: label.map(str::to_owned), text: text.to_owned() })
        }
    };
    if let Some(name) = &form.name_cell {
        put(name.at, name.label.as_deref(), &school.name);
    }
    if let Some(date) = &form.date_line {
        put(date.at, None, &signed_on(store, year, &school, date)?);
    }
    fill::fill(&form.content, form.package, &form.place, &values, &lines).map_err(|p| match p {
        fill::Problem::Formula(cell) => Error::FormFormulaCell(cell),
        fill::Problem::Broken(why) => Error::FormUnreadable { name: form.file_name, reason: format!("{why}.") },
    })
}

/// «An Bình, ngày 10 tháng 10 năm 2025»: the form is signed on the report's date (saved, or the
/// draft's), at the place the authority wrote on the line, else the school's.
fn signed_on(store: &Store, year: i32, school: &school::SchoolProfile, line: &DateLine) -> Result<String> {
    let issued = match report::load(store, year)? {
        Some(r) => r.issue_date,
        None => report::draft(store, &campaign::get(store, year)?, school)?.issue_date,
    };
    Ok(docs::place_date(line.locality.as_deref().unwrap_or(&school.place_name), issued))
}

/// Writes the filled form of `year` among the exported documents (or at `target`).
pub fn export(store: &Store, year: i32, target: Option<PathBuf>) -> Result<Export> {
    let school = school::require(store)?;
    let kind = exports::form_kind(store, year)?.ok_or(Error::NoForm(year))?;
    let made_from = exports::fingerprint(store, kind, year)?;
    let bytes = filled(store, year)?;
    exports::write(store, kind, year, &school, target, &bytes, &made_from)
}
