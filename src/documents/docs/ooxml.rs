//! Reading the parts of the Office files the school receives (.docx, .xlsx are zip packages of
//! XML): a part's text, and the WordprocessingML names the readers of forms and outlines share.

use std::io::{Cursor, Read};

/// Why a file cannot be read, in words for the secretary.
pub type Refusal = String;

/// The largest part read: far above any letter or form, below what would exhaust memory.
const PART_LIMIT: u64 = 100 * 1024 * 1024;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// An Office package (.docx, .xlsx): a zip.
pub fn is_package(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// An OLE container: an Office 97-2003 file (.doc, .xls) or a package saved with a password.
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

pub fn broken() -> Refusal {
    "tệp bị hỏng hoặc chưa tải về hết. Hãy tải lại tệp từ thư của cơ quan quản lý.".into()
}

/// The text of a part of a package.
pub fn part(bytes: &[u8], name: &str) -> Result<String, Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken())?;
    let mut file = zip.by_name(name).map_err(|_| broken())?;
    if file.size() > PART_LIMIT {
        return Err(broken());
    }
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|_| broken())?;
    Ok(text)
}

/// Whether `n` is the WordprocessingML element `name` («p», «tbl», …).
pub fn is_w(n: roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

pub fn child_w<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| is_w(*c, name))
}

/// The `w:val` attribute.
pub fn w_val<'a>(n: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    n.attribute((W, "val"))
}
