//! The school profile and the campaign: validation messages, normalisation, drafts from the
//! known themes, storage round trips, warnings, the demo and the overview.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use chrono::NaiveDate;
use tuanle::campaign::{self, Campaign};
use tuanle::school::{self, SchoolProfile, SignerTitle};
use tuanle::store::{DataDir, Store};
use tuanle::themes::{Themes, same_wording};
use tuanle::{Error, demo, progress};

const THEME_2025: &str =
    "Học để phát triển bản thân, làm chủ tri thức và công nghệ, góp phần xây dựng đất nước hùng cường, thịnh vượng";

fn store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let store = Store::open(DataDir::at(tmp.path())).expect("open");
    (tmp, store)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn hung_tien() -> SchoolProfile {
    SchoolProfile {
        name: "Trường Tiểu học Hùng Tiến".into(),
        authority_line: "UBND xã Vĩnh Hòa".into(),
        abbreviation: "thht".into(),
        place_name: "Vĩnh Hòa".into(),
        signer_name: "Nguyễn Văn An".into(),
        signer_title: SignerTitle::Principal,
        email: "C1HungTien@HaiPhong.edu.vn".into(),
        ..Default::default()
    }
}

fn fields(err: Error) -> Vec<String> {
    err.fields().iter().map(|f| f.field.clone()).collect()
}

#[test]
fn a_school_is_cleaned_then_stored_and_read_back() {
    let (_tmp, mut store) = store();
    assert_eq!(school::load(&store).expect("load"), None);
    let mut input = hung_tien();
    // Pasted from Word/Zalo: decomposed letters, a zero-width space, a tab, doubled spaces.
    input.name = "Trường Tie\u{0302}\u{0309}u học\u{200B}  Hùng\tTiến ".into();
    let saved = school::save(&mut store, &input).expect("save");
    assert_eq!(saved.name, "Trường Tiểu học Hùng Tiến");
    assert_eq!(saved.authority_line, "UBND XÃ VĨNH HÒA");
    assert_eq!(saved.abbreviation, "THHT");
    assert_eq!(saved.email, "c1hungtien@haiphong.edu.vn");
    assert_eq!(saved.issuer_line(), "TRƯỜNG TIỂU HỌC HÙNG TIẾN");
    assert_eq!(school::load(&store).expect("load"), Some(saved.clone()));

    let changed =
        SchoolProfile { signer_title: SignerTitle::DeputyForPrincipal, signer_name: "Trần Thị Bình".into(), ..saved };
    school::save(&mut store, &changed).expect("update");
    let back = school::require(&store).expect("require");
    assert_eq!(back.signature_lines(), ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]);
    assert_eq!(back.signer_name, "Trần Thị Bình");
}

#[test]
fn authority_names_keep_the_level_of_the_place_and_a_province_never_gets_a_communes_name() {
    use tuanle::authority::{self, Scope, level_of};
    assert_eq!(level_of("UBND XÃ VĨNH HÒA"), Some(("xã", Scope::Commune)));
    assert_eq!(level_of("UBND PHƯỜNG BẾN NGHÉ"), Some(("phường", Scope::Commune)));
    assert_eq!(level_of("UBND ĐẶC KHU PHÚ QUỐC"), Some(("đặc khu", Scope::Commune)));
    assert_eq!(level_of("UBND THỊ XÃ SƠN TÂY"), Some(("thị xã", Scope::District)));
    assert_eq!(level_of("PHÒNG GD&ĐT HUYỆN GIA LÂM"), Some(("huyện", Scope::District)));
    assert_eq!(level_of("TRƯỜNG MẦM NON"), None);
    let school = |line: &str, place: &str| SchoolProfile { authority_line: line.into(), place_name: place.into(), ..hung_tien() };
    let names = |s: &SchoolProfile| -> Vec<(String, String)> {
        authority::choices(Some(s)).expect("presets").into_iter().map(|c| (c.key, c.name)).collect()
    };
    assert_eq!(
        names(&school("UBND PHƯỜNG BẾN NGHÉ", "Bến Nghé")),
        [
            ("phong_vhxh".to_owned(), "Phòng Văn hóa - Xã hội phường Bến Nghé".to_owned()),
            ("phong_gddt".to_owned(), "Phòng Giáo dục và Đào tạo Bến Nghé".to_owned()),
            ("so_gddt".to_owned(), "Sở Giáo dục và Đào tạo ".to_owned()),
        ]
    );
    let special = names(&school("UBND ĐẶC KHU CÔN ĐẢO", "Côn Đảo"));
    assert_eq!(special[0].1, "Phòng Văn hóa - Xã hội đặc khu Côn Đảo");
    // A district's office gets a district's level, never a commune's.
    let district = names(&school("UBND HUYỆN GIA LÂM", "Gia Lâm"));
    assert_eq!(
        (district[0].1.as_str(), district[1].1.as_str()),
        ("Phòng Văn hóa - Xã hội Gia Lâm", "Phòng Giáo dục và Đào tạo huyện Gia Lâm")
    );
    // A place already written with its level is not doubled.
    assert_eq!(names(&school("UBND XÃ VĨNH HÒA", "xã Vĩnh Hòa"))[0].1, "Phòng Văn hóa - Xã hội xã Vĩnh Hòa");
}

#[test]
fn signature_blocks_follow_decree_30_and_the_letter_uses_the_plain_title() {
    use SignerTitle::*;
    let (_tmp, mut store) = store();
    let board = |t: SignerTitle| SchoolProfile {
        signer_title: t,
        signing_body: " Ban Chỉ đạo  Tuần lễ ".into(),
        signing_role: "Trưởng ban".into(),
        ..hung_tien()
    };
    // Every title is stored and read back (the old table refused "acting"), with its block.
    let blocks: Vec<_> = SignerTitle::ALL
        .iter()
        .map(|&t| {
            let saved = school::save(&mut store, &board(t)).expect("every title is stored");
            assert_eq!(school::load(&store).unwrap().unwrap(), saved);
            (t.as_str(), saved.signature_lines(), saved.plain_title())
        })
        .collect();
    let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        blocks,
        [
            ("principal", lines(&["HIỆU TRƯỞNG"]), "Hiệu trưởng".to_owned()),
            ("deputy_for_principal", lines(&["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]), "Phó Hiệu trưởng".to_owned()),
            ("deputy_in_charge", lines(&["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"]), "Phó Hiệu trưởng phụ trách".to_owned()),
            ("acting", lines(&["Q. HIỆU TRƯỞNG"]), "Quyền Hiệu trưởng".to_owned()),
            ("on_behalf", lines(&["TM. BAN CHỈ ĐẠO TUẦN LỄ", "TRƯỞNG BAN"]), "Trưởng Ban Chỉ đạo Tuần lễ".to_owned()),
        ]
    );
    assert!(blocks.iter().all(|(_, l, _)| l.iter().all(|l| !l.contains("PHỤ TRÁCH"))));
    assert_eq!(SignerTitle::parse("acting"), Some(Acting));
    let council =
        SchoolProfile { signing_body: "Hội đồng trường".into(), signing_role: "Chủ tịch".into(), ..board(OnBehalf) };
    assert_eq!(council.signature_lines(), ["TM. HỘI ĐỒNG TRƯỜNG", "CHỦ TỊCH"]);
    assert_eq!(council.plain_title(), "Chủ tịch Hội đồng trường");
    // The body and role belong to a collective signature only: kept empty for the others.
    let principal = school::save(&mut store, &board(Principal)).unwrap();
    assert_eq!((principal.signing_body.as_str(), principal.signing_role.as_str()), ("", ""));
    // A collective signature needs both, field by field.
    let err = school::save(&mut store, &SchoolProfile { signer_title: OnBehalf, ..hung_tien() }).expect_err("incomplete");
    assert_eq!(fields(err), ["signing_body", "signing_role"]);
}

#[test]
fn an_incomplete_school_is_refused_field_by_field_in_vietnamese() {
    let (_tmp, mut store) = store();
    let bad = SchoolProfile {
        name: "  \u{200B} ".into(),
        abbreviation: "TH HT".into(),
        email: "c1hungtien@@haiphong".into(),
        signer_name: String::new(),
        ..hung_tien()
    };
    let err = school::save(&mut store, &bad).expect_err("invalid");
    assert_eq!(err.code(), "validation");
    assert_eq!(err.exit_code(), 3);
    assert_eq!(fields(err), ["name", "abbreviation", "signer_name", "email"]);
    let err = school::save(&mut store, &bad).expect_err("invalid");
    assert!(err.to_string().contains("Hãy nhập tên trường"), "{err}");
    assert!(err.fields()[3].message.contains("không hợp lệ"));
    assert_eq!(school::load(&store).expect("load"), None, "nothing stored");
}

#[test]
fn drafts_use_known_themes_and_never_invent_one() {
    let themes = Themes::builtin().expect("themes");
    let school = hung_tien().validated().expect("valid");

    let d = campaign::draft(2025, &themes, Some(&school)).expect("draft");
    assert!(d.theme_known);
    assert_eq!(d.campaign.theme, THEME_2025);
    assert_eq!((d.campaign.week_start, d.campaign.week_end), (date(2025, 10, 1), date(2025, 10, 7)));
    assert_eq!(d.campaign.opening_date, date(2025, 10, 1));
    assert_eq!(
        d.campaign.authority_name, "Phòng Văn hóa - Xã hội xã Vĩnh Hòa",
        "after 01/07/2025: the commune's office, with its level"
    );
    assert_eq!(d.campaign.report_deadline, date(2025, 10, 14));

    let d = campaign::draft(2023, &themes, Some(&school)).expect("draft");
    assert_eq!(d.campaign.theme, "Xây dựng năng lực tự học trong kỷ nguyên số");
    assert_eq!(d.campaign.week_start, date(2023, 10, 2));
    assert!(d.campaign.authority_name.starts_with("Phòng Giáo dục và Đào tạo"), "before the reform: the district's office");

    // 2024: the theme of Công văn 5201/BGDĐT-GDTX of 09/9/2024, with its source.
    let d = campaign::draft(2024, &themes, None).expect("draft");
    assert!(d.theme_known);
    assert_eq!(d.campaign.theme, "Phát triển văn hóa đọc thúc đẩy học tập suốt đời");
    assert_eq!((d.campaign.week_start, d.campaign.week_end), (date(2024, 10, 1), date(2024, 10, 7)));
    assert!(d.hint.contains("5201/BGDĐT-GDTX ngày 09/9/2024"), "{}", d.hint);

    let d = campaign::draft(2026, &themes, None).expect("draft");
    assert_eq!(d.campaign.theme, "");
    assert_eq!((d.campaign.week_start, d.campaign.week_end), (date(2026, 10, 1), date(2026, 10, 7)));
    assert!(d.hint.contains("Chưa có chủ đề năm 2026"));

    // A year not listed whose 01/10 is a Sunday: Monday 02/10 to 08/10, as in 2017 and 2023, and why.
    let d = campaign::draft(2028, &themes, None).expect("draft");
    assert_eq!((d.campaign.week_start, d.campaign.week_end), (date(2028, 10, 2), date(2028, 10, 8)));
    assert_eq!(d.campaign.opening_date, date(2028, 10, 2));
    assert!(d.hint.contains("01/10/2028 là Chủ nhật"), "{}", d.hint);
}

#[test]
fn a_year_whose_documents_word_the_theme_two_ways_accepts_both() {
    let themes = Themes::builtin().expect("themes");
    let d = campaign::draft(2021, &themes, None).expect("draft");
    assert_eq!(
        d.theme_choices,
        [
            "Chuyển đổi số để xây dựng thành công một xã hội học tập mới",
            "Chuyển đổi số và cơ hội học tập suốt đời cho tất cả mọi người trong bối cảnh đại dịch COVID-19"
        ]
    );
    assert!(d.hint.contains("2 cách"), "{}", d.hint);
    let mut c = d.campaign;
    c.theme = d.theme_choices[1].clone();
    assert!(c.warnings(&themes).is_empty(), "a listed wording is never «khác với danh mục»");
    c.theme = "Chuyển đổi số trong giáo dục".into();
    assert_eq!(c.warnings(&themes).len(), 1);
}

#[test]
fn the_ministrys_letters_of_2014_2020_2024_and_2025_are_listed_with_a_source() {
    let themes = Themes::builtin().expect("themes");
    for (year, number, day) in [
        (2014, "4583/BGDĐT-GDTX", date(2014, 8, 26)),
        (2020, "3589/BGDĐT-GDTX", date(2020, 9, 15)),
        (2024, "5201/BGDĐT-GDTX", date(2024, 9, 9)),
        (2025, "5607/BGDĐT-GDNNGDTX", date(2025, 9, 15)),
    ] {
        let known = themes.get(year).expect("listed");
        let letter = known.ministry_letter.as_ref().expect("letter");
        assert_eq!((letter.number.as_str(), letter.date), (number, day), "{year}");
        assert!(known.source.contains(number), "{year}: the source names the letter");
    }
    assert!(themes.all().iter().all(|y| !y.source.trim().is_empty()), "every fact has a source");
}

fn campaign_2025() -> Campaign {
    let themes = Themes::builtin().expect("themes");
    let mut c = campaign::draft(2025, &themes, Some(&hung_tien())).expect("draft").campaign;
    c.authority_email = "vhxh.vinhhoa@haiphong.gov.vn".into();
    c
}

#[test]
fn a_campaign_with_wrong_dates_is_refused_with_each_reason() {
    let c = Campaign {
        year: 2025,
        theme: String::new(),
        week_start: date(2024, 10, 7),
        week_end: date(2024, 10, 1),
        opening_date: date(2024, 11, 1),
        authority_name: " ".into(),
        authority_email: "phong gd@quan1.edu.vn".into(),
        report_deadline: date(2024, 9, 1),
    };
    let err = c.validated().expect_err("invalid");
    assert_eq!(
        fields(err),
        ["theme", "week_start", "week_end", "opening_date", "report_deadline", "authority_name", "authority_email"]
    );
    let err = Campaign { year: 2010, ..campaign_2025() }.validated().expect_err("too early");
    assert!(err.to_string().contains("2011"), "{err}");
    assert!(campaign_2025().validated().is_ok());
}

#[test]
fn campaigns_are_stored_by_year_and_never_duplicated() {
    let (_tmp, mut store) = store();
    assert_eq!(campaign::latest(&store).expect("latest"), None);
    let c = campaign::create(&mut store, &campaign_2025()).expect("create");
    assert_eq!(campaign::get(&store, 2025).expect("get"), c);
    let err = campaign::create(&mut store, &c).expect_err("duplicate");
    assert!(matches!(err, Error::CampaignExists(2025)));

    let themes = Themes::builtin().expect("themes");
    let mut c2023 = campaign::draft(2023, &themes, None).expect("draft").campaign;
    c2023.authority_name = "Phòng Giáo dục và Đào tạo huyện Hóc Môn".into();
    c2023.authority_email = "pgd.hocmon@hcm.edu.vn".into();
    campaign::create(&mut store, &c2023).expect("create 2023");
    assert_eq!(campaign::years(&store).expect("years"), [2025, 2023]);
    assert_eq!(campaign::latest(&store).expect("latest").map(|c| c.year), Some(2025));

    let edited = Campaign { report_deadline: date(2025, 10, 15), ..c.clone() };
    campaign::update(&mut store, &edited).expect("update");
    assert_eq!(campaign::get(&store, 2025).expect("get").report_deadline, date(2025, 10, 15));
    let err = campaign::update(&mut store, &Campaign { year: 2022, ..campaign_2025() }).expect_err("missing");
    assert_eq!(err.code(), "validation", "a 2025 week in a 2022 campaign is caught first");
    assert!(matches!(campaign::get(&store, 2030), Err(Error::CampaignNotFound(2030))));
}

#[test]
fn own_wording_of_a_known_theme_is_kept_with_a_warning() {
    let themes = Themes::builtin().expect("themes");
    let same = Campaign { theme: format!("“{}.”", THEME_2025.to_uppercase()), ..campaign_2025() };
    assert!(same.warnings(&themes).is_empty(), "quotes and case do not count");
    let other =
        Campaign { theme: "Học tập suốt đời cho mọi người".into(), week_end: date(2025, 10, 8), ..campaign_2025() };
    let warnings = other.warnings(&themes);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("Chủ đề khác với chủ đề năm 2025"));
    assert!(same_wording("a  b", "A b"));
}

#[test]
fn the_data_folder_can_add_a_year_and_a_broken_file_is_reported() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = DataDir::at(tmp.path());
    std::fs::write(
        tmp.path().join("themes.json"),
        r#"{"years":[{"year":2026,"theme":"Chủ đề thử","week_start":"2026-10-01","week_end":"2026-10-07","opening_date":null,"source":"thử"}]}"#,
    )
    .expect("write");
    let themes = Themes::load(&dir).expect("load");
    assert_eq!(themes.get(2026).and_then(|y| y.theme.clone()).as_deref(), Some("Chủ đề thử"));
    assert!(themes.get(2025).is_some(), "built-in years stay");

    std::fs::write(tmp.path().join("themes.json"), "{ not json").expect("write");
    let err = Themes::load(&dir).expect_err("broken");
    assert_eq!(err.code(), "data_file");
    assert!(err.to_string().contains("themes.json"));
}

#[test]
fn the_overview_counts_days_to_the_deadline() {
    let (_tmp, mut store) = store();
    let themes = Themes::builtin().expect("themes");
    let empty = progress::overview(&store, &themes, None, date(2025, 10, 1)).expect("overview");
    assert!(empty.school.is_none() && empty.campaign.is_none() && empty.steps.is_empty());

    school::save(&mut store, &hung_tien()).expect("school");
    campaign::create(&mut store, &campaign_2025()).expect("campaign");
    let o = progress::overview(&store, &themes, None, date(2025, 10, 9)).expect("overview");
    assert_eq!(o.days_left, Some(5));
    assert_eq!(o.deadline_sentence.as_deref(), Some("Còn 5 ngày đến hạn nộp báo cáo (14/10/2025)."));
    let labels: Vec<&str> = o.steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Kế hoạch", "Hoạt động", "Minh chứng", "Báo cáo", "Gửi"]);

    let c = campaign::get(&store, 2025).expect("get");
    assert_eq!(progress::deadline_sentence(&c, date(2025, 10, 14)), "Hôm nay là hạn nộp báo cáo (14/10/2025).");
    assert_eq!(progress::deadline_sentence(&c, date(2025, 10, 20)), "Đã quá hạn nộp báo cáo 6 ngày (hạn 14/10/2025).");
}

#[test]
fn the_demo_only_goes_into_an_empty_store() {
    let (_tmp, mut store) = store();
    let themes = Themes::builtin().expect("themes");
    let (school, campaign) = demo::load(&mut store, &themes).expect("demo");
    assert_eq!(school.abbreviation, "THHS");
    assert_eq!(campaign.theme, THEME_2025);
    assert_eq!(campaign.report_deadline, date(2025, 10, 14));
    assert!(campaign.warnings(&themes).is_empty());

    let (_tmp2, mut real) = self::store();
    school::save(&mut real, &hung_tien()).expect("school");
    let err = demo::load(&mut real, &themes).expect_err("not empty");
    assert_eq!(err.code(), "demo_needs_empty_store");
    assert_eq!(school::require(&real).expect("school").name, "Trường Tiểu học Hùng Tiến", "real data untouched");
    assert!(campaign::years(&real).expect("years").is_empty());
}
