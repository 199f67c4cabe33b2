//! Document checks (the linter): slips an officer would send back, each with where it is and how
//! to fix it. Shown before export and before sending; they never block the user.

use serde::Serialize;
use ts_rs::TS;

use crate::school::SchoolProfile;
use crate::text::needs_cleaning;

mod dates;

pub(crate) use dates::YEAR_AFTER_NAM;
pub use dates::{Window, check_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    /// Would make the document wrong if sent as is.
    Error,
    /// Worth a look; may be intended.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Finding {
    pub severity: Severity,
    /// Stable code: stray_year, date_outside_week, date_after_week, weekday_mismatch, invalid_date,
    /// empty_section, missing_reference, missing_issuer, placeholder, missing_signer, theme_differs,
    /// unclean_text, issue_date_late, issue_date_early.
    pub code: String,
    /// Where, in the words of the form: "Căn cứ 2", "III.3 Thư viện", "Lời mở đầu".
    pub place: String,
    pub message: String,
    pub fix: String,
}

pub fn finding(severity: Severity, code: &str, place: &str, message: String, fix: String) -> Finding {
    Finding { severity, code: code.to_owned(), place: place.to_owned(), message, fix }
}

/// Hidden characters or text not yet in Unicode NFC (pasted from Word, Zalo).
pub fn check_clean(place: &str, text: &str, out: &mut Vec<Finding>) {
    if needs_cleaning(text) {
        out.push(finding(
            Severity::Warning,
            "unclean_text",
            place,
            "Có ký tự ẩn hoặc chữ tiếng Việt chưa chuẩn Unicode (thường do sao chép từ Word, Zalo).".into(),
            "Lưu lại nội dung: ứng dụng tự chuẩn hóa khi lưu.".into(),
        ));
    }
}

/// A document signed by nobody.
pub fn signer(school: &SchoolProfile, out: &mut Vec<Finding>) {
    if school.signer_name.trim().is_empty() {
        out.push(finding(
            Severity::Error,
            "missing_signer",
            "Người ký",
            "Chưa có họ tên người ký.".into(),
            "Nhập người ký trong Thông tin trường.".into(),
        ));
    }
}

/// A required section left empty.
pub fn empty(place: &str, what: &str) -> Finding {
    finding(Severity::Error, "empty_section", place, format!("Chưa có nội dung {what}."), format!("Nhập nội dung {what}."))
}
