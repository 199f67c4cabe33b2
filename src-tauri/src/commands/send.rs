//! The "Gửi" step: mail account, compose, outbox. Sending runs on a background thread with its
//! own database connection, woken when a message is queued and every 20 s while one waits, so the
//! window never waits on the network.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tauri::{AppHandle, State};
use tuanle::mail::message::{self, Compose, Preview};
use tuanle::mail::outbox::{self, OutboxAction, OutboxItem};
use tuanle::mail::secret::Kept;
use tuanle::mail::{self, Account, MailSettings, oauth, secret};
use tuanle::store::{DataDir, Store};
use tuanle::{Error, ErrorPayload};

use super::{CmdResult, lock, opened, pick_one};
use crate::AppState;

const RETRY_TICK: Duration = Duration::from_secs(20);

/// Shared by the commands and the sending thread.
#[derive(Default)]
pub struct Sender {
    wake: (Mutex<bool>, Condvar),
    /// The files chosen in «Đính kèm…»: with the exported documents, all a message may carry.
    chosen: Mutex<Vec<std::path::PathBuf>>,
}

impl Sender {
    fn wake(&self) {
        let (flag, cv) = &self.wake;
        *flag.lock().unwrap_or_else(|p| p.into_inner()) = true;
        cv.notify_one();
    }

    /// Sleeps until woken or `RETRY_TICK` passes.
    fn sleep(&self) {
        let (flag, cv) = &self.wake;
        let guard = flag.lock().unwrap_or_else(|p| p.into_inner());
        let (mut guard, _) = cv.wait_timeout_while(guard, RETRY_TICK, |woken| !*woken).unwrap_or_else(|p| p.into_inner());
        *guard = false;
    }
}

/// Starts the sending thread: recovers interrupted attempts, then sends what is due, forever. It
/// opens the database only while it works, so a restore can replace the file between rounds.
pub fn start_worker(dir: DataDir, sender: Arc<Sender>) {
    std::thread::spawn(move || {
        if let Ok(mut store) = Store::open(dir.clone()) {
            let _ = outbox::recover(&mut store);
        }
        loop {
            if let Ok(mut store) = Store::open(dir.clone())
                && outbox::has_queued(&store).unwrap_or(false)
                && let Ok(Some(account)) = mail::load(&store)
            {
                // Each outcome (or why nothing could go) is recorded in the outbox, which the
                // window polls.
                let _ = outbox::send_due(&mut store, &account, || mail::credential(&dir, &account), false);
            }
            sender.sleep();
        }
    });
}

#[tauri::command]
pub fn mail_settings(state: State<'_, AppState>) -> CmdResult<MailSettings> {
    Ok(mail::settings(&lock(opened(&state)?).0)?)
}

/// Saves the account; a non-empty `password` goes to the keychain (or, without one, to memory,
/// and the returned note says so).
#[tauri::command]
pub fn save_mail_account(state: State<'_, AppState>, account: Account, password: String) -> CmdResult<String> {
    let opened = opened(&state)?;
    let saved = mail::save(&mut lock(opened).0, &account)?;
    if password.is_empty() {
        return Ok("Đã lưu tài khoản.".into());
    }
    Ok(match secret::store(&saved, &password) {
        Kept::Keychain => "Đã lưu tài khoản; mật khẩu được giữ trong kho mật khẩu của Windows/hệ điều hành.".into(),
        Kept::Memory(reason) => format!("Đã lưu tài khoản. {}", Error::Keychain(reason)),
    })
}

/// «Chọn tệp…» for the server's certificate: the chosen file's path (checked when the account is saved).
#[tauri::command]
pub async fn pick_certificate(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Option<String>> {
    let filter = ("Chứng chỉ (.pem, .crt, .cer)", &["pem", "crt", "cer"][..]);
    Ok(pick_one(&app, &state, "Chọn tệp chứng chỉ của máy chủ thư", Some(filter)).await.map(|p| p.display().to_string()))
}

/// Signs in with Google/Microsoft: opens the system browser and waits (up to 5 minutes) for it to
/// come back to the loopback address; the tokens go to the keychain.
#[tauri::command]
pub async fn mail_sign_in(state: State<'_, AppState>) -> CmdResult<String> {
    let opened = opened(&state)?;
    let (dir, account) = {
        let store = lock(opened).0;
        (store.dir().clone(), mail::require(&store)?)
    };
    let pending = oauth::begin(&dir, &account)?;
    oauth::open_browser(&pending.url)?;
    let kept = blocking(move || oauth::finish(pending, &account, oauth::WAIT)).await?;
    opened.sender.wake();
    Ok(match kept {
        Kept::Keychain => "Đã đăng nhập; phiên đăng nhập được giữ trong kho mật khẩu của Windows/hệ điều hành.".into(),
        Kept::Memory(reason) => format!("Đã đăng nhập. {}", Error::Keychain(reason)),
    })
}

#[tauri::command]
pub fn mail_sign_out(state: State<'_, AppState>) -> CmdResult<()> {
    let account = mail::require(&lock(opened(&state)?).0)?;
    Ok(oauth::sign_out(&account)?)
}

/// Runs slow work (network) off the async runtime, without holding the store.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> tuanle::Result<T> + Send + 'static) -> CmdResult<T> {
    Ok(tauri::async_runtime::spawn_blocking(f).await.map_err(|e| ErrorPayload::from(Error::Worker(e.to_string())))??)
}

#[tauri::command]
pub async fn test_mail(state: State<'_, AppState>) -> CmdResult<()> {
    let opened = opened(&state)?;
    let (dir, account) = {
        let store = lock(opened).0;
        (store.dir().clone(), mail::require(&store)?)
    };
    // The store is not locked while the network is slow.
    blocking(move || mail::smtp::test(&account, &mail::credential(&dir, &account)?)).await
}

#[tauri::command]
pub fn compose_draft(state: State<'_, AppState>, year: i32) -> CmdResult<Compose> {
    Ok(message::draft(&lock(opened(&state)?).0, year)?)
}

/// The page names only files it was given: the exports or what «Đính kèm…» chose.
fn check_files(store: &Store, opened: &crate::Opened, compose: &Compose) -> CmdResult<()> {
    let chosen = opened.sender.chosen.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Ok(message::check_files(store, compose, &chosen)?)
}

/// «Đính kèm bản chụp đã ký…»: the file chosen in the dialog joins the message and its letter's
/// list; `None` when the dialog was closed.
#[tauri::command]
pub async fn attach_scan(app: AppHandle, state: State<'_, AppState>, compose: Compose) -> CmdResult<Option<Compose>> {
    let filter = ("Bản chụp (PDF, ảnh)", &["pdf", "jpg", "jpeg", "png"][..]);
    match pick_one(&app, &state, "Chọn bản chụp báo cáo đã ký, đóng dấu", Some(filter)).await {
        Some(file) => {
            let with = message::attach(compose, &file)?;
            opened(&state)?.sender.chosen.lock().unwrap_or_else(|p| p.into_inner()).push(file);
            Ok(Some(with))
        }
        None => Ok(None),
    }
}

#[tauri::command]
pub async fn compose_preview(state: State<'_, AppState>, compose: Compose) -> CmdResult<Preview> {
    let opened = opened(&state)?;
    let store = lock(opened).0;
    check_files(&store, opened, &compose)?;
    let account = mail::require(&store)?;
    Ok(message::preview(&store, &account, &compose)?)
}

/// Hands the message to the outbox (`outbox::submit`), then wakes the sending thread.
#[tauri::command]
pub async fn send_message(state: State<'_, AppState>, compose: Compose) -> CmdResult<OutboxItem> {
    let opened = opened(&state)?;
    let item = {
        let mut store = lock(opened).0;
        check_files(&store, opened, &compose)?;
        let account = mail::require(&store)?;
        let built = message::build(&store, &account, &compose, message::DEFAULT_LIMIT)?;
        outbox::submit(&mut store, &account, compose.year, &built)?
    };
    opened.sender.wake();
    Ok(item)
}

#[tauri::command]
pub fn outbox_list(state: State<'_, AppState>) -> CmdResult<Vec<OutboxItem>> {
    Ok(outbox::list(&lock(opened(&state)?).0)?)
}

/// One of the actions the message's state allows (`OutboxItem::actions`); a retry is sent at once.
#[tauri::command]
pub fn outbox_action(state: State<'_, AppState>, id: i64, action: OutboxAction) -> CmdResult<OutboxItem> {
    let opened = opened(&state)?;
    let item = outbox::act(&mut lock(opened).0, id, action)?;
    opened.sender.wake();
    Ok(item)
}

/// Saves a message of the outbox as .eml beside the exports, and returns the path.
#[tauri::command]
pub fn save_eml(state: State<'_, AppState>, id: i64) -> CmdResult<String> {
    Ok(outbox::save_eml(&lock(opened(&state)?).0, id)?.display().to_string())
}
