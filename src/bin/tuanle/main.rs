//! `tuanle`: every job of Tuần Lễ Desk without a window (tests, power users, scripts).
//! Exit codes: 0 done, 1 failure, 2 wrong usage, 3 invalid input, 4 missing or conflicting data,
//! 5 the checks found errors.

mod args;
mod backup;
mod documents;
mod evidence;
mod output;
mod plan;
mod school;
mod sending;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand};
use tuanle::Result;
use tuanle::store::{DataDir, Store};
use tuanle::themes::Themes;

#[derive(Parser)]
#[command(name = "tuanle", version, about = "Tuần Lễ Desk: hồ sơ Tuần lễ hưởng ứng học tập suốt đời, không cần cửa sổ")]
struct Cli {
    /// Data folder (default: the user's app data folder, or TUANLE_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Print results and errors as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

/// What every subcommand works with: the open store, the themes, `--json`, today's date.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub themes: &'a Themes,
    pub json: bool,
    pub today: NaiveDate,
}

/// Every job, grouped as the app's steps are; the command line stays flat (`tuanle plan export`).
#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Setup(school::Setup),
    #[command(flatten)]
    Planning(plan::Planning),
    #[command(flatten)]
    Evidence(evidence::Evidence),
    #[command(flatten)]
    Documents(documents::Documents),
    #[command(flatten)]
    Sending(sending::Sending),
    #[command(flatten)]
    Backups(backup::Backups),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e.payload()).unwrap_or_else(|_| e.to_string()));
            } else {
                eprintln!("Lỗi: {e}");
                for f in e.fields() {
                    eprintln!("  - {}: {}", f.field, f.message);
                }
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let dir = DataDir::resolve(cli.data_dir)?;
    let json = cli.json;
    let command = match cli.command {
        Command::Backups(c) => return backup::run(c, dir, json),
        other => other,
    };
    let mut store = Store::open(dir)?;
    let themes = Themes::load(store.dir())?;
    let ctx = Ctx { store: &mut store, themes: &themes, json, today: Local::now().date_naive() };
    match command {
        Command::Setup(c) => school::run(c, ctx),
        Command::Planning(c) => plan::run(c, ctx),
        Command::Evidence(c) => evidence::run(c, ctx),
        Command::Documents(c) => documents::run(c, ctx),
        Command::Sending(c) => sending::run(c, ctx),
        Command::Backups(_) => Ok(()),
    }
}
