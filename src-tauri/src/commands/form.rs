//! The authority's statistics form: chosen in the dialog or dropped on the window, mapped item by
//! item, filled and exported.

use std::path::Path;
use std::sync::Mutex;

use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tuanle::exports::Export;
use tuanle::form::{self, Dropped, FormView, Mapping};

use super::{CmdResult, lock, opened, pick_one};
use crate::{AppState, Opened};

/// The files a drop on the window gives to the form rather than to the photos.
const FORM_EXTENSIONS: [&str; 5] = ["xlsx", "xls", "docx", "doc", "csv"];

/// The form panel that is open (its year), told of a form dropped on the window.
#[derive(Default)]
pub struct DropTarget(Mutex<Option<(i32, Channel<Dropped>)>>);

/// Whether a drop is a form: one file of a workbook's or a document's kind.
pub fn is_form(paths: &[std::path::PathBuf]) -> bool {
    matches!(paths, [one] if one.extension().and_then(|e| e.to_str()).is_some_and(|e| FORM_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())))
}

/// Imports a form dropped on the window into the year of the open form panel and tells it.
/// Returns false when no form panel is open (the drop is then not a form's).
pub fn dropped(opened: &Opened, path: &Path) -> bool {
    let target = opened.form_drop.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let Some((year, channel)) = target else { return false };
    let result = form::import_file(&mut lock(opened).0, year, path);
    let message = match result {
        Ok(view) => Dropped { view: Some(view), error: None },
        Err(e) => Dropped { view: None, error: Some(e.into()) },
    };
    let _ = channel.send(message);
    true
}

/// The form panel of `year` is open (`Some`) or closed (`None`): drops of a form go to it.
#[tauri::command]
pub fn watch_form_drop(state: State<'_, AppState>, year: Option<i32>, on_drop: Channel<Dropped>) -> CmdResult<()> {
    *opened(&state)?.form_drop.0.lock().unwrap_or_else(|p| p.into_inner()) = year.map(|y| (y, on_drop));
    Ok(())
}

#[tauri::command]
pub fn form_view(state: State<'_, AppState>, year: i32) -> CmdResult<FormView> {
    Ok(form::view(&lock(opened(&state)?).0, year)?)
}

/// «Chọn tệp mẫu…»: the form chosen in the native dialog, read and kept; `None` when closed.
#[tauri::command]
pub async fn pick_form(app: AppHandle, state: State<'_, AppState>, year: i32) -> CmdResult<Option<FormView>> {
    let filter = ("Biểu mẫu (Excel, Word)", &["xlsx", "docx", "xls", "doc", "csv"][..]);
    match pick_one(&app, &state, "Chọn tệp biểu mẫu số liệu của cơ quan quản lý", Some(filter)).await {
        Some(file) => Ok(Some(form::import_file(&mut lock(opened(&state)?).0, year, &file)?)),
        None => Ok(None),
    }
}

#[tauri::command]
pub fn map_form_item(state: State<'_, AppState>, year: i32, position: u32, mapping: Mapping) -> CmdResult<FormView> {
    Ok(form::map(&mut lock(opened(&state)?).0, year, position, &mapping)?)
}

/// «Xác nhận các gợi ý».
#[tauri::command]
pub fn confirm_form(state: State<'_, AppState>, year: i32) -> CmdResult<FormView> {
    Ok(form::confirm_suggestions(&mut lock(opened(&state)?).0, year)?)
}

/// «Dùng lại mẫu năm trước».
#[tauri::command]
pub fn reuse_form(state: State<'_, AppState>, year: i32) -> CmdResult<FormView> {
    Ok(form::reuse(&mut lock(opened(&state)?).0, year)?)
}

/// «Bỏ mẫu này».
#[tauri::command]
pub fn clear_form(state: State<'_, AppState>, year: i32) -> CmdResult<FormView> {
    let mut store = lock(opened(&state)?).0;
    form::clear(&mut store, year)?;
    Ok(form::view(&store, year)?)
}

/// «Xuất mẫu đã điền»: the authority's file with the values, among the exported documents.
#[tauri::command]
pub async fn export_form(state: State<'_, AppState>, year: i32) -> CmdResult<Export> {
    Ok(form::export(&lock(opened(&state)?).0, year, None)?)
}
