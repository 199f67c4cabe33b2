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
    let path = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    let roots: Vec<PathBuf> =
        ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"].iter().filter_map(std::env::var_os).map(PathBuf::from).collect();
    find_converter(&path, &roots)
}

/// `soffice` in one of the `path` folders, else `<root>\LibreOffice*\program\soffice.exe` under
/// a Program Files root: "LibreOffice" (7.x and later), else the highest numbered folder
/// ("LibreOffice 5", "LibreOffice 4.4"), as older versions and side-by-side installs name it.
fn find_converter(path: &[PathBuf], roots: &[PathBuf]) -> Option<PathBuf> {
    let names = ["soffice", "soffice.exe", "soffice.com"];
    let on_path = path.iter().flat_map(|dir| names.iter().map(move |n| dir.join(n)));
    let installed = roots.iter().flat_map(|root| {
        let mut folders: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().to_lowercase();
                let rest = name.strip_prefix("libreoffice")?;
                let version: Vec<u32> = rest.trim().split('.').filter_map(|n| n.parse().ok()).collect();
                (rest.is_empty() || !version.is_empty()).then(|| (version, entry.path()))
            })
            .collect();
        // The unnumbered folder first (the current installer's), then the newest version.
        folders.sort_by(|a, b| a.0.is_empty().cmp(&b.0.is_empty()).reverse().then(b.0.cmp(&a.0)));
        folders.into_iter().map(|(_, dir)| dir.join("program").join("soffice.exe"))
    });
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
    use super::{file_url, find_converter};
    use std::path::{Path, PathBuf};

    fn fake_install(root: &Path, folder: &str) -> PathBuf {
        let program = root.join(folder).join("program");
        std::fs::create_dir_all(&program).unwrap();
        std::fs::write(program.join("soffice.exe"), b"MZ").unwrap();
        program.join("soffice.exe")
    }

    #[test]
    fn libreoffice_is_found_in_the_program_files_folders_of_windows() {
        let tmp = tempfile::tempdir().unwrap();
        let (x64, x86) = (tmp.path().join("Program Files"), tmp.path().join("Program Files (x86)"));
        std::fs::create_dir_all(x64.join("LibreOffice Portable Notes")).unwrap();
        assert_eq!(find_converter(&[], &[x64.clone(), x86.clone()]), None);
        // An old 32-bit install under a numbered folder.
        let old = fake_install(&x86, "LibreOffice 5");
        assert_eq!(find_converter(&[], &[x64.clone(), x86.clone()]), Some(old.clone()));
        let newer = fake_install(&x86, "LibreOffice 24.2");
        fake_install(&x86, "LibreOffice 4.4");
        assert_eq!(find_converter(&[], std::slice::from_ref(&x86)), Some(newer.clone()));
        // The current installer's folder in the 64-bit Program Files wins.
        let current = fake_install(&x64, "LibreOffice");
        assert_eq!(find_converter(&[], &[x64.clone(), x86.clone()]), Some(current));
        // A folder on the PATH comes first.
        let on_path = tmp.path().join("bin");
        std::fs::create_dir_all(&on_path).unwrap();
        std::fs::write(on_path.join("soffice.exe"), b"MZ").unwrap();
        assert_eq!(find_converter(std::slice::from_ref(&on_path), &[x64]), Some(on_path.join("soffice.exe")));
        assert_eq!(find_converter(&[tmp.path().join("none")], &[x86]), Some(newer));
        assert!(old.is_file(), "the older install is left as it is");
    }

    #[test]
    fn profile_urls_have_three_slashes() {
        assert_eq!(file_url(Path::new("/tmp/x")), "file:///tmp/x");
        assert_eq!(file_url(Path::new("C:\\Users\\a b")), "file:///C:/Users/a b");
    }
}
