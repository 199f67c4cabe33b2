//! Where the items of a form are and where their values go, read from the grid the way a
//! secretary reads it: a header row names the columns; below it either one row per item
//! (STT | Nội dung | Đơn vị tính | Số lượng | Ghi chú) or one row per school with the items as
//! columns (under one or two header rows). The title above and the signatures below are not items.

use super::grid::Grid;

/// How the form lays out its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One row per item, the value in a column of its own.
    Rows,
    /// One row per school, one column per item.
    Units,
}

impl Layout {
    pub fn key(self) -> &'static str {
        match self {
            Self::Rows => "rows",
            Self::Units => "units",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Rows, Self::Units].into_iter().find(|l| l.key() == key)
    }
}

/// One item the form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub label: String,
    /// The item it details («Số lượt người tham gia» above «- Học sinh»), or the column group.
    pub context: String,
    pub unit: String,
    /// The cell the value goes in.
    pub row: usize,
    pub col: usize,
    /// Excel computes this cell (a total): it is never written.
    pub formula: bool,
}

/// What was read of a form.
#[derive(Debug, Clone)]
pub struct Reading {
    pub layout: Layout,
    pub items: Vec<Found>,
    /// Where the school's name goes: the empty row of a per-school form, or the «Trường: ……»
    /// line of the title block.
    pub name_cell: Option<NameCell>,
    /// The signature block's «…, ngày … tháng … năm …» line, left for the date.
    pub date_line: Option<DateLine>,
}

/// Where the school's name goes, and the words it follows there («TRƯỜNG», written
/// «TRƯỜNG: Trường Tiểu học Hoa Sen»; none in a cell of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCell {
    pub at: At,
    pub label: Option<String>,
}

/// The date line of the signature block, and the place it names («An Bình, ngày ….», kept as
/// the authority wrote it; none when the place is left blank too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    pub at: At,
    pub locality: Option<String>,
}

/// A place in the form for a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A cell of the sheet or table.
    Cell { row: usize, col: usize },
    /// A paragraph above a Word table, counted from it (0: the nearest), as `Grid::above`.
    Above(usize),
    /// A paragraph below a Word table, counted from it, as `Grid::below`.
    Below(usize),
}

impl At {
    /// "cell 3 1", "above 0", "below 2".
    pub fn key(self) -> String {
        match self {
            Self::Cell { row, col } => format!("cell {row} {col}"),
            Self::Above(i) => format!("above {i}"),
            Self::Below(i) => format!("below {i}"),
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let mut words = key.split(' ');
        let (kind, mut numbers) = (words.next()?, words.map(str::parse::<usize>));
        let at = match kind {
            "cell" => Self::Cell { row: numbers.next()?.ok()?, col: numbers.next()?.ok()? },
            "above" => Self::Above(numbers.next()?.ok()?),
            "below" => Self::Below(numbers.next()?.ok()?),
            _ => return None,
        };
        numbers.next().is_none().then_some(at)
    }
}

/// The «Trường: ………» or «Đơn vị: ………» line above the table, left for the school's name: a
/// cell of the rows above the header, or a paragraph above a Word table.
fn title_name_cell(grid: &Grid, header: usize) -> Option<NameCell> {
    let in_rows = (0..header).find_map(|row| {
        (0..grid.width())
            .filter(|c| grid.is_origin(row, *c))
            .find_map(|col| Some(NameCell { at: At::Cell { row, col }, label: Some(name_label(grid.text(row, col))?) }))
    });
    in_rows.or_else(|| {
        grid.above.iter().enumerate().find_map(|(i, text)| Some(NameCell { at: At::Above(i), label: Some(name_label(text)?) }))
    })
}

/// The «An Bình, ngày ….. tháng ….. năm 2025» line below the table's header, with its day and
/// month left blank: a cell of the rows below, or a paragraph below a Word table.
fn date_line(grid: &Grid, header: usize) -> Option<DateLine> {
    let in_rows = (header + 1..grid.rows.len()).find_map(|row| {
        (0..grid.width())
            .filter(|c| grid.is_origin(row, *c))
            .find_map(|col| Some(DateLine { at: At::Cell { row, col }, locality: blank_date(grid.text(row, col))? }))
    });
    in_rows.or_else(|| {
        grid.below.iter().enumerate().find_map(|(i, text)| Some(DateLine { at: At::Below(i), locality: blank_date(text)? }))
    })
}

/// The place of a date line left blank («An Bình» of «An Bình, ngày ….. tháng ….. năm 2025»;
/// `Some(None)` when the place is blank too); `None` for any other text.
fn blank_date(text: &str) -> Option<Option<String>> {
    use unicode_normalization::UnicodeNormalization;
    static LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::text::pattern(r"(?i)^\s*([^,]*?)\s*,?\s*ngày[\s.…_/]*tháng[\s.…_/]*năm[\s.…_]*\d{0,4}[\s.…_]*$")
    });
    let text: String = text.nfc().collect();
    let place = LINE.captures(&text)?.get(1).map_or("", |m| m.as_str());
    let blank = place.chars().all(|c| c.is_whitespace() || ".…_".contains(c));
    Some((!blank).then(|| place.trim().to_owned()))
}

/// «Trường» of «Trường: ……………» (a line that asks for the school's name and leaves it blank).
fn name_label(text: &str) -> Option<String> {
    let (label, rest) = text.split_once(':')?;
    let named = ["truong", "don vi", "ten don vi", "ten truong", "co so giao duc", "don vi bao cao"];
    let blank = rest.chars().all(|c| c.is_whitespace() || ".…_-".contains(c));
    (named.contains(&fold(label).as_str()) && blank).then(|| label.trim().to_owned())
}

/// Lower case without Vietnamese marks, words separated by single spaces: «Đơn vị tính» → "don vi tinh".
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = s
        .to_lowercase()
        .nfd()
        .filter_map(|c| match c {
            'đ' => Some('d'),
            c if c.is_alphanumeric() => Some(c),
            c if unicode_normalization::char::is_combining_mark(c) => None,
            _ => Some(' '),
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_word(folded: &str, word: &str) -> bool {
    format!(" {folded} ").contains(&format!(" {word} "))
}

fn is_label_header(f: &str) -> bool {
    ["noi dung", "chi tieu", "tieu chi", "hang muc", "danh muc"].iter().any(|w| f.starts_with(w))
}

fn is_value_header(f: &str) -> bool {
    ["so luong", "so lieu", "ket qua", "thuc hien", "gia tri", "tong so"].iter().any(|w| f.contains(w))
}

fn is_unit_header(f: &str) -> bool {
    f.starts_with("don vi tinh") || f == "dvt"
}

fn is_school_header(f: &str) -> bool {
    ["ten don vi", "don vi", "ten truong", "truong", "truong hoc", "co so giao duc", "ten co so", "don vi truong"].contains(&f)
}

fn is_number_header(f: &str) -> bool {
    f == "stt" || f == "tt" || f == "so tt"
}

fn is_note_header(f: &str) -> bool {
    f.starts_with("ghi chu")
}

/// The line under the header that numbers the columns: (1) (2) (3) or A B 1 2.
fn is_numbering_row(grid: &Grid, row: usize) -> bool {
    let texts: Vec<&str> = (0..grid.width()).map(|c| grid.text(row, c)).filter(|t| !t.is_empty()).collect();
    texts.len() >= 2
        && texts.iter().all(|t| {
            let t = t.trim_matches(|c| c == '(' || c == ')');
            t.len() <= 3 && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| c.is_ascii_uppercase()))
        })
}

/// A line of the title or signature block: the date line, a signer, «Người lập biểu».
fn is_closing_row(grid: &Grid, row: usize) -> bool {
    (0..grid.width()).any(|c| {
        let f = fold(grid.text(row, c));
        (has_word(&f, "ngay") && has_word(&f, "thang") && has_word(&f, "nam"))
            || ["nguoi lap", "hieu truong", "thu truong", "xac nhan", "ky ten", "ky ghi ro", "noi nhan"]
                .iter()
                .any(|w| f.starts_with(w))
    })
}

fn row_is_blank(grid: &Grid, row: usize) -> bool {
    (0..grid.width()).all(|c| grid.text(row, c).is_empty())
}

/// A school's name as lists write it: «Trường Tiểu học Hoa Sen», «TH Hoa Sen» and «Trường TH Hoa
/// Sen» all give "th hoa sen" (folded, without «Trường», the level abbreviated).
fn school_key(name: &str) -> String {
    const LEVELS: [(&str, &str); 6] = [
        ("tieu hoc va trung hoc co so", "th thcs"),
        ("trung hoc co so", "thcs"),
        ("trung hoc pho thong", "thpt"),
        ("pho thong dan toc ban tru", "ptdtbt"),
        ("tieu hoc", "th"),
        ("mam non", "mn"),
    ];
    let folded = format!(" {} ", fold(name));
    let short = LEVELS.iter().fold(folded, |n, (long, abbr)| n.replace(&format!(" {long} "), &format!(" {abbr} ")));
    short.trim().trim_start_matches("truong ").to_owned()
}

/// Reads the items of one grid, or says why it holds none.
pub fn read(grid: &Grid, school_name: &str) -> Result<Reading, String> {
    for row in 0..grid.rows.len().min(60) {
        // A header row names at least three columns (a title or «TRƯỜNG: ….» line does not).
        let named: std::collections::BTreeSet<(usize, usize)> =
            grid.rows[row].iter().filter(|c| !c.text.trim().is_empty()).map(|c| c.origin).collect();
        if named.len() < 3 {
            continue;
        }
        let folded: Vec<String> = (0..grid.width()).map(|c| fold(grid.text(row, c))).collect();
        if let Some(label) = folded.iter().position(|f| is_label_header(f)) {
            return rows_layout(grid, row, label);
        }
        if let Some(name) = folded.iter().position(|f| is_school_header(f)) {
            return units_layout(grid, row, name, school_name);
        }
    }
    Err("không thấy cột «Nội dung» (hay «Chỉ tiêu») hoặc cột «Tên đơn vị» ở dòng tiêu đề của bảng, \
         nên không biết các mục cần điền nằm ở đâu."
        .into())
}

fn rows_layout(grid: &Grid, header: usize, label_col: usize) -> Result<Reading, String> {
    let width = grid.width();
    // The header may take two rows («Số liệu» over «Năm 2025»): the value column is named in either.
    let header_rows = if header + 1 < grid.rows.len()
        && (0..width).any(|c| !grid.is_origin(header + 1, c) && grid.cell(header + 1, c).is_some_and(|x| x.origin.0 == header))
    {
        2
    } else {
        1
    };
    let named = |test: fn(&str) -> bool| {
        (header..header + header_rows).find_map(|r| (0..width).find(|c| *c != label_col && test(&fold(grid.text(r, *c)))))
    };
    let value_col = named(is_value_header)
        .or_else(|| {
            (label_col + 1..width).find(|c| {
                let f = fold(grid.text(header, *c));
                !f.is_empty() && !is_unit_header(&f) && !is_note_header(&f)
            })
        })
        .ok_or("bảng có cột nội dung nhưng không có cột số lượng (hay kết quả) để điền.")?;
    let unit_col = named(is_unit_header);
    let number_col = named(is_number_header);

    let mut items = Vec::new();
    let mut parent = String::new();
    let mut details = false;
    let mut blanks = 0;
    let mut row = header + header_rows;
    if row < grid.rows.len() && is_numbering_row(grid, row) {
        row += 1;
    }
    while row < grid.rows.len() {
        if row_is_blank(grid, row) {
            blanks += 1;
            if blanks >= 2 && !items.is_empty() {
                break;
            }
            row += 1;
            continue;
        }
        blanks = 0;
        if is_closing_row(grid, row) {
            break;
        }
        let label = grid.text(row, label_col).to_owned();
        let f = fold(&label);
        // A group heading merged across the table, or a value cell belonging to another row.
        if label.is_empty() || grid.cell(row, value_col).is_none_or(|c| c.origin != (row, value_col)) {
            row += 1;
            continue;
        }
        let unit = unit_col.map(|c| grid.text(row, c).to_owned()).unwrap_or_default();
        let numbered = number_col.is_some_and(|c| !grid.text(row, c).is_empty());
        if numbered {
            details = false;
        }
        // «Trong đó:» alone announces the details of the item above it.
        if f == "trong do" && unit.is_empty() && grid.text(row, value_col).is_empty() {
            details = true;
            row += 1;
            continue;
        }
        let detail = details || label.starts_with(['-', '+', '–', '*']) || f.starts_with("trong do");
        let context = if detail { parent.clone() } else { String::new() };
        if !detail {
            parent = label.clone();
        }
        items.push(Found {
            label,
            context,
            unit,
            row,
            col: value_col,
            formula: grid.cell(row, value_col).is_some_and(|c| c.formula),
        });
        row += 1;
    }
    if items.is_empty() {
        return Err("bảng có dòng tiêu đề nhưng không có mục nào bên dưới.".into());
    }
    Ok(Reading { layout: Layout::Rows, items, name_cell: title_name_cell(grid, header), date_line: date_line(grid, header) })
}

fn units_layout(grid: &Grid, header: usize, name_col: usize, school_name: &str) -> Result<Reading, String> {
    let width = grid.width();
    // A second header row when the name's cell runs down into it (merged) and cells beside it carry words.
    let two = header + 1 < grid.rows.len()
        && grid.cell(header + 1, name_col).is_some_and(|c| c.origin == (header, name_col))
        && (0..width).any(|c| grid.is_origin(header + 1, c) && !grid.text(header + 1, c).is_empty());
    let last_header = if two { header + 1 } else { header };
    let mut columns = Vec::new();
    for col in 0..width {
        if col == name_col || !grid.is_origin(last_header, col) && grid.cell(last_header, col).is_some_and(|c| c.origin.1 != col)
        {
            continue;
        }
        let top = grid.text(header, col);
        let below = if two { grid.text(last_header, col) } else { "" };
        let f = fold(if below.is_empty() { top } else { below });
        if f.is_empty() || is_number_header(&f) || is_note_header(&f) || is_school_header(&fold(top)) {
            continue;
        }
        let (label, context) = if two && !below.is_empty() && below != top { (below, top) } else { (top, "") };
        columns.push((col, label.to_owned(), context.to_owned()));
    }
    if columns.is_empty() {
        return Err("bảng có cột tên đơn vị nhưng không có cột số liệu nào.".into());
    }
    let mut first = last_header + 1;
    if first < grid.rows.len() && is_numbering_row(grid, first) {
        first += 1;
    }
    let ours = school_key(school_name);
    let mut empty_row = None;
    let mut found = None;
    for row in first..grid.rows.len() {
        if is_closing_row(grid, row) {
            break;
        }
        let name = school_key(grid.text(row, name_col));
        if name.starts_with("tong") || name.starts_with("cong") {
            continue;
        }
        let same = |a: &str, b: &str| format!(" {a} ").contains(&format!(" {b} ")) && b.contains(' ');
        if !ours.is_empty() && !name.is_empty() && (same(&name, &ours) || same(&ours, &name)) {
            found = Some(row);
            break;
        }
        let values_empty = columns.iter().all(|(c, _, _)| grid.text(row, *c).is_empty());
        if name.is_empty() && values_empty && empty_row.is_none() && grid.rows[row].iter().any(|c| c.origin.0 == row) {
            empty_row = Some(row);
        }
    }
    let (row, name_cell) = match (found, empty_row) {
        (Some(row), _) => (row, title_name_cell(grid, header)),
        (None, Some(row)) => (row, Some(NameCell { at: At::Cell { row, col: name_col }, label: None })),
        (None, None) => {
            return Err(format!(
                "bảng liệt kê các đơn vị nhưng không có dòng của «{school_name}» và cũng không có dòng trống để điền."
            ));
        }
    };
    let items = columns
        .into_iter()
        .map(|(col, label, context)| Found {
            label,
            context,
            unit: String::new(),
            row,
            col,
            formula: grid.cell(row, col).is_some_and(|c| c.formula),
        })
        .collect();
    Ok(Reading { layout: Layout::Units, items, name_cell, date_line: date_line(grid, header) })
}

/// The statistics row an item most likely asks for, among `keys` (the template's rows), with the
/// words that decided. The first rule that fits wins, so "giá trị quà" is the value, not the count.
pub fn suggest(item: &Found, keys: &[&str]) -> Option<(String, String)> {
    let text = fold(&format!("{} {}", item.context, item.label));
    let label = fold(&item.label);
    let unit = fold(&item.unit);
    let money = has_word(&unit, "dong") || text.contains("kinh phi") || text.contains("gia tri") || text.contains("trieu");
    let people = ["nguoi", "luot", "hs", "hoc sinh"].iter().any(|w| has_word(&unit, w))
        || text.contains("tham gia")
        || text.contains("luot nguoi");
    let events = ["hoat dong", "buoi", "cuoc", "su kien", "chuyen de"].iter().any(|w| unit.contains(w))
        || (!people && !money && (text.contains("so hoat dong") || text.contains("so buoi") || text.contains("so cuoc")));
    fn first<'w>(words: &[&'w str], label: &str, text: &str) -> Option<&'w str> {
        words.iter().find(|w| has_word(label, w) || has_word(text, w)).copied()
    }
    let any = |words: &[&'static str]| first(words, &label, &text);
    let rules: Vec<(Option<&str>, &str)> = vec![
        (if money { any(&["hoc bong", "qua"]) } else { None }, "gift_value"),
        (any(&["ngan sach"]), "funding_state"),
        (any(&["xa hoi hoa", "huy dong", "nguon khac", "hop phap khac"]), "funding_private"),
        (if money { any(&["kinh phi", "tong kinh phi"]) } else { None }, "funding_total"),
        (any(&["hoc bong", "suat qua", "qua tang", "phan qua"]), "gifts"),
        (any(&["bang ron", "khau hieu", "pano", "panno", "ap phich"]), "banners"),
        (any(&["luot muon", "muon sach"]), "library_loans"),
        (any(&["ban doc", "luot doc"]), "library_readers"),
        (any(&["khen thuong"]).filter(|_| text.contains("tap the")), "commended_groups"),
        (any(&["khen thuong"]), "commended_people"),
        (any(&["tin bai", "bai viet", "tin"]).filter(|_| !events), "news"),
        (any(&["theo hoc", "hoc vien", "nguoi hoc"]), "learners"),
        (if events || has_word(&unit, "lop") { any(&["lop"]) } else { None }, "community_classes"),
        (if events { any(&["tuyen truyen"]) } else { None }, "communication"),
        (if events { any(&["tap huan", "boi duong", "hoi thao", "toa dam", "chuyen de"]) } else { None }, "training"),
        (if events { any(&["doc sach", "thu vien", "van hoa doc"]) } else { None }, "reading"),
        (if events { any(&["cuoc thi", "hoi thi", "san choi"]) } else { None }, "contests"),
        (any(&["sach"]).filter(|_| !events), "books"),
        (any(&["tai lieu"]).filter(|_| !events), "documents"),
        (any(&["can bo", "giao vien", "nhan vien", "cbgv", "cb gv", "cb gv nv"]).filter(|_| !events), "staff"),
        (any(&["cha me", "phu huynh", "nguoi dan", "nhan dan", "cong dong"]).filter(|_| !events), "community"),
        (any(&["hoc sinh"]).filter(|_| !events), "pupils"),
        (if people { any(&["tham gia", "luot nguoi", "tong so"]) } else { None }, "participants"),
        (any(&["hoat dong", "buoi", "su kien"]), "activities"),
    ];
    let written = format!("{} {}", item.context, item.label);
    rules
        .into_iter()
        .find_map(|(word, key)| word.filter(|_| keys.contains(&key)).map(|w| (key.to_owned(), as_written(&written, w))))
}

/// The words of `text` that fold to `folded`, as written there («tuyên truyền» for "tuyen truyen").
fn as_written(text: &str, folded: &str) -> String {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let n = folded.split(' ').count();
    words.windows(n).find(|w| fold(&w.join(" ")) == folded).map_or_else(|| folded.to_owned(), |w| w.join(" ").to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_left_blank() {
        assert_eq!(blank_date("An Bình, ngày ..... tháng ..... năm 2025"), Some(Some("An Bình".into())));
        assert_eq!(blank_date("……………, ngày ….. tháng ….. năm 20…"), Some(None));
        assert_eq!(blank_date(" Ngày … tháng … năm …"), Some(None));
        assert_eq!(blank_date("An Bình, ngày 20 tháng 10 năm 2025"), None, "already dated");
        assert_eq!(blank_date("(Kèm theo Công văn số ....../VHXH ngày ..../9/2025 của Phòng Văn hóa - Xã hội)"), None);
        assert_eq!(blank_date("Số hoạt động"), None);
    }

    #[test]
    fn places_kept_by_key() {
        for at in [At::Cell { row: 3, col: 1 }, At::Above(0), At::Below(12)] {
            assert_eq!(At::from_key(&at.key()), Some(at));
        }
        for bad in ["", "cell 3", "cell 3 1 2", "above x", "left 1"] {
            assert_eq!(At::from_key(bad), None, "{bad}");
        }
    }

    fn found(context: &str, label: &str, unit: &str) -> Found {
        Found { label: label.into(), context: context.into(), unit: unit.into(), row: 0, col: 0, formula: false }
    }

    const KEYS: &[&str] = &[
        "activities",
        "communication",
        "training",
        "reading",
        "contests",
        "community_classes",
        "participants",
        "staff",
        "pupils",
        "community",
        "learners",
        "banners",
        "books",
        "library_loans",
        "library_readers",
        "documents",
        "gifts",
        "gift_value",
        "news",
        "commended_groups",
        "commended_people",
        "funding_state",
        "funding_private",
        "funding_total",
    ];

    #[test]
    fn a_school_is_found_by_its_name_as_lists_write_it() {
        assert_eq!(school_key("Trường Tiểu học Hoa Sen"), "th hoa sen");
        assert_eq!(school_key("TH Hoa Sen"), "th hoa sen");
        assert_eq!(school_key("Trường TH Hoa Sen"), "th hoa sen");
        assert_eq!(school_key("Trường Mầm non Hoa Sen"), "mn hoa sen");
        assert_eq!(school_key("Trường THCS An Bình"), "thcs an binh");
    }

    #[test]
    fn the_deciding_words_are_quoted_as_written() {
        let item = found("Số lượt người tham gia", "- Cha mẹ học sinh, nhân dân", "Lượt người");
        assert_eq!(suggest(&item, KEYS), Some(("community".to_owned(), "cha mẹ".to_owned())));
        assert_eq!(as_written("Số buổi Tuyên truyền", "tuyen truyen"), "tuyên truyền");
    }

    fn key(context: &str, label: &str, unit: &str) -> Option<String> {
        suggest(&found(context, label, unit), KEYS).map(|(k, _)| k)
    }

    #[test]
    fn labels_as_authorities_word_them_find_their_row() {
        assert_eq!(fold("Đơn vị tính"), "don vi tinh");
        assert_eq!(fold(" Trong đó:  Học sinh "), "trong do hoc sinh");
        assert_eq!(key("", "Số hoạt động đã tổ chức", "Hoạt động").as_deref(), Some("activities"));
        assert_eq!(key("", "Số lượt người tham gia", "Lượt người").as_deref(), Some("participants"));
        assert_eq!(key("Số lượt người tham gia", "- Học sinh", "Lượt người").as_deref(), Some("pupils"));
        assert_eq!(key("Số lượt người tham gia", "- Cán bộ, giáo viên, nhân viên", "Lượt").as_deref(), Some("staff"));
        assert_eq!(key("", "Số buổi tuyên truyền", "Buổi").as_deref(), Some("communication"));
        assert_eq!(key("", "Số sách được quyên góp, trao tặng", "Cuốn").as_deref(), Some("books"));
        assert_eq!(key("", "Giá trị quà tặng, học bổng", "Đồng").as_deref(), Some("gift_value"));
        assert_eq!(key("", "Số suất học bổng", "Suất").as_deref(), Some("gifts"));
        assert_eq!(key("Kinh phí tổ chức", "- Ngân sách nhà nước", "Triệu đồng").as_deref(), Some("funding_state"));
        assert_eq!(key("Kinh phí tổ chức", "- Xã hội hóa", "Triệu đồng").as_deref(), Some("funding_private"));
        assert_eq!(key("", "Tổng kinh phí", "Đồng").as_deref(), Some("funding_total"));
        assert_eq!(key("", "Số băng rôn, khẩu hiệu", "Cái").as_deref(), Some("banners"));
        assert_eq!(key("Số người tham gia", "Học sinh", "").as_deref(), Some("pupils"));
        assert_eq!(key("", "Tin, bài tuyên truyền", "Tin, bài").as_deref(), Some("news"));
        assert_eq!(key("Số lượt người tham gia", "- Cha mẹ học sinh, nhân dân", "Lượt người").as_deref(), Some("community"));
        assert_eq!(key("", "Số buổi sinh hoạt chuyên đề, tọa đàm", "Buổi").as_deref(), Some("training"));
        assert_eq!(key("", "Số người được tập huấn trực tuyến", "Người"), None);
        assert_eq!(key("", "Ghi chú khác", ""), None);
    }
}
