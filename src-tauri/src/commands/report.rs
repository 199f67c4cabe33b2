use tauri::{AppHandle, State};
use tuanle::dossier::{self, Dossier};
use tuanle::exports::Export;
use tuanle::outline::{self, OutlineView};
use tuanle::report::{self, Report, ReportState};
use tuanle::stats;

use super::{CmdResult, lock, opened, pick_one};
use crate::AppState;

#[tauri::command]
pub fn report_state(state: State<'_, AppState>, year: i32) -> CmdResult<ReportState> {
    let (store, _) = lock(opened(&state)?);
    Ok(report::state(&store, year)?)
}

#[tauri::command]
pub fn save_report(state: State<'_, AppState>, report: Report) -> CmdResult<ReportState> {
    let (mut store, _) = lock(opened(&state)?);
    report::save(&mut store, &report)?;
    Ok(report::state(&store, report.year)?)
}

// Exports are async commands so the window keeps painting while photos are encoded or
// LibreOffice converts (they hold the store lock but never await while holding it).

#[tauri::command]
pub async fn export_report(state: State<'_, AppState>, year: i32) -> CmdResult<Export> {
    let (store, _) = lock(opened(&state)?);
    Ok(report::export(&store, year, None)?)
}

#[tauri::command]
pub async fn export_report_pdf(state: State<'_, AppState>, year: i32) -> CmdResult<Export> {
    let (store, _) = lock(opened(&state)?);
    Ok(report::export_pdf(&store, year, None)?)
}

#[tauri::command]
pub async fn export_stats(state: State<'_, AppState>, year: i32) -> CmdResult<Export> {
    let (store, _) = lock(opened(&state)?);
    Ok(stats::export(&store, year, None)?)
}

#[tauri::command]
pub async fn export_dossier(state: State<'_, AppState>, year: i32) -> CmdResult<Dossier> {
    let (store, themes) = lock(opened(&state)?);
    Ok(dossier::export(&store, themes, year, None)?)
}

/// Exports again every kept document that is older than the data (the Gửi step's «Xuất lại»).
#[tauri::command]
pub async fn refresh_exports(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<Export>> {
    let (store, themes) = lock(opened(&state)?);
    Ok(dossier::refresh(&store, themes, year)?)
}

/// Sets a statistics row by hand, or (value = null) goes back to the computed value.
#[tauri::command]
pub fn correct_stat(
    state: State<'_, AppState>,
    year: i32,
    key: String,
    value: Option<i64>,
    note: String,
) -> CmdResult<ReportState> {
    let (mut store, _) = lock(opened(&state)?);
    stats::correct(&mut store, year, &key, value, &note)?;
    Ok(report::state(&store, year)?)
}

/// The outline the report follows: the authority's, once imported, else the app's own.
#[tauri::command]
pub fn outline_view(state: State<'_, AppState>, year: i32) -> CmdResult<OutlineView> {
    let (store, _) = lock(opened(&state)?);
    Ok(outline::view(&store, year)?)
}

/// «Đọc mẫu»: the outline read from the text pasted from the authority's letter, and kept.
#[tauri::command]
pub fn import_outline(state: State<'_, AppState>, year: i32, text: String) -> CmdResult<OutlineView> {
    let (mut store, _) = lock(opened(&state)?);
    outline::save(&mut store, year, &outline::parse(&text)?)?;
    Ok(outline::view(&store, year)?)
}

/// «Chọn tệp Word…»: the outline read from the authority's letter (.docx) chosen in the dialog,
/// and kept; `None` when the dialog was closed.
#[tauri::command]
pub async fn pick_outline(app: AppHandle, state: State<'_, AppState>, year: i32) -> CmdResult<Option<OutlineView>> {
    let filter = ("Văn bản Word", &["docx", "doc"][..]);
    let Some(file) = pick_one(&app, &state, "Chọn công văn (Word) có mẫu báo cáo", Some(filter)).await else {
        return Ok(None);
    };
    let read = outline::read_file(&file)?;
    let mut store = lock(opened(&state)?).0;
    outline::save(&mut store, year, &read)?;
    Ok(Some(outline::view(&store, year)?))
}

/// The school's own text under a heading the app does not draft.
#[tauri::command]
pub fn write_outline(state: State<'_, AppState>, year: i32, position: usize, text: String) -> CmdResult<OutlineView> {
    let (mut store, _) = lock(opened(&state)?);
    outline::write(&mut store, year, position, &text)?;
    Ok(outline::view(&store, year)?)
}

/// A heading's drop-down: what the app writes under it (`None`: the school's own text).
#[tauri::command]
pub fn assign_outline(
    state: State<'_, AppState>,
    year: i32,
    position: usize,
    section: Option<outline::Section>,
) -> CmdResult<OutlineView> {
    let (mut store, _) = lock(opened(&state)?);
    outline::assign(&mut store, year, position, section)?;
    Ok(outline::view(&store, year)?)
}

/// «Dùng lại mẫu năm trước».
#[tauri::command]
pub fn reuse_outline(state: State<'_, AppState>, year: i32) -> CmdResult<OutlineView> {
    let (mut store, _) = lock(opened(&state)?);
    outline::reuse(&mut store, year)?;
    Ok(outline::view(&store, year)?)
}

/// «Dùng mẫu của ứng dụng».
#[tauri::command]
pub fn clear_outline(state: State<'_, AppState>, year: i32) -> CmdResult<OutlineView> {
    let (mut store, _) = lock(opened(&state)?);
    outline::clear(&mut store, year)?;
    Ok(outline::view(&store, year)?)
}
