//! From photos to activities: which activity of the log each photo goes with, by the day and
//! time it was taken, and why; the photos that go with none, grouped by day and by time, each
//! group proposed as a new activity the user can name and accept.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity::{self, Activity};
use crate::docs;
use crate::store::Store;
use crate::{Error, FieldError, Result, campaign};

/// A photo taken this long before an activity's start is still of it (people gather early).
const EARLY: i64 = 30;
/// … and this long after its end (or, without an end, after its start).
const LATE_AFTER_END: i64 = 60;
const LATE_WITHOUT_END: i64 = 4 * 60;
/// Photos further apart than this are two different moments of the day.
const GAP: i64 = 90;

/// Photos that go with one activity of the log, and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Linked {
    #[ts(type = "number")]
    pub activity_id: i64,
    /// "01/10/2025 07:30 · Lễ khai mạc"
    pub activity: String,
    #[ts(type = "Array<number>")]
    pub photos: Vec<i64>,
    /// When the first and the last of these photos were taken ("07:10", "08:40").
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// Photos of one moment that no activity of the log covers: a new activity to name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Proposal {
    pub date: NaiveDate,
    /// "09:00", from the first photo (rounded down to 5 minutes).
    pub start_time: String,
    /// From the last photo (rounded up); empty for a single moment.
    pub end_time: String,
    /// A title to replace: "Hoạt động lúc 09:00 ngày 03/10/2025".
    pub title: String,
    #[ts(type = "Array<number>")]
    pub photos: Vec<i64>,
}

/// What the photos of an import (or of the whole year) go with.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Matching {
    pub linked: Vec<Linked>,
    pub proposals: Vec<Proposal>,
    /// Photos without a date taken (a screenshot, an edited copy): to be linked by hand.
    #[ts(type = "Array<number>")]
    pub undated: Vec<i64>,
}

fn minutes(t: &str) -> Option<i64> {
    NaiveTime::parse_from_str(t, "%H:%M").ok().map(|t| i64::from(t.hour() * 60 + t.minute()))
}

fn hm(m: i64) -> String {
    format!("{:02}:{:02}", m.clamp(0, 23 * 60 + 59) / 60, m.clamp(0, 23 * 60 + 59) % 60)
}

/// The activity a photo taken at `taken` goes with, and the reason in Vietnamese.
fn activity_for(activities: &[Activity], taken: NaiveDateTime) -> Option<(&Activity, String)> {
    let day: Vec<&Activity> = activities.iter().filter(|a| a.date == taken.date()).collect();
    let t = i64::from(taken.hour() * 60 + taken.minute());
    let mut timed: Vec<(&Activity, i64)> = day.iter().filter_map(|a| minutes(&a.start_time).map(|s| (*a, s))).collect();
    timed.sort_by_key(|(_, s)| *s);
    // The latest activity that has begun (or is about to) and whose time still covers the photo.
    let covering = timed.iter().enumerate().rev().find(|(i, (a, start))| {
        let until = match minutes(&a.end_time) {
            Some(end) => end + LATE_AFTER_END,
            None => (start + LATE_WITHOUT_END).min(timed.get(i + 1).map_or(i64::MAX, |(_, next)| *next + EARLY)),
        };
        start - EARLY <= t && t <= until
    });
    if let Some((_, (a, _))) = covering {
        let span = if a.end_time.is_empty() {
            format!("bắt đầu {}", a.start_time)
        } else {
            format!("{}–{}", a.start_time, a.end_time)
        };
        return Some((a, format!("chụp trong giờ của hoạt động ({span})")));
    }
    if timed.is_empty() && !day.is_empty() {
        let reason = if day.len() == 1 {
            "chụp cùng ngày với hoạt động duy nhất của ngày".to_owned()
        } else {
            "chụp cùng ngày; các hoạt động của ngày chưa ghi giờ nên ghép vào hoạt động đầu tiên, hãy kiểm tra".to_owned()
        };
        return day.first().map(|a| (*a, reason));
    }
    None
}

fn label(a: &Activity) -> String {
    let time = if a.start_time.is_empty() { String::new() } else { format!(" {}", a.start_time) };
    format!("{}{time} · {}", docs::short_date(a.date), a.title)
}

/// Groups the photos (with their moment) that match no activity into proposals.
fn proposals(mut unmatched: Vec<(i64, NaiveDateTime)>) -> Vec<Proposal> {
    unmatched.sort_by_key(|(id, t)| (*t, *id));
    let mut groups: Vec<Vec<(i64, NaiveDateTime)>> = Vec::new();
    for p in unmatched {
        match groups.last_mut() {
            Some(g) if g.last().is_some_and(|(_, t)| t.date() == p.1.date() && p.1 - *t <= Duration::minutes(GAP)) => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    groups
        .into_iter()
        .filter_map(|g| {
            let (first, last) = (g.first()?.1, g.last()?.1);
            let start = i64::from(first.hour() * 60 + first.minute()) / 5 * 5;
            let end = (i64::from(last.hour() * 60 + last.minute()) + 4) / 5 * 5;
            Some(Proposal {
                date: first.date(),
                start_time: hm(start),
                end_time: if end > start { hm(end) } else { String::new() },
                title: format!("Hoạt động lúc {} ngày {}", hm(start), docs::short_date(first.date())),
                photos: g.iter().map(|(id, _)| *id).collect(),
            })
        })
        .collect()
}

/// A photo as the matching sees it: its id, when it was taken, the activity it is linked to.
struct Shot {
    id: i64,
    taken_at: Option<NaiveDateTime>,
    activity_id: Option<i64>,
}

fn shots(store: &Store, year: i32) -> Result<Vec<Shot>> {
    let mut stmt = store.conn().prepare("SELECT id, taken_at, activity_id FROM photo WHERE year = ?1 ORDER BY taken_at, id")?;
    let rows = stmt.query_map([year], |r| Ok(Shot { id: r.get(0)?, taken_at: r.get(1)?, activity_id: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// What `photos` go with: the activity each is linked to (and why), proposals for the others.
fn matching(photos: &[Shot], activities: &[Activity]) -> Matching {
    let mut linked: Vec<Linked> = Vec::new();
    let mut unmatched = Vec::new();
    let mut undated = Vec::new();
    for p in photos {
        let found = p.taken_at.and_then(|t| activity_for(activities, t));
        // Linked by hand (or earlier) to another activity than its time points to: that stands.
        let by_hand = p
            .activity_id
            .filter(|id| found.as_ref().is_none_or(|(a, _)| a.id != Some(*id)))
            .and_then(|id| activities.iter().find(|a| a.id == Some(id)))
            .map(|a| (a, "ghép tay vào hoạt động này".to_owned()));
        let chosen = by_hand.or(found);
        match (chosen, p.taken_at) {
            (Some((a, reason)), taken) => {
                let Some(id) = a.id else { continue };
                let at = taken.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
                match linked.iter_mut().find(|l| l.activity_id == id && l.reason == reason) {
                    Some(l) => {
                        l.photos.push(p.id);
                        if !at.is_empty() {
                            if l.from.is_empty() || at < l.from {
                                l.from = at.clone();
                            }
                            if at > l.to {
                                l.to = at;
                            }
                        }
                    }
                    None => linked.push(Linked {
                        activity_id: id,
                        activity: label(a),
                        photos: vec![p.id],
                        from: at.clone(),
                        to: at,
                        reason,
                    }),
                }
            }
            (None, Some(t)) => unmatched.push((p.id, t)),
            (None, None) => undated.push(p.id),
        }
    }
    Matching { linked, proposals: proposals(unmatched), undated }
}

/// The matching of the photos `ids` of `year` (those of the last import), or of every photo of
/// the year when `ids` is empty.
pub fn review(store: &Store, year: i32, ids: &[i64]) -> Result<Matching> {
    let activities = activity::list(store, year, &activity::ActivityFilter::default())?;
    let photos: Vec<Shot> = shots(store, year)?.into_iter().filter(|p| ids.is_empty() || ids.contains(&p.id)).collect();
    Ok(matching(&photos, &activities))
}

/// Links each photo of `year` that has no activity yet to the one its time points to; returns
/// how many were linked. Photos that match none stay unlinked (and are proposed by `review`).
pub fn link_unlinked(store: &mut Store, year: i32) -> Result<usize> {
    let activities = activity::list(store, year, &activity::ActivityFilter::default())?;
    let links: Vec<(i64, i64)> = shots(store, year)?
        .iter()
        .filter(|p| p.activity_id.is_none())
        .filter_map(|p| p.taken_at.and_then(|t| activity_for(&activities, t)).and_then(|(a, _)| a.id).map(|a| (p.id, a)))
        .collect();
    store.write(|tx| {
        for (photo, act) in &links {
            tx.execute("UPDATE photo SET activity_id = ?2 WHERE id = ?1 AND activity_id IS NULL", params![photo, act])?;
        }
        Ok(())
    })?;
    Ok(links.len())
}

/// Creates the activities the user accepted (named as they chose) and links their photos, all in
/// one transaction; returns the new activities.
pub fn accept(store: &mut Store, year: i32, accepted: &[Proposal]) -> Result<Vec<Activity>> {
    campaign::get(store, year)?;
    let mut made = Vec::with_capacity(accepted.len());
    for p in accepted {
        let a = Activity {
            start_time: p.start_time.clone(),
            end_time: p.end_time.clone(),
            title: p.title.clone(),
            ..Activity::blank(year, p.date)
        };
        made.push(a.validated().map_err(|e| {
            match e {
                Error::Validation(fields) => Error::Validation(
                    fields
                        .into_iter()
                        .map(|f| FieldError::new(&f.field, format!("Nhóm ảnh ngày {}: {}", docs::short_date(p.date), f.message)))
                        .collect(),
                ),
                e => e,
            }
        })?);
    }
    let now = Utc::now().to_rfc3339();
    let ids = store.write(|tx| {
        let mut ids = Vec::with_capacity(made.len());
        for (a, p) in made.iter().zip(accepted) {
            let id = activity::write(tx, a, &now)?;
            for photo in &p.photos {
                tx.execute("UPDATE photo SET activity_id = ?2 WHERE id = ?1 AND year = ?3", params![photo, id, year])?;
            }
            ids.push(id);
        }
        Ok(ids)
    })?;
    ids.into_iter().map(|id| activity::get(store, id)).collect()
}
