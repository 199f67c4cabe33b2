//! The linter's checks of years, dates and weekdays in free text.
//!
//! An error only where an officer would send the document back: another campaign's year or school
//! year standing for this year's events, a date of another year, a weekday that does not match its
//! date, an impossible date. Citations of documents (their numbers and dates), programmes and laws
//! named by their year, quantities, periods and plain historical facts are never errors; where a
//! year might still be a leftover it is a warning that says why.
//!
//! Each year or date is read in its clause: the text back to the last `;`, `.`, `!`, `?` or line
//! break before it.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::{Finding, Severity, finding};
use crate::campaign::Campaign;
use crate::docs;
use crate::text::pattern;

/// The campaign a text belongs to, and the dates it may name.
pub struct Window {
    /// The year of the Tuần lễ.
    pub year: i32,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// The first and last date the document may name: its preparation and the report deadline.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The text schedules the week (the plan): a date after the week is a slip unless it is about
    /// the report.
    pub schedules_week: bool,
}

impl Window {
    /// The window of `campaign`'s documents, from `from` to the report deadline.
    pub fn new(campaign: &Campaign, from: NaiveDate, schedules_week: bool) -> Self {
        Window {
            year: campaign.year,
            week_start: campaign.week_start,
            week_end: campaign.week_end,
            from,
            to: campaign.report_deadline,
            schedules_week,
        }
    }

    /// The window of what is written about the week afterwards (report, ceremony, log, message):
    /// from a month before it to the deadline.
    pub fn looking_back(campaign: &Campaign) -> Self {
        Window::new(campaign, campaign.week_start - chrono::Duration::days(30), false)
    }
}

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b"));
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"));
/// "ngày 3/10", "từ 3/10 đến 7/10": a day and month only, so of the campaign's year.
static SHORT_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\b(?:ngày|từ|đến|tới|hôm|sáng|chiều|tối)\s+(\d{1,2})\s*/\s*(\d{1,2})\b"));
static SHORT_WORDS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\b"));
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b((?:19|20)\d{2})\b"));
pub(crate) static YEAR_AFTER_NAM: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\bnăm\s+((?:19|20)\d{2})\b"));

/// The number of a document, "30/2020/NĐ-CP", "271/KH- UBND": its digits are not years.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| pattern(r"\b\d+(?:/\d+)*/\s?\p{Lu}[\p{Lu}&.\-]*"));
/// What names a document, a law or a programme: a year after it is the document's own.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"\b(?:Luật|Bộ luật|Hiến pháp|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|Công văn|Chương trình|Đề án|Chiến lược|Kết luận)\b|\b\d+(?:/\d+)*/\s?\p{Lu}|(?i:\bsố\s+\d)",
    )
});
static WEEK_WORDS: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)tuần lễ|học tập suốt đời"));
/// A fact of the past that stays true: the year is the fact's.
static HISTORY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)thành lập|ra đời|khánh thành|kỷ niệm|công nhận|đạt chuẩn|sinh năm|tốt nghiệp|đổi tên|xây dựng từ")
});
/// Words that put a year in the past without saying why (or about results of a year that has
/// ended: achievements, awards): worth a look, not an error.
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bđã\b|vừa qua|so với|từ năm|kể từ|trước năm|năm ngoái|năm trước|trước đây|cùng kỳ|những năm|thành tích|kết quả|khen thưởng|học bổng",
    )
});
/// A target year: "đến năm 2030", "tầm nhìn 2045".
static FUTURE: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)(?:(?:đến|tới)\s+(?:năm\s+)?$)|tầm nhìn"));
static PERIOD: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)giai đoạn|nhiệm kỳ|thời kỳ|khóa|khoá"));
static NAM_BEFORE: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\bnăm\s*$"));
/// A number followed by what it counts is a quantity: "2015 cuốn sách", "1950 lượt".
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^\s*(?:%|(?:lượt|cuốn|quyển|đầu sách|bản|người|học sinh|hs|em|trẻ|cháu|giáo viên|gv|cán bộ|lớp|tiết|buổi|đồng|bài|tin|phút|giờ|suất|phần|món|cây|chiếc|bộ|trang|tài liệu|đơn vị|hộ|gia đình|thành viên|hội viên|lần|ngày|tháng|m2|km)\b)",
    )
});
/// What a date after the week may rightly be about.
static REPORT_WORDS: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)báo cáo|nộp|gửi|tổng hợp|hạn|tổng kết|sơ kết|đánh giá|ban hành"));
static WEEKDAY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)(thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật)\s*[,(]?\s*(?:ngày\s*)?$"));
static WEEKDAY_AFTER: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)^\s*[,(]?\s*(thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật)"));

/// What the words before a year or a date in its clause say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Part of the citation of a document, a law, a programme.
    Cited,
    /// A lasting fact of the past: founded, recognised, born.
    Historical,
    /// A target: "đến năm 2030".
    Target,
    /// About the Tuần lễ itself.
    Week,
    /// Seems to be about the past, without saying what.
    Past,
    Plain,
}

/// Where the clause holding `pos` starts.
fn clause_start(text: &str, pos: usize) -> usize {
    let before = &text[..pos];
    before
        .char_indices()
        .filter(|&(i, c)| matches!(c, ';' | '\n' | '!' | '?') || (c == '.' && before[i + 1..].starts_with(char::is_whitespace)))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0)
}

/// Where the clause holding `pos` ends.
fn clause_end(text: &str, pos: usize) -> usize {
    let after = &text[pos..];
    after
        .char_indices()
        .find(|&(i, c)| matches!(c, ';' | '\n' | '!' | '?') || (c == '.' && after[i + 1..].starts_with(char::is_whitespace)))
        .map_or(text.len(), |(i, _)| pos + i)
}

fn last_end(re: &Regex, text: &str) -> Option<usize> {
    re.find_iter(text).map(|m| m.end()).last()
}

/// The context of a year or date at `start`; `later` when it is after the campaign's year.
fn context(text: &str, start: usize, later: bool) -> Context {
    let clause = &text[clause_start(text, start)..start];
    let cited = last_end(&CITATION, clause);
    let week = last_end(&WEEK_WORDS, clause);
    if let Some(c) = cited
        && week.is_none_or(|w| w < c)
    {
        return Context::Cited;
    }
    if HISTORY.is_match(clause) {
        return Context::Historical;
    }
    if later && FUTURE.is_match(clause) {
        return Context::Target;
    }
    if week.is_some() {
        return Context::Week;
    }
    if PAST.is_match(clause) {
        return Context::Past;
    }
    Context::Plain
}

fn parse_date(d: &str, m: &str, y: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
}

/// Monday = 0 … Sunday = 6, from "thứ Hai"/"thứ 2" … "Chủ nhật".
fn weekday_index(word: &str) -> Option<u32> {
    let w: String = word.to_lowercase().split_whitespace().collect();
    Some(match w.as_str() {
        "thứhai" | "thứ2" => 0,
        "thứba" | "thứ3" => 1,
        "thứtư" | "thứ4" => 2,
        "thứnăm" | "thứ5" => 3,
        "thứsáu" | "thứ6" => 4,
        "thứbảy" | "thứ7" => 5,
        "chủnhật" => 6,
        _ => return None,
    })
}

/// A date found in the text: where, what it says, and whether it wrote its year.
struct FoundDate {
    range: Range<usize>,
    date: Option<NaiveDate>,
    shown: String,
}

fn blank(masked: &mut String, range: Range<usize>) {
    masked.replace_range(range.clone(), &" ".repeat(range.len()));
}

/// Every date of `text`, full ones first, then days and months of the campaign's year; each is
/// blanked in `masked` so that its year is not read again.
fn dates(masked: &mut String, year: i32) -> Vec<FoundDate> {
    let mut found = Vec::new();
    for (re, with_year) in [(&*DATE_NUMERIC, true), (&*DATE_WORDS, true), (&*SHORT_NUMERIC, false), (&*SHORT_WORDS, false)] {
        let text = masked.clone();
        for c in re.captures_iter(&text) {
            let (Some(m), Some(d), Some(mo)) = (c.get(0), c.get(1), c.get(2)) else { continue };
            let after = &text[m.end()..];
            if !with_year && (after.trim_start().starts_with('/') || after.trim_start().to_lowercase().starts_with("năm")) {
                continue;
            }
            let y = if with_year { c.get(3).and_then(|y| y.as_str().parse().ok()) } else { Some(year) };
            let date = y.and_then(|y| parse_date(d.as_str(), mo.as_str(), y));
            found.push(FoundDate { range: m.range(), date, shown: m.as_str().trim().to_owned() });
            blank(masked, m.range());
        }
    }
    found
}

/// Years, dates and weekdays of one free text.
pub fn check_text(place: &str, text: &str, window: &Window, out: &mut Vec<Finding>) {
    let year = window.year;
    let mut masked = text.to_owned();
    for m in DOC_NUMBER.find_iter(text) {
        blank(&mut masked, m.range());
    }
    for found in dates(&mut masked, year) {
        check_date(place, text, &found, window, out);
    }
    let ranges: Vec<(Range<usize>, i32, i32)> = YEAR_RANGE
        .captures_iter(&masked)
        .filter_map(|c| Some((c.get(0)?.range(), c.get(1)?.as_str().parse().ok()?, c.get(2)?.as_str().parse().ok()?)))
        .collect();
    for (range, a, b) in ranges {
        let shown = text[range.clone()].to_owned();
        blank(&mut masked, range.clone());
        let clause = &text[clause_start(text, range.start)..range.start];
        let severity = if b == a + 1 {
            // A school year: this campaign's is year-(year+1).
            match (a == year, context(text, range.start, a > year)) {
                (true, _) | (_, Context::Cited | Context::Historical | Context::Target) => None,
                (_, Context::Past) => Some(Severity::Warning),
                _ => Some(Severity::Error),
            }
        } else if PERIOD.is_match(clause) || (a..=b).contains(&year) || context(text, range.start, false) == Context::Cited {
            None
        } else {
            Some(Severity::Warning)
        };
        if let Some(severity) = severity {
            let why = if severity == Severity::Warning {
                " Kiểm tra lại nếu đây không phải một việc đã qua."
            } else {
                ""
            };
            out.push(finding(
                severity,
                "stray_year",
                place,
                format!("«{shown}» không khớp với năm của Tuần lễ ({year}).{why}"),
                format!("Năm học của Tuần lễ năm {year} là {year}-{}.", year + 1),
            ));
        }
    }
    for m in YEAR.find_iter(&masked) {
        let Ok(y) = m.as_str().parse::<i32>() else { continue };
        if y == year || UNIT_AFTER.is_match(&text[m.end()..]) {
            continue;
        }
        let with_nam = NAM_BEFORE.is_match(&text[..m.start()]);
        let severity = match context(text, m.start(), y > year) {
            Context::Cited | Context::Historical | Context::Target => continue,
            Context::Week => Severity::Error,
            Context::Plain if with_nam && y < year => Severity::Error,
            Context::Past | Context::Plain => Severity::Warning,
        };
        let (message, fix) = if severity == Severity::Error {
            (
                format!("Năm {y} khác với năm của Tuần lễ ({year})."),
                format!("Sửa thành năm {year}; nếu là năm của một việc đã qua, ghi rõ việc đó (ví dụ: «thành lập năm {y}»)."),
            )
        } else {
            (
                format!(
                    "Năm {y} khác với năm của Tuần lễ ({year}); có thể là năm của một việc đã qua, hoặc chữ còn sót từ năm trước."
                ),
                format!("Giữ nguyên nếu đúng là năm {y}; nếu không, sửa thành năm {year}."),
            )
        };
        out.push(finding(severity, "stray_year", place, message, fix));
    }
}

fn check_date(place: &str, text: &str, found: &FoundDate, window: &Window, out: &mut Vec<Finding>) {
    let year = window.year;
    let shown = &found.shown;
    let Some(date) = found.date else {
        out.push(finding(
            Severity::Error,
            "invalid_date",
            place,
            format!("«{shown}» không phải là một ngày có thật."),
            "Sửa lại ngày, tháng cho đúng.".into(),
        ));
        return;
    };
    check_weekday(place, text, &found.range, date, out);
    let context = context(text, found.range.start, date.year() > year);
    if matches!(context, Context::Cited | Context::Historical) {
        return;
    }
    if date.year() != year {
        let severity = if matches!(context, Context::Past | Context::Target) { Severity::Warning } else { Severity::Error };
        out.push(finding(
            severity,
            "stray_year",
            place,
            format!("Ngày «{shown}» thuộc năm {}, không phải năm của Tuần lễ ({year}).", date.year()),
            format!("Sửa thành ngày của năm {year}, hoặc giữ nguyên nếu đó là một việc đã qua."),
        ));
    } else if date < window.from || date > window.to {
        out.push(finding(
            Severity::Warning,
            "date_outside_week",
            place,
            format!(
                "Ngày {} nằm ngoài khoảng từ ngày ban hành ({}) đến hạn nộp báo cáo ({}).",
                docs::short_date(date),
                docs::short_date(window.from),
                docs::short_date(window.to)
            ),
            "Kiểm tra lại ngày này so với thời gian Tuần lễ.".into(),
        ));
    } else if window.schedules_week && date > window.week_end {
        let clause = &text[clause_start(text, found.range.start)..clause_end(text, found.range.end)];
        if !REPORT_WORDS.is_match(clause) {
            out.push(finding(
                Severity::Warning,
                "date_after_week",
                place,
                format!(
                    "Ngày {} là sau Tuần lễ ({} – {}).",
                    docs::short_date(date),
                    docs::short_date(window.week_start),
                    docs::short_date(window.week_end)
                ),
                "Đưa hoạt động vào trong Tuần lễ, hoặc giữ nguyên nếu đó là việc tổng kết, báo cáo.".into(),
            ));
        }
    }
}

/// A weekday written next to a date ("thứ Tư, ngày 01/10/2025", "01/10 (thứ Tư)") must be its own.
fn check_weekday(place: &str, text: &str, range: &Range<usize>, date: NaiveDate, out: &mut Vec<Finding>) {
    let before = &text[clause_start(text, range.start)..range.start];
    let after = &text[range.end..clause_end(text, range.end)];
    let said = WEEKDAY_BEFORE.captures(before).or_else(|| WEEKDAY_AFTER.captures(after)).and_then(|c| c.get(1));
    if let Some(word) = said
        && let Some(index) = weekday_index(word.as_str())
        && date.weekday().num_days_from_monday() != index
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn window(schedules_week: bool) -> Window {
        Window {
            year: 2025,
            week_start: d(2025, 10, 1),
            week_end: d(2025, 10, 7),
            from: d(2025, 9, 20),
            to: d(2025, 10, 14),
            schedules_week,
        }
    }

    /// The findings of a plan's text, as "code" for errors and "code?" for warnings.
    fn run(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_text("x", text, &window(true), &mut out);
        out.into_iter().map(|f| if f.severity == Severity::Error { f.code } else { f.code + "?" }).collect()
    }

    fn clean(text: &str) {
        assert_eq!(run(text), Vec::<String>::new(), "{text}");
    }

    #[test]
    fn last_years_week_and_school_year_are_errors() {
        assert_eq!(run("Tuần lễ năm 2020 với chủ đề"), ["stray_year"]);
        assert_eq!(run("Nhà trường tổ chức các hoạt động trong năm 2024 như sau"), ["stray_year"]);
        assert_eq!(run("năm học 2024-2025"), ["stray_year"]);
        assert_eq!(run("sáng ngày 05 tháng 10 năm 2020"), ["stray_year"]);
        assert_eq!(run("Lễ khai mạc ngày 01/10/2024 tại sân trường"), ["stray_year"]);
        clean("năm học 2025-2026, giai đoạn 2021 - 2030, năm 2025");
    }

    #[test]
    fn citations_quantities_periods_and_history_are_not_errors() {
        clean("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;");
        clean("Căn cứ Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ;");
        clean("Thực hiện Công văn số 2024/SGDĐT-GDTX của Sở Giáo dục và Đào tạo;");
        clean("Căn cứ Kế hoạch số 2019/KH- UBND của Ủy ban nhân dân huyện");
        clean("theo Luật Thư viện năm 2019 và Chương trình giáo dục phổ thông 2018");
        clean("Thư viện trường có 2015 cuốn sách và đón 1950 lượt học sinh.");
        clean("Trường được thành lập năm 1998, đạt chuẩn quốc gia năm 2017.");
        clean("thực hiện Đề án giai đoạn 2021-2025; nhiệm kỳ 2020 - 2025");
        clean("phấn đấu đến năm 2030 mọi người dân được học tập suốt đời; tầm nhìn 2045");
        // A citation of last year's letter about last year's week is still an error.
        assert_eq!(run("Căn cứ Công văn số 5201/BGDĐT-GDTX ngày 09/9/2024 về tổ chức Tuần lễ năm 2024"), ["stray_year"]);
        // An impossible date is wrong even in a citation.
        assert_eq!(run("Căn cứ Quyết định số 12/QĐ-UBND ngày 31/9/2020"), ["invalid_date"]);
    }

    #[test]
    fn a_year_that_may_be_a_leftover_is_a_warning_with_its_reason() {
        assert_eq!(run("So với năm 2024, số lượt đọc tăng"), ["stray_year?"]);
        assert_eq!(run("Kế hoạch 2024 của trường"), ["stray_year?"]);
        assert_eq!(run("so với năm học 2024-2025, số lớp tăng"), ["stray_year?"]);
        assert_eq!(run("trao học bổng cho học sinh có thành tích trong năm học 2024-2025"), ["stray_year?"]);
        let mut out = Vec::new();
        check_text("x", "Kế hoạch 2024 của trường", &window(true), &mut out);
        assert!(out[0].message.contains("việc đã qua"), "{}", out[0].message);
    }

    #[test]
    fn weekdays_must_match_their_dates_in_figures_and_in_words() {
        clean("vào thứ Tư, ngày 01/10/2025");
        assert_eq!(run("vào thứ Năm, ngày 01/10/2025"), ["weekday_mismatch"]);
        clean("Chủ nhật (05/10/2025) và thứ 2 ngày 6/10/2025");
        assert_eq!(run("thứ Hai, ngày 01 tháng 10 năm 2025"), ["weekday_mismatch"]);
        clean("thứ Tư, ngày 01 tháng 10 năm 2025");
        assert_eq!(run("ngày 02/10 (thứ Sáu)"), ["weekday_mismatch"]);
        clean("ngày 03/10 (thứ Sáu)");
    }

    #[test]
    fn dates_without_a_year_are_of_the_campaign() {
        clean("Từ ngày 3/10 đến 7/10: các lớp tổ chức hoạt động");
        clean("Trường Mầm non 20/10 xây dựng kế hoạch");
        assert_eq!(run("từ ngày 31/9 đến ngày 5/10"), ["invalid_date"]);
        assert_eq!(run("từ ngày 01/11 đến ngày 5/11"), ["date_outside_week?", "date_outside_week?"]);
        assert_eq!(run("ngày 5 tháng 12 tổ chức thi"), ["date_outside_week?"]);
    }

    #[test]
    fn dates_outside_or_after_the_week() {
        assert_eq!(run("trước ngày 30/11/2025"), ["date_outside_week?"]);
        assert_eq!(run("ngày 31/09/2025"), ["invalid_date"]);
        assert_eq!(run("Ngày 10/10/2025: thi vẽ tranh về sách"), ["date_after_week?"]);
        clean("Ngày 10/10/2025: các lớp nộp báo cáo về nhà trường");
        // The report looks back: a date after the week is normal there.
        let mut out = Vec::new();
        check_text("x", "Ngày 10/10/2025: thi vẽ tranh về sách", &window(false), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
