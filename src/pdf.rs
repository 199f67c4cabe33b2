//! PDF of a produced .docx, made by an office suite already installed on the PC (LibreOffice).
//! The app ships none: when no converter is found the user gets a clear message (Word's
//! "Lưu thành PDF" does the same by hand). See ARCHITECTURE.md, "PDF".

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::store::write_file_atomic;
use crate::{Error, Result};

/// LibreOffice can stall on a broken profile; a report converts in a few seconds.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The LibreOffice program: `TUANLE_SOFFICE`, then `soffice` on the PATH, then the usual install
/// folders of Windows.
pub fn converter() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TUANLE_SOFFICE").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    let names = ["soffice", "soffice.exe", "soffice.com"];
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)));
    let installed = ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"]
        .iter()
        .filter_map(std::env::var_os)
        .map(|root| PathBuf::from(root).join("LibreOffice").join("program").join("soffice.exe"));
    on_path.chain(installed).find(|p| p.is_file())
}

/// Converts `docx` to `target` (a .pdf), atomically. The conversion runs in a private scratch
/// folder with its own LibreOffice profile, so an open LibreOffice window does not block it.
pub fn convert(docx: &Path, target: &Path) -> Result<()> {
    let soffice = converter().ok_or(Error::PdfUnavailable)?;
    let scratch = std::env::temp_dir().join(format!("tuanle-pdf-{}-{}", std::process::id(), nanos()));
    let fail = |reason: String| Error::PdfFailed(reason);
    std::fs::create_dir_all(&scratch).map_err(|e| fail(e.to_string()))?;
    let result = (|| {
        let mut child = Command::new(&soffice)
            .arg(format!("-env:UserInstallation={}", file_url(&scratch.join("profile"))))
            .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
            .arg(&scratch)
            .arg(docx)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| fail(e.to_string()))?;
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().map_err(|e| fail(e.to_string()))? {
                if !status.success() {
                    return Err(fail(format!("LibreOffice kết thúc với mã {status}")));
                }
                break;
            }
            if started.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail("LibreOffice không trả lời sau 2 phút".into()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let stem = docx.file_stem().unwrap_or_default();
        let produced = scratch.join(stem).with_extension("pdf");
        let bytes = std::fs::read(&produced).map_err(|_| fail("LibreOffice không tạo ra tệp PDF".into()))?;
        if !bytes.starts_with(b"%PDF") {
            return Err(fail("tệp tạo ra không phải PDF".into()));
        }
        write_file_atomic(target, &bytes)
    })();
    // The scratch folder is ours alone (profile and one converted copy).
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// `file:///C:/Users/...` on Windows, `file:///tmp/...` elsewhere.
fn file_url(path: &Path) -> String {
    let s = path.display().to_string().replace('\\', "/");
    if s.starts_with('/') { format!("file://{s}") } else { format!("file:///{s}") }
}

#[cfg(test)]
mod tests {
    use super::file_url;
    use std::path::Path;

    #[test]
    fn profile_urls_have_three_slashes() {
        assert_eq!(file_url(Path::new("/tmp/x")), "file:///tmp/x");
        assert_eq!(file_url(Path::new("C:\\Users\\a b")), "file:///C:/Users/a b");
    }
}
