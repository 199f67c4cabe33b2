use std::path::PathBuf;

use tauri::State;
use tuanle::exports;

use super::{CmdResult, lock, opened};
use crate::AppState;

/// «Mở tệp» / «Mở thư mục» after an export: only a document of the data folder's exports.
#[tauri::command]
pub fn open_export(state: State<'_, AppState>, path: PathBuf, folder: bool) -> CmdResult<()> {
    let (store, _) = lock(opened(&state)?);
    Ok(exports::open(&store, &path, folder)?)
}
