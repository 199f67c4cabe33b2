//! Activities pasted as text, so the log is not typed twice: a table copied from Excel or Word
//! (cells separated by tabs, often under a header row), or a list from a Zalo message (one
//! activity a line, its parts separated by commas, under lines that name the day). Nothing is
//! stored here: every row is shown with what was read and guessed, and the rows the user keeps
//! are saved together (`activity::save_all`).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;
use ts_rs::TS;

use crate::activity::{self, Activity, ActivityKind};
use crate::campaign::{self, Campaign};
use crate::docs;
use crate::store::Store;
use crate::text::{ascii_fold, clean_line, pattern};
use crate::{Error, Result};

/// One pasted line read as an activity.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PastedRow {
    /// The line of the pasted text it comes from, from 1.
    pub line: usize,
    pub activity: Activity,
    /// Why it cannot be saved as it is; empty when it can.
    pub problems: Vec<String>,
    /// What was guessed, and what deserves a look (a date outside the week…).
    pub notes: Vec<String>,
}

/// Everything a paste gave: the activities, and the lines that were not one (with why).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Pasted {
    pub rows: Vec<PastedRow>,
    /// Header rows, day lines and blank lines are not listed; only text that was left out.
    pub skipped: Vec<String>,
}

/// What a column holds, from its header or its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Number,
    When,
    Title,
    Place,
    Organiser,
    Kind,
    Staff,
    Pupils,
    Community,
    People,
    Books,
    Notes,
}

/// Header words (without their marks) and the role of their column, the most specific first.
const HEADERS: [(&str, Role); 27] = [
    ("stt", Role::Number),
    ("so tt", Role::Number),
    ("tt", Role::Number),
    ("ten hoat dong", Role::Title),
    ("noi dung", Role::Title),
    ("hoat dong", Role::Title),
    ("dia diem", Role::Place),
    ("noi to chuc", Role::Place),
    ("phu trach", Role::Organiser),
    ("don vi", Role::Organiser),
    ("nguoi thuc hien", Role::Organiser),
    ("chu tri", Role::Organiser),
    ("loai", Role::Kind),
    ("can bo", Role::Staff),
    ("giao vien", Role::Staff),
    ("hoc sinh", Role::Pupils),
    ("phu huynh", Role::Community),
    ("cha me", Role::Community),
    ("nguoi dan", Role::Community),
    ("tham gia", Role::People),
    ("so nguoi", Role::People),
    ("sach", Role::Books),
    ("ghi chu", Role::Notes),
    ("thoi gian", Role::When),
    ("ngay", Role::When),
    ("gio", Role::When),
    ("thu", Role::When),
];

/// Words of a title and the kind they point to (without marks), checked in this order.
const KIND_WORDS: [(&str, &str); 20] = [
    ("khai mac", "opening"),
    ("phat dong", "opening"),
    ("tap huan", "training"),
    ("boi duong", "training"),
    ("chuyen de", "training"),
    ("hoc bong", "scholarship"),
    ("tang qua", "scholarship"),
    ("trao qua", "scholarship"),
    ("cuoc thi", "contest"),
    ("hoi thi", "contest"),
    ("san choi", "contest"),
    ("thi ", "contest"),
    ("doc sach", "reading"),
    ("thu vien", "reading"),
    ("sach", "reading"),
    ("lop hoc", "community_class"),
    ("tuyen truyen", "communication"),
    ("bang ron", "communication"),
    ("khau hieu", "communication"),
    ("phat thanh", "communication"),
];

static DATE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)(?:ngày\s*)?\b(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}|\d{2}))?\b"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?i)\b(\d{1,2})\s*(?:h|g|giờ|:)\s*(\d{2})?\b(?:\s*(?:-|–|đến)\s*(\d{1,2})\s*(?:h|g|giờ|:)\s*(\d{2})?\b)?")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\b(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn)\b"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| pattern(r"^\d{1,3}(?:[.\s]\d{3})*$|^\d+$"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| pattern(r"^\s*(?:[-•*+–]+|\d{1,2}[.)](?:\s|$))\s*"));

fn folded(s: &str) -> String {
    ascii_fold(s).to_lowercase().replace(['-', '_'], " ")
}

/// The date and times a cell names, with the text left once they are taken out.
struct When {
    date: Option<NaiveDate>,
    start: String,
    end: String,
    rest: String,
    slip: Option<String>,
}

fn hm(h: &str, m: Option<&str>) -> Option<String> {
    activity::time_of_day(&format!("{h}:{}", m.unwrap_or("00")))
}

fn read_when(cell: &str, year: i32) -> When {
    let mut rest = cell.to_owned();
    let mut when = When { date: None, start: String::new(), end: String::new(), rest: String::new(), slip: None };
    if let Some(c) = DATE.captures(cell) {
        let day = c[1].parse::<u32>().unwrap_or(0);
        let month = c[2].parse::<u32>().unwrap_or(0);
        let y = match c.get(3).map(|m| m.as_str()) {
            Some(y) if y.len() == 2 => 2000 + y.parse::<i32>().unwrap_or(0),
            Some(y) => y.parse().unwrap_or(year),
            None => year,
        };
        match NaiveDate::from_ymd_opt(y, month, day) {
            Some(d) => when.date = Some(d),
            None => when.slip = Some(format!("«{}» không phải một ngày có thật.", c[0].trim())),
        }
        rest = rest.replacen(&c[0], " ", 1);
    }
    if let Some(c) = TIME.captures(&rest.clone())
        && let Some(start) = hm(&c[1], c.get(2).map(|m| m.as_str()))
    {
        when.start = start;
        if let Some(h) = c.get(3) {
            when.end = hm(h.as_str(), c.get(4).map(|m| m.as_str())).unwrap_or_default();
        }
        rest = rest.replacen(&c[0], " ", 1);
    }
    if let (Some(d), Some(w)) = (when.date, WEEKDAY.find(&rest.clone())) {
        let said = folded(w.as_str());
        let real = folded(docs::weekday_name(d));
        let digit = (d.weekday().number_from_monday() + 1).to_string();
        let same = said == real || said == format!("thu {digit}") || (said == "cn" && real == "chu nhat");
        if !same {
            when.slip = Some(format!("«{}» không khớp ngày {} ({}).", w.as_str(), docs::short_date(d), docs::weekday_name(d)));
        }
        rest = rest.replacen(w.as_str(), " ", 1);
    }
    when.rest = clean_line(rest.trim_matches(|c: char| c.is_whitespace() || ",;:()–-".contains(c)));
    when
}

fn header_role(cell: &str) -> Option<Role> {
    let f = folded(cell);
    if f.is_empty() {
        return None;
    }
    HEADERS
        .iter()
        .find(|(word, _)| f == *word || f.starts_with(&format!("{word} ")) || f.contains(&format!(" {word}")))
        .map(|(_, r)| *r)
}

/// A header row: at least two cells, each one a known header, and no date among them.
fn header(cells: &[String]) -> Option<Vec<Option<Role>>> {
    let roles: Vec<Option<Role>> = cells.iter().map(|c| header_role(c)).collect();
    let named = roles.iter().filter(|r| r.is_some()).count();
    let dated = cells.iter().any(|c| DATE.is_match(c));
    (named >= 2 && named * 3 >= cells.len() * 2 && !dated && roles.contains(&Some(Role::Title))).then_some(roles)
}

fn count(cell: &str) -> Option<i64> {
    let t = cell.trim();
    NUMBER.is_match(t).then(|| t.replace(['.', ' '], "").parse().ok()).flatten()
}

fn guess_kind(title: &str, kinds: &[ActivityKind]) -> (String, Option<String>) {
    let f = format!("{} ", folded(title));
    for (word, key) in KIND_WORDS {
        if f.contains(word) && kinds.iter().any(|k| k.key == key) {
            let label = kinds.iter().find(|k| k.key == key).map(|k| k.label.clone()).unwrap_or_default();
            return (key.to_owned(), Some(format!("Loại «{label}» đoán theo tên hoạt động; hãy đổi nếu chưa đúng.")));
        }
    }
    ("other".to_owned(), None)
}

fn kind_of(cell: &str, kinds: &[ActivityKind]) -> Option<String> {
    let f = folded(cell);
    kinds.iter().find(|k| folded(&k.label) == f || k.key == cell.trim()).map(|k| k.key.clone())
}

/// Reads `text` as activities of the campaign of `year` (the window's and the CLI's entry).
pub fn read(store: &Store, year: i32, text: &str) -> Result<Pasted> {
    parse(text, &campaign::get(store, year)?, &activity::kinds()?)
}

/// Reads `text` as activities of `campaign`. A line that only names a day ("Thứ Tư, 01/10:")
/// gives its date to the lines under it; a date without a year is of the campaign's year.
pub fn parse(text: &str, campaign: &Campaign, kinds: &[ActivityKind]) -> Result<Pasted> {
    const MAX_LINES: usize = 500;
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX_LINES {
        return Err(Error::Validation(vec![crate::FieldError::new(
            "text",
            format!("Mỗi lần dán tối đa {MAX_LINES} dòng; văn bản này có {} dòng.", lines.len()),
        )]));
    }
    let tabbed = lines.iter().any(|l| l.contains('\t'));
    let mut roles: Option<Vec<Option<Role>>> = None;
    let mut day: Option<NaiveDate> = None;
    let mut out = Pasted { rows: Vec::new(), skipped: Vec::new() };
    for (i, raw) in lines.iter().enumerate() {
        let line = clean_line(raw);
        if line.is_empty() {
            continue;
        }
        let cells: Vec<String> = if tabbed {
            raw.split('\t').map(clean_line).collect()
        } else if line.contains(';') {
            line.split(';').map(clean_line).collect()
        } else {
            vec![line.clone()]
        };
        // "Các hoạt động của trường:": a heading of the message, not an activity.
        if !tabbed && cells.len() == 1 && line.ends_with(':') && !DATE.is_match(&line) {
            out.skipped.push(line.trim_end_matches(':').to_owned() + ":");
            continue;
        }
        if roles.is_none()
            && let Some(h) = header(&cells)
        {
            roles = Some(h);
            continue;
        }
        let mut row = Row::default();
        match &roles {
            Some(r) => {
                for (n, cell) in cells.iter().enumerate() {
                    row.put(r.get(n).copied().flatten(), cell, campaign.year, kinds);
                }
            }
            None if tabbed || cells.len() > 1 => {
                for cell in &cells {
                    row.put_by_content(cell, campaign.year, kinds);
                }
            }
            None => row.put_sentence(&BULLET.replace(&line, ""), campaign.year),
        }
        if row.title.is_empty() {
            // A line naming only a day: the day of the lines under it.
            if let Some(d) = row.date
                && row.start.is_empty()
                && row.rest.is_empty()
            {
                day = Some(d);
            } else {
                out.skipped.push(line);
            }
            continue;
        }
        out.rows.push(row.finish(i + 1, &mut day, campaign, kinds));
    }
    Ok(out)
}

#[derive(Default)]
struct Row {
    date: Option<NaiveDate>,
    start: String,
    end: String,
    title: String,
    place: String,
    organiser: String,
    kind: Option<String>,
    staff: i64,
    pupils: i64,
    community: i64,
    people: i64,
    books: i64,
    notes: Vec<String>,
    /// Text around a date that was not a title ("sáng", "Tuần lễ").
    rest: String,
    slips: Vec<String>,
}

impl Row {
    fn take_when(&mut self, cell: &str, year: i32) -> String {
        let w = read_when(cell, year);
        if w.date.is_some() {
            self.date = w.date;
        }
        if !w.start.is_empty() {
            self.start = w.start;
            self.end = w.end;
        }
        self.slips.extend(w.slip);
        w.rest
    }

    fn put(&mut self, role: Option<Role>, cell: &str, year: i32, kinds: &[ActivityKind]) {
        let text = clean_line(cell);
        if text.is_empty() {
            return;
        }
        let n = || count(&text).unwrap_or(0);
        match role {
            Some(Role::Number) => {}
            Some(Role::When) => {
                let rest = self.take_when(&text, year);
                if !rest.is_empty() && folded(&rest) != "sang" && folded(&rest) != "chieu" {
                    self.rest = rest;
                }
            }
            Some(Role::Title) => self.title = text,
            Some(Role::Place) => self.place = text,
            Some(Role::Organiser) => self.organiser = text,
            Some(Role::Kind) => match kind_of(&text, kinds) {
                Some(k) => self.kind = Some(k),
                None => self.notes.push(text),
            },
            Some(Role::Staff) => self.staff = n(),
            Some(Role::Pupils) => self.pupils = n(),
            Some(Role::Community) => self.community = n(),
            Some(Role::People) => self.people = n(),
            Some(Role::Books) => self.books = n(),
            Some(Role::Notes) | None => self.notes.push(text),
        }
    }

    /// A cell of a table without a header: a date or time, a number of people, a kind, or the
    /// title, place and unit in charge in that order.
    fn put_by_content(&mut self, cell: &str, year: i32, kinds: &[ActivityKind]) {
        let text = clean_line(cell);
        if text.is_empty() {
            return;
        }
        if self.title.is_empty() && count(&text).is_some() && self.people == 0 && self.date.is_none() && text.len() <= 2 {
            return; // the row's number (STT)
        }
        if let Some(n) = count(&text) {
            self.people = n;
            return;
        }
        if let Some(k) = kind_of(&text, kinds) {
            self.kind = Some(k);
            return;
        }
        if DATE.is_match(&text) || (TIME.is_match(&text) && text.len() <= 20) {
            let rest = self.take_when(&text, year);
            if rest.is_empty() {
                return;
            }
            return self.put_text(rest);
        }
        self.put_text(text);
    }

    fn put_text(&mut self, text: String) {
        if self.title.is_empty() {
            self.title = text;
        } else if self.place.is_empty() {
            self.place = text;
        } else if self.organiser.is_empty() {
            self.organiser = text;
        } else {
            self.notes.push(text);
        }
    }

    /// A line of a message: "Thứ Tư 01/10, 7h30: Lễ khai mạc tại sân trường, Liên đội".
    fn put_sentence(&mut self, line: &str, year: i32) {
        let rest = self.take_when(line, year);
        let mut parts = rest.split(',').map(|p| clean_line(p.trim_matches(|c: char| c.is_whitespace() || ":–-".contains(c))));
        let first = parts.next().unwrap_or_default();
        match first.split_once(" tại ") {
            Some((title, place)) => {
                self.title = clean_line(title);
                self.place = clean_line(place);
            }
            None => self.title = first,
        }
        for p in parts.filter(|p| !p.is_empty()) {
            self.put_text(p);
        }
        if self.title.is_empty() {
            self.rest = rest;
        }
    }

    fn finish(mut self, line: usize, day: &mut Option<NaiveDate>, campaign: &Campaign, kinds: &[ActivityKind]) -> PastedRow {
        let mut problems = std::mem::take(&mut self.slips);
        let mut notes = Vec::new();
        let date = match self.date {
            Some(d) => {
                *day = Some(d);
                d
            }
            None => match *day {
                Some(d) => {
                    notes.push(format!("Ngày {} lấy theo dòng phía trên.", docs::short_date(d)));
                    d
                }
                None => {
                    problems
                        .push("Không thấy ngày: hãy thêm ngày (ví dụ 01/10) vào dòng này hoặc một dòng ngày phía trên.".into());
                    campaign.week_start
                }
            },
        };
        let kind = match self.kind.take() {
            Some(k) => k,
            None => {
                let (k, note) = guess_kind(&self.title, kinds);
                notes.extend(note);
                k
            }
        };
        if self.people > 0 && self.staff + self.pupils + self.community == 0 {
            self.pupils = self.people;
            notes.push(format!("{} người tham gia ghi vào ô học sinh; hãy chia lại nếu có giáo viên, phụ huynh.", self.people));
        }
        let activity = Activity {
            start_time: self.start,
            end_time: self.end,
            title: self.title,
            kind,
            place: self.place,
            organiser: self.organiser,
            staff: self.staff,
            pupils: self.pupils,
            community: self.community,
            books: self.books,
            notes: self.notes.join("; "),
            ..Activity::blank(campaign.year, date)
        };
        match activity.validated() {
            Ok(a) => {
                notes.extend(a.warnings(campaign));
                PastedRow { line, activity: a, problems, notes }
            }
            Err(Error::Validation(fields)) => {
                problems.extend(fields.into_iter().map(|f| f.message));
                PastedRow { line, activity, problems, notes }
            }
            Err(e) => {
                problems.push(e.to_string());
                PastedRow { line, activity, problems, notes }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn campaign() -> Campaign {
        Campaign {
            year: 2025,
            theme: "Chủ đề".into(),
            week_start: d(10, 1),
            week_end: d(10, 7),
            opening_date: d(10, 1),
            authority_name: "Phòng Văn hóa - Xã hội xã Vĩnh Hòa".into(),
            authority_email: "vhxh@vinhhoa.gov.vn".into(),
            report_deadline: d(10, 14),
        }
    }

    fn read(text: &str) -> Pasted {
        parse(text, &campaign(), &crate::activity::kinds().unwrap()).unwrap()
    }

    #[test]
    fn an_excel_table_with_its_header_row() {
        let p = read(
            "STT\tNgày\tThời gian\tTên hoạt động\tĐịa điểm\tĐơn vị phụ trách\tSố học sinh\tSố giáo viên\n\
             1\t01/10/2025\t7h30 - 9h00\tLễ khai mạc Tuần lễ\tSân trường\tBan giám hiệu\t1.250\t48\n\
             2\t02/10\t14:00\tThi kể chuyện theo sách\tThư viện\tLiên đội\t120\t6\n\
             \n\
             3\t03/10/2025\t\tTặng sách cho thư viện lớp\t\t\t\t\n",
        );
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        assert_eq!(p.rows.len(), 3);
        let a = &p.rows[0].activity;
        assert_eq!((a.date, a.start_time.as_str(), a.end_time.as_str()), (d(10, 1), "07:30", "09:00"));
        assert_eq!(
            (a.title.as_str(), a.place.as_str(), a.organiser.as_str()),
            ("Lễ khai mạc Tuần lễ", "Sân trường", "Ban giám hiệu")
        );
        assert_eq!((a.pupils, a.staff, a.kind.as_str()), (1250, 48, "opening"));
        assert!(p.rows[0].problems.is_empty(), "{:?}", p.rows[0].problems);
        let b = &p.rows[1].activity;
        assert_eq!((b.date, b.start_time.as_str(), b.end_time.as_str(), b.kind.as_str()), (d(10, 2), "14:00", "", "contest"));
        assert_eq!(p.rows[2].line, 5, "lines are counted as pasted, blanks included");
        assert_eq!(p.rows[2].activity.kind, "reading");
        assert!(p.rows[2].notes.iter().any(|n| n.contains("Chưa ghi số người")), "{:?}", p.rows[2].notes);
    }

    #[test]
    fn a_zalo_message_with_day_lines_times_and_places() {
        let p = read(
            "Kế hoạch hoạt động Tuần lễ của trường:\n\
             Thứ Tư, 01/10:\n\
             - 7h30 Lễ khai mạc Tuần lễ tại sân trường, Ban giám hiệu\n\
             - 9h-10h30: Giới thiệu sách mới tại thư viện\n\
             Thứ Năm 2/10\n\
             + Tập huấn kỹ năng số cho giáo viên, phòng tin học\n\
             * Thứ Sáu 03/10 14h: Hội thi vẽ tranh\n",
        );
        assert_eq!(p.skipped, ["Kế hoạch hoạt động Tuần lễ của trường:"]);
        let got: Vec<_> = p
            .rows
            .iter()
            .map(|r| {
                (
                    r.activity.date,
                    r.activity.start_time.as_str(),
                    r.activity.title.as_str(),
                    r.activity.place.as_str(),
                    r.activity.kind.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (d(10, 1), "07:30", "Lễ khai mạc Tuần lễ", "sân trường", "opening"),
                (d(10, 1), "09:00", "Giới thiệu sách mới", "thư viện", "reading"),
                (d(10, 2), "", "Tập huấn kỹ năng số cho giáo viên", "phòng tin học", "training"),
                (d(10, 3), "14:00", "Hội thi vẽ tranh", "", "contest"),
            ]
        );
        assert_eq!(p.rows[0].activity.organiser, "Ban giám hiệu");
        assert_eq!(p.rows[1].activity.end_time, "10:30");
        assert!(p.rows[1].notes.iter().any(|n| n.contains("lấy theo dòng phía trên")), "{:?}", p.rows[1].notes);
        assert!(p.rows.iter().all(|r| r.problems.is_empty()), "{:?}", p.rows);
    }

    #[test]
    fn slips_are_named_and_stop_the_row() {
        let p = read(
            "Thứ Năm, 01/10/2025, Lễ khai mạc, sân trường\n\
             31/09; Thi đọc sách; thư viện\n\
             Trồng cây xanh; vườn trường\n\
             Ngày hội đọc sách; 08/10; thư viện; 300\n",
        );
        assert_eq!(p.rows.len(), 4, "{p:?}");
        assert!(p.rows[0].problems.iter().any(|m| m.contains("không khớp ngày 01/10/2025 (thứ Tư)")), "{:?}", p.rows[0].problems);
        assert!(p.rows[1].problems.iter().any(|m| m.contains("không phải một ngày có thật")), "{:?}", p.rows[1].problems);
        // A row without a date takes the one above (merged cells of Excel copy so); the first cannot.
        assert_eq!(p.rows[2].activity.date, d(10, 1));
        assert!(p.rows[2].notes.iter().any(|n| n.contains("lấy theo dòng phía trên")), "{:?}", p.rows[2].notes);
        let alone = read("Trồng cây xanh; vườn trường");
        assert!(alone.rows[0].problems.iter().any(|m| m.contains("Không thấy ngày")), "{:?}", alone.rows[0].problems);
        let last = &p.rows[3];
        assert!(last.problems.is_empty(), "{:?}", last.problems);
        assert_eq!((last.activity.date, last.activity.pupils), (d(10, 8), 300));
        assert!(last.notes.iter().any(|n| n.contains("ngoài thời gian Tuần lễ")), "{:?}", last.notes);
        assert!(last.notes.iter().any(|n| n.contains("ghi vào ô học sinh")), "{:?}", last.notes);
    }

    #[test]
    fn too_many_lines_are_refused() {
        let text = "01/10 Đọc sách\n".repeat(501);
        let err = parse(&text, &campaign(), &crate::activity::kinds().unwrap()).unwrap_err();
        assert!(err.to_string().contains("tối đa 500 dòng"), "{err}");
    }
}
