//! Time to build the report with 30 representative photos as .docx, in process: once from the
//! 12 MP originals (every photo decoded, sized and re-encoded) and then with the sized copies
//! kept from that first build (what every later export does). `scripts/bench-report.sh` runs this
//! beside python-docx (+ Pillow) doing the same work in the same run.
//! Usage: cargo bench --bench report -- ITERATIONS OUT_DIR PHOTO_DIR

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::NaiveDate;
use tuanle::activity::{self, Activity};
use tuanle::photo::{self, PhotoEdit};
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;
use tuanle::{campaign, demo, report, school};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let iterations: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10);
    let out_dir = std::path::PathBuf::from(args.get(1).cloned().unwrap_or_else(|| "target/bench-report".into()));
    let photo_dir = std::path::PathBuf::from(args.get(2).cloned().unwrap_or_else(|| "target/bench-report/in".into()));
    let data = out_dir.join("data");
    if data.exists() {
        std::fs::remove_dir_all(&data)?;
    }
    let mut store = Store::open(DataDir::at(&data))?;
    demo::load(&mut store, &Themes::builtin()?)?;
    for (i, (kind, title)) in
        [("opening", "Lễ khai mạc Tuần lễ"), ("reading", "Ngày hội đọc sách"), ("scholarship", "Trao học bổng")]
            .iter()
            .enumerate()
    {
        let mut a = Activity::blank(2025, NaiveDate::from_ymd_opt(2025, 10, 1 + i as u32).ok_or("date")?);
        a.title = (*title).into();
        a.kind = (*kind).into();
        a.pupils = 400;
        a.staff = 35;
        a.funding_state = 2_000_000;
        activity::save(&mut store, &a)?;
    }
    let mut files: Vec<_> = std::fs::read_dir(&photo_dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    files.truncate(30);
    let imported = photo::import(&mut store, 2025, &files, &AtomicBool::new(false), &mut |_| {})?;
    let mut photos = Vec::new();
    for (n, id) in imported.added.iter().enumerate() {
        let caption = format!("Hoạt động Tuần lễ, ảnh {}", n + 1);
        photo::update(&mut store, &PhotoEdit { id: *id, caption: caption.clone(), activity_id: None, representative: true })?;
        photos.push(serde_json::json!({ "id": id, "original": files[n], "caption": caption }));
    }
    if photos.len() != 30 {
        return Err(format!("{} photos imported from {}", photos.len(), photo_dir.display()).into());
    }

    let target = out_dir.join("report-rust.docx");
    let start = Instant::now();
    let cold = report::export(&store, 2025, Some(target.clone()))?;
    let cold_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("rust docx-rs, from originals\t1\t{cold_ms:.1}\t{}", cold.bytes);

    let start = Instant::now();
    let mut warm = cold;
    for _ in 0..iterations {
        warm = report::export(&store, 2025, Some(target.clone()))?;
    }
    let warm_ms = start.elapsed().as_secs_f64() * 1000.0 / iterations as f64;
    println!("rust docx-rs, sized copies kept\t{iterations}\t{warm_ms:.1}\t{}", warm.bytes);

    // The peer builds the same layout from the same inputs.
    let c = campaign::get(&store, 2025)?;
    let school = school::require(&store)?;
    let r = report::load(&store, 2025)?.map_or_else(|| report::draft(&store, &c, &school), Ok)?;
    let doc = report::document(&store, &r, &c, &school)?;
    let sized: Vec<_> = imported
        .added
        .iter()
        .map(|id| {
            let path = out_dir.join(format!("sized-{id}.jpg"));
            std::fs::write(&path, photo::export_copy(&store, *id, photo::DOC_LONG_EDGE, photo::DOC_MAX_BYTES)?)?;
            Ok(path)
        })
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    for (p, s) in photos.iter_mut().zip(sized) {
        p["sized"] = serde_json::json!(s);
    }
    let input = serde_json::json!({ "document": doc, "photos": photos, "long_edge": photo::DOC_LONG_EDGE, "max_bytes": photo::DOC_MAX_BYTES });
    std::fs::write(out_dir.join("report-input.json"), serde_json::to_string(&input)?)?;
    Ok(())
}
