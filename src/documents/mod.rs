//! Documents (the steps «Kế hoạch» and «Báo cáo»): the layout engine of Nghị định 30, the linter,
//! the plan, the ceremony script, the statistics and the authority's form of them, the report and the authority's outline of it,
//! the exported files, the hồ sơ and the PDF.

pub mod ceremony;
pub mod checks;
pub mod docs;
pub mod dossier;
pub mod exports;
pub mod form;
pub mod outline;
pub mod pdf;
pub mod plan;
pub mod report;
pub mod stats;
