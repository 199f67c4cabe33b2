//! Where the school stands: the five steps of the week's paperwork with their state, and the days
//! left before the report deadline. Everything here is derived from stored data, never stored.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::campaign::{self, Campaign};
use crate::exports::{self, DocKind, FreshState};
use crate::school::{self, SchoolProfile};
use crate::store::Store;
use crate::themes::Themes;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepKey {
    Plan,
    Activities,
    Evidence,
    Report,
    Send,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepState {
    NotStarted,
    InProgress,
    Done,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepStatus {
    pub key: StepKey,
    /// "Kế hoạch", "Hoạt động", "Minh chứng", "Báo cáo", "Gửi"
    pub label: String,
    pub state: StepState,
}

impl StepKey {
    pub const ALL: [StepKey; 5] = [Self::Plan, Self::Activities, Self::Evidence, Self::Report, Self::Send];

    pub fn label(self) -> &'static str {
        match self {
            Self::Plan => "Kế hoạch",
            Self::Activities => "Hoạt động",
            Self::Evidence => "Minh chứng",
            Self::Report => "Báo cáo",
            Self::Send => "Gửi",
        }
    }
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Chưa bắt đầu",
            Self::InProgress => "Đang làm",
            Self::Done => "Đã xong",
        }
    }
}

/// The state of each step for a campaign, derived from what is stored.
pub fn steps(store: &Store, campaign: &Campaign) -> Result<Vec<StepStatus>> {
    let plan = document_stage(store, DocKind::Plan, "plan", campaign.year)?;
    let activities = activity_stage(store, campaign)?;
    let evidence = evidence_stage(store, campaign.year)?;
    // The report step includes the authority's own form when the school imported one.
    let report =
        match (document_stage(store, DocKind::Report, "report", campaign.year)?, exports::form_kind(store, campaign.year)?) {
            (StepState::Done, Some(form)) if !current(store, form, campaign.year)? => StepState::InProgress,
            (state, _) => state,
        };
    let send = send_stage(store, campaign.year)?;
    Ok(StepKey::ALL
        .into_iter()
        .map(|key| {
            let state = match key {
                StepKey::Plan => plan,
                StepKey::Activities => activities,
                StepKey::Evidence => evidence,
                StepKey::Report => report,
                StepKey::Send => send,
            };
            StepStatus { key, label: key.label().to_owned(), state }
        })
        .collect())
}

/// Done once a message of the year was sent (or confirmed arrived); in progress while one waits.
fn send_stage(store: &Store, year: i32) -> Result<StepState> {
    let (sent, open): (bool, bool) = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE year = ?1 AND state = 'sent'),
                EXISTS (SELECT 1 FROM outbox WHERE year = ?1 AND state IN ('queued', 'sending', 'failed', 'uncertain'))",
        [year],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(if sent {
        StepState::Done
    } else if open {
        StepState::InProgress
    } else {
        StepState::NotStarted
    })
}

/// Whether the kept file of `kind` says what the data says now.
fn current(store: &Store, kind: DocKind, year: i32) -> Result<bool> {
    let Some(school) = school::load(store)? else { return Ok(false) };
    Ok(exports::freshness(store, kind, year, &school)?.state == FreshState::Current)
}

/// A document step (`plan`, `report`): done when its exported file says what the data says now
/// (the same rule as the send step's); in progress once saved or exported; else not started.
fn document_stage(store: &Store, kind: DocKind, table: &str, year: i32) -> Result<StepState> {
    let Some(school) = school::load(store)? else { return Ok(StepState::NotStarted) };
    let fresh = exports::freshness(store, kind, year, &school)?;
    let saved: bool =
        store.conn().query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE year = ?1)"), [year], |r| r.get(0))?;
    Ok(match fresh.state {
        FreshState::Current => StepState::Done,
        FreshState::Stale => StepState::InProgress,
        FreshState::Missing if saved => StepState::InProgress,
        FreshState::Missing => StepState::NotStarted,
    })
}

/// The log is done once the week is covered from the opening day to its last day.
fn activity_stage(store: &Store, campaign: &Campaign) -> Result<StepState> {
    let (count, opening, last_day): (i64, bool, bool) = store.conn().query_row(
        "SELECT COUNT(*), COALESCE(MAX(date = ?2), 0), COALESCE(MAX(date >= ?3), 0)
         FROM activity WHERE year = ?1 AND deleted_at IS NULL",
        rusqlite::params![campaign.year, campaign.opening_date, campaign.week_end],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(match (count, opening && last_day) {
        (0, _) => StepState::NotStarted,
        (_, true) => StepState::Done,
        _ => StepState::InProgress,
    })
}

/// Evidence is done once representative photos are chosen for the report.
fn evidence_stage(store: &Store, year: i32) -> Result<StepState> {
    let (count, representative): (i64, i64) =
        store.conn().query_row("SELECT COUNT(*), COALESCE(SUM(representative), 0) FROM photo WHERE year = ?1", [year], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(match (count, representative) {
        (0, _) => StepState::NotStarted,
        (_, 0) => StepState::InProgress,
        _ => StepState::Done,
    })
}

/// Days from `today` to the deadline (negative once it has passed).
pub fn days_left(campaign: &Campaign, today: NaiveDate) -> i64 {
    (campaign.report_deadline - today).num_days()
}

/// A sentence for the deadline: "Còn 5 ngày đến hạn nộp báo cáo (14/10/2025)".
pub fn deadline_sentence(campaign: &Campaign, today: NaiveDate) -> String {
    let date = campaign.report_deadline.format("%d/%m/%Y");
    match days_left(campaign, today) {
        0 => format!("Hôm nay là hạn nộp báo cáo ({date})."),
        d if d > 0 => format!("Còn {d} ngày đến hạn nộp báo cáo ({date})."),
        d => format!("Đã quá hạn nộp báo cáo {} ngày (hạn {date}).", -d),
    }
}

/// Everything the app shows on start: the profile, the campaigns, and the selected one's progress.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Overview {
    pub school: Option<SchoolProfile>,
    /// Years with a campaign, newest first.
    pub years: Vec<i32>,
    pub campaign: Option<Campaign>,
    pub steps: Vec<StepStatus>,
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    pub deadline_sentence: Option<String>,
    pub warnings: Vec<String>,
    pub data_dir: String,
    pub app_version: String,
}

/// The overview for `year`, or for the latest campaign when `year` is `None`.
pub fn overview(store: &Store, themes: &Themes, year: Option<i32>, today: NaiveDate) -> Result<Overview> {
    let campaign = match year {
        Some(y) => Some(campaign::get(store, y)?),
        None => campaign::latest(store)?,
    };
    let (steps, days_left, deadline_sentence, warnings) = match &campaign {
        Some(c) => (steps(store, c)?, Some(days_left(c, today)), Some(deadline_sentence(c, today)), c.warnings(themes)),
        None => (Vec::new(), None, None, Vec::new()),
    };
    Ok(Overview {
        school: school::load(store)?,
        years: campaign::years(store)?,
        campaign,
        steps,
        days_left,
        deadline_sentence,
        warnings,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: store.dir().root().display().to_string(),
    })
}

/// The campaign for `year`, or the latest one; an error when there is none.
pub fn pick_campaign(store: &Store, year: Option<i32>) -> Result<Campaign> {
    match year {
        Some(y) => campaign::get(store, y),
        None => campaign::latest(store)?.ok_or(Error::NoCampaign),
    }
}
