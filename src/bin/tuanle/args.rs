//! Arguments shared by many subcommands.

use std::path::PathBuf;

use clap::Args;
use tuanle::campaign::Campaign;
use tuanle::progress;
use tuanle::store::Store;
use tuanle::{Error, Result};

/// `--year`: the campaign to work on (default: this year's, else the latest).
#[derive(Args, Clone, Copy)]
pub struct YearArg {
    #[arg(long)]
    pub year: Option<i32>,
}

impl YearArg {
    pub fn campaign(self, store: &Store) -> Result<Campaign> {
        progress::pick_campaign(store, self.year)
    }
}

/// The text of a FILE argument: the file, or standard input for "-" or no argument.
pub fn read_text(file: Option<&str>) -> Result<String> {
    match file {
        None | Some("-") => {
            std::io::read_to_string(std::io::stdin()).map_err(|e| Error::DataFile { path: "-".into(), reason: e.to_string() })
        }
        Some(f) => std::fs::read_to_string(f).map_err(|e| Error::DataFile { path: f.into(), reason: e.to_string() }),
    }
}

/// `--out FILE`: write there instead of the kept place in `exports/<year>/`.
#[derive(Args, Clone)]
pub struct OutArg {
    #[arg(long)]
    pub out: Option<PathBuf>,
}
