//! The school, its campaigns and the state of the steps: the `tuanle` subcommands of that step.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use tuanle::campaign::{self, Campaign};
use tuanle::school::{self, SchoolProfile, SignerTitle};
use tuanle::themes::Themes;
use tuanle::{Result, demo, progress};

use crate::Ctx;
use crate::args::YearArg;
use crate::output::out;

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Setup {
    /// Create the data folder and database (safe to run again).
    Init,
    /// The school profile.
    #[command(subcommand)]
    School(SchoolCommand),
    /// The campaigns (one per year).
    #[command(subcommand)]
    Campaign(CampaignCommand),
    /// The steps of a campaign and the days left to the report deadline.
    Status {
        #[command(flatten)]
        year: YearArg,
    },
    /// Known themes and dates by year.
    Themes,
    /// Load a demo school and its 2025 campaign into an empty data folder.
    Demo,
}

pub fn run(command: Setup, ctx: Ctx) -> Result<()> {
    let Ctx { store, themes, json, today } = ctx;
    match command {
        Setup::Init => {
            #[derive(Serialize)]
            struct Init {
                data_dir: String,
                schema_version: i64,
            }
            let info = Init { data_dir: store.dir().root().display().to_string(), schema_version: store.schema_version()? };
            out(json, &info, || format!("Thư mục dữ liệu: {}\nPhiên bản dữ liệu: {}", info.data_dir, info.schema_version));
        }

        Setup::School(SchoolCommand::Show) => {
            let p = school::require(store)?;
            out(json, &p, || school_text(&p));
        }

        Setup::School(SchoolCommand::Set(f)) => {
            let base = school::load(store)?.unwrap_or_default();
            let merged = SchoolProfile {
                name: f.name.unwrap_or(base.name),
                authority_line: f.authority_line.unwrap_or(base.authority_line),
                abbreviation: f.abbreviation.unwrap_or(base.abbreviation),
                place_name: f.place.unwrap_or(base.place_name),
                signer_name: f.signer_name.unwrap_or(base.signer_name),
                signer_title: f.signer_title.unwrap_or(base.signer_title),
                signing_body: f.signing_body.unwrap_or(base.signing_body),
                signing_role: f.signing_role.unwrap_or(base.signing_role),
                email: f.email.unwrap_or(base.email),
            };
            let p = school::save(store, &merged)?;
            out(json, &p, || format!("Đã lưu thông tin trường.\n{}", school_text(&p)));
        }

        Setup::Campaign(CampaignCommand::New(f)) => {
            let base = campaign::draft(f.year, themes, school::load(store)?.as_ref())?.campaign;
            let c = campaign::create(store, &merge(base, f))?;
            out(json, &c, || format!("Đã tạo Tuần lễ năm {}.\n{}", c.year, campaign_text(&c, themes)));
        }

        Setup::Campaign(CampaignCommand::Set(f)) => {
            let base = campaign::get(store, f.year)?;
            let c = campaign::update(store, &merge(base, f))?;
            out(json, &c, || format!("Đã lưu Tuần lễ năm {}.\n{}", c.year, campaign_text(&c, themes)));
        }

        Setup::Campaign(CampaignCommand::Show { year }) => {
            let c = year.campaign(store)?;
            out(json, &c, || campaign_text(&c, themes));
        }

        Setup::Campaign(CampaignCommand::List) => {
            let years = campaign::years(store)?;
            out(json, &years, || {
                if years.is_empty() {
                    "Chưa có Tuần lễ nào.".to_owned()
                } else {
                    years.iter().map(|y| format!("Tuần lễ năm {y}")).collect::<Vec<_>>().join("\n")
                }
            });
        }

        Setup::Status { year } => {
            let c = year.campaign(store)?;
            let o = progress::overview(store, themes, Some(c.year), today)?;
            out(json, &o, || {
                let mut lines = vec![format!("Tuần lễ năm {}", c.year)];
                for s in &o.steps {
                    lines.push(format!("  {}: {}", s.label, s.state.label()));
                }
                lines.extend(o.deadline_sentence.clone());
                lines.extend(o.warnings.iter().map(|w| format!("Lưu ý: {w}")));
                lines.join("\n")
            });
        }

        Setup::Themes => {
            let all = themes.all();
            out(json, &all, || {
                all.iter()
                    .map(|y| {
                        format!(
                            "{}: {} ({} – {})",
                            y.year,
                            y.theme.as_deref().unwrap_or("chủ đề chưa xác nhận, nhập theo công văn"),
                            y.week_start.format("%d/%m/%Y"),
                            y.week_end.format("%d/%m/%Y")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }

        Setup::Demo => {
            let (p, c) = demo::load(store, themes)?;
            #[derive(Serialize)]
            struct Demo<'a> {
                school: &'a SchoolProfile,
                campaign: &'a Campaign,
            }
            out(json, &Demo { school: &p, campaign: &c }, || format!("Đã nạp trường mẫu: {} (Tuần lễ năm {}).", p.name, c.year));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum SchoolCommand {
    Show,
    /// Set some or all fields; fields not given keep their stored value.
    Set(SchoolFields),
}

#[derive(Args)]
pub struct SchoolFields {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    authority_line: Option<String>,
    #[arg(long)]
    abbreviation: Option<String>,
    #[arg(long)]
    place: Option<String>,
    #[arg(long)]
    signer_name: Option<String>,
    /// principal | deputy_for_principal | deputy_in_charge | acting | on_behalf
    #[arg(long, value_parser = parse_title)]
    signer_title: Option<SignerTitle>,
    /// With --signer-title on_behalf: the collective body that issues ("Ban Chỉ đạo")
    #[arg(long)]
    signing_body: Option<String>,
    /// With --signer-title on_behalf: the signer's role in it ("Trưởng ban")
    #[arg(long)]
    signing_role: Option<String>,
    #[arg(long)]
    email: Option<String>,
}

#[derive(Subcommand)]
pub enum CampaignCommand {
    /// Create the campaign of a year; unspecified fields come from the known themes and presets.
    New(CampaignFields),
    /// Change fields of an existing campaign.
    Set(CampaignFields),
    Show {
        #[command(flatten)]
        year: YearArg,
    },
    List,
}

#[derive(Args)]
pub struct CampaignFields {
    #[arg(long)]
    year: i32,
    #[arg(long)]
    theme: Option<String>,
    #[arg(long)]
    week_start: Option<NaiveDate>,
    #[arg(long)]
    week_end: Option<NaiveDate>,
    #[arg(long)]
    opening: Option<NaiveDate>,
    #[arg(long)]
    authority_name: Option<String>,
    #[arg(long)]
    authority_email: Option<String>,
    #[arg(long)]
    deadline: Option<NaiveDate>,
}

fn parse_title(s: &str) -> std::result::Result<SignerTitle, String> {
    SignerTitle::parse(s).ok_or_else(|| "principal | deputy_for_principal | deputy_in_charge | acting | on_behalf".to_owned())
}

fn merge(base: Campaign, f: CampaignFields) -> Campaign {
    Campaign {
        year: f.year,
        theme: f.theme.unwrap_or(base.theme),
        week_start: f.week_start.unwrap_or(base.week_start),
        week_end: f.week_end.unwrap_or(base.week_end),
        opening_date: f.opening.unwrap_or(base.opening_date),
        authority_name: f.authority_name.unwrap_or(base.authority_name),
        authority_email: f.authority_email.unwrap_or(base.authority_email),
        report_deadline: f.deadline.unwrap_or(base.report_deadline),
    }
}

fn school_text(p: &SchoolProfile) -> String {
    format!(
        "Trường: {}\nCơ quan chủ quản: {}\nKý hiệu: {}\nĐịa danh: {}\nNgười ký: {} ({})\nEmail: {}",
        p.name,
        p.authority_line,
        p.abbreviation,
        p.place_name,
        p.signer_name,
        p.signature_lines().join(" / "),
        p.email
    )
}

fn campaign_text(c: &Campaign, themes: &Themes) -> String {
    let d = |x: NaiveDate| x.format("%d/%m/%Y").to_string();
    let mut s = format!(
        "Năm: {}\nChủ đề: “{}”\nThời gian: {} – {}\nKhai mạc: {}\nNơi nhận báo cáo: {} <{}>\nHạn nộp: {}",
        c.year,
        c.theme,
        d(c.week_start),
        d(c.week_end),
        d(c.opening_date),
        c.authority_name,
        c.authority_email,
        d(c.report_deadline)
    );
    for w in c.warnings(themes) {
        s.push_str(&format!("\nLưu ý: {w}"));
    }
    s
}
