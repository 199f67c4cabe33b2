use tauri::State;
use tuanle::progress::{self, Overview};

use super::{CmdResult, lock, opened, today};
use crate::AppState;

#[tauri::command]
pub fn overview(state: State<'_, AppState>, year: Option<i32>) -> CmdResult<Overview> {
    let (store, themes) = lock(opened(&state)?);
    Ok(progress::overview(&store, themes, year, today())?)
}
