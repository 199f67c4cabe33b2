//! Evidence (the steps «Hoạt động» and «Minh chứng»): the log of the week's activities and their
//! photos.

pub mod activity;
pub mod matching;
pub mod pasted;
pub mod photo;
