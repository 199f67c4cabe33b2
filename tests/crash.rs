//! Crash trials: the CLI is killed with SIGKILL at random moments of long operations (photo import,
//! report export, the hồ sơ zip, backup), many rounds, and after each one the data must hold:
//! integrity check passes, every photo row has its files, every document or archive under its final
//! name is whole, no outbox message is left "sending". Prints the rounds and failures.
//! (Killing during sending is covered by tests/mail.rs against a real SMTP server.)

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{jpeg_with_exif, spawn_retrying};
use tuanle::store::{DataDir, Store};
use tuanle::{backup, photo};

const ROUNDS: usize = 50;

/// xorshift: reproducible from the printed seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn cli(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tuanle"));
    c.arg("--data-dir").arg(data).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// Every .docx, .xlsx, .zip and .tuanle under its final name opens and reads whole.
fn whole_files(root: &Path, problems: &mut Vec<String>) {
    for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            whole_files(&p, problems);
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue; // a temporary file of an interrupted write, never taken as done
        }
        if [".docx", ".xlsx", ".zip", ".tuanle"].iter().any(|x| name.ends_with(x)) {
            let ok = std::fs::File::open(&p).ok().and_then(|f| zip::ZipArchive::new(f).ok()).is_some_and(|mut z| {
                (0..z.len()).all(|i| z.by_index(i).is_ok_and(|mut f| std::io::copy(&mut f, &mut std::io::sink()).is_ok()))
            });
            if !ok {
                problems.push(format!("half-written {name}"));
            }
            if name.ends_with(".tuanle") && backup::verify(&p).is_err() {
                problems.push(format!("backup {name} does not verify"));
            }
        }
    }
}

#[test]
fn fifty_rounds_of_sigkill_leave_the_data_consistent() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    assert!(cli(&data).arg("demo").status().unwrap().success());
    // Photos to import, a fresh batch for each import round.
    let batches: Vec<PathBuf> = (0..ROUNDS / 4 + 1)
        .map(|b| {
            let dir = tmp.path().join(format!("batch-{b}"));
            std::fs::create_dir_all(&dir).unwrap();
            for i in 0..6 {
                let img =
                    image::RgbImage::from_fn(1200, 900, |x, y| image::Rgb([(x ^ y) as u8, (b * 7 + i) as u8, (x + y) as u8]));
                std::fs::write(dir.join(format!("IMG_{i}.jpg")), jpeg_with_exif(&img, 1, "2025:10:02 09:00:00")).unwrap();
            }
            dir
        })
        .collect();
    // Make some photos representative so exports carry photos.
    assert!(cli(&data).args(["photos", "add"]).arg(&batches[0]).status().unwrap().success());
    {
        let mut store = Store::open(DataDir::at(&data)).unwrap();
        for p in photo::list(&store, 2025).unwrap() {
            photo::update(
                &mut store,
                &photo::PhotoEdit { id: p.id, caption: "Ảnh".into(), activity_id: None, representative: true },
            )
            .unwrap();
        }
    }

    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut rng = Rng(seed);
    let command = |round: usize| {
        let mut c = cli(&data);
        let what = match round % 4 {
            0 => {
                c.args(["photos", "add"]).arg(&batches[(round / 4 + 1).min(batches.len() - 1)]);
                "import"
            }
            1 => {
                c.args(["report", "export"]);
                "report"
            }
            2 => {
                c.arg("dossier");
                "dossier"
            }
            _ => {
                c.arg("backup");
                "backup"
            }
        };
        (c, what)
    };
    // How long each operation takes when left alone: kills land inside that span.
    let mut span = [Duration::ZERO; 4];
    for (kind, s) in span.iter_mut().enumerate() {
        let start = Instant::now();
        assert!(command(kind + 4).0.status().unwrap().success());
        *s = start.elapsed();
    }
    let mut killed = 0;
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        let (mut c, what) = command(round);
        let mut child = spawn_retrying(&mut c);
        let delay = Duration::from_micros(rng.below(span[round % 4].as_micros() as u64));
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();

        let mut problems = Vec::new();
        match Store::open(DataDir::at(&data)) {
            Ok(mut store) => {
                if !store.integrity_ok().unwrap_or(false) {
                    problems.push("integrity check failed".to_owned());
                }
                let missing = photo::missing_files(&store).unwrap();
                if !missing.is_empty() {
                    problems.push(format!("files missing: {missing:?}"));
                }
                tuanle::mail::outbox::recover(&mut store).unwrap();
                let sending: i64 =
                    store.conn().query_row("SELECT COUNT(*) FROM outbox WHERE state = 'sending'", [], |r| r.get(0)).unwrap();
                if sending > 0 {
                    problems.push("outbox left sending".into());
                }
            }
            Err(e) => problems.push(format!("reopen: {e}")),
        }
        whole_files(&data, &mut problems);
        if !problems.is_empty() {
            failures.push(format!("round {round} ({what}, killed after {delay:?}): {}", problems.join("; ")));
        }
    }
    println!("crash trials: {ROUNDS} rounds, {killed} killed mid-operation, {} failures (seed {seed})", failures.len());
    assert!(failures.is_empty(), "{failures:#?}");
}
