//! The campaign: one school's Lifelong Learning Week of one year (theme, dates, the authority that
//! receives the report and its deadline). The year is its identity.

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::school::SchoolProfile;
use crate::store::Store;
use crate::text::clean_line;
use crate::themes::{KnownYear, Themes, same_wording};
use crate::{Error, FieldError, Result, authority, email};

/// The week was first held in 2011.
pub const FIRST_YEAR: i32 = 2011;
pub const LAST_YEAR: i32 = 2100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Campaign {
    pub year: i32,
    pub theme: String,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    pub opening_date: NaiveDate,
    pub authority_name: String,
    pub authority_email: String,
    pub report_deadline: NaiveDate,
}

/// A proposal for a new campaign, and whether its theme came from the list of known years.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CampaignDraft {
    pub campaign: Campaign,
    pub theme_known: bool,
    /// The wordings of the theme the documents of that year use (more than one when they differ).
    pub theme_choices: Vec<String>,
    /// Where the proposed theme and dates come from, in Vietnamese, for the form's hint.
    pub hint: String,
}

/// Proposes a campaign for `year`: known theme and dates when the year is listed, otherwise the
/// usual 01–07/10 with an empty theme; the authority preset of that era; a deadline a week after.
pub fn draft(year: i32, themes: &Themes, school: Option<&SchoolProfile>) -> Result<CampaignDraft> {
    let in_range = (FIRST_YEAR..=LAST_YEAR).contains(&year);
    let fallback = |month, day| NaiveDate::from_ymd_opt(if in_range { year } else { FIRST_YEAR }, month, day);
    let known = themes.get(year);
    // When 01/10 is a Sunday the week has run Monday 02/10 to 08/10 (2017, 2023).
    let first = fallback(10, 1).ok_or(Error::Validation(vec![year_error()]))?;
    let sunday_start = known.is_none() && first.weekday() == Weekday::Sun;
    let (week_start, week_end) = match known {
        Some(k) => (k.week_start, k.week_end),
        None if sunday_start => (first + Duration::days(1), first + Duration::days(7)),
        None => (first, first + Duration::days(6)),
    };
    let opening_date = known.and_then(|k| k.opening_date).unwrap_or(week_start);
    let theme = known.and_then(|k| k.theme.clone()).unwrap_or_default();
    let (line, place) = school.map(|s| (s.authority_line.as_str(), s.place_name.as_str())).unwrap_or_default();
    let authority_name = authority::preset_for(week_start)?.map(|p| p.name_for(line, place)).unwrap_or_default();
    let hint = match known {
        Some(k) if k.theme.is_some() => {
            format!("Chủ đề và thời gian năm {year} lấy từ danh mục, theo {}. Hãy đối chiếu với công văn nhận được.", k.source)
        }
        Some(k) => format!(
            "Thời gian năm {year} lấy từ danh mục, theo {}. Chủ đề chưa có trong danh mục: hãy nhập theo công văn của Bộ.",
            k.source
        ),
        None if sunday_start => format!(
            "Chưa có chủ đề năm {year} trong danh mục: hãy nhập chủ đề và thời gian theo công văn của Bộ. Ngày 01/10/{year} là Chủ nhật, nên thời gian đề xuất là từ thứ Hai 02/10 đến 08/10, như các năm 2017 và 2023."
        ),
        None => format!("Chưa có chủ đề năm {year} trong danh mục: hãy nhập chủ đề và thời gian theo công văn của Bộ."),
    };
    let hint = match known.map(|k| k.other_wordings.len()) {
        Some(n) if n > 0 => {
            format!("{hint} Các văn bản năm {year} ghi chủ đề theo {} cách: chọn đúng cách ghi trong công văn nhận được.", n + 1)
        }
        _ => hint,
    };
    Ok(CampaignDraft {
        theme_known: !theme.is_empty(),
        theme_choices: known.map(KnownYear::wordings).unwrap_or_default(),
        campaign: Campaign {
            year,
            theme,
            week_start,
            week_end,
            opening_date,
            authority_name,
            authority_email: String::new(),
            report_deadline: week_end + Duration::days(7),
        },
        hint,
    })
}

fn year_error() -> FieldError {
    FieldError::new("year", format!("Năm phải từ {FIRST_YEAR} (năm đầu tiên tổ chức Tuần lễ) đến {LAST_YEAR}."))
}

impl Campaign {
    /// Cleans the text fields and checks the dates; returns the campaign as it will be stored.
    pub fn validated(&self) -> Result<Self> {
        let c = Self {
            theme: clean_line(&self.theme),
            authority_name: clean_line(&self.authority_name),
            authority_email: clean_line(&self.authority_email).to_lowercase(),
            ..self.clone()
        };
        let mut errors = Vec::new();
        if !(FIRST_YEAR..=LAST_YEAR).contains(&c.year) {
            errors.push(year_error());
        }
        if c.theme.is_empty() {
            errors.push(FieldError::new("theme", "Hãy nhập chủ đề của Tuần lễ theo công văn của Bộ Giáo dục và Đào tạo."));
        }
        if c.week_start.year() != c.year {
            errors.push(FieldError::new("week_start", format!("Ngày bắt đầu phải thuộc năm {}.", c.year)));
        }
        if c.week_end < c.week_start {
            errors.push(FieldError::new("week_end", "Ngày kết thúc không được trước ngày bắt đầu."));
        } else if c.week_end - c.week_start > Duration::days(30) {
            errors.push(FieldError::new("week_end", "Tuần lễ kéo dài quá 30 ngày: hãy kiểm tra lại ngày kết thúc."));
        }
        if c.opening_date < c.week_start || c.opening_date > c.week_end {
            errors.push(FieldError::new("opening_date", "Ngày khai mạc phải nằm trong thời gian Tuần lễ."));
        }
        if c.report_deadline < c.week_end {
            errors.push(FieldError::new("report_deadline", "Hạn nộp báo cáo không được trước ngày kết thúc Tuần lễ."));
        } else if c.report_deadline - c.week_end > Duration::days(120) {
            errors.push(FieldError::new("report_deadline", "Hạn nộp báo cáo quá xa ngày kết thúc Tuần lễ: hãy kiểm tra lại."));
        }
        if c.authority_name.is_empty() {
            errors.push(FieldError::new(
                "authority_name",
                "Hãy nhập tên cơ quan nhận báo cáo (ví dụ: Phòng Văn hóa - Xã hội xã Vĩnh Hòa).",
            ));
        }
        if c.authority_email.is_empty() {
            errors.push(FieldError::new("authority_email", "Hãy nhập địa chỉ email nhận báo cáo của cơ quan quản lý."));
        } else if !email::is_valid(&c.authority_email) {
            errors.push(FieldError::new("authority_email", format!("Địa chỉ email «{}» không hợp lệ.", c.authority_email)));
        }
        if errors.is_empty() { Ok(c) } else { Err(Error::Validation(errors)) }
    }

    /// Things worth a second look that do not stop saving (the user may keep their wording).
    pub fn warnings(&self, themes: &Themes) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(known) = themes.get(self.year) {
            if let Some(theme) = &known.theme
                && !known.wordings().iter().any(|w| same_wording(w, &self.theme))
            {
                out.push(format!("Chủ đề khác với chủ đề năm {} trong danh mục: “{theme}”.", self.year));
            }
            if (known.week_start, known.week_end) != (self.week_start, self.week_end) {
                out.push(format!(
                    "Thời gian Tuần lễ khác với danh mục ({} – {}).",
                    known.week_start.format("%d/%m/%Y"),
                    known.week_end.format("%d/%m/%Y")
                ));
            }
        }
        out
    }
}

const COLUMNS: &str = "year, theme, week_start, week_end, opening_date, authority_name, authority_email, report_deadline";

fn from_row(r: &Row) -> rusqlite::Result<Campaign> {
    Ok(Campaign {
        year: r.get(0)?,
        theme: r.get(1)?,
        week_start: r.get(2)?,
        week_end: r.get(3)?,
        opening_date: r.get(4)?,
        authority_name: r.get(5)?,
        authority_email: r.get(6)?,
        report_deadline: r.get(7)?,
    })
}

pub fn get(store: &Store, year: i32) -> Result<Campaign> {
    store
        .conn()
        .query_row(&format!("SELECT {COLUMNS} FROM campaign WHERE year = ?1"), [year], from_row)
        .optional()?
        .ok_or(Error::CampaignNotFound(year))
}

/// The most recent campaign, if any.
pub fn latest(store: &Store) -> Result<Option<Campaign>> {
    Ok(store.conn().query_row(&format!("SELECT {COLUMNS} FROM campaign ORDER BY year DESC LIMIT 1"), [], from_row).optional()?)
}

/// Years that have a campaign, newest first.
pub fn years(store: &Store) -> Result<Vec<i32>> {
    let mut stmt = store.conn().prepare("SELECT year FROM campaign ORDER BY year DESC")?;
    let years = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i32>>>()?;
    Ok(years)
}

pub fn create(store: &mut Store, campaign: &Campaign) -> Result<Campaign> {
    let c = campaign.validated()?;
    store.write(|tx| insert(tx, &c))?;
    Ok(c)
}

/// Inserts an already validated campaign inside the caller's transaction.
pub(crate) fn insert(conn: &Connection, c: &Campaign) -> Result<()> {
    let exists: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM campaign WHERE year = ?1)", [c.year], |r| r.get(0))?;
    if exists {
        return Err(Error::CampaignExists(c.year));
    }
    let now = Utc::now().to_rfc3339();
    conn.execute(
        &format!("INSERT INTO campaign ({COLUMNS}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"),
        params![
            c.year,
            c.theme,
            c.week_start,
            c.week_end,
            c.opening_date,
            c.authority_name,
            c.authority_email,
            c.report_deadline,
            now
        ],
    )?;
    Ok(())
}

pub fn update(store: &mut Store, campaign: &Campaign) -> Result<Campaign> {
    let c = campaign.validated()?;
    store.write(|tx| {
        let changed = tx.execute(
            "UPDATE campaign SET theme = ?2, week_start = ?3, week_end = ?4, opening_date = ?5, authority_name = ?6,
               authority_email = ?7, report_deadline = ?8, updated_at = ?9 WHERE year = ?1",
            params![
                c.year,
                c.theme,
                c.week_start,
                c.week_end,
                c.opening_date,
                c.authority_name,
                c.authority_email,
                c.report_deadline,
                Utc::now().to_rfc3339()
            ],
        )?;
        if changed == 0 { Err(Error::CampaignNotFound(c.year)) } else { Ok(()) }
    })?;
    Ok(c)
}
