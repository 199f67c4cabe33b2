use std::path::PathBuf;

use tauri::{AppHandle, State};
use tuanle::exports::{self, ExportFolder, FolderChange};

use super::{CmdResult, lock, opened, pick_one};
use crate::AppState;

/// «Mở tệp» / «Mở thư mục» after an export: only a document of the data folder's exports.
#[tauri::command]
pub fn open_export(state: State<'_, AppState>, path: PathBuf, folder: bool) -> CmdResult<()> {
    let (store, _) = lock(opened(&state)?);
    Ok(exports::open(&store, &path, folder)?)
}

#[tauri::command]
pub fn export_folder(state: State<'_, AppState>) -> CmdResult<ExportFolder> {
    Ok(exports::folder(&lock(opened(&state)?).0))
}

/// «Chọn thư mục khác…» (the native dialog: the window never names the folder itself, so it can
/// only open what the user chose) or «Về mặc định». `None` when the dialog was closed.
#[tauri::command]
pub async fn choose_export_folder(app: AppHandle, state: State<'_, AppState>, reset: bool) -> CmdResult<Option<FolderChange>> {
    let chosen = if reset {
        None
    } else {
        match pick_one(&app, &state, "Chọn thư mục lưu văn bản xuất ra", None).await {
            Some(folder) => Some(folder),
            None => return Ok(None),
        }
    };
    let mut store = lock(opened(&state)?).0;
    Ok(Some(exports::choose_folder(&mut store, chosen.as_deref())?))
}
