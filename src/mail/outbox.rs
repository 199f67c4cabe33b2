//! The outbox: pressing send stores the exact message first, then sends it. A message is never
//! sent twice: each attempt records the phase it reached, and a message whose attempt stopped
//! after DATA began (the app was killed waiting for the server's reply) is set aside as
//! "uncertain" for the user to check, never resent blindly. Temporary failures are retried with
//! backoff; permanent ones stop and say what to do.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::message::{AttachmentInfo, Built};
use super::{Account, Auth, oauth, smtp};
use crate::store::Store;
use crate::{Error, Result};

/// Where a message is. Stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxState {
    /// Waiting to be sent (now, or after a backoff).
    Queued,
    /// An attempt is under way.
    Sending,
    /// The server accepted it (or the user confirmed it arrived).
    Sent,
    /// Refused for good: the user has to act.
    Failed,
    /// The connection ended during DATA: it may have arrived; never resent without the user.
    Uncertain,
    /// Stopped by the user.
    Cancelled,
}

impl OutboxState {
    const ALL: [OutboxState; 6] = [Self::Queued, Self::Sending, Self::Sent, Self::Failed, Self::Uncertain, Self::Cancelled];

    pub fn key(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Uncertain => "uncertain",
            Self::Cancelled => "cancelled",
        }
    }

    /// The state as the window and the messages name it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "Đang chờ gửi",
            Self::Sending => "Đang gửi",
            Self::Sent => "Đã gửi",
            Self::Failed => "Gửi không được",
            Self::Uncertain => "Chưa rõ đã đến chưa",
            Self::Cancelled => "Đã hủy",
        }
    }

    /// What the user may do with a message in this state; the one rule the app and the CLI follow.
    pub fn actions(self) -> &'static [OutboxAction] {
        match self {
            Self::Queued => &[OutboxAction::Cancel],
            Self::Failed => &[OutboxAction::Cancel, OutboxAction::Retry],
            Self::Cancelled => &[OutboxAction::Retry],
            Self::Uncertain => &[OutboxAction::Cancel, OutboxAction::Retry, OutboxAction::Confirm],
            Self::Sending | Self::Sent => &[],
        }
    }
}

impl ToSql for OutboxState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for OutboxState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Self::ALL.into_iter().find(|s| s.key() == text).ok_or(FromSqlError::InvalidType)
    }
}

/// What the user can do with a message. An unknown action is refused when it is read (the
/// window's command and the CLI's subcommands both name one of these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxAction {
    /// Stop a message that has not been sent.
    Cancel,
    /// Put a failed, cancelled or uncertain message back in the queue.
    Retry,
    /// An uncertain message did arrive (checked in the Sent folder or with the recipient).
    Confirm,
}

impl OutboxAction {
    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cancel => "Hủy",
            Self::Retry => "Gửi lại",
            Self::Confirm => "Đã đến nơi",
        }
    }

    /// The state the message goes to, and the note kept with it.
    fn outcome(self) -> (OutboxState, &'static str) {
        match self {
            Self::Cancel => (OutboxState::Cancelled, ""),
            Self::Retry => (OutboxState::Queued, ""),
            Self::Confirm => (OutboxState::Sent, "Người dùng xác nhận thư đã đến."),
        }
    }
}

/// An action the user may take, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OutboxChoice {
    pub action: OutboxAction,
    pub label: String,
}

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
    pub state: OutboxState,
    /// `OutboxState::label`.
    pub state_label: String,
    /// What the user may do with it now (`OutboxState::actions`), with the buttons' texts.
    pub actions: Vec<OutboxChoice>,
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
    let state: OutboxState = r.get(8)?;
    Ok(OutboxItem {
        id: r.get(0)?,
        year: r.get(1)?,
        message_id: r.get(2)?,
        recipient: r.get(3)?,
        cc: r.get(4)?,
        subject: r.get(5)?,
        attachments: serde_json::from_str(&attachments).unwrap_or_default(),
        size: r.get(7)?,
        state,
        state_label: state.label().to_owned(),
        actions: state.actions().iter().map(|&action| OutboxChoice { action, label: action.label().to_owned() }).collect(),
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

/// The one rule for handing a message to the outbox, for the window and the CLI alike: an account
/// that cannot sign in at all (no password kept, never signed in) is said before anything is
/// queued; otherwise the message is stored as queued, due now. An expired sign-in still queues (the
/// outbox then says to sign in again), and so does an offline machine.
pub fn submit(store: &mut Store, account: &Account, year: i32, built: &Built) -> Result<OutboxItem> {
    if !super::has_credential(account) {
        super::credential(store.dir(), account)?;
    }
    queue(store, year, built)
}

fn queue(store: &mut Store, year: i32, built: &Built) -> Result<OutboxItem> {
    let now = Utc::now();
    let attachments = serde_json::to_string(&built.attachments)?;
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
                    OutboxState::Uncertain,
                    "Ứng dụng bị tắt khi máy chủ đang nhận thư nên không rõ thư đã đến chưa. Hãy xem hộp «Thư đã gửi» của tài khoản hoặc hỏi nơi nhận, rồi chọn «Đã đến» hoặc «Gửi lại».",
                )
            } else {
                (OutboxState::Queued, "Lần gửi trước bị ngắt trước khi gửi nội dung; thư sẽ được gửi lại.")
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
        return Err(Error::OutboxState { id, state: item.state.label().to_owned() });
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
                let (state, next) = if permanent {
                    (OutboxState::Failed, None)
                } else {
                    (OutboxState::Queued, Some(now + backoff(item.attempts + 1)))
                };
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

/// Saves message `id` as .eml beside the year's exports (`Thu_TuanLeHTSD_<year>_<id>.eml`), for
/// the user to open in a mail program or keep.
pub fn save_eml(store: &Store, id: i64) -> Result<PathBuf> {
    let item = get(store, id)?;
    let path = store.exports().join(item.year.to_string()).join(format!("Thu_TuanLeHTSD_{}_{id}.eml", item.year));
    crate::store::write_file_atomic(&path, &raw(store, id)?)?;
    Ok(path)
}

/// Does `action` to message `id`, if its state allows it (`OutboxState::actions`).
pub fn act(store: &mut Store, id: i64, action: OutboxAction) -> Result<OutboxItem> {
    let item = get(store, id)?;
    if !item.state.actions().contains(&action) {
        return Err(Error::OutboxState { id, state: item.state.label().to_owned() });
    }
    let (to, note) = action.outcome();
    let now = Utc::now();
    store.write(|tx| {
        let sent_at = (to == OutboxState::Sent).then_some(now);
        tx.execute(
            "UPDATE outbox SET state = ?2, last_error = ?3, next_attempt_at = ?4, sent_at = COALESCE(?5, sent_at) WHERE id = ?1",
            params![id, to, note, (to == OutboxState::Queued).then_some(now), sent_at],
        )?;
        Ok(())
    })?;
    get(store, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_as_itself_and_an_unknown_one_is_refused() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for state in OutboxState::ALL {
            let back: OutboxState = conn.query_row("SELECT ?1", [state], |r| r.get(0)).unwrap();
            assert_eq!(back, state);
        }
        assert!(conn.query_row("SELECT 'lost'", [], |r| r.get::<_, OutboxState>(0)).is_err());
    }

    #[test]
    fn only_a_message_that_may_have_arrived_can_be_confirmed_and_a_sent_one_is_final() {
        for state in OutboxState::ALL {
            let actions = state.actions();
            assert_eq!(actions.contains(&OutboxAction::Confirm), state == OutboxState::Uncertain, "{state:?}");
            assert_eq!(actions.contains(&OutboxAction::Retry), state != OutboxState::Queued && !actions.is_empty(), "{state:?}");
        }
        assert!(OutboxState::Sent.actions().is_empty() && OutboxState::Sending.actions().is_empty());
    }
}
