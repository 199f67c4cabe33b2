//! The statistics table: every value equals the sums read back from the database; corrections are
//! kept beside the computed value; a school's own form can be imported, a broken one is refused.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use chrono::NaiveDate;
use tuanle::activity::{self, Activity};
use tuanle::stats::{self, Template};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{demo, money};

fn filled_store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(DataDir::at(tmp.path())).unwrap();
    demo::load(&mut store, &Themes::builtin().unwrap()).unwrap();
    let kinds = ["opening", "reading", "reading", "contest", "scholarship", "communication", "training"];
    for (i, kind) in kinds.iter().enumerate() {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1 + i as u32).unwrap());
        a.title = format!("Hoạt động {i}");
        a.kind = (*kind).into();
        a.staff = 10 + i as i64;
        a.pupils = 100 * (i as i64 + 1);
        a.community = 7 * i as i64;
        a.books = 40 * i as i64;
        a.gifts = i as i64 % 3;
        a.gift_value = 500_000 * (i as i64 % 3);
        a.funding_state = 1_000_000 * i as i64;
        a.funding_private = 250_000 * (i as i64 + 1);
        a.links = (0..i % 2 + 1).map(|n| format!("https://truong.edu.vn/tin/{i}-{n}")).collect();
        activity::save(&mut store, &a).unwrap();
    }
    // A deleted activity does not count.
    let mut gone = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 3).unwrap());
    gone.title = "Nhập nhầm".into();
    gone.pupils = 99_999;
    let id = activity::save(&mut store, &gone).unwrap().id.unwrap();
    activity::delete(&mut store, id).unwrap();
    (tmp, store)
}

fn sql(store: &Store, expr: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT {expr} FROM activity WHERE year = 2025 AND deleted_at IS NULL"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_value_equals_the_database_sums() {
    let (_tmp, store) = filled_store();
    let (_, rows) = stats::table(&store, 2025).unwrap();
    let value = |key: &str| rows.iter().find(|r| r.key == key).unwrap().value;
    assert_eq!(value("activities"), sql(&store, "COUNT(*)"));
    assert_eq!(value("reading"), sql(&store, "SUM(kind = 'reading')"));
    assert_eq!(value("staff"), sql(&store, "SUM(staff)"));
    assert_eq!(value("pupils"), sql(&store, "SUM(pupils)"));
    assert_eq!(value("community"), sql(&store, "SUM(community)"));
    assert_eq!(value("participants"), sql(&store, "SUM(staff + pupils + community)"));
    assert_eq!(value("books"), sql(&store, "SUM(books)"));
    assert_eq!(value("gift_value"), sql(&store, "SUM(gift_value)"));
    assert_eq!(value("funding_state"), sql(&store, "SUM(funding_state)"));
    assert_eq!(value("funding_private"), sql(&store, "SUM(funding_private)"));
    assert_eq!(value("funding_total"), sql(&store, "SUM(funding_state + funding_private)"));
    assert_eq!(value("news"), sql(&store, "SUM(LENGTH(links) - LENGTH(REPLACE(links, char(10), '')) + 1)"));
    assert!(rows.iter().all(|r| !r.corrected));
    assert_eq!(money::figures(value("funding_total") as u64), "28.000.000");
}

#[test]
fn corrections_are_kept_beside_the_computed_value() {
    let (_tmp, mut store) = filled_store();
    stats::correct(&mut store, 2025, "news", Some(12), "Tính cả tin trên nhóm Zalo").unwrap();
    let (_, rows) = stats::table(&store, 2025).unwrap();
    let news = rows.iter().find(|r| r.key == "news").unwrap();
    assert!(news.corrected);
    assert_eq!((news.value, news.computed), (12, 10));
    assert_eq!(news.note, "Tính cả tin trên nhóm Zalo");
    assert!(stats::correct(&mut store, 2025, "news", Some(-1), "").is_err());
    assert!(stats::correct(&mut store, 2025, "no_such_row", Some(1), "").is_err());
    stats::correct(&mut store, 2025, "news", None, "").unwrap();
    let (_, rows) = stats::table(&store, 2025).unwrap();
    assert!(!rows.iter().find(|r| r.key == "news").unwrap().corrected);
}

#[test]
fn the_rows_the_authorities_ask_about_and_the_log_does_not_record_are_typed_by_hand() {
    let (_tmp, mut store) = filled_store();
    let (_, rows) = stats::table(&store, 2025).unwrap();
    let typed: Vec<&str> = rows.iter().filter(|r| r.typed).map(|r| r.key.as_str()).collect();
    assert_eq!(typed, ["learners", "banners", "library_loans", "library_readers", "commended_groups", "commended_people"]);
    assert!(rows.iter().filter(|r| r.typed).all(|r| r.computed == 0 && r.value == 0));
    assert!(rows.iter().filter(|r| !r.typed).any(|r| r.computed > 0), "the others still come from the log");
    stats::correct(&mut store, 2025, "banners", Some(6), "Băng rôn ở cổng và hội trường").unwrap();
    stats::correct(&mut store, 2025, "library_loans", Some(1_250), "").unwrap();
    let (_, rows) = stats::table(&store, 2025).unwrap();
    let row = |key: &str| rows.iter().find(|r| r.key == key).unwrap();
    assert_eq!((row("banners").value, row("banners").corrected, row("banners").typed), (6, true, true));
    assert_eq!(row("library_loans").value, 1_250);
}

#[test]
fn a_schools_own_form_is_imported_and_a_broken_one_refused() {
    let (tmp, store) = filled_store();
    let own = tmp.path().join("mau-phong.json");
    std::fs::write(
        &own,
        r#"{"name":"Mẫu của Phòng VH-XH","rows":[
            {"key":"hs","label":"Số học sinh tham gia","unit":"lượt","measure":{"sum":"pupils"}},
            {"key":"doc_sach","label":"Hoạt động đọc sách","unit":"hoạt động","measure":{"count":"reading"}}]}"#,
    )
    .unwrap();
    Template::import(store.dir(), &own).unwrap();
    let (template, rows) = stats::table(&store, 2025).unwrap();
    assert_eq!(template.name, "Mẫu của Phòng VH-XH");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].value, sql(&store, "SUM(pupils)"));

    for (bad, why) in [
        (r#"{"name":"x","rows":[]}"#, "từ 1 đến 200"),
        (r#"{"name":"x","rows":[{"key":"a","label":"a","unit":"","measure":{"sum":"salary"}}]}"#, "salary"),
        (r#"{"name":"x","rows":[{"key":"a","label":"a","unit":"","measure":{"count":"party"}}]}"#, "party"),
        (
            r#"{"name":"x","rows":[{"key":"a","label":"a","unit":"","measure":{"count":null}},{"key":"a","label":"b","unit":"","measure":{"count":null}}]}"#,
            "trùng",
        ),
        ("not json", "expected"),
    ] {
        let f = tmp.path().join("bad.json");
        std::fs::write(&f, bad).unwrap();
        let err = Template::import(store.dir(), &f).expect_err(bad);
        assert!(err.to_string().contains(why), "{err}");
    }
    // The good form stays in use after the refusals.
    assert_eq!(Template::load(store.dir()).unwrap().name, "Mẫu của Phòng VH-XH");
}
