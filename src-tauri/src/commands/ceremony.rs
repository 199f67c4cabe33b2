use tauri::State;
use tuanle::ceremony::{self, CeremonyItem};
use tuanle::exports::Export;

use super::{CmdResult, lock, opened};
use crate::AppState;

#[tauri::command]
pub fn ceremony_items(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<CeremonyItem>> {
    let (store, _) = lock(opened(&state)?);
    Ok(ceremony::items(&store, year)?)
}

#[tauri::command]
pub fn save_ceremony(state: State<'_, AppState>, year: i32, items: Vec<CeremonyItem>) -> CmdResult<Vec<CeremonyItem>> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(ceremony::save(&mut store, year, &items)?)
}

#[tauri::command]
pub fn export_ceremony(state: State<'_, AppState>, year: i32) -> CmdResult<Export> {
    let (store, _) = lock(opened(&state)?);
    Ok(ceremony::export(&store, year, None)?)
}
