//! Core of Tuần Lễ Desk: the school profile, the yearly campaign, evidence, documents, sending, storage.
//! This crate never depends on Tauri or any UI: the CLI and the desktop shell both call it.
//!
//! The folders follow the app's steps (`year`, `evidence`, `documents`, `mail`) above `storage` and
//! the foundation files; each module is also re-exported at the crate root (`crate::plan`), the
//! one path the code uses.
#![forbid(unsafe_code)]

pub mod documents;
pub mod email;
pub mod error;
pub mod evidence;
pub mod launch;
pub mod mail;
pub mod money;
pub mod progress;
pub mod storage;
pub mod text;
pub mod year;

pub use documents::{ceremony, checks, docs, dossier, exports, form, outline, pdf, plan, report, stats};
pub use error::{Error, ErrorPayload, FieldError, Result};
pub use evidence::{activity, matching, pasted, photo};
pub use storage::{backup, store};
pub use year::{authority, campaign, demo, school, themes};
