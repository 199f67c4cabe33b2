//! Time to build a 10-page plan as .docx, in process. `scripts/bench-plan.sh` runs this beside
//! python-docx building the same document and prints both in one table.
//! Usage: cargo bench --bench plan -- [ITERATIONS] [OUT_DIR]

use std::time::Instant;

use chrono::NaiveDate;
use tuanle::campaign::{self};
use tuanle::plan;
use tuanle::school::{SchoolProfile, SignerTitle};
use tuanle::themes::Themes;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let iterations: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(50);
    let out_dir = std::path::PathBuf::from(args.get(1).cloned().unwrap_or_else(|| "target/bench-plan".into()));
    std::fs::create_dir_all(&out_dir)?;

    let school = SchoolProfile {
        name: "Trường Tiểu học Hùng Tiến".into(),
        authority_line: "UBND XÃ VĨNH HÒA".into(),
        abbreviation: "THHT".into(),
        place_name: "Vĩnh Hòa".into(),
        signer_name: "Nguyễn Thị Tri".into(),
        signer_title: SignerTitle::Principal,
        email: "c1hungtien@haiphong.edu.vn".into(),
        ..Default::default()
    };
    let themes = Themes::builtin()?;
    let mut c = campaign::draft(2025, &themes, Some(&school))?.campaign;
    c.authority_email = "vhxh@vinhhoa.gov.vn".into();
    let mut p = plan::draft(&c, &school, &themes, NaiveDate::from_ymd_opt(2025, 9, 25).ok_or("date")?)?;
    // Grow the plan to about ten pages with realistic activity paragraphs.
    let base = p.activities.clone();
    for i in 0..80 {
        p.activities.push(format!("{} (đợt {}, phối hợp với các lớp khối {}).", base[i % base.len()], i + 1, i % 5 + 1));
    }
    let doc = p.document(&c, &school);
    std::fs::write(out_dir.join("plan-document.json"), serde_json::to_string(&doc)?)?;

    let mut bytes = Vec::new();
    let start = Instant::now();
    for _ in 0..iterations {
        bytes = tuanle::docs::docx::write(&doc)?;
    }
    let mean_ms = start.elapsed().as_secs_f64() * 1000.0 / iterations as f64;
    std::fs::write(out_dir.join("plan-rust.docx"), &bytes)?;
    println!("rust docx-rs\t{iterations}\t{mean_ms:.2}\t{}", bytes.len());
    Ok(())
}
