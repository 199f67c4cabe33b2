//! A realistic, fictional demo school with its 2025 campaign, to try the app without typing.
//! It only goes into an empty data folder: it never replaces a real school's data.

use chrono::NaiveDate;

use crate::campaign::{self, Campaign};
use crate::school::{self, SchoolProfile, SignerTitle};
use crate::store::Store;
use crate::themes::Themes;
use crate::{Error, Result};

pub const DEMO_YEAR: i32 = 2025;

pub fn school_profile() -> SchoolProfile {
    SchoolProfile {
        name: "Trường Tiểu học Hoa Sen".into(),
        authority_line: "UBND PHƯỜNG AN BÌNH".into(),
        abbreviation: "THHS".into(),
        place_name: "An Bình".into(),
        signer_name: "Nguyễn Thị Minh Thư".into(),
        signer_title: SignerTitle::Principal,
        email: "c1hoasen.anbinh@example.edu.vn".into(),
        ..Default::default()
    }
}

/// Stores the demo school and its 2025 campaign (known theme, report due 14/10/2025).
pub fn load(store: &mut Store, themes: &Themes) -> Result<(SchoolProfile, Campaign)> {
    if school::load(store)?.is_some() || !campaign::years(store)?.is_empty() {
        return Err(Error::DemoNeedsEmptyStore);
    }
    let profile = school_profile();
    let mut draft = campaign::draft(DEMO_YEAR, themes, Some(&profile))?.campaign;
    draft.authority_email = "vanhoaxahoi.anbinh@example.gov.vn".into();
    draft.report_deadline = NaiveDate::from_ymd_opt(DEMO_YEAR, 10, 14).ok_or(Error::NoCampaign)?;
    let profile = profile.validated()?;
    let campaign = draft.validated()?;
    // Both rows land together or not at all.
    store.write(|tx| {
        school::upsert(tx, &profile)?;
        campaign::insert(tx, &campaign)
    })?;
    Ok((profile, campaign))
}
