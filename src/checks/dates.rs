//! The linter's checks of years, dates and weekdays in free text.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::{Finding, Severity, finding};
use crate::docs;

/// A constant pattern of this module (each is exercised by the tests below).
fn pattern(re: &str) -> Regex {
    #[allow(clippy::expect_used)]
    Regex::new(re).expect("constant pattern")
}

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b"));
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"));
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b((?:19|20)\d{2})\b"));
pub(crate) static YEAR_AFTER_NAM: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\bnăm\s+((?:19|20)\d{2})\b"));
static WEEKDAY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)(thứ\s*(hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s*nhật)\s*[,(]?\s*(?:ngày\s*)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})",
    )
});

fn parse_date(d: &str, m: &str, y: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Monday = 0 … Sunday = 6, from "thứ Hai"/"thứ 2" … "Chủ nhật".
fn weekday_index(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match w.as_str() {
        "thứ hai" | "thứ 2" => 0,
        "thứ ba" | "thứ 3" => 1,
        "thứ tư" | "thứ 4" => 2,
        "thứ năm" | "thứ 5" => 3,
        "thứ sáu" | "thứ 6" => 4,
        "thứ bảy" | "thứ 7" => 5,
        "chủ nhật" => 6,
        _ => return None,
    })
}

/// The period a date in the plan's text may fall in: from the plan's issue to the report deadline.
/// The dates a document may name: before it, the campaign's preparation; after, its deadline.
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Years, dates and weekdays of one free text.
pub fn check_text(place: &str, text: &str, year: i32, window: &Window, out: &mut Vec<Finding>) {
    let mut masked = text.to_owned();
    let mut dates: Vec<(std::ops::Range<usize>, Option<NaiveDate>, String)> = Vec::new();
    for re in [&*DATE_NUMERIC, &*DATE_WORDS] {
        for c in re.captures_iter(text) {
            if let (Some(m), Some(d), Some(mo), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3)) {
                dates.push((m.range(), parse_date(d.as_str(), mo.as_str(), y.as_str()), m.as_str().to_owned()));
            }
        }
    }
    for (range, date, shown) in &dates {
        masked.replace_range(range.clone(), &" ".repeat(range.len()));
        match date {
            None => out.push(finding(
                Severity::Error,
                "invalid_date",
                place,
                format!("«{shown}» không phải là một ngày có thật."),
                "Sửa lại ngày, tháng cho đúng.".into(),
            )),
            Some(d) if d.year() != year => out.push(finding(
                Severity::Error,
                "stray_year",
                place,
                format!("Ngày «{shown}» thuộc năm {}, không phải năm của Tuần lễ ({year}).", d.year()),
                format!("Sửa thành ngày của năm {year}, hoặc giữ nguyên nếu đó là một sự kiện đã qua."),
            )),
            Some(d) if *d < window.from || *d > window.to => out.push(finding(
                Severity::Warning,
                "date_outside_week",
                place,
                format!(
                    "Ngày {} nằm ngoài khoảng từ ngày ban hành ({}) đến hạn nộp báo cáo ({}).",
                    docs::short_date(*d),
                    docs::short_date(window.from),
                    docs::short_date(window.to)
                ),
                "Kiểm tra lại ngày này so với thời gian Tuần lễ.".into(),
            )),
            Some(_) => {}
        }
    }
    for c in WEEKDAY_DATE.captures_iter(text) {
        let (Some(word), Some(d), Some(m), Some(y)) = (c.get(1), c.get(3), c.get(4), c.get(5)) else { continue };
        if let (Some(date), Some(said)) = (parse_date(d.as_str(), m.as_str(), y.as_str()), weekday_index(word.as_str()))
            && date.weekday().num_days_from_monday() != said
        {
            out.push(finding(
                Severity::Error,
                "weekday_mismatch",
                place,
                format!("Ngày {} là {}, không phải «{}».", docs::short_date(date), docs::weekday_name(date), word.as_str()),
                format!("Sửa thành «{}» hoặc sửa lại ngày.", docs::weekday_name(date)),
            ));
        }
    }
    let text_no_dates = masked.clone();
    for c in YEAR_RANGE.captures_iter(&text_no_dates) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        let (a, b): (i32, i32) = (a.as_str().parse().unwrap_or(0), b.as_str().parse().unwrap_or(0));
        masked.replace_range(m.range(), &" ".repeat(m.len()));
        let school_year = b == a + 1;
        if (school_year && a != year) || (!school_year && !(a..=b).contains(&year)) {
            out.push(finding(
                Severity::Error,
                "stray_year",
                place,
                format!("«{}» không khớp với năm của Tuần lễ ({year}).", m.as_str()),
                format!("Năm học của Tuần lễ năm {year} là {year}-{}.", year + 1),
            ));
        }
    }
    for m in YEAR.find_iter(&masked) {
        if m.as_str() != year.to_string() {
            out.push(finding(
                Severity::Error,
                "stray_year",
                place,
                format!("Năm {} khác với năm của Tuần lễ ({year}).", m.as_str()),
                format!("Sửa thành năm {year}, hoặc giữ nguyên nếu đó là năm của một sự kiện đã qua."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn run(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_text("x", text, 2025, &Window { from: d(2025, 9, 20), to: d(2025, 10, 14) }, &mut out);
        out.into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn catches_stray_years_but_not_school_years_or_periods() {
        assert_eq!(run("Tuần lễ năm 2020 với chủ đề"), ["stray_year"]);
        assert!(run("năm học 2025-2026, giai đoạn 2021 - 2030, năm 2025").is_empty());
        assert_eq!(run("năm học 2024-2025"), ["stray_year"]);
        assert_eq!(run("sáng ngày 05 tháng 10 năm 2020"), ["stray_year"]);
    }

    #[test]
    fn catches_dates_outside_the_week_and_wrong_weekdays() {
        assert!(run("vào thứ Tư, ngày 01/10/2025").is_empty());
        assert_eq!(run("vào thứ Năm, ngày 01/10/2025"), ["weekday_mismatch"]);
        assert_eq!(run("Chủ nhật (05/10/2025) và thứ 2 ngày 6/10/2025"), Vec::<String>::new());
        assert_eq!(run("trước ngày 30/11/2025"), ["date_outside_week"]);
        assert_eq!(run("ngày 31/09/2025"), ["invalid_date"]);
    }
}
