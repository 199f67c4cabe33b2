use tauri::State;
use tuanle::authority::{self, AuthorityChoice};
use tuanle::campaign::{self, Campaign, CampaignDraft};
use tuanle::school;

use super::{CmdResult, lock, opened};
use crate::AppState;

#[tauri::command]
pub fn campaign_draft(state: State<'_, AppState>, year: i32) -> CmdResult<CampaignDraft> {
    let (store, themes) = lock(opened(&state)?);
    Ok(campaign::draft(year, themes, school::load(&store)?.as_ref())?)
}

#[tauri::command]
pub fn create_campaign(state: State<'_, AppState>, campaign: Campaign) -> CmdResult<Campaign> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(campaign::create(&mut store, &campaign)?)
}

#[tauri::command]
pub fn update_campaign(state: State<'_, AppState>, campaign: Campaign) -> CmdResult<Campaign> {
    let (mut store, _) = lock(opened(&state)?);
    Ok(campaign::update(&mut store, &campaign)?)
}

#[tauri::command]
pub fn authority_presets(state: State<'_, AppState>) -> CmdResult<Vec<AuthorityChoice>> {
    let (store, _) = lock(opened(&state)?);
    Ok(authority::choices(school::load(&store)?.as_ref())?)
}
