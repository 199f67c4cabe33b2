//! The opening-ceremony script (kịch bản lễ khai mạc): a timed programme with a fresh default,
//! editable row by row, laid out by the same document engine and exported as its own .docx.

use std::path::PathBuf;

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::campaign::{self, Campaign};
use crate::checks::{Finding, Window, check_clean, check_text};
use crate::docs::{self, Block, DocHeader, Document, Recipients, Signature, Span};
use crate::exports::{self, DocKind, Export};
use crate::school::{self, SchoolProfile};
use crate::store::Store;
use crate::text::clean_line;
use crate::{Error, FieldError, Result};

const DEFAULTS: &str = include_str!("../../assets/texts/ceremony.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CeremonyItem {
    /// "07:30 - 07:40"
    pub time: String,
    pub item: String,
    pub who: String,
    pub note: String,
}

#[derive(Deserialize)]
struct Defaults {
    items: Vec<CeremonyItem>,
}

pub fn default_items() -> Result<Vec<CeremonyItem>> {
    serde_json::from_str::<Defaults>(DEFAULTS)
        .map(|d| d.items)
        .map_err(|e| Error::DataFile { path: "assets/texts/ceremony.json".into(), reason: e.to_string() })
}

/// The stored programme, or the default one.
pub fn items(store: &Store, year: i32) -> Result<Vec<CeremonyItem>> {
    let mut stmt = store.conn().prepare("SELECT time, item, who, note FROM ceremony_item WHERE year = ?1 ORDER BY position")?;
    let stored = stmt
        .query_map([year], |r| Ok(CeremonyItem { time: r.get(0)?, item: r.get(1)?, who: r.get(2)?, note: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if stored.is_empty() { default_items() } else { Ok(stored) }
}

/// The linter's checks of every row of the script: years, dates, weekdays, unclean text.
pub fn findings(items: &[CeremonyItem], campaign: &Campaign) -> Vec<Finding> {
    let window = Window::looking_back(campaign);
    let mut out = Vec::new();
    for (n, i) in items.iter().enumerate() {
        let place = format!("Kịch bản khai mạc, dòng {}", n + 1);
        for text in [&i.item, &i.who, &i.note] {
            check_text(&place, text, &window, &mut out);
            check_clean(&place, text, &mut out);
        }
    }
    out
}

/// Replaces the programme of `year` in one transaction; every row needs what happens.
pub fn save(store: &mut Store, year: i32, items: &[CeremonyItem]) -> Result<Vec<CeremonyItem>> {
    campaign::get(store, year)?;
    let cleaned: Vec<CeremonyItem> = items
        .iter()
        .map(|i| CeremonyItem {
            time: clean_line(&i.time),
            item: clean_line(&i.item),
            who: clean_line(&i.who),
            note: clean_line(&i.note),
        })
        .filter(|i| !(i.time.is_empty() && i.item.is_empty() && i.who.is_empty() && i.note.is_empty()))
        .collect();
    let missing: Vec<FieldError> = cleaned
        .iter()
        .enumerate()
        .filter(|(_, i)| i.item.is_empty())
        .map(|(n, _)| FieldError::new(&format!("item-{n}"), format!("Dòng {} chưa có nội dung.", n + 1)))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Validation(missing));
    }
    store.write(|tx| {
        tx.execute("DELETE FROM ceremony_item WHERE year = ?1", [year])?;
        for (n, i) in cleaned.iter().enumerate() {
            tx.execute(
                "INSERT INTO ceremony_item (year, position, time, item, who, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![year, n, i.time, i.item, i.who, i.note],
            )?;
        }
        Ok(())
    })?;
    Ok(cleaned)
}

pub fn document(items: &[CeremonyItem], campaign: &Campaign, school: &SchoolProfile) -> Document {
    let rows = items
        .iter()
        .enumerate()
        .map(|(n, i)| vec![(n + 1).to_string(), i.time.clone(), i.item.clone(), i.who.clone(), i.note.clone()])
        .collect();
    Document {
        // A numbered "CTr" document is a CHƯƠNG TRÌNH (Nghị định 30, Phụ lục III): title and symbol agree.
        header: DocHeader::new(school, "CTr", "", campaign.opening_date),
        title: "CHƯƠNG TRÌNH".into(),
        summary: format!("Lễ khai mạc Tuần lễ hưởng ứng học tập suốt đời năm {}", campaign.year),
        body: vec![
            Block::paragraph(&format!(
                "Thời gian: {}, ngày {}.",
                docs::weekday_name(campaign.opening_date),
                docs::short_date(campaign.opening_date)
            )),
            Block::spans(vec![Span::plain("Chủ đề: "), Span::bold_italic(&format!("“{}”", clean_line(&campaign.theme)))]),
            Block::paragraph(&format!("Đơn vị tổ chức: {}.", clean_line(&school.name))),
            Block::table(&[("STT", 7), ("Thời gian", 18), ("Nội dung", 40), ("Người thực hiện", 22), ("Ghi chú", 13)], rows),
        ],
        recipients: Recipients::of(&["Ban giám hiệu".into(), "Các bộ phận liên quan".into(), "Lưu: VT".into()]),
        signature: Signature::of(school),
    }
}

pub fn export(store: &Store, year: i32, target: Option<PathBuf>) -> Result<Export> {
    let campaign = campaign::get(store, year)?;
    let school = school::require(store)?;
    let made_from = exports::fingerprint(store, DocKind::Ceremony, year)?;
    let bytes = docs::docx::write(&document(&items(store, year)?, &campaign, &school))?;
    exports::write(store, DocKind::Ceremony, year, &school, target, &bytes, &made_from)
}
