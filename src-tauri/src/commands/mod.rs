//! Tauri commands, one file per domain. Each converts arguments, calls `tuanle`, converts the result.

pub mod activity;
pub mod backup;
pub mod campaign;
pub mod ceremony;
pub mod exports;
pub mod overview;
pub mod photo;
pub mod plan;
pub mod report;
pub mod school;
pub mod send;

use std::sync::MutexGuard;

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
