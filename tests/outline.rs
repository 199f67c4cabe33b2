//! The authority's outline of the report: read from pasted text (the seeds' «MẪU BC» and
//! «Phụ lục» when they are beside the checkout, and an outline of our own), matched to what the
//! app drafts, and the report built under its headings, in order, with the headings the app
//! cannot fill marked by the checks until the school writes them; the CLI imports it from a file.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use support::Docx;
use tuanle::activity::{self, Activity};
use tuanle::exports::{self, DocKind, FreshState};
use tuanle::outline::{self, Section};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{demo, report, school};

fn seeds_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TUANLE_SEEDS") {
        return Some(PathBuf::from(dir));
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("shared").join("seeds");
    dir.is_dir().then_some(dir)
}

fn seed(prefix: &str) -> Option<String> {
    let dir = seeds_dir()?;
    let file =
        std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    Some(std::fs::read_to_string(file.path()).unwrap())
}

fn labels_and_sections(o: &outline::Outline) -> Vec<(u8, String, Option<Section>)> {
    o.headings.iter().map(|h| (h.level, h.label.clone(), h.section)).collect()
}

/// The two outlines of the sample letters, each read from the whole letter as pasted: the
/// letter's own text before them and the notes after them are left out, the headings keep the
/// authority's wording and order, and each is matched to what the app drafts.
#[test]
fn the_outlines_of_the_sample_letters_are_read_from_the_whole_letter() {
    let (Some(letter_003), Some(letter_002)) = (seed("003_"), seed("002_")) else {
        eprintln!("outline seeds skipped: no ../shared/seeds beside the checkout and TUANLE_SEEDS not set");
        return;
    };
    use Section::*;
    let o = outline::parse(&letter_003).unwrap();
    let got = labels_and_sections(&o);
    let sections: Vec<Option<Section>> = got.iter().map(|g| g.2).collect();
    let mbc = [
        None,
        Some(Direction),
        Some(Ceremony),
        Some(Activities),
        Some(Funding),
        Some(FundingState),
        Some(FundingPrivate),
        None,
        Some(Results),
        Some(Difficulties),
        Some(Recommendations),
        Some(Statistics),
    ];
    assert_eq!(sections, mbc, "{got:#?}");
    assert_eq!(got[0].1, "I. TỔ CHỨC TRIỂN KHAI TUẦN LỄ");
    assert_eq!(got[7].1, "II. ĐÁNH GIÁ CHUNG");
    assert_eq!(got[5].0, 3);
    assert!(got[5].1.starts_with("- Ngân sách nhà nước"), "{got:#?}");
    assert!(o.unwritten().is_empty());

    // Seed 002: the same parts without the ceremony's heading; the bold title and the appendix
    // glued on one line; a note («Yêu cầu: … kèm theo minh chứng») after the last heading.
    let o = outline::parse(&letter_002).unwrap();
    let got = labels_and_sections(&o);
    let sections: Vec<Option<Section>> = got.iter().map(|g| g.2).collect();
    let without_ceremony: Vec<Option<Section>> = mbc.into_iter().filter(|s| *s != Some(Ceremony)).collect();
    assert_eq!(sections, without_ceremony, "{got:#?}");
    assert!(!o.has(Ceremony));
    assert!(got.iter().all(|g| !g.1.contains('*') && !g.1.contains("Minh chứng")), "{got:#?}");
}

/// An outline of our own, shaped like a district's: parts and headings in another order and
/// wording, a heading the app cannot draft, no heading for difficulties.
const DISTRICT: &str = "\
Kính gửi: các trường học trên địa bàn.
Đề nghị các đơn vị báo cáo theo mẫu dưới đây.

MẪU BC
BÁO CÁO KẾT QUẢ TUẦN LỄ
I. KẾT QUẢ TRIỂN KHAI
1. Việc chỉ đạo, ban hành kế hoạch của đơn vị
2. Các hoạt động hưởng ứng đã tổ chức
3. Kinh phí thực hiện
 - Ngân sách nhà nước
 - Kinh phí vận động xã hội hóa
4. Mô hình học tập tiêu biểu của đơn vị
II. ĐỀ XUẤT
1. Kiến nghị với cấp trên
2. Số liệu thống kê theo biểu mẫu đính kèm
Nơi nhận:
- Như trên;
";

/// The district's letter as Word keeps it (the parts that carry its text and lists, a minimal
/// package): the headings numbered by one multilevel list (the
/// «I.», «II.» through the «Heading 1» style, «1.», «2.» and the «-» bullets on the paragraphs
/// themselves), so their numbers are in numbering.xml, not in the text.
fn district_docx() -> Vec<u8> {
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let p =
        |text: &str, props: &str| format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    let h1 = |text: &str| p(text, r#"<w:pStyle w:val="Heading1"/>"#);
    let n = |level: u8, text: &str| p(text, &format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="2"/></w:numPr>"#));
    let body = [
        p("Kính gửi: các trường học trên địa bàn.", ""),
        p("Đề nghị các đơn vị báo cáo theo mẫu dưới đây.", ""),
        p("MẪU BC", r#"<w:jc w:val="center"/>"#),
        p("BÁO CÁO KẾT QUẢ TUẦN LỄ", r#"<w:jc w:val="center"/>"#),
        h1("KẾT QUẢ TRIỂN KHAI"),
        n(1, "Việc chỉ đạo, ban hành kế hoạch của đơn vị"),
        n(1, "Các hoạt động hưởng ứng đã tổ chức"),
        n(1, "Kinh phí thực hiện"),
        n(2, "Ngân sách nhà nước"),
        n(2, "Kinh phí vận động xã hội hóa"),
        n(1, "Mô hình học tập tiêu biểu của đơn vị"),
        h1("ĐỀ XUẤT"),
        n(1, "Kiến nghị với cấp trên"),
        n(1, "Số liệu thống kê theo biểu mẫu đính kèm"),
        p("Nơi nhận:", ""),
        p("- Như trên;", ""),
    ]
    .concat();
    let level = |ilvl: u8, format: &str, text: &str| {
        format!(r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/></w:lvl>"#)
    };
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="1">{}{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
        level(0, "upperRoman", "%1."),
        level(1, "decimal", "%2."),
        level(2, "bullet", "\u{F0B7}"),
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Normal"/><w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#
    );
    let parts = [
        ("[Content_Types].xml", r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_owned()),
        ("word/document.xml", format!("<w:document {W}><w:body>{body}</w:body></w:document>")),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A Word letter gives the same outline as its text pasted: the numbers Word draws are written
/// out from its lists, the heading style's list included; an old .doc is refused with a sentence.
#[test]
fn the_outline_of_a_word_letter_is_read_with_its_automatic_numbering() {
    let from_word = outline::parse_docx("cong-van.docx", &district_docx()).unwrap();
    let pasted = outline::parse(DISTRICT).unwrap();
    assert_eq!(labels_and_sections(&from_word), labels_and_sections(&pasted));
    assert_eq!(from_word.headings[0].label, "I. KẾT QUẢ TRIỂN KHAI");
    assert_eq!(from_word.headings[6].label, "4. Mô hình học tập tiêu biểu của đơn vị");
    assert_eq!(from_word.headings[7].label, "II. ĐỀ XUẤT");
    let err = outline::parse_docx("cong-van.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap_err();
    assert!(err.to_string().contains("Word đời cũ (.doc)"), "{err}");

    // The copy the real-window test picks is this letter, and the CLI reads it too.
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outline/cong-van-mau-bc.docx");
    // Compared part by part: the zip's header names the system that wrote it (Unix or Windows).
    let parts = |bytes: Vec<u8>| {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut f, &mut text).unwrap();
                (f.name().to_owned(), text)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        parts(std::fs::read(&fixture).unwrap()),
        parts(district_docx()),
        "tests/fixtures/outline is made by district_docx()"
    );
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let tuanle =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_tuanle")).arg("--data-dir").arg(&data).args(args).output().unwrap();
    assert!(tuanle(&["demo"]).status.success());
    let imported = tuanle(&["report", "outline", "import", fixture.to_str().unwrap()]);
    assert!(imported.status.success(), "{imported:?}");
    assert!(String::from_utf8_lossy(&imported.stdout).contains("II. ĐỀ XUẤT"), "{imported:?}");
}

/// The school decides what goes under a heading: «I. KẾT QUẢ TRIỂN KHAI» takes the results the
/// district's outline had no place for (one heading per section: giving it to another moves it),
/// a heading given back to the school is checked as unwritten; the next year the outline is
/// offered again without last year's own texts.
#[test]
fn a_heading_is_given_a_section_by_hand_and_the_outline_comes_back_next_year() {
    let (_tmp, mut store) = demo_with_activities();
    outline::save(&mut store, 2025, &outline::parse(DISTRICT).unwrap()).unwrap();
    outline::write(&mut store, 2025, 6, "Mô hình «Gia đình học tập».").unwrap();
    let mut r = report::state(&store, 2025).unwrap().report;
    r.difficulties = "Thiếu kinh phí cho thư viện.".into();
    report::save(&mut store, &r).unwrap();
    let codes = |store: &Store| report::state(store, 2025).unwrap().findings.iter().map(|f| f.code.clone()).collect::<Vec<_>>();
    assert!(codes(&store).contains(&"outline_drops_text".to_owned()));

    let o = outline::assign(&mut store, 2025, 0, Some(Section::Difficulties)).unwrap();
    assert_eq!(o.headings[0].section, Some(Section::Difficulties));
    let state = report::state(&store, 2025).unwrap();
    assert!(
        !state.findings.iter().any(|f| f.code == "outline_drops_text" && f.message.contains("khó khăn")),
        "{:?}",
        state.findings
    );
    let text = state.document.body.iter().map(|b| format!("{b:?}")).collect::<String>();
    assert!(text.contains("Thiếu kinh phí cho thư viện."), "the difficulties are printed under I.");
    // Given to another heading, it moves there.
    let o = outline::assign(&mut store, 2025, 8, Some(Section::Difficulties)).unwrap();
    assert_eq!((o.headings[0].section, o.headings[8].section), (None, Some(Section::Difficulties)));
    // Back to the school: the heading is the school's to write, and the checks say so.
    let o = outline::assign(&mut store, 2025, 8, None).unwrap();
    assert_eq!(o.headings[8].section, None);
    assert!(
        report::state(&store, 2025)
            .unwrap()
            .findings
            .iter()
            .any(|f| f.code == "outline_unwritten" && f.message.contains("1. Kiến nghị"))
    );
    assert!(outline::assign(&mut store, 2025, 99, None).is_err());

    let themes = Themes::builtin().unwrap();
    let school = school::require(&store).unwrap();
    let mut next = tuanle::campaign::draft(2026, &themes, Some(&school)).unwrap().campaign;
    if next.theme.is_empty() {
        next.theme = "Học tập suốt đời".into();
    }
    next.authority_email = "vhxh@anbinh.gov.vn".into();
    tuanle::campaign::create(&mut store, &next).unwrap();
    let view = outline::view(&store, 2026).unwrap();
    assert_eq!((view.imported, view.reusable_year), (false, Some(2025)));
    let again = outline::reuse(&mut store, 2026).unwrap();
    assert_eq!(again.headings.len(), 10);
    assert_eq!(again.headings[6].text, "", "last year's own text is not this year's");
    assert_eq!(again.headings[6].label, "4. Mô hình học tập tiêu biểu của đơn vị");
    assert_eq!(outline::load(&store, 2025).unwrap().unwrap().headings[6].text, "Mô hình «Gia đình học tập».");
}

fn demo_with_activities() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path().join("data"))).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    for (day, kind, title, state, private) in
        [(1, "opening", "Lễ khai mạc Tuần lễ", 1_500_000, 0), (2, "reading", "Ngày hội đọc sách", 0, 2_250_000)]
    {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, day).unwrap());
        a.title = title.into();
        a.kind = kind.into();
        a.pupils = 300;
        a.funding_state = state;
        a.funding_private = private;
        activity::save(&mut store, &a).unwrap();
    }
    (tmp, store)
}

/// The report under the district's outline: its headings in its order and wording, the app's
/// drafts under the matching ones (the opening ceremony, which has no heading, opens the
/// activities), the funding amounts on the outline's own lines, the evidence part added at the
/// end; the heading nobody drafted is an error of the checks until the school writes it, and the
/// difficulties the outline has no place for are a warning. The export follows the outline, is
/// stale once the outline changes, and the app's own outline comes back when it is cleared.
#[test]
fn the_report_follows_an_imported_outline_and_marks_what_the_school_must_write() {
    let (_tmp, mut store) = demo_with_activities();
    // The kept report (exports/2025/…), as the send step checks it.
    let export = |store: &Store| -> Vec<String> {
        let done = report::export(store, 2025, None).unwrap();
        Docx::open(&std::fs::read(&done.path).unwrap()).paragraphs()
    };
    let school = school::require(&store).unwrap();

    let parsed = outline::parse(DISTRICT).unwrap();
    assert_eq!(parsed.headings.len(), 10);
    let unwritten: Vec<&str> = parsed.unwritten().iter().map(|h| h.label.as_str()).collect();
    assert_eq!(unwritten, ["4. Mô hình học tập tiêu biểu của đơn vị"]);
    outline::save(&mut store, 2025, &parsed).unwrap();
    assert_eq!(outline::load(&store, 2025).unwrap().unwrap(), parsed, "read back as saved");

    let state = report::state(&store, 2025).unwrap();
    let codes: Vec<(&str, &str)> = state.findings.iter().map(|f| (f.code.as_str(), f.place.as_str())).collect();
    assert!(codes.contains(&("outline_unwritten", "4. Mô hình học tập tiêu biểu của đơn vị")), "{codes:?}");
    assert!(
        state.findings.iter().any(|f| f.code == "outline_drops_text" && f.message.contains("khó khăn, tồn tại")),
        "{codes:?}"
    );

    let paras = export(&store);
    let at = |text: &str| paras.iter().position(|p| p == text).unwrap_or_else(|| panic!("missing «{text}» in {paras:#?}"));
    let order = [
        at("I. KẾT QUẢ TRIỂN KHAI"),
        at("1. Việc chỉ đạo, ban hành kế hoạch của đơn vị"),
        at("2. Các hoạt động hưởng ứng đã tổ chức"),
        at("3. Kinh phí thực hiện"),
        at("- Ngân sách nhà nước: 1.500.000 đồng."),
        at("- Kinh phí vận động xã hội hóa: 2.250.000 đồng."),
        at("4. Mô hình học tập tiêu biểu của đơn vị"),
        at("II. ĐỀ XUẤT"),
        at("1. Kiến nghị với cấp trên"),
        at("2. Số liệu thống kê theo biểu mẫu đính kèm"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "headings out of order: {order:?}");
    assert!(!paras.iter().any(|p| p.starts_with("2. Lễ phát động") || p.starts_with("2. Khó khăn")), "{paras:#?}");
    let report_text = report::state(&store, 2025).unwrap().report;
    let ceremony_first = report_text.ceremony.lines().next().unwrap();
    let ceremony = at(ceremony_first);
    assert!(order[2] < ceremony && ceremony < order[3], "the ceremony opens the activities");
    assert!(paras[order[3] + 1].starts_with("Tổng kinh phí: 3.750.000 đồng (Bằng chữ: "), "{}", paras[order[3] + 1]);
    assert!(paras[order[2]..order[3]].iter().any(|p| p.contains("Ngày hội đọc sách")));

    // The school writes the heading the app cannot draft: the error goes, the text is printed.
    let mut o = outline::load(&store, 2025).unwrap().unwrap();
    o.headings[6].text = "Câu lạc bộ đọc sách cùng cha mẹ duy trì mỗi tối thứ Sáu.".into();
    outline::save(&mut store, 2025, &o).unwrap();
    assert_eq!(
        exports::freshness(&store, DocKind::Report, 2025, &school).unwrap().state,
        FreshState::Stale,
        "a text under the outline changes the report"
    );
    assert!(!report::state(&store, 2025).unwrap().findings.iter().any(|f| f.code == "outline_unwritten"));
    let paras = export(&store);
    let heading = paras.iter().position(|p| p == "4. Mô hình học tập tiêu biểu của đơn vị").unwrap();
    assert_eq!(paras[heading + 1], "Câu lạc bộ đọc sách cùng cha mẹ duy trì mỗi tối thứ Sáu.");

    // Cleared: the app's own outline again.
    outline::clear(&mut store, 2025).unwrap();
    assert_eq!(exports::freshness(&store, DocKind::Report, 2025, &school).unwrap().state, FreshState::Stale);
    let paras = export(&store);
    assert!(paras.iter().any(|p| p == "2. Lễ phát động Tuần lễ") && !paras.iter().any(|p| p == "II. ĐỀ XUẤT"));
}

/// Text with no «I.» heading is refused with a Vietnamese message and nothing stored; the CLI
/// imports an outline from a file and shows what goes under each heading.
#[test]
fn the_cli_imports_an_outline_and_refuses_text_without_headings() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let tuanle =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_tuanle")).arg("--data-dir").arg(&data).args(args).output().unwrap();
    assert!(tuanle(&["demo"]).status.success());
    let letter = tmp.path().join("cong-van.txt");
    std::fs::write(&letter, "Kính gửi các trường.\nĐề nghị báo cáo đúng hạn.\n").unwrap();
    let refused = tuanle(&["report", "outline", "import", letter.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(3), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Không thấy đề mục nào"), "{refused:?}");

    std::fs::write(&letter, DISTRICT).unwrap();
    let imported = tuanle(&["report", "outline", "import", letter.to_str().unwrap()]);
    assert!(imported.status.success(), "{imported:?}");
    let shown = String::from_utf8_lossy(&imported.stdout);
    assert!(shown.contains("4. Mô hình học tập tiêu biểu của đơn vị  → CHƯA CÓ NỘI DUNG"), "{shown}");
    assert!(shown.contains("3. Kinh phí thực hiện  → ứng dụng soạn: kinh phí"), "{shown}");

    let written = tuanle(&["report", "outline", "write", "6", "Mô hình «Gia đình học tập» ở 3 thôn."]);
    assert!(written.status.success(), "{written:?}");
    let refused = tuanle(&["report", "outline", "write", "1", "chữ"]);
    assert_eq!(refused.status.code(), Some(3), "{refused:?}");
    let json = tuanle(&["--json", "report", "outline", "show"]);
    let o: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(o["imported"], true);
    assert_eq!(o["headings"][6]["heading"]["text"], "Mô hình «Gia đình học tập» ở 3 thôn.");
    assert_eq!(o["headings"][2]["heading"]["section"], "activities");
    assert_eq!(o["headings"][2]["drafted"], "các hoạt động đã tổ chức (từ nhật ký)");
    // Where the report's own texts go: the ceremony opens the activities, the difficulties have no place.
    let under: Vec<(&str, Option<&str>)> =
        o["narrative"].as_array().unwrap().iter().map(|p| (p["section"].as_str().unwrap(), p["under"].as_str())).collect();
    assert_eq!(
        under,
        [
            ("direction", Some("1. Việc chỉ đạo, ban hành kế hoạch của đơn vị")),
            ("ceremony", Some("2. Các hoạt động hưởng ứng đã tổ chức")),
            ("results", None),
            ("difficulties", None),
            ("recommendations", Some("1. Kiến nghị với cấp trên")),
        ]
    );
}
