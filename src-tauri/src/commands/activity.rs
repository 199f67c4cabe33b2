use tauri::State;
use tuanle::activity::{self, Activity, ActivityFilter, ActivityKind, Day, SavedActivity};
use tuanle::campaign;
use tuanle::pasted::{self, Pasted};

use super::{CmdResult, lock, opened};
use crate::AppState;

#[tauri::command]
pub fn activity_kinds() -> CmdResult<Vec<ActivityKind>> {
    Ok(activity::kinds()?)
}

#[tauri::command]
pub fn activity_days(state: State<'_, AppState>, year: i32, filter: ActivityFilter) -> CmdResult<Vec<Day>> {
    let (store, _) = lock(opened(&state)?);
    let c = campaign::get(&store, year)?;
    Ok(activity::by_day(&store, &c, &filter)?)
}

#[tauri::command]
pub fn save_activity(state: State<'_, AppState>, activity: Activity) -> CmdResult<SavedActivity> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(activity::save_checked(&mut store, &activity)?)
}

#[tauri::command]
pub fn delete_activity(state: State<'_, AppState>, id: i64) -> CmdResult<Activity> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(activity::delete(&mut store, id)?)
}

#[tauri::command]
pub fn restore_activity(state: State<'_, AppState>, id: i64) -> CmdResult<Activity> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(activity::restore(&mut store, id)?)
}

/// Reads pasted text (a table from Excel, a Zalo message) as activities, without storing them.
#[tauri::command]
pub fn paste_activities(state: State<'_, AppState>, year: i32, text: String) -> CmdResult<Pasted> {
    let (store, _) = lock(opened(&state)?);
    Ok(pasted::read(&store, year, &text)?)
}

/// Stores the pasted activities the user kept, all or none.
#[tauri::command]
pub fn save_activities(state: State<'_, AppState>, activities: Vec<Activity>) -> CmdResult<Vec<Activity>> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(activity::save_all(&mut store, &activities)?)
}
