//! Backup page: the list of backups, "back up now", and restore from a chosen file (checked now,
//! applied by restarting the app before the database opens). Automatic weekly backups run on a
//! thread a minute after start.

use tauri::{AppHandle, State};
use tuanle::backup::{self, BackupFile, BackupInfo};
use tuanle::store::{DataDir, Store};

use super::{CmdResult, lock, opened, pick_one};
use crate::AppState;

const AUTOMATIC_DELAY: std::time::Duration = std::time::Duration::from_secs(60);

/// A weekly backup, made in the background with its own connection, a minute after start.
pub fn start_automatic(dir: DataDir) {
    std::thread::spawn(move || {
        // Not while the window opens and the user starts working: a backup of many photos
        // competes for the disk of an old PC.
        std::thread::sleep(AUTOMATIC_DELAY);
        if let Ok(store) = Store::open(dir) {
            let _ = backup::auto(&store);
        }
    });
}

#[tauri::command]
pub fn backups(state: State<'_, AppState>) -> CmdResult<Vec<BackupFile>> {
    Ok(backup::list(lock(opened(&state)?).0.dir()))
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupInfo> {
    Ok(backup::create(&lock(opened(&state)?).0, None, "SaoLuu")?)
}

/// Asks for a .tuanle file (or takes `path`), checks it, then restarts the app to restore it.
/// Returns `false` when the user closed the dialog.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, state: State<'_, AppState>, path: Option<String>) -> CmdResult<bool> {
    let dir = lock(opened(&state)?).0.dir().clone();
    let chosen = match path {
        Some(p) => Some(std::path::PathBuf::from(p)),
        None => {
            let filter = ("Bản sao lưu Tuần Lễ Desk", &[backup::EXTENSION][..]);
            pick_one(&app, &state, "Chọn bản sao lưu để khôi phục", Some(filter)).await
        }
    };
    let Some(file) = chosen else { return Ok(false) };
    backup::schedule_restore(&dir, &file)?;
    app.restart();
}

/// The backup the app was opened with, if any (given once: a reload does not offer it again).
#[tauri::command]
pub fn opened_file(state: State<'_, AppState>) -> Option<String> {
    state.opened_file.lock().unwrap_or_else(|p| p.into_inner()).take()
}
