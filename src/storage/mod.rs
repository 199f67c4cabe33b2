//! Storage: the data folder and its SQLite database with migrations, and backups.

pub mod backup;
pub mod store;
