//! Arguments shared by many subcommands.

use std::path::PathBuf;

use clap::Args;
use tuanle::Result;
use tuanle::campaign::Campaign;
use tuanle::progress;
use tuanle::store::Store;

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

/// `--out FILE`: write there instead of the kept place in `exports/<year>/`.
#[derive(Args, Clone)]
pub struct OutArg {
    #[arg(long)]
    pub out: Option<PathBuf>,
}
