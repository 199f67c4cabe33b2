//! The plan (Kế hoạch) of a campaign: its content as data (legal bases, purposes, activities,
//! duties per unit, recipients), fresh default texts adapted to the year, storage, the layout as
//! a `Document`, export to .docx and cloning last year's plan.

pub mod findings;

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaign::{self, Campaign};
use crate::checks::Finding;
use crate::docs::{self, Block, DocHeader, Document, Recipients, Signature, Span};
use crate::exports::{self, DocKind, Export, Freshness};
use crate::school::{self, SchoolProfile};
use crate::store::Store;
use crate::text::{self, clean_line, clean_text};
use crate::themes::Themes;
use crate::{Error, FieldError, Result};

const DEFAULTS: &str = include_str!("../../../assets/texts/plan.json");

/// One "Căn cứ …;" line: "Căn cứ Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ …".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LegalBasis {
    /// "Căn cứ" or "Thực hiện".
    pub prefix: String,
    /// "Quyết định", "Công văn", "Kế hoạch"…
    pub doc_kind: String,
    pub number: String,
    pub date: Option<NaiveDate>,
    pub issuer: String,
    pub subject: String,
}

/// One paragraph of section III: a unit and its duties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assignment {
    pub unit: String,
    pub duties: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Plan {
    pub year: i32,
    /// The registered number ("05"), empty until the office registers the document.
    pub number: String,
    pub issue_date: NaiveDate,
    pub legal_bases: Vec<LegalBasis>,
    pub intro: String,
    pub purposes: Vec<String>,
    pub requirements: Vec<String>,
    pub activities: Vec<String>,
    pub assignments: Vec<Assignment>,
    pub closing: String,
    pub recipients: Vec<String>,
}

impl LegalBasis {
    /// The sentence without its final punctuation. A missing number, date or issuer shows as "…"
    /// so the gap is visible; a basis with neither (the school-year plan) is cited by name only.
    pub fn sentence(&self) -> String {
        let mut parts = vec![clean_line(&self.prefix), clean_line(&self.doc_kind)];
        let number = clean_line(&self.number);
        if !number.is_empty() || self.date.is_some() {
            parts.push(format!("số {}", if number.is_empty() { "…" } else { &number }));
            parts.push(format!("ngày {}", self.date.map_or("…".to_owned(), |d| d.format("%d/%-m/%Y").to_string())));
        }
        let issuer = clean_line(&self.issuer);
        if !issuer.is_empty() {
            parts.push(format!("của {issuer}"));
        } else if self.needs_reference() {
            parts.push("của …".to_owned());
        }
        parts.push(clean_line(&self.subject));
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }

    /// "Căn cứ" lines must cite a number and a date; "Thực hiện" lines may name a plan only.
    pub fn needs_reference(&self) -> bool {
        clean_line(&self.prefix).to_lowercase().starts_with("căn cứ")
    }
}

#[derive(Deserialize)]
struct DefaultBasis {
    prefix: String,
    doc_kind: String,
    number: String,
    date: String,
    issuer: String,
    subject: String,
    from_year: Option<i32>,
}

#[derive(Deserialize)]
struct Defaults {
    legal_bases: Vec<DefaultBasis>,
    intro: String,
    purposes: Vec<String>,
    requirements: Vec<String>,
    activities: Vec<String>,
    assignments: Vec<Assignment>,
    closing: String,
    recipients: Vec<String>,
}

/// How the opening joins the flag ceremony (hoạt động dưới cờ), which is held on Monday morning.
pub const WITH_FLAG_CEREMONY: &str = ", lồng ghép với hoạt động dưới cờ";

/// The opening can join the flag ceremony only when it falls on a Monday.
pub fn opens_on_monday(campaign: &Campaign) -> bool {
    campaign.opening_date.weekday() == chrono::Weekday::Mon
}

/// "2025-2026": the school year in which the October week falls.
pub fn school_year(year: i32) -> String {
    format!("{year}-{}", year + 1)
}

/// A new plan for `campaign`, from the default texts filled with the year, theme, dates, school
/// and authority; the Ministry's letter is cited with its number when the year is known.
pub fn draft(campaign: &Campaign, school: &SchoolProfile, themes: &Themes, today: NaiveDate) -> Result<Plan> {
    let defaults: Defaults = serde_json::from_str(DEFAULTS)
        .map_err(|e| Error::DataFile { path: "assets/texts/plan.json".into(), reason: e.to_string() })?;
    let letter = themes.get(campaign.year).and_then(|k| k.ministry_letter.clone());
    let values = [
        ("school", clean_line(&school.name)),
        ("year", campaign.year.to_string()),
        ("theme", campaign.theme.clone()),
        ("school_year", school_year(campaign.year)),
        ("week_start", docs::short_date(campaign.week_start)),
        ("week_end", docs::short_date(campaign.week_end)),
        ("opening", docs::short_date(campaign.opening_date)),
        ("opening_weekday", docs::weekday_name(campaign.opening_date).to_owned()),
        ("opening_with_flag", if opens_on_monday(campaign) { WITH_FLAG_CEREMONY } else { "" }.to_owned()),
        ("authority", campaign.authority_name.clone()),
        ("ministry_letter_number", letter.as_ref().map(|l| l.number.clone()).unwrap_or_default()),
        ("ministry_letter_date", letter.as_ref().map(|l| l.date.to_string()).unwrap_or_default()),
    ];
    let f = |t: &str| text::fill(t, &values);
    let legal_bases = defaults
        .legal_bases
        .iter()
        .filter(|b| b.from_year.is_none_or(|from| campaign.year >= from))
        .map(|b| LegalBasis {
            prefix: f(&b.prefix),
            doc_kind: f(&b.doc_kind),
            number: f(&b.number),
            date: NaiveDate::parse_from_str(&f(&b.date), "%Y-%m-%d").ok(),
            issuer: f(&b.issuer),
            subject: f(&b.subject),
        })
        .collect();
    // A plan is issued before its week: today while that is still possible.
    let issue_date = if today < campaign.week_start && today.year() == campaign.year { today } else { campaign.week_start };
    Ok(Plan {
        year: campaign.year,
        number: String::new(),
        issue_date,
        legal_bases,
        intro: f(&defaults.intro),
        purposes: defaults.purposes.iter().map(|t| f(t)).collect(),
        requirements: defaults.requirements.iter().map(|t| f(t)).collect(),
        activities: defaults.activities.iter().map(|t| f(t)).collect(),
        assignments: defaults.assignments.iter().map(|a| Assignment { unit: f(&a.unit), duties: f(&a.duties) }).collect(),
        closing: f(&defaults.closing),
        recipients: defaults.recipients.iter().map(|t| f(t)).collect(),
    })
}

impl Plan {
    /// Every text cleaned (NFC, no invisible characters), empty list rows dropped.
    pub fn cleaned(&self) -> Self {
        let lines = |v: &[String]| v.iter().map(|t| clean_text(t)).filter(|t| !t.is_empty()).collect::<Vec<_>>();
        Self {
            year: self.year,
            number: clean_line(&self.number),
            issue_date: self.issue_date,
            legal_bases: self
                .legal_bases
                .iter()
                .map(|b| LegalBasis {
                    prefix: clean_line(&b.prefix),
                    doc_kind: clean_line(&b.doc_kind),
                    number: clean_line(&b.number),
                    date: b.date,
                    issuer: clean_line(&b.issuer),
                    subject: clean_line(&b.subject),
                })
                .filter(|b| !(b.doc_kind.is_empty() && b.subject.is_empty() && b.number.is_empty()))
                .collect(),
            intro: clean_text(&self.intro),
            purposes: lines(&self.purposes),
            requirements: lines(&self.requirements),
            activities: lines(&self.activities),
            assignments: self
                .assignments
                .iter()
                .map(|a| Assignment { unit: clean_line(&a.unit), duties: clean_text(&a.duties) })
                .filter(|a| !(a.unit.is_empty() && a.duties.is_empty()))
                .collect(),
            closing: clean_text(&self.closing),
            recipients: self.recipients.iter().map(|t| clean_line(t)).filter(|t| !t.is_empty()).collect(),
        }
    }

    fn validated(&self, campaign: &Campaign) -> Result<Self> {
        let p = self.cleaned();
        let mut errors = Vec::new();
        if p.year != campaign.year {
            errors.push(FieldError::new("year", "Kế hoạch không thuộc Tuần lễ đang chọn."));
        }
        if !p.number.is_empty() && !p.number.chars().all(|c| c.is_ascii_digit()) {
            errors.push(FieldError::new("number", "Số văn bản chỉ gồm chữ số (ví dụ: 05), hoặc để trống khi chưa vào sổ."));
        }
        if (p.issue_date - campaign.week_start).num_days().abs() > 366 {
            errors.push(FieldError::new("issue_date", "Ngày ban hành cách Tuần lễ quá một năm: hãy kiểm tra lại."));
        }
        if errors.is_empty() { Ok(p) } else { Err(Error::Validation(errors)) }
    }

    /// The plan laid out with the document engine: the one structure for .docx and preview.
    pub fn document(&self, campaign: &Campaign, school: &SchoolProfile) -> Document {
        let p = self.cleaned();
        let mut body = Vec::new();
        let last = p.legal_bases.len().saturating_sub(1);
        for (i, basis) in p.legal_bases.iter().enumerate() {
            body.push(Block::paragraph(&format!("{}{}", basis.sentence(), if i == last { "," } else { ";" })));
        }
        body.extend(Block::paragraphs(&p.intro));

        body.push(Block::heading(1, "I. MỤC ĐÍCH, YÊU CẦU"));
        body.push(Block::heading(2, "1. Mục đích"));
        for (i, t) in p.purposes.iter().enumerate() {
            body.push(Block::paragraph(&format!("{}) {t}", item_letter(i))));
        }
        body.push(Block::heading(2, "2. Yêu cầu"));
        for t in &p.requirements {
            body.push(Block::paragraph(&format!("- {t}")));
        }

        body.push(Block::heading(1, "II. NỘI DUNG, THỜI GIAN TỔ CHỨC"));
        body.push(Block::heading(2, "1. Chủ đề"));
        body.push(Block::spans(vec![
            Span::plain(&format!("Chủ đề năm {}: ", campaign.year)),
            Span::bold_italic(&format!("“{}”", clean_line(&campaign.theme))),
        ]));
        body.push(Block::heading(2, "2. Thời gian"));
        body.push(Block::paragraph(&format!(
            "Tuần lễ được tổ chức từ ngày {} đến ngày {}.",
            docs::short_date(campaign.week_start),
            docs::short_date(campaign.week_end)
        )));
        body.push(Block::paragraph(&format!(
            "Lễ khai mạc tổ chức vào {}, ngày {}.",
            docs::weekday_name(campaign.opening_date),
            docs::short_date(campaign.opening_date)
        )));
        body.push(Block::heading(2, "3. Các hoạt động"));
        for t in &p.activities {
            body.push(Block::paragraph(&format!("- {t}")));
        }

        body.push(Block::heading(1, "III. TỔ CHỨC THỰC HIỆN"));
        for (i, a) in p.assignments.iter().enumerate() {
            body.push(Block::heading(2, &format!("{}. {}", i + 1, a.unit)));
            body.extend(Block::paragraphs(&a.duties));
        }
        body.extend(Block::paragraphs(&p.closing));

        Document {
            header: DocHeader::new(school, "KH", &p.number, p.issue_date),
            title: "KẾ HOẠCH".into(),
            summary: format!("Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm {}", campaign.year),
            body,
            recipients: Recipients::of(&p.recipients),
            signature: Signature::of(school),
        }
    }
}

/// a, b, c … (Vietnamese lists skip no letter up to z for our lengths).
fn item_letter(i: usize) -> char {
    (b'a' + (i % 26) as u8) as char
}

// ---------------------------------------------------------------- storage

pub fn load(store: &Store, year: i32) -> Result<Option<Plan>> {
    let conn = store.conn();
    let head = conn
        .query_row("SELECT number, issue_date, intro, closing FROM plan WHERE year = ?1", [year], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })
        .optional()?;
    let Some((number, issue_date, intro, closing)) = head else { return Ok(None) };
    let mut stmt = conn.prepare(
        "SELECT prefix, doc_kind, number, date, issuer, subject FROM plan_legal_basis WHERE year = ?1 ORDER BY position",
    )?;
    let legal_bases = stmt
        .query_map([year], |r| {
            Ok(LegalBasis {
                prefix: r.get(0)?,
                doc_kind: r.get(1)?,
                number: r.get(2)?,
                date: r.get(3)?,
                issuer: r.get(4)?,
                subject: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare("SELECT text FROM plan_item WHERE year = ?1 AND section = ?2 ORDER BY position")?;
    let mut items = |section: &str| -> Result<Vec<String>> {
        Ok(stmt.query_map(params![year, section], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?)
    };
    let (purposes, requirements, activities, recipients) =
        (items("purpose")?, items("requirement")?, items("activity")?, items("recipient")?);
    let mut stmt = conn.prepare("SELECT unit, duties FROM plan_assignment WHERE year = ?1 ORDER BY position")?;
    let assignments = stmt
        .query_map([year], |r| Ok(Assignment { unit: r.get(0)?, duties: r.get(1)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Plan {
        year,
        number,
        issue_date,
        legal_bases,
        intro,
        purposes,
        requirements,
        activities,
        assignments,
        closing,
        recipients,
    }))
}

/// Stores the whole plan in one transaction (its lists replace the stored ones); returns it cleaned.
pub fn save(store: &mut Store, plan: &Plan) -> Result<Plan> {
    let campaign = campaign::get(store, plan.year)?;
    let p = plan.validated(&campaign)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO plan (year, number, issue_date, intro, closing, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (year) DO UPDATE SET number = excluded.number, issue_date = excluded.issue_date,
               intro = excluded.intro, closing = excluded.closing, updated_at = excluded.updated_at",
            params![p.year, p.number, p.issue_date, p.intro, p.closing, Utc::now().to_rfc3339()],
        )?;
        for table in ["plan_legal_basis", "plan_item", "plan_assignment"] {
            tx.execute(&format!("DELETE FROM {table} WHERE year = ?1"), [p.year])?;
        }
        for (i, b) in p.legal_bases.iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_legal_basis (year, position, prefix, doc_kind, number, date, issuer, subject)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![p.year, i, b.prefix, b.doc_kind, b.number, b.date, b.issuer, b.subject],
            )?;
        }
        for (section, list) in [
            ("purpose", &p.purposes),
            ("requirement", &p.requirements),
            ("activity", &p.activities),
            ("recipient", &p.recipients),
        ] {
            for (i, text) in list.iter().enumerate() {
                tx.execute(
                    "INSERT INTO plan_item (year, section, position, text) VALUES (?1, ?2, ?3, ?4)",
                    params![p.year, section, i, text],
                )?;
            }
        }
        for (i, a) in p.assignments.iter().enumerate() {
            tx.execute(
                "INSERT INTO plan_assignment (year, position, unit, duties) VALUES (?1, ?2, ?3, ?4)",
                params![p.year, i, a.unit, a.duties],
            )?;
        }
        Ok(())
    })?;
    Ok(p)
}

/// The plan as stored, or a fresh draft that is not stored yet.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanState {
    pub plan: Plan,
    pub saved: bool,
    /// Years before this one that have a plan to start from.
    pub clone_sources: Vec<i32>,
    pub document: Document,
    pub findings: Vec<Finding>,
    /// Whether the exported .docx says what the plan says now.
    pub freshness: Freshness,
}

pub fn state(store: &Store, themes: &Themes, year: i32, today: NaiveDate) -> Result<PlanState> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let (plan, saved) = match load(store, year)? {
        Some(p) => (p, true),
        None => (draft(&campaign, &school, themes, today)?, false),
    };
    let freshness = exports::freshness(store, DocKind::Plan, year, &school)?;
    let mut stmt = store.conn().prepare("SELECT year FROM plan WHERE year < ?1 ORDER BY year DESC")?;
    let clone_sources = stmt.query_map([year], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i32>>>()?;
    Ok(PlanState {
        document: plan.document(&campaign, &school),
        findings: findings::check(&plan, &campaign, &school, themes),
        plan,
        saved,
        clone_sources,
        freshness,
    })
}

/// The layout and checks of a plan being edited, before it is saved (the live preview).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PlanPreview {
    pub document: Document,
    pub findings: Vec<Finding>,
}

pub fn preview(store: &Store, themes: &Themes, plan: &Plan) -> Result<PlanPreview> {
    let campaign = campaign::get(store, plan.year)?;
    let school = school::require(store)?;
    let cleaned = plan.cleaned();
    Ok(PlanPreview {
        document: cleaned.document(&campaign, &school),
        findings: findings::check(&cleaned, &campaign, &school, themes),
    })
}

/// Writes the stored plan of `year` as .docx into `exports/<year>/` (or `target`), atomically:
/// a half-written file never takes the place of a good one.
pub fn export(store: &Store, themes: &Themes, year: i32, target: Option<PathBuf>) -> Result<Export> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let plan = load(store, year)?.ok_or(Error::PlanNotFound(year))?;
    let made_from = exports::fingerprint(store, DocKind::Plan, year)?;
    let bytes = docs::docx::write(&plan.document(&campaign, &school))?;
    let findings = findings::check(&plan, &campaign, &school, themes);
    exports::write(store, DocKind::Plan, year, &school, target, &bytes, &made_from).map(|e| Export { findings, ..e })
}

/// The result of starting a plan from another year's.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CloneReport {
    pub plan: Plan,
    /// How many replacements were made (theme, the week's dates, school year, the week's name).
    pub moved: usize,
    /// Every place where the old year or old dates remain, for the user to decide.
    pub remaining: Vec<Finding>,
}

/// Copies the plan of `from` into the campaign of `to` (which must have no plan yet), moving the
/// theme, the week's dates, the school year and "…suốt đời năm YYYY"; cited documents of the old
/// year lose their number and date. Stores the result.
pub fn clone_from(store: &mut Store, themes: &Themes, from: i32, to: i32) -> Result<CloneReport> {
    if load(store, to)?.is_some() {
        return Err(Error::PlanExists(to));
    }
    let old_campaign = campaign::get(store, from)?;
    let new_campaign = campaign::get(store, to)?;
    let school = school::require(store)?;
    let old = load(store, from)?.ok_or(Error::PlanNotFound(from))?;

    let mut pairs: Vec<(String, String)> = Vec::new();
    if !old_campaign.theme.is_empty() && old_campaign.theme != new_campaign.theme {
        pairs.push((old_campaign.theme.clone(), new_campaign.theme.clone()));
    }
    for (a, b) in [
        (old_campaign.week_start, new_campaign.week_start),
        (old_campaign.week_end, new_campaign.week_end),
        (old_campaign.opening_date, new_campaign.opening_date),
        (old_campaign.report_deadline, new_campaign.report_deadline),
    ] {
        pairs.push((docs::short_date(a), docs::short_date(b)));
        pairs.push((a.format("%d/%-m/%Y").to_string(), b.format("%d/%-m/%Y").to_string()));
        pairs.push((docs::date_words(a), docs::date_words(b)));
        pairs.push((format!("{}, ngày", docs::weekday_name(a)), format!("{}, ngày", docs::weekday_name(b))));
    }
    pairs.push((school_year(from), school_year(to)));
    pairs.push((format!("{from} - {}", from + 1), format!("{to} - {}", to + 1)));
    pairs.push((format!("suốt đời năm {from}"), format!("suốt đời năm {to}")));
    pairs.push((format!("chủ đề năm {from}"), format!("chủ đề năm {to}")));
    // Last year's opening on a Monday joined the flag ceremony; this year's may not.
    if !opens_on_monday(&new_campaign) {
        pairs.push((WITH_FLAG_CEREMONY.to_owned(), String::new()));
    }
    pairs.retain(|(a, b)| a != b);

    let mut moved = 0;
    let mut mv = |text: &str| -> String {
        pairs.iter().fold(text.to_owned(), |t, (a, b)| {
            moved += t.matches(a.as_str()).count();
            t.replace(a.as_str(), b)
        })
    };
    let mut plan = Plan {
        year: to,
        number: String::new(),
        issue_date: shift_year(old.issue_date, to - from),
        legal_bases: Vec::new(),
        intro: mv(&old.intro),
        purposes: old.purposes.iter().map(|t| mv(t)).collect(),
        requirements: old.requirements.iter().map(|t| mv(t)).collect(),
        activities: old.activities.iter().map(|t| mv(t)).collect(),
        assignments: old.assignments.iter().map(|a| Assignment { unit: mv(&a.unit), duties: mv(&a.duties) }).collect(),
        closing: mv(&old.closing),
        recipients: old.recipients.iter().map(|t| mv(t)).collect(),
    };
    let letter = themes.get(to).and_then(|k| k.ministry_letter.clone());
    plan.legal_bases = old
        .legal_bases
        .iter()
        .map(|b| {
            let subject = mv(&b.subject);
            // A yearly document (its subject names the year) is a new document this year.
            let yearly = subject.contains(&to.to_string()) && b.subject != subject;
            let is_ministry = b.issuer.contains("Bộ Giáo dục");
            match (yearly, is_ministry, &letter) {
                (true, true, Some(l)) => LegalBasis { number: l.number.clone(), date: Some(l.date), subject, ..b.clone() },
                (true, _, _) => LegalBasis { number: String::new(), date: None, subject, ..b.clone() },
                _ => LegalBasis { subject, ..b.clone() },
            }
        })
        .collect();
    let plan = save(store, &plan)?;
    let remaining = findings::check(&plan, &new_campaign, &school, themes)
        .into_iter()
        .filter(|f| f.code == "stray_year" || f.code == "date_outside_week")
        .collect();
    Ok(CloneReport { plan, moved, remaining })
}

fn shift_year(date: NaiveDate, years: i32) -> NaiveDate {
    date.with_year(date.year() + years).or_else(|| date.pred_opt().and_then(|d| d.with_year(d.year() + years))).unwrap_or(date)
}
