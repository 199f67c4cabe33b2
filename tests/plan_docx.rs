//! The plan as a .docx: page, fonts, header block, date line, headings, recipients, signer,
//! page numbers, rendered by LibreOffice; the linter on a cloned plan; any text gives valid XML.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use support::{Docx, W, attr};
use tuanle::campaign::{self, Campaign};
use tuanle::plan::{self, Plan};
use tuanle::school::{self, SchoolProfile, SignerTitle};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{checks, docs};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn hung_tien() -> SchoolProfile {
    SchoolProfile {
        name: "Trường Tiểu học Hùng Tiến".into(),
        authority_line: "UBND XÃ VĨNH HÒA".into(),
        abbreviation: "THHT".into(),
        place_name: "Vĩnh Hòa".into(),
        signer_name: "Nguyễn Thị Tri".into(),
        signer_title: SignerTitle::DeputyInCharge,
        email: "c1hungtien@haiphong.edu.vn".into(),
        ..Default::default()
    }
}

fn setup(year: i32) -> (tempfile::TempDir, Store, Themes, Campaign) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path())).unwrap();
    let themes = Themes::builtin().unwrap();
    school::save(&mut store, &hung_tien()).unwrap();
    let mut c = campaign::draft(year, &themes, school::load(&store).unwrap().as_ref()).unwrap().campaign;
    c.theme = if c.theme.is_empty() { "Chủ đề do trường nhập".into() } else { c.theme };
    c.authority_name = "Phòng Văn hóa - Xã hội xã Vĩnh Hòa".into();
    c.authority_email = "vhxh.vinhhoa@haiphong.gov.vn".into();
    let c = campaign::create(&mut store, &c).unwrap();
    (tmp, store, themes, c)
}

fn plan_2025(store: &mut Store, themes: &Themes, c: &Campaign) -> Plan {
    let mut p = plan::draft(c, &hung_tien(), themes, date(2025, 9, 28)).unwrap();
    p.issue_date = date(2025, 10, 1);
    p.legal_bases[2].number = "3929/QĐ-UBND".into();
    p.legal_bases[2].date = Some(date(2025, 10, 1));
    p.legal_bases[2].issuer = "Ủy ban nhân dân thành phố Hải Phòng".into();
    plan::save(store, &p).unwrap()
}

#[test]
fn the_docx_follows_the_state_format() {
    let (tmp, mut store, themes, c) = setup(2025);
    plan_2025(&mut store, &themes, &c);
    let out = tmp.path().join("kh.docx");
    let export = plan::export(&store, &themes, 2025, Some(out.clone())).unwrap();
    assert!(export.findings.is_empty(), "{:?}", export.findings);
    let docx = Docx::open(&std::fs::read(&out).unwrap());
    docx.assert_all_xml_valid();
    let xml = docx.part("word/document.xml");

    // A4 portrait, margins 20/20/30/15 mm.
    assert_eq!(attr(xml, "pgSz", "w").as_deref(), Some("11906"));
    assert_eq!(attr(xml, "pgSz", "h").as_deref(), Some("16838"));
    assert_eq!(attr(xml, "pgMar", "top").as_deref(), Some("1134"));
    assert_eq!(attr(xml, "pgMar", "bottom").as_deref(), Some("1134"));
    assert_eq!(attr(xml, "pgMar", "left").as_deref(), Some("1701"));
    assert_eq!(attr(xml, "pgMar", "right").as_deref(), Some("851"));

    // Times New Roman in all four font slots, in the defaults and on every run.
    let styles = docx.part("word/styles.xml");
    for slot in ["ascii", "hAnsi", "eastAsia", "cs"] {
        assert_eq!(attr(styles, "rFonts", slot).as_deref(), Some("Times New Roman"), "default {slot}");
    }
    let doc = roxmltree::Document::parse(xml).unwrap();
    let runs_with_text = doc.descendants().filter(|n| n.has_tag_name((W, "r")) && n.children().any(|c| c.has_tag_name((W, "t"))));
    for r in runs_with_text {
        let fonts = r.descendants().find(|n| n.has_tag_name((W, "rFonts"))).expect("run fonts");
        assert_eq!(fonts.attribute((W, "eastAsia")), Some("Times New Roman"));
        assert_eq!(fonts.attribute((W, "cs")), Some("Times New Roman"));
    }

    // Header block: texts, the borderless table, the two lines.
    let paras = docx.paragraphs();
    let nbsp6 = "\u{a0}".repeat(6);
    for expected in [
        "UBND XÃ VĨNH HÒA",
        "TRƯỜNG TIỂU HỌC HÙNG TIẾN",
        &format!("Số:{nbsp6}/KH-THHT"),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Vĩnh Hòa, ngày 01 tháng 10 năm 2025",
        "KẾ HOẠCH",
        "Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2025",
    ] {
        assert!(paras.iter().any(|p| p == expected), "missing «{expected}» in {:?}", &paras[..12]);
    }
    let first_table = doc.descendants().find(|n| n.has_tag_name((W, "tbl"))).unwrap();
    let borders = first_table.descendants().find(|n| n.has_tag_name((W, "tblBorders"))).expect("table borders");
    for b in borders.children().filter(|n| n.is_element()) {
        assert_eq!(b.attribute((W, "val")), Some("none"), "header table border {:?}", b.tag_name().name());
    }
    let motto = doc.descendants().find(|n| n.has_tag_name((W, "t")) && n.text() == Some("Độc lập - Tự do - Hạnh phúc")).unwrap();
    let motto_run = motto.parent().unwrap();
    let underline = motto_run.descendants().find(|n| n.has_tag_name((W, "u"))).expect("motto underlined");
    assert_eq!(underline.attribute((W, "val")), Some("single"));
    let lines = doc.descendants().filter(|n| n.has_tag_name((W, "pBdr"))).count();
    assert_eq!(lines, 2, "the short lines under the issuer and under the summary line");
    let date_line = doc.descendants().find(|n| n.text() == Some("Vĩnh Hòa, ngày 01 tháng 10 năm 2025")).unwrap();
    assert!(date_line.parent().unwrap().descendants().any(|n| n.has_tag_name((W, "i"))), "date line in italics");

    // Body: headings in order, justified with a first-line indent; the theme; the week.
    let pos = |t: &str| paras.iter().position(|p| p == t).unwrap_or_else(|| panic!("missing heading {t}"));
    assert!(pos("I. MỤC ĐÍCH, YÊU CẦU") < pos("1. Mục đích"));
    assert!(pos("1. Mục đích") < pos("II. NỘI DUNG, THỜI GIAN TỔ CHỨC"));
    assert!(pos("II. NỘI DUNG, THỜI GIAN TỔ CHỨC") < pos("III. TỔ CHỨC THỰC HIỆN"));
    assert!(paras.iter().any(|p| p.starts_with("a) ")), "purposes as a), b)…");
    assert!(paras.iter().any(|p| p == "Tuần lễ được tổ chức từ ngày 01/10/2025 đến ngày 07/10/2025."));
    assert!(paras.iter().any(|p| p == "Lễ khai mạc tổ chức vào thứ Tư, ngày 01/10/2025."));
    assert!(paras.iter().any(|p| p.starts_with("Chủ đề năm 2025: “Học để")), "a space between the label and the theme");
    assert!(xml.contains(r#"<w:jc w:val="both" />"#) || xml.contains(r#"<w:jc w:val="both"/>"#));
    assert!(xml.contains(r#"w:firstLine="720""#));

    // Recipients and signature.
    assert!(paras.iter().any(|p| p == "Nơi nhận:"));
    assert!(paras.iter().any(|p| p == "- Phòng Văn hóa - Xã hội xã Vĩnh Hòa (để báo cáo);"));
    assert_eq!(paras.iter().filter(|p| p.starts_with("- Lưu: VT")).collect::<Vec<_>>(), ["- Lưu: VT."]);
    // A deputy in charge signs for the head (Nghị định 30, Phụ lục I): no «PHỤ TRÁCH» line.
    assert!(paras.windows(2).any(|w| w[0] == "KT. HIỆU TRƯỞNG" && w[1] == "PHÓ HIỆU TRƯỞNG"), "{paras:?}");
    assert!(!paras.iter().any(|p| p.contains("PHỤ TRÁCH")));
    assert_eq!(paras.last().map(String::as_str), Some("Nguyễn Thị Tri"));

    // Page numbers from page 2: a different (empty) first-page header and a PAGE field.
    assert!(xml.contains("<w:titlePg"), "title page flag");
    let headers: Vec<&(String, String)> = docx.parts.iter().filter(|(n, _)| n.starts_with("word/header")).collect();
    assert_eq!(headers.len(), 2);
    assert!(headers.iter().any(|(_, x)| x.contains("PAGE")));
}

fn soffice() -> &'static str {
    if Command::new("soffice").arg("--version").output().is_ok() { "soffice" } else { "libreoffice" }
}

#[test]
#[cfg_attr(windows, ignore = "LibreOffice rendering: the Windows lane has no LibreOffice under Wine")]
fn libreoffice_renders_the_plan_with_the_expected_text_and_pages() {
    let (tmp, mut store, themes, c) = setup(2025);
    plan_2025(&mut store, &themes, &c);
    let out = tmp.path().join("KH_2025.docx");
    plan::export(&store, &themes, 2025, Some(out.clone())).unwrap();
    let profile = tmp.path().join("lo-profile");
    let status = Command::new(soffice())
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(tmp.path())
        .arg(&out)
        .output()
        .expect("LibreOffice (libreoffice-writer) must be installed: scripts/setup.sh test installs it");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let pdf = tmp.path().join("KH_2025.pdf");
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let pages: u32 = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert_eq!(pages, 3, "the default plan fills three A4 pages");
    let text =
        String::from_utf8(Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Vĩnh Hòa, ngày 01 tháng 10 năm 2025",
        "KẾ HOẠCH",
        "III. TỔ CHỨC THỰC HIỆN",
        "KT. HIỆU TRƯỞNG",
        "Nguyễn Thị Tri",
    ] {
        assert!(flat.contains(expected), "PDF lacks «{expected}»");
    }
    assert!(!flat.starts_with('1'), "no page number on page 1");
    // Keep a picture of page 1 for people to look at.
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts").join("docs");
    std::fs::create_dir_all(&artifacts).unwrap();
    let ok = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(artifacts.join("plan-page1"))
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn the_opening_joins_the_flag_ceremony_only_on_a_monday() {
    for (year, monday) in [(2023, true), (2025, false)] {
        let (_tmp, _store, themes, c) = setup(year);
        let p = plan::draft(&c, &hung_tien(), &themes, date(year, 9, 25)).unwrap();
        let opening = p.activities.iter().find(|a| a.contains("Lễ khai mạc")).expect("the opening");
        assert_eq!(opening.contains("dưới cờ"), monday, "{year}: {opening}");
        assert!(opening.ends_with('.') && !opening.contains(",."), "{opening}");
    }
}

#[test]
fn a_plan_cloned_from_a_monday_opening_drops_the_flag_ceremony_and_the_checks_warn_if_it_comes_back() {
    let (_tmp, mut store, themes, c2023) = setup(2023);
    let draft = plan::draft(&c2023, &hung_tien(), &themes, date(2023, 9, 25)).unwrap();
    assert!(draft.activities.iter().any(|a| a.contains("dưới cờ")), "2023 opened on Monday 02/10");
    plan::save(&mut store, &draft).unwrap();
    let mut c2025 = campaign::draft(2025, &themes, None).unwrap().campaign;
    c2025.authority_name = c2023.authority_name.clone();
    c2025.authority_email = c2023.authority_email.clone();
    campaign::create(&mut store, &c2025).unwrap();

    let report = plan::clone_from(&mut store, &themes, 2023, 2025).unwrap();
    let cloned = plan::load(&store, 2025).unwrap().unwrap();
    let opening = cloned.activities.iter().find(|a| a.contains("Lễ khai mạc")).expect("the opening");
    assert_eq!(
        opening,
        &draft
            .activities
            .iter()
            .find(|a| a.contains("Lễ khai mạc"))
            .unwrap()
            .replace(plan::WITH_FLAG_CEREMONY, "")
            .replace("thứ Hai, ngày 02/10/2023", "thứ Tư, ngày 01/10/2025")
    );
    assert!(report.remaining.is_empty(), "{:?}", report.remaining);
    let school = school::require(&store).unwrap();
    let c = campaign::get(&store, 2025).unwrap();
    assert!(plan::findings::check(&cloned, &c, &school, &themes).iter().all(|f| f.code != "flag_ceremony_not_monday"));

    let mut edited = cloned.clone();
    edited.activities.push("Phát động Tuần lễ trong giờ chào cờ, lồng ghép với hoạt động dưới cờ.".into());
    let warned: Vec<_> = plan::findings::check(&edited, &c, &school, &themes)
        .into_iter()
        .filter(|f| f.code == "flag_ceremony_not_monday")
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].severity, tuanle::checks::Severity::Warning);
    assert!(warned[0].message.contains("01/10/2025 là thứ Tư"), "{}", warned[0].message);
}

#[test]
fn a_cloned_plan_moves_the_year_and_the_linter_catches_the_stray_year_of_sample_004() {
    let (_tmp, mut store, themes, c2020) = setup(2020);
    let draft = plan::draft(&c2020, &hung_tien(), &themes, date(2020, 9, 25)).unwrap();
    plan::save(&mut store, &draft).unwrap();
    let mut c2021 = campaign::draft(2021, &themes, None).unwrap().campaign;
    c2021.authority_name = c2020.authority_name.clone();
    c2021.authority_email = c2020.authority_email.clone();
    campaign::create(&mut store, &c2021).unwrap();

    let report = plan::clone_from(&mut store, &themes, 2020, 2021).unwrap();
    assert!(report.moved >= 5, "theme, year and dates moved: {}", report.moved);
    assert!(report.remaining.is_empty(), "the default texts leave nothing behind: {:?}", report.remaining);
    let cloned = plan::load(&store, 2021).unwrap().unwrap();
    assert!(cloned.purposes[1].contains("Chuyển đổi số để xây dựng thành công một xã hội học tập mới"), "2021 theme");
    assert!(cloned.activities[1].contains("thứ Sáu, ngày 01/10/2021"), "{}", cloned.activities[1]);
    assert_eq!(cloned.issue_date, date(2021, 9, 25));
    assert!(cloned.legal_bases.iter().all(|b| !b.subject.contains("2020")));
    assert!(plan::clone_from(&mut store, &themes, 2020, 2021).is_err(), "never overwrites a plan");

    // As in sample 004: last year's sentence pasted into this year's plan.
    let mut edited = cloned.clone();
    edited.intro =
        "Trường Tiểu học Hùng Tiến xây dựng kế hoạch tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2020 với chủ đề trên.".into();
    edited.activities.push("Cán bộ, giáo viên dự Lễ khai mạc trực tuyến vào sáng ngày 05 tháng 10 năm 2020.".into());
    plan::save(&mut store, &edited).unwrap();
    let school = school::require(&store).unwrap();
    let findings = plan::findings::check(&edited, &campaign::get(&store, 2021).unwrap(), &school, &themes);
    let stray: Vec<(&str, &str)> =
        findings.iter().filter(|f| f.code == "stray_year").map(|f| (f.place.as_str(), f.message.as_str())).collect();
    assert_eq!(stray.len(), 2, "{stray:?}");
    assert_eq!(stray[0].0, "Lời mở đầu");
    assert!(stray[0].1.contains("2020"));
    assert!(stray[1].0.starts_with("II.3 Hoạt động"));
    assert!(findings.iter().all(|f| !f.fix.is_empty()));
}

#[test]
fn the_checks_cover_empty_sections_references_weekdays_and_unclean_text() {
    let (_tmp, mut store, themes, c) = setup(2025);
    let mut p = plan_2025(&mut store, &themes, &c);
    p.purposes.clear();
    p.legal_bases[1].number.clear();
    p.activities.push("Thi kể chuyện vào thứ Sáu, ngày 02/10/2025.".into());
    p.closing = "Kết\u{200B}thúc".into();
    let mut c2 = c.clone();
    c2.theme = "Một chủ đề khác".into();
    let findings = plan::findings::check(&p, &c2, &hung_tien(), &themes);
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    for code in ["empty_section", "missing_reference", "weekday_mismatch", "unclean_text", "theme_differs"] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
    let weekday = findings.iter().find(|f| f.code == "weekday_mismatch").unwrap();
    assert!(weekday.message.contains("thứ Năm") && weekday.fix.contains("«thứ Năm»"), "{weekday:?}");
}

/// A small deterministic generator of hostile strings: XML specials, controls, invisible
/// characters, combining marks, emoji, long runs.
struct Hostile(u64);

impl Hostile {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "&",
            "\"",
            "'",
            "]]>",
            "<w:p>",
            "\u{0}",
            "\u{1}",
            "\u{8}",
            "\u{b}",
            "\u{c}",
            "\u{1f}",
            "\u{7f}",
            "\u{85}",
            "\u{200b}",
            "\u{feff}",
            "\u{fffe}",
            "\u{ffff}",
            "\u{202e}",
            "e\u{302}\u{301}",
            "Tiếng Việt",
            "📚",
            "\r\n",
            "\t",
            " ",
            "năm 2020",
            "ngày 31/02/2025",
            "%s",
            "{year}",
            "\\",
            "/",
        ];
        let n = (self.next() % 40) as usize;
        let mut s: String = (0..n).map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize]).collect();
        if self.next().is_multiple_of(10) {
            s.push_str(&"Ổ".repeat(5_000));
        }
        s
    }
}

#[test]
fn any_user_text_yields_a_valid_docx() {
    let (_tmp, mut store, themes, c) = setup(2025);
    let base = plan_2025(&mut store, &themes, &c);
    let mut g = Hostile(0x9E37_79B9_7F4A_7C15);
    for _ in 0..120 {
        let mut p = base.clone();
        p.intro = g.string();
        p.closing = g.string();
        p.purposes = vec![g.string(), g.string()];
        p.activities = vec![g.string()];
        p.recipients = vec![g.string(), g.string()];
        p.assignments[0].unit = g.string();
        p.assignments[0].duties = g.string();
        p.legal_bases[0].subject = g.string();
        p.number = g.string();
        let mut school = hung_tien();
        school.name = g.string();
        school.signer_name = g.string();
        let doc = p.document(&c, &school);
        let bytes = docs::docx::write(&doc).unwrap();
        let docx = Docx::open(&bytes);
        docx.assert_all_xml_valid();
        // The checks never panic on hostile text either.
        let _ = plan::findings::check(&p, &c, &school, &themes);
    }
}

#[test]
fn the_ceremony_script_is_a_timed_table_in_the_same_format() {
    let (tmp, mut store, _themes, _campaign) = setup(2025);
    let defaults = tuanle::ceremony::items(&store, 2025).unwrap();
    assert!(defaults.len() >= 8 && defaults.iter().any(|i| i.item.contains("Thông điệp học tập suốt đời")));
    let out = tmp.path().join("kb.docx");
    tuanle::ceremony::export(&store, 2025, Some(out.clone())).unwrap();
    let docx = Docx::open(&std::fs::read(&out).unwrap());
    docx.assert_all_xml_valid();
    let doc = roxmltree::Document::parse(docx.part("word/document.xml")).unwrap();
    let tables: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((W, "tbl"))).collect();
    assert_eq!(tables.len(), 3, "header, programme, signature");
    let rows = tables[1].children().filter(|n| n.has_tag_name((W, "tr"))).count();
    assert_eq!(rows, defaults.len() + 1);
    let paras = docx.paragraphs();
    assert!(!paras.iter().any(|p| p == "KỊCH BẢN"), "a CTr number goes with a CHƯƠNG TRÌNH");
    assert!(paras.iter().any(|p| p.starts_with("Chủ đề: “")), "a space after «Chủ đề:»");
    for expected in [
        "CHƯƠNG TRÌNH",
        "Lễ khai mạc Tuần lễ hưởng ứng học tập suốt đời năm 2025",
        "STT",
        "Người thực hiện",
        "Thời gian: thứ Tư, ngày 01/10/2025.",
    ] {
        assert!(paras.iter().any(|p| p == expected), "missing «{expected}»");
    }
    assert!(paras.iter().any(|p| p.starts_with("Số:") && p.ends_with("/CTr-THHT")));

    // An edited programme replaces the default; a row without content is refused.
    let mut edited = defaults[..3].to_vec();
    edited[2].item = "Khai mạc và phát động".into();
    tuanle::ceremony::save(&mut store, 2025, &edited).unwrap();
    assert_eq!(tuanle::ceremony::items(&store, 2025).unwrap().len(), 3);
    let mut bad = edited.clone();
    bad[1].item = " ".into();
    let err = tuanle::ceremony::save(&mut store, 2025, &bad).unwrap_err();
    assert!(err.to_string().contains("Dòng 2 chưa có nội dung"), "{err}");
    assert_eq!(tuanle::ceremony::items(&store, 2025).unwrap()[2].item, "Khai mạc và phát động", "nothing lost");
}

/// The default plan leaves the provincial plan's issuer for the school to write: the gap shows as
/// «của …» and is an error, and a template's placeholder («Ủy ban nhân dân tỉnh (thành phố)»)
/// left in place is an error too; the real name passes.
#[test]
fn the_provincial_basis_needs_its_real_issuer() {
    let (_tmp, _store, themes, c) = setup(2025);
    let mut p = plan::draft(&c, &hung_tien(), &themes, date(2025, 9, 28)).unwrap();
    p.legal_bases[2].number = "3929/QĐ-UBND".into();
    p.legal_bases[2].date = Some(date(2025, 9, 25));
    assert!(p.legal_bases[2].issuer.is_empty());
    assert!(p.legal_bases[2].sentence().contains("ngày 25/9/2025 của … về tổ chức"), "{}", p.legal_bases[2].sentence());
    let codes = |p: &Plan| -> Vec<String> {
        plan::findings::check(p, &c, &hung_tien(), &themes)
            .into_iter()
            .filter(|f| f.place == "Căn cứ 3" && f.severity == checks::Severity::Error)
            .map(|f| f.code)
            .collect()
    };
    assert_eq!(codes(&p), ["missing_issuer"]);
    p.legal_bases[2].issuer = "Ủy ban nhân dân tỉnh (thành phố)".into();
    assert_eq!(codes(&p), ["placeholder"]);
    p.legal_bases[2].issuer = "Ủy ban nhân dân thành phố Hải Phòng".into();
    assert!(codes(&p).is_empty());
}
