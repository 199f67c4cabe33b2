//! Presets for the authority that receives the report. Never hard-code "Phòng GD&ĐT": since
//! 01/07/2025 schools report to the commune's Phòng Văn hóa - Xã hội. Data: `assets/authorities.json`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::school::SchoolProfile;
use crate::{Error, Result};

const BUILTIN: &str = include_str!("../../assets/authorities.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuthorityPreset {
    pub key: String,
    pub label: String,
    /// The start of the authority's name; the user completes it with the commune or district.
    pub name_prefix: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub scope: Scope,
}

/// The level of government an authority belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Scope {
    /// xã, phường, đặc khu (thị trấn before 2025)
    Commune,
    /// huyện, quận, thị xã, thành phố thuộc tỉnh (before 2025)
    District,
    Province,
}

/// The words of each level as they stand in a name, longest first where one holds another.
const LEVELS: [(&str, &str, Scope); 9] = [
    ("ĐẶC KHU", "đặc khu", Scope::Commune),
    ("THỊ XÃ", "thị xã", Scope::District),
    ("THỊ TRẤN", "thị trấn", Scope::Commune),
    ("PHƯỜNG", "phường", Scope::Commune),
    ("XÃ", "xã", Scope::Commune),
    ("QUẬN", "quận", Scope::District),
    ("HUYỆN", "huyện", Scope::District),
    ("THÀNH PHỐ", "thành phố", Scope::District),
    ("TP.", "thành phố", Scope::District),
];

/// The level named first in a school's authority line: "UBND XÃ VĨNH HÒA" → ("xã", Commune).
pub fn level_of(authority_line: &str) -> Option<(&'static str, Scope)> {
    let line = format!(" {} ", authority_line.to_uppercase());
    LEVELS
        .iter()
        .filter_map(|(word, written, scope)| line.find(&format!(" {word} ")).map(|at| (at, *written, *scope)))
        .min_by_key(|(at, _, _)| *at)
        .map(|(_, written, scope)| (written, scope))
}

impl AuthorityPreset {
    /// The authority's full name for a school: the commune's or district's office keeps the level
    /// of the school's authority line ("Phòng Văn hóa - Xã hội xã Vĩnh Hòa"); a provincial one
    /// never gets the commune's name (the user completes it with the province).
    pub fn name_for(&self, authority_line: &str, place: &str) -> String {
        if self.scope == Scope::Province || place.trim().is_empty() {
            return self.name_prefix.clone();
        }
        let place = place.trim();
        match level_of(authority_line) {
            Some((level, scope)) if scope == self.scope && !place.to_lowercase().starts_with(level) => {
                format!("{}{level} {place}", self.name_prefix)
            }
            _ => format!("{}{place}", self.name_prefix),
        }
    }
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

/// A preset as the campaign form offers it: its full name for this school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuthorityChoice {
    pub key: String,
    pub label: String,
    pub name: String,
}

/// Every preset with its name for `school` (the prefix alone when there is no school yet).
pub fn choices(school: Option<&SchoolProfile>) -> Result<Vec<AuthorityChoice>> {
    let (line, place) = school.map(|s| (s.authority_line.as_str(), s.place_name.as_str())).unwrap_or_default();
    Ok(presets()?.into_iter().map(|p| AuthorityChoice { name: p.name_for(line, place), key: p.key, label: p.label }).collect())
}

/// The first preset valid on `date` (the local education office of that era).
pub fn preset_for(date: NaiveDate) -> Result<Option<AuthorityPreset>> {
    Ok(presets()?.into_iter().find(|p| p.valid_on(date)))
}
