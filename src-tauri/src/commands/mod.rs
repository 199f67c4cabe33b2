//! Tauri commands, one file per domain. Each converts arguments, calls `tuanle`, converts the result.

pub mod activity;
pub mod backup;
pub mod campaign;
pub mod ceremony;
pub mod exports;
pub mod form;
pub mod overview;
pub mod photo;
pub mod plan;
pub mod report;
pub mod school;
pub mod send;

use std::path::PathBuf;
use std::sync::MutexGuard;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tuanle::ErrorPayload;
use tuanle::store::Store;
use tuanle::themes::Themes;

use crate::{AppState, Opened};

pub type CmdResult<T> = std::result::Result<T, ErrorPayload>;

/// The opened store, or the error that kept it from opening.
pub fn opened(state: &AppState) -> CmdResult<&Opened> {
    state.opened.as_ref().map_err(Clone::clone)
}

/// Locks the store; a poisoned lock (a panic in another command) still gives the data back.
pub fn lock(opened: &Opened) -> (MutexGuard<'_, Store>, &Themes) {
    (opened.store.lock().unwrap_or_else(|p| p.into_inner()), &opened.themes)
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// One file (of `filter`'s extensions) or, without a filter, one folder chosen in the native
/// dialog; `None` when the user closed it. End-to-end tests cannot click in that dialog:
/// the paths of `--e2e-pick-one` answer instead, in turn.
pub async fn pick_one(app: &AppHandle, state: &AppState, title: &str, filter: Option<(&str, &[&str])>) -> Option<PathBuf> {
    if let Some(answers) = &state.test_pick_one {
        return answers.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let dialog = app.dialog().file().set_title(title);
    let send = move |p: Option<tauri_plugin_dialog::FilePath>| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    };
    match filter {
        Some((name, extensions)) => dialog.add_filter(name, extensions).pick_file(send),
        None => dialog.pick_folder(send),
    }
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten()).await.ok().flatten()
}
