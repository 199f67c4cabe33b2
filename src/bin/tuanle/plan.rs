//! The plan (Kế hoạch) and the checks of the documents: the `tuanle` subcommands of that step.

use std::path::PathBuf;

use clap::Subcommand;
use tuanle::checks::Severity;
use tuanle::plan::{self, Plan};
use tuanle::{Error, Result};
use tuanle::{mail, report};

use crate::Ctx;
use crate::args::{OutArg, YearArg};
use crate::output::{document_text, findings_text, out};

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Planning {
    /// The plan (Kế hoạch) of a campaign.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Check a document of a campaign (the plan unless told); exit code 5 when an error is found.
    Check {
        #[command(flatten)]
        year: YearArg,
        /// What to check: the plan, the report (with the log's titles and the ceremony script), or
        /// the default message's subject and body.
        #[arg(long, value_enum, default_value = "plan")]
        document: Checked,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Checked {
    Plan,
    Report,
    Message,
}

pub fn run(command: Planning, ctx: Ctx) -> Result<()> {
    let Ctx { store, themes, json, today } = ctx;
    match command {
        Planning::Plan(PlanCommand::Show { year }) => {
            let c = year.campaign(store)?;
            let state = plan::state(store, themes, c.year, today)?;
            out(json, &state, || {
                let mut lines = vec![if state.saved { "Kế hoạch đã lưu." } else { "Bản nháp mặc định (chưa lưu)." }.to_owned()];
                lines.push(String::new());
                lines.push(document_text(&state.document));
                lines.push(findings_text(&state.findings));
                lines.join("\n")
            });
        }

        Planning::Plan(PlanCommand::Init { year }) => {
            let c = year.campaign(store)?;
            if plan::load(store, c.year)?.is_some() {
                return Err(Error::PlanExists(c.year));
            }
            let school = tuanle::school::require(store)?;
            let draft = plan::draft(&c, &school, themes, today)?;
            let saved = plan::save(store, &draft)?;
            out(json, &saved, || format!("Đã lưu bản nháp Kế hoạch năm {}.", saved.year));
        }

        Planning::Plan(PlanCommand::Import { file }) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let plan: Plan =
                serde_json::from_str(&text).map_err(|e| Error::DataFile { path: file.clone(), reason: e.to_string() })?;
            let saved = plan::save(store, &plan)?;
            out(json, &saved, || format!("Đã lưu Kế hoạch năm {}.", saved.year));
        }

        Planning::Plan(PlanCommand::Clone { from, year }) => {
            let report = plan::clone_from(store, themes, from, year)?;
            out(json, &report, || {
                format!(
                    "Đã tạo Kế hoạch năm {year} từ năm {from} ({} chỗ đã được chuyển sang năm mới).\n{}",
                    report.moved,
                    findings_text(&report.remaining)
                )
            });
        }

        Planning::Plan(PlanCommand::Export { year, out: target }) => {
            let c = year.campaign(store)?;
            let export = plan::export(store, themes, c.year, target.out)?;
            out(json, &export, || format!("Đã xuất: {}\n{}", export.path, findings_text(&export.findings)));
        }

        Planning::Check { year, document } => {
            let c = year.campaign(store)?;
            let findings = match document {
                Checked::Plan => plan::state(store, themes, c.year, today)?.findings,
                Checked::Report => report::state(store, c.year)?.findings,
                Checked::Message => mail::message::findings(&mail::message::draft(store, c.year)?, &c),
            };
            out(json, &findings, || findings_text(&findings));
            let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
            if errors > 0 {
                return Err(Error::ChecksFailed(errors));
            }
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// The plan (stored, or the default draft), its layout and its checks.
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    /// Store the default draft of a year's plan (fresh texts adapted to the year).
    Init {
        #[command(flatten)]
        year: YearArg,
    },
    /// Store a plan from a JSON file shaped like the `plan` of `plan show --json`.
    Import { file: PathBuf },
    /// Start a year's plan from another year's, and list what still names the old year.
    Clone {
        #[arg(long)]
        from: i32,
        #[arg(long)]
        year: i32,
    },
    /// Write the plan as .docx (default: exports/<year>/ in the data folder).
    Export {
        #[command(flatten)]
        year: YearArg,
        #[command(flatten)]
        out: OutArg,
    },
}
