//! What went wrong in an SMTP session (`mail::smtp` classifies lettre's errors into it): its
//! kind, whether retrying can help, and the Vietnamese sentence. It sits below `Error` so the
//! crate's error type does not depend on the mail module.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Network down, host unknown, port blocked, timeout: retry later.
    Unreachable,
    /// The server's certificate is not trusted, or TLS failed.
    Certificate,
    /// Wrong login or password.
    SignIn,
    /// Gmail/Microsoft want an app password or a modern sign-in.
    AppPassword,
    /// The server refused the recipient address.
    Recipient,
    /// The server refused the size of the message.
    TooBig,
    /// Another permanent refusal (5xx).
    Refused,
    /// A temporary refusal (4xx) or a connection lost before the server's reply: retry.
    Temporary,
}

#[derive(Debug, Clone)]
pub struct SmtpProblem {
    pub kind: ProblemKind,
    /// What the server or the network said, for the record (never contains the password).
    pub detail: String,
    pub(crate) account_host: String,
    /// The account signs in with Google/Microsoft (the advice differs from a password's).
    pub(crate) oauth: bool,
}

impl SmtpProblem {
    /// Retrying later cannot help: the user has to act.
    pub fn permanent(&self) -> bool {
        !matches!(self.kind, ProblemKind::Unreachable | ProblemKind::Temporary)
    }

    pub fn code(&self) -> &'static str {
        match self.kind {
            ProblemKind::Unreachable => "smtp_unreachable",
            ProblemKind::Certificate => "smtp_certificate",
            ProblemKind::SignIn => "smtp_sign_in",
            ProblemKind::AppPassword => "smtp_app_password",
            ProblemKind::Recipient => "smtp_recipient",
            ProblemKind::TooBig => "smtp_too_big",
            ProblemKind::Refused => "smtp_refused",
            ProblemKind::Temporary => "smtp_temporary",
        }
    }
}

impl fmt::Display for SmtpProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = &self.account_host;
        let text = match self.kind {
            ProblemKind::Unreachable => format!(
                "Không kết nối được máy chủ thư {host} (máy chưa có mạng, sai tên máy chủ hoặc cổng bị chặn). Thư được giữ trong hộp thư đi và sẽ tự gửi lại."
            ),
            ProblemKind::Certificate => format!(
                "Chứng chỉ bảo mật của máy chủ {host} không hợp lệ hoặc không được tin cậy. Hãy kiểm tra tên máy chủ; nếu Sở/Phòng dùng chứng chỉ riêng, hãy chọn tệp chứng chỉ trong cài đặt."
            ),
            ProblemKind::SignIn if self.oauth => "Máy chủ thư không nhận phiên đăng nhập này (có thể đã bị thu hồi hoặc tài khoản chưa được phép gửi thư qua SMTP). Hãy bấm «Đăng nhập lại»; thư chưa được gửi và không tự gửi lại.".to_owned(),
            ProblemKind::SignIn => {
                "Sai tên đăng nhập hoặc mật khẩu thư. Hãy nhập lại mật khẩu; thư chưa được gửi và không tự gửi lại.".to_owned()
            }
            ProblemKind::AppPassword => "Máy chủ thư yêu cầu mật khẩu ứng dụng (Gmail: Tài khoản Google → Bảo mật → Mật khẩu ứng dụng) hoặc đăng nhập bằng tài khoản Google/Microsoft. Thư chưa được gửi.".to_owned(),
            ProblemKind::Recipient => "Máy chủ từ chối địa chỉ người nhận. Hãy kiểm tra lại địa chỉ hộp thư của cơ quan nhận.".to_owned(),
            ProblemKind::TooBig => "Máy chủ từ chối vì thư quá lớn. Hãy bỏ bớt ảnh hoặc tệp đính kèm rồi gửi lại.".to_owned(),
            ProblemKind::Refused => "Máy chủ thư từ chối nhận thư. Xem chi tiết bên dưới hoặc hỏi người quản trị thư của trường.".to_owned(),
            ProblemKind::Temporary => "Máy chủ thư tạm thời chưa nhận thư. Thư được giữ trong hộp thư đi và sẽ tự gửi lại.".to_owned(),
        };
        write!(f, "{text}")?;
        if !self.detail.is_empty() {
            write!(f, " (Chi tiết: {})", self.detail)?;
        }
        Ok(())
    }
}
