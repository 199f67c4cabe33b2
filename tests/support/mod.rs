//! Helpers shared by the integration tests: open a .docx as zip + XML.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::Read;

pub mod host;

/// The text of every part of a .docx, by name.
pub struct Docx {
    pub parts: Vec<(String, String)>,
}

impl Docx {
    pub fn open(bytes: &[u8]) -> Self {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("zip entry");
            let name = file.name().to_string();
            let mut text = String::new();
            if name.ends_with(".xml") || name.ends_with(".rels") {
                file.read_to_string(&mut text).expect("UTF-8 XML");
                parts.push((name, text));
            }
        }
        Self { parts }
    }

    pub fn part(&self, name: &str) -> &str {
        &self.parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no part {name}")).1
    }

    /// Every XML part parses (a broken part is what makes Word ask to repair a file).
    pub fn assert_all_xml_valid(&self) {
        for (name, text) in &self.parts {
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{name} is not valid XML: {e}");
            }
        }
    }

    /// The paragraphs of document.xml as plain text, in order (table cells included).
    pub fn paragraphs(&self) -> Vec<String> {
        let doc = roxmltree::Document::parse(self.part("word/document.xml")).expect("XML");
        doc.descendants()
            .filter(|n| n.has_tag_name((W, "p")))
            .map(|p| p.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect::<String>())
            .collect()
    }
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The `w:` attribute `name` of the first element `tag` in `xml`.
pub fn attr(xml: &str, tag: &str, name: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let node = doc.descendants().find(|n| n.has_tag_name((W, tag)))?;
    node.attribute((W, name)).map(str::to_owned)
}

/// A JPEG of `img` carrying an EXIF block with `orientation` and the moment it was "taken"
/// ("2025:10:01 08:15:00"), built by hand so tests control every byte.
pub fn jpeg_with_exif(img: &image::RgbImage, orientation: u16, taken: &str) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 92).encode_image(img).expect("encode");
    let mut t: Vec<u8> = Vec::new();
    t.extend(b"II*\0");
    t.extend(8u32.to_le_bytes());
    // IFD0 at 8: Orientation and the pointer to the Exif IFD.
    t.extend(2u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes());
    t.extend(3u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(u32::from(orientation).to_le_bytes());
    let exif_ifd: u32 = 8 + 2 + 2 * 12 + 4;
    t.extend(0x8769u16.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    t.extend(1u32.to_le_bytes());
    t.extend(exif_ifd.to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // Exif IFD: DateTimeOriginal, 20 ASCII bytes stored right after it.
    t.extend(1u16.to_le_bytes());
    t.extend(0x9003u16.to_le_bytes());
    t.extend(2u16.to_le_bytes());
    t.extend(20u32.to_le_bytes());
    t.extend((exif_ifd + 2 + 12 + 4).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(taken.as_bytes());
    t.push(0);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(app1.len() + 2).expect("small").to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// Left half red, right half blue.
pub fn red_blue(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, _| if x < w / 2 { image::Rgb([220, 20, 20]) } else { image::Rgb([20, 20, 220]) })
}

pub fn is_red(p: &image::Rgb<u8>) -> bool {
    p[0] > 150 && p[2] < 100
}

pub fn is_blue(p: &image::Rgb<u8>) -> bool {
    p[2] > 150 && p[0] < 100
}

/// Starts `command`, trying again a few times: under Wine a process started right after another
/// was killed is now and then refused with «Internal error» (1359), which is not what the crash
/// tests are about. A failure that stays is still a failure.
pub fn spawn_retrying(command: &mut std::process::Command) -> std::process::Child {
    let mut last = None;
    for _ in 0..5 {
        match command.spawn() {
            Ok(child) => return child,
            Err(e) => {
                last = Some(e);
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
        }
    }
    panic!("could not start {command:?}: {last:?}");
}

/// What `command` printed and how it ended, like `Command::output`, started by `spawn_retrying`.
pub fn output_retrying(command: &mut std::process::Command) -> std::process::Output {
    use std::process::Stdio;
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    spawn_retrying(command).wait_with_output().expect("the process's output")
}
