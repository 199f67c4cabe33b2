//! The one error type of the core. Its `Display` is the Vietnamese sentence the user sees;
//! `code()` is stable and meant for programs (CLI JSON, the UI). Never put a password in a message.

pub mod smtp;

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

pub type Result<T> = std::result::Result<T, Error>;

/// A problem with one field of a form, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), message: message.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Thông tin chưa hợp lệ: {}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "))]
    Validation(Vec<FieldError>),

    #[error(
        "Không tìm thấy thư mục dữ liệu của người dùng trên máy này. Hãy chỉ định thư mục bằng --data-dir hoặc biến TUANLE_DATA_DIR."
    )]
    NoDataDir,

    #[error("Không tạo hoặc ghi được vào thư mục dữ liệu «{path}»: {source}. Hãy kiểm tra quyền ghi và dung lượng ổ đĩa.")]
    DataDir { path: PathBuf, source: std::io::Error },

    #[error(
        "Tệp dữ liệu được tạo bởi phiên bản mới hơn của Tuần Lễ Desk (phiên bản dữ liệu {found}, ứng dụng này chỉ đọc được đến {supported}). Hãy cập nhật ứng dụng; dữ liệu của bạn không bị thay đổi."
    )]
    DatabaseTooNew { found: i64, supported: i64 },

    #[error("Ổ đĩa đã đầy nên không lưu được. Hãy giải phóng dung lượng rồi thử lại; dữ liệu đã lưu trước đó vẫn còn nguyên.")]
    DiskFull,

    #[error("Dữ liệu đang được một cửa sổ Tuần Lễ Desk khác sử dụng. Hãy đóng cửa sổ kia rồi thử lại.")]
    DatabaseBusy,

    #[error(
        "Tệp dữ liệu bị hỏng hoặc không phải tệp của Tuần Lễ Desk. Hãy khôi phục từ bản sao lưu; tệp hiện tại được giữ nguyên."
    )]
    DatabaseCorrupt,

    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(rusqlite::Error),

    #[error("Chưa có thông tin trường. Hãy nhập thông tin trường trước.")]
    NoSchool,

    #[error("Chưa có Tuần lễ năm {0}. Hãy tạo Tuần lễ của năm này trước.")]
    CampaignNotFound(i32),

    #[error("Chưa có Tuần lễ nào. Hãy tạo Tuần lễ của năm nay.")]
    NoCampaign,

    #[error("Tuần lễ năm {0} đã có; hãy sửa Tuần lễ đó thay vì tạo mới.")]
    CampaignExists(i32),

    #[error("Chỉ nạp được trường mẫu vào dữ liệu trống; dữ liệu hiện có được giữ nguyên.")]
    DemoNeedsEmptyStore,

    #[error("Tệp «{path}» không đọc được: {reason}")]
    DataFile { path: PathBuf, reason: String },

    #[error("Chưa có Kế hoạch năm {0}. Hãy lập và lưu kế hoạch trước.")]
    PlanNotFound(i32),

    #[error("Năm {0} đã có Kế hoạch; hãy sửa kế hoạch đó, dữ liệu hiện có được giữ nguyên.")]
    PlanExists(i32),

    #[error("Không tìm thấy hoạt động số {0} (có thể đã bị xóa).")]
    ActivityNotFound(i64),

    #[error("Không tìm thấy ảnh số {0}.")]
    PhotoNotFound(i64),

    #[error("Không đọc được ảnh «{path}»: {reason}")]
    PhotoFile { path: PathBuf, reason: String },

    #[error("Kiểm tra thấy {0} lỗi cần sửa trước khi gửi.")]
    ChecksFailed(usize),

    #[error("Không tạo được tệp văn bản Word: {0}")]
    DocumentWrite(String),

    #[error("Không tạo được bảng tính Excel: {0}")]
    WorkbookWrite(String),

    #[error("Không xử lý được ảnh (bản thu nhỏ hoặc bản dùng trong văn bản): {0}")]
    PhotoEncode(String),

    #[error("Không tạo được tệp sao lưu: {0}. Dữ liệu hiện tại được giữ nguyên.")]
    BackupWrite(String),

    #[error("Không đóng gói được hồ sơ (.zip): {0}. Các văn bản đã xuất vẫn còn nguyên.")]
    DossierWrite(String),

    #[error("Không soạn được thư: {0}. Thư chưa được đưa vào hộp thư đi.")]
    MessageBuild(String),

    #[error("Không ghi được dữ liệu ({0}). Hãy thử lại; những gì đã lưu trước đó vẫn còn nguyên.")]
    Encode(String),

    #[error("Một việc chạy nền bị dừng giữa chừng ({0}). Hãy thử lại; những gì đã lưu trước đó vẫn còn nguyên.")]
    Worker(String),

    #[error(
        "Máy này chưa có LibreOffice nên chưa tạo được PDF. Hãy cài LibreOffice (miễn phí), hoặc mở tệp .docx bằng Word và chọn Tệp → Lưu thành → PDF."
    )]
    PdfUnavailable,

    #[error("Không chuyển được sang PDF: {0}. Tệp .docx vẫn dùng được; hãy mở bằng Word và lưu thành PDF.")]
    PdfFailed(String),

    #[error("Bản sao lưu không dùng được: {0}. Dữ liệu hiện tại được giữ nguyên.")]
    BackupInvalid(String),

    #[error("Chưa cài đặt tài khoản gửi thư. Hãy vào bước Gửi → Tài khoản thư.")]
    NoMailAccount,

    #[error("Chưa có mật khẩu của tài khoản gửi thư. Hãy nhập mật khẩu (Gmail: mật khẩu ứng dụng) trong bước Gửi.")]
    NoPassword,

    #[error("Máy này không có kho mật khẩu dùng được ({0}). Mật khẩu chỉ được nhớ đến khi đóng ứng dụng; lần sau hãy nhập lại.")]
    Keychain(String),

    #[error(
        "Chưa có mã ứng dụng (Client ID) để đăng nhập bằng tài khoản {0}. Hãy nhập mã do Phòng/Sở hoặc người quản trị thư cấp vào ô «Mã ứng dụng» trong bước Gửi, hoặc đặt tệp oauth.json vào thư mục dữ liệu."
    )]
    OAuthNotConfigured(String),

    #[error("Chưa đăng nhập tài khoản {0} để gửi thư. Hãy bấm «Đăng nhập bằng {0}» trong bước Gửi.")]
    NotSignedIn(String),

    #[error(
        "Phiên đăng nhập tài khoản {0} đã hết hạn hoặc đã bị thu hồi. Hãy bấm «Đăng nhập lại» trong bước Gửi; thư vẫn nằm trong hộp thư đi và sẽ được gửi sau khi đăng nhập."
    )]
    SignInExpired(String),

    #[error("Không kết nối được máy chủ đăng nhập {0} (máy chưa có mạng?). Thư vẫn nằm trong hộp thư đi và sẽ tự gửi lại.")]
    OAuthUnreachable(String),

    #[error("Bạn đã từ chối cho phép gửi thư trong trang đăng nhập. Chưa đăng nhập.")]
    OAuthDenied,

    #[error("Đã chờ 5 phút mà trình duyệt chưa đăng nhập xong. Hãy bấm đăng nhập lại.")]
    OAuthTimeout,

    #[error("Không mở được trình duyệt. Hãy tự mở địa chỉ này trong trình duyệt để đăng nhập: {0}")]
    NoBrowser(String),

    /// Only the documents the app exported may be opened from the window.
    #[error("Chỉ mở được các văn bản đã xuất trong thư mục của ứng dụng; «{0}» không thuộc thư mục đó.")]
    NotAnExport(String),

    #[error(
        "Không dùng được thư mục «{}» để lưu văn bản ({source}). Hãy chọn thư mục khác, ví dụ trong Tài liệu (Documents); văn bản vẫn được lưu ở nơi cũ.",
        path.display()
    )]
    ExportFolder { path: PathBuf, source: std::io::Error },

    /// The window attaches only the exported documents and the files chosen in its dialog.
    #[error("Chỉ gửi kèm được các văn bản đã xuất và tệp chọn bằng «Đính kèm…»; «{0}» không thuộc số đó.")]
    NotAttachable(String),

    #[error("Không mở được «{0}». Hãy mở thư mục đó bằng File Explorer.")]
    OpenFailed(String),

    #[error("Đăng nhập không thành công ({0}). Hãy thử lại; nếu vẫn lỗi, hỏi người quản trị thư của trường.")]
    OAuthFailed(String),

    #[error("Thư nặng {size_mb} MB, vượt giới hạn {limit_mb} MB nên chưa gửi. Hãy bỏ bớt tệp đính kèm hoặc ảnh.")]
    MessageTooBig { size_mb: String, limit_mb: String },

    #[error(
        "Chưa gửi được vì văn bản đính kèm đã cũ so với dữ liệu hiện tại — {}. Hãy xuất lại văn bản (nút «Xuất lại» hoặc `tuanle send --reexport`) rồi gửi.",
        .0.join("; ")
    )]
    StaleDocuments(Vec<String>),

    #[error("Không tìm thấy thư số {0} trong hộp thư đi.")]
    OutboxNotFound(i64),

    #[error("Thư số {id} đang ở trạng thái «{state}» nên không làm được việc này.")]
    OutboxState { id: i64, state: String },

    #[error("{0}")]
    Smtp(smtp::SmtpProblem),

    #[error(
        "Không ghi được tệp «{path}»: {source}. Hãy kiểm tra dung lượng ổ đĩa, quyền ghi vào thư mục, và đóng tệp nếu đang mở trong Word."
    )]
    FileWrite { path: PathBuf, source: std::io::Error },

    #[error(
        "Không ghi được «{}» vì tệp đang mở trong Word (hoặc một chương trình khác). Hãy đóng tệp đó rồi bấm lại, hoặc lưu với tên khác. Tệp cũ vẫn còn nguyên.",
        path.display()
    )]
    FileInUse { path: PathBuf },

    /// A file chosen as the authority's statistics form that cannot be one; nothing was changed.
    #[error("Không dùng được tệp «{name}» làm mẫu số liệu: {reason} Mẫu đang dùng (nếu có) được giữ nguyên.")]
    FormUnreadable { name: String, reason: String },

    #[error("Năm {0} chưa có mẫu số liệu của cơ quan quản lý. Hãy nhập tệp mẫu (Excel .xlsx hoặc Word .docx) trước.")]
    NoForm(i32),

    #[error(
        "Chưa điền được mẫu số liệu: {} mục chưa có số liệu được xác nhận ({}). Hãy xác nhận gợi ý hoặc nhập số tay cho các mục đó.",
        .0.len(),
        .0.iter().take(3).map(|l| format!("«{l}»")).collect::<Vec<_>>().join(", ")
    )]
    FormUnsettled(Vec<String>),

    #[error(
        "Ô {0} của mẫu là công thức (Excel tự tính), ứng dụng không ghi đè lên công thức. Hãy chọn «Không điền» cho mục này."
    )]
    FormFormulaCell(String),
}

impl Error {
    /// Stable machine-readable code; never changes once shipped.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::NoDataDir => "no_data_dir",
            Error::DataDir { .. } => "data_dir",
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::DiskFull => "disk_full",
            Error::DatabaseBusy => "database_busy",
            Error::DatabaseCorrupt => "database_corrupt",
            Error::Database(_) => "database",
            Error::NoSchool => "no_school",
            Error::CampaignNotFound(_) => "campaign_not_found",
            Error::NoCampaign => "no_campaign",
            Error::CampaignExists(_) => "campaign_exists",
            Error::DemoNeedsEmptyStore => "demo_needs_empty_store",
            Error::DataFile { .. } => "data_file",
            Error::DocumentWrite(_) => "document_write",
            Error::WorkbookWrite(_) => "workbook_write",
            Error::PhotoEncode(_) => "photo_encode",
            Error::BackupWrite(_) => "backup_write",
            Error::DossierWrite(_) => "dossier_write",
            Error::MessageBuild(_) => "message_build",
            Error::Encode(_) => "encode",
            Error::Worker(_) => "worker",
            Error::PdfUnavailable => "pdf_unavailable",
            Error::BackupInvalid(_) => "backup_invalid",
            Error::NoMailAccount => "no_mail_account",
            Error::NoPassword => "no_password",
            Error::Keychain(_) => "keychain",
            Error::OAuthNotConfigured(_) => "oauth_not_configured",
            Error::NotSignedIn(_) => "not_signed_in",
            Error::SignInExpired(_) => "sign_in_expired",
            Error::OAuthUnreachable(_) => "oauth_unreachable",
            Error::OAuthDenied => "oauth_denied",
            Error::OAuthTimeout => "oauth_timeout",
            Error::NoBrowser(_) => "no_browser",
            Error::NotAnExport(_) => "not_an_export",
            Error::NotAttachable(_) => "not_attachable",
            Error::OpenFailed(_) => "open_failed",
            Error::ExportFolder { .. } => "export_folder",
            Error::OAuthFailed(_) => "oauth_failed",
            Error::MessageTooBig { .. } => "message_too_big",
            Error::StaleDocuments(_) => "stale_documents",
            Error::OutboxNotFound(_) => "outbox_not_found",
            Error::OutboxState { .. } => "outbox_state",
            Error::Smtp(p) => p.code(),
            Error::PdfFailed(_) => "pdf_failed",
            Error::PlanNotFound(_) => "plan_not_found",
            Error::PlanExists(_) => "plan_exists",
            Error::ChecksFailed(_) => "checks_failed",
            Error::ActivityNotFound(_) => "activity_not_found",
            Error::PhotoNotFound(_) => "photo_not_found",
            Error::PhotoFile { .. } => "photo_file",
            Error::FileWrite { .. } => "file_write",
            Error::FileInUse { .. } => "file_in_use",
            Error::FormUnreadable { .. } => "form_unreadable",
            Error::NoForm(_) => "no_form",
            Error::FormUnsettled(_) => "form_unsettled",
            Error::FormFormulaCell(_) => "form_formula_cell",
        }
    }

    /// Process exit code for the CLI: 3 bad input, 4 missing or conflicting data, 1 anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            // A file the user gave that cannot be read as what it claims is invalid input too.
            Error::Validation(_)
            | Error::NotAnExport(_)
            | Error::NotAttachable(_)
            | Error::DataFile { .. }
            | Error::FormUnreadable { .. }
            | Error::FormFormulaCell(_) => 3,
            Error::NoSchool
            | Error::CampaignNotFound(_)
            | Error::NoCampaign
            | Error::CampaignExists(_)
            | Error::DemoNeedsEmptyStore
            | Error::PlanNotFound(_)
            | Error::PlanExists(_)
            | Error::ActivityNotFound(_)
            | Error::PhotoNotFound(_)
            | Error::NoMailAccount
            | Error::NoPassword
            | Error::NotSignedIn(_)
            | Error::SignInExpired(_)
            | Error::OAuthNotConfigured(_)
            | Error::OutboxNotFound(_)
            | Error::StaleDocuments(_)
            | Error::NoForm(_)
            | Error::FormUnsettled(_)
            | Error::FileInUse { .. } => 4,
            Error::ChecksFailed(_) => 5,
            _ => 1,
        }
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            Error::Validation(fields) => fields,
            _ => &[],
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload { code: self.code().to_owned(), message: self.to_string(), fields: self.fields().to_vec() }
    }
}

impl From<serde_json::Error> for Error {
    /// Writing the app's own values as JSON: only an out-of-memory or a bug can fail it.
    fn from(e: serde_json::Error) -> Self {
        Error::Encode(e.to_string())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::DatabaseBusy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::DatabaseCorrupt,
            _ => Error::Database(e),
        }
    }
}

/// What the UI and `--json` receive for an error: `{code, message, fields}`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        e.payload()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_one_catch_all_has_a_code_and_a_sentence_of_its_own() {
        let cause = || "x".to_owned();
        let errors = [
            Error::DocumentWrite(cause()),
            Error::WorkbookWrite(cause()),
            Error::PhotoEncode(cause()),
            Error::BackupWrite(cause()),
            Error::DossierWrite(cause()),
            Error::MessageBuild(cause()),
            Error::Encode(cause()),
            Error::Worker(cause()),
        ];
        let codes: std::collections::BTreeSet<_> = errors.iter().map(Error::code).collect();
        assert_eq!(codes.len(), errors.len(), "{codes:?}");
        let sentences: std::collections::BTreeSet<_> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(sentences.len(), errors.len());
        for e in &errors {
            let text = e.to_string();
            assert!(!text.contains(e.code()), "no machine code in the sentence: {text}");
            assert!(text.starts_with("Không") || text.starts_with("Một"), "{text}");
        }
        let bad_json: serde_json::Error = serde_json::from_str::<i32>("x").unwrap_err();
        assert_eq!(Error::from(bad_json).code(), "encode");
    }
}
