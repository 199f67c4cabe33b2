//! The report's outline as the authority asks for it («MẪU BC», «Phụ lục» of its letter): its
//! headings read from pasted text (I., II. …; 1., 2. …; «-» items), each matched to what the app
//! drafts (direction, the opening ceremony, the activities, funding, results, difficulties,
//! recommendations, the statistics table, the evidence) or left to the school's own words. Kept
//! per year; without one the report follows the app's own outline (`Outline::default_for_app`).

mod word;

use std::path::Path;

use rusqlite::params;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::Store;
use crate::text::{clean_line, clean_text};
use crate::{Error, FieldError, Result};

/// What the app writes under a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Section {
    /// Direction, the plan issued, inspection (the report's own text).
    Direction,
    /// The opening ceremony (the report's own text).
    Ceremony,
    /// The activities of the log, one line each.
    Activities,
    /// Funding: the total in figures and in words, by source.
    Funding,
    /// The state budget's part of the funding.
    FundingState,
    /// Sponsorship and other lawful sources.
    FundingPrivate,
    /// Results and lessons (the report's own text).
    Results,
    /// Difficulties (the report's own text).
    Difficulties,
    /// Recommendations (the report's own text).
    Recommendations,
    /// The statistics table.
    Statistics,
    /// Links and representative photos.
    Evidence,
}

impl Section {
    /// The report's own texts (the rest comes from the log and the statistics).
    pub const NARRATIVE: [Section; 5] =
        [Section::Direction, Section::Ceremony, Section::Results, Section::Difficulties, Section::Recommendations];

    const ALL: [Section; 11] = [
        Section::Direction,
        Section::Ceremony,
        Section::Activities,
        Section::Funding,
        Section::FundingState,
        Section::FundingPrivate,
        Section::Results,
        Section::Difficulties,
        Section::Recommendations,
        Section::Statistics,
        Section::Evidence,
    ];

    /// The name it is stored under (the same as in the window's and the CLI's JSON).
    pub fn key(self) -> &'static str {
        match self {
            Self::Direction => "direction",
            Self::Ceremony => "ceremony",
            Self::Activities => "activities",
            Self::Funding => "funding",
            Self::FundingState => "funding_state",
            Self::FundingPrivate => "funding_private",
            Self::Results => "results",
            Self::Difficulties => "difficulties",
            Self::Recommendations => "recommendations",
            Self::Statistics => "statistics",
            Self::Evidence => "evidence",
        }
    }

    /// The section stored under `key`.
    pub fn from_key(key: &str) -> Option<Section> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// What the section holds, for the user: "lễ phát động".
    pub fn label(self) -> &'static str {
        match self {
            Self::Direction => "công tác chỉ đạo, triển khai",
            Self::Ceremony => "lễ phát động (khai mạc)",
            Self::Activities => "các hoạt động đã tổ chức (từ nhật ký)",
            Self::Funding => "kinh phí (từ nhật ký)",
            Self::FundingState => "kinh phí ngân sách nhà nước",
            Self::FundingPrivate => "kinh phí xã hội hóa, nguồn khác",
            Self::Results => "kết quả, bài học kinh nghiệm",
            Self::Difficulties => "khó khăn, tồn tại",
            Self::Recommendations => "kiến nghị, đề xuất",
            Self::Statistics => "bảng tổng hợp số liệu",
            Self::Evidence => "minh chứng (đường link, ảnh tiêu biểu)",
        }
    }

    /// The section a heading's words ask for, if the app drafts it. The first rule that fits wins,
    /// so "Kinh phí" is funding even when the line also says "hoạt động".
    pub fn suggest(label: &str) -> Option<Section> {
        let l = label.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
        let rules: [(&[&str], Section); 11] = [
            (&["ngân sách nhà nước"], Self::FundingState),
            (&["xã hội hóa", "doanh nghiệp", "nguồn hợp pháp", "nguồn khác"], Self::FundingPrivate),
            (&["kinh phí"], Self::Funding),
            (&["số liệu", "thống kê", "mẫu tổng hợp", "bảng tổng hợp"], Self::Statistics),
            (&["minh chứng", "hình ảnh", "đường link", "tin bài"], Self::Evidence),
            (&["phát động", "khai mạc"], Self::Ceremony),
            (&["chỉ đạo"], Self::Direction),
            (&["khó khăn", "tồn tại", "hạn chế"], Self::Difficulties),
            (&["kiến nghị", "đề xuất"], Self::Recommendations),
            (&["kết quả", "bài học"], Self::Results),
            (&["hoạt động"], Self::Activities),
        ];
        rules.iter().find(|(words, _)| has(words)).map(|(_, s)| *s)
    }
}

impl ToSql for Section {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for Section {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Self::from_key(text).ok_or(FromSqlError::InvalidType)
    }
}

/// One heading of the outline, with what goes under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Heading {
    /// 1: «I. …», 2: «1. …», 3: an item «- …» (a line of the text, not a heading).
    pub level: u8,
    /// The authority's wording, with its numbering («I. TỔ CHỨC TRIỂN KHAI TUẦN LỄ»).
    pub label: String,
    /// What the app writes under it; `None`: the school's own text.
    pub section: Option<Section>,
    /// The school's own text, under a heading the app does not draft.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Outline {
    pub headings: Vec<Heading>,
}

impl Outline {
    /// The app's own outline (the report's sections as the seeds' «MẪU BC» orders them).
    pub fn default_for_app() -> Outline {
        let h = |level: u8, label: &str, section: Option<Section>| Heading {
            level,
            label: label.into(),
            section,
            text: String::new(),
        };
        Outline {
            headings: vec![
                h(1, "I. TỔ CHỨC TRIỂN KHAI TUẦN LỄ", None),
                h(2, "1. Công tác chỉ đạo, triển khai", Some(Section::Direction)),
                h(2, "2. Lễ phát động Tuần lễ", Some(Section::Ceremony)),
                h(2, "3. Các hoạt động đã tổ chức", Some(Section::Activities)),
                h(2, "4. Kinh phí", Some(Section::Funding)),
                h(1, "II. ĐÁNH GIÁ CHUNG", None),
                h(2, "1. Kết quả, bài học kinh nghiệm", Some(Section::Results)),
                h(2, "2. Khó khăn, tồn tại", Some(Section::Difficulties)),
                h(2, "3. Kiến nghị, đề xuất", Some(Section::Recommendations)),
                h(
                    2,
                    "4. Bảng tổng hợp số liệu các hoạt động tổ chức Tuần lễ (thống kê theo Mẫu tổng hợp)",
                    Some(Section::Statistics),
                ),
            ],
        }
    }

    /// The heading `section` is printed under: its own, or for the opening ceremony without one,
    /// the activities' (the opening is the first of them), else the direction's. `None`: the
    /// outline has no place for it.
    pub fn home(&self, section: Section) -> Option<usize> {
        let find = |s: Section| self.headings.iter().position(|h| h.section == Some(s));
        find(section).or_else(|| match section {
            Section::Ceremony => find(Section::Activities).or_else(|| find(Section::Direction)),
            _ => None,
        })
    }

    /// Whether a heading of the outline takes `section`.
    pub fn has(&self, section: Section) -> bool {
        self.headings.iter().any(|h| h.section == Some(section))
    }

    /// The headings the school must write itself and has not: a heading of the authority's that
    /// the app does not draft, with nothing under it (no text, no sub-heading).
    pub fn unwritten(&self) -> Vec<&Heading> {
        self.headings.iter().enumerate().filter(|(i, h)| self.own(*i) && h.text.trim().is_empty()).map(|(_, h)| h).collect()
    }

    /// Whether the school writes under the heading at `i`: the app drafts nothing there and no
    /// sub-heading follows.
    fn own(&self, i: usize) -> bool {
        let parent = |h: &Heading| self.headings.get(i + 1).is_some_and(|next| next.level > h.level);
        self.headings.get(i).is_some_and(|h| h.section.is_none() && !parent(h))
    }
}

/// Roman numerals of a report's parts (I to XII are more than any outline uses).
const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/// The numeral of the `n`th part (1: «I»), for a part the app adds after the authority's.
pub fn roman(n: usize) -> &'static str {
    ROMAN.get(n.saturating_sub(1)).copied().unwrap_or("XII")
}

/// The level of a line that starts a heading, and its label.
fn heading_of(line: &str) -> Option<(u8, String)> {
    let (first, rest) = line.split_once(['.', ')']).unwrap_or((line, ""));
    let titled = !rest.trim().is_empty();
    if titled && ROMAN.contains(&first) {
        Some((1, line.to_owned()))
    } else if titled && (1..=2).contains(&first.len()) && first.chars().all(|c| c.is_ascii_digit()) {
        Some((2, line.to_owned()))
    } else if titled
        && line[first.len()..].starts_with(')')
        && first.chars().count() == 1
        && first.chars().all(char::is_lowercase)
    {
        Some((3, line.to_owned()))
    } else {
        let item = line.strip_prefix(['-', '–', '+', '•'])?.trim();
        (!item.is_empty()).then(|| (3, format!("- {item}")))
    }
}

/// A line that starts the report's outline in a letter: «MẪU BC», «Phụ lục», the title «BÁO CÁO …».
fn starts_outline(lower: &str) -> bool {
    lower.starts_with("mẫu bc") || lower.starts_with("phụ lục") || lower.starts_with("báo cáo")
}

/// A line that ends it: the recipients, or a note under it («* Yêu cầu: báo cáo có kèm theo …»).
fn ends_outline(lower: &str) -> bool {
    lower.starts_with("nơi nhận") || lower.starts_with("\\*") || lower.starts_with("yêu cầu") || lower.starts_with("ghi chú")
}

/// The headings of an outline pasted from the authority's letter (or the whole letter): the last
/// block of headings that starts with «I.» after «MẪU BC», «Phụ lục» or the title «BÁO CÁO», up to
/// «Nơi nhận» or a note. Bold and italic markup as a converter writes it (`**…**`, `*…*`) is read
/// as line breaks and dropped. Each heading gets the section its words ask for.
pub fn parse(pasted: &str) -> Result<Outline> {
    let text = clean_text(pasted).replace("**", "\n");
    let (mut last, mut current, mut open) = (Vec::new(), Vec::<Heading>::new(), true);
    for raw in text.lines() {
        let line = clean_line(raw.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace()));
        let lower = line.to_lowercase();
        if line.is_empty() {
            continue;
        }
        if starts_outline(&lower) {
            if !current.is_empty() {
                last = std::mem::take(&mut current);
            }
            open = true;
            continue;
        }
        if !open {
            continue;
        }
        if !current.is_empty() && ends_outline(&lower) {
            open = false;
            continue;
        }
        match heading_of(&line) {
            Some((level, label)) if level == 1 || !current.is_empty() => {
                let section = if level == 1 { None } else { Section::suggest(&label) };
                current.push(Heading { level, label, section, text: String::new() });
            }
            _ => {}
        }
    }
    let headings = if current.is_empty() { last } else { current };
    if headings.is_empty() {
        return Err(Error::Validation(vec![FieldError::new(
            "outline",
            "Không thấy đề mục nào dạng «I. …», «1. …» trong nội dung đã dán. Hãy dán phần mẫu báo cáo (đề cương) \
             trong văn bản của cơ quan quản lý.",
        )]));
    }
    Ok(Outline { headings })
}

/// The outline of a Word letter (.docx) named `name`: its text read with the numbering Word
/// draws written out, then read as pasted text.
pub fn parse_docx(name: &str, bytes: &[u8]) -> Result<Outline> {
    let refuse = |reason: String| Error::DataFile { path: name.into(), reason };
    if crate::docs::ooxml::is_ole(bytes) {
        return Err(refuse(
            "đây là văn bản Word đời cũ (.doc). Hãy mở bằng Word, chọn Lưu thành → Tài liệu Word (.docx), rồi chọn lại; hoặc chép phần mẫu báo cáo và dán vào ô.".into(),
        ));
    }
    parse(&word::lines(bytes).map_err(refuse)?.join("\n"))
}

/// The outline of the authority's letter in the file at `path`: a Word file (.docx, or an old
/// .doc refused with a sentence, told by its bytes), else its text.
pub fn read_file(path: &Path) -> Result<Outline> {
    let fail = |e: &dyn std::fmt::Display| Error::DataFile { path: path.to_path_buf(), reason: e.to_string() };
    let bytes = std::fs::read(path).map_err(|e| fail(&e))?;
    if crate::docs::ooxml::is_package(&bytes) || crate::docs::ooxml::is_ole(&bytes) {
        parse_docx(&path.display().to_string(), &bytes)
    } else {
        parse(&String::from_utf8(bytes).map_err(|e| fail(&e))?)
    }
}

/// The outline stored for `year`, if the school imported one.
pub fn load(store: &Store, year: i32) -> Result<Option<Outline>> {
    let mut stmt =
        store.conn().prepare("SELECT level, label, section, text FROM report_outline WHERE year = ?1 ORDER BY position")?;
    let headings = stmt
        .query_map([year], |r| Ok(Heading { level: r.get(0)?, label: r.get(1)?, section: r.get(2)?, text: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!headings.is_empty()).then_some(Outline { headings }))
}

/// Whether the school imported an outline for `year`.
pub fn imported(store: &Store, year: i32) -> Result<bool> {
    Ok(store.conn().query_row("SELECT EXISTS (SELECT 1 FROM report_outline WHERE year = ?1)", [year], |r| r.get(0))?)
}

/// The outline of `year`: the imported one, else the app's own.
pub fn for_year(store: &Store, year: i32) -> Result<Outline> {
    Ok(load(store, year)?.unwrap_or_else(Outline::default_for_app))
}

/// Replaces the outline of `year` (cleaned and checked) in one transaction.
pub fn save(store: &mut Store, year: i32, outline: &Outline) -> Result<Outline> {
    crate::campaign::get(store, year)?;
    let mut errors = Vec::new();
    let headings: Vec<Heading> = outline
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let label = clean_line(&h.label);
            if label.is_empty() {
                errors.push(FieldError::new(&format!("headings.{i}.label"), "Đề mục không được để trống."));
            }
            if !(1..=3).contains(&h.level) {
                errors.push(FieldError::new(&format!("headings.{i}.level"), "Cấp đề mục phải là 1, 2 hoặc 3."));
            }
            Heading { level: h.level, label, section: h.section, text: clean_text(&h.text) }
        })
        .collect();
    if headings.is_empty() {
        errors.push(FieldError::new("headings", "Mẫu báo cáo cần ít nhất một đề mục."));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    store.write(|tx| {
        tx.execute("DELETE FROM report_outline WHERE year = ?1", [year])?;
        for (i, h) in headings.iter().enumerate() {
            tx.execute(
                "INSERT INTO report_outline (year, position, level, label, section, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![year, i as i64, h.level, h.label, h.section, h.text],
            )?;
        }
        Ok(())
    })?;
    Ok(Outline { headings })
}

/// The school's own text under the heading at `position` of the imported outline: only a heading
/// the app does not draft takes one.
pub fn write(store: &mut Store, year: i32, position: usize, text: &str) -> Result<Outline> {
    let mut outline = load(store, year)?
        .ok_or_else(|| Error::Validation(vec![FieldError::new("outline", "Chưa nhập mẫu báo cáo của cơ quan quản lý.")]))?;
    let heading = outline
        .headings
        .get_mut(position)
        .ok_or_else(|| Error::Validation(vec![FieldError::new("position", format!("Không có đề mục số {position}."))]))?;
    if let Some(section) = heading.section {
        return Err(Error::Validation(vec![FieldError::new(
            "position",
            format!("Mục «{}» do ứng dụng soạn ({}); hãy sửa nội dung đó trong báo cáo.", heading.label, section.label()),
        )]));
    }
    heading.text = text.to_owned();
    save(store, year, &outline)
}

/// What the app writes under the heading at `position` of the imported outline: `section`, or
/// (`None`) nothing — the school writes there. A section has one heading: another heading that
/// had it gives it up. The school's text under the heading is kept either way.
pub fn assign(store: &mut Store, year: i32, position: usize, section: Option<Section>) -> Result<Outline> {
    let mut outline = load(store, year)?
        .ok_or_else(|| Error::Validation(vec![FieldError::new("outline", "Chưa nhập mẫu báo cáo của cơ quan quản lý.")]))?;
    if position >= outline.headings.len() {
        return Err(Error::Validation(vec![FieldError::new("position", format!("Không có đề mục số {position}."))]));
    }
    for (i, h) in outline.headings.iter_mut().enumerate() {
        if i == position {
            h.section = section;
        } else if section.is_some() && h.section == section {
            h.section = None;
        }
    }
    save(store, year, &outline)
}

/// The latest year before `year` with an imported outline.
fn earlier_year(store: &Store, year: i32) -> Result<Option<i32>> {
    Ok(store.conn().query_row("SELECT MAX(year) FROM report_outline WHERE year < ?1", [year], |r| r.get(0))?)
}

/// The latest earlier year's outline for `year`: its headings and what goes under each; the
/// school's own texts were that year's and are left empty.
pub fn reuse(store: &mut Store, year: i32) -> Result<Outline> {
    let from = earlier_year(store, year)?
        .ok_or_else(|| Error::Validation(vec![FieldError::new("year", "Chưa có mẫu báo cáo của năm nào trước để dùng lại.")]))?;
    let mut outline = load(store, from)?.unwrap_or_else(Outline::default_for_app);
    outline.headings.iter_mut().for_each(|h| h.text.clear());
    save(store, year, &outline)
}

/// A heading as the report step shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HeadingView {
    pub heading: Heading,
    /// What the app writes under it, in words («lễ phát động (khai mạc)»).
    pub drafted: Option<String>,
    /// The school writes under it (no section of the app's, no sub-heading).
    pub own: bool,
}

/// Where one of the report's own texts is printed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Placement {
    pub section: Section,
    /// The heading it is printed under; `None`: the outline has no place for it.
    pub under: Option<String>,
    /// That heading is the section's own (not another one it opens, as the ceremony opens the
    /// activities when the outline has no heading for it).
    pub own_heading: bool,
}

/// The outline the report of a year follows, for the report step and the command line.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OutlineView {
    /// The authority's (imported), or the app's own.
    pub imported: bool,
    pub headings: Vec<HeadingView>,
    /// Where each of the report's own texts goes (direction, ceremony, results…), in that order.
    pub narrative: Vec<Placement>,
    /// What a heading can be given to hold, in the report's order.
    pub sections: Vec<SectionChoice>,
    /// An earlier year whose outline can be used again («Dùng lại mẫu năm 2025»).
    pub reusable_year: Option<i32>,
}

/// A part of the report the app drafts, for the heading's drop-down.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SectionChoice {
    pub section: Section,
    pub label: String,
}

pub fn view(store: &Store, year: i32) -> Result<OutlineView> {
    let imported = load(store, year)?;
    let outline = imported.clone().unwrap_or_else(Outline::default_for_app);
    let headings = outline
        .headings
        .iter()
        .enumerate()
        .map(|(i, h)| HeadingView { heading: h.clone(), drafted: h.section.map(|s| s.label().to_owned()), own: outline.own(i) })
        .collect();
    let narrative = Section::NARRATIVE
        .iter()
        .map(|s| {
            let home = outline.home(*s);
            Placement {
                section: *s,
                under: home.map(|i| outline.headings[i].label.clone()),
                own_heading: home.is_some_and(|i| outline.headings[i].section == Some(*s)),
            }
        })
        .collect();
    let sections = Section::ALL.iter().map(|s| SectionChoice { section: *s, label: s.label().to_owned() }).collect();
    Ok(OutlineView { imported: imported.is_some(), headings, narrative, sections, reusable_year: earlier_year(store, year)? })
}

/// Back to the app's own outline for `year` (the imported one is removed; its texts with it).
pub fn clear(store: &mut Store, year: i32) -> Result<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM report_outline WHERE year = ?1", [year])?;
        Ok(())
    })
}
