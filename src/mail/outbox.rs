//! The outbox: pressing send stores the exact message first, then sends it. A message is never
//! sent twice: each attempt records the phase it reached, and a message whose attempt stopped
//! after DATA began (the app was killed waiting for the server's reply) is set aside as
//! "uncertain" for the user to check, never resent blindly. Temporary failures are retried with
//! backoff; permanent ones stop and say what to do.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use super::message::{AttachmentInfo, Built};
use super::{Account, Auth, oauth, smtp};
use crate::store::Store;
use crate::{Error, Result};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OutboxItem {
    #[ts(type = "number")]
    pub id: i64,
    pub year: i32,
    pub message_id: String,
    pub recipient: String,
    pub cc: String,
    pub subject: String,
    pub attachments: Vec<AttachmentInfo>,
    #[ts(type = "number")]
    pub size: u64,
    /// queued, sending, sent, failed, uncertain, cancelled
    pub state: String,
    pub attempts: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: String,
    pub server_reply: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, year, message_id, recipient, cc, subject, attachments, length(raw), state, attempts, next_attempt_at, \
                       last_error, server_reply, created_at, sent_at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<OutboxItem> {
    let attachments: String = r.get(6)?;
    Ok(OutboxItem {
        id: r.get(0)?,
        year: r.get(1)?,
        message_id: r.get(2)?,
        recipient: r.get(3)?,
        cc: r.get(4)?,
        subject: r.get(5)?,
        attachments: serde_json::from_str(&attachments).unwrap_or_default(),
        size: r.get(7)?,
        state: r.get(8)?,
        attempts: r.get(9)?,
        next_attempt_at: r.get(10)?,
        last_error: r.get(11)?,
        server_reply: r.get(12)?,
        created_at: r.get(13)?,
        sent_at: r.get(14)?,
    })
}

pub fn list(store: &Store) -> Result<Vec<OutboxItem>> {
    let mut stmt = store.conn().prepare(&format!("SELECT {COLUMNS} FROM outbox ORDER BY id DESC"))?;
    Ok(stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<OutboxItem> {
    store
        .conn()
        .query_row(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::OutboxNotFound(id))
}

/// The exact bytes of a message (to save as .eml).
pub fn raw(store: &Store, id: i64) -> Result<Vec<u8>> {
    store
        .conn()
        .query_row("SELECT raw FROM outbox WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(Error::OutboxNotFound(id))
}

/// Stores a built message as queued, due now.
pub fn queue(store: &mut Store, year: i32, built: &Built) -> Result<OutboxItem> {
    let now = Utc::now();
    let attachments = serde_json::to_string(&built.attachments).map_err(|e| Error::DocumentWrite(e.to_string()))?;
    let id = store.write(|tx| {
        tx.execute(
            "INSERT INTO outbox (year, message_id, recipient, cc, subject, attachments, raw, state, next_attempt_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8)",
            params![
                year,
                built.message_id,
                built.recipients.first().cloned().unwrap_or_default(),
                built.recipients.iter().skip(1).cloned().collect::<Vec<_>>().join(", "),
                built.subject,
                attachments,
                built.raw,
                now
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    get(store, id)
}

/// After a crash: an attempt that never finished before DATA is harmless (queued again); one that
/// reached DATA may have been delivered, so the message waits for the user ("uncertain").
pub fn recover(store: &mut Store) -> Result<usize> {
    store.write(|tx| {
        let stuck: Vec<(i64, String)> = tx
            .prepare(
                "SELECT o.id, COALESCE((SELECT phase FROM outbox_attempt a WHERE a.outbox_id = o.id ORDER BY a.id DESC LIMIT 1), 'connect')
                 FROM outbox o WHERE o.state = 'sending'",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, phase) in &stuck {
            let (state, note) = if phase == "data" {
                (
                    "uncertain",
                    "Ứng dụng bị tắt khi máy chủ đang nhận thư nên không rõ thư đã đến chưa. Hãy xem hộp «Thư đã gửi» của tài khoản hoặc hỏi nơi nhận, rồi chọn «Đã đến» hoặc «Gửi lại».",
                )
            } else {
                ("queued", "Lần gửi trước bị ngắt trước khi gửi nội dung; thư sẽ được gửi lại.")
            };
            tx.execute("UPDATE outbox SET state = ?2, last_error = ?3 WHERE id = ?1", params![id, state, note])?;
            tx.execute(
                "UPDATE outbox_attempt SET finished_at = ?2, outcome = 'interrupted' WHERE outbox_id = ?1 AND finished_at IS NULL",
                params![id, Utc::now()],
            )?;
        }
        Ok(stuck.len())
    })
}

/// Wait before retry number `attempts` (1, 2, …): 30 s doubling, at most 30 min.
pub fn backoff(attempts: u32) -> Duration {
    Duration::seconds((30i64 << attempts.saturating_sub(1).min(6)).min(1800))
}

/// Claims a due message for sending (atomic across processes); `None` when another took it.
fn claim(store: &mut Store, id: i64) -> Result<Option<i64>> {
    store.write(|tx| {
        let changed =
            tx.execute("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1 AND state = 'queued'", [id])?;
        if changed == 0 {
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO outbox_attempt (outbox_id, started_at, phase) VALUES (?1, ?2, 'connect')",
            params![id, Utc::now()],
        )?;
        Ok(Some(tx.last_insert_rowid()))
    })
}

/// Sends one queued message now. The outcome is recorded whatever happens; the returned item says it.
/// `credential` is the password or access token (`mail::credential`).
pub fn send_one(store: &mut Store, account: &Account, credential: &str, id: i64) -> Result<OutboxItem> {
    let Some(attempt) = claim(store, id)? else {
        let item = get(store, id)?;
        return Err(Error::OutboxState { id, state: item.state });
    };
    let item = get(store, id)?;
    let raw = raw(store, id)?;
    let mut recipients = vec![item.recipient.clone()];
    recipients.extend(item.cc.split(", ").filter(|s| !s.is_empty()).map(str::to_owned));
    let result = smtp::send(account, credential, &recipients, &raw, &mut || {
        store.conn().execute("UPDATE outbox_attempt SET phase = 'data' WHERE id = ?1", [attempt])?;
        Ok(())
    });
    if let Err(Error::Smtp(p)) = &result
        && p.kind == smtp::ProblemKind::SignIn
        && account.auth == Auth::Oauth
    {
        // The server refused the token: the next attempt (after "sign in again") gets a new one.
        oauth::forget_access(account);
    }
    let now = Utc::now();
    store.write(|tx| {
        match &result {
            Ok(reply) => {
                tx.execute(
                    "UPDATE outbox SET state = 'sent', sent_at = ?2, server_reply = ?3, last_error = '', next_attempt_at = NULL WHERE id = ?1",
                    params![id, now, reply],
                )?;
                tx.execute(
                    "UPDATE outbox_attempt SET phase = 'done', finished_at = ?2, outcome = 'sent', reply = ?3 WHERE id = ?1",
                    params![attempt, now, reply],
                )?;
            }
            Err(e) => {
                let permanent = match e {
                    Error::Smtp(p) => p.permanent(),
                    Error::Database(_) | Error::DiskFull | Error::DatabaseBusy => false,
                    _ => true,
                };
                let (state, next) = if permanent { ("failed", None) } else { ("queued", Some(now + backoff(item.attempts + 1))) };
                tx.execute(
                    "UPDATE outbox SET state = ?2, next_attempt_at = ?3, last_error = ?4 WHERE id = ?1",
                    params![id, state, next, e.to_string()],
                )?;
                tx.execute(
                    "UPDATE outbox_attempt SET finished_at = ?2, outcome = ?3 WHERE id = ?1",
                    params![attempt, now, if permanent { "failed" } else { "retry" }],
                )?;
            }
        }
        Ok(())
    })?;
    get(store, id)
}

/// Sends every queued message that is due (all queued ones with `all`). Returns what was tried.
/// The credential is asked for only when something is due (a sign-in account refreshes its token
/// then); when it cannot be had (not signed in, sign-in revoked, no network), the messages stay
/// queued with the reason as their last error.
pub fn send_due(
    store: &mut Store,
    account: &Account,
    credential: impl FnOnce() -> Result<String>,
    all: bool,
) -> Result<Vec<OutboxItem>> {
    recover(store)?;
    let ids: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM outbox WHERE state = 'queued' AND (?1 OR next_attempt_at IS NULL OR next_attempt_at <= ?2) ORDER BY id")?
        .query_map(params![all, Utc::now()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let credential = match credential() {
        Ok(c) => c,
        Err(e) => {
            hold(store, &ids, &e)?;
            return Err(e);
        }
    };
    let mut tried = Vec::new();
    for id in ids {
        match send_one(store, account, &credential, id) {
            Ok(item) => tried.push(item),
            Err(Error::OutboxState { .. }) => {} // another window took it
            Err(e) => return Err(e),
        }
    }
    Ok(tried)
}

/// Keeps queued messages queued with the reason they could not go (no credential yet).
pub fn hold(store: &mut Store, ids: &[i64], reason: &Error) -> Result<()> {
    let note = reason.to_string();
    store.write(|tx| {
        for id in ids {
            tx.execute("UPDATE outbox SET last_error = ?2 WHERE id = ?1 AND state = 'queued'", params![id, note])?;
        }
        Ok(())
    })
}

/// Whether any message waits for sending (for the background worker).
pub fn has_queued(store: &Store) -> Result<bool> {
    Ok(store.conn().query_row("SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'queued')", [], |r| r.get(0))?)
}

fn set_state(store: &mut Store, id: i64, from: &[&str], to: &str, note: &str) -> Result<OutboxItem> {
    let item = get(store, id)?;
    if !from.contains(&item.state.as_str()) {
        return Err(Error::OutboxState { id, state: item.state });
    }
    let now = Utc::now();
    store.write(|tx| {
        let sent_at = (to == "sent").then_some(now);
        tx.execute(
            "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4, sent_at = COALESCE(?5, sent_at) WHERE id = ?1",
            params![id, to, note, (to == "queued").then_some(now), sent_at],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// Stops a message that has not been sent (it stays in the list, marked cancelled).
pub fn cancel(store: &mut Store, id: i64) -> Result<OutboxItem> {
    set_state(store, id, &["queued", "failed", "uncertain"], "cancelled", "")
}

/// Puts a failed, cancelled or uncertain message back in the queue (the user fixed the cause, or
/// checked that an uncertain one did not arrive).
pub fn retry(store: &mut Store, id: i64) -> Result<OutboxItem> {
    set_state(store, id, &["failed", "cancelled", "uncertain"], "queued", "")
}

/// The user checked that an uncertain message did arrive.
pub fn confirm_sent(store: &mut Store, id: i64) -> Result<OutboxItem> {
    set_state(store, id, &["uncertain"], "sent", "Người dùng xác nhận thư đã đến.")
}
