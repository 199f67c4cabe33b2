//! Core of Tuần Lễ Desk: the school profile, the yearly campaign, evidence, documents, sending, storage.
//! This crate never depends on Tauri or any UI: the CLI and the desktop shell both call it.
#![forbid(unsafe_code)]

pub mod activity;
pub mod authority;
pub mod backup;
pub mod campaign;
pub mod ceremony;
pub mod checks;
pub mod demo;
pub mod docs;
pub mod dossier;
pub mod email;
pub mod error;
pub mod exports;
pub mod launch;
pub mod mail;
pub mod money;
pub mod pdf;
pub mod photo;
pub mod plan;
pub mod progress;
pub mod report;
pub mod school;
pub mod stats;
pub mod store;
pub mod text;
pub mod themes;

pub use error::{Error, ErrorPayload, FieldError, Result};
