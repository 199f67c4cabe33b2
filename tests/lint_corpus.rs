//! The linter against real documents: every line of the five sample documents of the project
//! (`../shared/seeds/`, outside the repository: their sentences are not copied into it), each
//! checked against its own campaign, gives no error but the known slips.
//!
//! The corpus is read from `TUANLE_SEEDS` or from `../shared/seeds` beside the checkout; when
//! `TUANLE_SEEDS` is set the corpus must be there.

use std::path::PathBuf;

use chrono::NaiveDate;
use tuanle::checks::{Severity, Window, check_text};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// Each seed with its campaign: year and week.
const SEEDS: [(&str, i32, u32, u32); 5] = [
    ("000_ae3d2b5712568840.txt", 2025, 1, 7),
    ("001_2c83cc914242d8e5.txt", 2023, 2, 8),
    ("002_00e4b2b354cb094d.txt", 2022, 1, 7),
    ("003_d2f3ac392c2fd842.txt", 2023, 2, 8),
    ("004_78cda9588b09f626.txt", 2021, 1, 7),
];

fn seeds_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TUANLE_SEEDS") {
        return Some(PathBuf::from(dir));
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("shared").join("seeds");
    dir.is_dir().then_some(dir)
}

#[test]
fn the_sample_documents_give_no_error_but_their_known_slips() {
    let Some(dir) = seeds_dir() else {
        eprintln!("lint corpus skipped: no ../shared/seeds beside the checkout and TUANLE_SEEDS not set");
        return;
    };
    let mut errors = Vec::new();
    let mut warnings = 0;
    let mut lines_read = 0;
    for (file, year, start, end) in SEEDS {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let window = Window {
            year,
            week_start: d(year, 10, start),
            week_end: d(year, 10, end),
            from: d(year, 9, 1),
            to: d(year, 10, 31),
            schedules_week: true,
        };
        for (n, line) in text.lines().enumerate() {
            lines_read += 1;
            let mut out = Vec::new();
            check_text("dòng", line, &window, &mut out);
            for f in out {
                if f.severity == Severity::Error {
                    errors.push((file, n + 1, f.message));
                } else {
                    warnings += 1;
                    eprintln!("warning {file}:{}: {}", n + 1, f.message);
                }
            }
        }
    }
    assert!(lines_read > 400, "the corpus was read ({lines_read} lines)");
    eprintln!("{lines_read} lines, {} errors, {warnings} warnings", errors.len());
    // Seed 004, a 2021 plan, names its own week "năm 2020" once, and dates the opening ceremony
    // it joins in 2020 (05/10/2020): the same leftover, both would be sent back.
    let at: Vec<_> = errors.iter().map(|(f, n, _)| (*f, *n)).collect();
    assert_eq!(at, [("004_78cda9588b09f626.txt", 7), ("004_78cda9588b09f626.txt", 36)], "{errors:#?}");
    assert!(errors[0].2.contains("2020") && errors[1].2.contains("2020"), "{errors:#?}");
}
