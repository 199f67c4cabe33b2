//! Helpers shared by the integration tests: open a .docx as zip + XML.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::Read;

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
            let name = file.name().expect("entry name").to_string();
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
