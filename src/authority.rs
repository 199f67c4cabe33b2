//! Presets for the authority that receives the report. Never hard-code "Phòng GD&ĐT": since
//! 01/07/2025 schools report to the commune's Phòng Văn hóa - Xã hội. Data: `assets/authorities.json`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

const BUILTIN: &str = include_str!("../assets/authorities.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuthorityPreset {
    pub key: String,
    pub label: String,
    /// The start of the authority's name; the user completes it with the commune or district.
    pub name_prefix: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl AuthorityPreset {
    fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| date >= from) && self.valid_to.is_none_or(|to| date <= to)
    }
}

#[derive(Deserialize)]
struct PresetFile {
    presets: Vec<AuthorityPreset>,
}

pub fn presets() -> Result<Vec<AuthorityPreset>> {
    serde_json::from_str::<PresetFile>(BUILTIN)
        .map(|f| f.presets)
        .map_err(|e| Error::DataFile { path: "assets/authorities.json".into(), reason: e.to_string() })
}

/// The first preset valid on `date` (the local education office of that era).
pub fn preset_for(date: NaiveDate) -> Result<Option<AuthorityPreset>> {
    Ok(presets()?.into_iter().find(|p| p.valid_on(date)))
}
