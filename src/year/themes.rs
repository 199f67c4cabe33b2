//! The themes and dates of known years, read from `assets/themes.json` (built in) and an optional
//! `themes.json` in the data folder that adds or corrects years. A year not listed is typed in by
//! the user; this module never invents a theme.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::DataDir;
use crate::{Error, Result};

const BUILTIN: &str = include_str!("../../assets/themes.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KnownYear {
    pub year: i32,
    /// `None` when only the dates are known: the user types the theme from the Ministry's letter.
    pub theme: Option<String>,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    pub opening_date: Option<NaiveDate>,
    pub source: String,
    /// The Ministry's letter of that year, when known (a legal basis of the plan).
    #[serde(default)]
    pub ministry_letter: Option<LetterRef>,
    /// Other wordings of the same theme found in that year's official documents: each is
    /// accepted, and the user picks the one of the letter received.
    #[serde(default)]
    pub other_wordings: Vec<String>,
}

impl KnownYear {
    /// Every accepted wording of the theme, the listed one first.
    pub fn wordings(&self) -> Vec<String> {
        self.theme.iter().chain(&self.other_wordings).cloned().collect()
    }
}

/// Number and date of an official letter: "5607/BGDĐT-GDNNGDTX" of 15/9/2025.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LetterRef {
    pub number: String,
    pub date: NaiveDate,
}

#[derive(Deserialize)]
struct ThemeFile {
    years: Vec<KnownYear>,
}

#[derive(Debug, Clone, Default)]
pub struct Themes {
    years: Vec<KnownYear>,
}

impl Themes {
    /// The built-in list only.
    pub fn builtin() -> Result<Self> {
        let years = parse(BUILTIN, Path::new("assets/themes.json"))?;
        Ok(Self { years })
    }

    /// The built-in list, with the data folder's `themes.json` (if any) adding or replacing years.
    pub fn load(dir: &DataDir) -> Result<Self> {
        let mut themes = Self::builtin()?;
        let extra = dir.root().join("themes.json");
        match std::fs::read_to_string(&extra) {
            Ok(text) => {
                for year in parse(&text, &extra)? {
                    themes.years.retain(|y| y.year != year.year);
                    themes.years.push(year);
                }
                themes.years.sort_by_key(|y| y.year);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::DataFile { path: extra, reason: e.to_string() }),
        }
        Ok(themes)
    }

    pub fn get(&self, year: i32) -> Option<&KnownYear> {
        self.years.iter().find(|y| y.year == year)
    }

    pub fn all(&self) -> &[KnownYear] {
        &self.years
    }
}

fn parse(text: &str, path: &Path) -> Result<Vec<KnownYear>> {
    let file: ThemeFile =
        serde_json::from_str(text).map_err(|e| Error::DataFile { path: path.to_path_buf(), reason: e.to_string() })?;
    for y in &file.years {
        if y.week_end < y.week_start || y.theme.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::DataFile {
                path: path.to_path_buf(),
                reason: format!("năm {} có ngày hoặc chủ đề không hợp lệ", y.year),
            });
        }
    }
    Ok(file.years)
}

/// Two wordings of a theme are the same when they differ only in case, spaces or quotes.
pub fn same_wording(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        crate::text::clean_line(s)
            .chars()
            .filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | '.'))
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}
