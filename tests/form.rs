//! The authority's statistics form as the school receives it: three forms of different layout
//! (items as rows under a two-row header with «Trong đó:», spacers, totals as formulas, a title
//! and a signature block; one row per school under two header rows with merged groups; a table
//! in a Word letter) are read, matched to the statistics table, filled and read back: the values
//! are in the cells the authority expects and every other part of the file is byte for byte as
//! it came. Bad files are refused with a sentence and change nothing; the mapping comes back
//! the next year.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use tuanle::exports::{self, DocKind, FreshState};
use tuanle::form::{self, FormView, Mapping};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{Error, activity, campaign, demo, school, stats};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms").join(name)
}

fn demo_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    // (day, kind, staff, pupils, community, books, documents, gifts, gift value, state, private)
    for (day, kind, numbers) in [
        (1, "opening", [45, 620, 80, 0, 0, 0, 0, 1_500_000, 0]),
        (2, "communication", [12, 300, 0, 0, 250, 0, 0, 0, 0]),
        (3, "reading", [8, 410, 25, 1_180, 0, 30, 4_500_000, 0, 2_250_000]),
        (4, "contest", [6, 180, 12, 0, 0, 0, 0, 0, 0]),
        (5, "training", [38, 0, 0, 0, 40, 0, 0, 0, 0]),
    ] {
        let mut a = activity::Activity::blank(2025, chrono::NaiveDate::from_ymd_opt(2025, 10, day).unwrap());
        a.title = format!("Hoạt động ngày {day}/10");
        a.kind = kind.into();
        [a.staff, a.pupils, a.community, a.books, a.documents, a.gifts, a.gift_value, a.funding_state, a.funding_private] =
            numbers;
        a.links = vec![format!("https://thhoasen.edu.vn/tin-{day}")];
        activity::save(&mut store, &a).unwrap();
    }
    (tmp, store)
}

fn stat(store: &Store, key: &str) -> i64 {
    let (_, rows) = stats::table(store, 2025).unwrap();
    rows.iter().find(|r| r.key == key).unwrap().value
}

/// Every part of a package by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_owned(), b)
        })
        .collect()
}

/// The names of the parts that differ (same set of parts required).
fn changed_parts(before: &[u8], after: &[u8]) -> Vec<String> {
    let (a, b) = (parts(before), parts(after));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same parts, in the same order");
    a.iter().filter(|(name, bytes)| b[*name] != **bytes).map(|(name, _)| name.clone()).collect()
}

/// Text by (row, column).
type Cells = BTreeMap<(u32, u32), String>;

/// Cell values (as text) and formulas of a sheet.
fn sheet(bytes: &[u8], name: &str) -> (Cells, Cells) {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let values = book.worksheet_range(name).unwrap();
    let formulas = book.worksheet_formula(name).unwrap();
    let of = |start: Option<(u32, u32)>, cells: Vec<((u32, u32), String)>| {
        let (r0, c0) = start.unwrap_or((0, 0));
        cells.into_iter().filter(|(_, v)| !v.is_empty()).map(|((r, c), v)| ((r + r0, c + c0), v)).collect::<BTreeMap<_, _>>()
    };
    let v = of(
        values.start(),
        values
            .cells()
            .map(|(r, c, d)| ((r as u32, c as u32), if *d == Data::Empty { String::new() } else { d.to_string() }))
            .collect(),
    );
    let f = of(formulas.start(), formulas.cells().map(|(r, c, d)| ((r as u32, c as u32), d.clone())).collect());
    (v, f)
}

fn cell(a1: &str) -> (u32, u32) {
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = a1[..split].bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1) - 1;
    (a1[split..].parse::<u32>().unwrap() - 1, col)
}

fn key(view: &FormView, label: &str) -> Option<String> {
    match &view.items.iter().find(|i| i.label == label).unwrap_or_else(|| panic!("no item «{label}»")).mapping {
        Mapping::Stat(k) => Some(k.clone()),
        _ => None,
    }
}

fn position(view: &FormView, label: &str) -> u32 {
    view.items.iter().find(|i| i.label == label).unwrap().position
}

fn exported(store: &Store, kind: DocKind) -> Vec<u8> {
    let school = school::require(store).unwrap();
    std::fs::read(kind.path(store, 2025, &school)).unwrap()
}

/// Items as rows: the group heading, «Trong đó:», the column numbers, the spacer, the title and
/// the signatures are not items; totals are formulas and never written; every other item gets
/// the statistics value its words ask for, one typed by hand, and the «TRƯỜNG: ……» line the
/// school's name; only those cells of the sheet change (with Excel told to recompute the totals), every other part stays byte for byte.
#[test]
fn a_form_of_items_as_rows_is_filled_in_its_own_cells() {
    let (_tmp, mut store) = demo_store();
    let original = std::fs::read(fixture("bieu-01-theo-dong.xlsx")).unwrap();
    let view = form::import_file(&mut store, 2025, &fixture("bieu-01-theo-dong.xlsx")).unwrap();
    assert_eq!(view.place, "bảng tính Excel, trang «Biểu 01»");
    assert_eq!(view.name_place.as_deref(), Some("ô A2"), "the «TRƯỜNG: ……» line above the table");
    assert_eq!(view.date_place.as_deref(), Some("ô D29"), "the «An Bình, ngày ….. tháng ….. năm 2025» line");
    let got: Vec<(&str, &str, &str, bool)> =
        view.items.iter().map(|i| (i.label.as_str(), i.context.as_str(), i.cell.as_str(), i.formula)).collect();
    let total = "Tổng số hoạt động đã tổ chức";
    let people = "Số lượt người tham gia";
    let funding = "Kinh phí tổ chức";
    assert_eq!(
        got,
        [
            (total, "", "D12", false),
            ("- Tuyên truyền", total, "D14", false),
            ("- Hội thi, sân chơi", total, "D15", false),
            (people, "", "D16", true),
            ("- Cán bộ, giáo viên, nhân viên", people, "D17", false),
            ("- Học sinh", people, "D18", false),
            ("- Cha mẹ học sinh, nhân dân", people, "D19", false),
            ("Số sách được quyên góp, trao tặng", "", "D21", false),
            ("Số băng rôn, khẩu hiệu tuyên truyền", "", "D22", false),
            (funding, "", "D23", true),
            ("- Ngân sách nhà nước", funding, "D24", false),
            ("- Xã hội hóa", funding, "D25", false),
            ("Số người được tập huấn trực tuyến", "", "D26", false),
        ]
    );
    let suggested: Vec<Option<String>> = view.items.iter().map(|i| key(&view, &i.label)).collect();
    let s = |k: &str| Some(k.to_owned());
    assert_eq!(
        suggested,
        [
            s("activities"),
            s("communication"),
            s("contests"),
            None,
            s("staff"),
            s("pupils"),
            s("community"),
            s("books"),
            s("banners"),
            None,
            s("funding_state"),
            s("funding_private"),
            None
        ]
    );
    assert!(view.items.iter().all(|i| !i.confirmed), "suggestions wait for the school");
    assert_eq!(view.unsettled, 11);

    // Nothing is written before the school confirms.
    let Err(Error::FormUnsettled(labels)) = form::export(&store, 2025, None) else { panic!("unconfirmed form exported") };
    assert_eq!(labels.len(), 11);
    let view = form::confirm_suggestions(&mut store, 2025).unwrap();
    assert_eq!(view.unsettled, 1, "the item no row of the table counts");
    let trained = position(&view, "Số người được tập huấn trực tuyến");
    let view = form::map(&mut store, 2025, trained, &Mapping::Typed(Some(45))).unwrap();
    assert_eq!(view.unsettled, 0);
    // A formula cell takes nothing.
    let people_at = position(&view, people);
    let Err(Error::FormFormulaCell(at)) = form::map(&mut store, 2025, people_at, &Mapping::Typed(Some(3))) else {
        panic!("a formula cell was given a value")
    };
    assert_eq!(at, "D16");

    let export = form::export(&store, 2025, None).unwrap();
    assert!(export.path.ends_with("MauTH_TuanLeHTSD_2025_THHS.xlsx"), "{}", export.path);
    let filled = exported(&store, DocKind::FormSheet);
    assert_eq!(changed_parts(&original, &filled), ["xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    assert!(parts(&filled)["xl/workbook.xml"].windows(18).any(|w| w == b"fullCalcOnLoad=\"1\""));

    let (before, formulas_before) = sheet(&original, "Biểu 01");
    let (after, formulas_after) = sheet(&filled, "Biểu 01");
    assert_eq!(formulas_before, formulas_after, "the totals keep their formulas");
    let expected: BTreeMap<(u32, u32), String> = [
        ("D12", stat(&store, "activities")),
        ("D14", stat(&store, "communication")),
        ("D15", stat(&store, "contests")),
        ("D17", stat(&store, "staff")),
        ("D18", stat(&store, "pupils")),
        ("D19", stat(&store, "community")),
        ("D21", stat(&store, "books")),
        ("D22", stat(&store, "banners")),
        ("D24", stat(&store, "funding_state")),
        ("D25", stat(&store, "funding_private")),
        ("D26", 45),
    ]
    .into_iter()
    .map(|(a1, v)| (cell(a1), v.to_string()))
    .chain([
        (cell("A2"), "TRƯỜNG: Trường Tiểu học Hoa Sen".to_owned()),
        // Signed on the report's date, at the place the authority wrote.
        (cell("D29"), format!("An Bình, {}", tuanle::docs::date_words(report_date(&store)))),
    ])
    .collect();
    assert!(stat(&store, "activities") > 0 && stat(&store, "pupils") > 0, "the demo's log gives numbers");
    let mut written = after.clone();
    written.retain(|k, v| before.get(k) != Some(v));
    assert_eq!(written, expected, "only the value cells differ, each with its value");
    assert!(before.keys().all(|k| after.contains_key(k)), "nothing removed");
    // The cells keep their style (border, number format).
    let xml = String::from_utf8(parts(&filled)["xl/worksheets/sheet1.xml"].clone()).unwrap();
    let old = String::from_utf8(parts(&original)["xl/worksheets/sheet1.xml"].clone()).unwrap();
    let style = |xml: &str, a1: &str| {
        let doc = roxmltree::Document::parse(xml).unwrap();
        doc.descendants().find(|n| n.attribute("r") == Some(a1)).and_then(|n| n.attribute("s")).map(str::to_owned)
    };
    for a1 in ["D12", "D14", "D26"] {
        assert!(style(&old, a1).is_some());
        assert_eq!(style(&xml, a1), style(&old, a1), "{a1} keeps its border and number format");
    }

    // The hồ sơ packs it beside the other documents, as kept.
    let dossier = tuanle::dossier::export(&store, &Themes::builtin().unwrap(), 2025, None).unwrap();
    let packed = parts(&std::fs::read(&dossier.path).unwrap());
    assert_eq!(packed["MauTH_TuanLeHTSD_2025_THHS.xlsx"], filled, "{:?}", packed.keys());

    // Freshness: the kept file is one of the year's documents, current until the log changes.
    let school = school::require(&store).unwrap();
    assert_eq!(exports::freshness(&store, DocKind::FormSheet, 2025, &school).unwrap().state, FreshState::Current);
    assert!(exports::existing(&store, 2025, &school).unwrap().iter().any(|(k, _)| *k == DocKind::FormSheet));
    let mut a = activity::list(&store, 2025, &activity::ActivityFilter::default()).unwrap().remove(0);
    a.pupils += 10;
    activity::save(&mut store, &a).unwrap();
    let fresh = exports::freshness(&store, DocKind::FormSheet, 2025, &school).unwrap();
    assert_eq!(fresh.state, FreshState::Stale);
    assert_eq!(fresh.changed, ["nhật ký hoạt động"]);
    // So is a changed choice of the school.
    form::export(&store, 2025, None).unwrap();
    form::map(&mut store, 2025, trained, &Mapping::Typed(Some(46))).unwrap();
    let fresh = exports::freshness(&store, DocKind::FormSheet, 2025, &school).unwrap();
    assert_eq!(fresh.changed, ["mẫu số liệu của cơ quan quản lý (tệp mẫu hoặc cách điền)"]);
    // And the report's date, which the form is signed on.
    form::export(&store, 2025, None).unwrap();
    let mut report = tuanle::report::state(&store, 2025).unwrap().report;
    report.issue_date = chrono::NaiveDate::from_ymd_opt(2025, 10, 21).unwrap();
    tuanle::report::save(&mut store, &report).unwrap();
    assert_eq!(exports::freshness(&store, DocKind::FormSheet, 2025, &school).unwrap().state, FreshState::Stale);
    form::export(&store, 2025, None).unwrap();
    assert_eq!(sheet(&exported(&store, DocKind::FormSheet), "Biểu 01").0[&cell("D29")], "An Bình, ngày 21 tháng 10 năm 2025");
}

/// The report's date (saved, or the draft's).
fn report_date(store: &Store) -> chrono::NaiveDate {
    tuanle::report::state(store, 2025).unwrap().report.issue_date
}

/// One row per school under two header rows with merged groups: the items are the columns
/// (named by group and column), the row is the school's own among the others; only its cells
/// change, the other schools' figures and the totals' formulas stay.
#[test]
fn a_form_of_one_row_per_school_is_filled_in_the_school_row() {
    let (_tmp, mut store) = demo_store();
    let original = std::fs::read(fixture("bieu-02-theo-don-vi.xlsx")).unwrap();
    let view = form::import(&mut store, 2025, "Biểu 02 (theo đơn vị).xlsx", &original).unwrap();
    assert_eq!(view.layout, "mỗi đơn vị một dòng, mỗi mục một cột");
    assert_eq!(view.name_place, None, "the school's name is already in its row");
    let got: Vec<(&str, &str, &str, Option<String>)> =
        view.items.iter().map(|i| (i.label.as_str(), i.context.as_str(), i.cell.as_str(), key(&view, &i.label))).collect();
    let s = |k: &str| Some(k.to_owned());
    assert_eq!(
        got,
        [
            ("Tuyên truyền", "Số hoạt động", "C7", s("communication")),
            ("Hội thảo, tọa đàm", "Số hoạt động", "D7", s("training")),
            ("Cuộc thi, sân chơi", "Số hoạt động", "E7", s("contests")),
            ("CB, GV, NV", "Số lượt người tham gia", "F7", s("staff")),
            ("Học sinh", "Số lượt người tham gia", "G7", s("pupils")),
            ("Người dân", "Số lượt người tham gia", "H7", s("community")),
            ("Kinh phí (đồng)", "", "I7", s("funding_total")),
        ]
    );
    form::confirm_suggestions(&mut store, 2025).unwrap();
    form::export(&store, 2025, None).unwrap();
    let filled = exported(&store, DocKind::FormSheet);
    assert_eq!(changed_parts(&original, &filled), ["xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    let (before, formulas_before) = sheet(&original, "Tổng hợp");
    let (after, formulas_after) = sheet(&filled, "Tổng hợp");
    assert_eq!(formulas_before, formulas_after);
    let mut written = after.clone();
    written.retain(|k, v| before.get(k) != Some(v));
    let keys = ["communication", "training", "contests", "staff", "pupils", "community", "funding_total"];
    let expected: BTreeMap<(u32, u32), String> =
        keys.iter().enumerate().map(|(i, k)| ((6, 2 + i as u32), stat(&store, k).to_string())).collect();
    // A value equal to what the empty cell showed (nothing) is still written: compare the row whole.
    let row7: BTreeMap<(u32, u32), String> =
        after.iter().filter(|((r, c), _)| *r == 6 && *c >= 2).map(|(k, v)| (*k, v.clone())).collect();
    assert_eq!(row7, expected);
    assert!(written.keys().all(|(r, _)| *r == 6), "only the school's row changes: {written:?}");
    assert_eq!(after[&(5, 1)], "Trường Mầm non Hoa Sen");
    assert_eq!(after[&(7, 8)], "5000000", "another school's figure stays");
}

/// The district's list names the schools its own way («TH Hoa Sen»): the school's row is still
/// found, not the kindergarten's of the same name.
#[test]
fn the_school_row_is_found_under_the_districts_short_name() {
    let (_tmp, mut store) = demo_store();
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["TT", "Đơn vị", "Số hoạt động", "Ghi chú"].iter().enumerate() {
        s.write(0, c as u16, *h).unwrap();
    }
    for (r, name) in ["MN Hoa Sen", "TH Hoa Sen", "THCS An Bình"].iter().enumerate() {
        s.write(1 + r as u32, 0, (r + 1) as u32).unwrap();
        s.write(1 + r as u32, 1, *name).unwrap();
    }
    let view = form::import(&mut store, 2025, "ds.xlsx", &book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(view.items.iter().map(|i| i.cell.as_str()).collect::<Vec<_>>(), ["C3"]);
    assert_eq!(view.name_place, None);
}

/// A per-school form with an empty row to fill: the school's name goes in too.
#[test]
fn an_empty_row_of_a_per_school_form_takes_the_school_name() {
    let (_tmp, mut store) = demo_store();
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet().set_name("Mẫu").unwrap();
    s.write(0, 0, "BÁO CÁO SỐ LIỆU TUẦN LỄ NĂM 2025").unwrap();
    for (c, h) in ["STT", "Tên trường", "Số hoạt động", "Số lượt người tham gia", "Ghi chú"].iter().enumerate()
    {
        s.write(2, c as u16, *h).unwrap();
    }
    s.write(3, 0, 1).unwrap();
    let original = book.save_to_buffer().unwrap();
    let view = form::import(&mut store, 2025, "mau.xlsx", &original).unwrap();
    assert_eq!(view.name_place.as_deref(), Some("ô B4"));
    assert_eq!(
        view.items.iter().map(|i| (i.cell.as_str(), key(&view, &i.label))).collect::<Vec<_>>(),
        [("C4", Some("activities".to_owned())), ("D4", Some("participants".to_owned()))]
    );
    form::confirm_suggestions(&mut store, 2025).unwrap();
    let filled = form::filled(&store, 2025).unwrap();
    let (after, _) = sheet(&filled, "Mẫu");
    assert_eq!(after[&(3, 1)], "Trường Tiểu học Hoa Sen");
    assert_eq!(after[&(3, 2)], stat(&store, "activities").to_string());
    assert_eq!(after[&(3, 3)], stat(&store, "participants").to_string());
}

/// The text of every table cell of a document, in order.
/// The texts of a Word document's paragraphs outside its tables.
fn body_lines(docx: &[u8]) -> Vec<String> {
    let xml = String::from_utf8(parts(docx)["word/document.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p" && !n.ancestors().any(|a| a.tag_name().name() == "tbl"))
        .map(|p| p.descendants().filter(|t| t.tag_name().name() == "t").filter_map(|t| t.text()).collect())
        .collect()
}

fn cell_texts(docx: &[u8]) -> Vec<String> {
    let xml = String::from_utf8(parts(docx)["word/document.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "tc")
        .map(|tc| tc.descendants().filter(|t| t.tag_name().name() == "t").filter_map(|t| t.text()).collect())
        .collect()
}

/// A table in a Word letter: its value column is filled in the paragraphs' own formatting (the
/// numbers written the Vietnamese way), the heading row spanning the table is not an item, and
/// only document.xml changes, in those cells.
#[test]
fn a_table_in_a_word_letter_is_filled_in_place() {
    let (_tmp, mut store) = demo_store();
    let original = std::fs::read(fixture("mau-so-lieu-bang-word.docx")).unwrap();
    let view = form::import_file(&mut store, 2025, &fixture("mau-so-lieu-bang-word.docx")).unwrap();
    assert_eq!(view.place, "bảng thứ 1 của văn bản Word");
    assert_eq!(view.name_place.as_deref(), Some("dòng «Đơn vị báo cáo: ……» phía trên bảng"));
    assert_eq!(view.date_place.as_deref(), Some("dòng «……, ngày … tháng … năm …» dưới bảng"));
    let got: Vec<(&str, Option<String>)> = view.items.iter().map(|i| (i.cell.as_str(), key(&view, &i.label))).collect();
    let s = |k: &str| Some(k.to_owned());
    assert_eq!(
        got,
        [
            ("dòng 3, cột 4", s("communication")),
            ("dòng 4, cột 4", s("training")),
            ("dòng 5, cột 4", s("pupils")),
            ("dòng 6, cột 4", s("documents")),
            ("dòng 7, cột 4", s("gifts")),
            ("dòng 8, cột 4", s("gift_value")),
            ("dòng 9, cột 4", s("news")),
        ]
    );
    let view = form::confirm_suggestions(&mut store, 2025).unwrap();
    // The school corrects one: the gifts are typed by hand.
    form::map(&mut store, 2025, position(&view, "Số suất quà, học bổng trao tặng"), &Mapping::Typed(Some(1250))).unwrap();
    form::export(&store, 2025, None).unwrap();
    let filled = exported(&store, DocKind::FormTable);
    assert_eq!(changed_parts(&original, &filled), ["word/document.xml"]);
    let (before, after) = (cell_texts(&original), cell_texts(&filled));
    assert_eq!(before.len(), after.len());
    let figures = |k: &str| tuanle::money::figures(stat(&store, k) as u64);
    let expected: Vec<(usize, String)> = vec![
        (10, figures("communication")),
        (15, figures("training")),
        (20, figures("pupils")),
        (25, figures("documents")),
        (30, "1.250".to_owned()),
        (35, figures("gift_value")),
        (40, figures("news")),
    ];
    let differ: Vec<(usize, String)> =
        before.iter().zip(&after).enumerate().filter(|(_, (b, a))| b != a).map(|(i, (_, a))| (i, a.clone())).collect();
    // A value of 0 in an empty cell differs too ("0"): every value cell is written.
    assert_eq!(differ, expected);
    // The cell's paragraph keeps its alignment, the number takes the cell's font size (13 pt).
    let xml = String::from_utf8(parts(&filled)["word/document.xml"].clone()).unwrap();
    assert_eq!(xml.matches("w:val=\"right\"").count(), 7 + 1, "7 value cells and the date line");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let run =
        doc.descendants().find(|n| n.tag_name().name() == "r" && n.descendants().any(|t| t.text() == Some("1.250"))).unwrap();
    let size = run.descendants().find(|n| n.tag_name().name() == "sz").and_then(|n| n.attribute((support::W, "val")));
    assert_eq!(size, Some("26"));
    // The title block's «Đơn vị báo cáo: ……» line takes the school's name (the words stay bold,
    // the name takes the dots' font), the date line below the table the school's place and the
    // report's date (in its italics); the other lines above and below the table are unchanged.
    let (before, after) = (body_lines(&original), body_lines(&filled));
    assert_eq!(before.len(), after.len());
    let differ: Vec<(&String, &String)> = before.iter().zip(&after).filter(|(b, a)| b != a).collect();
    assert_eq!(differ.len(), 2, "{differ:?}");
    assert!(differ[0].0.starts_with("Đơn vị báo cáo: ……"));
    assert_eq!(differ[0].1, "Đơn vị báo cáo: Trường Tiểu học Hoa Sen");
    let place = school::require(&store).unwrap().place_name;
    assert_eq!(*differ[1].1, format!("{place}, {}", tuanle::docs::date_words(report_date(&store))));
    let italic = doc.descendants().find(|n| n.tag_name().name() == "r" && n.descendants().any(|t| t.text() == Some(differ[1].1)));
    assert!(italic.unwrap().descendants().any(|n| n.tag_name().name() == "i"));
    let bold = |text: &str| {
        let run = doc.descendants().find(|n| n.tag_name().name() == "r" && n.descendants().any(|t| t.text() == Some(text)));
        run.unwrap().descendants().any(|n| n.tag_name().name() == "b")
    };
    assert!(bold("Đơn vị báo cáo: "));
    assert!(!bold("Trường Tiểu học Hoa Sen"));
    support::Docx::open(&filled).assert_all_xml_valid();

    // The message to the authority lists and attaches it like the other documents; without it,
    // the send step says so.
    let message = tuanle::mail::message::draft(&store, 2025).unwrap();
    let left_out = |files: Vec<String>| {
        let c = tuanle::mail::message::Compose { files, ..message.clone() };
        tuanle::mail::message::warnings(&store, &c).unwrap().into_iter().any(|w| w.contains("Chưa đính kèm mẫu tổng hợp số liệu"))
    };
    assert!(!left_out(message.files.clone()));
    assert!(left_out(message.files.iter().filter(|f| !f.contains("MauTH")).cloned().collect()));
    assert!(message.files.iter().any(|f| f.ends_with("MauTH_TuanLeHTSD_2025_THHS.docx")), "{:?}", message.files);
    assert!(
        message.body.contains("Mẫu tổng hợp số liệu của cơ quan quản lý (MauTH_TuanLeHTSD_2025_THHS.docx)"),
        "{}",
        message.body
    );
    // A changed choice makes it stale, and sending refuses it until it is exported again.
    form::map(&mut store, 2025, 0, &Mapping::Typed(Some(3))).unwrap();
    let school = school::require(&store).unwrap();
    let stale = exports::stale_among(&store, 2025, &school, &message.files).unwrap();
    assert_eq!(stale.iter().map(|f| f.kind).collect::<Vec<_>>(), [DocKind::FormTable]);
    tuanle::dossier::refresh(&store, &Themes::builtin().unwrap(), 2025).unwrap();
    assert!(exports::stale_among(&store, 2025, &school, &message.files).unwrap().is_empty());
    assert!(cell_texts(&exported(&store, DocKind::FormTable))[10] == "3", "the refreshed file has the new value");
}

/// A per-school table in a Word letter, with an empty row: the school's name and its figures go
/// in that row's cells; the date line of the signature block, laid out in a borderless table of
/// its own, takes the report's date at the school's place.
#[test]
fn a_per_school_table_in_a_word_letter_takes_the_school_row() {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
    let (_tmp, mut store) = demo_store();
    let c = |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
    let table = Table::new(vec![
        TableRow::new(vec![
            c("TT").vertical_merge(VMergeType::Restart),
            c("Tên đơn vị").vertical_merge(VMergeType::Restart),
            c("Số lượt người tham gia").grid_span(2),
            c("Ghi chú").vertical_merge(VMergeType::Restart),
        ]),
        TableRow::new(vec![
            c("").vertical_merge(VMergeType::Continue),
            c("").vertical_merge(VMergeType::Continue),
            c("Học sinh"),
            c("Cha mẹ học sinh"),
            c("").vertical_merge(VMergeType::Continue),
        ]),
        TableRow::new(vec![c("1"), c(""), c(""), c(""), c("")]),
    ]);
    let signatures = Table::new(vec![TableRow::new(vec![
        c("Người lập biểu"),
        c("Ngày …… tháng …… năm 2025").add_paragraph(Paragraph::new().add_run(Run::new().add_text("THỦ TRƯỞNG ĐƠN VỊ"))),
    ])]);
    let mut bytes = Vec::new();
    Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("BIỂU SỐ LIỆU CÁC TRƯỜNG")))
        .add_table(table)
        .add_paragraph(Paragraph::new())
        .add_table(signatures)
        .build()
        .pack(&mut Cursor::new(&mut bytes))
        .unwrap();
    let view = form::import(&mut store, 2025, "bieu-truong.docx", &bytes).unwrap();
    assert_eq!(view.name_place.as_deref(), Some("ô ở dòng 3, cột 2"));
    assert_eq!(view.date_place.as_deref(), Some("dòng «……, ngày … tháng … năm …» dưới bảng"));
    assert_eq!(
        view.items
            .iter()
            .map(|i| (i.label.as_str(), i.context.as_str(), i.cell.as_str(), key(&view, &i.label)))
            .collect::<Vec<_>>(),
        [
            ("Học sinh", "Số lượt người tham gia", "dòng 3, cột 3", Some("pupils".to_owned())),
            ("Cha mẹ học sinh", "Số lượt người tham gia", "dòng 3, cột 4", Some("community".to_owned())),
        ]
    );
    form::confirm_suggestions(&mut store, 2025).unwrap();
    let texts = cell_texts(&form::filled(&store, 2025).unwrap());
    let figures = |k: &str| tuanle::money::figures(stat(&store, k) as u64);
    assert_eq!(
        texts[texts.len() - 7..texts.len() - 2],
        ["1".to_owned(), "Trường Tiểu học Hoa Sen".to_owned(), figures("pupils"), figures("community"), String::new()]
    );
    let place = school::require(&store).unwrap().place_name;
    let dated = format!("{place}, {}", tuanle::docs::date_words(report_date(&store)));
    assert_eq!(texts[texts.len() - 2..], ["Người lập biểu".to_owned(), format!("{dated}THỦ TRƯỞNG ĐƠN VỊ")]);
}

/// The report step is done once the report and the authority's filled form both say what the
/// data says.
#[test]
fn the_report_step_waits_for_the_filled_form() {
    use tuanle::progress::{StepKey, StepState, steps};
    let (_tmp, mut store) = demo_store();
    let report_step = |store: &Store| {
        let campaign = campaign::get(store, 2025).unwrap();
        steps(store, &campaign).unwrap().into_iter().find(|s| s.key == StepKey::Report).unwrap().state
    };
    tuanle::report::export(&store, 2025, None).unwrap();
    assert_eq!(report_step(&store), StepState::Done);
    form::import_file(&mut store, 2025, &fixture("mau-so-lieu-bang-word.docx")).unwrap();
    assert_eq!(report_step(&store), StepState::InProgress, "the form is not filled yet");
    form::confirm_suggestions(&mut store, 2025).unwrap();
    form::export(&store, 2025, None).unwrap();
    assert_eq!(report_step(&store), StepState::Done);
}

fn assert_refused(store: &mut Store, name: &str, bytes: &[u8], words: &str) {
    let before = form::view(store, 2025).unwrap();
    let err = form::import(store, 2025, name, bytes).unwrap_err();
    assert_eq!(err.code(), "form_unreadable", "{err}");
    assert!(err.to_string().contains(words), "«{words}» not in: {err}");
    assert!(err.to_string().contains(name), "{err}");
    let after = form::view(store, 2025).unwrap();
    assert_eq!(after.file_name, before.file_name, "the form in use stays");
    assert_eq!(after.items.len(), before.items.len());
}

/// Files that are not a usable form are refused with a sentence, and the form in use stays.
#[test]
fn bad_files_are_refused_and_change_nothing() {
    let (tmp, mut store) = demo_store();
    form::import_file(&mut store, 2025, &fixture("bieu-01-theo-dong.xlsx")).unwrap();

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(2048, 0);
    assert_refused(&mut store, "bieu.xlsx", &ole, "đời cũ (.xls");
    let mut locked = ole.clone();
    locked.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    assert_refused(&mut store, "bieu-co-mat-khau.xlsx", &locked, "mật khẩu");
    assert_refused(&mut store, "bieu.xlsx", "STT;Nội dung;Số lượng\n1;Hoạt động;3\n".as_bytes(), "CSV");

    let mut letter = Vec::new();
    docx_rs::Docx::new()
        .add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("Kính gửi các trường")))
        .build()
        .pack(&mut Cursor::new(&mut letter))
        .unwrap();
    assert_refused(&mut store, "cong-van.docx", &letter, "không có bảng");

    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write(0, 0, "Họ và tên").unwrap();
    s.write(0, 1, "Điện thoại").unwrap();
    s.write(1, 0, "Nguyễn Văn A").unwrap();
    assert_refused(&mut store, "danh-sach.xlsx", &book.save_to_buffer().unwrap(), "cột «Nội dung»");

    // 50 MB: refused before it is read.
    let big = tmp.path().join("bieu-50MB.xlsx");
    std::fs::File::create(&big).unwrap().set_len(50 * 1024 * 1024).unwrap();
    let err = form::import_file(&mut store, 2025, &big).unwrap_err();
    assert!(err.to_string().contains("50.0 MB") && err.to_string().contains("20 MB"), "{err}");
    assert_eq!(form::view(&store, 2025).unwrap().file_name.as_deref(), Some("bieu-01-theo-dong.xlsx"));
}

/// Damaged copies of the three forms (cut short, bytes changed) are refused with a sentence or
/// read; none takes the app down, and a refused one leaves the form in use as it was.
#[test]
fn damaged_forms_are_refused_or_read_never_a_crash() {
    let (_tmp, mut store) = demo_store();
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut refused = 0;
    for name in ["bieu-01-theo-dong.xlsx", "bieu-02-theo-don-vi.xlsx", "mau-so-lieu-bang-word.docx"] {
        let original = std::fs::read(fixture(name)).unwrap();
        let mut copies: Vec<Vec<u8>> = (1..12).map(|k| original[..original.len() * k / 12].to_vec()).collect();
        for _ in 0..40 {
            let mut damaged = original.clone();
            for _ in 0..1 + next() % 8 {
                let at = next() % damaged.len();
                damaged[at] = (next() % 256) as u8;
            }
            copies.push(damaged);
        }
        for bytes in copies {
            match form::import(&mut store, 2025, name, &bytes) {
                Ok(view) => {
                    // What was read can be filled, or is refused with a sentence.
                    form::confirm_suggestions(&mut store, 2025).unwrap();
                    if let Err(e) = form::filled(&store, 2025) {
                        assert!(matches!(e.code(), "form_unsettled" | "form_unreadable"), "{e}");
                    }
                    assert!(!view.items.is_empty());
                }
                Err(e) => {
                    refused += 1;
                    assert_eq!(e.code(), "form_unreadable", "{e}");
                }
            }
        }
    }
    assert!(refused > 20, "most damaged copies are refused ({refused})");
}

/// The school's choices come back: importing the same form the next year offers them («như
/// mẫu năm 2025»), and «dùng lại mẫu năm trước» takes last year's file and choices, leaving
/// the numbers typed by hand empty.
#[test]
fn last_years_mapping_is_offered_again() {
    let (_tmp, mut store) = demo_store();
    form::import_file(&mut store, 2025, &fixture("bieu-01-theo-dong.xlsx")).unwrap();
    let view = form::confirm_suggestions(&mut store, 2025).unwrap();
    let trained = position(&view, "Số người được tập huấn trực tuyến");
    form::map(&mut store, 2025, trained, &Mapping::Typed(Some(45))).unwrap();
    // The school's own choice for one item: the contests row also counts the pupils' play days.
    let contests = position(&view, "- Hội thi, sân chơi");
    form::map(&mut store, 2025, contests, &Mapping::Stat("reading".into())).unwrap();

    // The same form imported again this year (a corrected copy from the authority) keeps what the
    // school chose and typed.
    let again = form::import_file(&mut store, 2025, &fixture("bieu-01-theo-dong.xlsx")).unwrap();
    let item = |label: &str| again.items.iter().find(|i| i.label == label).unwrap().clone();
    assert_eq!(item("Số người được tập huấn trực tuyến").mapping, Mapping::Typed(Some(45)));
    assert_eq!(item("- Hội thi, sân chơi").mapping, Mapping::Stat("reading".into()));
    assert_eq!(again.unsettled, 0);

    let themes = Themes::builtin().unwrap();
    let school = school::require(&store).unwrap();
    let draft = campaign::draft(2026, &themes, Some(&school)).unwrap();
    let mut next = draft.campaign.clone();
    if next.theme.is_empty() {
        next.theme = "Học tập suốt đời".into();
    }
    next.authority_email = "vhxh@anbinh.gov.vn".into();
    campaign::create(&mut store, &next).unwrap();
    let view = form::view(&store, 2026).unwrap();
    assert_eq!(view.reusable_year, Some(2025));
    assert_eq!(view.reusable_from, tuanle::campaign::get(&store, 2025).unwrap().authority_name);
    assert!(!view.reusable_from.is_empty());

    let view = form::import_file(&mut store, 2026, &fixture("bieu-01-theo-dong.xlsx")).unwrap();
    let item = |label: &str| view.items.iter().find(|i| i.label == label).unwrap().clone();
    assert_eq!(item("- Hội thi, sân chơi").mapping, Mapping::Stat("reading".into()));
    assert_eq!(item("- Hội thi, sân chơi").hint, "như mẫu năm 2025");
    assert_eq!(item("Số người được tập huấn trực tuyến").mapping, Mapping::Typed(None), "typed again each year");
    assert!(!item("- Học sinh").confirmed, "offered, not decided");

    let view = form::reuse(&mut store, 2026).unwrap();
    assert_eq!(view.file_name.as_deref(), Some("bieu-01-theo-dong.xlsx"));
    assert_eq!(view.unsettled, 1, "only the number typed by hand waits");
    assert_eq!(view.items.iter().find(|i| i.label == "- Hội thi, sân chơi").unwrap().mapping, Mapping::Stat("reading".into()));
    // Last year's form is untouched.
    let last = form::view(&store, 2025).unwrap();
    assert_eq!(last.items.iter().find(|i| i.position == trained).unwrap().value, Some(45));
}

/// The command line does the same: import, show, map, confirm, export.
#[test]
fn the_cli_imports_maps_and_exports_a_form() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let run = |args: &[&str]| {
        let out =
            std::process::Command::new(env!("CARGO_BIN_EXE_tuanle")).arg("--data-dir").arg(&data).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    assert_eq!(run(&["demo"]).0, Some(0));
    let file = fixture("mau-so-lieu-bang-word.docx");
    let (code, stdout, stderr) = run(&["stats", "form", "import", file.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("dòng 3, cột 4") && stdout.contains("gợi ý"), "{stdout}");
    let (code, _, stderr) = run(&["stats", "form", "export"]);
    assert_eq!(code, Some(4), "unconfirmed: {stderr}");
    assert!(stderr.contains("chưa có số liệu được xác nhận"), "{stderr}");
    assert_eq!(run(&["stats", "form", "confirm"]).0, Some(0));
    let (code, _, stderr) = run(&["stats", "form", "map", "6", "--value", "12"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, _) = run(&["--json", "stats", "form", "show"]);
    assert_eq!(code, Some(0));
    let view: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(view["items"][6]["value"], 12);
    assert_eq!(view["unsettled"], 0);
    let (code, stdout, stderr) = run(&["stats", "form", "export"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("MauTH_TuanLeHTSD_2025_THHS.docx"), "{stdout}");
    let (code, _, stderr) =
        run(&["stats", "form", "import", Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml").to_str().unwrap()]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("không phải bảng tính Excel"), "{stderr}");
}

/// A stray value at the sheet's last cell (XFD1048576) is ignored: the form is read as if it were
/// not there, instead of the reader building a grid of the whole sheet (half a terabyte).
#[test]
fn a_stray_cell_at_the_end_of_the_sheet_is_ignored() {
    let (_tmp, mut store) = demo_store();
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["STT", "Nội dung", "Đơn vị tính", "Số lượng"].iter().enumerate() {
        s.write(0, c as u16, *h).unwrap();
    }
    s.write(1, 0, 1).unwrap();
    s.write(1, 1, "Số lượt học sinh tham gia").unwrap();
    s.write(1, 2, "Lượt").unwrap();
    s.write(1_048_575, 16_383, "x").unwrap();
    let view = form::import(&mut store, 2025, "xa.xlsx", &book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(
        view.items.iter().map(|i| (i.cell.as_str(), key(&view, &i.label))).collect::<Vec<_>>(),
        [("D2", Some("pupils".to_owned()))]
    );
}
