use tauri::State;
use tuanle::progress::{self, Overview};
use tuanle::school::{self, SchoolProfile};

use super::{CmdResult, lock, opened, today};
use crate::AppState;

#[tauri::command]
pub fn save_school(state: State<'_, AppState>, profile: SchoolProfile) -> CmdResult<SchoolProfile> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(school::save(&mut store, &profile)?)
}

#[tauri::command]
pub fn load_demo(state: State<'_, AppState>) -> CmdResult<Overview> {
    let (mut store, themes) = lock(opened(&state)?);
    tuanle::demo::load(&mut store, themes)?;
    Ok(progress::overview(&store, themes, None, today())?)
}
