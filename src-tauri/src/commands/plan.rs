use tauri::State;
use tuanle::exports::Export;
use tuanle::plan::{self, CloneReport, Plan, PlanPreview, PlanState};

use super::{CmdResult, lock, opened, today};
use crate::AppState;

#[tauri::command]
pub fn plan_state(state: State<'_, AppState>, year: i32) -> CmdResult<PlanState> {
    let (store, themes) = lock(opened(&state)?);
    Ok(plan::state(&store, themes, year, today())?)
}

#[tauri::command]
pub fn preview_plan(state: State<'_, AppState>, plan: Plan) -> CmdResult<PlanPreview> {
    let (store, themes) = lock(opened(&state)?);
    Ok(plan::preview(&store, themes, &plan)?)
}

#[tauri::command]
pub fn save_plan(state: State<'_, AppState>, plan: Plan) -> CmdResult<PlanState> {
    let (mut store, themes) = lock(opened(&state)?);
    plan::save(&mut store, &plan)?;
    Ok(plan::state(&store, themes, plan.year, today())?)
}

#[tauri::command]
pub fn export_plan(state: State<'_, AppState>, year: i32) -> CmdResult<Export> {
    let (store, themes) = lock(opened(&state)?);
    Ok(plan::export(&store, themes, year, None)?)
}

#[tauri::command]
pub fn clone_plan(state: State<'_, AppState>, from: i32, year: i32) -> CmdResult<CloneReport> {
    let (mut store, themes) = lock(opened(&state)?);
    Ok(plan::clone_from(&mut store, themes, from, year)?)
}
