//! The year and the school (the app's first screens): who issues the documents, the known themes
//! and dates of each year, the authority that receives the report, the campaign of a year, and the
//! demo school.

pub mod authority;
pub mod campaign;
pub mod demo;
pub mod school;
pub mod themes;
