//! The statistics table of the report (Mẫu tổng hợp): a template kept as data says what each row
//! counts or sums in the activity log; values are computed, and a manual correction is stored beside
//! the computed value and always shown as such.

use std::path::Path;

use chrono::Utc;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{self, Activity, ActivityFilter};
use crate::store::{DataDir, Store, write_file_atomic};
use crate::text::clean_text;
use crate::{Error, FieldError, Result};

const DEFAULT: &str = include_str!("../assets/stats_template.json");
/// A school's own form, imported into the data folder, replaces the default.
const FILE: &str = "stats_template.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Measure {
    /// Number of activities, of one kind when given.
    Count(Option<String>),
    /// Sum of a field over the activities.
    Sum(String),
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
        let own = dir.root().join(FILE);
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
        let pretty = serde_json::to_string_pretty(&t).map_err(|e| Error::DocumentWrite(e.to_string()))?;
        write_file_atomic(&dir.root().join(FILE), pretty.as_bytes())?;
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
            };
            let correction = corrections.iter().find(|(k, _, _)| k == &row.key);
            StatRow {
                key: row.key.clone(),
                label: row.label.clone(),
                unit: row.unit.clone(),
                value: correction.map_or(computed, |c| c.1),
                computed,
                corrected: correction.is_some(),
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
