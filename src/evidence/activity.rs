//! The activity log (Hoạt động): what the school did during the week, with participants,
//! materials, gifts and funding, feeding the report. Deleting hides a row (undo brings it back);
//! nothing is removed silently.

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaign::{self, Campaign};
use crate::docs;
use crate::store::Store;
use crate::text::{clean_line, clean_text};
use crate::{Error, FieldError, Result};

const KINDS: &str = include_str!("../../assets/activity_kinds.json");

/// The largest count a school could plausibly report for one activity; above is a typing slip.
const MAX_COUNT: i64 = 100_000;
/// 10 billion đồng: above this an amount for one school activity is surely a slip.
const MAX_MONEY: i64 = 10_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityKind {
    pub key: String,
    pub label: String,
}

#[derive(Deserialize)]
struct KindFile {
    kinds: Vec<ActivityKind>,
}

pub fn kinds() -> Result<Vec<ActivityKind>> {
    serde_json::from_str::<KindFile>(KINDS)
        .map(|f| f.kinds)
        .map_err(|e| Error::DataFile { path: "assets/activity_kinds.json".into(), reason: e.to_string() })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Activity {
    /// `None` for a new activity.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub year: i32,
    pub date: NaiveDate,
    /// "07:30", or empty.
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    /// A key of `assets/activity_kinds.json`.
    pub kind: String,
    pub place: String,
    /// The unit in charge: "Liên đội", "Thư viện"…
    pub organiser: String,
    /// Participants: staff (cán bộ, giáo viên, nhân viên), pupils, parents and community.
    #[ts(type = "number")]
    pub staff: i64,
    #[ts(type = "number")]
    pub pupils: i64,
    #[ts(type = "number")]
    pub community: i64,
    /// Books and learning materials given, shown or collected.
    #[ts(type = "number")]
    pub books: i64,
    #[ts(type = "number")]
    pub documents: i64,
    /// Scholarships and gifts: how many, and their value in đồng.
    #[ts(type = "number")]
    pub gifts: i64,
    #[ts(type = "number")]
    pub gift_value: i64,
    /// Funding in đồng: state budget (ngân sách nhà nước) and sponsorship (xã hội hóa).
    #[ts(type = "number")]
    pub funding_state: i64,
    #[ts(type = "number")]
    pub funding_private: i64,
    /// Links to news posts about the activity.
    pub links: Vec<String>,
    pub notes: String,
}

fn valid_time(t: &str) -> bool {
    t.is_empty() || chrono::NaiveTime::parse_from_str(t, "%H:%M").is_ok()
}

/// A time of day as people type it ("7h30", "7:30", "7g", "07.30", "14h") in the stored form
/// "07:30"; `None` when it is not one.
pub fn time_of_day(t: &str) -> Option<String> {
    let t = t.trim().to_lowercase();
    let (h, m) = match t.find(|c: char| !c.is_ascii_digit()) {
        None => (t.as_str(), ""),
        Some(i) => {
            let (h, rest) = t.split_at(i);
            let rest = rest.trim_start_matches(' ');
            let rest = ["giờ", "h", "g", ":", "."].iter().find_map(|sep| rest.strip_prefix(sep))?;
            (h, rest.trim())
        }
    };
    let (h, m): (u32, u32) = (h.parse().ok()?, if m.is_empty() { 0 } else { m.parse().ok()? });
    (h < 24 && m < 60 && !t.is_empty()).then(|| format!("{h:02}:{m:02}"))
}

impl Activity {
    /// A blank activity on `date` (the form's starting point).
    pub fn blank(year: i32, date: NaiveDate) -> Self {
        Self {
            id: None,
            year,
            date,
            start_time: String::new(),
            end_time: String::new(),
            title: String::new(),
            kind: "other".into(),
            place: String::new(),
            organiser: String::new(),
            staff: 0,
            pupils: 0,
            community: 0,
            books: 0,
            documents: 0,
            gifts: 0,
            gift_value: 0,
            funding_state: 0,
            funding_private: 0,
            links: Vec::new(),
            notes: String::new(),
        }
    }

    pub fn participants(&self) -> i64 {
        self.staff + self.pupils + self.community
    }

    /// Cleans the texts and refuses what cannot be right; returns what will be stored.
    pub fn validated(&self) -> Result<Self> {
        let time = |t: &str| {
            let t = clean_line(t);
            time_of_day(&t).unwrap_or(t)
        };
        let a = Self {
            start_time: time(&self.start_time),
            end_time: time(&self.end_time),
            title: clean_line(&self.title),
            kind: clean_line(&self.kind),
            place: clean_line(&self.place),
            organiser: clean_line(&self.organiser),
            links: self.links.iter().map(|l| clean_line(l)).filter(|l| !l.is_empty()).collect(),
            notes: clean_text(&self.notes),
            ..self.clone()
        };
        let mut errors = Vec::new();
        if a.title.is_empty() {
            errors.push(FieldError::new("title", "Hãy nhập tên hoạt động."));
        }
        if !kinds()?.iter().any(|k| k.key == a.kind) {
            errors.push(FieldError::new("kind", "Hãy chọn loại hoạt động trong danh sách."));
        }
        for (field, value) in [("start_time", &a.start_time), ("end_time", &a.end_time)] {
            if !valid_time(value) {
                errors.push(FieldError::new(field, "Giờ phải có dạng giờ:phút, ví dụ 07:30 hoặc 7h30."));
            }
        }
        if !a.start_time.is_empty() && !a.end_time.is_empty() && a.end_time < a.start_time && valid_time(&a.end_time) {
            errors.push(FieldError::new("end_time", "Giờ kết thúc không được trước giờ bắt đầu."));
        }
        let counts = [
            ("staff", a.staff, "Số cán bộ, giáo viên, nhân viên"),
            ("pupils", a.pupils, "Số học sinh"),
            ("community", a.community, "Số cha mẹ học sinh, người dân"),
            ("books", a.books, "Số sách"),
            ("documents", a.documents, "Số tài liệu"),
            ("gifts", a.gifts, "Số suất học bổng, quà"),
        ];
        for (field, value, what) in counts {
            if value < 0 {
                errors.push(FieldError::new(field, format!("{what} không được âm.")));
            } else if value > MAX_COUNT {
                errors.push(FieldError::new(field, format!("{what} quá lớn ({value}): hãy kiểm tra lại.")));
            }
        }
        for (field, value, what) in [
            ("gift_value", a.gift_value, "Giá trị học bổng, quà"),
            ("funding_state", a.funding_state, "Kinh phí ngân sách"),
            ("funding_private", a.funding_private, "Kinh phí xã hội hóa"),
        ] {
            if value < 0 {
                errors.push(FieldError::new(field, format!("{what} không được âm.")));
            } else if value > MAX_MONEY {
                errors.push(FieldError::new(field, format!("{what} quá lớn: hãy kiểm tra lại số tiền (đơn vị là đồng).")));
            }
        }
        for link in &a.links {
            if !(link.starts_with("http://") || link.starts_with("https://")) {
                errors.push(FieldError::new("links", format!("Đường dẫn «{link}» phải bắt đầu bằng http:// hoặc https://.")));
            }
        }
        if errors.is_empty() { Ok(a) } else { Err(Error::Validation(errors)) }
    }

    /// What does not stop saving but deserves a look.
    pub fn warnings(&self, campaign: &Campaign) -> Vec<String> {
        let mut out = Vec::new();
        if self.date < campaign.week_start || self.date > campaign.week_end {
            out.push(format!(
                "Ngày {} nằm ngoài thời gian Tuần lễ ({} – {}).",
                docs::short_date(self.date),
                docs::short_date(campaign.week_start),
                docs::short_date(campaign.week_end)
            ));
        }
        if self.participants() == 0 {
            out.push("Chưa ghi số người tham gia.".into());
        }
        out
    }
}

const COLUMNS: &str = "id, year, date, start_time, end_time, title, kind, place, organiser, staff, pupils, community, books, \
                       documents, gifts, gift_value, funding_state, funding_private, links, notes";

fn from_row(r: &Row) -> rusqlite::Result<Activity> {
    let links: String = r.get(18)?;
    Ok(Activity {
        id: r.get(0)?,
        year: r.get(1)?,
        date: r.get(2)?,
        start_time: r.get(3)?,
        end_time: r.get(4)?,
        title: r.get(5)?,
        kind: r.get(6)?,
        place: r.get(7)?,
        organiser: r.get(8)?,
        staff: r.get(9)?,
        pupils: r.get(10)?,
        community: r.get(11)?,
        books: r.get(12)?,
        documents: r.get(13)?,
        gifts: r.get(14)?,
        gift_value: r.get(15)?,
        funding_state: r.get(16)?,
        funding_private: r.get(17)?,
        links: links.lines().map(str::to_owned).filter(|l| !l.is_empty()).collect(),
        notes: r.get(19)?,
    })
}

/// Inserts a new activity or updates an existing one; returns it as stored, with its id.
pub fn save(store: &mut Store, activity: &Activity) -> Result<Activity> {
    campaign::get(store, activity.year)?;
    let a = activity.validated()?;
    let now = Utc::now().to_rfc3339();
    let id = store.write(|tx| write(tx, &a, &now))?;
    get(store, id)
}

/// Inserts new activities all together (pasted from a table): every one is checked first, and
/// one that is refused stores none, its line named in the message.
pub fn save_all(store: &mut Store, activities: &[Activity]) -> Result<Vec<Activity>> {
    let mut checked = Vec::with_capacity(activities.len());
    for (n, a) in activities.iter().enumerate() {
        campaign::get(store, a.year)?;
        match a.validated() {
            Ok(a) => checked.push(Activity { id: None, ..a }),
            Err(Error::Validation(fields)) => {
                return Err(Error::Validation(
                    fields
                        .into_iter()
                        .map(|f| {
                            FieldError::new(
                                &f.field,
                                format!("Hoạt động thứ {} «{}»: {}", n + 1, clean_line(&a.title), f.message),
                            )
                        })
                        .collect(),
                ));
            }
            Err(e) => return Err(e),
        }
    }
    let now = Utc::now().to_rfc3339();
    let ids = store.write(|tx| checked.iter().map(|a| write(tx, a, &now)).collect::<Result<Vec<i64>>>())?;
    ids.into_iter().map(|id| get(store, id)).collect()
}

/// Writes one validated activity inside the caller's transaction; returns its id.
pub(crate) fn write(tx: &rusqlite::Transaction, a: &Activity, now: &str) -> Result<i64> {
    let values = params![
        a.year,
        a.date,
        a.start_time,
        a.end_time,
        a.title,
        a.kind,
        a.place,
        a.organiser,
        a.staff,
        a.pupils,
        a.community,
        a.books,
        a.documents,
        a.gifts,
        a.gift_value,
        a.funding_state,
        a.funding_private,
        a.links.join("\n"),
        a.notes,
        now
    ];
    match a.id {
        None => {
            tx.execute(
                    &format!(
                        "INSERT INTO activity ({}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
                         ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)",
                        &COLUMNS[4..]
                    ),
                    values,
                )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            let changed = tx.execute(
                "UPDATE activity SET year = ?1, date = ?2, start_time = ?3, end_time = ?4, title = ?5, kind = ?6, place = ?7,
                       organiser = ?8, staff = ?9, pupils = ?10, community = ?11, books = ?12, documents = ?13, gifts = ?14,
                       gift_value = ?15, funding_state = ?16, funding_private = ?17, links = ?18, notes = ?19, updated_at = ?20
                     WHERE id = ?21 AND deleted_at IS NULL",
                rusqlite::params_from_iter(values.iter().copied().chain(std::iter::once(&id as &dyn rusqlite::ToSql))),
            )?;
            if changed == 0 { Err(Error::ActivityNotFound(id)) } else { Ok(id) }
        }
    }
}

/// A saved activity with what deserves a second look.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SavedActivity {
    pub activity: Activity,
    pub warnings: Vec<String>,
}

/// `save`, then the warnings against the campaign (dates outside the week…).
pub fn save_checked(store: &mut Store, activity: &Activity) -> Result<SavedActivity> {
    let saved = save(store, activity)?;
    let warnings = saved.warnings(&campaign::get(store, saved.year)?);
    Ok(SavedActivity { activity: saved, warnings })
}

pub fn get(store: &Store, id: i64) -> Result<Activity> {
    store
        .conn()
        .query_row(&format!("SELECT {COLUMNS} FROM activity WHERE id = ?1 AND deleted_at IS NULL"), [id], from_row)
        .optional()?
        .ok_or(Error::ActivityNotFound(id))
}

/// Which activities to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityFilter {
    pub kind: Option<String>,
    /// Words to find in the title, place, organiser or notes.
    pub text: Option<String>,
}

/// The activities of a year in date and time order.
pub fn list(store: &Store, year: i32, filter: &ActivityFilter) -> Result<Vec<Activity>> {
    let mut stmt = store.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM activity WHERE year = ?1 AND deleted_at IS NULL ORDER BY date, start_time = '', start_time, id"
    ))?;
    let all = stmt.query_map([year], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let needle = filter.text.as_deref().map(|t| clean_line(t).to_lowercase()).filter(|t| !t.is_empty());
    Ok(all
        .into_iter()
        .filter(|a| filter.kind.as_deref().is_none_or(|k| k.is_empty() || a.kind == k))
        .filter(|a| {
            needle
                .as_deref()
                .is_none_or(|n| [&a.title, &a.place, &a.organiser, &a.notes].iter().any(|t| t.to_lowercase().contains(n)))
        })
        .collect())
}

/// Hides an activity; `restore` brings it back (the undo of the UI and the CLI).
pub fn delete(store: &mut Store, id: i64) -> Result<Activity> {
    let a = get(store, id)?;
    store.write(|tx| {
        tx.execute("UPDATE activity SET deleted_at = ?2 WHERE id = ?1", params![id, Utc::now().to_rfc3339()])?;
        Ok(())
    })?;
    Ok(a)
}

pub fn restore(store: &mut Store, id: i64) -> Result<Activity> {
    let changed = store.write(|tx| Ok(tx.execute("UPDATE activity SET deleted_at = NULL WHERE id = ?1", [id])?))?;
    if changed == 0 {
        return Err(Error::ActivityNotFound(id));
    }
    get(store, id)
}

/// One day of the day-by-day view.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Day {
    pub date: NaiveDate,
    /// "thứ Tư, 01/10/2025"
    pub label: String,
    pub in_week: bool,
    pub activities: Vec<ActivityRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActivityRow {
    pub activity: Activity,
    pub kind_label: String,
    pub warnings: Vec<String>,
    #[ts(type = "number")]
    pub photos: i64,
}

/// Every day of the week (even empty ones), plus any other day that has an activity.
pub fn by_day(store: &Store, campaign: &Campaign, filter: &ActivityFilter) -> Result<Vec<Day>> {
    let kinds = kinds()?;
    let activities = list(store, campaign.year, filter)?;
    let mut dates: Vec<NaiveDate> = campaign.week_start.iter_days().take_while(|d| *d <= campaign.week_end).collect();
    dates.extend(activities.iter().map(|a| a.date));
    dates.sort();
    dates.dedup();
    let mut photo_count = store.conn().prepare("SELECT COUNT(*) FROM photo WHERE activity_id = ?1")?;
    let mut days = Vec::new();
    for date in dates {
        let mut rows = Vec::new();
        for a in activities.iter().filter(|a| a.date == date) {
            rows.push(ActivityRow {
                kind_label: kinds.iter().find(|k| k.key == a.kind).map(|k| k.label.clone()).unwrap_or_default(),
                warnings: a.warnings(campaign),
                photos: photo_count.query_row([a.id], |r| r.get(0))?,
                activity: a.clone(),
            });
        }
        days.push(Day {
            date,
            label: format!("{}, {}", docs::weekday_name(date), docs::short_date(date)),
            in_week: date >= campaign.week_start && date <= campaign.week_end,
            activities: rows,
        });
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_people_type_them() {
        for (typed, stored) in [
            ("7h30", "07:30"),
            ("7:30", "07:30"),
            ("07:30", "07:30"),
            ("7g", "07:00"),
            ("14h", "14:00"),
            ("9 giờ 15", "09:15"),
            ("7.05", "07:05"),
            ("8", "08:00"),
        ] {
            assert_eq!(time_of_day(typed).as_deref(), Some(stored), "{typed}");
        }
        for wrong in ["", "25h", "7h61", "sáng", "7h30p"] {
            assert_eq!(time_of_day(wrong), None, "{wrong}");
        }
        let a = Activity {
            title: "Lễ khai mạc".into(),
            start_time: " 7h30 ".into(),
            end_time: "9h".into(),
            ..Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap())
        };
        let v = a.validated().unwrap();
        assert_eq!((v.start_time.as_str(), v.end_time.as_str()), ("07:30", "09:00"));
        let bad = Activity { end_time: "sáng".into(), ..a };
        assert!(bad.validated().unwrap_err().to_string().contains("7h30"));
    }
}
